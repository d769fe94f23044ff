/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "part2-print.h"
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

TEST(third_stage)
{
        char *text = test_read_data("../../examples/dness-3-sandboxed.service");
        Unit *u = load(text);
        ASSERT_NOT_NULL(u);
        char *out = part2_plan_to_text(u, false);
        ASSERT_NOT_NULL(out);
        if (getenv("SHOW"))
                fputs(out, stdout);
        ASSERT_NOT_NULL(strstr(out, "identity: DynamicUser \"t\""));
        ASSERT_NOT_NULL(strstr(out, "capabilities: bounding set (none)  # at t.service:12"));
        ASSERT_NOT_NULL(strstr(out, "no_new_privs yes"));
        ASSERT_NOT_NULL(strstr(out, "seccomp: 13 filters"));
        ASSERT_NOT_NULL(
                strstr(out, "SystemCallArchitectures= only x86-64, other entry points killed"));
        ASSERT_NOT_NULL(strstr(out, "EAFNOSUPPORT: socket(a0 < 2) socket(a0 > 10)"));
        ASSERT_NOT_NULL(strstr(out, "argument-checked (never in the kernel's verdict cache):"));
        free(out);
        unit_free(u);
        free(text);
}

TEST(secrets_are_not_printed_and_rootless)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nSetCredential=pw:hunter2\n"
                       "StateDirectory=st\nUser=svc\n");
        ASSERT_NOT_NULL(u);
        char *out = part2_plan_to_text(u, true);
        ASSERT_NOT_NULL(out);
        ASSERT_NULL(strstr(out, "hunter2"));
        ASSERT_NOT_NULL(strstr(out, "pw (SetCredential=, 7 bytes)"));
        ASSERT_NOT_NULL(strstr(out, "identity: the caller (rootless: no uid switch)"));
        /* rootless: where systemd 252's user manager puts it, named (exec-dirs.h) */
        ASSERT_NOT_NULL(strstr(out, "$XDG_CONFIG_HOME/st mode 0755"));
        ASSERT_NULL(strstr(out, "/var/lib/st"));
        ASSERT_NOT_NULL(strstr(out, "seccomp: none"));
        free(out);
        out = part2_plan_to_text(u, false);
        ASSERT_NOT_NULL(out);
        ASSERT_NOT_NULL(strstr(out, "/var/lib/st mode 0755"));
        free(out);
        unit_free(u);
}
