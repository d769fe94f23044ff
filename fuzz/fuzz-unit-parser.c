/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit-file lexer + parser + model: any byte string must load or be rejected cleanly. */
#include <stdint.h>
#include <stdlib.h>

#include "show.h"
#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        UnitLoadOptions o = {.hostname = "fuzzhost",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        DiagList diags = {0};
        Unit *u = NULL;

        if (size > 1024 * 1024)
                return 0;
        if (unit_load_buffer("fuzz@inst.service", "/fuzz/fuzz@.service", (const char *) data, size,
                             &o, &u, &diags) >= 0 &&
            u) {
                StrBuf out = STRBUF_INIT;
                ShowOptions so = {.origin = true, .all = true};
                (void) unit_show(u, &so, &out);
                strbuf_done(&out);
        }
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}
