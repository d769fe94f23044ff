/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ns per system call under four seccomp stacks (issue #5 "Performance"):
 *   none      no filter
 *   floor     one architecture-check filter (what SystemCallArchitectures=native alone costs)
 *   cordon    cordon's complete stack for UNIT (seccomp-compile + seccomp-load)
 *   naive     the same directives built the straightforward way with libseccomp: one
 *             multi-architecture filter per directive, full 64-bit argument comparisons, and the
 *             argument-checking rules placed in every directive's filter for every call
 * Each stack is measured in a fresh child. Prints ratios to the floor and which calls need
 * argument checks.
 *
 *   seccomp-bench UNIT [ITERATIONS] */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/unit/seccomp-bpf-interp.h"
#include "caps.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "unit.h"

/* personality(0xffffffff) only queries; under LockPersonality= its verdict needs the argument,
 * so it shows what an uncacheable call pays. */
enum { CALL_GETPPID, CALL_READ, CALL_CLOSE, CALL_PERSONALITY, N_CALLS };
static const char *const call_names[N_CALLS] = {"getppid", "read", "close", "personality"};
#define N_HOT_CALLS 3 /* the target applies to the first three */
enum { STACK_NONE, STACK_FLOOR, STACK_CORDON, STACK_NAIVE, N_STACKS };
static const char *const stack_names[N_STACKS] = {"none", "floor (arch check)", "cordon",
                                                  "libseccomp, straightforward"};

static uint64_t now_ns(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static double measure(int call, long iters)
{
        char c;
        int fd = open("/dev/zero", O_RDONLY | O_CLOEXEC);
        double best = 1e18;

        /* best of 3 bursts; the caller repeats this in interleaved rounds */
        for (int round = 0; round < 3; round++) {
                uint64_t t0 = now_ns();
                for (long i = 0; i < iters; i++)
                        switch (call) {
                        case CALL_GETPPID:
                                syscall(SYS_getppid);
                                break;
                        case CALL_READ:
                                syscall(SYS_read, fd, &c, 1);
                                break;
                        case CALL_CLOSE:
                                syscall(SYS_close, -1);
                                break;
                        default:
                                syscall(SYS_personality, 0xffffffffUL);
                                break;
                        }
                double ns = (double) (now_ns() - t0) / (double) iters;
                if (ns < best)
                        best = ns;
        }
        close(fd);
        return best;
}

static int load_floor(void)
{
        scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
        int r;
        if (!ctx)
                return -ENOMEM;
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
        if (r >= 0)
                r = seccomp_load(ctx);
        seccomp_release(ctx);
        return r;
}

/* The straightforward build: for each filter concern of the plan, one libseccomp context with
 * all of the plan's architectures; rules added with plain (64-bit) comparisons. */
static scmp_filter_ctx naive_ctx(const SeccompPlan *p, const SeccompFilter *f)
{
        scmp_filter_ctx ctx = seccomp_init(f->default_action);
        if (!ctx)
                return NULL;
        if (p->archs & SECCOMP_ARCH_X86)
                (void) seccomp_arch_add(ctx, SCMP_ARCH_X86);
        if (p->archs & SECCOMP_ARCH_X32)
                (void) seccomp_arch_add(ctx, SCMP_ARCH_X32);
        (void) seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, f->bad_arch_action);
        for (size_t j = 0; j < f->n_rules; j++) {
                const SeccompRule *rule = &f->rules[j];
                struct scmp_arg_cmp cmps[SECCOMP_RULE_ARGS_MAX];
                int nr = seccomp_syscall_resolve_name(rule->syscall);
                if (nr == __NR_SCMP_ERROR)
                        continue;
                for (unsigned k = 0; k < rule->n_args; k++) {
                        const SeccompArgCmp *c = &rule->args[k];
                        enum scmp_compare op = c->op == SECCOMP_CMP_EQ   ? SCMP_CMP_EQ
                                               : c->op == SECCOMP_CMP_NE ? SCMP_CMP_NE
                                               : c->op == SECCOMP_CMP_LT ? SCMP_CMP_LT
                                               : c->op == SECCOMP_CMP_GT ? SCMP_CMP_GT
                                                                         : SCMP_CMP_MASKED_EQ;
                        cmps[k] = op == SCMP_CMP_MASKED_EQ
                                          ? (struct scmp_arg_cmp){c->arg, op, c->mask, c->datum}
                                          : (struct scmp_arg_cmp){c->arg, op, c->datum, 0};
                }
                (void) seccomp_rule_add_array(ctx, rule->action, nr, rule->n_args, cmps);
        }
        return ctx;
}

static int load_naive(const SeccompPlan *p)
{
        for (size_t i = 0; i < p->n_filters; i++) {
                const SeccompFilter *f = &p->filters[i];
                /* the per-arch copies of one concern collapse into one multi-arch filter */
                if (i > 0 && p->filters[i - 1].concern == f->concern)
                        continue;
                scmp_filter_ctx ctx = naive_ctx(p, f);
                if (!ctx)
                        return -ENOMEM;
                int r = seccomp_load(ctx);
                seccomp_release(ctx);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int export_ctx(scmp_filter_ctx ctx, SeccompProgram *ret)
{
        int fd = memfd_create("bench", MFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        int r = seccomp_export_bpf(ctx, fd);
        off_t size = lseek(fd, 0, SEEK_END);
        if (r >= 0 && size > 0) {
                ret->insns = malloc(size);
                if (ret->insns && pread(fd, ret->insns, size, 0) == size)
                        ret->len = (unsigned short) (size / sizeof(struct sock_filter));
                else
                        r = -EIO;
        }
        close(fd);
        return r;
}

#define ROUNDS 15

/* Exports the straightforward stack (same construction as load_naive) to check cacheability. */
static bool naive_cacheable(const SeccompPlan *p, int nr)
{
        for (size_t i = 0; i < p->n_filters; i++) {
                const SeccompFilter *f = &p->filters[i];
                if (i > 0 && p->filters[i - 1].concern == f->concern)
                        continue;
                scmp_filter_ctx ctx = naive_ctx(p, f);
                SeccompProgram prog = {0};
                bool ok = false;
                if (ctx && export_ctx(ctx, &prog) >= 0) {
                        struct seccomp_data d = {.nr = nr, .arch = AUDIT_ARCH_X86_64};
                        bool c;
                        ok = bpf_run(&prog, &d, true, &c) == SECCOMP_RET_ALLOW && c;
                }
                free(prog.insns);
                if (ctx)
                        seccomp_release(ctx);
                if (!ok)
                        return false;
        }
        return true;
}

/* Measures one stack in a fresh child (filters cannot be removed once loaded). */
static int run_stack(int s, const SeccompPlan *plan, const SeccompPrograms *progs, long iters,
                     double out[N_CALLS])
{
        int pfd[2], status, r;

        if (pipe(pfd) < 0)
                return -errno;
        pid_t pid = fork();
        if (pid < 0)
                return -errno;
        if (pid == 0) {
                close(pfd[0]);
                r = caps_set_no_new_privs();
                if (r >= 0 && s == STACK_FLOOR)
                        r = load_floor();
                else if (r >= 0 && s == STACK_CORDON)
                        r = seccomp_programs_install(progs, NULL);
                else if (r >= 0 && s == STACK_NAIVE)
                        r = load_naive(plan);
                if (r < 0)
                        _exit(3);
                for (int c = 0; c < N_CALLS; c++)
                        out[c] = measure(c, iters);
                if (write(pfd[1], out, sizeof(double) * N_CALLS) != sizeof(double) * N_CALLS)
                        _exit(4);
                _exit(0);
        }
        close(pfd[1]);
        ssize_t n = read(pfd[0], out, sizeof(double) * N_CALLS);
        close(pfd[0]);
        (void) waitpid(pid, &status, 0);
        return n == (ssize_t) (sizeof(double) * N_CALLS) ? 0 : -EIO;
}

int main(int argc, char **argv)
{
        Unit *u = NULL;
        DiagList diags = {0};
        SeccompPlan plan = {0};
        SeccompPrograms progs = {0};
        long iters = argc > 2 ? atol(argv[2]) : 200000;
        double res[N_STACKS][N_CALLS];
        int r;

        if (argc < 2) {
                fprintf(stderr, "usage: seccomp-bench UNIT [ITERATIONS]\n");
                return 2;
        }
        r = unit_load(argv[1], NULL, &u, &diags);
        if (r < 0) {
                fprintf(stderr, "cannot load %s\n", argv[1]);
                return 2;
        }
        /* start-up cost of the seccomp part: compile + BPF build (parent), install (child) */
        double compile_us = 1e18, install_us = 1e18;
        for (int i = 0; i < 20; i++) {
                SeccompPlan tp = {0};
                SeccompPrograms tpr = {0};
                uint64_t t0 = now_ns();
                if (seccomp_compile(u, &tp, NULL) < 0 || seccomp_plan_prepare(&tp, &tpr) < 0) {
                        fprintf(stderr, "cannot compile %s\n", argv[1]);
                        return 2;
                }
                double us = (double) (now_ns() - t0) / 1000.0;
                compile_us = us < compile_us ? us : compile_us;
                int pfd[2];
                if (pipe(pfd) < 0)
                        return 2;
                pid_t pid = fork();
                if (pid == 0) {
                        (void) caps_set_no_new_privs();
                        uint64_t t1 = now_ns();
                        (void) seccomp_programs_install(&tpr, NULL);
                        double v = (double) (now_ns() - t1) / 1000.0;
                        _exit(write(pfd[1], &v, sizeof v) == sizeof v ? 0 : 1);
                }
                double v = 1e18;
                close(pfd[1]);
                if (read(pfd[0], &v, sizeof v) == sizeof v && v < install_us)
                        install_us = v;
                close(pfd[0]);
                (void) waitpid(pid, NULL, 0);
                seccomp_programs_done(&tpr);
                seccomp_plan_done(&tp);
        }
        if (seccomp_compile(u, &plan, &diags) < 0 || seccomp_plan_prepare(&plan, &progs) < 0)
                return 2;

        /* Pin to one CPU and interleave the stacks round by round, so that drift and noise
         * of a shared machine hit every stack alike; keep each stack's best round. */
        cpu_set_t cpus;
        CPU_ZERO(&cpus);
        CPU_SET(0, &cpus);
        (void) sched_setaffinity(0, sizeof cpus, &cpus);
        for (int s = 0; s < N_STACKS; s++)
                for (int c = 0; c < N_CALLS; c++)
                        res[s][c] = 1e18;
        for (int round = 0; round < ROUNDS; round++)
                for (int s = 0; s < N_STACKS; s++) {
                        double out[N_CALLS];
                        r = run_stack(s, &plan, &progs, iters, out);
                        if (r < 0) {
                                fprintf(stderr, "stack %s failed: %s\n", stack_names[s],
                                        strerror(-r));
                                return 1;
                        }
                        for (int c = 0; c < N_CALLS; c++)
                                if (out[c] < res[s][c])
                                        res[s][c] = out[c];
                }

        size_t n_filters_naive = 0;
        for (size_t i = 0; i < plan.n_filters; i++)
                if (i == 0 || plan.filters[i - 1].concern != plan.filters[i].concern)
                        n_filters_naive++;
        printf("unit: %s (%zu cordon filters, %zu straightforward filters), %ld calls x 3 bursts x "
               "%d interleaved rounds, best\n",
               argv[1], plan.n_filters, n_filters_naive, iters, ROUNDS);
        printf("%-30s", "ns/call");
        for (int c = 0; c < N_CALLS; c++)
                printf(" %10s", call_names[c]);
        printf("\n");
        for (int s = 0; s < N_STACKS; s++) {
                printf("%-30s", stack_names[s]);
                for (int c = 0; c < N_CALLS; c++)
                        printf(" %10.1f", res[s][c]);
                printf("\n");
        }
        for (int s = STACK_CORDON; s < N_STACKS; s++) {
                printf("%-30s",
                       s == STACK_CORDON ? "ratio cordon/floor" : "ratio straightfwd/floor");
                for (int c = 0; c < N_CALLS; c++)
                        printf(" %10.2f", res[s][c] / res[STACK_FLOOR][c]);
                printf("\n");
        }
        bool within = true;
        for (int c = 0; c < N_HOT_CALLS; c++)
                within = within && res[STACK_CORDON][c] <= 1.10 * res[STACK_FLOOR][c];
        printf("target (cordon within 10%% of the floor on getppid, read, close): %s\n",
               within ? "met" : "NOT met");

        printf("start-up: compile + build BPF %.0f us (parent), install %zu filters %.0f us "
               "(child), best of 20\n",
               compile_us, progs.n, install_us);
        const char **l = NULL;
        if (seccomp_plan_arg_syscalls(&plan, &l) >= 0) {
                printf("calls whose verdict needs argument checks (never cached):");
                for (size_t i = 0; l[i]; i++)
                        printf(" %s", l[i]);
                printf("\n");
                free(l);
        }
        printf("cacheable under cordon's stack (kernel >= 5.11 verdict cache):");
        for (int c = 0; c < N_CALLS; c++) {
                int nr = seccomp_syscall_resolve(call_names[c], SECCOMP_ARCH_X86_64);
                printf(" %s=%s", call_names[c], bpf_stack_cacheable(&progs, nr) ? "yes" : "no");
        }
        printf("\n");
        printf("cacheable under the straightforward stack:");
        for (int c = 0; c < N_CALLS; c++) {
                int nr = seccomp_syscall_resolve(call_names[c], SECCOMP_ARCH_X86_64);
                printf(" %s=%s", call_names[c], naive_cacheable(&plan, nr) ? "yes" : "no");
        }
        printf("\n");

        seccomp_programs_done(&progs);
        seccomp_plan_done(&plan);
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}
