/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One run of the service, as systemd 252's service.c state machine: ExecCondition=,
 * ExecStartPre=, ExecStart= (readiness per Type=), ExecStartPost=, running (reload, watchdog,
 * RuntimeMaxSec=, stop requests), ExecStop=, the signal phases, ExecStopPost=, the result. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "pidns.h"
#include "spawn-internal.h"
#include "string-util.h"
#include "strv.h"

static bool command_failed(const PlanCommand *cmd, int st)
{
        return st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE);
}

/* systemd's s->result: the first failure of a run sticks. */
static void fail(Session *s, const char *result)
{
        if (!s->svc.result)
                s->svc.result = result;
}

/* A timeout from now (ms, CLOCK_MONOTONIC); INT64_MAX for none (0 or infinity). */
static int64_t usec_deadline(uint64_t usec)
{
        if (usec == 0 || usec == UINT64_MAX)
                return INT64_MAX;
        usec /= 1000;
        return sbx_now_ms() + (int64_t) (usec > INT32_MAX ? INT32_MAX : usec);
}

/* TimeoutStartFailureMode=/TimeoutStopFailureMode=: where the signal phases begin. "kill"
 * without SendSIGKILL= sends nothing in systemd until the final KillSignal=; cordon sends that
 * KillSignal= right away (nothing may outlive the run anyway). */
static SbxStopPhase timeout_phase(const SandboxPlan *p, TimeoutMode mode)
{
        if (mode == TIMEOUT_ABORT)
                return SBX_STOP_ABORT;
        if (mode == TIMEOUT_KILL && p->send_sigkill)
                return SBX_STOP_KILL;
        return SBX_STOP_TERMINATE;
}

/* Waits for a control command (also Type=oneshot's and Type=forking's start command) while
 * following notifications, under systemd's per-command timeout: TimeoutStartSec= in the start
 * phase and for ExecReload=, TimeoutStopSec= for ExecStop*=. At the timeout the command (with
 * the main process and, per KillMode=, the rest) is stopped as TimeoutStartFailureMode=/
 * TimeoutStopFailureMode= say, and the result is "timeout"; a slow ExecReload= alone is killed
 * (the service keeps running). Stop requests were forwarded to it already. Returns its exit
 * code (as sbx_wait_command()). */
static int wait_control(const SandboxPlan *p, Session *s, ExecCommandType type, pid_t pid)
{
        bool stop = type == SERVICE_EXEC_STOP || type == SERVICE_EXEC_STOP_POST;
        int st = 1, cst = -1;

        if (s->svc.main_pid != pid)
                s->svc.control_pid = pid;
        int ev = sbx_wait(p, s, pid,
                          usec_deadline(stop ? p->timeout_stop_usec : p->timeout_start_usec),
                          SBX_EV(SBX_EV_DEADLINE), &st);
        s->svc.control_pid = 0;
        if (ev < 0)
                return sbx_wait_command(pid);
        if (ev == SBX_EV_EXITED)
                return st;
        fail(s, "timeout");
        if (type == SERVICE_EXEC_RELOAD) {
                (void) kill(pid, SIGKILL);
                return sbx_wait_command(pid);
        }
        /* ExecStopPost= runs once the main process is gone: only the rest is left. */
        pid_t main_pid =
                type == SERVICE_EXEC_STOP_POST || s->svc.main_pid == pid ? 0 : s->svc.main_pid;
        int mst = sbx_stop_signal_phase(p, s, main_pid > 0 ? main_pid : pid, main_pid > 0 ? pid : 0,
                                        timeout_phase(p, stop ? p->timeout_stop_failure_mode
                                                              : p->timeout_start_failure_mode),
                                        NULL, &cst);
        if (main_pid <= 0)
                cst = mst;
        else if (mst >= 0) {
                s->svc.main_gone = true;
                s->svc.main_raw = mst;
        }
        if (cst < 0)
                cst = W_EXITCODE(0, SIGKILL);
        sbx_last_wait_status = cst;
        return sbx_status_to_exit(cst);
}

