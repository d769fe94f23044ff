/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "unit.h"

/* Exit codes of the reporting verbs (run passes the service's status through). */
#define EXIT_OK       0
#define EXIT_FINDINGS 1
#define EXIT_USAGE    2

/* Every verb: int verb_NAME(int argc, char **argv), argv[0] is the verb name. */
int verb_show(int argc, char **argv);
int verb_lint(int argc, char **argv);
int verb_analyze(int argc, char **argv);
int verb_run(int argc, char **argv);
int verb_render(int argc, char **argv); /* H7 */
int verb_directives(int argc, char **argv);

/* Parses --systemd-version=N (accepts 200..300). Returns 0 or -EINVAL. */
int cli_parse_systemd_version(const char *s, unsigned *ret);

/* Loads one unit argument (path or name) and logs a clear error on failure. Parse
 * diagnostics are appended to diags. Returns 0, or a negative errno that was logged. */
int cli_load_unit(const char *arg, const UnitLoadOptions *o, Unit **ret, DiagList *diags);

/* Prints diagnostics as "FILE:LINE: message" lines, the way systemd logs them. */
void cli_print_diags_plain(const DiagList *diags, FILE *f);

/* True when stdout/stderr should use UTF-8 glyphs (LANG/LC_* say UTF-8). */
bool cli_is_utf8_locale(void);
