/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cleanup.h"
#include "pidns.h"
#include "spawn-internal.h"
#include "string-util.h"
#include "strv.h"

/* TimeoutStartSec=: the end of the start phase (ms, CLOCK_MONOTONIC; INT64_MAX none) and
 * whether it was hit (the service result is then "timeout"). */
static int64_t start_deadline = INT64_MAX;
static bool start_timed_out = false;

static bool command_failed(const PlanCommand *cmd, int st)
{
        return st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE);
}

/* Waits for a command; during the start phase at most until TimeoutStartSec= ends, then it is
 * stopped like systemd's TimeoutStartFailureMode=terminate (KillSignal=, TimeoutStopSec=,
 * FinalKillSignal=). Stop requests were forwarded to it already; reloads wait. */
static int wait_in_start(const SandboxPlan *p, Session *s, pid_t pid)
{
        if (start_deadline == INT64_MAX)
                return sbx_wait_command(pid);
        for (;;) {
                int st = sbx_wait_main(pid, start_deadline);
                if (st == -EAGAIN)
                        continue;
                if (st == -EINTR)
                        return sbx_wait_command(pid);
                if (st != -ETIME)
                        return st;
                start_timed_out = true;
                int raw = sbx_stop_signal_phase(p, s, pid);
                if (raw < 0)
                        raw = W_EXITCODE(0, SIGKILL);
                sbx_last_wait_status = raw;
                return sbx_status_to_exit(raw);
        }
}

bool sbx_status_in(const PlanStatusSet *set, int raw)
{
        if (WIFEXITED(raw))
                return set->codes[WEXITSTATUS(raw) / 8] & (1u << (WEXITSTATUS(raw) % 8));
        return WIFSIGNALED(raw) && WTERMSIG(raw) < 64 && (set->signals >> WTERMSIG(raw)) & 1;
}

/* Runs one command to completion. Returns its exit status; records setup failures. */
static int run_sync(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                    Session *scratch, SbxRunResult *res, pid_t restore_forward)
{
        Started s;
        int r = sbx_start_command(p, cmd, o, scratch, &s);
        if (r < 0)
                return r;
        int st = wait_in_start(p, scratch, s.pid);
        sbx_forward_pid = restore_forward;
        if (st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE) && !res->failed_command) {
                res->failed_command = cmd;
                res->failed_status = st;
                res->setup_failed = s.setup_failed;
                res->failure = s.failure;
        }
        return st;
}

static char **env_plus(const SandboxPlan *p, const char *a, const char *b, const char *c)
{
        char **l = strv_copy(p->environment);
        if (!l)
                return NULL;
        const char *add[] = {a, b, c};
        for (size_t i = 0; i < ELEMENTSOF(add); i++)
                if (add[i] && strv_extend(&l, add[i]) < 0)
                        return strv_free(l);
        return l;
}

/* ExecStop*= see how the service ended, as systemd.exec(5) describes: $SERVICE_RESULT,
 * $EXIT_CODE, $EXIT_STATUS (from the main process's raw wait status when it ran). */
static int make_stop_env(const SandboxPlan *p, Session *s, const char *result, bool ran, int raw)
{
        char code[32] = "", status[48] = "";
        const char *svc = result;

        if (ran && WIFEXITED(raw)) {
                snprintf(code, sizeof(code), "EXIT_CODE=exited");
                snprintf(status, sizeof(status), "EXIT_STATUS=%d", WEXITSTATUS(raw));
                if (!svc)
                        svc = WEXITSTATUS(raw) == 0 ? "success" : "exit-code";
        } else if (ran && WIFSIGNALED(raw)) {
                const char *name = sigabbrev_np(WTERMSIG(raw));
                snprintf(code, sizeof(code), "EXIT_CODE=%s", WCOREDUMP(raw) ? "dumped" : "killed");
                snprintf(status, sizeof(status), "EXIT_STATUS=%s", name ? name : "?");
                if (!svc)
                        svc = WCOREDUMP(raw) ? "core-dump" : "signal";
        }
        _cleanup_free_ char *r = strjoin_real("SERVICE_RESULT=", svc ? svc : "success", NULL);
        if (!r)
                return -ENOMEM;
        strv_free(s->stop_env);
        s->stop_env = env_plus(p, r, code[0] ? code : NULL, status[0] ? status : NULL);
        return s->stop_env ? 0 : -ENOMEM;
}

/* Type=forking: the daemon's pid from PIDFile= when it names one of our children (it was
 * re-parented to us; anything else in a pid file is not trusted, as systemd refuses pids outside
 * the service), else the only child left (GuessMainPID=). 0 when none is running. */
