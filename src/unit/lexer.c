/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit.h"

/* STUB */
int unit_lex_buffer(Unit *u, const char *path, const char *data, size_t size, bool dropin,
                    DiagList *diags)
{
        return -EOPNOTSUPP;
}
