/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The seccomp compiler, proven by behaviour: each plan is turned into real BPF by libseccomp
 * (exported, never loaded) and run through a small interpreter that answers what the kernel
 * would answer for (arch, nr, args). */
#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "names.h"
#include "seccomp-bpf-interp.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "tests.h"
#include "unit.h"

#define ALLOW  SECCOMP_RET_ALLOW
#define KILL   SECCOMP_RET_KILL_PROCESS
#define ERR(e) (SECCOMP_RET_ERRNO | (e))
#define HI     (UINT64_C(1) << 32)
#define X86_64 SECCOMP_ARCH_X86_64
#define X86    SECCOMP_ARCH_X86
#define X32    SECCOMP_ARCH_X32
#define NOARGS ((const uint64_t[6]){0})
#define A(...) ((const uint64_t[6]){__VA_ARGS__})

typedef struct Fixture {
        Unit *u;
        SeccompPlan plan;
        SeccompPrograms progs;
} Fixture;

static Unit *new_unit(void)
{
        Unit *u = unit_new("t.service");
        if (!u)
                abort();
        /* errno_of "unset" as the parser leaves it */
        for (int i = 0; i < SYSCALL_TABLE_MAX; i++)
                u->exec.syscall_filter.errno_of[i] = SYSCALL_ERRNO_DEFAULT;
        return u;
}

static int build(Fixture *f)
{
        int r = seccomp_compile(f->u, &f->plan, NULL);
        if (r < 0)
                return r;
        return seccomp_plan_prepare(&f->plan, &f->progs);
}

static void fixture_done(Fixture *f)
{
        seccomp_programs_done(&f->progs);
        seccomp_plan_done(&f->plan);
        unit_free(f->u);
}

/* Verdict for a named call on an architecture; -1 if the name does not exist there. */
static int64_t verdict(Fixture *f, SeccompArch arch, const char *name, const uint64_t args[6])
{
        int nr = seccomp_syscall_resolve(name, arch);
        if (nr < 0)
                return -1;
        return bpf_stack_verdict(&f->progs, arch, nr, args);
}

static void set_bool(TriBool *b)
{
        b->value = true;
        b->set = true;
}

TEST(empty_unit_has_no_filters)
{
        Fixture f = {.u = new_unit()};
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.n_filters, 0);
        ASSERT_EQ(f.plan.archs, SECCOMP_ARCHS_ALL);
        fixture_done(&f);
}

TEST(protect_hostname_all_arches)
{
        Fixture f = {.u = new_unit()};
        f.u->exec.protect_hostname = PROTECT_HOSTNAME_YES;
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.n_filters, 3); /* x86-64, x86, x32 */
        ASSERT_EQ(verdict(&f, X86_64, "sethostname", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "setdomainname", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86, "sethostname", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X32, "sethostname", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "uname", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "uname", NOARGS), ALLOW);
        fixture_done(&f);
}

TEST(deny_list_kill_errno_and_per_entry_override)
{
        Fixture f = {.u = new_unit()};
        SyscallFilter *sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        sf->allow_list = false;
        ASSERT_OK(syscall_set_add(sf->bits, "@mount"));
        ASSERT_OK(syscall_set_add(sf->bits, "reboot"));
        sf->errno_of[syscall_from_name("reboot")] = EACCES;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "mount", NOARGS), KILL);
        ASSERT_EQ(verdict(&f, X86_64, "fsopen", NOARGS), KILL);
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), ERR(EACCES));
        ASSERT_EQ(verdict(&f, X86_64, "getppid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "mount", NOARGS), KILL); /* int 0x80 filtered too */
        fixture_done(&f);

        /* SystemCallErrorNumber= turns the kill into an errno; the override stays. */
        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@mount"));
        ASSERT_OK(syscall_set_add(sf->bits, "reboot"));
        sf->errno_of[syscall_from_name("reboot")] = EACCES;
        f.u->exec.syscall_error_number = EUCLEAN;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "mount", NOARGS), ERR(EUCLEAN));
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), ERR(EACCES));
        fixture_done(&f);
}

TEST(errno_zero_is_a_fake_success_like_systemd)
{
        /* SystemCallFilter=~reboot:0 — the call is not run and returns 0 */
        Fixture f = {.u = new_unit()};
        SyscallFilter *sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "reboot"));
        sf->errno_of[syscall_from_name("reboot")] = 0;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), ERR(0));
        ASSERT_NE(verdict(&f, X86_64, "reboot", NOARGS), ALLOW);
        fixture_done(&f);
}

