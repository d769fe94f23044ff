/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "exec-util.h"
#include "mount.h"
#include "path-util.h"
#include "pidns.h"
#include "spawn.h"
#include "string-util.h"
#include "strv.h"
#include "userns.h"

/* The only global state: whom a forwarded signal goes to, and whether one arrived (the
 * lifecycle then starts nothing new and goes on to ExecStop*=). Async-signal context. */
static volatile pid_t forward_pid = 0;
static volatile sig_atomic_t stop_requested = 0;

static volatile sig_atomic_t reload_requested = 0;

static void forward_signal(int sig)
{
        pid_t p = forward_pid;
        /* SIGHUP asks for ExecReload= (systemctl reload) once the service runs; before that,
         * as systemd refuses a reload of an activating unit, it does nothing. */
        if (sig == SIGHUP) {
                reload_requested = 1;
                return;
        }
        stop_requested = sig;
        if (p > 0)
                (void) kill(p, sig);
}

static void install_forwarding(void)
{
        struct sigaction sa = {.sa_handler = forward_signal};
        sigemptyset(&sa.sa_mask);
        (void) sigaction(SIGTERM, &sa, NULL);
        (void) sigaction(SIGINT, &sa, NULL);
        (void) sigaction(SIGHUP, &sa, NULL);
}

static int status_to_exit(int status)
{
        if (WIFEXITED(status))
                return WEXITSTATUS(status);
        if (WIFSIGNALED(status))
                return 128 + WTERMSIG(status);
        return 1;
}

