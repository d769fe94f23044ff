/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The generic and typed value parsers, called through the directive table as the loader does. */
#include <signal.h>

#include "config-parse-internal.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"

static unsigned line_no;

/* Parses one "key=value" of section s into u; returns the parser's result. */
static int set(Unit *u, UnitSectionId s, const char *key, const char *value, DiagList *diags)
{
        const Directive *d = directive_lookup(s, key);
        if (!d) {
                fprintf(stderr, "# no row for %s\n", key);
                return -ENOENT;
        }
        Assignment a = {
                .section = (char *) unit_section_to_string(s),
                .key = (char *) key,
                .value = (char *) value,
                .file = "/etc/systemd/system/t.service",
                .line = ++line_no,
                .column = (unsigned) strlen(key) + 2,
        };
        return d->parse(u, d, &a, value, diags);
}

#define SVC(u, k, v, diags) set(u, SECTION_SERVICE, k, v, diags)

static size_t count_rule(const DiagList *l, const char *rule)
{
        size_t n = 0;
        for (size_t i = 0; i < l->n; i++)
                n += streq(l->items[i].rule, rule);
        return n;
}

TEST(booleans)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "NoNewPrivileges", "yes", &diags));
        ASSERT_TRUE(u->exec.no_new_privileges.value);
        ASSERT_TRUE(u->exec.no_new_privileges.set);
        ASSERT_EQ(u->exec.no_new_privileges.origin.line, line_no);
        ASSERT_STREQ(u->exec.no_new_privileges.origin.file, "/etc/systemd/system/t.service");

        /* Invalid: diagnostic with file:line, previous value kept (systemd ignores the line). */
        ASSERT_OK(SVC(u, "NoNewPrivileges", "maybe", &diags));
        ASSERT_TRUE(u->exec.no_new_privileges.value);
        ASSERT_EQ(diags.n, 1);
        ASSERT_STREQ(diags.items[0].rule, "invalid-value");
        ASSERT_EQ(diags.items[0].severity, DIAG_WARNING);
        ASSERT_EQ(diags.items[0].line, line_no);
        ASSERT_TRUE(strstr(diags.items[0].message, "maybe") != NULL);
        ASSERT_TRUE(strstr(diags.items[0].message, "NoNewPrivileges") != NULL);

        /* config_parse_bool refuses "" as well. */
        ASSERT_OK(SVC(u, "NoNewPrivileges", "", &diags));
        ASSERT_EQ(diags.n, 2);
        ASSERT_TRUE(u->exec.no_new_privileges.value);

        ASSERT_OK(SVC(u, "IgnoreSIGPIPE", "off", &diags));
        ASSERT_FALSE(u->exec.ignore_sigpipe.value);
        ASSERT_OK(SVC(u, "MountAPIVFS", "1", &diags));
        ASSERT_TRUE(u->exec.mount_apivfs.value);
        ASSERT_OK(SVC(u, "MountAPIVFS", "", &diags)); /* resets */
        ASSERT_FALSE(u->exec.mount_apivfs.set);
        ASSERT_EQ(diags.n, 2);

        /* Raw booleans are validated too. */
        ASSERT_OK(SVC(u, "TTYReset", "nope", &diags));
        ASSERT_EQ(diags.n, 3);
        ASSERT_OK(SVC(u, "TTYReset", "true", &diags));
        const RawSetting *r = unit_get_raw(u, directive_index(SECTION_SERVICE, "TTYReset"));
        ASSERT_NOT_NULL(r);
        ASSERT_STREQ(r->values.strv[0], "yes");
        diag_list_done(&diags);
}

