/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Run part 2 glue for the executor's pre-exec hook (plan.h: SandboxPlan.pre_exec_hook):
 * identity (User=, Group=, SupplementaryGroups=, DynamicUser=), capabilities, secure bits,
 * UMask=, RLIMIT_RTPRIO for RestrictRealtime=, no_new_privs and the seccomp stack.
 *
 * privileges_prepare() runs in the parent (it allocates, reads ROOT/etc/passwd and /etc/group,
 * allocates the dynamic uid and builds the BPF); privileges_pre_exec_hook() runs in the child
 * right before execve() and only applies the precomputed data, in systemd 252's order. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "caps.h"
#include "diag.h"
#include "dynamic-user.h"
#include "environ.h"
#include "process-attrs.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "unit.h"

#define PRIVILEGES_GROUPS_MAX 256

typedef struct PrivilegesOptions {
        const char *invocation_id;        /* 32 hex digits for KeyringMode= (NULL: no key) */
        const char *root;                 /* for /etc/passwd and /etc/group; NULL = "/" */
        bool rootless;                    /* no uid switch (the user namespace maps the caller) */
        const char *dynamic_uid_lock_dir; /* NULL = DYNAMIC_UID_LOCK_DIR (tests) */
} PrivilegesOptions;

typedef struct Privileges {
        ProcessAttrs attrs; /* Limit*=, Nice=, scheduling, affinity, personality, … */
        CapsPlan caps;
        SeccompPlan seccomp;
        SeccompPrograms programs;
        bool switch_user;
        uid_t uid;
        gid_t gid;
        gid_t groups[PRIVILEGES_GROUPS_MAX];
        size_t n_groups;
        bool set_groups; /* setgroups() even when n_groups == 0 (drops root's groups) */
        DynamicUser dynamic;
        mode_t umask;
        bool rtprio_zero;
        bool mdwe_prctl; /* MemoryDenyWriteExecute=: PR_SET_MDWE as well, where the kernel has it */
        KeyringMode keyring_mode;
        bool have_invocation_id;
        uint8_t invocation_id[16]; /* stored as the "invocation_id" key, as systemd does */
        /* for the environment ($USER, $LOGNAME, $HOME, $SHELL), NULL when not set */
        char *user_name, *home, *shell;
} Privileges;

int privileges_prepare(const Unit *u, const PrivilegesOptions *o, Privileges **ret,
                       DiagList *diags);
/* After the service stopped (parent): RemoveIPC= (implied by DynamicUser=) removes the IPC
 * objects of the service's uid/gid. Returns the number removed or -errno. Call before
 * privileges_free(), which releases the dynamic uid for reuse. */
int privileges_after_stop(const Unit *u, const Privileges *p);
/* Releases the dynamic uid (when the service has stopped) and frees everything. */
Privileges *privileges_free(Privileges *p);
DEFINE_TRIVIAL_CLEANUP_FUNC(Privileges *, privileges_free);

/* The pre-exec hook: data is a const Privileges *. Returns 0, or -errno with *ret_exit_status
 * set to systemd's code (process-attrs.h codes, 216 GROUP, 217 USER, 218 CAPABILITIES, 213
 * SECUREBITS, 227 NO_NEW_PRIVILEGES, 228 SECCOMP, 232 ADDRESS_FAMILIES, 205 LIMITS). */
int privileges_pre_exec_hook(const void *data, void (*identity_done)(void *), void *userdata,
                             int *ret_exit_status);
/* The same for commands with the '!' prefix: User=, Group= and SupplementaryGroups= are not
 * applied (the command keeps the manager's identity), everything else is. */
int privileges_pre_exec_hook_no_setuid(const void *data, void (*identity_done)(void *),
                                       void *userdata, int *ret_exit_status);

/* Fills the identity part of EnvironParams from p. */
void privileges_environ_params(const Privileges *p, EnvironParams *e);
