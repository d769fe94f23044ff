/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "creds-owner.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "fileio.h"
#include "path-util.h"

static char *marker_path(const char *dir)
{
        _cleanup_free_ char *parent = path_dirname(dir);
        char *p;

        if (!parent || asprintf(&p, "%s/.%s.cordon-owner", parent, path_basename(dir)) < 0)
                return NULL;
        return p;
}

/* Field 22 of /proc/PID/stat, counted after the ")" that ends the command name. */
static int start_time(pid_t pid, uint64_t *ret)
{
        _cleanup_free_ char *s = NULL;
        char path[64];
        const char *p;
        int r;

        snprintf(path, sizeof path, "/proc/%d/stat", (int) pid);
        r = read_full_file(path, 4096, &s, NULL);
        if (r < 0)
                return r;
        p = strrchr(s, ')');
        if (!p)
                return -EIO;
        for (int field = 2; field < 22; field++) {
                p = strchr(p + 1, ' ');
                if (!p)
                        return -EIO;
        }
        *ret = strtoull(p + 1, NULL, 10);
        return 0;
}

int creds_owner_claim(const char *dir)
{
        _cleanup_free_ char *m = marker_path(dir);
        uint64_t t = 0;
        struct stat st;
        char buf[128];
        int r;

        if (!m)
                return -ENOMEM;
        if (stat(dir, &st) < 0)
                return -errno;
        r = start_time(getpid(), &t);
        if (r < 0)
                return r;
        snprintf(buf, sizeof buf, "%d %" PRIu64 " %" PRIu64 " %" PRIu64 "\n", (int) getpid(), t,
                 (uint64_t) st.st_dev, (uint64_t) st.st_ino);
        return write_file_atomic(m, buf, strlen(buf), 0644);
}

int creds_owner_check(const char *dir, pid_t *ret_pid)
{
        _cleanup_free_ char *m = marker_path(dir), *s = NULL;
        unsigned long long want, dev, ino;
        struct stat st;
        uint64_t now;
        int pid;

        if (!m)
                return -ENOMEM;
        if (read_full_file(m, 128, &s, NULL) < 0 ||
            sscanf(s, "%d %llu %llu %llu", &pid, &want, &dev, &ino) != 4 || pid <= 0)
                return -EEXIST;
        /* the store must still be the one the marker describes (not a later one of systemd's
         * on the same path); a vanished store is a leftover too */
        if (stat(dir, &st) >= 0 && ((uint64_t) st.st_dev != dev || (uint64_t) st.st_ino != ino))
                return -EEXIST;
        if (start_time((pid_t) pid, &now) >= 0 && now == want) {
                if (ret_pid)
                        *ret_pid = (pid_t) pid;
                return -EBUSY;
        }
        return 0;
}

void creds_owner_release(const char *dir)
{
        _cleanup_free_ char *m = marker_path(dir);

        if (m)
                (void) unlink(m);
}
