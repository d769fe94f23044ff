/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "condition.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"

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

TEST(verscmp)
{
        /* the ordering systemd documents for strverscmp_improved() */
        const char *order[] = {"122.1",   "123~rc1-1", "123",     "123-a",   "123-a.1", "123-1",
                               "123-1.1", "123^post1", "123.a-1", "123.1-1", "123a-1",  "124-1"};
        for (size_t i = 0; i < ELEMENTSOF(order); i++)
                for (size_t j = 0; j < ELEMENTSOF(order); j++) {
                        int r = cond_verscmp(order[i], order[j]);
                        ASSERT_EQ(r < 0 ? -1 : r > 0, i < j ? -1 : i > j);
                }
        ASSERT_EQ(cond_verscmp("00123", "123"), 0);
        ASSERT_LT(cond_verscmp("5.9", "5.10"), 0);
        ASSERT_GT(cond_verscmp("6.1.0-13-amd64", "6.1"), 0);
}

TEST(compare_operators)
{
        const char *s = "<=5";
        ASSERT_EQ(cond_compare_op_parse(&s, 0), COND_CMP_LOWER_OR_EQUAL);
        ASSERT_STREQ(s, "5");
        s = "=x";
        ASSERT_EQ(cond_compare_op_parse(&s, COND_CMP_EQUAL_BY_STRING), COND_CMP_STRING_EQUAL);
        s = "=x";
        ASSERT_EQ(cond_compare_op_parse(&s, 0), COND_CMP_EQUAL);
        s = "$=x";
        ASSERT_ERROR(cond_compare_op_parse(&s, 0), EINVAL); /* fnmatch not allowed here */
        s = "!$=x*";
        ASSERT_EQ(cond_compare_op_parse(&s, COND_CMP_ALLOW_FNMATCH), COND_CMP_FNMATCH_UNEQUAL);
        s = "<>1";
        ASSERT_EQ(cond_compare_op_parse(&s, 0), COND_CMP_UNEQUAL);
        s = "x";
        ASSERT_ERROR(cond_compare_op_parse(&s, 0), EINVAL);
}

TEST(kernel_version)
{
        const char *rel = "6.1.0-13-amd64";
        ASSERT_EQ(cond_kernel_version_test(rel, ">=5.4"), 1);
        ASSERT_EQ(cond_kernel_version_test(rel, "<6"), 0);
        ASSERT_EQ(cond_kernel_version_test(rel, ">= 6.1"), 1); /* blank after the first op */
        ASSERT_EQ(cond_kernel_version_test(rel, ">=6.0 <6.2"), 1);
        ASSERT_EQ(cond_kernel_version_test(rel, ">=6.0 <6.1"), 0);
        ASSERT_EQ(cond_kernel_version_test(rel, "6.1.*"), 1); /* no operator: a glob */
        ASSERT_EQ(cond_kernel_version_test(rel, "5.*"), 0);
        ASSERT_EQ(cond_kernel_version_test(rel, "=6.1.0-13-amd64"), 1); /* string equality */
        ASSERT_EQ(cond_kernel_version_test(rel, "=6.1"), 0);
        ASSERT_ERROR(cond_kernel_version_test(rel, ">=6.0 <"), EINVAL);
}

TEST(cmdline_and_environment)
{
        const char *cmd = "BOOT_IMAGE=/vmlinuz root=UUID=1 ro quiet \"x y=1\"";
        ASSERT_EQ(cond_cmdline_has(cmd, "quiet"), 1);
        ASSERT_EQ(cond_cmdline_has(cmd, "root"), 1); /* option with a value */
        ASSERT_EQ(cond_cmdline_has(cmd, "root=UUID=1"), 1);
        ASSERT_EQ(cond_cmdline_has(cmd, "root=UUID=2"), 0);
        ASSERT_EQ(cond_cmdline_has(cmd, "qui"), 0); /* no prefix match */
        ASSERT_EQ(cond_cmdline_has(cmd, "x y"), 1); /* quotes removed */
        char *env[] = {(char *) "PATH=/bin", (char *) "LANG=C", (char *) "EMPTY=", NULL};
        ASSERT_TRUE(cond_environment_has(env, "LANG"));
        ASSERT_TRUE(cond_environment_has(env, "LANG=C"));
        ASSERT_FALSE(cond_environment_has(env, "LANG=de"));
        ASSERT_TRUE(cond_environment_has(env, "EMPTY="));
        ASSERT_FALSE(cond_environment_has(env, "LAN"));
}

