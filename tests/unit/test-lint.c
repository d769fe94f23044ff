/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lint-internal.h"
#include "lint.h"
#include "settings.h"
#include "strbuf.h"
#include "tests.h"
#include "unit.h"

/* Loads text as /t/test.service and lints it for systemd `version` (0 = 252). */
static int lint_text_full(const char *text, unsigned version, const char *root, DiagList *d)
{
        _cleanup_unit_free_ Unit *u = NULL;
        UnitLoadOptions lo = {.systemd_version = version};
        LintOptions o = {.systemd_version = version, .root = root};
        int r;

        r = unit_load_buffer("test.service", "/t/test.service", text, strlen(text), &lo, &u, d);
        if (r < 0)
                return r;
        return lint_unit(u, &o, d);
}

static int lint_text(const char *text, DiagList *d)
{
        /* A root without /etc/passwd, so the host's users never matter. */
        return lint_text_full(text, 0, "/nonexistent-root", d);
}

static size_t count_rule(const DiagList *d, const char *rule)
{
        size_t n = 0;
        DIAG_FOREACH (x, d)
                if (streq(x->rule, rule))
                        n++;
        return n;
}

static const Diag *find_rule(const DiagList *d, const char *rule)
{
        DIAG_FOREACH (x, d)
                if (streq(x->rule, rule))
                        return x;
        return NULL;
}

/* Runs text and checks the number of findings of rule. */
#define EXPECT_RULE(text, rule, n)                                                                 \
        do {                                                                                       \
                _cleanup_(diag_list_done) DiagList _d = {0};                                       \
                ASSERT_OK(lint_text(text, &_d));                                                   \
                ASSERT_EQ(count_rule(&_d, rule), n);                                               \
                /* Every id lint emits is in the rule table ("internal" otherwise). */             \
                ASSERT_EQ(count_rule(&_d, "internal"), 0);                                         \
        } while (0)

#define SVC "[Service]\nExecStart=/usr/bin/true\n"

TEST(rule_table)
{
        size_t n;
        const LintRule *rules = lint_rules(&n);
        size_t own = 0;

        ASSERT_GE(n, 25);
        for (size_t i = 0; i < n; i++) {
                ASSERT_TRUE(rules[i].summary && rules[i].summary[0]);
                ASSERT_TRUE(rules[i].explanation && rules[i].explanation[0]);
                ASSERT_TRUE(lint_rule_lookup(rules[i].id) == &rules[i]);
                for (size_t j = i + 1; j < n; j++)
                        ASSERT_FALSE(streq(rules[i].id, rules[j].id));
                if (rules[i].origin == LINT_RULE_LINT)
                        own++;
        }
        ASSERT_GE(own, 25);
        ASSERT_NULL(lint_rule_lookup("no-such-rule"));
}

TEST(unknown_directive_misspelled)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        _cleanup_free_ char *text = test_read_data("units/tricky/misspelled-directive.service");
        bool kernel = false, system = false;

        ASSERT_OK(lint_text(text, &d));
        DIAG_FOREACH (x, &d) {
                if (!streq(x->rule, "unknown-directive"))
                        continue;
                if (x->line == 5 && x->fix && streq(x->fix, "ProtectKernelTunables"))
                        kernel = true;
                if (x->line == 6 && x->fix && streq(x->fix, "ProtectSystem"))
                        system = true;
        }
        ASSERT_TRUE(kernel);
        ASSERT_TRUE(system);
        /* X- keys are extensions, "ProtectHome = yes" is valid. */
        ASSERT_EQ(count_rule(&d, "unknown-directive"), 2);
}

TEST(wrong_section)
{
        EXPECT_RULE("[Unit]\nProtectSystem=strict\n" SVC, "wrong-section", 1);
        EXPECT_RULE(SVC "ProtectSystem=strict\n", "wrong-section", 0);
}

/* A [Service] directive newer than 252, taken from the table rather than hard-coded. */
static const Directive *newer_directive(unsigned *since)
{
        size_t n;
        const Directive *t = directive_table(&n);
        for (size_t i = 0; i < n; i++)
                if (t[i].section == SECTION_SERVICE && t[i].since > 252 && !t[i].removed) {
                        *since = t[i].since;
                        return &t[i];
                }
        return NULL;
}

TEST(too_new_directive)
{
        unsigned since = 0;
        const Directive *dir = newer_directive(&since);
        char text[512];

        if (!dir)
                TEST_SKIP("directive table has nothing newer than 252");
        snprintf(text, sizeof text, SVC "%s=yes\n", dir->name);
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                const Diag *x;
                ASSERT_OK(lint_text_full(text, 252, NULL, &d));
                x = find_rule(&d, "too-new");
                ASSERT_NOT_NULL(x);
                ASSERT_EQ(x->line, 3);
                ASSERT_TRUE(strstr(x->message, "systemd 252 silently ignores it"));
                /* too-new replaces the parser's "unknown key" for the same line. */
                ASSERT_EQ(count_rule(&d, "unknown-directive"), 0);
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text_full(text, since, NULL, &d));
                ASSERT_EQ(count_rule(&d, "too-new"), 0);
        }
}

