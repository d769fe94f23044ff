/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Environment blocks ("NAME=value" strvs) and environment files, with systemd 252's rules
 * (env-util.c, env-file.c). Pure functions: no file system access. */

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Hard limits on environment files (systemd reads at most 4 MiB). */
#define ENV_FILE_SIZE_MAX    (4u * 1024u * 1024u)
#define ENV_FILE_ENTRIES_MAX 65536u

/* Bash's rules: [A-Za-z_][A-Za-z0-9_]*. */
bool env_name_is_valid(const char *e);
bool env_name_is_valid_n(const char *e, size_t n);
/* Valid UTF-8 (control characters are allowed in values). */
bool env_value_is_valid(const char *e);
bool env_assignment_is_valid(const char *e);

/* The value of NAME in l (the last assignment wins), or NULL. */
const char *strv_env_get(char *const *l, const char *name);
const char *strv_env_get_n(char *const *l, const char *name, size_t n);
/* Replaces an existing assignment of the same name in place, else appends. Takes a copy. */
int strv_env_replace(char ***l, const char *assignment);

/* Parses the contents of an EnvironmentFile= exactly as systemd 252's load_env_file():
 * "KEY=VALUE" lines, '#'/';' comments, single and double quotes (inside double quotes only
 * \" \\ \` \$ are escapes, other backslashes stay), a backslash-newline continues a value,
 * trailing whitespace of unquoted values is dropped, later assignments replace earlier ones.
 * No "export" keyword: "export A=1" yields the invalid name "export A" (dropped at exec time,
 * see strv_env_clean()). Lines with invalid UTF-8 are skipped with a diagnostic (fname:line).
 * A NUL byte ends the data (as systemd's string handling does), diagnosed. */
int env_file_parse(const char *data, size_t size, const char *fname, char ***ret, DiagList *diags);

/* Drops assignments that are not valid and all but the last of each name (systemd's
 * strv_env_clean() before exec), with a diagnostic per invalid one when diags is given. */
void strv_env_clean(char **l, const char *fname, DiagList *diags);
