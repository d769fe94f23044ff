/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The exposure score of `systemd-analyze security`, as a pure function of the unit model.
 *
 * One assessor table (score.c) holds every check of systemd 252 with its weight, range, texts and
 * the rule that turns the model into a badness. security_info_from_unit() extracts the scorer's
 * view of the model (what systemd's offline analysis reads from the loaded unit),
 * security_assess() applies the table and security_report_sort() orders rows the way systemd's
 * table does. Nothing here prints. */

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "unit.h"

#define SECURITY_BADNESS_NA UINT64_MAX

typedef enum SecurityBool {
        SEC_PRIVATE_DEVICES,
        SEC_PRIVATE_MOUNTS,
        SEC_PRIVATE_NETWORK,
        SEC_PRIVATE_TMP,
        SEC_PRIVATE_USERS,
        SEC_PROTECT_CONTROL_GROUPS,
        SEC_PROTECT_KERNEL_MODULES,
        SEC_PROTECT_KERNEL_TUNABLES,
        SEC_PROTECT_KERNEL_LOGS,
        SEC_PROTECT_CLOCK,
        SEC_PROTECT_HOSTNAME,
        SEC_LOCK_PERSONALITY,
        SEC_MEMORY_DENY_WRITE_EXECUTE,
        SEC_NO_NEW_PRIVILEGES,
        SEC_REMOVE_IPC,
        SEC_DELEGATE,
        SEC_RESTRICT_REALTIME,
        SEC_RESTRICT_SUID_SGID,
        SEC_AF_INET,
        SEC_AF_UNIX,
        SEC_AF_NETLINK,
        SEC_AF_PACKET,
        SEC_AF_OTHER,
        _SEC_BOOL_MAX,
} SecurityBool;

/* The scorer's view of one unit (systemd's SecurityInfo). Strings and arrays point into the Unit
 * they were extracted from (or into static storage), so the Unit must outlive it. Fixes are
 * modelled by editing a copy of this struct. */
typedef struct SecurityInfo {
        const char *id;
        const char *unit_prefix; /* "foo" of foo@i.service: DynamicUser= derives the user name */
        const char *fragment_path;
        bool default_dependencies;
        bool b[_SEC_BOOL_MAX]; /* for SEC_AF_*: true = that family is blocked */

        uint64_t ambient_capabilities;
        uint64_t capability_bounding_set;
        const char *user; /* NULL = unset */
        bool dynamic_user;
        bool has_supplementary_groups;

        bool ip_address_deny_all, ip_address_allow_localhost, ip_address_allow_other;
        bool ip_filters_custom;

        KeyringMode keyring_mode;
        ProtectProc protect_proc;
        ProcSubset proc_subset;
        NotifyAccess notify_access;
        ProtectHome protect_home;
        ProtectSystem protect_system;
        unsigned long restrict_namespaces; /* still allowed CLONE_NEW* flags */
        bool has_root_directory;           /* RootDirectory=/RootImage= other than "" and "/" */

        bool device_policy_restricted; /* DevicePolicy=strict|closed */
        const DeviceAllowEntry *device_allow;
        size_t n_device_allow;

        /* SystemCallArchitectures=: number of distinct entries, and whether it is just "native". */
        unsigned n_syscall_archs;
        bool syscall_archs_native_only;

        bool syscall_filter_allow_list;
        const uint64_t *syscall_filter_bits;                      /* NULL = empty set */
        const int16_t *syscall_filter_errno;                      /* may be NULL */
        uint64_t syscall_filter_override[SYSCALL_TABLE_MAX / 64]; /* storage for fixes */

        mode_t umask;

        /* Only for building fixes: the configured RestrictAddressFamilies= set. */
        bool address_families_configured, address_families_allow;
        uint64_t address_families;
        unsigned extra_device_allow; /* implied entries a simulated fix added (ProtectClock=) */
} SecurityInfo;

typedef enum SecurityCheckKind {
        SECURITY_CHECK_BOOL,
        SECURITY_CHECK_USER,
        SECURITY_CHECK_SUPPLEMENTARY_GROUPS,
        SECURITY_CHECK_PROTECT_HOME,
        SECURITY_CHECK_PROTECT_SYSTEM,
        SECURITY_CHECK_ROOT_DIRECTORY,
        SECURITY_CHECK_CAPABILITY,
        SECURITY_CHECK_UMASK,
        SECURITY_CHECK_KEYRING_MODE,
        SECURITY_CHECK_PROTECT_PROC,
        SECURITY_CHECK_PROC_SUBSET,
        SECURITY_CHECK_NOTIFY_ACCESS,
        SECURITY_CHECK_REMOVE_IPC,
        SECURITY_CHECK_RESTRICT_NAMESPACES,
        SECURITY_CHECK_SYSCALL_ARCHITECTURES,
        SECURITY_CHECK_SYSCALL_FILTER,
        SECURITY_CHECK_IP_ADDRESS,
        SECURITY_CHECK_DEVICE_ALLOW,
        SECURITY_CHECK_AMBIENT_CAPABILITIES,
        _SECURITY_CHECK_KIND_MAX,
} SecurityCheckKind;

typedef struct SecurityAssessor {
        const char *id; /* as displayed, e.g. "PrivateDevices=" */
        const char *json_field;
        const char *description_good, *description_bad, *description_na;
        const char *url;
        uint64_t weight, range;
        SecurityCheckKind kind;
        SecurityBool field;        /* SECURITY_CHECK_BOOL */
        bool invert;               /* SECURITY_CHECK_BOOL: badness = value (Delegate=) */
        uint64_t parameter;        /* capability mask, CLONE_NEW* flag */
        const char *syscall_group; /* SECURITY_CHECK_SYSCALL_FILTER, e.g. "@swap" */
        bool default_dependencies_only;
        unsigned since;  /* first systemd version (as cordon emulates it) with this row */
        const char *fix; /* the directive line that makes this check good */
} SecurityAssessor;

#define SECURITY_ASSESSORS_MAX 128 /* bound on the table size (stack buffers) */

/* The assessor table, in systemd's order (all versions; filter with security_assessor_applies). */
const SecurityAssessor *security_assessors(size_t *ret_n);
bool security_assessor_applies(const SecurityAssessor *a, unsigned systemd_version);
const SecurityAssessor *security_assessor_by_json_field(const char *json_field);

/* A loaded --security-policy: per assessor (index into the table) optional overrides. */
typedef struct SecurityPolicyItem {
        bool has_weight, has_range;
        uint64_t weight, range;
        char *description_na, *description_good, *description_bad; /* NULL = built-in */
} SecurityPolicyItem;

typedef struct SecurityPolicy {
        SecurityPolicyItem *items; /* n = number of assessors */
        size_t n;
} SecurityPolicy;

typedef struct SecurityRow {
        const SecurityAssessor *assessor;
        size_t index;     /* position in the table (the tie-breaker when sorting) */
        uint64_t badness; /* SECURITY_BADNESS_NA for N/A */
        uint64_t weight, range;
        int set;                 /* 1 good, 0 bad or partial, -1 N/A */
        const char *description; /* may be NULL (systemd prints an empty cell) */
        char *description_owned;
        uint64_t exposure; /* this row's share, in tenths of the 10.0 scale */
        bool has_exposure; /* false: empty cell (N/A or badness 0) */
        Origin origin;     /* what decided it (ORIGIN_NULL: built-in default) */
} SecurityRow;

typedef enum SecurityVerdict {
        SECURITY_DANGEROUS,
        SECURITY_UNSAFE,
        SECURITY_EXPOSED,
        SECURITY_MEDIUM,
        SECURITY_OK,
        SECURITY_SAFE,
        SECURITY_PERFECT,
        _SECURITY_VERDICT_MAX,
} SecurityVerdict;

typedef struct SecurityReport {
        char *unit_id;
        char *fragment_path;
        SecurityRow *rows; /* sorted as systemd prints them after security_report_sort() */
        size_t n_rows;
        uint64_t badness_sum, weight_sum;
        uint64_t exposure; /* 0..100, printed as exposure/10 "." exposure%10 */
        SecurityVerdict verdict;
} SecurityReport;

const char *security_verdict_to_string(SecurityVerdict v) _const_;
SecurityVerdict security_verdict_from_exposure(uint64_t exposure) _const_;

/* Sets the five address-family buckets from an allow/deny list of AF_* numbers (bits). */
void security_info_set_address_families(SecurityInfo *info, bool allow, uint64_t families);

/* Fills info from the loaded unit (after implied settings). */
void security_info_from_unit(const Unit *u, SecurityInfo *ret);

/* Scores info. policy may be NULL. Rows are left in table order. Returns 0, -ENOMEM, or
 * -ERANGE when a policy range is smaller than a badness (systemd asserts there). */
int security_assess(const SecurityInfo *info, const SecurityPolicy *policy,
                    unsigned systemd_version, SecurityReport *ret);
/* Only the overall exposure (0..100), for re-scoring candidates quickly. */
int security_exposure(const SecurityInfo *info, const SecurityPolicy *policy,
                      unsigned systemd_version, uint64_t *ret);

/* Fills row origins from the unit's model. */
void security_report_set_origins(SecurityReport *r, const Unit *u);

/* Sorts rows by description (descending bytes), then name, then table order, with the same
 * merge sort glibc's qsort uses so that even rows without a description land where systemd puts
 * them. */
void security_report_sort(SecurityReport *r);

void security_report_done(SecurityReport *r);

/* Applies the fix of assessor a to info (returns false when the check has no fix). */
bool security_info_apply_fix(SecurityInfo *info, const SecurityAssessor *a);

/* The drop-in lines (one or more "Key=value" separated by '\n') that make a check good for this
 * unit: the table's fix, adjusted where the unit's current settings would swallow it (a User=
 * that DynamicUser= does not override, an allow list that must be reset). NULL on OOM. */
char *security_fix_directive(const SecurityInfo *info, const SecurityAssessor *a);

/* One suggested change and the exposure it would give. */
typedef struct SecurityFix {
        const SecurityAssessor *assessor;
        char *directive; /* NULL when the row needs no fix */
        uint64_t exposure_after;
} SecurityFix;
void security_fixes_free(SecurityFix *fixes, size_t n);

/* Indexes (into report rows) of up to max fixes that lower the exposure most, best first (ties in
 * table order). Returns how many were stored. */
size_t security_fixes_best(const SecurityReport *report, const SecurityFix *fixes, size_t max,
                           size_t *ret_idx);

/* For every row whose badness is not 0, the exposure after applying that row's fix alone.
 * ret_fixes has report->n_rows entries in row order (exposure_after = current exposure when no
 * fix applies). */
int security_fixes_compute(const SecurityInfo *info, const SecurityPolicy *policy,
                           unsigned systemd_version, const SecurityReport *report,
                           SecurityFix **ret_fixes);

void security_policy_done(SecurityPolicy *p);
