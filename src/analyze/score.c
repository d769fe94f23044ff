/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The rules of `systemd-analyze security` (systemd 252.31 src/analyze/analyze-security.c, facts
 * only): the model → SecurityInfo extraction, the badness of each row kind, the aggregation and
 * systemd's row order. Pure. The table itself is in score-table.c. */
#include "score.h"

#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "macro.h"
#include "names.h"
#include "strbuf.h"
#include "strv.h"

static const char *const verdict_table[_SECURITY_VERDICT_MAX] = {
        [SECURITY_DANGEROUS] = "DANGEROUS",
        [SECURITY_UNSAFE] = "UNSAFE",
        [SECURITY_EXPOSED] = "EXPOSED",
        [SECURITY_MEDIUM] = "MEDIUM",
        [SECURITY_OK] = "OK",
        [SECURITY_SAFE] = "SAFE",
        [SECURITY_PERFECT] = "PERFECT",
};

const char *security_verdict_to_string(SecurityVerdict v)
{
        if ((int) v < 0 || v >= _SECURITY_VERDICT_MAX)
                return NULL;
        return verdict_table[v];
}

SecurityVerdict security_verdict_from_exposure(uint64_t exposure)
{
        static const uint64_t limits[_SECURITY_VERDICT_MAX] = {100, 90, 75, 50, 10, 1, 0};
        for (size_t i = 0; i < ELEMENTSOF(limits); i++)
                if (exposure >= limits[i])
                        return (SecurityVerdict) i;
        return SECURITY_PERFECT;
}

/* ------------------------------------------------------------------ model → SecurityInfo */

static bool tri(const TriBool *t, bool dflt)
{
        return t->set ? t->value : dflt;
}

static bool strv_isempty(char *const *l)
{
        return !l || !l[0];
}

static bool empty_or_root(const char *p)
{
        if (isempty(p))
                return true;
        for (; *p; p++)
                if (*p != '/')
                        return false;
        return true;
}

static bool ip_is_localhost(const IPAddressEntry *e)
{
        static const uint8_t loopback6[16] = {[15] = 1};
        if (e->family == AF_INET)
                return e->address[0] == 127;
        if (e->family == AF_INET6)
                return memcmp(e->address, loopback6, 16) == 0;
        return false;
}

static void info_ip(const CGroupSettings *g, SecurityInfo *info)
{
        bool deny4 = g->ip_address_deny.any_v4, deny6 = g->ip_address_deny.any_v6;
        for (size_t i = 0; i < g->ip_address_deny.n; i++) {
                const IPAddressEntry *e = g->ip_address_deny.items + i;
                if (e->prefixlen != 0)
                        continue;
                if (e->family == AF_INET)
                        deny4 = true;
                else if (e->family == AF_INET6)
                        deny6 = true;
        }
        info->ip_address_deny_all = deny4 && deny6;

        if (g->ip_address_allow.any_v4 || g->ip_address_allow.any_v6)
                info->ip_address_allow_other = true;
        for (size_t i = 0; i < g->ip_address_allow.n; i++) {
                if (ip_is_localhost(g->ip_address_allow.items + i))
                        info->ip_address_allow_localhost = true;
                else
                        info->ip_address_allow_other = true;
        }
        info->ip_filters_custom = !strv_isempty(g->ip_ingress_filter_path.strv) ||
                                  !strv_isempty(g->ip_egress_filter_path.strv);
}

void security_info_set_address_families(SecurityInfo *info, bool allow, uint64_t families)
{
        /* Every bucket starts as "blocked" in allow-list mode; each listed family flips its
         * bucket; anything that is not INET/INET6/UNIX/NETLINK/PACKET counts as "other". */
        for (int i = SEC_AF_INET; i <= SEC_AF_OTHER; i++)
                info->b[i] = allow;
        for (int fam = 1; fam < 64; fam++) {
                if (!(families & (UINT64_C(1) << fam)))
                        continue;
                SecurityBool k = fam == AF_INET || fam == AF_INET6 ? SEC_AF_INET
                                 : fam == AF_UNIX                  ? SEC_AF_UNIX
                                 : fam == AF_NETLINK               ? SEC_AF_NETLINK
                                 : fam == AF_PACKET                ? SEC_AF_PACKET
                                                                   : SEC_AF_OTHER;
                info->b[k] = !allow;
        }
}

static void info_syscall_archs(const StrvWithOrigin *archs, SecurityInfo *info)
{
        /* systemd keeps a set of architecture ids, so duplicates count once. */
        char **l = archs->strv;
        unsigned n = 0;
        bool native = false;
        for (size_t i = 0; l && l[i]; i++) {
                bool dup = false;
                for (size_t j = 0; j < i; j++)
                        if (streq(l[i], l[j]))
                                dup = true;
                if (dup)
                        continue;
                n++;
                if (streq(l[i], "native"))
                        native = true;
        }
        info->n_syscall_archs = n;
        info->syscall_archs_native_only = n == 1 && native;
}

