/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dynamic-user.h"
#include "tests.h"

typedef struct Env {
        char dir[64];
        char locks[128];
        DynamicUserOptions o;
} Env;

static void env_setup(Env *e)
{
        char p[256];
        snprintf(e->dir, sizeof e->dir, "/tmp/test-dynuser.XXXXXX");
        if (!mkdtemp(e->dir))
                abort();
        snprintf(e->locks, sizeof e->locks, "%s/locks", e->dir);
        snprintf(p, sizeof p, "%s/etc", e->dir);
        (void) mkdir(p, 0755);
        e->o = (DynamicUserOptions){.lock_dir = e->locks, .root = e->dir};
}

static void env_passwd(Env *e, const char *file, const char *content)
{
        char p[256];
        snprintf(p, sizeof p, "%s/etc/%s", e->dir, file);
        FILE *f = fopen(p, "w");
        if (!f)
                abort();
        fputs(content, f);
        fclose(f);
}

static void env_done(Env *e)
{
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
        if (system(cmd) != 0)
                fprintf(stderr, "# could not remove %s\n", e->dir);
}

TEST(hash_is_stable_and_in_range)
{
        uid_t a = dynamic_uid_hash("dness");
        ASSERT_EQ(a, dynamic_uid_hash("dness"));
        ASSERT_TRUE(uid_is_dynamic(a));
        ASSERT_NE(a, dynamic_uid_hash("other"));
        ASSERT_FALSE(uid_is_dynamic(61183));
        ASSERT_FALSE(uid_is_dynamic(65520));
        ASSERT_TRUE(dynamic_user_name_is_valid("dness"));
        ASSERT_TRUE(dynamic_user_name_is_valid("_du0123456789abcdef"));
        ASSERT_FALSE(dynamic_user_name_is_valid("Root"));
        ASSERT_FALSE(dynamic_user_name_is_valid("../x"));
        ASSERT_FALSE(dynamic_user_name_is_valid(""));
}

TEST(acquire_share_release)
{
        Env e;
        env_setup(&e);
        DynamicUser a = DYNAMIC_USER_NULL, a2 = DYNAMIC_USER_NULL, b = DYNAMIC_USER_NULL;
        struct stat st;

        ASSERT_OK(dynamic_user_acquire("alpha", &e.o, &a));
        ASSERT_EQ(a.uid, dynamic_uid_hash("alpha")); /* stable per name */
        ASSERT_EQ(stat(e.locks, &st), 0);
        ASSERT_EQ(st.st_mode & 07777, 0700);
        ASSERT_EQ(stat(a.lock_path, &st), 0);

        /* a second instance of the same name shares the uid */
        ASSERT_OK(dynamic_user_acquire("alpha", &e.o, &a2));
        ASSERT_EQ(a2.uid, a.uid);

        /* another name suggested alpha's uid (e.g. a directory it owns) must not get it */
        char owned[256];
        snprintf(owned, sizeof owned, "%s/owned", e.dir);
        int fd = open(owned, O_CREAT | O_WRONLY, 0600);
        ASSERT_GE(fd, 0);
        close(fd);
        if (chown(owned, a.uid, a.uid) < 0) {
                dynamic_user_release(&a);
                dynamic_user_release(&a2);
                env_done(&e);
                TEST_SKIP("needs-privilege: chown to a dynamic uid");
        }
        char *sugg[] = {owned, NULL};
        e.o.suggested_paths = sugg;
        ASSERT_OK(dynamic_user_acquire("beta", &e.o, &b));
        ASSERT_NE(b.uid, a.uid);
        ASSERT_EQ(b.uid, dynamic_uid_hash("beta"));

        /* the last holder's release removes the lock file, not the first */
        char path[256];
        snprintf(path, sizeof path, "%s", a.lock_path);
        dynamic_user_release(&a);
        ASSERT_EQ(stat(path, &st), 0);
        dynamic_user_release(&a2);
        ASSERT_NE(stat(path, &st), 0);
        dynamic_user_release(&a2); /* idempotent */

        /* once alpha is gone, beta may take over the suggested uid */
        DynamicUser c = DYNAMIC_USER_NULL;
        ASSERT_OK(dynamic_user_acquire("gamma", &e.o, &c));
        ASSERT_EQ(c.uid, a.uid);
        dynamic_user_release(&c);
        dynamic_user_release(&b);
        env_done(&e);
}

TEST(stale_lock_from_crash_is_reused)
{
        Env e;
        env_setup(&e);
        char p[256];
        ASSERT_EQ(mkdir(e.locks, 0700), 0);
        snprintf(p, sizeof p, "%s/%u", e.locks, (unsigned) dynamic_uid_hash("delta"));
        int fd = open(p, O_CREAT | O_WRONLY, 0600);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, "someone", 7), 7); /* no holder: its process died */
        close(fd);
        DynamicUser d = DYNAMIC_USER_NULL;
        ASSERT_OK(dynamic_user_acquire("delta", &e.o, &d));
        ASSERT_EQ(d.uid, dynamic_uid_hash("delta"));
        dynamic_user_release(&d);
        env_done(&e);
}

static uint32_t fixed_random(void *userdata)
{
        unsigned *n = userdata;
        return (*n)++;
}

TEST(never_a_listed_uid_or_gid)
{
        Env e;
        env_setup(&e);
        char line[256];
        uid_t h = dynamic_uid_hash("eps");
        snprintf(line, sizeof line, "root:x:0:0::/root:/bin/sh\neps:x:%u:100::/:/bin/sh\n",
                 (unsigned) h);
        env_passwd(&e, "passwd", line);
        /* the random phase starts at DYNAMIC_UID_MIN; make that a listed gid */
        snprintf(line, sizeof line, "g:x:%u:\n", (unsigned) DYNAMIC_UID_MIN);
        env_passwd(&e, "group", line);
        unsigned n = 0;
        e.o.random_u32 = fixed_random;
        e.o.userdata = &n;
        DynamicUser d = DYNAMIC_USER_NULL;
        ASSERT_OK(dynamic_user_acquire("eps", &e.o, &d));
        ASSERT_NE(d.uid, h);
        ASSERT_EQ(d.uid, DYNAMIC_UID_MIN + 1);
        dynamic_user_release(&d);
        env_done(&e);
}

TEST(refuses_foreign_lock_dir)
{
        Env e;
        env_setup(&e);
        ASSERT_EQ(mkdir(e.locks, 0777), 0);
        ASSERT_EQ(chmod(e.locks, 0777), 0);
        DynamicUser d = DYNAMIC_USER_NULL;
        ASSERT_ERROR(dynamic_user_acquire("zeta", &e.o, &d), EPERM);
        ASSERT_ERROR(dynamic_user_acquire("Bad Name", &e.o, &d), EINVAL);
        env_done(&e);
}