TEST(too_new_values)
{
        static const struct {
                const char *line;
                unsigned since;
        } cases[] = {
                {"PrivateTmp=disconnected", 257},     {"PrivateUsers=identity", 257},
                {"PrivateUsers=full", 258},           {"ProtectControlGroups=private", 257},
                {"ProtectControlGroups=strict", 257}, {"ProtectHostname=private", 258},
                {"ExecStartPre=|echo hi", 258},       {"ProtectSystem=strict", 232},
                {"ProtectHome=tmpfs", 238},
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char text[256];
                snprintf(text, sizeof text, SVC "%s\n", cases[i].line);
                {
                        _cleanup_(diag_list_done) DiagList d = {0};
                        ASSERT_OK(lint_text_full(text, cases[i].since - 1, NULL, &d));
                        if (count_rule(&d, "too-new") != 1)
                                test_fail(__FILE__, __LINE__, "no too-new for %s", cases[i].line);
                }
                {
                        _cleanup_(diag_list_done) DiagList d = {0};
                        ASSERT_OK(lint_text_full(text, cases[i].since, NULL, &d));
                        if (count_rule(&d, "too-new") != 0)
                                test_fail(__FILE__, __LINE__, "too-new for %s at %u", cases[i].line,
                                          cases[i].since);
                }
        }
        EXPECT_RULE(SVC "PrivateTmp=yes\nPrivateUsers=yes\n", "too-new", 0);
}

TEST(deprecated_and_removed)
{
        size_t n;
        const Directive *t = directive_table(&n);
        const Directive *dep = NULL, *rem = NULL;

        for (size_t i = 0; i < n; i++) {
                if (t[i].section != SECTION_SERVICE)
                        continue;
                if (!dep && (t[i].flags & DIRECTIVE_DEPRECATED) && !t[i].removed &&
                    t[i].since <= 252)
                        dep = &t[i];
                if (!rem && t[i].removed && t[i].removed <= 258 && t[i].since <= 252)
                        rem = &t[i];
        }
        if (!dep && !rem)
                TEST_SKIP("no deprecated or removed [Service] directive in the table");
        if (dep) {
                _cleanup_(diag_list_done) DiagList d = {0};
                char text[256];
                snprintf(text, sizeof text, SVC "%s=yes\n", dep->name);
                ASSERT_OK(lint_text(text, &d));
                ASSERT_EQ(count_rule(&d, "deprecated"), 1);
        }
        if (rem) {
                _cleanup_(diag_list_done) DiagList d = {0};
                char text[256];
                snprintf(text, sizeof text, SVC "%s=yes\n", rem->name);
                ASSERT_OK(lint_text_full(text, rem->removed, NULL, &d));
                ASSERT_EQ(count_rule(&d, "removed"), 1);
        }
}

/* The table may hold no removed directive, so check the rule on a hand-made row too. */
TEST(removed_row)
{
        const Directive old = {.name = "OldThing",
                               .section = SECTION_SERVICE,
                               .since = 200,
                               .removed = 250,
                               .replacement = "NewThing"};
        Assignment a = {.section = (char *) "Service",
                        .key = (char *) "OldThing",
                        .value = (char *) "yes",
                        .file = "/t/x.service",
                        .line = 3,
                        .column = 10};
        const Diag *x;

        {
                _cleanup_(diag_list_done) DiagList d = {0};
                LintContext c = {.version = 252, .diags = &d};
                ASSERT_OK(lint_check_directive(&c, &a, SECTION_SERVICE, &old));
                x = find_rule(&d, "removed");
                ASSERT_NOT_NULL(x);
                ASSERT_EQ(x->line, 3);
                ASSERT_STREQ(x->fix, "NewThing");
                ASSERT_TRUE(strstr(x->message, "removed in systemd 250"));
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                LintContext c = {.version = 249, .diags = &d};
                ASSERT_OK(lint_check_directive(&c, &a, SECTION_SERVICE, &old));
                ASSERT_EQ(d.n, 0);
        }
}

TEST(duplicate_assignment)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "User=alice\nGroup=g\nUser=bob\n", &d));
        x = find_rule(&d, "duplicate-assignment");
        ASSERT_NOT_NULL(x);
        ASSERT_EQ(x->line, 3);
        ASSERT_EQ(count_rule(&d, "duplicate-assignment"), 1);
        /* Lists accumulate; an empty reset line is not dead. */
        EXPECT_RULE(SVC "Environment=A=1\nEnvironment=B=2\nReadOnlyPaths=/a\nReadOnlyPaths=/b\n",
                    "duplicate-assignment", 0);
        EXPECT_RULE(SVC "User=\nUser=bob\n", "duplicate-assignment", 0);
        /* These add up in systemd 252 although they look single-valued. */
        EXPECT_RULE(SVC "CPUAffinity=0\nCPUAffinity=1\nCoredumpFilter=default\n"
                        "CoredumpFilter=elf-headers\n",
                    "duplicate-assignment", 0);
}

TEST(syscall_filter_deny_then_allow)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        _cleanup_free_ char *text =
                test_read_data("units/tricky/syscallfilter-deny-then-allow.service");
        const Diag *x;

        ASSERT_OK(lint_text(text, &d));
        x = find_rule(&d, "syscall-filter-shrinks-deny-list");
        ASSERT_NOT_NULL(x);
        ASSERT_EQ(x->line, 8);
        ASSERT_TRUE(strstr(x->message, "removes"));
        ASSERT_EQ(count_rule(&d, "syscall-filter-shrinks-deny-list"), 1);
}