TEST(cmdline_bool)
{
        bool b = false;
        const char *k = "systemd.condition-needs-update";
        ASSERT_EQ(cond_cmdline_get_bool("quiet", k, &b), 0);
        ASSERT_EQ(cond_cmdline_get_bool("systemd.condition-needs-update", k, &b), 1);
        ASSERT_TRUE(b);
        ASSERT_EQ(cond_cmdline_get_bool("systemd.condition_needs-update=0", k, &b), 1);
        ASSERT_FALSE(b); /* '-' and '_' alike */
        ASSERT_EQ(cond_cmdline_get_bool("systemd.condition-needs-update=0 "
                                        "systemd.condition-needs-update=yes",
                                        k, &b),
                  1);
        ASSERT_TRUE(b); /* the last value wins */
        ASSERT_EQ(cond_cmdline_get_bool("systemd.condition-needs-update=no "
                                        "systemd.condition-needs-update",
                                        k, &b),
                  1);
        ASSERT_FALSE(b); /* a bare key keeps the earlier value (systemd's cmdline_get_key) */
        ASSERT_ERROR(cond_cmdline_get_bool("systemd.condition-needs-update=maybe", k, &b), EINVAL);
        ASSERT_EQ(cond_cmdline_get_bool("systemd.condition-needs-updated=1", k, &b), 0);
}

TEST(os_release)
{
        char *osr[] = {(char *) "ID=debian", (char *) "VERSION_ID=12",
                       (char *) "NAME=Debian GNU/Linux", NULL};
        ASSERT_EQ(cond_os_release_test(osr, "ID=debian"), 1);
        ASSERT_EQ(cond_os_release_test(osr, "ID!=debian"), 0);
        ASSERT_EQ(cond_os_release_test(osr, "VERSION_ID>=11"), 1);
        ASSERT_EQ(cond_os_release_test(osr, "VERSION_ID>=11 ID=fedora"), 0);
        ASSERT_EQ(cond_os_release_test(osr, "\"NAME$=Debian*\""), 1);
        ASSERT_EQ(cond_os_release_test(osr, "MISSING=x"), 0);
        ASSERT_ERROR(cond_os_release_test(osr, "ID"), EINVAL);
        ASSERT_ERROR(cond_os_release_test(osr, "ID= debian"), EINVAL);
        ASSERT_ERROR(cond_os_release_test(osr, "1ID=x"), EINVAL);
}

TEST(memory_cpus)
{
        ASSERT_EQ(cond_memory_test(2ULL << 30, "1G"), 1); /* default >= */
        ASSERT_EQ(cond_memory_test(2ULL << 30, "<1G"), 0);
        ASSERT_EQ(cond_memory_test(2ULL << 30, "=2G"), 1);
        ASSERT_EQ(cond_memory_test(2ULL << 30, "!=2G"), 0);
        ASSERT_TRUE(cond_memory_test(1, "lots") < 0);
        ASSERT_EQ(cond_cpus_test(4, "4"), 1);
        ASSERT_EQ(cond_cpus_test(4, ">4"), 0);
        ASSERT_EQ(cond_cpus_test(4, "<>3"), 1);
        ASSERT_TRUE(cond_cpus_test(4, "$=4") < 0);
}

