/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The typed model of a service unit: what every verb consumes. Pure data.
 *
 * Conventions:
 * - Every setting that a directive writes remembers the Origin (file:line) of the assignment
 *   that decided it; implied settings carry implied_by (the directive index that implied them).
 * - Fields hold systemd's defaults after unit_model_init(); the effective values after drop-ins
 *   and implied settings are what unit_load() returns.
 * - Enums follow style.md: _X_MAX, _X_INVALID = -EINVAL, and x_to_string()/x_from_string(). */

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "diag.h"
#include "macro.h"
#include "parse-util.h"
#include "string-table.h"

typedef struct Origin {
        const char *file; /* interned in Unit.files; NULL = built-in default */
        unsigned line;
        unsigned column;
        int implied_by; /* index into the directive table, or -1 */
} Origin;

#define ORIGIN_NULL ((Origin){.implied_by = -1})
static inline bool origin_is_set(const Origin *o)
{
        return o->file || o->implied_by >= 0;
}

/* ---------------------------------------------------------------- enums */

typedef enum ProtectSystem {
        PROTECT_SYSTEM_NO,
        PROTECT_SYSTEM_YES,
        PROTECT_SYSTEM_FULL,
        PROTECT_SYSTEM_STRICT,
        _PROTECT_SYSTEM_MAX,
        _PROTECT_SYSTEM_INVALID = -EINVAL,
} ProtectSystem;

typedef enum ProtectHome {
        PROTECT_HOME_NO,
        PROTECT_HOME_YES,
        PROTECT_HOME_READ_ONLY,
        PROTECT_HOME_TMPFS,
        _PROTECT_HOME_MAX,
        _PROTECT_HOME_INVALID = -EINVAL,
} ProtectHome;

typedef enum ProtectProc {
        PROTECT_PROC_DEFAULT,
        PROTECT_PROC_NOACCESS,
        PROTECT_PROC_INVISIBLE,
        PROTECT_PROC_PTRACEABLE,
        _PROTECT_PROC_MAX,
        _PROTECT_PROC_INVALID = -EINVAL,
} ProtectProc;

typedef enum ProcSubset {
        PROC_SUBSET_ALL,
        PROC_SUBSET_PID,
        _PROC_SUBSET_MAX,
        _PROC_SUBSET_INVALID = -EINVAL,
} ProcSubset;

typedef enum PrivateTmp { /* "disconnected" since v257 */
                          PRIVATE_TMP_NO,
                          PRIVATE_TMP_YES,
                          PRIVATE_TMP_DISCONNECTED,
                          _PRIVATE_TMP_MAX,
                          _PRIVATE_TMP_INVALID = -EINVAL,
} PrivateTmp;

typedef enum PrivateUsers { /* self/identity since v257, full v258, managed v260 */
                            PRIVATE_USERS_NO,
                            PRIVATE_USERS_SELF, /* "yes" */
                            PRIVATE_USERS_IDENTITY,
                            PRIVATE_USERS_FULL,
                            PRIVATE_USERS_MANAGED,
                            _PRIVATE_USERS_MAX,
                            _PRIVATE_USERS_INVALID = -EINVAL,
} PrivateUsers;

typedef enum ProtectControlGroups { /* private/strict since v257 */
                                    PROTECT_CONTROL_GROUPS_NO,
                                    PROTECT_CONTROL_GROUPS_YES,
                                    PROTECT_CONTROL_GROUPS_PRIVATE,
                                    PROTECT_CONTROL_GROUPS_STRICT,
                                    _PROTECT_CONTROL_GROUPS_MAX,
                                    _PROTECT_CONTROL_GROUPS_INVALID = -EINVAL,
} ProtectControlGroups;

typedef enum ProtectHostname { /* private since v258 */
                               PROTECT_HOSTNAME_NO,
                               PROTECT_HOSTNAME_YES,
                               PROTECT_HOSTNAME_PRIVATE,
                               _PROTECT_HOSTNAME_MAX,
                               _PROTECT_HOSTNAME_INVALID = -EINVAL,
} ProtectHostname;

