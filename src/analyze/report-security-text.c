/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The text layout of systemd's format-table as `systemd-analyze security` uses it when not
 * writing to a terminal: every column as wide as its widest cell, one space between columns,
 * the EXPOSURE column right-aligned, trailing blanks of the last column dropped. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
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

        if (x < 100) { /* every row's share and most totals: "d.d" */
                buf[0] = (char) ('0' + x / 10);
                buf[1] = '.';
                buf[2] = (char) ('0' + x % 10);
                return 3;
        }
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

/* Byte length and console width of a cell. */
typedef struct Cell {
        const char *s;
        size_t len, width;
} Cell;

static Cell cell_of(const char *s)
{
        size_t len = strlen(s);
        return (Cell){.s = s, .len = len, .width = security_text_width(s)};
}

/* Width memo for the built-in table's texts (constant strings, measured once per process): an
 * assessor's name and its good/bad/N/A descriptions. Other texts (policy overrides, per-unit
 * descriptions) are measured every time. */
typedef struct AssessorCells {
        bool done;
        Cell id, good, bad, na;
} AssessorCells;

static AssessorCells assessor_cells[SECURITY_ASSESSORS_MAX];

static const AssessorCells *assessor_cells_get(const SecurityRow *row)
{
        const SecurityAssessor *a = row->assessor;
        size_t n;
        const SecurityAssessor *t = security_assessors(&n);

        if (a < t || a >= t + n || (size_t) (a - t) >= SECURITY_ASSESSORS_MAX)
                return NULL;
        AssessorCells *c = assessor_cells + (a - t);
        if (!c->done) {
                c->id = cell_of(a->id);
                c->good = cell_of(strempty(a->description_good));
                c->bad = cell_of(strempty(a->description_bad));
                c->na = cell_of(strempty(a->description_na));
                c->done = true;
        }
        return c;
}

static void row_cells(const SecurityRow *row, Cell *ret_id, Cell *ret_desc)
{
        const AssessorCells *c = assessor_cells_get(row);
        const SecurityAssessor *a = row->assessor;
        const char *d = row->description;

        *ret_id = c ? c->id : cell_of(a->id);
        if (c && d && d == a->description_good)
                *ret_desc = c->good;
        else if (c && d && d == a->description_bad)
                *ret_desc = c->bad;
        else if (c && d && d == a->description_na)
                *ret_desc = c->na;
        else
                *ret_desc = cell_of(strempty(d));
}

/* Room for n more bytes in the local buffer, or NULL when a piece that large must take the
 * slow path. */
static char *out_reserve(TableOut *o, size_t n)
{
        if (n > sizeof(o->buf) - o->n) {
                out_flush(o);
                if (n > sizeof(o->buf))
                        return NULL;
        }
        return o->buf + o->n;
}

static char *put_padded(char *p, const Cell *c, size_t width, bool right)
{
        size_t pad = c->width < width ? width - c->width : 0;
        if (right) {
                memset(p, ' ', pad);
                p += pad;
        }
        memcpy(p, c->s, c->len);
        p += c->len;
        if (!right) {
                memset(p, ' ', pad);
                p += pad;
        }
        return p;
}

typedef struct TableRow {
        Cell id, desc;
        char exposure[24];
        size_t exposure_len; /* 0: empty cell */
} TableRow;

void security_format_table(const SecurityReport *r, const SecurityStyle *st, StrBuf *out)
{
        size_t wname = strlen("NAME"), wdesc = strlen("DESCRIPTION"), wexp = strlen("EXPOSURE");
        const char *glyph_good = st->utf8 ? "✓" : "+", *glyph_bad = st->utf8 ? "✗" : "-";
        TableOut table_out, *o = out_init(&table_out, out);
        TableRow stack_rows[SECURITY_ASSESSORS_MAX], *rows = stack_rows;
        _cleanup_free_ TableRow *heap_rows = NULL;
        size_t n = r->n_rows;

        if (n > ELEMENTSOF(stack_rows)) { /* more rows than the built-in table: not expected */
                rows = heap_rows = calloc(n, sizeof(TableRow));
                if (!rows) {
                        out->oom = true;
                        return;
                }
        }

        for (size_t i = 0; i < n; i++) {
                const SecurityRow *row = r->rows + i;
                TableRow *t = rows + i;
                row_cells(row, &t->id, &t->desc);
                t->exposure_len = row->has_exposure ? tenths(t->exposure, row->exposure) : 0;
                wname = MAX(wname, t->id.width);
                wdesc = MAX(wdesc, t->desc.width);
                wexp = MAX(wexp, t->exposure_len);
        }

        /* Header: the checkmark column's title is a single blank. */
        out_putn(o, "  ", 2);
        cell_left(o, "NAME", strlen("NAME"), wname, false);
        out_putc(o, ' ');
        cell_left(o, "DESCRIPTION", strlen("DESCRIPTION"), wdesc, false);
        out_putc(o, ' ');
        cell_right(o, "EXPOSURE", strlen("EXPOSURE"), wexp);
        out_putc(o, '\n');

        for (size_t i = 0; i < n; i++) {
                const SecurityRow *row = r->rows + i;
                const TableRow *t = rows + i;
                const char *glyph = row->set < 0 ? " " : row->set > 0 ? glyph_good : glyph_bad;
                size_t glen = strlen(glyph);
                /* the row's exact size: widths ≥ cell widths, bytes ≥ widths for ASCII; wide
                 * characters need fewer columns than bytes, so this bounds every case */
                size_t need = glen + 1 + MAX(wname, t->id.len) + t->id.len + 1 +
                              MAX(wdesc, t->desc.len) + t->desc.len + 1 + wexp + 1;
                char *p = out_reserve(o, need);

                if (!p) { /* a giant policy text: piece by piece */
                        out_putn(o, glyph, glen);
                        out_putc(o, ' ');
                        cell_left(o, t->id.s, t->id.width, wname, false);
                        out_putc(o, ' ');
                        cell_left(o, t->desc.s, t->desc.width, wdesc, false);
                        out_putc(o, ' ');
                        if (t->exposure_len > 0)
                                cell_right(o, t->exposure, t->exposure_len, wexp);
                        out_putc(o, '\n');
                        continue;
                }
                memcpy(p, glyph, glen);
                p += glen;
                *p++ = ' ';
                p = put_padded(p, &t->id, wname, false);
                *p++ = ' ';
                p = put_padded(p, &t->desc, wdesc, false);
                *p++ = ' ';
                if (t->exposure_len > 0) {
                        Cell e = {
                                .s = t->exposure, .len = t->exposure_len, .width = t->exposure_len};
                        p = put_padded(p, &e, wexp, true);
                }
                *p++ = '\n';
                o->n = (size_t) (p - o->buf);
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
