/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libseccomp backend: SeccompPlan → BPF programs, and the seccomp(2) calls that load them. */
#include "seccomp-load.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "string-util.h"

#if HAVE_SECCOMP
#include <seccomp.h>
#endif

#define X32_SYSCALL_BIT 0x40000000

/* Calls newer than the libseccomp we may be built with. Numbers are the same on x86-64, i386
 * and x32 (plus the x32 bit) for everything allocated since Linux 5.1. */
static const struct {
        const char *name;
        int nr;
} late_syscalls[] = {
        {"fchmodat2", 452},
        {"map_shadow_stack", 453},
        {"futex_wake", 454},
        {"futex_wait", 455},
        {"futex_requeue", 456},
        {"statmount", 457},
        {"listmount", 458},
        {"lsm_get_self_attr", 459},
        {"lsm_set_self_attr", 460},
        {"lsm_list_modules", 461},
        {"mseal", 462},
};

#if HAVE_SECCOMP
static uint32_t scmp_arch(SeccompArch a)
{
        switch (a) {
        case SECCOMP_ARCH_X86_64:
                return SCMP_ARCH_X86_64;
        case SECCOMP_ARCH_X86:
                return SCMP_ARCH_X86;
        case SECCOMP_ARCH_X32:
                return SCMP_ARCH_X32;
        }
        return 0;
}
#endif

/* i386 entry points that libseccomp files as "multiplexed" (it rewrites rules for them into
 * both the direct call and socketcall()/ipc()), but which the kernel also offers directly. */
static const struct {
        const char *name;
        int nr;
} x86_direct[] = {
        {"socket", 359},
        {"socketpair", 360},
        {"shmat", 397},
};

int seccomp_syscall_resolve(const char *name, SeccompArch arch)
{
#if HAVE_SECCOMP
        int nr = seccomp_syscall_resolve_name_arch(scmp_arch(arch), name);
        if (nr >= 0)
                return nr;
        if (nr != __NR_SCMP_ERROR && arch == SECCOMP_ARCH_X86)
                for (size_t i = 0; i < ELEMENTSOF(x86_direct); i++)
                        if (streq(x86_direct[i].name, name))
                                return x86_direct[i].nr;
        if (nr != __NR_SCMP_ERROR)
                return -ENOENT; /* a pseudo number: no such call on this architecture */
#endif
        for (size_t i = 0; i < ELEMENTSOF(late_syscalls); i++)
                if (streq(late_syscalls[i].name, name))
                        return arch == SECCOMP_ARCH_X32 ? (late_syscalls[i].nr | X32_SYSCALL_BIT)
                                                        : late_syscalls[i].nr;
        return -ENOENT;
}

/* libseccomp's rule API takes x86-64 numbers (or its negative pseudo numbers for calls that
 * only exist elsewhere) and translates them for each architecture of the filter. */
static int native_or_pseudo_nr(const char *name)
{
#if HAVE_SECCOMP
        int nr = seccomp_syscall_resolve_name(name);
        if (nr != __NR_SCMP_ERROR)
                return nr;
#endif
        for (size_t i = 0; i < ELEMENTSOF(late_syscalls); i++)
                if (streq(late_syscalls[i].name, name))
                        return late_syscalls[i].nr;
        return INT32_MIN;
}

#if HAVE_SECCOMP
static scmp_filter_ctx seccomp_release_ctx(scmp_filter_ctx c)
{
        seccomp_release(c);
        return NULL;
}
DEFINE_TRIVIAL_CLEANUP_FUNC(scmp_filter_ctx, seccomp_release_ctx);

/* EQ/MASKED_EQ compare the low 32 bits only (a masked compare with an empty upper mask), so
 * an int argument cannot be smuggled past an equality rule by setting the upper half (E051).
 * NE/LT/GT compare the full register: with the upper half set, NE and GT match, which in our
 * deny rules means "denied"; LT is only ever emitted together with a GT rule. */
static struct scmp_arg_cmp to_scmp(const SeccompArgCmp *c)
{
        switch (c->op) {
        case SECCOMP_CMP_EQ:
                return (struct scmp_arg_cmp){c->arg, SCMP_CMP_MASKED_EQ, 0xffffffffu, c->datum};
        case SECCOMP_CMP_MASKED_EQ:
                return (struct scmp_arg_cmp){c->arg, SCMP_CMP_MASKED_EQ, c->mask, c->datum};
        case SECCOMP_CMP_NE:
                return (struct scmp_arg_cmp){c->arg, SCMP_CMP_NE, c->datum, 0};
        case SECCOMP_CMP_LT:
                return (struct scmp_arg_cmp){c->arg, SCMP_CMP_LT, c->datum, 0};
        case SECCOMP_CMP_GT:
                return (struct scmp_arg_cmp){c->arg, SCMP_CMP_GT, c->datum, 0};
        case _SECCOMP_CMP_MAX:
        case _SECCOMP_CMP_INVALID:
                break;
        }
        return (struct scmp_arg_cmp){0};
}

