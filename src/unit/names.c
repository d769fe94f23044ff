/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "names.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#include "parse-util.h"
#include "string-util.h"

/* The syscall table and @groups are generated from systemd 252's listing; see
 * tools/gen-syscall-table.py. */
#include "syscall-table.inc"

_Static_assert(SYSCALL_TABLE_SIZE <= SYSCALL_TABLE_MAX, "SYSCALL_TABLE_MAX too small");

/* ---------------------------------------------------------------- system calls */

int syscall_table_size(void)
{
        return SYSCALL_TABLE_SIZE;
}

const char *syscall_name(int idx)
{
        if (idx < 0 || idx >= SYSCALL_TABLE_SIZE)
                return NULL;
        return syscall_table[idx].name;
}

/* Name → index through an open-addressing hash built on first use: groups are flattened and
 * scored member by member, and bisecting the table with strcmp() showed in profiles. */
#define SYSCALL_HASH_SLOTS 2048
_Static_assert(SYSCALL_HASH_SLOTS >= 2 * SYSCALL_TABLE_SIZE, "syscall hash too small");

static size_t syscall_hash(const char *name)
{
        uint32_t h = 2166136261u; /* FNV-1a */

        for (const unsigned char *p = (const unsigned char *) name; *p; p++)
                h = (h ^ *p) * 16777619u;
        return h & (SYSCALL_HASH_SLOTS - 1);
}

int syscall_from_name(const char *name)
{
        static int16_t slot[SYSCALL_HASH_SLOTS]; /* 1 + index, 0 = empty */
        static bool ready;

        if (!name)
                return -ENOENT;
        if (!ready) {
                for (int i = 0; i < SYSCALL_TABLE_SIZE; i++) {
                        size_t h = syscall_hash(syscall_table[i].name);
                        while (slot[h] != 0) /* names are unique (a test checks) */
                                h = (h + 1) & (SYSCALL_HASH_SLOTS - 1);
                        slot[h] = (int16_t) (i + 1);
                }
                ready = true;
        }
        for (size_t h = syscall_hash(name); slot[h] != 0; h = (h + 1) & (SYSCALL_HASH_SLOTS - 1))
                if (streq(syscall_table[slot[h] - 1].name, name))
                        return slot[h] - 1;
        return -ENOENT;
}

int syscall_native_nr(int idx)
{
        if (idx < 0 || idx >= SYSCALL_TABLE_SIZE)
                return -1;
        return syscall_table[idx].nr_x86_64;
}

const SyscallGroup *syscall_groups(size_t *ret_n)
{
        if (ret_n)
                *ret_n = ELEMENTSOF(syscall_group_table);
        return syscall_group_table;
}

const SyscallGroup *syscall_group_lookup(const char *name)
{
        if (!name || name[0] != '@')
                return NULL;
        for (size_t i = 0; i < ELEMENTSOF(syscall_group_table); i++)
                if (streq(syscall_group_table[i].name, name))
                        return &syscall_group_table[i];
        return NULL;
}

/* Expanding a group by name costs a binary search per member, and a unit file names
 * @system-service & co. again and again: each group is flattened once per process into a set
 * (members that are not in the table are skipped, as before). */
static void syscall_group_flatten(uint64_t *bits, const SyscallGroup *g, unsigned depth)
{
        /* The generated groups nest at most two levels deep; the limit guards against a cycle
         * ever being introduced into the data. */
        if (depth > 8)
                return;
        for (const char *const *m = g->members; *m; m++) {
                if ((*m)[0] == '@') {
                        const SyscallGroup *sub = syscall_group_lookup(*m);
                        if (sub)
                                syscall_group_flatten(bits, sub, depth + 1);
                        continue;
                }
                int idx = syscall_from_name(*m);
                if (idx >= 0)
                        syscall_set_put(bits, idx, true);
        }
}

const uint64_t *syscall_group_set(const SyscallGroup *g)
{
        static uint64_t sets[ELEMENTSOF(syscall_group_table)][SYSCALL_TABLE_MAX / 64];
        static bool done[ELEMENTSOF(syscall_group_table)];
        static const uint64_t none[SYSCALL_TABLE_MAX / 64];
        size_t i;

        /* Only rows of our own table have a cached set. */
        if (!g || g < syscall_group_table ||
            g >= syscall_group_table + ELEMENTSOF(syscall_group_table))
                return none;
        i = (size_t) (g - syscall_group_table);
        if (!done[i]) {
                syscall_group_flatten(sets[i], g, 0);
                done[i] = true;
        }
        return sets[i];
}