TEST(syscall_filter_dness3)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        _cleanup_free_ char *text = test_read_data("units/tricky/dness-3-sandboxed.service");
        const Diag *x;

        ASSERT_OK(lint_text(text, &d));
        x = find_rule(&d, "syscall-filter-shrinks-deny-list");
        ASSERT_NOT_NULL(x);
        ASSERT_EQ(x->line, 28);
        /* Native-only architectures: no foreign-ABI finding. */
        ASSERT_EQ(count_rule(&d, "syscall-filter-foreign-abi"), 0);
}

static void write_file(const char *path, const char *text)
{
        FILE *f = fopen(path, "we");
        if (f) {
                fputs(text, f);
                fclose(f);
        }
}

/* The trap across files: the deny list in the unit, the "allow list" in a drop-in. */
TEST(syscall_filter_trap_in_dropin)
{
        char dir[] = "/tmp/cordon-lint-dropin-XXXXXX";
        char path[256], dropdir[256], conf[512];
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_(diag_list_done) DiagList d = {0};
        LintOptions o = {.root = "/nonexistent-root"};
        UnitLoadOptions lo = {.root = "/nonexistent-root"};
        const Diag *x;

        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/trap.service", dir);
        snprintf(dropdir, sizeof dropdir, "%s/trap.service.d", dir);
        snprintf(conf, sizeof conf, "%s/10-allow.conf", dropdir);
        write_file(path, SVC "SystemCallFilter=~@privileged @resources\n");
        ASSERT_EQ(mkdir(dropdir, 0755), 0);
        write_file(conf, "[Service]\nSystemCallFilter=@system-service\n");

        ASSERT_OK(unit_load(path, &lo, &u, &d));
        ASSERT_OK(lint_unit(u, &o, &d));
        x = find_rule(&d, "syscall-filter-shrinks-deny-list");
        unlink(conf);
        rmdir(dropdir);
        unlink(path);
        rmdir(dir);
        ASSERT_NOT_NULL(x);
        ASSERT_TRUE(strstr(x->file, "10-allow.conf"));
        ASSERT_EQ(x->line, 2);
        ASSERT_TRUE(strstr(x->message, "trap.service:3"));
}

TEST(syscall_filter_right_order)
{
        const char *ok = SVC "SystemCallArchitectures=native\n"
                             "SystemCallFilter=@system-service\n"
                             "SystemCallFilter=~@privileged @resources\n";
        EXPECT_RULE(ok, "syscall-filter-shrinks-deny-list", 0);
        EXPECT_RULE(ok, "syscall-filter-allows-privileged", 0);
        EXPECT_RULE(SVC "SystemCallArchitectures=native\nSystemCallFilter=@system-service\n",
                    "syscall-filter-allows-privileged", 1);
        /* Calls named on purpose (@clock) are not counted, but the advice mentions them. */
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                const Diag *x;
                ASSERT_OK(lint_text(SVC "SystemCallFilter=@system-service @clock\n", &d));
                x = find_rule(&d, "syscall-filter-allows-privileged");
                ASSERT_NOT_NULL(x);
                ASSERT_TRUE(strstr(x->message, "@resources: capset, chown"));
                ASSERT_TRUE(strstr(x->message, "what the service needs (adjtimex"));
        }
        /* "~name:errno" in an allow list keeps the entry, denied with that errno. */
        EXPECT_RULE(SVC "SystemCallFilter=@system-service\n"
                        "SystemCallFilter=~@privileged:EPERM @resources:EPERM\n",
                    "syscall-filter-allows-privileged", 0);
        /* Only @privileged removed: @resources members remain. */
        EXPECT_RULE(SVC "SystemCallFilter=@system-service\nSystemCallFilter=~@privileged\n",
                    "syscall-filter-allows-privileged", 1);
}

TEST(syscall_filter_foreign_abi)
{
        EXPECT_RULE(SVC "SystemCallFilter=~@mount\n", "syscall-filter-foreign-abi", 1);
        EXPECT_RULE(SVC "SystemCallFilter=~@mount\nSystemCallArchitectures=native x86\n",
                    "syscall-filter-foreign-abi", 1);
        EXPECT_RULE(SVC "SystemCallFilter=~@mount\nSystemCallArchitectures=native\n",
                    "syscall-filter-foreign-abi", 0);
        EXPECT_RULE(SVC "SystemCallArchitectures=native\n", "syscall-filter-foreign-abi", 0);
}

TEST(syscall_filter_too_narrow)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "SystemCallArchitectures=native\nSystemCallFilter=@network-io\n",
                            &d));
        x = find_rule(&d, "syscall-filter-allow-list-too-narrow");
        ASSERT_NOT_NULL(x);
        ASSERT_TRUE(strstr(x->message, "read, write, close, openat"));
        EXPECT_RULE(SVC "SystemCallFilter=@system-service\n",
                    "syscall-filter-allow-list-too-narrow", 0);
        EXPECT_RULE(SVC "SystemCallFilter=@basic-io @file-system\n",
                    "syscall-filter-allow-list-too-narrow", 0);
        /* Removing read from the allow list again. */
        EXPECT_RULE(SVC "SystemCallFilter=@system-service\nSystemCallFilter=~read\n",
                    "syscall-filter-allow-list-too-narrow", 1);
        /* Deny lists are not judged. */
        EXPECT_RULE(SVC "SystemCallFilter=~read\n", "syscall-filter-allow-list-too-narrow", 0);
}

