/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/* A growable, always NUL-terminated byte buffer. On allocation failure the buffer
 * remembers the error ("oom") and further appends are no-ops, so callers can check once. */
typedef struct StrBuf {
        char *s;
        size_t len;
        size_t cap;
        bool oom;
} StrBuf;

#define STRBUF_INIT ((StrBuf){0})

void strbuf_done(StrBuf *b);
void strbuf_putc(StrBuf *b, char c);
void strbuf_puts(StrBuf *b, const char *s);
void strbuf_putn(StrBuf *b, const char *s, size_t n);
void strbuf_printf(StrBuf *b, const char *fmt, ...) _printf_(2, 3);
void strbuf_vprintf(StrBuf *b, const char *fmt, va_list ap) _printf_(2, 0);
void strbuf_truncate(StrBuf *b, size_t len);
/* Returns the string (caller owns it) or NULL on OOM; resets the buffer. */
char *strbuf_steal(StrBuf *b);
static inline const char *strbuf_str(const StrBuf *b)
{
        return b->s ? b->s : "";
}
