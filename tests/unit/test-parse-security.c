/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Merge-rule matrices for the security parsers, checked against systemd 252's behaviour. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "names.h"
#include "parsers.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static unsigned line_no;

/* Calls the parser directly, as the directive table would, with a synthetic assignment. */
static int parse(Unit *u, DirectiveParser fn, const char *name, const char *value, DiagList *diags)
{
        Directive d = {.name = name, .section = SECTION_SERVICE};
        Assignment a = {.section = (char *) "Service",
                        .key = (char *) name,
                        .value = (char *) value,
                        .file = "t.service",
                        .line = ++line_no,
                        .column = (unsigned) strlen(name) + 2};
        return fn(u, &d, &a, value, diags);
}

#define P(u, fn, name, value, diags) ASSERT_OK(parse(u, fn, name, value, diags))

static bool has(const SyscallFilter *f, const char *name)
{
        int idx = syscall_from_name(name);
        return idx >= 0 && syscall_set_test(f->bits, idx);
}

static bool group_all(const SyscallFilter *f, const char *group, bool want)
{
        uint64_t bits[SYSCALL_TABLE_MAX / 64] = {0};

        if (syscall_set_add(bits, group) < 0)
                return false;
        for (int i = 0; i < syscall_table_size(); i++)
                if (syscall_set_test(bits, i) && syscall_set_test(f->bits, i) != want)
                        return false;
        return true;
}

TEST(syscall_filter_allow_list_adds_default)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        SyscallFilter *f = &u->exec.syscall_filter;

        P(u, config_parse_syscall_filter, "SystemCallFilter", "@basic-io", &dl);
        ASSERT_TRUE(f->configured);
        ASSERT_TRUE(f->allow_list);
        ASSERT_TRUE(has(f, "read"));
        ASSERT_TRUE(group_all(f, "@default", true)); /* implicit */
        ASSERT_FALSE(has(f, "socket"));
        /* Later allow lines add. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "socket", &dl);
        ASSERT_TRUE(has(f, "socket"));
        /* Later "~" lines remove, even @default members. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~read execve", &dl);
        ASSERT_FALSE(has(f, "read"));
        ASSERT_FALSE(has(f, "execve"));
        ASSERT_TRUE(f->allow_list);
        /* "~name:errno" in allow mode keeps the call but marks the errno. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~write:EPERM", &dl);
        ASSERT_TRUE(has(f, "write"));
        ASSERT_EQ(f->errno_of[syscall_from_name("write")], EPERM);
        ASSERT_EQ(f->errno_of[syscall_from_name("socket")], SYSCALL_ERRNO_DEFAULT);
        ASSERT_EQ(dl.n, 0u);
        /* An errno on an allow line is refused with a diagnostic. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "bind:EPERM", &dl);
        ASSERT_FALSE(has(f, "bind"));
        ASSERT_TRUE(diag_list_has_rule(&dl, "invalid-value"));
        ASSERT_EQ(f->origin.line, line_no);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(syscall_filter_deny_then_allow)
{
        /* tests/data/units/tricky/syscallfilter-deny-then-allow.service */
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        SyscallFilter *f = &u->exec.syscall_filter;

        P(u, config_parse_syscall_filter, "SystemCallFilter", "~@privileged @resources", &dl);
        ASSERT_FALSE(f->allow_list);
        ASSERT_TRUE(group_all(f, "@privileged", true));
        ASSERT_TRUE(group_all(f, "@resources", true));
        ASSERT_FALSE(has(f, "read"));
        P(u, config_parse_syscall_filter, "SystemCallFilter", "@system-service", &dl);
        ASSERT_FALSE(f->allow_list); /* still a deny list */
        ASSERT_TRUE(group_all(f, "@system-service", false));
        /* systemd's reference: chown and ioprio_set end up allowed, swapon and reboot denied */
        ASSERT_FALSE(has(f, "chown"));
        ASSERT_FALSE(has(f, "ioprio_set"));
        ASSERT_TRUE(has(f, "swapon"));
        ASSERT_TRUE(has(f, "reboot"));
        ASSERT_TRUE(has(f, "init_module"));
        ASSERT_EQ(dl.n, 0u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(syscall_filter_errno_and_reset)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        SyscallFilter *f = &u->exec.syscall_filter;

        P(u, config_parse_syscall_filter, "SystemCallFilter", "~@mount:EPERM reboot:kill ptrace:13",
          &dl);
        ASSERT_FALSE(f->allow_list);
        ASSERT_EQ(f->errno_of[syscall_from_name("mount")], EPERM);
        ASSERT_EQ(f->errno_of[syscall_from_name("reboot")], SYSCALL_ERRNO_KILL);
        ASSERT_EQ(f->errno_of[syscall_from_name("ptrace")], EACCES);
        ASSERT_EQ(dl.n, 0u);
        /* Bad errno: the word is ignored, the others apply. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~kexec_load:EBOGUS swapon", &dl);
        ASSERT_FALSE(has(f, "kexec_load"));
        ASSERT_TRUE(has(f, "swapon"));
        ASSERT_EQ(dl.n, 1u);
        ASSERT_TRUE(strstr(dl.items[0].message, "kexec_load:EBOGUS") != NULL);
        /* Unknown names: diagnosed as unknown-syscall, the rest continues. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~nosuchcall @nosuchgroup acct", &dl);
        ASSERT_TRUE(has(f, "acct"));
        ASSERT_EQ(dl.n, 3u);
        ASSERT_STREQ(dl.items[1].rule, "unknown-syscall");
        ASSERT_TRUE(strstr(dl.items[1].message, "nosuchcall") != NULL);
        ASSERT_TRUE(strstr(dl.items[2].message, "@nosuchgroup") != NULL);
        /* Reset, then the first line decides again: now an allow list. */
        P(u, config_parse_syscall_filter, "SystemCallFilter", "", &dl);
        ASSERT_FALSE(f->configured);
        ASSERT_FALSE(has(f, "acct"));
        P(u, config_parse_syscall_filter, "SystemCallFilter", "@clock", &dl);
        ASSERT_TRUE(f->allow_list);
        ASSERT_TRUE(has(f, "settimeofday"));
        ASSERT_TRUE(has(f, "execve"));
        diag_list_done(&dl);
        unit_free(u);
}