TEST(syscall_errno_without_filter)
{
        EXPECT_RULE(SVC "SystemCallErrorNumber=EPERM\n", "syscall-errno-without-filter", 1);
        EXPECT_RULE(SVC "SystemCallErrorNumber=EPERM\nSystemCallArchitectures=native\n"
                        "SystemCallFilter=~@mount\n",
                    "syscall-errno-without-filter", 0);
        /* A reset filter is no filter. */
        EXPECT_RULE(SVC "SystemCallErrorNumber=EPERM\nSystemCallFilter=~@mount\n"
                        "SystemCallFilter=\n",
                    "syscall-errno-without-filter", 1);
}

TEST(deny_list_unknown_names)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "SystemCallArchitectures=native\n"
                                "SystemCallFilter=~mount chwon @obsolet\n"
                                "RestrictAddressFamilies=~AF_PACKET AF_TYPO\n"
                                "CapabilityBoundingSet=~CAP_SYS_ADMIN CAP_SYS_TYPO\n",
                            &d));
        ASSERT_EQ(count_rule(&d, "deny-list-unknown-name"), 4);
        x = find_rule(&d, "deny-list-unknown-name");
        ASSERT_EQ(x->severity, DIAG_ERROR);
        ASSERT_EQ(x->line, 4);
        ASSERT_TRUE(strstr(x->message, "'chwon'"));
        ASSERT_STREQ(x->fix, "chown");
        /* Column of the word: "SystemCallFilter=~mount chwon" → 'c' at 25. */
        ASSERT_EQ(x->column, 25);
        /* Unknown names in allow lists do not weaken a deny list. */
        EXPECT_RULE(SVC "SystemCallArchitectures=native\nSystemCallFilter=read chwon\n"
                        "RestrictAddressFamilies=AF_UNIX AF_TYPO\n",
                    "deny-list-unknown-name", 0);
}

/* Many unknown words on one line: each reported once by lint, the parser's note about the same
 * word dropped, and no quadratic blow-up (2000 words). */
TEST(deny_list_many_unknown_words)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        StrBuf b = STRBUF_INIT;

        strbuf_puts(&b, SVC "SystemCallArchitectures=native\nSystemCallFilter=~");
        for (int i = 0; i < 2000; i++)
                strbuf_printf(&b, "nosuchcall%d ", i);
        strbuf_putc(&b, '\n');
        ASSERT_FALSE(b.oom);
        ASSERT_OK(lint_text(strbuf_str(&b), &d));
        strbuf_done(&b);
        ASSERT_EQ(count_rule(&d, "deny-list-unknown-name"), 2000);
        ASSERT_EQ(count_rule(&d, "unknown-syscall"), 0);
}

TEST(capability_merge_trap)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        _cleanup_free_ char *text = test_read_data("units/tricky/capbset-tilde-then-allow.service");
        const Diag *x;

        ASSERT_OK(lint_text(text, &d));
        x = find_rule(&d, "capability-set-merge-trap");
        ASSERT_NOT_NULL(x);
        ASSERT_EQ(x->line, 5);
        ASSERT_TRUE(strstr(x->message, "cap_sys_admin"));
        ASSERT_EQ(count_rule(&d, "capability-set-merge-trap"), 1);
        EXPECT_RULE(SVC "CapabilityBoundingSet=CAP_CHOWN\nCapabilityBoundingSet=CAP_KILL\n",
                    "capability-set-merge-trap", 0);
        EXPECT_RULE(SVC "CapabilityBoundingSet=CAP_CHOWN CAP_KILL\n"
                        "CapabilityBoundingSet=~CAP_KILL\n",
                    "capability-set-merge-trap", 0);
}

TEST(ambient_not_in_bounding_set)
{
        EXPECT_RULE(SVC "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n"
                        "AmbientCapabilities=CAP_NET_ADMIN\n",
                    "ambient-not-in-bounding-set", 1);
        EXPECT_RULE(SVC "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n"
                        "AmbientCapabilities=CAP_NET_BIND_SERVICE\n",
                    "ambient-not-in-bounding-set", 0);
        /* ProtectClock= drops CAP_SYS_TIME from the bounding set. */
        EXPECT_RULE(SVC "ProtectClock=yes\nAmbientCapabilities=CAP_SYS_TIME\n",
                    "ambient-not-in-bounding-set", 1);
}

static char *make_root(void)
{
        char tmpl[] = "/tmp/cordon-lint-XXXXXX";
        char path[512];
        FILE *f;

        if (!mkdtemp(tmpl))
                return NULL;
        snprintf(path, sizeof path, "%s/etc", tmpl);
        if (mkdir(path, 0755) < 0)
                return NULL;
        snprintf(path, sizeof path, "%s/etc/passwd", tmpl);
        f = fopen(path, "we");
        if (!f)
                return NULL;
        fputs("root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n", f);
        fclose(f);
        return strdup(tmpl);
}

static void remove_root(const char *root)
{
        char path[512];
        snprintf(path, sizeof path, "%s/etc/passwd", root);
        unlink(path);
        snprintf(path, sizeof path, "%s/etc", root);
        rmdir(path);
        rmdir(root);
}

