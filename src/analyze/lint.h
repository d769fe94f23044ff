/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* cordon lint: semantic rules over a loaded unit. Pure: findings are appended to a DiagList,
 * the CLI formats them (report-lint.c renders text, JSON and SARIF into a StrBuf).
 *
 * Every rule has one row in the rule table (stable id, default severity, one-line summary and a
 * longer explanation); the parser's own diagnostic ids are listed there too so that --list-rules,
 * SARIF and the man page describe every id a user can see. */

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "strbuf.h"
#include "unit.h"

typedef enum LintRuleOrigin {
        LINT_RULE_PARSER, /* emitted by unit_load() (lexer, directive table, value parsers) */
        LINT_RULE_LINT,   /* emitted by lint_unit() */
} LintRuleOrigin;

typedef struct LintRule {
        const char *id;
        DiagSeverity severity;
        LintRuleOrigin origin;
        const char *summary;     /* one line */
        const char *explanation; /* a few sentences, plain text */
} LintRule;

typedef struct LintOptions {
        unsigned systemd_version; /* version to check against; 0 = 252 */
        const char *root;         /* root directory for /etc/passwd lookups; NULL = "/" */
        bool user;                /* units of a user manager: no user switching, no root */
} LintOptions;

/* The rule table, in a stable order. */
const LintRule *lint_rules(size_t *ret_n);
const LintRule *lint_rule_lookup(const char *id);

/* Runs every lint rule over u and appends findings to diags. The unit's parse diagnostics are
 * not re-created here: pass the DiagList that unit_load() filled, and lint_unit() adds its own
 * findings and then drops duplicates (same file, line and rule; and parser findings that a more
 * precise lint finding on the same line supersedes). Returns 0 or -ENOMEM. */
int lint_unit(const Unit *u, const LintOptions *o, DiagList *diags);

/* Removes duplicate findings (see lint_unit()) and sorts the list. */
void lint_finalize(DiagList *diags);

/* ---- report-lint.c: formatting (pure, into a StrBuf) ---- */

typedef enum LintFormat {
        LINT_FORMAT_TEXT,
        LINT_FORMAT_JSON,
        LINT_FORMAT_SARIF,
        LINT_FORMAT_ROFF, /* only for the rule list */
        _LINT_FORMAT_MAX,
        _LINT_FORMAT_INVALID = -EINVAL,
} LintFormat;

const char *lint_format_to_string(LintFormat f) _const_;
LintFormat lint_format_from_string(const char *s) _pure_;

/* "FILE:LINE:COL: SEVERITY: MESSAGE [rule]" plus an indented "fix: …" line. */
void lint_report_text(const DiagList *diags, StrBuf *out);
/* A JSON array of {file, line, column, rule, severity, message, fix}. */
void lint_report_json(const DiagList *diags, StrBuf *out);
/* A SARIF 2.1.0 log with one run; rules come from the rule table. Files below base_dir (an
 * absolute directory, or NULL) get URIs relative to it with uriBaseId "SRCROOT", as code
 * scanning services expect. */
void lint_report_sarif(const DiagList *diags, const char *base_dir, StrBuf *out);

/* The rule table as a plain text table, JSON, or a roff fragment for the man page. */
void lint_rules_format(LintFormat f, StrBuf *out);
