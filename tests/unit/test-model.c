/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Model defaults (systemd 252, system service), string tables and freeing. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

TEST(defaults)
{
        _cleanup_unit_free_ Unit *u = unit_new("foo.service");
        ASSERT_NOT_NULL(u);
        ASSERT_STREQ(u->id, "foo.service");

        ASSERT_TRUE(u->unit.default_dependencies.value);
        ASSERT_FALSE(u->unit.default_dependencies.set);
        ASSERT_EQ(u->unit.start_limit_interval_usec, 10 * USEC_PER_SEC);
        ASSERT_EQ(u->unit.start_limit_burst, 5);

        ASSERT_EQ(u->service.type, SERVICE_SIMPLE);
        ASSERT_FALSE(u->service.type_set);
        ASSERT_EQ(u->service.restart, SERVICE_RESTART_NO);
        ASSERT_EQ(u->service.notify_access, NOTIFY_NONE);
        ASSERT_EQ(u->service.timeout_start_usec, 90 * USEC_PER_SEC);
        ASSERT_EQ(u->service.timeout_stop_usec, 90 * USEC_PER_SEC);
        ASSERT_EQ(u->service.restart_usec, 100 * USEC_PER_MSEC);
        ASSERT_EQ(u->service.runtime_max_usec, USEC_INFINITY);
        ASSERT_TRUE(u->service.guess_main_pid.value);
        ASSERT_EQ(u->service.oom_policy, OOM_STOP);

        ASSERT_EQ(u->exec.umask, 0022);
        ASSERT_EQ(u->exec.capability_bounding_set, CAP_MASK_ALL);
        ASSERT_EQ(u->exec.ambient_capabilities, 0);
        ASSERT_EQ(u->exec.keyring_mode, KEYRING_PRIVATE);
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_NO);
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_NO);
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_NO);
        ASSERT_EQ(u->exec.protect_proc, PROTECT_PROC_DEFAULT);
        ASSERT_EQ(u->exec.restrict_namespaces, NAMESPACE_FLAGS_ALL);
        ASSERT_FALSE(u->exec.restrict_namespaces_set);
        ASSERT_TRUE(u->exec.ignore_sigpipe.value);
        ASSERT_EQ(u->exec.std_input, EXEC_INPUT_NULL);
        ASSERT_EQ(u->exec.std_output, EXEC_OUTPUT_JOURNAL);
        ASSERT_EQ(u->exec.std_error, EXEC_OUTPUT_INHERIT);
        ASSERT_EQ(u->exec.io_sched_class.value, IO_CLASS_BEST_EFFORT);
        ASSERT_EQ(u->exec.io_sched_priority.value, 4);
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                ASSERT_EQ(u->exec.directories[t].mode, 0755);
        for (int i = 0; i < RLIMIT_COUNT; i++)
                ASSERT_FALSE(u->exec.rlimits[i].set);

        ASSERT_EQ(u->kill.kill_mode, KILL_CONTROL_GROUP);
        ASSERT_EQ(u->kill.kill_signal.value, SIGTERM);
        ASSERT_EQ(u->kill.final_kill_signal.value, SIGKILL);
        ASSERT_EQ(u->kill.watchdog_signal.value, SIGABRT);
        ASSERT_TRUE(u->kill.send_sigkill.value);
        ASSERT_FALSE(u->kill.send_sighup.value);

        ASSERT_EQ(u->cgroup.device_policy, DEVICE_POLICY_AUTO);
        ASSERT_EQ(u->cgroup.memory_max, UINT64_MAX);
        ASSERT_EQ(u->cgroup.memory_low, 0);
        ASSERT_EQ(u->cgroup.tasks_max_permyriad, -1);
        ASSERT_EQ(u->cgroup.cpu_quota_per_sec_usec, USEC_INFINITY);

        /* Nothing is "set" by default: every origin is null. */
        ASSERT_FALSE(origin_is_set(&u->exec.protect_system_origin));
        ASSERT_FALSE(origin_is_set(&u->exec.umask_origin));
        ASSERT_FALSE(origin_is_set(&u->exec.syscall_filter.origin));
        ASSERT_EQ(u->exec.protect_system_origin.implied_by, -1);
}