void security_info_from_unit(const Unit *u, SecurityInfo *ret)
{
        const ExecSettings *c = &u->exec;
        const CGroupSettings *g = &u->cgroup;
        SecurityInfo info = {
                .id = u->id,
                .unit_prefix = u->prefix,
                .fragment_path = u->fragment_path,
                .default_dependencies = tri(&u->unit.default_dependencies, true),
                .ambient_capabilities = c->ambient_capabilities,
                .capability_bounding_set = c->capability_bounding_set,
                .user = c->user.value,
                .dynamic_user = tri(&c->dynamic_user, false),
                .has_supplementary_groups = !strv_isempty(c->supplementary_groups.strv),
                .keyring_mode = c->keyring_mode,
                .protect_proc = c->protect_proc,
                .proc_subset = c->proc_subset,
                .notify_access = u->service.notify_access,
                .protect_home = c->protect_home,
                .protect_system = c->protect_system,
                .restrict_namespaces =
                        c->restrict_namespaces_set ? c->restrict_namespaces : NAMESPACE_FLAGS_ALL,
                .has_root_directory = !empty_or_root(c->root_directory.value) ||
                                      !empty_or_root(c->root_image.value),
                .device_policy_restricted = g->device_policy == DEVICE_POLICY_STRICT ||
                                            g->device_policy == DEVICE_POLICY_CLOSED,
                .device_allow = g->device_allow,
                .n_device_allow = g->n_device_allow,
                .syscall_filter_allow_list = c->syscall_filter.allow_list,
                .syscall_filter_bits = c->syscall_filter.bits,
                .syscall_filter_errno = c->syscall_filter.errno_of,
                .umask = c->umask,
        };

        info.b[SEC_PRIVATE_DEVICES] = tri(&c->private_devices, false);
        info.b[SEC_PRIVATE_MOUNTS] = tri(&c->private_mounts, false);
        info.b[SEC_PRIVATE_NETWORK] = tri(&c->private_network, false);
        info.b[SEC_PRIVATE_TMP] = c->private_tmp != PRIVATE_TMP_NO;
        info.b[SEC_PRIVATE_USERS] = c->private_users != PRIVATE_USERS_NO;
        info.b[SEC_PROTECT_CONTROL_GROUPS] = c->protect_control_groups != PROTECT_CONTROL_GROUPS_NO;
        info.b[SEC_PROTECT_KERNEL_MODULES] = tri(&c->protect_kernel_modules, false);
        info.b[SEC_PROTECT_KERNEL_TUNABLES] = tri(&c->protect_kernel_tunables, false);
        info.b[SEC_PROTECT_KERNEL_LOGS] = tri(&c->protect_kernel_logs, false);
        info.b[SEC_PROTECT_CLOCK] = tri(&c->protect_clock, false);
        info.b[SEC_PROTECT_HOSTNAME] = c->protect_hostname != PROTECT_HOSTNAME_NO;
        info.b[SEC_LOCK_PERSONALITY] = tri(&c->lock_personality, false);
        info.b[SEC_MEMORY_DENY_WRITE_EXECUTE] = tri(&c->memory_deny_write_execute, false);
        info.b[SEC_NO_NEW_PRIVILEGES] = tri(&c->no_new_privileges, false);
        info.b[SEC_REMOVE_IPC] = tri(&c->remove_ipc, false);
        info.b[SEC_DELEGATE] = tri(&g->delegate, false);
        info.b[SEC_RESTRICT_REALTIME] = tri(&c->restrict_realtime, false);
        info.b[SEC_RESTRICT_SUID_SGID] = tri(&c->restrict_suid_sgid, false);
        security_info_set_address_families(&info, c->restrict_address_families.allow_list,
                                           c->restrict_address_families.families);
        info.address_families_configured = c->restrict_address_families.configured;
        info.address_families_allow = c->restrict_address_families.allow_list;
        info.address_families = c->restrict_address_families.families;
        info_syscall_archs(&c->syscall_architectures, &info);
        info_ip(g, &info);
        *ret = info;
}

/* ------------------------------------------------------------------ assessors */

static bool runs_privileged(const SecurityInfo *info)
{
        if (info->user && (streq(info->user, "0") || streq(info->user, "root")))
                return true;
        if (info->dynamic_user)
                return false;
        return isempty(info->user);
}

static bool syscall_in_filter(const SecurityInfo *info, int idx)
{
        if (!info->syscall_filter_bits || !syscall_set_test(info->syscall_filter_bits, idx))
                return false;
        /* Offline, an allow-list entry that carries its own errno is not "allowed". */
        if (info->syscall_filter_allow_list && info->syscall_filter_errno &&
            info->syscall_filter_errno[idx] >= 0)
                return false;
        return true;
}

static bool syscall_filter_empty(const SecurityInfo *info)
{
        if (!info->syscall_filter_bits)
                return true;
        for (size_t i = 0; i < SYSCALL_TABLE_MAX / 64; i++)
                if (info->syscall_filter_bits[i])
                        return false;
        return true;
}

/* A @group flattened once per process into its members' syscall indexes, in systemd's member
 * order (depth first, nested groups expanded in place), keeping only names that exist on this
 * architecture: scoring then walks a small array instead of resolving names per unit. */
