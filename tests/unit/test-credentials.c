/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The credentials store, built for real (ramfs mount) inside a private mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "credentials.h"
#include "tests.h"
#include "unit.h"

#define RAMFS_MAGIC_ 0x858458f6

static char base[64];

static bool private_ns(void)
{
        static int state = -1;
        if (state < 0) {
                state = geteuid() == 0 && unshare(CLONE_NEWNS) == 0 &&
                        mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0;
                if (state) {
                        snprintf(base, sizeof base, "/tmp/test-creds.XXXXXX");
                        state = mkdtemp(base) != NULL;
                }
        }
        return state;
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

static void put(const char *path, const char *data, size_t n)
{
        int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
        if (fd < 0 || write(fd, data, n) != (ssize_t) n)
                abort();
        close(fd);
}

static char *slurp(const char *path)
{
        static char buf[256];
        int fd = open(path, O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
                close(fd);
        if (n < 0)
                return NULL;
        buf[n] = '\0';
        return buf;
}

TEST(names)
{
        ASSERT_TRUE(credential_name_is_valid("db.pass"));
        ASSERT_FALSE(credential_name_is_valid("a/b"));
        ASSERT_FALSE(credential_name_is_valid(".."));
        ASSERT_FALSE(credential_name_is_valid(""));
}

TEST(store_is_private_readonly_ramfs)
{
        if (!private_ns())
                TEST_SKIP("needs-privilege: root and a private mount namespace");
        char src[128], dir[128], unit[512], p[256];
        struct stat st;
        struct statfs sf;
        snprintf(src, sizeof src, "%s/secret", base);
        put(src, "from-file", 9);
        snprintf(dir, sizeof dir, "%s/run/credentials/t.service", base);
        snprintf(p, sizeof p, "%s/run", base);
        ASSERT_EQ(mkdir(p, 0755), 0);
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nLoadCredential=file:%s\n"
                 "SetCredential=file:default-ignored\nSetCredential=tok:abc\n"
                 "LoadCredential=gone:%s/missing\nSetCredential=gone:fallback\n",
                 src, base);
        Unit *u = load(unit);
        ASSERT_NOT_NULL(u);
        ASSERT_TRUE(credentials_needed(u));
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir, .uid = 4242, .gid = 4243};
        ASSERT_OK(credentials_setup(u, &o, &d));

        ASSERT_EQ(statfs(dir, &sf), 0);
        ASSERT_EQ((unsigned long) sf.f_type, (unsigned long) RAMFS_MAGIC_);
        ASSERT_TRUE(sf.f_flags & ST_RDONLY);
        ASSERT_EQ(stat(dir, &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0500);
        ASSERT_EQ(st.st_uid, 4242);
        snprintf(p, sizeof p, "%s/file", dir);
        ASSERT_STREQ(slurp(p), "from-file"); /* LoadCredential= beats SetCredential= */
        ASSERT_EQ(stat(p, &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0400);
        ASSERT_EQ(st.st_uid, 4242);
        snprintf(p, sizeof p, "%s/tok", dir);
        ASSERT_STREQ(slurp(p), "abc");
        snprintf(p, sizeof p, "%s/gone", dir);
        ASSERT_STREQ(slurp(p), "fallback");
        /* read-only even for root */
        snprintf(p, sizeof p, "%s/new", dir);
        ASSERT_LT(open(p, O_CREAT | O_WRONLY, 0600), 0);
        ASSERT_EQ(errno, EROFS);

        ASSERT_OK(credentials_remove(dir));
        ASSERT_NE(stat(dir, &st), 0);
        ASSERT_OK(credentials_remove(dir)); /* idempotent */
        diag_list_done(&d);
        unit_free(u);
}

TEST(size_limits_and_cleanup_on_failure)
{
        if (!private_ns())
                TEST_SKIP("needs-privilege: root and a private mount namespace");
        char big[128], half1[128], half2[128], dir[128], unit[512];
        struct stat st;
        size_t n = CREDENTIAL_SIZE_MAX + 1;
        char *data = calloc(1, n);
        ASSERT_NOT_NULL(data);
        snprintf(big, sizeof big, "%s/big", base);
        put(big, data, n);
        snprintf(half1, sizeof half1, "%s/h1", base);
        put(half1, data, 600 * 1024);
        snprintf(half2, sizeof half2, "%s/h2", base);
        put(half2, data, 600 * 1024);
        free(data);
        snprintf(dir, sizeof dir, "%s/c1", base);

        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=big:%s\n", big);
        Unit *u = load(unit);
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir, .uid = 1, .gid = 1};
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), EFBIG);
        ASSERT_NE(stat(dir, &st), 0); /* nothing left behind */
        ASSERT_TRUE(d.n >= 1);
        unit_free(u);

        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nLoadCredential=a:%s\nLoadCredential=b:%s\n",
                 half1, half2);
        u = load(unit);
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), E2BIG); /* 1 MiB in total */
        ASSERT_NE(stat(dir, &st), 0);
        unit_free(u);
        diag_list_done(&d);
}

