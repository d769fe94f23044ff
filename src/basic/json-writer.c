/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-writer.h"

#include <inttypes.h>
#include <string.h>

void json_init(JsonWriter *w, StrBuf *out, bool pretty)
{
        *w = (JsonWriter){.out = out, .pretty = pretty};
}

static void indent(JsonWriter *w)
{
        if (!w->pretty)
                return;
        strbuf_putc(w->out, '\n');
        for (unsigned i = 0; i < w->depth; i++)
                strbuf_puts(w->out, "\t");
}

static void before_value(JsonWriter *w)
{
        if (w->after_key) {
                w->after_key = false;
                return;
        }
        if (w->depth > 0) {
                if (w->need_comma[w->depth])
                        strbuf_putc(w->out, ',');
                w->need_comma[w->depth] = true;
                indent(w);
        }
}

static void open_(JsonWriter *w, char c)
{
        before_value(w);
        strbuf_putc(w->out, c);
        if (w->depth + 1 < ELEMENTSOF(w->need_comma))
                w->depth++;
        w->need_comma[w->depth] = false;
}

static void close_(JsonWriter *w, char c)
{
        bool had = w->need_comma[w->depth];
        if (w->depth > 0)
                w->depth--;
        if (had)
                indent(w);
        strbuf_putc(w->out, c);
}

void json_begin_object(JsonWriter *w)
{
        open_(w, '{');
}

void json_end_object(JsonWriter *w)
{
        close_(w, '}');
}

void json_begin_array(JsonWriter *w)
{
        open_(w, '[');
}

void json_end_array(JsonWriter *w)
{
        close_(w, ']');
}

void json_key(JsonWriter *w, const char *key)
{
        before_value(w);
        json_escape(w->out, key);
        strbuf_puts(w->out, w->pretty ? " : " : ":");
        w->after_key = true;
}

void json_escape(StrBuf *out, const char *s)
{
        strbuf_putc(out, '"');
        for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
                switch (*p) {
                case '"':
                        strbuf_puts(out, "\\\"");
                        break;
                case '\\':
                        strbuf_puts(out, "\\\\");
                        break;
                case '\n':
                        strbuf_puts(out, "\\n");
                        break;
                case '\r':
                        strbuf_puts(out, "\\r");
                        break;
                case '\t':
                        strbuf_puts(out, "\\t");
                        break;
                case '\b':
                        strbuf_puts(out, "\\b");
                        break;
                case '\f':
                        strbuf_puts(out, "\\f");
                        break;
                default:
                        /* Control characters only, as systemd's JSON writer (DEL stays). */
                        if (*p < 0x20)
                                strbuf_printf(out, "\\u%04x", *p);
                        else
                                strbuf_putc(out, (char) *p);
                }
        }
        strbuf_putc(out, '"');
}

void json_string(JsonWriter *w, const char *s)
{
        before_value(w);
        if (!s)
                strbuf_puts(w->out, "null");
        else
                json_escape(w->out, s);
}

void json_int(JsonWriter *w, int64_t v)
{
        before_value(w);
        strbuf_printf(w->out, "%" PRIi64, v);
}

void json_uint(JsonWriter *w, uint64_t v)
{
        before_value(w);
        strbuf_printf(w->out, "%" PRIu64, v);
}

void json_bool(JsonWriter *w, bool v)
{
        before_value(w);
        strbuf_puts(w->out, v ? "true" : "false");
}

void json_null(JsonWriter *w)
{
        before_value(w);
        strbuf_puts(w->out, "null");
}

void json_raw(JsonWriter *w, const char *raw)
{
        before_value(w);
        strbuf_puts(w->out, raw);
}
