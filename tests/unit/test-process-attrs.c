/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Resources and scheduling, from unit text, applied for real in a forked child. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process-attrs.h"
#include "tests.h"
#include "unit.h"

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList d = {0};
        UnitLoadOptions o = {.hostname = "h",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        if (unit_load_buffer("t.service", "/etc/systemd/system/t.service", text, strlen(text), &o,
                             &u, &d) < 0)
                u = NULL;
        diag_list_done(&d);
        return u;
}

TEST(nothing_set_nothing_applied)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\n");
        ProcessAttrs a;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(process_attrs_prepare(u, &a, NULL));
        ASSERT_FALSE(a.nice_set || a.oom_set || a.sched_set || a.affinity_set || a.ioprio_set ||
                     a.personality_set || a.timer_slack_set || a.coredump_filter_set);
        for (int i = 0; i < RLIMIT_COUNT; i++)
                ASSERT_FALSE(a.rlimit_set[i]);
        unit_free(u);
}

TEST(prepare_values)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nIOSchedulingClass=idle\n"
                       "CPUAffinity=0 2-3\nOOMScoreAdjust=-5\nLimitNOFILE=100:200\n");
        ProcessAttrs a;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(process_attrs_prepare(u, &a, NULL));
        ASSERT_TRUE(a.ioprio_set);
        ASSERT_EQ(a.ioprio, (3 << 13) | 4); /* priority defaults to 4 */
        ASSERT_TRUE(a.affinity_set);
        ASSERT_TRUE(CPU_ISSET(0, &a.affinity) && !CPU_ISSET(1, &a.affinity) &&
                    CPU_ISSET(2, &a.affinity) && CPU_ISSET(3, &a.affinity));
        ASSERT_STREQ(a.oom_text, "-5\n");
        ASSERT_TRUE(a.rlimit_set[RLIMIT_NOFILE]);
        ASSERT_EQ(a.rlimit[RLIMIT_NOFILE].rlim_cur, 100);
        ASSERT_EQ(a.rlimit[RLIMIT_NOFILE].rlim_max, 200);
        unit_free(u);

        u = load("[Service]\nExecStart=/bin/true\nCPUAffinity=numa\n");
        DiagList d = {0};
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(process_attrs_prepare(u, &a, &d), EOPNOTSUPP);
        ASSERT_EQ(d.n, 1);
        diag_list_done(&d);
        unit_free(u);
}

TEST(apply_in_child)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root");
        Unit *u = load("[Service]\nExecStart=/bin/true\nNice=7\nLimitNOFILE=100:200\n"
                       "LimitCORE=0\nOOMScoreAdjust=517\nCPUAffinity=0\n"
                       "IOSchedulingClass=idle\nCPUSchedulingPolicy=batch\nPersonality=x86\n"
                       "TimerSlackNSec=50us\n");
        ProcessAttrs a;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(process_attrs_prepare(u, &a, NULL));
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                int st = 0;
                struct rlimit rl;
                cpu_set_t cs;
                char buf[16] = {0};
                if (process_attrs_apply(&a, &st) < 0)
                        _exit(10);
                errno = 0;
                if (getpriority(PRIO_PROCESS, 0) != 7)
                        _exit(11);
                if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur != 100 || rl.rlim_max != 200)
                        _exit(12);
                int fd = open("/proc/self/oom_score_adj", O_RDONLY);
                if (fd < 0 || read(fd, buf, sizeof buf - 1) <= 0 || atoi(buf) != 517)
                        _exit(13);
                if (sched_getaffinity(0, sizeof cs, &cs) < 0 || CPU_COUNT(&cs) != 1 ||
                    !CPU_ISSET(0, &cs))
                        _exit(14);
                if (syscall(SYS_ioprio_get, 1, 0) != ((3 << 13) | 4))
                        _exit(15);
                if (sched_getscheduler(0) != SCHED_BATCH)
                        _exit(16);
                if ((personality(0xffffffff) & PER_MASK) != PER_LINUX32)
                        _exit(17);
                if (prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) != 50000)
                        _exit(18);
                _exit(0);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
        unit_free(u);
}

TEST(failures_carry_systemd_exit_codes)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root");
        /* realtime scheduling with an invalid priority fails: 214 SETSCHEDULER */
        Unit *u = load("[Service]\nExecStart=/bin/true\nCPUSchedulingPolicy=fifo\n"
                       "CPUSchedulingPriority=0\n");
        ProcessAttrs a;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(process_attrs_prepare(u, &a, NULL));
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                int st = 0;
                _exit(process_attrs_apply(&a, &st) < 0 ? st : 0);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_EQ(WEXITSTATUS(status), 214);
        unit_free(u);
}
