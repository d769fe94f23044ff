/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure: unit model -> SandboxPlan. The mount tables and the ordering rules follow systemd 252's
 * src/core/namespace.c (facts only; the code is our own). */
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "credentials.h"
#include "path-util.h"
#include "plan-internal.h"
#include "plan.h"
#include "service-plan.h"
#include "string-util.h"
#include "strv.h"

static const char *const mount_kind_table[_MOUNT_KIND_MAX] = {
        [MOUNT_ROOT] = "root",
        [MOUNT_INACCESSIBLE] = "inaccessible",
        [MOUNT_BIND] = "bind",
        [MOUNT_RBIND] = "rbind",
        [MOUNT_PRIVATE_TMP] = "private-tmp",
        [MOUNT_PRIVATE_DEV] = "private-dev",
        [MOUNT_BIND_DEV] = "bind-dev",
        [MOUNT_SYSFS] = "sysfs",
        [MOUNT_PROCFS] = "procfs",
        [MOUNT_CGROUP2] = "cgroup2",
        [MOUNT_READ_ONLY] = "read-only",
        [MOUNT_READ_WRITE] = "read-write",
        [MOUNT_NOEXEC] = "noexec",
        [MOUNT_EXEC] = "exec",
        [MOUNT_TMPFS] = "tmpfs",
        [MOUNT_RUN] = "run",
        [MOUNT_MQUEUEFS] = "mqueuefs",
        [MOUNT_READ_WRITE_IMPLICIT] = "rw-implicit",
};
DEFINE_STRING_TABLE_LOOKUP(mount_kind, MountKind);

static const char *const sandbox_step_table[_STEP_MAX] = {
        [STEP_DEATHSIG] = "deathsig",
        [STEP_JOIN_NET] = "join-network",
        [STEP_JOIN_IPC] = "join-ipc",
        [STEP_UNSHARE] = "unshare",
        [STEP_ID_MAP] = "id-map",
        [STEP_LOOPBACK] = "loopback",
        [STEP_PROPAGATION] = "propagation",
        [STEP_ROOT_IMAGE] = "root-image",
        [STEP_MOUNT_ESTABLISH] = "mount",
        [STEP_MOUNT_SNAPSHOT] = "mount-snapshot",
        [STEP_MOUNT_READ_ONLY] = "mount-read-only",
        [STEP_MOUNT_EXEC] = "mount-exec",
        [STEP_MOUNT_FINAL] = "mount-propagation",
        [STEP_PIVOT_ROOT] = "pivot-root",
        [STEP_CHDIR] = "chdir",
        [STEP_PRE_EXEC] = "pre-exec",
        [STEP_EXEC] = "exec",
        [STEP_STDIO] = "stdio",
};
DEFINE_STRING_TABLE_LOOKUP(sandbox_step, SandboxStep);

#define IN_SET2(x, a, b)    ((x) == (a) || (x) == (b))
#define IN_SET3(x, a, b, c) ((x) == (a) || (x) == (b) || (x) == (c))

/* ---------------------------------------------------------------- static tables */

typedef struct StaticMount {
        const char *path;
        MountKind kind;
        bool ignore_missing;
        const char *options; /* tmpfs data */
        unsigned long flags;
        bool read_only;
} StaticMount;

static const StaticMount protect_kernel_tunables_table[] = {
        {"/proc/acpi", MOUNT_READ_ONLY, true},
        {"/proc/apm", MOUNT_READ_ONLY, true},
        {"/proc/asound", MOUNT_READ_ONLY, true},
        {"/proc/bus", MOUNT_READ_ONLY, true},
        {"/proc/fs", MOUNT_READ_ONLY, true},
        {"/proc/irq", MOUNT_READ_ONLY, true},
        {"/proc/kallsyms", MOUNT_INACCESSIBLE, true},
        {"/proc/kcore", MOUNT_INACCESSIBLE, true},
        {"/proc/latency_stats", MOUNT_READ_ONLY, true},
        {"/proc/mtrr", MOUNT_READ_ONLY, true},
        {"/proc/scsi", MOUNT_READ_ONLY, true},
        {"/proc/sys", MOUNT_READ_ONLY, true},
        {"/proc/sysrq-trigger", MOUNT_READ_ONLY, true},
        {"/proc/timer_stats", MOUNT_READ_ONLY, true},
        {"/sys", MOUNT_READ_ONLY, false},
        {"/sys/fs/bpf", MOUNT_READ_ONLY, true},
        {"/sys/fs/cgroup", MOUNT_READ_WRITE_IMPLICIT, false}, /* ProtectControlGroups= decides */
        {"/sys/fs/selinux", MOUNT_READ_WRITE_IMPLICIT, true},
        {"/sys/kernel/debug", MOUNT_READ_ONLY, true},
        {"/sys/kernel/tracing", MOUNT_READ_ONLY, true},
};

static const StaticMount protect_kernel_modules_table[] = {
        {"/usr/lib/modules", MOUNT_INACCESSIBLE, true},
};

static const StaticMount protect_kernel_logs_table[] = {
        {"/proc/kmsg", MOUNT_INACCESSIBLE, true},
        {"/dev/kmsg", MOUNT_INACCESSIBLE, true},
};

static const StaticMount protect_home_yes_table[] = {
        {"/home", MOUNT_INACCESSIBLE, true},
        {"/run/user", MOUNT_INACCESSIBLE, true},
        {"/root", MOUNT_INACCESSIBLE, true},
};

static const StaticMount protect_home_read_only_table[] = {
        {"/home", MOUNT_READ_ONLY, true},
        {"/run/user", MOUNT_READ_ONLY, true},
        {"/root", MOUNT_READ_ONLY, true},
};

#define TMPFS_EMPTY_LIMITS ",size=4m,nr_inodes=1k"
static const StaticMount protect_home_tmpfs_table[] = {
        {"/home", MOUNT_TMPFS, true, "mode=0755" TMPFS_EMPTY_LIMITS, MS_NODEV | MS_STRICTATIME,
         true},
        {"/run/user", MOUNT_TMPFS, true, "mode=0755" TMPFS_EMPTY_LIMITS, MS_NODEV | MS_STRICTATIME,
         true},
        {"/root", MOUNT_TMPFS, true, "mode=0700" TMPFS_EMPTY_LIMITS, MS_NODEV | MS_STRICTATIME,
         true},
};

static const StaticMount protect_system_yes_table[] = {
        {"/usr", MOUNT_READ_ONLY, false},
        {"/boot", MOUNT_READ_ONLY, true},
        {"/efi", MOUNT_READ_ONLY, true},
};

