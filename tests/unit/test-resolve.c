/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Host-side path resolution before a run (resolve.c): which symlinks are trusted. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "path-util.h"
#include "plan.h"
#include "spawn.h"
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