bool sbx_is_privileged(void)
{
        /* Root only counts in the initial user namespace, whose map is the identity over the
         * whole range; under "unshare -r" uid 0 maps to someone else and cordon must behave as
         * rootless (its own user namespace first). */
        char buf[128] = "";
        if (geteuid() != 0)
                return false;
        int fd = open("/proc/self/uid_map", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return false;
        buf[n] = 0;
        unsigned long a, b, c;
        return sscanf(buf, "%lu %lu %lu", &a, &b, &c) == 3 && a == 0 && b == 0 && c == 4294967295UL;
}

/* State shared by every command of one run. */
typedef struct Session {
        int *scratch;
        int shared_tmp[2];
        bool in_userns;
        char **post_env; /* ExecStartPost=: + MAINPID */
        char **stop_env; /* ExecStop*=: + SERVICE_RESULT, EXIT_CODE, EXIT_STATUS */
        SbxPidNs pidns;  /* every process of the run, killed with cordon (reaper != 0) */
} Session;

/* Raw wait status of the last wait_command() (single-threaded; read right after the call). */
static int last_wait_status = 0;

/* PrivateTmp=: one tmpfs per path for the whole run, held as detached mounts. They appear in no
 * mount table and vanish with the last fd, so nothing is left behind even after SIGKILL. Rootless,
 * cordon first moves itself into its own user and mount namespace to be allowed to create them. */
static int session_prepare(const SandboxPlan *p, Session *s)
{
        size_t k = 0;
        int r;

        s->shared_tmp[0] = s->shared_tmp[1] = -1;
        for (size_t i = 0; i < p->mounts.n; i++)
                if (p->mounts.ops[i].kind == MOUNT_PRIVATE_TMP)
                        k++;
        if (k == 0)
                return 0;
        if (p->ns.user_ns && !p->ns.private_users) { /* rootless */
                if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
                        return -errno;
                r = sbx_userns_map_self(p->ns.uid, p->ns.gid);
                if (r < 0)
                        return r;
                s->in_userns = true;
        }
        for (size_t i = 0, j = 0; i < p->mounts.n && j < ELEMENTSOF(s->shared_tmp); i++) {
                const MountOp *op = &p->mounts.ops[i];
                if (op->kind != MOUNT_PRIVATE_TMP)
                        continue;
                r = sbx_fs_new("tmpfs", op->options, op->flags);
                if (r < 0)
                        return r;
                s->shared_tmp[j++] = r;
        }
        return 0;
}

static void session_done(Session *s)
{
        s->post_env = strv_free(s->post_env);
        s->stop_env = strv_free(s->stop_env);
        for (size_t i = 0; i < ELEMENTSOF(s->shared_tmp); i++)
                if (s->shared_tmp[i] >= 0)
                        close(s->shared_tmp[i]);
}

typedef struct Started {
        pid_t pid;
        bool setup_failed;
        SbxFailure failure;
} Started;

/* The environment of a command beyond the plan's: ExecStartPost=/ExecReload= get $MAINPID,
 * ExecStop*= also $SERVICE_RESULT, $EXIT_CODE, $EXIT_STATUS. NULL = the plan's environment. */
static char **command_env(const Session *session, const PlanCommand *cmd)
{
        switch (cmd->type) {
        case SERVICE_EXEC_START_POST:
        case SERVICE_EXEC_RELOAD:
                return session->post_env;
        case SERVICE_EXEC_STOP:
        case SERVICE_EXEC_STOP_POST:
                return session->stop_env;
        case SERVICE_EXEC_CONDITION:
        case SERVICE_EXEC_START_PRE:
        case SERVICE_EXEC_START:
        case _SERVICE_EXEC_COMMAND_MAX:
        case _SERVICE_EXEC_COMMAND_INVALID:
                break;
        }
        return NULL;
}

static int start_command_argv(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                              Session *session, Started *ret);

/* Forks a child for cmd and waits until it has exec'd (the CLOEXEC error pipe closes) or failed
 * (it wrote an SbxFailure). Commands whose environment is only known now ($MAINPID, …) get
 * their $VARIABLEs expanded here, in the parent, as systemd does right before execve(). */
static int start_command(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                         Session *session, Started *ret)
{
        char **env = command_env(session, cmd);
        _cleanup_strv_free_ char **argv = NULL;
        PlanCommand local;
        int r;

        if (!env || (cmd->flags & EXEC_COMMAND_NO_ENV_EXPAND))
                return start_command_argv(p, cmd, o, session, ret);
        r = exec_expand_argv(cmd->argv, env, &argv);
        if (r < 0)
                return r;
        local = *cmd;
        local.argv = argv;
        return start_command_argv(p, &local, o, session, ret);
}

static int start_command_argv(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                              Session *session, Started *ret)
{
        int pipefd[2], sync[2] = {-1, -1};
        pid_t parent = getpid();
        bool sandboxed = !(cmd->flags & EXEC_COMMAND_FULLY_PRIVILEGED);
        bool parent_maps = sandboxed && p->ns.private_users && p->ns.map_service;

        if (parent_maps && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sync) < 0)
                return -errno;
        if (pipe2(pipefd, O_CLOEXEC) < 0) {
                int r = -errno;
                if (sync[0] >= 0) {
                        close(sync[0]);
                        close(sync[1]);
                }
                return r;
        }
        /* '+' commands run with cordon's privileges, outside the service's PID namespace (they
         * get no namespaces at all); back inside right after the fork. */
        if (!sandboxed)
                (void) sbx_pidns_enter(&session->pidns, false);
        pid_t pid = fork();
        if (!sandboxed && pid != 0)
                (void) sbx_pidns_enter(&session->pidns, true);
        if (pid < 0) {
                int r = -errno;
                close(pipefd[0]);
                close(pipefd[1]);
                if (sync[0] >= 0) {
                        close(sync[0]);
                        close(sync[1]);
                }
                return r;
        }
        if (pid == 0) {
                close(pipefd[0]);
                SbxChild c = {
                        .plan = p,
                        .command = cmd,
                        .sandboxed = sandboxed,
                        .scratch = session->scratch,
                        .parent = parent,
                        .error_fd = pipefd[1],
                        .stop_at_step = o ? o->stop_at_step : -1,
                        .shared_tmp = {session->shared_tmp[0], session->shared_tmp[1]},
                        .in_userns = session->in_userns,
                        .pid_ns = sandboxed && session->pidns.reaper > 0,
                        .sync_fd = sync[1],
                        .env = command_env(session, cmd),
                };
                if (sync[0] >= 0)
                        close(sync[0]);
                sbx_child_run(&c);
        }
        close(pipefd[1]);
        forward_pid = pid;
        if (sync[0] >= 0) {
                /* The child has entered its user namespace: write root's and the service's
                 * maps (EOF instead means it failed earlier and reports that itself). */
                char b = 0;
                close(sync[1]);
                ssize_t n;
                do
                        n = read(sync[0], &b, 1);
                while (n < 0 && errno == EINTR);
                if (n == 1) {
                        b = sbx_userns_write_maps(pid, p->ns.service_uid, p->ns.service_gid) >= 0;
                        if (write(sync[0], &b, 1) != 1) {
                                /* The child sees EOF and fails at STEP_ID_MAP. */
                        }
                }
                close(sync[0]);
        }
        /* A stop request that arrived around fork() must still reach the new command; stop
         * commands themselves are exempt (they are what runs on stop). */
        if (stop_requested && cmd->type != SERVICE_EXEC_STOP && cmd->type != SERVICE_EXEC_STOP_POST)
                (void) kill(pid, stop_requested);

        *ret = (Started){.pid = pid};
        SbxFailure f;
        ssize_t n;
        do
                n = read(pipefd[0], &f, sizeof(f));
        while (n < 0 && errno == EINTR);
        close(pipefd[0]);
        if (n == (ssize_t) sizeof(f)) {
                ret->setup_failed = true;
                ret->failure = f;
        }
        return 0;
}

