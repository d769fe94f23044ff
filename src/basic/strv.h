/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "cleanup.h"

/* NULL-terminated string vectors. A NULL strv is a valid empty vector. */
char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
#define _cleanup_strv_free_ _cleanup_(strv_freep)

size_t strv_length(char *const *l);
bool strv_contains(char *const *l, const char *s);
char **strv_copy(char *const *l);
/* Appends a copy of s; returns 0 or -ENOMEM. */
int strv_extend(char ***l, const char *s);
/* Takes ownership of s (freed on failure). */
int strv_push(char ***l, char *s);
/* strv_push() for a vector being built whose length *n and number of slots *cap (0 for a NULL
 * vector) the caller tracks: grows geometrically instead of scanning and reallocating per item.
 * Takes ownership of s (freed on failure). The result is an ordinary strv. */
int strv_push_n(char ***l, size_t *n, size_t *cap, char *s);
int strv_extend_strv(char ***a, char *const *b);
/* Removes every element equal to s; returns how many were removed. */
size_t strv_remove(char **l, const char *s);
char *strv_join(char *const *l, const char *sep);
void strv_sort(char **l);
char **strv_uniq(char **l);
bool strv_equal(char *const *a, char *const *b);

#define STRV_FOREACH(s, l) for (char *const *s = (l); s && *s; s++)
#define STRV_MAKE(...)     ((char *const[]){__VA_ARGS__, NULL})