int syscall_set_add(uint64_t bits[SYSCALL_TABLE_MAX / 64], const char *name_or_group)
{
        const SyscallGroup *g;
        int idx;

        if (isempty(name_or_group))
                return -ENOENT;
        if (name_or_group[0] != '@') {
                idx = syscall_from_name(name_or_group);
                if (idx < 0)
                        return idx;
                syscall_set_put(bits, idx, true);
                return 0;
        }
        g = syscall_group_lookup(name_or_group);
        if (!g)
                return -ENOENT;
        const uint64_t *set = syscall_group_set(g);
        for (size_t w = 0; w < SYSCALL_TABLE_MAX / 64; w++)
                bits[w] |= set[w];
        return 0;
}

/* ---------------------------------------------------------------- capabilities */

/* Capability numbers as in <linux/capability.h>; checked against capability-252.txt. */
static const char *const capability_names[CAP_LAST_KNOWN + 1] = {
        "cap_chown",
        "cap_dac_override",
        "cap_dac_read_search",
        "cap_fowner",
        "cap_fsetid",
        "cap_kill",
        "cap_setgid",
        "cap_setuid",
        "cap_setpcap",
        "cap_linux_immutable",
        "cap_net_bind_service",
        "cap_net_broadcast",
        "cap_net_admin",
        "cap_net_raw",
        "cap_ipc_lock",
        "cap_ipc_owner",
        "cap_sys_module",
        "cap_sys_rawio",
        "cap_sys_chroot",
        "cap_sys_ptrace",
        "cap_sys_pacct",
        "cap_sys_admin",
        "cap_sys_boot",
        "cap_sys_nice",
        "cap_sys_resource",
        "cap_sys_time",
        "cap_sys_tty_config",
        "cap_mknod",
        "cap_lease",
        "cap_audit_write",
        "cap_audit_control",
        "cap_setfcap",
        "cap_mac_override",
        "cap_mac_admin",
        "cap_syslog",
        "cap_wake_alarm",
        "cap_block_suspend",
        "cap_audit_read",
        "cap_perfmon",
        "cap_bpf",
        "cap_checkpoint_restore",
};

int capability_from_name(const char *name)
{
        int i;

        if (isempty(name))
                return -EINVAL;
        /* Like systemd: a number 0..63 is accepted as is, names are case-insensitive. */
        if (safe_atoi(name, &i) >= 0)
                return i >= 0 && i < 64 ? i : -EINVAL;
        for (i = 0; i <= CAP_LAST_KNOWN; i++)
                if (strcasecmp(name, capability_names[i]) == 0)
                        return i;
        return -EINVAL;
}

const char *capability_to_name(int cap)
{
        if (cap < 0 || cap > CAP_LAST_KNOWN)
                return NULL;
        return capability_names[cap];
}

int capability_last(void)
{
        return CAP_LAST_KNOWN;
}

void capability_set_format(uint64_t set, StrBuf *out)
{
        bool first = true;

        for (int i = 0; i <= CAP_LAST_KNOWN; i++) {
                if (!(set & (UINT64_C(1) << i)))
                        continue;
                if (!first)
                        strbuf_putc(out, ' ');
                strbuf_puts(out, capability_names[i]);
                first = false;
        }
}

/* ---------------------------------------------------------------- errno */

/* systemd's errno list: every E* macro of <errno.h>; the to-name direction skips the aliases
 * EDEADLOCK, EWOULDBLOCK and ENOTSUP as systemd does. */
