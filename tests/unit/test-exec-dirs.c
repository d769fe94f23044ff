/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* *Directory= creation below a temporary root, as systemd 252 lays them out. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec-dirs.h"
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

static char root[64];

static const char *at(const char *rel)
{
        static char buf[4][256];
        static int k;
        k = (k + 1) % 4;
        snprintf(buf[k], sizeof buf[k], "%s%s", root, rel);
        return buf[k];
}

static void mkroot(void)
{
        snprintf(root, sizeof root, "/tmp/test-execdirs.XXXXXX");
        if (!mkdtemp(root))
                abort();
}

static void rmroot(void)
{
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", root);
        if (system(cmd) != 0)
                abort();
}

TEST(plain_directories_modes_and_owner)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to chown");
        mkroot();
        Unit *u = load("[Service]\nExecStart=/bin/true\nRuntimeDirectory=r1 deep/r2\n"
                       "RuntimeDirectoryMode=0750\nStateDirectory=st\nLogsDirectory=lg\n"
                       "ConfigurationDirectory=cf\n");
        ExecDirs d = {0};
        DiagList diags = {0};
        int status = 0;
        struct stat st;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(exec_dirs_setup(u, root, 4242, 4243, &d, &status, &diags));
        ASSERT_EQ(d.n, 5);
        ASSERT_EQ(stat(at("/run/r1"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0750);
        ASSERT_EQ(st.st_uid, 4242);
        ASSERT_EQ(st.st_gid, 4243);
        ASSERT_EQ(stat(at("/run/deep"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0755); /* parents 0755, root-owned */
        ASSERT_EQ(st.st_uid, 0);
        ASSERT_EQ(stat(at("/var/lib/st"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0755);
        ASSERT_EQ(st.st_uid, 4242);
        ASSERT_STREQ(d.items[0].path, at("/run/r1"));
        ASSERT_NULL(d.items[0].private_path);

        /* cleanup removes runtime trees only */
        int fd = open(at("/run/r1/sock"), O_CREAT | O_WRONLY, 0600);
        ASSERT_GE(fd, 0);
        close(fd);
        ASSERT_OK(exec_dirs_remove_runtime(u, &d));
        ASSERT_NE(stat(at("/run/r1"), &st), 0);
        ASSERT_NE(stat(at("/run/deep/r2"), &st), 0);
        ASSERT_EQ(stat(at("/var/lib/st"), &st), 0);
        exec_dirs_done(&d);
        unit_free(u);

        /* an existing ConfigurationDirectory= keeps its owner and mode */
        ASSERT_EQ(chown(at("/etc/cf"), 0, 0), 0);
        ASSERT_EQ(chmod(at("/etc/cf"), 0700), 0);
        u = load("[Service]\nExecStart=/bin/true\nConfigurationDirectory=cf\n");
        ASSERT_OK(exec_dirs_setup(u, root, 4242, 4243, &d, &status, &diags));
        ASSERT_EQ(stat(at("/etc/cf"), &st), 0);
        ASSERT_EQ(st.st_uid, 0);
        ASSERT_EQ(st.st_mode & 07777, 0700);
        exec_dirs_done(&d);
        unit_free(u);
        diag_list_done(&diags);
        rmroot();
}

TEST(dynamic_user_private_layout)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to chown");
        mkroot();
        Unit *u = load("[Service]\nExecStart=/bin/true\nDynamicUser=yes\n"
                       "StateDirectory=foo foo/bar a/b\nCacheDirectory=c\nRuntimeDirectory=r\n");
        ExecDirs d = {0};
        int status = 0;
        struct stat st;
        char link[PATH_MAX];
        ASSERT_NOT_NULL(u);
        /* a SUID file left over in the state directory must lose the bit */
        ASSERT_EQ(mkdir(at("/var"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/lib"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/lib/foo"), 0755), 0); /* public dir from before: migrated */
        int fd = open(at("/var/lib/foo/suid"), O_CREAT | O_WRONLY, 04755);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(fchmod(fd, 04755), 0);
        close(fd);

        ASSERT_OK(exec_dirs_setup(u, root, 61999, 61999, &d, &status, NULL));
        ASSERT_EQ(lstat(at("/var/lib/private"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0700);
        ASSERT_EQ(st.st_uid, 0);
        ASSERT_EQ(lstat(at("/var/lib/foo"), &st), 0);
        ASSERT_TRUE(S_ISLNK(st.st_mode));
        ssize_t n = readlink(at("/var/lib/foo"), link, sizeof link - 1);
        ASSERT_GT(n, 0);
        link[n] = '\0';
        ASSERT_STREQ(link, "private/foo");
        n = readlink(at("/var/lib/a/b"), link, sizeof link - 1);
        ASSERT_GT(n, 0);
        link[n] = '\0';
        ASSERT_STREQ(link, "../private/a/b");
        ASSERT_EQ(stat(at("/var/lib/private/foo/bar"), &st), 0);
        ASSERT_EQ(st.st_uid, 61999);
        ASSERT_EQ(stat(at("/var/lib/private/foo/suid"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0755); /* SUID stripped */
        ASSERT_EQ(st.st_uid, 61999);
        ASSERT_EQ(lstat(at("/var/cache/c"), &st), 0);
        ASSERT_TRUE(S_ISLNK(st.st_mode));
        /* a non-preserved RuntimeDirectory= is not private */
        ASSERT_EQ(lstat(at("/run/r"), &st), 0);
        ASSERT_TRUE(S_ISDIR(st.st_mode));
        ASSERT_EQ(st.st_uid, 61999);
        ASSERT_NULL(d.items[0].private_path); /* r */
        ASSERT_STREQ(d.items[1].private_path, at("/var/lib/private/foo"));
        exec_dirs_done(&d);
        unit_free(u);
        rmroot();
}

TEST(refuses_unsafe_and_symlinks)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to chown");
        mkroot();
        Unit *u = load("[Service]\nExecStart=/bin/true\nStateDirectory=victim\n");
        ExecDirs d = {0};
        DiagList diags = {0};
        int status = 0;
        ASSERT_NOT_NULL(u);
        ASSERT_EQ(mkdir(at("/var"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/lib"), 0755), 0);
        ASSERT_EQ(symlink("/etc", at("/var/lib/victim")), 0); /* planted */
        ASSERT_ERROR(exec_dirs_setup(u, root, 4242, 4242, &d, &status, &diags), ENOTDIR);
        ASSERT_EQ(status, 238);
        ASSERT_EQ(diags.n, 1);
        struct stat st;
        ASSERT_EQ(stat("/etc", &st), 0);
        ASSERT_EQ(st.st_uid, 0); /* /etc was not chowned */
        diag_list_done(&diags);
        unit_free(u);
        rmroot();
}

/* systemd 252's manager_setup_prefix() for a user manager, with sd_path's fallbacks. */
TEST(user_prefixes)
{
        ExecDirPrefixes p = {{NULL}};

        ASSERT_OK(exec_dir_prefixes_user("/run/user/1000", "/x/cfg/", NULL, "/home/u", &p));
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_RUNTIME], "/run/user/1000");
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_STATE], "/x/cfg"); /* 252: not $XDG_STATE_HOME */
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_CACHE], "/home/u/.cache");
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_LOGS], "/x/cfg/log");
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_CONFIGURATION], "/x/cfg");
        exec_dir_prefixes_done(&p);
        ASSERT_NULL(p.prefix[EXEC_DIRECTORY_STATE]);

        /* relative values are ignored (from_environment()); no $XDG_RUNTIME_DIR: none */
        ASSERT_OK(exec_dir_prefixes_user(NULL, "cfg", "rel/cache", "/home/u", &p));
        ASSERT_NULL(p.prefix[EXEC_DIRECTORY_RUNTIME]);
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_STATE], "/home/u/.config");
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_CACHE], "/home/u/.cache");
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_LOGS], "/home/u/.config/log");
        exec_dir_prefixes_done(&p);

        /* no home and no variables: nothing but an absolute $XDG_CACHE_HOME */
        ASSERT_OK(exec_dir_prefixes_user("", NULL, "/c", NULL, &p));
        ASSERT_NULL(p.prefix[EXEC_DIRECTORY_RUNTIME]);
        ASSERT_NULL(p.prefix[EXEC_DIRECTORY_STATE]);
        ASSERT_NULL(p.prefix[EXEC_DIRECTORY_CONFIGURATION]);
        ASSERT_STREQ(p.prefix[EXEC_DIRECTORY_CACHE], "/c");
        exec_dir_prefixes_done(&p);
        ASSERT_STREQ(exec_dir_user_prefix_name(EXEC_DIRECTORY_LOGS), "$XDG_CONFIG_HOME/log");
}

