/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit-file lexer with the line semantics of systemd 252's config_parse():
 * - a physical line ends at '\n', '\r', "\r\n" or "\n\r" (a run of distinct EOL bytes);
 * - a line whose first non-blank byte is '#' or ';' is a comment, even in a continuation;
 * - a line ending in an odd number of backslashes continues: the backslash becomes a space and
 *   the next (non-comment) line is appended verbatim. "\ " with trailing blanks is not one;
 * - a UTF-8 BOM is skipped at the start of the first line that has one;
 * - the logical line is stripped of blanks; "[Name]" opens a section, "Key=Value" assigns with
 *   blanks around both parts stripped.
 * systemd refuses the whole file for a bad section header, non-UTF-8 content and over-long
 * lines; cordon also refuses NUL bytes (systemd would treat them as line ends). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "string-util.h"
#include "unit.h"
#include "utf8.h"

#define UTF8_BOM "\xEF\xBB\xBF"

typedef struct Lexer {
        Unit *u;
        const char *file; /* interned */
        bool dropin;
        DiagList *diags;
        char *section; /* current section, NULL outside / in an ignored one */
        size_t section_len;
        bool utf8_valid;     /* the whole file is valid UTF-8: no per-line checks needed */
        unsigned line_end;   /* systemd's line number for the logical line being parsed */
        unsigned n_warnings; /* non-fatal diagnostics so far (capped) */
        bool section_ignored;
} Lexer;

/* Bound on non-fatal diagnostics per file: a hostile file of 4 MiB of "x" lines must not turn
 * into millions of diagnostics. */
#define LEX_WARNINGS_MAX 1000u

/* A problem systemd warns about and skips: reported unless the per-file cap is reached. */
_printf_(5, 6) static int lex_warn(Lexer *lx, unsigned line, const char *rule, DiagSeverity sev,
                                   const char *fmt, ...)
{
        _cleanup_free_ char *msg = NULL;
        va_list ap;
        int n;

        if (lx->n_warnings > LEX_WARNINGS_MAX)
                return 0;
        if (lx->n_warnings++ == LEX_WARNINGS_MAX)
                return diag_add(lx->diags, lx->file, line, 0, "syntax", DIAG_WARNING, NULL,
                                "Too many problems in this file, not reporting more.");
        va_start(ap, fmt);
        n = vasprintf(&msg, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        return diag_add(lx->diags, lx->file, line, 0, rule, sev, NULL, "%s", msg);
}

static bool string_is_safe(const char *p)
{
        for (const char *t = p; *t; t++) {
                if (*t > 0 && *t < ' ')
                        return false;
                if (*t == '"' || *t == '\'' || *t == '\\' || *t == '\x7f')
                        return false;
        }
        return true;
}

static bool is_blank(char c)
{
        return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* WHITESPACE */
}

static int lexer_add_assignment(Lexer *lx, const char *key, size_t key_len, const char *value,
                                size_t value_len, unsigned line, unsigned column)
{
        Unit *u = lx->u;
        Assignment *n;
        char *block;
        Assignment a = {.file = lx->file,
                        .line = line,
                        .column = column,
                        .from_dropin = lx->dropin,
                        .line_end = lx->line_end};

        if (u->n_assignments >= UNIT_LIST_MAX * 4)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_ERROR,
                                "Too many assignments, ignoring line.");

        /* Grow geometrically (Unit keeps no capacity): 32 slots first, then doubled whenever
         * the count reaches a power of two. */
        if (u->n_assignments == 0 ||
            (u->n_assignments >= 32 && (u->n_assignments & (u->n_assignments - 1)) == 0)) {
                size_t cap = u->n_assignments ? u->n_assignments * 2 : 32;
                n = realloc(u->assignments, cap * sizeof(Assignment));
                if (!n)
                        return -ENOMEM;
                u->assignments = n;
        }
        /* Section, key and value share one allocation, owned through .section (see unit.h):
         * one malloc()/free() per line instead of three. All three lengths are bounded by
         * UNIT_LINE_MAX, so the sum cannot overflow. */
        block = malloc(lx->section_len + key_len + value_len + 3);
        if (!block)
                return -ENOMEM;
        a.section = block;
        a.key = block + lx->section_len + 1;
        a.value = a.key + key_len + 1;
        memcpy(a.section, lx->section, lx->section_len + 1);
        memcpy(a.key, key, key_len);
        a.key[key_len] = '\0';
        memcpy(a.value, value, value_len);
        a.value[value_len] = '\0';
        u->assignments[u->n_assignments++] = a;
        return 0;
}

