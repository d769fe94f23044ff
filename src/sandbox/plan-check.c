/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure: which settings of the model cordon run part 1 cannot honour in the current mode. Each
 * is an error with the directive's file:line, or a "weakened" warning with --lenient. */
#include <string.h>

#include "parse-util.h"
#include "plan-internal.h"
#include "plan.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"

/* ---------------------------------------------------------------- what part 1 cannot honour */

/* True when the service will hold no capability in the initial user namespace: rootless (our
 * user namespace maps only the caller), or PrivateUsers=yes as root (root mapped to itself,
 * capabilities only inside the new namespace). The capability halves of several directives then
 * hold by construction. */
static bool no_host_caps(const Unit *u, const PlanOptions *o)
{
        return o->rootless || u->exec.private_users == PRIVATE_USERS_SELF;
}

typedef struct Unsupported {
        const char *directive;
        const char *why;
        /* Returns true (and the origin) when the unit uses the directive in a way we cannot
         * honour in this mode. */
        bool (*check)(const Unit *u, const PlanOptions *o, Origin *ret);
        bool part2; /* honoured when run part 2 is attached (PlanOptions.part2) */
} Unsupported;

#define CHECK_FN(name, cond, origin_expr)                                                          \
        static bool name(const Unit *u, const PlanOptions *o, Origin *ret)                         \
        {                                                                                          \
                const ExecSettings *e = &u->exec;                                                  \
                (void) e;                                                                          \
                (void) o;                                                                          \
                if (!(cond))                                                                       \
                        return false;                                                              \
                *ret = (origin_expr);                                                              \
                return true;                                                                       \
        }

static bool rlimits_set(const ExecSettings *e, Origin *ret)
{
        for (size_t i = 0; i < RLIMIT_COUNT; i++)
                if (e->rlimits[i].set) {
                        *ret = e->rlimits[i].origin;
                        return true;
                }
        return false;
}

static bool directories_set(const ExecSettings *e, Origin *ret)
{
        for (size_t i = 0; i < _EXEC_DIRECTORY_TYPE_MAX; i++)
                if (e->directories[i].n > 0) {
                        *ret = e->directories[i].items[0].origin;
                        return true;
                }
        return false;
}

static bool argv_needs_expansion(const Unit *u, Origin *ret)
{
        for (size_t t = 0; t < _SERVICE_EXEC_COMMAND_MAX; t++)
                for (size_t i = 0; i < u->service.exec[t].n; i++) {
                        const ExecCommand *c = &u->service.exec[t].items[i];
                        if (c->flags & EXEC_COMMAND_NO_ENV_EXPAND)
                                continue;
                        for (char **a = c->argv; a && *a; a++)
                                if (strchr(*a, '$')) {
                                        *ret = c->origin;
                                        return true;
                                }
                }
        return false;
}

const char *plan_first_unit_file(const Unit *u)
{
        return u->fragment_path ? u->fragment_path : (u->files ? u->files[0] : NULL);
}

CHECK_FN(chk_user, e->user.value || e->group.value,
         e->user.value ? e->user.origin : e->group.origin)
CHECK_FN(chk_dynamic_user, e->dynamic_user.value, e->dynamic_user.origin)
CHECK_FN(chk_supp_groups, e->supplementary_groups.strv && e->supplementary_groups.strv[0],
         e->supplementary_groups.origins[0])
CHECK_FN(chk_pam, e->pam_name.value, e->pam_name.origin)
CHECK_FN(chk_dirs, directories_set(e, ret), *ret)
/* Rootless, the directories live below the user manager's prefixes (exec-dirs.h); refused only
 * when one in use is unknown (RuntimeDirectory= without $XDG_RUNTIME_DIR, no home). */
static bool directories_unplaceable(const ExecSettings *e, const PlanOptions *o, Origin *ret)
{
        for (size_t i = 0; i < _EXEC_DIRECTORY_TYPE_MAX; i++)
                if (e->directories[i].n > 0 && (!o->dir_prefix || !o->dir_prefix[i])) {
                        *ret = e->directories[i].items[0].origin;
                        return true;
                }
        return false;
}
CHECK_FN(chk_dirs_rootless, o->rootless &&directories_unplaceable(e, o, ret), *ret)
/* PrivateUsers=yes is honoured (a user namespace mapping only root, or only the caller when
 * rootless); the v257+ modes are not. */
CHECK_FN(chk_private_users,
         e->private_users != PRIVATE_USERS_NO && e->private_users != PRIVATE_USERS_SELF,
         e->private_users_origin)
