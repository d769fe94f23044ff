/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure: unit model → seccomp filter descriptions. Facts (which calls, which arguments, which
 * errno) follow systemd 252's seccomp-util.c and execute.c; where systemd leaves a hole that
 * escapes.md documents, the stricter choice is marked "cordon:". */
#include "seccomp-compile.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/stat.h>

#include "names.h"
#include "string-util.h"

#ifndef SHM_EXEC
#define SHM_EXEC 0100000
#endif
#ifndef SCHED_IDLE
#define SCHED_IDLE 5
#endif
#define O_TMPFILE_BIT 020000000 /* __O_TMPFILE */

static const char *const seccomp_concern_table[_SECCOMP_CONCERN_MAX] = {
        [SECCOMP_CONCERN_PROTECT_HOSTNAME] = "ProtectHostname=",
        [SECCOMP_CONCERN_ADDRESS_FAMILIES] = "RestrictAddressFamilies=",
        [SECCOMP_CONCERN_MEMORY_DENY_WRITE_EXECUTE] = "MemoryDenyWriteExecute=",
        [SECCOMP_CONCERN_RESTRICT_REALTIME] = "RestrictRealtime=",
        [SECCOMP_CONCERN_RESTRICT_SUID_SGID] = "RestrictSUIDSGID=",
        [SECCOMP_CONCERN_RESTRICT_NAMESPACES] = "RestrictNamespaces=",
        [SECCOMP_CONCERN_PROTECT_KERNEL_TUNABLES] = "ProtectKernelTunables=",
        [SECCOMP_CONCERN_PROTECT_KERNEL_MODULES] = "ProtectKernelModules=",
        [SECCOMP_CONCERN_PROTECT_KERNEL_LOGS] = "ProtectKernelLogs=",
        [SECCOMP_CONCERN_PROTECT_CLOCK] = "ProtectClock=",
        [SECCOMP_CONCERN_PRIVATE_DEVICES] = "PrivateDevices=",
        [SECCOMP_CONCERN_ARCHITECTURES] = "SystemCallArchitectures=",
        [SECCOMP_CONCERN_LOCK_PERSONALITY] = "LockPersonality=",
        [SECCOMP_CONCERN_SYSTEM_CALL_LOG] = "SystemCallLog=",
        [SECCOMP_CONCERN_SYSTEM_CALL_FILTER] = "SystemCallFilter=",
};
DEFINE_STRING_TABLE_LOOKUP(seccomp_concern, SeccompConcern);

const char *seccomp_arch_to_string(SeccompArch a)
{
        switch (a) {
        case SECCOMP_ARCH_X86_64:
                return "x86-64";
        case SECCOMP_ARCH_X86:
                return "x86";
        case SECCOMP_ARCH_X32:
                return "x32";
        }
        return NULL;
}

const char *seccomp_action_to_string(uint32_t action, char buf[static 32])
{
        if (action == SECCOMP_ACTION_ALLOW)
                return "allow";
        if (action == SECCOMP_ACTION_KILL_PROCESS)
                return "kill";
        if (action == SECCOMP_ACTION_LOG)
                return "log";
        if (SECCOMP_ACTION_IS_ERRNO(action)) {
                const char *n = errno_to_name((int) (action & 0xffff));
                if (n)
                        return n;
                snprintf(buf, 32, "errno %u", (unsigned) (action & 0xffff));
                return buf;
        }
        snprintf(buf, 32, "action 0x%08x", (unsigned) action);
        return buf;
}

/* ---------------------------------------------------------------- builders */

static SeccompFilter *plan_add_filter(SeccompPlan *p, SeccompConcern c, SeccompArch arch,
                                      uint32_t default_action, Origin origin)
{
        SeccompFilter *n;

        if (p->n_filters >= SECCOMP_FILTERS_MAX)
                return NULL;
        n = realloc(p->filters, (p->n_filters + 1) * sizeof(*n));
        if (!n)
                return NULL;
        p->filters = n;
        n = &p->filters[p->n_filters++];
        *n = (SeccompFilter){
                .concern = c,
                .arch = arch,
                .default_action = default_action,
                .bad_arch_action = SECCOMP_ACTION_ALLOW, /* other arches have their own filter */
                .origin = origin,
        };
        return n;
}

