/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The sandbox plan: plain data computed from the unit model by pure code (plan.c), printed by
 * --dry-run (plan-print.c) and walked, step by step, by the executor after clone (apply.c).
 * Nothing in here touches the system. */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"
#include "cleanup.h"
#include "diag.h"
#include "image.h"
#include "model.h"
#include "unit.h"

/* Mount operation kinds, ordered by priority as systemd 252 orders its MountMode: when two
 * entries name the same path, the one with the lower value wins (namespace.c). */
typedef enum MountKind {
        MOUNT_ROOT, /* RootDirectory=: bound onto itself so it can become / (pivot_root) */
        MOUNT_INACCESSIBLE,
        MOUNT_BIND,
        MOUNT_RBIND,
        MOUNT_PRIVATE_TMP,
        MOUNT_PRIVATE_DEV,
        MOUNT_BIND_DEV, /* MountAPIVFS= in a root directory: the host's /dev */
        MOUNT_SYSFS,    /* MountAPIVFS= in a root directory: the host's /sys */
        MOUNT_PROCFS,   /* ProtectProc=/ProcSubset=: a new procfs instance with hidepid=/subset=;
                         * without options (MountAPIVFS=) the host's /proc */
        MOUNT_CGROUP2,  /* ProtectControlGroups=private|strict: the cgroup namespace's cgroup2 */
        MOUNT_READ_ONLY,
        MOUNT_READ_WRITE,
        MOUNT_NOEXEC,
        MOUNT_EXEC,
        MOUNT_TMPFS,
        MOUNT_RUN, /* MountAPIVFS= in a root directory: an empty /run */
        MOUNT_MQUEUEFS,
        MOUNT_READ_WRITE_IMPLICIT, /* lowest priority: only shields a subtree from a RO parent */
        _MOUNT_KIND_MAX,
        _MOUNT_KIND_INVALID = -EINVAL,
} MountKind;
DECLARE_STRING_TABLE_LOOKUP(mount_kind, MountKind);

typedef struct MountOp {
        MountKind kind;
        char *path;            /* target: absolute, normalised */
        char *source;          /* bind source, NULL otherwise */
        char *options;         /* filesystem data for tmpfs ("mode=0755,size=…"), or NULL */
        unsigned long flags;   /* MS_NOSUID|MS_NODEV|MS_NOEXEC|MS_STRICTATIME… for new mounts */
        bool read_only;        /* flipped read-only (recursively) in the read-only pass */
        bool noexec, exec;     /* set/clear MS_NOEXEC (recursively) in the exec pass */
        bool ignore_missing;   /* '-': skip when the path (or bind source) does not exist */
        bool restack;          /* below a read-only entry: re-attach a snapshot taken before the
                                * read-only pass so this subtree keeps its own flags */
        const char *directive; /* static, e.g. "ProtectSystem=strict" */
        Origin origin;
} MountOp;

/* The fixed order the executor walks; the numbers are what --dry-run prints and what the child
 * reports on failure. */
typedef enum SandboxStep {
        STEP_DEATHSIG,        /* PR_SET_PDEATHSIG + parent re-check */
        STEP_JOIN_NET,        /* NetworkNamespacePath=: setns() */
        STEP_JOIN_IPC,        /* IPCNamespacePath=: setns() */
        STEP_UNSHARE,         /* unshare(namespace flags) */
        STEP_ID_MAP,          /* rootless: setgroups deny, uid_map, gid_map */
        STEP_LOOPBACK,        /* PrivateNetwork=: bring lo up */
        STEP_PROPAGATION,     /* make / recursively private */
        STEP_ROOT_IMAGE,      /* RootImage=: loop devices, the image's partitions mounted */
        STEP_MOUNT_ESTABLISH, /* pass 1: create every mount */
        STEP_MOUNT_SNAPSHOT,  /* pass 1b: clone subtrees that must keep their flags */
        STEP_MOUNT_READ_ONLY, /* pass 2: read-only flips and re-attached snapshots */
        STEP_MOUNT_EXEC,      /* pass 3: noexec/exec flips */
        STEP_PIVOT_ROOT,      /* RootDirectory=: the root becomes / */
        STEP_MOUNT_FINAL,     /* MountFlags= propagation for the service's own mounts */
        STEP_CHDIR,           /* WorkingDirectory= */
        STEP_PRE_EXEC,        /* part 2 hook: identity, capabilities, no_new_privs, seccomp */
        STEP_EXEC,            /* execve */
        STEP_STDIO, /* StandardInput=/Output=/Error= (exec-stdio.c): walked first, right after
                     * STEP_DEATHSIG; numbered last so the others keep their numbers */
        _STEP_MAX,
        _STEP_INVALID = -EINVAL,
} SandboxStep;
DECLARE_STRING_TABLE_LOOKUP(sandbox_step, SandboxStep);

