/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Resources and scheduling: Limit*=, Nice=, OOMScoreAdjust=, CPUSchedulingPolicy=/Priority=/
 * ResetOnFork=, IOSchedulingClass=/Priority=, CPUAffinity=, Personality=, TimerSlackNSec=,
 * CoredumpFilter=. process_attrs_prepare() is pure (parent); process_attrs_apply() is
 * allocation-free (child) and applies them as systemd 252's exec_child() does, with its exit
 * codes (205 LIMITS, 206 OOM_ADJUST, 214 SETSCHEDULER, 201 NICE, 215 CPUAFFINITY, 211 IOPRIO,
 * 212 TIMERSLACK, 230 PERSONALITY). */

#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#include "diag.h"
#include "unit.h"

typedef struct ProcessAttrs {
        bool rlimit_set[RLIMIT_COUNT];
        struct rlimit rlimit[RLIMIT_COUNT];
        bool oom_set;
        char oom_text[16]; /* "-1000".."1000\n" */
        bool sched_set;
        int sched_policy, sched_priority;
        bool sched_reset_on_fork;
        bool nice_set;
        int nice;
        bool affinity_set;
        cpu_set_t affinity;
        bool ioprio_set;
        int ioprio; /* IOPRIO_PRIO_VALUE(class, data) */
        bool timer_slack_set;
        unsigned long timer_slack_nsec;
        bool coredump_filter_set;
        char coredump_filter_text[24]; /* "0x…\n" */
        bool personality_set;
        unsigned long personality;
} ProcessAttrs;

/* -EOPNOTSUPP with a diagnostic for values cordon cannot apply (CPUAffinity=numa). */
int process_attrs_prepare(const Unit *u, ProcessAttrs *ret, DiagList *diags);
/* Returns 0, or -errno and *ret_exit_status. */
int process_attrs_apply(const ProcessAttrs *a, int *ret_exit_status);