/* Runs one command to completion. Returns its exit status; records setup failures. */
static int run_sync(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                    Session *scratch, SbxRunResult *res, pid_t restore_forward)
{
        Started s;
        sbx_signal_all_forget(); /* the namespace is not empty any more */
        int r = sbx_start_command(p, cmd, o, scratch, &s);
        if (r < 0)
                return r;
        /* Type=oneshot: each ExecStart= process is the main process while it runs. */
        bool main = cmd->type == SERVICE_EXEC_START;
        if (main) {
                scratch->svc.main_pid = s.pid;
                scratch->svc.accept_main_pid = true;
        }
        int st = wait_control(p, scratch, cmd->type, s.pid);
        if (main) {
                scratch->svc.main_pid = 0;
                scratch->svc.accept_main_pid = false;
        }
        sbx_forward_pid = restore_forward;
        if (st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE) && !res->failed_command) {
                res->failed_command = cmd;
                res->failed_status = st;
                res->setup_failed = s.setup_failed;
                res->failure = s.failure;
        }
        return st;
}

/* The signal phases from phase on for the main process; returns its wait status (SIGKILL when
 * it could not be collected). A phase that timed out makes the result "timeout". */
static int stop_main(const SandboxPlan *p, Session *s, pid_t main_pid, SbxStopPhase phase)
{
        bool timed_out = false;
        int raw = sbx_stop_signal_phase(p, s, main_pid, 0, phase, &timed_out, NULL);
        if (timed_out)
                fail(s, "timeout");
        return raw < 0 ? W_EXITCODE(0, SIGKILL) : raw;
}

/* Type=notify: waits for READY=1 (MAINPID= may name another main process meanwhile) under
 * TimeoutStartSec=. Returns 1 when ready, 0 when not (the main process exited or was stopped:
 * its status in *ret_status), or -errno. */
static int wait_ready(const SandboxPlan *p, Session *s, int *ret_status)
{
        int st = 0;
        int ev = sbx_wait(p, s, s->svc.main_pid, usec_deadline(p->timeout_start_usec),
                          SBX_EV(SBX_EV_READY) | SBX_EV(SBX_EV_DEADLINE) | SBX_EV(SBX_EV_WATCHDOG),
                          &st);
        if (ev < 0)
                return ev;
        if (ev == SBX_EV_READY)
                return 1;
        if (ev == SBX_EV_EXITED) {
                s->svc.main_pid = 0;
                /* A clean exit without READY=1 is still a failure. */
                fail(s, st == 0 ? "protocol" : NULL);
        } else {
                fail(s, ev == SBX_EV_WATCHDOG ? "watchdog" : "timeout");
                int raw = stop_main(p, s, s->svc.main_pid,
                                    ev == SBX_EV_WATCHDOG
                                            ? SBX_STOP_ABORT
                                            : timeout_phase(p, p->timeout_start_failure_mode));
                s->svc.main_pid = 0;
                sbx_last_wait_status = raw;
                st = sbx_status_to_exit(raw);
        }
        *ret_status = st;
        return 0;
}

/* The main process has been exec'd: for Type=notify wait for READY=1, for Type=forking wait for
 * the start command and find the daemon. Then the watchdog starts and ExecStartPost= gets
 * $MAINPID. Returns 1 when the service is up (s->svc.main_pid is its main process, 0 if none),
 * 0 when the start failed (res says how), or -errno. */
