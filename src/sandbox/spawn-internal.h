/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared by the files of cordon run's parent side; not a public interface:
 *   spawn.c     starting one command (fork, sandbox child, user-namespace maps), waiting for it
 *   stop.c      the stop phase: KillMode=/KillSignal=/TimeoutStopSec=, leftovers
 *   notify.c    NOTIFY_SOCKET: messages, NotifyAccess=, MAINPID=
 *   running.c   waiting for a process while following notifications and the watchdog
 *   lifecycle.c one run of the service: ExecCondition= … ExecStopPost=, the service result
 *   restart.c   Restart=/StartLimit*= around it, and sbx_run_service() */

#include <signal.h>
#include <stdbool.h>
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

/* The service as cordon tracks it during one run, as systemd's Service does: main and control
 * process, readiness and watchdog (fed by NOTIFY_SOCKET messages, notify.c). */
typedef struct SbxService {
        int notify_fd;             /* the NOTIFY_SOCKET, -1 none */
        pid_t main_pid;            /* host pid of the main process, 0 unknown/none */
        pid_t control_pid;         /* host pid of the running Exec*= control command, 0 none */
        bool accept_main_pid;      /* MAINPID= counts (start … running, reload) */
        bool ready, stopping;      /* READY=1 / STOPPING=1 seen */
        bool watchdog_on;          /* WATCHDOG=1 pings count (start … running) */
        uint64_t watchdog_usec;    /* in effect: WatchdogSec=, or WATCHDOG_USEC= from the service */
        int64_t watchdog_deadline; /* ms CLOCK_MONOTONIC; INT64_MAX: not armed */
        bool watchdog_fired;       /* no ping in time, or WATCHDOG=trigger */
        int64_t extend_until;      /* EXTEND_TIMEOUT_USEC=: deadlines last at least until (ms) */
        const char *result;        /* systemd's Service.result once not "success": first wins */
        char status[SBX_STATUS_MAX + 1]; /* the last STATUS= text ("" none) */
        bool main_gone;      /* a control command's timeout phase reaped the main process */
        int main_raw;        /* ... with this wait status */
        struct SbxBus *bus;  /* Type=dbus: the bus watching BusName= (dbus-wait.c) */
        bool bus_name_owned; /* ... BusName= has an owner: the service is ready */
        int64_t bus_polled;  /* ms of the last GetNameOwner (the polling fallback) */
} SbxService;

