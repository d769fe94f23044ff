/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Resource control for cordon run (systemd.resource-control(5)): which cgroup files get which
 * values (pure, cgroup-plan.c), and the per-run cgroups that carry them (cgroup.c), with the
 * BPF programs of IPAddressAllow=/IPAddressDeny= (cgroup-bpf.c).
 *
 * Like systemd 252: on a hybrid host (v1 controllers + cgroup2 at /sys/fs/cgroup/unified) the
 * limits go to the v1 controllers and the BPF firewall to the v2 hierarchy; on a unified host
 * everything goes to v2. What cannot be applied exactly in the host's layout is an error naming
 * the directive's file:line (a warning with --lenient). */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"
#include "strbuf.h"
#include "string-table.h"
#include "unit.h"

typedef enum CgLayout {
        CG_LAYOUT_AUTO,    /* PlanOptions: detect at plan time */
        CG_LAYOUT_NONE,    /* no cgroup hierarchy we may write to (e.g. rootless) */
        CG_LAYOUT_LEGACY,  /* v1 controllers only */
        CG_LAYOUT_HYBRID,  /* v1 controllers, cgroup2 (no controllers) at .../unified */
        CG_LAYOUT_UNIFIED, /* cgroup2 only */
        _CG_LAYOUT_MAX,
        _CG_LAYOUT_INVALID = -EINVAL,
} CgLayout;
DECLARE_STRING_TABLE_LOOKUP(cg_layout, CgLayout);

/* The hierarchies a run may need a cgroup in. On a unified host only CG_HIER_UNIFIED is used. */
typedef enum CgHierarchy {
        CG_HIER_CPU,
        CG_HIER_CPUSET,
        CG_HIER_MEMORY,
        CG_HIER_DEVICES,
        CG_HIER_PIDS,
        CG_HIER_UNIFIED,
        _CG_HIER_MAX,
        _CG_HIER_INVALID = -EINVAL,
} CgHierarchy;
DECLARE_STRING_TABLE_LOOKUP(cg_hierarchy, CgHierarchy);

/* One write into a cgroup file of the run's cgroup, in order. */
typedef struct CgWrite {
        CgHierarchy hier;
        char *file;            /* "memory.limit_in_bytes" */
        char *value;           /* "52428800" */
        const char *directive; /* "MemoryMax=" (static) */
        Origin origin;
} CgWrite;

#define CG_WRITES_MAX   1024u
#define CG_IP_RULES_MAX 256u /* per list: the BPF program compares each prefix inline */

typedef struct CgIPRule {
        int family; /* AF_INET, AF_INET6 */
        uint8_t address[16];
        unsigned prefixlen;
} CgIPRule;

typedef struct CgFirewall {
        CgIPRule *allow, *deny;
        size_t n_allow, n_deny;
        Origin origin;
} CgFirewall;

/* SocketBindAllow=/SocketBindDeny=: [ipv4|ipv6:][tcp|udp:][PORT|LOW-HIGH|any] or any. */
typedef struct CgBindRule {
        int family;   /* AF_UNSPEC (both), AF_INET, AF_INET6 */
        int protocol; /* 0 (any), IPPROTO_TCP, IPPROTO_UDP */
        uint16_t port_min;
        uint16_t nr_ports; /* 0: every port */
} CgBindRule;

#define CG_BIND_RULES_MAX 128u /* per list, as systemd */

typedef struct CgSocketBind {
        CgBindRule *allow, *deny;
        size_t n_allow, n_deny;
        Origin origin;
} CgSocketBind;

/* Parses one bind rule as systemd's parse_socket_bind_item(). Returns 0 or -EINVAL. */
int cg_bind_rule_parse(const char *s, CgBindRule *ret);

typedef struct CgroupPlan {
        CgLayout layout;
        unsigned hierarchies; /* 1u << CgHierarchy: where the run gets a cgroup */
        CgWrite *writes;
        size_t n_writes;
        bool firewall; /* IPAddressAllow=/IPAddressDeny=: BPF on the v2 cgroup */
        CgFirewall fw;
        bool device_bpf;     /* DevicePolicy= on a unified host: a BPF device program ... */
        char **device_rules; /* ... allowing these devices.allow lines, denying the rest */
        bool socket_bind; /* SocketBindAllow=/SocketBindDeny=: BPF bind4/bind6 on the v2 cgroup */
        CgSocketBind sb;
        const char *unified_for; /* the first directive that needs the v2 cgroup (static) */
} CgroupPlan;

