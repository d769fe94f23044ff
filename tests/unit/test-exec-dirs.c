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
        ASSERT_ERROR(exec_dirs_setup(u, root, 4242, 4242, &d, &status, &diags), ELOOP);
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

/* ---- a symbolic link the service planted below its prefix is never followed (K4-D1/D2) ---- */

/* ROOT/decoy/ssl/file: what a planted link points at; ssl 0700 so a chmod through it shows. */
static void mkdecoy(void)
{
        ASSERT_EQ(mkdir(at("/decoy"), 0755), 0);
        ASSERT_EQ(mkdir(at("/decoy/ssl"), 0700), 0);
        ASSERT_EQ(chmod(at("/decoy/ssl"), 0700), 0);
        int fd = open(at("/decoy/ssl/file"), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
        ASSERT_GE(fd, 0);
        close(fd);
}

static bool decoy_intact(void)
{
        struct stat st;
        return stat(at("/decoy/ssl/file"), &st) == 0 && st.st_uid == geteuid() &&
               stat(at("/decoy/ssl"), &st) == 0 && (st.st_mode & 07777) == 0700 &&
               st.st_uid == geteuid();
}

/* The service's swap: mv DIR DIR.old && ln -s ROOT/decoy DIR (absolute, as in the service). */
static void swap_for_link(const char *dir)
{
        char old[300];
        snprintf(old, sizeof old, "%s.old", dir);
        ASSERT_EQ(rename(dir, old), 0);
        ASSERT_EQ(symlink(at("/decoy"), dir), 0);
}

static bool exists(const char *p)
{
        struct stat st;
        return lstat(p, &st) == 0;
}

/* uid/gid of the service: the caller's own unless root (then someone else, to see chowns). */
static uid_t svc_uid(void)
{
        return geteuid() == 0 ? 4242 : geteuid();
}

static gid_t svc_gid(void)
{
        return geteuid() == 0 ? 4242 : getegid();
}

TEST(runtime_removal_never_follows_a_planted_link)
{
        /* each component of RuntimeDirectory=k/x/ssl in turn, the service's own k item too */
        static const char *const swapped[] = {"/run/k/x", "/run/k/x/ssl", "/run/k"};
        for (size_t i = 0; i < sizeof swapped / sizeof *swapped; i++) {
                mkroot();
                mkdecoy();
                Unit *u = load("[Service]\nExecStart=/bin/true\nRuntimeDirectory=k/x/ssl k\n");
                ExecDirs d = {0};
                DiagList diags = {0};
                int status = 0;
                ASSERT_NOT_NULL(u);
                ASSERT_OK(exec_dirs_setup(u, root, svc_uid(), svc_gid(), &d, &status, &diags));
                ASSERT_TRUE(exists(at("/run/k/x/ssl")));
                swap_for_link(at(swapped[i]));
                int r = exec_dirs_remove_runtime_diag(u, &d, &diags);
                ASSERT_TRUE(decoy_intact());
                ASSERT_ERROR(r, ELOOP);
                ASSERT_EQ(diags.n, i < 2 ? 1 : 2);
                ASSERT_EQ(diags.items[0].severity, DIAG_WARNING);
                ASSERT_EQ(diags.items[0].line, 3);
                ASSERT_NOT_NULL(strstr(diags.items[0].message, "symbolic link"));
                /* the link below k is left by k/x/ssl's walk, then goes with k's tree (unlinked,
                 * not followed); k swapped itself: neither item is removed through it */
                ASSERT_EQ(exists(at("/run/k")), i == 2);
                exec_dirs_done(&d);
                diag_list_done(&diags);
                unit_free(u);
                rmroot();
        }
}

TEST(setup_never_follows_a_planted_link)
{
        /* the second start after the service swapped a component of StateDirectory=k/x/ssl */
        static const char *const swapped[] = {"/var/lib/k/x", "/var/lib/k/x/ssl"};
        for (size_t i = 0; i < sizeof swapped / sizeof *swapped; i++) {
                mkroot();
                mkdecoy();
                Unit *u = load("[Service]\nExecStart=/bin/true\nStateDirectory=k k/x/ssl\n");
                ExecDirs d = {0};
                DiagList diags = {0};
                int status = 0;
                ASSERT_NOT_NULL(u);
                ASSERT_OK(exec_dirs_setup(u, root, svc_uid(), svc_gid(), &d, &status, &diags));
                exec_dirs_done(&d);
                swap_for_link(at(swapped[i]));
                int r = exec_dirs_setup(u, root, svc_uid(), svc_gid(), &d, &status, &diags);
                ASSERT_TRUE(decoy_intact()); /* neither chmod 0755 nor chowned */
                ASSERT_ERROR(r, ELOOP);
                ASSERT_EQ(status, 238);
                ASSERT_EQ(diags.n, 1);
                ASSERT_EQ(diags.items[0].line, 3);
                ASSERT_NOT_NULL(strstr(diags.items[0].message, "symbolic link"));
                diag_list_done(&diags);
                unit_free(u);
                rmroot();
        }
}

TEST(setup_never_creates_through_a_planted_link)
{
        /* a link at each missing component's parent: nothing is made in its target */
        static const char *const planted[] = {"/var/cache/k", "/var/cache/k/x"};
        for (size_t i = 0; i < sizeof planted / sizeof *planted; i++) {
                mkroot();
                ASSERT_EQ(mkdir(at("/decoy"), 0755), 0);
                Unit *u = load("[Service]\nExecStart=/bin/true\nCacheDirectory=k/x/ssl\n");
                ExecDirs d = {0};
                DiagList diags = {0};
                int status = 0;
                ASSERT_NOT_NULL(u);
                ASSERT_EQ(mkdir(at("/var"), 0755), 0);
                ASSERT_EQ(mkdir(at("/var/cache"), 0755), 0);
                if (i == 1)
                        ASSERT_EQ(mkdir(at("/var/cache/k"), 0755), 0);
                ASSERT_EQ(symlink(at("/decoy"), at(planted[i])), 0);
                int r = exec_dirs_setup(u, root, svc_uid(), svc_gid(), &d, &status, &diags);
                ASSERT_FALSE(exists(at("/decoy/x")));
                ASSERT_FALSE(exists(at("/decoy/ssl")));
                ASSERT_ERROR(r, ELOOP);
                ASSERT_EQ(status, 239);
                diag_list_done(&diags);
                unit_free(u);
                rmroot();
        }
}

TEST(chown_tree_leaves_links_inside_alone)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to chown");
        mkroot();
        mkdecoy();
        Unit *u = load("[Service]\nExecStart=/bin/true\nLogsDirectory=k\n");
        ExecDirs d = {0};
        int status = 0;
        struct stat st;
        ASSERT_NOT_NULL(u);
        ASSERT_EQ(mkdir(at("/var"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/log"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/log/k"), 0755), 0);
        ASSERT_EQ(mkdir(at("/var/log/k/sub"), 0755), 0);
        ASSERT_EQ(symlink(at("/decoy"), at("/var/log/k/sub/link")), 0);
        ASSERT_OK(exec_dirs_setup(u, root, 4242, 4242, &d, &status, NULL));
        ASSERT_EQ(stat(at("/var/log/k/sub"), &st), 0);
        ASSERT_EQ(st.st_uid, 4242);
        ASSERT_EQ(lstat(at("/var/log/k/sub/link"), &st), 0);
        ASSERT_EQ(st.st_uid, 4242); /* the link itself */
        ASSERT_TRUE(decoy_intact());
        exec_dirs_done(&d);
        unit_free(u);
        rmroot();
}

