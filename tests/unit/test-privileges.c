/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Identity resolution and the pre-exec hook (run for real in a forked child when root). */
#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "privileges.h"
#include "tests.h"
#include "unit.h"

static char root[64];
static char locks[96];

static void setup_root(void)
{
        char p[160];
        if (root[0])
                return;
        snprintf(root, sizeof root, "/tmp/test-priv.XXXXXX");
        if (!mkdtemp(root))
                abort();
        snprintf(p, sizeof p, "%s/etc", root);
        (void) mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/etc/passwd", root);
        FILE *f = fopen(p, "w");
        fputs("root:x:0:0:root:/root:/bin/bash\n"
              "svc:x:1234:1235:Service:/home/svc:/bin/bash\n"
              "quiet:x:1300:1300::/:/usr/sbin/nologin\n",
              f);
        fclose(f);
        snprintf(p, sizeof p, "%s/etc/group", root);
        f = fopen(p, "w");
        fputs("root:x:0:\ngrp:x:2000:\nextra:x:2001:svc\n", f);
        fclose(f);
        snprintf(locks, sizeof locks, "%s/locks", root);
}

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

static int prep(const char *text, Privileges **ret, DiagList *d)
{
        setup_root();
        Unit *u = load(text);
        if (!u)
                return -EBADMSG;
        PrivilegesOptions o = {.root = root, .dynamic_uid_lock_dir = locks};
        int r = privileges_prepare(u, &o, ret, d);
        unit_free(u);
        return r;
}

TEST(user_group_supplementary)
{
        Privileges *p = NULL;
        DiagList d = {0};
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=svc\n", &p, &d));
        ASSERT_TRUE(p->switch_user);
        ASSERT_EQ(p->uid, 1234);
        ASSERT_EQ(p->gid, 1235);
        ASSERT_STREQ(p->home, "/home/svc");
        ASSERT_STREQ(p->shell, "/bin/bash");
        ASSERT_STREQ(p->user_name, "svc");
        ASSERT_TRUE(p->set_groups);
        ASSERT_EQ(p->n_groups, 0);
        p = privileges_free(p);

        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=1234\nGroup=grp\n"
                       "SupplementaryGroups=extra 2000\n",
                       &p, &d));
        ASSERT_EQ(p->uid, 1234);
        ASSERT_EQ(p->gid, 2000);
        ASSERT_STREQ(p->user_name, "svc"); /* numeric User= takes the database name */
        ASSERT_EQ(p->n_groups, 2);
        ASSERT_EQ(p->groups[0], 2001);
        ASSERT_EQ(p->groups[1], 2000);
        p = privileges_free(p);

        /* placeholders are not exported as $HOME/$SHELL (USER_CREDS_CLEAN) */
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=quiet\n", &p, &d));
        ASSERT_NULL(p->home);
        ASSERT_NULL(p->shell);
        p = privileges_free(p);
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=nobody\n", &p, &d));
        ASSERT_EQ(p->uid, 65534); /* synthesised even though the database lacks it */
        p = privileges_free(p);
        ASSERT_EQ(d.n, 0);
        diag_list_done(&d);
}

TEST(bad_names_are_errors_never_root)
{
        Privileges *p = NULL;
        DiagList d = {0};
        ASSERT_ERROR(prep("[Service]\nExecStart=/bin/true\nUser=nosuch\n", &p, &d), ESRCH);
        ASSERT_NULL(p);
        ASSERT_EQ(d.n, 1);
        ASSERT_EQ(d.items[0].line, 3);
        ASSERT_ERROR(prep("[Service]\nExecStart=/bin/true\nUser=4321\n", &p, &d), ESRCH);
        ASSERT_ERROR(prep("[Service]\nExecStart=/bin/true\nUser=svc\nGroup=nogrp\n", &p, &d),
                     ESRCH);
        ASSERT_ERROR(
                prep("[Service]\nExecStart=/bin/true\nUser=svc\nSupplementaryGroups=x\n", &p, &d),
                ESRCH);
        diag_list_done(&d);
}

TEST(dynamic_user_allocated_and_released)
{
        Privileges *p = NULL;
        DiagList d = {0};
        struct stat st;
        char lock[160];
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nDynamicUser=yes\n", &p, &d));
        ASSERT_TRUE(p->switch_user);
        ASSERT_TRUE(uid_is_dynamic(p->uid));
        ASSERT_EQ(p->gid, p->uid);
        ASSERT_STREQ(p->user_name, "t");
        ASSERT_EQ(p->uid, dynamic_uid_hash("t"));
        ASSERT_TRUE(p->caps.bounding != 0);
        snprintf(lock, sizeof lock, "%s/%u", locks, (unsigned) p->uid);
        ASSERT_EQ(stat(lock, &st), 0);
        p = privileges_free(p);
        ASSERT_NE(stat(lock, &st), 0);

        /* an existing static user of that name is used as is */
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nDynamicUser=yes\nUser=svc\n", &p, &d));
        ASSERT_EQ(p->uid, 1234);
        p = privileges_free(p);
        diag_list_done(&d);
}

