/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>

#include "strbuf.h"
#include "unit.h"

typedef struct ShowOptions {
        char *const *properties; /* NULL = all */
        bool origin;             /* append file:line of each value */
        bool json;
        bool all; /* include properties that are unset/default */
} ShowOptions;

/* Formats the effective settings of u as `systemctl show` does ("Name=value" lines) or as a JSON
 * object. Pure: writes into out. */
int unit_show(const Unit *u, const ShowOptions *o, StrBuf *out);