TEST(allow_list_default_kill_and_unknown_numbers)
{
        Fixture f = {.u = new_unit()};
        SyscallFilter *sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        sf->allow_list = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@system-service"));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "getppid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "read", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), KILL);
        ASSERT_EQ(verdict(&f, X86_64, "kexec_load", NOARGS), KILL);
        ASSERT_EQ(bpf_stack_verdict(&f.progs, X86_64, 999, NOARGS), KILL); /* E053 */
        ASSERT_EQ(verdict(&f, X86, "getppid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "reboot", NOARGS), KILL);
        fixture_done(&f);

        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        sf->allow_list = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@system-service"));
        f.u->exec.syscall_error_number = EPERM;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "getppid", NOARGS), ALLOW);
        fixture_done(&f);
}

TEST(architectures_native_kills_i386_and_x32)
{
        Fixture f = {.u = new_unit()};
        ASSERT_OK(strv_with_origin_add(&f.u->exec.syscall_architectures, "native", ORIGIN_NULL));
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.archs, X86_64);
        ASSERT_EQ(f.plan.n_filters, 1);
        ASSERT_EQ(f.plan.filters[0].concern, SECCOMP_CONCERN_ARCHITECTURES);
        ASSERT_EQ(verdict(&f, X86_64, "getpid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "getpid", NOARGS), KILL);      /* int 0x80, E048 */
        ASSERT_EQ(verdict(&f, X32, "getpid", NOARGS), KILL);      /* x32 bit */
        ASSERT_EQ(verdict(&f, X86, "socketcall", A(1, 0)), KILL); /* E050 */
        ASSERT_TRUE(bpf_stack_cacheable(&f.progs, 110 /* getppid */));
        fixture_done(&f);

        /* x86 listed explicitly: i386 allowed, x32 still not */
        f = (Fixture){.u = new_unit()};
        ASSERT_OK(strv_with_origin_add(&f.u->exec.syscall_architectures, "x86", ORIGIN_NULL));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86, "getpid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "getpid", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X32, "getpid", NOARGS), KILL);
        fixture_done(&f);
}

TEST(native_only_skips_filters_for_dead_arches)
{
        Fixture f = {.u = new_unit()};
        f.u->exec.protect_hostname = PROTECT_HOSTNAME_YES;
        ASSERT_OK(strv_with_origin_add(&f.u->exec.syscall_architectures, "native", ORIGIN_NULL));
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.n_filters, 2); /* hostname for x86-64 + arch filter */
        ASSERT_EQ(verdict(&f, X86, "sethostname", NOARGS), KILL);
        ASSERT_EQ(verdict(&f, X86_64, "sethostname", NOARGS), ERR(EPERM));
        fixture_done(&f);
}

TEST(address_families_allow_list)
{
        Fixture f = {.u = new_unit()};
        AddressFamilies *af = &f.u->exec.restrict_address_families;
        af->configured = true;
        af->allow_list = true;
        af->families = (UINT64_C(1) << AF_INET) | (UINT64_C(1) << AF_INET6);
        ASSERT_OK(build(&f));
        const uint32_t no = ERR(EAFNOSUPPORT);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_INET)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_INET6)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_UNIX)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_UNSPEC)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_PACKET)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_NETLINK)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(200)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(HI | AF_PACKET)), no); /* E051 */
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(HI | AF_NETLINK)), no);
        ASSERT_EQ(verdict(&f, X86_64, "socketpair", A(AF_UNIX)), ALLOW);       /* as systemd */
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ERR(ENOSYS)); /* E055 */
        ASSERT_EQ(verdict(&f, X86, "socket", A(AF_PACKET)), no);
        ASSERT_EQ(verdict(&f, X86, "socket", A(AF_INET)), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "socketcall", A(1 /* SYS_SOCKET */)), no); /* E050 */
        ASSERT_EQ(verdict(&f, X32, "socket", A(AF_PACKET)), no);
        fixture_done(&f);
}

TEST(address_families_deny_list_and_none)
{
        Fixture f = {.u = new_unit()};
        AddressFamilies *af = &f.u->exec.restrict_address_families;
        af->configured = true;
        af->allow_list = false;
        af->families = UINT64_C(1) << AF_PACKET;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_PACKET)), ERR(EAFNOSUPPORT));
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(HI | AF_PACKET)), ERR(EAFNOSUPPORT));
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_INET)), ALLOW);
        fixture_done(&f);

        f = (Fixture){.u = new_unit()};
        af = &f.u->exec.restrict_address_families;
        af->configured = true;
        af->allow_list = true; /* RestrictAddressFamilies=none */
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_UNIX)), ERR(EAFNOSUPPORT));
        ASSERT_EQ(verdict(&f, X86_64, "socket", A(AF_INET)), ERR(EAFNOSUPPORT));
        fixture_done(&f);
}