static int main_started(const SandboxPlan *p, Session *s, const PlanCommand *c, pid_t pid,
                        SbxRunResult *res)
{
        int r, st = 0;

        s->svc.accept_main_pid = true;
        s->svc.watchdog_on = true;
        if (p->type == SERVICE_FORKING) {
                /* The start command is a control process; it must exit successfully once the
                 * daemon runs, which MAINPID=, PIDFile= or the only child left names. */
                st = wait_control(p, s, SERVICE_EXEC_START, pid);
                if (command_failed(c, st)) {
                        res->failed_command = c;
                        res->failed_status = st;
                        return 0;
                }
                if (s->svc.main_pid <= 0)
                        s->svc.main_pid = sbx_forking_main_pid(p, &s->pidns);
                sbx_forward_pid = s->svc.main_pid;
        } else
                s->svc.main_pid = pid;
        if ((p->type == SERVICE_NOTIFY && s->svc.notify_fd >= 0) ||
            (p->type == SERVICE_DBUS && s->svc.bus)) {
                s->svc.ready = false; /* a READY=1 before the start does not count (systemd) */
                r = wait_ready(p, s, &st);
                if (r < 0)
                        return r;
                if (r == 0) {
                        res->not_ready = true;
                        res->failed_command = c;
                        res->failed_status = st;
                        return 0;
                }
                sbx_forward_pid = s->svc.main_pid;
        }
        sbx_watchdog_reset(s); /* systemd arms it on entering start-post */
        r = sbx_set_post_env(p, s);
        return r < 0 ? r : 1;
}

/* Runs every command of one type in order, each to completion. Returns 1 when all succeeded
 * (or failed with '-'), 0 when one failed (its status in *ret_status), 2 when stoppable and a
 * stop was requested before a command started, or -errno. */
static int run_all(const SandboxPlan *p, const SbxRunOptions *o, Session *s, SbxRunResult *res,
                   ExecCommandType type, pid_t forward, bool stoppable, int *ret_status)
{
        for (size_t i = 0; i < p->n_commands; i++) {
                const PlanCommand *c = &p->commands[i];
                if (c->type != type)
                        continue;
                if (stoppable && sbx_stop_requested)
                        return 2;
                /* A timed-out ExecStop= already stopped everything: no further ExecStop=. */
                if (type == SERVICE_EXEC_STOP && s->svc.main_gone)
                        break;
                int st = run_sync(p, c, o, s, res, forward);
                if (st < 0)
                        return st;
                if (command_failed(c, st)) {
                        *ret_status = st;
                        return 0;
                }
        }
        return 1;
}

/* The service is up: waits for its main process (following MAINPID=). SIGHUP to cordon runs
 * ExecReload= (with $MAINPID; a failed reload leaves the service running, as systemd). A stop
 * request (SIGTERM/SIGINT to cordon) or RuntimeMaxSec= stops it like systemctl stop: ExecStop=
 * with $MAINPID while it still runs, then the signal phases (result "timeout" for
 * RuntimeMaxSec=). The watchdog (no WATCHDOG=1 within WatchdogSec=, or WATCHDOG=trigger)
 * skips ExecStop=: WatchdogSignal=, TimeoutAbortSec=, then the final kill (result "watchdog").
 * STOPPING=1 skips ExecStop= and the first signal. *stop_ran: the stop is done. Returns the
 * main status (as sbx_wait_command()) or -errno. */