TEST(psi)
{
        _cleanup_free_ char *slice = NULL;
        unsigned lim, win, avg[3];

        ASSERT_OK(cond_psi_parse("12.5%", &slice, &lim, &win));
        ASSERT_NULL(slice);
        ASSERT_EQ(lim, 1250);
        ASSERT_EQ(win, 300);
        ASSERT_OK(cond_psi_parse("foo.slice:5%/10sec", &slice, &lim, &win));
        ASSERT_STREQ(slice, "foo.slice");
        ASSERT_EQ(lim, 500);
        ASSERT_EQ(win, 10);
        ASSERT_TRUE(cond_psi_parse("5%/2min", NULL, &lim, &win) < 0);
        ASSERT_TRUE(cond_psi_parse("5", NULL, &lim, &win) < 0);
        ASSERT_OK(cond_psi_line_parse("some avg10=1.23 avg60=0.05 avg300=10.00 total=42", avg));
        ASSERT_EQ(avg[0], 123);
        ASSERT_EQ(avg[1], 5);
        ASSERT_EQ(avg[2], 1000);
        ASSERT_TRUE(cond_psi_line_parse("some avg10=1 avg60=0.05 avg300=10.00", avg) < 0);
}

TEST(architecture)
{
        ASSERT_STREQ(cond_architecture_from_uname("x86_64"), "x86-64");
        ASSERT_STREQ(cond_architecture_from_uname("i686"), "x86");
        ASSERT_STREQ(cond_architecture_from_uname("aarch64"), "arm64");
        ASSERT_STREQ(cond_architecture_from_uname("armv7l"), "arm");
        ASSERT_NULL(cond_architecture_from_uname("pdp11"));
        ASSERT_TRUE(cond_architecture_is_known("loongarch64"));
        ASSERT_FALSE(cond_architecture_is_known("x86_64")); /* uname spelling, not systemd's */
}

TEST(lists_from_unit)
{
        _cleanup_unit_free_ Unit *u = load("[Unit]\n"
                                           "ConditionPathExists=/a\n"
                                           "ConditionHost=| ! foo\n"
                                           "AssertPathExists=|!/b//c/\n"
                                           "ConditionKernelVersion=>=5\n"
                                           "[Service]\nExecStart=/bin/true\n");
        CondList c = {0}, a = {0};

        ASSERT_NOT_NULL(u);
        ASSERT_OK(cond_lists_from_unit(u, &c, &a));
        ASSERT_EQ(c.n, 3u);
        /* systemd prepends: the last assignment comes first */
        ASSERT_EQ(c.items[0].type, COND_KERNEL_VERSION);
        ASSERT_EQ(c.items[0].origin.line, 5u);
        ASSERT_EQ(c.items[1].type, COND_HOST);
        ASSERT_TRUE(c.items[1].trigger);
        ASSERT_TRUE(c.items[1].negate);
        ASSERT_STREQ(c.items[1].parameter, "foo"); /* blanks after | and ! skipped */
        ASSERT_EQ(c.items[2].type, COND_PATH_EXISTS);
        ASSERT_EQ(a.n, 1u);
        ASSERT_TRUE(a.asserts);
        ASSERT_TRUE(a.items[0].trigger && a.items[0].negate);
        _cleanup_free_ char *f = cond_item_format(&a.items[0], true);
        ASSERT_STREQ(f, "AssertPathExists=|!/b/c"); /* simplified */
        cond_list_done(&c);
        cond_list_done(&a);
}

TEST(empty_resets_all_conditions)
{
        /* An empty assignment of any Condition*= resets every condition, not the asserts. */
        _cleanup_unit_free_ Unit *u = load("[Unit]\n"
                                           "ConditionPathExists=/a\n"
                                           "ConditionHost=x\n"
                                           "AssertHost=y\n"
                                           "ConditionUser=\n"
                                           "ConditionPathIsDirectory=/d\n"
                                           "[Service]\nExecStart=/bin/true\n");
        CondList c = {0}, a = {0};

        ASSERT_NOT_NULL(u);
        ASSERT_OK(cond_lists_from_unit(u, &c, &a));
        ASSERT_EQ(c.n, 1u);
        ASSERT_EQ(c.items[0].type, COND_PATH_IS_DIRECTORY);
        ASSERT_EQ(a.n, 1u);
        cond_list_done(&c);
        cond_list_done(&a);
}

