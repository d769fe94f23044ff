/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Implied settings (unit_patch_contexts() & co. of systemd 252) and executor questions. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "exec-semantics.h"
#include "names.h"
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

        /* systemd 252 overrides even an explicit NotifyAccess=none for Type=notify. */
        u = unit_new("t.service");
        u->service.type = SERVICE_NOTIFY;
        u->service.type_set = true;
        u->service.notify_access = NOTIFY_NONE;
        u->service.notify_access_set = true;
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->service.notify_access, NOTIFY_MAIN);
        unit_free(u);

        /* Delegate=yes without OOMPolicy=: continue. */
        u = unit_new("t.service");
        u->cgroup.delegate.value = true;
        ASSERT_OK(unit_apply_implied(u, NULL));
        ASSERT_EQ(u->service.oom_policy, OOM_CONTINUE);
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

TEST(user_manager_working_directory)
{
        UnitLoadOptions o = {.user = true};
        Unit *u = NULL;
        DiagList dl = {0};
        const char *text = "[Service]\nExecStart=/bin/true\n";

        if (unit_load_buffer("w.service", "w.service", text, strlen(text), &o, &u, &dl) < 0 || !u)
                TEST_SKIP("unit_load_buffer() not available");
        ASSERT_STREQ(u->exec.working_directory.value, "~");
        ASSERT_TRUE(u->exec.working_directory_missing_ok);
        unit_free(u);
        u = NULL;
        ASSERT_OK(unit_load_buffer("w.service", "w.service", text, strlen(text), NULL, &u, &dl));
        ASSERT_NULL(u->exec.working_directory.value); /* system manager: unset */
        unit_free(u);
        diag_list_done(&dl);
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

/* ---- the model after implied settings vs systemd-analyze --offline on the corpus ---- */

typedef struct CapRow {
        const char *field;
        uint64_t mask;
} CapRow;

static const CapRow cap_rows[] = {
        {"CapabilityBoundingSet_CAP_AUDIT", CAP(29) | CAP(30) | CAP(37)},
        {"CapabilityBoundingSet_CAP_BLOCK_SUSPEND", CAP(36)},
        {"CapabilityBoundingSet_CAP_BPF", CAP(39)},
        {"CapabilityBoundingSet_CAP_CHOWN_FSETID_SETFCAP", CAP(0) | CAP(4) | CAP(31)},
        {"CapabilityBoundingSet_CAP_DAC_FOWNER_IPC_OWNER", CAP(1) | CAP(2) | CAP(3) | CAP(15)},
        {"CapabilityBoundingSet_CAP_IPC_LOCK", CAP(14)},
        {"CapabilityBoundingSet_CAP_KILL", CAP(5)},
        {"CapabilityBoundingSet_CAP_LEASE", CAP(28)},
        {"CapabilityBoundingSet_CAP_LINUX_IMMUTABLE", CAP(9)},
        {"CapabilityBoundingSet_CAP_MAC", CAP(32) | CAP(33)},
        {"CapabilityBoundingSet_CAP_MKNOD", CAP(27)},
        {"CapabilityBoundingSet_CAP_NET_ADMIN", CAP(12)},
        {"CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)", CAP(10) | CAP(11) | CAP(13)},
        {"CapabilityBoundingSet_CAP_SET_UID_GID_PCAP", CAP(6) | CAP(7) | CAP(8)},
        {"CapabilityBoundingSet_CAP_SYSLOG", CAP(34)},
        {"CapabilityBoundingSet_CAP_SYS_ADMIN", CAP(21)},
        {"CapabilityBoundingSet_CAP_SYS_BOOT", CAP(22)},
        {"CapabilityBoundingSet_CAP_SYS_CHROOT", CAP(18)},
        {"CapabilityBoundingSet_CAP_SYS_MODULE", CAP(16)},
        {"CapabilityBoundingSet_CAP_SYS_NICE_RESOURCE", CAP(23) | CAP(24)},
        {"CapabilityBoundingSet_CAP_SYS_PACCT", CAP(20)},
        {"CapabilityBoundingSet_CAP_SYS_PTRACE", CAP(19)},
        {"CapabilityBoundingSet_CAP_SYS_RAWIO", CAP(17)},
        {"CapabilityBoundingSet_CAP_SYS_TIME", CAP(25)},
        {"CapabilityBoundingSet_CAP_SYS_TTY_CONFIG", CAP(26)},
        {"CapabilityBoundingSet_CAP_WAKE_ALARM", CAP(35)},
};

/* "set" of the row with the given json_field, or -1 if absent. */
static int json_row_set(const char *json, const char *field)
{
        char key[160];
        const char *p, *obj;

        snprintf(key, sizeof key, "\"json_field\":\"%s\"", field);
        p = strstr(json, key);
        if (!p)
                return -1;
        for (obj = p; obj > json && *obj != '{'; obj--)
                ;
        if (strncmp(obj, "{\"set\":true", 11) == 0)
                return 1;
        if (strncmp(obj, "{\"set\":false", 12) == 0)
                return 0;
        return -1;
}

/* As systemd-analyze sees the filter: in an allow list, an entry that carries its own errno or
 * ":kill" action is not "allowed". */
static bool syscall_in(const SyscallFilter *f, int i)
{
        if (!syscall_set_test(f->bits, i))
                return false;
        return !(f->allow_list && f->errno_of[i] != SYSCALL_ERRNO_DEFAULT);
}

/* systemd's syscall_names_in_filter(): is some member of the group on the wrong side? */
static bool syscall_group_offends(const SyscallFilter *f, const char *group)
{
        uint64_t bits[SYSCALL_TABLE_MAX / 64] = {0};

        if (syscall_set_add(bits, group) < 0)
                return true;
        for (int i = 0; i < syscall_table_size(); i++)
                if (syscall_set_test(bits, i) && syscall_native_nr(i) >= 0 &&
                    syscall_in(f, i) == f->allow_list)
                        return true;
        return false;
}

static const struct {
        const char *field, *group;
} syscall_rows[] = {
        {"SystemCallFilter_clock", "@clock"},
        {"SystemCallFilter_cpu_emulation", "@cpu-emulation"},
        {"SystemCallFilter_debug", "@debug"},
        {"SystemCallFilter_module", "@module"},
        {"SystemCallFilter_mount", "@mount"},
        {"SystemCallFilter_obsolete", "@obsolete"},
        {"SystemCallFilter_privileged", "@privileged"},
        {"SystemCallFilter_raw_io", "@raw-io"},
        {"SystemCallFilter_reboot", "@reboot"},
        {"SystemCallFilter_resources", "@resources"},
        {"SystemCallFilter_swap", "@swap"},
};

static const struct {
        const char *field;
        unsigned long flag;
} ns_rows[] = {
        {"RestrictNamespaces_cgroup", 0x02000000UL}, {"RestrictNamespaces_ipc", 0x08000000UL},
        {"RestrictNamespaces_net", 0x40000000UL},    {"RestrictNamespaces_mnt", 0x00020000UL},
        {"RestrictNamespaces_pid", 0x20000000UL},    {"RestrictNamespaces_user", 0x10000000UL},
        {"RestrictNamespaces_uts", 0x04000000UL},
};

static void mismatch(const char *label, const char *field, int s, unsigned *mismatches)
{
        (*mismatches)++;
        fprintf(stdout, "# %s: %s is %s in systemd\n", label, field, s ? "set" : "unset");
}

/* systemd 252's get_security_info() for the address family rows. */
static bool af_row_restricted(const AddressFamilies *af, const char *field)
{
        static const struct {
                const char *field;
                int af; /* 0 = "other" */
        } rows[] = {
                {"RestrictAddressFamilies_AF_INET_INET6", 2},
                {"RestrictAddressFamilies_AF_UNIX", 1},
                {"RestrictAddressFamilies_AF_NETLINK", 16},
                {"RestrictAddressFamilies_AF_PACKET", 17},
                {"RestrictAddressFamilies_OTHER", 0},
        };
        bool r = af->allow_list;

        for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
                if (strcmp(rows[i].field, field) != 0)
                        continue;
                for (int f = 1; f < 64; f++) {
                        int kind = f == 10 ? 2 : (f == 1 || f == 2 || f == 16 || f == 17) ? f : 0;
                        if ((af->families & (UINT64_C(1) << f)) && kind == rows[i].af)
                                r = !af->allow_list;
                }
        }
        return r;
}