TEST(string_tables)
{
        ASSERT_STREQ(protect_home_to_string(PROTECT_HOME_READ_ONLY), "read-only");
        ASSERT_EQ(protect_home_from_string("tmpfs"), PROTECT_HOME_TMPFS);
        ASSERT_EQ(protect_home_from_string("Tmpfs"), _PROTECT_HOME_INVALID);
        ASSERT_STREQ(exec_output_to_string(EXEC_OUTPUT_JOURNAL_AND_CONSOLE), "journal+console");
        ASSERT_STREQ(exec_output_to_string(EXEC_OUTPUT_KMSG_AND_CONSOLE), "kmsg+console");
        ASSERT_STREQ(exec_output_to_string(EXEC_OUTPUT_FILE_APPEND), "append");
        ASSERT_STREQ(exec_input_to_string(EXEC_INPUT_NAMED_FD), "fd");
        ASSERT_STREQ(service_type_to_string(SERVICE_NOTIFY_RELOAD), "notify-reload");
        ASSERT_STREQ(service_restart_to_string(SERVICE_RESTART_ON_ABNORMAL), "on-abnormal");
        ASSERT_STREQ(kill_mode_to_string(KILL_CONTROL_GROUP), "control-group");
        ASSERT_STREQ(exec_directory_type_to_string(EXEC_DIRECTORY_LOGS), "LogsDirectory");
        ASSERT_STREQ(exec_command_type_to_string(SERVICE_EXEC_START_PRE), "ExecStartPre");
        ASSERT_STREQ(io_sched_class_to_string(IO_CLASS_BEST_EFFORT), "best-effort");
        ASSERT_STREQ(private_users_to_string(PRIVATE_USERS_SELF), "self");
        ASSERT_NULL(mount_propagation_to_string(MOUNT_PROPAGATION_DEFAULT));
        ASSERT_EQ(mount_propagation_from_string("shared"), MOUNT_PROPAGATION_SHARED);
        ASSERT_NULL(protect_system_to_string(_PROTECT_SYSTEM_MAX));
        ASSERT_NULL(protect_system_to_string(_PROTECT_SYSTEM_INVALID));
        ASSERT_EQ(notify_access_from_string(NULL), _NOTIFY_ACCESS_INVALID);

        /* Every value of every table round-trips. */
        for (int i = 0; i < _EXEC_OUTPUT_MAX; i++)
                ASSERT_EQ(exec_output_from_string(exec_output_to_string(i)), i);
        for (int i = 0; i < _SERVICE_TYPE_MAX; i++)
                ASSERT_EQ(service_type_from_string(service_type_to_string(i)), i);
        for (int i = 0; i < _PROTECT_CONTROL_GROUPS_MAX; i++)
                ASSERT_EQ(protect_control_groups_from_string(protect_control_groups_to_string(i)),
                          i);
}

TEST(strv_with_origin)
{
        StrvWithOrigin s = {};
        Origin o = {.file = "f", .line = 3, .implied_by = -1};

        ASSERT_OK(strv_with_origin_add(&s, "a", o));
        o.line = 4;
        ASSERT_OK(strv_with_origin_add(&s, "b", o));
        ASSERT_EQ(strv_length(s.strv), 2);
        ASSERT_EQ(s.origins[0].line, 3);
        ASSERT_EQ(s.origins[1].line, 4);
        strv_with_origin_reset(&s);
        ASSERT_NULL(s.strv);
        ASSERT_NULL(s.origins);

        /* across the capacity steps (4, 8, 16, …) and again after a reset */
        for (int round = 0; round < 2; round++) {
                for (unsigned i = 0; i < 300; i++) {
                        char v[16];
                        snprintf(v, sizeof(v), "v%u", i);
                        o.line = i;
                        ASSERT_OK(strv_with_origin_add(&s, v, o));
                        ASSERT_EQ(strv_length(s.strv), i + 1);
                        ASSERT_NULL(s.strv[i + 1]);
                }
                for (unsigned i = 0; i < 300; i++) {
                        char v[16];
                        snprintf(v, sizeof(v), "v%u", i);
                        ASSERT_STREQ(s.strv[i], v);
                        ASSERT_EQ(s.origins[i].line, i);
                }
                strv_with_origin_reset(&s);
        }
        strv_with_origin_done(&s);
}

TEST(raw_settings)
{
        _cleanup_unit_free_ Unit *u = unit_new("foo.service");
        ASSERT_NULL(unit_get_raw(u, 7));
        RawSetting *r = unit_get_raw_mutable(u, 7);
        ASSERT_NOT_NULL(r);
        ASSERT_EQ(r->directive, 7);
        ASSERT_OK(strv_with_origin_add(&r->values, "x", ORIGIN_NULL));
        ASSERT_TRUE(unit_get_raw(u, 7) == r);
        ASSERT_NOT_NULL(unit_get_raw_mutable(u, 9));
        ASSERT_EQ(u->n_raw, 2);
        ASSERT_STREQ(unit_get_raw(u, 7)->values.strv[0], "x");
}

