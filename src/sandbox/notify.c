/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
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
#include "utf8.h"

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

static bool parse_u64(const char *s, uint64_t *ret)
{
        uint64_t v = 0;
        if (!*s)
                return false;
        for (; *s; s++) {
                if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
                        return false;
                v = v * 10 + (uint64_t) (*s - '0');
        }
        *ret = v;
        return true;
}

int sbx_notify_parse(const char *buf, size_t n, SbxNotifyMsg *ret)
{
        char copy[SBX_NOTIFY_BUFFER_MAX + 1];
        const char *tags[SBX_NOTIFY_BUFFER_MAX / 2 + 1];
        size_t k = 0;
        bool got_mainpid = false, got_watchdog = false, got_usec = false, got_extend = false,
             got_status = false;

        *ret = (SbxNotifyMsg){0};
        /* One trailing NUL is allowed, none inside; longer than the buffer is truncated. */
        if (n > SBX_NOTIFY_BUFFER_MAX || (n > 1 && memchr(buf, 0, n - 1)))
                return -EBADMSG;
        memcpy(copy, buf, n);
        copy[n] = 0;
        for (char *save = NULL, *l = strtok_r(copy, "\n", &save); l;
             l = strtok_r(NULL, "\n", &save))
                tags[k++] = l;

        /* READY=1 / STOPPING=1 / RELOADING=1: the last one wins. */
        for (size_t i = k; i > 0; i--) {
                const char *t = tags[i - 1];
                if (streq(t, "READY=1") || streq(t, "STOPPING=1") || streq(t, "RELOADING=1")) {
                        ret->ready = streq(t, "READY=1");
                        ret->stopping = streq(t, "STOPPING=1");
                        ret->reloading = streq(t, "RELOADING=1");
                        break;
                }
        }
        /* The rest: the first assignment of each counts (strv_find_startswith()). */
        for (size_t i = 0; i < k; i++) {
                const char *t = tags[i], *v;
                uint64_t u;
                if (!got_mainpid && (v = startswith(t, "MAINPID="))) {
                        got_mainpid = true;
                        if (parse_u64(v, &u) && u > 0 && u <= INT32_MAX)
                                ret->main_pid = (pid_t) u;
                } else if (!got_watchdog && (v = startswith(t, "WATCHDOG="))) {
                        got_watchdog = true;
                        ret->watchdog_ping = streq(v, "1");
                        ret->watchdog_trigger = streq(v, "trigger");
                } else if (!got_usec && (v = startswith(t, "WATCHDOG_USEC="))) {
                        got_usec = true;
                        ret->has_watchdog_usec = parse_u64(v, &ret->watchdog_usec);
                } else if (!got_status && (v = startswith(t, "STATUS="))) {
                        /* Overlong or not UTF-8: ignored, as systemd does. */
                        got_status = true;
                        if (strlen(v) <= SBX_STATUS_MAX && utf8_is_valid(v)) {
                                ret->has_status = true;
                                strcpy(ret->status, v);
                        }
                } else if (!got_extend && (v = startswith(t, "EXTEND_TIMEOUT_USEC="))) {
                        got_extend = true;
                        if (!parse_u64(v, &ret->extend_usec))
                                ret->extend_usec = 0;
                }
        }
        return 0;
}

bool sbx_notify_authorized(NotifyAccess access, pid_t sender, pid_t main_pid, pid_t control_pid)
{
        switch (access) {
        case NOTIFY_ALL:
                return true;
        case NOTIFY_EXEC:
                return (main_pid > 0 && sender == main_pid) ||
                       (control_pid > 0 && sender == control_pid);
        case NOTIFY_MAIN:
                return main_pid > 0 && sender == main_pid;
        case NOTIFY_NONE:
        case _NOTIFY_ACCESS_MAX:
        case _NOTIFY_ACCESS_INVALID:
                break;
        }
        return false;
}

/* State and parent of pid from /proc/PID/stat; false when it does not exist. */
static bool proc_stat(pid_t pid, char *ret_state, pid_t *ret_ppid)
{
        char path[64], buf[512];
        snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return false;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return false;
        buf[n] = 0;
        const char *e = strrchr(buf, ')'); /* the name may contain anything */
        int ppid;
        char st;
        if (!e || sscanf(e + 1, " %c %d", &st, &ppid) != 2)
                return false;
        *ret_state = st;
        *ret_ppid = ppid;
        return true;
}

bool sbx_pid_in_service(const Session *s, pid_t pid)
{
        pid_t self = getpid();
        char st;

        if (pid <= 1 || pid == self || pid == s->pidns.reaper)
                return false;
        /* Every process of the run descends from cordon: its children, the namespace's init
         * and what was re-parented to either (cordon is a subreaper). */
        for (int depth = 0; depth < 4096 && pid > 1; depth++) {
                pid_t ppid;
                if (!proc_stat(pid, &st, &ppid))
                        return false;
                if (ppid == self)
                        return true;
                pid = ppid;
        }
        return false;
}