TEST(dynamic_user_static_user)
{
        _cleanup_free_ char *root = make_root();

        ASSERT_NOT_NULL(root);
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text_full(SVC "DynamicUser=yes\nUser=alice\n", 0, root, &d));
                ASSERT_EQ(count_rule(&d, "dynamic-user-static-user"), 1);
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text_full(SVC "DynamicUser=yes\nUser=bob\n", 0, root, &d));
                ASSERT_EQ(count_rule(&d, "dynamic-user-static-user"), 0);
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text_full(SVC "User=alice\n", 0, root, &d));
                ASSERT_EQ(count_rule(&d, "dynamic-user-static-user"), 0);
        }
        remove_root(root);
}

TEST(dynamic_user_overrides)
{
        _cleanup_(diag_list_done) DiagList d = {0};

        ASSERT_OK(lint_text(SVC "DynamicUser=yes\nPrivateTmp=no\nProtectSystem=full\n"
                                "NoNewPrivileges=no\nProtectHome=tmpfs\n",
                            &d));
        ASSERT_EQ(count_rule(&d, "dynamic-user-overrides"), 3);
        EXPECT_RULE(SVC "PrivateTmp=no\nProtectSystem=full\n", "dynamic-user-overrides", 0);
        EXPECT_RULE(SVC "DynamicUser=yes\nProtectSystem=strict\nPrivateTmp=yes\n",
                    "dynamic-user-overrides", 0);
}

TEST(bind_paths_dynamic_user)
{
        EXPECT_RULE(SVC "DynamicUser=yes\nBindPaths=/srv/data\n", "bind-paths-dynamic-user", 1);
        EXPECT_RULE(SVC "DynamicUser=yes\nBindReadOnlyPaths=/srv/data\n", "bind-paths-dynamic-user",
                    0);
        EXPECT_RULE(SVC "BindPaths=/srv/data\n", "bind-paths-dynamic-user", 0);
}

TEST(root_user_sandbox)
{
        EXPECT_RULE(SVC "User=root\nProtectSystem=strict\n", "root-user-sandbox", 1);
        EXPECT_RULE(SVC "User=root\nProtectSystem=strict\nCapabilityBoundingSet=CAP_CHOWN\n",
                    "root-user-sandbox", 0);
        EXPECT_RULE(SVC "User=www\nProtectSystem=strict\n", "root-user-sandbox", 0);
        EXPECT_RULE(SVC "User=root\n", "root-user-sandbox", 0);
}

TEST(user_manager_skips_identity)
{
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_(diag_list_done) DiagList d = {0};
        const char *text = SVC "User=root\nProtectSystem=strict\nSupplementaryGroups=adm\n";
        LintOptions o = {.user = true};

        ASSERT_OK(unit_load_buffer("test.service", "/t/test.service", text, strlen(text), NULL, &u,
                                   &d));
        ASSERT_OK(lint_unit(u, &o, &d));
        ASSERT_EQ(count_rule(&d, "root-user-sandbox"), 0);
        ASSERT_EQ(count_rule(&d, "supplementary-groups-root"), 0);
}

TEST(supplementary_groups_root)
{
        EXPECT_RULE(SVC "SupplementaryGroups=adm\n", "supplementary-groups-root", 1);
        EXPECT_RULE(SVC "User=www\nSupplementaryGroups=adm\n", "supplementary-groups-root", 0);
        EXPECT_RULE(SVC "SupplementaryGroups=adm\nCapabilityBoundingSet=CAP_CHOWN\n",
                    "supplementary-groups-root", 0);
}

TEST(needs_root_directory)
{
        EXPECT_RULE(SVC "MountAPIVFS=yes\nRootDirectoryStartOnly=yes\n", "needs-root-directory", 2);
        EXPECT_RULE(SVC "MountAPIVFS=yes\nRootDirectory=/srv/root\n", "needs-root-directory", 0);
        EXPECT_RULE(SVC "MountAPIVFS=no\n", "needs-root-directory", 0);
}

TEST(read_write_paths)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "ReadWritePaths=/var/lib/foo -/srv/x\n", &d));
        ASSERT_EQ(count_rule(&d, "read-write-paths-no-effect"), 2);
        x = find_rule(&d, "read-write-paths-no-effect");
        ASSERT_EQ(x->column, 16);
        EXPECT_RULE(SVC "ProtectSystem=strict\nReadWritePaths=/var/lib/foo\n",
                    "read-write-paths-no-effect", 0);
        EXPECT_RULE(SVC "DynamicUser=yes\nReadWritePaths=/var/lib/foo\n",
                    "read-write-paths-no-effect", 0);
        EXPECT_RULE(SVC "ReadOnlyPaths=/\nReadWritePaths=/var/lib/foo\n",
                    "read-write-paths-no-effect", 0);
        /* full covers /etc but not /var. */
        EXPECT_RULE(SVC "ProtectSystem=full\nReadWritePaths=/etc/foo /var/foo\n",
                    "read-write-paths-no-effect", 1);
        EXPECT_RULE(SVC "ProtectSystem=strict\nReadWritePaths=%S/foo\n",
                    "read-write-paths-no-effect", 0);
}

