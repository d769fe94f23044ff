/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "userns.h"

static int write_proc_self(const char *file, const char *text) /* any /proc file */
{
        int fd = open(file, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
                return -errno;
        ssize_t n = write(fd, text, strlen(text));
        int r = n < 0 ? -errno : ((size_t) n != strlen(text) ? -EIO : 0);
        close(fd);
        return r;
}

int sbx_userns_map_self(uid_t uid, gid_t gid)
{
        char line[64];
        int r;

        /* One line, own ids only: the only mapping an unprivileged process may write itself. The
         * service therefore keeps the caller's identity and gains no capability on exec. */
        r = write_proc_self("/proc/self/setgroups", "deny");
        if (r < 0 && r != -ENOENT)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) uid, (unsigned) uid);
        r = write_proc_self("/proc/self/uid_map", line);
        if (r < 0)
                return r;
        snprintf(line, sizeof(line), "%u %u 1\n", (unsigned) gid, (unsigned) gid);
        return write_proc_self("/proc/self/gid_map", line);
}

int sbx_userns_write_maps(pid_t pid, uid_t uid, gid_t gid)
{
        char path[64], line[96];
        int r;

        /* setgroups() stays allowed: systemd sets the service's groups before it enters the
         * namespace, the part 2 hook does it inside, right before dropping to the service uid
         * (which then has no capability to call it again). Only root and that uid are mapped. */
        snprintf(path, sizeof(path), "/proc/%d/uid_map", (int) pid);
        if (uid == 0)
                snprintf(line, sizeof(line), "0 0 1\n");
        else
                snprintf(line, sizeof(line), "0 0 1\n%u %u 1\n", (unsigned) uid, (unsigned) uid);
        r = write_proc_self(path, line);
        if (r < 0)
                return r;
        snprintf(path, sizeof(path), "/proc/%d/gid_map", (int) pid);
        if (gid == 0)
                snprintf(line, sizeof(line), "0 0 1\n");
        else
                snprintf(line, sizeof(line), "0 0 1\n%u %u 1\n", (unsigned) gid, (unsigned) gid);
        return write_proc_self(path, line);
}

int sbx_userns_enter_self(uid_t uid, gid_t gid, bool *ret_entered)
{
        /* A mount namespace of our own too: creating tmpfs instances (PrivateTmp=) and the
         * PID namespace's /proc needs one that belongs to the new user namespace. */
        *ret_entered = false;
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
                return -errno;
        *ret_entered = true;
        return sbx_userns_map_self(uid, gid);
}
