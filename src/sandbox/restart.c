/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cleanup.h"
#include "pidns.h"
#include "spawn-internal.h"
#include "string-util.h"
#include "userns.h"

/* systemd 252's service_shall_restart(): never after a stop request; RestartPreventExitStatus=
 * wins over RestartForceExitStatus=, which wins over Restart=. */
static bool shall_restart(const SandboxPlan *p, const SbxRunResult *r)
{
        bool success = streq(r->result, "success"), skip = streq(r->result, "exec-condition");

        if (sbx_stop_requested)
                return false;
        if (r->waited && sbx_status_in(&p->prevent_status, r->wait_status))
                return false;
        if (r->waited && sbx_status_in(&p->force_status, r->wait_status))
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
        case SERVICE_RESTART_ON_WATCHDOG:
                return streq(r->result, "watchdog");
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
        int64_t end = sbx_now_ms() + (int64_t) (p->restart_usec / 1000);
        while (!sbx_stop_requested && sbx_now_ms() < end)
                (void) usleep(20 * 1000);
        return !sbx_stop_requested;
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
                starts[n_starts++ % ELEMENTSOF(starts)] = sbx_now_ms();
                int r = sbx_run_lifecycle(p, o, s, &one);
                one.restarts = restarts;
                *ret = one;
                if (r < 0 || !shall_restart(p, &one))
                        return r;
                /* What the stop left (KillMode=mixed/process/none) does not outlive a restart. */
                if (s->pidns.reaper > 0) {
                        (void) sbx_signal_all(s, SIGKILL);
                        (void) sbx_wait_gone(s, 5000);
                }
                if (!restart_delay(p))
                        return 0;
                if (p->start_limit_interval_usec > 0 && p->start_limit_burst > 0) {
                        int64_t since =
                                sbx_now_ms() - (int64_t) (p->start_limit_interval_usec / 1000);
                        unsigned k = 0;
                        for (unsigned i = 0; i < n_starts && i < ELEMENTSOF(starts); i++)
                                k += starts[i] >= since;
                        if (k >= p->start_limit_burst) {
                                ret->start_limit_hit = true;
                                return 0;
                        }
                }
                if (o && o->restart_check && o->restart_check(o->restart_check_userdata) <= 0)
                        return 0;
                r = sbx_session_fresh_tmp(p, s);
                if (r < 0)
                        return r;
                restarts++;
        }
}

int sbx_run_service(const SandboxPlan *p, const SbxRunOptions *o, SbxRunResult *ret)
{
        _cleanup_free_ int *scratch = calloc(p->mounts.n + 1, sizeof(int));
        Session s = {.svc = {.notify_fd = -1}, .scratch = scratch, .pidns = SBX_PIDNS_INIT};
        int r;

        if (!scratch)
                return -ENOMEM;
        /* Orphans of the service are re-parented to cordon, so none outlives the run. */
        (void) prctl(PR_SET_CHILD_SUBREAPER, 1);
        /* Every process of the run lives in a PID namespace that dies with cordon, even on
         * SIGKILL. Rootless, cordon first enters a user namespace of its own, which then owns
         * that PID namespace (as root, the initial one does). */
        r = 0;
        if (p->ns.user_ns && !p->ns.private_users && !sbx_is_privileged()) {
                bool entered;
                r = sbx_userns_enter_self(p->ns.uid, p->ns.gid, &entered);
                s.in_userns = r >= 0;
                /* No user namespaces here (a sysctl, a container's seccomp): a unit that needs
                 * none for its sandbox still runs, with the subreaper only (the CLI warns). */
                if (r < 0 && !entered && !(p->ns.unshare_flags & CLONE_NEWUSER))
                        r = 0;
        }
        bool want_pidns = sbx_is_privileged() || s.in_userns;
        /* Root without CAP_SYS_ADMIN (a container's default seccomp/caps) cannot have one:
         * the subreaper still stops everything on a normal exit; the CLI warns. */
        /* PrivateUsers= as root: the reaper is born in the service's mapped user namespace,
         * which every command then joins (PrivatePIDs= keeps the per-command hand-off: its
         * namespace is made by the command's own forwarder). */
        bool mapped = want_pidns && !s.in_userns && p->ns.private_users && p->ns.map_service &&
                      !p->ns.private_pids;
        if (want_pidns &&
            (mapped ? sbx_pidns_start_mapped(&s.pidns, p->ns.service_uid, p->ns.service_gid)
                    : sbx_pidns_start(&s.pidns)) < 0)
                s.pidns = SBX_PIDNS_INIT;
        sbx_signal_all_forget(); /* a new namespace (its reaper may reuse an old pid) */
        sbx_run_pidns = &s.pidns;
        if (r >= 0 && p->cgroup)
                r = sbx_cgroup_create(p->cgroup, p->unit_id, &s.cgroup, &sbx_cgroup_failure);
        if (r >= 0)
                r = sbx_session_prepare(p, &s);
        if (r >= 0) {
                sbx_install_forwarding();
                r = run_restarting(p, o, &s, ret);
                ret->no_pid_namespace = s.pidns.reaper == 0;
        }
        sbx_kill_leftovers(p, &s);
        s.cgroup = sbx_cgroup_destroy(s.cgroup); /* kills whatever is left in it */
        sbx_run_pidns = NULL;
        sbx_session_done(&s);
        return r;
}
