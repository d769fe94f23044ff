/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "model.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "unit.h"

/* ---------------------------------------------------------------- string tables
 * Spelled exactly as systemd 252 (and later, for the newer values) spells them. */

static const char *const protect_system_table[_PROTECT_SYSTEM_MAX] = {
        [PROTECT_SYSTEM_NO] = "no",
        [PROTECT_SYSTEM_YES] = "yes",
        [PROTECT_SYSTEM_FULL] = "full",
        [PROTECT_SYSTEM_STRICT] = "strict",
};
DEFINE_STRING_TABLE_LOOKUP(protect_system, ProtectSystem);

static const char *const protect_home_table[_PROTECT_HOME_MAX] = {
        [PROTECT_HOME_NO] = "no",
        [PROTECT_HOME_YES] = "yes",
        [PROTECT_HOME_READ_ONLY] = "read-only",
        [PROTECT_HOME_TMPFS] = "tmpfs",
};
DEFINE_STRING_TABLE_LOOKUP(protect_home, ProtectHome);

static const char *const protect_proc_table[_PROTECT_PROC_MAX] = {
        [PROTECT_PROC_DEFAULT] = "default",
        [PROTECT_PROC_NOACCESS] = "noaccess",
        [PROTECT_PROC_INVISIBLE] = "invisible",
        [PROTECT_PROC_PTRACEABLE] = "ptraceable",
};
DEFINE_STRING_TABLE_LOOKUP(protect_proc, ProtectProc);

static const char *const proc_subset_table[_PROC_SUBSET_MAX] = {
        [PROC_SUBSET_ALL] = "all",
        [PROC_SUBSET_PID] = "pid",
};
DEFINE_STRING_TABLE_LOOKUP(proc_subset, ProcSubset);

static const char *const private_tmp_table[_PRIVATE_TMP_MAX] = {
        [PRIVATE_TMP_NO] = "no",
        [PRIVATE_TMP_YES] = "yes",
        [PRIVATE_TMP_DISCONNECTED] = "disconnected",
};
DEFINE_STRING_TABLE_LOOKUP(private_tmp, PrivateTmp);

static const char *const private_users_table[_PRIVATE_USERS_MAX] = {
        [PRIVATE_USERS_NO] = "no",
        [PRIVATE_USERS_SELF] = "self",
        [PRIVATE_USERS_IDENTITY] = "identity",
        [PRIVATE_USERS_FULL] = "full",
        [PRIVATE_USERS_MANAGED] = "managed",
};
DEFINE_STRING_TABLE_LOOKUP(private_users, PrivateUsers);

static const char *const protect_control_groups_table[_PROTECT_CONTROL_GROUPS_MAX] = {
        [PROTECT_CONTROL_GROUPS_NO] = "no",
        [PROTECT_CONTROL_GROUPS_YES] = "yes",
        [PROTECT_CONTROL_GROUPS_PRIVATE] = "private",
        [PROTECT_CONTROL_GROUPS_STRICT] = "strict",
};
DEFINE_STRING_TABLE_LOOKUP(protect_control_groups, ProtectControlGroups);

static const char *const protect_hostname_table[_PROTECT_HOSTNAME_MAX] = {
        [PROTECT_HOSTNAME_NO] = "no",
        [PROTECT_HOSTNAME_YES] = "yes",
        [PROTECT_HOSTNAME_PRIVATE] = "private",
};
DEFINE_STRING_TABLE_LOOKUP(protect_hostname, ProtectHostname);

static const char *const keyring_mode_table[_KEYRING_MODE_MAX] = {
        [KEYRING_INHERIT] = "inherit",
        [KEYRING_PRIVATE] = "private",
        [KEYRING_SHARED] = "shared",
};
DEFINE_STRING_TABLE_LOOKUP(keyring_mode, KeyringMode);

static const char *const notify_access_table[_NOTIFY_ACCESS_MAX] = {
        [NOTIFY_NONE] = "none",
        [NOTIFY_ALL] = "all",
        [NOTIFY_MAIN] = "main",
        [NOTIFY_EXEC] = "exec",
};
DEFINE_STRING_TABLE_LOOKUP(notify_access, NotifyAccess);