typedef enum KeyringMode {
        KEYRING_INHERIT,
        KEYRING_PRIVATE,
        KEYRING_SHARED,
        _KEYRING_MODE_MAX,
        _KEYRING_MODE_INVALID = -EINVAL,
} KeyringMode;

typedef enum NotifyAccess {
        NOTIFY_NONE,
        NOTIFY_ALL,
        NOTIFY_MAIN,
        NOTIFY_EXEC,
        _NOTIFY_ACCESS_MAX,
        _NOTIFY_ACCESS_INVALID = -EINVAL,
} NotifyAccess;

typedef enum ServiceType {
        SERVICE_SIMPLE,
        SERVICE_FORKING,
        SERVICE_ONESHOT,
        SERVICE_DBUS,
        SERVICE_NOTIFY,
        SERVICE_NOTIFY_RELOAD, /* v253 */
        SERVICE_IDLE,
        SERVICE_EXEC,
        _SERVICE_TYPE_MAX,
        _SERVICE_TYPE_INVALID = -EINVAL,
} ServiceType;

typedef enum ServiceExitType {
        SERVICE_EXIT_MAIN,
        SERVICE_EXIT_CGROUP,
        _SERVICE_EXIT_TYPE_MAX,
        _SERVICE_EXIT_TYPE_INVALID = -EINVAL,
} ServiceExitType;

typedef enum ServiceRestart {
        SERVICE_RESTART_NO,
        SERVICE_RESTART_ON_SUCCESS,
        SERVICE_RESTART_ON_FAILURE,
        SERVICE_RESTART_ON_ABNORMAL,
        SERVICE_RESTART_ON_WATCHDOG,
        SERVICE_RESTART_ON_ABORT,
        SERVICE_RESTART_ALWAYS,
        _SERVICE_RESTART_MAX,
        _SERVICE_RESTART_INVALID = -EINVAL,
} ServiceRestart;

typedef enum KillMode {
        KILL_CONTROL_GROUP,
        KILL_PROCESS,
        KILL_MIXED,
        KILL_NONE,
        _KILL_MODE_MAX,
        _KILL_MODE_INVALID = -EINVAL,
} KillMode;

typedef enum DevicePolicy {
        DEVICE_POLICY_AUTO,
        DEVICE_POLICY_CLOSED,
        DEVICE_POLICY_STRICT,
        _DEVICE_POLICY_MAX,
        _DEVICE_POLICY_INVALID = -EINVAL,
} DevicePolicy;

typedef enum ExecInput {
        EXEC_INPUT_NULL,
        EXEC_INPUT_TTY,
        EXEC_INPUT_TTY_FORCE,
        EXEC_INPUT_TTY_FAIL,
        EXEC_INPUT_SOCKET,
        EXEC_INPUT_NAMED_FD,
        EXEC_INPUT_DATA,
        EXEC_INPUT_FILE,
        _EXEC_INPUT_MAX,
        _EXEC_INPUT_INVALID = -EINVAL,
} ExecInput;

typedef enum ExecOutput {
        EXEC_OUTPUT_INHERIT,
        EXEC_OUTPUT_NULL,
        EXEC_OUTPUT_TTY,
        EXEC_OUTPUT_KMSG,
        EXEC_OUTPUT_KMSG_AND_CONSOLE,
        EXEC_OUTPUT_JOURNAL,
        EXEC_OUTPUT_JOURNAL_AND_CONSOLE,
        EXEC_OUTPUT_SOCKET,
        EXEC_OUTPUT_NAMED_FD,
        EXEC_OUTPUT_FILE,
        EXEC_OUTPUT_FILE_APPEND,
        EXEC_OUTPUT_FILE_TRUNCATE,
        _EXEC_OUTPUT_MAX,
        _EXEC_OUTPUT_INVALID = -EINVAL,
} ExecOutput;

typedef enum MountPropagation { /* MountFlags= */
                                MOUNT_PROPAGATION_DEFAULT,
                                MOUNT_PROPAGATION_SHARED,
                                MOUNT_PROPAGATION_SLAVE,
                                MOUNT_PROPAGATION_PRIVATE,
                                _MOUNT_PROPAGATION_MAX,
                                _MOUNT_PROPAGATION_INVALID = -EINVAL,
} MountPropagation;