static pid_t forking_main_pid(const SandboxPlan *p, const SbxPidNs *ns)
{
        pid_t kids[64];
        size_t n = ns->reaper > 0 ? sbx_pidns_orphans(ns, kids, ELEMENTSOF(kids))
                                  : sbx_list_children(kids, ELEMENTSOF(kids));

        if (p->pid_file) {
                char buf[32] = "";
                int fd = open(p->pid_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
                if (fd >= 0) {
                        ssize_t len = read(fd, buf, sizeof(buf) - 1);
                        close(fd);
                        buf[len > 0 ? len : 0] = 0;
                        long v = strtol(buf, NULL, 10), inner = v;
                        /* The daemon wrote its pid as seen inside the namespace. */
                        if (ns->reaper > 0 && v > 0 && v < INT32_MAX)
                                v = sbx_pidns_to_host(ns, (pid_t) v);
                        for (size_t i = 0; i < n; i++)
                                if (v > 0 && kids[i] == (pid_t) v) {
                                        /* Host tools read it too: the host's pid (B). */
                                        (void) sbx_pidfile_rewrite(p->pid_file, (pid_t) inner,
                                                                   kids[i]);
                                        return kids[i];
                                }
                }
        }
        return n == 1 ? kids[0] : 0;
}

/* The main process has been exec'd: for Type=notify wait for READY=1, for Type=forking wait for
 * the start command and find the daemon. Then ExecStartPost= gets $MAINPID. Returns 1 when the
 * service is up (*main_pid is its main process, 0 if none), 0 when the start failed (res says
 * how), or -errno. */
static int main_started(const SandboxPlan *p, const SbxRunOptions *o, Session *s,
                        const PlanCommand *c, pid_t *main_pid, SbxRunResult *res)
{
        int r, st;

        if (p->type == SERVICE_NOTIFY && o && o->notify_fd >= 0) {
                int status = 0;
                r = sbx_wait_ready(p, o->notify_fd, *main_pid, &status);
                if (r == -ETIME) {
                        (void) kill(*main_pid, SIGTERM);
                        status = sbx_wait_command(*main_pid);
                } else if (r < 0)
                        return r;
                if (r <= 0) {
                        /* A clean exit without READY=1 is still a failure ("protocol"). */
                        res->not_ready = true;
                        res->failed_command = c;
                        res->failed_status = status;
                        return 0;
                }
        }
        if (p->type == SERVICE_FORKING) {
                /* The start command must exit successfully once the daemon runs. */
                st = wait_in_start(p, s, *main_pid);
                if (command_failed(c, st)) {
                        res->failed_command = c;
                        res->failed_status = st;
                        return 0;
                }
                *main_pid = forking_main_pid(p, &s->pidns);
                sbx_forward_pid = *main_pid;
        }
        if (*main_pid > 0) {
                char mp[32];
                snprintf(mp, sizeof(mp), "MAINPID=%d", (int) sbx_service_pid(s, *main_pid));
                strv_free(s->post_env);
                s->post_env = env_plus(p, mp, NULL, NULL);
                if (!s->post_env)
                        return -ENOMEM;
        }
        return 1;
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

/* The service is up: waits for its main process. SIGHUP to cordon runs ExecReload= (with
 * $MAINPID; a failed reload leaves the service running, as systemd). A stop request
 * (SIGTERM/SIGINT to cordon) or RuntimeMaxSec= stops it like systemctl stop: ExecStop= with
 * $MAINPID while it still runs, then the signal phase (*stop_ran = true; *result "timeout" for
 * RuntimeMaxSec=). Returns the main status (as sbx_wait_command()) or -errno. */
static int main_running(const SandboxPlan *p, const SbxRunOptions *o, Session *s, pid_t main_pid,
                        bool *stop_ran, const char **result)
{
        int64_t deadline = p->runtime_max_usec == 0 || p->runtime_max_usec == UINT64_MAX
                                   ? INT64_MAX
                                   : sbx_now_ms() + (int64_t) (p->runtime_max_usec / 1000);
        int st;

        sbx_forward_pid = 0; /* from now on a signal to cordon is a request, not forwarded */
        sbx_reload_requested = 0;
        if (main_pid <= 0)
                return 0;
        for (;;) {
                st = sbx_wait_main(main_pid, deadline);
                if (st != -EAGAIN)
                        break;
                SbxRunResult ignored = {0};
                int r = run_all(p, o, s, &ignored, SERVICE_EXEC_RELOAD, 0, false, &st);
                if (r < 0)
                        return r;
        }
        if (st != -EINTR && st != -ETIME)
                return st;
        if (st == -ETIME)
                *result = "timeout";
        char mp[32];
        snprintf(mp, sizeof(mp), "MAINPID=%d", (int) sbx_service_pid(s, main_pid));
        strv_free(s->stop_env);
        s->stop_env = env_plus(p, mp, NULL, NULL);
        if (!s->stop_env)
                return -ENOMEM;
        SbxRunResult ignored = {0};
        int r = run_all(p, o, s, &ignored, SERVICE_EXEC_STOP, 0, false, &st);
        if (r < 0)
                return r;
        *stop_ran = true;
        int raw = sbx_stop_signal_phase(p, s, main_pid);
        if (raw < 0)
                raw = W_EXITCODE(0, SIGKILL);
        sbx_last_wait_status = raw;
        return sbx_status_to_exit(raw);
}

/* systemd's service result for the run: a clean exit (0, SIGHUP/SIGINT/SIGTERM/SIGPIPE, or
 * SuccessExitStatus=) is success, else exit-code/signal/core-dump; result overrides. */
static const char *service_result(const SandboxPlan *p, const SbxRunResult *res, const char *result,
                                  bool ran, int raw)
{
        if (res->condition_failed)
                return "exec-condition";
        if (result)
                return result;
        if (res->setup_failed || (res->failed_command && !ran))
                return "exit-code";
        if (!ran) /* no main process (oneshot without one failing): the commands decide */
                return res->failed_command ? "exit-code" : "success";
        if (WIFEXITED(raw) && (WEXITSTATUS(raw) == 0 || sbx_status_in(&p->success_status, raw)))
                return res->failed_command && res->failed_command->type != SERVICE_EXEC_START
                               ? "exit-code"
                               : "success";
        int sig = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
        if (sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE ||
            (sig > 0 && sbx_status_in(&p->success_status, raw)))
                return "success";
        if (WIFSIGNALED(raw))
                return WCOREDUMP(raw) ? "core-dump" : "signal";
        return "exit-code";
}

/* TimeoutStartSec= counts from here. */
static void start_phase_begin(const SandboxPlan *p)
{
        start_timed_out = false;
        start_deadline = p->timeout_start_usec == 0 || p->timeout_start_usec == UINT64_MAX
                                 ? INT64_MAX
                                 : sbx_now_ms() + (int64_t) (p->timeout_start_usec / 1000);
}

/* The end of every run: ExecStopPost= (told how the start failed when it did), then the
 * result. started: the service came up (its ExecStop= ran); ran/raw: a main process status. */
static int finish_run(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *res, bool started, const char *result, bool ran, int raw,
                      int main_status, SbxRunResult *ret)
{
        int st, r;

        start_deadline = INT64_MAX;
        if (start_timed_out && !result)
                result = "timeout";
        if (!started) {
                /* The start failed: ExecStopPost= learns how (exit-code unless said otherwise). */
                st = make_stop_env(p, scratch, result ? result : (ran ? NULL : "exit-code"), ran,
                                   raw);
                if (st < 0)
                        return st;
        }
        r = run_all(p, o, scratch, res, SERVICE_EXEC_STOP_POST, 0, false, &st);
        if (r < 0)
                return r;
        sbx_forward_pid = 0;
        if (start_timed_out && main_status == 0)
                main_status = 1;
        res->exit_status = main_status;
        res->result = service_result(p, res, result, ran, raw);
        res->wait_status = raw;
        res->waited = ran;
        *ret = *res;
        return 0;
}

int sbx_run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                      SbxRunResult *ret)
{
        SbxRunResult res = {0};
        bool started = false, ran = false; /* ran: a main process was waited for */
        bool stop_ran = false;             /* ExecStop= and the signal phase are done */
        const char *result = NULL;         /* SERVICE_RESULT= when not from the wait status */
        int main_status = 0, st, raw = 0, r;

        start_phase_begin(p);
        /* ExecCondition=: 1..254 skips the unit without failing it, 255 or a signal fails it;
         * ExecStopPost= runs in both cases (systemd.service(5)). */
        r = run_all(p, o, scratch, &res, SERVICE_EXEC_CONDITION, 0, true, &st);
        if (r < 0)
                return r;
        if (r == 0 && st >= 1 && st <= 254 && !res.setup_failed &&
            WIFEXITED(sbx_last_wait_status)) {
                res.condition_failed = true;
                res.failed_command = NULL;
                result = "exec-condition";
                return finish_run(p, o, scratch, &res, false, result, true, sbx_last_wait_status, 0,
                                  ret);
        }
        if (r == 0 || r == 2) {
                main_status = r == 2 ? 128 + sbx_stop_requested : st;
                ran = r == 0;
                raw = sbx_last_wait_status;
                goto stop_post;
        }

        /* ExecStartPre= */
        r = run_all(p, o, scratch, &res, SERVICE_EXEC_START_PRE, 0, true, &st);
        if (r < 0)
                return r;
        if (r == 2) {
                main_status = 128 + sbx_stop_requested;
                goto stop_post;
        }
        if (r == 0) {
                main_status = st;
                ran = true;
                raw = sbx_last_wait_status;
                goto stop_post;
        }

        /* ExecStart=: oneshot runs each to completion; simple/exec has one main process, and
         * ExecStartPost= runs once it has been exec'd; forking's main process is the daemon the
         * start command leaves behind. */
        for (size_t i = 0; i < p->n_commands; i++) {
                const PlanCommand *c = &p->commands[i];
                if (c->type != SERVICE_EXEC_START)
                        continue;
                if (sbx_stop_requested) {
                        main_status = 128 + sbx_stop_requested;
                        goto stop_post;
                }
                if (p->type == SERVICE_ONESHOT) {
                        st = run_sync(p, c, o, scratch, &res, 0);
                        if (st < 0)
                                return st;
                        main_status = st;
                        ran = true;
                        raw = sbx_last_wait_status;
                        if (command_failed(c, st))
                                goto stop_post;
                        continue;
                }
                Started s;
                r = sbx_start_command(p, c, o, scratch, &s);
                if (r < 0)
                        return r;
                if (s.setup_failed) {
                        main_status = sbx_wait_command(s.pid);
                        ran = true;
                        raw = sbx_last_wait_status;
                        res.failed_command = c;
                        res.failed_status = main_status;
                        res.setup_failed = true;
                        res.failure = s.failure;
                        goto stop_post;
                }
                pid_t main_pid = s.pid;
                r = main_started(p, o, scratch, c, &main_pid, &res);
                if (r < 0)
                        return r;
                if (r == 0) {
                        /* Start failed: no ExecStartPost=, no ExecStop=. */
                        main_status = res.failed_status;
                        ran = true;
                        raw = sbx_last_wait_status;
                        if (res.not_ready) {
                                result = res.failed_status == 128 + SIGTERM ? "timeout"
                                         : res.failed_status == 0           ? "protocol"
                                                                            : NULL;
                                if (main_status == 0)
                                        main_status = 1;
                        }
                        goto stop_post;
                }
                r = run_all(p, o, scratch, &res, SERVICE_EXEC_START_POST, main_pid, false, &st);
                if (r < 0)
                        return r;
                if (r == 0) {
                        if (main_pid > 0) {
                                (void) kill(main_pid, SIGTERM);
                                (void) sbx_wait_command(main_pid);
                        }
                        main_status = st;
                        goto stop_post;
                }
                start_deadline = INT64_MAX; /* started: RuntimeMaxSec= from here */
                main_status = main_running(p, o, scratch, main_pid, &stop_ran, &result);
                if (main_status < 0)
                        return main_status;
                if (result && main_status == 0)
                        main_status = 1; /* RuntimeMaxSec= hit: failed even if it exited 0 */
                ran = main_pid > 0;
                raw = sbx_last_wait_status;
                if (main_status != 0 && !res.failed_command) {
                        res.failed_command = c;
                        res.failed_status = main_status;
                }
                if (c->flags & EXEC_COMMAND_IGNORE_FAILURE)
                        main_status = 0;
                break;
        }
        if (p->type == SERVICE_ONESHOT) {
                r = run_all(p, o, scratch, &res, SERVICE_EXEC_START_POST, 0, false, &st);
                if (r < 0)
                        return r;
                if (r == 0) {
                        main_status = st;
                        goto stop_post;
                }
        }
        started = true;
        start_deadline = INT64_MAX;

        st = make_stop_env(p, scratch, result, ran, raw);
        if (st < 0)
                return st;
        if (!stop_ran) {
                /* ExecStop= runs even when the main process exited on its own
                 * (systemd.service(5)); then the rest of the service is stopped. */
                r = run_all(p, o, scratch, &res, SERVICE_EXEC_STOP, 0, false, &st);
                if (r < 0)
                        return r;
                (void) sbx_stop_signal_phase(p, scratch, 0);
        }
stop_post:
        return finish_run(p, o, scratch, &res, started, result, ran, raw, main_status, ret);
}
