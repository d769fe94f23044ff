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

size_t security_text_width(const char *s)
{
        size_t w = 0;
        const char *q = s;
        /* fast path: plain ASCII, one column per byte */
        while (q && *q > 0x1f && *q < 0x7f)
                q++;
        if (q && !*q)
                return (size_t) (q - s);
        const unsigned char *p = (const unsigned char *) s;
        while (p && *p) {
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

static void pad(StrBuf *out, size_t n)
{
        static const char spaces[] =
                "                                                                ";
        while (n > 0) {
                size_t k = MIN(n, sizeof(spaces) - 1);
                strbuf_putn(out, spaces, k);
                n -= k;
        }
}

/* A cell left-aligned to width; the last column drops trailing blanks. */
static void cell_left(StrBuf *out, const char *s, size_t width, bool last)
{
        strbuf_puts(out, s);
        size_t w = security_text_width(s);
        if (!last && w < width)
                pad(out, width - w);
}

static void cell_right(StrBuf *out, const char *s, size_t width)
{
        size_t w = security_text_width(s);
        if (w < width)
                pad(out, width - w);
        strbuf_puts(out, s);
}

static void tenths(char buf[static 32], uint64_t x)
{
        snprintf(buf, 32, "%" PRIu64 ".%" PRIu64, x / 10, x % 10);
}

void security_format_table(const SecurityReport *r, const SecurityStyle *st, StrBuf *out)
{
        size_t wname = strlen("NAME"), wdesc = strlen("DESCRIPTION"), wexp = strlen("EXPOSURE");
        char buf[32];

        for (size_t i = 0; i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                wname = MAX(wname, security_text_width(row->assessor->id));
                wdesc = MAX(wdesc, security_text_width(strempty(row->description)));
                if (row->has_exposure) {
                        tenths(buf, row->exposure);
                        wexp = MAX(wexp, strlen(buf));
                }
        }

        /* Header: the checkmark column's title is a single blank. */
        strbuf_puts(out, "  ");
        cell_left(out, "NAME", wname, false);
        strbuf_putc(out, ' ');
        cell_left(out, "DESCRIPTION", wdesc, false);
        strbuf_putc(out, ' ');
        cell_right(out, "EXPOSURE", wexp);
        strbuf_putc(out, '\n');

        for (size_t i = 0; i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                if (row->set < 0)
                        strbuf_putc(out, ' ');
                else if (row->set > 0)
                        strbuf_puts(out, st->utf8 ? "✓" : "+");
                else
                        strbuf_puts(out, st->utf8 ? "✗" : "-");
                strbuf_putc(out, ' ');
                cell_left(out, row->assessor->id, wname, false);
                strbuf_putc(out, ' ');
                cell_left(out, strempty(row->description), wdesc, false);
                strbuf_putc(out, ' ');
                if (row->has_exposure) {
                        tenths(buf, row->exposure);
                        cell_right(out, buf, wexp);
                }
                strbuf_putc(out, '\n');
        }
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
        strbuf_printf(out, "\n%s Overall exposure level for %s: %" PRIu64 ".%" PRIu64 " %s %s\n",
                      st->utf8 ? "→" : "->", strempty(r->unit_id), r->exposure / 10,
                      r->exposure % 10, security_verdict_to_string(r->verdict),
                      security_verdict_smiley(r->verdict, st->emoji));
}

void security_format_overview(const SecurityReport *const *reports, size_t n,
                              const SecurityStyle *st, StrBuf *out)
{
        size_t wunit = strlen("UNIT"), wexp = strlen("EXPOSURE"), wpred = strlen("PREDICATE");
        char buf[32];

        for (size_t i = 0; i < n; i++) {
                wunit = MAX(wunit, security_text_width(strempty(reports[i]->unit_id)));
                tenths(buf, reports[i]->exposure);
                wexp = MAX(wexp, strlen(buf));
                wpred = MAX(wpred, strlen(security_verdict_to_string(reports[i]->verdict)));
        }
        cell_left(out, "UNIT", wunit, false);
        strbuf_putc(out, ' ');
        cell_right(out, "EXPOSURE", wexp);
        strbuf_putc(out, ' ');
        cell_left(out, "PREDICATE", wpred, false);
        strbuf_puts(out, " HAPPY\n");
        for (size_t i = 0; i < n; i++) {
                cell_left(out, strempty(reports[i]->unit_id), wunit, false);
                strbuf_putc(out, ' ');
                tenths(buf, reports[i]->exposure);
                cell_right(out, buf, wexp);
                strbuf_putc(out, ' ');
                cell_left(out, security_verdict_to_string(reports[i]->verdict), wpred, false);
                strbuf_putc(out, ' ');
                strbuf_puts(out, security_verdict_smiley(reports[i]->verdict, st->emoji));
                strbuf_putc(out, '\n');
        }
}
