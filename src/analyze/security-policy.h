/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* --security-policy=FILE: a JSON object keyed by the assessors' json_field names, each an object
 * with optional "weight", "range" (unsigned integers) and "description_na",
 * "description_good", "description_bad" (strings). As in systemd, members of the wrong type
 * are ignored (reported as notes), unknown keys are ignored, and "weight": 0 skips a check. */

#include "score.h"

#define SECURITY_POLICY_FILE_NAME "systemd-analyze-security.policy"
#define SECURITY_POLICY_SIZE_MAX  (1024u * 1024u)

/* Parses a policy document. Problems that systemd ignores become notes in diags (may be NULL).
 * Returns -EINVAL on a JSON syntax error (line/column set), -ENOMEM. */
int security_policy_parse(const char *data, size_t size, SecurityPolicy *ret, unsigned *ret_line,
                          unsigned *ret_column, DiagList *diags, const char *path);

/* Reads and parses a policy file. */
int security_policy_load(const char *path, SecurityPolicy *ret, unsigned *ret_line,
                         unsigned *ret_column, DiagList *diags);

/* The first existing systemd-analyze-security.policy in /etc/systemd, /run/systemd,
 * /usr/local/lib/systemd, /usr/lib/systemd (below root when root is not NULL), or NULL.
 * Returns a malloc'd path in *ret (NULL if none), or -ENOMEM. */
int security_policy_find_default(const char *root, char **ret);