static int filter_to_ctx(const SeccompFilter *f, scmp_filter_ctx *ret)
{
        _cleanup_(seccomp_release_ctxp) scmp_filter_ctx ctx = NULL;
        int r;

        ctx = seccomp_init(f->default_action);
        if (!ctx)
                return -ENOMEM;
        /* libseccomp starts with the native arch (x86-64); make the arch set exactly f->arch. */
        if (!(f->arch & SECCOMP_ARCH_X86_64)) {
                r = seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
                if (r < 0)
                        return r;
        }
        for (SeccompArch a = SECCOMP_ARCH_X86; a <= SECCOMP_ARCH_X32; a <<= 1)
                if (f->arch & a) {
                        r = seccomp_arch_add(ctx, scmp_arch(a));
                        if (r < 0 && r != -EEXIST)
                                return r;
                }
        r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, f->bad_arch_action);
        if (r < 0)
                return r;
        /* NNP is set explicitly by the executor where systemd sets it, never as a side effect. */
        r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
        if (r < 0)
                return r;

        for (size_t i = 0; i < f->n_rules; i++) {
                const SeccompRule *rule = &f->rules[i];
                struct scmp_arg_cmp cmps[SECCOMP_RULE_ARGS_MAX];
                int nr;

                nr = native_or_pseudo_nr(rule->syscall);
                if (nr == INT32_MIN)
                        continue; /* unknown to libseccomp and to us: no kernel has it */
                for (unsigned k = 0; k < rule->n_args; k++)
                        cmps[k] = to_scmp(&rule->args[k]);
                /* Not the _exact variant: on i386 libseccomp must also rewrite socket() and
                 * shmat() rules into socketcall()/ipc() rules (E050); calls that do not exist
                 * on the filter's architecture are skipped by libseccomp. */
                r = seccomp_rule_add_array(ctx, rule->action, nr, rule->n_args, cmps);
                if (r == -EEXIST)
                        continue; /* the same call and comparison rewritten twice */
                if (r == -EACCES && rule->action == f->default_action)
                        continue; /* a rule equal to the default is a no-op */
                if (r < 0)
                        return r;
        }
        *ret = TAKE_PTR(ctx);
        return 0;
}

/* libseccomp (before 2.6) exports to an fd only. All programs go to one memfd, one after the
 * other: libseccomp writes at the file offset, and a pread() from where the previous program
 * ended returns exactly the new one (a memfd per program cost a create and a shmem inode
 * teardown each; emptying one memfd before each program an ftruncate, which freed the page the
 * next export allocated and zeroed again, and two lseeks each).
 * *offset is where this program starts, and is moved past it. */
static int ctx_export(scmp_filter_ctx ctx, int fd, off_t *offset, struct sock_filter **ret,
                      unsigned short *ret_len)
{
        /* One instruction more than the kernel takes: a longer program is refused, not cut. Only
         * the pages read into are touched (a malloc() of this size at every program cost a
         * consolidation of malloc's free lists each). */
        static struct sock_filter scratch[BPF_MAXINSNS + 1];
        struct sock_filter *buf;
        ssize_t size;
        int r;

        r = seccomp_export_bpf(ctx, fd);
        if (r < 0)
                return r;
        size = pread(fd, scratch, sizeof(scratch), *offset);
        if (size < 0)
                return -errno;
        if (size == 0 || size % sizeof(struct sock_filter) != 0 ||
            (size_t) size / sizeof(struct sock_filter) > BPF_MAXINSNS)
                return -E2BIG;
        buf = malloc(size);
        if (!buf)
                return -ENOMEM;
        memcpy(buf, scratch, size);
        *offset += size;
        *ret_len = (unsigned short) (size / sizeof(struct sock_filter));
        *ret = buf;
        return 0;
}
#endif

/* Whether the programs of filters a and b (a installed first) may run as one: the same
 * directive compiled for two different single architectures, each answering ALLOW for the
 * other's calls. For any call at most one of them then decides, so chaining them (ALLOW of the
 * first continues into the second) gives the kernel's combined verdict exactly, with one
 * seccomp(2) load and one verdict-cache preparation instead of two. */
