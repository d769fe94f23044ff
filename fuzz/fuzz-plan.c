/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit text → model → run plan (root and rootless, strict and lenient) → the --dry-run text of
 * both halves. Pure code only: nothing is resolved, mounted or executed. Invariants: a plan that
 * was built prints; its mount list is ordered (plan_path_compare) and within PLAN_MOUNTS_MAX; a
 * strict plan is also built leniently (lenient only ever turns errors into warnings). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "part2-print.h"
#include "plan.h"
#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_plan(const SandboxPlan *p)
{
        if (p->mounts.n > PLAN_MOUNTS_MAX)
                abort();
        for (size_t i = 0; i < p->mounts.n; i++) {
                const MountOp *op = &p->mounts.ops[i];
                if (!op->path || op->path[0] != '/')
                        abort();
                if (i > 0 && plan_path_compare(p->mounts.ops[i - 1].path, op->path) > 0)
                        abort();
        }
        char *text = sandbox_plan_to_text(p);
        if (!text)
                abort(); /* only OOM, which libFuzzer's malloc limit turns into a crash anyway */
        free(text);
}

static int plan_once(const Unit *u, bool rootless, bool lenient)
{
        static char *extra[] = {(char *) "--fuzz", (char *) "$HOME", NULL};
        static char *setenv[] = {(char *) "A=b", NULL};
        PlanOptions o = {.rootless = rootless,
                         .uid = rootless ? 1000 : 0,
                         .gid = rootless ? 1000 : 0,
                         .lenient = lenient,
                         .extra_args = extra,
                         .lang = "C.UTF-8",
                         .setenv = setenv,
                         .part2 = true};
        DiagList diags = {0};
        SandboxPlan *p = NULL;
        int r = sandbox_plan_from_unit(u, &o, &p, &diags);
        if (r >= 0) {
                if (!p)
                        abort();
                check_plan(p);
        }
        sandbox_plan_free(p);
        diag_list_done(&diags);
        return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        UnitLoadOptions lo = {.hostname = "fuzzhost",
                              .machine_id = "0123456789abcdef0123456789abcdef",
                              .boot_id = "fedcba9876543210fedcba9876543210"};
        DiagList diags = {0};
        Unit *u = NULL;

        if (size > 256 * 1024)
                return 0;
        if (unit_load_buffer("fuzz.service", "/fuzz/fuzz.service", (const char *) data, size, &lo,
                             &u, &diags) < 0 ||
            !u)
                goto out;
        for (int rootless = 0; rootless < 2; rootless++) {
                int strict = plan_once(u, rootless, false);
                int lenient = plan_once(u, rootless, true);
                /* --lenient weakens refusals into warnings; it never fails where strict passed */
                if (strict >= 0 && lenient < 0 && lenient != -ENOMEM)
                        abort();
                char *t = part2_plan_to_text(u, rootless);
                free(t);
        }
out:
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}
