/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Suppressions written in the unit files themselves, for projects that lint in CI:
 *
 *     # cordon-lint: disable=kill-mode-none,forking-without-pidfile
 *     KillMode=none
 *
 * silences those rules on the next assignment (all lines of a continued one), and
 *
 *     # cordon-lint: disable-file=relative-exec-path
 *
 * silences a rule for the whole file. systemd ignores comments, so this changes nothing else.
 * The lexer drops comments, hence the files are read again here (size-limited, regular files
 * only, like the loader). */
#include <stdlib.h>
#include <string.h>

#include "fileio.h"
#include "lint-internal.h"
#include "string-util.h"
#include "strv.h"

#define SUPPRESS_MARK "cordon-lint:"

typedef struct Suppression {
        unsigned from, to; /* physical lines; 0, 0 = whole file */
        char **rules;
} Suppression;

typedef struct SuppressionList {
        Suppression *items;
        size_t n;
} SuppressionList;

static void suppression_list_done(SuppressionList *l)
{
        for (size_t i = 0; i < l->n; i++)
                strv_free(l->items[i].rules);
        free(l->items);
        *l = (SuppressionList){0};
}

/* Splits "a,b" into rules; unknown ids are kept (they simply match nothing). */
static int parse_rules(const char *s, size_t len, char ***ret)
{
        _cleanup_free_ char *copy = strndup(s, len);
        char *save = NULL;

        if (!copy)
                return -ENOMEM;
        for (char *w = strtok_r(copy, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save))
                if (strv_extend(ret, w) < 0)
                        return -ENOMEM;
        return 0;
}

static bool is_comment(const char *line)
{
        line += strspn(line, WHITESPACE);
        return line[0] == '#' || line[0] == ';';
}

/* The physical lines of the first assignment after line index i (continuations included). */
static void next_assignment(char *const *lines, size_t i, unsigned *from, unsigned *to)
{
        *from = *to = 0;
        for (i++; lines[i]; i++) {
                const char *l = lines[i] + strspn(lines[i], WHITESPACE);
                if (l[0] == '\0' || is_comment(l))
                        continue;
                *from = *to = (unsigned) i + 1;
                while (lines[i] && endswith(lines[i], "\\") && lines[i + 1]) {
                        i++;
                        (*to)++;
                }
                return;
        }
}

static int read_suppressions(const char *file, SuppressionList *l)
{
        _cleanup_free_ char *data = NULL;
        _cleanup_strv_free_ char **lines = NULL;
        size_t size;

        if (read_full_file(file, UNIT_FILE_SIZE_MAX, &data, &size) < 0)
                return 0; /* the loader reported what is wrong with the file */
        if (!strstr(data, SUPPRESS_MARK))
                return 0;
        /* strtok_r would merge empty lines and shift the numbering: split by hand. */
        for (char *p = data, *nl; p; p = nl ? nl + 1 : NULL) {
                nl = strchr(p, '\n');
                if (nl)
                        *nl = '\0';
                if (strv_extend(&lines, p) < 0)
                        return -ENOMEM;
        }
        for (size_t i = 0; lines && lines[i]; i++) {
                const char *m = strstr(lines[i], SUPPRESS_MARK), *arg;
                Suppression s = {0};
                bool whole;
                int r;

                if (!m || !is_comment(lines[i]))
                        continue;
                m += strlen(SUPPRESS_MARK);
                m += strspn(m, WHITESPACE);
                if ((arg = startswith(m, "disable-file=")))
                        whole = true;
                else if ((arg = startswith(m, "disable=")))
                        whole = false;
                else
                        continue;
                if (!whole) {
                        next_assignment(lines, i, &s.from, &s.to);
                        if (s.from == 0)
                                continue;
                }
                r = parse_rules(arg, strcspn(arg, "#;"), &s.rules);
                if (r < 0) {
                        strv_free(s.rules);
                        return r;
                }
                Suppression *t = realloc(l->items, (l->n + 1) * sizeof(Suppression));
                if (!t) {
                        strv_free(s.rules);
                        return -ENOMEM;
                }
                l->items = t;
                l->items[l->n++] = s;
        }
        return 0;
}

static bool suppressed(const SuppressionList *l, const Diag *d)
{
        for (size_t i = 0; i < l->n; i++) {
                const Suppression *s = &l->items[i];
                bool in = s->from == 0 || (d->line >= s->from && d->line <= s->to);
                if (in && strv_contains(s->rules, d->rule))
                        return true;
        }
        return false;
}

int lint_apply_suppressions(const Unit *u, DiagList *diags)
{
        STRV_FOREACH (f, u->files) {
                _cleanup_(suppression_list_done) SuppressionList l = {0};
                size_t n = 0;
                int r;

                r = read_suppressions(*f, &l);
                if (r < 0)
                        return r;
                if (l.n == 0)
                        continue;
                for (size_t i = 0; i < diags->n; i++) {
                        Diag *d = &diags->items[i];
                        if (d->file && streq(d->file, *f) && suppressed(&l, d)) {
                                free(d->file);
                                free(d->message);
                                free(d->fix);
                                continue;
                        }
                        diags->items[n++] = *d;
                }
                diags->n = n;
        }
        return 0;
}
