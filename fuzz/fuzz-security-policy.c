/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The --security-policy reader and the baseline reader of `analyze diff`: any byte string must
 * parse or be rejected cleanly, and a parsed policy must score a unit without crashing. */
#include <stdint.h>
#include <stdlib.h>

#include "report-security.h"
#include "score.h"
#include "security-policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        SecurityPolicy p = {};
        DiagList diags = {};
        unsigned line, column;

        if (size > 1024 * 1024)
                return 0;
        if (security_policy_parse((const char *) data, size, &p, &line, &column, &diags, "fuzz") >=
            0) {
                Unit *u = unit_new("fuzz.service");
                SecurityInfo info;
                SecurityReport r;
                if (u) {
                        security_info_from_unit(u, &info);
                        if (security_assess(&info, &p, 252, &r) >= 0) {
                                StrBuf out = STRBUF_INIT;
                                SecurityStyle st = {.utf8 = true};
                                security_report_sort(&r);
                                security_format_table(&r, &st, &out);
                                security_format_json(&r, false, &out);
                                strbuf_done(&out);
                                security_report_done(&r);
                        }
                        unit_free(u);
                }
                security_policy_done(&p);
        }
        diag_list_done(&diags);

        SecuritySnapshotList l = {};
        if (security_snapshots_from_json((const char *) data, size, &l, &line, &column) >= 0) {
                if (l.n >= 2) {
                        StrBuf out = STRBUF_INIT;
                        SecurityStyle st = {.utf8 = false};
                        (void) security_format_diff(l.items, l.items + 1, false, &st, &out);
                        (void) security_format_diff(l.items, l.items + 1, true, &st, &out);
                        strbuf_done(&out);
                }
                security_snapshot_list_done(&l);
        }
        return 0;
}