/* The forking parent would be PID 1: its exit takes the daemon with it. */
CHECK_FN(chk_private_pids_forking, e->private_pids.value && u->service.type == SERVICE_FORKING,
         e->private_pids.origin)
/* A new procfs instance needs privilege over the PID namespace's owner: as root and rootless
 * cordon owns it; PrivateUsers= as root leaves it with the initial user namespace, so the /proc
 * is mounted before the service's user namespace exists (apply.c), which works for the run's
 * /proc itself but not for one inside a RootDirectory= or RootImage=. */
static bool proc_below_root_private_users(const Unit *u, const PlanOptions *o)
{
        const ExecSettings *e = &u->exec;
        return !o->rootless && e->private_users == PRIVATE_USERS_SELF &&
               ((e->root_directory.value && strcmp(e->root_directory.value, "/") != 0) ||
                e->root_image.value);
}
CHECK_FN(chk_protect_proc,
         e->protect_proc != PROTECT_PROC_DEFAULT && proc_below_root_private_users(u, o),
         e->protect_proc_origin)
CHECK_FN(chk_proc_subset, e->proc_subset != PROC_SUBSET_ALL && proc_below_root_private_users(u, o),
         e->proc_subset_origin)
CHECK_FN(chk_protect_clock, e->protect_clock.value, e->protect_clock.origin)
/* setns() needs CAP_SYS_ADMIN over the namespace's owner and in the caller's namespace. */
CHECK_FN(chk_netns_path, e->network_namespace_path.value && o->rootless,
         e->network_namespace_path.origin)
CHECK_FN(chk_ipcns_path, e->ipc_namespace_path.value && o->rootless, e->ipc_namespace_path.origin)
/* Rootless, a user namespace without a mapped root makes setuid-root binaries and file
 * capabilities inert, so the service can hold no capability at all: any bounding set holds. */
CHECK_FN(chk_caps, e->capability_bounding_set != CAP_MASK_ALL && !no_host_caps(u, o),
         e->capability_bounding_set_origin)
CHECK_FN(chk_ambient, e->ambient_capabilities != 0, e->ambient_capabilities_origin)
CHECK_FN(chk_nnp, e->no_new_privileges.value, e->no_new_privileges.origin)
CHECK_FN(chk_securebits, e->secure_bits != 0, e->secure_bits_origin)
CHECK_FN(chk_suid, e->restrict_suid_sgid.value, e->restrict_suid_sgid.origin)
CHECK_FN(chk_lockpers, e->lock_personality.value, e->lock_personality.origin)
CHECK_FN(chk_mdwe, e->memory_deny_write_execute.value, e->memory_deny_write_execute.origin)
CHECK_FN(chk_realtime, e->restrict_realtime.value, e->restrict_realtime.origin)
CHECK_FN(chk_removeipc, e->remove_ipc.value, e->remove_ipc.origin)
CHECK_FN(chk_umask, e->umask != DEFAULT_UMASK, e->umask_origin)
CHECK_FN(chk_personality, e->personality.value, e->personality.origin)
CHECK_FN(chk_syscall_filter, e->syscall_filter.configured, e->syscall_filter.origin)
CHECK_FN(chk_syscall_log, e->syscall_log.configured, e->syscall_log.origin)
CHECK_FN(chk_syscall_archs, e->syscall_architectures.strv && e->syscall_architectures.strv[0],
         e->syscall_architectures.origins[0])
CHECK_FN(chk_afs, e->restrict_address_families.configured, e->restrict_address_families.origin)
CHECK_FN(chk_restrict_ns, e->restrict_namespaces_set, e->restrict_namespaces_origin)
CHECK_FN(chk_restrict_fs, e->restrict_filesystems.strv && e->restrict_filesystems.strv[0],
         e->restrict_filesystems.origins[0])
CHECK_FN(chk_rlimits, rlimits_set(e, ret), *ret)
CHECK_FN(chk_nice, e->nice.set, e->nice.origin)
CHECK_FN(chk_oom_adj, e->oom_score_adjust.set, e->oom_score_adjust.origin)
CHECK_FN(chk_sched, e->cpu_sched_policy.set || e->cpu_sched_priority.set,
         e->cpu_sched_policy.set ? e->cpu_sched_policy.origin : e->cpu_sched_priority.origin)
CHECK_FN(chk_io, e->io_sched_class.set || e->io_sched_priority.set,
         e->io_sched_class.set ? e->io_sched_class.origin : e->io_sched_priority.origin)
