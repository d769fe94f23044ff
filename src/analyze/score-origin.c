/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which assignment decided each check: the Origin the model keeps next to every setting
 * (file:line of the last assignment, or the directive that implied it). */
#include "score.h"

static Origin last_origin(const StrvWithOrigin *s)
{
        size_t n = 0;
        while (s->strv && s->strv[n])
                n++;
        return n > 0 && s->origins ? s->origins[n - 1] : ORIGIN_NULL;
}

static const Origin *bool_origin(const Unit *u, SecurityBool f)
{
        const ExecSettings *c = &u->exec;
        switch (f) {
        case SEC_PRIVATE_DEVICES:
                return &c->private_devices.origin;
        case SEC_PRIVATE_MOUNTS:
                return &c->private_mounts.origin;
        case SEC_PRIVATE_NETWORK:
                return &c->private_network.origin;
        case SEC_PRIVATE_TMP:
                return &c->private_tmp_origin;
        case SEC_PRIVATE_USERS:
                return &c->private_users_origin;
        case SEC_PROTECT_CONTROL_GROUPS:
                return &c->protect_control_groups_origin;
        case SEC_PROTECT_KERNEL_MODULES:
                return &c->protect_kernel_modules.origin;
        case SEC_PROTECT_KERNEL_TUNABLES:
                return &c->protect_kernel_tunables.origin;
        case SEC_PROTECT_KERNEL_LOGS:
                return &c->protect_kernel_logs.origin;
        case SEC_PROTECT_CLOCK:
                return &c->protect_clock.origin;
        case SEC_PROTECT_HOSTNAME:
                return &c->protect_hostname_origin;
        case SEC_LOCK_PERSONALITY:
                return &c->lock_personality.origin;
        case SEC_MEMORY_DENY_WRITE_EXECUTE:
                return &c->memory_deny_write_execute.origin;
        case SEC_NO_NEW_PRIVILEGES:
                return &c->no_new_privileges.origin;
        case SEC_REMOVE_IPC:
                return &c->remove_ipc.origin;
        case SEC_DELEGATE:
                return &u->cgroup.delegate.origin;
        case SEC_RESTRICT_REALTIME:
                return &c->restrict_realtime.origin;
        case SEC_RESTRICT_SUID_SGID:
                return &c->restrict_suid_sgid.origin;
        case SEC_AF_INET:
        case SEC_AF_UNIX:
        case SEC_AF_NETLINK:
        case SEC_AF_PACKET:
        case SEC_AF_OTHER:
                return &c->restrict_address_families.origin;
        case _SEC_BOOL_MAX:
                break;
        }
        return NULL;
}

static Origin check_origin(const Unit *u, const SecurityAssessor *a)
{
        const ExecSettings *c = &u->exec;
        const Origin *o = NULL;

        if (a->default_dependencies_only && u->unit.default_dependencies.set &&
            !u->unit.default_dependencies.value)
                return u->unit.default_dependencies.origin;

        switch (a->kind) {
        case SECURITY_CHECK_BOOL:
                o = bool_origin(u, a->field);
                break;
        case SECURITY_CHECK_USER:
                o = origin_is_set(&c->user.origin) ? &c->user.origin : &c->dynamic_user.origin;
                break;
        case SECURITY_CHECK_SUPPLEMENTARY_GROUPS:
                return last_origin(&c->supplementary_groups);
        case SECURITY_CHECK_PROTECT_HOME:
                o = &c->protect_home_origin;
                break;
        case SECURITY_CHECK_PROTECT_SYSTEM:
                o = &c->protect_system_origin;
                break;
        case SECURITY_CHECK_ROOT_DIRECTORY:
                o = origin_is_set(&c->root_directory.origin) ? &c->root_directory.origin
                                                             : &c->root_image.origin;
                break;
        case SECURITY_CHECK_CAPABILITY:
                o = &c->capability_bounding_set_origin;
                break;
        case SECURITY_CHECK_UMASK:
                o = &c->umask_origin;
                break;
        case SECURITY_CHECK_KEYRING_MODE:
                o = &c->keyring_mode_origin;
                break;
        case SECURITY_CHECK_PROTECT_PROC:
                o = &c->protect_proc_origin;
                break;
        case SECURITY_CHECK_PROC_SUBSET:
                o = &c->proc_subset_origin;
                break;
        case SECURITY_CHECK_NOTIFY_ACCESS:
                o = &u->service.notify_access_origin;
                break;
        case SECURITY_CHECK_REMOVE_IPC:
                o = &c->remove_ipc.origin;
                break;
        case SECURITY_CHECK_RESTRICT_NAMESPACES:
                o = &c->restrict_namespaces_origin;
                break;
        case SECURITY_CHECK_SYSCALL_ARCHITECTURES:
                return last_origin(&c->syscall_architectures);
        case SECURITY_CHECK_SYSCALL_FILTER:
                o = &c->syscall_filter.origin;
                break;
        case SECURITY_CHECK_IP_ADDRESS:
                o = &u->cgroup.ip_address_deny.origin;
                break;
        case SECURITY_CHECK_DEVICE_ALLOW:
                if (u->cgroup.n_device_allow > 0)
                        o = &u->cgroup.device_allow[u->cgroup.n_device_allow - 1].origin;
                else
                        o = &u->cgroup.device_policy_origin;
                break;
        case SECURITY_CHECK_AMBIENT_CAPABILITIES:
                o = &c->ambient_capabilities_origin;
                break;
        case _SECURITY_CHECK_KIND_MAX:
                break;
        }
        return o ? *o : ORIGIN_NULL;
}

void security_report_set_origins(SecurityReport *r, const Unit *u)
{
        for (size_t i = 0; i < r->n_rows; i++)
                r->rows[i].origin = check_origin(u, r->rows[i].assessor);
}
