/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Resource control: the pure plan (which cgroup file gets which value, per host layout, and what
 * is refused), systemd's conversions, DeviceAllow= resolution and the BPF firewall program (run
 * for real with BPF_PROG_TEST_RUN when privileged). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList dl = {0};
        int r = unit_load_buffer("t.service", "/x/t.service", text, strlen(text), NULL, &u, &dl);
        diag_list_done(&dl);
        return r < 0 ? NULL : u;
}

static char *data_path(const char *rel)
{
        static char buf[2][4096];
        static unsigned k;
        k = (k + 1) % 2;
        snprintf(buf[k], sizeof(buf[k]), "%s/%s", test_data_dir(), rel);
        return buf[k];
}

static CgroupPlan *plan(const char *text, CgLayout layout, bool lenient, int *ret, DiagList *d)
{
        /* The plan's origins point into the unit (file names): it lives until the next plan. */
        static Unit *last = NULL;
        last = unit_free(last);
        Unit *u = last = load(text);
        /* a fixed machine: 8 CPUs, one memory node */
        CgPlanOptions o = {.layout = layout,
                           .lenient = lenient,
                           .tasks_max_base = 1000,
                           .cpus_online = data_path("cgroup/cpu-online"),
                           .mems_online = data_path("cgroup/node-online")};
        CgroupPlan *p = NULL;

        if (!u) {
                *ret = -EINVAL;
                return NULL;
        }
        *ret = cgroup_plan_from_unit(u, &o, &p, d);
        return p;
}

static const CgWrite *find(const CgroupPlan *p, CgHierarchy h, const char *file)
{
        for (size_t i = 0; p && i < p->n_writes; i++)
                if (p->writes[i].hier == h && streq(p->writes[i].file, file))
                        return &p->writes[i];
        return NULL;
}

static size_t count_rule(const DiagList *d, const char *rule, const char *needle)
{
        size_t n = 0;
        for (size_t i = 0; i < d->n; i++)
                if (streq(d->items[i].rule, rule) && strstr(d->items[i].message, needle))
                        n++;
        return n;
}

TEST(cpu_weight_to_shares)
{
        ASSERT_EQ(cgroup_cpu_weight_to_shares(100), 1024);
        ASSERT_EQ(cgroup_cpu_weight_to_shares(50), 512);
        ASSERT_EQ(cgroup_cpu_weight_to_shares(1), 10);
        ASSERT_EQ(cgroup_cpu_weight_to_shares(10000), 102400);
        ASSERT_EQ(cgroup_cpu_weight_to_shares(0), 2); /* idle */
}

TEST(cpu_quota_period)
{
        uint64_t period, quota;

        cgroup_cpu_quota_to_period(200000, UINT64_MAX, &period, &quota); /* 20% */
        ASSERT_EQ(period, 100000);
        ASSERT_EQ(quota, 20000);
        cgroup_cpu_quota_to_period(3000000, UINT64_MAX, &period, &quota); /* 300% */
        ASSERT_EQ(period, 100000);
        ASSERT_EQ(quota, 300000);
        cgroup_cpu_quota_to_period(5000, UINT64_MAX, &period, &quota); /* 0.5%: 200 ms */
        ASSERT_EQ(period, 200000);
        ASSERT_EQ(quota, 1000);
        cgroup_cpu_quota_to_period(3000, UINT64_MAX, &period, &quota); /* 0.3%: floor as systemd */
        ASSERT_EQ(period, 333333);
        ASSERT_EQ(quota, 1000); /* 999 µs raised to the 1 ms minimum */
        cgroup_cpu_quota_to_period(100, UINT64_MAX, &period, &quota); /* 1 s at most, 1 ms min */
        ASSERT_EQ(period, 1000000);
        ASSERT_EQ(quota, 1000);
        /* CPUQuotaPeriodSec= */
        cgroup_cpu_quota_to_period(200000, 10000, &period, &quota); /* 10 ms: 2 ms each */
        ASSERT_EQ(period, 10000);
        ASSERT_EQ(quota, 2000);
        cgroup_cpu_quota_to_period(200000, 100, &period, &quota); /* below 1 ms → 5 ms */
        ASSERT_EQ(period, 5000);
        ASSERT_EQ(quota, 1000);
        cgroup_cpu_quota_to_period(200000, 5000000, &period, &quota); /* above 1 s → 1 s */
        ASSERT_EQ(period, 1000000);
        ASSERT_EQ(quota, 200000);
}

TEST(cpu_quota_period_directive)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nCPUQuota=50%\nCPUQuotaPeriodSec=20ms\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(find(p, CG_HIER_CPU, "cpu.cfs_period_us")->value, "20000");
        ASSERT_STREQ(find(p, CG_HIER_CPU, "cpu.cfs_quota_us")->value, "10000");
        diag_list_done(&d);
}

TEST(hybrid_writes)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nMemoryMax=50M\nTasksMax=10\nCPUQuota=20%\n"
                     "CPUWeight=50\nAllowedCPUs=0-1 3\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(p);
        ASSERT_EQ(d.n, 0);
        ASSERT_STREQ(find(p, CG_HIER_MEMORY, "memory.limit_in_bytes")->value, "52428800");
        ASSERT_EQ(find(p, CG_HIER_MEMORY, "memory.limit_in_bytes")->origin.line, 3);
        ASSERT_STREQ(find(p, CG_HIER_PIDS, "pids.max")->value, "10");
        ASSERT_STREQ(find(p, CG_HIER_CPU, "cpu.cfs_quota_us")->value, "20000");
        ASSERT_STREQ(find(p, CG_HIER_CPU, "cpu.cfs_period_us")->value, "100000");
        ASSERT_STREQ(find(p, CG_HIER_CPU, "cpu.shares")->value, "512");
        ASSERT_STREQ(find(p, CG_HIER_CPUSET, "cpuset.cpus")->value, "0-1,3");
        ASSERT_NULL(find(p, CG_HIER_UNIFIED, "memory.max"));
        /* v1 controllers only: no v2 cgroup on a hybrid host (the PID namespace tracks and
         * ends the processes, the v1 cgroups are emptied through cgroup.procs) */
        ASSERT_FALSE(p->hierarchies & (1u << CG_HIER_UNIFIED));
        ASSERT_NULL(p->unified_for);
        ASSERT_FALSE(p->hierarchies & (1u << CG_HIER_DEVICES));
        diag_list_done(&d);
}

