/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

static bool is_ascii8(const unsigned char *p)
{
        uint64_t w;

        memcpy(&w, p, sizeof(w)); /* unaligned load */
        return (w & UINT64_C(0x8080808080808080)) == 0;
}

size_t utf8_first_invalid(const char *s, size_t n)
{
        const unsigned char *p = (const unsigned char *) s;
        size_t i = 0;

        while (i < n) {
                unsigned c;
                size_t len;
                uint32_t cp;

                /* Unit files are mostly ASCII: skip eight such bytes at a time. */
                while (i + 8 <= n && is_ascii8(p + i))
                        i += 8;
                if (i >= n)
                        break;
                c = p[i];
                if (c < 0x80) {
                        i++;
                        continue;
                } else if ((c & 0xE0) == 0xC0) {
                        len = 2;
                        cp = c & 0x1F;
                } else if ((c & 0xF0) == 0xE0) {
                        len = 3;
                        cp = c & 0x0F;
                } else if ((c & 0xF8) == 0xF0) {
                        len = 4;
                        cp = c & 0x07;
                } else
                        return i;
                if (i + len > n)
                        return i;
                for (size_t k = 1; k < len; k++) {
                        if ((p[i + k] & 0xC0) != 0x80)
                                return i;
                        cp = (cp << 6) | (p[i + k] & 0x3F);
                }
                if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
                    (len == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                        return i;
                i += len;
        }
        return (size_t) -1;
}

bool utf8_is_valid(const char *s)
{
        return utf8_is_valid_n(s, strlen(s));
}
