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

#include <linux/sched.h> /* struct clone_args, CLONE_INTO_CGROUP */

#include "cleanup.h"
#include "env-util.h"
#include "exec-util.h"
#include "mount.h"
#include "path-util.h"
#include "pidns.h"
#include "spawn-internal.h"
#include "string-util.h"
#include "strv.h"
#include "userns.h"

volatile pid_t sbx_forward_pid = 0;
volatile sig_atomic_t sbx_stop_requested = 0;
volatile sig_atomic_t sbx_reload_requested = 0;

static void forward_signal(int sig)
{
        pid_t p = sbx_forward_pid;
        /* SIGHUP asks for ExecReload= (systemctl reload) once the service runs; before that,
         * as systemd refuses a reload of an activating unit, it does nothing. */
        if (sig == SIGHUP) {
                sbx_reload_requested = 1;
                return;
        }
        sbx_stop_requested = sig;
        if (p > 0)
                (void) kill(p, sig);
}

void sbx_install_forwarding(void)
{
        struct sigaction sa = {.sa_handler = forward_signal};
        sigemptyset(&sa.sa_mask);
        (void) sigaction(SIGTERM, &sa, NULL);
        (void) sigaction(SIGINT, &sa, NULL);
        (void) sigaction(SIGHUP, &sa, NULL);
}

int sbx_status_to_exit(int status)
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

int sbx_last_wait_status = 0;

static int make_shared_tmp(const SandboxPlan *p, Session *s)
{
        for (size_t i = 0, j = 0; i < p->mounts.n && j < ELEMENTSOF(s->shared_tmp); i++) {
                const MountOp *op = &p->mounts.ops[i];
                if (op->kind != MOUNT_PRIVATE_TMP)
                        continue;
                int r = sbx_fs_new("tmpfs", op->options, op->flags);
                if (r < 0)
                        return r;
                s->shared_tmp[j++] = r;
        }
        return 0;
}

/* Whether the run may start more than one process with the sandbox: more than one command, or a
 * restart (Restart=, RestartForceExitStatus=). */
static bool run_has_one_command(const SandboxPlan *p)
{
        static const PlanStatusSet none = {{0}, 0};

        return p->n_commands == 1 && p->restart == SERVICE_RESTART_NO &&
               memcmp(&p->force_status, &none, sizeof(none)) == 0;
}

/* PrivateTmp=: one tmpfs per path for the whole run, held as detached mounts. They appear in no
 * mount table and vanish with the last fd, so nothing is left behind even after SIGKILL. Rootless,
 * cordon first moves itself into its own user and mount namespace to be allowed to create them.
 * A run of a single command shares them with nobody: its child makes its own, which go with its
 * mount namespace (closing a detached tmpfs here would wait for an RCU grace period per mount at
 * the end of the run). */
int sbx_session_prepare(const SandboxPlan *p, Session *s)
{
        size_t k = 0;
        int r;

        s->shared_tmp[0] = s->shared_tmp[1] = -1;
        for (size_t i = 0; i < p->mounts.n; i++)
                if (p->mounts.ops[i].kind == MOUNT_PRIVATE_TMP)
                        k++;
        if (k == 0 || run_has_one_command(p))
                return 0;
        if (p->ns.user_ns && !p->ns.private_users && !s->in_userns) { /* rootless */
                if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
                        return -errno;
                r = sbx_userns_map_self(p->ns.uid, p->ns.gid);
                if (r < 0)
                        return r;
                s->in_userns = true;
        }
        return make_shared_tmp(p, s);
}

int sbx_session_fresh_tmp(const SandboxPlan *p, Session *s)
{
        bool had = false;
        for (size_t i = 0; i < ELEMENTSOF(s->shared_tmp); i++)
                if (s->shared_tmp[i] >= 0) {
                        had = true;
                        close(s->shared_tmp[i]);
                        s->shared_tmp[i] = -1;
                }
        return had ? make_shared_tmp(p, s) : 0;
}

void sbx_session_done(Session *s)
{
        s->post_env = strv_free(s->post_env);
        s->stop_env = strv_free(s->stop_env);
        for (size_t i = 0; i < ELEMENTSOF(s->shared_tmp); i++)
                if (s->shared_tmp[i] >= 0)
                        close(s->shared_tmp[i]);
}

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

/* In the child, where its own pid is known: the rest of what exec_child() adds. ExecStart=
 * gets $WATCHDOG_PID/$WATCHDOG_USEC with WatchdogSec= (EXEC_SET_WATCHDOG; Environment= and
 * PassEnvironment= may override them, so only when unset); control commands get
 * $NOTIFY_SOCKET only with NotifyAccess=exec or all (service_exec_needs_notify_socket()).
 * Out of memory here ends the child with systemd's 204 MEMORY. */
static char **child_env(const SandboxPlan *p, const Session *session, const PlanCommand *cmd)
{
        char **base = command_env(session, cmd), **env = base ? base : p->environment;
        bool control = cmd->type != SERVICE_EXEC_START;
        bool drop_notify = control && p->notify_access != NOTIFY_EXEC &&
                           p->notify_access != NOTIFY_ALL && strv_env_get(env, "NOTIFY_SOCKET");
        bool watchdog = !control && p->watchdog_usec > 0 && p->watchdog_usec != UINT64_MAX;
        char buf[64];

        if (!drop_notify && !watchdog)
                return base;
        char **l = NULL;
        for (size_t i = 0; env && env[i]; i++)
                if (!(drop_notify && startswith(env[i], "NOTIFY_SOCKET=")) &&
                    strv_extend(&l, env[i]) < 0)
                        _exit(204);
        if (watchdog && !strv_env_get(l, "WATCHDOG_PID")) {
                snprintf(buf, sizeof(buf), "WATCHDOG_PID=%d", (int) getpid());
                if (strv_extend(&l, buf) < 0)
                        _exit(204);
        }
        if (watchdog && !strv_env_get(l, "WATCHDOG_USEC")) {
                snprintf(buf, sizeof(buf), "WATCHDOG_USEC=%llu",
                         (unsigned long long) p->watchdog_usec);
                if (strv_extend(&l, buf) < 0)
                        _exit(204);
        }
        if (!l && !(l = calloc(1, sizeof(char *))))
                _exit(204);
        return l;
}

