/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Pure compiler: the unit model → a list of seccomp filters described as data. Nothing here
 * touches the kernel or libseccomp; seccomp-load.c turns the description into BPF.
 *
 * The stack mirrors systemd 252's exec_child(): one filter per directive ("concern"), installed
 * in systemd's order, so that when several filters return an errno for the same call the
 * same one wins (the kernel prefers the most recently installed filter on ties). Each concern
 * is compiled for every architecture the process may still use (x86-64 and, unless
 * SystemCallArchitectures= removes them, i386 and x32).
 *
 * Performance: since Linux 5.11 the kernel caches ALLOW verdicts for system calls whose path
 * through every filter depends only on (arch, nr). Rules with argument comparisons are put
 * only on the calls that need them, so every other call stays cacheable;
 * seccomp_plan_arg_syscalls() lists the exceptions. */

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "unit.h"

/* Actions use the kernel's SECCOMP_RET_* encoding (same as libseccomp's SCMP_ACT_*). */
#define SECCOMP_ACTION_ALLOW        UINT32_C(0x7fff0000)
#define SECCOMP_ACTION_KILL_PROCESS UINT32_C(0x80000000)
#define SECCOMP_ACTION_LOG          UINT32_C(0x7ffc0000)
#define SECCOMP_ACTION_ERRNO(e)     (UINT32_C(0x00050000) | ((uint32_t) (e) &UINT32_C(0xffff)))
#define SECCOMP_ACTION_IS_ERRNO(a)  (((a) &UINT32_C(0xffff0000)) == UINT32_C(0x00050000))

/* Architectures a filter covers (bit set). Only x86-64 hosts are supported for now. */
typedef enum SeccompArch {
        SECCOMP_ARCH_X86_64 = 1 << 0,
        SECCOMP_ARCH_X86 = 1 << 1, /* i386, reached with int 0x80 / sysenter */
        SECCOMP_ARCH_X32 = 1 << 2, /* x86-64 numbers with __X32_SYSCALL_BIT */
} SeccompArch;
#define SECCOMP_ARCHS_ALL (SECCOMP_ARCH_X86_64 | SECCOMP_ARCH_X86 | SECCOMP_ARCH_X32)
const char *seccomp_arch_to_string(SeccompArch a); /* "x86-64", "x86", "x32" */

/* All comparisons look at the low 32 bits of the argument only: the kernel truncates int
 * arguments, so a rule that compared the full register could be bypassed by setting the upper
 * half (CVE-2019-10063, escapes.md E051). */
typedef enum SeccompCmpOp {
        SECCOMP_CMP_EQ,        /* (a & 0xffffffff) == datum */
        SECCOMP_CMP_NE,        /* (a & 0xffffffff) != datum */
        SECCOMP_CMP_LT,        /* unsigned */
        SECCOMP_CMP_GT,        /* unsigned */
        SECCOMP_CMP_MASKED_EQ, /* (a & mask) == datum */
        _SECCOMP_CMP_MAX,
        _SECCOMP_CMP_INVALID = -EINVAL,
} SeccompCmpOp;

typedef struct SeccompArgCmp {
        uint8_t arg; /* 0..5 */
        SeccompCmpOp op;
        uint32_t mask; /* SECCOMP_CMP_MASKED_EQ only */
        uint32_t datum;
} SeccompArgCmp;

#define SECCOMP_RULE_ARGS_MAX 3

/* A rule matches when all its comparisons hold; several rules for one call are alternatives. */
typedef struct SeccompRule {
        const char *syscall; /* static name, resolved per architecture by the loader */
        uint32_t action;
        unsigned n_args;
        SeccompArgCmp args[SECCOMP_RULE_ARGS_MAX];
} SeccompRule;

/* The directive a filter implements, in systemd's installation order. */
typedef enum SeccompConcern {
        SECCOMP_CONCERN_PROTECT_HOSTNAME,
        SECCOMP_CONCERN_ADDRESS_FAMILIES,
        SECCOMP_CONCERN_MEMORY_DENY_WRITE_EXECUTE,
        SECCOMP_CONCERN_RESTRICT_REALTIME,
        SECCOMP_CONCERN_RESTRICT_SUID_SGID,
        SECCOMP_CONCERN_RESTRICT_NAMESPACES,
        SECCOMP_CONCERN_PROTECT_KERNEL_TUNABLES,
        SECCOMP_CONCERN_PROTECT_KERNEL_MODULES,
        SECCOMP_CONCERN_PROTECT_KERNEL_LOGS,
        SECCOMP_CONCERN_PROTECT_CLOCK,
        SECCOMP_CONCERN_PRIVATE_DEVICES,
        SECCOMP_CONCERN_ARCHITECTURES,
        SECCOMP_CONCERN_LOCK_PERSONALITY,
        SECCOMP_CONCERN_SYSTEM_CALL_LOG,
        SECCOMP_CONCERN_SYSTEM_CALL_FILTER,
        _SECCOMP_CONCERN_MAX,
        _SECCOMP_CONCERN_INVALID = -EINVAL,
} SeccompConcern;
/* "SystemCallFilter=", "RestrictNamespaces=", … (the directive's name, for messages). */
DECLARE_STRING_TABLE_LOOKUP(seccomp_concern, SeccompConcern);

typedef struct SeccompFilter {
        SeccompConcern concern;
        SeccompArch arch; /* exactly one architecture, except for the ARCHITECTURES filter */
        uint32_t default_action;
        uint32_t bad_arch_action; /* for calls of architectures not in .arch */
        SeccompRule *rules;
        size_t n_rules;
        Origin origin; /* the directive's assignment */
} SeccompFilter;

typedef struct SeccompPlan {
        SeccompFilter *filters; /* in installation order */
        size_t n_filters;
        SeccompArch archs; /* architectures the service may use */
} SeccompPlan;

#define SECCOMP_FILTERS_MAX 64
#define SECCOMP_RULES_MAX   4096 /* per filter */

/* Compiles the seccomp parts of u->exec into *ret (call seccomp_plan_done() on it). Nothing is
 * printed; a directive that cannot be compiled is reported in diags (when non-NULL). */
int seccomp_compile(const Unit *u, SeccompPlan *ret, DiagList *diags);
void seccomp_plan_done(SeccompPlan *p);

/* True if the plan has no filters at all. */
static inline bool seccomp_plan_is_empty(const SeccompPlan *p)
{
        return p->n_filters == 0;
}

/* Names of the system calls whose verdict depends on arguments in this plan (so the kernel's
 * verdict cache cannot hold them), sorted and unique, NULL-terminated; caller frees the array
 * (not the strings). */
int seccomp_plan_arg_syscalls(const SeccompPlan *p, const char ***ret);

/* Kernel-side kill action → "kill", errno → "EPERM"/"errno 42", allow → "allow", log → "log". */
const char *seccomp_action_to_string(uint32_t action, char buf[static 32]);