/* A file read as root through a symlink the service could have planted (one in a directory it
 * writes) is refused, by file and by directory, naming file:line; a symlink root placed in a
 * root-only directory is followed (safer than systemd 252, which reads through both). */
TEST(planted_symlink_is_not_followed)
{
        if (!private_ns())
                TEST_SKIP("needs-privilege: root and a private mount namespace");
        char secret[256], sdir[128], state[128], link[256], p[256], dir[128], unit[512];
        snprintf(sdir, sizeof sdir, "%s/secret-dir", base);
        ASSERT_EQ(mkdir(sdir, 0700), 0);
        snprintf(secret, sizeof secret, "%s/tok", sdir);
        put(secret, "s3cret", 6);
        snprintf(state, sizeof state, "%s/state", base);
        ASSERT_EQ(mkdir(state, 0755), 0);
        ASSERT_EQ(chown(state, 65534, 65534), 0); /* the service's StateDirectory= */
        snprintf(dir, sizeof dir, "%s/c3", base);
        CredentialsOptions o = {.directory = dir, .uid = 0, .gid = 0};

        for (int i = 0; i < 2; i++) {
                DiagList d = {0};
                /* i == 0: a link to the file; i == 1: a link to its directory */
                snprintf(link, sizeof link, "%s/l%d", state, i);
                ASSERT_EQ(symlink(i == 0 ? secret : sdir, link), 0);
                ASSERT_EQ(lchown(link, 65534, 65534), 0);
                snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=x:%s\n",
                         link);
                Unit *u = load(unit);
                ASSERT_NOT_NULL(u);
                ASSERT_ERROR(credentials_setup(u, &o, &d), ELOOP);
                ASSERT_TRUE(d.n >= 1);
                ASSERT_EQ(d.items[d.n - 1].line, 3);
                ASSERT_NOT_NULL(strstr(d.items[d.n - 1].message, "symlink"));
                snprintf(p, sizeof p, "%s/x", dir);
                ASSERT_TRUE(access(p, F_OK) < 0);
                snprintf(p, sizeof p, "%s/x_tok", dir);
                ASSERT_TRUE(access(p, F_OK) < 0);
                (void) credentials_remove(dir);
                diag_list_done(&d);
                unit_free(u);
        }

        /* root's own link in a root-only directory (/etc/default/x -> /etc/alternatives/…) */
        DiagList d = {0};
        snprintf(link, sizeof link, "%s/admin", sdir);
        ASSERT_EQ(symlink("tok", link), 0);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=x:%s\n", link);
        Unit *u = load(unit);
        ASSERT_NOT_NULL(u);
        ASSERT_OK(credentials_setup(u, &o, &d));
        snprintf(p, sizeof p, "%s/x", dir);
        ASSERT_STREQ(slurp(p), "s3cret");
        ASSERT_OK(credentials_remove(dir));
        diag_list_done(&d);
        unit_free(u);
}

TEST(directory_source_and_missing_file)
{
        if (!private_ns())
                TEST_SKIP("needs-privilege: root and a private mount namespace");
        char src[128], p[256], dir[128], unit[512];
        snprintf(src, sizeof src, "%s/tree", base);
        ASSERT_EQ(mkdir(src, 0700), 0);
        snprintf(p, sizeof p, "%s/one", src);
        put(p, "1", 1);
        snprintf(p, sizeof p, "%s/two", src);
        put(p, "2", 1);
        snprintf(dir, sizeof dir, "%s/c2", base);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=x:%s\n", src);
        Unit *u = load(unit);
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir, .uid = 0, .gid = 0};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(credentials_setup(u, &o, &d));
        snprintf(p, sizeof p, "%s/x_one", dir);
        ASSERT_STREQ(slurp(p), "1");
        snprintf(p, sizeof p, "%s/x_two", dir);
        ASSERT_STREQ(slurp(p), "2");
        ASSERT_OK(credentials_remove(dir));
        unit_free(u);

        /* an absolute path that does not exist is an error, named at file:line */
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=y:%s/nope\n",
                 base);
        u = load(unit);
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), ENOENT);
        ASSERT_TRUE(d.n >= 1);
        ASSERT_EQ(d.items[d.n - 1].line, 3);
        diag_list_done(&d);
        unit_free(u);
        snprintf(p, sizeof p, "rm -rf %s", base);
        ASSERT_EQ(system(p), 0);
}
