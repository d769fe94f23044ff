/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Implied settings: what systemd 252 patches into a unit's contexts at load time
 * (service_add_extras(), unit_patch_contexts(), service_fix_stdio()), applied in one place so
 * that every consumer — show, lint, analyze security, run — sees what systemd sees.
 *
 * Not modelled here, by design:
 * - NoNewPrivileges= implied by seccomp use when unprivileged: systemd reports the configured
 *   value; exec_needs_no_new_privs() answers what the executor must do.
 * - RestrictRealtime=: becomes RLIMIT_RTPRIO=0 / a seccomp rule at exec time, nothing here.
 * - Manager default rlimits (DefaultLimitNOFILE= …). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exec-semantics.h"
#include "parse-util.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "unit.h"

#define CAP_BIT(n) (UINT64_C(1) << (n))
/* Capability numbers from <linux/capability.h>. */
#define CAP_SYS_MODULE_ 16
#define CAP_SYS_RAWIO_  17
#define CAP_SYS_TIME_   25
#define CAP_MKNOD_      27
#define CAP_SYSLOG_     34
#define CAP_WAKE_ALARM_ 35

Origin origin_implied(const Unit *u, const char *by_directive)
{
        Origin o = ORIGIN_NULL;
        int idx = directive_index(SECTION_SERVICE, by_directive);

        if (idx < 0)
                return o;
        /* Point at the assignment that triggered it when we know it. */
        if (u && u->origins)
                o = u->origins[idx];
        o.implied_by = idx;
        return o;
}

/* Marks a value as changed by an implication: keeps an explicit file:line if there is one
 * (the value is still partly the user's), and records the trigger. */
static void origin_mark_implied(Origin *o, const Unit *u, const char *by)
{
        Origin t = origin_implied(u, by);

        if (o->file && o->implied_by < 0)
                o->implied_by = t.implied_by;
        else
                *o = t;
}

static void tribool_force(TriBool *b, bool v, const Unit *u, const char *by)
{
        if (b->value == v && b->set)
                return;
        b->value = v;
        b->set = true;
        b->origin = origin_implied(u, by);
}

static void cap_mask(Unit *u, uint64_t drop, const char *by)
{
        if (!(u->exec.capability_bounding_set & drop))
                return;
        u->exec.capability_bounding_set &= ~drop;
        origin_mark_implied(&u->exec.capability_bounding_set_origin, u, by);
}

static const RawSetting *raw_get(const Unit *u, const char *name)
{
        int idx = directive_index(SECTION_SERVICE, name);

        if (idx < 0)
                return NULL;
        for (size_t i = 0; i < u->n_raw; i++)
                if (u->raw[i].directive == idx)
                        return &u->raw[i];
        return NULL;
}

static bool raw_nonempty(const Unit *u, const char *name)
{
        const RawSetting *r = raw_get(u, name);
        return r && r->values.strv && r->values.strv[0];
}

static bool directive_assigned(const Unit *u, const char *name)
{
        int idx = directive_index(SECTION_SERVICE, name);
        return idx >= 0 && u->origins && u->origins[idx].file;
}

/* ---------------------------------------------------------------- DynamicUser= */

static bool user_name_is_strict(const char *s)
{
        size_t n = 0;

        if (isempty(s))
                return false;
        if (!strchr(LETTERS "_", s[0]))
                return false;
        for (const char *c = s + 1; *c; c++)
                if (!strchr(ALPHANUMERICAL "_-", *c))
                        return false;
        n = strlen(s);
        return n <= 31; /* UT_NAMESIZE - 1 */
}