static int main_running(const SandboxPlan *p, const SbxRunOptions *o, Session *s, bool *stop_ran)
{
        int64_t deadline = usec_deadline(p->runtime_max_usec);
        /* RuntimeRandomizedExtraSec=: a random extra on top of RuntimeMaxSec= (systemd 250). */
        if (deadline != INT64_MAX && p->runtime_rand_extra_usec > 0) {
                uint64_t extra = 0;
                if (getrandom(&extra, sizeof(extra), 0) != (ssize_t) sizeof(extra))
                        extra = (uint64_t) sbx_now_ms(); /* cannot fail once the pool is up */
                extra %= p->runtime_rand_extra_usec / 1000 + 1;
                deadline += (int64_t) (extra > INT32_MAX ? INT32_MAX : extra);
        }
        int st = 0, ev, r, raw;

        sbx_forward_pid = 0; /* from now on a signal to cordon is a request, not forwarded */
        sbx_reload_requested = 0;
        if (s->svc.main_pid <= 0)
                return 0;
        for (;;) {
                ev = sbx_wait(p, s, s->svc.main_pid, deadline,
                              SBX_EV(SBX_EV_STOP) | SBX_EV(SBX_EV_RELOAD) |
                                      SBX_EV(SBX_EV_DEADLINE) | SBX_EV(SBX_EV_WATCHDOG) |
                                      SBX_EV(SBX_EV_STOPPING),
                              &st);
                if (ev < 0)
                        return ev;
                if (ev != SBX_EV_RELOAD)
                        break;
                SbxRunResult ignored = {0};
                r = sbx_set_post_env(p, s);
                if (r >= 0)
                        r = run_all(p, o, s, &ignored, SERVICE_EXEC_RELOAD, 0, false, &st);
                if (r < 0)
                        return r;
                if (s->svc.result && streq(s->svc.result, "timeout"))
                        s->svc.result = NULL; /* a slow reload does not fail the service */
        }
        pid_t main_pid = s->svc.main_pid;
        s->svc.watchdog_on = false;
        if (ev == SBX_EV_EXITED) {
                s->svc.main_pid = 0;
                s->svc.accept_main_pid = false;
                return st;
        }
        SbxStopPhase phase = SBX_STOP_TERMINATE;
        if (ev == SBX_EV_WATCHDOG) {
                fail(s, "watchdog");
                phase = SBX_STOP_ABORT;
        } else if (ev == SBX_EV_STOPPING)
                phase = SBX_STOP_WAIT; /* "as if we SIGTERM'd it" */
        else {
                if (ev == SBX_EV_DEADLINE)
                        fail(s, "timeout");
                if (sbx_plan_has_command(p, SERVICE_EXEC_STOP)) {
                        char mp[32];
                        snprintf(mp, sizeof(mp), "MAINPID=%d", (int) sbx_service_pid(s, main_pid));
                        strv_free(s->stop_env);
                        s->stop_env = sbx_env_plus(p, mp, NULL, NULL);
                        if (!s->stop_env)
                                return -ENOMEM;
                        SbxRunResult ignored = {0};
                        r = run_all(p, o, s, &ignored, SERVICE_EXEC_STOP, 0, false, &st);
                        if (r < 0)
                                return r;
                }
        }
        *stop_ran = true;
        raw = s->svc.main_gone ? s->svc.main_raw : stop_main(p, s, main_pid, phase);
        s->svc.main_pid = 0;
        sbx_last_wait_status = raw;
        return sbx_status_to_exit(raw);
}

/* A new run: nothing known about the service yet. */
static void start_phase_begin(const SandboxPlan *p, Session *s)
{
        int fd = s->svc.notify_fd;
        struct SbxBus *bus = s->svc.bus;
        s->svc = (SbxService){
                .notify_fd = fd,
                .bus = bus,
                .watchdog_usec = p->watchdog_usec,
                .watchdog_deadline = INT64_MAX,
        };
        /* Datagrams left from the previous run are not this run's. */
        sbx_notify_drain(p, s);
        s->svc.ready = s->svc.stopping = false;
}

/* The end of every run: ExecStopPost= (told how the start failed when it did), then the
 * result. started: the service came up (its ExecStop= ran); ran/raw: a main process status. */
static int finish_run(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *res, bool started, const char *result, bool ran, int raw,
                      int main_status, SbxRunResult *ret)
{
        int st, r;

        scratch->svc.watchdog_on = false;
        scratch->svc.accept_main_pid = false;
        if (!result)
                result = scratch->svc.result;
        if (!started) {
                /* The start failed: ExecStopPost= learns how (exit-code unless said otherwise). */
                st = sbx_make_stop_env(p, scratch, result ? result : (ran ? NULL : "exit-code"),
                                       ran, raw);
                if (st < 0)
                        return st;
        }
        r = run_all(p, o, scratch, res, SERVICE_EXEC_STOP_POST, 0, false, &st);
        if (r < 0)
                return r;
        sbx_forward_pid = 0;
        if (!result && scratch->svc.result) /* ExecStopPost= timed out after a clean run */
                result = scratch->svc.result;
        if (result && !streq(result, "exec-condition") && main_status == 0)
                main_status = 1; /* a timeout or watchdog fails the run even after exit 0 */
        res->exit_status = main_status;
        res->result = sbx_service_result(p, res, result, ran, raw);
        res->wait_status = raw;
        res->waited = ran;
        memcpy(res->status_text, scratch->svc.status, sizeof(res->status_text));
        *ret = *res;
        return 0;
}