CHECK_FN(chk_affinity, e->cpu_affinity.value, e->cpu_affinity.origin)
CHECK_FN(chk_env, e->environment.strv && e->environment.strv[0], e->environment.origins[0])
CHECK_FN(chk_env_files, e->environment_files.n > 0, e->environment_files.items[0].origin)
CHECK_FN(chk_pass_env, e->pass_environment.strv && e->pass_environment.strv[0],
         e->pass_environment.origins[0])
CHECK_FN(chk_creds, e->credentials.n_load > 0 || e->credentials.n_set > 0,
         e->credentials.n_load > 0 ? e->credentials.load[0].origin : e->credentials.set[0].origin)
CHECK_FN(chk_mac,
         e->selinux_context.value || e->apparmor_profile.value || e->smack_process_label.value,
         e->selinux_context.value ? e->selinux_context.origin
                                  : (e->apparmor_profile.value ? e->apparmor_profile.origin
                                                               : e->smack_process_label.origin))
CHECK_FN(chk_type,
         u->service.type != SERVICE_SIMPLE && u->service.type != SERVICE_EXEC &&
                 u->service.type != SERVICE_ONESHOT && u->service.type != SERVICE_FORKING &&
                 u->service.type != SERVICE_NOTIFY && u->service.type != SERVICE_IDLE &&
                 u->service.type != SERVICE_DBUS,
         u->service.type_origin)
CHECK_FN(chk_expand, argv_needs_expansion(u, ret), *ret)
/* The capability and seccomp halves of these matter only when the service keeps capabilities,
 * i.e. when cordon runs as root; rootless, the service has none in the initial namespace. */
CHECK_FN(chk_privdev_root, e->private_devices.value && !no_host_caps(u, o),
         e->private_devices.origin)
CHECK_FN(chk_modules_root, e->protect_kernel_modules.value && !no_host_caps(u, o),
         e->protect_kernel_modules.origin)
/* ProtectHostname=private has no filter: the service may change its private name. */
CHECK_FN(chk_hostname_root, e->protect_hostname == PROTECT_HOSTNAME_YES && !no_host_caps(u, o),
         e->protect_hostname_origin)
CHECK_FN(chk_kernel_logs, e->protect_kernel_logs.value, e->protect_kernel_logs.origin)

/* StartLimitAction=, FailureAction=, SuccessAction= (F): "exit" and "exit-force" hold by
 * construction (cordon exits when the service has ended for good); reboot, poweroff, halt, kexec
 * and soft-reboot would act on the whole machine, which cordon never does. */
static bool unit_action_set(const Unit *u, Origin *ret)
{
        static const char *const names[] = {"StartLimitAction", "FailureAction", "SuccessAction"};
        for (size_t k = 0; k < ELEMENTSOF(names); k++) {
                int idx = directive_index(SECTION_UNIT, names[k]);
                for (size_t i = 0; idx >= 0 && i < u->n_raw; i++) {
                        const StrvWithOrigin *v = &u->raw[i].values;
                        size_t n = 0;
                        if (u->raw[i].directive != idx || !v->strv)
                                continue;
                        while (v->strv[n])
                                n++;
                        if (n == 0 || !*v->strv[n - 1] || streq(v->strv[n - 1], "none") ||
                            streq(v->strv[n - 1], "exit") || streq(v->strv[n - 1], "exit-force"))
                                continue;
                        *ret = v->origins ? v->origins[n - 1] : ORIGIN_NULL;
                        return true;
                }
        }
        return false;
}
CHECK_FN(chk_unit_action, unit_action_set(u, ret), *ret)