int sbx_start_command(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
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

/* fork(), but born in the run's cgroup v2 when there is one (clone3's CLONE_INTO_CGROUP):
 * moving a process there with cgroup.procs waits for an RCU grace period (5-36 ms measured on
 * this busy machine), being born there costs nothing. Also without cordon's signal handlers
 * (sbx_fork_clean()). *ret_placed tells the child whether it is in the v2 cgroup already,
 * *ret_reset which signals it must still set to SIG_DFL. */
static pid_t fork_into_cgroup(const SbxCgroup *cg, bool *ret_placed, uint64_t *ret_reset)
{
        return sbx_fork_clean(sbx_cgroup_v2_fd(cg), ret_reset, ret_placed);
}

static int start_command_argv(const SandboxPlan *p, const PlanCommand *cmd, const SbxRunOptions *o,
                              Session *session, Started *ret)
{
        int pipefd[2], sync[2] = {-1, -1};
        pid_t parent = getpid();
        bool sandboxed = !(cmd->flags & EXEC_COMMAND_FULLY_PRIVILEGED);
        bool parent_maps = sandboxed && p->ns.private_users && p->ns.map_service;
        /* The run's user namespace, mapped when its reaper was born (sbx_pidns_start_mapped()):
         * the child joins it, no map hand-off. */
        int userns = parent_maps ? session->pidns.userns : -1;
        if (userns >= 0)
                parent_maps = false;

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
         * get no namespaces at all); back inside right after the fork. Rootless, cordon's user
         * namespace may not go back: they stay inside (B). */
        bool outside = false;
        if (!sandboxed)
                outside = sbx_pidns_enter(&session->pidns, false) >= 0;
        bool placed;
        uint64_t reset;
        pid_t pid = fork_into_cgroup(session->cgroup, &placed, &reset);
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
                /* Into the run's cgroups before anything else (systemd's 219 CGROUP). */
                if (sbx_cgroup_enter_rest(session->cgroup, placed) < 0)
                        _exit(219);
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
                        .pid_ns = session->pidns.reaper > 0 && !outside,
                        .sync_fd = sync[1],
                        .userns_fd = userns,
                        .env = child_env(p, session, cmd),
                        .reset_signals = reset,
                };
                if (sync[0] >= 0)
                        close(sync[0]);
                sbx_child_run(&c);
        }
        close(pipefd[1]);
        sbx_forward_pid = pid;
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
                        /* PrivatePIDs=: the namespace is the forwarder's child's (apply.c) */
                        pid_t target = pid;
                        if (p->ns.private_pids && sbx_children(pid, &target, 1) != 1)
                                target = pid;
                        b = sbx_userns_write_maps(target, p->ns.service_uid, p->ns.service_gid) >=
                            0;
                        if (write(sync[0], &b, 1) != 1) {
                                /* The child sees EOF and fails at STEP_ID_MAP. */
                        }
                }
                close(sync[0]);
        }
        /* A stop request that arrived around fork() must still reach the new command; stop
         * commands themselves are exempt (they are what runs on stop). */
        if (sbx_stop_requested && cmd->type != SERVICE_EXEC_STOP &&
            cmd->type != SERVICE_EXEC_STOP_POST)
                (void) kill(pid, sbx_stop_requested);

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

const SbxPidNs *sbx_run_pidns = NULL;

int sbx_wait_command(pid_t pid)
{
        int status;
        for (;;) {
                if (waitpid(pid, &status, 0) == pid)
                        break;
                if (errno == ECHILD && sbx_run_pidns && sbx_run_pidns->reaper > 0) {
                        /* Type=forking's daemon: a child of the namespace's init */
                        int r = sbx_pidns_wait(sbx_run_pidns, pid, &status);
                        if (r >= 0)
                                break;
                        if (r == -EINTR)
                                continue;
                        return 1;
                }
                if (errno != EINTR)
                        return 1;
        }
        sbx_last_wait_status = status;
        return sbx_status_to_exit(status);
}

int sbx_wait_exited(pid_t pid, pid_t inner)
{
        int status;
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
                sbx_last_wait_status = status;
                return sbx_status_to_exit(status);
        }
        if (w == 0 || errno != ECHILD)
                return sbx_wait_command(pid);
        for (int i = 0; inner > 0 && i < 500; i++) { /* the reaper collects it right after */
                int r = sbx_pidns_status(sbx_run_pidns, inner, &status);
                if (r < 0)
                        break;
                if (r > 0) {
                        sbx_last_wait_status = status;
                        return sbx_status_to_exit(status);
                }
                (void) usleep(2000);
        }
        /* Neither cordon's child nor the reaper's (a MAINPID= whose parent reaped it): the
         * status is unknown, a clean exit as for systemd's "alien" main process. */
        sbx_last_wait_status = 0;
        return 0;
}

int64_t sbx_now_ms(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A pid as the service sees it ($MAINPID): inside the run's PID namespace when there is one. */
pid_t sbx_service_pid(const Session *s, pid_t host_pid)
{
        pid_t inner = s->pidns.reaper > 0 ? sbx_pidns_inner_pid(host_pid) : 0;
        return inner > 0 ? inner : host_pid;
}
