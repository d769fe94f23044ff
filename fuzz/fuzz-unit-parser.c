/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit-file lexer + parser + model: any byte string must load or be rejected cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract-word.h"
#include "show.h"
#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Splits every assignment value with a flag set chosen by the input, so word splitting and
 * unescaping see real unit-file text. */
static void split_values(const Unit *u, unsigned flags)
{
        unsigned ef = flags & 0x1ff;

        if ((ef & EXTRACT_UNQUOTE) && (ef & EXTRACT_KEEP_QUOTE))
                ef &= ~(unsigned) EXTRACT_KEEP_QUOTE; /* exclusive, as in systemd */
        for (size_t i = 0; i < u->n_assignments; i++) {
                const char *p = u->assignments[i].value;
                char *w = NULL, *un = NULL;

                for (unsigned n = 0; n < 256; n++) {
                        int r = extract_first_word(&p, &w, (flags & 0x200) ? ":" : NULL,
                                                   (ExtractFlags) ef);
                        if (r <= 0)
                                break;
                        if (cunescape_length(w, strlen(w), flags & 1, false, &un) >= 0) {
                                char *e = cescape(un);
                                free(e);
                                free(un);
                        }
                        free(w);
                }
        }
}

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

                split_values(u, size > 1 ? ((unsigned) data[0] | ((unsigned) data[1] << 8)) : 0);
                ShowOptions so = {.origin = true, .all = true};
                (void) unit_show(u, &so, &out);
                strbuf_done(&out);
        }
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}