/* After a clean exit of the main process (or of a oneshot's commands): ExitType=cgroup keeps
 * the service running while any process of it is left, RemainAfterExit= keeps it active
 * ("exited") until a stop request; SIGHUP runs ExecReload= meanwhile. Returns 0 or -errno. */
static int stay_active(const SandboxPlan *p, const SbxRunOptions *o, Session *s)
{
        bool running = p->exit_type_cgroup;

        if (!running && !p->remain_after_exit)
                return 0;
        sbx_forward_pid = 0;
        while (!sbx_stop_requested) {
                if (running && sbx_wait_gone(s, 0)) { /* the last process of the service left */
                        running = false;
                        if (!p->remain_after_exit)
                                break;
                }
                if (sbx_reload_requested) {
                        SbxRunResult ignored = {0};
                        int st, r;
                        sbx_reload_requested = 0;
                        r = run_all(p, o, s, &ignored, SERVICE_EXEC_RELOAD, 0, false, &st);
                        if (r < 0)
                                return r;
                        if (s->svc.result && streq(s->svc.result, "timeout"))
                                s->svc.result = NULL; /* a slow reload does not fail it */
                }
                (void) usleep(50 * 1000);
        }
        return 0;
}

/* What one run has seen so far. */
typedef struct Run {
        SbxRunResult res;
        bool started, ran;  /* ran: a main process was waited for */
        bool stop_ran;      /* ExecStop= and the signal phases are done */
        const char *result; /* SERVICE_RESULT= when not from the wait status */
        int main_status, raw;
} Run;

/* ExecStart= of a service with a main process (simple, exec, notify, forking): start, wait
 * until up, ExecStartPost=, run. Returns 1 when it came up, 0 when the start failed, or
 * -errno. */
static int run_main(const SandboxPlan *p, const SbxRunOptions *o, Session *s, const PlanCommand *c,
                    Run *run)
{
        Started st;
        int r, code;

        sbx_signal_all_forget(); /* the namespace is not empty any more */
        r = sbx_start_command(p, c, o, s, &st);
        if (r < 0)
                return r;
        if (st.setup_failed) {
                run->main_status = sbx_wait_command(st.pid);
                run->ran = true;
                run->raw = sbx_last_wait_status;
                run->res.failed_command = c;
                run->res.failed_status = run->main_status;
                run->res.setup_failed = true;
                run->res.failure = st.failure;
                return 0;
        }
        r = main_started(p, s, c, st.pid, &run->res);
        if (r < 0)
                return r;
        if (r == 0) {
                /* Start failed: no ExecStartPost=, no ExecStop=. */
                run->main_status = run->res.failed_status;
                run->ran = true;
                run->raw = sbx_last_wait_status;
                if (run->res.not_ready && run->main_status == 0)
                        run->main_status = 1;
                return 0;
        }
        r = run_all(p, o, s, &run->res, SERVICE_EXEC_START_POST, s->svc.main_pid, false, &code);
        if (r < 0)
                return r;
        if (r == 0) {
                if (s->svc.main_pid > 0 && !s->svc.main_gone) {
                        (void) kill(s->svc.main_pid, SIGTERM);
                        (void) sbx_wait_command(s->svc.main_pid);
                }
                s->svc.main_pid = 0;
                run->main_status = code;
                return 0;
        }
        bool had_main = s->svc.main_pid > 0;
        run->main_status = main_running(p, o, s, &run->stop_ran);
        if (run->main_status < 0)
                return run->main_status;
        run->ran = had_main;
        run->raw = sbx_last_wait_status;
        if (had_main && !run->stop_ran) {
                /* Exited on its own: a failure now comes before any later timeout. */
                const char *base = sbx_service_result(p, &run->res, NULL, true, run->raw);
                if (!streq(base, "success") && !(c->flags & EXEC_COMMAND_IGNORE_FAILURE))
                        fail(s, base);
        }
        if (run->main_status != 0 && !run->res.failed_command) {
                run->res.failed_command = c;
                run->res.failed_status = run->main_status;
        }
        if (c->flags & EXEC_COMMAND_IGNORE_FAILURE)
                run->main_status = 0;
        return 1;
}