TEST(unified_writes)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nMemoryMax=1G\nMemoryHigh=512M\n"
                     "MemoryLow=1M\nMemorySwapMax=0\nTasksMax=10%\nCPUQuota=150%\nCPUWeight=idle\n",
                     CG_LAYOUT_UNIFIED, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(d.n, 0);
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "memory.max")->value, "1073741824");
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "memory.high")->value, "536870912");
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "memory.low")->value, "1048576");
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "memory.swap.max")->value, "0");
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "pids.max")->value, "100"); /* 10% of 1000 */
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "cpu.max")->value, "150000 100000");
        ASSERT_STREQ(find(p, CG_HIER_UNIFIED, "cpu.idle")->value, "1");
        ASSERT_NULL(find(p, CG_HIER_MEMORY, "memory.limit_in_bytes"));
        ASSERT_EQ(p->hierarchies, 1u << CG_HIER_UNIFIED);
        diag_list_done(&d);
}

TEST(v2_only_memory_refused_on_v1)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nMemoryHigh=10M\nMemoryMin=1M\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "MemoryHigh="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "MemoryMin="), 1);
        ASSERT_EQ(d.items[0].line + d.items[1].line, 3 + 4);
        diag_list_done(&d);

        /* --lenient: a warning, nothing written */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q = plan(
                "[Service]\nExecStart=/bin/true\nMemoryHigh=10M\n", CG_LAYOUT_LEGACY, true, &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(q);
        ASSERT_EQ(count_rule(&d, "run-weakened", "MemoryHigh="), 1);
        diag_list_done(&d);
}

TEST(memory_limit_legacy_name)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nMemoryLimit=20M\n", CG_LAYOUT_HYBRID, false,
                     &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(find(p, CG_HIER_MEMORY, "memory.limit_in_bytes")->value, "20971520");
        ASSERT_STREQ(find(p, CG_HIER_MEMORY, "memory.limit_in_bytes")->directive, "MemoryLimit=");
        /* MemoryMax= wins over MemoryLimit= (systemd's unit_has_unified_memory_config()) */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nMemoryLimit=20M\nMemoryMax=30M\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(find(q, CG_HIER_MEMORY, "memory.limit_in_bytes")->value, "31457280");
        diag_list_done(&d);
}

TEST(no_cgroup_refuses_each_with_line)
{
        DiagList d = {0};
        _cleanup_unit_free_ Unit *u = load(
                "[Service]\nExecStart=/bin/true\nMemoryMax=50M\nTasksMax=5\nIPAddressDeny=any\n"
                "DeviceAllow=/dev/null r\nCPUQuota=10%\n");
        CgPlanOptions o = {.layout = CG_LAYOUT_NONE, .rootless = true};
        CgroupPlan *p = NULL;

        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(cgroup_plan_from_unit(u, &o, &p, &d), EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_EQ(d.n, 5);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "rootless"), 5);
        for (size_t i = 0; i < d.n; i++) {
                ASSERT_STREQ(d.items[i].file, "/x/t.service");
                ASSERT_GE(d.items[i].line, 3);
        }
        diag_list_done(&d);
}

TEST(unapplied_settings_are_refused)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nIODeviceWeight=/dev/sda 100\nIOWeight=10\n"
                     "IOReadBandwidthMax=/dev/sda 1M\nIPIngressFilterPath=/sys/fs/bpf/x\n"
                     "RestrictNetworkInterfaces=lo\nBPFProgram=egress:/sys/fs/bpf/y\n"
                     "CPUAccounting=yes\nSlice=foo.slice\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "IODeviceWeight="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "IOWeight="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "IOReadBandwidthMax="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "IPIngressFilterPath="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "RestrictNetworkInterfaces="), 1);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "BPFProgram="), 1);
        ASSERT_EQ(d.n, 6); /* accounting and Slice= enforce nothing: not refused */
        diag_list_done(&d);

        /* an empty assignment resets the list: nothing to refuse */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nSocketBindDeny=any\nSocketBindDeny=\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(q);
        ASSERT_EQ(d.n, 0);
        diag_list_done(&d);
}

TEST(firewall_needs_v2)
{
        DiagList d = {0};
        int r;
        const char *text = "[Service]\nExecStart=/bin/true\nIPAddressDeny=any\n"
                           "IPAddressAllow=localhost 10.1.0.0/16\n";
        _cleanup_(cgroup_plan_freep) CgroupPlan *p = plan(text, CG_LAYOUT_LEGACY, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "IPAddressAllow=/IPAddressDeny="), 1);
        diag_list_done(&d);

        _cleanup_(cgroup_plan_freep) CgroupPlan *q = plan(text, CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(q->firewall);
        ASSERT_EQ(q->hierarchies, 1u << CG_HIER_UNIFIED);
        ASSERT_EQ(q->fw.n_deny, 2);  /* 0.0.0.0/0 ::/0 */
        ASSERT_EQ(q->fw.n_allow, 3); /* 127.0.0.0/8 ::1/128 10.1.0.0/16 */
        StrBuf b = STRBUF_INIT;
        ASSERT_OK(cgroup_plan_to_text(q, &b));
        ASSERT_NOT_NULL(strstr(strbuf_str(&b), "allow: 127.0.0.0/8 ::1/128 10.1.0.0/16"));
        ASSERT_NOT_NULL(strstr(strbuf_str(&b), "deny: 0.0.0.0/0 ::/0"));
        strbuf_done(&b);
        diag_list_done(&d);
}

/* On a hybrid host the run's v2 cgroup is made only for a directive that needs it, and
 * --dry-run names that directive. */