TEST(list_logic_on_files)
{
        char dir[] = "/tmp/test-condition-XXXXXX";
        ASSERT_NOT_NULL(mkdtemp(dir));
        _cleanup_free_ char *file = strjoin(dir, "/f"), *exe = strjoin(dir, "/x"),
                            *empty = strjoin(dir, "/e"), *sub = strjoin(dir, "/sub"),
                            *hidden = strjoin(dir, "/sub/.hidden"), *text = NULL;
        FILE *fp = fopen(file, "w");
        ASSERT_NOT_NULL(fp);
        fputs("data", fp);
        fclose(fp);
        fp = fopen(exe, "w");
        ASSERT_NOT_NULL(fp);
        fclose(fp);
        ASSERT_OK(chmod(exe, 0755));
        fp = fopen(empty, "w");
        ASSERT_NOT_NULL(fp);
        fclose(fp);
        ASSERT_OK(mkdir(sub, 0755));
        fp = fopen(hidden, "w");
        ASSERT_NOT_NULL(fp);
        fclose(fp);

        text = strjoin("[Unit]\nConditionFileNotEmpty=", file, "\nConditionFileIsExecutable=", exe,
                       "\nConditionFileNotEmpty=!", empty, "\nConditionDirectoryNotEmpty=!", sub,
                       "\nConditionPathIsDirectory=", sub, "\nConditionPathExistsGlob=", dir,
                       "/[fx]\n[Service]\nExecStart=/bin/true\n");
        _cleanup_unit_free_ Unit *u = load(text);
        CondList c = {0}, a = {0};
        CondContext ctx = {0};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(cond_lists_from_unit(u, &c, &a));
        ASSERT_EQ(c.n, 6u);
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 1);
        ASSERT_NULL(cond_list_find_failed(&c));
        ASSERT_EQ(cond_list_test(&a, &ctx, NULL), 1); /* empty list passes */

        /* One failing non-trigger fails the list and is the one named. */
        c.items[3].negate = !c.items[3].negate; /* FileIsExecutable=!x */
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 0);
        const CondItem *failed = cond_list_find_failed(&c);
        ASSERT_TRUE(failed == &c.items[3]);
        ASSERT_EQ(c.items[4].verdict, COND_UNTESTED); /* systemd stops at the first failure */
        ctx.test_all = true;
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 0);
        ASSERT_EQ(c.items[4].verdict, COND_SUCCEEDED);
        c.items[3].negate = !c.items[3].negate;

        /* Triggers: the list needs one that holds. */
        c.items[0].trigger = c.items[1].trigger = true;
        c.items[0].negate = true; /* glob fails now */
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 1);
        c.items[1].negate = true; /* DirectoryNotEmpty=sub fails too */
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 0);
        failed = cond_list_find_failed(&c);
        ASSERT_TRUE(failed == &c.items[0]);
        ASSERT_TRUE(failed->trigger);

        cond_list_done(&c);
        cond_list_done(&a);
        ASSERT_OK(unlink(hidden));
        ASSERT_OK(rmdir(sub));
        ASSERT_OK(unlink(file));
        ASSERT_OK(unlink(exe));
        ASSERT_OK(unlink(empty));
        ASSERT_OK(rmdir(dir));
}

TEST(environment_credential_cmdline_from_context)
{
        _cleanup_unit_free_ Unit *u = load("[Unit]\n"
                                           "ConditionEnvironment=FOO=bar\n"
                                           "ConditionKernelCommandLine=cordon.test\n"
                                           "ConditionCredential=!nope\n"
                                           "[Service]\nExecStart=/bin/true\n");
        CondList c = {0}, a = {0};
        CondContext ctx = {.environment =
                                   STRV_MAKE("FOO=bar", "SYSTEMD_PROC_CMDLINE=a cordon.test=1",
                                             "CREDENTIALS_DIRECTORY=/nonexistent")};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(cond_lists_from_unit(u, &c, &a));
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 1);
        ctx.environment = STRV_MAKE("FOO=baz", "SYSTEMD_PROC_CMDLINE=a cordon.test=1");
        ASSERT_EQ(cond_list_test(&c, &ctx, NULL), 0);
        ASSERT_EQ(cond_list_find_failed(&c)->type, COND_ENVIRONMENT);
        cond_list_done(&c);
        cond_list_done(&a);
}

/* A tester whose "Host" items cordon cannot decide; "PathExists" holds unless negated. */
static int fake_test(CondItem *c, const CondContext *ctx)
{
        if (c->type == COND_HOST) {
                c->verdict = COND_UNSUPPORTED;
                c->why = "fake";
                return -EOPNOTSUPP;
        }
        c->verdict = c->negate ? COND_FAILED : COND_SUCCEEDED;
        return !c->negate;
}