static void compare_unit_with_json(const char *label, const Unit *u, const char *json,
                                   unsigned *checked, unsigned *mismatches)
{
        static const char *const af_fields[] = {
                "RestrictAddressFamilies_AF_INET_INET6", "RestrictAddressFamilies_AF_UNIX",
                "RestrictAddressFamilies_AF_NETLINK", "RestrictAddressFamilies_AF_PACKET",
                "RestrictAddressFamilies_OTHER"};
        const SyscallFilter *f = &u->exec.syscall_filter;
        int s;

        for (size_t i = 0; i < sizeof(cap_rows) / sizeof(cap_rows[0]); i++) {
                s = json_row_set(json, cap_rows[i].field);
                if (s < 0)
                        continue;
                (*checked)++;
                if (s != !(u->exec.capability_bounding_set & cap_rows[i].mask))
                        mismatch(label, cap_rows[i].field, s, mismatches);
        }
        for (size_t i = 0; i < sizeof(ns_rows) / sizeof(ns_rows[0]); i++) {
                s = json_row_set(json, ns_rows[i].field);
                if (s < 0)
                        continue;
                (*checked)++;
                if (s != !(u->exec.restrict_namespaces & ns_rows[i].flag))
                        mismatch(label, ns_rows[i].field, s, mismatches);
        }
        for (size_t i = 0; i < sizeof(syscall_rows) / sizeof(syscall_rows[0]); i++) {
                bool mine;
                s = json_row_set(json, syscall_rows[i].field);
                if (s < 0)
                        continue;
                (*checked)++;
                mine = (f->allow_list || f->configured) &&
                       !syscall_group_offends(f, syscall_rows[i].group);
                if (s != mine)
                        mismatch(label, syscall_rows[i].field, s, mismatches);
        }
        for (size_t i = 0; i < sizeof(af_fields) / sizeof(af_fields[0]); i++) {
                s = json_row_set(json, af_fields[i]);
                if (s < 0)
                        continue;
                (*checked)++;
                if (s != af_row_restricted(&u->exec.restrict_address_families, af_fields[i]))
                        mismatch(label, af_fields[i], s, mismatches);
        }
        s = json_row_set(json, "DeviceAllow");
        if (s >= 0) {
                const CGroupSettings *c = &u->cgroup;
                (*checked)++;
                if (s != ((c->device_policy == DEVICE_POLICY_CLOSED ||
                           c->device_policy == DEVICE_POLICY_STRICT) &&
                          c->n_device_allow == 0))
                        mismatch(label, "DeviceAllow", s, mismatches);
        }
        s = json_row_set(json, "IPAddressDeny");
        if (s >= 0) {
                const IPAddressList *deny = &u->cgroup.ip_address_deny;
                (*checked)++;
                if (s != (deny->any_v4 && deny->any_v6 && u->cgroup.ip_address_allow.n == 0))
                        mismatch(label, "IPAddressDeny", s, mismatches);
        }
        s = json_row_set(json, "SystemCallArchitectures");
        if (s >= 0) {
                char *const *archs = u->exec.syscall_architectures.strv;
                (*checked)++;
                if (s != (archs && archs[0] && strcmp(archs[0], "native") == 0 && !archs[1]))
                        mismatch(label, "SystemCallArchitectures", s, mismatches);
        }
        s = json_row_set(json, "UserOrDynamicUser");
        if (s >= 0) {
                const char *user = u->exec.user.value;
                (*checked)++;
                if (s != (user && strcmp(user, "root") != 0 && strcmp(user, "0") != 0 &&
                          strcmp(user, "nobody") != 0 && strcmp(user, "65534") != 0))
                        mismatch(label, "UserOrDynamicUser", s, mismatches);
        }
        s = json_row_set(json, "ProtectSystem");
        if (s >= 0) {
                (*checked)++;
                if (s != (u->exec.protect_system == PROTECT_SYSTEM_STRICT))
                        mismatch(label, "ProtectSystem", s, mismatches);
        }
        s = json_row_set(json, "ProtectHome");
        if (s >= 0) {
                (*checked)++;
                if (s != (u->exec.protect_home == PROTECT_HOME_YES))
                        mismatch(label, "ProtectHome", s, mismatches);
        }
        s = json_row_set(json, "PrivateTmp");
        if (s >= 0) {
                (*checked)++;
                if (s != (u->exec.private_tmp != PRIVATE_TMP_NO))
                        mismatch(label, "PrivateTmp", s, mismatches);
        }
        s = json_row_set(json, "RestrictSUIDSGID");
        if (s >= 0) {
                (*checked)++;
                if (s != u->exec.restrict_suid_sgid.value)
                        mismatch(label, "RestrictSUIDSGID", s, mismatches);
        }
        s = json_row_set(json, "NoNewPrivileges");
        if (s >= 0) {
                (*checked)++;
                if (s != u->exec.no_new_privileges.value)
                        mismatch(label, "NoNewPrivileges", s, mismatches);
        }
}