TEST(rootless_does_not_switch)
{
        setup_root();
        Unit *u = load("[Service]\nExecStart=/bin/true\nUser=svc\n");
        PrivilegesOptions o = {.root = root, .rootless = true};
        Privileges *p = NULL;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(privileges_prepare(u, &o, &p, NULL));
        ASSERT_FALSE(p->switch_user);
        ASSERT_FALSE(p->set_groups);
        privileges_free(p);
        unit_free(u);
}

TEST(hook_applies_everything_in_order)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to switch users");
        Privileges *p = NULL;
        DiagList d = {0};
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=nobody\nSupplementaryGroups=grp\n"
                       "CapabilityBoundingSet=CAP_NET_BIND_SERVICE\n"
                       "AmbientCapabilities=CAP_NET_BIND_SERVICE\nNoNewPrivileges=yes\n"
                       "UMask=0077\nRestrictRealtime=yes\nSystemCallFilter=~reboot\n",
                       &p, &d));
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                int status = 0;
                struct rlimit rl;
                gid_t g[4];
                if (privileges_pre_exec_hook(p, NULL, NULL, &status) < 0)
                        _exit(10);
                if (getuid() != 65534 || geteuid() != 65534 || getgid() != 65534)
                        _exit(11);
                if (getgroups(4, g) != 1 || g[0] != 2000)
                        _exit(12);
                if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 10, 0, 0) != 1 ||
                    prctl(PR_CAPBSET_READ, 21 /* CAP_SYS_ADMIN */, 0, 0, 0) != 0)
                        _exit(13);
                if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
                        _exit(14);
                if (umask(0) != 0077)
                        _exit(15);
                if (getrlimit(RLIMIT_RTPRIO, &rl) < 0 || rl.rlim_max != 0)
                        _exit(16);
                syscall(SYS_reboot, 0, 0, 0, NULL); /* the seccomp stack kills us here */
                _exit(17);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        if (WIFEXITED(status))
                test_fail(__FILE__, __LINE__, "child exited with check %d", WEXITSTATUS(status));
        ASSERT_TRUE(WIFSIGNALED(status));
        ASSERT_EQ(WTERMSIG(status), SIGSYS);
        privileges_free(p);
        diag_list_done(&d);
}

TEST(no_setuid_variant_keeps_identity)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root");
        Privileges *p = NULL;
        ASSERT_OK(prep("[Service]\nExecStart=/bin/true\nUser=nobody\nUMask=0027\n"
                       "NoNewPrivileges=yes\n",
                       &p, NULL));
        pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                int st = 0;
                if (privileges_pre_exec_hook_no_setuid(p, NULL, NULL, &st) < 0)
                        _exit(10);
                /* '!': still root, but the rest applies */
                if (getuid() != 0 || umask(0) != 0027 ||
                    prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
                        _exit(11);
                _exit(0);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
        privileges_free(p);
}

static long session_keyring(void)
{
        return syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3 /* session */, 1, 0, 0);
}

TEST(keyring_modes)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to switch users");
        long outer = session_keyring();
        if (outer < 0)
                TEST_SKIP("no kernel keyrings here");
        const char *units[] = {"[Service]\nExecStart=/bin/true\nUser=nobody\n",
                               "[Service]\nExecStart=/bin/true\nKeyringMode=inherit\n"};
        for (int k = 0; k < 2; k++) {
                Privileges *p = NULL;
                ASSERT_OK(prep(units[k], &p, NULL));
                ASSERT_EQ(p->keyring_mode, k == 0 ? KEYRING_PRIVATE : KEYRING_INHERIT);
                pid_t pid = fork();
                ASSERT_GE(pid, 0);
                if (pid == 0) {
                        int st = 0;
                        if (privileges_pre_exec_hook(p, NULL, NULL, &st) < 0)
                                _exit(10);
                        long inner = session_keyring();
                        /* private: a new session keyring; inherit: the caller's */
                        _exit(k == 0 ? (inner >= 0 && inner != outer ? 0 : 11)
                                     : (inner == outer ? 0 : 12));
                }
                int status;
                ASSERT_EQ(waitpid(pid, &status, 0), pid);
                ASSERT_TRUE(WIFEXITED(status));
                ASSERT_EQ(WEXITSTATUS(status), 0);
                privileges_free(p);
        }
}

TEST(cleanup)
{
        char cmd[128];
        setup_root();
        snprintf(cmd, sizeof cmd, "rm -rf %s", root);
        ASSERT_EQ(system(cmd), 0);
}
