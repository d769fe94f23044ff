/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "string-util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

char *startswith(const char *s, const char *prefix)
{
        /* Byte by byte: prefixes are short, and strlen() + strncmp() cost two calls. A mismatch
         * (also s's NUL against a prefix byte) stops the loop. */
        for (; *prefix; s++, prefix++)
                if (*s != *prefix)
                        return NULL;
        return (char *) s;
}

char *startswith_no_case(const char *s, const char *prefix)
{
        size_t l = strlen(prefix);
        for (size_t i = 0; i < l; i++) {
                char a = s[i], b = prefix[i];
                if (a >= 'A' && a <= 'Z')
                        a = (char) (a - 'A' + 'a');
                if (b >= 'A' && b <= 'Z')
                        b = (char) (b - 'A' + 'a');
                if (a != b)
                        return NULL;
        }
        return (char *) s + l;
}

char *endswith(const char *s, const char *suffix)
{
        size_t sl = strlen(s), pl = strlen(suffix);
        if (pl > sl)
                return NULL;
        return strcmp(s + sl - pl, suffix) == 0 ? (char *) s + sl - pl : NULL;
}

char *delete_trailing_chars(char *s, const char *bad)
{
        size_t n = strlen(s);
        while (n > 0 && strchr(bad, s[n - 1]))
                n--;
        s[n] = '\0';
        return s;
}

char *strstrip(char *s)
{
        s += strspn(s, WHITESPACE);
        return delete_trailing_chars(s, WHITESPACE);
}

char *ascii_strlower(char *s)
{
        for (char *p = s; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char) (*p - 'A' + 'a');
        return s;
}

char *ascii_strupper(char *s)
{
        for (char *p = s; *p; p++)
                if (*p >= 'a' && *p <= 'z')
                        *p = (char) (*p - 'a' + 'A');
        return s;
}

int ascii_strcasecmp(const char *a, const char *b)
{
        for (;; a++, b++) {
                int x = (unsigned char) *a, y = (unsigned char) *b;
                if (x >= 'A' && x <= 'Z')
                        x += 'a' - 'A';
                if (y >= 'A' && y <= 'Z')
                        y += 'a' - 'A';
                if (x != y || x == 0)
                        return x - y;
        }
}

bool in_charset(const char *s, const char *charset)
{
        return s[strspn(s, charset)] == '\0';
}

char *strjoin_real(const char *x, ...)
{
        va_list ap;
        size_t l = 0;
        char *r, *p;

        va_start(ap, x);
        for (const char *t = x; t; t = va_arg(ap, const char *))
                l += strlen(t);
        va_end(ap);
        r = malloc(l + 1);
        if (!r)
                return NULL;
        p = r;
        va_start(ap, x);
        for (const char *t = x; t; t = va_arg(ap, const char *)) {
                size_t n = strlen(t);
                memcpy(p, t, n);
                p += n;
        }
        va_end(ap);
        *p = '\0';
        return r;
}

int strextend_real(char **x, ...)
{
        va_list ap;
        size_t old = *x ? strlen(*x) : 0, l = old;
        char *r, *p;

        va_start(ap, x);
        for (const char *t = va_arg(ap, const char *); t; t = va_arg(ap, const char *))
                l += strlen(t);
        va_end(ap);
        r = realloc(*x, l + 1);
        if (!r)
                return -ENOMEM;
        p = r + old;
        va_start(ap, x);
        for (const char *t = va_arg(ap, const char *); t; t = va_arg(ap, const char *)) {
                size_t n = strlen(t);
                memcpy(p, t, n);
                p += n;
        }
        va_end(ap);
        *p = '\0';
        *x = r;
        return 0;
}

char *strndup_safe(const char *s, size_t n)
{
        return strndup(s, n);
}

size_t string_distance(const char *a, const char *b)
{
        size_t la = strlen(a), lb = strlen(b);
        size_t *row, best;

        if (la > 256 || lb > 256)
                return SIZE_MAX;
        row = calloc(lb + 1, sizeof(size_t));
        if (!row)
                return SIZE_MAX;
        for (size_t j = 0; j <= lb; j++)
                row[j] = j;
        for (size_t i = 1; i <= la; i++) {
                size_t prev = row[0];
                row[0] = i;
                for (size_t j = 1; j <= lb; j++) {
                        size_t cur = row[j];
                        size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
                        row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1), prev + cost);
                        prev = cur;
                }
        }
        best = row[lb];
        free(row);
        return best;
}
