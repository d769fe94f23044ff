/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Host-side path resolution before a run (resolve.c): which symlinks are trusted. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path-util.h"
#include "plan.h"
#include "spawn.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"

static char dir[] = "/tmp/cordon-test-resolve.XXXXXX";

static SandboxPlan *plan_with(const char *path, const char *source)
{
        SandboxPlan *p = calloc(1, sizeof(SandboxPlan));
        p->mounts.ops = calloc(1, sizeof(MountOp));
        p->mounts.n = 1;
        p->mounts.ops[0] = (MountOp){.kind = source ? MOUNT_RBIND : MOUNT_READ_ONLY,
                                     .path = strdup(path),
                                     .source = source ? strdup(source) : NULL};
        return p;
}

static char *at(const char *rel)
{
        return path_join(dir, rel);
}

static bool setup(void)
{
        if (!mkdtemp(dir))
                return false;
        _cleanup_free_ char *safe = at("safe"), *open = at("open"), *real = at("real");
        _cleanup_free_ char *l1 = at("safe/link"), *l2 = at("open/link");
        _cleanup_free_ char *rel = at("safe/rel"), *proc = at("safe/proc");
        if (mkdir(safe, 0755) < 0 || mkdir(open, 0777) < 0 || mkdir(real, 0755) < 0)
                return false;
        (void) chmod(open, 0777); /* umask */
        if (symlink(real, l1) < 0 || symlink(real, l2) < 0 || symlink("../real", rel) < 0 ||
            symlink("/proc/self/cwd", proc) < 0)
                return false;
        return true;
}

TEST(resolve_trust)
{
        char *bad = NULL;
        if (!setup())
                TEST_SKIP("cannot create the fixture");
        _cleanup_free_ char *real = at("real");
        _cleanup_free_ char *sub = path_join(real, "x");

        /* A root-owned link in a directory only root can write: followed (only as root). */
        _cleanup_free_ char *p1 = at("safe/link/x");
        SandboxPlan *p = plan_with(p1, NULL);
        int r = sbx_resolve_plan_paths(p, &bad);
        if (geteuid() == 0) {
                ASSERT_OK(r);
                ASSERT_STREQ(p->mounts.ops[0].path, sub);
        } else
                ASSERT_ERROR(r, ELOOP); /* owned by us, not root: could have been planted */
        sandbox_plan_free(p);
        free(bad);
        bad = NULL;

        /* Relative target, resolved from the link's directory. */
        _cleanup_free_ char *p2 = at("safe/rel/x");
        p = plan_with(p2, NULL);
        r = sbx_resolve_plan_paths(p, &bad);
        if (geteuid() == 0) {
                ASSERT_OK(r);
                ASSERT_STREQ(p->mounts.ops[0].path, sub);
        } else
                ASSERT_ERROR(r, ELOOP);
        sandbox_plan_free(p);
        free(bad);
        bad = NULL;

        /* In a world-writable directory: never trusted, not even root's own link. */
        _cleanup_free_ char *p3 = at("open/link");
        p = plan_with("/srv/dst", p3);
        ASSERT_ERROR(sbx_resolve_plan_paths(p, &bad), ELOOP);
        ASSERT_STREQ(bad, p3);
        sandbox_plan_free(p);
        free(bad);
        bad = NULL;

        /* A missing tail is kept verbatim (the child decides: '-' or error). */
        _cleanup_free_ char *p4 = at("real/missing/deeper");
        p = plan_with(p4, NULL);
        ASSERT_OK(sbx_resolve_plan_paths(p, &bad));
        ASSERT_STREQ(p->mounts.ops[0].path, p4);
        sandbox_plan_free(p);

        /* procfs magic: /proc/self names the resolving process: a path that starts there is
         * left for the service's child (mount.c reads its own pid; magic links such as cwd are
         * refused there), and a link that leads into it is never followed here. */
        p = plan_with("/proc/self/cwd", NULL);
        ASSERT_OK(sbx_resolve_plan_paths(p, &bad));
        ASSERT_STREQ(p->mounts.ops[0].path, "/proc/self/cwd");
        sandbox_plan_free(p);
        _cleanup_free_ char *proc = at("safe/proc");
        p = plan_with(proc, NULL);
        ASSERT_ERROR(sbx_resolve_plan_paths(p, &bad), ELOOP);
        sandbox_plan_free(p);
        free(bad);
        bad = NULL;

        _cleanup_free_ char *cmd = NULL;
        cmd = strdup("rm -rf ");
        char *full = malloc(strlen(cmd) + strlen(dir) + 1);
        strcpy(full, cmd);
        strcat(full, dir);
        ASSERT_EQ(system(full), 0);
        free(full);
}