static const char *const service_type_table[_SERVICE_TYPE_MAX] = {
        [SERVICE_SIMPLE] = "simple",   [SERVICE_FORKING] = "forking",
        [SERVICE_ONESHOT] = "oneshot", [SERVICE_DBUS] = "dbus",
        [SERVICE_NOTIFY] = "notify",   [SERVICE_NOTIFY_RELOAD] = "notify-reload",
        [SERVICE_IDLE] = "idle",       [SERVICE_EXEC] = "exec",
};
DEFINE_STRING_TABLE_LOOKUP(service_type, ServiceType);

static const char *const service_exit_type_table[_SERVICE_EXIT_TYPE_MAX] = {
        [SERVICE_EXIT_MAIN] = "main",
        [SERVICE_EXIT_CGROUP] = "cgroup",
};
DEFINE_STRING_TABLE_LOOKUP(service_exit_type, ServiceExitType);

static const char *const service_restart_table[_SERVICE_RESTART_MAX] = {
        [SERVICE_RESTART_NO] = "no",
        [SERVICE_RESTART_ON_SUCCESS] = "on-success",
        [SERVICE_RESTART_ON_FAILURE] = "on-failure",
        [SERVICE_RESTART_ON_ABNORMAL] = "on-abnormal",
        [SERVICE_RESTART_ON_WATCHDOG] = "on-watchdog",
        [SERVICE_RESTART_ON_ABORT] = "on-abort",
        [SERVICE_RESTART_ALWAYS] = "always",
};
DEFINE_STRING_TABLE_LOOKUP(service_restart, ServiceRestart);

static const char *const kill_mode_table[_KILL_MODE_MAX] = {
        [KILL_CONTROL_GROUP] = "control-group",
        [KILL_PROCESS] = "process",
        [KILL_MIXED] = "mixed",
        [KILL_NONE] = "none",
};
DEFINE_STRING_TABLE_LOOKUP(kill_mode, KillMode);

static const char *const device_policy_table[_DEVICE_POLICY_MAX] = {
        [DEVICE_POLICY_AUTO] = "auto",
        [DEVICE_POLICY_CLOSED] = "closed",
        [DEVICE_POLICY_STRICT] = "strict",
};
DEFINE_STRING_TABLE_LOOKUP(device_policy, DevicePolicy);

static const char *const exec_input_table[_EXEC_INPUT_MAX] = {
        [EXEC_INPUT_NULL] = "null",           [EXEC_INPUT_TTY] = "tty",
        [EXEC_INPUT_TTY_FORCE] = "tty-force", [EXEC_INPUT_TTY_FAIL] = "tty-fail",
        [EXEC_INPUT_SOCKET] = "socket",       [EXEC_INPUT_NAMED_FD] = "fd",
        [EXEC_INPUT_DATA] = "data",           [EXEC_INPUT_FILE] = "file",
};
DEFINE_STRING_TABLE_LOOKUP(exec_input, ExecInput);

static const char *const exec_output_table[_EXEC_OUTPUT_MAX] = {
        [EXEC_OUTPUT_INHERIT] = "inherit",
        [EXEC_OUTPUT_NULL] = "null",
        [EXEC_OUTPUT_TTY] = "tty",
        [EXEC_OUTPUT_KMSG] = "kmsg",
        [EXEC_OUTPUT_KMSG_AND_CONSOLE] = "kmsg+console",
        [EXEC_OUTPUT_JOURNAL] = "journal",
        [EXEC_OUTPUT_JOURNAL_AND_CONSOLE] = "journal+console",
        [EXEC_OUTPUT_SOCKET] = "socket",
        [EXEC_OUTPUT_NAMED_FD] = "fd",
        [EXEC_OUTPUT_FILE] = "file",
        [EXEC_OUTPUT_FILE_APPEND] = "append",
        [EXEC_OUTPUT_FILE_TRUNCATE] = "truncate",
};
DEFINE_STRING_TABLE_LOOKUP(exec_output, ExecOutput);

