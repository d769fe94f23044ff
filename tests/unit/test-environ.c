/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The service environment, in systemd 252's order, from real unit text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "environ.h"
#include "strv.h"
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

static char *joined(char **l)
{
        return strv_join(l, "|");
}

#define DEFPATH "PATH=" ENVIRON_DEFAULT_PATH

TEST(nothing_leaks_by_default)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\n");
        char *host[] = {"HOME=/root", "SECRET=x", "PATH=/evil", NULL};
        EnvironParams p = {.host_environment = host};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, NULL));
        char *j = joined(env);
        ASSERT_STREQ(j, DEFPATH);
        free(j);
        strv_free(env);
        unit_free(u);
}

TEST(systemd_order_and_identity)
{
        Unit *u = load("[Service]\nType=notify\nExecStart=/bin/true\nUser=svc\n"
                       "Environment=A=1 B=2\nPassEnvironment=FOO MISSING\n"
                       "RuntimeDirectory=r1 r2\nStateDirectory=st\n");
        char *host[] = {"FOO=from-host", "BAR=no", NULL};
        EnvironParams p = {.host_environment = host,
                           .home = "/home/svc",
                           .user = "svc",
                           .shell = "/bin/sh",
                           .invocation_id = "0123456789abcdef0123456789abcdef",
                           .notify_socket = "/run/cordon/notify"};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, NULL));
        char *j = joined(env);
        ASSERT_STREQ(j, DEFPATH
                     "|NOTIFY_SOCKET=/run/cordon/notify|HOME=/home/svc|LOGNAME=svc|"
                     "USER=svc|SHELL=/bin/sh|INVOCATION_ID=0123456789abcdef0123456789abcdef|"
                     "RUNTIME_DIRECTORY=/run/r1:/run/r2|STATE_DIRECTORY=/var/lib/st|"
                     "FOO=from-host|A=1|B=2");
        free(j);
        strv_free(env);
        unit_free(u);
}

TEST(later_sources_win_in_place)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nEnvironment=A=1 PATH=/mine\n"
                       "Environment=A=2 C=3\nPassEnvironment=C\n");
        char *host[] = {"C=host", NULL};
        char *setenv_[] = {"C=cli", "D=cli", NULL};
        char *files[] = {"D=file", "E=file", NULL};
        EnvironParams p = {.host_environment = host, .setenv = setenv_, .files_environment = files};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, NULL));
        char *j = joined(env);
        /* PATH keeps its first position, Environment= beats PassEnvironment=, --setenv beats
         * Environment=, EnvironmentFile= beats both */
        ASSERT_STREQ(j, "PATH=/mine|C=cli|A=2|D=file|E=file");
        free(j);
        strv_free(env);
        unit_free(u);
}

TEST(unset_environment_last)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nEnvironment=A=1 B=2 C=3\n"
                       "UnsetEnvironment=A B=9 C=3 PATH\n");
        EnvironParams p = {0};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, NULL));
        char *j = joined(env);
        ASSERT_STREQ(j, "B=2"); /* B=9 does not match B=2 */
        free(j);
        strv_free(env);
        unit_free(u);
}

TEST(invalid_assignments_are_dropped)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\n");
        char *files[] = {"export A=1", "OK=1", "9X=2", NULL};
        EnvironParams p = {.files_environment = files};
        DiagList d = {0};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, &d));
        char *j = joined(env);
        ASSERT_STREQ(j, DEFPATH "|OK=1");
        ASSERT_EQ(d.n, 2);
        free(j);
        strv_free(env);
        diag_list_done(&d);
        unit_free(u);
}

TEST(credentials_search_path_result_and_pids)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nSetCredential=tok:abc\n"
                       "ExecSearchPath=/opt/bin:/usr/bin\nPIDFile=/run/t.pid\n");
        EnvironParams p = {.main_pid = 42,
                           .set_result = true,
                           .service_result = "exit-code",
                           .exit_code = "exited",
                           .exit_status = "3",
                           .exec_pid = true};
        char **env = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_build(u, &p, &env, NULL));
        environ_patch_exec_pid(env, 123456);
        char *j = joined(env);
        ASSERT_STREQ(j, "PATH=/opt/bin:/usr/bin|MAINPID=42|PIDFILE=/run/t.pid|"
                        "SERVICE_RESULT=exit-code|EXIT_CODE=exited|EXIT_STATUS=3|"
                        "CREDENTIALS_DIRECTORY=/run/credentials/t.service|"
                        "SYSTEMD_EXEC_PID=123456");
        free(j);
        strv_free(env);
        unit_free(u);
}

