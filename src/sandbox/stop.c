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

/* The reaper of the namespace that last answered "nothing but me in here" (0: none did since
 * cordon last started a command). Only cordon puts processes into the namespace (every other
 * process there descends from one it started), so until it starts another one the namespace
 * stays empty: the stop path of a run asks once, not four times (each an open, read and close
 * of the children of the init and of cordon, or a round trip to the init). */
static pid_t empty_reaper;

void sbx_signal_all_forget(void)
{
        empty_reaper = 0;
}

int sbx_signal_all(Session *s, int sig)
{
        if (s->pidns.reaper > 0 && s->pidns.reaper == empty_reaper)
                return 0;
        int r = sbx_pidns_signal_all(&s->pidns, sig);
        if (r == 0 && s->pidns.reaper > 0)
                empty_reaper = s->pidns.reaper;
        return r;
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
                bool any = s->pidns.reaper > 0   ? sbx_signal_all(s, 0) > 0
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
                if (p->kill_mode == KILL_CONTROL_GROUP && sbx_signal_all(s, p->kill_signal) > 0 &&
                    !sbx_wait_gone(s, 1000))
                        (void) sbx_signal_all(s, SIGKILL);
                /* The reaper exits once cordon has reaped its own children in the namespace;
                 * an empty one (as remembered) is not asked again. */
                sbx_pidns_stop_known(&s->pidns,
                                     s->pidns.reaper > 0 && s->pidns.reaper == empty_reaper);
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

/* A stopped process only acts on the signal once continued (systemd's kill_and_sigcont()). */
static void kill_and_cont(pid_t pid, int sig)
{
        if (kill(pid, sig) >= 0 && sig != SIGKILL && sig != SIGCONT)
                (void) kill(pid, SIGCONT);
}

/* Sends sig like systemd's unit_kill_context(): to the main and control processes, and to every
 * other process of the service when all; SIGHUP follows when hup and SendSIGHUP= ask. */
static void kill_unit(const SandboxPlan *p, Session *s, pid_t main_pid, pid_t control_pid, int sig,
                      bool all, bool hup)
{
        for (int round = 0; round < (hup && p->send_sighup && sig != SIGHUP ? 2 : 1); round++) {
                int k = round == 0 ? sig : SIGHUP;
                /* Each process gets the signal once, as systemd's unit_kill_context(): some
                 * daemons (knotd) take a second SIGTERM as "stop now, uncleanly". With a PID
                 * namespace the init's kill(-1) already reaches the main process. */
                bool via_init = all && s->pidns.reaper > 0;
                if (main_pid > 0 && !via_init)
                        kill_and_cont(main_pid, k);
                if (control_pid > 0 && control_pid != main_pid && !via_init)
                        kill_and_cont(control_pid, k);
                if (!all)
                        continue;
                if (s->pidns.reaper > 0) {
                        /* '+' commands live outside the namespace */
                        if (control_pid > 0 && sbx_pidns_inner_pid(control_pid) == control_pid)
                                kill_and_cont(control_pid, k);
                        /* nobody was signalled: nobody to continue */
                        if (sbx_signal_all(s, k) != 0 && k != SIGKILL && k != SIGCONT)
                                (void) sbx_signal_all(s, SIGCONT);
                } else {
                        pid_t pids[256];
                        size_t n = sbx_list_children(pids, ELEMENTSOF(pids));
                        for (size_t i = 0; i < n; i++)
                                if (pids[i] != main_pid && pids[i] != control_pid)
                                        kill_and_cont(pids[i], k);
                }
        }
}

typedef struct MainWatch {
        pid_t pid, inner; /* host pid (0: none or reaped), pid inside the namespace */
        int status;       /* wait status once reaped */
        int gone_rounds;  /* polls since the process vanished without a status */
} MainWatch;

/* Collects pid's status if it has exited: cordon's child, or collected by the namespace's init;
 * a process that is neither (a MAINPID= that is someone else's child) only vanishes, and is
 * taken as a clean exit, as systemd does for an "alien" main process. */
static void watch_poll(Session *s, MainWatch *m)
{
        int st;
        if (m->pid <= 0)
                return;
        pid_t r = waitpid(m->pid, &st, WNOHANG);
        if (r == m->pid) {
                m->pid = 0;
                m->status = st;
                return;
        }
        if (r != -1 || errno != ECHILD)
                return;
        if (s->pidns.reaper > 0 && m->inner > 0 &&
            sbx_pidns_status(&s->pidns, m->inner, &st) == 1) {
                m->pid = 0;
                m->status = st;
                return;
        }
        /* Gone for a while (the reaper reports within a few polls): status unknown. */
        if (kill(m->pid, 0) < 0 && errno == ESRCH && ++m->gone_rounds > 10) {
                m->pid = 0;
                m->status = 0;
        }
}

/* True once the main and control processes are gone (reaped here or by the namespace's init)
 * and, when all, nothing else of the service is left; polls every 20 ms for at most ms, longer
 * when the service asks with EXTEND_TIMEOUT_USEC= (systemd extends the stop timer too). */
static bool wait_stopped(const SandboxPlan *p, Session *s, MainWatch *m, MainWatch *c, bool all,
                         int64_t ms)
{
        int64_t end = ms >= INT64_MAX / 4 ? INT64_MAX : sbx_now_ms() + ms;
        for (;;) {
                watch_poll(s, m);
                watch_poll(s, c);
                if (m->pid == 0 && c->pid == 0 && (!all || sbx_wait_gone(s, 0)))
                        return true;
                sbx_notify_drain(p, s);
                int64_t now = sbx_now_ms();
                if (now >= end && now >= s->svc.extend_until)
                        return false;
                (void) usleep(20 * 1000);
        }
}

static int64_t usec_to_ms(uint64_t usec)
{
        return usec == 0 || usec == UINT64_MAX ? INT64_MAX / 2 : (int64_t) (usec / 1000);
}

static int stop_phases(const SandboxPlan *p, Session *s, pid_t main_pid, pid_t control_pid,
                       SbxStopPhase phase, bool *ret_timed_out, int *ret_control_status);

/* systemd's stop-sigterm / stop-watchdog / stop-sigkill states (service_enter_signal() and
 * their timeouts): each phase signals, waits, and on timeout goes on as TimeoutStopFailureMode=
 * and SendSIGKILL= say. KillMode=none signals nothing and only waits for the main process. The
 * main process is always reaped (cordon leaves no zombie and, past the phases, SIGKILLs it
 * rather than leave it behind); returns its wait status, or -1 when there was none. */
int sbx_stop_signal_phase(const SandboxPlan *p, Session *s, pid_t main_pid, pid_t control_pid,
                          SbxStopPhase phase, bool *ret_timed_out, int *ret_control_status)
{
        /* Stopping: MAINPID= and the watchdog no longer apply (systemd's stop states). */
        s->svc.accept_main_pid = false;
        s->svc.watchdog_on = false;
        return stop_phases(p, s, main_pid, control_pid, phase, ret_timed_out, ret_control_status);
}

static int stop_phases(const SandboxPlan *p, Session *s, pid_t main_pid, pid_t control_pid,
                       SbxStopPhase phase, bool *ret_timed_out, int *ret_control_status)
{
        MainWatch m = {.pid = main_pid, .status = -1}, c = {.pid = control_pid, .status = -1};

        if (main_pid > 0 && s->pidns.reaper > 0)
                m.inner = sbx_pidns_inner_pid(main_pid);
        if (control_pid > 0 && s->pidns.reaper > 0)
                c.inner = sbx_pidns_inner_pid(control_pid);
        while (p->kill_mode != KILL_NONE) {
                bool all = p->kill_mode == KILL_CONTROL_GROUP;
                int64_t ms = usec_to_ms(p->timeout_stop_usec);
                int sig = 0;
                switch (phase) {
                case SBX_STOP_TERMINATE:
                        sig = p->kill_signal;
                        break;
                case SBX_STOP_WAIT: /* STOPPING=1: as if KillSignal= had been sent */
                        break;
                case SBX_STOP_ABORT:
                        sig = p->watchdog_signal > 0 ? p->watchdog_signal : SIGABRT;
                        ms = usec_to_ms(p->timeout_abort_usec);
                        break;
                case SBX_STOP_KILL:
                        sig = p->final_kill_signal;
                        all = p->kill_mode != KILL_PROCESS; /* mixed: SIGKILL reaches all */
                        break;
                }
                if (sig > 0)
                        kill_unit(p, s, m.pid, c.pid, sig, all, phase == SBX_STOP_TERMINATE);
                if (wait_stopped(p, s, &m, &c, all, ms))
                        goto done;
                if (ret_timed_out)
                        *ret_timed_out = true;
                if (phase == SBX_STOP_KILL)
                        break;
                if ((phase == SBX_STOP_TERMINATE || phase == SBX_STOP_WAIT) &&
                    p->timeout_stop_failure_mode == TIMEOUT_ABORT)
                        phase = SBX_STOP_ABORT;
                else if (p->send_sigkill)
                        phase = SBX_STOP_KILL;
                else
                        break;
        }
        /* KillMode=none (or processes that outlived everything): wait for the main and control
         * processes; the rest dies with the run's namespace at the end. */
        if (m.pid > 0 || c.pid > 0) {
                if (!wait_stopped(p, s, &m, &c, false,
                                  p->kill_mode == KILL_NONE ? usec_to_ms(p->timeout_stop_usec)
                                                            : 0)) {
                        if (m.pid > 0)
                                (void) kill(m.pid, SIGKILL);
                        if (c.pid > 0)
                                (void) kill(c.pid, SIGKILL);
                        (void) wait_stopped(p, s, &m, &c, false, INT64_MAX / 2);
                }
        }
done:
        if (ret_control_status)
                *ret_control_status = c.status;
        return m.status;
}