#define GROUP_CACHE_MAX         16
#define GROUP_CACHE_ENTRIES_MAX 1024

typedef struct GroupCache {
        const char *name;
        int16_t idx[GROUP_CACHE_ENTRIES_MAX];
        size_t n;
} GroupCache;

static GroupCache group_cache[GROUP_CACHE_MAX];
static size_t n_group_cache;

static void group_flatten(GroupCache *c, const char *group, unsigned depth)
{
        const SyscallGroup *g = syscall_group_lookup(group);
        if (!g || depth > 16)
                return;
        for (const char *const *m = g->members; m && *m; m++) {
                if ((*m)[0] == '@') {
                        group_flatten(c, *m, depth + 1);
                        continue;
                }
                int idx = syscall_from_name(*m);
                if (idx < 0 || syscall_native_nr(idx) < 0)
                        continue; /* does not exist on this architecture */
                if (c->n < GROUP_CACHE_ENTRIES_MAX)
                        c->idx[c->n++] = (int16_t) idx;
        }
}

static const GroupCache *group_get(const char *group)
{
        for (size_t i = 0; i < n_group_cache; i++)
                if (streq(group_cache[i].name, group))
                        return group_cache + i;
        if (n_group_cache >= GROUP_CACHE_MAX)
                return NULL;
        GroupCache *c = group_cache + n_group_cache++;
        c->name = group;
        c->n = 0;
        group_flatten(c, group, 0);
        return c;
}

/* True (bad) at the first member whose presence in the filter equals allow_list, naming it. */
static bool group_offends(const SecurityInfo *info, const char *group, const char **ret_offender)
{
        const GroupCache *c = group_get(group);
        for (size_t i = 0; c && i < c->n; i++)
                if (syscall_in_filter(info, c->idx[i]) == info->syscall_filter_allow_list) {
                        *ret_offender = syscall_name(c->idx[i]);
                        return true;
                }
        return false;
}

/* The description of every system call group row of a unit without a filter: a constant, so
 * it needs no allocation and sorts by its precomputed rank. */
static const char DESCRIPTION_NO_SYSCALL_FILTER[] = "Service does not filter system calls";

static int assess_syscall_filter(const SecurityAssessor *a, const SecurityInfo *info,
                                 uint64_t *ret_badness, const char **ret_static,
                                 char **ret_description)
{
        const char *offender = NULL;
        const char *g = a->syscall_group;
        StrBuf d = STRBUF_INIT;
        bool bad;
        uint64_t b;

        if (!info->syscall_filter_allow_list && syscall_filter_empty(info)) {
                *ret_static = DESCRIPTION_NO_SYSCALL_FILTER;
                *ret_badness = 10;
                return 0;
        }
        bad = group_offends(info, g, &offender);
        if (info->syscall_filter_allow_list) {
                if (bad)
                        strbuf_printf(&d,
                                      "System call allow list defined for service, and %s is "
                                      "included (e.g. %s is allowed)",
                                      g, offender);
                else
                        strbuf_printf(&d,
                                      "System call allow list defined for service, and %s is not "
                                      "included",
                                      g);
                b = bad ? 9 : 0;
        } else {
                if (bad)
                        strbuf_printf(&d,
                                      "System call deny list defined for service, and %s is not "
                                      "included (e.g. %s is allowed)",
                                      g, offender);
                else
                        strbuf_printf(&d,
                                      "System call deny list defined for service, and %s is "
                                      "included",
                                      g);
                b = bad ? 10 : 0;
        }
        *ret_description = strbuf_steal(&d);
        if (!*ret_description)
                return -ENOMEM;
        *ret_badness = b;
        return 0;
}

static int assess_device_allow(const SecurityInfo *info, uint64_t *ret_badness,
                               char **ret_description)
{
        StrBuf d = STRBUF_INIT;
        uint64_t b;

        if (info->device_policy_restricted && info->n_device_allow + info->extra_device_allow > 0) {
                strbuf_puts(&d, "Service has a device ACL with some special devices:");
                if (info->extra_device_allow > 0)
                        strbuf_puts(&d, " char-rtc:r");
                /* systemd prepends each entry to its list, so it prints them newest first */
                for (size_t i = info->n_device_allow; i-- > 0;) {
                        const DeviceAllowEntry *e = info->device_allow + i;
                        strbuf_printf(&d, " %s:%s%s%s", e->path, strchr(e->access, 'r') ? "r" : "",
                                      strchr(e->access, 'w') ? "w" : "",
                                      strchr(e->access, 'm') ? "m" : "");
                }
                b = 5;
        } else if (info->device_policy_restricted) {
                strbuf_puts(&d, "Service has a minimal device ACL");
                b = 0;
        } else {
                strbuf_puts(&d, "Service has no device ACL");
                b = 10;
        }
        *ret_description = strbuf_steal(&d);
        if (!*ret_description)
                return -ENOMEM;
        *ret_badness = b;
        return 0;
}