/* Exit codes 0..255 and signals 1..63 (SuccessExitStatus= & co.): bitmaps, no allocation. */
typedef struct PlanStatusSet {
        uint8_t codes[32];
        uint64_t signals;
} PlanStatusSet;

typedef struct PlanCommand {
        ExecCommandType type;
        char *path;
        char **argv;
        ExecCommandFlags flags;
        Origin origin;
} PlanCommand;

typedef struct PlanNamespaces {
        unsigned long unshare_flags; /* CLONE_NEW* */
        bool user_ns; /* rootless: cordon enters a user namespace of its own first (it owns the
                       * run's PID namespace); CLONE_NEWUSER is in unshare_flags when the
                       * service's sandbox needs one (then the same) */
        uid_t uid;    /* rootless map: uid -> uid (the invoking user) */
        gid_t gid;
        bool loopback_up;   /* PrivateNetwork= */
        bool private_users; /* PrivateUsers=yes as root: the map is 0 -> 0 ... */
        uid_t service_uid;  /* ... plus the service's uid/gid when map_service (set by the */
        gid_t service_gid;  /* caller once User=/DynamicUser= are resolved, e.g. part 2) */
        bool map_service;
        Origin users_origin;
        Origin network_origin, ipc_origin, uts_origin;
        /* NetworkNamespacePath=/IPCNamespacePath=: joined (setns) instead of created; the file
         * must be a namespace of that type (checked with NS_GET_NSTYPE when joining). */
        char *network_path, *ipc_path;
        bool hostname_private; /* ProtectHostname=private: the service may change it */
        char *hostname;        /* ProtectHostname=private:NAME: set in the new UTS namespace */
        /* PrivatePIDs=yes: every sandboxed command is PID 1 of its own PID namespace (nested in
         * the run's), with a /proc of that namespace. */
        bool private_pids;
        Origin pids_origin;
} PlanNamespaces;

typedef struct PlanMounts {
        MountOp *ops;
        size_t n;
        bool private_mounts; /* a mount namespace is needed */
        MountPropagation propagation;
        Origin propagation_origin;
        bool needs_inaccessible; /* pass 1 prepares the empty mode-0000 sources once */
        char *root; /* RootDirectory=, normalised, or where RootImage= is mounted; NULL = / */
        const char *root_directive; /* "RootImage=" when the root is an image, else NULL */
        Origin root_origin;
        const char *prefix; /* while building: prepended to in-root paths (plan.c) */
} PlanMounts;

typedef struct PlanWorkdir {
        char *path; /* NULL: "/" (systemd's default for system services) */
        bool missing_ok;
        Origin origin;
} PlanWorkdir;

/* StandardInput=/StandardOutput=/StandardError= (exec-stdio.c, set by run part 2). Strings
 * point into the unit (or Part2's data buffer). */
typedef struct PlanStdio {
        bool set; /* false: fds 0-2 stay cordon's own */
        /* StandardInput= not set: cordon's stdin passes through (issue #4: "stdio passes
         * through"; systemd would give /dev/null); the rules of the other streams still see
         * input = null. */
        bool keep_stdin;
        ExecInput input;
        ExecOutput output, error;
        const char *path[3]; /* file:/append:/truncate: per fd */
        Origin origin[3];
        const char *tty_path; /* TTYPath=, default /dev/console */
        const char *data;     /* StandardInput=data: the StandardInputText= bytes */
        size_t data_size;
        mode_t mode; /* files created: 0666 & ~UMask= */
} PlanStdio;

