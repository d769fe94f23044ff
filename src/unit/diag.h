/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "macro.h"

/* Diagnostics: every problem the parser or lint finds, with a stable rule id. Library code
 * appends here instead of printing; the CLI formats them (text, JSON, SARIF). */
typedef enum DiagSeverity {
        DIAG_ERROR,
        DIAG_WARNING,
        DIAG_INFO,
        _DIAG_SEVERITY_MAX,
        _DIAG_SEVERITY_INVALID = -EINVAL,
} DiagSeverity;

typedef struct Diag {
        char *file;       /* may be NULL for whole-run problems */
        unsigned line;    /* 1-based; 0 = whole file */
        unsigned column;  /* 1-based; 0 = unknown */
        const char *rule; /* stable id, static string, e.g. "unknown-directive" */
        DiagSeverity severity;
        char *message;
        char *fix; /* suggested replacement text or NULL */
} Diag;

typedef struct DiagList {
        Diag *items;
        size_t n, cap;
} DiagList;

const char *diag_severity_to_string(DiagSeverity s) _const_;
DiagSeverity diag_severity_from_string(const char *s) _pure_;

/* Appends a diagnostic. Returns 0 or -ENOMEM. fix may be NULL. */
int diag_add(DiagList *l, const char *file, unsigned line, unsigned column, const char *rule,
             DiagSeverity severity, const char *fix, const char *fmt, ...) _printf_(8, 9);
void diag_list_done(DiagList *l);
/* Stable order: file, line, column, rule. */
void diag_list_sort(DiagList *l);
size_t diag_list_count(const DiagList *l, DiagSeverity at_least);
bool diag_list_has_rule(const DiagList *l, const char *rule);

#define DIAG_FOREACH(d, l) for (Diag *d = (l)->items; d && d < (l)->items + (l)->n; d++)