static const StaticMount protect_system_full_table[] = {
        {"/usr", MOUNT_READ_ONLY, false},
        {"/boot", MOUNT_READ_ONLY, true},
        {"/efi", MOUNT_READ_ONLY, true},
        {"/etc", MOUNT_READ_ONLY, false},
};

/* strict: everything read-only except the API file systems and the homes, which other
 * directives (ProtectKernelTunables=, PrivateDevices=, ProtectHome=) own. */
static const StaticMount protect_system_strict_table[] = {
        {"/", MOUNT_READ_ONLY, false},
        {"/proc", MOUNT_READ_WRITE_IMPLICIT, false},
        {"/sys", MOUNT_READ_WRITE_IMPLICIT, false},
        {"/dev", MOUNT_READ_WRITE_IMPLICIT, false},
        {"/home", MOUNT_READ_WRITE_IMPLICIT, true},
        {"/run/user", MOUNT_READ_WRITE_IMPLICIT, true},
        {"/root", MOUNT_READ_WRITE_IMPLICIT, true},
};

/* ---------------------------------------------------------------- helpers */

static void mount_op_done(MountOp *m)
{
        free(m->path);
        free(m->source);
        free(m->options);
        *m = (MountOp){0};
}

static void plan_mounts_done(PlanMounts *m)
{
        free(m->root);
        m->root = NULL;
        for (size_t i = 0; i < m->n; i++)
                mount_op_done(&m->ops[i]);
        free(m->ops);
        m->ops = NULL;
        m->n = 0;
}

SandboxPlan *sandbox_plan_free(SandboxPlan *p)
{
        if (!p)
                return NULL;
        free(p->unit_id);
        cgroup_plan_free(p->cgroup);
        plan_mounts_done(&p->mounts);
        plan_image_done(&p->image);
        free(p->workdir.path);
        free(p->pid_file);
        free(p->ns.network_path);
        free(p->ns.ipc_path);
        free(p->ns.hostname);
        for (size_t i = 0; i < p->n_commands; i++) {
                free(p->commands[i].path);
                strv_free(p->commands[i].argv);
        }
        free(p->commands);
        strv_free(p->environment);
        free(p);
        return NULL;
}

/* Validates a path for use as a mount point or source: absolute, no "." or ".." components, no
 * control characters, bounded length. Returns a normalised copy via ret. */
static int plan_path_normalize(const char *p, char **ret)
{
        if (!p || !path_is_absolute(p) || strlen(p) >= 4096)
                return -EINVAL;
        for (const char *c = p; *c; c++)
                if ((unsigned char) *c < 0x20 || *c == 0x7f)
                        return -EINVAL;
        char *s = strdup(p);
        if (!s)
                return -ENOMEM;
        path_simplify(s);
        /* Reject ".." after simplification: a sandbox path must name one place. */
        for (const char *c = s; (c = strstr(c, "..")); c += 2)
                if ((c == s || c[-1] == '/') && (c[2] == '/' || c[2] == 0)) {
                        free(s);
                        return -EINVAL;
                }
        for (const char *c = s; (c = strstr(c, "/.")); c += 2)
                if (c[2] == '/' || c[2] == 0) {
                        free(s);
                        return -EINVAL;
                }
        *ret = s;
        return 0;
}

static bool kind_is_read_only(MountKind k)
{
        return k == MOUNT_READ_ONLY || k == MOUNT_INACCESSIBLE;
}

static int mounts_add(PlanMounts *m, MountKind kind, const char *path, const char *source,
                      bool ignore_missing, const char *directive, Origin origin, MountOp **ret)
{
        _cleanup_free_ char *p = NULL, *s = NULL;
        int r;

        if (m->n >= PLAN_MOUNTS_MAX)
                return -E2BIG;
        r = plan_path_normalize(path, &p);
        if (r < 0)
                return r;
        if (m->prefix) {
                /* Inside RootDirectory=: the same path below the root. */
                char *j = path_join(m->prefix, p);
                if (!j)
                        return -ENOMEM;
                free_and_replace(p, j);
                path_simplify(p);
        }
        if (source) {
                r = plan_path_normalize(source, &s);
                if (r < 0)
                        return r;
        }
        MountOp *n = realloc(m->ops, (m->n + 1) * sizeof(MountOp));
        if (!n)
                return -ENOMEM;
        m->ops = n;
        MountOp *op = &m->ops[m->n++];
        *op = (MountOp){
                .kind = kind,
                .path = TAKE_PTR(p),
                .source = TAKE_PTR(s),
                .ignore_missing = ignore_missing,
                .read_only = kind_is_read_only(kind),
                .noexec = kind == MOUNT_NOEXEC,
                .exec = kind == MOUNT_EXEC,
                .directive = directive,
                .origin = origin,
        };
        if (ret)
                *ret = op;
        return 0;
}

static int mounts_add_static(PlanMounts *m, const StaticMount *t, size_t n, const char *directive,
                             Origin origin)
{
        for (size_t i = 0; i < n; i++) {
                MountOp *op;
                int r = mounts_add(m, t[i].kind, t[i].path, NULL, t[i].ignore_missing, directive,
                                   origin, &op);
                if (r < 0)
                        return r;
                if (t[i].options) {
                        op->options = strdup(t[i].options);
                        if (!op->options)
                                return -ENOMEM;
                }
                op->flags = t[i].flags;
                op->read_only = op->read_only || t[i].read_only;
        }
        return 0;
}

static int mounts_add_paths(PlanMounts *m, const PathList *l, MountKind kind, const char *directive)
{
        const char *prefix = m->prefix;
        for (size_t i = 0; i < l->n; i++) {
                /* Host paths, unless '+' makes them relative to RootDirectory= (systemd.exec). */
                m->prefix = l->items[i].relative_to_root ? prefix : NULL;
                int r = mounts_add(m, kind, l->items[i].path, NULL, l->items[i].ignore_missing,
                                   directive, l->items[i].origin, NULL);
                m->prefix = prefix;
                if (r < 0)
                        return r;
        }
        return 0;
}

/* TemporaryFileSystem= options: mount flags we know become flags, "ro" makes the mount
 * read-only after everything below it exists, the rest is tmpfs data. */