/* The run's PID namespace, for waiting on processes that are not cordon's children. */
static const SbxPidNs *run_pidns = NULL;

static int wait_command(pid_t pid)
{
        int status;
        for (;;) {
                if (waitpid(pid, &status, 0) == pid)
                        break;
                if (errno == ECHILD && run_pidns && run_pidns->reaper > 0) {
                        /* Type=forking's daemon: a child of the namespace's init */
                        int r = sbx_pidns_wait(run_pidns, pid, &status);
                        if (r >= 0)
                                break;
                        if (r == -EINTR)
                                continue;
                        return 1;
                }
                if (errno != EINTR)
                        return 1;
        }
        last_wait_status = status;
        return status_to_exit(status);
}

/* Runs one command to completion. Returns its exit status; records setup failures. */
/* TimeoutStartSec=: the end of the start phase (ms, CLOCK_MONOTONIC; INT64_MAX none) and
 * whether it was hit (the service result is then "timeout"). */
static int64_t start_deadline = INT64_MAX;
static bool start_timed_out = false;
static int wait_in_start(const SandboxPlan *p, Session *s, pid_t pid);

static int run_sync(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                    Session *scratch, SbxRunResult *res, pid_t restore_forward)
{
        Started s;
        int r = start_command(p, cmd, o, scratch, &s);
        if (r < 0)
                return r;
        int st = wait_in_start(p, scratch, s.pid);
        forward_pid = restore_forward;
        if (st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE) && !res->failed_command) {
                res->failed_command = cmd;
                res->failed_status = st;
                res->setup_failed = s.setup_failed;
                res->failure = s.failure;
        }
        return st;
}

/* pid has exited (its pidfd said so): collects its status, from the namespace's init when it
 * is not cordon's child. */
static int wait_exited(pid_t pid, pid_t inner)
{
        int status;
        if (inner <= 0)
                return wait_command(pid);
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
                last_wait_status = status;
                return status_to_exit(status);
        }
        if (w >= 0 || errno != ECHILD)
                return wait_command(pid);
        for (int i = 0; i < 500; i++) { /* the reaper collects it right after */
                int r = sbx_pidns_status(run_pidns, inner, &status);
                if (r < 0)
                        return 1;
                if (r > 0) {
                        last_wait_status = status;
                        return status_to_exit(status);
                }
                (void) usleep(2000);
        }
        return 1;
}

static int64_t now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for the main process like wait_command(), but ends early with the main process still
 * running: -EINTR on a stop request (SIGTERM/SIGINT to cordon), -EAGAIN on a reload request
 * (SIGHUP), -ETIME at deadline (ms, CLOCK_MONOTONIC; INT64_MAX none). Signals are noticed
 * within 200 ms (poll slices), exits at once (pidfd). */
static int wait_main(pid_t pid, int64_t deadline)
{
        int pidfd = (int) syscall(SYS_pidfd_open, pid, 0);
        int r;

        /* A Type=forking daemon is the namespace init's child: its status comes from there,
         * asked for by its pid inside, which must be read while it still exists. */
        pid_t inner = run_pidns && run_pidns->reaper > 0 ? sbx_pidns_inner_pid(pid) : 0;

        if (pidfd < 0)
                return wait_command(pid);
        for (;;) {
                if (stop_requested) {
                        r = -EINTR;
                        break;
                }
                if (reload_requested) {
                        reload_requested = 0;
                        r = -EAGAIN;
                        break;
                }
                int64_t left = deadline == INT64_MAX ? 200 : deadline - now_ms();
                if (left <= 0) {
                        r = -ETIME;
                        break;
                }
                struct pollfd pf = {.fd = pidfd, .events = POLLIN};
                if (poll(&pf, 1, (int) (left < 200 ? left : 200)) > 0) {
                        r = wait_exited(pid, inner);
                        break;
                }
        }
        close(pidfd);
        return r;
}

static bool command_failed(const PlanCommand *cmd, int st)
{
        return st != 0 && !(cmd->flags & EXEC_COMMAND_IGNORE_FAILURE);
}

static int run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
                         SbxRunResult *ret);

/* Reads the pids of our direct children (orphans re-parented to us as subreaper included). */
static size_t list_children(pid_t *pids, size_t max)
{
        return sbx_children(getpid(), pids, max);
}

/* A pid as the service sees it ($MAINPID): inside the run's PID namespace when there is one. */
static pid_t service_pid(const Session *s, pid_t host_pid)
{
        pid_t inner = s->pidns.reaper > 0 ? sbx_pidns_inner_pid(host_pid) : 0;
        return inner > 0 ? inner : host_pid;
}

/* Reaps cordon's own exited children without blocking; notes when the reaper was one. */
static void reap_nohang(Session *s)
{
        pid_t pid;
        while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
                if (pid == s->pidns.reaper)
                        s->pidns.reaper = -1;
}

