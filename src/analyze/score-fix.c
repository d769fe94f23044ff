/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Suggested fixes: each assessor names the directive line that makes it good; applying that line
 * to a copy of the scorer's model (with the settings it implies in systemd 252: DynamicUser=
 * forces ProtectSystem=strict, ProtectHome=read-only, PrivateTmp=, RemoveIPC=, NoNewPrivileges=,
 * RestrictSUIDSGID=; the Protect*= switches drop their capabilities; PrivateDevices= closes the
 * device policy) and re-scoring gives the exposure the fix would reach. */
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"
#include "names.h"
#include "score.h"

#define CAPB(c) (UINT64_C(1) << (c))

static void fix_syscall_group(SecurityInfo *info, const char *group)
{
        uint64_t g[SYSCALL_TABLE_MAX / 64] = {};
        if (syscall_set_add(g, group) < 0)
                return;
        if (info->syscall_filter_bits)
                memcpy(info->syscall_filter_override, info->syscall_filter_bits,
                       sizeof(info->syscall_filter_override));
        else
                memset(info->syscall_filter_override, 0, sizeof(info->syscall_filter_override));
        for (size_t i = 0; i < ELEMENTSOF(g); i++) {
                if (info->syscall_filter_allow_list)
                        info->syscall_filter_override[i] &= ~g[i]; /* stop allowing the group */
                else
                        info->syscall_filter_override[i] |= g[i]; /* deny the group too */
        }
        info->syscall_filter_bits = info->syscall_filter_override;
}

bool security_info_apply_fix(SecurityInfo *info, const SecurityAssessor *a)
{
        switch (a->kind) {
        case SECURITY_CHECK_BOOL:
                info->b[a->field] = !a->invert;
                if (a->field == SEC_PRIVATE_DEVICES) {
                        info->capability_bounding_set &= ~(CAPB(CAP_MKNOD) | CAPB(CAP_SYS_RAWIO));
                        info->device_policy_restricted = true;
                } else if (a->field == SEC_PROTECT_KERNEL_MODULES)
                        info->capability_bounding_set &= ~CAPB(CAP_SYS_MODULE);
                else if (a->field == SEC_PROTECT_KERNEL_LOGS)
                        info->capability_bounding_set &= ~CAPB(CAP_SYSLOG);
                else if (a->field == SEC_PROTECT_CLOCK)
                        info->capability_bounding_set &=
                                ~(CAPB(CAP_SYS_TIME) | CAPB(CAP_WAKE_ALARM));
                else if (a->field == SEC_AF_OTHER)
                        info->b[SEC_AF_PACKET] = true; /* the allow list leaves AF_PACKET out */
                return true;
        case SECURITY_CHECK_USER:
                info->user = NULL;
                info->dynamic_user = true;
                if (info->protect_system == PROTECT_SYSTEM_NO)
                        info->protect_system = PROTECT_SYSTEM_STRICT;
                if (info->protect_home == PROTECT_HOME_NO)
                        info->protect_home = PROTECT_HOME_READ_ONLY;
                info->b[SEC_PRIVATE_TMP] = true;
                info->b[SEC_REMOVE_IPC] = true;
                info->b[SEC_NO_NEW_PRIVILEGES] = true;
                info->b[SEC_RESTRICT_SUID_SGID] = true;
                return true;
        case SECURITY_CHECK_SUPPLEMENTARY_GROUPS:
                info->has_supplementary_groups = false;
                return true;
        case SECURITY_CHECK_PROTECT_HOME:
                info->protect_home = PROTECT_HOME_YES;
                return true;
        case SECURITY_CHECK_PROTECT_SYSTEM:
                info->protect_system = PROTECT_SYSTEM_STRICT;
                return true;
        case SECURITY_CHECK_ROOT_DIRECTORY:
                info->has_root_directory = true;
                return true;
        case SECURITY_CHECK_CAPABILITY:
                info->capability_bounding_set &= ~a->parameter;
                return true;
        case SECURITY_CHECK_UMASK:
                info->umask = 0077;
                return true;
        case SECURITY_CHECK_KEYRING_MODE:
                info->keyring_mode = KEYRING_PRIVATE;
                return true;
        case SECURITY_CHECK_PROTECT_PROC:
                info->protect_proc = PROTECT_PROC_INVISIBLE;
                return true;
        case SECURITY_CHECK_PROC_SUBSET:
                info->proc_subset = PROC_SUBSET_PID;
                return true;
        case SECURITY_CHECK_NOTIFY_ACCESS:
                info->notify_access = NOTIFY_MAIN;
                return true;
        case SECURITY_CHECK_REMOVE_IPC:
                info->b[SEC_REMOVE_IPC] = true;
                return true;
        case SECURITY_CHECK_RESTRICT_NAMESPACES:
                info->restrict_namespaces &= ~a->parameter;
                return true;
        case SECURITY_CHECK_SYSCALL_ARCHITECTURES:
                info->n_syscall_archs = 1;
                info->syscall_archs_native_only = true;
                return true;
        case SECURITY_CHECK_SYSCALL_FILTER:
                fix_syscall_group(info, a->syscall_group);
                return true;
        case SECURITY_CHECK_IP_ADDRESS:
                info->ip_address_deny_all = true;
                return true;
        case SECURITY_CHECK_DEVICE_ALLOW:
                info->device_policy_restricted = true;
                return true;
        case SECURITY_CHECK_AMBIENT_CAPABILITIES:
                info->ambient_capabilities = 0;
                return true;
        case _SECURITY_CHECK_KIND_MAX:
                break;
        }
        return false;
}

int security_fixes_compute(const SecurityInfo *info, const SecurityPolicy *policy,
                           unsigned systemd_version, const SecurityReport *report,
                           SecurityFix **ret_fixes)
{
        SecurityFix *fixes = calloc(MAX(report->n_rows, (size_t) 1), sizeof(SecurityFix));
        if (!fixes)
                return -ENOMEM;

        for (size_t i = 0; i < report->n_rows; i++) {
                const SecurityRow *row = report->rows + i;
                fixes[i] = (SecurityFix){.assessor = row->assessor,
                                         .exposure_after = report->exposure};
                if (row->badness == 0 || row->badness == SECURITY_BADNESS_NA)
                        continue;
                SecurityInfo copy = *info;
                if (info->syscall_filter_bits == info->syscall_filter_override)
                        copy.syscall_filter_bits = copy.syscall_filter_override;
                if (!security_info_apply_fix(&copy, row->assessor))
                        continue;
                uint64_t e;
                int r = security_exposure(&copy, policy, systemd_version, &e);
                if (r < 0) {
                        free(fixes);
                        return r;
                }
                fixes[i].exposure_after = e;
        }
        *ret_fixes = fixes;
        return 0;
}