/* Rootless layout: below the given prefixes, owned by the caller, runtime trees removed at
 * stop unless RuntimeDirectoryPreserve=yes; an unknown prefix fails with the type's code. */
TEST(user_prefix_layout)
{
        mkroot();
        Unit *u = load("[Service]\nExecStart=/bin/true\nRuntimeDirectory=rt/sub\n"
                       "StateDirectory=st\nStateDirectoryMode=0700\nCacheDirectory=ca\n"
                       "LogsDirectory=lg\nConfigurationDirectory=cf\n");
        ExecDirPrefixes p = {{NULL}};
        ExecDirs d = {0};
        DiagList diags = {0};
        int status = 0;
        struct stat st;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(exec_dir_prefixes_user(at("/xdg-run"), NULL, NULL, at("/home"), &p));
        ASSERT_OK(exec_dirs_setup_at(u, NULL, (const char *const *) p.prefix, getuid(), getgid(),
                                     &d, &status, &diags));
        ASSERT_EQ(d.n, 5);
        ASSERT_EQ(stat(at("/xdg-run/rt/sub"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0755);
        ASSERT_EQ(st.st_uid, getuid());
        ASSERT_EQ(stat(at("/home/.config/st"), &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0700);
        ASSERT_EQ(stat(at("/home/.config/log/lg"), &st), 0);
        ASSERT_EQ(stat(at("/home/.config/cf"), &st), 0);
        ASSERT_EQ(stat(at("/home/.cache/ca"), &st), 0);
        ASSERT_STREQ(d.items[0].path, at("/xdg-run/rt/sub"));
        ASSERT_NULL(d.items[0].private_path);
        ASSERT_OK(exec_dirs_remove_runtime(u, &d));
        ASSERT_TRUE(stat(at("/xdg-run/rt/sub"), &st) < 0 && errno == ENOENT);
        ASSERT_EQ(stat(at("/xdg-run/rt"), &st), 0); /* only the innermost goes */
        ASSERT_EQ(stat(at("/home/.config/st"), &st), 0);
        exec_dirs_done(&d);

        /* without $XDG_RUNTIME_DIR: RuntimeDirectory= fails (233), nothing half-made stays */
        free(p.prefix[EXEC_DIRECTORY_RUNTIME]);
        p.prefix[EXEC_DIRECTORY_RUNTIME] = NULL;
        ASSERT_ERROR(exec_dirs_setup_at(u, NULL, (const char *const *) p.prefix, getuid(), getgid(),
                                        &d, &status, &diags),
                     ENXIO);
        ASSERT_EQ(status, 233);
        ASSERT_EQ(diags.n, 1);
        ASSERT_EQ(d.n, 0);
        exec_dir_prefixes_done(&p);
        diag_list_done(&diags);
        unit_free(u);
        rmroot();
}

/* Rootless DynamicUser=: the service runs as the caller, so no private/ layer (it would have to
 * be root's); a failure later in the list takes the runtime directories made so far with it. */
TEST(user_prefix_dynamic_user_plain_and_failure_cleanup)
{
        mkroot();
        Unit *u = load("[Service]\nExecStart=/bin/true\nDynamicUser=yes\nRuntimeDirectory=rt\n"
                       "RuntimeDirectoryPreserve=restart\nStateDirectory=st\n");
        ExecDirPrefixes p = {{NULL}};
        ExecDirs d = {0};
        DiagList diags = {0};
        int status = 0;
        struct stat st;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(exec_dir_prefixes_user(at("/xdg-run"), NULL, NULL, at("/home"), &p));
        ASSERT_OK(exec_dirs_setup_at(u, NULL, (const char *const *) p.prefix, getuid(), getgid(),
                                     &d, &status, &diags));
        ASSERT_EQ(d.n, 2);
        ASSERT_NULL(d.items[0].private_path);
        ASSERT_NULL(d.items[1].private_path);
        ASSERT_EQ(lstat(at("/home/.config/st"), &st), 0);
        ASSERT_TRUE(S_ISDIR(st.st_mode)); /* a directory, not a symlink into private/ */
        ASSERT_TRUE(lstat(at("/home/.config/private"), &st) < 0 && errno == ENOENT);
        ASSERT_TRUE(lstat(at("/xdg-run/private"), &st) < 0 && errno == ENOENT);
        ASSERT_OK(exec_dirs_remove_runtime(u, &d));
        exec_dirs_done(&d);

        /* StateDirectory= cannot be made (a file is in the way): the runtime one goes too */
        ASSERT_EQ(rmdir(at("/home/.config/st")), 0);
        int fd = open(at("/home/.config/st"), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
        ASSERT_TRUE(fd >= 0);
        close(fd);
        ASSERT_TRUE(exec_dirs_setup_at(u, NULL, (const char *const *) p.prefix, getuid(), getgid(),
                                       &d, &status, &diags) < 0);
        ASSERT_EQ(status, 238);
        ASSERT_TRUE(stat(at("/xdg-run/rt"), &st) < 0 && errno == ENOENT);
        exec_dir_prefixes_done(&p);
        diag_list_done(&diags);
        unit_free(u);
        rmroot();
}
