/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Specifier expansion with systemd 252's meanings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "settings.h"
#include "specifier.h"
#include "string-util.h"
#include "tests.h"
#include "unit.h"

static const UnitLoadOptions test_options = {
        .hostname = "host.example.org",
        .machine_id = "0123456789abcdef0123456789ABCDEF",
        .boot_id = "fedcba98-7654-3210-fedc-ba9876543210",
};

static Unit *make_unit(const char *id, const char *prefix, const char *instance,
                       const UnitLoadOptions *o)
{
        Unit *u = unit_new(id);
        if (!u)
                abort();
        u->prefix = strdup(prefix);
        u->instance = instance ? strdup(instance) : NULL;
        u->fragment_path = strdup("/etc/systemd/system/x.service");
        u->options = o;
        return u;
}

/* Expands s; returns the result (caller frees) or NULL with *ret_r set. */
static char *expand(const Unit *u, const char *s, int *ret_r, DiagList *diags)
{
        Assignment a = {.file = "/t.service", .line = 7, .column = 3};
        char *out = NULL;
        *ret_r = specifier_expand(u, &a, s, &out, diags);
        return out;
}

#define ASSERT_EXPANDS(u, in, expected)                                                            \
        do {                                                                                       \
                DiagList _d = {0};                                                                 \
                int _r;                                                                            \
                char *_o = expand(u, in, &_r, &_d);                                                \
                if (_r < 0 || !_o || strcmp(_o, expected) != 0) {                                  \
                        test_fail(__FILE__, __LINE__, "%s: r=%d \"%s\" vs \"%s\"", in, _r,         \
                                  _o ? _o : "(null)", expected);                                   \
                        free(_o);                                                                  \
                        diag_list_done(&_d);                                                       \
                        return;                                                                    \
                }                                                                                  \
                free(_o);                                                                          \
                diag_list_done(&_d);                                                               \
        } while (0)

TEST(unit_names)
{
        Unit *u = make_unit("foo-bar-baz@a\\x2db-c.service", "foo-bar-baz", "a\\x2db-c",
                            &test_options);

        ASSERT_EXPANDS(u, "%n", "foo-bar-baz@a\\x2db-c.service");
        ASSERT_EXPANDS(u, "%N", "foo-bar-baz@a\\x2db-c");
        ASSERT_EXPANDS(u, "%p", "foo-bar-baz");
        ASSERT_EXPANDS(u, "%P", "foo/bar/baz");
        ASSERT_EXPANDS(u, "%i", "a\\x2db-c");
        ASSERT_EXPANDS(u, "%I", "a-b/c");
        ASSERT_EXPANDS(u, "%j", "baz");
        ASSERT_EXPANDS(u, "%J", "baz");
        ASSERT_EXPANDS(u, "%f", "/a-b/c");
        ASSERT_EXPANDS(u, "100%% %n%%", "100% foo-bar-baz@a\\x2db-c.service%");
        ASSERT_EXPANDS(u, "no specifiers here", "no specifiers here");
        ASSERT_EXPANDS(u, "", "");
        unit_free(u);

        /* no instance: %i is empty, %f is the prefix as a path */
        u = make_unit("dev-sda1.service", "dev-sda1", NULL, &test_options);
        ASSERT_EXPANDS(u, "[%i][%I]", "[][]");
        ASSERT_EXPANDS(u, "%f", "/dev/sda1");
        ASSERT_EXPANDS(u, "%j", "sda1");
        unit_free(u);
}

TEST(system_directories)
{
        Unit *u = make_unit("x.service", "x", NULL, &test_options);

        ASSERT_EXPANDS(u, "%C %E %L %S %t", "/var/cache /etc /var/log /var/lib /run");
        ASSERT_EXPANDS(u, "%d", "/run/credentials/x.service");
        /* the system manager runs as root */
        ASSERT_EXPANDS(u, "%u %U %g %G", "root 0 root 0");
        ASSERT_EXPANDS(u, "%y", "/etc/systemd/system/x.service");
        ASSERT_EXPANDS(u, "%Y", "/etc/systemd/system");
        unit_free(u);
}