typedef enum ExecPreserveMode { /* RuntimeDirectoryPreserve= */
                                EXEC_PRESERVE_NO,
                                EXEC_PRESERVE_YES,
                                EXEC_PRESERVE_RESTART,
                                _EXEC_PRESERVE_MODE_MAX,
                                _EXEC_PRESERVE_MODE_INVALID = -EINVAL,
} ExecPreserveMode;

typedef enum ExecDirectoryType {
        EXEC_DIRECTORY_RUNTIME,
        EXEC_DIRECTORY_STATE,
        EXEC_DIRECTORY_CACHE,
        EXEC_DIRECTORY_LOGS,
        EXEC_DIRECTORY_CONFIGURATION,
        _EXEC_DIRECTORY_TYPE_MAX,
        _EXEC_DIRECTORY_TYPE_INVALID = -EINVAL,
} ExecDirectoryType;

typedef enum ExecCommandType {
        SERVICE_EXEC_CONDITION,
        SERVICE_EXEC_START_PRE,
        SERVICE_EXEC_START,
        SERVICE_EXEC_START_POST,
        SERVICE_EXEC_RELOAD,
        SERVICE_EXEC_STOP,
        SERVICE_EXEC_STOP_POST,
        _SERVICE_EXEC_COMMAND_MAX,
        _SERVICE_EXEC_COMMAND_INVALID = -EINVAL,
} ExecCommandType;

typedef enum ExecCommandFlags {
        EXEC_COMMAND_IGNORE_FAILURE = 1 << 0,   /* '-' */
        EXEC_COMMAND_FULLY_PRIVILEGED = 1 << 1, /* '+' */
        EXEC_COMMAND_NO_SETUID = 1 << 2,        /* '!' */
        EXEC_COMMAND_AMBIENT_MAGIC = 1 << 3,    /* '!!' */
        EXEC_COMMAND_NO_ENV_EXPAND = 1 << 4,    /* ':' */
        EXEC_COMMAND_ARGV0 = 1 << 5,            /* '@' (argv[0] given separately) */
        EXEC_COMMAND_VIA_SHELL = 1 << 6,        /* '|' (v258) */
} ExecCommandFlags;

typedef enum TimeoutMode {
        TIMEOUT_TERMINATE,
        TIMEOUT_ABORT,
        TIMEOUT_KILL,
        _TIMEOUT_MODE_MAX,
        _TIMEOUT_MODE_INVALID = -EINVAL,
} TimeoutMode;

typedef enum OOMPolicy {
        OOM_CONTINUE,
        OOM_STOP,
        OOM_KILL,
        _OOM_POLICY_MAX,
        _OOM_POLICY_INVALID = -EINVAL,
} OOMPolicy;

typedef enum IOSchedClass { /* values are the kernel's IOPRIO_CLASS_* */
                            IO_CLASS_NONE = 0,
                            IO_CLASS_REALTIME = 1,
                            IO_CLASS_BEST_EFFORT = 2,
                            IO_CLASS_IDLE = 3,
                            _IO_CLASS_MAX,
                            _IO_CLASS_INVALID = -EINVAL,
} IOSchedClass;

/* ---------------------------------------------------------------- sets */

/* Capabilities: bit N = capability number N (capability-252.txt lists 0..40). */
#define CAP_LAST_KNOWN 40
#define CAP_MASK_ALL   ((UINT64_C(1) << (CAP_LAST_KNOWN + 1)) - 1)

/* Syscalls are indexes into the syscall name table (syscalls.h). A set is a bitmap plus an
 * optional per-entry errno: SYSCALL_ERRNO_DEFAULT uses the filter's default action,
 * SYSCALL_ERRNO_KILL is the explicit ":kill" action. */
#define SYSCALL_TABLE_MAX     576 /* systemd 252 knows 539 names */
#define SYSCALL_ERRNO_DEFAULT (-1)
#define SYSCALL_ERRNO_KILL    (-2)