static const char *const errno_names[] = {
        [EPERM] = "EPERM",
        [ENOENT] = "ENOENT",
        [ESRCH] = "ESRCH",
        [EINTR] = "EINTR",
        [EIO] = "EIO",
        [ENXIO] = "ENXIO",
        [E2BIG] = "E2BIG",
        [ENOEXEC] = "ENOEXEC",
        [EBADF] = "EBADF",
        [ECHILD] = "ECHILD",
        [EAGAIN] = "EAGAIN",
        [ENOMEM] = "ENOMEM",
        [EACCES] = "EACCES",
        [EFAULT] = "EFAULT",
        [ENOTBLK] = "ENOTBLK",
        [EBUSY] = "EBUSY",
        [EEXIST] = "EEXIST",
        [EXDEV] = "EXDEV",
        [ENODEV] = "ENODEV",
        [ENOTDIR] = "ENOTDIR",
        [EISDIR] = "EISDIR",
        [EINVAL] = "EINVAL",
        [ENFILE] = "ENFILE",
        [EMFILE] = "EMFILE",
        [ENOTTY] = "ENOTTY",
        [ETXTBSY] = "ETXTBSY",
        [EFBIG] = "EFBIG",
        [ENOSPC] = "ENOSPC",
        [ESPIPE] = "ESPIPE",
        [EROFS] = "EROFS",
        [EMLINK] = "EMLINK",
        [EPIPE] = "EPIPE",
        [EDOM] = "EDOM",
        [ERANGE] = "ERANGE",
        [EDEADLK] = "EDEADLK",
        [ENAMETOOLONG] = "ENAMETOOLONG",
        [ENOLCK] = "ENOLCK",
        [ENOSYS] = "ENOSYS",
        [ENOTEMPTY] = "ENOTEMPTY",
        [ELOOP] = "ELOOP",
        [ENOMSG] = "ENOMSG",
        [EIDRM] = "EIDRM",
        [ECHRNG] = "ECHRNG",
        [EL2NSYNC] = "EL2NSYNC",
        [EL3HLT] = "EL3HLT",
        [EL3RST] = "EL3RST",
        [ELNRNG] = "ELNRNG",
        [EUNATCH] = "EUNATCH",
        [ENOCSI] = "ENOCSI",
        [EL2HLT] = "EL2HLT",
        [EBADE] = "EBADE",
        [EBADR] = "EBADR",
        [EXFULL] = "EXFULL",
        [ENOANO] = "ENOANO",
        [EBADRQC] = "EBADRQC",
        [EBADSLT] = "EBADSLT",
        [EBFONT] = "EBFONT",
        [ENOSTR] = "ENOSTR",
        [ENODATA] = "ENODATA",
        [ETIME] = "ETIME",
        [ENOSR] = "ENOSR",
        [ENONET] = "ENONET",
        [ENOPKG] = "ENOPKG",
        [EREMOTE] = "EREMOTE",
        [ENOLINK] = "ENOLINK",
        [EADV] = "EADV",
        [ESRMNT] = "ESRMNT",
        [ECOMM] = "ECOMM",
        [EPROTO] = "EPROTO",
        [EMULTIHOP] = "EMULTIHOP",
        [EDOTDOT] = "EDOTDOT",
        [EBADMSG] = "EBADMSG",
        [EOVERFLOW] = "EOVERFLOW",
        [ENOTUNIQ] = "ENOTUNIQ",
        [EBADFD] = "EBADFD",
        [EREMCHG] = "EREMCHG",
        [ELIBACC] = "ELIBACC",
        [ELIBBAD] = "ELIBBAD",
        [ELIBSCN] = "ELIBSCN",
        [ELIBMAX] = "ELIBMAX",
        [ELIBEXEC] = "ELIBEXEC",
        [EILSEQ] = "EILSEQ",
        [ERESTART] = "ERESTART",
        [ESTRPIPE] = "ESTRPIPE",
        [EUSERS] = "EUSERS",
        [ENOTSOCK] = "ENOTSOCK",
        [EDESTADDRREQ] = "EDESTADDRREQ",
        [EMSGSIZE] = "EMSGSIZE",
        [EPROTOTYPE] = "EPROTOTYPE",
        [ENOPROTOOPT] = "ENOPROTOOPT",
        [EPROTONOSUPPORT] = "EPROTONOSUPPORT",
        [ESOCKTNOSUPPORT] = "ESOCKTNOSUPPORT",
        [EOPNOTSUPP] = "EOPNOTSUPP",
        [EPFNOSUPPORT] = "EPFNOSUPPORT",
        [EAFNOSUPPORT] = "EAFNOSUPPORT",
        [EADDRINUSE] = "EADDRINUSE",
        [EADDRNOTAVAIL] = "EADDRNOTAVAIL",
        [ENETDOWN] = "ENETDOWN",
        [ENETUNREACH] = "ENETUNREACH",
        [ENETRESET] = "ENETRESET",
        [ECONNABORTED] = "ECONNABORTED",
        [ECONNRESET] = "ECONNRESET",
        [ENOBUFS] = "ENOBUFS",
        [EISCONN] = "EISCONN",
        [ENOTCONN] = "ENOTCONN",
        [ESHUTDOWN] = "ESHUTDOWN",
        [ETOOMANYREFS] = "ETOOMANYREFS",
        [ETIMEDOUT] = "ETIMEDOUT",
        [ECONNREFUSED] = "ECONNREFUSED",
        [EHOSTDOWN] = "EHOSTDOWN",
        [EHOSTUNREACH] = "EHOSTUNREACH",
        [EALREADY] = "EALREADY",
        [EINPROGRESS] = "EINPROGRESS",
        [ESTALE] = "ESTALE",
        [EUCLEAN] = "EUCLEAN",
        [ENOTNAM] = "ENOTNAM",
        [ENAVAIL] = "ENAVAIL",
        [EISNAM] = "EISNAM",
        [EREMOTEIO] = "EREMOTEIO",
        [EDQUOT] = "EDQUOT",
        [ENOMEDIUM] = "ENOMEDIUM",
        [EMEDIUMTYPE] = "EMEDIUMTYPE",
        [ECANCELED] = "ECANCELED",
        [ENOKEY] = "ENOKEY",
        [EKEYEXPIRED] = "EKEYEXPIRED",
        [EKEYREVOKED] = "EKEYREVOKED",
        [EKEYREJECTED] = "EKEYREJECTED",
        [EOWNERDEAD] = "EOWNERDEAD",
        [ENOTRECOVERABLE] = "ENOTRECOVERABLE",
        [ERFKILL] = "ERFKILL",
        [EHWPOISON] = "EHWPOISON",
};