/* Polls every 20 ms for up to ms milliseconds until nothing is left; true when nothing is. */
static bool wait_gone(Session *s, int ms)
{
        pid_t pids[1];
        for (int waited = 0;; waited += 20) {
                reap_nohang(s);
                bool any = s->pidns.reaper > 0   ? sbx_pidns_signal_all(&s->pidns, 0) > 0
                           : s->pidns.reaper < 0 ? false
                                                 : list_children(pids, 1) > 0;
                if (!any)
                        return true;
                if (waited >= ms)
                        return false;
                (void) usleep(20 * 1000);
        }
}

/* Like systemd's KillMode=control-group once the service stopped: whatever the commands left
 * running (double-forked daemons included) gets SIGTERM, a grace period, then SIGKILL, until
 * nothing is left (escapes.md E092). With a PID namespace its init signals everything in it;
 * without one, orphans were re-parented to cordon (subreaper) and are its children. */
static void kill_leftovers(const SandboxPlan *p, Session *s)
{
        pid_t pids[256];
        size_t n;

        if (s->pidns.reaper > 0) {
                /* control-group: KillSignal= first (systemd's final-sigterm); mixed gets SIGKILL
                 * right away; process/none would survive systemd's stop but cannot outlive
                 * cordon's run (they die with its namespace). */
                if (p->kill_mode == KILL_CONTROL_GROUP &&
                    sbx_pidns_signal_all(&s->pidns, p->kill_signal) > 0 && !wait_gone(s, 1000))
                        (void) sbx_pidns_signal_all(&s->pidns, SIGKILL);
                /* The reaper exits once cordon has reaped its own children in the namespace. */
                sbx_pidns_stop(&s->pidns);
                while (waitpid(-1, NULL, WNOHANG) > 0)
                        ;
                return;
        }
        if (s->pidns.reaper < 0) /* died early: the kernel killed the namespace with it */
                sbx_pidns_stop(&s->pidns);
        n = list_children(pids, ELEMENTSOF(pids));
        for (size_t i = 0; i < n; i++)
                (void) kill(pids[i], SIGTERM);
        if (n > 0)
                (void) wait_gone(s, 1000);
        for (int round = 0; round < 1000; round++) {
                n = list_children(pids, ELEMENTSOF(pids));
                if (n == 0)
                        break;
                for (size_t i = 0; i < n; i++)
                        (void) kill(pids[i], SIGKILL);
                while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                        if (list_children(pids, 1) == 0)
                                break;
        }
        while (waitpid(-1, NULL, WNOHANG) > 0)
                ;
}

/* Sends sig like systemd's unit_kill_context(): to every process of the service (all) or to
 * the main process only; SIGHUP follows when SendSIGHUP= asks. */
static void kill_unit(const SandboxPlan *p, Session *s, pid_t main_pid, int sig, bool all, bool hup)
{
        for (int round = 0; round < (hup && p->send_sighup ? 2 : 1); round++) {
                int k = round == 0 ? sig : SIGHUP;
                /* Each process gets the signal once, as systemd's unit_kill_context(): some
                 * daemons (knotd) take a second SIGTERM as "stop now, uncleanly". With a PID
                 * namespace the init's kill(-1) already reaches the main process. */
                if (main_pid > 0 && !(all && s->pidns.reaper > 0))
                        (void) kill(main_pid, k);
                if (!all)
                        continue;
                if (s->pidns.reaper > 0)
                        (void) sbx_pidns_signal_all(&s->pidns, k);
                else {
                        pid_t pids[256];
                        size_t n = list_children(pids, ELEMENTSOF(pids));
                        for (size_t i = 0; i < n; i++)
                                if (pids[i] != main_pid)
                                        (void) kill(pids[i], k);
                }
        }
}

typedef struct MainWatch {
        pid_t pid, inner; /* host pid (0: none or reaped), pid inside the namespace */
        int status;       /* wait status once reaped */
} MainWatch;

/* True once the main process is gone (reaped here or by the namespace's init) and, when all,
 * nothing else of the service is left; polls every 20 ms for at most ms milliseconds. */
static bool wait_stopped(Session *s, MainWatch *m, bool all, int64_t ms)
{
        for (int64_t waited = 0;; waited += 20) {
                if (m->pid > 0) {
                        int st;
                        pid_t r = waitpid(m->pid, &st, WNOHANG);
                        if (r == m->pid || (r < 0 && errno == ECHILD && s->pidns.reaper > 0 &&
                                            sbx_pidns_status(&s->pidns, m->inner, &st) == 1)) {
                                m->pid = 0;
                                m->status = st;
                        } else if (r < 0 && errno == ECHILD && s->pidns.reaper <= 0)
                                m->pid = 0; /* not ours to wait for */
                }
                if (m->pid == 0 && (!all || wait_gone(s, 0)))
                        return true;
                if (waited >= ms)
                        return false;
                (void) usleep(20 * 1000);
        }
}