TEST(user_manager)
{
        UnitLoadOptions o = test_options;
        Unit *u;
        char buf[64];

        o.user = true;
        u = make_unit("x.service", "x", NULL, &o);
        setenv("XDG_RUNTIME_DIR", "/run/user/1234", 1);
        setenv("XDG_CONFIG_HOME", "/home/u/.config", 1);
        setenv("XDG_CACHE_HOME", "/home/u/.cache", 1);
        ASSERT_EXPANDS(u, "%t", "/run/user/1234");
        ASSERT_EXPANDS(u, "%S|%E|%L|%C",
                       "/home/u/.config|/home/u/.config|/home/u/.config/log|"
                       "/home/u/.cache");
        ASSERT_EXPANDS(u, "%d", "/run/user/1234/credentials/x.service");
        snprintf(buf, sizeof(buf), "%u %u", (unsigned) getuid(), (unsigned) getgid());
        ASSERT_EXPANDS(u, "%U %G", buf);
        unsetenv("XDG_CONFIG_HOME");
        unsetenv("XDG_CACHE_HOME");
        unsetenv("XDG_RUNTIME_DIR");
        unit_free(u);
}

TEST(home_shell_tmp)
{
        Unit *u = make_unit("x.service", "x", NULL, &test_options);
        char *saved_home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

        setenv("HOME", "/home/tester", 1);
        setenv("SHELL", "/bin/zsh", 1);
        ASSERT_EXPANDS(u, "%h %s", "/home/tester /bin/zsh");
        unsetenv("TMPDIR");
        unsetenv("TEMP");
        unsetenv("TMP");
        ASSERT_EXPANDS(u, "%T %V", "/tmp /var/tmp");
        setenv("TMPDIR", "/scratch", 1);
        ASSERT_EXPANDS(u, "%T %V", "/scratch /scratch");
        unsetenv("TMPDIR");
        if (saved_home)
                setenv("HOME", saved_home, 1);
        free(saved_home);
        unit_free(u);
}

TEST(host)
{
        Unit *u = make_unit("x.service", "x", NULL, &test_options);

        ASSERT_EXPANDS(u, "%H", "host.example.org");
        ASSERT_EXPANDS(u, "%l", "host");
        ASSERT_EXPANDS(u, "%m", "0123456789abcdef0123456789abcdef");
        ASSERT_EXPANDS(u, "%b", "fedcba9876543210fedcba9876543210");
        unit_free(u);
}

TEST(os_release_under_root)
{
        char dir[] = "/tmp/cordon-spec-XXXXXX", path[256];
        UnitLoadOptions o = test_options;
        FILE *f;
        Unit *u;

        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/etc", dir);
        ASSERT_OK(mkdir(path, 0755));
        snprintf(path, sizeof(path), "%s/etc/os-release", dir);
        f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fputs("NAME=\"Test OS\"\nID=testos\nVERSION_ID=\"12\"\nVARIANT_ID='edge'\n"
              "IMAGE_ID=img\nIMAGE_VERSION=1.2\n",
              f);
        fclose(f);
        o.root = dir;
        u = make_unit("x.service", "x", NULL, &o);
        ASSERT_EXPANDS(u, "%o-%w-%W-%M-%A", "testos-12-edge-img-1.2");
        /* a missing field expands to nothing */
        ASSERT_EXPANDS(u, "[%B]", "[]");
        unlink(path);
        snprintf(path, sizeof(path), "%s/etc", dir);
        rmdir(path);
        {
                /* without any os-release the lookup fails and the assignment is refused */
                DiagList d = {0};
                int r;
                char *out = expand(u, "%o", &r, &d);
                ASSERT_NULL(out);
                ASSERT_ERROR(r, EBADMSG);
                ASSERT_TRUE(diag_list_has_rule(&d, "specifier-failed"));
                diag_list_done(&d);
        }
        rmdir(dir);
        unit_free(u);
}

