/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A small, strict JSON (RFC 8259) reader producing a tree. Limits: nesting depth, input size and
 * element counts are bounded; errors report line:column. Used for --security-policy files and
 * cordon's own baseline JSON. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_PARSE_DEPTH_MAX 64
#define JSON_PARSE_SIZE_MAX  (16u * 1024u * 1024u)

typedef enum JsonType {
        JSON_NULL,
        JSON_BOOLEAN,
        JSON_NUMBER,
        JSON_STRING,
        JSON_ARRAY,
        JSON_OBJECT,
} JsonType;

typedef struct JsonValue JsonValue;
struct JsonValue {
        JsonType type;
        bool boolean;
        double number;
        bool is_unsigned; /* number is an integer in [0, UINT64_MAX] */
        uint64_t u;       /* valid when is_unsigned */
        char *string;     /* JSON_STRING, NUL-terminated (embedded NULs rejected) */
        /* JSON_ARRAY and JSON_OBJECT: n children; objects also have keys[i]. */
        JsonValue **items;
        char **keys;
        size_t n;
};

/* Parses data[0..size). On error returns -EINVAL (syntax) / -E2BIG (limits) / -ENOMEM and sets the
 * line and column (1-based) of the offending byte when non-NULL. */
int json_parse(const char *data, size_t size, JsonValue **ret, unsigned *ret_line,
               unsigned *ret_column);
JsonValue *json_value_free(JsonValue *v);

/* The first member named key of an object, or NULL (also for non-objects). */
const JsonValue *json_object_get(const JsonValue *v, const char *key);
static inline bool json_is_object(const JsonValue *v)
{
        return v && v->type == JSON_OBJECT;
}