/* MountFlags=: the default has no spelling (systemctl shows an empty value). */
static const char *const mount_propagation_table[_MOUNT_PROPAGATION_MAX] = {
        [MOUNT_PROPAGATION_DEFAULT] = NULL,
        [MOUNT_PROPAGATION_SHARED] = "shared",
        [MOUNT_PROPAGATION_SLAVE] = "slave",
        [MOUNT_PROPAGATION_PRIVATE] = "private",
};
DEFINE_STRING_TABLE_LOOKUP(mount_propagation, MountPropagation);

static const char *const exec_preserve_mode_table[_EXEC_PRESERVE_MODE_MAX] = {
        [EXEC_PRESERVE_NO] = "no",
        [EXEC_PRESERVE_YES] = "yes",
        [EXEC_PRESERVE_RESTART] = "restart",
};
DEFINE_STRING_TABLE_LOOKUP(exec_preserve_mode, ExecPreserveMode);

static const char *const exec_directory_type_table[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "RuntimeDirectory",
        [EXEC_DIRECTORY_STATE] = "StateDirectory",
        [EXEC_DIRECTORY_CACHE] = "CacheDirectory",
        [EXEC_DIRECTORY_LOGS] = "LogsDirectory",
        [EXEC_DIRECTORY_CONFIGURATION] = "ConfigurationDirectory",
};
DEFINE_STRING_TABLE_LOOKUP(exec_directory_type, ExecDirectoryType);

static const char *const exec_command_type_table[_SERVICE_EXEC_COMMAND_MAX] = {
        [SERVICE_EXEC_CONDITION] = "ExecCondition", [SERVICE_EXEC_START_PRE] = "ExecStartPre",
        [SERVICE_EXEC_START] = "ExecStart",         [SERVICE_EXEC_START_POST] = "ExecStartPost",
        [SERVICE_EXEC_RELOAD] = "ExecReload",       [SERVICE_EXEC_STOP] = "ExecStop",
        [SERVICE_EXEC_STOP_POST] = "ExecStopPost",
};
DEFINE_STRING_TABLE_LOOKUP(exec_command_type, ExecCommandType);

static const char *const timeout_mode_table[_TIMEOUT_MODE_MAX] = {
        [TIMEOUT_TERMINATE] = "terminate",
        [TIMEOUT_ABORT] = "abort",
        [TIMEOUT_KILL] = "kill",
};
DEFINE_STRING_TABLE_LOOKUP(timeout_mode, TimeoutMode);

static const char *const oom_policy_table[_OOM_POLICY_MAX] = {
        [OOM_CONTINUE] = "continue",
        [OOM_STOP] = "stop",
        [OOM_KILL] = "kill",
};
DEFINE_STRING_TABLE_LOOKUP(oom_policy, OOMPolicy);

static const char *const io_sched_class_table[_IO_CLASS_MAX] = {
        [IO_CLASS_NONE] = "none",
        [IO_CLASS_REALTIME] = "realtime",
        [IO_CLASS_BEST_EFFORT] = "best-effort",
        [IO_CLASS_IDLE] = "idle",
};
DEFINE_STRING_TABLE_LOOKUP(io_sched_class, IOSchedClass);

/* ---------------------------------------------------------------- list helpers */

void strv_with_origin_done(StrvWithOrigin *s)
{
        s->strv = strv_free(s->strv);
        s->origins = mfree(s->origins);
}

void strv_with_origin_reset(StrvWithOrigin *s)
{
        strv_with_origin_done(s);
}

int strv_with_origin_add(StrvWithOrigin *s, const char *value, Origin origin)
{
        size_t n = strv_length(s->strv);
        char *v;

        if (n >= UNIT_LIST_MAX)
                return -E2BIG;
        /* Only this function grows the two arrays, so their capacity follows from n: 4 slots,
         * doubled whenever n + 1 (items and the NULL) reaches a power of two. Two realloc()s per
         * item were most of the cost of short lists. */
        if (n == 0 || (n + 1 >= 4 && ((n + 1) & n) == 0)) {
                size_t cap = n == 0 ? 4 : (n + 1) * 2;
                char **t = realloc(s->strv, cap * sizeof(char *));
                if (!t)
                        return -ENOMEM;
                t[n] = NULL; /* still terminated if what follows fails */
                s->strv = t;
                Origin *o = realloc(s->origins, cap * sizeof(Origin));
                if (!o)
                        return -ENOMEM;
                s->origins = o;
        }
        v = strdup(value);
        if (!v)
                return -ENOMEM;
        s->strv[n] = v;
        s->strv[n + 1] = NULL;
        s->origins[n] = origin;
        return 0;
}