static uint64_t assess_user(const SecurityInfo *info, const char **ret_description)
{
        if (info->user && streq(info->user, "nobody")) {
                *ret_description = "Service runs under as 'nobody' user, which should "
                                   "not be used for services";
                return 9;
        }
        if (info->dynamic_user &&
            !(info->user && (streq(info->user, "0") || streq(info->user, "root")))) {
                *ret_description = "Service runs under a transient non-root user identity";
                return 0;
        }
        if (info->user && !streq(info->user, "0") && !streq(info->user, "root") &&
            !streq(info->user, "")) {
                *ret_description = "Service runs under a static non-root user identity";
                return 0;
        }
        return 10;
}

static uint64_t assess_ip(const SecurityInfo *info, const char **ret_description)
{
        if (info->ip_filters_custom) {
                *ret_description = "Service defines custom ingress/egress IP filters with "
                                   "BPF programs";
                return 0;
        }
        if (!info->ip_address_deny_all) {
                *ret_description = "Service does not define an IP address allow list";
                return 10;
        }
        if (info->ip_address_allow_other) {
                *ret_description = "Service defines IP address allow list with "
                                   "non-localhost entries";
                return 5;
        }
        if (info->ip_address_allow_localhost) {
                *ret_description = "Service defines IP address allow list with only "
                                   "localhost entries";
                return 2;
        }
        *ret_description = "Service blocks all IP address ranges";
        return 0;
}

/* Badness and a static description (NULL: use the table's texts). */
static uint64_t assess_simple(const SecurityAssessor *a, const SecurityInfo *info,
                              const char **ret_description)
{
        *ret_description = NULL;

        switch (a->kind) {
        case SECURITY_CHECK_BOOL:
                return a->invert ? info->b[a->field] : !info->b[a->field];
        case SECURITY_CHECK_USER:
                return assess_user(info, ret_description);
        case SECURITY_CHECK_SUPPLEMENTARY_GROUPS:
                if (runs_privileged(info))
                        return SECURITY_BADNESS_NA;
                return info->has_supplementary_groups;
        case SECURITY_CHECK_PROTECT_HOME:
                switch (info->protect_home) {
                case PROTECT_HOME_YES:
                        *ret_description = "Service has no access to home directories";
                        return 0;
                case PROTECT_HOME_READ_ONLY:
                        *ret_description = "Service has read-only access to home directories";
                        return 5;
                case PROTECT_HOME_TMPFS:
                        *ret_description = "Service has access to fake empty home directories";
                        return 1;
                case PROTECT_HOME_NO:
                case _PROTECT_HOME_MAX:
                case _PROTECT_HOME_INVALID:
                        break;
                }
                *ret_description = "Service has full access to home directories";
                return 10;
        case SECURITY_CHECK_PROTECT_SYSTEM:
                switch (info->protect_system) {
                case PROTECT_SYSTEM_YES:
                        *ret_description = "Service has limited write access to the OS file "
                                           "hierarchy";
                        return 5;
                case PROTECT_SYSTEM_FULL:
                        *ret_description = "Service has very limited write access to the OS file "
                                           "hierarchy";
                        return 3;
                case PROTECT_SYSTEM_STRICT:
                        *ret_description = "Service has strict read-only access to the OS file "
                                           "hierarchy";
                        return 0;
                case PROTECT_SYSTEM_NO:
                case _PROTECT_SYSTEM_MAX:
                case _PROTECT_SYSTEM_INVALID:
                        break;
                }
                *ret_description = "Service has full access to the OS file hierarchy";
                return 10;
        case SECURITY_CHECK_ROOT_DIRECTORY:
                return !info->has_root_directory;
        case SECURITY_CHECK_CAPABILITY:
                return !!(info->capability_bounding_set & a->parameter);
        case SECURITY_CHECK_UMASK:
                if (!(info->umask & 0002)) {
                        *ret_description = "Files created by service are world-writable by default";
                        return 10;
                }
                if (!(info->umask & 0004)) {
                        *ret_description = "Files created by service are world-readable by default";
                        return 5;
                }
                if (!(info->umask & 0020)) {
                        *ret_description = "Files created by service are group-writable by default";
                        return 2;
                }
                if (!(info->umask & 0040)) {
                        *ret_description = "Files created by service are group-readable by default";
                        return 1;
                }
                *ret_description = "Files created by service are accessible only by service's own "
                                   "user by default";
                return 0;
        case SECURITY_CHECK_KEYRING_MODE:
                return info->keyring_mode != KEYRING_PRIVATE;
        case SECURITY_CHECK_PROTECT_PROC:
                if (info->protect_proc == PROTECT_PROC_NOACCESS)
                        return 1;
                if (info->protect_proc == PROTECT_PROC_INVISIBLE ||
                    info->protect_proc == PROTECT_PROC_PTRACEABLE)
                        return 0;
                return 3;
        case SECURITY_CHECK_PROC_SUBSET:
                return info->proc_subset != PROC_SUBSET_PID;
        case SECURITY_CHECK_NOTIFY_ACCESS:
                return info->notify_access == NOTIFY_ALL;
        case SECURITY_CHECK_REMOVE_IPC:
                if (runs_privileged(info))
                        return SECURITY_BADNESS_NA;
                return !info->b[SEC_REMOVE_IPC];
        case SECURITY_CHECK_RESTRICT_NAMESPACES:
                return !!(info->restrict_namespaces & a->parameter);
        case SECURITY_CHECK_SYSCALL_ARCHITECTURES:
                if (info->n_syscall_archs == 0) {
                        *ret_description = "Service may execute system calls with all ABIs";
                        return 10;
                }
                if (info->syscall_archs_native_only) {
                        *ret_description = "Service may execute system calls only with native ABI";
                        return 0;
                }
                *ret_description = "Service may execute system calls with multiple ABIs";
                return 8;
        case SECURITY_CHECK_IP_ADDRESS:
                return assess_ip(info, ret_description);
        case SECURITY_CHECK_AMBIENT_CAPABILITIES:
                return info->ambient_capabilities != 0;
        case SECURITY_CHECK_SYSCALL_FILTER:
        case SECURITY_CHECK_DEVICE_ALLOW:
        case _SECURITY_CHECK_KIND_MAX:
                break;
        }
        return SECURITY_BADNESS_NA;
}