/* The service's pid namespace, seen from pid: MAINPID= then is a pid inside it. */
static bool in_service_pidns(const Session *s, pid_t pid)
{
        char a[64], b[64];
        struct stat sa, sb;
        if (s->pidns.reaper <= 0)
                return false;
        snprintf(a, sizeof(a), "/proc/%d/ns/pid", (int) pid);
        snprintf(b, sizeof(b), "/proc/%d/ns/pid", (int) s->pidns.reaper);
        return stat(a, &sa) >= 0 && stat(b, &sb) >= 0 && sa.st_ino == sb.st_ino &&
               sa.st_dev == sb.st_dev;
}

/* service_is_suitable_main_pid(), stricter: a live process of this run that is neither cordon,
 * its reaper nor the control process. (systemd also takes other pids from root senders; a
 * process outside the run could not be stopped with it, so cordon never does.) */
static bool suitable_main_pid(const Session *s, pid_t pid)
{
        char st;
        pid_t ppid;
        return pid > 1 && pid != s->svc.control_pid && proc_stat(pid, &st, &ppid) && st != 'Z' &&
               sbx_pid_in_service(s, pid);
}

static void notify_apply(const SandboxPlan *p, Session *s, const SbxNotifyMsg *m, pid_t sender)
{
        SbxService *v = &s->svc;

        /* systemd routes a message to the unit whose cgroup holds the sender; cordon only hears
         * processes of this run (the abstract socket is reachable by the whole host). */
        /* PrivatePIDs=: the command runs as the forwarder's only child (apply.c, B) */
        pid_t as = p->ns.private_pids && sbx_pidns_is_forwarded(v->main_pid, sender) ? v->main_pid
                   : p->ns.private_pids && sbx_pidns_is_forwarded(v->control_pid, sender)
                           ? v->control_pid
                           : sender;
        if (!sbx_pid_in_service(s, sender) ||
            !sbx_notify_authorized(p->notify_access, as, v->main_pid, v->control_pid))
                return;
        if (m->main_pid > 0 && v->accept_main_pid) {
                pid_t host = in_service_pidns(s, sender) ? sbx_pidns_to_host(&s->pidns, m->main_pid)
                                                         : m->main_pid;
                if (host > 0 && host != v->main_pid && suitable_main_pid(s, host))
                        v->main_pid = host;
        }
        if (m->has_status) {
                /* Kept for the CLI's failure report: control characters (C0, DEL, and C1 in
                 * UTF-8) cannot reach a terminal. */
                memcpy(v->status, m->status, sizeof(v->status));
                for (unsigned char *c = (unsigned char *) v->status; *c; c++)
                        if (*c < 0x20 || *c == 0x7f)
                                *c = '?';
                        else if (c[0] == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f)
                                c[0] = c[1] = '?';
        }
        if (m->ready)
                v->ready = true;
        if (m->stopping)
                v->stopping = true;
        if (m->extend_usec > 0 && m->extend_usec != UINT64_MAX) {
                int64_t until = sbx_now_ms() + (int64_t) (m->extend_usec / 1000 > INT32_MAX
                                                                  ? INT32_MAX
                                                                  : m->extend_usec / 1000);
                if (until > v->extend_until)
                        v->extend_until = until;
        }
        if (v->watchdog_on && m->watchdog_ping)
                sbx_watchdog_reset(s);
        if (v->watchdog_on && m->watchdog_trigger)
                v->watchdog_fired = true;
        if (m->has_watchdog_usec) {
                v->watchdog_usec = m->watchdog_usec;
                if (v->watchdog_on)
                        sbx_watchdog_reset(s);
        }
}

void sbx_notify_drain(const SandboxPlan *p, Session *s)
{
        /* Bounded: a flood cannot keep cordon from noticing exits and signals. */
        for (int i = 0; s->svc.notify_fd >= 0 && i < 256; i++) {
                char buf[SBX_NOTIFY_BUFFER_MAX + 1];
                union {
                        struct cmsghdr h;
                        char b[CMSG_SPACE(sizeof(struct ucred)) + CMSG_SPACE(sizeof(int) * 16)];
                } ctl;
                struct iovec iov = {.iov_base = buf, .iov_len = sizeof(buf)};
                struct msghdr mh = {.msg_iov = &iov,
                                    .msg_iovlen = 1,
                                    .msg_control = &ctl,
                                    .msg_controllen = sizeof(ctl)};
                ssize_t n =
                        recvmsg(s->svc.notify_fd, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC | MSG_TRUNC);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return;
                }
                const struct ucred *cred = NULL;
                for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
                        if (c->cmsg_level != SOL_SOCKET)
                                continue;
                        if (c->cmsg_type == SCM_CREDENTIALS &&
                            c->cmsg_len == CMSG_LEN(sizeof(struct ucred)))
                                cred = (const struct ucred *) CMSG_DATA(c);
                        else if (c->cmsg_type == SCM_RIGHTS) { /* FDSTORE=: not kept */
                                int *fds = (int *) CMSG_DATA(c);
                                size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
                                for (size_t j = 0; j < k; j++)
                                        close(fds[j]);
                        }
                }
                SbxNotifyMsg m;
                if (!cred || cred->pid <= 0 || (size_t) n >= sizeof(buf) ||
                    (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) ||
                    sbx_notify_parse(buf, (size_t) n, &m) < 0)
                        continue;
                notify_apply(p, s, &m, cred->pid);
        }
}
