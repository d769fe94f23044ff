/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Implied settings (unit_patch_contexts() & co. of systemd 252) and executor questions. */
#include <string.h>

#include "exec-semantics.h"
#include "settings.h"
#include "tests.h"
#include "unit.h"

#define CAP(n) (UINT64_C(1) << (n))

static Unit *load(const char *id, const char *text)
{
        Unit *u = NULL;
        DiagList dl = {0};
        int r = unit_load_buffer(id, id, text, strlen(text), NULL, &u, &dl);
        diag_list_done(&dl);
        return r < 0 ? NULL : u;
}

static int didx(const char *name)
{
        return directive_index(SECTION_SERVICE, name);
}

TEST(capability_masking)
{
        Unit *u = unit_new("t.service");

        u->exec.private_devices.value = true;
        u->exec.protect_kernel_modules.value = true;
        u->exec.protect_kernel_logs.value = true;
        u->exec.protect_clock.value = true;
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->exec.capability_bounding_set,
                  CAP_MASK_ALL & ~(CAP(27) | CAP(17) | CAP(16) | CAP(34) | CAP(25) | CAP(35)));
        ASSERT_TRUE(u->exec.capability_bounding_set_origin.implied_by >= 0);
        /* PrivateDevices= closes the device policy; ProtectClock= then allows the RTC. */
        ASSERT_EQ(u->cgroup.device_policy, DEVICE_POLICY_CLOSED);
        ASSERT_EQ(u->cgroup.device_policy_origin.implied_by, didx("PrivateDevices"));
        ASSERT_EQ(u->cgroup.n_device_allow, 1u);
        ASSERT_STREQ(u->cgroup.device_allow[0].path, "char-rtc");
        ASSERT_STREQ(u->cgroup.device_allow[0].access, "r");
        ASSERT_EQ(u->cgroup.device_allow[0].origin.implied_by, didx("ProtectClock"));
        /* Idempotent. */
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->cgroup.n_device_allow, 1u);
        unit_free(u);
}

TEST(capability_masking_keeps_explicit_origin)
{
        Unit *u = unit_new("t.service");

        u->exec.capability_bounding_set = CAP(10) | CAP(16);
        u->exec.capability_bounding_set_origin =
                (Origin){.file = "x.service", .line = 7, .implied_by = -1};
        u->exec.protect_kernel_modules.value = true;
        u->exec.protect_clock.value = true; /* nothing to drop: origin untouched by it */
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->exec.capability_bounding_set, CAP(10));
        ASSERT_EQ(u->exec.capability_bounding_set_origin.line, 7u);
        ASSERT_EQ(u->exec.capability_bounding_set_origin.implied_by, didx("ProtectKernelModules"));
        /* No device policy in effect: ProtectClock= adds no DeviceAllow= entry. */
        ASSERT_EQ(u->cgroup.n_device_allow, 0u);
        unit_free(u);
}

TEST(dynamic_user)
{
        Unit *u = unit_new("my-daemon.service");

        u->exec.dynamic_user.value = true;
        u->exec.protect_system = PROTECT_SYSTEM_FULL;
        u->exec.protect_home = PROTECT_HOME_TMPFS;
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_STREQ(u->exec.user.value, "my-daemon");
        ASSERT_STREQ(u->exec.group.value, "my-daemon");
        ASSERT_EQ(u->exec.user.origin.implied_by, didx("DynamicUser"));
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_YES);
        ASSERT_TRUE(u->exec.remove_ipc.value);
        ASSERT_TRUE(u->exec.no_new_privileges.value);
        ASSERT_TRUE(u->exec.restrict_suid_sgid.value);
        ASSERT_EQ(u->exec.no_new_privileges.origin.implied_by, didx("DynamicUser"));
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_STRICT);
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_TMPFS); /* only "no" is raised */
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_STREQ(u->exec.user.value, "my-daemon");
        unit_free(u);

        /* An explicit User= stays; Group= follows it. */
        u = unit_new("x.service");
        u->exec.dynamic_user.value = true;
        u->exec.user.value = strdup("alice");
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_STREQ(u->exec.user.value, "alice");
        ASSERT_STREQ(u->exec.group.value, "alice");
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_READ_ONLY);
        unit_free(u);
}