static int assess_one(const SecurityAssessor *a, const SecurityInfo *info, uint64_t *ret_badness,
                      const char **ret_static, char **ret_owned)
{
        *ret_owned = NULL;
        *ret_static = NULL;
        if (a->kind == SECURITY_CHECK_SYSCALL_FILTER)
                return assess_syscall_filter(a, info, ret_badness, ret_static, ret_owned);
        if (a->kind == SECURITY_CHECK_DEVICE_ALLOW)
                return assess_device_allow(info, ret_badness, ret_owned);
        *ret_badness = assess_simple(a, info, ret_static);
        return 0;
}

/* ------------------------------------------------------------------ aggregation */

static const SecurityPolicyItem *policy_item(const SecurityPolicy *p, size_t i)
{
        return p && i < p->n ? p->items + i : NULL;
}

static uint64_t row_weight(const SecurityAssessor *a, const SecurityPolicyItem *pi)
{
        return pi && pi->has_weight ? pi->weight : a->weight;
}

static uint64_t row_range(const SecurityAssessor *a, const SecurityPolicyItem *pi)
{
        return pi && pi->has_range ? pi->range : a->range;
}

static const char DESCRIPTION_SPECIAL_BOOT[] =
        "Service runs in special boot phase, option is not appropriate";
static const char DESCRIPTION_EXCLUDED[] = "Option excluded by policy, skipping";

/* Badness of one row including the N/A rules; description outputs optional. */
static int row_badness(const SecurityAssessor *a, const SecurityPolicyItem *pi,
                       const SecurityInfo *info, bool want_description, uint64_t *ret_badness,
                       const char **ret_static, char **ret_owned)
{
        *ret_static = NULL;
        *ret_owned = NULL;
        if (a->default_dependencies_only && !info->default_dependencies) {
                *ret_badness = SECURITY_BADNESS_NA;
                *ret_static = DESCRIPTION_SPECIAL_BOOT;
                return 0;
        }
        if (row_weight(a, pi) == 0) {
                *ret_badness = SECURITY_BADNESS_NA;
                *ret_static = DESCRIPTION_EXCLUDED;
                return 0;
        }
        if (!want_description && a->kind != SECURITY_CHECK_SYSCALL_FILTER &&
            a->kind != SECURITY_CHECK_DEVICE_ALLOW) {
                *ret_badness = assess_simple(a, info, ret_static);
                return 0;
        }
        int r = assess_one(a, info, ret_badness, ret_static, ret_owned);
        if (r < 0)
                return r;
        if (!want_description)
                *ret_owned = mfree(*ret_owned);
        return 0;
}

static uint64_t row_exposure(uint64_t badness, uint64_t weight, uint64_t range, uint64_t weight_sum)
{
        return DIV_ROUND_UP(DIV_ROUND_UP(badness * weight * 100U, range), weight_sum);
}

int security_exposure(const SecurityInfo *info, const SecurityPolicy *policy,
                      unsigned systemd_version, uint64_t *ret)
{
        uint64_t badness_sum = 0, weight_sum = 0;
        size_t n_table;
        const SecurityAssessor *table = security_assessors(&n_table);

        for (size_t i = 0; i < n_table; i++) {
                const SecurityAssessor *a = table + i;
                const SecurityPolicyItem *pi = policy_item(policy, i);
                const char *s;
                char *o;
                uint64_t b;
                int r;

                if (!security_assessor_applies(a, systemd_version))
                        continue;
                r = row_badness(a, pi, info, false, &b, &s, &o);
                if (r < 0)
                        return r;
                if (b == SECURITY_BADNESS_NA)
                        continue;
                uint64_t w = row_weight(a, pi), rg = row_range(a, pi);
                if (rg == 0 || b > rg)
                        return -ERANGE;
                badness_sum += DIV_ROUND_UP(b * w, rg);
                weight_sum += w;
        }
        if (weight_sum == 0)
                return -ERANGE;
        *ret = DIV_ROUND_UP(badness_sum * 100U, weight_sum);
        return 0;
}

