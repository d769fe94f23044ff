/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extract-word.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "string-util.h"

/* Word splitting and C escapes with the semantics of systemd 252's extract-word.c and escape.c
 * (written from their documented behaviour; the tests pin the flag matrix). */

static int unhexchar(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -EINVAL;
}

static int unoctchar(char c)
{
        if (c >= '0' && c <= '7')
                return c - '0';
        return -EINVAL;
}

static bool unichar_is_valid(uint32_t c)
{
        if (c >= 0x110000)
                return false;
        if (c >= 0xD800 && c <= 0xDFFF)
                return false;
        return true;
}

/* Encodes c as UTF-8 into out (room for 4 bytes); returns the number of bytes. Like systemd,
 * \u escapes are not checked for surrogates, so they are encoded as 3-byte sequences. */
static size_t utf8_encode_unichar(char *out, uint32_t c)
{
        if (c < 0x80) {
                out[0] = (char) c;
                return 1;
        }
        if (c < 0x800) {
                out[0] = (char) (0xC0 | (c >> 6));
                out[1] = (char) (0x80 | (c & 0x3F));
                return 2;
        }
        if (c < 0x10000) {
                out[0] = (char) (0xE0 | (c >> 12));
                out[1] = (char) (0x80 | ((c >> 6) & 0x3F));
                out[2] = (char) (0x80 | (c & 0x3F));
                return 3;
        }
        out[0] = (char) (0xF0 | ((c >> 18) & 0x07));
        out[1] = (char) (0x80 | ((c >> 12) & 0x3F));
        out[2] = (char) (0x80 | ((c >> 6) & 0x3F));
        out[3] = (char) (0x80 | (c & 0x3F));
        return 4;
}

static int unhex_n(const char *p, size_t n, uint32_t *ret)
{
        uint32_t v = 0;
        for (size_t i = 0; i < n; i++) {
                int a = unhexchar(p[i]);
                if (a < 0)
                        return a;
                v = (v << 4) | (uint32_t) a;
        }
        *ret = v;
        return 0;
}

int cunescape_one(const char *p, size_t length, uint32_t *ret_cp, bool *ret_eight_bit,
                  bool accept_nul)
{
        uint32_t c;
        int r;

        /* length == SIZE_MAX means "NUL-terminated"; the NUL stops every multi-char escape. */
        if (length != SIZE_MAX && length < 1)
                return -EINVAL;

        switch (p[0]) {
        case 'a':
                *ret_cp = '\a';
                return 1;
        case 'b':
                *ret_cp = '\b';
                return 1;
        case 'f':
                *ret_cp = '\f';
                return 1;
        case 'n':
                *ret_cp = '\n';
                return 1;
        case 'r':
                *ret_cp = '\r';
                return 1;
        case 't':
                *ret_cp = '\t';
                return 1;
        case 'v':
                *ret_cp = '\v';
                return 1;
        case '\\':
        case '"':
        case '\'':
                *ret_cp = (uint32_t) p[0];
                return 1;
        case 's': /* XDG extension */
                *ret_cp = ' ';
                return 1;
        case 'x':
                if (length != SIZE_MAX && length < 3)
                        return -EINVAL;
                if (p[1] == '\0')
                        return -EINVAL;
                r = unhex_n(p + 1, 2, &c);
                if (r < 0)
                        return r;
                if (c == 0 && !accept_nul)
                        return -EINVAL;
                *ret_cp = c;
                *ret_eight_bit = true;
                return 3;
        case 'u':
                if (length != SIZE_MAX && length < 5)
                        return -EINVAL;
                if (strnlen(p + 1, 4) < 4)
                        return -EINVAL;
                r = unhex_n(p + 1, 4, &c);
                if (r < 0)
                        return r;
                if (c == 0 && !accept_nul)
                        return -EINVAL;
                *ret_cp = c;
                return 5;
        case 'U':
                if (length != SIZE_MAX && length < 9)
                        return -EINVAL;
                if (strnlen(p + 1, 8) < 8)
                        return -EINVAL;
                r = unhex_n(p + 1, 8, &c);
                if (r < 0)
                        return r;
                if (c == 0 && !accept_nul)
                        return -EINVAL;
                if (!unichar_is_valid(c))
                        return -EINVAL;
                *ret_cp = c;
                return 9;
        case '0':
        case '1':
        case '2':
        case '3':
        case '4':
        case '5':
        case '6':
        case '7': {
                int a, b, d;
                if (length != SIZE_MAX && length < 3)
                        return -EINVAL;
                a = unoctchar(p[0]);
                b = unoctchar(p[1]);
                if (b < 0)
                        return -EINVAL;
                d = unoctchar(p[2]);
                if (d < 0)
                        return -EINVAL;
                if (a == 0 && b == 0 && d == 0 && !accept_nul)
                        return -EINVAL;
                c = ((uint32_t) a << 6) | ((uint32_t) b << 3) | (uint32_t) d;
                if (c > 255)
                        return -EINVAL;
                *ret_cp = c;
                *ret_eight_bit = true;
                return 3;
        }
        default:
                return -EINVAL;
        }
}

