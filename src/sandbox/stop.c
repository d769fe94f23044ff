/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pidns.h"
#include "spawn-internal.h"

/* Reads the pids of our direct children (orphans re-parented to us as subreaper included). */
size_t sbx_list_children(pid_t *pids, size_t max)
{
        return sbx_children(getpid(), pids, max);
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
bool sbx_wait_gone(Session *s, int ms)
{
        pid_t pids[1];
        for (int waited = 0;; waited += 20) {
                reap_nohang(s);
                bool any = s->pidns.reaper > 0   ? sbx_pidns_signal_all(&s->pidns, 0) > 0
                           : s->pidns.reaper < 0 ? false
                                                 : sbx_list_children(pids, 1) > 0;
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
void sbx_kill_leftovers(const SandboxPlan *p, Session *s)
{
        pid_t pids[256];
        size_t n;

        if (s->pidns.reaper > 0) {
                /* control-group: KillSignal= first (systemd's final-sigterm); mixed gets SIGKILL
                 * right away; process/none would survive systemd's stop but cannot outlive
                 * cordon's run (they die with its namespace). */
                if (p->kill_mode == KILL_CONTROL_GROUP &&
                    sbx_pidns_signal_all(&s->pidns, p->kill_signal) > 0 && !sbx_wait_gone(s, 1000))
                        (void) sbx_pidns_signal_all(&s->pidns, SIGKILL);
                /* The reaper exits once cordon has reaped its own children in the namespace. */
                sbx_pidns_stop(&s->pidns);
                while (waitpid(-1, NULL, WNOHANG) > 0)
                        ;
                return;
        }
        if (s->pidns.reaper < 0) /* died early: the kernel killed the namespace with it */
                sbx_pidns_stop(&s->pidns);
        n = sbx_list_children(pids, ELEMENTSOF(pids));
        for (size_t i = 0; i < n; i++)
                (void) kill(pids[i], SIGTERM);
        if (n > 0)
                (void) sbx_wait_gone(s, 1000);
        for (int round = 0; round < 1000; round++) {
                n = sbx_list_children(pids, ELEMENTSOF(pids));
                if (n == 0)
                        break;
                for (size_t i = 0; i < n; i++)
                        (void) kill(pids[i], SIGKILL);
                while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
                        if (sbx_list_children(pids, 1) == 0)
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
                        size_t n = sbx_list_children(pids, ELEMENTSOF(pids));
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
                if (m->pid == 0 && (!all || sbx_wait_gone(s, 0)))
                        return true;
                if (waited >= ms)
                        return false;
                (void) usleep(20 * 1000);
        }
}

/* systemctl stop's signal phase once ExecStop= ran: KillSignal= per KillMode=, up to
 * TimeoutStopSec= for the service to go, then FinalKillSignal= if SendSIGKILL=. The main
 * process is always reaped (cordon leaves no zombie); returns its wait status, or -1. */
int sbx_stop_signal_phase(const SandboxPlan *p, Session *s, pid_t main_pid)
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