/* systemctl stop's signal phase once ExecStop= ran: KillSignal= per KillMode=, up to
 * TimeoutStopSec= for the service to go, then FinalKillSignal= if SendSIGKILL=. The main
 * process is always reaped (cordon leaves no zombie); returns its wait status, or -1. */
static int stop_signal_phase(const SandboxPlan *p, Session *s, pid_t main_pid)
{
        MainWatch m = {.pid = main_pid, .status = -1};
        bool all = p->kill_mode == KILL_CONTROL_GROUP;
        int64_t ms = p->timeout_stop_usec == 0 || p->timeout_stop_usec == UINT64_MAX
                             ? INT64_MAX / 2
                             : (int64_t) (p->timeout_stop_usec / 1000);

        if (main_pid > 0 && s->pidns.reaper > 0)
                m.inner = sbx_pidns_inner_pid(main_pid);
        if (p->kill_mode != KILL_NONE) {
                kill_unit(p, s, p->kill_mode == KILL_NONE ? 0 : main_pid, p->kill_signal, all,
                          true);
                if (wait_stopped(s, &m, all, ms))
                        return m.status;
                if (p->send_sigkill) {
                        all = p->kill_mode != KILL_PROCESS; /* mixed: SIGKILL reaches all */
                        kill_unit(p, s, m.pid, p->final_kill_signal, all, false);
                        if (wait_stopped(s, &m, all, ms))
                                return m.status;
                }
        }
        /* KillMode=none (or a process that outlived everything): wait for the main process;
         * the rest dies with the run's namespace at the end. */
        if (m.pid > 0 && !wait_stopped(s, &m, false, p->kill_mode == KILL_NONE ? ms : 0)) {
                (void) kill(m.pid, SIGKILL);
                (void) wait_stopped(s, &m, false, INT64_MAX / 2);
        }
        return m.status;
}

/* Waits for a command; during the start phase at most until TimeoutStartSec= ends, then it is
 * stopped like systemd's TimeoutStartFailureMode=terminate (KillSignal=, TimeoutStopSec=,
 * FinalKillSignal=). Stop requests were forwarded to it already; reloads wait. */
static int wait_in_start(const SandboxPlan *p, Session *s, pid_t pid)
{
        if (start_deadline == INT64_MAX)
                return wait_command(pid);
        for (;;) {
                int st = wait_main(pid, start_deadline);
                if (st == -EAGAIN)
                        continue;
                if (st == -EINTR)
                        return wait_command(pid);
                if (st != -ETIME)
                        return st;
                start_timed_out = true;
                int raw = stop_signal_phase(p, s, pid);
                if (raw < 0)
                        raw = W_EXITCODE(0, SIGKILL);
                last_wait_status = raw;
                return status_to_exit(raw);
        }
}

static bool status_in(const PlanStatusSet *set, int raw)
{
        if (WIFEXITED(raw))
                return set->codes[WEXITSTATUS(raw) / 8] & (1u << (WEXITSTATUS(raw) % 8));
        return WIFSIGNALED(raw) && WTERMSIG(raw) < 64 && (set->signals >> WTERMSIG(raw)) & 1;
}

/* systemd 252's service_shall_restart(): never after a stop request; RestartPreventExitStatus=
 * wins over RestartForceExitStatus=, which wins over Restart=. */
static bool shall_restart(const SandboxPlan *p, const SbxRunResult *r)
{
        bool success = streq(r->result, "success"), skip = streq(r->result, "exec-condition");

        if (stop_requested)
                return false;
        if (r->waited && status_in(&p->prevent_status, r->wait_status))
                return false;
        if (r->waited && status_in(&p->force_status, r->wait_status))
                return true;
        switch (p->restart) {
        case SERVICE_RESTART_ALWAYS:
                return !skip;
        case SERVICE_RESTART_ON_SUCCESS:
                return success;
        case SERVICE_RESTART_ON_FAILURE:
                return !success && !skip;
        case SERVICE_RESTART_ON_ABNORMAL:
                return !success && !skip && !streq(r->result, "exit-code");
        case SERVICE_RESTART_ON_ABORT:
                return streq(r->result, "signal") || streq(r->result, "core-dump");
        case SERVICE_RESTART_ON_WATCHDOG: /* no watchdog in cordon: never */
        case SERVICE_RESTART_NO:
        case _SERVICE_RESTART_MAX:
        case _SERVICE_RESTART_INVALID:
                break;
        }
        return false;
}