void exec_command_list_done(ExecCommandList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].path);
                strv_free(l->items[i].argv);
        }
        l->items = mfree(l->items);
        l->n = 0;
}

void path_list_done(PathList *l)
{
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        l->items = mfree(l->items);
        l->n = 0;
}

static void bind_mount_list_done(BindMountList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].source);
                free(l->items[i].destination);
        }
        l->items = mfree(l->items);
        l->n = 0;
}

static void temporary_filesystem_list_done(TemporaryFileSystemList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].path);
                free(l->items[i].options);
        }
        l->items = mfree(l->items);
        l->n = 0;
}

static void exec_directory_done(ExecDirectory *d)
{
        for (size_t i = 0; i < d->n; i++) {
                free(d->items[i].path);
                strv_free(d->items[i].symlinks);
        }
        d->items = mfree(d->items);
        d->n = 0;
}

static void environment_file_list_done(EnvironmentFileList *l)
{
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].path);
        l->items = mfree(l->items);
        l->n = 0;
}

void credential_settings_clear_load(CredentialSettings *c)
{
        for (size_t i = 0; i < c->n_load; i++) {
                free(c->load[i].id);
                free(c->load[i].path);
        }
        c->load = mfree(c->load);
        c->n_load = 0;
}

void credential_settings_clear_set(CredentialSettings *c)
{
        for (size_t i = 0; i < c->n_set; i++) {
                free(c->set[i].id);
                /* Credentials may be secrets: wipe before freeing. */
                if (c->set[i].data)
                        explicit_bzero(c->set[i].data, c->set[i].size);
                free(c->set[i].data);
        }
        c->set = mfree(c->set);
        c->n_set = 0;
}

static void credential_settings_done(CredentialSettings *c)
{
        credential_settings_clear_load(c);
        credential_settings_clear_set(c);
        strv_with_origin_done(&c->import);
}

static void string_setting_done(StringSetting *s)
{
        s->value = mfree(s->value);
}

static void ip_address_list_done(IPAddressList *l)
{
        l->items = mfree(l->items);
        l->n = 0;
}

/* ---------------------------------------------------------------- defaults */

static void tribool_default(TriBool *b, bool value)
{
        *b = (TriBool){.value = value, .origin = ORIGIN_NULL};
}

static void int_default(IntSetting *i, int64_t value)
{
        *i = (IntSetting){.value = value, .origin = ORIGIN_NULL};
}