static const Unsupported unsupported_table[] = {
        {"User=/Group=", "identity switching is part 2", chk_user, .part2 = true},
        {"DynamicUser=", "identity switching is part 2", chk_dynamic_user, .part2 = true},
        {"SupplementaryGroups=", "identity switching is part 2", chk_supp_groups, .part2 = true},
        {"PAMName=", "PAM sessions are not supported", chk_pam},
        {"StateDirectory=/RuntimeDirectory=/…", "directory management is part 2", chk_dirs,
         .part2 = true},
        {"StateDirectory=/RuntimeDirectory=/…",
         "rootless, they live below $XDG_RUNTIME_DIR, $XDG_CONFIG_HOME, $XDG_CACHE_HOME or "
         "~/.config, ~/.cache, and one of those is unknown",
         chk_dirs_rootless},
        {"PrivateUsers=", "not implemented", chk_private_users},
        {"PrivatePIDs=",
         "with Type=forking the forking parent would be PID 1 and its exit would kill the daemon",
         chk_private_pids_forking},
        {"ProtectProc=",
         "with PrivateUsers= as root and RootDirectory=/RootImage=, the service's user namespace "
         "may not mount a /proc of the run's PID namespace",
         chk_protect_proc},
        {"ProcSubset=",
         "with PrivateUsers= as root and RootDirectory=/RootImage=, the service's user namespace "
         "may not mount a /proc of the run's PID namespace",
         chk_proc_subset},
        {"ProtectClock=", "seccomp and capabilities are part 2", chk_protect_clock, .part2 = true},
        {"NetworkNamespacePath=",
         "rootless, joining a namespace needs CAP_SYS_ADMIN over it (run as root)", chk_netns_path},
        {"IPCNamespacePath=",
         "rootless, joining a namespace needs CAP_SYS_ADMIN over it (run as root)", chk_ipcns_path},
        {"CapabilityBoundingSet=", "capabilities are part 2", chk_caps, .part2 = true},
        {"AmbientCapabilities=", "capabilities are part 2", chk_ambient, .part2 = true},
        {"NoNewPrivileges=", "part 2", chk_nnp, .part2 = true},
        {"SecureBits=", "capabilities are part 2", chk_securebits, .part2 = true},
        {"RestrictSUIDSGID=", "seccomp is part 2", chk_suid, .part2 = true},
        {"LockPersonality=", "seccomp is part 2", chk_lockpers, .part2 = true},
        {"MemoryDenyWriteExecute=", "seccomp is part 2", chk_mdwe, .part2 = true},
        {"RestrictRealtime=", "seccomp is part 2", chk_realtime, .part2 = true},
        {"RemoveIPC=", "part 2", chk_removeipc, .part2 = true},
        {"UMask=", "process attributes are part 2", chk_umask, .part2 = true},
        {"Personality=", "process attributes are part 2", chk_personality, .part2 = true},
        {"SystemCallFilter=", "seccomp is part 2", chk_syscall_filter, .part2 = true},
        {"SystemCallLog=", "seccomp is part 2", chk_syscall_log, .part2 = true},
        {"SystemCallArchitectures=", "seccomp is part 2", chk_syscall_archs, .part2 = true},
        {"RestrictAddressFamilies=", "seccomp is part 2", chk_afs, .part2 = true},
        {"RestrictNamespaces=", "seccomp is part 2", chk_restrict_ns, .part2 = true},
        {"RestrictFileSystems=", "needs BPF LSM, not supported", chk_restrict_fs},
        {"Limit*=", "resource limits are part 2", chk_rlimits, .part2 = true},
        {"Nice=", "process attributes are part 2", chk_nice, .part2 = true},
        {"OOMScoreAdjust=", "process attributes are part 2", chk_oom_adj, .part2 = true},
        {"CPUSchedulingPolicy=", "process attributes are part 2", chk_sched, .part2 = true},
        {"IOSchedulingClass=", "process attributes are part 2", chk_io, .part2 = true},
        {"CPUAffinity=", "process attributes are part 2", chk_affinity, .part2 = true},
        {"Environment=", "the full environment is part 2", chk_env, .part2 = true},
        {"EnvironmentFile=", "the full environment is part 2", chk_env_files, .part2 = true},
        {"PassEnvironment=", "the full environment is part 2", chk_pass_env, .part2 = true},
        {"LoadCredential=/SetCredential=", "credentials are part 2", chk_creds, .part2 = true},
        {"SELinuxContext=/AppArmorProfile=/SmackProcessLabel=", "MAC labels are not supported",
         chk_mac},
        {"Type=", "only simple, exec, idle, oneshot, forking, notify and dbus are supported",
         chk_type},
        {"$VARIABLE in Exec*=", "variable expansion comes with the environment (part 2)",
         chk_expand, .part2 = true},
        {"PrivateDevices=",
         "the private /dev is built; as root, dropping CAP_MKNOD/CAP_SYS_RAWIO and the @raw-io "
         "filter are part 2",
         chk_privdev_root, .part2 = true},
        {"ProtectKernelModules=",
         "the module directories are hidden; as root, dropping CAP_SYS_MODULE and the @module "
         "filter are part 2",
         chk_modules_root, .part2 = true},
        {"ProtectHostname=",
         "the UTS namespace is private; as root, the sethostname() filter is part 2",
         chk_hostname_root, .part2 = true},
        {"ProtectKernelLogs=",
         "/dev/kmsg and /proc/kmsg are hidden; the syslog() filter and the CAP_SYSLOG drop are "
         "part 2",
         chk_kernel_logs, .part2 = true},
        {"StartLimitAction=/FailureAction=/SuccessAction=",
         "cordon never reboots, powers off, halts or kexecs the machine (none and exit are "
         "honoured: cordon exits when the service has ended)",
         chk_unit_action},
};