typedef struct SyscallFilter {
        bool configured; /* any non-reset assignment seen */
        bool allow_list; /* decided by the first assignment after a reset */
        uint64_t bits[SYSCALL_TABLE_MAX / 64];
        int16_t errno_of[SYSCALL_TABLE_MAX];
        Origin origin; /* last assignment */
} SyscallFilter;

/* Address families: bit N = AF number N (AF_MAX is 46 on Linux 6.x). */
/* configured = systemd's set exists (later lines merge into it); "none" leaves it unset with
 * allow_list = true, i.e. an empty allow list: restrictive iff allow_list || families != 0. */
typedef struct AddressFamilies {
        bool configured;
        bool allow_list;
        uint64_t families;
        Origin origin;
} AddressFamilies;

/* Namespace flags are the kernel's CLONE_NEW* bits. */
#define NAMESPACE_FLAGS_ALL                                                                        \
        (0x02000000UL /*CGROUP*/ | 0x08000000UL /*IPC*/ | 0x40000000UL /*NET*/ |                   \
         0x00020000UL /*NS*/ | 0x20000000UL /*PID*/ | 0x10000000UL /*USER*/ |                      \
         0x04000000UL /*UTS*/)

typedef struct ExecCommand {
        char *path;  /* absolute, or a bare name to be searched */
        char **argv; /* argv[0] included */
        ExecCommandFlags flags;
        Origin origin;
} ExecCommand;

typedef struct ExecCommandList {
        ExecCommand *items;
        size_t n;
} ExecCommandList;

typedef struct PathEntry {
        char *path;
        bool ignore_missing;   /* '-' */
        bool relative_to_root; /* '+' */
        Origin origin;
} PathEntry;

typedef struct PathList {
        PathEntry *items;
        size_t n;
} PathList;

typedef struct BindMount {
        char *source;
        char *destination;
        bool read_only;
        bool recursive;      /* rbind (default) vs norbind */
        bool ignore_missing; /* '-' on the source */
        Origin origin;
} BindMount;

typedef struct BindMountList {
        BindMount *items;
        size_t n;
} BindMountList;

typedef struct TemporaryFileSystem {
        char *path;
        char *options; /* may be NULL */
        Origin origin;
} TemporaryFileSystem;

typedef struct TemporaryFileSystemList {
        TemporaryFileSystem *items;
        size_t n;
} TemporaryFileSystemList;

typedef struct ExecDirectoryItem {
        char *path;      /* relative to the type's root, e.g. "foo/bar" */
        char **symlinks; /* "src:dst" second field (v250) */
        bool read_only;  /* ":ro" (v257) */
        Origin origin;
} ExecDirectoryItem;

typedef struct ExecDirectory {
        ExecDirectoryItem *items;
        size_t n;
        mode_t mode; /* default 0755 */
        Origin mode_origin;
} ExecDirectory;

typedef struct StrvWithOrigin {
        char **strv;
        Origin *origins; /* one per element */
} StrvWithOrigin;

typedef struct EnvironmentFile {
        char *path;
        bool ignore_missing;
        Origin origin;
} EnvironmentFile;

typedef struct EnvironmentFileList {
        EnvironmentFile *items;
        size_t n;
} EnvironmentFileList;

typedef struct LoadCredential {
        char *id;
        char *path; /* absolute path, AF_UNIX socket path, or relative credential name */
        bool encrypted;
        Origin origin;
} LoadCredential;

typedef struct SetCredential {
        char *id;
        char *data;
        size_t size;
        bool encrypted;
        Origin origin;
} SetCredential;

typedef struct CredentialSettings {
        LoadCredential *load;
        size_t n_load;
        SetCredential *set;
        size_t n_set;
        StrvWithOrigin import; /* ImportCredential= globs (v254) */
} CredentialSettings;

typedef struct RLimitSetting {
        bool set;
        rlim_t soft, hard; /* RLIM_INFINITY allowed */
        Origin origin;
} RLimitSetting;

#define RLIMIT_COUNT 16 /* RLIMIT_NLIMITS on Linux */

