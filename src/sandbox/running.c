/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Waiting for one process of the service while following what it reports on NOTIFY_SOCKET
 * (MAINPID= moves the wait to the new main process), the watchdog, and signals to cordon. */
#include <errno.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbus-wait.h"
#include "pidns.h"
#include "spawn-internal.h"

void sbx_watchdog_reset(Session *s)
{
        uint64_t u = s->svc.watchdog_usec;
        s->svc.watchdog_fired = false;
        if (u == 0 || u == UINT64_MAX) {
                s->svc.watchdog_deadline = INT64_MAX;
                return;
        }
        u /= 1000;
        s->svc.watchdog_deadline = sbx_now_ms() + (int64_t) (u > INT32_MAX ? INT32_MAX : u);
}

static int64_t later(int64_t a, int64_t b)
{
        return a > b ? a : b;
}

/* True when pid is cordon's own child (running or exited, not yet collected). */
static bool own_child(pid_t pid)
{
        siginfo_t si = {0};
        return waitid(P_PID, (id_t) pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
}

/* Starts watching pid: a pidfd, and its pid inside the namespace (whose init collects it when
 * it is not cordon's child). Cordon collects its own children itself: for those (every command
 * it started; not a MAINPID= or PIDFile= process) the inner pid is not needed and /proc/PID/status
 * is not read. Returns the pidfd, or -errno (-ESRCH: already gone). */
static int watch_open(const Session *s, pid_t pid, pid_t *ret_inner)
{
        int fd = (int) syscall(SYS_pidfd_open, pid, 0);
        *ret_inner = s->pidns.reaper > 0 && !own_child(pid) ? sbx_pidns_inner_pid(pid) : 0;
        return fd < 0 ? -errno : fd;
}

int sbx_wait(const SandboxPlan *p, Session *s, pid_t pid, int64_t deadline, unsigned mask,
             int *ret_exit)
{
        bool follow = pid > 0 && pid == s->svc.main_pid; /* MAINPID= moves the wait */
        pid_t watched = pid, inner = 0;
        int pidfd = watch_open(s, pid, &inner), r;

        if (pidfd == -ESRCH) {
                *ret_exit = sbx_wait_exited(pid, 0);
                return SBX_EV_EXITED;
        }
        if (pidfd < 0) /* no pidfd_open(): block, hearing nothing else */
                return *ret_exit = sbx_wait_command(pid), SBX_EV_EXITED;
        for (bool first = true;; first = false) {
                int64_t now = sbx_now_ms(), until = INT64_MAX;
                if (mask & SBX_EV(SBX_EV_DEADLINE))
                        until = deadline == INT64_MAX ? INT64_MAX
                                                      : later(deadline, s->svc.extend_until);
                if ((mask & SBX_EV(SBX_EV_WATCHDOG)) && s->svc.watchdog_on &&
                    s->svc.watchdog_deadline != INT64_MAX) {
                        int64_t w = later(s->svc.watchdog_deadline, s->svc.extend_until);
                        until = w < until ? w : until;
                }
                int64_t ms = first ? 0 : until == INT64_MAX ? 200 : until - now;
                struct pollfd pf[3] = {{.fd = pidfd, .events = POLLIN},
                                       {.fd = s->svc.notify_fd, .events = POLLIN},
                                       {.fd = sbx_dbus_fd(&s->svc), .events = POLLIN}};
                if (poll(pf, 3, (int) (ms < 0 ? 0 : ms > 200 ? 200 : ms)) < 0 && errno != EINTR) {
                        r = -errno;
                        break;
                }
                /* Datagrams first: READY=1 or MAINPID= sent right before an exit still count. */
                sbx_notify_drain(p, s);
                r = sbx_dbus_drain(&s->svc); /* Type=dbus: is BusName= owned? */
                if (r < 0)
                        break;
                if ((mask & SBX_EV(SBX_EV_READY)) &&
                    (p->type == SERVICE_DBUS ? s->svc.bus_name_owned : s->svc.ready)) {
                        r = SBX_EV_READY;
                        break;
                }
                if (follow && s->svc.main_pid != watched) {
                        /* The old main process is an ordinary one now; signals forwarded
                         * during the start go to the new one. */
                        if (sbx_forward_pid == watched)
                                sbx_forward_pid = s->svc.main_pid;
                        close(pidfd);
                        watched = s->svc.main_pid;
                        pidfd = watch_open(s, watched, &inner);
                        if (pidfd < 0) {
                                *ret_exit = sbx_wait_exited(watched, 0);
                                return SBX_EV_EXITED;
                        }
                        continue;
                }
                if (pf[0].revents) {
                        *ret_exit = sbx_wait_exited(watched, inner);
                        r = SBX_EV_EXITED;
                        break;
                }
                now = sbx_now_ms();
                if ((mask & SBX_EV(SBX_EV_WATCHDOG)) && s->svc.watchdog_on &&
                    (s->svc.watchdog_fired ||
                     now >= later(s->svc.watchdog_deadline, s->svc.extend_until))) {
                        s->svc.watchdog_fired = true;
                        r = SBX_EV_WATCHDOG;
                        break;
                }
                if ((mask & SBX_EV(SBX_EV_STOPPING)) && s->svc.stopping) {
                        r = SBX_EV_STOPPING;
                        break;
                }
                if ((mask & SBX_EV(SBX_EV_STOP)) && sbx_stop_requested) {
                        r = SBX_EV_STOP;
                        break;
                }
                if ((mask & SBX_EV(SBX_EV_RELOAD)) && sbx_reload_requested) {
                        sbx_reload_requested = 0;
                        r = SBX_EV_RELOAD;
                        break;
                }
                if ((mask & SBX_EV(SBX_EV_DEADLINE)) && deadline != INT64_MAX &&
                    now >= later(deadline, s->svc.extend_until)) {
                        r = SBX_EV_DEADLINE;
                        break;
                }
        }
        close(pidfd);
        return r;
}
