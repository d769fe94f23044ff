/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The service environment, built as systemd 252 builds it (service_spawn() + exec_child():
 * build_environment(), build_pass_environment(), strv_env_merge(), UnsetEnvironment= last).
 * environ_build() is pure: every input, including the launcher's own environment for
 * PassEnvironment=, is passed in; nothing from cordon's environment leaks otherwise. */

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "unit.h"

#define ENVIRON_DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

typedef struct EnvironParams {
        /* The manager's environment; NULL = "PATH=" ENVIRON_DEFAULT_PATH (system manager). */
        char *const *manager_environment;
        /* Identity (only when User=/DynamicUser= resolved them; NULL = not set). */
        const char *home, *user, *shell;
        const char *invocation_id; /* 32 hex digits, or NULL */
        /* Roots of the *Directory= types; NULL entries = /run, /var/lib, /var/cache, /var/log,
         * /etc (system manager). */
        const char *prefix[_EXEC_DIRECTORY_TYPE_MAX];
        /* Service-level variables (service.c): */
        const char *notify_socket;  /* set for Type=notify */
        pid_t main_pid;             /* > 0: $MAINPID (ExecReload=, ExecStop=, ExecStartPost=) */
        bool set_result;            /* ExecStop=/ExecStopPost=: $SERVICE_RESULT … */
        const char *service_result; /* "success", "exit-code", … */
        const char *exit_code;      /* "exited", "killed", "dumped"; NULL if no main exit yet */
        const char *exit_status;    /* "0", "SIGTERM", … */
        /* Reserve $SYSTEMD_EXEC_PID, filled in after fork by environ_patch_exec_pid(). */
        bool exec_pid;
        /* The launcher's environment, consulted only for PassEnvironment= names. */
        char *const *host_environment;
        /* Parsed EnvironmentFile= assignments, in file order (environ_load_files()). */
        char *const *files_environment;
        /* cordon run --setenv=NAME=VALUE, applied like trailing Environment= lines. */
        char *const *setenv;
} EnvironParams;

/* Builds the environment for one command. Invalid assignments are dropped (as systemd does)
 * with a diagnostic naming only the variable. */
int environ_build(const Unit *u, const EnvironParams *p, char ***ret, DiagList *diags);

/* Reads every EnvironmentFile= of u (globs allowed; '-' ignores missing/unreadable files) under
 * root (NULL = "/"), parsed with env_file_parse(); later files override earlier ones. A missing
 * file without '-' is an error (-ENOENT, with a diagnostic at the directive's file:line). */
int environ_load_files(const Unit *u, const char *root, char ***ret, DiagList *diags);

/* Reads LANG=/LC_* from ROOT/etc/locale.conf (Debian: else /etc/default/locale) into a manager
 * environment that starts with PATH=ENVIRON_DEFAULT_PATH, as the system manager's
 * locale_setup() does. */
int environ_manager_default(const char *root, char ***ret);

/* Async-signal-safe, no allocation: writes pid into the reserved $SYSTEMD_EXEC_PID entry. */
void environ_patch_exec_pid(char **env, pid_t pid);
