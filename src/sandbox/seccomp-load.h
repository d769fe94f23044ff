/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The only place that turns seccomp plans into BPF (via libseccomp) and loads it.
 *
 * Two steps, so that the post-clone child does no allocation and no thinking:
 *   seccomp_plan_prepare()    parent side: libseccomp builds one BPF program per filter;
 *   seccomp_programs_install() child side, last step before execve(): one seccomp(2) call per
 *                              program, in order, nothing else (async-signal-safe).
 * Loading needs no_new_privs or CAP_SYS_ADMIN, exactly as for systemd; caps.c sets NNP. */

#include <linux/filter.h>
#include <stddef.h>

#include "seccomp-compile.h"

typedef struct SeccompProgram {
        struct sock_filter *insns;
        unsigned short len;
        SeccompConcern concern;
        SeccompArch arch;
} SeccompProgram;

typedef struct SeccompPrograms {
        SeccompProgram *items;
        size_t n;
} SeccompPrograms;

/* Builds the BPF for every filter of p. -EOPNOTSUPP when built without libseccomp. */
int seccomp_plan_prepare(const SeccompPlan *p, SeccompPrograms *ret);
void seccomp_programs_done(SeccompPrograms *p);

/* Installs the programs in order. On failure returns -errno and, if ret_failed is non-NULL,
 * the index of the program that failed. Filters already installed stay installed (they cannot
 * be removed); the caller must not exec then. */
int seccomp_programs_install(const SeccompPrograms *p, size_t *ret_failed);

/* prepare + install, for callers that may allocate (tests, bench). */
int seccomp_plan_load(const SeccompPlan *p);

/* Resolves a syscall name for one architecture: the number the kernel sees in seccomp_data.nr
 * (x32 numbers include __X32_SYSCALL_BIT), or -ENOENT when the call does not exist there. */
int seccomp_syscall_resolve(const char *name, SeccompArch arch);
