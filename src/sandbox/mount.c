/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Child-side mount primitives. Everything is done through file descriptors from openat2()
 * with RESOLVE_NO_SYMLINKS, so a symlink planted in a service-writable place can never redirect
 * a mount onto (or from) a host path (escapes.md E013, F05, F06). */
#include <alloca.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "mount.h"
#include "path-util.h"

#define SBX_PATH_MAX 4096

static int openat2_nofollow(int dirfd, const char *path)
{
        struct open_how how = {
                .flags = O_PATH | O_CLOEXEC,
                .resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
        };
        int fd = (int) syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
        return fd < 0 ? -errno : fd;
}

int sbx_chdir_safe(const char *path)
{
        /* Ordinary symlinks are followed (as by systemd), magic links such as /proc/self/fd/N
         * are not: a working directory can never be one of cordon's own descriptors (E015). */
        struct open_how how = {
                .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                .resolve = RESOLVE_NO_MAGICLINKS,
        };
        if (strcmp(path, "/") == 0) /* the root itself: nothing on the way */
                return chdir("/") < 0 ? -errno : 0;
        int fd = (int) syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
        if (fd < 0)
                return -errno;
        int r = fchdir(fd) < 0 ? -errno : 0;
        close(fd);
        return r;
}

/* "/proc/self/…" and "/proc/thread-self/…" (ReadWritePaths=-/proc/self/loginuid in Debian's
 * accounts-daemon.service) name the calling process: the magic link is read once from the /proc
 * mounted now, so the pid is the one that procfs instance knows, and the rest is opened without
 * following links as every other path. Returns 1 with buf filled, 0 if not such a path. */
static int proc_self_expand(const char *path, char *buf, size_t size)
{
        const char *names[] = {"self", "thread-self"};

        for (size_t i = 0; i < 2; i++) {
                const char *rest = path_startswith(path, "/proc");
                rest = rest ? path_startswith(rest, names[i]) : NULL;
                if (!rest)
                        continue;
                char link[64], name[32];
                snprintf(name, sizeof(name), "/proc/%s", names[i]);
                ssize_t n = readlink(name, link, sizeof(link) - 1);
                if (n <= 0)
                        return n < 0 ? -errno : -ENOENT;
                link[n] = 0;
                if (link[strspn(link, "0123456789/task")] != 0)
                        return -ELOOP; /* not a pid: not the procfs we expect */
                int len = snprintf(buf, size, "/proc/%s%s%s", link, rest[0] ? "/" : "", rest);
                return len < 0 || (size_t) len >= size ? -ENAMETOOLONG : 1;
        }
        return 0;
}

int sbx_open_nofollow(const char *path, SbxCreate create)
{
        char buf[SBX_PATH_MAX];
        int fd, r;

        if (!path || path[0] != '/' || strlen(path) >= sizeof(buf))
                return -EINVAL;
        r = proc_self_expand(path, buf, sizeof(buf));
        if (r < 0)
                return r;
        if (r > 0)
                path = strdupa(buf);
        fd = openat2_nofollow(AT_FDCWD, path);
        if (fd >= 0 || fd != -ENOENT || create == SBX_CREATE_NONE)
                return fd;

        /* Walk component by component, creating what is missing, never following a link. */
        memcpy(buf, path, strlen(path) + 1);
        fd = openat2_nofollow(AT_FDCWD, "/");
        if (fd < 0)
                return fd;
        char *p = buf;
        while (*p) {
                while (*p == '/')
                        p++;
                if (!*p)
                        break;
                char *end = strchr(p, '/');
                if (end)
                        *end = 0;
                bool last = !end || end[1 + strspn(end + 1, "/")] == 0;
                int nfd = openat2_nofollow(fd, p);
                if (nfd == -ENOENT) {
                        if (last && create == SBX_CREATE_FILE) {
                                int w = openat(fd, p,
                                               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                                               0644);
                                if (w < 0 && errno != EEXIST) {
                                        r = -errno;
                                        close(fd);
                                        return r;
                                }
                                if (w >= 0)
                                        close(w);
                        } else if (mkdirat(fd, p, 0755) < 0 && errno != EEXIST) {
                                r = -errno;
                                close(fd);
                                return r;
                        }
                        nfd = openat2_nofollow(fd, p);
                }
                close(fd);
                if (nfd < 0)
                        return nfd;
                fd = nfd;
                if (!end)
                        break;
                p = end + 1;
        }
        return fd;
}