/* One logical line l of len bytes (NUL-terminated, modified in place). base_col is the 1-based
 * column of l[0] on the first physical line; first_len how many bytes of l came from that
 * line. Returns -EBADMSG when systemd would refuse the whole file. */
static int lexer_parse_line(Lexer *lx, unsigned line, char *l, size_t len, unsigned base_col,
                            size_t first_len)
{
        char *start = l, *e, *key, *value;
        size_t voff, key_len;
        int r;

        /* strstrip() with the length known */
        while (len > 0 && is_blank(l[len - 1]))
                len--;
        l[len] = '\0';
        while (len > 0 && is_blank(*l)) {
                l++;
                len--;
        }
        if (len == 0)
                return 0;

        if (!lx->utf8_valid && !utf8_is_valid_n(l, len)) {
                r = diag_add(lx->diags, lx->file, lx->line_end, 0, "invalid-utf8", DIAG_ERROR, NULL,
                             "String is not UTF-8 clean, refusing file.");
                return r < 0 ? r : -EBADMSG;
        }

        if (l[0] == '[') {
                _cleanup_free_ char *n = NULL;

                if (l[len - 1] != ']') {
                        r = diag_add(lx->diags, lx->file, lx->line_end, 0, "syntax", DIAG_ERROR,
                                     NULL, "Invalid section header '%s'", l);
                        return r < 0 ? r : -EBADMSG;
                }
                n = strndup(l + 1, len - 2);
                if (!n)
                        return -ENOMEM;
                if (!string_is_safe(n)) {
                        r = diag_add(lx->diags, lx->file, lx->line_end, 0, "syntax", DIAG_ERROR,
                                     NULL, "Bad characters in section header '%s'", l);
                        return r < 0 ? r : -EBADMSG;
                }
                if (!unit_section_applies(lx->u, n)) {
                        /* X- sections are extensions, ignored silently (as systemd). */
                        if (!startswith(n, "X-")) {
                                r = lex_warn(lx, lx->line_end, "unknown-section", DIAG_WARNING,
                                             "Unknown section '%s'. Ignoring.", n);
                                if (r < 0)
                                        return r;
                        }
                        lx->section = mfree(lx->section);
                        lx->section_ignored = true;
                } else {
                        lx->section_len = strlen(n);
                        free_and_replace(lx->section, n);
                        lx->section_ignored = false;
                }
                return 0;
        }

        if (!lx->section) {
                if (lx->section_ignored)
                        return 0;
                return lex_warn(lx, lx->line_end, "syntax", DIAG_WARNING,
                                "Assignment outside of section. Ignoring.");
        }

        e = memchr(l, '=', len);
        if (!e)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_WARNING,
                                "Missing '=', ignoring line.");
        if (e == l)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_WARNING,
                                "Missing key name before '=', ignoring line.");
        /* The line is stripped: the key starts at l, the value ends at l + len. */
        key = l;
        key_len = (size_t) (e - l);
        while (key_len > 0 && is_blank(key[key_len - 1]))
                key_len--;
        value = e + 1;
        while (is_blank(*value))
                value++;

        /* Column of the value on the key's line; 0 when the value starts on a later line. */
        voff = (size_t) (value - start);
        return lexer_add_assignment(lx, key, key_len, value, (size_t) (l + len - value), line,
                                    voff < first_len ? base_col + (unsigned) voff : 0);
}

static int lex_refuse(Lexer *lx, unsigned line, const char *rule, const char *msg)
{
        int r = diag_add(lx->diags, lx->file, line, 0, rule, DIAG_ERROR, NULL, "%s", msg);
        return r < 0 ? r : -EBADMSG;
}

/* Returns the length of the physical line at p (up to end) and the length of its terminator.
 * memchr() instead of a byte loop; most files have no '\r' at all (has_cr). */
static size_t next_line(const char *p, const char *end, bool has_cr, size_t *ret_eol)
{
        const char *q = memchr(p, '\n', (size_t) (end - p));

        if (!q)
                q = end;
        if (has_cr) {
                const char *c = memchr(p, '\r', (size_t) (q - p));
                if (c)
                        q = c;
        }
        *ret_eol = 0;
        if (q < end) {
                *ret_eol = 1;
                /* "\r\n" and "\n\r" are one terminator; "\n\n" are two. */
                if (q + 1 < end && (q[1] == '\n' || q[1] == '\r') && q[1] != q[0])
                        *ret_eol = 2;
        }
        return (size_t) (q - p);
}