TEST(dynamic_user_private_links_kept_planted_ones_refused)
{
        if (geteuid() != 0)
                TEST_SKIP("needs-privilege: root to chown");
        mkroot();
        mkdecoy();
        Unit *u = load("[Service]\nExecStart=/bin/true\nDynamicUser=yes\n"
                       "RuntimeDirectoryPreserve=restart\nRuntimeDirectory=k k/x/ssl\n");
        ExecDirs d = {0};
        DiagList diags = {0};
        int status = 0;
        ASSERT_NOT_NULL(u);
        /* cordon's own links (run/k -> private/k) are followed: k/x/ssl is reached through it */
        ASSERT_OK(exec_dirs_setup(u, root, 61999, 61999, &d, &status, &diags));
        ASSERT_TRUE(exists(at("/run/private/k/x/ssl")));
        exec_dirs_done(&d);
        ASSERT_OK(exec_dirs_setup(u, root, 61999, 61999, &d, &status, &diags)); /* again */
        ASSERT_EQ(diags.n, 0);
        /* the service (owner of private/k) swaps x: set-up refuses, removal leaves the target */
        swap_for_link(at("/run/private/k/x"));
        ASSERT_OK(exec_dirs_remove_runtime_diag(u, &d, &diags));
        ASSERT_TRUE(decoy_intact());
        ASSERT_FALSE(exists(at("/run/private/k")));
        ASSERT_FALSE(exists(at("/run/k")));
        exec_dirs_done(&d);
        ASSERT_OK(exec_dirs_setup(u, root, 61999, 61999, &d, &status, NULL));
        exec_dirs_done(&d);
        swap_for_link(at("/run/private/k/x"));
        diag_list_done(&diags);
        int r = exec_dirs_setup(u, root, 61999, 61999, &d, &status, &diags);
        ASSERT_TRUE(decoy_intact());
        ASSERT_ERROR(r, ELOOP);
        ASSERT_EQ(status, 233);
        diag_list_done(&diags);
        unit_free(u);
        rmroot();
}