/* Fills every kind of owned member, then frees: run under valgrind/ASan to see leaks. */
TEST(free_populated)
{
        Unit *u = unit_new("foo.service");
        ASSERT_NOT_NULL(u);
        u->exec.user.value = strdup("nobody");
        u->exec.std_output_path = strdup("/x");
        u->exec.protect_hostname_name = strdup("h");
        u->exec.read_only_paths.items = calloc(1, sizeof(PathEntry));
        u->exec.read_only_paths.items[0].path = strdup("/a");
        u->exec.read_only_paths.n = 1;
        u->exec.bind_mounts.items = calloc(1, sizeof(BindMount));
        u->exec.bind_mounts.items[0].source = strdup("/s");
        u->exec.bind_mounts.items[0].destination = strdup("/d");
        u->exec.bind_mounts.n = 1;
        u->exec.credentials.set = calloc(1, sizeof(SetCredential));
        u->exec.credentials.set[0].id = strdup("c");
        u->exec.credentials.set[0].data = strdup("secret");
        u->exec.credentials.set[0].size = 6;
        u->exec.credentials.n_set = 1;
        u->service.exec[SERVICE_EXEC_START].items = calloc(1, sizeof(ExecCommand));
        u->service.exec[SERVICE_EXEC_START].items[0].path = strdup("/bin/true");
        u->service.exec[SERVICE_EXEC_START].n = 1;
        u->cgroup.device_allow = calloc(1, sizeof(DeviceAllowEntry));
        u->cgroup.device_allow[0].path = strdup("/dev/null");
        u->cgroup.n_device_allow = 1;
        ASSERT_OK(strv_with_origin_add(&u->install.wanted_by, "multi-user.target", ORIGIN_NULL));
        ASSERT_NULL(unit_free(u));
        ASSERT_NULL(unit_free(NULL));
}

/* unit_new() copies one initialised model: each unit equals a freshly initialised one, and
 * changing or freeing a unit leaves the next one untouched. */
TEST(new_units_are_independent)
{
        Unit *ref = calloc(1, sizeof(Unit));
        Unit *a = unit_new("a.service"), *b;
        char *id;

        ASSERT_NOT_NULL(ref);
        ASSERT_NOT_NULL(a);
        unit_model_init(ref);
        id = a->id;
        a->id = NULL;
        ASSERT_TRUE(memcmp(ref, a, sizeof(Unit)) == 0);
        a->id = id;

        a->exec.user.value = strdup("nobody");
        a->exec.umask = 0077;
        a->service.type = SERVICE_ONESHOT;
        ASSERT_OK(strv_with_origin_add(&a->install.wanted_by, "multi-user.target", ORIGIN_NULL));
        b = unit_new("b.service");
        ASSERT_NOT_NULL(b);
        ASSERT_NULL(b->exec.user.value);
        ASSERT_EQ(b->exec.umask, 0022);
        ASSERT_EQ(b->service.type, SERVICE_SIMPLE);
        ASSERT_NULL(b->install.wanted_by.strv);
        ASSERT_STREQ(b->id, "b.service");
        ASSERT_NULL(unit_free(a));
        a = unit_new("c.service");
        ASSERT_NOT_NULL(a);
        ASSERT_EQ(a->exec.umask, 0022);
        ASSERT_NULL(a->install.wanted_by.strv);
        ASSERT_NULL(unit_free(a));
        ASSERT_NULL(unit_free(b));
        free(ref);
}

TEST(user_manager_defaults)
{
        _cleanup_unit_free_ Unit *u = unit_new("foo.service");
        ASSERT_NOT_NULL(u);
        unit_model_init_manager(u, true);
        ASSERT_EQ(u->exec.keyring_mode, KEYRING_INHERIT);
        unit_model_init_manager(u, false);
        ASSERT_EQ(u->exec.keyring_mode, KEYRING_PRIVATE);

        /* Through the loader: --user units inherit the keyring. */
        UnitLoadOptions o = {.user = true};
        Unit *v = NULL;
        DiagList diags = {};
        static const char text[] = "[Service]\nExecStart=/bin/true\n";
        ASSERT_OK(unit_load_buffer("u.service", "/u.service", text, sizeof(text) - 1, &o, &v,
                                   &diags));
        ASSERT_EQ(v->exec.keyring_mode, KEYRING_INHERIT);
        unit_free(v);
        diag_list_done(&diags);
}