static void row_describe(SecurityRow *row, const SecurityAssessor *a, const SecurityPolicyItem *pi,
                         const char *dynamic)
{
        const char *d;
        if (row->badness == SECURITY_BADNESS_NA) {
                row->set = -1;
                d = pi && pi->description_na ? pi->description_na : a->description_na;
        } else if (row->badness == a->range) { /* the built-in range, as systemd compares */
                row->set = 0;
                d = pi && pi->description_bad ? pi->description_bad : a->description_bad;
        } else if (row->badness == 0) {
                row->set = 1;
                d = pi && pi->description_good ? pi->description_good : a->description_good;
        } else {
                row->set = 0;
                d = NULL;
        }
        if (dynamic)
                d = dynamic;
        row->description = d;
}

int security_assess(const SecurityInfo *info, const SecurityPolicy *policy,
                    unsigned systemd_version, SecurityReport *ret)
{
        SecurityReport rep = {};
        size_t n_table;
        const SecurityAssessor *table = security_assessors(&n_table);
        int r;

        rep.rows = calloc(n_table, sizeof(SecurityRow));
        if (!rep.rows)
                return -ENOMEM;

        for (size_t i = 0; i < n_table; i++) {
                const SecurityAssessor *a = table + i;
                const SecurityPolicyItem *pi = policy_item(policy, i);
                SecurityRow *row = rep.rows + rep.n_rows;
                const char *s;
                char *o;
                uint64_t b;

                if (!security_assessor_applies(a, systemd_version))
                        continue;
                r = row_badness(a, pi, info, true, &b, &s, &o);
                if (r < 0) {
                        security_report_done(&rep);
                        return r;
                }
                rep.n_rows++;
                *row = (SecurityRow){
                        .assessor = a,
                        .index = i,
                        .badness = b,
                        .weight = row_weight(a, pi),
                        .range = row_range(a, pi),
                        .description_owned = o,
                        .origin = ORIGIN_NULL,
                };
                row_describe(row, a, pi, o ? o : s);
                if (b == SECURITY_BADNESS_NA)
                        continue;
                if (row->range == 0 || b > row->range) {
                        security_report_done(&rep);
                        return -ERANGE;
                }
                rep.badness_sum += DIV_ROUND_UP(b * row->weight, row->range);
                rep.weight_sum += row->weight;
        }
        if (rep.weight_sum == 0) {
                security_report_done(&rep);
                return -ERANGE;
        }

        for (size_t i = 0; i < rep.n_rows; i++) {
                SecurityRow *row = rep.rows + i;
                if (row->badness == SECURITY_BADNESS_NA || row->badness == 0)
                        continue;
                row->exposure = row_exposure(row->badness, row->weight, row->range, rep.weight_sum);
                row->has_exposure = true;
        }
        rep.exposure = DIV_ROUND_UP(rep.badness_sum * 100U, rep.weight_sum);
        rep.verdict = security_verdict_from_exposure(rep.exposure);
        if (info->id) {
                rep.unit_id = strdup(info->id);
                if (!rep.unit_id) {
                        security_report_done(&rep);
                        return -ENOMEM;
                }
        }
        if (info->fragment_path) {
                rep.fragment_path = strdup(info->fragment_path);
                if (!rep.fragment_path) {
                        security_report_done(&rep);
                        return -ENOMEM;
                }
        }
        *ret = rep;
        return 0;
}

void security_report_done(SecurityReport *r)
{
        if (!r)
                return;
        for (size_t i = 0; i < r->n_rows; i++)
                free(r->rows[i].description_owned);
        free(r->rows);
        free(r->unit_id);
        free(r->fragment_path);
        *r = (SecurityReport){};
}

/* ------------------------------------------------------------------ sorting */

/* The built-in description texts in strcmp() order, so that sorting mostly compares integers
 * (rows of ~80 similar sentences, sorted per unit, made strcmp() the top cost of a bulk run).
 * Built once from the constant table. Ranks are even (2, 4, …; equal texts share one); a text
 * not in the table (a policy override, a per-unit description) gets the rank of an equal built-in
 * text, or the odd rank of the gap between the built-in texts around it. */
typedef struct DescRank {
        const char *text;
        unsigned rank;
} DescRank;

#define DESC_RANKS_MAX (SECURITY_ASSESSORS_MAX * 3 + 3)
static DescRank desc_by_text[DESC_RANKS_MAX];
static unsigned rank_good[SECURITY_ASSESSORS_MAX], rank_bad[SECURITY_ASSESSORS_MAX],
        rank_na[SECURITY_ASSESSORS_MAX], rank_special_boot, rank_excluded, rank_no_syscall_filter;
static size_t n_desc_ranks;
static unsigned desc_rank_max;
static bool desc_ranks_done;
/* per table position: the rank of the assessor's name among all names (strcmp order) */
static unsigned id_ranks[SECURITY_ASSESSORS_MAX];