TEST(enums)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "ProtectSystem", "strict", &diags));
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_STRICT);
        ASSERT_OK(SVC(u, "ProtectSystem", "true", &diags));
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_YES);
        ASSERT_OK(SVC(u, "ProtectSystem", "full", &diags));
        ASSERT_OK(SVC(u, "ProtectSystem", "stric", &diags));
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_FULL);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 1);
        ASSERT_TRUE(strstr(diags.items[0].message, "stric") != NULL);

        ASSERT_OK(SVC(u, "ProtectHome", "read-only", &diags));
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_READ_ONLY);
        ASSERT_OK(SVC(u, "ProtectHome", "no", &diags));
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_NO);
        ASSERT_OK(SVC(u, "PrivateTmp", "yes", &diags));
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_YES);
        ASSERT_OK(SVC(u, "PrivateTmp", "disconnected", &diags)); /* parsed; lint says too new */
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_DISCONNECTED);
        ASSERT_OK(SVC(u, "PrivateUsers", "yes", &diags));
        ASSERT_EQ(u->exec.private_users, PRIVATE_USERS_SELF);
        ASSERT_OK(SVC(u, "ProtectControlGroups", "strict", &diags));
        ASSERT_EQ(u->exec.protect_control_groups, PROTECT_CONTROL_GROUPS_STRICT);
        ASSERT_OK(SVC(u, "ProtectHostname", "private:box", &diags));
        ASSERT_EQ(u->exec.protect_hostname, PROTECT_HOSTNAME_PRIVATE);
        ASSERT_STREQ(u->exec.protect_hostname_name, "box");
        ASSERT_OK(SVC(u, "ProtectHostname", "yes", &diags));
        ASSERT_NULL(u->exec.protect_hostname_name);

        ASSERT_FALSE(u->service.type_set);
        ASSERT_OK(SVC(u, "Type", "notify", &diags));
        ASSERT_EQ(u->service.type, SERVICE_NOTIFY);
        ASSERT_TRUE(u->service.type_set);
        ASSERT_OK(SVC(u, "Type", "", &diags)); /* DEFINE_CONFIG_PARSE_ENUM: "" is invalid */
        ASSERT_EQ(u->service.type, SERVICE_NOTIFY);
        ASSERT_OK(SVC(u, "KillMode", "mixed", &diags));
        ASSERT_EQ(u->kill.kill_mode, KILL_MIXED);
        ASSERT_OK(SVC(u, "KillMode", "", &diags)); /* config_parse_kill_mode: "" resets */
        ASSERT_EQ(u->kill.kill_mode, KILL_CONTROL_GROUP);
        ASSERT_FALSE(origin_is_set(&u->kill.kill_mode_origin));
        ASSERT_OK(SVC(u, "RuntimeDirectoryPreserve", "restart", &diags));
        ASSERT_EQ(u->exec.runtime_directory_preserve, EXEC_PRESERVE_RESTART);
        ASSERT_OK(SVC(u, "MountFlags", "slave", &diags));
        ASSERT_EQ(u->exec.mount_propagation, MOUNT_PROPAGATION_SLAVE);
        ASSERT_OK(SVC(u, "MountFlags", "", &diags));
        ASSERT_EQ(u->exec.mount_propagation, MOUNT_PROPAGATION_DEFAULT);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 2);
        diag_list_done(&diags);
}