TEST(restrict_namespaces_yes)
{
        Fixture f = {.u = new_unit()};
        f.u->exec.restrict_namespaces_set = true;
        f.u->exec.restrict_namespaces = 0;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(CLONE_NEWUSER)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(HI | CLONE_NEWUSER)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(CLONE_FILES)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "clone", A(CLONE_NEWNET | SIGCHLD)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "clone", A(SIGCHLD)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "setns", A(3, 0)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "setns", A(3, CLONE_NEWNS)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "clone3", NOARGS), ERR(ENOSYS));
        ASSERT_EQ(verdict(&f, X86, "unshare", A(CLONE_NEWUSER)), ERR(EPERM));
        fixture_done(&f);
}

TEST(restrict_namespaces_allow_some)
{
        Fixture f = {.u = new_unit()};
        f.u->exec.restrict_namespaces_set = true;
        f.u->exec.restrict_namespaces = CLONE_NEWNET | CLONE_NEWNS;
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(CLONE_NEWNET)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(CLONE_NEWNET | CLONE_NEWNS)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "unshare", A(CLONE_NEWNET | CLONE_NEWUTS)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "setns", A(3, 0)), ERR(EPERM)); /* E059 */
        ASSERT_EQ(verdict(&f, X86_64, "setns", A(3, CLONE_NEWNS)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "setns", A(3, CLONE_NEWPID)), ERR(EPERM));
        fixture_done(&f);

        /* every type allowed: nothing to filter (systemd's no-op) */
        f = (Fixture){.u = new_unit()};
        f.u->exec.restrict_namespaces_set = true;
        f.u->exec.restrict_namespaces = NAMESPACE_FLAGS_ALL;
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.n_filters, 0);
        fixture_done(&f);
}

TEST(restrict_realtime)
{
        Fixture f = {.u = new_unit()};
        set_bool(&f.u->exec.restrict_realtime);
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, SCHED_OTHER)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, SCHED_BATCH)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, SCHED_IDLE)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, SCHED_FIFO)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, SCHED_RR)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, 4)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, 6)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setscheduler", A(0, HI | SCHED_FIFO)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setattr", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "sched_setparam", NOARGS), ALLOW);
        fixture_done(&f);
}

TEST(memory_deny_write_execute)
{
        Fixture f = {.u = new_unit()};
        set_bool(&f.u->exec.memory_deny_write_execute);
        ASSERT_OK(build(&f));
        const uint64_t wx = PROT_WRITE | PROT_EXEC, rw = PROT_READ | PROT_WRITE;
        ASSERT_EQ(verdict(&f, X86_64, "mmap", A(0, 4096, wx)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "mmap", A(0, 4096, HI | wx)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "mmap", A(0, 4096, rw)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "mmap", A(0, 4096, PROT_READ | PROT_EXEC)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "mprotect", A(0, 4096, PROT_READ | PROT_EXEC)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "mprotect", A(0, 4096, PROT_READ)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "pkey_mprotect", A(0, 4096, PROT_EXEC)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "shmat", A(1, 0, SHM_EXEC)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "shmat", A(1, 0, 0)), ALLOW);
        ASSERT_EQ(verdict(&f, X86, "mmap2", A(0, 4096, wx)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86, "mmap", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86, "ipc", A(21, 1, SHM_EXEC)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86, "ipc", A(21, 1, 0)), ALLOW);
        /* READ_IMPLIES_EXEC would make RW mappings executable behind the filter */
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0x0400000)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(HI | 0x0400000)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0x0008)), ALLOW);
        fixture_done(&f);
}