/* State shared by every command of one run. */
typedef struct Session {
        SbxService svc;
        int *scratch;
        int shared_tmp[2];
        bool in_userns;
        char **post_env;   /* ExecStartPost=: + MAINPID */
        char **stop_env;   /* ExecStop*=: + SERVICE_RESULT, EXIT_CODE, EXIT_STATUS */
        SbxPidNs pidns;    /* every process of the run, killed with cordon (reaper != 0) */
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
int sbx_session_prepare(const SandboxPlan *p, Session *s);
void sbx_session_done(Session *s);
/* Before a restart: new PrivateTmp= file systems, as systemd gives a restarted service fresh
 * temporary directories (service_enter_dead() releases its runtime). */
int sbx_session_fresh_tmp(const SandboxPlan *p, Session *s);
/* Forks a child for cmd and waits until it has exec'd (the CLOEXEC error pipe closes) or failed
 * (it wrote an SbxFailure). Commands whose environment is only known now ($MAINPID, …) get
 * their $VARIABLEs expanded here, in the parent, as systemd does right before execve(). */
int sbx_start_command(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                      Session *session, Started *ret);
/* Waits for pid (also a daemon re-parented to the namespace's init); returns its exit code as
 * sbx_status_to_exit(), the raw status in sbx_last_wait_status. */
int sbx_wait_command(pid_t pid);
/* pid has exited (its pidfd said so): collects its status like sbx_wait_command(), from the
 * namespace's init when it is not cordon's child (inner: its pid there, 0 unknown). A process
 * that is neither's child ("alien" MAINPID=) counts as a clean exit, as in systemd. */
int sbx_wait_exited(pid_t pid, pid_t inner);
/* A pid as the service sees it ($MAINPID): inside the run's PID namespace when there is one. */
pid_t sbx_service_pid(const Session *s, pid_t host_pid);

/* stop.c */
/* The pids of our direct children (orphans re-parented to us as subreaper included). */
size_t sbx_list_children(pid_t *pids, size_t max);
/* Polls every 20 ms for up to ms milliseconds until nothing is left; true when nothing is. */
bool sbx_wait_gone(Session *s, int ms);
/* sbx_pidns_signal_all() for the run's namespace, answering 0 without asking once it said so
 * and no command was started since; sbx_signal_all_forget() before starting one. */
int sbx_signal_all(Session *s, int sig);
void sbx_signal_all_forget(void);
/* Once the run is over: nothing the service left may survive (SIGTERM, grace, SIGKILL). */
void sbx_kill_leftovers(const SandboxPlan *p, Session *s);
typedef enum SbxStopPhase {
        SBX_STOP_TERMINATE, /* KillSignal= (+ SIGHUP), TimeoutStopSec= */
        SBX_STOP_WAIT,      /* the service said STOPPING=1: no signal, TimeoutStopSec= */
        SBX_STOP_ABORT,     /* WatchdogSignal=, TimeoutAbortSec= */
        SBX_STOP_KILL,      /* FinalKillSignal=, TimeoutStopSec= */
} SbxStopPhase;
/* systemctl stop's signal phases from the given one on (then as TimeoutStopFailureMode= and
 * SendSIGKILL= say); signals the main and control processes (0: none) and, per KillMode=, the
 * rest. Returns the main process's wait status, or -1; *ret_timed_out when a phase timed out;
 * *ret_control_status: the control process's wait status, or -1 (both pointers may be NULL). */
int sbx_stop_signal_phase(const SandboxPlan *p, Session *s, pid_t main_pid, pid_t control_pid,
                          SbxStopPhase phase, bool *ret_timed_out, int *ret_control_status);

/* notify.c */
#define SBX_NOTIFY_BUFFER_MAX 4096 /* systemd's NOTIFY_BUFFER_MAX (PIPE_BUF) */
/* One notification datagram, as systemd 252's service_notify_message() reads it. */
typedef struct SbxNotifyMsg {
        bool ready, stopping, reloading;      /* the last of READY=1/STOPPING=1/RELOADING=1 */
        pid_t main_pid;                       /* MAINPID= (first one), 0 none or invalid */
        bool watchdog_ping, watchdog_trigger; /* WATCHDOG=1 / WATCHDOG=trigger */
        bool has_watchdog_usec;
        uint64_t watchdog_usec; /* WATCHDOG_USEC= */
        uint64_t extend_usec;   /* EXTEND_TIMEOUT_USEC=, 0 none */
        bool has_status;        /* STATUS= (valid UTF-8, at most SBX_STATUS_MAX bytes) */
        char status[SBX_STATUS_MAX + 1];
} SbxNotifyMsg;
/* Parses buf[0..n) (no NUL inside but one trailing). Pure. Returns 0 or -EBADMSG. */
int sbx_notify_parse(const char *buf, size_t n, SbxNotifyMsg *ret);
/* NotifyAccess=: may sender report? (main: the main process only; exec: also the control
 * process; all: any process of the service; none: nobody). Pure. */
bool sbx_notify_authorized(NotifyAccess access, pid_t sender, pid_t main_pid, pid_t control_pid);
/* True when pid is a live process of this run (a descendant of cordon), not its reaper. */
bool sbx_pid_in_service(const Session *s, pid_t pid);
/* Reads and applies every queued notification (MAINPID=, READY=1, STOPPING=1, WATCHDOG=…). */
void sbx_notify_drain(const SandboxPlan *p, Session *s);
/* dbus-wait.c: Type=dbus readiness inside sbx_wait(). The bus socket (-1 without a bus), and
 * reading it: sets svc->bus_name_owned, asks GetNameOwner again every second; -errno when the
 * bus failed. */
int sbx_dbus_fd(const SbxService *svc);
int sbx_dbus_drain(SbxService *svc);

/* running.c */
/* (Re)arms the watchdog from now (WatchdogSec= or the service's WATCHDOG_USEC=; 0 = off). */
void sbx_watchdog_reset(Session *s);
typedef enum SbxWaitEvent {
        SBX_EV_EXITED,   /* the process exited: *ret_exit and sbx_last_wait_status */
        SBX_EV_READY,    /* READY=1 */
        SBX_EV_WATCHDOG, /* WatchdogSec= passed without a ping, or WATCHDOG=trigger */
        SBX_EV_STOPPING, /* STOPPING=1 */
        SBX_EV_STOP,     /* SIGTERM/SIGINT to cordon */
        SBX_EV_RELOAD,   /* SIGHUP to cordon */
        SBX_EV_DEADLINE, /* the deadline passed (EXTEND_TIMEOUT_USEC= considered) */
} SbxWaitEvent;
#define SBX_EV(e) (1u << (e))
/* Waits for pid (which follows MAINPID= when it is the main process) while reading
 * notifications, until it exits or one of the events in mask happens. Returns the event, or
 * -errno. Signals are noticed within 200 ms, exits and notifications at once. */
int sbx_wait(const SandboxPlan *p, Session *s, pid_t pid, int64_t deadline, unsigned mask,
             int *ret_exit);

/* result.c */
/* Whether a raw wait status is in a SuccessExitStatus=-like set. */
bool sbx_status_in(const PlanStatusSet *set, int raw);
/* systemd's is_clean_exit() for a daemon: exit 0, SIGHUP/SIGINT/SIGTERM/SIGPIPE, or what
 * SuccessExitStatus= lists. */
bool sbx_clean_exit(const SandboxPlan *p, int raw);
/* The plan's environment plus up to three assignments (NULL: none). */
char **sbx_env_plus(const SandboxPlan *p, const char *a, const char *b, const char *c);
/* s->stop_env: + $SERVICE_RESULT (result, else from the main status when ran), $EXIT_CODE,
 * $EXIT_STATUS. */
int sbx_make_stop_env(const SandboxPlan *p, Session *s, const char *result, bool ran, int raw);
/* Whether p has a command of type. */
bool sbx_plan_has_command(const SandboxPlan *p, ExecCommandType type);
/* s->post_env: + $MAINPID of the current main process (nothing when there is none). */
int sbx_set_post_env(const SandboxPlan *p, Session *s);
/* The service result of a run: result if set, else from the commands and the main status. */
const char *sbx_service_result(const SandboxPlan *p, const SbxRunResult *res, const char *result,
                               bool ran, int raw);

/* forking.c */
/* Type=forking: the daemon (PIDFile=, else the only process left), host pid; 0 when none. */
pid_t sbx_forking_main_pid(const SandboxPlan *p, const SbxPidNs *ns);

/* lifecycle.c */
/* One run of the service, ExecCondition= to ExecStopPost=. Returns 0 (ret filled) or -errno. */
int sbx_run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *ret);
