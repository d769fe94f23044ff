/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rules about directives as such: unknown, misplaced, too new, removed, deprecated, assigned
 * twice. */
#include <stdlib.h>
#include <string.h>

#include "lint-internal.h"
#include "settings.h"
#include "string-util.h"

static int check_value_version(LintContext *c, const Assignment *a)
{
        unsigned since = directive_value_since(a->key, a->value);

        if (since <= c->version)
                return 0;
        return lint_emit(c, a, 0, "too-new", NULL,
                         "%s=%s needs systemd %u; systemd %u does not know this value and ignores "
                         "the assignment",
                         a->key, a->value, since, c->version);
}

/* The directive called name in a section other than section, if any. */
static const Directive *lookup_elsewhere(const char *name, UnitSectionId section)
{
        size_t n;
        const Directive *t = directive_table(&n);

        for (size_t i = 0; i < n; i++)
                if (t[i].section != section && streq(t[i].name, name))
                        return &t[i];
        return NULL;
}

int lint_check_directive(LintContext *c, const Assignment *a, UnitSectionId section,
                         const Directive *d)
{
        if (d->since > c->version)
                return lint_emit(c, a, 1, "too-new", NULL,
                                 "%s= needs systemd %u; systemd %u silently ignores it", a->key,
                                 (unsigned) d->since, c->version);
        if (d->removed && d->removed <= c->version)
                return lint_emit(c, a, 1, "removed", d->replacement,
                                 "%s= was removed in systemd %u; systemd %u ignores it", a->key,
                                 (unsigned) d->removed, c->version);
        if (d->flags & DIRECTIVE_DEPRECATED) {
                _cleanup_free_ char *fix = NULL;
                const Directive *rd = NULL;

                if (!d->replacement)
                        return lint_emit(c, a, 1, "deprecated", NULL,
                                         "%s= is deprecated; later systemd versions may drop it",
                                         a->key);
                /* Moved directives keep their name in another section. */
                rd = directive_lookup(section, d->replacement);
                if (!rd || rd == d)
                        rd = lookup_elsewhere(d->replacement, section);
                /* Values of secret directives never appear in findings. */
                if (!strchr(d->replacement, ' ') &&
                    !(fix = strjoin(d->replacement, "=",
                                    (d->flags & DIRECTIVE_SECRET) ? "…" : a->value)))
                        return -ENOMEM;
                if (rd && rd->section != section)
                        return lint_emit(c, a, 1, "deprecated", fix,
                                         "%s= in [%s] is deprecated (use %s= in [%s] instead)",
                                         a->key, a->section, d->replacement,
                                         unit_section_to_string(rd->section));
                return lint_emit(c, a, 1, "deprecated", fix ? fix : d->replacement,
                                 "%s= is deprecated (use %s= instead)", a->key, d->replacement);
        }
        return check_value_version(c, a);
}

static int cmp_assignment(const void *x, const void *y)
{
        const Assignment *a = *(const Assignment *const *) x, *b = *(const Assignment *const *) y;
        int r;

        r = strcmp(strempty(a->file), strempty(b->file));
        if (r == 0)
                r = strcmp(a->section, b->section);
        if (r == 0)
                r = strcmp(a->key, b->key);
        if (r == 0)
                r = a->line < b->line ? -1 : a->line > b->line;
        return r;
}

static bool same_key_in_file(const Assignment *a, const Assignment *b)
{
        return streq(strempty(a->file), strempty(b->file)) && streq(a->section, b->section) &&
               streq(a->key, b->key);
}

static int check_duplicates(LintContext *c)
{
        const Unit *u = c->u;
        _cleanup_free_ const Assignment **v = NULL;
        size_t n = 0;

        if (u->n_assignments < 2)
                return 0;
        /* Sorted by file, section, key and line: repeats of a key in one file are neighbours. */
        v = malloc(u->n_assignments * sizeof(Assignment *));
        if (!v)
                return -ENOMEM;
        for (size_t i = 0; i < u->n_assignments; i++)
                if (u->assignments[i].section && u->assignments[i].key)
                        v[n++] = &u->assignments[i];
        qsort(v, n, sizeof(Assignment *), cmp_assignment);

        for (size_t i = 0; i + 1 < n; i++) {
                const Assignment *a = v[i], *b = v[i + 1];
                UnitSectionId s;
                const Directive *d;
                int r;

                if (!same_key_in_file(a, b) || isempty(a->value))
                        continue;
                s = unit_section_from_string(a->section);
                d = s >= 0 ? directive_lookup(s, a->key) : NULL;
                if (!d || (d->flags & (DIRECTIVE_LIST | DIRECTIVE_NOP))) /* lists accumulate */
                        continue;
                r = lint_emit(c, a, 1, "duplicate-assignment", NULL,
                              "%s= is assigned again on line %u of the same file; this earlier "
                              "value is dead",
                              a->key, assignment_systemd_line(b));
                if (r < 0)
                        return r;
        }
        return 0;
}

int lint_rules_directives(LintContext *c)
{
        const Unit *u = c->u;
        int r;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const Directive *d;
                UnitSectionId s;

                if (!a->section || !a->key || startswith(a->key, "X-"))
                        continue;
                /* Unknown keys, sections and misplaced keys are the loader's findings (same
                 * rule ids); lint judges only known directives of a service's sections. */
                s = unit_section_from_string(a->section);
                if (s != SECTION_UNIT && s != SECTION_SERVICE && s != SECTION_INSTALL)
                        continue;
                d = directive_lookup(s, a->key);
                if (!d)
                        continue;
                r = lint_check_directive(c, a, s, d);
                if (r < 0)
                        return r;
        }
        return check_duplicates(c);
}