int cunescape_length(const char *s, size_t length, bool relax, bool accept_nul, char **ret)
{
        _cleanup_free_ char *ans = NULL;
        char *t;

        if (length > (size_t) INT32_MAX)
                return -E2BIG;
        /* Every escape shrinks or keeps the length (\uNNNN → ≤3 bytes, \UNNNNNNNN → ≤4). */
        ans = malloc(length + 1);
        if (!ans)
                return -ENOMEM;

        t = ans;
        for (const char *f = s; f < s + length; f++) {
                size_t remaining = (size_t) (s + length - f);
                bool eight_bit = false;
                uint32_t u;
                int r;

                if (*f != '\\') {
                        *t++ = *f;
                        continue;
                }
                if (remaining == 1) {
                        if (!relax)
                                return -EINVAL;
                        *t++ = '\\';
                        continue;
                }
                r = cunescape_one(f + 1, remaining - 1, &u, &eight_bit, accept_nul);
                if (r < 0) {
                        if (!relax)
                                return r;
                        *t++ = '\\'; /* invalid escape: taken literally */
                        continue;
                }
                f += r;
                if (eight_bit)
                        *t++ = (char) u;
                else
                        t += utf8_encode_unichar(t, u);
        }
        *t = '\0';
        *ret = TAKE_PTR(ans);
        return (int) (t - *ret);
}

char *cescape(const char *s)
{
        size_t n = strlen(s);
        char *r = malloc(n * 4 + 1), *t;

        if (!r)
                return NULL;
        t = r;
        for (const char *f = s; *f; f++) {
                unsigned char c = (unsigned char) *f;
                const char *e = NULL;

                switch (c) {
                case '\a':
                        e = "\\a";
                        break;
                case '\b':
                        e = "\\b";
                        break;
                case '\f':
                        e = "\\f";
                        break;
                case '\n':
                        e = "\\n";
                        break;
                case '\r':
                        e = "\\r";
                        break;
                case '\t':
                        e = "\\t";
                        break;
                case '\v':
                        e = "\\v";
                        break;
                case '\\':
                        e = "\\\\";
                        break;
                case '"':
                        e = "\\\"";
                        break;
                case '\'':
                        e = "\\'";
                        break;
                default:
                        break;
                }
                if (e) {
                        memcpy(t, e, 2);
                        t += 2;
                } else if (c < ' ' || c >= 127) {
                        /* octal, as systemd (and glib) prefer it for other bytes */
                        *t++ = '\\';
                        *t++ = (char) ('0' + (c >> 6));
                        *t++ = (char) ('0' + ((c >> 3) & 7));
                        *t++ = (char) ('0' + (c & 7));
                } else
                        *t++ = (char) c;
        }
        *t = '\0';
        return r;
}

/* The output buffer of extract_first_word(): words are short, so they are collected on the
 * stack and copied once to an exact-size allocation; longer ones move to the heap. (Growing a
 * heap buffer from 16 bytes was half the cost of splitting a command line.) */
typedef struct WordBuf {
        char *s; /* local or heap */
        size_t n, cap;
        char local[128];
} WordBuf;

static void wordbuf_init(WordBuf *b)
{
        b->s = b->local;
        b->n = 0;
        b->cap = sizeof(b->local);
}

static void wordbuf_done(WordBuf *b)
{
        if (b->s != b->local)
                free(b->s);
}

static int wordbuf_reserve(WordBuf *b, size_t extra)
{
        size_t need = b->n + extra + 1;
        char *p;

        if (need <= b->cap)
                return 0;
        need = MAX(need, b->cap * 2);
        if (b->s == b->local) {
                p = malloc(need);
                if (p)
                        memcpy(p, b->local, b->n);
        } else
                p = realloc(b->s, need);
        if (!p)
                return -ENOMEM;
        b->s = p;
        b->cap = need;
        return 0;
}

/* The word as a NUL-terminated heap string; b is done afterwards. */
static char *wordbuf_steal(WordBuf *b)
{
        char *w;

        if (b->s != b->local) {
                b->s[b->n] = '\0'; /* reserve() always leaves room for it */
                return b->s;
        }
        w = malloc(b->n + 1);
        if (!w)
                return NULL;
        memcpy(w, b->local, b->n);
        w[b->n] = '\0';
        return w;
}

/* A set of bytes: strchr(separators, c) per input byte was most of the cost of splitting a
 * value into words. The separator set never holds '\0' (the end is tested first). */
typedef struct CharSet {
        uint64_t bits[4];
} CharSet;

static void charset_add(CharSet *set, const char *chars)
{
        for (const unsigned char *c = (const unsigned char *) chars; *c; c++)
                set->bits[*c / 64] |= UINT64_C(1) << (*c % 64);
}

static bool charset_has(const CharSet *set, char c)
{
        unsigned char u = (unsigned char) c;
        return (set->bits[u / 64] >> (u % 64)) & 1;
}