TEST(hybrid_v2_cgroup_only_when_needed)
{
        static const struct {
                const char *line, *needs; /* needs: NULL = no v2 cgroup */
        } cases[] = {
                {"PrivateDevices=yes", NULL},
                {"MemoryMax=50M", NULL},
                {"IPAddressDeny=any", "IPAddressAllow=/IPAddressDeny="},
                {"SocketBindDeny=any", "SocketBindAllow=/SocketBindDeny="},
        };
        DiagList d = {0};
        int r;

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char text[256], want[128];
                snprintf(text, sizeof(text),
                         "[Service]\nExecStart=/bin/true\nPrivateDevices=yes\n%s\n", cases[i].line);
                _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                        plan(text, CG_LAYOUT_HYBRID, false, &r, &d);
                ASSERT_OK(r);
                ASSERT_NOT_NULL(p);
                ASSERT_TRUE(p->hierarchies & (1u << CG_HIER_DEVICES));
                ASSERT_EQ(!!(p->hierarchies & (1u << CG_HIER_UNIFIED)), !!cases[i].needs);
                StrBuf b = STRBUF_INIT;
                ASSERT_OK(cgroup_plan_to_text(p, &b));
                if (cases[i].needs) {
                        ASSERT_STREQ(p->unified_for, cases[i].needs);
                        snprintf(want, sizeof(want), " unified (for %s);", cases[i].needs);
                        ASSERT_NOT_NULL(strstr(strbuf_str(&b), want));
                } else {
                        ASSERT_NULL(p->unified_for);
                        ASSERT_NULL(strstr(strbuf_str(&b), "unified;"));
                        ASSERT_NULL(strstr(strbuf_str(&b), "(for "));
                }
                strbuf_done(&b);
                diag_list_done(&d);
        }
        /* a unified host: everything is in the v2 cgroup, nothing to explain */
        _cleanup_(cgroup_plan_freep) CgroupPlan *u =
                plan("[Service]\nExecStart=/bin/true\nIPAddressDeny=any\n", CG_LAYOUT_UNIFIED,
                     false, &r, &d);
        ASSERT_OK(r);
        StrBuf b = STRBUF_INIT;
        ASSERT_OK(cgroup_plan_to_text(u, &b));
        ASSERT_NULL(strstr(strbuf_str(&b), "(for "));
        strbuf_done(&b);
        diag_list_done(&d);
}