static const struct {
        const char *name;
        int value;
} errno_aliases[] = {
        {"EWOULDBLOCK", EAGAIN},
        {"EDEADLOCK", EDEADLK},
        {"ENOTSUP", EOPNOTSUPP},
};

int errno_from_name(const char *name)
{
        int n;

        if (isempty(name))
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(errno_names); i++)
                if (errno_names[i] && strcasecmp(name, errno_names[i]) == 0)
                        return (int) i;
        for (size_t i = 0; i < ELEMENTSOF(errno_aliases); i++)
                if (strcasecmp(name, errno_aliases[i].name) == 0)
                        return errno_aliases[i].value;
        if (safe_atoi(name, &n) >= 0)
                return n > 0 && n < 4096 ? n : -ERANGE;
        return -EINVAL;
}

const char *errno_to_name(int err)
{
        if (err < 0)
                err = -err;
        if (err <= 0 || (size_t) err >= ELEMENTSOF(errno_names))
                return NULL;
        return errno_names[err];
}

/* ---------------------------------------------------------------- address families */

/* <sys/socket.h> of glibc 2.36 (AF_MAX = 46), as systemd 252 generates its af list. */
#define AF_TABLE_MAX 46
static const char *const af_names[AF_TABLE_MAX] = {
        [1] = "AF_UNIX",      [2] = "AF_INET",      [3] = "AF_AX25",       [4] = "AF_IPX",
        [5] = "AF_APPLETALK", [6] = "AF_NETROM",    [7] = "AF_BRIDGE",     [8] = "AF_ATMPVC",
        [9] = "AF_X25",       [10] = "AF_INET6",    [11] = "AF_ROSE",      [12] = "AF_DECnet",
        [13] = "AF_NETBEUI",  [14] = "AF_SECURITY", [15] = "AF_KEY",       [16] = "AF_NETLINK",
        [17] = "AF_PACKET",   [18] = "AF_ASH",      [19] = "AF_ECONET",    [20] = "AF_ATMSVC",
        [21] = "AF_RDS",      [22] = "AF_SNA",      [23] = "AF_IRDA",      [24] = "AF_PPPOX",
        [25] = "AF_WANPIPE",  [26] = "AF_LLC",      [27] = "AF_IB",        [28] = "AF_MPLS",
        [29] = "AF_CAN",      [30] = "AF_TIPC",     [31] = "AF_BLUETOOTH", [32] = "AF_IUCV",
        [33] = "AF_RXRPC",    [34] = "AF_ISDN",     [35] = "AF_PHONET",    [36] = "AF_IEEE802154",
        [37] = "AF_CAIF",     [38] = "AF_ALG",      [39] = "AF_NFC",       [40] = "AF_VSOCK",
        [41] = "AF_KCM",      [42] = "AF_QIPCRTR",  [43] = "AF_SMC",       [44] = "AF_XDP",
        [45] = "AF_MCTP",
};

/* Accepted for parsing only (glibc defines them as the same numbers). */
static const struct {
        const char *name;
        int value;
} af_aliases[] = {
        {"AF_LOCAL", 1},
        {"AF_FILE", 1},
        {"AF_ROUTE", 16},
};