/* Handles the character after a backslash. Returns 0, or -EINVAL for a bad escape. */
static int extract_escaped(const char **p, WordBuf *b, const CharSet *separators,
                           ExtractFlags flags)
{
        char c = **p;
        bool eight_bit = false;
        uint32_t u;
        int r;

        if (!(flags & (EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS))) {
                b->s[b->n++] = c;
                return 0;
        }
        if ((flags & EXTRACT_CUNESCAPE) &&
            (r = cunescape_one(*p, SIZE_MAX, &u, &eight_bit, false)) >= 0) {
                *p += r - 1;
                if (eight_bit)
                        b->s[b->n++] = (char) u;
                else
                        b->n += utf8_encode_unichar(b->s + b->n, u);
        } else if ((flags & EXTRACT_UNESCAPE_SEPARATORS) &&
                   (charset_has(separators, c) || c == '\\'))
                b->s[b->n++] = c;
        else if (flags & EXTRACT_UNESCAPE_RELAX) {
                b->s[b->n++] = '\\';
                b->s[b->n++] = c;
        } else
                return -EINVAL;
        return 0;
}

int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags)
{
        WordBuf b;
        char quote = 0; /* 0, '\'' or '"' */
        bool backslash = false, have_word = false;
        CharSet seps = {}, stop;
        int r;

        wordbuf_init(&b);
        charset_add(&seps, separators ? separators : WHITESPACE);
        /* Bytes that need the state machine below; runs of any others are copied at once. */
        stop = seps;
        charset_add(&stop, "\\'\"");
        stop.bits[0] |= 1; /* '\0' */
        if (!*p)
                goto finish;
        /* Like systemd, with DONT_COALESCE even "" yields one (empty) word. */
        if (flags & EXTRACT_DONT_COALESCE_SEPARATORS)
                have_word = true;

        /* Skip leading separators; with DONT_COALESCE a leading separator is an empty word. */
        for (;; (*p)++) {
                char c = **p;
                if (c == '\0')
                        goto finish_terminate;
                if (charset_has(&seps, c)) {
                        if (flags & EXTRACT_DONT_COALESCE_SEPARATORS) {
                                if (!(flags & EXTRACT_RETAIN_SEPARATORS))
                                        (*p)++;
                                goto finish_next;
                        }
                        continue;
                }
                break;
        }
        have_word = true;

        for (;; (*p)++) {
                char c;

                if (!backslash && quote == 0) {
                        size_t k = 0;
                        while (!charset_has(&stop, (*p)[k]))
                                k++;
                        if (k > 0) {
                                if (wordbuf_reserve(&b, k) < 0)
                                        goto oom;
                                memcpy(b.s + b.n, *p, k);
                                b.n += k;
                                *p += k;
                        }
                }
                c = **p;
                if (wordbuf_reserve(&b, 8) < 0)
                        goto oom;

                if (backslash) {
                        backslash = false;
                        if (c == '\0') {
                                if ((flags & EXTRACT_UNESCAPE_RELAX) &&
                                    (quote == 0 || (flags & EXTRACT_RELAX))) {
                                        b.s[b.n++] = '\\';
                                        goto finish_terminate;
                                }
                                if (flags & EXTRACT_RELAX)
                                        goto finish_terminate;
                                goto einval;
                        }
                        if (extract_escaped(p, &b, &seps, flags) < 0)
                                goto einval;
                        continue;
                }

                if (quote != 0) {
                        if (c == '\0') {
                                if (flags & EXTRACT_RELAX)
                                        goto finish_terminate;
                                goto einval;
                        }
                        if (c == quote) {
                                quote = 0;
                                if (flags & EXTRACT_UNQUOTE)
                                        continue;
                        } else if (c == '\\' && !(flags & EXTRACT_RETAIN_ESCAPE)) {
                                backslash = true;
                                continue;
                        }
                        b.s[b.n++] = c;
                        continue;
                }

                if (c == '\0')
                        goto finish_terminate;
                if ((c == '\'' || c == '"') && (flags & (EXTRACT_KEEP_QUOTE | EXTRACT_UNQUOTE))) {
                        quote = c;
                        if (flags & EXTRACT_UNQUOTE)
                                continue;
                } else if (c == '\\' && !(flags & EXTRACT_RETAIN_ESCAPE)) {
                        backslash = true;
                        continue;
                } else if (charset_has(&seps, c)) {
                        if (flags & EXTRACT_DONT_COALESCE_SEPARATORS) {
                                if (!(flags & EXTRACT_RETAIN_SEPARATORS))
                                        (*p)++;
                                goto finish_next;
                        }
                        if (!(flags & EXTRACT_RETAIN_SEPARATORS))
                                for (;; (*p)++) {
                                        if (**p == '\0')
                                                goto finish_terminate;
                                        if (!charset_has(&seps, **p))
                                                break;
                                }
                        goto finish;
                }
                b.s[b.n++] = c;
        }

finish_terminate:
        *p = NULL;
finish:
        if (!have_word) {
                wordbuf_done(&b);
                *p = NULL;
                *ret = NULL;
                return 0;
        }
finish_next:
        *ret = wordbuf_steal(&b);
        if (!*ret)
                goto oom;
        return 1;

oom:
        r = -ENOMEM;
        wordbuf_done(&b);
        return r;
einval:
        wordbuf_done(&b);
        return -EINVAL;
}
