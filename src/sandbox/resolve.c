/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Host-side path resolution before a run (parent, may allocate). Symlinks such as /var/run ->
 * /run are common in unit files and are followed; a symlink that a non-root user could have
 * planted is refused (escapes.md E013, F06). */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "path-util.h"
#include "spawn.h"
#include "string-util.h"

#define RESOLVE_HOPS_MAX  32
#define RESOLVE_LEN_MAX   4096
#define RESOLVE_CACHE_MAX 32

/* Directories already resolved during one sbx_resolve_plan_paths() call, by their resolved
 * path, with an O_PATH descriptor: the plan's paths share prefixes (/proc/acpi, /proc/bus…), and
 * opening "/" and every parent again per path was most of the parent's system calls. An entry is
 * only made for a directory opened with O_NOFOLLOW|O_DIRECTORY, so it is never a symlink. */
typedef struct ResolveCache {
        size_t n;
        char *path[RESOLVE_CACHE_MAX];
        int fd[RESOLVE_CACHE_MAX];
} ResolveCache;

static void resolve_cache_clear(ResolveCache *c)
{
        for (size_t i = 0; i < c->n; i++) {
                free(c->path[i]);
                close(c->fd[i]);
        }
        c->n = 0;
}

static int resolve_cache_find(const ResolveCache *c, const char *path)
{
        for (size_t i = c->n; i > 0; i--)
                if (streq(c->path[i - 1], path))
                        return c->fd[i - 1];
        return -1;
}

