/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The lifecycle's pure parts: notification messages as systemd 252's service_notify_message()
 * reads them, NotifyAccess=, and the plan's exit status sets, watchdog and timeout modes. */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "service-plan.h"
#include "spawn-internal.h"
#include "tests.h"
#include "unit.h"

static SbxNotifyMsg parse(const char *text, int *ret)
{
        SbxNotifyMsg m;
        *ret = sbx_notify_parse(text, strlen(text), &m);
        return m;
}

TEST(notify_parse_basic)
{
        int r;
        SbxNotifyMsg m = parse("READY=1\nSTATUS=up\nMAINPID=42", &r);
        ASSERT_OK(r);
        ASSERT_TRUE(m.ready);
        ASSERT_FALSE(m.stopping);
        ASSERT_EQ(m.main_pid, 42);
        ASSERT_FALSE(m.watchdog_ping);
}

TEST(notify_parse_last_state_wins)
{
        int r;
        SbxNotifyMsg m = parse("READY=1\nSTOPPING=1", &r);
        ASSERT_TRUE(m.stopping);
        ASSERT_FALSE(m.ready);
        m = parse("STOPPING=1\nREADY=1\nRELOADING=1", &r);
        ASSERT_TRUE(m.reloading);
        ASSERT_FALSE(m.ready);
        m = parse("READY=0\nREADY=1x", &r); /* only the exact tags */
        ASSERT_FALSE(m.ready);
}

TEST(notify_parse_first_assignment_counts)
{
        int r;
        SbxNotifyMsg m = parse("MAINPID=7\nMAINPID=8", &r);
        ASSERT_EQ(m.main_pid, 7);
        m = parse("MAINPID=x\nMAINPID=8", &r); /* the first one is invalid: ignored */
        ASSERT_EQ(m.main_pid, 0);
        m = parse("MAINPID=0", &r);
        ASSERT_EQ(m.main_pid, 0);
        m = parse("MAINPID=-5", &r);
        ASSERT_EQ(m.main_pid, 0);
        m = parse("MAINPID=99999999999", &r);
        ASSERT_EQ(m.main_pid, 0);
        m = parse("WATCHDOG=trigger\nWATCHDOG=1", &r);
        ASSERT_TRUE(m.watchdog_trigger);
        ASSERT_FALSE(m.watchdog_ping);
        m = parse("WATCHDOG=2", &r);
        ASSERT_FALSE(m.watchdog_trigger || m.watchdog_ping);
}

TEST(notify_parse_watchdog_usec)
{
        int r;
        SbxNotifyMsg m = parse("WATCHDOG_USEC=1500000\nEXTEND_TIMEOUT_USEC=30000000", &r);
        ASSERT_TRUE(m.has_watchdog_usec);
        ASSERT_EQ(m.watchdog_usec, 1500000u);
        ASSERT_EQ(m.extend_usec, 30000000u);
        m = parse("WATCHDOG_USEC=1.5", &r);
        ASSERT_FALSE(m.has_watchdog_usec);
        m = parse("WATCHDOG_USEC=0", &r); /* 0 is valid: turns the watchdog off */
        ASSERT_TRUE(m.has_watchdog_usec);
        ASSERT_EQ(m.watchdog_usec, 0u);
}

TEST(notify_parse_status)
{
        int r;
        SbxNotifyMsg m = parse("STATUS=Serving 3 clients\nSTATUS=second", &r);
        ASSERT_TRUE(m.has_status);
        ASSERT_STREQ(m.status, "Serving 3 clients");
        m = parse("STATUS=", &r); /* empty clears it */
        ASSERT_TRUE(m.has_status);
        ASSERT_STREQ(m.status, "");
        m = parse("STATUS=\xff\xfe", &r); /* not UTF-8: ignored */
        ASSERT_FALSE(m.has_status);
        char big[700] = "STATUS=";
        memset(big + 7, 'x', 600);
        m = parse(big, &r);
        ASSERT_FALSE(m.has_status);
        m = parse("READY=1", &r);
        ASSERT_FALSE(m.has_status);
}

TEST(notify_parse_refuses_nul_and_size)
{
        SbxNotifyMsg m;
        ASSERT_EQ(sbx_notify_parse("READY=1\0X", 9, &m), -EBADMSG);
        ASSERT_OK(sbx_notify_parse("READY=1\0", 8, &m)); /* one trailing NUL is fine */
        ASSERT_TRUE(m.ready);
        static char big[SBX_NOTIFY_BUFFER_MAX + 1];
        memset(big, 'a', sizeof(big));
        ASSERT_EQ(sbx_notify_parse(big, sizeof(big), &m), -EBADMSG);
}