static bool plan_has(const SandboxPlan *p, const char *path)
{
        for (size_t i = 0; i < p->mounts.n; i++)
                if (streq(p->mounts.ops[i].path, path))
                        return true;
        return false;
}

static SandboxPlan *plan_of(const char *root, char **paths)
{
        SandboxPlan *p = calloc(1, sizeof(SandboxPlan));
        size_t n = strv_length(paths);
        p->mounts.ops = calloc(n, sizeof(MountOp));
        p->mounts.n = n;
        p->mounts.root = root ? strdup(root) : NULL;
        for (size_t i = 0; i < n; i++)
                p->mounts.ops[i] = (MountOp){.kind = MOUNT_READ_ONLY, .path = strdup(paths[i])};
        return p;
}

/* The directories resolved for one path are remembered for the next ones (resolve.c's cache):
 * a link below a remembered directory must still be seen and judged. */
TEST(resolve_shared_prefixes)
{
        char d[] = "/tmp/cordon-test-resolve2.XXXXXX";
        char *bad = NULL;
        if (!mkdtemp(d))
                TEST_SKIP("cannot create the fixture");
        _cleanup_free_ char *a = path_join(d, "a"), *b = path_join(d, "a/b");
        _cleanup_free_ char *real = path_join(d, "real"), *rel = path_join(d, "a/rel");
        _cleanup_free_ char *abs = path_join(d, "a/b/abs"), *rabs = path_join(d, "a/b/rabs");
        ASSERT_OK(mkdir(a, 0755));
        ASSERT_OK(mkdir(b, 0755));
        ASSERT_OK(mkdir(real, 0755));
        ASSERT_OK(symlink("../real", rel));
        ASSERT_OK(symlink(real, abs));
        ASSERT_OK(symlink("/real", rabs)); /* absolute: restarts at the root it is read in */

        _cleanup_free_ char *x = path_join(d, "a/b/x"), *y = path_join(d, "a/b/abs/y");
        _cleanup_free_ char *z = path_join(d, "a/rel/z"), *w = path_join(d, "a/b/no/w");
        _cleanup_free_ char *ry = path_join(d, "real/y"), *rz = path_join(d, "real/z");
        _cleanup_free_ char *q = path_join(d, "a/b/rabs/q"), *rq = path_join(d, "real/q");
        char *paths[] = {x, w, y, z, x, NULL};
        SandboxPlan *p = plan_of(NULL, paths);
        int r = sbx_resolve_plan_paths(p, &bad);
        if (geteuid() == 0) {
                ASSERT_OK(r);
                ASSERT_TRUE(plan_has(p, x));
                ASSERT_TRUE(plan_has(p, w)); /* missing tail kept */
                ASSERT_TRUE(plan_has(p, ry));
                ASSERT_TRUE(plan_has(p, rz));
                ASSERT_FALSE(plan_has(p, y));
        } else {
                ASSERT_ERROR(r, ELOOP); /* our own link, below directories already walked */
                ASSERT_STREQ(bad, y);
        }
        sandbox_plan_free(p);
        free(bad);
        bad = NULL;

        /* With a root: the absolute link stays inside it, also after host paths were walked. */
        char *rpaths[] = {x, q, NULL};
        p = plan_of(d, rpaths);
        r = sbx_resolve_plan_paths(p, &bad);
        if (geteuid() == 0) {
                ASSERT_OK(r);
                ASSERT_TRUE(plan_has(p, x));
                ASSERT_TRUE(plan_has(p, rq));
        } else {
                ASSERT_ERROR(r, ELOOP);
                ASSERT_STREQ(bad, q);
        }
        sandbox_plan_free(p);
        free(bad);

        _cleanup_free_ char *cmd = strjoin_real("rm -rf ", d, NULL);
        ASSERT_EQ(system(cmd), 0);
}