TEST(times_and_numbers)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "TimeoutSec", "5min 20s", &diags));
        ASSERT_EQ(u->service.timeout_start_usec, 320 * USEC_PER_SEC);
        ASSERT_EQ(u->service.timeout_stop_usec, 320 * USEC_PER_SEC);
        ASSERT_OK(SVC(u, "TimeoutStopSec", "0", &diags)); /* 0 means no timeout */
        ASSERT_EQ(u->service.timeout_stop_usec, USEC_INFINITY);
        ASSERT_OK(SVC(u, "RestartSec", "250ms", &diags));
        ASSERT_EQ(u->service.restart_usec, 250 * USEC_PER_MSEC);
        ASSERT_OK(SVC(u, "RestartSec", "soon", &diags));
        ASSERT_EQ(u->service.restart_usec, 250 * USEC_PER_MSEC);
        ASSERT_OK(SVC(u, "TimeoutAbortSec", "10", &diags));
        ASSERT_TRUE(u->service.timeout_abort_set);
        ASSERT_OK(SVC(u, "TimeoutAbortSec", "", &diags));
        ASSERT_FALSE(u->service.timeout_abort_set);
        ASSERT_OK(set(u, SECTION_UNIT, "StartLimitBurst", "20", &diags));
        ASSERT_EQ(u->unit.start_limit_burst, 20);
        ASSERT_OK(set(u, SECTION_UNIT, "StartLimitIntervalSec", "1min", &diags));
        ASSERT_EQ(u->unit.start_limit_interval_usec, 60 * USEC_PER_SEC);

        ASSERT_OK(SVC(u, "UMask", "0077", &diags));
        ASSERT_EQ(u->exec.umask, 0077);
        ASSERT_OK(SVC(u, "UMask", "0999", &diags));
        ASSERT_EQ(u->exec.umask, 0077);
        ASSERT_OK(SVC(u, "Nice", "-5", &diags));
        ASSERT_EQ(u->exec.nice.value, -5);
        ASSERT_OK(SVC(u, "Nice", "20", &diags));
        ASSERT_EQ(u->exec.nice.value, -5);
        ASSERT_OK(SVC(u, "OOMScoreAdjust", "-1000", &diags));
        ASSERT_EQ(u->exec.oom_score_adjust.value, -1000);
        ASSERT_OK(SVC(u, "CPUSchedulingPolicy", "fifo", &diags));
        ASSERT_EQ(u->exec.cpu_sched_policy.value, 1);
        ASSERT_OK(SVC(u, "IOSchedulingClass", "idle", &diags));
        ASSERT_EQ(u->exec.io_sched_class.value, IO_CLASS_IDLE);
        ASSERT_OK(SVC(u, "IOSchedulingClass", "", &diags));
        ASSERT_EQ(u->exec.io_sched_class.value, IO_CLASS_BEST_EFFORT);
        ASSERT_FALSE(u->exec.io_sched_class.set);
        ASSERT_OK(SVC(u, "KillSignal", "SIGINT", &diags));
        ASSERT_EQ(u->kill.kill_signal.value, SIGINT);
        ASSERT_OK(SVC(u, "KillSignal", "SIGFOO", &diags));
        ASSERT_EQ(u->kill.kill_signal.value, SIGINT);
        /* systemd only ignores the line: a warning, not an error. */
        ASSERT_EQ(diags.items[diags.n - 1].severity, DIAG_WARNING);
        ASSERT_TRUE(strstr(diags.items[diags.n - 1].message, "ignoring") != NULL);
        ASSERT_OK(SVC(u, "CPUAffinity", "3 0-1,7", &diags));
        ASSERT_STREQ(u->exec.cpu_affinity.value, "0-1 3 7");
        ASSERT_OK(SVC(u, "CoredumpFilter", "default private-dax", &diags));
        ASSERT_EQ(u->exec.coredump_filter.value, 0x33 | 0x80);
        /* Both add up over assignments in systemd 252 (parse_cpu_set_extend, "|="). */
        ASSERT_OK(SVC(u, "CPUAffinity", "2 8", &diags));
        ASSERT_STREQ(u->exec.cpu_affinity.value, "0-3 7-8");
        ASSERT_OK(SVC(u, "CPUAffinity", "numa", &diags));
        ASSERT_OK(SVC(u, "CPUAffinity", "5", &diags));
        ASSERT_STREQ(u->exec.cpu_affinity.value, "5");
        ASSERT_OK(SVC(u, "CoredumpFilter", "private-anonymous", &diags));
        ASSERT_EQ(u->exec.coredump_filter.value, 0x33 | 0x80 | 0x1);
        ASSERT_OK(SVC(u, "CoredumpFilter", "", &diags));
        ASSERT_OK(SVC(u, "CoredumpFilter", "shared-anonymous", &diags));
        ASSERT_EQ(u->exec.coredump_filter.value, 0x2);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 4);
        diag_list_done(&diags);
}

TEST(strings_and_paths)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(set(u, SECTION_UNIT, "Description", "A \"quoted\" thing", &diags));
        ASSERT_STREQ(u->unit.description.value, "A \"quoted\" thing"); /* kept verbatim */
        ASSERT_OK(SVC(u, "RootDirectory", "/srv//root/", &diags));
        ASSERT_STREQ(u->exec.root_directory.value, "/srv/root");
        ASSERT_FALSE(u->bad_setting);
        ASSERT_OK(SVC(u, "RootDirectory", "srv", &diags));
        ASSERT_STREQ(u->exec.root_directory.value, "/srv/root");
        ASSERT_OK(SVC(u, "RootDirectory", "/a/../b", &diags));
        /* RootDirectory= is parsed "fatal" in systemd: the unit is refused, say so. */
        ASSERT_TRUE(strstr(diags.items[diags.n - 1].message, "refuses to load") != NULL);
        ASSERT_EQ(diags.items[diags.n - 1].severity, DIAG_ERROR);
        ASSERT_TRUE(u->bad_setting);
        ASSERT_OK(SVC(u, "RootDirectory", "", &diags));
        ASSERT_NULL(u->exec.root_directory.value);
        ASSERT_FALSE(origin_is_set(&u->exec.root_directory.origin));
        ASSERT_OK(SVC(u, "PIDFile", "foo.pid", &diags));
        ASSERT_STREQ(u->service.pid_file.value, "/run/foo.pid");
        ASSERT_OK(SVC(u, "PIDFile", "/var/run/foo.pid", &diags));
        ASSERT_STREQ(u->service.pid_file.value, "/run/foo.pid");
        ASSERT_OK(SVC(u, "WorkingDirectory", "-~", &diags));
        ASSERT_STREQ(u->exec.working_directory.value, "~");
        ASSERT_TRUE(u->exec.working_directory_missing_ok);
        ASSERT_OK(SVC(u, "BusName", "org.example.Foo", &diags));
        ASSERT_OK(SVC(u, "BusName", "notabusname", &diags));
        ASSERT_STREQ(u->service.bus_name.value, "org.example.Foo");
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 3);
        diag_list_done(&diags);
}