TEST(dynamic_user_names)
{
        char *s;
        /* SipHash-2-4 reference vector: key 00..0f, message 00..0e. */
        uint8_t k[16], m[15];
        for (int i = 0; i < 16; i++)
                k[i] = (uint8_t) i;
        for (int i = 0; i < 15; i++)
                m[i] = (uint8_t) i;
        ASSERT_TRUE(siphash24(m, 15, k) == UINT64_C(0xa129ca6149be45e5));
        ASSERT_TRUE(siphash24("", 0, k) == UINT64_C(0x726fdb47dd0e0e31));

        s = dynamic_user_name_from_unit("foo");
        ASSERT_STREQ(s, "foo");
        free(s);
        /* Not a valid strict user name: "_du" + 16 hex digits. */
        s = dynamic_user_name_from_unit("1foo");
        ASSERT_NOT_NULL(s);
        ASSERT_EQ(strlen(s), 19u);
        ASSERT_TRUE(strncmp(s, "_du", 3) == 0);
        free(s);
        s = dynamic_user_name_from_unit("a-very-long-unit-name-beyond-31-chars");
        ASSERT_TRUE(strncmp(s, "_du", 3) == 0);
        free(s);
}

TEST(service_type_and_notify)
{
        Unit *u = unit_new("t.service");

        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->service.type, SERVICE_ONESHOT); /* no ExecStart= */
        ASSERT_TRUE(u->service.timeout_start_usec == USEC_INFINITY);
        unit_free(u);

        u = unit_new("t.service");
        u->service.type = SERVICE_NOTIFY;
        u->service.type_set = true;
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->service.notify_access, NOTIFY_MAIN);
        ASSERT_EQ(u->service.notify_access_origin.implied_by, didx("Type"));
        ASSERT_TRUE(u->service.timeout_start_usec != USEC_INFINITY);
        unit_free(u);

        u = unit_new("t.service");
        u->service.watchdog_usec = 1000000;
        u->service.bus_name.value = strdup("org.example.Foo");
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->service.type, SERVICE_DBUS);
        ASSERT_EQ(u->service.notify_access, NOTIFY_MAIN);
        unit_free(u);
}

TEST(mount_apivfs_and_namespace)
{
        Unit *u = unit_new("t.service");

        ASSERT_FALSE(exec_needs_mount_namespace(u));
        u->exec.root_directory.value = strdup("/srv/root");
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_TRUE(u->exec.mount_apivfs.value);
        ASSERT_EQ(u->exec.mount_apivfs.origin.implied_by, didx("RootDirectory"));
        ASSERT_TRUE(exec_needs_mount_namespace(u));
        unit_free(u);

        u = unit_new("t.service");
        u->exec.mount_apivfs.set = true; /* explicit MountAPIVFS=no wins */
        u->exec.root_image.value = strdup("/x.raw");
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_FALSE(u->exec.mount_apivfs.value);
        unit_free(u);

        u = unit_new("t.service");
        u->exec.protect_system = PROTECT_SYSTEM_YES;
        ASSERT_TRUE(exec_needs_mount_namespace(u));
        unit_free(u);
}

TEST(no_new_privs)
{
        Unit *u = unit_new("t.service");

        ASSERT_FALSE(exec_needs_no_new_privs(u));
        u->exec.syscall_filter.allow_list = true;
        ASSERT_TRUE(exec_needs_no_new_privs(u));
        ASSERT_FALSE(exec_needs_no_new_privs_full(u, true));
        /* The model keeps the configured value. */
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_FALSE(u->exec.no_new_privileges.value);
        u->exec.no_new_privileges.value = true;
        ASSERT_TRUE(exec_needs_no_new_privs_full(u, true));
        unit_free(u);
}

TEST(loaded_unit_matches_reference)
{
        /* tests/data/units/tricky/dness-2-dynamicuser.service: systemd-analyze reports RemoveIPC,
         * NoNewPrivileges, ProtectSystem=strict, ProtectHome read-only, PrivateTmp and
         * RestrictSUIDSGID as set, CAP_SYS_TIME and CAP_MKNOD still in the bounding set. */
        char *text = test_read_data("units/tricky/dness-2-dynamicuser.service");
        Unit *u = load("dness-2-dynamicuser.service", text);

        free(text);
        if (!u)
                TEST_SKIP("unit_load_buffer() not available yet");
        ASSERT_TRUE(u->exec.dynamic_user.value);
        ASSERT_TRUE(u->exec.remove_ipc.value);
        ASSERT_TRUE(u->exec.no_new_privileges.value);
        ASSERT_TRUE(u->exec.restrict_suid_sgid.value);
        ASSERT_EQ(u->exec.protect_system, PROTECT_SYSTEM_STRICT);
        ASSERT_EQ(u->exec.protect_home, PROTECT_HOME_READ_ONLY);
        ASSERT_EQ(u->exec.private_tmp, PRIVATE_TMP_YES);
        ASSERT_TRUE(u->exec.capability_bounding_set & CAP(25));
        ASSERT_TRUE(u->exec.capability_bounding_set & CAP(27));
        ASSERT_EQ(u->service.type, SERVICE_ONESHOT);
        ASSERT_STREQ(u->exec.user.value, "dness-2-dynamicuser");
        unit_free(u);
}
