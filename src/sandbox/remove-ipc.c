/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "remove-ipc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "string-util.h"

#define INVALID_ID ((unsigned) -1)

typedef struct Who {
        unsigned uid, gid; /* INVALID_ID: do not match on it */
} Who;

static bool match(const Who *w, unsigned uid, unsigned gid)
{
        return (w->uid != INVALID_ID && uid == w->uid) || (w->gid != INVALID_ID && gid == w->gid);
}

static void tally(int *ret, int r)
{
        if (r < 0)
                *ret = r;
        else if (*ret >= 0)
                *ret += r;
}

typedef enum SysvKind { SYSV_SHM, SYSV_SEM, SYSV_MSG } SysvKind;

static int clean_sysv(const char *dir, SysvKind kind, const Who *w)
{
        static const char *const names[] = {"shm", "sem", "msg"};
        _cleanup_fclose_ FILE *f = NULL;
        char path[256], line[512];
        int ret = 0;

        snprintf(path, sizeof path, "%s/%s", dir, names[kind]);
        f = fopen(path, "re");
        if (!f)
                return errno == ENOENT ? 0 : -errno;
        if (!fgets(line, sizeof line, f)) /* header */
                return 0;
        while (fgets(line, sizeof line, f)) {
                int id, r;
                unsigned nattch = 0, uid, gid;

                /* columns as the kernel prints them (ipc/shm.c, sem.c, msg.c) */
                if (kind == SYSV_SHM) {
                        if (sscanf(line, "%*d %d %*o %*u %*d %*d %u %u %u", &id, &nattch, &uid,
                                   &gid) != 4)
                                continue;
                } else if (kind == SYSV_SEM) {
                        if (sscanf(line, "%*d %d %*o %*u %u %u", &id, &uid, &gid) != 3)
                                continue;
                } else if (sscanf(line, "%*d %d %*o %*u %*u %*d %*d %u %u", &id, &uid, &gid) != 3)
                        continue;
                if (nattch > 0 || !match(w, uid, gid))
                        continue;
                r = kind == SYSV_SHM   ? shmctl(id, IPC_RMID, NULL)
                    : kind == SYSV_SEM ? semctl(id, 0, IPC_RMID)
                                       : msgctl(id, IPC_RMID, NULL);
                if (r < 0) {
                        if (errno != EIDRM && errno != EINVAL)
                                ret = -errno;
                } else
                        tally(&ret, 1);
        }
        return ret;
}

static int clean_dir(int dfd, const Who *w, bool mqueue, unsigned depth)
{
        _cleanup_close_ int fd = dfd;
        DIR *d;
        struct dirent *de;
        int ret = 0;

        if (depth > 32)
                return -ELOOP;
        d = fdopendir(fd);
        if (!d)
                return -errno;
        fd = -1; /* owned by d now */
        while ((de = readdir(d))) {
                struct stat st;
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (S_ISDIR(st.st_mode) && !mqueue) {
                        int kid = openat(dirfd(d), de->d_name,
                                         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                        if (kid >= 0)
                                tally(&ret, clean_dir(kid, w, mqueue, depth + 1));
                        if (!match(w, st.st_uid, st.st_gid))
                                continue;
                        if (unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR) < 0) {
                                if (errno != ENOENT)
                                        ret = -errno;
                        } else
                                tally(&ret, 1);
                        continue;
                }
                if (!match(w, st.st_uid, st.st_gid))
                        continue;
                /* a message queue file is removed with unlink() on the mqueue mount too */
                if (unlinkat(dirfd(d), de->d_name, 0) < 0) {
                        if (errno != ENOENT)
                                ret = -errno;
                } else
                        tally(&ret, 1);
        }
        closedir(d);
        return ret;
}

int remove_ipc(uid_t uid, gid_t gid, const RemoveIpcOptions *o)
{
        Who w = {uid == 0 ? INVALID_ID : (unsigned) uid, gid == 0 ? INVALID_ID : (unsigned) gid};
        const char *sysv = o && o->sysvipc_dir ? o->sysvipc_dir : "/proc/sysvipc";
        const char *dirs[2] = {o && o->shm_dir ? o->shm_dir : "/dev/shm",
                               o && o->mqueue_dir ? o->mqueue_dir : "/dev/mqueue"};
        int ret = 0;

        if (w.uid == INVALID_ID && w.gid == INVALID_ID)
                return 0;
        tally(&ret, clean_sysv(sysv, SYSV_SHM, &w));
        tally(&ret, clean_sysv(sysv, SYSV_SEM, &w));
        tally(&ret, clean_sysv(sysv, SYSV_MSG, &w));
        for (int i = 0; i < 2; i++) {
                int dfd = open(dirs[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (dfd < 0) {
                        if (errno != ENOENT)
                                ret = -errno;
                        continue;
                }
                tally(&ret, clean_dir(dfd, &w, i == 1, 0));
        }
        return ret;
}
