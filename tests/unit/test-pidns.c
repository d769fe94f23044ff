/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PIDFile= rewriting and namespace-file checks (no privileges needed). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "netns.h"
#include "pidns.h"
#include "tests.h"

static char dir[] = "/tmp/cordon-test-pidns.XXXXXX";

static void put(const char *name, const char *text)
{
        char p[256];
        snprintf(p, sizeof(p), "%s/%s", dir, name);
        FILE *f = fopen(p, "we");
        fputs(text, f);
        fclose(f);
}

static const char *get(const char *name)
{
        static char buf[64];
        char p[256];
        snprintf(p, sizeof(p), "%s/%s", dir, name);
        FILE *f = fopen(p, "re");
        size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
        buf[n] = 0;
        if (f)
                fclose(f);
        return buf;
}

static const char *path(const char *name)
{
        static char p[2][256]; /* two may be in use at once */
        static unsigned k;
        char *r = p[k++ % 2];
        snprintf(r, sizeof(p[0]), "%s/%s", dir, name);
        return r;
}

TEST(pidfile_rewrite)
{
        ASSERT_NOT_NULL(mkdtemp(dir));

        put("a.pid", "12\n");
        ASSERT_EQ(sbx_pidfile_rewrite(path("a.pid"), 12, 40123), 1);
        ASSERT_STREQ(get("a.pid"), "40123\n");

        /* Already the host's, or something else meanwhile: left alone. */
        ASSERT_EQ(sbx_pidfile_rewrite(path("a.pid"), 12, 40123), 0);
        ASSERT_STREQ(get("a.pid"), "40123\n");
        put("b.pid", "12 junk\n");
        ASSERT_EQ(sbx_pidfile_rewrite(path("b.pid"), 12, 40123), 0);
        ASSERT_STREQ(get("b.pid"), "12 junk\n");
        put("c.pid", "12");
        ASSERT_EQ(sbx_pidfile_rewrite(path("c.pid"), 12, 12), 0);
        ASSERT_STREQ(get("c.pid"), "12");

        /* A symlink planted at the path, or on the way, is never followed. */
        put("victim", "12\n");
        ASSERT_EQ(symlink(path("victim"), path("link.pid")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("link.pid"), 12, 40123), ELOOP);
        ASSERT_STREQ(get("victim"), "12\n");
        ASSERT_EQ(symlink(dir, path("dirlink")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("dirlink/victim"), 12, 40123), ELOOP);
        ASSERT_STREQ(get("victim"), "12\n");

        /* A hard link to some other file: refused. */
        ASSERT_EQ(link(path("victim"), path("hard.pid")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("hard.pid"), 12, 40123), EPERM);
        ASSERT_STREQ(get("victim"), "12\n");

        ASSERT_ERROR(sbx_pidfile_rewrite(path("missing.pid"), 12, 40123), ENOENT);

        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        ASSERT_EQ(system(cmd), 0);
}

/* The type check happens before setns(), so it needs no privileges. */
TEST(ns_join_checks_the_type)
{
        ASSERT_ERROR(sbx_ns_join("/proc/self/ns/ipc", CLONE_NEWNET), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/proc/self/ns/net", CLONE_NEWIPC), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/proc/self/status", CLONE_NEWNET), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/nonexistent-cordon/ns", CLONE_NEWNET), ENOENT);
}