TEST(syscall_filter_versions)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        /* @known exists since v247: "what would systemd 245 do?" */
        u->systemd_version = 245;
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~@known @clock", &dl);
        ASSERT_EQ(dl.n, 1u);
        ASSERT_STREQ(dl.items[0].rule, "unknown-syscall");
        ASSERT_TRUE(has(&u->exec.syscall_filter, "adjtimex"));
        ASSERT_FALSE(has(&u->exec.syscall_filter, "read"));
        u->systemd_version = 252;
        P(u, config_parse_syscall_filter, "SystemCallFilter", "~@known", &dl);
        ASSERT_TRUE(has(&u->exec.syscall_filter, "read"));
        ASSERT_EQ(dl.n, 1u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(syscall_log)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        SyscallFilter *f = &u->exec.syscall_log;

        /* No implicit @default and no errno syntax for SystemCallLog=. */
        P(u, config_parse_syscall_filter, "SystemCallLog", "@clock", &dl);
        ASSERT_TRUE(f->allow_list);
        ASSERT_FALSE(has(f, "execve"));
        ASSERT_TRUE(has(f, "adjtimex"));
        P(u, config_parse_syscall_filter, "SystemCallLog", "read:EPERM", &dl);
        ASSERT_FALSE(has(f, "read"));
        ASSERT_TRUE(diag_list_has_rule(&dl, "unknown-syscall"));
        ASSERT_FALSE(u->exec.syscall_filter.configured);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(syscall_errno_and_archs)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "EPERM", &dl);
        ASSERT_EQ(u->exec.syscall_error_number, EPERM);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "kill", &dl);
        ASSERT_EQ(u->exec.syscall_error_number, SYSCALL_ERRNO_KILL);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "38", &dl);
        ASSERT_EQ(u->exec.syscall_error_number, ENOSYS);
        ASSERT_EQ(dl.n, 0u);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "0", &dl);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "EWHAT", &dl);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "5000", &dl);
        ASSERT_EQ(u->exec.syscall_error_number, ENOSYS);
        ASSERT_EQ(dl.n, 3u);
        P(u, config_parse_syscall_errno, "SystemCallErrorNumber", "", &dl);
        ASSERT_EQ(u->exec.syscall_error_number, 0);

        P(u, config_parse_syscall_archs, "SystemCallArchitectures", "native x86", &dl);
        P(u, config_parse_syscall_archs, "SystemCallArchitectures", "x86 amd64", &dl);
        ASSERT_EQ(strv_length(u->exec.syscall_architectures.strv), 2u);
        ASSERT_STREQ(u->exec.syscall_architectures.strv[0], "native");
        ASSERT_EQ(dl.n, 4u);
        ASSERT_TRUE(strstr(dl.items[3].message, "amd64") != NULL);
        P(u, config_parse_syscall_archs, "SystemCallArchitectures", "", &dl);
        ASSERT_EQ(strv_length(u->exec.syscall_architectures.strv), 0u);
        diag_list_done(&dl);
        unit_free(u);
}

#define CAP(n) (UINT64_C(1) << (n))