TEST(stdio)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "StandardOutput", "append:/var/log/x.log", &diags));
        ASSERT_EQ(u->exec.std_output, EXEC_OUTPUT_FILE_APPEND);
        ASSERT_STREQ(u->exec.std_output_path, "/var/log/x.log");
        ASSERT_OK(SVC(u, "StandardError", "journal+console", &diags));
        ASSERT_EQ(u->exec.std_error, EXEC_OUTPUT_JOURNAL_AND_CONSOLE);
        ASSERT_OK(SVC(u, "StandardError", "syslog", &diags));
        ASSERT_EQ(u->exec.std_error, EXEC_OUTPUT_JOURNAL);
        ASSERT_OK(SVC(u, "StandardError", "file:relative", &diags));
        ASSERT_EQ(u->exec.std_error, EXEC_OUTPUT_JOURNAL);
        ASSERT_OK(SVC(u, "StandardInput", "fd:stdin", &diags));
        ASSERT_EQ(u->exec.std_input, EXEC_INPUT_NAMED_FD);
        ASSERT_STREQ(u->exec.std_input_fdname, "stdin");
        ASSERT_OK(SVC(u, "StandardInputText", "hello\\tworld", &diags));
        ASSERT_STREQ(u->exec.std_input_text.strv[0], "hello\tworld");
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 1);
        diag_list_done(&diags);
}

TEST(lists)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(set(u, SECTION_UNIT, "Documentation", "man:foo(8) https://x.org bogus", &diags));
        ASSERT_EQ(strv_length(u->unit.documentation.strv), 2);
        ASSERT_OK(set(u, SECTION_INSTALL, "WantedBy", "multi-user.target", &diags));
        ASSERT_OK(set(u, SECTION_INSTALL, "WantedBy", "a.target b.target", &diags));
        ASSERT_EQ(strv_length(u->install.wanted_by.strv), 3);
        ASSERT_OK(set(u, SECTION_INSTALL, "WantedBy", "", &diags));
        ASSERT_EQ(strv_length(u->install.wanted_by.strv), 0);
        ASSERT_OK(SVC(u, "SuccessExitStatus", "0 2 SIGKILL TEMPFAIL 300", &diags));
        ASSERT_EQ(strv_length(u->service.success_exit_status.strv), 4);
        ASSERT_OK(SVC(u, "ExecSearchPath", "/usr/bin:/bin", &diags));
        ASSERT_EQ(strv_length(u->exec.exec_search_path.strv), 2);
        ASSERT_OK(SVC(u, "ExecSearchPath", "/opt/bin:rel:/x", &diags)); /* stops at "rel" */
        ASSERT_EQ(strv_length(u->exec.exec_search_path.strv), 3);
        ASSERT_STREQ(u->exec.exec_search_path.strv[2], "/opt/bin");

        ASSERT_OK(SVC(u, "IPIngressFilterPath", "/sys/fs/bpf/a b", &diags)); /* one path */
        ASSERT_OK(SVC(u, "IPIngressFilterPath", "/sys/fs/bpf/a b", &diags)); /* kept once */
        ASSERT_EQ(strv_length(u->cgroup.ip_ingress_filter_path.strv), 1);
        ASSERT_STREQ(u->cgroup.ip_ingress_filter_path.strv[0], "/sys/fs/bpf/a b");

        /* Dependencies: words checked as unit names; "" adds nothing (no reset in 252). */
        ASSERT_OK(set(u, SECTION_UNIT, "After", "network.target bad/name", &diags));
        const RawSetting *r = unit_get_raw(u, directive_index(SECTION_UNIT, "After"));
        ASSERT_NOT_NULL(r);
        ASSERT_EQ(strv_length(r->values.strv), 1);
        ASSERT_OK(set(u, SECTION_UNIT, "After", "", &diags));
        ASSERT_EQ(strv_length(r->values.strv), 1);
        /* Raw lists accumulate and reset. */
        ASSERT_OK(set(u, SECTION_UNIT, "ConditionPathExists", "/a", &diags));
        ASSERT_OK(set(u, SECTION_UNIT, "ConditionPathExists", "!/b", &diags));
        r = unit_get_raw(u, directive_index(SECTION_UNIT, "ConditionPathExists"));
        ASSERT_EQ(strv_length(r->values.strv), 2);
        ASSERT_OK(set(u, SECTION_UNIT, "ConditionPathExists", "", &diags));
        ASSERT_EQ(strv_length(r->values.strv), 0);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 4);
        diag_list_done(&diags);
}

