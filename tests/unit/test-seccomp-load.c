/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccomp_plan_prepare() runs the per-architecture filters of one directive as one program
 * (fewer seccomp(2) loads and verdict-cache preparations at every start). Proven by behaviour:
 * the merged stack must answer exactly what the stack of one program per filter answers, for
 * every call number of every architecture, with and without argument values that rules test,
 * and keep every call the unmerged stack lets the kernel cache cacheable. */
#include <stdlib.h>
#include <string.h>

#include "seccomp-bpf-interp.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "tests.h"
#include "unit.h"

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList d = {0};
        UnitLoadOptions o = {.hostname = "h",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        if (unit_load_buffer("t.service", "/etc/systemd/system/t.service", text, strlen(text), &o,
                             &u, &d) < 0)
                u = NULL;
        diag_list_done(&d);
        return u;
}

/* The reference: every filter prepared on its own, one program each, in order. */
static int prepare_unmerged(const SeccompPlan *plan, SeccompPrograms *ret)
{
        SeccompPrograms out = {.items = calloc(plan->n_filters, sizeof(SeccompProgram))};
        if (!out.items)
                return -ENOMEM;
        for (size_t i = 0; i < plan->n_filters; i++) {
                SeccompPlan one = {
                        .filters = &plan->filters[i], .n_filters = 1, .archs = plan->archs};
                SeccompPrograms p = {0};
                int r = seccomp_plan_prepare(&one, &p);
                if (r < 0 || p.n != 1) {
                        seccomp_programs_done(&p);
                        seccomp_programs_done(&out);
                        return r < 0 ? r : -EINVAL;
                }
                out.items[out.n++] = p.items[0];
                free(p.items);
        }
        *ret = out;
        return 0;
}

/* Compares both stacks on every number below 500 of each architecture (x32 with its bit), with
 * argument vectors that hit the rules' comparisons (flags, masks, high halves). */
static size_t compare(const SeccompPrograms *merged, const SeccompPrograms *ref)
{
        static const uint64_t argsets[][6] = {
                {0, 0, 0, 0, 0, 0},
                {1, 2, 3, 4, 5, 6},
                {10, 0x7, 0x7, 0x7, 0, 0},
                {0x2000000, 0x800, 0x800, 0x840, 0, 0},
                {0x40000000, 0x20000, 0x400000, 0, 0, 0},
                {UINT64_C(0x100000002), 0xffffffff, 0x6, 0x4, 0, 0},
                {0xffffffff, 0x8000, 0x8000, 0, 0, 0},
        };
        static const SeccompArch archs[] = {SECCOMP_ARCH_X86_64, SECCOMP_ARCH_X86,
                                            SECCOMP_ARCH_X32};
        size_t diffs = 0;

        for (size_t a = 0; a < ELEMENTSOF(archs); a++)
                for (int nr = 0; nr < 500; nr++)
                        for (size_t k = 0; k < ELEMENTSOF(argsets); k++) {
                                int n = archs[a] == SECCOMP_ARCH_X32 ? nr | 0x40000000 : nr;
                                uint32_t x = bpf_stack_verdict(merged, archs[a], n, argsets[k]);
                                uint32_t y = bpf_stack_verdict(ref, archs[a], n, argsets[k]);
                                if (x != y || x == BPF_INTERP_BAD)
                                        diffs++;
                        }
        for (int nr = 0; nr < 500; nr++)
                if (bpf_stack_cacheable(merged, nr) != bpf_stack_cacheable(ref, nr))
                        diffs++;
        return diffs;
}

/* Byte for byte: every merged program is a run of consecutive reference programs (each filter
 * exported alone, from the start of its own memfd) laid end to end, where only the "return
 * ALLOW" of each but the last became a jump to the next one's first instruction. So exporting
 * all programs into one memfd one after the other reads back exactly what a separate export
 * per filter gives. Returns the number of differences. */
static size_t byte_diffs(const SeccompPrograms *merged, const SeccompPrograms *ref)
{
        size_t diffs = 0, k = 0;

        for (size_t m = 0; m < merged->n; m++) {
                const SeccompProgram *p = &merged->items[m];
                size_t at = 0;
                SeccompArch archs = 0;

                while (at < p->len && k < ref->n) {
                        const SeccompProgram *r = &ref->items[k++];
                        bool last = at + r->len == p->len;

                        if (at + r->len > p->len)
                                return diffs + 1;
                        archs |= r->arch;
                        for (size_t i = 0; i < r->len; i++) {
                                struct sock_filter want = r->insns[i];
                                if (!last && want.code == (BPF_RET | BPF_K) &&
                                    want.k == SECCOMP_ACTION_ALLOW)
                                        want = (struct sock_filter) BPF_JUMP(
                                                BPF_JMP | BPF_JA, (uint32_t) (r->len - i - 1), 0,
                                                0);
                                if (memcmp(&want, &p->insns[at + i], sizeof(want)) != 0)
                                        diffs++;
                        }
                        at += r->len;
                }
                if (at != p->len || archs != p->arch)
                        diffs++;
        }
        return diffs + (k != ref->n);
}

static void check_unit(const char *text, size_t want_programs)
{
        Unit *u = load(text);
        SeccompPlan plan = {0};
        SeccompPrograms merged = {0}, ref = {0};

        ASSERT_NOT_NULL(u);
        ASSERT_OK(seccomp_compile(u, &plan, NULL));
        ASSERT_OK(seccomp_plan_prepare(&plan, &merged));
        ASSERT_OK(prepare_unmerged(&plan, &ref));
        ASSERT_EQ(ref.n, plan.n_filters);
        ASSERT_EQ(merged.n, want_programs);
        ASSERT_EQ(compare(&merged, &ref), 0);
        ASSERT_EQ(byte_diffs(&merged, &ref), 0);
        seccomp_programs_done(&merged);
        seccomp_programs_done(&ref);
        seccomp_plan_done(&plan);
        unit_free(u);
}

/* Five directives on all three architectures: 15 filters, 5 programs. */
TEST(per_directive_architectures_merge)
{
        check_unit("[Service]\nExecStart=/bin/true\nProtectHostname=yes\n"
                   "ProtectKernelTunables=yes\nProtectKernelModules=yes\n"
                   "ProtectKernelLogs=yes\nPrivateDevices=yes\n",
                   5);
}

/* Argument rules (socket families, W^X, SUID bits, namespaces, realtime) and errno choices on
 * three architectures, plus a deny list with its own errno. */
TEST(argument_rules_merge_exactly)
{
        check_unit("[Service]\nExecStart=/bin/true\nRestrictAddressFamilies=AF_INET AF_UNIX\n"
                   "MemoryDenyWriteExecute=yes\nRestrictSUIDSGID=yes\nRestrictRealtime=yes\n"
                   "RestrictNamespaces=~user net\nLockPersonality=yes\n"
                   "SystemCallFilter=~@mount @swap\nSystemCallErrorNumber=EPERM\n",
                   7);
}

/* An allow list with its own errno, on all architectures. */
TEST(allow_list_merges_exactly)
{
        check_unit("[Service]\nExecStart=/bin/true\nSystemCallFilter=@system-service\n"
                   "SystemCallFilter=~@privileged:EACCES\nSystemCallErrorNumber=EPERM\n",
                   1);
}

/* SystemCallArchitectures=native: one architecture per directive, nothing to merge; the
 * architecture filter itself (which kills other arches) is never merged. */
TEST(native_only_is_unchanged)
{
        check_unit("[Service]\nExecStart=/bin/true\nSystemCallArchitectures=native\n"
                   "ProtectKernelModules=yes\nLockPersonality=yes\n",
                   3);
}