static int filter_add_rule(SeccompFilter *f, const char *syscall, uint32_t action, unsigned n_args,
                           const SeccompArgCmp *args)
{
        SeccompRule *n;

        if (f->n_rules >= SECCOMP_RULES_MAX || n_args > SECCOMP_RULE_ARGS_MAX)
                return -E2BIG;
        n = realloc(f->rules, (f->n_rules + 1) * sizeof(*n));
        if (!n)
                return -ENOMEM;
        f->rules = n;
        n = &f->rules[f->n_rules++];
        *n = (SeccompRule){.syscall = syscall, .action = action, .n_args = n_args};
        for (unsigned i = 0; i < n_args; i++)
                n->args[i] = args[i];
        return 0;
}

#define CMP(a, o, d) ((SeccompArgCmp){.arg = (a), .op = (o), .datum = (d)})
#define MASKED(a, m, d)                                                                            \
        ((SeccompArgCmp){.arg = (a), .op = SECCOMP_CMP_MASKED_EQ, .mask = (m), .datum = (d)})
#define RULE0(f, s, act)    filter_add_rule((f), (s), (act), 0, NULL)
#define RULE1(f, s, act, c) filter_add_rule((f), (s), (act), 1, (const SeccompArgCmp[]){c})
#define RULE2(f, s, act, c1, c2)                                                                   \
        filter_add_rule((f), (s), (act), 2, (const SeccompArgCmp[]){c1, c2})

/* ---------------------------------------------------------------- one function per concern */

static int compile_hostname(SeccompFilter *f)
{
        int r = RULE0(f, "sethostname", SECCOMP_ACTION_ERRNO(EPERM));
        if (r < 0)
                return r;
        return RULE0(f, "setdomainname", SECCOMP_ACTION_ERRNO(EPERM));
}

/* cordon: io_uring runs socket(), openat() etc. in the kernel without passing the syscall
 * filter (IORING_OP_SOCKET, IORING_OP_OPENAT with a mode), so a restriction on their arguments
 * means nothing while io_uring_setup() works (escapes.md E055; systemd 252 leaves it open).
 * ENOSYS makes callers fall back to the plain system calls, as on kernels without io_uring. */
static int deny_io_uring(SeccompFilter *f)
{
        return RULE0(f, "io_uring_setup", SECCOMP_ACTION_ERRNO(ENOSYS));
}