int af_from_name(const char *name)
{
        if (isempty(name))
                return -EINVAL;
        for (int i = 1; i < AF_TABLE_MAX; i++)
                if (af_names[i] && strcasecmp(name, af_names[i]) == 0)
                        return i;
        for (size_t i = 0; i < ELEMENTSOF(af_aliases); i++)
                if (strcasecmp(name, af_aliases[i].name) == 0)
                        return af_aliases[i].value;
        return -EINVAL;
}

const char *af_to_name(int af)
{
        if (af <= 0 || af >= AF_TABLE_MAX)
                return NULL;
        return af_names[af];
}

int af_max(void)
{
        return AF_TABLE_MAX;
}

/* ---------------------------------------------------------------- seccomp architectures */

/* seccomp_arch_from_string() of systemd 252. */
static const char *const seccomp_arch_names[] = {
        "native", "x86",        "x86-64",   "x32",       "arm",           "arm64",  "mips",
        "mips64", "mips64-n32", "mips-le",  "mips64-le", "mips64-le-n32", "parisc", "parisc64",
        "ppc",    "ppc64",      "ppc64-le", "riscv64",   "s390",          "s390x",
};

bool seccomp_arch_is_valid(const char *name)
{
        if (!name)
                return false;
        for (size_t i = 0; i < ELEMENTSOF(seccomp_arch_names); i++)
                if (streq(name, seccomp_arch_names[i]))
                        return true;
        return false;
}

/* ---------------------------------------------------------------- namespaces */

static const struct {
        const char *name;
        unsigned long flag;
} namespace_info[] = {
        /* systemd's order (nsflags.c). */
        {"cgroup", 0x02000000UL}, /* CLONE_NEWCGROUP */
        {"ipc", 0x08000000UL},    /* CLONE_NEWIPC */
        {"net", 0x40000000UL},    /* CLONE_NEWNET */
        {"mnt", 0x00020000UL},    /* CLONE_NEWNS */
        {"pid", 0x20000000UL},    /* CLONE_NEWPID */
        {"user", 0x10000000UL},   /* CLONE_NEWUSER */
        {"uts", 0x04000000UL},    /* CLONE_NEWUTS */
};

unsigned long namespace_flag_from_name(const char *name)
{
        if (!name)
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(namespace_info); i++)
                if (streq(name, namespace_info[i].name))
                        return namespace_info[i].flag;
        return 0;
}

const char *namespace_flag_to_name(unsigned long flag)
{
        for (size_t i = 0; i < ELEMENTSOF(namespace_info); i++)
                if (flag == namespace_info[i].flag)
                        return namespace_info[i].name;
        return NULL;
}

void namespace_flags_format(unsigned long flags, StrBuf *out)
{
        bool first = true;

        for (size_t i = 0; i < ELEMENTSOF(namespace_info); i++) {
                if ((flags & namespace_info[i].flag) != namespace_info[i].flag)
                        continue;
                if (!first)
                        strbuf_putc(out, ' ');
                strbuf_puts(out, namespace_info[i].name);
                first = false;
        }
}

/* ---------------------------------------------------------------- signals */

static const char *const signal_names[] = {
        [SIGHUP] = "HUP",   [SIGINT] = "INT",       [SIGQUIT] = "QUIT", [SIGILL] = "ILL",
        [SIGTRAP] = "TRAP", [SIGABRT] = "ABRT",     [SIGBUS] = "BUS",   [SIGFPE] = "FPE",
        [SIGKILL] = "KILL", [SIGUSR1] = "USR1",     [SIGSEGV] = "SEGV", [SIGUSR2] = "USR2",
        [SIGPIPE] = "PIPE", [SIGALRM] = "ALRM",     [SIGTERM] = "TERM", [SIGSTKFLT] = "STKFLT",
        [SIGCHLD] = "CHLD", [SIGCONT] = "CONT",     [SIGSTOP] = "STOP", [SIGTSTP] = "TSTP",
        [SIGTTIN] = "TTIN", [SIGTTOU] = "TTOU",     [SIGURG] = "URG",   [SIGXCPU] = "XCPU",
        [SIGXFSZ] = "XFSZ", [SIGVTALRM] = "VTALRM", [SIGPROF] = "PROF", [SIGWINCH] = "WINCH",
        [SIGIO] = "IO",     [SIGPWR] = "PWR",       [SIGSYS] = "SYS",
};