TEST(private_devices_device_allow)
{
        EXPECT_RULE(SVC "PrivateDevices=yes\nDeviceAllow=/dev/sda rw\nDeviceAllow=/dev/null rw\n",
                    "private-devices-device-allow", 1);
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text(SVC "PrivateDevices=yes\nDeviceAllow=/dev/sda rw\n", &d));
                ASSERT_STREQ(find_rule(&d, "private-devices-device-allow")->fix,
                             "BindPaths=/dev/sda");
        }
        EXPECT_RULE(SVC "DeviceAllow=/dev/sda rw\n", "private-devices-device-allow", 0);
        /* A device bound into the private /dev exists there. */
        EXPECT_RULE(SVC "PrivateDevices=yes\nDeviceAllow=/dev/sda rw\nBindPaths=/dev/sda\n",
                    "private-devices-device-allow", 0);
        EXPECT_RULE(SVC "PrivateDevices=yes\nDeviceAllow=/dev/sda rw\nDeviceAllow=\n",
                    "private-devices-device-allow", 0);
}

TEST(service_commands)
{
        EXPECT_RULE(SVC "KillMode=none\n", "kill-mode-none", 1);
        EXPECT_RULE(SVC "KillMode=mixed\n", "kill-mode-none", 0);
        EXPECT_RULE(SVC "ExecStart=/usr/bin/false\n", "multiple-exec-start", 1);
        EXPECT_RULE(SVC "Type=oneshot\nExecStart=/usr/bin/false\n", "multiple-exec-start", 0);
        EXPECT_RULE(SVC "ExecStart=\nExecStart=/usr/bin/false\n", "multiple-exec-start", 0);
        EXPECT_RULE("[Service]\nUser=x\n", "missing-exec-start", 1);
        EXPECT_RULE("[Service]\nType=simple\nExecStop=/bin/true\n", "missing-exec-start", 1);
        EXPECT_RULE("[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStop=/bin/true\n",
                    "missing-exec-start", 0);
        EXPECT_RULE(SVC, "missing-exec-start", 0);
        EXPECT_RULE(SVC "Type=oneshot\nRestart=always\n", "oneshot-restart", 1);
        EXPECT_RULE(SVC "Type=oneshot\nRestart=on-failure\n", "oneshot-restart", 0);
        EXPECT_RULE(SVC "Type=forking\n", "forking-without-pidfile", 1);
        EXPECT_RULE(SVC "Type=forking\nPIDFile=/run/x.pid\n", "forking-without-pidfile", 0);
}

TEST(service_commands_more)
{
        /* oneshot with only ExecStop= needs RemainAfterExit=yes or SuccessAction=. */
        EXPECT_RULE("[Service]\nType=oneshot\nExecStop=/bin/true\n", "missing-exec-start", 1);
        EXPECT_RULE("[Unit]\nSuccessAction=exit\n[Service]\nType=oneshot\n", "missing-exec-start",
                    0);
        /* A plain line that removes nothing from the deny list is still not an allow list. */
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text(SVC "SystemCallFilter=~@mount\nSystemCallFilter=read\n", &d));
                ASSERT_NOT_NULL(find_rule(&d, "syscall-filter-shrinks-deny-list"));
                ASSERT_TRUE(strstr(find_rule(&d, "syscall-filter-shrinks-deny-list")->message,
                                   "it has no effect"));
        }
        /* SystemCallArchitectures= reset drops the native restriction. */
        EXPECT_RULE(SVC "SystemCallFilter=~@mount\nSystemCallArchitectures=native\n"
                        "SystemCallArchitectures=\n",
                    "syscall-filter-foreign-abi", 1);
        /* A tmpfs view covers ReadWritePaths= under it. */
        EXPECT_RULE(SVC "TemporaryFileSystem=/var:ro\nReadWritePaths=/var/lib/x\n",
                    "read-write-paths-no-effect", 0);
        EXPECT_RULE(SVC "RestrictAddressFamilies=~AF_PACKET AF_NETLINK\n", "deny-list-unknown-name",
                    0);
}

TEST(secret_in_environment)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "Environment=DB_PASSWORD=hunter2 KEYBOARD=us PWD=/x\n"
                                "Environment=\"API_KEY=abc def\" TLS_KEY=/etc/ssl/k.pem\n",
                            &d));
        ASSERT_EQ(count_rule(&d, "secret-in-environment"), 2);
        x = find_rule(&d, "secret-in-environment");
        ASSERT_TRUE(strstr(x->message, "DB_PASSWORD"));
        ASSERT_FALSE(strstr(x->message, "hunter2"));
        ASSERT_STREQ(x->fix, "LoadCredential=DB_PASSWORD:/PATH");
}

TEST(environment_no_expansion)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text(SVC "Environment=PATH=/opt/bin:$PATH LANG=C \"A=${HOME}/x\"\n", &d));
        ASSERT_EQ(count_rule(&d, "environment-no-expansion"), 2);
        x = find_rule(&d, "environment-no-expansion");
        ASSERT_TRUE(strstr(x->message, "Environment=PATH="));
        EXPECT_RULE(SVC "Environment=PRICE=5$ X=%h/y\n", "environment-no-expansion", 0);
}

TEST(umask)
{
        EXPECT_RULE(SVC "UMask=0000\n", "umask-world-writable", 1);
        EXPECT_RULE(SVC "UMask=0022\n", "umask-world-writable", 0);
        EXPECT_RULE(SVC, "umask-world-writable", 0);
}