/* Sleeps RestartSec=; false when a stop request came in meanwhile. */
static bool restart_delay(const SandboxPlan *p)
{
        int64_t end = now_ms() + (int64_t) (p->restart_usec / 1000);
        while (!stop_requested && now_ms() < end)
                (void) usleep(20 * 1000);
        return !stop_requested;
}

/* Runs the lifecycle, again as Restart= says, within StartLimitIntervalSec=/StartLimitBurst=
 * (systemd's "start request repeated too quickly": ret->start_limit_hit). */
static int run_restarting(const SandboxPlan *p, const SbxRunOptions *o, Session *s,
                          SbxRunResult *ret)
{
        int64_t starts[64];
        unsigned n_starts = 0, restarts = 0;

        for (;;) {
                SbxRunResult one = {0};
                starts[n_starts++ % ELEMENTSOF(starts)] = now_ms();
                int r = run_lifecycle(p, o, s, &one);
                one.restarts = restarts;
                *ret = one;
                if (r < 0 || !shall_restart(p, &one))
                        return r;
                /* What the stop left (KillMode=mixed/process/none) does not outlive a restart. */
                if (s->pidns.reaper > 0) {
                        (void) sbx_pidns_signal_all(&s->pidns, SIGKILL);
                        (void) wait_gone(s, 5000);
                }
                if (!restart_delay(p))
                        return 0;
                if (p->start_limit_interval_usec > 0 && p->start_limit_burst > 0) {
                        int64_t since = now_ms() - (int64_t) (p->start_limit_interval_usec / 1000);
                        unsigned k = 0;
                        for (unsigned i = 0; i < n_starts && i < ELEMENTSOF(starts); i++)
                                k += starts[i] >= since;
                        if (k >= p->start_limit_burst) {
                                ret->start_limit_hit = true;
                                return 0;
                        }
                }
                restarts++;
        }
}

int sbx_run_service(const SandboxPlan *p, const SbxRunOptions *o, SbxRunResult *ret)
{
        _cleanup_free_ int *scratch = calloc(p->mounts.n + 1, sizeof(int));
        Session s = {.scratch = scratch, .pidns = SBX_PIDNS_INIT};
        int r;

        if (!scratch)
                return -ENOMEM;
        /* Orphans of the service are re-parented to cordon, so none outlives the run. */
        (void) prctl(PR_SET_CHILD_SUBREAPER, 1);
        /* As real root (no user namespace in the way of mounting its /proc), every process of
         * the run lives in a PID namespace that dies with cordon, even on SIGKILL. */
        r = 0;
        bool want_pidns = sbx_is_privileged() && !(p->ns.unshare_flags & CLONE_NEWUSER);
        /* Root without CAP_SYS_ADMIN (a container's default seccomp/caps) cannot have one:
         * the subreaper still stops everything on a normal exit; the CLI warns. */
        if (want_pidns && sbx_pidns_start(&s.pidns) < 0)
                s.pidns = SBX_PIDNS_INIT;
        run_pidns = &s.pidns;
        if (r >= 0)
                r = session_prepare(p, &s);
        if (r >= 0) {
                install_forwarding();
                r = run_restarting(p, o, &s, ret);
                ret->no_pid_namespace = s.pidns.reaper == 0;
        }
        kill_leftovers(p, &s);
        run_pidns = NULL;
        session_done(&s);
        return r;
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
                                  : list_children(kids, ELEMENTSOF(kids));

        if (p->pid_file) {
                char buf[32] = "";
                int fd = open(p->pid_file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
                if (fd >= 0) {
                        ssize_t len = read(fd, buf, sizeof(buf) - 1);
                        close(fd);
                        buf[len > 0 ? len : 0] = 0;
                        long v = strtol(buf, NULL, 10);
                        /* The daemon wrote its pid as seen inside the namespace. */
                        if (ns->reaper > 0 && v > 0 && v < INT32_MAX)
                                v = sbx_pidns_to_host(ns, (pid_t) v);
                        for (size_t i = 0; i < n; i++)
                                if (v > 0 && kids[i] == (pid_t) v)
                                        return kids[i];
                }
        }
        return n == 1 ? kids[0] : 0;
}

int sbx_notify_open(const SandboxPlan *p, const char *dir, char **ret_address, int *ret_fd)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        uint8_t rnd[8] = {0};
        char name[96];
        int fd, r, one = 1;

        if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
                return -EIO;
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
                goto fail;
        if (p->ns.unshare_flags & CLONE_NEWNET) {
                /* Abstract sockets belong to a network namespace: use a file. */
                char tmpl[4096];
                if ((size_t) snprintf(tmpl, sizeof(tmpl), "%s/cordon-notify.XXXXXX", dir) >=
                            sizeof(tmpl) ||
                    !mkdtemp(tmpl) || chmod(tmpl, 0755) < 0)
                        goto fail;
                if ((size_t) snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", tmpl) >=
                    sizeof(sa.sun_path)) {
                        (void) rmdir(tmpl);
                        errno = ENAMETOOLONG;
                        goto fail;
                }
                if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 ||
                    chmod(sa.sun_path, 0777) < 0) { /* any service user may report */
                        r = -errno;
                        (void) unlink(sa.sun_path);
                        (void) rmdir(tmpl);
                        close(fd);
                        return r;
                }
                *ret_address = strdup(sa.sun_path);
        } else {
                snprintf(name, sizeof(name), "cordon/notify/%d/%02x%02x%02x%02x%02x%02x%02x%02x",
                         (int) getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
                         rnd[7]);
                memcpy(sa.sun_path + 1, name, strlen(name));
                if (bind(fd, (struct sockaddr *) &sa,
                         (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name))) <
                    0)
                        goto fail;
                *ret_address = strjoin_real("@", name, NULL);
        }
        if (!*ret_address) {
                sbx_notify_close(NULL, fd);
                return -ENOMEM;
        }
        *ret_fd = fd;
        return 0;