TEST(restrict_suid_sgid)
{
        Fixture f = {.u = new_unit()};
        set_bool(&f.u->exec.restrict_suid_sgid);
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "chmod", A(0, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "chmod", A(0, 02755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "chmod", A(0, 0755)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "fchmod", A(0, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "fchmodat", A(0, 0, 06755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "fchmodat2", A(0, 0, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "mkdir", A(0, 02755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "mknod", A(0, S_IFREG | S_ISUID)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "open", A(0, O_CREAT | O_WRONLY, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "open", A(0, O_RDONLY, 04755)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "openat", A(0, 0, O_CREAT, 02755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "openat", A(0, 0, O_TMPFILE | O_RDWR, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "openat", A(0, 0, O_CREAT, 0644)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "creat", A(0, 04755)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "openat2", NOARGS), ERR(ENOSYS));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ERR(ENOSYS)); /* E055 */
        ASSERT_EQ(verdict(&f, X86, "chmod", A(0, 04755)), ERR(EPERM));
        fixture_done(&f);
}

TEST(personality_and_kernel_groups)
{
        Fixture f = {.u = new_unit()};
        set_bool(&f.u->exec.lock_personality);
        set_bool(&f.u->exec.protect_clock);
        set_bool(&f.u->exec.protect_kernel_modules);
        set_bool(&f.u->exec.protect_kernel_logs);
        set_bool(&f.u->exec.protect_kernel_tunables);
        set_bool(&f.u->exec.private_devices);
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0)), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0x0400000)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0xffffffff)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "personality", A(0x0008)), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "clock_settime", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "clock_gettime", NOARGS), ALLOW);
        ASSERT_EQ(verdict(&f, X86_64, "init_module", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "finit_module", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "syslog", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "_sysctl", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "iopl", NOARGS), ERR(EPERM));
        ASSERT_EQ(verdict(&f, X86_64, "ioperm", NOARGS), ERR(EPERM));
        fixture_done(&f);
}

TEST(systemcallfilter_errno_wins_ties_like_systemd)
{
        /* SystemCallFilter= is installed last, so its errno wins over RestrictNamespaces'
         * ENOSYS for clone3, as under systemd. */
        Fixture f = {.u = new_unit()};
        SyscallFilter *sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "clone3"));
        f.u->exec.syscall_error_number = EUCLEAN;
        f.u->exec.restrict_namespaces_set = true;
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.filters[f.plan.n_filters - 1].concern, SECCOMP_CONCERN_SYSTEM_CALL_FILTER);
        ASSERT_EQ(verdict(&f, X86_64, "clone3", NOARGS), ERR(EUCLEAN));
        fixture_done(&f);
}

/* The third stage of the examples, built by hand (independent of the parser). */
static Unit *dness_like(void)
{
        Unit *u = new_unit();
        ExecSettings *e = &u->exec;
        e->protect_hostname = PROTECT_HOSTNAME_YES;
        e->restrict_address_families.configured = true;
        e->restrict_address_families.allow_list = true;
        e->restrict_address_families.families =
                (UINT64_C(1) << AF_INET) | (UINT64_C(1) << AF_INET6);
        set_bool(&e->memory_deny_write_execute);
        set_bool(&e->restrict_realtime);
        set_bool(&e->restrict_suid_sgid);
        e->restrict_namespaces_set = true;
        set_bool(&e->protect_kernel_tunables);
        set_bool(&e->protect_kernel_modules);
        set_bool(&e->protect_kernel_logs);
        set_bool(&e->private_devices);
        set_bool(&e->lock_personality);
        (void) strv_with_origin_add(&e->syscall_architectures, "native", ORIGIN_NULL);
        e->syscall_filter.configured = true;
        e->syscall_filter.allow_list = false;
        (void) syscall_set_add(e->syscall_filter.bits, "@privileged");
        (void) syscall_set_add(e->syscall_filter.bits, "@resources");
        uint64_t keep[SYSCALL_TABLE_MAX / 64] = {0};
        (void) syscall_set_add(keep, "@system-service");
        for (size_t i = 0; i < SYSCALL_TABLE_MAX / 64; i++)
                e->syscall_filter.bits[i] &= ~keep[i];
        return u;
}