TEST(capability_bounding_set_tricky)
{
        /* tests/data/units/tricky/capbset-tilde-then-allow.service and its reference: SYS_ADMIN
         * back, NET_ADMIN, SYS_PTRACE, SYS_MODULE gone. */
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        uint64_t *s = &u->exec.capability_bounding_set;

        ASSERT_EQ(*s, CAP_MASK_ALL);
        P(u, config_parse_capability_set, "CapabilityBoundingSet",
          "~CAP_SYS_ADMIN CAP_NET_ADMIN CAP_SYS_PTRACE", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL & ~(CAP(21) | CAP(12) | CAP(19)));
        P(u, config_parse_capability_set, "CapabilityBoundingSet",
          "CAP_NET_BIND_SERVICE CAP_SYS_ADMIN", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL & ~(CAP(12) | CAP(19)));
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "~CAP_SYS_MODULE", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL & ~(CAP(12) | CAP(19) | CAP(16)));
        ASSERT_EQ(dl.n, 0u);
        ASSERT_EQ(u->exec.capability_bounding_set_origin.line, line_no);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(capability_set_rules)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        uint64_t *s = &u->exec.capability_bounding_set, *amb = &u->exec.ambient_capabilities;

        /* First allow line on the initial (full) set replaces it; later ones OR. */
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "CAP_CHOWN", &dl);
        ASSERT_EQ(*s, CAP(0));
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "cap_kill 7", &dl);
        ASSERT_EQ(*s, CAP(0) | CAP(5) | CAP(7));
        /* Empty: the empty set. "~" alone: the full set. */
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "", &dl);
        ASSERT_EQ(*s, 0u);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "~", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL);
        /* Unknown names are skipped with a diagnostic, the rest applies. */
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "CAP_BOGUS CAP_KILL", &dl);
        ASSERT_EQ(*s, CAP(5));
        ASSERT_EQ(dl.n, 1u);
        ASSERT_TRUE(strstr(dl.items[0].message, "CAP_BOGUS") != NULL);

        /* Ambient starts empty: the first line replaces, later ones merge. */
        ASSERT_EQ(*amb, 0u);
        P(u, config_parse_capability_set, "AmbientCapabilities", "CAP_NET_RAW", &dl);
        P(u, config_parse_capability_set, "AmbientCapabilities", "CAP_NET_BIND_SERVICE", &dl);
        ASSERT_EQ(*amb, CAP(13) | CAP(10));
        P(u, config_parse_capability_set, "AmbientCapabilities", "~CAP_NET_RAW", &dl);
        ASSERT_EQ(*amb, CAP(10));
        P(u, config_parse_capability_set, "AmbientCapabilities", "", &dl);
        ASSERT_EQ(*amb, 0u);
        /* "~X" on an empty ambient set: everything but X. */
        P(u, config_parse_capability_set, "AmbientCapabilities", "~CAP_SYS_ADMIN", &dl);
        ASSERT_EQ(*amb, CAP_MASK_ALL & ~CAP(21));
        ASSERT_EQ(*s, CAP(5)); /* untouched */
        /* "~X" then "X" again gives every bit back: systemd's value equals the initial one for
         * the bounding set, so the next line replaces; for the ambient set the high bits stay
         * set, so "~<everything>" leaves a non-initial value and the next line merges. */
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "~", &dl);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "~CAP_KILL", &dl);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "CAP_KILL", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "CAP_CHOWN", &dl);
        ASSERT_EQ(*s, CAP(0));
        /* An explicit list of every known capability is not the initial value. */
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "", &dl);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "~CAP_KILL", &dl);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "", &dl);
        *s = 0;
        for (int i = 0; i <= CAP_LAST_KNOWN; i++) {
                char num[8];
                snprintf(num, sizeof num, "%d", i);
                P(u, config_parse_capability_set, "CapabilityBoundingSet", num, &dl);
        }
        ASSERT_EQ(*s, CAP_MASK_ALL);
        P(u, config_parse_capability_set, "CapabilityBoundingSet", "CAP_CHOWN", &dl);
        ASSERT_EQ(*s, CAP_MASK_ALL);
        P(u, config_parse_capability_set, "AmbientCapabilities", "", &dl);
        P(u, config_parse_capability_set, "AmbientCapabilities", "~CAP_KILL", &dl);
        for (int i = 0; i <= CAP_LAST_KNOWN; i++) {
                char num[8];
                snprintf(num, sizeof num, "~%d", i);
                P(u, config_parse_capability_set, "AmbientCapabilities", num, &dl);
        }
        ASSERT_EQ(*amb, 0u); /* but systemd's high bits are still set: not initial */
        P(u, config_parse_capability_set, "AmbientCapabilities", "~CAP_CHOWN", &dl);
        ASSERT_EQ(*amb, 0u); /* merged, not replaced */
        diag_list_done(&dl);
        unit_free(u);
}

#define AFB(n) (UINT64_C(1) << (n))

