/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "macro.h"

static inline bool path_is_absolute(const char *p)
{
        return p && p[0] == '/';
}
/* No "//", no "." or ".." components, no trailing slash (except "/"). */
bool path_is_normalized(const char *p) _pure_;
/* Absolute, normalized, <= PATH_MAX. */
bool path_is_valid(const char *p) _pure_;
/* Collapses "//" and "/./" and drops a trailing "/" in place; keeps "..". */
char *path_simplify(char *p);
char *path_join(const char *a, const char *b);
/* Returns the rest after prefix (component-wise), or NULL. "/a/b" starts with "/a". */
const char *path_startswith(const char *path, const char *prefix) _pure_;
bool path_equal(const char *a, const char *b) _pure_;
/* Last component (pointer into p); "" for "/". */
const char *path_basename(const char *p) _pure_;
/* Returns a newly allocated dirname. */
char *path_dirname(const char *p);
bool filename_is_valid(const char *p) _pure_;