TEST(exec_prefixes)
{
        EXPECT_RULE(SVC "ExecStartPre=+/usr/bin/setup\n", "exec-prefix-full-privileges", 1);
        EXPECT_RULE(SVC "ExecStartPre=-/usr/bin/setup\n", "exec-prefix-full-privileges", 0);
        EXPECT_RULE(SVC "User=www\nExecStartPre=!/usr/bin/setup\n", "exec-prefix-no-setuid", 1);
        {
                /* Without a user to switch to, '!' changes nothing: only a note. */
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text(SVC "ExecStartPre=!/usr/bin/setup\n", &d));
                ASSERT_NOT_NULL(find_rule(&d, "exec-prefix-no-setuid"));
                ASSERT_EQ(find_rule(&d, "exec-prefix-no-setuid")->severity, DIAG_INFO);
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text_full(SVC "ExecStartPre=!!/usr/bin/setup\n", 258, NULL, &d));
                ASSERT_NOT_NULL(find_rule(&d, "exec-prefix-no-setuid"));
                ASSERT_TRUE(strstr(find_rule(&d, "exec-prefix-no-setuid")->message,
                                   "ignored since systemd 258"));
        }
        EXPECT_RULE("[Service]\nExecStart=true\n", "relative-exec-path", 1);
        {
                /* The fix names where systemd would find it under --root. */
                _cleanup_(diag_list_done) DiagList d = {0};
                char root[] = "/tmp/cordon-lint-path-XXXXXX", dir[256], bin[300];

                ASSERT_NOT_NULL(mkdtemp(root));
                snprintf(dir, sizeof dir, "%s/usr", root);
                ASSERT_EQ(mkdir(dir, 0755), 0);
                snprintf(dir, sizeof dir, "%s/usr/bin", root);
                ASSERT_EQ(mkdir(dir, 0755), 0);
                snprintf(bin, sizeof bin, "%s/served", dir);
                write_file(bin, "#!/bin/sh\n");
                ASSERT_EQ(chmod(bin, 0755), 0);
                ASSERT_OK(lint_text_full("[Service]\nExecStart=-served --x\n", 0, root, &d));
                unlink(bin);
                rmdir(dir);
                snprintf(dir, sizeof dir, "%s/usr", root);
                rmdir(dir);
                rmdir(root);
                ASSERT_NOT_NULL(find_rule(&d, "relative-exec-path"));
                ASSERT_STREQ(find_rule(&d, "relative-exec-path")->fix,
                             "ExecStart=-/usr/bin/served --x");
        }
        {
                _cleanup_(diag_list_done) DiagList d = {0};
                ASSERT_OK(lint_text("[Service]\nExecStart=-bin/foo\n", &d));
                ASSERT_NOT_NULL(find_rule(&d, "relative-exec-path"));
                ASSERT_EQ(find_rule(&d, "relative-exec-path")->severity, DIAG_ERROR);
        }
        EXPECT_RULE("[Service]\nExecStart=-@/usr/bin/true true\n", "relative-exec-path", 0);
}

TEST(exec_shell_syntax)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        const Diag *x;

        ASSERT_OK(lint_text("[Service]\nExecStart=/usr/bin/foo --x > /var/log/foo.log\n", &d));
        x = find_rule(&d, "exec-shell-syntax");
        ASSERT_NOT_NULL(x);
        ASSERT_EQ(x->column, 28);
        EXPECT_RULE("[Service]\nExecStart=/usr/bin/foo 2>&1\n", "exec-shell-syntax", 1);
        EXPECT_RULE("[Service]\nExecStart=/bin/sh -c \"foo > /tmp/x\"\n", "exec-shell-syntax", 0);
        EXPECT_RULE("[Service]\nExecStart=/usr/bin/foo \">\" --a=b|c\n", "exec-shell-syntax", 0);
}

TEST(suppression_comments)
{
        char dir[] = "/tmp/cordon-lint-suppress-XXXXXX";
        char path[256];
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_(diag_list_done) DiagList d = {0};
        LintOptions o = {.root = "/nonexistent-root"};
        UnitLoadOptions lo = {.root = "/nonexistent-root"};

        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/quiet.service", dir);
        write_file(path, "# cordon-lint: disable-file=umask-world-writable\n"
                         "[Service]\n"
                         "ExecStart=/usr/bin/true\n"
                         "# cordon-lint: disable=kill-mode-none\n"
                         "\n"
                         "KillMode=none\n"
                         "UMask=0000\n"
                         "Type=forking\n"
                         "; cordon-lint: disable=multiple-exec-start\n"
                         "# cordon-lint: disable=relative-exec-path\n"
                         "ExecStart=/usr/bin/a \\\n"
                         "  --b\n"
                         "Environment=A=$B\n"
                         "# cordon-lint: disable=environment-no-expansion\n");
        ASSERT_OK(unit_load(path, &lo, &u, &d));
        ASSERT_OK(lint_unit(u, &o, &d));
        unlink(path);
        rmdir(dir);
        ASSERT_EQ(count_rule(&d, "kill-mode-none"), 0);
        ASSERT_EQ(count_rule(&d, "umask-world-writable"), 0);
        ASSERT_EQ(count_rule(&d, "multiple-exec-start"), 0);
        /* Only what was named, on the line it precedes: the rest stays (the last comment has
         * no assignment after it and silences nothing). */
        ASSERT_EQ(count_rule(&d, "forking-without-pidfile"), 1);
        ASSERT_EQ(count_rule(&d, "environment-no-expansion"), 1);
}