/* [Service] directives without a typed home that `cordon run` does not apply: refused when a
 * unit sets them (the journal/syslog settings are not here: cordon's own stdout and stderr
 * carry the output, documented in cordon-units(5)). */
static const struct {
        const char *name, *why;
        bool boolean; /* refused only when its value is true */
} refused_raw[] = {
        {"CoredumpFilter", "the core dump filter is not applied"},
        {"ExtensionDirectories", "system extensions are not supported"},
        {"ExtensionImages", "system extensions are not supported"},
        {"FileDescriptorStoreMax", "the file descriptor store is not kept (FDSTORE=1 is closed)"},
        {"LogNamespace", "journal namespaces need systemd-journald"},
        {"MemoryKSM", "kernel same-page merging is not configured", true},
        {"MountImages", "disk images as extra mounts are not supported"},
        {"NUMAMask", "NUMA memory policies are not applied"},
        {"NUMAPolicy", "NUMA memory policies are not applied"},
        {"OpenFile", "files opened by the manager are not passed"},
        {"PrivateBPF", "a private BPF file system is not mounted", true},
        {"ReloadSignal", "Type=notify-reload is not supported"},
        {"RestartMaxDelaySec", "the growing restart delay (systemd 254) is not supported"},
        {"RestartMode", "RestartMode= (systemd 254) is not supported"},
        {"RestartSteps", "the growing restart delay (systemd 254) is not supported"},
        {"TTYReset", "terminal resets are not done", true},
        {"TTYVHangup", "terminal hang-ups are not done", true},
        {"TTYVTDisallocate", "virtual consoles are not deallocated", true},
        {"UtmpIdentifier", "utmp/wtmp records are not written"},
        {"UtmpMode", "utmp/wtmp records are not written"},
};

const Origin *plan_directive_assigned(const Unit *u, const char *name)
{
        int idx = directive_index(SECTION_SERVICE, name);
        if (idx < 0 || !u->origins || !u->origins[idx].file)
                return NULL;
        const RawSetting *r = unit_get_raw(u, idx);
        if (r && !(r->values.strv && r->values.strv[0] && r->values.strv[0][0]))
                return NULL; /* reset to the default by an empty assignment */
        return &u->origins[idx];
}

int plan_check_unsupported(const Unit *u, const PlanOptions *o, DiagList *diags)
{
        size_t n_errors = 0;

        for (size_t i = 0; i < ELEMENTSOF(refused_raw); i++) {
                const Origin *at = plan_directive_assigned(u, refused_raw[i].name);
                int r;
                if (!at)
                        continue;
                if (refused_raw[i].boolean) {
                        const RawSetting *v = unit_get_raw(
                                u, directive_index(SECTION_SERVICE, refused_raw[i].name));
                        size_t n = v && v->values.strv ? strv_length(v->values.strv) : 0;
                        if (n == 0 || parse_boolean(v->values.strv[n - 1]) == 0)
                                continue;
                }
                if (o->lenient)
                        r = diag_add(diags, at->file, at->line, at->column, "run-weakened",
                                     DIAG_WARNING, NULL, "%s= is not applied (--lenient): %s",
                                     refused_raw[i].name, refused_raw[i].why);
                else {
                        r = diag_add(diags, at->file, at->line, at->column, "run-unsupported",
                                     DIAG_ERROR, NULL,
                                     "%s= is not supported by cordon run yet: %s (use --lenient "
                                     "to run without it)",
                                     refused_raw[i].name, refused_raw[i].why);
                        n_errors++;
                }
                if (r < 0)
                        return r;
        }

        for (size_t i = 0; i < ELEMENTSOF(unsupported_table); i++) {
                const Unsupported *x = &unsupported_table[i];
                Origin origin = ORIGIN_NULL;
                int r;

                if ((x->part2 && o->part2) || !x->check(u, o, &origin))
                        continue;
                const char *file = origin.file ? origin.file : plan_first_unit_file(u);
                if (o->lenient)
                        r = diag_add(diags, file, origin.line, origin.column, "run-weakened",
                                     DIAG_WARNING, NULL, "%s is not applied (--lenient): %s",
                                     x->directive, x->why);
                else {
                        r = diag_add(diags, file, origin.line, origin.column, "run-unsupported",
                                     DIAG_ERROR, NULL,
                                     "%s is not supported by cordon run yet: %s (use --lenient "
                                     "to run without it)",
                                     x->directive, x->why);
                        n_errors++;
                }
                if (r < 0)
                        return r;
        }
        return n_errors > 0 ? -EOPNOTSUPP : 0;
}
