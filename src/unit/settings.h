/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The directive table: one row per directive, driving parsing, lint, show, docs and version
 * checks. */

#include "diag.h"
#include "strbuf.h"
#include "unit.h"

typedef struct Directive Directive;

/* Parses one assignment into the model. Returns 0 on success (also when the value was invalid
 * and a diagnostic was added, as systemd ignores such lines), negative errno on OOM. */
typedef int (*DirectiveParser)(Unit *u, const Directive *d, const Assignment *a, const char *value,
                               DiagList *diags);
/* Formats the effective value for `cordon show` in systemctl show's format. */
typedef int (*DirectiveShow)(const Unit *u, const Directive *d, StrBuf *out);

typedef enum DirectiveFlags {
        DIRECTIVE_LIST = 1 << 0,           /* assignments accumulate; empty resets */
        DIRECTIVE_SPECIFIERS = 1 << 1,     /* specifiers are expanded in the value */
        DIRECTIVE_DEPRECATED = 1 << 2,     /* still accepted, see .replacement */
        DIRECTIVE_NOP = 1 << 3,            /* accepted and ignored by systemd (legacy) */
        DIRECTIVE_ALIAS = 1 << 4,          /* another name for .replacement */
        DIRECTIVE_SANDBOX = 1 << 5,        /* part of the sandbox: cordon run must honour it */
        DIRECTIVE_SCORED = 1 << 6,         /* read by `analyze security` */
        DIRECTIVE_CGROUP = 1 << 7,         /* needs a cgroup to be enforced */
        DIRECTIVE_SECRET = 1 << 8,         /* value may be a secret: never echoed in diagnostics */
        DIRECTIVE_PARSER_EXPANDS = 1 << 9, /* with _SPECIFIERS: only the parser expands, per part */
} DirectiveFlags;

struct Directive {
        const char *name;
        UnitSectionId section;
        const char *syntax; /* as `systemd --dump-configuration-items` prints it */
        DirectiveParser parse;
        DirectiveShow show; /* NULL = show the raw effective value(s) */
        int ltype;          /* parser-specific argument (rlimit id, directory type, …) */
        uint16_t since;     /* systemd version that introduced the directive */
        uint16_t removed;   /* version that dropped it, 0 = still there */
        unsigned flags;
        const char *replacement; /* for aliases/deprecated directives */
        const char *property;    /* systemctl show property name if it differs, else NULL */
        const char *doc;         /* one-line description */
        int index;               /* position in the table (filled in by directive_table()) */
};

/* The whole table, sorted by section then name. */
const Directive *directive_table(size_t *ret_n);
/* The number of rows of the table, without building all of it (directive_table() copies every
 * row; a lookup copies only its own). */
size_t directive_count(void);
/* Exact, case-sensitive lookup like systemd. NULL if unknown in that section. */
const Directive *directive_lookup(UnitSectionId section, const char *name);
/* Lookup in any section (for "wrong-section" diagnostics). */
const Directive *directive_lookup_any(const char *name);
const Directive *directive_by_index(int index);
int directive_index(UnitSectionId section, const char *name);
/* Closest known name (case-insensitive, edit distance) for "did you mean"; NULL if none close. */
const Directive *directive_suggest(UnitSectionId section, const char *name);
/* Values added after their directive: the systemd version that first accepts value for key
 * (exact, or a prefix when the table entry ends in ':'), 0 if the value is not versioned. Older
 * versions ignore the whole assignment (for them it is an unknown value). */
unsigned directive_value_since(const char *key, const char *value);