fail:
        r = -errno;
        close(fd);
        return r;
}

void sbx_notify_close(const char *address, int fd)
{
        if (fd >= 0)
                close(fd);
        if (address && address[0] == '/') {
                _cleanup_free_ char *d = path_dirname(address);
                (void) unlink(address);
                if (d)
                        (void) rmdir(d);
        }
}

/* Reads every queued notification; sets *ready on READY=1 from an accepted sender. */
static void notify_drain(const SandboxPlan *p, int fd, pid_t main_pid, bool *ready)
{
        for (;;) {
                char buf[4096];
                union {
                        struct cmsghdr h;
                        char b[CMSG_SPACE(sizeof(struct ucred))];
                } ctl;
                struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
                struct msghdr mh = {.msg_iov = &iov,
                                    .msg_iovlen = 1,
                                    .msg_control = &ctl,
                                    .msg_controllen = sizeof(ctl)};
                ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
                if (n < 0)
                        return;
                buf[n] = 0;
                const struct ucred *cred = NULL;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
                        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
                                cred = (const struct ucred *) CMSG_DATA(c);
                /* NotifyAccess=: main (the default for Type=notify) or all; none hears nobody. */
                if (p->notify_access == NOTIFY_NONE || !cred ||
                    (p->notify_access != NOTIFY_ALL && cred->pid != main_pid))
                        continue;
                for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
                     l = strtok_r(NULL, "\n", &save))
                        if (streq(l, "READY=1"))
                                *ready = true;
        }
}

/* Type=notify: waits for READY=1. Returns 1 when ready, 0 when the main process exited first
 * (its status in *ret_status), -ETIME on TimeoutStartSec=. Signals still reach the service. */
static int wait_ready(const SandboxPlan *p, int fd, pid_t main_pid, int *ret_status)
{
        struct timespec start, now;
        bool ready = false;
        int pidfd = (int) syscall(SYS_pidfd_open, main_pid, 0);

        if (pidfd < 0)
                return -errno;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
                int timeout = -1;
                if (p->timeout_start_usec > 0 && p->timeout_start_usec != UINT64_MAX) {
                        clock_gettime(CLOCK_MONOTONIC, &now);
                        int64_t used = (int64_t) (now.tv_sec - start.tv_sec) * 1000 +
                                       (now.tv_nsec - start.tv_nsec) / 1000000;
                        int64_t left = (int64_t) (p->timeout_start_usec / 1000) - used;
                        if (left <= 0) {
                                close(pidfd);
                                return -ETIME;
                        }
                        timeout = left > INT32_MAX ? INT32_MAX : (int) left;
                }
                struct pollfd pf[2] = {{.fd = fd, .events = POLLIN},
                                       {.fd = pidfd, .events = POLLIN}};
                if (poll(pf, 2, timeout) < 0 && errno != EINTR) {
                        int r = -errno;
                        close(pidfd);
                        return r;
                }
                /* Datagrams first: READY=1 sent right before exiting still counts. */
                notify_drain(p, fd, main_pid, &ready);
                if (ready) {
                        close(pidfd);
                        return 1;
                }
                if (pf[1].revents & POLLIN) {
                        close(pidfd);
                        *ret_status = wait_command(main_pid);
                        return 0;
                }
        }
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
                r = wait_ready(p, o->notify_fd, *main_pid, &status);
                if (r == -ETIME) {
                        (void) kill(*main_pid, SIGTERM);
                        status = wait_command(*main_pid);
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
                forward_pid = *main_pid;
        }
        if (*main_pid > 0) {
                char mp[32];
                snprintf(mp, sizeof(mp), "MAINPID=%d", (int) service_pid(s, *main_pid));
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
                if (stoppable && stop_requested)
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
 * RuntimeMaxSec=). Returns the main status (as wait_command()) or -errno. */