typedef struct TriBool { /* a boolean that remembers whether it was assigned */
        bool value;
        bool set;
        Origin origin;
} TriBool;

typedef struct IntSetting {
        int64_t value;
        bool set;
        Origin origin;
} IntSetting;

typedef struct StringSetting {
        char *value; /* NULL = unset */
        Origin origin;
} StringSetting;

typedef struct DeviceAllowEntry {
        char *path; /* "/dev/…" or "char-…"/"block-…" */
        char access[4];
        Origin origin;
} DeviceAllowEntry;

typedef struct IPAddressEntry {
        int family; /* AF_INET or AF_INET6 */
        uint8_t address[16];
        unsigned prefixlen;
} IPAddressEntry;

typedef struct IPAddressList {
        IPAddressEntry *items;
        size_t n;
        bool any_v4, any_v6; /* covers 0.0.0.0/0, ::/0 */
        Origin origin;
} IPAddressList;

/* ---------------------------------------------------------------- settings */

/* Everything systemd.exec(5) describes, plus the sandbox parts of systemd.resource-control(5)
 * that the scorer and runner need. */
typedef struct ExecSettings {
        /* identity */
        StringSetting user, group;
        TriBool dynamic_user;
        StrvWithOrigin supplementary_groups;
        StringSetting pam_name;
        TriBool set_login_environment; /* v255 */

        /* paths and working directory */
        StringSetting working_directory; /* "~" = home; NULL = default */
        bool working_directory_missing_ok;
        StringSetting root_directory, root_image;
        TriBool mount_apivfs;
        TriBool bind_log_sockets; /* v257 */
        MountPropagation mount_propagation;
        Origin mount_propagation_origin;
        PathList read_write_paths, read_only_paths, inaccessible_paths, exec_paths, no_exec_paths;
        BindMountList bind_mounts; /* BindPaths= and BindReadOnlyPaths= in order */
        TemporaryFileSystemList temporary_filesystems;
        ExecDirectory directories[_EXEC_DIRECTORY_TYPE_MAX];
        ExecPreserveMode runtime_directory_preserve;
        Origin runtime_directory_preserve_origin;
        StrvWithOrigin exec_search_path;

        /* namespaces and file system protection */
        ProtectSystem protect_system;
        Origin protect_system_origin;
        ProtectHome protect_home;
        Origin protect_home_origin;
        PrivateTmp private_tmp;
        Origin private_tmp_origin;
        TriBool private_devices, private_network, private_mounts, private_ipc, private_pids;
        PrivateUsers private_users;
        Origin private_users_origin;
        TriBool protect_kernel_tunables, protect_kernel_modules, protect_kernel_logs, protect_clock;
        ProtectControlGroups protect_control_groups;
        Origin protect_control_groups_origin;
        ProtectHostname protect_hostname;
        char *protect_hostname_name; /* "private:NAME" (v258) */
        Origin protect_hostname_origin;
        ProtectProc protect_proc;
        Origin protect_proc_origin;
        ProcSubset proc_subset;
        Origin proc_subset_origin;
        StringSetting network_namespace_path, ipc_namespace_path;

        /* privileges */
        uint64_t capability_bounding_set; /* default CAP_MASK_ALL */
        Origin capability_bounding_set_origin;
        uint64_t ambient_capabilities;
        Origin ambient_capabilities_origin;
        /* Parser state for systemd's merge rule, which compares its 64-bit value with the
         * initial one: systemd keeps the bits above CAP_LAST_KNOWN set after a replacing "~"
         * line (ambient) / clears them after a replacing non-"~" line (bounding set).
         * Scoring: systemd's ambient set is non-empty if ambient_capabilities_inverted, even
         * when no known capability bit is left. */
        bool capability_bounding_set_explicit_list, ambient_capabilities_inverted;
        TriBool no_new_privileges;
        int secure_bits;
        Origin secure_bits_origin;
        TriBool restrict_suid_sgid, remove_ipc, lock_personality, memory_deny_write_execute,
                restrict_realtime;
        KeyringMode keyring_mode;
        Origin keyring_mode_origin;
        mode_t umask; /* default 0022 */
        Origin umask_origin;
        StringSetting personality;

        /* system calls and kernel surface */
        SyscallFilter syscall_filter;
        SyscallFilter syscall_log;
        int syscall_error_number; /* 0 = kill (default); SYSCALL_ERRNO_KILL explicit */
        Origin syscall_error_number_origin;
        StrvWithOrigin syscall_architectures; /* "native", "x86-64", … */
        AddressFamilies restrict_address_families;
        unsigned long restrict_namespaces; /* allowed CLONE_NEW* flags */
        bool restrict_namespaces_set;
        Origin restrict_namespaces_origin;
        StrvWithOrigin restrict_filesystems; /* raw entries */

        /* resources and scheduling */
        RLimitSetting rlimits[RLIMIT_COUNT];
        IntSetting nice, oom_score_adjust, cpu_sched_policy, cpu_sched_priority, io_sched_class,
                io_sched_priority, timer_slack_nsec, coredump_filter;
        TriBool cpu_sched_reset_on_fork;
        StringSetting cpu_affinity; /* normalised CPU list */

        /* environment */
        StrvWithOrigin environment; /* "NAME=value" in assignment order, later wins */
        EnvironmentFileList environment_files;
        StrvWithOrigin pass_environment, unset_environment;

        /* stdio */
        ExecInput std_input;
        ExecOutput std_output, std_error;
        char *std_input_path, *std_output_path, *std_error_path; /* file:/append:/truncate: */
        char *std_input_fdname, *std_output_fdname, *std_error_fdname;
        Origin std_input_origin, std_output_origin, std_error_origin;
        StrvWithOrigin std_input_text; /* StandardInputText= lines */
        StringSetting tty_path;
        TriBool ignore_sigpipe; /* default yes */

        /* credentials */
        CredentialSettings credentials;

        /* MAC labels */
        StringSetting selinux_context, apparmor_profile, smack_process_label;
} ExecSettings;