static void exec_settings_init(ExecSettings *e)
{
        Origin *origins[] = {
                &e->mount_propagation_origin,
                &e->runtime_directory_preserve_origin,
                &e->protect_system_origin,
                &e->protect_home_origin,
                &e->private_tmp_origin,
                &e->private_users_origin,
                &e->protect_control_groups_origin,
                &e->protect_hostname_origin,
                &e->protect_proc_origin,
                &e->proc_subset_origin,
                &e->capability_bounding_set_origin,
                &e->ambient_capabilities_origin,
                &e->secure_bits_origin,
                &e->keyring_mode_origin,
                &e->umask_origin,
                &e->syscall_error_number_origin,
                &e->restrict_namespaces_origin,
                &e->std_input_origin,
                &e->std_output_origin,
                &e->std_error_origin,
                &e->syscall_filter.origin,
                &e->syscall_log.origin,
                &e->restrict_address_families.origin,
        };
        TriBool *bools[] = {
                &e->dynamic_user,           &e->set_login_environment,
                &e->mount_apivfs,           &e->bind_log_sockets,
                &e->private_devices,        &e->private_network,
                &e->private_mounts,         &e->private_ipc,
                &e->private_pids,           &e->protect_kernel_tunables,
                &e->protect_kernel_modules, &e->protect_kernel_logs,
                &e->protect_clock,          &e->no_new_privileges,
                &e->restrict_suid_sgid,     &e->remove_ipc,
                &e->lock_personality,       &e->memory_deny_write_execute,
                &e->restrict_realtime,      &e->cpu_sched_reset_on_fork,
        };
        StringSetting *strings[] = {
                &e->user,
                &e->group,
                &e->pam_name,
                &e->working_directory,
                &e->root_directory,
                &e->root_image,
                &e->network_namespace_path,
                &e->ipc_namespace_path,
                &e->personality,
                &e->cpu_affinity,
                &e->tty_path,
                &e->selinux_context,
                &e->apparmor_profile,
                &e->smack_process_label,
        };

        *e = (ExecSettings){0};
        for (size_t i = 0; i < ELEMENTSOF(origins); i++)
                *origins[i] = ORIGIN_NULL;
        for (size_t i = 0; i < ELEMENTSOF(bools); i++)
                tribool_default(bools[i], false);
        for (size_t i = 0; i < ELEMENTSOF(strings); i++)
                strings[i]->origin = ORIGIN_NULL;

        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                e->directories[t].mode = EXEC_DIRECTORY_DEFAULT_MODE;
                e->directories[t].mode_origin = ORIGIN_NULL;
        }
        e->capability_bounding_set = CAP_MASK_ALL;
        e->umask = DEFAULT_UMASK;
        /* service_init(): the system manager gives services a private session keyring. */
        e->keyring_mode = KEYRING_PRIVATE;
        e->restrict_namespaces = NAMESPACE_FLAGS_ALL;
        e->syscall_error_number = 0; /* kill */
        for (size_t i = 0; i < RLIMIT_COUNT; i++)
                e->rlimits[i].origin = ORIGIN_NULL;

        int_default(&e->nice, 0);
        int_default(&e->oom_score_adjust, 0);
        int_default(&e->cpu_sched_policy, 0); /* SCHED_OTHER */
        int_default(&e->cpu_sched_priority, 0);
        /* IOPRIO_DEFAULT_CLASS_AND_PRIO: best-effort, level 4. */
        int_default(&e->io_sched_class, IO_CLASS_BEST_EFFORT);
        int_default(&e->io_sched_priority, 4);
        int_default(&e->timer_slack_nsec, -1); /* NSEC_INFINITY: inherit */
        int_default(&e->coredump_filter, -1);  /* inherit */

        /* service_init() takes the manager defaults: journal for stdout, stderr follows it. */
        e->std_input = EXEC_INPUT_NULL;
        e->std_output = EXEC_OUTPUT_JOURNAL;
        e->std_error = EXEC_OUTPUT_INHERIT;
        tribool_default(&e->ignore_sigpipe, true);
}

static void exec_settings_done(ExecSettings *e)
{
        StringSetting *strings[] = {
                &e->user,
                &e->group,
                &e->pam_name,
                &e->working_directory,
                &e->root_directory,
                &e->root_image,
                &e->network_namespace_path,
                &e->ipc_namespace_path,
                &e->personality,
                &e->cpu_affinity,
                &e->tty_path,
                &e->selinux_context,
                &e->apparmor_profile,
                &e->smack_process_label,
        };
        StrvWithOrigin *lists[] = {
                &e->supplementary_groups, &e->exec_search_path, &e->syscall_architectures,
                &e->restrict_filesystems, &e->environment,      &e->pass_environment,
                &e->unset_environment,    &e->std_input_text,
        };

        for (size_t i = 0; i < ELEMENTSOF(strings); i++)
                string_setting_done(strings[i]);
        for (size_t i = 0; i < ELEMENTSOF(lists); i++)
                strv_with_origin_done(lists[i]);
        path_list_done(&e->read_write_paths);
        path_list_done(&e->read_only_paths);
        path_list_done(&e->inaccessible_paths);
        path_list_done(&e->exec_paths);
        path_list_done(&e->no_exec_paths);
        bind_mount_list_done(&e->bind_mounts);
        temporary_filesystem_list_done(&e->temporary_filesystems);
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                exec_directory_done(&e->directories[t]);
        e->protect_hostname_name = mfree(e->protect_hostname_name);
        environment_file_list_done(&e->environment_files);
        e->std_input_path = mfree(e->std_input_path);
        e->std_output_path = mfree(e->std_output_path);
        e->std_error_path = mfree(e->std_error_path);
        e->std_input_fdname = mfree(e->std_input_fdname);
        e->std_output_fdname = mfree(e->std_output_fdname);
        e->std_error_fdname = mfree(e->std_error_fdname);
        credential_settings_done(&e->credentials);
}

