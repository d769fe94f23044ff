/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit text → model → seccomp plan → BPF (exported by libseccomp, never loaded) → interpreted.
 * Invariants: a plan that compiles also builds; every program is well-formed and answers for
 * every native call and for i386/x32 entry points. */
#include <stdint.h>
#include <stdlib.h>

#include "../tests/unit/seccomp-bpf-interp.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        UnitLoadOptions o = {.hostname = "fuzzhost",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        DiagList diags = {0};
        SeccompPlan plan = {0};
        SeccompPrograms progs = {0};
        Unit *u = NULL;

        if (size > 256 * 1024)
                return 0;
        if (unit_load_buffer("fuzz.service", "/fuzz/fuzz.service", (const char *) data, size, &o,
                             &u, &diags) < 0 ||
            !u)
                goto out;
        if (seccomp_compile(u, &plan, &diags) < 0)
                goto out;
        if (seccomp_plan_prepare(&plan, &progs) < 0)
                abort(); /* a compiled plan must always build */
        for (int nr = 0; nr < 470; nr += 7) {
                const uint64_t args[6] = {(uint64_t) nr << 32 | 0x10, 2, 3, 4, 5, 6};
                if (bpf_stack_verdict(&progs, SECCOMP_ARCH_X86_64, nr, args) == BPF_INTERP_BAD ||
                    bpf_stack_verdict(&progs, SECCOMP_ARCH_X86, nr, args) == BPF_INTERP_BAD ||
                    bpf_stack_verdict(&progs, SECCOMP_ARCH_X32, nr | 0x40000000, args) ==
                            BPF_INTERP_BAD)
                        abort();
                (void) bpf_stack_cacheable(&progs, nr);
        }
        const char **l = NULL;
        if (seccomp_plan_arg_syscalls(&plan, &l) >= 0)
                free(l);
out:
        seccomp_programs_done(&progs);
        seccomp_plan_done(&plan);
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}