static int compile_address_families(SeccompFilter *f, const AddressFamilies *af)
{
        const uint32_t deny = SECCOMP_ACTION_ERRNO(EAFNOSUPPORT);
        int r, max = MIN(af_max(), 64);

        r = deny_io_uring(f);
        if (r < 0)
                return r;

        /* cordon: on i386 socket() may also arrive multiplexed through socketcall(), whose
         * arguments live in memory where no filter can read them. systemd skips i386; we keep
         * the filter there and libseccomp turns each socket() rule into one for the direct
         * call plus socketcall(SYS_SOCKET, …) refused whole (E050). */
        if (!af->allow_list) {
                for (int i = 0; i < max; i++)
                        if (af->families & (UINT64_C(1) << i)) {
                                r = RULE1(f, "socket", deny, CMP(0, SECCOMP_CMP_EQ, i));
                                if (r < 0)
                                        return r;
                        }
                return 0;
        }

        int first = 0, last = 0;
        for (int i = 1; i < max; i++)
                if (af->families & (UINT64_C(1) << i)) {
                        if (first == 0)
                                first = i;
                        last = i;
                }
        if (first == 0) /* nothing valid allowed: socket() fails for every family */
                return RULE0(f, "socket", deny);

        r = RULE1(f, "socket", deny, CMP(0, SECCOMP_CMP_LT, first));
        if (r < 0)
                return r;
        r = RULE1(f, "socket", deny, CMP(0, SECCOMP_CMP_GT, last));
        if (r < 0)
                return r;
        for (int i = first + 1; i < last; i++)
                if (!(af->families & (UINT64_C(1) << i))) {
                        r = RULE1(f, "socket", deny, CMP(0, SECCOMP_CMP_EQ, i));
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int compile_mdwe(SeccompFilter *f)
{
        const uint32_t deny = SECCOMP_ACTION_ERRNO(EPERM);
        const uint32_t wx = PROT_WRITE | PROT_EXEC;
        int r;

        if (f->arch == SECCOMP_ARCH_X86) {
                /* mmap2 carries prot in a register; the old mmap() passes a struct pointer, so it
                 * is refused outright (as systemd does). */
                r = RULE1(f, "mmap2", deny, MASKED(2, wx, wx));
                if (r < 0)
                        return r;
                r = RULE0(f, "mmap", deny);
                if (r < 0)
                        return r;
                /* cordon: the shmat() rule below also covers ipc(SHMAT, id, shmflg, …) on
                 * i386 (libseccomp rewrites it), which systemd leaves open. */
        } else {
                r = RULE1(f, "mmap", deny, MASKED(2, wx, wx));
                if (r < 0)
                        return r;
        }
        r = RULE1(f, "mprotect", deny, MASKED(2, PROT_EXEC, PROT_EXEC));
        if (r < 0)
                return r;
        r = RULE1(f, "pkey_mprotect", deny, MASKED(2, PROT_EXEC, PROT_EXEC));
        if (r < 0)
                return r;
        r = RULE1(f, "shmat", deny, MASKED(2, SHM_EXEC, SHM_EXEC));
        if (r < 0)
                return r;
        /* cordon: READ_IMPLIES_EXEC makes the kernel add PROT_EXEC to readable mappings, so
         * mmap(PROT_READ|PROT_WRITE) would yield W+X memory past the argument checks above
         * (systemd 252 leaves this open unless LockPersonality= is also set). The 0xffffffff
         * query form carries the bit too and is refused as well. */
        return RULE1(f, "personality", deny, MASKED(0, READ_IMPLIES_EXEC, READ_IMPLIES_EXEC));
}

static int compile_realtime(SeccompFilter *f)
{
        const uint32_t deny = SECCOMP_ACTION_ERRNO(EPERM);
        int r;

        /* Allowed policies: SCHED_OTHER (0), SCHED_BATCH (3), SCHED_IDLE (5). */
        for (uint32_t p = 0; p < SCHED_IDLE; p++) {
                if (p == SCHED_OTHER || p == SCHED_BATCH)
                        continue;
                r = RULE1(f, "sched_setscheduler", deny, CMP(1, SECCOMP_CMP_EQ, p));
                if (r < 0)
                        return r;
        }
        r = RULE1(f, "sched_setscheduler", deny, CMP(1, SECCOMP_CMP_GT, SCHED_IDLE));
        if (r < 0)
                return r;
        /* cordon: sched_setattr() hides the policy in a struct the filter cannot read, so it is
         * refused (issue #5; systemd leaves it to the missing CAP_SYS_NICE, escapes.md E089). */
        return RULE0(f, "sched_setattr", deny);
}

static int compile_sxid_mode(SeccompFilter *f, uint32_t m)
{
        const uint32_t deny = SECCOMP_ACTION_ERRNO(EPERM);
        static const struct {
                const char *name;
                uint8_t mode_arg;
        } simple[] = {
                {"chmod", 1},   {"fchmod", 1}, {"fchmodat", 2}, {"fchmodat2", 2}, {"mkdir", 1},
                {"mkdirat", 2}, {"mknod", 1},  {"mknodat", 2},  {"creat", 1},
        };
        int r;

        for (size_t i = 0; i < ELEMENTSOF(simple); i++) {
                r = RULE1(f, simple[i].name, deny, MASKED(simple[i].mode_arg, m, m));
                if (r < 0)
                        return r;
        }
        /* open(path, flags, mode) and openat(dfd, path, flags, mode): only creating opens take
         * a mode. cordon: O_TMPFILE creates too, so it is checked like O_CREAT. */
        const uint32_t creating[] = {O_CREAT, O_TMPFILE_BIT};
        for (size_t i = 0; i < ELEMENTSOF(creating); i++) {
                r = RULE2(f, "open", deny, MASKED(1, creating[i], creating[i]), MASKED(2, m, m));
                if (r < 0)
                        return r;
                r = RULE2(f, "openat", deny, MASKED(2, creating[i], creating[i]), MASKED(3, m, m));
                if (r < 0)
                        return r;
        }
        return 0;
}

static int compile_suid_sgid(SeccompFilter *f)
{
        int r = compile_sxid_mode(f, S_ISUID);
        if (r < 0)
                return r;
        r = compile_sxid_mode(f, S_ISGID);
        if (r < 0)
                return r;
        r = deny_io_uring(f);
        if (r < 0)
                return r;
        /* openat2() moves mode and flags into a struct: refuse with ENOSYS so callers fall back to
         * openat(), which is filtered. */
        return RULE0(f, "openat2", SECCOMP_ACTION_ERRNO(ENOSYS));
}

static int compile_namespaces(SeccompFilter *f, unsigned long retain)
{
        static const unsigned long flags[] = {
                0x02000000UL /*CGROUP*/, 0x08000000UL /*IPC*/, 0x40000000UL /*NET*/,
                0x00020000UL /*NS*/,     0x20000000UL /*PID*/, 0x10000000UL /*USER*/,
                0x04000000UL /*UTS*/,
        };
        const uint32_t deny = SECCOMP_ACTION_ERRNO(EPERM);
        int r;

        /* clone3() keeps its flags in a struct: ENOSYS makes libc fall back to clone(). */
        r = RULE0(f, "clone3", SECCOMP_ACTION_ERRNO(ENOSYS));
        if (r < 0)
                return r;
        if ((retain & NAMESPACE_FLAGS_ALL) == 0)
                r = RULE0(f, "setns", deny);
        else /* setns(fd, 0) joins whatever namespace fd is: refuse it */
                r = RULE1(f, "setns", deny, CMP(1, SECCOMP_CMP_EQ, 0));
        if (r < 0)
                return r;

        for (size_t i = 0; i < ELEMENTSOF(flags); i++) {
                uint32_t fl = (uint32_t) flags[i];
                if (retain & flags[i])
                        continue;
                r = RULE1(f, "unshare", deny, MASKED(0, fl, fl));
                if (r < 0)
                        return r;
                r = RULE1(f, "clone", deny, MASKED(0, fl, fl));
                if (r < 0)
                        return r;
                if ((retain & NAMESPACE_FLAGS_ALL) != 0) {
                        r = RULE1(f, "setns", deny, MASKED(1, fl, fl));
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int compile_group(SeccompFilter *f, const char *group, uint32_t action)
{
        uint64_t bits[SYSCALL_TABLE_MAX / 64] = {0};
        int r = syscall_set_add(bits, group);
        if (r < 0)
                return r;
        for (int i = 0; i < syscall_table_size(); i++)
                if (syscall_set_test(bits, i)) {
                        r = RULE0(f, syscall_name(i), action);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int compile_personality(SeccompFilter *f, const ExecSettings *e)
{
        uint32_t persona = PER_LINUX;

        /* systemd locks to Personality= if set, else to the current one (PER_LINUX or
         * PER_LINUX32); cordon runs 64-bit, so PER_LINUX unless Personality=x86. */
        if (e->personality.value && streq(e->personality.value, "x86"))
                persona = PER_LINUX32;
        return RULE1(f, "personality", SECCOMP_ACTION_ERRNO(EPERM),
                     CMP(0, SECCOMP_CMP_NE, persona));
}

/* cordon: io_uring performs these operations inside the kernel without passing the syscall
 * filter (IORING_OP_OPENAT, _SOCKET, _CONNECT, _RENAMEAT, _SETXATTR, uring_cmd setsockopt, …).
 * If SystemCallFilter= refuses any of them while io_uring_setup() stays usable, the refusal can
 * be bypassed (escapes.md E055), so io_uring_setup() then fails with ENOSYS (callers fall back
 * to the plain calls). @system-service contains all of them, so common allow lists keep
 * io_uring; systemd 252 does not do this. */
static const char *const io_uring_reachable[] = {
        "read",       "readv",       "pread64",         "preadv",    "preadv2",
        "write",      "writev",      "pwrite64",        "pwritev",   "pwritev2",
        "fsync",      "fdatasync",   "sync_file_range", "poll",      "ppoll",
        "sendmsg",    "recvmsg",     "sendto",          "recvfrom",  "accept",
        "accept4",    "connect",     "fallocate",       "openat",    "openat2",
        "close",      "statx",       "fadvise64",       "madvise",   "epoll_ctl",
        "epoll_wait", "epoll_pwait", "splice",          "tee",       "shutdown",
        "renameat",   "renameat2",   "unlinkat",        "mkdirat",   "symlinkat",
        "linkat",     "setxattr",    "fsetxattr",       "getxattr",  "fgetxattr",
        "socket",     "bind",        "listen",          "ftruncate", "waitid",
        "futex",      "setsockopt",  "getsockopt",      "pipe2",
};

static bool syscall_refused(const SyscallFilter *sf, int idx)
{
        bool listed = syscall_set_test(sf->bits, idx);
        if (!sf->allow_list)
                return listed; /* deny list: listed means refused (errno, kill or fake success) */
        /* allow list: unlisted are refused, listed with an errno/kill are too */
        return !listed || sf->errno_of[idx] != SYSCALL_ERRNO_DEFAULT;
}

static bool io_uring_bypasses(const SyscallFilter *sf)
{
        int setup = syscall_from_name("io_uring_setup");
        if (setup < 0 || syscall_refused(sf, setup))
                return false; /* io_uring is closed already */
        for (size_t i = 0; i < ELEMENTSOF(io_uring_reachable); i++) {
                int idx = syscall_from_name(io_uring_reachable[i]);
                if (idx >= 0 && syscall_refused(sf, idx))
                        return true;
        }
        return false;
}

/* Entry action: per-entry errno_of if any, else the list's action. ":0" is a valid entry in
 * systemd 252 (the call is not run and "succeeds"); unset entries are SYSCALL_ERRNO_DEFAULT. */
static uint32_t entry_action(int16_t e, uint32_t list_action)
{
        if (e == SYSCALL_ERRNO_KILL)
                return SECCOMP_ACTION_KILL_PROCESS;
        if (e >= 0)
                return SECCOMP_ACTION_ERRNO(e);
        return list_action;
}

static int compile_syscall_set(SeccompFilter *f, const SyscallFilter *sf, uint32_t list_action,
                               bool close_io_uring)
{
        bool io_uring_refused = close_io_uring && io_uring_bypasses(sf);

        for (int i = 0; i < syscall_table_size(); i++) {
                const char *name = syscall_name(i);
                if (!syscall_set_test(sf->bits, i))
                        continue;
                if (io_uring_refused && streq(name, "io_uring_setup"))
                        continue; /* replaced below */
                int r = RULE0(f, name, entry_action(sf->errno_of[i], list_action));
                if (r < 0)
                        return r;
        }
        return io_uring_refused ? RULE0(f, "io_uring_setup", SECCOMP_ACTION_ERRNO(ENOSYS)) : 0;
}

/* ---------------------------------------------------------------- architectures */

static int compile_archs(const ExecSettings *e, SeccompArch *ret, DiagList *diags)
{
        SeccompArch a = 0;

        if (!e->syscall_architectures.strv || !e->syscall_architectures.strv[0]) {
                *ret = SECCOMP_ARCHS_ALL;
                return 0;
        }
        a = SECCOMP_ARCH_X86_64; /* the native architecture is never blocked */
        for (size_t i = 0; e->syscall_architectures.strv[i]; i++) {
                const char *n = e->syscall_architectures.strv[i];
                if (streq(n, "native") || streq(n, "x86-64"))
                        a |= SECCOMP_ARCH_X86_64;
                else if (streq(n, "x86"))
                        a |= SECCOMP_ARCH_X86;
                else if (streq(n, "x32"))
                        a |= SECCOMP_ARCH_X32;
                /* Other architectures cannot enter an x86-64 kernel: nothing to allow. */
        }
        *ret = a;
        return 0;
}

/* ---------------------------------------------------------------- driver */

typedef struct ConcernSpec {
        SeccompConcern concern;
        bool enabled;
        uint32_t default_action;
        Origin origin;
} ConcernSpec;

static int compile_one(SeccompFilter *f, const ExecSettings *e)
{
        switch (f->concern) {
        case SECCOMP_CONCERN_PROTECT_HOSTNAME:
                return compile_hostname(f);
        case SECCOMP_CONCERN_ADDRESS_FAMILIES:
                return compile_address_families(f, &e->restrict_address_families);
        case SECCOMP_CONCERN_MEMORY_DENY_WRITE_EXECUTE:
                return compile_mdwe(f);
        case SECCOMP_CONCERN_RESTRICT_REALTIME:
                return compile_realtime(f);
        case SECCOMP_CONCERN_RESTRICT_SUID_SGID:
                return compile_suid_sgid(f);
        case SECCOMP_CONCERN_RESTRICT_NAMESPACES:
                return compile_namespaces(f, e->restrict_namespaces);
        case SECCOMP_CONCERN_PROTECT_KERNEL_TUNABLES:
                return RULE0(f, "_sysctl", SECCOMP_ACTION_ERRNO(EPERM));
        case SECCOMP_CONCERN_PROTECT_KERNEL_MODULES:
                return compile_group(f, "@module", SECCOMP_ACTION_ERRNO(EPERM));
        case SECCOMP_CONCERN_PROTECT_KERNEL_LOGS:
                return RULE0(f, "syslog", SECCOMP_ACTION_ERRNO(EPERM));
        case SECCOMP_CONCERN_PROTECT_CLOCK:
                return compile_group(f, "@clock", SECCOMP_ACTION_ERRNO(EPERM));
        case SECCOMP_CONCERN_PRIVATE_DEVICES:
                return compile_group(f, "@raw-io", SECCOMP_ACTION_ERRNO(EPERM));
        case SECCOMP_CONCERN_LOCK_PERSONALITY:
                return compile_personality(f, e);
        case SECCOMP_CONCERN_SYSTEM_CALL_LOG:
                return compile_syscall_set(f, &e->syscall_log,
                                           e->syscall_log.allow_list ? SECCOMP_ACTION_LOG
                                                                     : SECCOMP_ACTION_ALLOW,
                                           false);
        case SECCOMP_CONCERN_SYSTEM_CALL_FILTER: {
                uint32_t neg = e->syscall_error_number > 0
                                       ? SECCOMP_ACTION_ERRNO(e->syscall_error_number)
                                       : SECCOMP_ACTION_KILL_PROCESS;
                return compile_syscall_set(
                        f, &e->syscall_filter,
                        e->syscall_filter.allow_list ? SECCOMP_ACTION_ALLOW : neg, true);
        }
        case SECCOMP_CONCERN_ARCHITECTURES:
        case _SECCOMP_CONCERN_MAX:
        case _SECCOMP_CONCERN_INVALID:
                break;
        }
        return 0;
}

static bool tri(const TriBool *b)
{
        return b->value; /* defaults are already in value */
}

int seccomp_compile(const Unit *u, SeccompPlan *ret, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        SeccompPlan p = {0};
        SeccompArch archs;
        int r;

        r = compile_archs(e, &archs, diags);
        if (r < 0)
                return r;
        p.archs = archs;

        uint32_t neg = e->syscall_error_number > 0 ? SECCOMP_ACTION_ERRNO(e->syscall_error_number)
                                                   : SECCOMP_ACTION_KILL_PROCESS;
        bool ns = e->restrict_namespaces_set &&
                  (e->restrict_namespaces & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL;
        const ConcernSpec specs[] = {
                /* ProtectHostname=private (v258): the service may change its private name */
                {SECCOMP_CONCERN_PROTECT_HOSTNAME, e->protect_hostname == PROTECT_HOSTNAME_YES,
                 SECCOMP_ACTION_ALLOW, e->protect_hostname_origin},
                {SECCOMP_CONCERN_ADDRESS_FAMILIES, e->restrict_address_families.configured,
                 SECCOMP_ACTION_ALLOW, e->restrict_address_families.origin},
                {SECCOMP_CONCERN_MEMORY_DENY_WRITE_EXECUTE, tri(&e->memory_deny_write_execute),
                 SECCOMP_ACTION_ALLOW, e->memory_deny_write_execute.origin},
                {SECCOMP_CONCERN_RESTRICT_REALTIME, tri(&e->restrict_realtime),
                 SECCOMP_ACTION_ALLOW, e->restrict_realtime.origin},
                {SECCOMP_CONCERN_RESTRICT_SUID_SGID, tri(&e->restrict_suid_sgid),
                 SECCOMP_ACTION_ALLOW, e->restrict_suid_sgid.origin},
                {SECCOMP_CONCERN_RESTRICT_NAMESPACES, ns, SECCOMP_ACTION_ALLOW,
                 e->restrict_namespaces_origin},
                {SECCOMP_CONCERN_PROTECT_KERNEL_TUNABLES, tri(&e->protect_kernel_tunables),
                 SECCOMP_ACTION_ALLOW, e->protect_kernel_tunables.origin},
                {SECCOMP_CONCERN_PROTECT_KERNEL_MODULES, tri(&e->protect_kernel_modules),
                 SECCOMP_ACTION_ALLOW, e->protect_kernel_modules.origin},
                {SECCOMP_CONCERN_PROTECT_KERNEL_LOGS, tri(&e->protect_kernel_logs),
                 SECCOMP_ACTION_ALLOW, e->protect_kernel_logs.origin},
                {SECCOMP_CONCERN_PROTECT_CLOCK, tri(&e->protect_clock), SECCOMP_ACTION_ALLOW,
                 e->protect_clock.origin},
                {SECCOMP_CONCERN_PRIVATE_DEVICES, tri(&e->private_devices), SECCOMP_ACTION_ALLOW,
                 e->private_devices.origin},
                {SECCOMP_CONCERN_ARCHITECTURES, archs != SECCOMP_ARCHS_ALL, SECCOMP_ACTION_ALLOW,
                 e->syscall_architectures.origins ? e->syscall_architectures.origins[0]
                                                  : ORIGIN_NULL},
                {SECCOMP_CONCERN_LOCK_PERSONALITY, tri(&e->lock_personality), SECCOMP_ACTION_ALLOW,
                 e->lock_personality.origin},
                {SECCOMP_CONCERN_SYSTEM_CALL_LOG, e->syscall_log.configured,
                 e->syscall_log.allow_list ? SECCOMP_ACTION_ALLOW : SECCOMP_ACTION_LOG,
                 e->syscall_log.origin},
                {SECCOMP_CONCERN_SYSTEM_CALL_FILTER, e->syscall_filter.configured,
                 e->syscall_filter.allow_list ? neg : SECCOMP_ACTION_ALLOW,
                 e->syscall_filter.origin},
        };

        for (size_t i = 0; i < ELEMENTSOF(specs); i++) {
                if (!specs[i].enabled)
                        continue;
                if (specs[i].concern == SECCOMP_CONCERN_ARCHITECTURES) {
                        /* One filter listing the allowed arches; calls of any other arch
                         * (int 0x80, x32 numbers) kill the process. */
                        SeccompFilter *f = plan_add_filter(&p, specs[i].concern, archs,
                                                           SECCOMP_ACTION_ALLOW, specs[i].origin);
                        if (!f) {
                                seccomp_plan_done(&p);
                                return -ENOMEM;
                        }
                        f->bad_arch_action = SECCOMP_ACTION_KILL_PROCESS;
                        continue;
                }
                /* One filter per allowed architecture, the native one last: once an allow list
                 * without seccomp() is installed for x86-64, no further filter can be loaded
                 * (systemd orders its architectures the same way). */
                static const SeccompArch order[] = {SECCOMP_ARCH_X86, SECCOMP_ARCH_X32,
                                                    SECCOMP_ARCH_X86_64};
                for (size_t k = 0; k < ELEMENTSOF(order); k++) {
                        SeccompArch a = order[k];
                        if (!(archs & a))
                                continue;
                        SeccompFilter *f = plan_add_filter(
                                &p, specs[i].concern, a, specs[i].default_action, specs[i].origin);
                        if (!f) {
                                seccomp_plan_done(&p);
                                return -ENOMEM;
                        }
                        r = compile_one(f, e);
                        if (r < 0) {
                                if (diags)
                                        (void) diag_add(diags, specs[i].origin.file,
                                                        specs[i].origin.line, 0, "seccomp-compile",
                                                        DIAG_ERROR, NULL,
                                                        "%s cannot be compiled: %s",
                                                        seccomp_concern_to_string(specs[i].concern),
                                                        strerror(-r));
                                seccomp_plan_done(&p);
                                return r;
                        }
                }
        }

        *ret = p;
        return 0;
}

void seccomp_plan_done(SeccompPlan *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n_filters; i++)
                free(p->filters[i].rules);
        free(p->filters);
        *p = (SeccompPlan){0};
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int seccomp_plan_arg_syscalls(const SeccompPlan *p, const char ***ret)
{
        const char **l = NULL;
        size_t n = 0;

        for (size_t i = 0; i < p->n_filters; i++)
                for (size_t j = 0; j < p->filters[i].n_rules; j++) {
                        const SeccompRule *r = &p->filters[i].rules[j];
                        if (r->n_args == 0)
                                continue;
                        const char **nl = realloc(l, (n + 2) * sizeof(*l));
                        if (!nl) {
                                free(l);
                                return -ENOMEM;
                        }
                        l = nl;
                        l[n++] = r->syscall;
                }
        if (n == 0) {
                l = calloc(1, sizeof(*l));
                if (!l)
                        return -ENOMEM;
                *ret = l;
                return 0;
        }
        qsort(l, n, sizeof(*l), cmp_str);
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
                if (k == 0 || !streq(l[k - 1], l[i]))
                        l[k++] = l[i];
        l[k] = NULL;
        *ret = l;
        return 0;
}
