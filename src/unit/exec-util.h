/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Exec-time command line expansion as systemd 252 does it (env-util.c replace_env_argv()). */

/* Expands "${NAME}" anywhere in a word (unset: empty) and "$$" to "$". "$NAME" is expanded only
 * when it is a whole word: the value is split at whitespace (quotes honoured) into zero or more
 * words. A braceless "$NAME" inside a word and "${NAME:-x}" stay literal. Commands with the ":"
 * prefix are not expanded at all (the caller decides). Returns 0 or -ENOMEM/-EINVAL. */
int exec_expand_argv(char *const *argv, char *const *env, char ***ret);

/* The in-word part of the above: returns a new string or NULL on OOM. */
char *exec_replace_env(const char *word, char *const *env);
