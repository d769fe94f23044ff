/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "diag.h"
#include "unit.h"

/* Expands systemd specifiers (%n %i %p … %%) in s for unit u, as systemd 252 does for the
 * directives that expand them. Unknown specifiers and a trailing '%' are reported to diags
 * (rule "unknown-specifier") at a's file:line and make the function return -EBADMSG (systemd
 * ignores the whole assignment then). Output is bounded by UNIT_EXPANSION_MAX (-E2BIG). */
int specifier_expand(const Unit *u, const Assignment *a, const char *s, char **ret,
                     DiagList *diags);

/* Escaping helpers used by %I/%J/%P/%f (systemd's unit_name_unescape / path unescaping). */
int unit_name_unescape(const char *s, char **ret);
int unit_name_path_unescape(const char *s, char **ret);
