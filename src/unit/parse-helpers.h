/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Small helpers shared by the security and exec value parsers (parse-security.c,
 * parse-exec.c). Header-only so the parsers stay self-contained. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "extract-word.h"
#include "path-util.h"
#include "settings.h"
#include "specifier.h"
#include "unit.h"

/* Adds a diagnostic at the assignment's position. Returns 0 or -ENOMEM. */
static inline int _printf_(5, 6) value_diag(DiagList *diags, const Assignment *a, const char *rule,
                                            DiagSeverity sev, const char *fmt, ...)
{
        _cleanup_free_ char *m = NULL;
        va_list ap;
        int n;

        if (!diags)
                return 0;
        va_start(ap, fmt);
        n = vasprintf(&m, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        return diag_add(diags, a ? a->file : NULL, a ? a->line : 0, a ? a->column : 0, rule, sev,
                        NULL, "%s", m);
}

#define invalid_value(diags, a, ...)                                                               \
        value_diag(diags, a, "invalid-value", DIAG_WARNING, __VA_ARGS__)

/* The name of the directive for messages. */
static inline const char *dname(const Directive *d, const Assignment *a)
{
        if (d && d->name)
                return d->name;
        if (a && a->key)
                return a->key;
        return "?";
}

/* The next word of a list value: 1 with *ret set, 0 at the end or after a syntax error, which
 * is reported (systemd keeps the words before it and ignores the rest), or -ENOMEM. */
static inline int next_word(const char **p, char **ret, const char *separators, ExtractFlags flags,
                            DiagList *diags, const Directive *d, const Assignment *a,
                            const char *value)
{
        int r = extract_first_word(p, ret, separators, flags);

        if (r == -ENOMEM)
                return r;
        if (r < 0) {
                r = value_diag(diags, a, "invalid-value", DIAG_WARNING,
                               "%s=: invalid syntax, ignoring the rest: %s", dname(d, a), value);
                return r < 0 ? r : 0;
        }
        return r > 0;
}

/* systemd's path_simplify_and_warn(PATH_CHECK_ABSOLUTE): simplifies in place; returns true if
 * the result is an absolute, normalized path of valid length. On false, *ret_why says why. */
static inline bool path_simplify_check_absolute(char *p, const char **ret_why)
{
        if (!path_is_absolute(p)) {
                *ret_why = "path is not absolute";
                return false;
        }
        path_simplify(p);
        if (!path_is_normalized(p)) {
                *ret_why = "path is not normalized";
                return false;
        }
        if (!path_is_valid(p)) {
                *ret_why = "path has invalid length";
                return false;
        }
        for (const char *c = p; *c;) { /* components are at most NAME_MAX bytes */
                size_t k = strcspn(c, "/");
                if (k > 255) {
                        *ret_why = "path has invalid length";
                        return false;
                }
                c += k;
                c += strspn(c, "/");
        }
        return true;
}

/* systemd expands specifiers after splitting a value into words (and only in some parts of a
 * word), while the loader expands the whole value first for DIRECTIVE_SPECIFIERS rows. Where an
 * expansion contains blanks, quotes, backslashes or separators the two differ, so splitting
 * parsers take the raw text from here and expand each part with part_expand(). */
static inline const char *split_source(const Directive *d, const Assignment *a, const char *value,
                                       bool *ret_per_word)
{
        bool per = d && (d->flags & DIRECTIVE_SPECIFIERS) && a && a->value &&
                   (value != a->value || (d->flags & DIRECTIVE_PARSER_EXPANDS)) &&
                   strchr(a->value, '%');

        *ret_per_word = per;
        return per ? a->value : value;
}

/* Expands specifiers in *part in place when per_word. The loader already checked the whole
 * value, so this cannot meet an unknown specifier; on any other failure the part is kept. */
static inline int part_expand(const Unit *u, const Assignment *a, bool per_word, char **part)
{
        char *x = NULL;
        int r;

        if (!per_word || !*part || !strchr(*part, '%'))
                return 0;
        r = specifier_expand(u, a, *part, &x, NULL);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0;
        free(*part);
        *part = x;
        return 0;
}