typedef struct SandboxPlan {
        char *unit_id;
        ServiceType type;
        PlanNamespaces ns;
        PlanMounts mounts;
        PlanImage image; /* RootImage= (image.h): mounted on mounts.root first */
        PlanWorkdir workdir;
        PlanCommand *commands; /* every Exec*= command, in ExecCommandType order */
        size_t n_commands;
        char **environment;          /* minimal, clean: PATH, LANG (full environment is part 2) */
        bool ignore_sigpipe;         /* IgnoreSIGPIPE= (default yes) */
        char *pid_file;              /* PIDFile= (Type=forking), a host path */
        NotifyAccess notify_access;  /* Type=notify: whose READY=1 counts */
        uint64_t timeout_start_usec; /* TimeoutStartSec=; UINT64_MAX or 0 = none */
        /* Stopping like systemctl stop: KillMode=, KillSignal=, SendSIGHUP=, SendSIGKILL=,
         * FinalKillSignal=, TimeoutStopSec= (UINT64_MAX or 0 = none) */
        KillMode kill_mode;
        int kill_signal, final_kill_signal;
        bool send_sighup, send_sigkill;
        uint64_t timeout_stop_usec;
        uint64_t runtime_max_usec; /* RuntimeMaxSec=; UINT64_MAX or 0 = none */
        /* Restart=, RestartSec=, StartLimitIntervalSec=/StartLimitBurst=, and the exit status
         * sets of SuccessExitStatus=, RestartPreventExitStatus=, RestartForceExitStatus= */
        ServiceRestart restart;
        uint64_t restart_usec, start_limit_interval_usec;
        unsigned start_limit_burst;
        PlanStatusSet success_status, prevent_status, force_status;
        /* Lifecycle (F, service-plan.c): WatchdogSec= (0 = off), WatchdogSignal=,
         * TimeoutAbortSec= (TimeoutStopSec= unless set; UINT64_MAX or 0 = none),
         * TimeoutStartFailureMode=, TimeoutStopFailureMode= */
        uint64_t watchdog_usec;
        int watchdog_signal;
        uint64_t timeout_abort_usec;
        TimeoutMode timeout_start_failure_mode, timeout_stop_failure_mode;
        bool remain_after_exit; /* RemainAfterExit=: active after the processes exited (F) */
        bool exit_type_cgroup;  /* ExitType=cgroup: running until the last process exits (F) */
        uint64_t runtime_rand_extra_usec; /* RuntimeRandomizedExtraSec= (F) */

        /* Run part 2 (identity, capabilities, no_new_privs, seccomp) plugs in here: called in the
         * child after the mounts, right before execve(), for sandboxed commands. It calls
         * identity_done(userdata) once the service's uid and gid are in place and before
         * securebits, no_new_privs and seccomp: the working directory is entered there, with the
         * service's permissions, as systemd 252 does. It must only apply precomputed data (no
         * malloc, no stdio). Returns 0, or -errno and sets *ret_exit_status to systemd's code for
         * what failed (e.g. 218 CAPABILITIES, 228 SECCOMP); the failure is reported as
         * STEP_PRE_EXEC. */
        int (*pre_exec_hook)(const void *data, void (*identity_done)(void *), void *userdata,
                             int *ret_exit_status);
        int (*pre_exec_hook_no_setuid)(const void *data, void (*identity_done)(void *),
                                       void *userdata, int *ret_exit_status); /* '!' commands */
        const void *pre_exec_data;
        CgroupPlan *cgroup; /* resource control (cgroup-plan.c); NULL = no cgroup */
        PlanStdio stdio;    /* run part 2 (exec-stdio.c) */
} SandboxPlan;

typedef struct PlanOptions {
        bool rootless; /* invoked by an unprivileged user: plan a user namespace */
        uid_t uid;
        gid_t gid;
        bool lenient;      /* unsupported directives become warnings ("weakened") */
        char **extra_args; /* appended to the main ExecStart= command */
        const char *lang;  /* LANG to pass, or NULL */
        char **setenv;     /* extra NAME=VALUE (cordon run --setenv=) */
        bool part2;        /* run part 2 (identity, capabilities, seccomp, environment, …) will be
                            * attached: do not refuse what it honours (plan-check.c) */
        CgLayout cgroup_layout; /* CG_LAYOUT_AUTO (0): detect the host's when planning */
        /* Rootless: where RuntimeDirectory=/StateDirectory=/… live, indexed by
         * ExecDirectoryType (exec-dirs.h: the user manager's $XDG_… prefixes); a NULL entry is
         * not available (refused). NULL: the system's /run, /var/lib, … */
        const char *const *dir_prefix;
} PlanOptions;

#define PLAN_MOUNTS_MAX 4096u

SandboxPlan *sandbox_plan_free(SandboxPlan *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(SandboxPlan *, sandbox_plan_free);
#define _cleanup_sandbox_plan_free_ _cleanup_(sandbox_plan_freep)

/* Computes the plan. Directives cordon run cannot honour yet are appended to diags (errors, or
 * warnings with --lenient); the return value is -EOPNOTSUPP when at least one error was added,
 * -EINVAL for invalid values (diag added), -ENOMEM, else 0. */
int sandbox_plan_from_unit(const Unit *u, const PlanOptions *o, SandboxPlan **ret, DiagList *diags);

/* Orders mount ops as systemd does (prefix first, then priority), drops duplicates (flags merged
 * into the winner), entries below an inaccessible path, and no-op read-only/read-write entries,
 * then computes MountOp.restack. Exposed for tests. */
int sandbox_plan_normalize_mounts(PlanMounts *m);

/* Compares two absolute paths component by component ("/a" < "/a/b" < "/ab"). */
int plan_path_compare(const char *a, const char *b) _pure_;

/* Writes the plan as text (--dry-run). Returns a malloc'd string or NULL on OOM. */
char *sandbox_plan_to_text(const SandboxPlan *p);