TEST(address_families_rules)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        AddressFamilies *af = &u->exec.restrict_address_families;

        P(u, config_parse_address_families, "RestrictAddressFamilies", "AF_INET AF_INET6", &dl);
        ASSERT_TRUE(af->allow_list);
        ASSERT_EQ(af->families, AFB(AF_INET) | AFB(AF_INET6));
        P(u, config_parse_address_families, "RestrictAddressFamilies", "AF_UNIX", &dl);
        ASSERT_EQ(af->families, AFB(AF_INET) | AFB(AF_INET6) | AFB(AF_UNIX));
        P(u, config_parse_address_families, "RestrictAddressFamilies", "~AF_INET6", &dl);
        ASSERT_TRUE(af->allow_list);
        ASSERT_EQ(af->families, AFB(AF_INET) | AFB(AF_UNIX));
        /* Reset, then a deny list; allow lines remove from it. */
        P(u, config_parse_address_families, "RestrictAddressFamilies", "", &dl);
        ASSERT_FALSE(af->configured);
        ASSERT_FALSE(af->allow_list);
        P(u, config_parse_address_families, "RestrictAddressFamilies", "~AF_PACKET AF_NETLINK",
          &dl);
        ASSERT_FALSE(af->allow_list);
        ASSERT_EQ(af->families, AFB(AF_PACKET) | AFB(AF_NETLINK));
        P(u, config_parse_address_families, "RestrictAddressFamilies", "AF_NETLINK AF_FOO", &dl);
        ASSERT_EQ(af->families, AFB(AF_PACKET));
        ASSERT_EQ(dl.n, 1u);
        ASSERT_STREQ(dl.items[0].rule, "invalid-value");
        ASSERT_TRUE(strstr(dl.items[0].message, "AF_FOO") != NULL);
        /* "none": empty allow list; the next line starts a new list (here a deny list). */
        P(u, config_parse_address_families, "RestrictAddressFamilies", "none", &dl);
        ASSERT_TRUE(af->allow_list);
        ASSERT_EQ(af->families, 0u);
        P(u, config_parse_address_families, "RestrictAddressFamilies", "~AF_INET", &dl);
        ASSERT_FALSE(af->allow_list);
        ASSERT_EQ(af->families, AFB(AF_INET));
        diag_list_done(&dl);
        unit_free(u);
}

#define NS_NET  0x40000000UL
#define NS_USER 0x10000000UL
#define NS_MNT  0x00020000UL

TEST(restrict_namespaces_rules)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        unsigned long *ns = &u->exec.restrict_namespaces;

        ASSERT_FALSE(u->exec.restrict_namespaces_set);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "yes", &dl);
        ASSERT_EQ(*ns, 0UL);
        ASSERT_TRUE(u->exec.restrict_namespaces_set);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "net", &dl);
        ASSERT_EQ(*ns, NS_NET); /* merge: OR */
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "no", &dl);
        ASSERT_EQ(*ns, NAMESPACE_FLAGS_ALL);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "~user net", &dl);
        ASSERT_EQ(*ns, NAMESPACE_FLAGS_ALL & ~(NS_USER | NS_NET));
        /* Reset: back to the initial state; the first list line sets. */
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "", &dl);
        ASSERT_FALSE(u->exec.restrict_namespaces_set);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "~user", &dl);
        ASSERT_EQ(*ns, NAMESPACE_FLAGS_ALL & ~NS_USER);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "", &dl);
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "mnt net", &dl);
        ASSERT_EQ(*ns, NS_MNT | NS_NET);
        ASSERT_EQ(dl.n, 0u);
        /* One unknown type invalidates the line. */
        P(u, config_parse_restrict_namespaces, "RestrictNamespaces", "user bogus", &dl);
        ASSERT_EQ(*ns, NS_MNT | NS_NET);
        ASSERT_EQ(dl.n, 1u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(secure_bits_personality_filesystems)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        P(u, config_parse_secure_bits, "SecureBits", "keep-caps noroot-locked", &dl);
        ASSERT_EQ(u->exec.secure_bits, (1 << 4) | (1 << 1));
        /* Each assignment replaces (systemd 252's DEFINE_CONFIG_PARSE). */
        P(u, config_parse_secure_bits, "SecureBits", "no-setuid-fixup", &dl);
        ASSERT_EQ(u->exec.secure_bits, 1 << 2);
        P(u, config_parse_secure_bits, "SecureBits", "", &dl);
        ASSERT_EQ(u->exec.secure_bits, 0);
        ASSERT_EQ(dl.n, 0u);
        P(u, config_parse_secure_bits, "SecureBits", "bogus keep-caps-locked", &dl);
        ASSERT_EQ(u->exec.secure_bits, 1 << 5);
        ASSERT_EQ(dl.n, 1u);

        P(u, config_parse_personality, "Personality", "x86", &dl);
        ASSERT_STREQ(u->exec.personality.value, "x86");
        P(u, config_parse_personality, "Personality", "arm64", &dl);
        P(u, config_parse_personality, "Personality", "bogus", &dl);
        ASSERT_STREQ(u->exec.personality.value, "x86");
        ASSERT_EQ(dl.n, 3u);
        P(u, config_parse_personality, "Personality", "", &dl);
        ASSERT_NULL(u->exec.personality.value);

        P(u, config_parse_restrict_filesystems, "RestrictFileSystems", "ext4 @basic-api", &dl);
        P(u, config_parse_restrict_filesystems, "RestrictFileSystems", "~tmpfs", &dl);
        P(u, config_parse_restrict_filesystems, "RestrictFileSystems", "ext4 /bad @nogroup", &dl);
        ASSERT_EQ(strv_length(u->exec.restrict_filesystems.strv), 3u);
        ASSERT_STREQ(u->exec.restrict_filesystems.strv[1], "~tmpfs");
        ASSERT_STREQ(u->exec.restrict_filesystems.strv[2], "ext4");
        ASSERT_EQ(dl.n, 5u);
        ASSERT_TRUE(strstr(dl.items[4].message, "@nogroup") != NULL);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(user_group_edge_cases)
{
        /* F12: none of these may become root or "no User= given". systemd refuses these: */
        static const char *const bad[] = {"-1",    "4294967295", "65535", "a:b", "a/b",
                                          " root", "..",         "x\ty",  "-5"};
        /* … and takes these as user names: kept (as systemd-analyze scores them), but errors. */
        static const char *const ambiguous[] = {"0day", "0x10", "1e3", "-x"};
        static const char *const good[] = {
                "root",     "0", "1000", "nobody", "_apt", "Debian-exim", "systemd-network",
                "user.name"};
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
                P(u, config_parse_user_group, "User", good[i], &dl);
                ASSERT_STREQ(u->exec.user.value, good[i]);
        }
        ASSERT_EQ(dl.n, 0u);
        P(u, config_parse_user_group, "User", "", &dl);
        ASSERT_NULL(u->exec.user.value);
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                P(u, config_parse_user_group, "User", bad[i], &dl);
                ASSERT_NULL(u->exec.user.value); /* stays unset */
                ASSERT_EQ(dl.n, i + 1);
                ASSERT_EQ(dl.items[i].severity, DIAG_ERROR);
                ASSERT_STREQ(dl.items[i].rule, "invalid-value");
        }
        ASSERT_TRUE(u->bad_setting); /* systemd refuses the unit */
        u->bad_setting = false;
        for (size_t i = 0; i < sizeof(ambiguous) / sizeof(ambiguous[0]); i++) {
                size_t before = dl.n;
                P(u, config_parse_user_group, "User", ambiguous[i], &dl);
                ASSERT_STREQ(u->exec.user.value, ambiguous[i]);
                ASSERT_EQ(dl.n, before + 1);
                ASSERT_EQ(dl.items[before].severity, DIAG_ERROR);
        }
        ASSERT_FALSE(u->bad_setting); /* systemd accepts these */
        P(u, config_parse_user_group, "User", "", &dl);
        P(u, config_parse_user_group, "Group", "adm", &dl);
        ASSERT_STREQ(u->exec.group.value, "adm");
        ASSERT_NULL(u->exec.user.value);

        P(u, config_parse_supplementary_groups, "SupplementaryGroups", "adm wheel", &dl);
        P(u, config_parse_supplementary_groups, "SupplementaryGroups", "video 65535 0g", &dl);
        ASSERT_EQ(strv_length(u->exec.supplementary_groups.strv), 4u);
        ASSERT_STREQ(u->exec.supplementary_groups.strv[2], "video");
        P(u, config_parse_supplementary_groups, "SupplementaryGroups", "", &dl);
        ASSERT_EQ(strv_length(u->exec.supplementary_groups.strv), 0u);
        diag_list_done(&dl);
        unit_free(u);
}

