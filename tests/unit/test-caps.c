/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure half of caps.c: what gets applied, decided from unit text. */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "caps.h"
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

#define BIT(c) (UINT64_C(1) << (c))

TEST(defaults_drop_nothing)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\n");
        CapsPlan p;
        ASSERT_NOT_NULL(u);
        caps_plan_from_unit(u, true, &p);
        ASSERT_FALSE(p.drop_bounding);
        ASSERT_EQ(p.bounding, CAP_MASK_ALL);
        ASSERT_EQ(p.ambient, 0);
        ASSERT_FALSE(p.no_new_privs);
        ASSERT_EQ(p.secure_bits, 0);
        unit_free(u);
}

TEST(bounding_and_ambient)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\n"
                       "CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN\n"
                       "AmbientCapabilities=CAP_NET_BIND_SERVICE CAP_SYS_ADMIN\n");
        CapsPlan p;
        ASSERT_NOT_NULL(u);
        caps_plan_from_unit(u, true, &p);
        ASSERT_TRUE(p.drop_bounding);
        ASSERT_EQ(p.bounding, BIT(10) | BIT(0));
        ASSERT_EQ(p.ambient, BIT(10)); /* CAP_SYS_ADMIN is outside the bounding set */
        unit_free(u);
}

TEST(no_new_privs_rules)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nNoNewPrivileges=yes\n");
        CapsPlan p;
        ASSERT_NOT_NULL(u);
        caps_plan_from_unit(u, true, &p);
        ASSERT_TRUE(p.no_new_privs);
        unit_free(u);

        /* a seccomp setting implies NNP only without CAP_SYS_ADMIN (systemd 252) */
        u = load("[Service]\nExecStart=/bin/true\nSystemCallArchitectures=native\n");
        ASSERT_NOT_NULL(u);
        caps_plan_from_unit(u, true, &p);
        ASSERT_FALSE(p.no_new_privs);
        caps_plan_from_unit(u, false, &p);
        ASSERT_TRUE(p.no_new_privs);
        unit_free(u);
}

TEST(secure_bits)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nSecureBits=keep-caps noroot\n");
        CapsPlan p;
        ASSERT_NOT_NULL(u);
        caps_plan_from_unit(u, true, &p);
        ASSERT_EQ(p.secure_bits, (1 << 4) | (1 << 0)); /* SECBIT_KEEP_CAPS | SECBIT_NOROOT */
        unit_free(u);
}

/* The "Cap*:" line of /proc/self/status, or UINT64_MAX. */
static uint64_t status_caps(const char *key)
{
        char line[256];
        uint64_t v = UINT64_MAX;
        FILE *f = fopen("/proc/self/status", "re");
        if (!f)
                return v;
        while (fgets(line, sizeof(line), f))
                if (strncmp(line, key, strlen(key)) == 0 && line[strlen(key)] == ':')
                        v = strtoull(line + strlen(key) + 1, NULL, 16);
        fclose(f);
        return v;
}

/* The end state the probe and the integration tests look at (CapBnd, CapAmb, CapInh), after
 * the real calls in a child: as root, or rootless in a user namespace of its own. */
static int apply_in_child(void)
{
        uint64_t keep = BIT(0) | BIT(10) | BIT(8); /* CHOWN, NET_BIND_SERVICE, SETPCAP */

        if (geteuid() != 0 && unshare(CLONE_NEWUSER) < 0)
                return 77;
        /* (a container may have taken some already: only those kept here must be there) */
        if (status_caps("CapAmb") != 0 || (status_caps("CapBnd") & keep) != keep ||
            (status_caps("CapBnd") & ~keep) == 0)
                return 77;
        if (caps_bounding_drop(keep) < 0)
                return 10;
        if (status_caps("CapBnd") != keep)
                return 11;
        if (caps_bounding_drop(keep) < 0 || status_caps("CapBnd") != keep)
                return 12; /* dropping what is gone already is fine */
        if (caps_ambient_apply(BIT(10) | BIT(21), true) < 0) /* SYS_ADMIN: not bounded */
                return 13;
        if (status_caps("CapAmb") != BIT(10) || status_caps("CapInh") != BIT(10))
                return 14;
        if (caps_ambient_apply(BIT(0), true) < 0) /* exactly this: NET_BIND_SERVICE goes */
                return 15;
        if (status_caps("CapAmb") != BIT(0))
                return 16;
        if (caps_ambient_apply(0, false) < 0 || status_caps("CapAmb") != 0)
                return 17;
        return 0;
}

TEST(apply_end_state)
{
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0)
                _exit(apply_in_child());
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        if (WEXITSTATUS(status) == 77)
                TEST_SKIP("no capabilities to drop here (not root, no user namespace)");
        ASSERT_EQ(WEXITSTATUS(status), 0);
}
