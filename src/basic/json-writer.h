/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "strbuf.h"

/* A tiny streaming JSON writer: callers emit tokens in order, the writer inserts commas
 * and (for pretty output) newlines and indentation. Strings are escaped per RFC 8259. */
typedef struct JsonWriter {
        StrBuf *out;
        bool pretty;
        unsigned depth;
        bool need_comma[64];
        bool after_key;
} JsonWriter;

void json_init(JsonWriter *w, StrBuf *out, bool pretty);
void json_begin_object(JsonWriter *w);
void json_end_object(JsonWriter *w);
void json_begin_array(JsonWriter *w);
void json_end_array(JsonWriter *w);
void json_key(JsonWriter *w, const char *key);
void json_string(JsonWriter *w, const char *s); /* NULL → null */
void json_int(JsonWriter *w, int64_t v);
void json_uint(JsonWriter *w, uint64_t v);
void json_bool(JsonWriter *w, bool v);
void json_null(JsonWriter *w);
/* Emits pre-rendered JSON verbatim as one value. */
void json_raw(JsonWriter *w, const char *raw);
/* Appends s as a quoted, escaped JSON string. */
void json_escape(StrBuf *out, const char *s);
