/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "dir-cache.h"

/* Unit search path and drop-in discovery with systemd 252's precedence rules. */

/* The system (or user) unit search path below root, highest priority first. */
char **unit_search_path(const char *root, bool user);

/* Finds the fragment for name: the extra_dir (a unit path argument's own directory) first, then
 * the search path. For instances the template's fragment is used. *ret_fragment is NULL when
 * only drop-ins exist. *ret_masked is set for symlinks to /dev/null and empty files. */
int unit_find_fragment(const char *name, const char *extra_dir, char *const *search_path,
                       char **ret_fragment, bool *ret_masked);

/* Collects drop-in files for name ("foo-bar@i.service") from every directory of the search path
 * (and extra_dir first): NAME.d, template NAME@.d, dash-prefix "foo-.service.d", type-wide
 * "service.d". Only *.conf; files sorted by name across directories; a same-named file in a
 * higher priority directory (or more specific unit) shadows lower ones; /dev/null symlinks mask. */
int unit_find_dropins(const char *name, const char *extra_dir, char *const *search_path,
                      char ***ret_paths);

/* The same with a per-invocation directory cache (may be NULL): each directory is listed once and
 * only drop-in directories that exist are opened. Same results as without. */
/* ret_unchecked (may be NULL): set when the listing says the fragment is a regular file and its
 * emptiness (a mask) was not checked, left to the caller who reads it anyway. */
int unit_find_fragment_cached(const char *name, const char *extra_dir, char *const *search_path,
                              DirCache *cache, char **ret_fragment, bool *ret_masked,
                              bool *ret_unchecked);
int unit_find_dropins_cached(const char *name, const char *extra_dir, char *const *search_path,
                             DirCache *cache, char ***ret_paths);
