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
        unsigned from, to; /* physical lines of the assignment it applies to; 0 = not yet known */
        char **rules;
} Suppression;

typedef struct SuppressionList {
        Suppression *items; /* per-assignment, in ascending line order */
        size_t n, cap;
        char **whole_file; /* rules disabled in the whole file */
} SuppressionList;

static void suppression_list_done(SuppressionList *l)
{
        for (size_t i = 0; i < l->n; i++)
                strv_free(l->items[i].rules);
        free(l->items);
        strv_free(l->whole_file);
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

static int add_pending(SuppressionList *l, const char *arg)
{
        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 8;
                Suppression *t = realloc(l->items, cap * sizeof(Suppression));
                if (!t)
                        return -ENOMEM;
                l->items = t;
                l->cap = cap;
        }
        l->items[l->n] = (Suppression){0};
        return parse_rules(arg, strcspn(arg, "#;"), &l->items[l->n++].rules);
}

/* One forward pass: "disable=" comments wait for the next assignment line, which then gives
 * them their range (with its continuation lines). */
static int parse_lines(char *data, SuppressionList *l)
{
        size_t pending = 0; /* items from here on have no range yet */
        unsigned line = 0;

        for (char *p = data, *nl; p; p = nl ? nl + 1 : NULL) {
                const char *m, *arg, *t;
                int r;

                nl = strchr(p, '\n');
                if (nl)
                        *nl = '\0';
                line++;
                t = p + strspn(p, WHITESPACE);
                if (t[0] == '\0')
                        continue;
                if (!is_comment(t)) {
                        unsigned first = line;

                        /* Continuation lines belong to the same assignment. */
                        while (nl && endswith(p, "\\")) {
                                p = nl + 1;
                                nl = strchr(p, '\n');
                                if (nl)
                                        *nl = '\0';
                                line++;
                        }
                        for (; pending < l->n; pending++) {
                                l->items[pending].from = first;
                                l->items[pending].to = line;
                        }
                        continue;
                }
                m = strstr(t, SUPPRESS_MARK);
                if (!m)
                        continue;
                m += strlen(SUPPRESS_MARK);
                m += strspn(m, WHITESPACE);
                if ((arg = startswith(m, "disable-file=")))
                        r = parse_rules(arg, strcspn(arg, "#;"), &l->whole_file);
                else if ((arg = startswith(m, "disable=")))
                        r = add_pending(l, arg);
                else
                        r = 0;
                if (r < 0)
                        return r;
        }
        return 0;
}

static int read_suppressions(const char *file, SuppressionList *l)
{
        _cleanup_free_ char *data = NULL;
        size_t size;

        if (read_full_file(file, UNIT_FILE_SIZE_MAX, &data, &size) < 0)
                return 0; /* the loader reported what is wrong with the file */
        if (!strstr(data, SUPPRESS_MARK))
                return 0;
        return parse_lines(data, l);
}

static int cmp_line_to_range(const void *key, const void *elem)
{
        unsigned line = *(const unsigned *) key;
        const Suppression *s = elem;

        return line < s->from ? -1 : line > s->to ? 1 : 0;
}

static bool suppressed(const SuppressionList *l, const Diag *d)
{
        const Suppression *hit;
        size_t placed = l->n;

        if (strv_contains(l->whole_file, d->rule))
                return true;
        /* Items without a range (no assignment followed) are at the end. */
        while (placed > 0 && l->items[placed - 1].from == 0)
                placed--;
        hit = bsearch(&d->line, l->items, placed, sizeof(Suppression), cmp_line_to_range);
        if (!hit)
                return false;
        /* Several comments may name the same assignment: look at all of them. */
        while (hit > l->items && hit[-1].from == hit->from)
                hit--;
        for (; hit < l->items + placed && hit->from <= d->line && d->line <= hit->to; hit++)
                if (strv_contains(hit->rules, d->rule))
                        return true;
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
                if (l.n == 0 && !l.whole_file)
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
