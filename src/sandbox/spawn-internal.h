/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared by the files of cordon run's parent side; not a public interface:
 *   spawn.c     starting one command (fork, sandbox child, user-namespace maps), waiting for it
 *   stop.c      the stop phase: KillMode=/KillSignal=/TimeoutStopSec=, leftovers
 *   notify.c    NOTIFY_SOCKET and readiness
 *   lifecycle.c one run of the service: ExecCondition= … ExecStopPost=, the service result
 *   restart.c   Restart=/StartLimit*= around it, and sbx_run_service() */

#include <signal.h>
#include <stdint.h>

#include "cgroup.h"
#include "pidns.h"
#include "spawn.h"

/* The only global state (cordon is single-threaded): whom a forwarded signal goes to, and
 * whether a stop (SIGTERM/SIGINT) or reload (SIGHUP) request arrived; the lifecycle then starts
 * nothing new and goes on to ExecStop*=. Written in async-signal context. */
extern volatile pid_t sbx_forward_pid;
extern volatile sig_atomic_t sbx_stop_requested;
extern volatile sig_atomic_t sbx_reload_requested;
/* Raw wait status of the last sbx_wait_command() (read right after the call). */
extern int sbx_last_wait_status;
/* The run's PID namespace, for waiting on processes that are not cordon's children. */
extern const SbxPidNs *sbx_run_pidns;

/* State shared by every command of one run. */
typedef struct Session {
        int *scratch;
        int shared_tmp[2];
        bool in_userns;
        char **post_env; /* ExecStartPost=: + MAINPID */
        char **stop_env; /* ExecStop*=: + SERVICE_RESULT, EXIT_CODE, EXIT_STATUS */
        SbxPidNs pidns;  /* every process of the run, killed with cordon (reaper != 0) */
        SbxCgroup *cgroup; /* resource control (cgroup.c): every command starts in it */
} Session;

typedef struct Started {
        pid_t pid;
        bool setup_failed;
        SbxFailure failure;
} Started;

/* spawn.c */
void sbx_install_forwarding(void);
/* A wait status as an exit code: the status, or 128+signal. */
int sbx_status_to_exit(int status);
int64_t sbx_now_ms(void); /* CLOCK_MONOTONIC */
int sbx_session_prepare(const SandboxPlan *p, Session *s);
void sbx_session_done(Session *s);
/* Forks a child for cmd and waits until it has exec'd (the CLOEXEC error pipe closes) or failed
 * (it wrote an SbxFailure). Commands whose environment is only known now ($MAINPID, …) get
 * their $VARIABLEs expanded here, in the parent, as systemd does right before execve(). */
int sbx_start_command(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                      Session *session, Started *ret);
/* Waits for pid (also a daemon re-parented to the namespace's init); returns its exit code as
 * sbx_status_to_exit(), the raw status in sbx_last_wait_status. */
int sbx_wait_command(pid_t pid);
/* Waits for the main process like sbx_wait_command(), but ends early with the main process
 * still running: -EINTR on a stop request (SIGTERM/SIGINT to cordon), -EAGAIN on a reload
 * request (SIGHUP), -ETIME at deadline (ms, CLOCK_MONOTONIC; INT64_MAX none). Signals are
 * noticed within 200 ms (poll slices), exits at once (pidfd). */
int sbx_wait_main(pid_t pid, int64_t deadline);
/* A pid as the service sees it ($MAINPID): inside the run's PID namespace when there is one. */
pid_t sbx_service_pid(const Session *s, pid_t host_pid);

/* stop.c */
/* The pids of our direct children (orphans re-parented to us as subreaper included). */
size_t sbx_list_children(pid_t *pids, size_t max);
/* Polls every 20 ms for up to ms milliseconds until nothing is left; true when nothing is. */
bool sbx_wait_gone(Session *s, int ms);
/* Once the run is over: nothing the service left may survive (SIGTERM, grace, SIGKILL). */
void sbx_kill_leftovers(const SandboxPlan *p, Session *s);
/* systemctl stop's signal phase once ExecStop= ran; returns the main process's wait status,
 * or -1. */
int sbx_stop_signal_phase(const SandboxPlan *p, Session *s, pid_t main_pid);

/* notify.c */
/* Type=notify: waits for READY=1. Returns 1 when ready, 0 when the main process exited first
 * (its status in *ret_status), -ETIME on TimeoutStartSec=. */
int sbx_wait_ready(const SandboxPlan *p, int fd, pid_t main_pid, int *ret_status);

/* lifecycle.c */
/* Whether a raw wait status is in a SuccessExitStatus=-like set. */
bool sbx_status_in(const PlanStatusSet *set, int raw);
/* One run of the service, ExecCondition= to ExecStopPost=. Returns 0 (ret filled) or -errno. */
int sbx_run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *ret);
