/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "show.h"

/* STUB: being written. */
int unit_show(const Unit *u, const ShowOptions *o, StrBuf *out)
{
        strbuf_printf(out, "Id=%s\n", u->id);
        return 0;
}