CgroupPlan *cgroup_plan_free(CgroupPlan *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(CgroupPlan *, cgroup_plan_free);

typedef struct CgPlanOptions {
        CgLayout layout;          /* detected or given; never AUTO here */
        bool lenient;             /* what cannot be applied is a warning, not an error */
        bool rootless;            /* for the wording of refusals */
        const char *proc_devices; /* /proc/devices (tests point elsewhere) */
        const char *tty_drivers;  /* /proc/tty/drivers (tests point elsewhere) */
        uint64_t tasks_max_base;  /* for TasksMax=N%: systemd's system_tasks_max(); 0 = read */
        const char *cpus_online;  /* /sys/devices/system/cpu/online (tests point elsewhere) */
        const char *mems_online;  /* /sys/devices/system/node/online */
} CgPlanOptions;

/* Computes the writes for the unit's resource settings. *ret is NULL when the unit needs no
 * cgroup. Refusals are appended to diags; returns -EOPNOTSUPP when an error was added,
 * -ENOMEM, else 0 (a plan may still be returned with -EOPNOTSUPP for --dry-run). */
int cgroup_plan_from_unit(const Unit *u, const CgPlanOptions *o, CgroupPlan **ret, DiagList *diags);

/* Appends the plan as text (--dry-run); nothing for NULL. Returns 0 or -ENOMEM. */
int cgroup_plan_to_text(const CgroupPlan *p, StrBuf *b);

/* systemd's system_tasks_max(): min(kernel.threads-max, kernel.pid_max - 1). */
uint64_t cgroup_system_tasks_max(void);

/* systemd's CPUWeight= → cpu.shares translation for v1 (idle = 0 → 2). */
uint64_t cgroup_cpu_weight_to_shares(uint64_t weight) _const_;
/* CPUQuota= with CPUQuotaPeriodSec= (UINT64_MAX: the default 100 ms): returns the period (µs)
 * and the quota (µs per period) as systemd writes them (period raised so that one period's quota
 * is at least 1 ms, kept within [1 ms, 1 s]). */
void cgroup_cpu_quota_to_period(uint64_t quota_per_sec_usec, uint64_t period_usec,
                                uint64_t *ret_period, uint64_t *ret_quota);

/* Resolves one DeviceAllow= entry to v1 devices.allow lines ("c 1:3 rwm"), as systemd does:
 * /dev/char/M:N, /dev/block/M:N and the inaccessible nodes are parsed, other /dev paths are
 * stat()ed, char-NAME/block-NAME match the driver names in /proc/devices (a glob). Returns the
 * number of lines appended to *lines (0 = matched nothing), or -errno. */
int cgroup_device_rules(const char *path, const char *access, const char *proc_devices,
                        char ***lines);
/* The same for systemd's static "char-pts" entry, from the pty driver's line in
 * /proc/tty/drivers ("/dev/pts 136"); /proc/devices when that has none. */
int cgroup_pts_rules(const char *access, const char *tty_drivers, const char *proc_devices,
                     char ***lines);

/* ---------------------------------------------------------------- run time (cgroup.c) */

/* Detects the layout of /sys/fs/cgroup and whether we may create cgroups below our own. */
CgLayout cgroup_detect_layout(void);

/* The plan's entry point: layout AUTO is detected; rootless, only a cgroup v2 subtree delegated
 * to uid (our cgroup directory owned by it) counts, else the layout is NONE and every setting
 * that needs a cgroup is refused. Returns as cgroup_plan_from_unit(). */
int cgroup_plan_for_run(const Unit *u, CgLayout layout, bool rootless, uid_t uid, bool lenient,
                        CgroupPlan **ret, DiagList *diags);

typedef struct SbxCgroup SbxCgroup;

/* Creates the run's cgroups (cordon-<unit>-<random> below cordon's own cgroup in each needed
 * hierarchy), writes the limits and attaches the firewall. Removes empty stale cordon-* cgroups
 * left by a killed cordon first. Returns 0 or -errno; *ret_failed (malloc'd, may be NULL on OOM)
 * names the file or step that failed. */
int sbx_cgroup_create(const CgroupPlan *p, const char *unit_id, SbxCgroup **ret, char **ret_failed);
/* Child side, right after fork, async-signal-safe: moves the calling process into every cgroup
 * of the run. Returns 0 or -errno. */
int sbx_cgroup_enter(const SbxCgroup *cg);
/* The same, but the cgroup v2 one only when !v2_placed (a child cloned into it already). */
int sbx_cgroup_enter_rest(const SbxCgroup *cg, bool v2_placed);
/* The run's cgroup v2 directory (an fd for clone3's CLONE_INTO_CGROUP), or -1 when none. */
int sbx_cgroup_v2_fd(const SbxCgroup *cg);
/* Parent side: moves pid into the cgroups (for processes started without the child hook). */
int sbx_cgroup_attach(const SbxCgroup *cg, pid_t pid);
/* SIGKILLs every process left in the run's cgroups (cgroup.kill on v2 when there is one),
 * waits for them to go (bounded), removes the cgroups and frees. NULL is fine. */
SbxCgroup *sbx_cgroup_destroy(SbxCgroup *cg);
DEFINE_TRIVIAL_CLEANUP_FUNC(SbxCgroup *, sbx_cgroup_destroy);
/* What the last failed sbx_cgroup_create() of cordon run could not do (a path), or NULL: for
 * the CLI's message. */
extern char *sbx_cgroup_failure;
/* The run's cgroup directory in hierarchy h (or NULL). */
const char *sbx_cgroup_path(const SbxCgroup *cg, CgHierarchy h);

/* ---------------------------------------------------------------- BPF (cgroup-bpf.c) */

struct bpf_insn;
/* Builds the CGROUP_SKB program for one direction (pure): ingress matches the source address,
 * egress the destination. Verdict as systemd: a packet matching the allow list passes, else one
 * matching the deny list is dropped, else it passes. Returns 0 or -ENOMEM/-E2BIG. */
int cg_bpf_firewall_build(const CgFirewall *fw, bool ingress, struct bpf_insn **ret, size_t *ret_n);
/* Loads both programs and attaches them to the cgroup v2 directory fd. ret_fds get the program
 * fds (kept open for the run). On a verifier error, *ret_log (malloc'd) holds its log. */
int cg_bpf_firewall_attach(const CgFirewall *fw, int cgroup_fd, int ret_fds[2], char **ret_log);
/* SocketBindAllow=/SocketBindDeny= as a CGROUP_SOCK_ADDR program for bind() of family
 * AF_INET (cgroup/bind4) or AF_INET6 (cgroup/bind6) (pure): a bind matching the allow list
 * passes, else one matching the deny list fails with EPERM, else it passes. */
int cg_bpf_socket_bind_build(const CgSocketBind *sb, int family, struct bpf_insn **ret,
                             size_t *ret_n);
/* Loads both and attaches them to the cgroup v2 directory fd; ret_fds get the program fds. */
int cg_bpf_socket_bind_attach(const CgSocketBind *sb, int cgroup_fd, int ret_fds[2],
                              char **ret_log);
/* DevicePolicy=/DeviceAllow= on cgroup v2: a CGROUP_DEVICE program allowing exactly the given
 * devices.allow lines ("c 1:3 rwm", "b 8:* r", "c *:* m"), everything else denied (pure).
 * Returns 0, -EINVAL for a malformed line, -ENOMEM/-E2BIG. */
int cg_bpf_devices_build(char *const *lines, struct bpf_insn **ret, size_t *ret_n);
/* Loads it and attaches it to the cgroup v2 directory fd; *ret_fd gets the program fd. */
int cg_bpf_devices_attach(char *const *lines, int cgroup_fd, int *ret_fd, char **ret_log);
/* Loads one direction's program and runs it on a minimal packet from/to address (family
 * AF_INET/AF_INET6) with BPF_PROG_TEST_RUN: *ret_pass is 1 when it would pass, 0 when dropped.
 * Needs privileges (tests skip on -EPERM). */
int cg_bpf_firewall_test(const CgFirewall *fw, bool ingress, int family, const uint8_t *address,
                         int *ret_pass);
