/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidns.h"
#include "spawn-internal.h"

/* PIDFile=: the pid in it, or 0 when it is missing or holds no pid (yet). It lives where the
 * service writes: symlinks are followed as systemd does (the pid must name one of our children
 * anyway), but only a regular file is opened for reading; a FIFO or device there would block
 * cordon or act on open, so it counts as "no pid yet" and TimeoutStartSec= applies. */
static long read_pid_file(const char *path)
{
        char buf[32] = "", self[64];
        struct stat st;
        int opath = open(path, O_PATH | O_CLOEXEC);
        if (opath < 0)
                return 0;
        if (fstat(opath, &st) < 0 || !S_ISREG(st.st_mode)) {
                close(opath);
                return 0;
        }
        snprintf(self, sizeof(self), "/proc/self/fd/%d", opath);
        int fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        close(opath);
        if (fd < 0)
                return 0;
        ssize_t len = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        buf[len > 0 ? len : 0] = 0;
        long v = strtol(buf, NULL, 10);
        return v > 0 && v < INT32_MAX ? v : 0;
}

/* Type=forking: the daemon's pid from PIDFile= when it names one of our children (it was
 * re-parented to us; anything else in a pid file is not trusted, as systemd refuses pids outside
 * the service), else the only child left (GuessMainPID=). 0 when none is running. */
pid_t sbx_forking_main_pid(const SandboxPlan *p, const SbxPidNs *ns)
{
        pid_t kids[64];
        size_t n = ns->reaper > 0 ? sbx_pidns_orphans(ns, kids, ELEMENTSOF(kids))
                                  : sbx_list_children(kids, ELEMENTSOF(kids));

        if (p->pid_file) {
                /* As systemd, a PID file the daemon writes only after the start command exited
                 * is waited for while a process of the service runs, up to TimeoutStartSec= (B). */
                uint64_t t = p->timeout_start_usec;
                int64_t until =
                        t == 0 || t == UINT64_MAX ? INT64_MAX : sbx_now_ms() + (int64_t) (t / 1000);
                long v = read_pid_file(p->pid_file);
                while (v == 0 && n > 0 && !sbx_stop_requested && sbx_now_ms() < until) {
                        (void) usleep(10000);
                        v = read_pid_file(p->pid_file);
                        n = ns->reaper > 0 ? sbx_pidns_orphans(ns, kids, ELEMENTSOF(kids))
                                           : sbx_list_children(kids, ELEMENTSOF(kids));
                }
                long inner = v;
                /* The daemon wrote its pid as seen inside the namespace. */
                if (ns->reaper > 0 && v > 0)
                        v = sbx_pidns_to_host(ns, (pid_t) v);
                for (size_t i = 0; i < n; i++)
                        if (v > 0 && kids[i] == (pid_t) v) {
                                /* Host tools read it too: the host's pid (B). */
                                (void) sbx_pidfile_rewrite(p->pid_file, (pid_t) inner, kids[i]);
                                return kids[i];
                        }
        }
        return n == 1 ? kids[0] : 0;
}