TEST(undecidable_fails_closed)
{
        CondItem items[3] = {
                {.type = COND_PATH_EXISTS, .parameter = (char *) "/"},
                {.type = COND_HOST, .parameter = (char *) "x"},
                {.type = COND_PATH_EXISTS, .parameter = (char *) "/", .trigger = true},
        };
        CondList l = {.items = items, .n = 3};
        CondContext ctx = {0};
        const CondItem *und = NULL;

        ASSERT_ERROR(cond_list_test_with(&l, &ctx, fake_test, &und), EOPNOTSUPP);
        ASSERT_TRUE(und == &items[1]);
        ASSERT_EQ(items[1].verdict, COND_UNSUPPORTED);
        ASSERT_EQ(items[2].verdict, COND_SUCCEEDED); /* testing went on past it */
        /* …unless a definite failure decides anyway */
        items[2].trigger = false;
        items[2].negate = true;
        ASSERT_EQ(cond_list_test_with(&l, &ctx, fake_test, &und), 0);
        ASSERT_TRUE(cond_list_find_failed(&l) == &items[2]);
        /* an undecidable trigger does not matter when another trigger holds */
        items[2].negate = false;
        items[1].trigger = items[2].trigger = true;
        ASSERT_EQ(cond_list_test_with(&l, &ctx, fake_test, &und), 1);
        /* …but decides when no other trigger holds */
        items[2].negate = true;
        ASSERT_ERROR(cond_list_test_with(&l, &ctx, fake_test, &und), EOPNOTSUPP);
}

TEST(slice_to_path)
{
        char *p = NULL;
        ASSERT_OK(cond_slice_to_path("-.slice", &p));
        ASSERT_STREQ(p, "");
        free(p);
        ASSERT_OK(cond_slice_to_path("foo-bar-baz.slice", &p));
        ASSERT_STREQ(p, "foo.slice/foo-bar.slice/foo-bar-baz.slice");
        free(p);
        ASSERT_OK(cond_slice_to_path("cpu.slice", &p));
        ASSERT_STREQ(p, "_cpu.slice"); /* cg_escape(): a controller name */
        free(p);
        ASSERT_ERROR(cond_slice_to_path("foo--bar.slice", &p), EINVAL);
        ASSERT_ERROR(cond_slice_to_path("-foo.slice", &p), EINVAL);
        ASSERT_ERROR(cond_slice_to_path("foo-.slice", &p), EINVAL);
        ASSERT_ERROR(cond_slice_to_path("foo.service", &p), EINVAL);
}

/* The oracle, where systemd is installed: systemd-detect-virt --vm and --container. */
static int run_detect_virt(const char *arg, char *buf, size_t size)
{
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "systemd-detect-virt %s 2>/dev/null", arg);
        FILE *f = popen(cmd, "r");
        if (!f)
                return -errno;
        if (!fgets(buf, (int) size, f))
                buf[0] = 0;
        buf[strcspn(buf, "\n")] = 0;
        int st = pclose(f);
        return st == -1 || !WIFEXITED(st) || WEXITSTATUS(st) == 127 ? -ENOENT : 0;
}

TEST(virtualization_as_systemd_detect_virt)
{
        char want[64];
        const char *id, *why;
        int kind;

        if (run_detect_virt("--vm", want, sizeof(want)) < 0 || !want[0])
                TEST_SKIP("systemd-detect-virt is not installed");
        int r = cond_detect_vm(&id, &why);
        if (r == -EOPNOTSUPP)
                TEST_SKIP("cordon cannot decide the VM here");
        ASSERT_OK(r);
        ASSERT_STREQ(id, want);
        ASSERT_OK(run_detect_virt("--container", want, sizeof(want)));
        ASSERT_OK(cond_detect_virtualization(&id, &kind, &why));
        if (!streq(want, "none")) {
                ASSERT_STREQ(id, want);
                ASSERT_EQ(kind, 2);
        } else
                ASSERT_NE(kind, 2);
}