TEST(unknown_and_stray)
{
        Unit *u = make_unit("x.service", "x", NULL, &test_options);
        DiagList d = {0};
        char *out;
        int r;

        out = expand(u, "a%zb", &r, &d);
        ASSERT_NULL(out);
        ASSERT_ERROR(r, EBADMSG);
        ASSERT_EQ(d.n, 1);
        ASSERT_STREQ(d.items[0].rule, "unknown-specifier");
        ASSERT_EQ(d.items[0].severity, DIAG_ERROR);
        ASSERT_EQ(d.items[0].line, 7);
        ASSERT_STREQ(d.items[0].file, "/t.service");
        diag_list_done(&d);

        /* systemd keeps a trailing '%' and "%-" literally; cordon warns */
        out = expand(u, "50%", &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(out, "50%");
        free(out);
        ASSERT_EQ(d.n, 1);
        ASSERT_EQ(d.items[0].severity, DIAG_WARNING);
        diag_list_done(&d);
        out = expand(u, "a%-b", &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(out, "a%-b");
        free(out);
        diag_list_done(&d);
        unit_free(u);
}

TEST(no_recursion_and_bounds)
{
        Unit *u = make_unit("x.service", "x", "%n", &test_options);
        char *big, *out;
        DiagList d = {0};
        int r;

        /* an instance containing "%n" is inserted verbatim, not expanded again */
        ASSERT_EXPANDS(u, "%i", "%n");

        big = malloc(UNIT_EXPANSION_MAX);
        ASSERT_NOT_NULL(big);
        for (size_t i = 0; i + 2 < UNIT_EXPANSION_MAX; i += 2)
                memcpy(big + i, "%n", 2);
        big[UNIT_EXPANSION_MAX - 2] = '\0';
        out = expand(u, big, &r, &d);
        free(big);
        ASSERT_NULL(out);
        ASSERT_ERROR(r, E2BIG);
        ASSERT_TRUE(diag_list_has_rule(&d, "specifier-too-long"));
        diag_list_done(&d);
        unit_free(u);
}

/* tests/data/units/tricky/specifiers@.service, loaded as systemd-analyze does: specifiers@i. */
TEST(specifiers_fixture)
{
        char path[512];
        Unit *u = NULL;
        DiagList d = {0};
        const char *home = getenv("HOME");
        char expected[512];

        snprintf(path, sizeof(path), "%s/units/tricky/specifiers@.service", test_data_dir());
        ASSERT_OK(unit_load(path, &test_options, &u, &d));
        ASSERT_STREQ(u->id, "specifiers@i.service");
        ASSERT_STREQ(u->prefix, "specifiers");
        ASSERT_STREQ(u->instance, "i");
        ASSERT_TRUE(u->is_template);
        u->options = &test_options;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *want = NULL;
                char *out = NULL;
                int r;

                if (streq(a->key, "Description"))
                        want = "Specifier test for i (specifiers@i.service, specifiers, "
                               "specifiers@i)";
                else if (streq(a->key, "ExecStart")) {
                        snprintf(expected, sizeof(expected),
                                 "/usr/bin/foo --name=specifiers@i.service --prefix=specifiers "
                                 "--instance=i --state=/var/lib --runtime=/run --home=%s",
                                 home ? home : "/root");
                        want = expected;
                } else if (streq(a->key, "User"))
                        want = "i";
                else if (streq(a->key, "StateDirectory"))
                        want = "specifiers/i";
                else if (streq(a->key, "ReadWritePaths"))
                        want = "/var/lib/specifiers /run/specifiers@i";
                else if (streq(a->key, "BindReadOnlyPaths"))
                        want = "/etc/specifiers:/run/specifiers-i";
                if (!want)
                        continue;
                r = specifier_expand(u, a, a->value, &out, &d);
                ASSERT_OK(r);
                ASSERT_STREQ(out, want);
                free(out);
        }
        u->options = NULL;
        /* User=%i reaches the model as "i" once the table knows User= */
        if (directive_lookup(SECTION_SERVICE, "User") && u->exec.user.value)
                ASSERT_STREQ(u->exec.user.value, "i");
        ASSERT_FALSE(diag_list_has_rule(&d, "unknown-specifier"));
        unit_free(u);
        diag_list_done(&d);
}
