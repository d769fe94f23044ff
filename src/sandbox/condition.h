/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Condition*= and Assert*= as systemd 252 tests them when a unit is started
 * (src/shared/condition.c, src/core/unit.c unit_test_condition()): one list per kind, built in
 * assignment order with LIST_PREPEND (so newest first), an empty assignment of any Condition*=
 * (Assert*=) resetting the whole Condition (Assert) list, '|' marking a trigger (OR group) and
 * '!' negating. The list passes if every non-trigger item passes and, when there are triggers,
 * at least one trigger passes.
 *
 * The host is cordon's own view of it: the environment, uid, capabilities and cgroup of the
 * cordon process stand in for systemd's manager. Where cordon cannot decide exactly what
 * systemd would (UEFI Secure Boot, TPM2, a VM on an architecture without CPUID, …) the item's
 * verdict is COND_UNSUPPORTED and the list test fails closed with -EOPNOTSUPP, unless the
 * outcome does not depend on it. Library code: nothing here prints. */

#include <stdbool.h>
#include <stdint.h>

#include "string-table.h"
#include "unit.h"

typedef enum CondType {
        COND_ARCHITECTURE,
        COND_FIRMWARE,
        COND_VIRTUALIZATION,
        COND_HOST,
        COND_KERNEL_COMMAND_LINE,
        COND_KERNEL_VERSION,
        COND_CREDENTIAL,
        COND_SECURITY,
        COND_CAPABILITY,
        COND_AC_POWER,
        COND_MEMORY,
        COND_CPUS,
        COND_ENVIRONMENT,
        COND_CPU_FEATURE,
        COND_OS_RELEASE,
        COND_MEMORY_PRESSURE,
        COND_CPU_PRESSURE,
        COND_IO_PRESSURE,
        COND_NEEDS_UPDATE,
        COND_FIRST_BOOT,
        COND_PATH_EXISTS,
        COND_PATH_EXISTS_GLOB,
        COND_PATH_IS_DIRECTORY,
        COND_PATH_IS_SYMBOLIC_LINK,
        COND_PATH_IS_MOUNT_POINT,
        COND_PATH_IS_READ_WRITE,
        COND_PATH_IS_ENCRYPTED,
        COND_DIRECTORY_NOT_EMPTY,
        COND_FILE_NOT_EMPTY,
        COND_FILE_IS_EXECUTABLE,
        COND_USER,
        COND_GROUP,
        COND_CONTROL_GROUP_CONTROLLER,
        _COND_TYPE_MAX,
        _COND_TYPE_INVALID = -EINVAL,
} CondType;

/* "PathExists" <-> COND_PATH_EXISTS (the directive name without "Condition"/"Assert"). */
DECLARE_STRING_TABLE_LOOKUP(cond_type, CondType);
/* Whether the type takes an absolute path (systemd's config_parse_unit_condition_path). */
bool cond_type_is_path(CondType t);

typedef enum CondVerdict {
        COND_UNTESTED,
        COND_SUCCEEDED,
        COND_FAILED,
        COND_ERROR,       /* systemd could not decide either: counts as failed, as in systemd */
        COND_UNSUPPORTED, /* cordon cannot decide what systemd would: fail closed */
        _COND_VERDICT_MAX,
        _COND_VERDICT_INVALID = -EINVAL,
} CondVerdict;
DECLARE_STRING_TABLE_LOOKUP(cond_verdict, CondVerdict); /* "succeeded", "failed", … */

typedef struct CondItem {
        CondType type;
        bool trigger, negate;
        char *parameter; /* specifiers expanded; paths simplified */
        Origin origin;
        CondVerdict verdict;
        int error;       /* COND_ERROR/COND_UNSUPPORTED: negative errno */
        const char *why; /* COND_UNSUPPORTED (sometimes COND_ERROR): static explanation */
} CondItem;

typedef struct CondList {
        CondItem *items; /* in systemd's evaluation order: the last assignment first */
        size_t n;
        bool asserts; /* Assert*= rather than Condition*= */
} CondList;

#define COND_LIST_MAX 1024u /* items per list; more is refused (-E2BIG) */

/* Builds both lists from u's assignments (the values as the parser accepted them). */
int cond_lists_from_unit(const Unit *u, CondList *ret_conditions, CondList *ret_asserts);
void cond_list_done(CondList *l);

typedef struct CondContext {
        /* The "manager environment" ConditionEnvironment= and ConditionCredential= look at
         * ($CREDENTIALS_DIRECTORY, $ENCRYPTED_CREDENTIALS_DIRECTORY), and $SYSTEMD_PROC_CMDLINE,
         * which overrides /proc/cmdline as in systemd. */
        char *const *environment;
        bool test_all; /* evaluate every item (--dry-run), not just until the first failure */
} CondContext;

/* Tests one item on this host, sets c->verdict/error/why. Returns 1 (holds, negation applied),
 * 0 (does not), -errno for COND_ERROR, -EOPNOTSUPP for COND_UNSUPPORTED. */
int cond_item_test(CondItem *c, const CondContext *ctx);

/* Tests the list as systemd's condition_test_list(). Returns 1 (passes), 0 (fails: the unit is
 * skipped / the assert fails), or -EOPNOTSUPP when the outcome depends on an item cordon cannot
 * decide (*ret_undecided, if given, names the first). An empty list passes. */
