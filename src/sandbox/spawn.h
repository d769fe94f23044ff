/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Parent side of cordon run: starts each command of the plan in a fresh child that builds the
 * sandbox, waits, forwards SIGTERM/SIGINT/SIGHUP, and runs the service lifecycle of
 * Type=simple/exec/oneshot. Never prints: the outcome is data for the CLI. */

#include "apply.h"
#include "plan.h"

typedef struct SbxRunOptions {
        int stop_at_step;   /* fault injection for tests: SIGSTOP the child before step N; -1 */
        int notify_fd;      /* Type=notify: from sbx_notify_open(), else -1 */
        struct SbxBus *bus; /* Type=dbus: watching BusName= (dbus-wait.h), else NULL */
        /* Before an automatic restart: Condition*=/Assert*= again, as systemd's restart job;
         * returns > 0 to restart, 0 to end with the last run's result. NULL: always restart. */
        int (*restart_check)(void *userdata);
        void *restart_check_userdata;
} SbxRunOptions;

/* Type=notify: opens the socket the service reports READY=1 on. The address (for NOTIFY_SOCKET=)
 * is abstract ("@cordon/notify/…"), which every process in cordon's network namespace reaches
 * whatever its mount namespace hides; with PrivateNetwork= it is a socket file in a fresh
 * directory below dir (which then must stay visible inside the sandbox). */
int sbx_notify_open(const SandboxPlan *p, const char *dir, char **ret_address, int *ret_fd);
/* Removes a socket file made by sbx_notify_open() (nothing for abstract addresses). */
void sbx_notify_close(const char *address, int fd);

#define SBX_STATUS_MAX 511 /* STATUS= texts kept (systemd ignores longer than 3 KiB) */

typedef struct SbxRunResult {
        int exit_status; /* what cordon exits with: main status, 128+N, or a systemd code */
        bool setup_failed;
        const PlanCommand *failed_command; /* the command whose setup or run failed, or NULL */
        SbxFailure failure;                /* valid when setup_failed */
        int failed_status;                 /* status of failed_command */
        bool not_ready;                    /* Type=notify: no READY=1 before exit/timeout */
        bool condition_failed; /* ExecCondition= exited 1..254: skipped, not failed (status 0) */
        /* Restart=: how the last run ended (systemd's service result) and what came of it */
        const char *result; /* "success", "exit-code", "signal", "core-dump", "timeout", … */
        int wait_status;    /* raw wait status of the main process, when waited */
        bool waited;
        unsigned restarts;    /* how many times the service was started again */
        bool start_limit_hit; /* gave up: more than StartLimitBurst= starts in the interval */
        char status_text[SBX_STATUS_MAX + 1]; /* the service's last STATUS= ("" none) */
        bool no_pid_namespace; /* no PID namespace (rootless, PrivateUsers=, or not permitted):
                                * processes of the service could outlive a SIGKILL of cordon */
} SbxRunResult;

/* Runs the whole lifecycle. Returns 0 (result filled in) or -errno when cordon itself could not
 * fork/pipe. */
int sbx_run_service(const SandboxPlan *p, const SbxRunOptions *o, SbxRunResult *ret);

/* True when running as root in the initial user namespace (real privileges); otherwise cordon
 * plans rootless: a user namespace first. */
bool sbx_is_privileged(void);
/* Milliseconds of CLOCK_MONOTONIC: deadlines of the run and of credential sources. */
int64_t sbx_now_ms(void);

/* Resolves symlinks in the plan's paths on the host before the run, following only symlinks
 * that cannot have been planted by a non-root user (owned by root, in a directory only root can
 * write to). Untrusted symlinks are an error (-ELOOP, *ret_path names the path). The child then
 * refuses every symlink, so a swap after this point fails instead of redirecting a mount. */
int sbx_resolve_plan_paths(SandboxPlan *p, char **ret_path);
/* The same rule for one file cordon reads as root for the service (EnvironmentFile=,
 * LoadCredential=): *ret is path with only trusted symlinks resolved; -ELOOP when an untrusted
 * one is on the way. Open the result with no symlinks followed (openat2), as a later swap must
 * fail rather than redirect the read. */
int sbx_resolve_trusted_path(const char *path, char **ret);
/* Opens path (flags: O_PATH, or O_RDONLY|O_NONBLOCK…) with that rule when cordon runs as root:
 * -ELOOP for an untrusted symlink, or one swapped in after the resolution. */
int sbx_open_trusted(const char *path, int flags);
