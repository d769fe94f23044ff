/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The pure half of caps.c: what gets applied, decided from unit text. */
#include <string.h>

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
