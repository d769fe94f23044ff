/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "path-util.h"
#include "spawn-internal.h"
#include "string-util.h"

int sbx_notify_open(const SandboxPlan *p, const char *dir, char **ret_address, int *ret_fd)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        uint8_t rnd[8] = {0};
        char name[96];
        int fd, r, one = 1;

        if (getrandom(rnd, sizeof(rnd), 0) != sizeof(rnd))
                return -EIO;
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0)
                return -errno;
        if (setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)) < 0)
                goto fail;
        if ((p->ns.unshare_flags & CLONE_NEWNET) || p->ns.network_path) {
                /* Abstract sockets belong to a network namespace (a new or a joined one, B):
                 * use a file. */
                char tmpl[4096];
                if ((size_t) snprintf(tmpl, sizeof(tmpl), "%s/cordon-notify.XXXXXX", dir) >=
                            sizeof(tmpl) ||
                    !mkdtemp(tmpl) || chmod(tmpl, 0755) < 0)
                        goto fail;
                if ((size_t) snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/notify", tmpl) >=
                    sizeof(sa.sun_path)) {
                        (void) rmdir(tmpl);
                        errno = ENAMETOOLONG;
                        goto fail;
                }
                if (bind(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0 ||
                    chmod(sa.sun_path, 0777) < 0) { /* any service user may report */
                        r = -errno;
                        (void) unlink(sa.sun_path);
                        (void) rmdir(tmpl);
                        close(fd);
                        return r;
                }
                *ret_address = strdup(sa.sun_path);
        } else {
                snprintf(name, sizeof(name), "cordon/notify/%d/%02x%02x%02x%02x%02x%02x%02x%02x",
                         (int) getpid(), rnd[0], rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
                         rnd[7]);
                memcpy(sa.sun_path + 1, name, strlen(name));
                if (bind(fd, (struct sockaddr *) &sa,
                         (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name))) <
                    0)
                        goto fail;
                *ret_address = strjoin_real("@", name, NULL);
        }
        if (!*ret_address) {
                sbx_notify_close(NULL, fd);
                return -ENOMEM;
        }
        *ret_fd = fd;
        return 0;
fail:
        r = -errno;
        close(fd);
        return r;
}

void sbx_notify_close(const char *address, int fd)
{
        if (fd >= 0)
                close(fd);
        if (address && address[0] == '/') {
                _cleanup_free_ char *d = path_dirname(address);
                (void) unlink(address);
                if (d)
                        (void) rmdir(d);
        }
}

/* Reads every queued notification; sets *ready on READY=1 from an accepted sender. */
static void notify_drain(const SandboxPlan *p, int fd, pid_t main_pid, bool *ready)
{
        for (;;) {
                char buf[4096];
                union {
                        struct cmsghdr h;
                        char b[CMSG_SPACE(sizeof(struct ucred))];
                } ctl;
                struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf) - 1};
                struct msghdr mh = {.msg_iov = &iov,
                                    .msg_iovlen = 1,
                                    .msg_control = &ctl,
                                    .msg_controllen = sizeof(ctl)};
                ssize_t n = recvmsg(fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
                if (n < 0)
                        return;
                buf[n] = 0;
                const struct ucred *cred = NULL;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
                        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS)
                                cred = (const struct ucred *) CMSG_DATA(c);
                /* NotifyAccess=: main (the default for Type=notify) or all; none hears nobody. */
                if (p->notify_access == NOTIFY_NONE || !cred ||
                    (p->notify_access != NOTIFY_ALL && cred->pid != main_pid))
                        continue;
                for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l;
                     l = strtok_r(NULL, "\n", &save))
                        if (streq(l, "READY=1"))
                                *ready = true;
        }
}

/* Type=notify: waits for READY=1. Returns 1 when ready, 0 when the main process exited first
 * (its status in *ret_status), -ETIME on TimeoutStartSec=. Signals still reach the service. */
int sbx_wait_ready(const SandboxPlan *p, int fd, pid_t main_pid, int *ret_status)
{
        struct timespec start, now;
        bool ready = false;
        int pidfd = (int) syscall(SYS_pidfd_open, main_pid, 0);

        if (pidfd < 0)
                return -errno;
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
                int timeout = -1;
                if (p->timeout_start_usec > 0 && p->timeout_start_usec != UINT64_MAX) {
                        clock_gettime(CLOCK_MONOTONIC, &now);
                        int64_t used = (int64_t) (now.tv_sec - start.tv_sec) * 1000 +
                                       (now.tv_nsec - start.tv_nsec) / 1000000;
                        int64_t left = (int64_t) (p->timeout_start_usec / 1000) - used;
                        if (left <= 0) {
                                close(pidfd);
                                return -ETIME;
                        }
                        timeout = left > INT32_MAX ? INT32_MAX : (int) left;
                }
                struct pollfd pf[2] = {{.fd = fd, .events = POLLIN},
                                       {.fd = pidfd, .events = POLLIN}};
                if (poll(pf, 2, timeout) < 0 && errno != EINTR) {
                        int r = -errno;
                        close(pidfd);
                        return r;
                }
                /* Datagrams first: READY=1 sent right before exiting still counts. */
                notify_drain(p, fd, main_pid, &ready);
                if (ready) {
                        close(pidfd);
                        return 1;
                }
                if (pf[1].revents & POLLIN) {
                        close(pidfd);
                        *ret_status = sbx_wait_command(main_pid);
                        return 0;
                }
        }
}
