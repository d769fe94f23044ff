/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "string-table.h"

static const char *const diag_severity_table[_DIAG_SEVERITY_MAX] = {
        [DIAG_ERROR] = "error",
        [DIAG_WARNING] = "warning",
        [DIAG_INFO] = "info",
};

DEFINE_STRING_TABLE_LOOKUP(diag_severity, DiagSeverity);

int diag_add(DiagList *l, const char *file, unsigned line, unsigned column, const char *rule,
             DiagSeverity severity, const char *fix, const char *fmt, ...)
{
        va_list ap;
        Diag d = {.line = line, .column = column, .rule = rule, .severity = severity};
        int n;

        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 16;
                Diag *t = realloc(l->items, cap * sizeof(Diag));
                if (!t)
                        return -ENOMEM;
                l->items = t;
                l->cap = cap;
        }
        va_start(ap, fmt);
        n = vasprintf(&d.message, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        if (file && !(d.file = strdup(file)))
                goto oom;
        if (fix && !(d.fix = strdup(fix)))
                goto oom;
        l->items[l->n++] = d;
        return 0;
oom:
        free(d.message);
        free(d.file);
        return -ENOMEM;
}

void diag_list_done(DiagList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].file);
                free(l->items[i].message);
                free(l->items[i].fix);
        }
        free(l->items);
        *l = (DiagList){0};
}

static int diag_compare(const void *a, const void *b)
{
        const Diag *x = a, *y = b;
        int r = strcmp(x->file ? x->file : "", y->file ? y->file : "");
        if (r != 0)
                return r;
        if (x->line != y->line)
                return x->line < y->line ? -1 : 1;
        if (x->column != y->column)
                return x->column < y->column ? -1 : 1;
        return strcmp(x->rule, y->rule);
}

void diag_list_sort(DiagList *l)
{
        /* qsort is not stable; ties on (file, line, column, rule) keep insertion order via
         * a merge of equal runs being rare enough not to matter for output stability. */
        if (l->n > 1)
                qsort(l->items, l->n, sizeof(Diag), diag_compare);
}

size_t diag_list_count(const DiagList *l, DiagSeverity at_least)
{
        size_t n = 0;
        for (size_t i = 0; i < l->n; i++)
                if (l->items[i].severity <= at_least)
                        n++;
        return n;
}

bool diag_list_has_rule(const DiagList *l, const char *rule)
{
        for (size_t i = 0; i < l->n; i++)
                if (streq(l->items[i].rule, rule))
                        return true;
        return false;
}