static int tmpfs_options_parse(const char *opts, unsigned long *flags, bool *ro, char **ret_data)
{
        static const struct {
                const char *name;
                unsigned long set, clear;
        } table[] = {
                {"nosuid", MS_NOSUID, 0},
                {"suid", 0, MS_NOSUID},
                {"nodev", MS_NODEV, 0},
                {"dev", 0, MS_NODEV},
                {"noexec", MS_NOEXEC, 0},
                {"exec", 0, MS_NOEXEC},
                {"strictatime", MS_STRICTATIME, 0},
                {"relatime", MS_RELATIME, 0},
                {"noatime", MS_NOATIME, 0},
        };
        _cleanup_free_ char *copy = NULL;
        _cleanup_free_ char *data = strdup("mode=0755");

        if (!data)
                return -ENOMEM;
        *flags = MS_NODEV | MS_STRICTATIME;
        *ro = false;
        if (!isempty(opts)) {
                copy = strdup(opts);
                if (!copy)
                        return -ENOMEM;
                for (char *save = NULL, *w = strtok_r(copy, ",", &save); w;
                     w = strtok_r(NULL, ",", &save)) {
                        bool known = false;

                        if (streq(w, "ro") || streq(w, "rw")) {
                                *ro = streq(w, "ro");
                                continue;
                        }
                        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                                if (streq(w, table[i].name)) {
                                        *flags = (*flags | table[i].set) & ~table[i].clear;
                                        known = true;
                                }
                        if (known)
                                continue;
                        if (!in_charset(w, "abcdefghijklmnopqrstuvwxyz0123456789_=%.kKmMgG"))
                                return -EINVAL;
                        char *n = strjoin_real(data, ",", w, NULL);
                        if (!n)
                                return -ENOMEM;
                        free_and_replace(data, n);
                }
        }
        *ret_data = TAKE_PTR(data);
        return 0;
}

/* ReadWritePaths= and friends, BindPaths=, TemporaryFileSystem=. */
static int plan_add_listed(PlanMounts *m, const ExecSettings *e)
{
        int r;

        /* The order of appending does not matter (entries are sorted), it mirrors systemd's for
         * readability of the code next to namespace.c. */
        r = mounts_add_paths(m, &e->read_write_paths, MOUNT_READ_WRITE, "ReadWritePaths=");
        if (r >= 0)
                r = mounts_add_paths(m, &e->read_only_paths, MOUNT_READ_ONLY, "ReadOnlyPaths=");
        if (r >= 0)
                r = mounts_add_paths(m, &e->inaccessible_paths, MOUNT_INACCESSIBLE,
                                     "InaccessiblePaths=");
        if (r >= 0)
                r = mounts_add_paths(m, &e->exec_paths, MOUNT_EXEC, "ExecPaths=");
        if (r >= 0)
                r = mounts_add_paths(m, &e->no_exec_paths, MOUNT_NOEXEC, "NoExecPaths=");
        if (r < 0)
                return r;

        for (size_t i = 0; i < e->bind_mounts.n; i++) {
                const BindMount *b = &e->bind_mounts.items[i];
                MountOp *op;

                r = mounts_add(m, b->recursive ? MOUNT_RBIND : MOUNT_BIND, b->destination,
                               b->source, b->ignore_missing,
                               b->read_only ? "BindReadOnlyPaths=" : "BindPaths=", b->origin, &op);
                if (r < 0)
                        return r;
                op->read_only = b->read_only;
        }

        for (size_t i = 0; i < e->temporary_filesystems.n; i++) {
                const TemporaryFileSystem *t = &e->temporary_filesystems.items[i];
                MountOp *op;

                r = mounts_add(m, MOUNT_TMPFS, t->path, NULL, false,
                               "TemporaryFileSystem=", t->origin, &op);
                if (r < 0)
                        return r;
                r = tmpfs_options_parse(t->options, &op->flags, &op->read_only, &op->options);
                if (r < 0)
                        return r;
        }

        return 0;
}

/* PrivateTmp=, PrivateDevices=. */
static int plan_add_private(PlanMounts *m, const ExecSettings *e)
{
        int r = 0;

        if (e->private_tmp != PRIVATE_TMP_NO) {
                /* A fresh tmpfs instead of systemd's host-backed directory: nothing to clean up
                 * on the host, nothing left after SIGKILL. */
                for (size_t i = 0; i < 2; i++) {
                        MountOp *op;
                        /* "disconnected" (v257) is the same here: cordon's private /tmp is
                         * never backed by the host. */
                        r = mounts_add(m, MOUNT_PRIVATE_TMP, i == 0 ? "/tmp" : "/var/tmp", NULL,
                                       false,
                                       e->private_tmp == PRIVATE_TMP_DISCONNECTED
                                               ? "PrivateTmp=disconnected"
                                               : "PrivateTmp=yes",
                                       e->private_tmp_origin, &op);
                        if (r < 0)
                                return r;
                        op->options = strdup("mode=1777");
                        if (!op->options)
                                return -ENOMEM;
                        op->flags = MS_NOSUID | MS_NODEV | MS_STRICTATIME;
                }
        }

        if (e->private_devices.value) {
                MountOp *op;
                r = mounts_add(m, MOUNT_PRIVATE_DEV, "/dev", NULL, false, "PrivateDevices=yes",
                               e->private_devices.origin, &op);
                if (r < 0)
                        return r;
                op->flags = MS_NOSUID | MS_NOEXEC | MS_STRICTATIME;
                op->read_only = true; /* /dev itself, not its submounts (as systemd) */
        }

        return 0;
}

