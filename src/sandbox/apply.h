/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Child side: walks a SandboxPlan in the fixed order of SandboxStep and execs one command.
 * Runs after fork(): no malloc, no stdio; a failure is written as one SbxFailure record to the
 * CLOEXEC error pipe and the child _exit()s with systemd's exit code for that step. */

#include <stdint.h>
#include <sys/types.h>

#include "plan.h"

typedef struct SbxFailure {
        int32_t step;  /* SandboxStep */
        int32_t error; /* positive errno */
        int32_t index; /* mount op index for mount steps, else -1 */
} SbxFailure;

typedef struct SbxChild {
        const SandboxPlan *plan;
        const PlanCommand *command;
        bool sandboxed; /* false for '+' commands: no namespaces, no mounts */
        int *scratch;   /* plan->mounts.n ints, preallocated by the parent */
        pid_t parent;
        int error_fd;
        int stop_at_step; /* fault injection (tests): SIGSTOP before this step; -1 never */
        /* Detached tmpfs mounts held by the parent, one per PrivateTmp= op in plan order, so
         * every command of one run shares /tmp and /var/tmp (as under systemd); -1 = none. */
        int shared_tmp[2];
        bool in_userns; /* rootless: the parent already created and mapped the user ns */
        bool pid_ns;    /* born in the run's PID namespace: a sandboxed command gets its own mount
                         * ns and /proc ('+' commands only rootless, and neither) */
        int sync_fd;    /* PrivateUsers= with a service uid: the parent writes the maps, or -1 */
        int userns_fd;  /* PrivateUsers= as root: the run's mapped user namespace to join, or -1 */
        char **env; /* overrides plan->environment (ExecStartPost=/ExecStop*= extras), or NULL */
        bool procfs_early; /* child only: ProtectProc='s /proc was mounted before PrivateUsers=' */
        uint64_t reset_signals; /* to set to SIG_DFL first (bit s - 1), see sbx_fork_clean() */
} SbxChild;

_noreturn_ void sbx_child_run(const SbxChild *c);

/* systemd's exit status for a failure in this step: 226 NAMESPACE, 200 CHDIR, 203 EXEC. */
int sbx_step_exit_status(SandboxStep step) _const_;
