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
        char *section;       /* current section, NULL outside / in an ignored one */
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
                if (strchr("\"'\\\x7f", *t))
                        return false;
        }
        return true;
}

static int lexer_add_assignment(Lexer *lx, const char *key, const char *value, unsigned line,
                                unsigned column)
{
        Unit *u = lx->u;
        Assignment *n;
        Assignment a = {.file = lx->file,
                        .line = line,
                        .column = column,
                        .from_dropin = lx->dropin,
                        .line_end = lx->line_end};

        if (u->n_assignments >= UNIT_LIST_MAX * 4)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_ERROR,
                                "Too many assignments, ignoring line.");

        /* Grow geometrically: capacity is the next power of two (Unit keeps no capacity). */
        if ((u->n_assignments & (u->n_assignments - 1)) == 0) {
                size_t cap = u->n_assignments ? u->n_assignments * 2 : 8;
                if (u->n_assignments && u->n_assignments < 8)
                        cap = 8;
                n = realloc(u->assignments, cap * sizeof(Assignment));
                if (!n)
                        return -ENOMEM;
                u->assignments = n;
        }
        a.section = strdup(lx->section);
        a.key = strdup(key);
        a.value = strdup(value);
        if (!a.section || !a.key || !a.value) {
                free(a.section);
                free(a.key);
                free(a.value);
                return -ENOMEM;
        }
        u->assignments[u->n_assignments++] = a;
        return 0;
}

/* One logical line (modified in place). base_col is the 1-based column of l[0] on the first
 * physical line; first_len how many bytes of l came from that line. Returns -EBADMSG when
 * systemd would refuse the whole file. */
static int lexer_parse_line(Lexer *lx, unsigned line, char *l, unsigned base_col, size_t first_len)
{
        char *start = l, *e, *key, *value;
        size_t voff;
        int r;

        l = strstrip(l);
        if (isempty(l))
                return 0;

        if (!utf8_is_valid(l)) {
                r = diag_add(lx->diags, lx->file, lx->line_end, 0, "invalid-utf8", DIAG_ERROR, NULL,
                             "String is not UTF-8 clean, refusing file.");
                return r < 0 ? r : -EBADMSG;
        }

        if (l[0] == '[') {
                size_t k = strlen(l);
                _cleanup_free_ char *n = NULL;

                if (l[k - 1] != ']') {
                        r = diag_add(lx->diags, lx->file, lx->line_end, 0, "syntax", DIAG_ERROR,
                                     NULL, "Invalid section header '%s'", l);
                        return r < 0 ? r : -EBADMSG;
                }
                n = strndup(l + 1, k - 2);
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

        e = strchr(l, '=');
        if (!e)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_WARNING,
                                "Missing '=', ignoring line.");
        if (e == l)
                return lex_warn(lx, lx->line_end, "syntax", DIAG_WARNING,
                                "Missing key name before '=', ignoring line.");
        *e = '\0';
        key = strstrip(l);
        value = strstrip(e + 1);

        /* Column of the value on the key's line; 0 when the value starts on a later line. */
        voff = (size_t) (value - start);
        return lexer_add_assignment(lx, key, value, line,
                                    voff < first_len ? base_col + (unsigned) voff : 0);
}

static int lex_refuse(Lexer *lx, unsigned line, const char *rule, const char *msg)
{
        int r = diag_add(lx->diags, lx->file, line, 0, rule, DIAG_ERROR, NULL, "%s", msg);
        return r < 0 ? r : -EBADMSG;
}

/* Returns the length of the physical line at p (up to end) and the length of its terminator. */
static size_t next_line(const char *p, const char *end, size_t *ret_eol)
{
        const char *q = p;

        while (q < end && *q != '\n' && *q != '\r')
                q++;
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
        bool bom_seen = false;
        int r;

        while (p < end) {
                size_t len, eol, skip = 0, n;
                bool escaped = false;
                const char *l;

                len = next_line(p, end, &eol);
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
                        if (!utf8_is_valid_n(l, len)) {
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
                        size_t cap = MAX(cont_len + len + 1, cont_cap * 2);
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
                /* Only the new part needs scanning: an earlier trailing backslash was replaced
                 * by a blank, so the escape state at the join is always "not escaped". */
                for (size_t i = cont_len; i < cont_len + len; i++) {
                        if (escaped)
                                escaped = false;
                        else if (cont[i] == '\\')
                                escaped = true;
                }
                cont_len += len;
                if (escaped) {
                        cont[cont_len - 1] = ' ';
                        continue;
                }

                lx->line_end = line;
                r = lexer_parse_line(lx, cont_line, cont, cont_col, cont_first_len);
                if (r < 0)
                        return r;
                cont_len = 0; /* the buffer is kept for the next logical line */
                cont_line = 0;
        }

        /* A trailing backslash at EOF: systemd parses what it has, numbering it one line past
         * the end. */
        if (cont_line > 0) {
                lx->line_end = line + 1;
                return lexer_parse_line(lx, cont_line, cont, cont_col, cont_first_len);
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