static void check_reference_unit(const char *rel, unsigned *checked, unsigned *mismatches)
{
        char path[8448], jrel[4096];
        _cleanup_free_ char *json = NULL;
        Unit *u = NULL;
        DiagList dl = {0};
        int r;

        snprintf(jrel, sizeof jrel, "units/_reference/%s.json", rel);
        snprintf(path, sizeof path, "%s/%s", test_data_dir(), jrel);
        if (access(path, R_OK) < 0)
                return; /* no JSON reference for this unit */
        json = test_read_data(jrel);
        if (!json)
                return;
        snprintf(path, sizeof path, "%s/units/%s", test_data_dir(), rel);
        r = unit_load(path, NULL, &u, &dl);
        diag_list_done(&dl);
        if (r < 0 || !u)
                return;
        compare_unit_with_json(rel, u, json, checked, mismatches);
        unit_free(u);
}

static void check_reference_tsv(const char *tsv_rel, unsigned *checked, unsigned *mismatches)
{
        _cleanup_free_ char *tsv = test_read_data(tsv_rel);
        char *save = NULL;

        if (!tsv)
                return;
        for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *cols[16] = {0};
                size_t n = 0;
                for (char *c = line; n < 16; n++) {
                        cols[n] = c;
                        c = strchr(c, '\t');
                        if (!c) {
                                n++;
                                break;
                        }
                        *c++ = '\0';
                }
                /* columns: …, json_valid (6), …, scope (10), …, reference (12) */
                if (n < 13 || strcmp(cols[6], "yes") != 0 || strcmp(cols[10], "system") != 0)
                        continue;
                check_reference_unit(cols[12], checked, mismatches);
        }
}