TEST(rlimits)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "LimitNOFILE", "1024:524288", &diags));
        ASSERT_TRUE(u->exec.rlimits[RLIMIT_NOFILE].set);
        ASSERT_EQ(u->exec.rlimits[RLIMIT_NOFILE].soft, 1024);
        ASSERT_EQ(u->exec.rlimits[RLIMIT_NOFILE].hard, 524288);
        ASSERT_OK(SVC(u, "LimitCORE", "infinity", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_CORE].soft, RLIM_INFINITY);
        ASSERT_OK(SVC(u, "LimitMEMLOCK", "64K:1M", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_MEMLOCK].soft, 65536);
        ASSERT_EQ(u->exec.rlimits[RLIMIT_MEMLOCK].hard, 1048576);
        ASSERT_OK(SVC(u, "LimitCPU", "1min", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_CPU].soft, 60);
        ASSERT_OK(SVC(u, "LimitCPU", "1500ms", &diags)); /* rounded up to seconds */
        ASSERT_EQ(u->exec.rlimits[RLIMIT_CPU].soft, 2);
        ASSERT_OK(SVC(u, "LimitRTTIME", "1s", &diags)); /* microseconds */
        ASSERT_EQ(u->exec.rlimits[RLIMIT_RTTIME].soft, 1000000);
        ASSERT_OK(SVC(u, "LimitNICE", "+5", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_NICE].soft, 15);
        ASSERT_OK(SVC(u, "LimitNICE", "-20", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_NICE].soft, 40);
        ASSERT_EQ(diags.n, 0);

        ASSERT_OK(SVC(u, "LimitNOFILE", "2000:1000", &diags)); /* soft above hard */
        ASSERT_OK(SVC(u, "LimitNOFILE", "lots", &diags));
        ASSERT_OK(SVC(u, "LimitNOFILE", "", &diags));
        ASSERT_OK(SVC(u, "LimitNOFILE", "1:2:3", &diags));
        ASSERT_OK(SVC(u, "LimitNICE", "+20", &diags));
        ASSERT_EQ(u->exec.rlimits[RLIMIT_NOFILE].soft, 1024);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 5);
        diag_list_done(&diags);
}

TEST(exec_directories)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        ExecDirectory *st = &u->exec.directories[EXEC_DIRECTORY_STATE];
        DiagList diags = {};

        ASSERT_OK(SVC(u, "StateDirectory", "foo foo/bar:link", &diags));
        ASSERT_EQ(st->n, 2);
        ASSERT_STREQ(st->items[1].path, "foo/bar");
        ASSERT_STREQ(st->items[1].symlinks[0], "link");
        ASSERT_OK(SVC(u, "StateDirectory", "foo:other", &diags)); /* merges */
        ASSERT_EQ(st->n, 2);
        ASSERT_STREQ(st->items[0].symlinks[0], "other");
        ASSERT_OK(SVC(u, "StateDirectory", "data::ro", &diags));
        ASSERT_EQ(st->n, 3);
        ASSERT_TRUE(st->items[2].read_only);
        ASSERT_OK(SVC(u, "StateDirectory", "/abs ../up private x:y:rw", &diags));
        ASSERT_EQ(st->n, 3);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 4);
        ASSERT_OK(SVC(u, "ConfigurationDirectory", "a:b", &diags));
        ASSERT_EQ(u->exec.directories[EXEC_DIRECTORY_CONFIGURATION].n, 0);
        ASSERT_OK(SVC(u, "StateDirectoryMode", "0700", &diags));
        ASSERT_EQ(st->mode, 0700);
        ASSERT_OK(SVC(u, "StateDirectory", "", &diags));
        ASSERT_EQ(st->n, 0);
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 5);
        diag_list_done(&diags);
}

