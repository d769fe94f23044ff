/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* part2_attach()/part2_detach() end to end below a temporary root, in a private mount
 * namespace (the credentials store is a real ramfs mount). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "env-util.h"
#include "run-part2.h"
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

TEST(attach_run_detach)
{
        if (geteuid() != 0 || unshare(CLONE_NEWNS) < 0 ||
            mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
                TEST_SKIP("needs-privilege: root and a private mount namespace");
        char root[] = "/tmp/test-part2.XXXXXX", p[256];
        struct stat st;
        ASSERT_NOT_NULL(mkdtemp(root));
        ASSERT_EQ(chmod(root, 0755), 0); /* the service user must be able to reach its files */
        Unit *u = load("[Service]\nExecStart=/bin/true\nDynamicUser=yes\nStateDirectory=st\n"
                       "RuntimeDirectory=rt\nSetCredential=tok:s3cret\nEnvironment=A=1\n"
                       "PassEnvironment=FOO\nUMask=0077\n");
        ASSERT_NOT_NULL(u);
        char *host[] = {"FOO=bar", "LEAK=no", NULL};
        Part2Options o = {.root = root, .host_environment = host};
        SandboxPlan plan = {0};
        Part2 *p2 = NULL;
        DiagList d = {0};
        int status = 0;
        char *argv0[] = {"/bin/echo", "${STATE_DIRECTORY}/x", "$A", "$$A", NULL};
        char *argv1[] = {"/bin/echo", "${A}", NULL};
        PlanCommand cmds[2] = {{.argv = strv_copy(argv0)},
                               {.argv = strv_copy(argv1), .flags = EXEC_COMMAND_NO_ENV_EXPAND}};
        plan.commands = cmds;
        plan.n_commands = 2;
        ASSERT_OK(part2_attach(u, &plan, &o, &p2, &d, &status));
        char *j = strv_join(cmds[0].argv, "|");
        ASSERT_STREQ(j, "/bin/echo|/var/lib/st/x|1|$A");
        free(j);
        j = strv_join(cmds[1].argv, "|");
        ASSERT_STREQ(j, "/bin/echo|${A}"); /* ':' prefix: not expanded */
        free(j);
        strv_free(cmds[0].argv);
        strv_free(cmds[1].argv);
        ASSERT_TRUE(plan.pre_exec_hook == privileges_pre_exec_hook);
        uid_t uid = p2->priv->uid;
        ASSERT_TRUE(uid_is_dynamic(uid));

        /* environment */
        ASSERT_STREQ(strv_env_get(plan.environment, "USER"), "t");
        ASSERT_STREQ(strv_env_get(plan.environment, "A"), "1");
        ASSERT_STREQ(strv_env_get(plan.environment, "FOO"), "bar");
        ASSERT_NULL(strv_env_get(plan.environment, "LEAK"));
        ASSERT_STREQ(strv_env_get(plan.environment, "STATE_DIRECTORY"), "/var/lib/st");
        ASSERT_STREQ(strv_env_get(plan.environment, "RUNTIME_DIRECTORY"), "/run/rt");
        ASSERT_STREQ(strv_env_get(plan.environment, "CREDENTIALS_DIRECTORY"),
                     "/run/credentials/t.service");
        ASSERT_EQ(strlen(strv_env_get(plan.environment, "INVOCATION_ID")), 32);

        /* directories and credentials exist, owned by the dynamic uid */
        snprintf(p, sizeof p, "%s/var/lib/private/st", root);
        ASSERT_EQ(stat(p, &st), 0);
        ASSERT_EQ(st.st_uid, uid);
        snprintf(p, sizeof p, "%s/run/rt", root);
        ASSERT_EQ(stat(p, &st), 0);
        ASSERT_EQ(st.st_uid, uid);
        snprintf(p, sizeof p, "%s/run/credentials/t.service/tok", root);
        ASSERT_EQ(stat(p, &st), 0);
        ASSERT_EQ(st.st_uid, uid);
        ASSERT_EQ(st.st_mode & 07777, 0400);

        /* the hook, as the executor calls it */
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                int s = 0;
                if (plan.pre_exec_hook(plan.pre_exec_data, NULL, NULL, &s) < 0)
                        _exit(10);
                if (getuid() != uid || umask(0) != 0077)
                        _exit(11);
                FILE *f = fopen(p, "r"); /* the credential, readable by the service */
                char buf[16] = {0};
                if (!f || !fgets(buf, sizeof buf, f) || strcmp(buf, "s3cret") != 0)
                        _exit(12);
                _exit(0);
        }
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);

        /* detach: runtime dir and credentials gone, state kept, uid released */
        char lock[64];
        snprintf(lock, sizeof lock, "/run/cordon/dynamic-uid/%u", (unsigned) uid);
        ASSERT_EQ(stat(lock, &st), 0);
        part2_detach(u, p2, NULL);
        snprintf(p, sizeof p, "%s/run/rt", root);
        ASSERT_NE(stat(p, &st), 0);
        snprintf(p, sizeof p, "%s/run/credentials/t.service", root);
        ASSERT_NE(stat(p, &st), 0);
        snprintf(p, sizeof p, "%s/var/lib/private/st", root);
        ASSERT_EQ(stat(p, &st), 0);
        ASSERT_NE(stat(lock, &st), 0);

        strv_free(plan.environment);
        diag_list_done(&d);
        unit_free(u);
        snprintf(p, sizeof p, "rm -rf %s", root);
        ASSERT_EQ(system(p), 0);
}

TEST(attach_failure_undoes_everything)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root");
        char root[] = "/tmp/test-part2f.XXXXXX", p[256];
        struct stat st;
        ASSERT_NOT_NULL(mkdtemp(root));
        /* the state directory is created, then the missing EnvironmentFile= fails the attach */
        Unit *u = load("[Service]\nExecStart=/bin/true\nUser=nobody\nRuntimeDirectory=rt\n"
                       "EnvironmentFile=/nonexistent/env\n");
        ASSERT_NOT_NULL(u);
        Part2Options o = {.root = root};
        SandboxPlan plan = {0};
        Part2 *p2 = NULL;
        DiagList d = {0};
        int status = 0;
        ASSERT_ERROR(part2_attach(u, &plan, &o, &p2, &d, &status), ENOENT);
        ASSERT_NULL(p2);
        ASSERT_NULL(plan.pre_exec_hook);
        snprintf(p, sizeof p, "%s/run/rt", root);
        ASSERT_NE(stat(p, &st), 0);
        ASSERT_TRUE(d.n >= 1);
        diag_list_done(&d);
        unit_free(u);
        snprintf(p, sizeof p, "rm -rf %s", root);
        ASSERT_EQ(system(p), 0);
}