/* ExecStart=: oneshot runs each to completion; the others have one main process. Returns 1
 * when started, 0 when the start failed or a stop came first, or -errno. */
static int run_start(const SandboxPlan *p, const SbxRunOptions *o, Session *s, Run *run)
{
        int r, st;

        for (size_t i = 0; i < p->n_commands; i++) {
                const PlanCommand *c = &p->commands[i];
                if (c->type != SERVICE_EXEC_START)
                        continue;
                if (sbx_stop_requested) {
                        run->main_status = 128 + sbx_stop_requested;
                        return 0;
                }
                if (p->type != SERVICE_ONESHOT)
                        return run_main(p, o, s, c, run);
                st = run_sync(p, c, o, s, &run->res, 0);
                if (st < 0)
                        return st;
                run->main_status = st;
                run->ran = true;
                run->raw = sbx_last_wait_status;
                if (command_failed(c, st))
                        return 0;
        }
        /* Type=oneshot: ExecStartPost= once every ExecStart= is done. */
        r = run_all(p, o, s, &run->res, SERVICE_EXEC_START_POST, 0, false, &st);
        if (r == 0)
                run->main_status = st;
        return r;
}

int sbx_run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *ret)
{
        Run run = {0};
        int st, r;

        scratch->svc.notify_fd = o ? o->notify_fd : -1;
        scratch->svc.bus = o ? o->bus : NULL;
        start_phase_begin(p, scratch);
        /* ExecCondition=: 1..254 skips the unit without failing it, 255 or a signal fails it;
         * ExecStopPost= runs in both cases (systemd.service(5)). */
        r = run_all(p, o, scratch, &run.res, SERVICE_EXEC_CONDITION, 0, true, &st);
        if (r < 0)
                return r;
        if (r == 0 && st >= 1 && st <= 254 && !run.res.setup_failed &&
            WIFEXITED(sbx_last_wait_status) && !scratch->svc.result) {
                run.res.condition_failed = true;
                run.res.failed_command = NULL;
                return finish_run(p, o, scratch, &run.res, false, "exec-condition", true,
                                  sbx_last_wait_status, 0, ret);
        }
        if (r == 0 || r == 2) {
                run.main_status = r == 2 ? 128 + sbx_stop_requested : st;
                run.ran = r == 0;
                run.raw = sbx_last_wait_status;
                goto stop_post;
        }

        /* ExecStartPre= */
        r = run_all(p, o, scratch, &run.res, SERVICE_EXEC_START_PRE, 0, true, &st);
        if (r < 0)
                return r;
        if (r == 2) {
                run.main_status = 128 + sbx_stop_requested;
                goto stop_post;
        }
        if (r == 0) {
                run.main_status = st;
                run.ran = true;
                run.raw = sbx_last_wait_status;
                goto stop_post;
        }

        r = run_start(p, o, scratch, &run);
        if (r < 0)
                return r;
        if (r == 0)
                goto stop_post;
        run.started = true;

        if (!run.stop_ran && !scratch->svc.result) {
                r = stay_active(p, o, scratch);
                if (r < 0)
                        return r;
        }
        st = sbx_make_stop_env(p, scratch, scratch->svc.result, run.ran, run.raw);
        if (st < 0)
                return st;
        if (!run.stop_ran) {
                /* The main process exited on its own: after a clean exit ExecStop= runs
                 * (service_enter_stop()), after a failure the signal phase comes right away
                 * (service_enter_running() → stop-sigterm), as in systemd 252. */
                if (!scratch->svc.result) {
                        r = run_all(p, o, scratch, &run.res, SERVICE_EXEC_STOP, 0, false, &st);
                        if (r < 0)
                                return r;
                }
                if (!scratch->svc.main_gone)
                        (void) stop_main(p, scratch, 0, SBX_STOP_TERMINATE);
        }
stop_post:
        return finish_run(p, o, scratch, &run.res, run.started, run.result, run.ran, run.raw,
                          run.main_status, ret);
}