/* User=%i outside a template: the specifier expands to "", which systemd refuses (unit not
 * loaded), unlike a value that is empty as written (reset). */
TEST(user_expanding_to_empty_is_fatal)
{
        Directive d = {.name = "User", .section = SECTION_SERVICE, .flags = DIRECTIVE_SPECIFIERS};
        Assignment a = {.section = (char *) "Service",
                        .key = (char *) "User",
                        .value = (char *) "%i",
                        .file = "t.service",
                        .line = 1,
                        .column = 6};
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        P(u, config_parse_user_group, "User", "alice", &dl);
        ASSERT_OK(config_parse_user_group(u, &d, &a, "", &dl));
        ASSERT_TRUE(u->bad_setting);
        ASSERT_EQ(dl.n, 1u);
        ASSERT_EQ(dl.items[0].severity, DIAG_ERROR);
        ASSERT_STREQ(u->exec.user.value, "alice"); /* not reset to root */
        u->bad_setting = false;
        a.value = (char *) "";
        ASSERT_OK(config_parse_user_group(u, &d, &a, "", &dl));
        ASSERT_FALSE(u->bad_setting);
        ASSERT_NULL(u->exec.user.value);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(namespace_path_lists)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        PathList *rw = &u->exec.read_write_paths;

        P(u, config_parse_namespace_path_list, "ReadWritePaths", "/var/lib/x -/run/y +/srv -+/z",
          &dl);
        ASSERT_EQ(rw->n, 4u);
        ASSERT_STREQ(rw->items[1].path, "/run/y");
        ASSERT_TRUE(rw->items[1].ignore_missing);
        ASSERT_TRUE(rw->items[2].relative_to_root);
        ASSERT_TRUE(rw->items[3].ignore_missing && rw->items[3].relative_to_root);
        /* The legacy name writes the same list; paths are simplified. */
        P(u, config_parse_namespace_path_list, "ReadWriteDirectories", "//a//b/./", &dl);
        ASSERT_EQ(rw->n, 5u);
        ASSERT_STREQ(rw->items[4].path, "/a/b");
        ASSERT_EQ(dl.n, 0u);
        /* "+-" is not a prefix order systemd accepts; relative and ".." paths are refused. */
        P(u, config_parse_namespace_path_list, "ReadWritePaths", "+-/q rel /a/../b \"/ok dir\"",
          &dl);
        ASSERT_EQ(rw->n, 6u);
        ASSERT_STREQ(rw->items[5].path, "/ok dir");
        ASSERT_EQ(dl.n, 3u);
        ASSERT_TRUE(strstr(dl.items[0].message, "+-/q") != NULL);
        ASSERT_TRUE(strstr(dl.items[1].message, "rel") != NULL);
        ASSERT_TRUE(strstr(dl.items[2].message, "/a/../b") != NULL);
        {
                char longp[300] = "/";
                memset(longp + 1, 'a', 256);
                P(u, config_parse_namespace_path_list, "ReadWritePaths", longp, &dl);
                ASSERT_EQ(dl.n, 4u);
                ASSERT_EQ(rw->n, 6u);
        }
        P(u, config_parse_namespace_path_list, "InaccessiblePaths", "/home", &dl);
        P(u, config_parse_namespace_path_list, "ReadOnlyPaths", "/etc", &dl);
        P(u, config_parse_namespace_path_list, "NoExecPaths", "/tmp", &dl);
        P(u, config_parse_namespace_path_list, "ExecPaths", "/usr", &dl);
        ASSERT_EQ(u->exec.inaccessible_paths.n, 1u);
        ASSERT_EQ(u->exec.read_only_paths.n, 1u);
        ASSERT_EQ(u->exec.no_exec_paths.n, 1u);
        ASSERT_STREQ(u->exec.exec_paths.items[0].path, "/usr");
        P(u, config_parse_namespace_path_list, "ReadWritePaths", "", &dl);
        ASSERT_EQ(rw->n, 0u);
        ASSERT_EQ(u->exec.read_only_paths.n, 1u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(bind_paths)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        BindMountList *b = &u->exec.bind_mounts;

        P(u, config_parse_bind_paths, "BindPaths", "/a -/b:/c /d:/e:norbind /f:/g:rbind", &dl);
        ASSERT_EQ(b->n, 4u);
        ASSERT_STREQ(b->items[0].source, "/a");
        ASSERT_STREQ(b->items[0].destination, "/a");
        ASSERT_TRUE(b->items[0].recursive);
        ASSERT_TRUE(b->items[1].ignore_missing);
        ASSERT_STREQ(b->items[1].destination, "/c");
        ASSERT_FALSE(b->items[2].recursive);
        ASSERT_TRUE(b->items[3].recursive);
        ASSERT_FALSE(b->items[0].read_only);
        ASSERT_EQ(dl.n, 0u);
        /* "\:" is a literal colon. */
        P(u, config_parse_bind_paths, "BindReadOnlyPaths", "/x\\:y:/z", &dl);
        ASSERT_EQ(b->n, 5u);
        ASSERT_STREQ(b->items[4].source, "/x:y");
        ASSERT_STREQ(b->items[4].destination, "/z");
        ASSERT_TRUE(b->items[4].read_only);
        /* Bad entries are skipped, naming the word. Like systemd, a bad source does not consume
         * its ":DST", which is then read as the next source. */
        P(u, config_parse_bind_paths, "BindPaths", "rel:/x /s: /t:/u:bogus /v:w", &dl);
        ASSERT_EQ(b->n, 6u);
        ASSERT_STREQ(b->items[5].source, "/x");
        ASSERT_EQ(dl.n, 4u);
        ASSERT_TRUE(strstr(dl.items[2].message, "bogus") != NULL);
        /* "" on either directive clears the shared list. */
        P(u, config_parse_bind_paths, "BindReadOnlyPaths", "", &dl);
        ASSERT_EQ(b->n, 0u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(temporary_filesystems_and_devices)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        TemporaryFileSystemList *t = &u->exec.temporary_filesystems;
        CGroupSettings *c = &u->cgroup;

        P(u, config_parse_temporary_filesystems, "TemporaryFileSystem",
          "/var:ro,size=10M /run/x /tmp:", &dl);
        ASSERT_EQ(t->n, 3u);
        ASSERT_STREQ(t->items[0].options, "ro,size=10M");
        ASSERT_NULL(t->items[1].options);
        ASSERT_NULL(t->items[2].options);
        P(u, config_parse_temporary_filesystems, "TemporaryFileSystem", "var", &dl);
        ASSERT_EQ(dl.n, 1u);
        P(u, config_parse_temporary_filesystems, "TemporaryFileSystem", "", &dl);
        ASSERT_EQ(t->n, 0u);

        P(u, config_parse_device_allow, "DeviceAllow", "/dev/null rw", &dl);
        P(u, config_parse_device_allow, "DeviceAllow", "char-pts", &dl);
        P(u, config_parse_device_allow, "DeviceAllow", "block-loop mr", &dl);
        ASSERT_EQ(c->n_device_allow, 3u);
        ASSERT_STREQ(c->device_allow[0].access, "rw");
        ASSERT_STREQ(c->device_allow[1].access, "rwm");
        ASSERT_STREQ(c->device_allow[2].access, "rm");
        P(u, config_parse_device_allow, "DeviceAllow", "/etc/passwd r", &dl);
        P(u, config_parse_device_allow, "DeviceAllow", "/dev/sda rwx", &dl);
        P(u, config_parse_device_allow, "DeviceAllow", "char-", &dl);
        ASSERT_EQ(c->n_device_allow, 4u); /* kept, as systemd does, but diagnosed */
        ASSERT_EQ(dl.n, 4u);
        P(u, config_parse_device_allow, "DeviceAllow", "", &dl);
        ASSERT_EQ(c->n_device_allow, 0u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(ip_address_lists)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        IPAddressList *deny = &u->cgroup.ip_address_deny, *allow = &u->cgroup.ip_address_allow;
        uint8_t v4[4];

        P(u, config_parse_ip_address_list, "IPAddressDeny", "any", &dl);
        ASSERT_TRUE(deny->any_v4 && deny->any_v6);
        ASSERT_EQ(deny->n, 2u);
        P(u, config_parse_ip_address_list, "IPAddressAllow",
          "localhost link-local 10.1.2.3/8 192.168.1.7 fd00::1/64 multicast", &dl);
        ASSERT_FALSE(allow->any_v4);
        ASSERT_EQ(allow->n, 9u);
        ASSERT_EQ(allow->items[0].family, AF_INET);
        ASSERT_EQ(allow->items[0].prefixlen, 8u);
        ASSERT_EQ(allow->items[1].family, AF_INET6);
        ASSERT_EQ(allow->items[1].prefixlen, 128u);
        /* Host bits are masked off. */
        inet_pton(AF_INET, "10.0.0.0", v4);
        ASSERT_EQ(memcmp(allow->items[4].address, v4, 4), 0);
        ASSERT_EQ(allow->items[5].prefixlen, 32u);
        ASSERT_EQ(allow->items[6].prefixlen, 64u);
        ASSERT_EQ(dl.n, 0u);
        /* A set: the same masked prefix is kept once. */
        P(u, config_parse_ip_address_list, "IPAddressAllow", "10.9.9.9/8 localhost", &dl);
        ASSERT_EQ(allow->n, 9u);
        P(u, config_parse_ip_address_list, "IPAddressAllow", "10.0.0.0/33 ::1/129 example.com",
          &dl);
        ASSERT_EQ(dl.n, 3u);
        ASSERT_TRUE(strstr(dl.items[2].message, "example.com") != NULL);
        P(u, config_parse_ip_address_list, "IPAddressDeny", "", &dl);
        ASSERT_EQ(deny->n, 0u);
        ASSERT_FALSE(deny->any_v4);
        P(u, config_parse_ip_address_list, "IPAddressDeny", "0.0.0.0/0", &dl);
        ASSERT_TRUE(deny->any_v4);
        ASSERT_FALSE(deny->any_v6);
        diag_list_done(&dl);
        unit_free(u);
}

/* The same rules through the loader (lexer, directive table, drop-ins). */
static Unit *load_data(const char *rel)
{
        char path[4096];
        DiagList dl = {0};
        Unit *u = NULL;

        snprintf(path, sizeof path, "%s/%s", test_data_dir(), rel);
        if (unit_load(path, NULL, &u, &dl) < 0)
                u = NULL;
        diag_list_done(&dl);
        return u;
}

TEST(loaded_tricky_units)
{
        Unit *u = load_data("units/tricky/capbset-tilde-then-allow.service");

        if (!u)
                TEST_SKIP("unit_load() not available");
        ASSERT_EQ(u->exec.capability_bounding_set, CAP_MASK_ALL & ~(CAP(12) | CAP(19) | CAP(16)));
        ASSERT_EQ(u->exec.capability_bounding_set_origin.line, 6u);
        unit_free(u);

        u = load_data("units/tricky/syscallfilter-deny-then-allow.service");
        ASSERT_NOT_NULL(u);
        ASSERT_FALSE(u->exec.syscall_filter.allow_list);
        ASSERT_TRUE(has(&u->exec.syscall_filter, "reboot"));
        ASSERT_FALSE(has(&u->exec.syscall_filter, "chown"));
        unit_free(u);

        /* Continuation lines join the words; "\\   " is not a continuation. */
        u = load_data("units/tricky/line-continuation.service");
        ASSERT_NOT_NULL(u);
        ASSERT_EQ(u->exec.capability_bounding_set, CAP(10) | CAP(0));
        ASSERT_TRUE(u->exec.syscall_filter.allow_list);
        ASSERT_TRUE(has(&u->exec.syscall_filter, "mount"));
        unit_free(u);

        /* A drop-in's "SystemCallFilter=" resets the base unit's list. */
        u = load_data("units/tricky/dropin/base.service");
        ASSERT_NOT_NULL(u);
        ASSERT_FALSE(u->exec.syscall_filter.configured);
        ASSERT_FALSE(has(&u->exec.syscall_filter, "read"));
        unit_free(u);
}

/* Every line systemd-analyze 252 warns about gets a diagnostic from us at the same line; lines it
 * accepts get none, except where cordon is deliberately stricter (marked "strict"). */
static const struct {
        const char *line;
        bool systemd_warns;
} diag_lines[] = {
        {"SystemCallFilter=~nosuch @bogus read:EFOO", true},
        {"SystemCallFilter=~@mount:EPERM reboot", false},
        {"CapabilityBoundingSet=CAP_FOO", false}, /* strict: unknown name */
        {"RestrictAddressFamilies=AF_FOO", true},
        {"RestrictAddressFamilies=AF_UNIX af_inet", false},
        {"RestrictNamespaces=foo", true},
        {"ReadWritePaths=rel", true},
        {"ReadWritePaths=-+/a \"/b c\"", false},
        {"BindPaths=/a:rel", true},
        {"BindPaths=/a:/b:norbind -/c", false},
        {"IPAddressAllow=1.2.3.4/40", true},
        {"Environment=1A=b", true},
        {"Environment=\"A=b c\" D=", false},
        {"User=0day", false}, /* strict: looks numeric */
        {"Group=nogroup", false},
        {"SystemCallArchitectures=amd64", true},
        {"SecureBits=foo", false}, /* strict: unknown bit */
        {"DeviceAllow=/etc/x", true},
        {"DeviceAllow=char-pts rw", false},
        {"TemporaryFileSystem=rel", true},
        {"TemporaryFileSystem=/run:mode=0755", false},
        {"Personality=arm64", true},
        {"SystemCallErrorNumber=EFOO", true},
        {"LoadCredential=a/b", true},
        {"LoadCredential=a:/etc/a", false},
        {"SetCredential=x", true},
        {"EnvironmentFile=rel", true},
        {"PassEnvironment=1A", true},
        {"UnsetEnvironment=1A", true},
        {"ExecStartPre=-rel/x", true},
        {"RestrictFileSystems=@bogus ext4", true},
        {"RestrictFileSystems=~@network tmpfs", false},
        {"ExecStartPost=/bin/x \"a b\" ; /bin/y", false},
};
static const char *const strict_lines[] = {"CAP_FOO", "User=0day", "SecureBits=foo"};

TEST(diagnostics_match_systemd_analyze_live)
{
        char dir[] = "/tmp/cordon-test-security-XXXXXX", path[4096], cmd[8192], buf[4096];
        bool warned[64] = {false}, ours[64] = {false}, analyzed = false;
        DiagList dl = {0};
        Unit *u = NULL;
        FILE *f;
        unsigned first = 3; /* line of diag_lines[0] */

        f = popen("systemd-analyze --version 2>/dev/null", "r");
        if (!f)
                TEST_SKIP("no systemd-analyze");
        if (!fgets(buf, sizeof buf, f) || strncmp(buf, "systemd 252 ", 12) != 0) {
                pclose(f);
                TEST_SKIP("systemd-analyze is not version 252");
        }
        pclose(f);
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/diag.service", dir);
        f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fprintf(f, "[Service]\nExecStart=/bin/true\n");
        for (size_t i = 0; i < ELEMENTSOF(diag_lines); i++)
                fprintf(f, "%s\n", diag_lines[i].line);
        fclose(f);

        snprintf(cmd, sizeof cmd, "systemd-analyze security --offline=true %s 2>&1", path);
        f = popen(cmd, "r");
        ASSERT_NOT_NULL(f);
        while (fgets(buf, sizeof buf, f)) {
                unsigned line;
                size_t n = strlen(path);
                if (strstr(buf, "Overall exposure level"))
                        analyzed = true;
                if (strncmp(buf, path, n) == 0 && sscanf(buf + n, ":%u:", &line) == 1 &&
                    line >= first && line - first < ELEMENTSOF(diag_lines))
                        warned[line - first] = true;
        }
        pclose(f);
        if (!analyzed) {
                unlink(path);
                rmdir(dir);
                TEST_SKIP("systemd-analyze could not analyse the unit here");
        }

        ASSERT_OK(unit_load(path, NULL, &u, &dl));
        DIAG_FOREACH (d, &dl)
                if (d->line >= first && d->line - first < ELEMENTSOF(diag_lines))
                        ours[d->line - first] = true;
        for (size_t i = 0; i < ELEMENTSOF(diag_lines); i++) {
                bool strict = false;
                for (size_t k = 0; k < ELEMENTSOF(strict_lines); k++)
                        strict = strict || strstr(diag_lines[i].line, strict_lines[k]);
                if (warned[i] != diag_lines[i].systemd_warns)
                        fprintf(stdout, "# systemd changed its mind about: %s\n",
                                diag_lines[i].line);
                ASSERT_EQ(warned[i], diag_lines[i].systemd_warns);
                if (ours[i] != (warned[i] || strict))
                        fprintf(stdout, "# mismatch on: %s\n", diag_lines[i].line);
                ASSERT_EQ(ours[i], warned[i] || strict);
        }
        diag_list_done(&dl);
        unit_free(u);
        unlink(path);
        rmdir(dir);
}
