/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit.h"

int unit_apply_implied(Unit *u, DiagList *diags)
{
        return 0;
}
