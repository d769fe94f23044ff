/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The text layout of systemd's format-table as `systemd-analyze security` uses it when not
 * writing to a terminal: every column as wide as its widest cell, one space between columns,
 * the EXPOSURE column right-aligned, trailing blanks of the last column dropped. */
#include <inttypes.h>
#include <string.h>

#include "macro.h"
#include "report-security.h"

static bool is_wide(uint32_t cp)
{
        /* Enough of wcwidth() for what can appear here (emoji, CJK in policy texts). */
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
               (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
               (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
               (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
               (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* True when the 8 bytes of x are all printable ASCII (0x20..0x7e): no high bit, none below
 * 0x20 (subtracting 0x20 borrows into the high bit), none 0x7f (adding 1 reaches 0x80). A
 * borrow can only spoil bytes above one that is already caught. */
static bool word_is_printable_ascii(uint64_t x)
{
        const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
        return ((x | (x - 0x20 * ones) | (x + ones)) & high) == 0;
}

static size_t text_width_utf8(const unsigned char *p)
{
        size_t w = 0;

        while (*p) {
                uint32_t cp;
                size_t n;
                if (*p < 0x80)
                        cp = *p, n = 1;
                else if ((*p & 0xE0) == 0xC0)
                        cp = *p & 0x1F, n = 2;
                else if ((*p & 0xF0) == 0xE0)
                        cp = *p & 0x0F, n = 3;
                else if ((*p & 0xF8) == 0xF0)
                        cp = *p & 0x07, n = 4;
                else
                        cp = 0xFFFD, n = 1;
                for (size_t i = 1; i < n; i++) {
                        if ((p[i] & 0xC0) != 0x80) {
                                n = i;
                                cp = 0xFFFD;
                                break;
                        }
                        cp = (cp << 6) | (p[i] & 0x3F);
                }
                p += n;
                if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
                        continue;
                w += is_wide(cp) ? 2 : 1;
        }
        return w;
}

size_t security_text_width(const char *s)
{
        size_t len, i = 0;

        if (!s)
                return 0;
        /* fast path: plain printable ASCII, one column per byte, checked a word at a time */
        len = strlen(s);
        for (; i + 8 <= len; i += 8) {
                uint64_t x;
                memcpy(&x, s + i, 8);
                if (!word_is_printable_ascii(x))
                        return text_width_utf8((const unsigned char *) s);
        }
        for (; i < len; i++)
                if (s[i] < 0x20 || s[i] >= 0x7f)
                        return text_width_utf8((const unsigned char *) s);
        return len;
}

/* Rows are assembled in a local buffer and handed to the StrBuf in large pieces: the table is
 * most of the output of a bulk run, and per-cell StrBuf appends dominated its cost. */
typedef struct TableOut {
        StrBuf *sb;
        size_t n;
        char buf[8192];
} TableOut;

/* Not a compound literal: that would clear the whole buffer first. */
static TableOut *out_init(TableOut *o, StrBuf *sb)
{
        o->sb = sb;
        o->n = 0;
        return o;
}

static void out_flush(TableOut *o)
{
        strbuf_putn(o->sb, o->buf, o->n);
        o->n = 0;
}

static void out_putn(TableOut *o, const char *s, size_t n)
{
        if (n > sizeof(o->buf) - o->n) {
                out_flush(o);
                if (n > sizeof(o->buf)) {
                        strbuf_putn(o->sb, s, n);
                        return;
                }
        }
        memcpy(o->buf + o->n, s, n);
        o->n += n;
}

static void out_putc(TableOut *o, char c)
{
        if (o->n == sizeof(o->buf))
                out_flush(o);
        o->buf[o->n++] = c;
}

static void out_pad(TableOut *o, size_t n)
{
        static const char spaces[] =
                "                                                                ";
        while (n > 0) {
                size_t k = MIN(n, sizeof(spaces) - 1);
                out_putn(o, spaces, k);
                n -= k;
        }
}

/* A cell of known console width w, left-aligned to width; the last column drops trailing
 * blanks. */
static void cell_left(TableOut *o, const char *s, size_t w, size_t width, bool last)
{
        out_putn(o, s, strlen(s));
        if (!last && w < width)
                out_pad(o, width - w);
}

static void cell_right(TableOut *o, const char *s, size_t len, size_t width)
{
        if (len < width)
                out_pad(o, width - len);
        out_putn(o, s, len);
}

/* x/10 "." x%10 into buf (no NUL); returns the length. */
static size_t tenths(char buf[static 24], uint64_t x)
{
        char tmp[24];
        size_t n = 0, k = 0;
        uint64_t q = x / 10;

        do {
                tmp[n++] = (char) ('0' + q % 10);
                q /= 10;
        } while (q > 0);
        while (n > 0)
                buf[k++] = tmp[--n];
        buf[k++] = '.';
        buf[k++] = (char) ('0' + x % 10);
        return k;
}

void security_format_table(const SecurityReport *r, const SecurityStyle *st, StrBuf *out)
{
        size_t wname = strlen("NAME"), wdesc = strlen("DESCRIPTION"), wexp = strlen("EXPOSURE");
        /* widths of each row's cells, measured once (tables larger than the built-in one,
         * which policies cannot make, are measured again while printing) */
        size_t w_id[SECURITY_ASSESSORS_MAX], w_desc[SECURITY_ASSESSORS_MAX];
        bool cached = r->n_rows <= SECURITY_ASSESSORS_MAX;
        TableOut table_out, *o = out_init(&table_out, out);
        char buf[24];

        for (size_t i = 0; i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                size_t a = security_text_width(row->assessor->id);
                size_t b = security_text_width(strempty(row->description));
                if (cached) {
                        w_id[i] = a;
                        w_desc[i] = b;
                }
                wname = MAX(wname, a);
                wdesc = MAX(wdesc, b);
                if (row->has_exposure)
                        wexp = MAX(wexp, tenths(buf, row->exposure));
        }

        /* Header: the checkmark column's title is a single blank. */
        out_putn(o, "  ", 2);
        cell_left(o, "NAME", strlen("NAME"), wname, false);
        out_putc(o, ' ');
        cell_left(o, "DESCRIPTION", strlen("DESCRIPTION"), wdesc, false);
        out_putc(o, ' ');
        cell_right(o, "EXPOSURE", strlen("EXPOSURE"), wexp);
        out_putc(o, '\n');

        for (size_t i = 0; i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                const char *desc = strempty(row->description);
                if (row->set < 0)
                        out_putc(o, ' ');
                else if (row->set > 0)
                        out_putn(o, st->utf8 ? "✓" : "+", strlen(st->utf8 ? "✓" : "+"));
                else
                        out_putn(o, st->utf8 ? "✗" : "-", strlen(st->utf8 ? "✗" : "-"));
                out_putc(o, ' ');
                cell_left(o, row->assessor->id,
                          cached ? w_id[i] : security_text_width(row->assessor->id), wname, false);
                out_putc(o, ' ');
                cell_left(o, desc, cached ? w_desc[i] : security_text_width(desc), wdesc, false);
                out_putc(o, ' ');
                if (row->has_exposure)
                        cell_right(o, buf, tenths(buf, row->exposure), wexp);
                out_putc(o, '\n');
        }
        out_flush(o);
}

const char *security_verdict_smiley(SecurityVerdict v, bool emoji)
{
        static const char *const utf8[_SECURITY_VERDICT_MAX] = {
                [SECURITY_DANGEROUS] = "🤢", [SECURITY_UNSAFE] = "😨", [SECURITY_EXPOSED] = "🙁",
                [SECURITY_MEDIUM] = "😐",       [SECURITY_OK] = "🙂",  [SECURITY_SAFE] = "😀",
                [SECURITY_PERFECT] = "😇",
        };
        static const char *const ascii[_SECURITY_VERDICT_MAX] = {
                [SECURITY_DANGEROUS] = ":-[", [SECURITY_UNSAFE] = ":-{", [SECURITY_EXPOSED] = ":-(",
                [SECURITY_MEDIUM] = ":-|",    [SECURITY_OK] = ":-)",     [SECURITY_SAFE] = ":-}",
                [SECURITY_PERFECT] = ":-]",
        };
        if ((int) v < 0 || v >= _SECURITY_VERDICT_MAX)
                return "";
        return emoji ? utf8[v] : ascii[v];
}

void security_format_overall(const SecurityReport *r, const SecurityStyle *st, StrBuf *out)
{
        const char *arrow = st->utf8 ? "→" : "->", *id = strempty(r->unit_id);
        const char *verdict = strempty(security_verdict_to_string(r->verdict));
        const char *smiley = security_verdict_smiley(r->verdict, st->emoji);
        TableOut table_out, *o = out_init(&table_out, out);
        char buf[24];

        /* "\n→ Overall exposure level for NAME: 9.6 UNSAFE 😨\n" */
        out_putc(o, '\n');
        out_putn(o, arrow, strlen(arrow));
        out_putn(o, " Overall exposure level for ", strlen(" Overall exposure level for "));
        out_putn(o, id, strlen(id));
        out_putn(o, ": ", 2);
        out_putn(o, buf, tenths(buf, r->exposure));
        out_putc(o, ' ');
        out_putn(o, verdict, strlen(verdict));
        out_putc(o, ' ');
        out_putn(o, smiley, strlen(smiley));
        out_putc(o, '\n');
        out_flush(o);
}

void security_format_overview(const SecurityReport *const *reports, size_t n,
                              const SecurityStyle *st, StrBuf *out)
{
        size_t wunit = strlen("UNIT"), wexp = strlen("EXPOSURE"), wpred = strlen("PREDICATE");
        TableOut table_out, *o = out_init(&table_out, out);
        char buf[24];

        for (size_t i = 0; i < n; i++) {
                wunit = MAX(wunit, security_text_width(strempty(reports[i]->unit_id)));
                wexp = MAX(wexp, tenths(buf, reports[i]->exposure));
                wpred = MAX(wpred, strlen(security_verdict_to_string(reports[i]->verdict)));
        }
        cell_left(o, "UNIT", strlen("UNIT"), wunit, false);
        out_putc(o, ' ');
        cell_right(o, "EXPOSURE", strlen("EXPOSURE"), wexp);
        out_putc(o, ' ');
        cell_left(o, "PREDICATE", strlen("PREDICATE"), wpred, false);
        out_putn(o, " HAPPY\n", strlen(" HAPPY\n"));
        for (size_t i = 0; i < n; i++) {
                const char *id = strempty(reports[i]->unit_id);
                const char *pred = security_verdict_to_string(reports[i]->verdict);
                const char *smiley = security_verdict_smiley(reports[i]->verdict, st->emoji);
                cell_left(o, id, security_text_width(id), wunit, false);
                out_putc(o, ' ');
                cell_right(o, buf, tenths(buf, reports[i]->exposure), wexp);
                out_putc(o, ' ');
                cell_left(o, pred, strlen(pred), wpred, false);
                out_putc(o, ' ');
                out_putn(o, smiley, strlen(smiley));
                out_putc(o, '\n');
        }
        out_flush(o);
}
