/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

/* systemd unit name rules: ≤255 chars, [A-Za-z0-9:_.\-] plus "\x" escapes, one '@'. */
bool unit_name_is_valid(const char *name, bool allow_template, bool allow_instance);
bool unit_name_is_template(const char *name); /* foo@.service */
bool unit_name_is_instance(const char *name); /* foo@bar.service */
/* Splits "foo@bar.service" into prefix "foo", instance "bar" (NULL if none), suffix
 * ".service". Any out-parameter may be NULL. */
int unit_name_split(const char *name, char **ret_prefix, char **ret_instance, char **ret_suffix);
/* "foo@.service" + "bar" → "foo@bar.service". */
int unit_name_replace_instance(const char *name, const char *instance, char **ret);
/* "foo@bar.service" → "foo@.service". */
int unit_name_template(const char *name, char **ret);
