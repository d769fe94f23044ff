/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "report-security.h"

void security_format_html(const SecurityUnitView *v, size_t n, StrBuf *out)
{
        strbuf_puts(out, "<!DOCTYPE html>\n");
}
