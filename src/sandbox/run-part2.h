/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* One-call wiring of run part 2 into a SandboxPlan (plan.h) for the run verb:
 *
 *   r = part2_attach(u, plan, &opts, &p2, &diags, &status);   // parent, before the run
 *   ... sbx_run_service(plan, …) ...
 *   part2_detach(u, p2);                                       // parent, after it stopped
 *
 * part2_attach() resolves the identity (allocating a DynamicUser= uid), prepares resources,
 * capabilities, no_new_privs and the seccomp BPF, creates the *Directory= directories and the
 * credentials store, builds the environment (replacing plan->environment), expands $VARIABLEs
 * in the commands' argv against it (except ':' commands) and installs
 * privileges_pre_exec_hook() as the plan's pre-exec hook. On failure everything created is
 * undone and *ret_exit_status is systemd's code for what failed. part2_detach() removes what
 * must not outlive the service: IPC objects (RemoveIPC=), RuntimeDirectory= trees, the
 * credentials store, the dynamic uid reservation. */

#include <stdbool.h>

#include "diag.h"
#include "exec-dirs.h"
#include "plan.h"
#include "privileges.h"
#include "unit.h"

typedef struct Part2Options {
        bool rootless;
        const char *root;                 /* NULL = "/" */
        char *const *setenv;              /* --setenv=NAME=VALUE */
        char *const *host_environment;    /* for PassEnvironment= (usually environ) */
        const char *received_credentials; /* our $CREDENTIALS_DIRECTORY, or NULL */
        const char *notify_socket;        /* Type=notify: $NOTIFY_SOCKET */
        const char *const *dir_prefix;    /* as PlanOptions.dir_prefix (rootless), NULL = system */
        bool lenient; /* StandardOutput=socket & co: a warning instead of a refusal (K7) */
} Part2Options;

typedef struct Part2 {
        Privileges *priv;
        ExecDirs dirs;
        char *credentials_dir; /* NULL when the unit has no credentials */
        char invocation_id[33];
        char *stdin_data; /* StandardInputText= bytes (plan->stdio.data points here) */
} Part2;

int part2_attach(const Unit *u, SandboxPlan *plan, const Part2Options *o, Part2 **ret,
                 DiagList *diags, int *ret_exit_status);
/* diags (may be NULL) gets a warning for each RuntimeDirectory= link the service planted that
 * the removal left in place. */
void part2_detach(const Unit *u, Part2 *p, DiagList *diags);