static int main_running(const SandboxPlan *p, const SbxRunOptions *o, Session *s, pid_t main_pid,
                        bool *stop_ran, const char **result)
{
        int64_t deadline = p->runtime_max_usec == 0 || p->runtime_max_usec == UINT64_MAX
                                   ? INT64_MAX
                                   : now_ms() + (int64_t) (p->runtime_max_usec / 1000);
        int st;

        forward_pid = 0; /* from now on a signal to cordon is a request, not forwarded */
        reload_requested = 0;
        if (main_pid <= 0)
                return 0;
        for (;;) {
                st = wait_main(main_pid, deadline);
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
        snprintf(mp, sizeof(mp), "MAINPID=%d", (int) service_pid(s, main_pid));
        strv_free(s->stop_env);
        s->stop_env = env_plus(p, mp, NULL, NULL);
        if (!s->stop_env)
                return -ENOMEM;
        SbxRunResult ignored = {0};
        int r = run_all(p, o, s, &ignored, SERVICE_EXEC_STOP, 0, false, &st);
        if (r < 0)
                return r;
        *stop_ran = true;
        int raw = stop_signal_phase(p, s, main_pid);
        if (raw < 0)
                raw = W_EXITCODE(0, SIGKILL);
        last_wait_status = raw;
        return status_to_exit(raw);
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
        if (WIFEXITED(raw) && (WEXITSTATUS(raw) == 0 || status_in(&p->success_status, raw)))
                return res->failed_command && res->failed_command->type != SERVICE_EXEC_START
                               ? "exit-code"
                               : "success";
        int sig = WIFSIGNALED(raw) ? WTERMSIG(raw) : 0;
        if (sig == SIGHUP || sig == SIGINT || sig == SIGTERM || sig == SIGPIPE ||
            (sig > 0 && status_in(&p->success_status, raw)))
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
                                 : now_ms() + (int64_t) (p->timeout_start_usec / 1000);
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
        forward_pid = 0;
        if (start_timed_out && main_status == 0)
                main_status = 1;
        res->exit_status = main_status;
        res->result = service_result(p, res, result, ran, raw);
        res->wait_status = raw;
        res->waited = ran;
        *ret = *res;
        return 0;
}

static int run_lifecycle(const SandboxPlan *p, const SbxRunOptions *o, Session *scratch,
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
        if (r == 0 && st >= 1 && st <= 254 && !res.setup_failed && WIFEXITED(last_wait_status)) {
                res.condition_failed = true;
                res.failed_command = NULL;
                result = "exec-condition";
                return finish_run(p, o, scratch, &res, false, result, true, last_wait_status, 0,
                                  ret);
        }
        if (r == 0 || r == 2) {
                main_status = r == 2 ? 128 + stop_requested : st;
                ran = r == 0;
                raw = last_wait_status;
                goto stop_post;
        }

        /* ExecStartPre= */
        r = run_all(p, o, scratch, &res, SERVICE_EXEC_START_PRE, 0, true, &st);
        if (r < 0)
                return r;
        if (r == 2) {
                main_status = 128 + stop_requested;
                goto stop_post;
        }
        if (r == 0) {
                main_status = st;
                ran = true;
                raw = last_wait_status;
                goto stop_post;
        }

        /* ExecStart=: oneshot runs each to completion; simple/exec has one main process, and
         * ExecStartPost= runs once it has been exec'd; forking's main process is the daemon the
         * start command leaves behind. */
        for (size_t i = 0; i < p->n_commands; i++) {
                const PlanCommand *c = &p->commands[i];
                if (c->type != SERVICE_EXEC_START)
                        continue;
                if (stop_requested) {
                        main_status = 128 + stop_requested;
                        goto stop_post;
                }
                if (p->type == SERVICE_ONESHOT) {
                        st = run_sync(p, c, o, scratch, &res, 0);
                        if (st < 0)
                                return st;
                        main_status = st;
                        ran = true;
                        raw = last_wait_status;
                        if (command_failed(c, st))
                                goto stop_post;
                        continue;
                }
                Started s;
                r = start_command(p, c, o, scratch, &s);
                if (r < 0)
                        return r;
                if (s.setup_failed) {
                        main_status = wait_command(s.pid);
                        ran = true;
                        raw = last_wait_status;
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
                        raw = last_wait_status;
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
                                (void) wait_command(main_pid);
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
                raw = last_wait_status;
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
                (void) stop_signal_phase(p, scratch, 0);
        }
stop_post:
        return finish_run(p, o, scratch, &res, started, result, ran, raw, main_status, ret);
}
