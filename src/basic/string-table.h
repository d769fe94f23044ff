/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <string.h>
#include <sys/types.h>

#include "macro.h"

/* Enum <-> string tables. Every unit-file enum has _X_MAX and _X_INVALID = -EINVAL. */
ssize_t string_table_lookup(const char *const *table, size_t len, const char *key);

#define DECLARE_STRING_TABLE_LOOKUP(name, type)                                                    \
        const char *name##_to_string(type i) _const_;                                              \
        type name##_from_string(const char *s) _pure_

#define DEFINE_STRING_TABLE_LOOKUP(name, type)                                                     \
        const char *name##_to_string(type i)                                                       \
        {                                                                                          \
                if ((int) i < 0 || (size_t) i >= ELEMENTSOF(name##_table))                         \
                        return NULL;                                                               \
                return name##_table[i];                                                            \
        }                                                                                          \
        type name##_from_string(const char *s)                                                     \
        {                                                                                          \
                return (type) string_table_lookup(name##_table, ELEMENTSOF(name##_table), s);      \
        }