static bool mergeable(const SeccompFilter *a, const SeccompFilter *b)
{
        return a->concern == b->concern && a->concern != SECCOMP_CONCERN_ARCHITECTURES &&
               a->bad_arch_action == SECCOMP_ACTION_ALLOW &&
               b->bad_arch_action == SECCOMP_ACTION_ALLOW && (a->arch & (a->arch - 1)) == 0 &&
               (b->arch & (b->arch - 1)) == 0 && a->arch != b->arch;
}

/* Appends program b to a: every "return ALLOW" of a becomes a jump to b's first instruction
 * (same length, so a's own relative jumps stay valid). Refused (-E2BIG) past the kernel's
 * limit, -EINVAL for a program with another kind of return. */
static int program_chain(SeccompProgram *a, const SeccompProgram *b)
{
        size_t n = (size_t) a->len + b->len;
        struct sock_filter *m;

        if (n > BPF_MAXINSNS)
                return -E2BIG;
        for (size_t i = 0; i < a->len; i++)
                if (BPF_CLASS(a->insns[i].code) == BPF_RET && a->insns[i].code != (BPF_RET | BPF_K))
                        return -EINVAL;
        m = realloc(a->insns, n * sizeof(*m));
        if (!m)
                return -ENOMEM;
        for (size_t i = 0; i < a->len; i++)
                if (m[i].code == (BPF_RET | BPF_K) && m[i].k == SECCOMP_ACTION_ALLOW)
                        m[i] = (struct sock_filter) BPF_JUMP(BPF_JMP | BPF_JA,
                                                             (uint32_t) (a->len - i - 1), 0, 0);
        memcpy(m + a->len, b->insns, b->len * sizeof(*m));
        a->insns = m;
        a->len = (unsigned short) n;
        a->arch |= b->arch;
        return 0;
}

int seccomp_plan_prepare(const SeccompPlan *p, SeccompPrograms *ret)
{
#if HAVE_SECCOMP
        _cleanup_close_ int fd = -1;
        SeccompPrograms out = {0};
        off_t offset = 0;
        int r;

        fd = memfd_create("cordon-seccomp", MFD_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (p->n_filters > 0) {
                out.items = calloc(p->n_filters, sizeof(*out.items));
                if (!out.items)
                        return -ENOMEM;
        }
        for (size_t i = 0; i < p->n_filters; i++) {
                _cleanup_(seccomp_release_ctxp) scmp_filter_ctx ctx = NULL;
                SeccompProgram *prog = &out.items[out.n];

                r = filter_to_ctx(&p->filters[i], &ctx);
                if (r >= 0)
                        r = ctx_export(ctx, fd, &offset, &prog->insns, &prog->len);
                if (r < 0) {
                        seccomp_programs_done(&out);
                        return r;
                }
                prog->concern = p->filters[i].concern;
                prog->arch = p->filters[i].arch;
                out.n++;
                /* the same directive for another architecture: run both as one program */
                if (out.n >= 2 && i >= 1 && mergeable(&p->filters[i - 1], &p->filters[i]) &&
                    out.items[out.n - 2].concern == prog->concern &&
                    !(out.items[out.n - 2].arch & prog->arch)) {
                        r = program_chain(&out.items[out.n - 2], prog);
                        if (r == -ENOMEM) {
                                seccomp_programs_done(&out);
                                return r;
                        }
                        if (r >= 0) {
                                free(prog->insns);
                                *prog = (SeccompProgram){0};
                                out.n--;
                        }
                }
        }
        *ret = out;
        return 0;
#else
        return -EOPNOTSUPP;
#endif
}

void seccomp_programs_done(SeccompPrograms *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++)
                free(p->items[i].insns);
        free(p->items);
        *p = (SeccompPrograms){0};
}

int seccomp_programs_install(const SeccompPrograms *p, size_t *ret_failed)
{
        for (size_t i = 0; i < p->n; i++) {
                struct sock_fprog prog = {.len = p->items[i].len, .filter = p->items[i].insns};

                /* Why safe: the program was built and checked by libseccomp before fork; the
                 * kernel only ever adds restrictions, and stacked filters cannot be removed. */
                if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
                        if (ret_failed)
                                *ret_failed = i;
                        return -errno;
                }
        }
        return 0;
}

int seccomp_plan_load(const SeccompPlan *p)
{
        SeccompPrograms progs = {0};
        int r = seccomp_plan_prepare(p, &progs);
        if (r < 0)
                return r;
        r = seccomp_programs_install(&progs, NULL);
        seccomp_programs_done(&progs);
        return r;
}