TEST(cgroup)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList diags = {};

        ASSERT_OK(SVC(u, "MemoryMax", "512M", &diags));
        ASSERT_EQ(u->cgroup.memory_max, 512ULL << 20);
        ASSERT_OK(SVC(u, "MemoryMax", "0", &diags));
        ASSERT_EQ(u->cgroup.memory_max, 512ULL << 20);
        ASSERT_OK(SVC(u, "MemoryMax", "infinity", &diags));
        ASSERT_EQ(u->cgroup.memory_max, UINT64_MAX);
        ASSERT_OK(SVC(u, "MemoryLow", "0", &diags));
        ASSERT_EQ(u->cgroup.memory_low, 0);
        ASSERT_OK(SVC(u, "TasksMax", "100", &diags));
        ASSERT_EQ(u->cgroup.tasks_max, 100);
        ASSERT_OK(SVC(u, "TasksMax", "15%", &diags));
        ASSERT_EQ(u->cgroup.tasks_max_permyriad, 1500);
        ASSERT_OK(SVC(u, "CPUQuota", "150%", &diags));
        ASSERT_EQ(u->cgroup.cpu_quota_per_sec_usec, 1500 * USEC_PER_MSEC);
        ASSERT_OK(SVC(u, "CPUQuota", "0%", &diags));
        ASSERT_OK(SVC(u, "CPUWeight", "idle", &diags));
        ASSERT_EQ(u->cgroup.cpu_weight, 0);
        ASSERT_OK(SVC(u, "IOWeight", "10001", &diags));
        ASSERT_EQ(u->cgroup.io_weight, UINT64_MAX);
        ASSERT_OK(SVC(u, "Delegate", "cpu memory nonsense", &diags));
        ASSERT_TRUE(u->cgroup.delegate.value);
        ASSERT_EQ(strv_length(u->cgroup.delegate_controllers), 2);
        ASSERT_OK(SVC(u, "Delegate", "no", &diags));
        ASSERT_FALSE(u->cgroup.delegate.value);
        ASSERT_NULL(u->cgroup.delegate_controllers);
        ASSERT_OK(SVC(u, "DevicePolicy", "closed", &diags));
        ASSERT_EQ(u->cgroup.device_policy, DEVICE_POLICY_CLOSED);
        ASSERT_OK(SVC(u, "MemoryHigh", "200%", &diags));
        ASSERT_EQ(count_rule(&diags, "invalid-value"), 5);
        diag_list_done(&diags);
}

TEST(secret_values_not_echoed)
{
        DiagList diags = {};
        const Directive *d = directive_lookup(SECTION_SERVICE, "SetCredential");
        Assignment a = {.key = (char *) "SetCredential", .file = "x", .line = 3};

        ASSERT_NOT_NULL(d);
        ASSERT_OK(value_invalid(&diags, d, &a, "bad value \"%s\"", value_shown(d, "hunter2")));
        ASSERT_EQ(diags.n, 1);
        ASSERT_NULL(strstr(diags.items[0].message, "hunter2"));
        diag_list_done(&diags);
}

/* Every row's parser survives hostile values (no crash, no leak under valgrind/ASan) and keeps
 * the model freeable. Values are given as the loader would pass them. */
TEST(every_parser_survives_odd_values)
{
        static const char *const values[] = {
                "",
                " ",
                "\\",
                "\"",
                "'unbalanced",
                "~",
                ":",
                "::",
                "-",
                "+",
                "!",
                "@",
                "~@",
                "infinity",
                "-infinity",
                "0",
                "-1",
                "18446744073709551616",
                "99999999999999999999999",
                "1.5.5",
                "%",
                "a=b",
                "=",
                "/",
                "/../..",
                "relative/path",
                "yes no",
                "\xc3\xa9t\xc3\xa9",
                "foo:bar:baz:qux",
                "-/path:/dst:ro,nosuid",
                "100%",
                "200%",
                "0x7fffffff",
        };
        size_t n;
        const Directive *t = directive_table(&n);
        char *long_value = malloc(70000);

        ASSERT_NOT_NULL(long_value);
        memset(long_value, 'x', 69999);
        long_value[0] = '/';
        long_value[69999] = '\0';
        for (size_t i = 0; i < n; i++) {
                Unit *u = unit_new("odd.service");
                DiagList diags = {};
                ASSERT_NOT_NULL(u);
                for (size_t k = 0; k <= ELEMENTSOF(values); k++) {
                        const char *v = k < ELEMENTSOF(values) ? values[k] : long_value;
                        Assignment a = {.section = (char *) unit_section_to_string(t[i].section),
                                        .key = (char *) t[i].name,
                                        .value = (char *) v,
                                        .file = "odd.service",
                                        .line = (unsigned) k + 1};
                        int r = t[i].parse(u, &t[i], &a, v, &diags);
                        if (r < 0 && r != -E2BIG) {
                                test_fail(__FILE__, __LINE__, "%s=%.40s: %d", t[i].name, v, r);
                                unit_free(u);
                                diag_list_done(&diags);
                                free(long_value);
                                return;
                        }
                }
                unit_free(u);
                diag_list_done(&diags);
        }
        free(long_value);
}