TEST(load_files_globs_and_missing)
{
        char dir[] = "/tmp/test-environ.XXXXXX";
        char path[256], unit[1024];
        FILE *f;
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/a.env", dir);
        f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fputs("# comment\nA=1\nB=\"two words\"\n", f);
        fclose(f);
        snprintf(path, sizeof path, "%s/b.env", dir);
        f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fputs("A=from-b\n", f);
        fclose(f);

        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nEnvironmentFile=%s/*.env\n"
                 "EnvironmentFile=-%s/missing.env\n",
                 dir, dir);
        Unit *u = load(unit);
        char **l = NULL;
        DiagList d = {0};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(environ_load_files(u, NULL, &l, &d));
        char *j = joined(l);
        ASSERT_STREQ(j, "A=from-b|B=two words");
        free(j);
        strv_free(l);
        unit_free(u);

        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nEnvironmentFile=%s/nope\n",
                 dir);
        u = load(unit);
        ASSERT_NOT_NULL(u);
        l = NULL;
        ASSERT_ERROR(environ_load_files(u, NULL, &l, &d), ENOENT);
        ASSERT_TRUE(d.n >= 1);
        ASSERT_NULL(l);
        unit_free(u);
        diag_list_done(&d);

        snprintf(path, sizeof path, "rm -rf %s", dir);
        ASSERT_EQ(system(path), 0);
}

/* A file read as root through a symlink the service could have planted (its StateDirectory=
 * is writable by it) is refused: an error naming file:line, or with '-' a warning and treated
 * as missing. Root's own link in a root-only directory is followed (safer than systemd 252,
 * which reads through both). */
TEST(load_files_planted_symlink_is_not_followed)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root (the rule applies when cordon reads as root)");
        char dir[] = "/tmp/test-environ-link.XXXXXX";
        char secret[256], state[256], link[300], admin[300], unit[1024];
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(secret, sizeof secret, "%s/secret.env", dir);
        FILE *f = fopen(secret, "w");
        ASSERT_NOT_NULL(f);
        fputs("T=s3cret\n", f);
        fclose(f);
        snprintf(state, sizeof state, "%s/state", dir);
        ASSERT_EQ(mkdir(state, 0755), 0);
        ASSERT_EQ(chown(state, 65534, 65534), 0);
        snprintf(link, sizeof link, "%s/env", state);
        ASSERT_EQ(symlink(secret, link), 0);
        ASSERT_EQ(lchown(link, 65534, 65534), 0);

        for (int optional = 0; optional < 2; optional++) {
                snprintf(unit, sizeof unit,
                         "[Service]\nExecStart=/bin/true\nEnvironmentFile=%s%s\n",
                         optional ? "-" : "", link);
                Unit *u = load(unit);
                ASSERT_NOT_NULL(u);
                char **l = NULL;
                DiagList d = {0};
                int r = environ_load_files(u, NULL, &l, &d);
                if (optional) {
                        ASSERT_OK(r);
                        ASSERT_NOT_NULL(l);
                        ASSERT_NULL(l[0]); /* nothing read */
                } else {
                        ASSERT_ERROR(r, ELOOP);
                        ASSERT_NULL(l);
                }
                ASSERT_EQ(d.n, 1u);
                ASSERT_EQ(d.items[0].line, 3);
                ASSERT_EQ(d.items[0].severity, optional ? DIAG_WARNING : DIAG_ERROR);
                ASSERT_NOT_NULL(strstr(d.items[0].message, "symlink"));
                strv_free(l);
                diag_list_done(&d);
                unit_free(u);
        }

        /* /etc/default/x -> /etc/alternatives/…: root's link in a root-only directory */
        snprintf(admin, sizeof admin, "%s/admin.env", dir);
        ASSERT_EQ(symlink("secret.env", admin), 0);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nEnvironmentFile=%s\n", admin);
        Unit *u = load(unit);
        ASSERT_NOT_NULL(u);
        char **l = NULL;
        DiagList d = {0};
        ASSERT_OK(environ_load_files(u, NULL, &l, &d));
        char *j = joined(l);
        ASSERT_STREQ(j, "T=s3cret");
        free(j);
        ASSERT_EQ(d.n, 0u);
        strv_free(l);
        diag_list_done(&d);
        unit_free(u);

        snprintf(unit, sizeof unit, "rm -rf %s", dir);
        ASSERT_EQ(system(unit), 0);
}

TEST(manager_default_reads_locale)
{
        char dir[] = "/tmp/test-environ-root.XXXXXX", path[256];
        char **l = NULL;
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof path, "%s/etc", dir);
        ASSERT_EQ(mkdir(path, 0755), 0);
        snprintf(path, sizeof path, "%s/etc/locale.conf", dir);
        FILE *f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fputs("LANG=C.UTF-8\nLC_TIME=de_DE.UTF-8\nOTHER=x\n", f);
        fclose(f);
        ASSERT_OK(environ_manager_default(dir, &l));
        char *j = joined(l);
        ASSERT_STREQ(j, DEFPATH "|LANG=C.UTF-8|LC_TIME=de_DE.UTF-8");
        free(j);
        strv_free(l);

        /* without /etc/locale.conf, Debian's /etc/default/locale */
        ASSERT_EQ(unlink(path), 0);
        snprintf(path, sizeof path, "%s/etc/default", dir);
        ASSERT_EQ(mkdir(path, 0755), 0);
        snprintf(path, sizeof path, "%s/etc/default/locale", dir);
        f = fopen(path, "w");
        ASSERT_NOT_NULL(f);
        fputs("#  File generated by update-locale\nLANG=\"en_GB.UTF-8\"\n", f);
        fclose(f);
        ASSERT_OK(environ_manager_default(dir, &l));
        j = joined(l);
        ASSERT_STREQ(j, DEFPATH "|LANG=en_GB.UTF-8");
        free(j);
        strv_free(l);
        snprintf(path, sizeof path, "rm -rf %s", dir);
        ASSERT_EQ(system(path), 0);
}