static int lex_lines(Lexer *lx, const char *data, size_t size)
{
        const char *p = data, *end = data + size;
        _cleanup_free_ char *cont = NULL; /* the logical line being continued */
        size_t cont_len = 0, cont_cap = 0, cont_first_len = 0;
        unsigned line = 0, cont_line = 0, cont_col = 1;
        bool bom_seen = false, has_cr = memchr(data, '\r', size) != NULL;
        int r;

        /* Splitting valid UTF-8 at ASCII bytes (line ends, blanks, '=', a backslash turned into
         * a blank, a whole BOM) leaves valid UTF-8: one check of the file covers every line. */
        lx->utf8_valid = utf8_is_valid_n(data, size);

        while (p < end) {
                size_t len, eol, skip = 0, n, k;
                const char *l;

                len = next_line(p, end, has_cr, &eol);
                l = p;
                p += len + eol;
                line++;

                if (len > UNIT_LINE_MAX)
                        return lex_refuse(lx, line, "line-too-long",
                                          "Line too long, refusing file.");

                n = 0; /* blanks; no \r or \n inside a physical line; data is not NUL-ended */
                while (n < len && (l[n] == ' ' || l[n] == '\t'))
                        n++;
                if (n < len && (l[n] == '#' || l[n] == ';')) {
                        if (!lx->utf8_valid && !utf8_is_valid_n(l, len)) {
                                /* systemd never looks at comments; still worth a warning. */
                                r = lex_warn(lx, line, "invalid-utf8", DIAG_WARNING,
                                             "Comment is not UTF-8 clean.");
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }

                if (!bom_seen && len >= 3 && memcmp(l, UTF8_BOM, 3) == 0) {
                        skip = 3;
                        bom_seen = true;
                }
                l += skip;
                len -= skip;

                if (cont_len + len > UNIT_LINE_MAX)
                        return lex_refuse(lx, line, "line-too-long",
                                          "Continuation line too long, refusing file.");

                /* Append to the logical line buffer, growing it geometrically (long
                 * continuations must stay linear). */
                if (cont_len + len + 1 > cont_cap) {
                        size_t cap = MAX(MAX(cont_len + len + 1, cont_cap * 2), (size_t) 256);
                        char *t = realloc(cont, cap);
                        if (!t)
                                return -ENOMEM;
                        cont = t;
                        cont_cap = cap;
                }
                memcpy(cont + cont_len, l, len);
                cont[cont_len + len] = '\0';
                if (cont_line == 0) {
                        cont_line = line;
                        cont_col = (unsigned) skip + 1;
                        cont_first_len = len;
                }
                cont_len += len;
                /* The line continues iff it ends in an odd run of backslashes: an earlier
                 * trailing backslash was replaced by a blank, and each non-backslash byte ends
                 * any escape, so only the final run of this line counts. */
                for (k = 0; k < len && l[len - 1 - k] == '\\'; k++)
                        ;
                if (k % 2 == 1) {
                        cont[cont_len - 1] = ' ';
                        continue;
                }

                lx->line_end = line;
                r = lexer_parse_line(lx, cont_line, cont, cont_len, cont_col, cont_first_len);
                if (r < 0)
                        return r;
                cont_len = 0; /* the buffer is kept for the next logical line */
                cont_line = 0;
        }

        /* A trailing backslash at EOF: systemd parses what it has, numbering it one line past
         * the end. */
        if (cont_line > 0) {
                lx->line_end = line + 1;
                return lexer_parse_line(lx, cont_line, cont, cont_len, cont_col, cont_first_len);
        }
        return 0;
}

int unit_lex_buffer(Unit *u, const char *path, const char *data, size_t size, bool dropin,
                    DiagList *diags)
{
        Lexer lx = {.u = u, .dropin = dropin, .diags = diags};
        const char *nul;
        int r;

        lx.file = unit_intern_file(u, path ? path : u->id);
        if (!lx.file)
                return -ENOMEM;
        if (size == 0)
                return 0; /* nothing to lex (data may be NULL) */

        if (size > UNIT_FILE_SIZE_MAX)
                return lex_refuse(&lx, 0, "file-too-large", "File too large, refusing.");

        nul = memchr(data, '\0', size);
        if (nul) {
                unsigned line = 1;
                for (const char *q = data; q < nul; q++)
                        if (*q == '\n')
                                line++;
                return lex_refuse(&lx, line, "nul-byte", "File contains a NUL byte, refusing.");
        }

        r = lex_lines(&lx, data, size);
        free(lx.section);
        return r;
}