TEST(model_matches_systemd_on_corpus)
{
        unsigned checked = 0, mismatches = 0;

        check_reference_tsv("units/REFERENCE.tsv", &checked, &mismatches);
        check_reference_tsv("units/REFERENCE-tricky.tsv", &checked, &mismatches);
        if (checked == 0)
                TEST_SKIP("no reference unit could be loaded");
        fprintf(stdout, "# %u rows checked\n", checked);
        ASSERT_EQ(mismatches, 0u);
}

/* Merge-rule traps checked live against this machine's systemd-analyze (skipped without it, or
 * when it is not version 252). */
static const char *const live_units[] = {
        "SystemCallFilter=~@privileged @resources\nSystemCallFilter=@system-service\n",
        "SystemCallFilter=@system-service\nSystemCallFilter=~@resources @mount\n",
        "SystemCallFilter=~@mount:EPERM\nSystemCallFilter=\nSystemCallFilter=@clock @raw-io\n",
        "SystemCallFilter=~@debug\nSystemCallFilter=~@swap @reboot\nSystemCallFilter=ptrace\n",
        "SystemCallFilter=@system-service\nSystemCallFilter=~@privileged:EPERM\n",
        "RestrictAddressFamilies=none\nRestrictAddressFamilies=~AF_INET\n",
        "RestrictAddressFamilies=AF_UNIX\nRestrictAddressFamilies=~AF_UNIX AF_NETLINK\n",
        "RestrictAddressFamilies=~AF_PACKET AF_INET6\nRestrictAddressFamilies=AF_PACKET\n",
        "RestrictAddressFamilies=AF_INET AF_BLUETOOTH\n",
        "RestrictNamespaces=~user net\nRestrictNamespaces=net\n",
        "RestrictNamespaces=yes\nRestrictNamespaces=~pid\nRestrictNamespaces=mnt\n",
        "RestrictNamespaces=no\nRestrictNamespaces=~cgroup\n",
        "RestrictNamespaces=uts\nRestrictNamespaces=\nRestrictNamespaces=~ipc\n",
        "CapabilityBoundingSet=~CAP_SYS_ADMIN\nCapabilityBoundingSet=CAP_SYS_ADMIN CAP_KILL\n",
        "CapabilityBoundingSet=CAP_KILL\nCapabilityBoundingSet=~CAP_KILL\nCapabilityBoundingSet="
        "CAP_"
        "CHOWN\n",
        "CapabilityBoundingSet=\nCapabilityBoundingSet=~CAP_NET_RAW\n",
        "CapabilityBoundingSet=~\nCapabilityBoundingSet=cap_bpf\n",
        "PrivateDevices=yes\nProtectKernelModules=yes\nProtectKernelLogs=yes\nProtectClock=yes\n",
        "CapabilityBoundingSet=CAP_SYS_MODULE CAP_MKNOD CAP_SYSLOG\nPrivateDevices=yes\n",
        "DynamicUser=yes\nNoNewPrivileges=no\n",
        "SystemCallFilter=@system-service\nSystemCallFilter=~@mount:kill @clock:EPERM\n",
        "SystemCallFilter=~@swap:kill\nSystemCallFilter=@swap\n",
        "PrivateDevices=yes\n",
        "DynamicUser=yes\nProtectSystem=full\nProtectHome=tmpfs\nPrivateTmp=no\n",
        "DynamicUser=yes\nProtectHome=yes\n",
        "DynamicUser=no\nProtectSystem=yes\n",
        "User=0day\n",
        "SystemCallArchitectures=x86-64\n",
        "SystemCallArchitectures=native x86-64\nSystemCallArchitectures=native\n",
        "SystemCallArchitectures=x86\nSystemCallArchitectures=\nSystemCallArchitectures=native\n",
        "User=1e3\nGroup=0x10\n",
        "User=nobody\n",
        "DynamicUser=yes\nUser=0\n",
        "PrivateDevices=yes\nProtectClock=yes\n",
        "DevicePolicy=strict\nDeviceAllow=/dev/null rw\nDeviceAllow=\n",
        "DevicePolicy=strict\nDeviceAllow=char-\n",
        "IPAddressDeny=any\n",
        "IPAddressDeny=any\nIPAddressAllow=localhost\n",
        "IPAddressDeny=0.0.0.0/0\n",
        "IPAddressDeny=any\nIPAddressDeny=\nIPAddressDeny=::/0 0.0.0.0/0\n",
        /* systemd compares all 64 bits with the initial value */
        "CapabilityBoundingSet=~CAP_KILL\nCapabilityBoundingSet=CAP_KILL\nCapabilityBoundingSet="
        "CAP_"
        "CHOWN\n",
        "CapabilityBoundingSet=cap_chown cap_dac_override cap_dac_read_search cap_fowner "
        "cap_fsetid cap_kill cap_setgid cap_setuid cap_setpcap cap_linux_immutable "
        "cap_net_bind_service cap_net_broadcast cap_net_admin cap_net_raw cap_ipc_lock "
        "cap_ipc_owner cap_sys_module cap_sys_rawio cap_sys_chroot cap_sys_ptrace cap_sys_pacct "
        "cap_sys_admin cap_sys_boot cap_sys_nice cap_sys_resource cap_sys_time "
        "cap_sys_tty_config cap_mknod cap_lease cap_audit_write cap_audit_control cap_setfcap "
        "cap_mac_override cap_mac_admin cap_syslog cap_wake_alarm cap_block_suspend "
        "cap_audit_read cap_perfmon cap_bpf cap_checkpoint_restore\nCapabilityBoundingSet=CAP_"
        "CHOWN\n",
};