static unsigned long long ms_to_attr(unsigned long f)
{
        unsigned long long a = 0;
        if (f & MS_NOSUID)
                a |= MOUNT_ATTR_NOSUID;
        if (f & MS_NODEV)
                a |= MOUNT_ATTR_NODEV;
        if (f & MS_NOEXEC)
                a |= MOUNT_ATTR_NOEXEC;
        if (f & MS_NOATIME)
                a |= MOUNT_ATTR_NOATIME;
        else if (f & MS_STRICTATIME)
                a |= MOUNT_ATTR_STRICTATIME;
        else
                a |= MOUNT_ATTR_RELATIME;
        return a;
}

int sbx_fs_new(const char *fstype, const char *data, unsigned long ms_flags)
{
        char buf[1024];
        int fs, mnt, r;

        fs = fsopen(fstype, FSOPEN_CLOEXEC);
        if (fs < 0)
                return -errno;
        if (data) {
                if (strlen(data) >= sizeof(buf)) {
                        close(fs);
                        return -E2BIG;
                }
                memcpy(buf, data, strlen(data) + 1);
                for (char *save = NULL, *w = strtok_r(buf, ",", &save); w;
                     w = strtok_r(NULL, ",", &save)) {
                        char *eq = strchr(w, '=');
                        if (eq)
                                *eq = 0;
                        r = eq ? fsconfig(fs, FSCONFIG_SET_STRING, w, eq + 1, 0)
                               : fsconfig(fs, FSCONFIG_SET_FLAG, w, NULL, 0);
                        if (r < 0) {
                                r = -errno;
                                close(fs);
                                return r;
                        }
                }
        }
        if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0) {
                r = -errno;
                close(fs);
                return r;
        }
        mnt = fsmount(fs, FSMOUNT_CLOEXEC, (unsigned) ms_to_attr(ms_flags));
        r = -errno;
        close(fs);
        return mnt < 0 ? r : mnt;
}

int sbx_attach(int tree_fd, int target_fd)
{
        if (move_mount(tree_fd, "", target_fd, "",
                       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
                return -errno;
        return 0;
}

int sbx_attach_at(int tree_fd, int dir_fd, const char *name)
{
        /* One component, whose last (only) step move_mount() does not follow when it is a
         * symlink: no symlink anywhere, without an O_PATH descriptor of the target. */
        if (!name[0] || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                return -EINVAL;
        if (move_mount(tree_fd, "", dir_fd, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
                return -errno;
        return 0;
}

int sbx_clone(int fd, const char *name, bool recursive)
{
        unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW;
        if (!name || !*name)
                flags |= AT_EMPTY_PATH;
        if (recursive)
                flags |= AT_RECURSIVE;
        int t = open_tree(fd, name ? name : "", flags);
        return t < 0 ? -errno : t;
}

int sbx_setattr(int fd, unsigned long long set, unsigned long long clr, bool recursive)
{
        struct mount_attr attr = {.attr_set = set, .attr_clr = clr};
        if (mount_setattr(fd, "", AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0), &attr,
                          sizeof(attr)) < 0)
                return -errno;
        return 0;
}

int sbx_flip(int path_fd, unsigned long long set, unsigned long long clr)
{
        int c = sbx_clone(path_fd, NULL, true);
        if (c < 0)
                return c;
        int r = sbx_setattr(c, set, clr, true);
        if (r >= 0)
                r = sbx_attach(c, path_fd);
        close(c);
        return r;
}