static int rank_cmp_text(const void *a, const void *b)
{
        return strcmp(((const DescRank *) a)->text, ((const DescRank *) b)->text);
}

static void desc_rank_add(const char *text)
{
        if (text && n_desc_ranks < DESC_RANKS_MAX)
                desc_by_text[n_desc_ranks++] = (DescRank){.text = text};
}

/* The rank of any text by its content: even when a built-in text equals it, else odd. */
static unsigned desc_rank_text(const char *text)
{
        size_t lo = 0, hi = n_desc_ranks;

        while (lo < hi) { /* first built-in text ≥ text */
                size_t mid = lo + (hi - lo) / 2;
                if (strcmp(desc_by_text[mid].text, text) < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo == n_desc_ranks)
                return desc_rank_max + 1;
        if (streq(desc_by_text[lo].text, text))
                return desc_by_text[lo].rank;
        return desc_by_text[lo].rank - 1;
}

static void desc_ranks_build(void)
{
        size_t n;
        const SecurityAssessor *t = security_assessors(&n);

        desc_ranks_done = true;
        n = MIN(n, (size_t) SECURITY_ASSESSORS_MAX);
        for (size_t i = 0; i < n; i++) {
                desc_rank_add(t[i].description_good);
                desc_rank_add(t[i].description_bad);
                desc_rank_add(t[i].description_na);
                id_ranks[i] = 1;
                for (size_t k = 0; k < n; k++)
                        id_ranks[i] += strcmp(t[k].id, t[i].id) < 0;
        }
        desc_rank_add(DESCRIPTION_SPECIAL_BOOT);
        desc_rank_add(DESCRIPTION_EXCLUDED);
        desc_rank_add(DESCRIPTION_NO_SYSCALL_FILTER);
        if (n_desc_ranks == 0)
                return;
        qsort(desc_by_text, n_desc_ranks, sizeof(DescRank), rank_cmp_text);
        desc_by_text[0].rank = 2;
        for (size_t i = 1; i < n_desc_ranks; i++)
                desc_by_text[i].rank = desc_by_text[i - 1].rank +
                                       2 * !streq(desc_by_text[i - 1].text, desc_by_text[i].text);
        desc_rank_max = desc_by_text[n_desc_ranks - 1].rank;
        for (size_t i = 0; i < n; i++) {
                rank_good[i] = t[i].description_good ? desc_rank_text(t[i].description_good) : 0;
                rank_bad[i] = t[i].description_bad ? desc_rank_text(t[i].description_bad) : 0;
                rank_na[i] = t[i].description_na ? desc_rank_text(t[i].description_na) : 0;
        }
        rank_special_boot = desc_rank_text(DESCRIPTION_SPECIAL_BOOT);
        rank_excluded = desc_rank_text(DESCRIPTION_EXCLUDED);
        rank_no_syscall_filter = desc_rank_text(DESCRIPTION_NO_SYSCALL_FILTER);
}

/* The rank of a row's description when it is one of the table's own texts (by address), or 0. */
static unsigned desc_rank_builtin(const SecurityRow *row)
{
        const SecurityAssessor *a = row->assessor, *t;
        const char *d = row->description;
        size_t n, i;

        if (!d)
                return 0;
        if (!desc_ranks_done)
                desc_ranks_build();
        if (d == DESCRIPTION_SPECIAL_BOOT)
                return rank_special_boot;
        if (d == DESCRIPTION_EXCLUDED)
                return rank_excluded;
        if (d == DESCRIPTION_NO_SYSCALL_FILTER)
                return rank_no_syscall_filter;
        t = security_assessors(&n);
        if (a < t || a >= t + n || (i = (size_t) (a - t)) >= SECURITY_ASSESSORS_MAX)
                return 0;
        return d == a->description_good  ? rank_good[i]
               : d == a->description_bad ? rank_bad[i]
               : d == a->description_na  ? rank_na[i]
                                         : 0;
}

typedef struct SortItem {
        const SecurityRow *row;
        unsigned rank; /* desc_rank_builtin() of its description */
} SortItem;

/* systemd's table compares the description cells (reversed), then the names; cells of different
 * types (an empty description against a string) and two empty cells compare by insertion
 * order (and that result is reversed too, being the description column's), and identical rows
 * keep insertion order. */
static int row_compare(const SortItem *a, const SortItem *b)
{
        const SecurityRow *x = a->row, *y = b->row;
        int c;
        if (x->description && y->description) {
                if (a->rank > 0 && b->rank > 0)
                        c = a->rank < b->rank ? -1 : a->rank > b->rank;
                else
                        c = x->description == y->description
                                    ? 0
                                    : strcmp(x->description, y->description);
        } else
                c = x->index < y->index ? -1 : x->index > y->index;
        if (c != 0)
                return -c; /* the description column is sorted in reverse */
        c = x->assessor == y->assessor ? 0 : strcmp(x->assessor->id, y->assessor->id);
        if (c != 0)
                return c;
        return x->index < y->index ? -1 : x->index > y->index;
}

/* Top-down merge sort with the split and merge rules of glibc's msort (qsort_r in glibc ≤ 2.36),
 * so that the non-transitive comparison above yields systemd's order too. Sorts small items; the
 * rows are moved once at the end. */
static void merge_sort(SortItem *b, size_t n, SortItem *tmp)
{
        if (n <= 1)
                return;
        size_t n1 = n / 2, n2 = n - n1;
        SortItem *b1 = b, *b2 = b + n1, *out = tmp;
        merge_sort(b1, n1, tmp);
        merge_sort(b2, n2, tmp);
        while (n1 > 0 && n2 > 0) {
                if (row_compare(b1, b2) <= 0) {
                        *out++ = *b1++;
                        n1--;
                } else {
                        *out++ = *b2++;
                        n2--;
                }
        }
        if (n1 > 0)
                memcpy(out, b1, n1 * sizeof(*b1));
        memcpy(b, tmp, (n - n2) * sizeof(*b));
}

/* When no description is missing, row_compare() is a total order: descriptions by text
 * (descending), then names, then table positions. Then any correct sort gives systemd's order,
 * and one integer per row suffices: (description key, name rank, position). A description's key
 * is its rank and, for texts not in the table, their order among this report's other such texts.
 * Returns false when the general comparison is needed (a missing description). */
static bool sort_by_keys(SecurityReport *r, const SortItem *items)
{
        uint64_t keys[SECURITY_ASSESSORS_MAX], tmp[SECURITY_ASSESSORS_MAX];
        SecurityRow sorted[SECURITY_ASSESSORS_MAX];
        unsigned desc_key[SECURITY_ASSESSORS_MAX];
        size_t dyn[SECURITY_ASSESSORS_MAX], n_dyn = 0, n = r->n_rows, nt;
        const SecurityAssessor *t = security_assessors(&nt);

        for (size_t i = 0; i < n; i++) {
                const SecurityAssessor *a = items[i].row->assessor;
                if (!items[i].row->description || a < t || a >= t + nt ||
                    (size_t) (a - t) >= SECURITY_ASSESSORS_MAX)
                        return false;
                unsigned rank = items[i].rank;
                if (rank == 0) {
                        rank = desc_rank_text(items[i].row->description);
                        if (rank % 2) /* in a gap: ordered among the others below */
                                dyn[n_dyn++] = i;
                }
                desc_key[i] = rank << 8;
        }
        /* the report's texts that are not built-in, by text (insertion sort: a handful) */
        for (size_t k = 1; k < n_dyn; k++)
                for (size_t j = k; j > 0 && strcmp(items[dyn[j - 1]].row->description,
                                                   items[dyn[j]].row->description) > 0;
                     j--) {
                        size_t x = dyn[j];
                        dyn[j] = dyn[j - 1];
                        dyn[j - 1] = x;
                }
        for (size_t k = 0, sub = 0; k < n_dyn; k++) {
                if (k == 0 ||
                    !streq(items[dyn[k - 1]].row->description, items[dyn[k]].row->description))
                        sub++; /* equal texts share a key */
                desc_key[dyn[k]] |= (unsigned) sub;
        }
        for (size_t i = 0; i < n; i++)
                keys[i] = (uint64_t) (0xFFFFFFu - desc_key[i]) << 40 |
                          (uint64_t) id_ranks[items[i].row->assessor - t] << 20 | i;
        /* bottom-up merge sort of distinct integers */
        for (size_t width = 1; width < n; width *= 2) {
                for (size_t lo = 0; lo < n; lo += 2 * width) {
                        size_t mid = MIN(lo + width, n), hi = MIN(lo + 2 * width, n);
                        size_t a = lo, b = mid, k = lo;
                        while (a < mid && b < hi)
                                tmp[k++] = keys[a] < keys[b] ? keys[a++] : keys[b++];
                        while (a < mid)
                                tmp[k++] = keys[a++];
                        while (b < hi)
                                tmp[k++] = keys[b++];
                }
                memcpy(keys, tmp, n * sizeof(uint64_t));
        }
        for (size_t i = 0; i < n; i++)
                sorted[i] = r->rows[keys[i] & 0xFFFFF];
        memcpy(r->rows, sorted, n * sizeof(SecurityRow));
        return true;
}

void security_report_sort(SecurityReport *r)
{
        SortItem order[SECURITY_ASSESSORS_MAX], tmp[SECURITY_ASSESSORS_MAX];
        SecurityRow sorted[SECURITY_ASSESSORS_MAX];

        if (r->n_rows > SECURITY_ASSESSORS_MAX)
                return;
        for (size_t i = 0; i < r->n_rows; i++)
                order[i] = (SortItem){.row = r->rows + i, .rank = desc_rank_builtin(r->rows + i)};
        if (sort_by_keys(r, order))
                return;
        merge_sort(order, r->n_rows, tmp);
        for (size_t i = 0; i < r->n_rows; i++)
                sorted[i] = *order[i].row;
        memcpy(r->rows, sorted, r->n_rows * sizeof(SecurityRow));
}