/* The Protect*= tables (namespace.c), ProtectHostname='s files. */
static int plan_add_protect(PlanMounts *m, const ExecSettings *e)
{
        int r = 0;

        if (e->protect_kernel_tunables.value) {
                r = mounts_add_static(
                        m, protect_kernel_tunables_table, ELEMENTSOF(protect_kernel_tunables_table),
                        "ProtectKernelTunables=yes", e->protect_kernel_tunables.origin);
                if (r < 0)
                        return r;
        }
        if (e->protect_kernel_modules.value) {
                r = mounts_add_static(m, protect_kernel_modules_table,
                                      ELEMENTSOF(protect_kernel_modules_table),
                                      "ProtectKernelModules=yes", e->protect_kernel_modules.origin);
                if (r < 0)
                        return r;
        }
        if (e->protect_kernel_logs.value) {
                r = mounts_add_static(m, protect_kernel_logs_table,
                                      ELEMENTSOF(protect_kernel_logs_table),
                                      "ProtectKernelLogs=yes", e->protect_kernel_logs.origin);
                if (r < 0)
                        return r;
        }
        if (e->protect_control_groups == PROTECT_CONTROL_GROUPS_YES) {
                r = mounts_add(m, MOUNT_READ_ONLY, "/sys/fs/cgroup", NULL, false,
                               "ProtectControlGroups=yes", e->protect_control_groups_origin, NULL);
                if (r < 0)
                        return r;
        } else if (e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO) {
                /* systemd 257: a cgroup2 instance of the service's cgroup namespace (its root is
                 * the run's own cgroup, cgroup-plan.c), writable for private, read-only for
                 * strict. */
                bool strict = e->protect_control_groups == PROTECT_CONTROL_GROUPS_STRICT;
                MountOp *op;
                r = mounts_add(m, MOUNT_CGROUP2, "/sys/fs/cgroup", NULL, false,
                               strict ? "ProtectControlGroups=strict"
                                      : "ProtectControlGroups=private",
                               e->protect_control_groups_origin, &op);
                if (r < 0)
                        return r;
                op->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
                op->read_only = strict;
        }

        switch (e->protect_home) {
        case PROTECT_HOME_YES:
                r = mounts_add_static(m, protect_home_yes_table, ELEMENTSOF(protect_home_yes_table),
                                      "ProtectHome=yes", e->protect_home_origin);
                break;
        case PROTECT_HOME_READ_ONLY:
                r = mounts_add_static(m, protect_home_read_only_table,
                                      ELEMENTSOF(protect_home_read_only_table),
                                      "ProtectHome=read-only", e->protect_home_origin);
                break;
        case PROTECT_HOME_TMPFS:
                r = mounts_add_static(m, protect_home_tmpfs_table,
                                      ELEMENTSOF(protect_home_tmpfs_table), "ProtectHome=tmpfs",
                                      e->protect_home_origin);
                break;
        case PROTECT_HOME_NO:
        case _PROTECT_HOME_MAX:
        case _PROTECT_HOME_INVALID:
                break;
        }
        if (r < 0)
                return r;

        switch (e->protect_system) {
        case PROTECT_SYSTEM_YES:
                r = mounts_add_static(m, protect_system_yes_table,
                                      ELEMENTSOF(protect_system_yes_table), "ProtectSystem=yes",
                                      e->protect_system_origin);
                break;
        case PROTECT_SYSTEM_FULL:
                r = mounts_add_static(m, protect_system_full_table,
                                      ELEMENTSOF(protect_system_full_table), "ProtectSystem=full",
                                      e->protect_system_origin);
                break;
        case PROTECT_SYSTEM_STRICT:
                r = mounts_add_static(m, protect_system_strict_table,
                                      ELEMENTSOF(protect_system_strict_table),
                                      "ProtectSystem=strict", e->protect_system_origin);
                break;
        case PROTECT_SYSTEM_NO:
        case _PROTECT_SYSTEM_MAX:
        case _PROTECT_SYSTEM_INVALID:
                break;
        }
        if (r < 0)
                return r;

        /* ProtectHostname=private lets the service change its (private) name. */
        if (e->protect_hostname == PROTECT_HOSTNAME_YES) {
                static const StaticMount t[] = {
                        {"/proc/sys/kernel/hostname", MOUNT_READ_ONLY, false},
                        {"/proc/sys/kernel/domainname", MOUNT_READ_ONLY, false},
                };
                r = mounts_add_static(m, t, ELEMENTSOF(t), "ProtectHostname=yes",
                                      e->protect_hostname_origin);
                if (r < 0)
                        return r;
        }

        return 0;
}

/* ProtectProc=/ProcSubset=, RootDirectory= with MountAPIVFS=, PrivateIPC=. */
static int plan_add_proc_root_ipc(PlanMounts *m, const ExecSettings *e)
{
        int r = 0;

        if (e->protect_proc != PROTECT_PROC_DEFAULT || e->proc_subset != PROC_SUBSET_ALL) {
                /* systemd falls back to the host's /proc when the mount fails (escapes.md F11);
                 * cordon fails instead. */
                MountOp *op;
                bool subset = e->proc_subset == PROC_SUBSET_PID;
                const char *hidepid = e->protect_proc == PROTECT_PROC_DEFAULT
                                              ? "off"
                                              : protect_proc_to_string(e->protect_proc);
                r = mounts_add(m, MOUNT_PROCFS, "/proc", NULL, false,
                               e->protect_proc != PROTECT_PROC_DEFAULT ? "ProtectProc="
                                                                       : "ProcSubset=",
                               e->protect_proc != PROTECT_PROC_DEFAULT ? e->protect_proc_origin
                                                                       : e->proc_subset_origin,
                               &op);
                if (r < 0)
                        return r;
                op->options = strjoin_real("hidepid=", hidepid, subset ? ",subset=pid" : "", NULL);
                if (!op->options)
                        return -ENOMEM;
                op->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
                /* With subset=pid the protected /proc files simply do not exist. */
                if (subset)
                        for (size_t i = 0; i < m->n; i++) {
                                const char *rest = path_startswith(m->ops[i].path, "/proc");
                                if (rest && *rest)
                                        m->ops[i].ignore_missing = true;
                        }
        }

        if (m->root) {
                /* The root itself, and the API file systems (MountAPIVFS=, implied by a root
                 * directory and by the Protect* settings that need them). /proc, /sys and /dev
                 * are the host's (bound), /run is empty. */
                bool apivfs = e->mount_apivfs.set ? e->mount_apivfs.value : true;
                static const StaticMount apivfs_table[] = {
                        {"/proc", MOUNT_PROCFS, false},
                        {"/dev", MOUNT_BIND_DEV, false},
                        {"/sys", MOUNT_SYSFS, false},
                        {"/run", MOUNT_RUN, false, "mode=0755",
                         MS_NOSUID | MS_NODEV | MS_STRICTATIME},
                };
                apivfs = apivfs || e->protect_kernel_tunables.value ||
                         e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO ||
                         e->protect_proc != PROTECT_PROC_DEFAULT ||
                         e->proc_subset != PROC_SUBSET_ALL;
                if (apivfs) {
                        size_t first = m->n;
                        r = mounts_add_static(m, apivfs_table, ELEMENTSOF(apivfs_table),
                                              "MountAPIVFS=", e->mount_apivfs.origin);
                        if (r < 0)
                                return r;
                        for (size_t i = first; i < m->n; i++) {
                                const char *src = m->ops[i].kind == MOUNT_PROCFS     ? "/proc"
                                                  : m->ops[i].kind == MOUNT_SYSFS    ? "/sys"
                                                  : m->ops[i].kind == MOUNT_BIND_DEV ? "/dev"
                                                                                     : NULL;
                                if (src && !(m->ops[i].source = strdup(src)))
                                        return -ENOMEM;
                        }
                }
                const char *prefix = m->prefix;
                m->prefix = NULL;
                r = mounts_add(m, MOUNT_ROOT, m->root, NULL, false,
                               m->root_directive ? m->root_directive : "RootDirectory=",
                               m->root_origin, NULL);
                m->prefix = prefix;
                if (r < 0)
                        return r;
        }

        if (e->private_ipc.value || e->ipc_namespace_path.value) {
                /* A joined IPC namespace gets its own mqueue instance too (as systemd). */
                MountOp *op;
                bool joined = e->ipc_namespace_path.value;
                r = mounts_add(m, MOUNT_MQUEUEFS, "/dev/mqueue", NULL, false,
                               joined ? "IPCNamespacePath=" : "PrivateIPC=yes",
                               joined ? e->ipc_namespace_path.origin : e->private_ipc.origin, &op);
                if (r < 0)
                        return r;
                op->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RELATIME;
        }
        return 0;
}

/* RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory= stay writable below a
 * read-only tree (systemd adds them to the read-write paths; ConfigurationDirectory= is not).
 * With DynamicUser= the data lives in PREFIX/private/NAME (exec-dirs.c, as systemd): an empty
 * read-only tmpfs covers PREFIX/private so other services' directories stay invisible, and each
 * private directory is bound back onto itself, writable. */
static int plan_add_exec_dirs(PlanMounts *m, const ExecSettings *e, const char *const *user_prefix)
{
        static const char *const prefixes[_EXEC_DIRECTORY_TYPE_MAX] = {
                [EXEC_DIRECTORY_RUNTIME] = "/run",       [EXEC_DIRECTORY_STATE] = "/var/lib",
                [EXEC_DIRECTORY_CACHE] = "/var/cache",   [EXEC_DIRECTORY_LOGS] = "/var/log",
                [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
        };
        static const char *const directives[_EXEC_DIRECTORY_TYPE_MAX] = {
                [EXEC_DIRECTORY_RUNTIME] = "RuntimeDirectory=",
                [EXEC_DIRECTORY_STATE] = "StateDirectory=",
                [EXEC_DIRECTORY_CACHE] = "CacheDirectory=",
                [EXEC_DIRECTORY_LOGS] = "LogsDirectory=",
                [EXEC_DIRECTORY_CONFIGURATION] = "ConfigurationDirectory=",
        };
        int r;

        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const ExecDirectory *d = &e->directories[t];
                bool private = e->dynamic_user.value && !user_prefix && /* rootless: plain */
                               (t != EXEC_DIRECTORY_RUNTIME ||
                                e->runtime_directory_preserve != EXEC_PRESERVE_NO);
                if (t == EXEC_DIRECTORY_CONFIGURATION || d->n == 0)
                        continue;
                /* rootless: the user manager's prefix (exec-dirs.h); a missing one is refused
                 * by plan-check.c */
                const char *base = user_prefix ? user_prefix[t] : prefixes[t];
                if (!base)
                        continue;
                /* systemd 252 compile_bind_mounts(): with RootDirectory=/RootImage= the host's
                 * directories are bound into the root (private ones onto the non-private place),
                 * and no tmpfs covers PREFIX/private there. (C: RootImage=) */
                if (private && !m->prefix) {
                        _cleanup_free_ char *priv = path_join(base, "private");
                        MountOp *op;
                        if (!priv)
                                return -ENOMEM;
                        r = mounts_add(m, MOUNT_TMPFS, priv, NULL, false, directives[t],
                                       d->items[0].origin, &op);
                        if (r < 0)
                                return r;
                        op->options = strdup("mode=0755,size=4m,nr_inodes=4k");
                        if (!op->options)
                                return -ENOMEM;
                        op->flags = MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_STRICTATIME;
                        op->read_only = true;
                }
                for (size_t i = 0; i < d->n; i++) {
                        _cleanup_free_ char *rel = private ? path_join("private", d->items[i].path)
                                                           : strdup(d->items[i].path);
                        _cleanup_free_ char *path = rel ? path_join(base, rel) : NULL;
                        _cleanup_free_ char *src = NULL;
                        if (!path)
                                return -ENOMEM;
                        bool bind = private || m->prefix;
                        if (bind) {
                                /* The bind source is the host's directory. */
                                src = strdup(path);
                                if (!src)
                                        return -ENOMEM;
                        }
                        if (private && m->prefix) {
                                free(path);
                                path = path_join(base, d->items[i].path);
                                if (!path)
                                        return -ENOMEM;
                        }
                        r = mounts_add(m, bind ? MOUNT_RBIND : MOUNT_READ_WRITE, path, src, false,
                                       directives[t], d->items[i].origin, NULL);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* The service sees its own credential store and no other (systemd 252 namespace.c): an empty
 * read-only tmpfs on /run/credentials, the store (a host path) bound back read-only on top; a
 * service without credentials gets /run/credentials made inaccessible (if it exists). Only
 * in a mount namespace the unit needs anyway, as systemd; it also keeps the store visible under
 * TemporaryFileSystem=/run and the like. */
static int plan_add_credentials(PlanMounts *m, const Unit *u, const PlanOptions *o)
{
        const char *run = o->rootless && o->dir_prefix && o->dir_prefix[EXEC_DIRECTORY_RUNTIME]
                                  ? o->dir_prefix[EXEC_DIRECTORY_RUNTIME]
                                  : "/run";
        const CredentialSettings *c = &u->exec.credentials;
        Origin origin = c->n_load > 0       ? c->load[0].origin
                        : c->n_set > 0      ? c->set[0].origin
                        : c->import.origins ? c->import.origins[0]
                                            : (Origin){.implied_by = -1};
        _cleanup_free_ char *store = NULL;
        MountOp *op;
        int r;

        if (!credentials_needed(u))
                /* No store of its own: the other services' stores are hidden wholesale. */
                return mounts_add(m, MOUNT_INACCESSIBLE, "/run/credentials", NULL, true,
                                  "other services' credentials hidden (as systemd)", origin, &op);
        if (asprintf(&store, "%s/credentials/%s", run, u->id) < 0)
                return -ENOMEM;
        r = mounts_add(m, MOUNT_TMPFS, "/run/credentials", NULL, false, "LoadCredential=", origin,
                       &op);
        if (r < 0)
                return r;
        op->options = strdup("mode=0755,size=4m,nr_inodes=1k");
        if (!op->options)
                return -ENOMEM;
        op->flags = MS_NODEV | MS_STRICTATIME | MS_NOSUID | MS_NOEXEC;
        op->read_only = true;
        r = mounts_add(m, MOUNT_BIND, store, store, false, "LoadCredential=", origin, &op);
        if (r < 0)
                return r;
        op->read_only = true;
        return 0;
}

static int plan_add_mounts(PlanMounts *m, const ExecSettings *e, const PlanOptions *o)
{
        /* The order of appending does not matter (entries are sorted); the /proc step marks
         * the protected /proc entries added before it. */
        int r = plan_add_listed(m, e);
        if (r >= 0)
                r = plan_add_private(m, e);
        if (r >= 0)
                r = plan_add_protect(m, e);
        if (r >= 0)
                r = plan_add_exec_dirs(m, e, o->rootless ? o->dir_prefix : NULL);
        if (r >= 0)
                r = plan_add_proc_root_ipc(m, e);
        return r;
}

/* ---------------------------------------------------------------- normalisation */

int plan_path_compare(const char *a, const char *b)
{
        for (;;) {
                while (*a == '/')
                        a++;
                while (*b == '/')
                        b++;
                if (!*a || !*b)
                        return (*a != 0) - (*b != 0);
                size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
                int d = strncmp(a, b, MIN(la, lb));
                if (d != 0)
                        return d < 0 ? -1 : 1;
                if (la != lb)
                        return la < lb ? -1 : 1;
                a += la;
                b += lb;
        }
}

static int mount_op_compare(const void *x, const void *y)
{
        const MountOp *a = x, *b = y;
        int d = plan_path_compare(a->path, b->path);
        if (d != 0)
                return d;
        if (a->kind != b->kind)
                return (a->kind > b->kind) - (a->kind < b->kind);
        /* Same path and kind: a total order keeps the result deterministic (qsort is not
         * stable); entries with options (e.g. a hidepid= procfs) come first and win. */
        if (!a->options != !b->options)
                return a->options ? -1 : 1;
        d = strcmp(strempty(a->options), strempty(b->options));
        if (d != 0)
                return d;
        return strcmp(strempty(a->source), strempty(b->source));
}

/* True if path is below (or equal to, when or_equal) prefix, component-wise. */
static bool path_below(const char *path, const char *prefix, bool or_equal)
{
        const char *rest = path_startswith(path, prefix);
        if (!rest)
                return false;
        return or_equal || *rest != 0;
}

int sandbox_plan_normalize_mounts(PlanMounts *m)
{
        size_t t;

        if (m->n == 0)
                return 0;
        /* qsort is not stable; the comparator is total on (path, kind), and equal pairs are
         * merged below, so the result is deterministic. */
        qsort(m->ops, m->n, sizeof(MountOp), mount_op_compare);

        /* With a root directory, what lies outside it does not exist for the service. */
        if (m->root) {
                t = 0;
                for (size_t f = 0; f < m->n; f++) {
                        if (!path_below(m->ops[f].path, m->root, true)) {
                                mount_op_done(&m->ops[f]);
                                continue;
                        }
                        m->ops[t++] = m->ops[f];
                }
                m->n = t;
        }

        /* Duplicates: the first (most restrictive kind) wins and inherits the others' flags. */
        t = 0;
        for (size_t f = 0; f < m->n; f++) {
                MountOp *prev = t > 0 ? &m->ops[t - 1] : NULL;
                if (prev && path_equal(prev->path, m->ops[f].path)) {
                        prev->read_only = prev->read_only || m->ops[f].read_only;
                        prev->noexec = prev->noexec || m->ops[f].noexec;
                        prev->exec = prev->exec || m->ops[f].exec;
                        /* Only ignore a missing path if every entry for it says so. */
                        prev->ignore_missing = prev->ignore_missing && m->ops[f].ignore_missing;
                        mount_op_done(&m->ops[f]);
                        continue;
                }
                m->ops[t++] = m->ops[f];
        }
        m->n = t;

        /* Everything below an inaccessible path is masked by it. */
        t = 0;
        const char *clear = NULL;
        for (size_t f = 0; f < m->n; f++) {
                if (clear && path_below(m->ops[f].path, clear, false)) {
                        mount_op_done(&m->ops[f]);
                        continue;
                }
                m->ops[t] = m->ops[f];
                clear = m->ops[t].kind == MOUNT_INACCESSIBLE ? m->ops[t].path : NULL;
                t++;
        }
        m->n = t;

        /* Read-only/read-write entries whose nearest parent entry has the same kind change
         * nothing. */
        t = 0;
        for (size_t f = 0; f < m->n; f++) {
                MountOp *cur = &m->ops[f];
                if (IN_SET3(cur->kind, MOUNT_READ_ONLY, MOUNT_READ_WRITE,
                            MOUNT_READ_WRITE_IMPLICIT)) {
                        const MountOp *parent = NULL;
                        for (size_t p = t; p > 0; p--)
                                if (path_below(cur->path, m->ops[p - 1].path, false)) {
                                        parent = &m->ops[p - 1];
                                        break;
                                }
                        if (parent && parent->kind == cur->kind &&
                            parent->read_only == cur->read_only && !cur->noexec && !cur->exec) {
                                mount_op_done(cur);
                                continue;
                        }
                }
                m->ops[t++] = *cur;
        }
        m->n = t;

        /* A subtree that is not itself read-only but sits below a read-only entry keeps its
         * flags through a snapshot taken before the read-only pass (systemd's "deny list"). */
        for (size_t i = 0; i < m->n; i++) {
                MountOp *cur = &m->ops[i];
                cur->restack = false;
                if (cur->read_only && cur->kind != MOUNT_PRIVATE_DEV)
                        continue;
                for (size_t p = 0; p < i; p++)
                        if (m->ops[p].read_only && path_below(cur->path, m->ops[p].path, false)) {
                                cur->restack = true;
                                break;
                        }
        }
        /* Read-write entries without a read-only parent do nothing at all: drop them. */
        t = 0;
        for (size_t f = 0; f < m->n; f++) {
                MountOp *cur = &m->ops[f];
                if (IN_SET2(cur->kind, MOUNT_READ_WRITE, MOUNT_READ_WRITE_IMPLICIT) &&
                    !cur->restack && !cur->read_only && !cur->noexec && !cur->exec) {
                        mount_op_done(cur);
                        continue;
                }
                m->ops[t++] = *cur;
        }
        m->n = t;

        m->needs_inaccessible = false;
        for (size_t i = 0; i < m->n; i++)
                if (m->ops[i].kind == MOUNT_INACCESSIBLE)
                        m->needs_inaccessible = true;
        return 0;
}

/* ---------------------------------------------------------------- commands, environment */

/* Words of SuccessExitStatus= & co. (already checked by the parser): numbers are exit codes,
 * the rest signal names with or without "SIG". Exit status names are not known here. */
static void plan_status_set(PlanStatusSet *set, char **words)
{
        STRV_FOREACH (w, words) {
                char *end;
                unsigned long v = strtoul(*w, &end, 10);
                if (**w && !*end) {
                        if (v < 256)
                                set->codes[v / 8] |= (uint8_t) (1u << (v % 8));
                        continue;
                }
                const char *name = startswith(*w, "SIG") ? *w + 3 : *w;
                for (int sig = 1; sig < 64; sig++) {
                        const char *abbrev = sigabbrev_np(sig);
                        if (abbrev && streq(abbrev, name))
                                set->signals |= UINT64_C(1) << sig;
                }
        }
}

static int plan_add_commands(SandboxPlan *p, const Unit *u, const PlanOptions *o, DiagList *diags)
{
        static const ExecCommandType order[] = {
                SERVICE_EXEC_CONDITION,  SERVICE_EXEC_START_PRE, SERVICE_EXEC_START,
                SERVICE_EXEC_START_POST, SERVICE_EXEC_RELOAD,    SERVICE_EXEC_STOP,
                SERVICE_EXEC_STOP_POST,
        };
        bool extra_done = false;

        for (size_t k = 0; k < ELEMENTSOF(order); k++) {
                const ExecCommandList *l = &u->service.exec[order[k]];
                for (size_t i = 0; i < l->n; i++) {
                        const ExecCommand *c = &l->items[i];
                        PlanCommand *n =
                                realloc(p->commands, (p->n_commands + 1) * sizeof(PlanCommand));
                        if (!n)
                                return -ENOMEM;
                        p->commands = n;
                        PlanCommand *pc = &p->commands[p->n_commands++];
                        *pc = (PlanCommand){
                                .type = order[k], .flags = c->flags, .origin = c->origin};
                        pc->path = strdup(c->path ? c->path : "");
                        pc->argv = strv_copy(c->argv);
                        if (!pc->path || !pc->argv)
                                return -ENOMEM;
                        /* Extra ARGS go to the main command: the first ExecStart=. */
                        if (order[k] == SERVICE_EXEC_START && !extra_done) {
                                extra_done = true;
                                if (strv_extend_strv(&pc->argv, o->extra_args) < 0)
                                        return -ENOMEM;
                        }
                        if (c->flags & EXEC_COMMAND_VIA_SHELL)
                                return diag_add(diags, c->origin.file, c->origin.line, 0,
                                                "run-unsupported", DIAG_ERROR, NULL,
                                                "'|' command prefix is not supported") < 0
                                               ? -ENOMEM
                                               : -EOPNOTSUPP;
                }
        }
        if (u->service.exec[SERVICE_EXEC_START].n == 0) {
                int r = diag_add(diags, plan_first_unit_file(u), 0, 0, "run-no-exec-start",
                                 DIAG_ERROR, NULL,
                                 "Service has no ExecStart= setting, refusing to run.");
                return r < 0 ? r : -EINVAL;
        }
        if (u->service.exec[SERVICE_EXEC_START].n > 1 && u->service.type != SERVICE_ONESHOT) {
                int r = diag_add(diags, plan_first_unit_file(u), 0, 0, "run-multiple-exec-start",
                                 DIAG_ERROR, NULL,
                                 "Service has more than one ExecStart= setting, which is only "
                                 "allowed for Type=oneshot services, refusing.");
                return r < 0 ? r : -EINVAL;
        }
        return 0;
}

static int plan_add_environment(SandboxPlan *p, const PlanOptions *o)
{
        /* systemd's default PATH for system services (no /usr/local/sbin split). */
        if (strv_extend(&p->environment, "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin") <
            0)
                return -ENOMEM;
        if (o->lang) {
                _cleanup_free_ char *s = strjoin_real("LANG=", o->lang, NULL);
                if (!s || strv_extend(&p->environment, s) < 0)
                        return -ENOMEM;
        }
        for (char **a = o->setenv; a && *a; a++) {
                const char *eq = strchr(*a, '=');
                if (!eq || eq == *a || strcspn(*a, "\n") != strlen(*a))
                        return -EINVAL;
                if (strv_extend(&p->environment, *a) < 0)
                        return -ENOMEM;
        }
        return 0;
}

/* ---------------------------------------------------------------- the plan */

static bool plan_needs_mount_ns(const ExecSettings *e, const PlanMounts *m)
{
        return m->n > 0 || e->private_mounts.value ||
               e->mount_propagation != MOUNT_PROPAGATION_DEFAULT || e->private_pids.value;
}

/* A namespace file to join: absolute and normalised (no "..", bounded); a diagnostic if not. */
static int plan_ns_path(const StringSetting *s, const char *directive, char **ret, DiagList *diags)
{
        int r = plan_path_normalize(s->value, ret);
        if (r == -EINVAL) {
                int q = diag_add(diags, s->origin.file, s->origin.line, 0, "run-invalid-path",
                                 DIAG_ERROR, NULL, "%s is not an absolute, normalised path.",
                                 directive);
                return q < 0 ? q : -EINVAL;
        }
        return r;
}

/* The namespaces to create or join (systemd 252's exec_child(); PrivatePIDs= and
 * ProtectHostname=private from v257/v258). */
static int plan_namespaces(SandboxPlan *p, const Unit *u, const PlanOptions *o, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        int r;

        if (p->mounts.private_mounts)
                p->ns.unshare_flags |= CLONE_NEWNS;
        if (e->network_namespace_path.value) {
                /* Joined instead of created: PrivateNetwork= then has no effect (systemd.exec). */
                r = plan_ns_path(&e->network_namespace_path,
                                 "NetworkNamespacePath=", &p->ns.network_path, diags);
                if (r < 0)
                        return r;
                p->ns.network_origin = e->network_namespace_path.origin;
        } else if (e->private_network.value) {
                p->ns.unshare_flags |= CLONE_NEWNET;
                p->ns.loopback_up = true;
                p->ns.network_origin = e->private_network.origin;
        }
        if (e->ipc_namespace_path.value) {
                r = plan_ns_path(&e->ipc_namespace_path, "IPCNamespacePath=", &p->ns.ipc_path,
                                 diags);
                if (r < 0)
                        return r;
                p->ns.ipc_origin = e->ipc_namespace_path.origin;
        } else if (e->private_ipc.value) {
                p->ns.unshare_flags |= CLONE_NEWIPC;
                p->ns.ipc_origin = e->private_ipc.origin;
        }
        if (e->protect_control_groups == PROTECT_CONTROL_GROUPS_PRIVATE ||
            e->protect_control_groups == PROTECT_CONTROL_GROUPS_STRICT)
                p->ns.unshare_flags |= CLONE_NEWCGROUP;
        if (e->protect_hostname != PROTECT_HOSTNAME_NO) {
                p->ns.unshare_flags |= CLONE_NEWUTS;
                p->ns.uts_origin = e->protect_hostname_origin;
                p->ns.hostname_private = e->protect_hostname == PROTECT_HOSTNAME_PRIVATE;
                if (e->protect_hostname_name &&
                    !(p->ns.hostname = strdup(e->protect_hostname_name)))
                        return -ENOMEM;
        }
        if (e->private_pids.value) {
                p->ns.private_pids = true;
                p->ns.pids_origin = e->private_pids.origin;
        }
        if (o->rootless) {
                /* cordon's own user namespace owns the run's PID namespace (spawn); the service
                 * needs one for its sandbox when it has namespaces or a bounding set. */
                p->ns.user_ns = true;
                p->ns.uid = o->uid;
                p->ns.gid = o->gid;
                if (p->ns.unshare_flags != 0 || e->capability_bounding_set != CAP_MASK_ALL ||
                    e->private_users == PRIVATE_USERS_SELF)
                        p->ns.unshare_flags |= CLONE_NEWUSER;
        } else if (e->private_users == PRIVATE_USERS_SELF) {
                /* As root: map root to itself, nothing else (systemd also maps the User=, which
                 * is part 2). The service keeps uid 0 but no capability outside. */
                p->ns.user_ns = true;
                p->ns.unshare_flags |= CLONE_NEWUSER;
                p->ns.uid = 0;
                p->ns.gid = 0;
                p->ns.private_users = true;
                p->ns.users_origin = e->private_users_origin;
        }
        return 0;
}

int sandbox_plan_from_unit(const Unit *u, const PlanOptions *o, SandboxPlan **ret, DiagList *diags)
{
        _cleanup_sandbox_plan_free_ SandboxPlan *p = NULL;
        const ExecSettings *e = &u->exec;
        int r, unsupported;

        unsupported = plan_check_unsupported(u, o, diags);
        if (unsupported < 0 && unsupported != -EOPNOTSUPP)
                return unsupported;

        p = calloc(1, sizeof(SandboxPlan));
        if (!p)
                return -ENOMEM;
        p->unit_id = strdup(u->id ? u->id : "unit.service");
        if (!p->unit_id)
                return -ENOMEM;
        p->type = u->service.type;
        p->ignore_sigpipe = e->ignore_sigpipe.value;
        if (u->service.pid_file.value && !(p->pid_file = strdup(u->service.pid_file.value)))
                return -ENOMEM;
        p->notify_access = u->service.notify_access;
        p->timeout_start_usec = u->service.timeout_start_usec;
        p->kill_mode = u->kill.kill_mode;
        p->kill_signal = (int) u->kill.kill_signal.value;
        p->final_kill_signal = (int) u->kill.final_kill_signal.value;
        p->send_sighup = u->kill.send_sighup.value;
        p->send_sigkill = u->kill.send_sigkill.value;
        p->timeout_stop_usec = u->service.timeout_stop_usec;
        p->runtime_max_usec = u->service.runtime_max_usec;
        p->restart = u->service.restart;
        p->restart_usec = u->service.restart_usec;
        p->start_limit_interval_usec = u->unit.start_limit_interval_usec;
        p->start_limit_burst = u->unit.start_limit_burst;
        plan_status_set(&p->success_status, u->service.success_exit_status.strv);
        plan_status_set(&p->prevent_status, u->service.restart_prevent_exit_status.strv);
        plan_status_set(&p->force_status, u->service.restart_force_exit_status.strv);
        service_plan_lifecycle(p, u); /* F: exit status names, watchdog, abort/timeout modes */

        if (e->root_directory.value && !path_equal(e->root_directory.value, "/")) {
                r = plan_path_normalize(e->root_directory.value, &p->mounts.root);
                if (r == -EINVAL) {
                        int q = diag_add(diags, e->root_directory.origin.file,
                                         e->root_directory.origin.line, 0, "run-invalid-path",
                                         DIAG_ERROR, NULL,
                                         "RootDirectory= is not an absolute, normalised path.");
                        return q < 0 ? q : -EINVAL;
                }
                if (r < 0)
                        return r;
                p->mounts.root_origin = e->root_directory.origin;
                p->mounts.prefix = p->mounts.root;
        }
        /* RootImage= (image-plan.c): mounted on RootDirectory= if set, as systemd 252 does. */
        r = plan_root_image(u, o, &p->image, diags);
        if (r == -EOPNOTSUPP)
                unsupported = r;
        else if (r < 0)
                return r;
        if (p->image.path && !p->mounts.root) {
                p->mounts.root = strdup(PLAN_IMAGE_ROOT);
                if (!p->mounts.root)
                        return -ENOMEM;
                p->mounts.root_origin = p->image.origin;
                p->mounts.root_directive = "RootImage=";
                p->mounts.prefix = p->mounts.root;
        }
        r = plan_add_mounts(&p->mounts, e, o);
        if (r >= 0 && plan_needs_mount_ns(e, &p->mounts))
                r = plan_add_credentials(&p->mounts, u, o);
        p->mounts.prefix = NULL;
        if (r == -EINVAL || r == -E2BIG) {
                int q = diag_add(diags, plan_first_unit_file(u), 0, 0, "run-invalid-path",
                                 DIAG_ERROR, NULL,
                                 "A path in a sandboxing directive is not absolute and normalised "
                                 "(or too many entries), refusing.");
                return q < 0 ? q : -EINVAL;
        }
        if (r < 0)
                return r;
        r = sandbox_plan_normalize_mounts(&p->mounts);
        if (r < 0)
                return r;
        p->mounts.propagation = e->mount_propagation;
        p->mounts.propagation_origin = e->mount_propagation_origin;
        p->mounts.private_mounts = plan_needs_mount_ns(e, &p->mounts);

        r = plan_namespaces(p, u, o, diags);
        if (r < 0)
                return r;

        if (e->working_directory.value) {
                if (streq(e->working_directory.value, "~")) {
                        /* Home of the service user: root's without User=. */
                        p->workdir.path = strdup("/root");
                } else
                        p->workdir.path = strdup(e->working_directory.value);
                if (!p->workdir.path)
                        return -ENOMEM;
                if (!path_is_absolute(p->workdir.path)) {
                        r = diag_add(diags, e->working_directory.origin.file,
                                     e->working_directory.origin.line, 0, "run-invalid-path",
                                     DIAG_ERROR, NULL, "WorkingDirectory= is not absolute.");
                        return r < 0 ? r : -EINVAL;
                }
                p->workdir.missing_ok = e->working_directory_missing_ok;
                p->workdir.origin = e->working_directory.origin;
        }

        /* MemoryMax=, TasksMax=, DeviceAllow=, IPAddressDeny=, …: refused there when the host
         * (or rootless mode) has no cgroup cordon may use. */
        r = cgroup_plan_for_run(u, o->cgroup_layout, o->rootless, o->uid, o->lenient, &p->cgroup,
                                diags);
        if (r == -EOPNOTSUPP)
                unsupported = r;
        else if (r < 0)
                return r;

        r = plan_add_commands(p, u, o, diags);
        if (r < 0)
                return r;
        r = plan_add_environment(p, o);
        if (r < 0)
                return r;

        if (unsupported < 0)
                return unsupported;
        *ret = TAKE_PTR(p);
        return 0;
}