/* systemd's dump calls job modes "MODE" like UMask=; they are words, not octal modes. */
TEST(job_modes_are_words)
{
        _cleanup_unit_free_ Unit *u = unit_new("t.service");
        DiagList dl = {};

        ASSERT_NOT_NULL(u);
        ASSERT_OK(set(u, SECTION_UNIT, "OnFailureJobMode", "replace-irreversibly", &dl));
        ASSERT_OK(set(u, SECTION_UNIT, "OnSuccessJobMode", "ignore-dependencies", &dl));
        ASSERT_EQ(count_rule(&dl, "invalid-value"), 0u);
        ASSERT_OK(set(u, SECTION_UNIT, "OnFailureJobMode", "0644", &dl));
        ASSERT_EQ(count_rule(&dl, "invalid-value"), 1u);
        ASSERT_OK(set(u, SECTION_SERVICE, "UMask", "0077", &dl));
        ASSERT_EQ(count_rule(&dl, "invalid-value"), 1u);
        ASSERT_OK(set(u, SECTION_UNIT, "OnFailureJobMode", "", &dl)); /* "" is no job mode */
        ASSERT_EQ(count_rule(&dl, "invalid-value"), 2u);
        diag_list_done(&dl);
}

/* Raw directives with a fixed list of words (systemd 252's string tables), and whether ""
 * resets them or is invalid. */