static void service_settings_init(ServiceSettings *s)
{
        *s = (ServiceSettings){0};
        s->type = SERVICE_SIMPLE; /* type_set stays false: implied settings pick the real one */
        s->type_origin = ORIGIN_NULL;
        s->restart_origin = ORIGIN_NULL;
        s->notify_access_origin = ORIGIN_NULL;
        s->pid_file.origin = ORIGIN_NULL;
        s->bus_name.origin = ORIGIN_NULL;
        tribool_default(&s->remain_after_exit, false);
        tribool_default(&s->guess_main_pid, true);
        tribool_default(&s->root_directory_start_only, false);
        tribool_default(&s->permissions_start_only, false);
        tribool_default(&s->non_blocking, false);
        s->restart_usec = DEFAULT_RESTART_USEC;
        s->timeout_start_usec = DEFAULT_TIMEOUT_USEC;
        s->timeout_stop_usec = DEFAULT_TIMEOUT_USEC;
        s->timeout_abort_usec = DEFAULT_TIMEOUT_USEC; /* unused until timeout_abort_set */
        s->runtime_max_usec = USEC_INFINITY;
        s->watchdog_usec = 0;
        s->oom_policy = OOM_STOP; /* DefaultOOMPolicy= of the system manager */
        s->timeout_start_failure_mode = TIMEOUT_TERMINATE;
        s->timeout_stop_failure_mode = TIMEOUT_TERMINATE;
}

static void service_settings_done(ServiceSettings *s)
{
        for (ExecCommandType t = 0; t < _SERVICE_EXEC_COMMAND_MAX; t++)
                exec_command_list_done(&s->exec[t]);
        string_setting_done(&s->pid_file);
        string_setting_done(&s->bus_name);
        strv_with_origin_done(&s->success_exit_status);
        strv_with_origin_done(&s->restart_prevent_exit_status);
        strv_with_origin_done(&s->restart_force_exit_status);
}

static void kill_settings_init(KillSettings *k)
{
        *k = (KillSettings){0};
        k->kill_mode = KILL_CONTROL_GROUP;
        k->kill_mode_origin = ORIGIN_NULL;
        int_default(&k->kill_signal, SIGTERM);
        int_default(&k->restart_kill_signal, 0); /* 0 = same as KillSignal= */
        int_default(&k->final_kill_signal, SIGKILL);
        int_default(&k->watchdog_signal, SIGABRT);
        tribool_default(&k->send_sigkill, true);
        tribool_default(&k->send_sighup, false);
}

static void cgroup_settings_init(CGroupSettings *c)
{
        *c = (CGroupSettings){0};
        c->device_policy = DEVICE_POLICY_AUTO;
        c->device_policy_origin = ORIGIN_NULL;
        c->ip_address_allow.origin = ORIGIN_NULL;
        c->ip_address_deny.origin = ORIGIN_NULL;
        tribool_default(&c->delegate, false);
        c->memory_max = c->memory_high = c->memory_swap_max = UINT64_MAX;
        c->memory_low = c->memory_min = 0;
        c->memory_max_origin = c->memory_high_origin = ORIGIN_NULL;
        c->tasks_max = UINT64_MAX;
        c->tasks_max_permyriad = -1;
        c->tasks_max_origin = ORIGIN_NULL;
        c->cpu_quota_per_sec_usec = USEC_INFINITY;
        c->cpu_quota_origin = ORIGIN_NULL;
        c->cpu_weight = c->io_weight = UINT64_MAX;
}