TEST(devices_policy)
{
        DiagList d = {0};
        int r;

        /* PrivateDevices= alone: applied where the v1 devices controller is there (a node
         * outside the private /dev must not open either), else the private /dev honours it and
         * nothing is refused */
        const char *pd = "[Service]\nExecStart=/bin/true\nPrivateDevices=yes\n";
        _cleanup_(cgroup_plan_freep) CgroupPlan *p = plan(pd, CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(p);
        ASSERT_STREQ(p->writes[0].file, "devices.deny");
        ASSERT_TRUE(p->writes[0].origin.implied_by >= 0);
        _cleanup_(cgroup_plan_freep) CgroupPlan *p2 = plan(pd, CG_LAYOUT_UNIFIED, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p2->device_bpf); /* a BPF device program on cgroup v2 */
        ASSERT_EQ(p2->n_writes, 0);
        _cleanup_(cgroup_plan_freep) CgroupPlan *p3 = plan(pd, CG_LAYOUT_NONE, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(p3);
        ASSERT_EQ(d.n, 0);

        /* strict: deny everything, then only the list */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nDevicePolicy=strict\n"
                     "DeviceAllow=/dev/char/1:5 rw\nDeviceAllow=/dev/char/1:3 mwr\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(q->n_writes, 3);
        ASSERT_STREQ(q->writes[0].file, "devices.deny");
        ASSERT_STREQ(q->writes[0].value, "a");
        ASSERT_STREQ(q->writes[1].value, "c 1:5 rw");
        ASSERT_STREQ(q->writes[2].value, "c 1:3 rwm");

        /* closed adds systemd's static list (null, zero, …, pts) */
        _cleanup_(cgroup_plan_freep) CgroupPlan *c =
                plan("[Service]\nExecStart=/bin/true\nDevicePolicy=closed\n", CG_LAYOUT_HYBRID,
                     false, &r, &d);
        ASSERT_OK(r);
        bool inaccessible = false;
        for (size_t i = 0; i < c->n_writes; i++)
                inaccessible = inaccessible || streq(c->writes[i].value, "c 0:0 rwm");
        ASSERT_TRUE(inaccessible);
        ASSERT_GE(c->n_writes, 1 + 2); /* deny + at least the two inaccessible nodes */

        /* v2: the same list in a BPF device program */
        _cleanup_(cgroup_plan_freep) CgroupPlan *v =
                plan("[Service]\nExecStart=/bin/true\nDevicePolicy=strict\n"
                     "DeviceAllow=/dev/char/1:5 rw\n",
                     CG_LAYOUT_UNIFIED, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(v->device_bpf);
        ASSERT_EQ(strv_length(v->device_rules), 1);
        ASSERT_STREQ(v->device_rules[0], "c 1:5 rw");
        ASSERT_EQ(v->hierarchies, 1u << CG_HIER_UNIFIED);
        diag_list_done(&d);
}

/* systemd's static "char-pts" from the pty driver's line in /proc/tty/drivers, /proc/devices
 * (every "pts" major of its character section) when that has none. */
TEST(pts_rules_from_tty_drivers)
{
        char **l = NULL;

        ASSERT_EQ(cgroup_pts_rules("wr", data_path("cgroup/tty-drivers"),
                                   data_path("cgroup/proc-devices-pts"), &l),
                  1);
        ASSERT_EQ(strv_length(l), 1);
        ASSERT_STREQ(l[0], "c 136:* rw");
        l = strv_free(l);
        /* no /dev/pts line (a /dev/ptsx driver is not it): /proc/devices decides, block section
         * left out */
        ASSERT_EQ(cgroup_pts_rules("rw", data_path("cgroup/tty-drivers-no-pts"),
                                   data_path("cgroup/proc-devices-pts"), &l),
                  2);
        ASSERT_STREQ(l[0], "c 136:* rw");
        ASSERT_STREQ(l[1], "c 137:* rw");
        l = strv_free(l);
        ASSERT_EQ(cgroup_pts_rules("rw", data_path("cgroup/no-such-file"),
                                   data_path("cgroup/proc-devices-pts"), &l),
                  2);
        l = strv_free(l);
        ASSERT_EQ(cgroup_pts_rules("", data_path("cgroup/tty-drivers"), NULL, &l), 0);
        ASSERT_NULL(l);

        /* on this machine both sources agree */
        if (access("/proc/tty/drivers", R_OK) < 0 || access("/proc/devices", R_OK) < 0)
                TEST_SKIP("no /proc/tty/drivers or /proc/devices here");
        char **a = NULL, **b = NULL;
        ASSERT_GE(cgroup_pts_rules("rw", NULL, NULL, &a), 0);
        ASSERT_GE(cgroup_device_rules("char-pts", "rw", NULL, &b), 0);
        ASSERT_EQ(strv_length(a), strv_length(b));
        for (size_t i = 0; a && a[i]; i++)
                ASSERT_STREQ(a[i], b[i]);
        strv_free(a);
        strv_free(b);
}

TEST(implied_unmatched_devices_are_silent)
{
        DiagList d = {0};
        int r;

        /* RootImage= implies DeviceAllow=/dev/mapper/control & co. (implied.c): when they match
         * no device here they go without a warning; the same entry written by the user warns. */
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nRootImage=/x.raw\nPrivateDevices=yes\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(count_rule(&d, "run-device-unmatched", ""), 0);
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nDevicePolicy=strict\n"
                     "DeviceAllow=/dev/no-such-device-here rw\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_EQ(count_rule(&d, "run-device-unmatched", "/dev/no-such-device-here"), 1);
        diag_list_done(&d);
}

TEST(device_rules)
{
        char path[] = "/tmp/test-cgroup-devices.XXXXXX";
        int fd = mkstemp(path);
        const char *devices = "Character devices:\n  1 mem\n  4 tty\n  5 /dev/tty\n136 pts\n"
                              "\nBlock devices:\n  7 loop\n  8 sd\n";
        _cleanup_strv_free_ char **l = NULL;

        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, devices, strlen(devices)), (ssize_t) strlen(devices));
        close(fd);

        ASSERT_EQ(cgroup_device_rules("char-pts", "rw", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("char-tty*", "r", path, &l), 1); /* glob, not /dev/tty */
        ASSERT_EQ(cgroup_device_rules("block-loop", "rwm", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("char-*", "m", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("block-136", "r", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("char-nothing", "r", path, &l), 0);
        ASSERT_EQ(cgroup_device_rules("/dev/block/8:1", "wr", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("/run/systemd/inaccessible/blk", "rwm", path, &l), 1);
        ASSERT_EQ(cgroup_device_rules("/dev/null", "", path, &l), 0); /* no access: no entry */
        ASSERT_EQ(cgroup_device_rules("/dev/does-not-exist", "r", path, &l), -ENOENT);
        ASSERT_EQ(cgroup_device_rules("tty", "r", path, &l), -EINVAL);
        ASSERT_EQ(strv_length(l), 7);
        ASSERT_STREQ(l[0], "c 136:* rw");
        ASSERT_STREQ(l[1], "c 4:* r");
        ASSERT_STREQ(l[2], "b 7:* rwm");
        ASSERT_STREQ(l[3], "c *:* m");
        ASSERT_STREQ(l[4], "b 136:* r");
        ASSERT_STREQ(l[5], "b 8:1 rw");
        ASSERT_STREQ(l[6], "b 0:0 rwm");
        if (access("/dev/null", F_OK) == 0) {
                ASSERT_EQ(cgroup_device_rules("/dev/null", "r", path, &l), 1);
                ASSERT_STREQ(l[7], "c 1:3 r");
        }
        unlink(path);
}

static CgIPRule rule(int family, const char *addr, unsigned prefixlen)
{
        CgIPRule r = {.family = family, .prefixlen = prefixlen};
        inet_pton(family, addr, r.address);
        return r;
}

TEST(bpf_program_shape)
{
        CgIPRule allow[] = {rule(AF_INET, "127.0.0.0", 8), rule(AF_INET6, "::1", 128)};
        CgIPRule deny[] = {rule(AF_INET, "0.0.0.0", 0), rule(AF_INET6, "::", 0)};
        CgFirewall fw = {.allow = allow, .n_allow = 2, .deny = deny, .n_deny = 2};
        _cleanup_free_ struct bpf_insn *insn = NULL;
        size_t n;

        ASSERT_OK(cg_bpf_firewall_build(&fw, true, &insn, &n));
        ASSERT_GT(n, 10);
        ASSERT_EQ(insn[n - 1].code, BPF_JMP | BPF_EXIT);
        /* every jump lands inside the program */
        for (size_t i = 0; i < n; i++) {
                uint8_t cls = insn[i].code & 0x07;
                uint8_t op = insn[i].code & 0xf0;
                if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT)
                        ASSERT_LT((size_t) ((ssize_t) i + 1 + insn[i].off), n);
        }
        /* a list too long for the inline comparison is refused, not truncated */
        CgIPRule *many = calloc(3000, sizeof(CgIPRule));
        for (size_t i = 0; i < 3000; i++)
                many[i] = rule(AF_INET6, "2001:db8::", 128);
        CgFirewall big = {.deny = many, .n_deny = 3000};
        _cleanup_free_ struct bpf_insn *x = NULL;
        ASSERT_ERROR(cg_bpf_firewall_build(&big, false, &x, &n), E2BIG);
        free(many);
}

static int verdict(const CgFirewall *fw, bool ingress, int family, const char *addr)
{
        uint8_t a[16] = {};
        int pass = -1;
        inet_pton(family, addr, a);
        int r = cg_bpf_firewall_test(fw, ingress, family, a, &pass);
        return r < 0 ? r : pass;
}

TEST(bpf_program_verdicts)
{
        CgIPRule allow[] = {rule(AF_INET, "127.0.0.0", 8), rule(AF_INET6, "::1", 128),
                            rule(AF_INET, "10.1.128.0", 17)};
        CgIPRule deny[] = {rule(AF_INET, "0.0.0.0", 0), rule(AF_INET6, "::", 0)};
        CgFirewall fw = {.allow = allow, .n_allow = 3, .deny = deny, .n_deny = 2};

        int r = verdict(&fw, true, AF_INET, "127.0.0.1");
        if (r == -EPERM || r == -EACCES || r == -ENOSYS || r == -EINVAL)
                TEST_SKIP("BPF_PROG_LOAD/BPF_PROG_TEST_RUN of cgroup-skb programs not permitted");
        ASSERT_EQ(r, 1);
        ASSERT_EQ(verdict(&fw, false, AF_INET, "127.200.0.1"), 1);
        ASSERT_EQ(verdict(&fw, false, AF_INET, "10.1.200.9"), 1);   /* inside /17 */
        ASSERT_EQ(verdict(&fw, false, AF_INET, "10.1.127.255"), 0); /* just outside */
        ASSERT_EQ(verdict(&fw, true, AF_INET, "192.0.2.1"), 0);
        ASSERT_EQ(verdict(&fw, true, AF_INET6, "::1"), 1);
        ASSERT_EQ(verdict(&fw, true, AF_INET6, "::2"), 0);
        ASSERT_EQ(verdict(&fw, false, AF_INET6, "2001:db8::1"), 0);

        /* only a deny list for one prefix: everything else passes */
        CgIPRule d2[] = {rule(AF_INET6, "2001:db8:0:1::", 64)};
        CgFirewall only = {.deny = d2, .n_deny = 1};
        ASSERT_EQ(verdict(&only, false, AF_INET6, "2001:db8:0:1:ffff::1"), 0);
        ASSERT_EQ(verdict(&only, false, AF_INET6, "2001:db8:0:2::1"), 1);
        ASSERT_EQ(verdict(&only, false, AF_INET, "192.0.2.1"), 1);
}

TEST(bind_rule_parse)
{
        CgBindRule r;

        ASSERT_OK(cg_bind_rule_parse("any", &r));
        ASSERT_EQ(r.family, AF_UNSPEC);
        ASSERT_EQ(r.protocol, 0);
        ASSERT_EQ(r.nr_ports, 0);
        ASSERT_OK(cg_bind_rule_parse("ipv6:tcp:10000-65535", &r));
        ASSERT_EQ(r.family, AF_INET6);
        ASSERT_EQ(r.protocol, IPPROTO_TCP);
        ASSERT_EQ(r.port_min, 10000);
        ASSERT_EQ(r.nr_ports, 55536);
        ASSERT_OK(cg_bind_rule_parse("udp:53", &r));
        ASSERT_EQ(r.family, AF_UNSPEC);
        ASSERT_EQ(r.protocol, IPPROTO_UDP);
        ASSERT_EQ(r.port_min, 53);
        ASSERT_EQ(r.nr_ports, 1);
        ASSERT_OK(cg_bind_rule_parse("ipv4", &r));
        ASSERT_EQ(r.family, AF_INET);
        ASSERT_EQ(r.nr_ports, 0);
        ASSERT_OK(cg_bind_rule_parse("ipv4:any", &r));
        ASSERT_OK(cg_bind_rule_parse("1-65535", &r));
        ASSERT_EQ(r.nr_ports, 65535);
        /* systemd refuses these */
        ASSERT_ERROR(cg_bind_rule_parse("0", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("65536", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("20-10", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("tcp:ipv4", &r), EINVAL); /* order matters */
        ASSERT_ERROR(cg_bind_rule_parse("ipv4::80", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("ipv4:tcp:80:x", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("sctp:80", &r), EINVAL);
        ASSERT_ERROR(cg_bind_rule_parse("", &r), EINVAL);
}

TEST(socket_bind_plan)
{
        DiagList d = {0};
        int r;
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nSocketBindAllow=ipv6:10000-65535\n"
                     "SocketBindAllow=1234\nSocketBindDeny=any\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p->socket_bind);
        ASSERT_EQ(p->sb.n_allow, 2);
        ASSERT_EQ(p->sb.n_deny, 1);
        ASSERT_EQ(p->hierarchies, 1u << CG_HIER_UNIFIED);
        StrBuf b = STRBUF_INIT;
        ASSERT_OK(cgroup_plan_to_text(p, &b));
        ASSERT_NOT_NULL(strstr(strbuf_str(&b), "allow: ipv6:10000-65535 1234"));
        strbuf_done(&b);

        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nSocketBindDeny=tcp:http\n", CG_LAYOUT_HYBRID,
                     false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "invalid bind rule"), 1);
        diag_list_done(&d);

        _cleanup_(cgroup_plan_freep) CgroupPlan *l =
                plan("[Service]\nExecStart=/bin/true\nSocketBindDeny=any\n", CG_LAYOUT_LEGACY,
                     false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        diag_list_done(&d);
}

TEST(socket_bind_program)
{
        CgBindRule allow[] = {{.family = AF_INET6, .port_min = 10000, .nr_ports = 100}};
        CgBindRule deny[] = {{.family = AF_UNSPEC}, {.family = AF_INET, .protocol = IPPROTO_UDP}};
        CgSocketBind sb = {.allow = allow, .n_allow = 1, .deny = deny, .n_deny = 2};
        _cleanup_free_ struct bpf_insn *v4 = NULL, *v6 = NULL;
        size_t n4, n6;

        ASSERT_OK(cg_bpf_socket_bind_build(&sb, AF_INET, &v4, &n4));
        ASSERT_OK(cg_bpf_socket_bind_build(&sb, AF_INET6, &v6, &n6));
        /* the IPv6-only allow rule is left out of bind4's program, the IPv4 deny out of bind6's */
        ASSERT_LT(n4, n6 + 2);
        ASSERT_GT(n6, n4 - 2);
        const struct bpf_insn *progs[2] = {v4, v6};
        size_t ns[2] = {n4, n6};
        for (size_t k = 0; k < 2; k++) {
                ASSERT_EQ(progs[k][ns[k] - 1].code, BPF_JMP | BPF_EXIT);
                for (size_t i = 0; i < ns[k]; i++) {
                        uint8_t cls = progs[k][i].code & 0x07, op = progs[k][i].code & 0xf0;
                        if (cls == BPF_JMP && op != BPF_CALL && op != BPF_EXIT)
                                ASSERT_LT((size_t) ((ssize_t) i + 1 + progs[k][i].off), ns[k]);
                }
        }
        CgBindRule many[CG_BIND_RULES_MAX + 1] = {};
        CgSocketBind big = {.deny = many, .n_deny = CG_BIND_RULES_MAX + 1};
        _cleanup_free_ struct bpf_insn *x = NULL;
        ASSERT_ERROR(cg_bpf_socket_bind_build(&big, AF_INET, &x, &n4), E2BIG);
}

TEST(device_program_shape)
{
        char *lines[] = {"c 1:3 rwm", "b 8:* r", "c *:* m", NULL};
        char *bad[] = {"x 1:3 r", NULL};
        _cleanup_free_ struct bpf_insn *insn = NULL, *x = NULL;
        size_t n;

        ASSERT_OK(cg_bpf_devices_build(lines, &insn, &n));
        ASSERT_EQ(insn[n - 1].code, BPF_JMP | BPF_EXIT);
        ASSERT_EQ(insn[n - 2].imm, 0); /* default: deny */
        ASSERT_ERROR(cg_bpf_devices_build(bad, &x, &n), EINVAL);
}

/* The program for real: a child in a cgroup v2 whose program allows "c 1:3 rw" opens /dev/null
 * but not /dev/zero; outside, /dev/zero opens. */
TEST(device_program_effect)
{
        CgLayout layout = cgroup_detect_layout();
        char *rules[] = {"c 1:3 rw", NULL};
        CgroupPlan p = {.layout = layout,
                        .hierarchies = 1u << CG_HIER_UNIFIED,
                        .device_bpf = true,
                        .device_rules = rules};
        SbxCgroup *cg = NULL;
        char *failed = NULL;

        if (geteuid() != 0 || (layout != CG_LAYOUT_HYBRID && layout != CG_LAYOUT_UNIFIED))
                TEST_SKIP("needs root and a cgroup v2 hierarchy");
        int r = sbx_cgroup_create(&p, "test-cgroup.service", &cg, &failed);
        free(failed);
        if (r == -EPERM || r == -EACCES || r == -EROFS)
                TEST_SKIP("cannot create cgroups or load BPF here");
        ASSERT_OK(r);
        pid_t pid = fork();
        if (pid == 0) {
                if (sbx_cgroup_enter(cg) < 0)
                        _exit(10);
                int a = open("/dev/null", O_RDWR | O_CLOEXEC);
                int b = open("/dev/zero", O_RDONLY | O_CLOEXEC);
                _exit(a >= 0 && b < 0 && errno == EPERM ? 0 : 11);
        }
        int st = 0;
        ASSERT_EQ(waitpid(pid, &st, 0), pid);
        sbx_cgroup_destroy(cg);
        ASSERT_TRUE(WIFEXITED(st));
        ASSERT_EQ(WEXITSTATUS(st), 0);
        int z = open("/dev/zero", O_RDONLY | O_CLOEXEC);
        ASSERT_GE(z, 0);
        close(z);
}

TEST(values_as_systemd_resolves_them)
{
        DiagList d = {0};
        int r;

        /* TasksMax=100% is the whole system limit, infinity writes nothing */
        _cleanup_(cgroup_plan_freep) CgroupPlan *p = plan(
                "[Service]\nExecStart=/bin/true\nTasksMax=100%\n", CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(find(p, CG_HIER_PIDS, "pids.max")->value, "1000"); /* tasks_max_base */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nTasksMax=infinity\n", CG_LAYOUT_HYBRID, false,
                     &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(q);
        /* MemoryMax=infinity after a limit: no limit, no cgroup */
        _cleanup_(cgroup_plan_freep) CgroupPlan *m =
                plan("[Service]\nExecStart=/bin/true\nMemoryMax=1G\nMemoryMax=infinity\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(m);
        /* a percentage of physical memory is bytes by the time it is planned */
        _cleanup_(cgroup_plan_freep) CgroupPlan *pc = plan(
                "[Service]\nExecStart=/bin/true\nMemoryMax=50%\n", CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        uint64_t half = (uint64_t) sysconf(_SC_PHYS_PAGES) * (uint64_t) sysconf(_SC_PAGESIZE) / 2;
        uint64_t got = strtoull(find(pc, CG_HIER_MEMORY, "memory.limit_in_bytes")->value, NULL, 10);
        ASSERT_LE(got, half + 4096);
        ASSERT_GE(got + 4096, half);
        ASSERT_EQ(d.n, 0);

        /* systemd's system_tasks_max(): min(threads-max, pid_max - 1) */
        uint64_t t = cgroup_system_tasks_max();
        ASSERT_GT(t, 0);
        FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
        if (f) {
                unsigned long long pid_max = 0;
                ASSERT_EQ(fscanf(f, "%llu", &pid_max), 1);
                fclose(f);
                ASSERT_LE(t, pid_max - 1);
        }
}

TEST(rootless_needs_a_delegated_subtree)
{
        _cleanup_unit_free_ Unit *u = load("[Service]\nExecStart=/bin/true\nTasksMax=5\n");
        CgroupPlan *p = NULL;
        DiagList d = {0};

        ASSERT_NOT_NULL(u);
        /* uid 4242 owns no cgroup here: whatever the host's layout, nothing is writable to it */
        ASSERT_ERROR(cgroup_plan_for_run(u, CG_LAYOUT_AUTO, true, 4242, false, &p, &d), EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "delegated"), 1);
        diag_list_done(&d);
        ASSERT_OK(cgroup_plan_for_run(u, CG_LAYOUT_AUTO, true, 4242, true, &p, &d));
        ASSERT_NULL(p);
        ASSERT_EQ(count_rule(&d, "run-weakened", "TasksMax="), 1);
        diag_list_done(&d);
}

TEST(cgroup_namespace_needs_the_runs_v2_cgroup)
{
        const char *text = "[Service]\nExecStart=/bin/true\nProtectControlGroups=private\n";
        UnitLoadOptions lo = {.systemd_version = 257};
        Unit *u = NULL;
        DiagList d = {0};
        int r;

        ASSERT_OK(unit_load_buffer("t.service", "/x/t.service", text, strlen(text), &lo, &u, &d));
        diag_list_done(&d);
        ASSERT_EQ(u->exec.protect_control_groups, PROTECT_CONTROL_GROUPS_PRIVATE);
        CgPlanOptions o = {.layout = CG_LAYOUT_HYBRID};
        CgroupPlan *p = NULL;
        /* hybrid: the run gets its v2 cgroup (the namespace's root) and nothing else */
        ASSERT_OK(cgroup_plan_from_unit(u, &o, &p, &d));
        ASSERT_NOT_NULL(p);
        ASSERT_EQ(p->hierarchies, 1u << CG_HIER_UNIFIED);
        ASSERT_EQ(p->n_writes, 0);
        ASSERT_STREQ(p->unified_for, "ProtectControlGroups=");
        p = cgroup_plan_free(p);
        /* v1 only: no cgroup could be the namespace's root: refused with file:line */
        o.layout = CG_LAYOUT_LEGACY;
        r = cgroup_plan_from_unit(u, &o, &p, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "ProtectControlGroups="), 1);
        ASSERT_EQ(d.items[0].line, 3u);
        p = cgroup_plan_free(p);
        diag_list_done(&d);
        unit_free(u);
}

TEST(cpuset_lists)
{
        DiagList d = {0};
        int r;

        /* words of all assignments add up, normalised to the kernel's list format */
        _cleanup_(cgroup_plan_freep) CgroupPlan *p =
                plan("[Service]\nExecStart=/bin/true\nAllowedCPUs=3 0-1\nAllowedCPUs=2,7\n"
                     "AllowedMemoryNodes=0\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(find(p, CG_HIER_CPUSET, "cpuset.cpus")->value, "0-3,7");
        ASSERT_STREQ(find(p, CG_HIER_CPUSET, "cpuset.mems")->value, "0");
        /* "" resets */
        _cleanup_(cgroup_plan_freep) CgroupPlan *q =
                plan("[Service]\nExecStart=/bin/true\nAllowedCPUs=3\nAllowedCPUs=\n",
                     CG_LAYOUT_HYBRID, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NULL(q);
        /* a CPU that is not there: the kernel would refuse it and systemd run unrestricted */
        _cleanup_(cgroup_plan_freep) CgroupPlan *x =
                plan("[Service]\nExecStart=/bin/true\nAllowedCPUs=6-9\n", CG_LAYOUT_HYBRID, false,
                     &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "CPU 8 is not online"), 1);
        diag_list_done(&d);
        _cleanup_(cgroup_plan_freep) CgroupPlan *m =
                plan("[Service]\nExecStart=/bin/true\nAllowedMemoryNodes=1\n", CG_LAYOUT_UNIFIED,
                     false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_EQ(count_rule(&d, "run-unsupported", "memory node 1 is not online"), 1);
        diag_list_done(&d);
}

/* Whether /proc/self/cgroup's line for the hierarchy (prefix "N:devices:" matched by the
 * controller, "0::" for v2) ends in name. */
static bool in_cgroup(const char *controller, const char *name)
{
        char buf[4096], want[64];
        int fd = open("/proc/self/cgroup", O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
        if (fd >= 0)
                close(fd);
        if (n <= 0)
                return false;
        buf[n] = 0;
        snprintf(want, sizeof(want), "%s", controller);
        for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
             l = strtok_r(NULL, "\n", &save)) {
                char *c = strchr(l, ':');
                if (!c || !startswith(c + 1, want))
                        continue;
                const char *slash = strrchr(l, '/');
                return slash && streq(slash + 1, name);
        }
        return false;
}

static int child_checks(const SbxCgroup *cg, bool placed)
{
        const char *v1 = sbx_cgroup_path(cg, CG_HIER_DEVICES),
                   *v2 = sbx_cgroup_path(cg, CG_HIER_UNIFIED);
        if (sbx_cgroup_enter_rest(cg, placed) < 0)
                return 10;
        if (!in_cgroup("devices:", strrchr(v1, '/') + 1))
                return 11;
        if (!in_cgroup(":", strrchr(v2, '/') + 1))
                return 12;
        return 0;
}

/* The child's own move: v1 through "tasks" (no grace-period wait), v2 by cgroup.procs or by
 * being born there with clone3(CLONE_INTO_CGROUP); either way it ends up in both. */
TEST(enter_v1_tasks_and_clone_into_v2)
{
        CgLayout layout = cgroup_detect_layout();
        CgroupPlan p = {.layout = layout,
                        .hierarchies = (1u << CG_HIER_UNIFIED) | (1u << CG_HIER_DEVICES)};
        SbxCgroup *cg = NULL;
        char *failed = NULL;

        if (geteuid() != 0 || layout != CG_LAYOUT_HYBRID)
                TEST_SKIP("needs root and a hybrid cgroup layout");
        int r = sbx_cgroup_create(&p, "test-cgroup.service", &cg, &failed);
        free(failed);
        if (r == -EPERM || r == -EACCES || r == -EROFS)
                TEST_SKIP("cannot create cgroups here");
        ASSERT_OK(r);
        ASSERT_GE(sbx_cgroup_v2_fd(cg), 0);
        for (int way = 0; way < 2; way++) {
                struct clone_args a = {.flags = CLONE_INTO_CGROUP,
                                       .exit_signal = SIGCHLD,
                                       .cgroup = (uint64_t) sbx_cgroup_v2_fd(cg)};
                pid_t pid = way == 0 ? fork() : (pid_t) syscall(SYS_clone3, &a, sizeof(a));
                ASSERT_GE(pid, 0);
                if (pid == 0)
                        _exit(child_checks(cg, way == 1));
                int st = 0;
                ASSERT_EQ(waitpid(pid, &st, 0), pid);
                ASSERT_TRUE(WIFEXITED(st));
                ASSERT_EQ(WEXITSTATUS(st), 0);
        }
        ASSERT_FALSE(in_cgroup("devices:", strrchr(sbx_cgroup_path(cg, CG_HIER_DEVICES), '/') + 1));
        sbx_cgroup_destroy(cg);
}

/* Whether the run-time tests below can make v1 devices cgroups here. */
static bool can_make_devices_cgroup(void)
{
        CgLayout layout = cgroup_detect_layout();
        return geteuid() == 0 && (layout == CG_LAYOUT_HYBRID || layout == CG_LAYOUT_LEGACY) &&
               access("/sys/fs/cgroup/devices/devices.allow", W_OK) == 0;
}

/* Consecutive writes to devices.allow share one open: each write() is still one rule (all end
 * up in devices.list), and a rule the kernel refuses is named in the failure, with its
 * directive and line. */
TEST(device_rules_one_open_each_rule_applied)
{
        if (!can_make_devices_cgroup())
                TEST_SKIP("needs root and a writable v1 devices controller");
        char deny[] = "devices.deny", allow[] = "devices.allow", a[] = "a", r1[] = "c 1:3 rwm",
             r2[] = "c 1:5 rw", r3[] = "b 7:* r", bad[] = "c 1:x rwm";
        CgWrite w[] = {
                {.hier = CG_HIER_DEVICES, .file = deny, .value = a, .directive = "DevicePolicy="},
                {.hier = CG_HIER_DEVICES, .file = allow, .value = r1, .directive = "DeviceAllow="},
                {.hier = CG_HIER_DEVICES, .file = allow, .value = r2, .directive = "DeviceAllow="},
                {.hier = CG_HIER_DEVICES,
                 .file = allow,
                 .value = r3,
                 .directive = "DeviceAllow=",
                 .origin = {.file = "/x/t.service", .line = 7}},
        };
        CgroupPlan p = {.layout = cgroup_detect_layout(),
                        .hierarchies = 1u << CG_HIER_DEVICES,
                        .writes = w,
                        .n_writes = ELEMENTSOF(w)};
        SbxCgroup *cg = NULL;
        char *failed = NULL;

        int r = sbx_cgroup_create(&p, "test-cgroup.service", &cg, &failed);
        if (r == -EPERM || r == -EACCES || r == -EROFS) {
                free(failed);
                TEST_SKIP("cannot create cgroups here");
        }
        ASSERT_OK(r);
        ASSERT_NULL(failed);
        char list[4096] = "";
        char *path = NULL;
        ASSERT_GE(asprintf(&path, "%s/devices.list", sbx_cgroup_path(cg, CG_HIER_DEVICES)), 0);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        free(path);
        ASSERT_GE(fd, 0);
        ssize_t n = read(fd, list, sizeof(list) - 1);
        close(fd);
        ASSERT_GT(n, 0);
        list[n] = 0;
        ASSERT_NOT_NULL(strstr(list, "c 1:3 rwm\n"));
        ASSERT_NOT_NULL(strstr(list, "c 1:5 rw\n"));
        ASSERT_NOT_NULL(strstr(list, "b 7:* r\n"));
        ASSERT_NULL(strstr(list, "a *:* rwm")); /* the deny-all went in first */
        sbx_cgroup_destroy(cg);

        /* the third rule is malformed: the failure names it, its directive and its line */
        w[3].value = bad;
        cg = NULL;
        r = sbx_cgroup_create(&p, "test-cgroup.service", &cg, &failed);
        ASSERT_LT(r, 0);
        ASSERT_NULL(cg);
        ASSERT_NOT_NULL(failed);
        ASSERT_NOT_NULL(
                strstr(failed, "/devices.allow: \"c 1:x rwm\" (DeviceAllow= at t.service:7)"));
        free(failed);
}

/* sbx_cgroup_create() of the test's unit; 1 when this machine does not let us (skip). */
static int create_test_cgroup(const CgroupPlan *p, SbxCgroup **ret)
{
        char *failed = NULL;
        int r = sbx_cgroup_create(p, "test-cgroup.service", ret, &failed);
        free(failed);
        return r == -EPERM || r == -EACCES || r == -EROFS ? 1 : r;
}

/* destroy: a cgroup left empty goes at once; one with a process left (and a child cgroup the
 * service made) is emptied with SIGKILL and removed, in both hierarchies. */
TEST(destroy_empties_what_is_left)
{
        if (!can_make_devices_cgroup() || cgroup_detect_layout() != CG_LAYOUT_HYBRID)
                TEST_SKIP("needs root and a hybrid layout with a writable v1 devices controller");
        for (int with_v2 = 0; with_v2 < 2; with_v2++) {
                CgroupPlan p = {.layout = CG_LAYOUT_HYBRID,
                                .hierarchies = (1u << CG_HIER_DEVICES) |
                                               (with_v2 ? 1u << CG_HIER_UNIFIED : 0)};
                SbxCgroup *cg = NULL;
                int r = create_test_cgroup(&p, &cg);
                if (r == 1)
                        TEST_SKIP("cannot create cgroups here");
                ASSERT_OK(r);
                char *v1 = strdup(sbx_cgroup_path(cg, CG_HIER_DEVICES)), *sub = NULL;
                ASSERT_NOT_NULL(v1);
                ASSERT_GE(asprintf(&sub, "%s/child", v1), 0);
                ASSERT_OK(mkdir(sub, 0755));
                int pipefd[2];
                ASSERT_OK(pipe2(pipefd, O_CLOEXEC));
                pid_t pid = fork();
                ASSERT_GE(pid, 0);
                if (pid == 0) {
                        if (sbx_cgroup_enter(cg) < 0)
                                _exit(10);
                        if (write(pipefd[1], "x", 1) != 1)
                                _exit(11);
                        for (;;)
                                pause();
                }
                close(pipefd[1]);
                char c;
                ASSERT_EQ(read(pipefd[0], &c, 1), 1); /* it is in */
                close(pipefd[0]);
                sbx_cgroup_destroy(cg);
                int st = 0;
                ASSERT_EQ(waitpid(pid, &st, 0), pid);
                ASSERT_TRUE(WIFSIGNALED(st));
                ASSERT_EQ(WTERMSIG(st), SIGKILL);
                ASSERT_LT(access(sub, F_OK), 0);
                ASSERT_LT(access(v1, F_OK), 0);
                free(sub);
                free(v1);
        }
}

/* create: an empty cordon-* cgroup of a cordon that is gone is removed, one of a live cordon
 * (or one not named like ours) is left alone. */
TEST(stale_cgroups_of_dead_cordons_go)
{
        if (!can_make_devices_cgroup())
                TEST_SKIP("needs root and a writable v1 devices controller");
        pid_t dead = fork();
        ASSERT_GE(dead, 0);
        if (dead == 0)
                _exit(0);
        ASSERT_EQ(waitpid(dead, NULL, 0), dead);
        CgroupPlan p = {.layout = cgroup_detect_layout(), .hierarchies = 1u << CG_HIER_DEVICES};
        SbxCgroup *cg = NULL;
        int r = create_test_cgroup(&p, &cg);
        if (r == 1)
                TEST_SKIP("cannot create cgroups here");
        ASSERT_OK(r);
        /* siblings of the run's cgroup: the parent directory is cordon's own cgroup */
        char *parent = strdup(sbx_cgroup_path(cg, CG_HIER_DEVICES)), *stale = NULL, *live = NULL,
             *other = NULL;
        ASSERT_NOT_NULL(parent);
        *strrchr(parent, '/') = 0;
        sbx_cgroup_destroy(cg);
        ASSERT_GE(asprintf(&stale, "%s/cordon-k1stale.service-%d-0badf00d", parent, (int) dead), 0);
        ASSERT_GE(asprintf(&live, "%s/cordon-k1live.service-%d-0badf00d", parent, (int) getpid()),
                  0);
        ASSERT_GE(asprintf(&other, "%s/k1other-%d-0", parent, (int) dead), 0);
        ASSERT_OK(mkdir(stale, 0755));
        ASSERT_OK(mkdir(live, 0755));
        ASSERT_OK(mkdir(other, 0755));
        cg = NULL;
        ASSERT_OK(sbx_cgroup_create(&p, "test-cgroup.service", &cg, NULL));
        sbx_cgroup_destroy(cg);
        bool stale_gone = access(stale, F_OK) < 0, live_kept = access(live, F_OK) == 0,
             other_kept = access(other, F_OK) == 0;
        (void) rmdir(stale);
        (void) rmdir(live);
        (void) rmdir(other);
        ASSERT_TRUE(stale_gone);
        ASSERT_TRUE(live_kept);
        ASSERT_TRUE(other_kept);
        free(stale);
        free(live);
        free(other);
        free(parent);
}
