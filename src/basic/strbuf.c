/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_done(StrBuf *b)
{
        free(b->s);
        *b = STRBUF_INIT;
}

static bool strbuf_reserve(StrBuf *b, size_t extra)
{
        size_t need;
        char *t;

        if (b->oom)
                return false;
        if (extra > SIZE_MAX - b->len - 1) {
                b->oom = true;
                return false;
        }
        need = b->len + extra + 1;
        if (need <= b->cap)
                return true;
        size_t cap = b->cap ? b->cap : 64;
        while (cap < need)
                cap = cap > SIZE_MAX / 2 ? need : cap * 2;
        t = realloc(b->s, cap);
        if (!t) {
                b->oom = true;
                return false;
        }
        b->s = t;
        b->cap = cap;
        return true;
}

void strbuf_putn(StrBuf *b, const char *s, size_t n)
{
        if (!strbuf_reserve(b, n))
                return;
        memcpy(b->s + b->len, s, n);
        b->len += n;
        b->s[b->len] = '\0';
}

void strbuf_puts(StrBuf *b, const char *s)
{
        strbuf_putn(b, s, strlen(s));
}

void strbuf_putc(StrBuf *b, char c)
{
        strbuf_putn(b, &c, 1);
}

void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap)
{
        va_list aq;
        int n;

        va_copy(aq, ap);
        n = vsnprintf(NULL, 0, fmt, aq);
        va_end(aq);
        if (n < 0) {
                b->oom = true;
                return;
        }
        if (!strbuf_reserve(b, (size_t) n))
                return;
        vsnprintf(b->s + b->len, (size_t) n + 1, fmt, ap);
        b->len += (size_t) n;
}

void strbuf_printf(StrBuf *b, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        strbuf_vprintf(b, fmt, ap);
        va_end(ap);
}

void strbuf_truncate(StrBuf *b, size_t len)
{
        if (len < b->len) {
                b->len = len;
                b->s[len] = '\0';
        }
}

char *strbuf_steal(StrBuf *b)
{
        char *r;

        if (b->oom) {
                strbuf_done(b);
                return NULL;
        }
        r = b->s ? b->s : strdup("");
        *b = STRBUF_INIT;
        return r;
}