static void cgroup_settings_done(CGroupSettings *c)
{
        for (size_t i = 0; i < c->n_device_allow; i++)
                free(c->device_allow[i].path);
        c->device_allow = mfree(c->device_allow);
        c->n_device_allow = 0;
        ip_address_list_done(&c->ip_address_allow);
        ip_address_list_done(&c->ip_address_deny);
        strv_with_origin_done(&c->ip_ingress_filter_path);
        strv_with_origin_done(&c->ip_egress_filter_path);
        c->delegate_controllers = strv_free(c->delegate_controllers);
}

static void unit_section_init(UnitSection *s)
{
        *s = (UnitSection){0};
        s->description.origin = ORIGIN_NULL;
        tribool_default(&s->default_dependencies, true);
        s->start_limit_interval_usec = DEFAULT_START_LIMIT_INTERVAL_USEC;
        s->start_limit_burst = DEFAULT_START_LIMIT_BURST;
}

static void install_section_done(InstallSection *s)
{
        strv_with_origin_done(&s->wanted_by);
        strv_with_origin_done(&s->required_by);
        strv_with_origin_done(&s->also);
        strv_with_origin_done(&s->alias);
        string_setting_done(&s->default_instance);
}

/* Must not allocate or point into *u: unit_new() copies one initialised model. */
void unit_model_init(Unit *u)
{
        unit_section_init(&u->unit);
        service_settings_init(&u->service);
        exec_settings_init(&u->exec);
        kill_settings_init(&u->kill);
        cgroup_settings_init(&u->cgroup);
        u->install = (InstallSection){0};
        u->install.default_instance.origin = ORIGIN_NULL;
}

void unit_model_init_manager(Unit *u, bool user)
{
        if (!origin_is_set(&u->exec.keyring_mode_origin))
                u->exec.keyring_mode = user ? KEYRING_INHERIT : KEYRING_PRIVATE;
}

/* Frees every typed member and the raw settings, leaving the defaults in place. */
static void unit_model_done(Unit *u)
{
        string_setting_done(&u->unit.description);
        strv_with_origin_done(&u->unit.documentation);
        service_settings_done(&u->service);
        exec_settings_done(&u->exec);
        cgroup_settings_done(&u->cgroup);
        install_section_done(&u->install);
        for (size_t i = 0; i < u->n_raw; i++)
                strv_with_origin_done(&u->raw[i].values);
        u->raw = mfree(u->raw);
        u->n_raw = 0;
}

Unit *unit_new(const char *id)
{
        /* The defaults are the same for every unit and unit_model_init() allocates nothing:
         * initialise one model per process and copy it (instead of clearing ~7 KB and then
         * setting a few hundred fields one by one for each unit). */
        static Unit prototype;
        static bool prototype_ready;
        Unit *u;

        if (!prototype_ready) {
                unit_model_init(&prototype);
                prototype_ready = true;
        }
        u = malloc(sizeof(Unit));
        if (!u)
                return NULL;
        memcpy(u, &prototype, sizeof(Unit));
        u->id = strdup(id);
        if (!u->id)
                return mfree(u);
        return u;
}

Unit *unit_free(Unit *u)
{
        if (!u)
                return NULL;
        unit_model_done(u);
        free(u->id);
        free(u->prefix);
        free(u->instance);
        free(u->fragment_path);
        strv_free(u->dropin_paths);
        for (size_t i = 0; i < u->n_assignments; i++)
                free(u->assignments[i].section); /* key and value live in the same block */
        free(u->assignments);
        strv_free(u->files);
        free(u->origins);
        free(u);
        return NULL;
}

/* ---------------------------------------------------------------- raw settings */

const RawSetting *unit_get_raw(const Unit *u, int directive)
{
        for (size_t i = 0; i < u->n_raw; i++)
                if (u->raw[i].directive == directive)
                        return &u->raw[i];
        return NULL;
}

RawSetting *unit_get_raw_mutable(Unit *u, int directive)
{
        RawSetting *r = (RawSetting *) unit_get_raw(u, directive);
        if (r)
                return r;
        r = realloc(u->raw, (u->n_raw + 1) * sizeof(RawSetting));
        if (!r)
                return NULL;
        u->raw = r;
        u->raw[u->n_raw] = (RawSetting){.directive = directive};
        return &u->raw[u->n_raw++];
}