uint64_t siphash24(const void *in, size_t len, const uint8_t k[16])
{
        const uint8_t *p = in;
        uint64_t k0 = 0, k1 = 0, m, b = (uint64_t) len << 56;
        uint64_t v0, v1, v2, v3;

        for (int i = 7; i >= 0; i--) {
                k0 = (k0 << 8) | k[i];
                k1 = (k1 << 8) | k[i + 8];
        }
        v0 = k0 ^ UINT64_C(0x736f6d6570736575);
        v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
        v2 = k0 ^ UINT64_C(0x6c7967656e657261);
        v3 = k1 ^ UINT64_C(0x7465646279746573);

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND                                                                                   \
        do {                                                                                       \
                v0 += v1;                                                                          \
                v1 = ROTL(v1, 13);                                                                 \
                v1 ^= v0;                                                                          \
                v0 = ROTL(v0, 32);                                                                 \
                v2 += v3;                                                                          \
                v3 = ROTL(v3, 16);                                                                 \
                v3 ^= v2;                                                                          \
                v0 += v3;                                                                          \
                v3 = ROTL(v3, 21);                                                                 \
                v3 ^= v0;                                                                          \
                v2 += v1;                                                                          \
                v1 = ROTL(v1, 17);                                                                 \
                v1 ^= v2;                                                                          \
                v2 = ROTL(v2, 32);                                                                 \
        } while (0)

        for (; len >= 8; len -= 8, p += 8) {
                m = 0;
                for (int i = 7; i >= 0; i--)
                        m = (m << 8) | p[i];
                v3 ^= m;
                SIPROUND;
                SIPROUND;
                v0 ^= m;
        }
        for (size_t i = 0; i < len; i++)
                b |= (uint64_t) p[i] << (8 * i);
        v3 ^= b;
        SIPROUND;
        SIPROUND;
        v0 ^= b;
        v2 ^= 0xff;
        SIPROUND;
        SIPROUND;
        SIPROUND;
        SIPROUND;
#undef SIPROUND
#undef ROTL
        return v0 ^ v1 ^ v2 ^ v3;
}

char *dynamic_user_name_from_unit(const char *prefix)
{
        /* The key systemd 252 uses in user_from_unit_name(). */
        static const uint8_t key[16] = {0x58, 0x1a, 0xaf, 0xe6, 0x28, 0x58, 0x4e, 0x96,
                                        0xb4, 0x4e, 0xf5, 0x3b, 0x8c, 0x92, 0x07, 0xec};
        char *s;

        if (!prefix)
                return NULL;
        if (user_name_is_strict(prefix))
                return strdup(prefix);
        if (asprintf(&s, "_du%016" PRIx64, siphash24(prefix, strlen(prefix), key)) < 0)
                return NULL;
        return s;
}

static char *unit_prefix_of(const Unit *u)
{
        const char *at, *dot;

        if (u->prefix)
                return strdup(u->prefix);
        if (!u->id)
                return NULL;
        at = strchr(u->id, '@');
        dot = strrchr(u->id, '.');
        if (at)
                return strndup(u->id, at - u->id);
        return dot ? strndup(u->id, dot - u->id) : strdup(u->id);
}

static int apply_dynamic_user(Unit *u)
{
        ExecSettings *e = &u->exec;

        if (!e->dynamic_user.value)
                return 0;

        if (!e->user.value) {
                _cleanup_free_ char *prefix = unit_prefix_of(u);
                if (!prefix)
                        return -ENOMEM;
                e->user.value = dynamic_user_name_from_unit(prefix);
                if (!e->user.value)
                        return -ENOMEM;
                e->user.origin = origin_implied(u, "DynamicUser");
        }
        if (!e->group.value) {
                e->group.value = strdup(e->user.value);
                if (!e->group.value)
                        return -ENOMEM;
                e->group.origin = origin_implied(u, "DynamicUser");
        }

        /* The unit must not leave its UID/GID behind in the file system or on IPC objects. */
        if (e->private_tmp == PRIVATE_TMP_NO) {
                e->private_tmp = PRIVATE_TMP_YES;
                e->private_tmp_origin = origin_implied(u, "DynamicUser");
        }
        tribool_force(&e->remove_ipc, true, u, "DynamicUser");
        if (e->protect_system != PROTECT_SYSTEM_STRICT) {
                e->protect_system = PROTECT_SYSTEM_STRICT;
                e->protect_system_origin = origin_implied(u, "DynamicUser");
        }
        if (e->protect_home == PROTECT_HOME_NO) {
                e->protect_home = PROTECT_HOME_READ_ONLY;
                e->protect_home_origin = origin_implied(u, "DynamicUser");
        }
        tribool_force(&e->no_new_privileges, true, u, "DynamicUser");
        tribool_force(&e->restrict_suid_sgid, true, u, "DynamicUser");
        return 0;
}

