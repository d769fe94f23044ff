/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF). Returns the offset
 * of the first invalid byte, or (size_t) -1 when the buffer is valid. */
size_t utf8_first_invalid(const char *s, size_t n);
static inline bool utf8_is_valid_n(const char *s, size_t n)
{
        return utf8_first_invalid(s, n) == (size_t) -1;
}
bool utf8_is_valid(const char *s);