/* "RTMIN", "RTMIN+n", "RTMAX", "RTMAX-n" as systemd accepts them. */
static int signal_from_rt(const char *s)
{
        const char *p;
        int off = 0, base, r;

        if ((p = startswith(s, "RTMIN"))) {
                base = SIGRTMIN;
                if (*p == '+') {
                        r = safe_atoi(p + 1, &off);
                        if (r < 0 || off < 0 || off > SIGRTMAX - SIGRTMIN)
                                return -EINVAL;
                } else if (*p)
                        return -EINVAL;
                return base + off;
        }
        if ((p = startswith(s, "RTMAX"))) {
                base = SIGRTMAX;
                if (*p == '-') {
                        r = safe_atoi(p + 1, &off);
                        if (r < 0 || off < 0 || off > SIGRTMAX - SIGRTMIN)
                                return -EINVAL;
                } else if (*p)
                        return -EINVAL;
                return base - off;
        }
        return -EINVAL;
}

int signal_from_name(const char *name)
{
        const char *s;
        int n, r;

        if (isempty(name))
                return -EINVAL;
        /* A number first (only without "SIG"), then a name with optional "SIG" prefix. */
        if (safe_atoi(name, &n) >= 0)
                return n > 0 && n < _NSIG ? n : -ERANGE;
        s = startswith(name, "SIG");
        if (!s)
                s = name;
        for (size_t i = 1; i < ELEMENTSOF(signal_names); i++)
                if (signal_names[i] && streq(s, signal_names[i]))
                        return (int) i;
        r = signal_from_rt(s);
        if (r > 0)
                return r;
        return -EINVAL;
}

const char *signal_to_name(int sig)
{
        static const char *const full[] = {
                [SIGHUP] = "SIGHUP",       [SIGINT] = "SIGINT",       [SIGQUIT] = "SIGQUIT",
                [SIGILL] = "SIGILL",       [SIGTRAP] = "SIGTRAP",     [SIGABRT] = "SIGABRT",
                [SIGBUS] = "SIGBUS",       [SIGFPE] = "SIGFPE",       [SIGKILL] = "SIGKILL",
                [SIGUSR1] = "SIGUSR1",     [SIGSEGV] = "SIGSEGV",     [SIGUSR2] = "SIGUSR2",
                [SIGPIPE] = "SIGPIPE",     [SIGALRM] = "SIGALRM",     [SIGTERM] = "SIGTERM",
                [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD",     [SIGCONT] = "SIGCONT",
                [SIGSTOP] = "SIGSTOP",     [SIGTSTP] = "SIGTSTP",     [SIGTTIN] = "SIGTTIN",
                [SIGTTOU] = "SIGTTOU",     [SIGURG] = "SIGURG",       [SIGXCPU] = "SIGXCPU",
                [SIGXFSZ] = "SIGXFSZ",     [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
                [SIGWINCH] = "SIGWINCH",   [SIGIO] = "SIGIO",         [SIGPWR] = "SIGPWR",
                [SIGSYS] = "SIGSYS",
        };

        if (sig <= 0 || (size_t) sig >= ELEMENTSOF(full))
                return NULL;
        return full[sig];
}

/* ---------------------------------------------------------------- rlimits */

static const char *const rlimit_directives[RLIMIT_COUNT] = {
        [RLIMIT_CPU] = "LimitCPU",           [RLIMIT_FSIZE] = "LimitFSIZE",
        [RLIMIT_DATA] = "LimitDATA",         [RLIMIT_STACK] = "LimitSTACK",
        [RLIMIT_CORE] = "LimitCORE",         [RLIMIT_RSS] = "LimitRSS",
        [RLIMIT_NPROC] = "LimitNPROC",       [RLIMIT_NOFILE] = "LimitNOFILE",
        [RLIMIT_MEMLOCK] = "LimitMEMLOCK",   [RLIMIT_AS] = "LimitAS",
        [RLIMIT_LOCKS] = "LimitLOCKS",       [RLIMIT_SIGPENDING] = "LimitSIGPENDING",
        [RLIMIT_MSGQUEUE] = "LimitMSGQUEUE", [RLIMIT_NICE] = "LimitNICE",
        [RLIMIT_RTPRIO] = "LimitRTPRIO",     [RLIMIT_RTTIME] = "LimitRTTIME",
};

int rlimit_from_directive(const char *name)
{
        if (!name)
                return -EINVAL;
        for (int i = 0; i < RLIMIT_COUNT; i++)
                if (rlimit_directives[i] && streq(name, rlimit_directives[i]))
                        return i;
        return -EINVAL;
}

const char *rlimit_to_directive(int rl)
{
        if (rl < 0 || rl >= RLIMIT_COUNT)
                return NULL;
        return rlimit_directives[rl];
}
