/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Name tables that are data, checked against systemd 252's own listings (tests/data/): system
 * calls and their @groups, capabilities, errno names, address families, architectures and
 * namespace types. */

#include <stdbool.h>
#include <stdint.h>

#include "model.h"
#include "strbuf.h"

/* ---- system calls ---- */
int syscall_table_size(void);
const char *syscall_name(int idx);
int syscall_from_name(const char *name); /* index, or -ENOENT */
/* x86-64 syscall number, or -1 when the name does not exist on this architecture. */
int syscall_native_nr(int idx);

typedef struct SyscallGroup {
        const char *name; /* "@system-service" */
        const char *help;
        const char *const *members; /* syscall names and nested "@groups", NULL-terminated */
        uint16_t since;             /* systemd version that introduced the group */
} SyscallGroup;

const SyscallGroup *syscall_groups(size_t *ret_n);
const SyscallGroup *syscall_group_lookup(const char *name);
/* The members of a group (nested groups included) as a set of table indexes; computed once per
 * process, valid for its lifetime. */
const uint64_t *syscall_group_set(const SyscallGroup *g);
/* Sets the bits of a syscall name or (recursively) a @group. -ENOENT if unknown. */
int syscall_set_add(uint64_t bits[SYSCALL_TABLE_MAX / 64], const char *name_or_group);
static inline bool syscall_set_test(const uint64_t *bits, int idx)
{
        return (bits[idx / 64] >> (idx % 64)) & 1;
}
static inline void syscall_set_put(uint64_t *bits, int idx, bool on)
{
        if (on)
                bits[idx / 64] |= UINT64_C(1) << (idx % 64);
        else
                bits[idx / 64] &= ~(UINT64_C(1) << (idx % 64));
}

/* ---- capabilities ---- */
int capability_from_name(const char *name); /* "CAP_CHOWN"/"cap_chown" → 0; -EINVAL */
const char *capability_to_name(int cap);    /* "cap_chown" (lower case, like systemctl) */
int capability_last(void);                  /* CAP_LAST_KNOWN */
/* "cap_chown cap_kill" in ascending order, as systemctl show prints it. */
void capability_set_format(uint64_t set, StrBuf *out);

/* ---- errno ---- */
int errno_from_name(const char *name); /* "EPERM" → 1; also accepts numbers 1..4095 */
const char *errno_to_name(int err);    /* 1 → "EPERM"; NULL if unknown */

/* ---- address families ---- */
int af_from_name(const char *name); /* "AF_INET" → 2; -EINVAL */
const char *af_to_name(int af);
int af_max(void);

/* ---- seccomp architectures ---- */
bool seccomp_arch_is_valid(const char *name); /* "native", "x86-64", "x86", "x32", … */

/* ---- namespace types ---- */
unsigned long namespace_flag_from_name(const char *name); /* "net" → CLONE_NEWNET; 0 unknown */
const char *namespace_flag_to_name(unsigned long flag);
/* systemd's order: cgroup ipc net mnt pid user uts */
void namespace_flags_format(unsigned long flags, StrBuf *out);

/* ---- signals, rlimits ---- */
int signal_from_name(const char *name); /* "SIGTERM", "TERM", "15" */
const char *signal_to_name(int sig);
int rlimit_from_directive(const char *name); /* "LimitNOFILE" → RLIMIT_NOFILE */
const char *rlimit_to_directive(int rl);
