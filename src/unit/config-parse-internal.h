/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Helpers shared by the generic value parsers (config-parse.c, config-parse-typed.c). */

#include "parsers.h"

/* Adds an "invalid-value" error at the assignment. The message names the directive; callers
 * pass the offending word. Values of DIRECTIVE_SECRET rows are never echoed. */
int value_invalid(DiagList *diags, const Directive *d, const Assignment *a, const char *fmt, ...)
        _printf_(4, 5);

/* Whether systemd 252 refuses the whole unit when d's value is invalid (Unit.bad_setting). */
bool value_error_is_fatal(const Directive *d, const Assignment *a);

/* The offending word as it may be shown in a message ("(secret)" for secret directives). */
const char *value_shown(const Directive *d, const char *word);

/* Replaces the raw values of d with the single value (NULL or "" clears them). */
int raw_set(Unit *u, const Directive *d, const Assignment *a, const char *value);
/* Appends to the raw values of d. */
int raw_append(Unit *u, const Directive *d, const Assignment *a, const char *value);

/* Absolute-path check like systemd's path_simplify_and_warn(PATH_CHECK_ABSOLUTE): simplifies p
 * in place and returns NULL if it is acceptable, else a reason. */
const char *path_check_absolute(char *p);
/* Relative-path check (PATH_CHECK_RELATIVE), used by *Directory=. */
const char *path_check_relative(char *p);

/* Splits value into words with the given flags, at most UNIT_LIST_MAX. On syntax errors reports
 * an invalid-value diagnostic and returns 0 with *ret = NULL. */
int split_words(DiagList *diags, const Directive *d, const Assignment *a, const char *value,
                const char *separators, unsigned flags, char ***ret);

/* Memory sizes as systemd's config_parse_memory_limit: bytes, K/M/G/T/P/E, "infinity",
 * percentages of physical memory. Returns 0, -EINVAL or -ERANGE. */
int parse_memory_limit(const char *s, uint64_t *ret);

/* Whether value is a CPU (or NUMA node) list as parse_cpu_set() takes it ("0-3 5,7"). */
bool cpu_set_valid(const char *value);

/* systemd's unbase64mem(): whitespace ignored, complete "="-padded groups (parse-exec.c). */
int base64_decode(const char *s, char **ret, size_t *ret_size);

/* Whether config_parse_typed() has a typed home for the directive (tests). */
bool config_parse_typed_knows(const char *name);

/* The row whose values an alias or a moved directive feeds (BindTo= → BindsTo=,
 * [Service] StartLimitBurst= → [Unit] StartLimitBurst=), else d itself. */
const Directive *directive_canonical(const Directive *d);

/* Exit status names and numbers as systemd 252's exit_status_from_string(): 0..255 or a name
 * such as "TEMPFAIL"; -EINVAL otherwise. */
int exit_status_from_name(const char *s);

/* Syslog level and facility names ("info", "local3") or numbers, as systemd's
 * log_level_from_string() / log_facility_unshifted_from_string(); negative errno if invalid. */
int log_level_from_name(const char *s);
int log_facility_from_name(const char *s);
