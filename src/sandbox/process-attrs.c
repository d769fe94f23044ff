/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "process-attrs.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "string-util.h"

#define IOPRIO_CLASS_SHIFT 13
#define IOPRIO_WHO_PROCESS 1

struct sched_attr_ {
        uint32_t size, sched_policy;
        uint64_t sched_flags;
        int32_t sched_nice;
        uint32_t sched_priority;
        uint64_t sched_runtime, sched_deadline, sched_period;
};

static int parse_cpu_list(const char *s, cpu_set_t *set)
{
        CPU_ZERO(set);
        for (const char *p = s; *p;) {
                char *end;
                while (*p == ' ' || *p == ',')
                        p++;
                if (!*p)
                        break;
                unsigned long a = strtoul(p, &end, 10), b;
                if (end == p)
                        return -EINVAL;
                b = a;
                if (*end == '-') {
                        p = end + 1;
                        b = strtoul(p, &end, 10);
                        if (end == p || b < a)
                                return -EINVAL;
                }
                if (b >= CPU_SETSIZE)
                        return -ERANGE;
                for (unsigned long c = a; c <= b; c++)
                        CPU_SET(c, set);
                p = end;
        }
        return 0;
}

int process_attrs_prepare(const Unit *u, ProcessAttrs *ret, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        ProcessAttrs a = {0};

        for (int i = 0; i < RLIMIT_COUNT; i++)
                if (e->rlimits[i].set) {
                        a.rlimit_set[i] = true;
                        a.rlimit[i] = (struct rlimit){e->rlimits[i].soft, e->rlimits[i].hard};
                }
        if (e->oom_score_adjust.set) {
                a.oom_set = true;
                snprintf(a.oom_text, sizeof a.oom_text, "%d\n", (int) e->oom_score_adjust.value);
        }
        if (e->cpu_sched_policy.set || e->cpu_sched_priority.set ||
            e->cpu_sched_reset_on_fork.set) {
                a.sched_set = true;
                a.sched_policy = (int) e->cpu_sched_policy.value;
                a.sched_priority = (int) e->cpu_sched_priority.value;
                a.sched_reset_on_fork = e->cpu_sched_reset_on_fork.value;
        }
        if (e->nice.set) {
                a.nice_set = true;
                a.nice = (int) e->nice.value;
        }
        if (e->cpu_affinity.value && *e->cpu_affinity.value) {
                if (streq(e->cpu_affinity.value, "numa")) {
                        (void) diag_add(diags, e->cpu_affinity.origin.file,
                                        e->cpu_affinity.origin.line, 0, "unsupported", DIAG_ERROR,
                                        NULL, "CPUAffinity=numa needs NUMAPolicy=, not supported");
                        return -EOPNOTSUPP;
                }
                if (parse_cpu_list(e->cpu_affinity.value, &a.affinity) < 0) {
                        (void) diag_add(diags, e->cpu_affinity.origin.file,
                                        e->cpu_affinity.origin.line, 0, "invalid-value", DIAG_ERROR,
                                        NULL, "CPUAffinity=%s: invalid CPU list",
                                        e->cpu_affinity.value);
                        return -EINVAL;
                }
                a.affinity_set = true;
        }
        if (e->io_sched_class.set || e->io_sched_priority.set) {
                a.ioprio_set = true;
                a.ioprio = (int) (e->io_sched_class.value << IOPRIO_CLASS_SHIFT) |
                           (int) e->io_sched_priority.value;
        }
        if (e->timer_slack_nsec.set && e->timer_slack_nsec.value >= 0) {
                a.timer_slack_set = true;
                a.timer_slack_nsec = (unsigned long) e->timer_slack_nsec.value;
        }
        if (e->coredump_filter.set && e->coredump_filter.value >= 0) {
                a.coredump_filter_set = true;
                snprintf(a.coredump_filter_text, sizeof a.coredump_filter_text, "0x%llx\n",
                         (unsigned long long) e->coredump_filter.value);
        }
        if (e->personality.value) {
                a.personality_set = true;
                a.personality = streq(e->personality.value, "x86") ? PER_LINUX32 : PER_LINUX;
        }
        *ret = a;
        return 0;
}