/* ---------------------------------------------------------------- devices */

static int device_allow_add_implied(Unit *u, const char *path, const char *access, const char *by)
{
        CGroupSettings *c = &u->cgroup;
        DeviceAllowEntry *t;

        /* Idempotent: an entry we implied before is not added twice. */
        for (size_t i = 0; i < c->n_device_allow; i++)
                if (streq(c->device_allow[i].path, path) &&
                    c->device_allow[i].origin.implied_by >= 0)
                        return 0;
        t = realloc(c->device_allow, (c->n_device_allow + 1) * sizeof(DeviceAllowEntry));
        if (!t)
                return -ENOMEM;
        c->device_allow = t;
        t = &c->device_allow[c->n_device_allow];
        *t = (DeviceAllowEntry){.origin = origin_implied(u, by)};
        t->path = strdup(path);
        if (!t->path)
                return -ENOMEM;
        snprintf(t->access, sizeof(t->access), "%s", access);
        c->n_device_allow++;
        return 0;
}

static int apply_devices(Unit *u)
{
        ExecSettings *e = &u->exec;
        CGroupSettings *c = &u->cgroup;
        bool tpm = false;
        int r;

        if (e->private_devices.value && c->device_policy == DEVICE_POLICY_AUTO) {
                c->device_policy = DEVICE_POLICY_CLOSED;
                c->device_policy_origin = origin_implied(u, "PrivateDevices");
        }
        /* Only when a device policy is in effect: these entries imply everything else is
         * blocked. */
        if (c->device_policy == DEVICE_POLICY_AUTO && c->n_device_allow == 0)
                return 0;

        if (e->root_image.value || raw_nonempty(u, "MountImages")) {
                const char *by = e->root_image.value ? "RootImage" : "MountImages";
                static const char *const rw[] = {"/dev/loop-control", "/dev/mapper/control"};
                static const char *const rwm[] = {"block-loop", "block-blkext",
                                                  "block-device-mapper"};
                for (size_t i = 0; i < ELEMENTSOF(rw); i++) {
                        r = device_allow_add_implied(u, rw[i], "rw", by);
                        if (r < 0)
                                return r;
                }
                for (size_t i = 0; i < ELEMENTSOF(rwm); i++) {
                        r = device_allow_add_implied(u, rwm[i], "rwm", by);
                        if (r < 0)
                                return r;
                }
        }
        if (e->protect_clock.value) {
                r = device_allow_add_implied(u, "char-rtc", "r", "ProtectClock");
                if (r < 0)
                        return r;
        }
        /* Encrypted credentials may need the TPM. */
        for (size_t i = 0; i < e->credentials.n_load && !tpm; i++)
                tpm = e->credentials.load[i].encrypted;
        for (size_t i = 0; i < e->credentials.n_set && !tpm; i++)
                tpm = e->credentials.set[i].encrypted;
        if (tpm) {
                r = device_allow_add_implied(u, "/dev/tpmrm0", "rw",
                                             e->credentials.n_load ? "LoadCredentialEncrypted"
                                                                   : "SetCredentialEncrypted");
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---------------------------------------------------------------- service */

/* Inputs that are bidirectional streams: stdout/stderr may stay "inherit" with them. */
static bool stdin_is_stream(ExecInput i)
{
        return i == EXEC_INPUT_TTY || i == EXEC_INPUT_TTY_FORCE || i == EXEC_INPUT_TTY_FAIL ||
               i == EXEC_INPUT_SOCKET || i == EXEC_INPUT_NAMED_FD;
}

static void apply_service(Unit *u)
{
        ServiceSettings *s = &u->service;
        ExecSettings *e = &u->exec;
        const RawSetting *fd;
        unsigned fd_store_max = 0;

        /* service_add_extras(): the type when none was given. */
        if (!s->type_set) {
                if (s->bus_name.value) {
                        s->type = SERVICE_DBUS;
                        s->type_origin = origin_implied(u, "BusName");
                } else if (s->exec[SERVICE_EXEC_START].n > 0) {
                        s->type = SERVICE_SIMPLE;
                        s->type_origin = origin_implied(u, "ExecStart");
                } else {
                        s->type = SERVICE_ONESHOT;
                        s->type_origin = ORIGIN_NULL;
                }
        }
        /* Oneshot services have no start timeout unless one was given. */
        if (s->type == SERVICE_ONESHOT && !directive_assigned(u, "TimeoutStartSec") &&
            !directive_assigned(u, "TimeoutSec"))
                s->timeout_start_usec = USEC_INFINITY;

        /* service_fix_stdio() */
        if (e->std_input == EXEC_INPUT_NULL && e->std_input_text.strv && e->std_input_text.strv[0])
                e->std_input = EXEC_INPUT_DATA;
        if (!stdin_is_stream(e->std_input)) {
                if (e->std_error == EXEC_OUTPUT_INHERIT && e->std_output == EXEC_OUTPUT_INHERIT)
                        e->std_error = EXEC_OUTPUT_JOURNAL;
                if (e->std_output == EXEC_OUTPUT_INHERIT)
                        e->std_output = EXEC_OUTPUT_JOURNAL;
        }

        /* The notify socket is enabled when the service needs it. */
        fd = raw_get(u, "FileDescriptorStoreMax");
        if (fd && fd->values.strv && fd->values.strv[0])
                (void) safe_atou(fd->values.strv[strv_length(fd->values.strv) - 1], &fd_store_max);
        /* v252 overrides even an explicit NotifyAccess=none here. */
        if (s->notify_access == NOTIFY_NONE &&
            (s->type == SERVICE_NOTIFY || s->type == SERVICE_NOTIFY_RELOAD ||
             s->watchdog_usec > 0 || fd_store_max > 0)) {
                const char *by = s->type == SERVICE_NOTIFY || s->type == SERVICE_NOTIFY_RELOAD
                                         ? "Type"
                                 : s->watchdog_usec > 0 ? "WatchdogSec"
                                                        : "FileDescriptorStoreMax";
                s->notify_access = NOTIFY_MAIN;
                s->notify_access_origin = origin_implied(u, by);
        }

        /* Without OOMPolicy=, a delegated service is trusted to handle OOM itself. */
        if (!directive_assigned(u, "OOMPolicy") && u->cgroup.delegate.value &&
            s->oom_policy == OOM_STOP)
                s->oom_policy = OOM_CONTINUE;
}

int unit_apply_implied(Unit *u, DiagList *diags)
{
        ExecSettings *e;
        int r;

        if (!u)
                return -EINVAL;
        e = &u->exec;

        apply_service(u);

        /* The user manager runs services in the user's home directory by default, and tolerates
         * its absence. */
        if (u->options && u->options->user && !e->working_directory.value) {
                e->working_directory.value = strdup("~");
                if (!e->working_directory.value)
                        return -ENOMEM;
                e->working_directory_missing_ok = true;
        }

        /* unit_patch_contexts(): capability masking by PrivateDevices= and ProtectKernel*= etc. */
        if (e->private_devices.value)
                cap_mask(u, CAP_BIT(CAP_MKNOD_) | CAP_BIT(CAP_SYS_RAWIO_), "PrivateDevices");
        if (e->protect_kernel_modules.value)
                cap_mask(u, CAP_BIT(CAP_SYS_MODULE_), "ProtectKernelModules");
        if (e->protect_kernel_logs.value)
                cap_mask(u, CAP_BIT(CAP_SYSLOG_), "ProtectKernelLogs");
        if (e->protect_clock.value)
                cap_mask(u, CAP_BIT(CAP_SYS_TIME_) | CAP_BIT(CAP_WAKE_ALARM_), "ProtectClock");

        r = apply_dynamic_user(u);
        if (r < 0)
                return r;

        r = apply_devices(u);
        if (r < 0)
                return r;

        /* MountAPIVFS= defaults to yes with RootDirectory=/RootImage= (systemd computes it on
         * demand; D-Bus reports the effective value). */
        if (!e->mount_apivfs.set && !e->mount_apivfs.value &&
            (e->root_directory.value || e->root_image.value)) {
                e->mount_apivfs.value = true;
                e->mount_apivfs.origin =
                        origin_implied(u, e->root_image.value ? "RootImage" : "RootDirectory");
        }
        return 0;
}

/* ---------------------------------------------------------------- executor questions */

static bool syscall_filter_active(const SyscallFilter *f)
{
        if (f->allow_list)
                return true;
        for (size_t i = 0; i < ELEMENTSOF(f->bits); i++)
                if (f->bits[i])
                        return true;
        return false;
}

bool exec_needs_no_new_privs_full(const Unit *u, bool have_cap_sys_admin)
{
        const ExecSettings *e = &u->exec;

        if (e->no_new_privileges.value)
                return true;
        if (have_cap_sys_admin)
                return false;
        /* Any form of seccomp needs NNP when unprivileged. */
        return e->lock_personality.value || e->memory_deny_write_execute.value ||
               e->private_devices.value || e->protect_clock.value ||
               e->protect_hostname != PROTECT_HOSTNAME_NO || e->protect_kernel_tunables.value ||
               e->protect_kernel_modules.value || e->protect_kernel_logs.value ||
               e->restrict_address_families.allow_list ||
               e->restrict_address_families.families != 0 ||
               (e->restrict_namespaces_set &&
                (e->restrict_namespaces & NAMESPACE_FLAGS_ALL) != NAMESPACE_FLAGS_ALL) ||
               e->restrict_realtime.value || e->restrict_suid_sgid.value ||
               (e->syscall_architectures.strv && e->syscall_architectures.strv[0]) ||
               syscall_filter_active(&e->syscall_filter) || syscall_filter_active(&e->syscall_log);
}

bool exec_needs_no_new_privs(const Unit *u)
{
        return exec_needs_no_new_privs_full(u, false);
}

bool exec_needs_mount_namespace(const Unit *u)
{
        const ExecSettings *e = &u->exec;

        if (e->root_image.value)
                return true;
        if (e->read_write_paths.n || e->read_only_paths.n || e->inaccessible_paths.n ||
            e->exec_paths.n || e->no_exec_paths.n)
                return true;
        if (e->bind_mounts.n || e->temporary_filesystems.n)
                return true;
        if (raw_nonempty(u, "MountImages") || raw_nonempty(u, "ExtensionImages") ||
            raw_nonempty(u, "ExtensionDirectories"))
                return true;
        if (e->mount_propagation != MOUNT_PROPAGATION_DEFAULT &&
            e->mount_propagation != MOUNT_PROPAGATION_SHARED)
                return true;
        /* systemd asks whether the runtime has private /tmp dirs; with PrivateTmp= it does. */
        if (e->private_tmp != PRIVATE_TMP_NO)
                return true;
        if (e->private_devices.value || e->private_mounts.value ||
            e->protect_system != PROTECT_SYSTEM_NO || e->protect_home != PROTECT_HOME_NO ||
            e->protect_kernel_tunables.value || e->protect_kernel_modules.value ||
            e->protect_kernel_logs.value ||
            e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO ||
            e->protect_proc != PROTECT_PROC_DEFAULT || e->proc_subset != PROC_SUBSET_ALL ||
            e->private_ipc.value || e->ipc_namespace_path.value)
                return true;
        if (e->root_directory.value) {
                bool apivfs = e->mount_apivfs.set ? e->mount_apivfs.value : true;
                if (apivfs)
                        return true;
                for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                        if (e->directories[t].n > 0)
                                return true;
        }
        if (e->dynamic_user.value && (e->directories[EXEC_DIRECTORY_STATE].n > 0 ||
                                      e->directories[EXEC_DIRECTORY_CACHE].n > 0 ||
                                      e->directories[EXEC_DIRECTORY_LOGS].n > 0))
                return true;
        if (raw_nonempty(u, "LogNamespace"))
                return true;
        return false;
}