TEST(hot_calls_stay_cacheable)
{
        Fixture f = {.u = dness_like()};
        const char **l = NULL;
        ASSERT_OK(build(&f));
        const char *hot[] = {"getppid",         "read",       "write",    "close",
                             "futex",           "epoll_wait", "recvfrom", "sendto",
                             "clock_nanosleep", "fstat",      "lseek"};
        for (size_t i = 0; i < ELEMENTSOF(hot); i++) {
                int nr = seccomp_syscall_resolve(hot[i], X86_64);
                ASSERT_GE(nr, 0);
                if (!bpf_stack_cacheable(&f.progs, nr))
                        test_fail(__FILE__, __LINE__, "%s is not cacheable", hot[i]);
        }
        /* and the ones that need arguments are exactly the argument-checked ones */
        ASSERT_FALSE(bpf_stack_cacheable(&f.progs, seccomp_syscall_resolve("socket", X86_64)));
        ASSERT_FALSE(bpf_stack_cacheable(&f.progs, seccomp_syscall_resolve("mmap", X86_64)));
        ASSERT_OK(seccomp_plan_arg_syscalls(&f.plan, &l));
        bool has_socket = false, has_read = false;
        for (size_t i = 0; l[i]; i++) {
                has_socket = has_socket || streq(l[i], "socket");
                has_read = has_read || streq(l[i], "read");
                if (i > 0)
                        ASSERT_LT(strcmp(l[i - 1], l[i]), 0);
        }
        ASSERT_TRUE(has_socket);
        ASSERT_FALSE(has_read);
        free(l);
        /* a call denied by the deny list is refused, and the whole plan is native-only */
        ASSERT_EQ(verdict(&f, X86_64, "reboot", NOARGS), KILL);
        ASSERT_EQ(verdict(&f, X86, "getppid", NOARGS), KILL);
        fixture_done(&f);
}

TEST(names_and_actions)
{
        char buf[32];
        ASSERT_STREQ(seccomp_concern_to_string(SECCOMP_CONCERN_SYSTEM_CALL_FILTER),
                     "SystemCallFilter=");
        ASSERT_STREQ(seccomp_action_to_string(SECCOMP_ACTION_ERRNO(EPERM), buf), "EPERM");
        ASSERT_STREQ(seccomp_action_to_string(SECCOMP_ACTION_KILL_PROCESS, buf), "kill");
        ASSERT_STREQ(seccomp_arch_to_string(SECCOMP_ARCH_X32), "x32");
        ASSERT_EQ(seccomp_syscall_resolve("fchmodat2", X86_64), 452);
        ASSERT_EQ(seccomp_syscall_resolve("fchmodat2", X32), 452 | 0x40000000);
        ASSERT_EQ(seccomp_syscall_resolve("socketcall", X86_64), -ENOENT);
        ASSERT_EQ(seccomp_syscall_resolve("no_such_call", X86_64), -ENOENT);
}

TEST(io_uring_closed_when_it_would_bypass_the_filter)
{
        /* deny list hitting an io_uring operation: io_uring_setup → ENOSYS */
        Fixture f = {.u = new_unit()};
        SyscallFilter *sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "connect"));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ERR(ENOSYS));
        ASSERT_EQ(verdict(&f, X86_64, "connect", NOARGS), KILL);
        fixture_done(&f);

        /* deny list of unrelated calls: io_uring untouched */
        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@mount"));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ALLOW);
        fixture_done(&f);

        /* @system-service allow list holds every io_uring operation: kept */
        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        sf->allow_list = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@system-service"));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ALLOW);
        fixture_done(&f);

        /* an allow list with io_uring but without socket(): closed */
        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        sf->allow_list = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@system-service"));
        syscall_set_put(sf->bits, syscall_from_name("socket"), false);
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), ERR(ENOSYS));
        ASSERT_EQ(verdict(&f, X86_64, "socket", NOARGS), KILL);
        fixture_done(&f);

        /* io_uring_setup denied by the user: the user's action stays */
        f = (Fixture){.u = new_unit()};
        sf = &f.u->exec.syscall_filter;
        sf->configured = true;
        ASSERT_OK(syscall_set_add(sf->bits, "@aio"));
        ASSERT_OK(syscall_set_add(sf->bits, "connect"));
        ASSERT_OK(build(&f));
        ASSERT_EQ(verdict(&f, X86_64, "io_uring_setup", NOARGS), KILL);
        fixture_done(&f);
}

TEST(native_filter_of_each_concern_is_installed_last)
{
        /* An x86-64 allow list without seccomp() must be the last filter loaded, or loading the
         * next one gets the loader killed. */
        Fixture f = {.u = dness_like()};
        f.u->exec.syscall_filter.allow_list = true;
        (void) strv_with_origin_add(&f.u->exec.syscall_architectures, "x86", ORIGIN_NULL);
        ASSERT_OK(build(&f));
        ASSERT_EQ(f.plan.archs, X86_64 | X86);
        for (size_t i = 0; i + 1 < f.plan.n_filters; i++)
                if (f.plan.filters[i].concern != f.plan.filters[i + 1].concern &&
                    f.plan.filters[i].concern != SECCOMP_CONCERN_ARCHITECTURES)
                        ASSERT_EQ(f.plan.filters[i].arch, X86_64);
        ASSERT_EQ(f.plan.filters[f.plan.n_filters - 1].arch, X86_64);
        fixture_done(&f);
}