typedef struct KillSettings {
        KillMode kill_mode;
        Origin kill_mode_origin;
        IntSetting kill_signal, restart_kill_signal, final_kill_signal, watchdog_signal;
        TriBool send_sigkill, send_sighup;
} KillSettings;

/* Cgroup settings the sandbox and scorer care about; the rest stays raw. */
typedef struct CGroupSettings {
        DevicePolicy device_policy;
        Origin device_policy_origin;
        DeviceAllowEntry *device_allow;
        size_t n_device_allow;
        IPAddressList ip_address_allow, ip_address_deny;
        StrvWithOrigin ip_ingress_filter_path, ip_egress_filter_path;
        TriBool delegate;
        char **delegate_controllers;
        uint64_t memory_max, memory_high, memory_low, memory_min,
                memory_swap_max; /* UINT64_MAX = unset/infinity */
        Origin memory_max_origin, memory_high_origin;
        uint64_t tasks_max;      /* UINT64_MAX = unset; percentage stored as tasks_max_permyriad */
        int tasks_max_permyriad; /* -1 unless TasksMax= is a percentage */
        Origin tasks_max_origin;
        uint64_t cpu_quota_per_sec_usec; /* USEC_INFINITY = unset */
        Origin cpu_quota_origin;
        uint64_t cpu_weight, io_weight; /* UINT64_MAX = unset */
} CGroupSettings;

typedef struct ServiceSettings {
        ServiceType type;
        Origin type_origin;
        bool type_set;
        ServiceExitType exit_type;
        ServiceRestart restart;
        Origin restart_origin;
        ExecCommandList exec[_SERVICE_EXEC_COMMAND_MAX];
        StringSetting pid_file, bus_name;
        NotifyAccess notify_access;
        Origin notify_access_origin;
        bool notify_access_set;
        TriBool remain_after_exit, guess_main_pid, root_directory_start_only,
                permissions_start_only, non_blocking;
        usec_t restart_usec, timeout_start_usec, timeout_stop_usec, timeout_abort_usec,
                runtime_max_usec, watchdog_usec;
        bool timeout_abort_set;
        StrvWithOrigin success_exit_status, restart_prevent_exit_status, restart_force_exit_status;
        OOMPolicy oom_policy;
        TimeoutMode timeout_start_failure_mode, timeout_stop_failure_mode;
} ServiceSettings;

