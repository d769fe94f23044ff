/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "json-parse.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "strbuf.h"

typedef struct Parser {
        const char *p, *end, *start;
        unsigned depth;
} Parser;

static void skip_ws(Parser *ps)
{
        while (ps->p < ps->end &&
               (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
                ps->p++;
}

JsonValue *json_value_free(JsonValue *v)
{
        if (!v)
                return NULL;
        for (size_t i = 0; i < v->n; i++) {
                json_value_free(v->items[i]);
                if (v->keys)
                        free(v->keys[i]);
        }
        free(v->items);
        free(v->keys);
        free(v->string);
        free(v);
        return NULL;
}

static int hex4(const char *s, unsigned *ret)
{
        unsigned v = 0;
        for (int i = 0; i < 4; i++) {
                char c = s[i];
                v <<= 4;
                if (c >= '0' && c <= '9')
                        v |= (unsigned) (c - '0');
                else if (c >= 'a' && c <= 'f')
                        v |= (unsigned) (c - 'a' + 10);
                else if (c >= 'A' && c <= 'F')
                        v |= (unsigned) (c - 'A' + 10);
                else
                        return -EINVAL;
        }
        *ret = v;
        return 0;
}

static void put_utf8(StrBuf *b, unsigned cp)
{
        if (cp < 0x80)
                strbuf_putc(b, (char) cp);
        else if (cp < 0x800) {
                strbuf_putc(b, (char) (0xC0 | (cp >> 6)));
                strbuf_putc(b, (char) (0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
                strbuf_putc(b, (char) (0xE0 | (cp >> 12)));
                strbuf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
                strbuf_putc(b, (char) (0x80 | (cp & 0x3F)));
        } else {
                strbuf_putc(b, (char) (0xF0 | (cp >> 18)));
                strbuf_putc(b, (char) (0x80 | ((cp >> 12) & 0x3F)));
                strbuf_putc(b, (char) (0x80 | ((cp >> 6) & 0x3F)));
                strbuf_putc(b, (char) (0x80 | (cp & 0x3F)));
        }
}

/* Length of a valid UTF-8 sequence at s (no overlongs, no surrogates), or 0. */
static size_t utf8_seq(const unsigned char *s, const unsigned char *end)
{
        size_t n;
        unsigned cp;
        if (s[0] < 0x80)
                return 1;
        if ((s[0] & 0xE0) == 0xC0)
                n = 2, cp = s[0] & 0x1F;
        else if ((s[0] & 0xF0) == 0xE0)
                n = 3, cp = s[0] & 0x0F;
        else if ((s[0] & 0xF8) == 0xF0)
                n = 4, cp = s[0] & 0x07;
        else
                return 0;
        if ((size_t) (end - s) < n)
                return 0;
        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return 0;
        return n;
}

static int parse_string(Parser *ps, char **ret)
{
        StrBuf b = STRBUF_INIT;
        ps->p++; /* opening quote */
        while (ps->p < ps->end) {
                unsigned char c = (unsigned char) *ps->p;
                if (c == '"') {
                        ps->p++;
                        *ret = strbuf_steal(&b);
                        return *ret ? 0 : -ENOMEM;
                }
                if (c < 0x20)
                        break;
                if (c == '\\') {
                        if (ps->end - ps->p < 2)
                                break;
                        char e = ps->p[1];
                        ps->p += 2;
                        switch (e) {
                        case '"':
                        case '\\':
                        case '/':
                                strbuf_putc(&b, e);
                                break;
                        case 'b':
                                strbuf_putc(&b, '\b');
                                break;
                        case 'f':
                                strbuf_putc(&b, '\f');
                                break;
                        case 'n':
                                strbuf_putc(&b, '\n');
                                break;
                        case 'r':
                                strbuf_putc(&b, '\r');
                                break;
                        case 't':
                                strbuf_putc(&b, '\t');
                                break;
                        case 'u': {
                                unsigned cp, lo;
                                if (ps->end - ps->p < 4 || hex4(ps->p, &cp) < 0)
                                        goto fail;
                                ps->p += 4;
                                if (cp >= 0xD800 && cp <= 0xDBFF) {
                                        if (ps->end - ps->p < 6 || ps->p[0] != '\\' ||
                                            ps->p[1] != 'u' || hex4(ps->p + 2, &lo) < 0 ||
                                            lo < 0xDC00 || lo > 0xDFFF)
                                                goto fail;
                                        ps->p += 6;
                                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                                } else if ((cp >= 0xDC00 && cp <= 0xDFFF) || cp == 0)
                                        goto fail; /* lone surrogate; NUL not representable */
                                put_utf8(&b, cp);
                                break;
                        }
                        default:
                                ps->p -= 1;
                                goto fail;
                        }
                        continue;
                }
                size_t n = utf8_seq((const unsigned char *) ps->p, (const unsigned char *) ps->end);
                if (n == 0)
                        break;
                strbuf_putn(&b, ps->p, n);
                ps->p += n;
        }
fail:
        strbuf_done(&b);
        return -EINVAL;
}

static int parse_number(Parser *ps, JsonValue *v)
{
        const char *s = ps->p;
        bool integral = true, negative = false;
        if (ps->p < ps->end && *ps->p == '-') {
                negative = true;
                ps->p++;
        }
        if (ps->p >= ps->end)
                return -EINVAL;
        if (*ps->p == '0')
                ps->p++;
        else if (*ps->p >= '1' && *ps->p <= '9')
                while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
                        ps->p++;
        else
                return -EINVAL;
        if (ps->p < ps->end && *ps->p == '.') {
                integral = false;
                ps->p++;
                if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
                        return -EINVAL;
                while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
                        ps->p++;
        }
        if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
                integral = false;
                ps->p++;
                if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
                        ps->p++;
                if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9')
                        return -EINVAL;
                while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9')
                        ps->p++;
        }
        size_t len = (size_t) (ps->p - s);
        char buf[64];
        if (len >= sizeof buf) {
                /* Too long to be any integer we care about: still a valid JSON number. */
                v->type = JSON_NUMBER;
                v->number = negative ? -HUGE_VAL : HUGE_VAL;
                return 0;
        }
        memcpy(buf, s, len);
        buf[len] = 0;
        v->type = JSON_NUMBER;
        v->number = strtod(buf, NULL);
        if (integral && !negative) {
                errno = 0;
                unsigned long long u = strtoull(buf, NULL, 10);
                if (errno == 0) {
                        v->is_unsigned = true;
                        v->u = u;
                }
        } else if (integral && negative && v->number == 0) {
                v->is_unsigned = true; /* "-0" */
                v->u = 0;
        } else if (!integral && v->number >= 0 && v->number < 18446744073709551616.0 &&
                   (double) (uint64_t) v->number == v->number) {
                /* like systemd, a real with an integral value may serve as an unsigned */
                v->is_unsigned = true;
                v->u = (uint64_t) v->number;
        }
        return 0;
}

static int parse_value(Parser *ps, JsonValue **ret);

static int add_child(JsonValue *v, JsonValue *child, char *key)
{
        if (v->n >= 1u << 20)
                return -E2BIG;
        JsonValue **items = realloc(v->items, (v->n + 1) * sizeof(JsonValue *));
        if (!items)
                return -ENOMEM;
        v->items = items;
        if (v->type == JSON_OBJECT) {
                char **keys = realloc(v->keys, (v->n + 1) * sizeof(char *));
                if (!keys)
                        return -ENOMEM;
                v->keys = keys;
                v->keys[v->n] = key;
        }
        v->items[v->n++] = child;
        return 0;
}

static int parse_container(Parser *ps, JsonValue *v)
{
        bool object = v->type == JSON_OBJECT;
        char close = object ? '}' : ']';
        int r;

        if (++ps->depth > JSON_PARSE_DEPTH_MAX)
                return -E2BIG;
        ps->p++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == close) {
                ps->p++;
                ps->depth--;
                return 0;
        }
        for (;;) {
                char *key = NULL;
                JsonValue *child = NULL;
                skip_ws(ps);
                if (object) {
                        if (ps->p >= ps->end || *ps->p != '"')
                                return -EINVAL;
                        r = parse_string(ps, &key);
                        if (r < 0)
                                return r;
                        skip_ws(ps);
                        if (ps->p >= ps->end || *ps->p != ':') {
                                free(key);
                                return -EINVAL;
                        }
                        ps->p++;
                }
                r = parse_value(ps, &child);
                if (r < 0) {
                        free(key);
                        return r;
                }
                r = add_child(v, child, key);
                if (r < 0) {
                        free(key);
                        json_value_free(child);
                        return r;
                }
                skip_ws(ps);
                if (ps->p < ps->end && *ps->p == ',') {
                        ps->p++;
                        continue;
                }
                if (ps->p < ps->end && *ps->p == close) {
                        ps->p++;
                        ps->depth--;
                        return 0;
                }
                return -EINVAL;
        }
}

static bool literal(Parser *ps, const char *word)
{
        size_t n = strlen(word);
        if ((size_t) (ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
                return false;
        ps->p += n;
        return true;
}

static int parse_value(Parser *ps, JsonValue **ret)
{
        JsonValue *v = calloc(1, sizeof(JsonValue));
        int r = 0;
        if (!v)
                return -ENOMEM;
        skip_ws(ps);
        if (ps->p >= ps->end)
                r = -EINVAL;
        else if (*ps->p == '{' || *ps->p == '[') {
                v->type = *ps->p == '{' ? JSON_OBJECT : JSON_ARRAY;
                r = parse_container(ps, v);
        } else if (*ps->p == '"') {
                v->type = JSON_STRING;
                r = parse_string(ps, &v->string);
        } else if (literal(ps, "null"))
                v->type = JSON_NULL;
        else if (literal(ps, "true")) {
                v->type = JSON_BOOLEAN;
                v->boolean = true;
        } else if (literal(ps, "false"))
                v->type = JSON_BOOLEAN;
        else
                r = parse_number(ps, v);
        if (r < 0) {
                json_value_free(v);
                return r;
        }
        *ret = v;
        return 0;
}

static void locate(const Parser *ps, unsigned *ret_line, unsigned *ret_column)
{
        unsigned line = 1, column = 1;
        for (const char *s = ps->start; s < ps->p && s < ps->end; s++) {
                if (*s == '\n') {
                        line++;
                        column = 1;
                } else
                        column++;
        }
        if (ret_line)
                *ret_line = line;
        if (ret_column)
                *ret_column = column;
}

int json_parse(const char *data, size_t size, JsonValue **ret, unsigned *ret_line,
               unsigned *ret_column)
{
        Parser ps = {.p = data, .end = data + size, .start = data};
        JsonValue *v = NULL;
        int r;

        if (size > JSON_PARSE_SIZE_MAX) {
                locate(&ps, ret_line, ret_column);
                return -E2BIG;
        }
        r = parse_value(&ps, &v);
        if (r >= 0) {
                skip_ws(&ps);
                if (ps.p != ps.end) {
                        v = json_value_free(v);
                        r = -EINVAL;
                }
        }
        if (r < 0) {
                locate(&ps, ret_line, ret_column);
                return r;
        }
        *ret = v;
        return 0;
}

const JsonValue *json_object_get(const JsonValue *v, const char *key)
{
        if (!json_is_object(v))
                return NULL;
        for (size_t i = 0; i < v->n; i++)
                if (streq(v->keys[i], key))
                        return v->items[i];
        return NULL;
}