/* Returns a descriptor of the resolved directory done (owned by the cache), or -errno. */
static int resolve_cache_dirfd(ResolveCache *c, const char *done)
{
        int fd = resolve_cache_find(c, done);
        if (fd >= 0)
                return fd;
        fd = open(done[0] ? done : "/", O_PATH | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        char *copy = strdup(done);
        if (!copy) {
                close(fd);
                return -ENOMEM;
        }
        if (c->n == RESOLVE_CACHE_MAX) /* bounded: start over (plans are small) */
                resolve_cache_clear(c);
        c->path[c->n] = copy;
        c->fd[c->n++] = fd;
        return fd;
}

static bool symlink_trusted(int dirfd, const struct stat *link)
{
        struct stat dir;
        struct statfs fs;
        /* procfs links (/proc/self, /proc/self/fd/N) name the resolving process, not a place. */
        if (fstatfs(dirfd, &fs) < 0 || fs.f_type == PROC_SUPER_MAGIC)
                return false;
        if (fstat(dirfd, &dir) < 0)
                return false;
        return link->st_uid == 0 && dir.st_uid == 0 && !(dir.st_mode & (S_IWGRP | S_IWOTH));
}

/* Resolves path; missing components end the walk (the rest is kept as written). root: absolute
 * link targets restart there (RootDirectory=, "" for the host). */
static int resolve_trusted(ResolveCache *cache, const char *root, const char *path, char **ret)
{
        _cleanup_free_ char *done = strdup(root), *todo = strdup(path);
        unsigned hops = 0;

        if (!done || !todo)
                return -ENOMEM;
        while (todo[0]) {
                char *p = todo + strspn(todo, "/");
                size_t len = strcspn(p, "/");
                if (len == 0)
                        break;
                _cleanup_free_ char *comp = strndup(p, len);
                _cleanup_free_ char *rest = strdup(p + len);
                if (!comp || !rest)
                        return -ENOMEM;
                if (streq(comp, ".") || streq(comp, "..")) {
                        /* done holds no symlinks, so ".." is lexical; never above the root. */
                        if (streq(comp, "..")) {
                                char *slash = strrchr(done, '/');
                                if (slash && (size_t) (slash - done) >= strlen(root))
                                        *slash = 0;
                        }
                        free_and_replace(todo, rest);
                        continue;
                }
                _cleanup_free_ char *next = strjoin_real(done, "/", comp, NULL);
                if (!next)
                        return -ENOMEM;
                if (resolve_cache_find(cache, next) >= 0) {
                        /* A directory resolved before: no symlink, nothing to look at. */
                        free_and_replace(done, next);
                        free_and_replace(todo, rest);
                        continue;
                }
                int dirfd = resolve_cache_dirfd(cache, done);
                if (dirfd == -ENOMEM)
                        return dirfd;
                struct stat st;
                if (dirfd < 0 || fstatat(dirfd, comp, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        /* Missing (or unreadable): keep the remainder verbatim. */
                        char *n = strjoin_real(done, "/", comp, rest, NULL);
                        if (!n)
                                return -ENOMEM;
                        *ret = path_simplify(n);
                        return 0;
                }
                if (S_ISLNK(st.st_mode)) {
                        char target[RESOLVE_LEN_MAX];
                        if (++hops > RESOLVE_HOPS_MAX)
                                return -ELOOP;
                        if (!symlink_trusted(dirfd, &st))
                                return -ELOOP;
                        ssize_t n = readlinkat(dirfd, comp, target, sizeof(target) - 1);
                        if (n < 0)
                                return -errno;
                        target[n] = 0;
                        char *t = target[0] == '/'
                                          ? strjoin_real(target, "/", rest, NULL)
                                          : strjoin_real(done, "/", target, "/", rest, NULL);
                        if (!t)
                                return -ENOMEM;
                        if (target[0] == '/') {
                                free(done);
                                done = strdup(root);
                                if (!done) {
                                        free(t);
                                        return -ENOMEM;
                                }
                        } else {
                                /* Relative: continue from the directory holding the link. */
                                free(t);
                                t = strjoin_real(target, "/", rest, NULL);
                                if (!t)
                                        return -ENOMEM;
                        }
                        free_and_replace(todo, t);
                        if (strlen(todo) + strlen(done) > RESOLVE_LEN_MAX)
                                return -ENAMETOOLONG;
                        continue;
                }
                free_and_replace(done, next);
                free_and_replace(todo, rest);
        }
        char *n = strdup(done[0] ? done : "/");
        if (!n)
                return -ENOMEM;
        *ret = path_simplify(n);
        return 0;
}

static int resolve_one(ResolveCache *cache, const char *root, char **p, char **ret_path)
{
        const char *rel = *p;
        char *n = NULL;
        int r;

        if (!*p)
                return 0;
        /* /proc/self names the process that resolves it: the service's child does, at mount
         * time (as systemd resolves such paths in the service's process; mount.c). */
        if (!root &&
            (path_startswith(*p, "/proc/self") || path_startswith(*p, "/proc/thread-self")))
                return 0;
        if (root) {
                rel = path_startswith(*p, root);
                if (!rel) /* outside the root: dropped by the plan already */
                        return 0;
        }
        r = resolve_trusted(cache, root ? root : "", root ? rel : *p, &n);
        if (r < 0) {
                *ret_path = strdup(*p);
                return r;
        }
        /* ".." in a trusted link target would have been simplified lexically, and nothing may
         * resolve out of the root: refuse both. */
        if (strstr(n, "/../") || endswith(n, "/..") || (root && !path_startswith(n, root))) {
                free(n);
                *ret_path = strdup(*p);
                return -ELOOP;
        }
        free(*p);
        *p = n;
        return 0;
}

static int resolve_plan_paths(ResolveCache *cache, SandboxPlan *p, char **ret_path)
{
        int r;

        char *root = p->mounts.root;
        if (root) {
                /* The root itself is a host path; the plan's paths were built on it as
                 * written, so it must not move (a symlinked RootDirectory= is refused). */
                _cleanup_free_ char *copy = strdup(root);
                if (!copy)
                        return -ENOMEM;
                r = resolve_one(cache, NULL, &copy, ret_path);
                if (r < 0)
                        return r;
                if (!path_equal(copy, root)) {
                        *ret_path = strdup(root);
                        return -ELOOP;
                }
        }
        for (size_t i = 0; i < p->mounts.n; i++) {
                if (p->mounts.ops[i].kind == MOUNT_ROOT)
                        continue;
                r = resolve_one(cache, root, &p->mounts.ops[i].path, ret_path);
                if (r >= 0)
                        r = resolve_one(cache, NULL, &p->mounts.ops[i].source, ret_path);
                if (r < 0)
                        return r;
        }
        /* WorkingDirectory= is resolved by the child inside the sandbox (no magic links). */
        /* Resolution may change the order (/var/run/x -> /run/x). */
        return sandbox_plan_normalize_mounts(&p->mounts);
}

int sbx_resolve_plan_paths(SandboxPlan *p, char **ret_path)
{
        ResolveCache cache = {0};
        int r = resolve_plan_paths(&cache, p, ret_path);
        resolve_cache_clear(&cache);
        return r;
}

int sbx_resolve_trusted_path(const char *path, char **ret)
{
        ResolveCache cache = {0};

        if (!path || !path_is_absolute(path) || !ret)
                return -EINVAL;
        int r = resolve_trusted(&cache, "", path, ret);
        resolve_cache_clear(&cache);
        if (r >= 0 && (strstr(*ret, "/../") || endswith(*ret, "/.."))) {
                *ret = mfree(*ret);
                return -ELOOP;
        }
        return r;
}

int sbx_open_trusted(const char *path, int flags)
{
        _cleanup_free_ char *resolved = NULL;
        /* Unprivileged, cordon reads nothing the service could not: no rule to apply. */
        bool strict = geteuid() == 0;

        if (strict) {
                int r = sbx_resolve_trusted_path(path, &resolved);
                if (r < 0)
                        return r;
                path = resolved;
        }
        struct open_how how = {
                /* openat2() refuses O_NOCTTY with O_PATH (which cannot reach a tty) */
                .flags = (uint64_t) (flags | O_CLOEXEC | (flags & O_PATH ? 0 : O_NOCTTY)),
                .resolve = strict ? RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS : 0,
        };
        int fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
        return fd < 0 ? -errno : fd;
}