int cond_list_test(CondList *l, const CondContext *ctx, const CondItem **ret_undecided);

/* The same with another tester (unit tests): it must set c->verdict as cond_item_test() does. */
typedef int (*CondTester)(CondItem *c, const CondContext *ctx);
int cond_list_test_with(CondList *l, const CondContext *ctx, CondTester test,
                        const CondItem **ret_undecided);

/* The item systemd names in its "was skipped because of an unmet condition check" message
 * (unit_find_failed_condition()): the first failed non-trigger item, else a failed trigger when
 * none succeeded. NULL if the list passed. */
const CondItem *cond_list_find_failed(const CondList *l);

/* "ConditionPathExists=|!/x" (systemd's log style). */
char *cond_item_format(const CondItem *c, bool assert);

/* The --dry-run block: every item in file order with its verdict and file:line, and the
 * overall outcome of each list. */
char *cond_lists_to_text(const CondList *conditions, const CondList *asserts);

/* ---- pure helpers (unit-tested) ---- */

typedef enum CondCompareOp {
        COND_CMP_STRING_EQUAL,
        COND_CMP_STRING_UNEQUAL,
        COND_CMP_FNMATCH_EQUAL,
        COND_CMP_FNMATCH_UNEQUAL,
        COND_CMP_LOWER_OR_EQUAL,
        COND_CMP_GREATER_OR_EQUAL,
        COND_CMP_LOWER,
        COND_CMP_GREATER,
        COND_CMP_EQUAL,
        COND_CMP_UNEQUAL,
        _COND_CMP_MAX,
        _COND_CMP_INVALID = -EINVAL,
} CondCompareOp;

enum {
        COND_CMP_ALLOW_FNMATCH = 1 << 0,
        COND_CMP_EQUAL_BY_STRING = 1 << 1,
};

/* Parses a leading operator ("<=", "$=", "!=", …) and advances *s; -EINVAL if none. */
CondCompareOp cond_compare_op_parse(const char **s, unsigned flags);
/* systemd's strverscmp_improved(): <0, 0, >0. */
int cond_verscmp(const char *a, const char *b);
/* 1/0 whether "a OP b" holds (versions compared as cond_verscmp), -EINVAL on a bad pattern. */
int cond_version_compare(CondCompareOp op, const char *a, const char *b);

/* ConditionKernelCommandLine=: whether the command line has the word ("a=b") or option ("a",
 * also matching "a=…"). */
int cond_cmdline_has(const char *cmdline, const char *parameter);
/* proc_cmdline_get_bool(): 1 and *ret when KEY or KEY=BOOL is on the command line (the last
 * value wins, '-' and '_' alike), 0 when not, -EINVAL for a bad boolean. */
int cond_cmdline_get_bool(const char *cmdline, const char *key, bool *ret);
/* ConditionEnvironment=: the same matching against "NAME=VALUE" entries. */
bool cond_environment_has(char *const *env, const char *parameter);
/* ConditionKernelVersion=: space-separated expressions against a release string. */
int cond_kernel_version_test(const char *release, const char *parameter);
/* ConditionOSRelease=: "KEY OP VALUE" expressions against parsed os-release assignments. */
int cond_os_release_test(char *const *os_release, const char *parameter);
/* ConditionMemory= / ConditionCPUs=: optional operator (default ">="), then a size/number. */
int cond_memory_test(uint64_t memory, const char *parameter);
int cond_cpus_test(unsigned cpus, const char *parameter);
/* Memory/CPU/IOPressure=: parses "[SLICE:]PERCENT[/10sec|/1min|/5min]". ret_window is 10, 60
 * or 300, ret_limit hundredths of a percent, ret_slice NULL for the system-wide value. */
int cond_psi_parse(const char *parameter, char **ret_slice, unsigned *ret_limit,
                   unsigned *ret_window);
/* systemd's cg_slice_to_path(): "a-b.slice" → "a.slice/a-b.slice", "-.slice" → "". */
int cond_slice_to_path(const char *slice, char **ret);
/* One line of a PSI file ("some avg10=1.23 avg60=… avg300=… total=…"): the averages in
 * hundredths. */
int cond_psi_line_parse(const char *line, unsigned ret_avg[3]);
/* systemd's architecture name for a uname machine string ("x86_64" → "x86-64"), NULL if
 * cordon does not know it. */
const char *cond_architecture_from_uname(const char *machine);
/* Whether name is one of systemd 252's architecture names. */
bool cond_architecture_is_known(const char *name);

/* ---- host detection used by the tests (condition-virt.c) ---- */

/* systemd-detect-virt's answer: "none", a VM id ("kvm", …) or a container id ("docker", …).
 * *ret_kind: 0 none, 1 vm, 2 container. -EOPNOTSUPP when cordon cannot tell (see the man
 * page), *ret_why then says why. */
int cond_detect_virtualization(const char **ret_id, int *ret_kind, const char **ret_why);
/* systemd-detect-virt --vm: 1 and the id of the VM, 0 and "none", or -EOPNOTSUPP. */
int cond_detect_vm(const char **ret_id, const char **ret_why);
/* Whether a container id names a container (not a VM) in systemd's table. */
bool cond_virtualization_is_container(const char *id);
bool cond_virtualization_is_vm(const char *id);
/* systemd's running_in_userns(): 1/0 or -errno. */
int cond_running_in_userns(void);
