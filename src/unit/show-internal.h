/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* `cordon show` internals: show.c walks the directive table and writes lines; show-format.c
 * turns each row's effective value into systemctl show's spelling. */

#include "json-writer.h"
#include "settings.h"
#include "show.h"

typedef struct Show {
        const Unit *u;
        const ShowOptions *o;
        StrBuf *out;
        JsonWriter json;
        char **emitted; /* property names already written (aliases, shared properties) */
        char **claimed; /* properties written by the current row */
} Show;

/* Writes one "Name=value" line (or JSON entry) if the filters allow it. set = the value came
 * from an assignment or an implied setting; origins may be NULL. Lines for a property another
 * row already wrote are dropped, so the first row in table order owns a property. Returns 0 or
 * -ENOMEM. */
int show_put(Show *s, const char *name, const char *value, bool set, const Origin *origins,
             size_t n_origins);

/* show_put() of a single value with its origin (unset when o is NULL or unset). */
int show_put_origin(Show *s, const char *name, const char *value, const Origin *o);
/* show_put() of b's text; frees b's contents and turns an out-of-memory StrBuf into -ENOMEM. */
int show_put_buf(Show *s, const char *name, StrBuf *b, bool set, const Origin *o, size_t n);

/* Formats the row's effective value(s) through show_put(). */
int show_directive(Show *s, const Directive *d);

/* The property name systemctl uses for d. */
const char *show_property_name(const Directive *d);

/* The origin H1's loader recorded for the row, or NULL. */
const Origin *show_row_origin(const Unit *u, const Directive *d);

/* The rows of the security and exec parsers, rlimits and managed directories (show-exec.c). */
int show_exec_directive(Show *s, const Directive *d, const char *name);

/* Whether show-format.c has a typed formatter for the directive (tests). */
bool show_typed_knows(const char *name);

/* Appends w quoted as systemctl show quotes list elements (shell_maybe_quote()). */
void show_quote(StrBuf *b, const char *w);