typedef struct UnitSection {
        StringSetting description;
        TriBool default_dependencies;     /* default yes */
        usec_t start_limit_interval_usec; /* default 10 s */
        unsigned start_limit_burst;       /* default 5 */
        StrvWithOrigin documentation;
} UnitSection;

typedef struct InstallSection {
        StrvWithOrigin wanted_by, required_by, also, alias;
        StringSetting default_instance;
} InstallSection;

/* String tables (model.c), spelled as systemd spells the values. */
DECLARE_STRING_TABLE_LOOKUP(protect_system, ProtectSystem);
DECLARE_STRING_TABLE_LOOKUP(protect_home, ProtectHome);
DECLARE_STRING_TABLE_LOOKUP(protect_proc, ProtectProc);
DECLARE_STRING_TABLE_LOOKUP(proc_subset, ProcSubset);
DECLARE_STRING_TABLE_LOOKUP(private_tmp, PrivateTmp);
DECLARE_STRING_TABLE_LOOKUP(private_users, PrivateUsers);
DECLARE_STRING_TABLE_LOOKUP(protect_control_groups, ProtectControlGroups);
DECLARE_STRING_TABLE_LOOKUP(protect_hostname, ProtectHostname);
DECLARE_STRING_TABLE_LOOKUP(keyring_mode, KeyringMode);
DECLARE_STRING_TABLE_LOOKUP(notify_access, NotifyAccess);
DECLARE_STRING_TABLE_LOOKUP(service_type, ServiceType);
DECLARE_STRING_TABLE_LOOKUP(service_exit_type, ServiceExitType);
DECLARE_STRING_TABLE_LOOKUP(service_restart, ServiceRestart);
DECLARE_STRING_TABLE_LOOKUP(kill_mode, KillMode);
DECLARE_STRING_TABLE_LOOKUP(device_policy, DevicePolicy);
DECLARE_STRING_TABLE_LOOKUP(exec_input, ExecInput);
DECLARE_STRING_TABLE_LOOKUP(exec_output, ExecOutput);
DECLARE_STRING_TABLE_LOOKUP(mount_propagation, MountPropagation);
DECLARE_STRING_TABLE_LOOKUP(exec_preserve_mode, ExecPreserveMode);
DECLARE_STRING_TABLE_LOOKUP(exec_directory_type, ExecDirectoryType);
DECLARE_STRING_TABLE_LOOKUP(exec_command_type, ExecCommandType);
DECLARE_STRING_TABLE_LOOKUP(timeout_mode, TimeoutMode);
DECLARE_STRING_TABLE_LOOKUP(oom_policy, OOMPolicy);
DECLARE_STRING_TABLE_LOOKUP(io_sched_class, IOSchedClass);

/* Freeing helpers for model members (model.c). */
void exec_command_list_done(ExecCommandList *l);
void path_list_done(PathList *l);
/* Empty LoadCredential*= / SetCredential*= (an empty assignment); set data is wiped. */
void credential_settings_clear_load(CredentialSettings *c);
void credential_settings_clear_set(CredentialSettings *c);
void strv_with_origin_done(StrvWithOrigin *s);
/* Appends a copy of value with its origin. */
int strv_with_origin_add(StrvWithOrigin *s, const char *value, Origin origin);
void strv_with_origin_reset(StrvWithOrigin *s);

/* Defaults (systemd 252, system manager). */
#define DEFAULT_UMASK                     0022
#define DEFAULT_TIMEOUT_USEC              (90 * USEC_PER_SEC)
#define DEFAULT_RESTART_USEC              (100 * USEC_PER_MSEC)
#define DEFAULT_START_LIMIT_INTERVAL_USEC (10 * USEC_PER_SEC)
#define DEFAULT_START_LIMIT_BURST         5
#define EXEC_DIRECTORY_DEFAULT_MODE       0755