TEST(raw_choices)
{
        static const struct {
                UnitSectionId section;
                const char *name, *value;
                bool valid;
        } cases[] = {
                {SECTION_UNIT, "FailureAction", "reboot-force", true},
                {SECTION_UNIT, "SuccessAction", "exit", true},
                {SECTION_UNIT, "JobTimeoutAction", "halt", false}, /* not in 252's table */
                {SECTION_UNIT, "StartLimitAction", "", false},
                {SECTION_UNIT, "CollectMode", "inactive-or-failed", true},
                {SECTION_UNIT, "CollectMode", "", false},
                {SECTION_SERVICE, "UtmpMode", "login", true},
                {SECTION_SERVICE, "UtmpMode", "yes", false},
                {SECTION_SERVICE, "ManagedOOMSwap", "kill", true},
                {SECTION_SERVICE, "ManagedOOMSwap", "", true},
                {SECTION_SERVICE, "ManagedOOMMemoryPressure", "off", false},
                {SECTION_SERVICE, "ManagedOOMPreference", "avoid", true},
                {SECTION_SERVICE, "ManagedOOMPreference", "", false},
                {SECTION_SERVICE, "NUMAPolicy", "interleave", true},
                {SECTION_SERVICE, "NUMAPolicy", "", true},
                {SECTION_SERVICE, "NUMAPolicy", "1", false},
                {SECTION_SERVICE, "Slice", "system-foo.slice", true},
                {SECTION_SERVICE, "Slice", "-.slice", true},
                {SECTION_SERVICE, "Slice", "foo@bar.slice", false}, /* slices have no instances */
                {SECTION_SERVICE, "Slice", "a.service", false},
                {SECTION_SERVICE, "Slice", "", false},
                {SECTION_SERVICE, "TTYRows", "0x10", true}, /* safe_atou() takes hex */
                {SECTION_SERVICE, "TTYColumns", "1K", false},
                {SECTION_UNIT, "SuccessActionExitStatus", "255", true},
                {SECTION_UNIT, "FailureActionExitStatus", "256", false},
                {SECTION_SERVICE, "CPUQuotaPeriodSec", "10ms", true},
                {SECTION_SERVICE, "CPUQuotaPeriodSec", "1K", false},
                {SECTION_UNIT, "RequiresMountsFor", "/var/lib /srv", true},
                {SECTION_UNIT, "RequiresMountsFor", "/var/lib rel", false},
                {SECTION_SERVICE, "Sockets", "a.socket b@c.socket", true},
                {SECTION_SERVICE, "Sockets", "a.service", false},
                {SECTION_SERVICE, "LogExtraFields", "FOO=1 \"BAR=a b\"", true},
                {SECTION_SERVICE, "LogExtraFields", "lower=1", false},
                {SECTION_SERVICE, "LogExtraFields", "_PROTECTED=1", false},
                {SECTION_SERVICE, "LogExtraFields", "NOEQUALS", false},
                {SECTION_SERVICE, "DisableControllers", "foo cpu", true}, /* unknown skipped */
                {SECTION_SERVICE, "DisableControllers", "foo", false},
                {SECTION_SERVICE, "AllowedCPUs", "0-1,3 5", true},
                {SECTION_SERVICE, "NUMAMask", "0x10", true}, /* parse_range: safe_atou() */
                {SECTION_SERVICE, "AllowedMemoryNodes", "0999", false}, /* octal, bad digit */
                {SECTION_SERVICE, "StartupAllowedCPUs", "yes", false},
                {SECTION_SERVICE, "IOReadBandwidthMax", "/dev/sda 10M", true},
                {SECTION_SERVICE, "IOWriteIOPSMax", "/dev/sda infinity", true},
                {SECTION_SERVICE, "IOReadBandwidthMax", "/dev/sda", false},
                {SECTION_SERVICE, "IOReadBandwidthMax", "/dev/sda 0", false},
                {SECTION_SERVICE, "IODeviceWeight", "/dev/sda 10000", true},
                {SECTION_SERVICE, "IODeviceWeight", "/dev/sda 0", false},
                {SECTION_SERVICE, "BlockIODeviceWeight", "/dev/sda 5", false},
                {SECTION_SERVICE, "IODeviceLatencyTargetSec", "/dev/sda 25ms", true},
                {SECTION_SERVICE, "IODeviceLatencyTargetSec", "/dev/sda soon", false},
                {SECTION_SERVICE, "ManagedOOMMemoryPressureLimit", "50%", true},
                {SECTION_SERVICE, "ManagedOOMMemoryPressureLimit", "200%", false},
                {SECTION_SERVICE, "StandardInputData", "Zm9v YmFy", true},
                {SECTION_SERVICE, "StandardInputData", "Zm8=", true},
                {SECTION_SERVICE, "StandardInputData", "Zm8", false}, /* padding is mandatory */
                {SECTION_SERVICE, "StandardInputData", "yes", false},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_unit_free_ Unit *u = unit_new("t.service");
                DiagList dl = {};

                ASSERT_OK(set(u, cases[i].section, cases[i].name, cases[i].value, &dl));
                ASSERT_EQ(count_rule(&dl, "invalid-value"), cases[i].valid ? 0u : 1u);
                if (!cases[i].valid)
                        ASSERT_EQ(dl.items[0].severity, DIAG_WARNING); /* systemd ignores it */
                diag_list_done(&dl);
        }
}

/* Path conditions (config_parse_unit_condition_path): "|" then "!", then an absolute,
 * normalized path; anything else is ignored with a warning. String conditions take any word. */
TEST(path_conditions)
{
        static const struct {
                const char *name, *value;
                bool valid;
        } cases[] = {
                {"ConditionPathExists", "|!/etc/x", true},
                {"ConditionPathExists", "/x/./y//", true},
                {"AssertFileIsExecutable", "!/usr/bin/x", true},
                {"ConditionNeedsUpdate", "/var", true},
                {"ConditionPathExists", "!|/x", false},
                {"ConditionPathExists", "| /x", false},
                {"ConditionPathExists", "!!/x", false},
                {"ConditionPathExists", "|!/a/../b", false},
                {"AssertDirectoryNotEmpty", "relative", false},
                {"ConditionHost", "relative", true},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_unit_free_ Unit *u = unit_new("t.service");
                DiagList dl = {};

                ASSERT_OK(set(u, SECTION_UNIT, cases[i].name, cases[i].value, &dl));
                ASSERT_EQ(count_rule(&dl, "invalid-value"), cases[i].valid ? 0u : 1u);
                diag_list_done(&dl);
        }
}
