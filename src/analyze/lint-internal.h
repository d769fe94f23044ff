/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared by lint.c and the lint-rules-*.c files; not part of the public lint API. */

#include <stdbool.h>
#include <stdint.h>

#include "lint.h"
#include "settings.h"

typedef struct LintContext {
        const Unit *u;
        unsigned version; /* systemd version to check against */
        const char *root; /* "/" or --root */
        bool user;        /* user manager: User=, DynamicUser= etc. do not apply */
        DiagList *diags;
        const Assignment **by_place; /* u->assignments sorted by file and line */
} LintContext;

/* Appends a finding with the rule's default severity at a's file and line. column 0 = the
 * value's first column. Returns 0 or -ENOMEM. */
int lint_emit(LintContext *c, const Assignment *a, unsigned column, const char *rule,
              const char *fix, const char *fmt, ...) _printf_(6, 7);
/* Same, with a severity other than the rule's default (a rule whose cases differ in weight). */
int lint_emit_severity(LintContext *c, DiagSeverity severity, const Assignment *a, unsigned column,
                       const char *rule, const char *fix, const char *fmt, ...) _printf_(7, 8);
/* At a model value's origin (file:line:column); whole-unit when the origin has no file. */
int lint_emit_origin(LintContext *c, const Origin *o, const char *rule, const char *fix,
                     const char *fmt, ...) _printf_(5, 6);
/* Column of word inside the assignment at origin o (for values the model took apart), or the
 * value's column when the word is not found verbatim (specifiers, escapes). */
unsigned lint_word_column(const LintContext *c, const Origin *o, const char *word);
/* Same, for whole-unit findings (file = the fragment, line 0). */
int lint_emit_unit(LintContext *c, const char *rule, const char *fix, const char *fmt, ...)
        _printf_(4, 5);

/* "line N", or "FILE:N" when other is in another file than here (a drop-in); NULL on OOM. */
char *lint_where(const Assignment *other, const Assignment *here);
/* The closest of n names (name_at(i), NULL entries skipped) within a small edit distance of
 * word, for "did you mean" fixes; NULL when none is close. */
const char *lint_closest_name(const char *word, int n, const char *(*name_at)(int),
                              bool ignore_case);
/* True for assignments in [Service] with this key. */
bool lint_is(const Assignment *a, const char *key);
/* The last [Service] assignment of key (also an empty one, which resets), or NULL. */
const Assignment *lint_last(const Unit *u, const char *key);
/* Iterates the whitespace-separated words of a value (quotes removed), giving each word's
 * 1-based column. Returns 1 with *ret_word (caller frees), 0 at the end, <0 on error. */
int lint_next_word(const char **p, const char *value, unsigned base_column, char **ret_word,
                   unsigned *ret_column);

/* Version, removal and deprecation checks of one assignment of a known directive d. */
int lint_check_directive(LintContext *c, const Assignment *a, UnitSectionId section,
                         const Directive *d);

/* Drops findings silenced by "# cordon-lint: disable=…" comments in u's files
 * (lint-suppress.c). Returns 0 or -ENOMEM. */
int lint_apply_suppressions(const Unit *u, DiagList *diags);

/* Rule groups (lint-rules-*.c). Each returns 0 or -ENOMEM. */
int lint_rules_directives(LintContext *c);
int lint_rules_service(LintContext *c);
int lint_rules_exec(LintContext *c);
int lint_rules_syscalls(LintContext *c);
int lint_rules_caps(LintContext *c);
int lint_rules_identity(LintContext *c);
int lint_rules_paths(LintContext *c);
