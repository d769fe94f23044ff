/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Suggested fixes: each assessor names the directive line that makes it good; applying that line
 * to a copy of the scorer's model (with the settings it implies in systemd 252: DynamicUser=
 * forces ProtectSystem=strict, ProtectHome=read-only unless set, PrivateTmp=, RemoveIPC=,
 * NoNewPrivileges=, RestrictSUIDSGID=; the Protect*= switches drop their capabilities;
 * PrivateDevices= closes the device policy) and re-scoring gives the exposure the fix would reach.
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "macro.h"
#include "names.h"
#include "score.h"
#include "strbuf.h"

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

#define AFB(f)    (UINT64_C(1) << (f))
#define AF_COMMON (AFB(AF_UNIX) | AFB(AF_INET) | AFB(AF_INET6) | AFB(AF_NETLINK) | AFB(AF_PACKET))

/* The allow list that keeps what the unit may use now, minus the "exotic" families: the current
 * allow list without them, or, from a deny list (or none), the common families not denied. */
static uint64_t other_fix_families(const SecurityInfo *info)
{
        if (info->address_families_configured && info->address_families_allow)
                return info->address_families & AF_COMMON;
        uint64_t fam = AF_COMMON & ~AFB(AF_PACKET);
        if (info->address_families_configured)
                fam &= ~info->address_families; /* deny list: keep denying */
        return fam;
}

char *security_fix_directive(const SecurityInfo *info, const SecurityAssessor *a)
{
        StrBuf b = STRBUF_INIT;

        if (!a->fix)
                return NULL;
        if (a->kind == SECURITY_CHECK_USER && !isempty(info->user))
                strbuf_puts(&b, "User=\n"); /* DynamicUser= keeps an explicit User= */
        else if (a->kind == SECURITY_CHECK_DEVICE_ALLOW && info->device_policy_restricted)
                return strdup("DeviceAllow="); /* the policy is closed already: the list is left */
        else if (a->kind == SECURITY_CHECK_SYSCALL_ARCHITECTURES && info->n_syscall_archs > 0)
                strbuf_puts(&b, "SystemCallArchitectures=\n"); /* the list accumulates */
        else if (a->kind == SECURITY_CHECK_BOOL && a->field == SEC_AF_OTHER) {
                uint64_t fam = other_fix_families(info);
                if (info->address_families_configured)
                        strbuf_puts(&b, "RestrictAddressFamilies=\n");
                strbuf_puts(&b, "RestrictAddressFamilies=");
                if (fam == 0)
                        strbuf_puts(&b, "none");
                for (int f = 1, first = 1; f < 64; f++)
                        if (fam & AFB(f)) {
                                const char *n = af_to_name(f);
                                strbuf_printf(&b, "%s%s", first ? "" : " ", n ? n : "?");
                                first = 0;
                        }
                return strbuf_steal(&b);
        }
        strbuf_puts(&b, a->fix);
        return strbuf_steal(&b);
}

void security_fixes_free(SecurityFix *fixes, size_t n)
{
        for (size_t i = 0; fixes && i < n; i++)
                free(fixes[i].directive);
        free(fixes);
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
                else if (a->field == SEC_PROTECT_CLOCK) {
                        info->capability_bounding_set &=
                                ~(CAPB(CAP_SYS_TIME) | CAPB(CAP_WAKE_ALARM));
                        info->extra_device_allow = 1; /* ProtectClock= adds "char-rtc r" */
                } else if (a->field == SEC_AF_OTHER) {
                        uint64_t fam = other_fix_families(info);
                        security_info_set_address_families(info, true, fam);
                        info->address_families_configured = true;
                        info->address_families_allow = true;
                        info->address_families = fam;
                }
                return true;
        case SECURITY_CHECK_USER:
                /* DynamicUser= names the user after the unit; only "root" and "nobody" matter */
                info->user = info->unit_prefix && (streq(info->unit_prefix, "root") ||
                                                   streq(info->unit_prefix, "nobody"))
                                     ? info->unit_prefix
                                     : NULL;
                info->dynamic_user = true;
                info->protect_system = PROTECT_SYSTEM_STRICT; /* forced, whatever was set */
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
                if (info->device_policy_restricted) {
                        /* already closed: empty the list; ProtectClock= adds char-rtc back */
                        info->n_device_allow = 0;
                        info->extra_device_allow = info->b[SEC_PROTECT_CLOCK] ? 1 : 0;
                }
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
                fixes[i].directive = security_fix_directive(info, row->assessor);
                if (row->assessor->fix && !fixes[i].directive) {
                        security_fixes_free(fixes, report->n_rows);
                        return -ENOMEM;
                }
                if (!security_info_apply_fix(&copy, row->assessor))
                        continue;
                uint64_t e;
                int r = security_exposure(&copy, policy, systemd_version, &e);
                if (r < 0) {
                        security_fixes_free(fixes, report->n_rows);
                        return r;
                }
                fixes[i].exposure_after = e;
        }
        *ret_fixes = fixes;
        return 0;
}

size_t security_fixes_best(const SecurityReport *report, const SecurityFix *fixes, size_t max,
                           size_t *ret_idx)
{
        size_t n = 0;

        for (size_t k = 0; k < max; k++) {
                size_t best = SIZE_MAX;
                for (size_t i = 0; i < report->n_rows; i++) {
                        bool taken = false;
                        if (!fixes[i].directive || fixes[i].exposure_after >= report->exposure)
                                continue;
                        for (size_t j = 0; j < n; j++)
                                taken = taken || ret_idx[j] == i;
                        if (taken)
                                continue;
                        if (best == SIZE_MAX ||
                            fixes[i].exposure_after < fixes[best].exposure_after ||
                            (fixes[i].exposure_after == fixes[best].exposure_after &&
                             report->rows[i].index < report->rows[best].index))
                                best = i;
                }
                if (best == SIZE_MAX)
                        break;
                ret_idx[n++] = best;
        }
        return n;
}