TEST(notify_access)
{
        ASSERT_TRUE(sbx_notify_authorized(NOTIFY_MAIN, 10, 10, 20));
        ASSERT_FALSE(sbx_notify_authorized(NOTIFY_MAIN, 20, 10, 20));
        ASSERT_FALSE(sbx_notify_authorized(NOTIFY_MAIN, 10, 0, 0)); /* main not known yet */
        ASSERT_TRUE(sbx_notify_authorized(NOTIFY_EXEC, 20, 10, 20));
        ASSERT_TRUE(sbx_notify_authorized(NOTIFY_EXEC, 10, 10, 0));
        ASSERT_FALSE(sbx_notify_authorized(NOTIFY_EXEC, 30, 10, 20));
        ASSERT_TRUE(sbx_notify_authorized(NOTIFY_ALL, 30, 10, 20));
        ASSERT_FALSE(sbx_notify_authorized(NOTIFY_NONE, 10, 10, 20));
}

static bool has_code(const PlanStatusSet *s, int code)
{
        return sbx_status_in(s, W_EXITCODE(code, 0));
}

static bool has_signal(const PlanStatusSet *s, int sig)
{
        return sbx_status_in(s, W_EXITCODE(0, sig));
}

TEST(plan_status_names)
{
        char *words[] = {"TEMPFAIL", "NAMESPACE", "3", "SIGUSR1", "HUP", "RTMIN+2", "255", NULL};
        PlanStatusSet s;
        service_plan_status_set(&s, words);
        ASSERT_TRUE(has_code(&s, 75));
        ASSERT_TRUE(has_code(&s, 226));
        ASSERT_TRUE(has_code(&s, 3));
        ASSERT_TRUE(has_code(&s, 255));
        ASSERT_FALSE(has_code(&s, 0));
        ASSERT_FALSE(has_code(&s, 1)); /* "SIGHUP" is a signal, not exit status 1 */
        ASSERT_TRUE(has_signal(&s, SIGUSR1));
        ASSERT_TRUE(has_signal(&s, SIGHUP));
        ASSERT_TRUE(has_signal(&s, SIGRTMIN + 2));
        ASSERT_FALSE(has_signal(&s, SIGTERM));
        ASSERT_FALSE(has_signal(&s, 3)); /* "3" is an exit status, never SIGQUIT */
}

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList dl = {0};
        int r = unit_load_buffer("n.service", "n.service", text, strlen(text), NULL, &u, &dl);
        diag_list_done(&dl);
        return r < 0 ? NULL : u;
}

TEST(plan_lifecycle_fields)
{
        _cleanup_(unit_freep) Unit *u = load("[Service]\nExecStart=/bin/true\nWatchdogSec=3\n"
                                             "WatchdogSignal=SIGUSR2\nTimeoutStopSec=7\n"
                                             "TimeoutStartFailureMode=abort\n"
                                             "TimeoutStopFailureMode=kill\n"
                                             "SuccessExitStatus=DATAERR\n");
        ASSERT_TRUE(u);
        SandboxPlan p = {0};
        service_plan_lifecycle(&p, u);
        ASSERT_EQ(p.watchdog_usec, 3000000u);
        ASSERT_EQ(p.watchdog_signal, SIGUSR2);
        ASSERT_EQ(p.timeout_abort_usec, 7000000u); /* TimeoutAbortSec= unset: TimeoutStopSec= */
        ASSERT_EQ(p.timeout_start_failure_mode, TIMEOUT_ABORT);
        ASSERT_EQ(p.timeout_stop_failure_mode, TIMEOUT_KILL);
        ASSERT_TRUE(has_code(&p.success_status, 65));

        ASSERT_FALSE(p.remain_after_exit);
        ASSERT_FALSE(p.exit_type_cgroup);
        ASSERT_EQ(p.runtime_rand_extra_usec, 0u);

        _cleanup_(unit_freep) Unit *v = load("[Service]\nExecStart=/bin/true\nTimeoutAbortSec=2\n"
                                             "TimeoutStopSec=7\nRemainAfterExit=yes\n"
                                             "ExitType=cgroup\nRuntimeRandomizedExtraSec=1min\n");
        ASSERT_TRUE(v);
        SandboxPlan q = {0};
        service_plan_lifecycle(&q, v);
        ASSERT_EQ(q.timeout_abort_usec, 2000000u);
        ASSERT_EQ(q.watchdog_usec, 0u);
        ASSERT_EQ(q.watchdog_signal, SIGABRT);
        ASSERT_EQ(q.timeout_start_failure_mode, TIMEOUT_TERMINATE);
        ASSERT_TRUE(q.remain_after_exit);
        ASSERT_TRUE(q.exit_type_cgroup);
        ASSERT_EQ(q.runtime_rand_extra_usec, 60000000u);
}
