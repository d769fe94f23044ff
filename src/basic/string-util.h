/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

#define WHITESPACE        " \t\n\r"
#define NEWLINE           "\n\r"
#define DIGITS            "0123456789"
#define LOWERCASE_LETTERS "abcdefghijklmnopqrstuvwxyz"
#define UPPERCASE_LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#define LETTERS           LOWERCASE_LETTERS UPPERCASE_LETTERS
#define ALPHANUMERICAL    LETTERS DIGITS

/* Returns a pointer just past the prefix, or NULL. */
char *startswith(const char *s, const char *prefix) _pure_;
char *startswith_no_case(const char *s, const char *prefix) _pure_;
char *endswith(const char *s, const char *suffix) _pure_;
/* Strips leading and trailing whitespace in place; returns s advanced past leading ws. */
char *strstrip(char *s);
/* Strips trailing whitespace in place. */
char *delete_trailing_chars(char *s, const char *bad);
char *ascii_strlower(char *s);
char *ascii_strupper(char *s);
int ascii_strcasecmp(const char *a, const char *b) _pure_;
bool in_charset(const char *s, const char *charset) _pure_;
/* Concatenates NULL-terminated list of strings into a new allocation. */
char *strjoin_real(const char *x, ...) __attribute__((sentinel));
#define strjoin(a, ...) strjoin_real((a), __VA_ARGS__, NULL)
/* Appends to *x (realloc); returns 0 or -ENOMEM. */
int strextend_real(char **x, ...) __attribute__((sentinel));
#define strextend(x, ...) strextend_real((x), __VA_ARGS__, NULL)
char *strndup_safe(const char *s, size_t n);
/* Damerau-Levenshtein-free plain Levenshtein distance (for "did you mean"). */
size_t string_distance(const char *a, const char *b);
