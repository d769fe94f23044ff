/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <signal.h>
#include <string.h>

#include "config-parse-internal.h"
#include "names.h"
#include "parse-util.h"
#include "service-plan.h"
#include "settings.h"

void service_plan_status_set(PlanStatusSet *set, char *const *words)
{
        *set = (PlanStatusSet){0};
        for (size_t i = 0; words && words[i]; i++) {
                int v = exit_status_from_name(words[i]);
                if (v >= 0 && v < 256) {
                        set->codes[v / 8] |= (uint8_t) (1u << (v % 8));
                        continue;
                }
                v = signal_from_name(words[i]);
                if (v > 0 && v < 64)
                        set->signals |= UINT64_C(1) << v;
        }
}

/* A time span kept raw by the model (the last assignment; 0 when unset or invalid). */
static uint64_t raw_usec(const Unit *u, const char *name)
{
        int idx = directive_index(SECTION_SERVICE, name);
        usec_t v = 0;
        for (size_t i = 0; idx >= 0 && i < u->n_raw; i++) {
                char *const *l = u->raw[i].values.strv;
                size_t n = 0;
                if (u->raw[i].directive != idx || !l)
                        continue;
                while (l[n])
                        n++;
                if (n > 0 && parse_sec(l[n - 1], &v) < 0)
                        v = 0;
        }
        return v == USEC_INFINITY ? 0 : v;
}

void service_plan_lifecycle(SandboxPlan *p, const Unit *u)
{
        const ServiceSettings *s = &u->service;

        service_plan_status_set(&p->success_status, s->success_exit_status.strv);
        service_plan_status_set(&p->prevent_status, s->restart_prevent_exit_status.strv);
        service_plan_status_set(&p->force_status, s->restart_force_exit_status.strv);
        p->watchdog_usec = s->watchdog_usec == UINT64_MAX ? 0 : s->watchdog_usec;
        p->watchdog_signal =
                u->kill.watchdog_signal.value > 0 ? (int) u->kill.watchdog_signal.value : SIGABRT;
        /* TimeoutAbortSec= unset follows TimeoutStopSec= (service_timeout_abort_usec()). */
        p->timeout_abort_usec = s->timeout_abort_set ? s->timeout_abort_usec : s->timeout_stop_usec;
        p->timeout_start_failure_mode = s->timeout_start_failure_mode;
        p->timeout_stop_failure_mode = s->timeout_stop_failure_mode;
        p->remain_after_exit = s->remain_after_exit.value;
        p->exit_type_cgroup = s->exit_type == SERVICE_EXIT_CGROUP;
        p->runtime_rand_extra_usec = raw_usec(u, "RuntimeRandomizedExtraSec");
}