static int write_proc(const char *path, const char *text)
{
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return -errno;
        ssize_t n = write(fd, text, strlen(text));
        int r = n < 0 ? -errno : 0;
        close(fd);
        return r;
}

static int fail(int *ret_exit_status, int status, int r)
{
        *ret_exit_status = status;
        return r;
}

int process_attrs_apply(const ProcessAttrs *a, int *ret_exit_status)
{
        int r;

        if (a->oom_set) {
                r = write_proc("/proc/self/oom_score_adj", a->oom_text);
                /* user namespaces refuse this; systemd ignores privilege errors too */
                if (r < 0 && r != -EPERM && r != -EACCES)
                        return fail(ret_exit_status, 206, r);
        }
        if (a->coredump_filter_set) {
                r = write_proc("/proc/self/coredump_filter", a->coredump_filter_text);
                if (r < 0 && r != -EPERM && r != -EACCES)
                        return fail(ret_exit_status, 205, r);
        }
        if (a->sched_set) {
                struct sched_attr_ attr = {
                        .size = sizeof(attr),
                        .sched_policy = (uint32_t) a->sched_policy,
                        .sched_priority = (uint32_t) a->sched_priority,
                        .sched_flags = a->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0,
                };
                if (syscall(SYS_sched_setattr, 0, &attr, 0) < 0)
                        return fail(ret_exit_status, 214, -errno);
        }
        if (a->nice_set && setpriority(PRIO_PROCESS, 0, a->nice) < 0) {
                /* setpriority_closest(): settle for the nearest level RLIMIT_NICE allows */
                struct rlimit rl;
                if ((errno != EACCES && errno != EPERM) || getrlimit(RLIMIT_NICE, &rl) < 0)
                        return fail(ret_exit_status, 201, -errno);
                int lowest = 20 - (int) MIN(rl.rlim_cur, (rlim_t) 40);
                if (setpriority(PRIO_PROCESS, 0, MAX(a->nice, lowest)) < 0)
                        return fail(ret_exit_status, 201, -errno);
        }
        if (a->affinity_set && sched_setaffinity(0, sizeof(a->affinity), &a->affinity) < 0)
                return fail(ret_exit_status, 215, -errno);
        if (a->ioprio_set && syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, a->ioprio) < 0)
                return fail(ret_exit_status, 211, -errno);
        if (a->timer_slack_set && prctl(PR_SET_TIMERSLACK, a->timer_slack_nsec, 0, 0, 0) < 0)
                return fail(ret_exit_status, 212, -errno);
        if (a->personality_set) {
                /* personality() returns the old persona; errors show as -1 with errno set */
                errno = 0;
                if (personality(a->personality) < 0 && errno != 0)
                        return fail(ret_exit_status, 230, -errno);
        }
        for (int i = 0; i < RLIMIT_COUNT; i++) {
                if (!a->rlimit_set[i])
                        continue;
                if (setrlimit(i, &a->rlimit[i]) >= 0)
                        continue;
                /* setrlimit_closest(): cannot raise the hard limit without privilege, so settle
                 * for the closest values below the current hard limit */
                struct rlimit cur, fixed;
                if (errno != EPERM || getrlimit(i, &cur) < 0)
                        return fail(ret_exit_status, 205, -errno);
                fixed.rlim_max = MIN(a->rlimit[i].rlim_max, cur.rlim_max);
                fixed.rlim_cur = MIN(a->rlimit[i].rlim_cur, fixed.rlim_max);
                if (setrlimit(i, &fixed) < 0)
                        return fail(ret_exit_status, 205, -errno);
        }
        return 0;
}