TEST(report_formats)
{
        _cleanup_(diag_list_done) DiagList d = {0};
        _cleanup_(strbuf_done) StrBuf b = STRBUF_INIT;

        ASSERT_OK(diag_add(&d, "/t/a.service", 3, 5, "kill-mode-none", DIAG_WARNING,
                           "KillMode=mixed", "msg \"q\""));
        ASSERT_OK(
                diag_add(&d, "/t/a.service", 0, 0, "missing-exec-start", DIAG_ERROR, NULL, "none"));
        lint_report_text(&d, &b);
        ASSERT_STREQ(strbuf_str(&b), "/t/a.service:3:5: warning: msg \"q\" [kill-mode-none]\n"
                                     "    fix: KillMode=mixed\n"
                                     "/t/a.service: error: none [missing-exec-start]\n");
        strbuf_done(&b);
        lint_report_json(&d, &b);
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"fix\" : null"));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"message\" : \"msg \\\"q\\\"\""));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"column\" : 5"));
        strbuf_done(&b);
        lint_report_sarif(&d, "/t", &b);
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"version\" : \"2.1.0\""));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"uri\" : \"a.service\""));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"uri\" : \"file:///t/\""));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"ruleId\" : \"kill-mode-none\""));
        ASSERT_TRUE(strstr(strbuf_str(&b), "\"startLine\" : 3"));
        ASSERT_TRUE(strstr(strbuf_str(&b), "Fix: KillMode=mixed"));
        strbuf_done(&b);
        lint_rules_format(LINT_FORMAT_ROFF, &b);
        ASSERT_TRUE(strstr(strbuf_str(&b), ".B syscall\\-filter\\-shrinks\\-deny\\-list\n"));
        /* Plain ASCII roff, for every groff device. */
        for (const char *p = strbuf_str(&b); *p; p++)
                ASSERT_TRUE((unsigned char) *p < 0x80);
}

/* systemd's first diagnostic for a unit ("/CORPUS/…/x.service:LINE: message") must have a finding
 * of the matching rule on the same line. */
static void check_reference_diagnostic(const DiagList *d, const char *diag)
{
        static const struct {
                const char *needle, *rule;
        } map[] = {
                {"Unknown key", "unknown-directive"},
                {"Invalid syntax", "invalid-value"},
                {"Failed to parse", "invalid-value"},
                {"KillMode=none", "kill-mode-none"},
        };
        const char *p = strstr(diag, ".service:");
        unsigned line;

        if (!p)
                return;
        line = (unsigned) strtoul(p + strlen(".service:"), NULL, 10);
        for (size_t i = 0; i < ELEMENTSOF(map); i++) {
                bool found = false;

                if (!strstr(diag, map[i].needle))
                        continue;
                DIAG_FOREACH (x, d)
                        if (x->line == line && streq(x->rule, map[i].rule))
                                found = true;
                if (!found)
                        test_fail(__FILE__, __LINE__, "no %s finding on line %u for: %s",
                                  map[i].rule, line, diag);
        }
}

/* Acceptance: for every unit of the corpus that systemd 252 loads without a diagnostic, lint
 * reports no unknown-directive and no invalid-value. */
static void check_corpus(const char *tsv, size_t *n_units)
{
        _cleanup_free_ char *data = test_read_data(tsv);
        char *save = NULL;

        for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
                char *cols[16] = {0};
                size_t n = 0;
                char path[4096];

                for (char *p = line; n < 16; n++) {
                        cols[n] = p;
                        p = strchr(p, '\t');
                        if (!p) {
                                n++;
                                break;
                        }
                        *p++ = '\0';
                }
                if (n < 13 || streq(cols[0], "package"))
                        continue;
                snprintf(path, sizeof path, "%s/units/%s", test_data_dir(), cols[12]);
                {
                        _cleanup_unit_free_ Unit *u = NULL;
                        _cleanup_(diag_list_done) DiagList d = {0};
                        /* No host drop-ins from /etc/systemd/system: only the corpus. */
                        UnitLoadOptions lo = {.root = "/nonexistent-root"};
                        LintOptions o = {.root = "/nonexistent-root"};
                        bool clean = streq(cols[8], "0");
                        int r = unit_load(path, &lo, &u, &d);

                        if (r == -ERFKILL)
                                continue;
                        if (r < 0) {
                                test_fail(__FILE__, __LINE__, "%s: load failed: %d", path, r);
                                continue;
                        }
                        if (lint_unit(u, &o, &d) < 0) {
                                test_fail(__FILE__, __LINE__, "%s: lint failed", path);
                                continue;
                        }
                        (*n_units)++;
                        if (!clean) {
                                check_reference_diagnostic(&d, cols[9]);
                                continue;
                        }
                        DIAG_FOREACH (x, &d)
                                if (streq(x->rule, "unknown-directive") ||
                                    streq(x->rule, "invalid-value"))
                                        test_fail(__FILE__, __LINE__, "%s:%u: %s: %s",
                                                  strempty(x->file), x->line, x->rule, x->message);
                }
        }
}

TEST(corpus_no_false_unknown_or_invalid)
{
        size_t n = 0;

        check_corpus("units/REFERENCE.tsv", &n);
        check_corpus("units/REFERENCE-tricky.tsv", &n);
        ASSERT_GE(n, 50);
}