TEST(model_matches_systemd_analyze_live)
{
        char dir[] = "/tmp/cordon-test-implied-XXXXXX", cmd[8192], path[4096];
        unsigned checked = 0, mismatches = 0;
        FILE *f;

        f = popen("systemd-analyze --version 2>/dev/null", "r");
        if (!f)
                TEST_SKIP("no systemd-analyze");
        if (!fgets(cmd, sizeof cmd, f) || strncmp(cmd, "systemd 252 ", 12) != 0) {
                pclose(f);
                TEST_SKIP("systemd-analyze is not version 252");
        }
        pclose(f);
        ASSERT_NOT_NULL(mkdtemp(dir));

        for (size_t i = 0; i < sizeof(live_units) / sizeof(live_units[0]); i++) {
                _cleanup_free_ char *json = NULL;
                DiagList dl = {0};
                Unit *u = NULL;
                size_t n = 0;
                char label[64];

                snprintf(path, sizeof path, "%s/live%zu.service", dir, i);
                snprintf(label, sizeof label, "live%zu", i);
                f = fopen(path, "w");
                ASSERT_NOT_NULL(f);
                fprintf(f, "[Service]\nExecStart=/bin/true\n%s", live_units[i]);
                fclose(f);

                snprintf(cmd, sizeof cmd,
                         "cd %s && systemd-analyze security --offline=true --json=short "
                         "./live%zu.service 2>/dev/null",
                         dir, i);
                f = popen(cmd, "r");
                ASSERT_NOT_NULL(f);
                json = calloc(1, 1 << 20);
                ASSERT_NOT_NULL(json);
                n = fread(json, 1, (1 << 20) - 1, f);
                pclose(f);
                if (n == 0)
                        continue;
                ASSERT_OK(unit_load(path, NULL, &u, &dl));
                compare_unit_with_json(label, u, json, &checked, &mismatches);
                diag_list_done(&dl);
                unit_free(u);
                unlink(path);
        }
        rmdir(dir);
        if (checked == 0)
                TEST_SKIP("systemd-analyze produced no rows");
        fprintf(stdout, "# %u live rows checked\n", checked);
        ASSERT_EQ(mismatches, 0u);
}
