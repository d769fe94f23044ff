/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/sched.h> /* struct clone_args, CLONE_CLEAR_SIGHAND, CLONE_INTO_CGROUP */

#include "macro.h"
#include "mount.h"
#include "pidns.h"
#include "userns.h"

enum { REQ_SIGNAL_ALL = 1, REQ_STATUS = 2 };

#define SIGNALS_ALL (~UINT64_C(0))

void sbx_signals_default(uint64_t mask)
{
        for (int s = 1; s < _NSIG && s <= 64; s++)
                if ((mask & (UINT64_C(1) << (s - 1))) && s != SIGKILL && s != SIGSTOP)
                        (void) signal(s, SIG_DFL);
}

/* The "SigIgn:" mask of /proc/self/status (bit s - 1 for signal s). */
static int status_ignored(uint64_t *ret)
{
        char buf[4096], *end;
        int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return -EIO;
        buf[n] = 0;
        const char *p = strstr(buf, "\nSigIgn:\t");
        if (!p)
                return -EIO;
        p += strlen("\nSigIgn:\t");
        errno = 0;
        *ret = strtoull(p, &end, 16);
        return errno || end - p != 16 || *end != '\n' ? -EIO : 0;
}

/* The signals cordon ignores: inherited from its caller (nohup, a shell's background job), as
 * cordon itself only installs handlers (sbx_install_forwarding()) and never ignores a signal.
 * Learnt once per process (one read of /proc, or one query per signal without it), instead of
 * one reset per signal in every child and init. */
static uint64_t ignored_signals(void)
{
        static bool known = false;
        static uint64_t ignored = 0;

        if (known)
                return ignored;
        if (status_ignored(&ignored) < 0) {
                ignored = 0;
                for (int s = 1; s < _NSIG && s <= 64; s++) {
                        struct sigaction sa;
                        if (s != SIGKILL && s != SIGSTOP && sigaction(s, NULL, &sa) == 0 &&
                            sa.sa_handler == SIG_IGN)
                                ignored |= UINT64_C(1) << (s - 1);
                }
        }
        known = true;
        return ignored;
}

/* The program break when this file's constructor ran: after the dynamic loader, before (almost)
 * any malloc(). Between it and the current break lies malloc's heap and nothing else. */
static uintptr_t heap_floor = 0;

__attribute__((constructor)) static void note_heap_floor(void)
{
        void *b = sbrk(0);
        heap_floor = b == (void *) -1 ? 0 : (uintptr_t) b;
}

/* The whole pages of cordon's heap above heap_floor, or false. */
static bool heap_pages(void **ret_start, size_t *ret_len)
{
        uintptr_t page = (uintptr_t) sysconf(_SC_PAGESIZE), end = (uintptr_t) sbrk(0);
        uintptr_t start = (heap_floor + page - 1) & ~(page - 1);

        if (heap_floor == 0 || end == (uintptr_t) -1 || page == 0)
                return false;
        end &= ~(page - 1);
        if (end <= start)
                return false;
        *ret_start = (void *) start;
        *ret_len = end - start;
        return true;
}

/* sbx_fork_clean() with more clone3() flags; none of them when it falls back to fork()
 * (*ret_extra: whether they were applied). private_heap: the child never touches the heap (the
 * PID namespace's init): it gets zero pages there instead of sharing cordon's (MADV_WIPEONFORK,
 * clone3() only), so cordon's later writes to its heap need no copy-on-write copies, and the
 * clone copies fewer page tables. */
static pid_t fork_clean_flags(int cgroup_fd, uint64_t extra, bool private_heap, uint64_t *ret_reset,
                              bool *ret_placed, bool *ret_extra)
{
        uint64_t ignored = ignored_signals();
        struct clone_args a = {
                .flags = CLONE_CLEAR_SIGHAND | extra | (cgroup_fd >= 0 ? CLONE_INTO_CGROUP : 0),
                .exit_signal = SIGCHLD,
                .cgroup = cgroup_fd >= 0 ? (uint64_t) cgroup_fd : 0,
        };
        void *heap = NULL;
        size_t heap_len = 0;
        bool wiped = private_heap && heap_pages(&heap, &heap_len) &&
                     madvise(heap, heap_len, MADV_WIPEONFORK) == 0;
        long pid = syscall(SYS_clone3, &a, sizeof(a));

        if (pid != 0 && wiped) /* the next fork (a command's child) shares it as usual */
                (void) madvise(heap, heap_len, MADV_KEEPONFORK);
        if (pid >= 0) {
                *ret_reset = ignored;
                *ret_placed = cgroup_fd >= 0;
                *ret_extra = true;
                return (pid_t) pid;
        }
        *ret_reset = SIGNALS_ALL;
        *ret_placed = false;
        *ret_extra = false;
        return fork();
}

pid_t sbx_fork_clean(int cgroup_fd, uint64_t *ret_reset, bool *ret_placed)
{
        bool extra;
        return fork_clean_flags(cgroup_fd, 0, false, ret_reset, ret_placed, &extra);
}

static void noop(int sig)
{
        (void) sig;
}

/* PID 1 of the service's namespace: reaps orphans, runs kill(-1, sig) for cordon, and exits
 * (taking the namespace with it) when cordon goes away. */
/* Closes every descriptor from 3 on but keep. */
static void close_pair(int fds[2])
{
        close(fds[0]);
        close(fds[1]);
}

/* Runs with zero pages where cordon's heap is (fork_clean_flags()): no malloc(), no stdio, no
 * pointer into the heap, here or in what it calls. */
_Noreturn static void reaper_main(int ctl, int up, uint64_t reset)
{
        sigset_t chld, none;
        struct sigaction sa = {.sa_handler = noop};

        sbx_signals_default(reset); /* cordon's handlers are gone already (sbx_fork_clean()) */
        sigemptyset(&sa.sa_mask);
        (void) sigaction(SIGCHLD, &sa, NULL);
        sigemptyset(&none);
        sigemptyset(&chld);
        sigaddset(&chld, SIGCHLD);
        (void) sigprocmask(SIG_SETMASK, &chld, NULL);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
                _exit(1);
        (void) prctl(PR_SET_NAME, "cordon-init");
        (void) setsid();
        /* Nothing of cordon's reaches the namespace: no stdio, no inherited descriptors, not
         * its working directory. */
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        for (int fd = 0; fd < 3 && null >= 0; fd++)
                (void) dup2(null, fd);
        if (chdir("/") < 0)
                _exit(1);
        /* ctl and up are the two lowest descriptors from 3 on (sbx_pidns_start()). */
        int lo = ctl < up ? ctl : up, hi = ctl < up ? up : ctl;
        if (lo > 3)
                (void) close_range(3, (unsigned) lo - 1, 0);
        if (hi > lo + 1)
                (void) close_range((unsigned) lo + 1, (unsigned) hi - 1, 0);
        (void) close_range((unsigned) hi + 1, ~0U, 0);
        /* Set up (name, death signal, descriptors): the last close of the "up" pipe's write
         * end tells each command, right before its exec, that it may run. */
        close(up);

        /* Exit statuses of re-parented daemons (Type=forking's main process is one), for
         * cordon to ask about: a small ring, newest overwrites oldest. */
        struct {
                pid_t pid;
                int status;
        } ring[64] = {{0, 0}};
        unsigned next = 0;
        for (;;) {
                pid_t pid;
                int st;
                while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
                        ring[next % 64].pid = pid;
                        ring[next % 64].status = st;
                        next++;
                }
                struct pollfd pf = {.fd = ctl, .events = POLLIN};
                /* SIGCHLD is only unblocked while waiting, so none is lost. */
                if (ppoll(&pf, 1, NULL, &none) < 0)
                        continue;
                int32_t req[2], reply = -1;
                ssize_t n = read(ctl, req, sizeof(req));
                if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
                        _exit(0); /* cordon is gone: so is everything here */
                if (n != (ssize_t) sizeof(req))
                        continue;
                while ((pid = waitpid(-1, &st, WNOHANG)) > 0) { /* zombies are not "left" */
                        ring[next % 64].pid = pid;
                        ring[next % 64].status = st;
                        next++;
                }
                if (req[0] == REQ_SIGNAL_ALL)
                        reply = kill(-1, req[1]) == 0;
                else if (req[0] == REQ_STATUS)
                        for (unsigned i = 0; i < 64; i++)
                                if (ring[i].pid == req[1] && req[1] > 0)
                                        reply = ring[i].status;
                if (write(ctl, &reply, sizeof(reply)) != (ssize_t) sizeof(reply))
                        _exit(0);
        }
}

static int pidns_start(SbxPidNs *ns, bool mapped, uid_t uid, gid_t gid)
{
        int sp[2], up[2], r;

        *ns = SBX_PIDNS_INIT;
        ns->outer = open("/proc/self/ns/pid", O_RDONLY | O_CLOEXEC);
        if (ns->outer < 0)
                return -errno;
        if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
                goto fail;
        if (pipe2(up, O_CLOEXEC) < 0) {
                close(sp[0]);
                close(sp[1]);
                goto fail;
        }
        if (unshare(CLONE_NEWPID) < 0) {
                close_pair(sp);
                close_pair(up);
                goto fail;
        }
        uint64_t reset;
        bool placed, cloned = false;
        pid_t pid =
                fork_clean_flags(-1, mapped ? CLONE_NEWUSER : 0, true, &reset, &placed, &cloned);
        bool in_userns = mapped && cloned;
        if (pid < 0) {
                close_pair(sp);
                close_pair(up);
                (void) setns(ns->outer, CLONE_NEWPID);
                goto fail;
        }
        if (pid == 0) {
                close(sp[0]);
                close(up[0]);
                reaper_main(sp[1], up[1], reset);
        }
        close(sp[1]);
        close(up[1]);
        ns->reaper = pid;
        ns->ctl = sp[0];
        /* Not waited for here: each command waits right before its exec (sbx_pidns_wait_up()),
         * so on a busy machine the reaper's start overlaps with cordon's and the child's set-up
         * instead of costing a time slice before the fork. */
        ns->up = up[0];
        char path[64];
        snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int) pid);
        ns->inner = open(path, O_RDONLY | O_CLOEXEC);
        if (ns->inner < 0) {
                r = -errno;
                (void) setns(ns->outer, CLONE_NEWPID);
                sbx_pidns_stop(ns);
                return r;
        }
        if (in_userns) {
                /* The reaper does nothing that needs the ids mapped: written while it starts. */
                snprintf(path, sizeof(path), "/proc/%d/ns/user", (int) pid);
                r = sbx_userns_write_maps(pid, uid, gid);
                if (r >= 0 && (ns->userns = open(path, O_RDONLY | O_CLOEXEC)) < 0)
                        r = -errno;
                if (r < 0) {
                        sbx_pidns_stop(ns);
                        return r;
                }
        }
        return 0;
fail:
        r = -errno;
        close(ns->outer);
        ns->outer = -1;
        return r;
}

int sbx_pidns_start(SbxPidNs *ns)
{
        return pidns_start(ns, false, 0, 0);
}

int sbx_pidns_start_mapped(SbxPidNs *ns, uid_t uid, gid_t gid)
{
        /* A reaper in an unmapped namespace could not signal the service: all or nothing. */
        if (pidns_start(ns, true, uid, gid) >= 0 && ns->userns >= 0)
                return 0;
        if (ns->reaper > 0)
                sbx_pidns_stop(ns);
        return pidns_start(ns, false, 0, 0);
}

void sbx_pidns_wait_up(const SbxPidNs *ns)
{
        char b;
        /* EOF once the reaper is set up (or gone, which takes the namespace with it). */
        if (ns && ns->reaper > 0 && ns->up >= 0)
                while (read(ns->up, &b, 1) < 0 && errno == EINTR)
                        ;
}

int sbx_pidns_enter(const SbxPidNs *ns, bool inside)
{
        if (ns->reaper <= 0)
                return 0;
        return setns(inside ? ns->inner : ns->outer, CLONE_NEWPID) < 0 ? -errno : 0;
}

static int request(const SbxPidNs *ns, int32_t op, int32_t arg, int32_t *reply)
{
        int32_t req[2] = {op, arg};
        ssize_t n;

        if (ns->reaper <= 0 || ns->ctl < 0)
                return -ESRCH;
        if (send(ns->ctl, req, sizeof(req), MSG_NOSIGNAL) != (ssize_t) sizeof(req))
                return -errno;
        do
                n = read(ns->ctl, reply, sizeof(*reply));
        while (n < 0 && errno == EINTR);
        if (n != (ssize_t) sizeof(*reply))
                return n < 0 ? -errno : -ESRCH;
        return 0;
}

/* Reads /proc/PID/task/PID/children: the number of pids (at most max stored), -errno when
 * /proc cannot tell (unlike sbx_children(), which says 0). */
static int children_of(pid_t pid, pid_t *pids, size_t max)
{
        char path[64], buf[256];
        int n = 0;

        snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int) pid, (int) pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        ssize_t len = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (len < 0)
                return -errno;
        if ((size_t) len == sizeof(buf) - 1)
                return -E2BIG; /* many children: not the case this is for */
        buf[len] = 0;
        for (char *save = NULL, *w = strtok_r(buf, " \n", &save); w;
             w = strtok_r(NULL, " \n", &save), n++)
                if ((size_t) n < max)
                        pids[n] = (pid_t) atoi(w);
        return n;
}

/* True when /proc shows that nothing but the init is left in the namespace, so cordon need not
 * wake the reaper to ask (on a busy machine each round trip waits for a time slice; a oneshot's
 * stop asked four times). Every process of the namespace is a child cordon forked into it, an
 * orphan re-parented to the init (before its parent's exit is reported), or a descendant of
 * one of those: so it is empty when the init has no child (zombies count) and cordon has none
 * but the init. Anything else (a '+' command outside, an unreadable file) means "ask". */
static bool known_empty(const SbxPidNs *ns)
{
        pid_t kids[2];
        return children_of(ns->reaper, kids, ELEMENTSOF(kids)) == 0 &&
               children_of(getpid(), kids, ELEMENTSOF(kids)) == 1 && kids[0] == ns->reaper;
}

int sbx_pidns_signal_all(const SbxPidNs *ns, int sig)
{
        int32_t any = 0;
        if (ns->reaper > 0 && ns->ctl >= 0 && known_empty(ns))
                return 0;
        int r = request(ns, REQ_SIGNAL_ALL, sig, &any);
        return r < 0 ? r : any > 0;
}

/* The last "NSpid:" field of /proc/PID/status is the pid in the innermost namespace. */
static pid_t inner_pid_of(pid_t host)
{
        char path[64], buf[4096];

        snprintf(path, sizeof(path), "/proc/%d/status", (int) host);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return 0;
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (n <= 0)
                return 0;
        buf[n] = 0;
        char *l = strstr(buf, "\nNSpid:");
        if (!l)
                return 0;
        l += 7;
        char *e = strchr(l, '\n');
        if (e)
                *e = 0;
        char *last = strrchr(l, '\t');
        return (pid_t) atoi(last ? last + 1 : l);
}

static bool same_ns(const SbxPidNs *ns, pid_t host)
{
        char path[64];
        struct stat a, b;

        snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int) host);
        return stat(path, &a) == 0 && fstat(ns->inner, &b) == 0 && a.st_ino == b.st_ino &&
               a.st_dev == b.st_dev;
}

size_t sbx_children(pid_t pid, pid_t *pids, size_t max)
{
        char path[64], buf[4096];
        size_t n = 0;

        snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int) pid, (int) pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
                return 0;
        ssize_t len = read(fd, buf, sizeof(buf) - 1);
        close(fd);
        if (len <= 0)
                return 0;
        buf[len] = 0;
        for (char *save = NULL, *w = strtok_r(buf, " \n", &save); w && n < max;
             w = strtok_r(NULL, " \n", &save))
                pids[n++] = (pid_t) atoi(w);
        return n;
}

size_t sbx_pidns_orphans(const SbxPidNs *ns, pid_t *pids, size_t max)
{
        if (ns->reaper <= 0)
                return 0;
        return sbx_children(ns->reaper, pids, max);
}

pid_t sbx_pidns_to_host(const SbxPidNs *ns, pid_t inner_pid)
{
        if (ns->reaper <= 0 || inner_pid <= 1)
                return 0;
        /* Walk /proc: the namespace's processes are few, the check per entry is cheap. */
        DIR *d = opendir("/proc");
        if (!d)
                return 0;
        pid_t found = 0;
        for (struct dirent *de; !found && (de = readdir(d));) {
                char *end;
                long h = strtol(de->d_name, &end, 10);
                if (*end || h <= 0)
                        continue;
                if (inner_pid_of((pid_t) h) == inner_pid && same_ns(ns, (pid_t) h))
                        found = (pid_t) h;
        }
        closedir(d);
        return found;
}

pid_t sbx_pidns_inner_pid(pid_t host_pid)
{
        return inner_pid_of(host_pid);
}

int sbx_pidns_status(const SbxPidNs *ns, pid_t inner_pid, int *ret_status)
{
        int32_t st = -1;
        int r = request(ns, REQ_STATUS, inner_pid, &st);
        if (r < 0)
                return r;
        if (st < 0)
                return 0;
        *ret_status = st;
        return 1;
}

int sbx_pidns_wait(const SbxPidNs *ns, pid_t host_pid, int *ret_status)
{
        pid_t inner = inner_pid_of(host_pid);
        int pidfd = (int) syscall(SYS_pidfd_open, host_pid, 0);

        if (pidfd < 0 || inner <= 0) {
                if (pidfd >= 0)
                        close(pidfd);
                return -ESRCH;
        }
        struct pollfd pf = {.fd = pidfd, .events = POLLIN};
        /* A signal to cordon (a stop request) interrupts the wait: -EINTR. */
        if (poll(&pf, 1, -1) < 0 && errno != EINTR) {
                int r = -errno;
                close(pidfd);
                return r;
        }
        close(pidfd);
        if (pf.revents == 0)
                return -EINTR;
        /* Exited; the reaper collects it right after (SIGCHLD), ask until it has. */
        for (int i = 0; i < 500; i++) {
                int32_t st = -1;
                int r = request(ns, REQ_STATUS, inner, &st);
                if (r < 0)
                        return r;
                if (st >= 0) {
                        *ret_status = st;
                        return 0;
                }
                (void) usleep(2000);
        }
        return -ETIME;
}

static pid_t reap_later = 0;

static void reap_at_exit(void)
{
        while (reap_later > 0 && waitpid(reap_later, NULL, 0) < 0 && errno == EINTR)
                ;
        reap_later = 0;
}

/* A killed reaper of an empty namespace dies on its own and holds nothing: collected when
 * cordon exits, so that its death (a time slice on a busy machine) overlaps with the rest of
 * the clean-up (cgroups, PrivateTmp=, DynamicUser=) instead of delaying it. */
static bool reap_at_exit_later(pid_t pid)
{
        static bool registered = false;
        if (!registered && atexit(reap_at_exit) != 0)
                return false;
        registered = true;
        reap_at_exit(); /* an earlier one, if any */
        reap_later = pid;
        return true;
}

void sbx_pidns_stop(SbxPidNs *ns)
{
        sbx_pidns_stop_known(ns, false);
}

void sbx_pidns_stop_known(SbxPidNs *ns, bool empty)
{
        empty = ns->reaper > 0 && ns->ctl >= 0 && (empty || known_empty(ns));

        if (ns->up >= 0)
                close(ns->up);
        if (ns->ctl >= 0)
                close(ns->ctl); /* EOF: the reaper exits, the kernel kills the rest */
        if (ns->reaper > 0) {
                (void) kill(ns->reaper, SIGKILL);
                /* Its exit completes only once cordon's own children in the namespace are
                 * reaped too: collect them all (none when empty). */
                if (!(empty && reap_at_exit_later(ns->reaper)))
                        for (;;) {
                                pid_t pid = waitpid(-1, NULL, 0);
                                if (pid == ns->reaper || (pid < 0 && errno != EINTR))
                                        break;
                        }
        }
        if (ns->outer >= 0) {
                (void) setns(ns->outer, CLONE_NEWPID);
                close(ns->outer);
        }
        if (ns->inner >= 0)
                close(ns->inner);
        if (ns->userns >= 0)
                close(ns->userns);
        *ns = SBX_PIDNS_INIT;
}

int sbx_pidfile_rewrite(const char *path, pid_t inner_pid, pid_t host_pid)
{
        char buf[32], *end;
        struct stat st;
        int r = 0;

        if (!path || inner_pid <= 0 || host_pid <= 0 || inner_pid == host_pid)
                return 0;
        /* The file lives where the service may write: no symlink anywhere on the way, a plain
         * file with one link, and still exactly the pid just read; rewritten in place. */
        int opath = sbx_open_nofollow(path, SBX_CREATE_NONE);
        if (opath < 0)
                return opath;
        /* Never open anything but a regular file for writing (a FIFO, a device). */
        if (fstat(opath, &st) < 0 || !S_ISREG(st.st_mode)) {
                close(opath);
                return -EPERM;
        }
        char self[64];
        snprintf(self, sizeof(self), "/proc/self/fd/%d", opath);
        int fd = open(self, O_RDWR | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        close(opath);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0) {
                r = -errno;
                goto out;
        }
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || st.st_size >= (off_t) sizeof(buf)) {
                r = -EPERM;
                goto out;
        }
        ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
        if (n < 0) {
                r = -errno;
                goto out;
        }
        buf[n] = 0;
        errno = 0;
        long v = strtol(buf, &end, 10);
        end += strspn(end, " \t\n");
        if (errno != 0 || end == buf || *end || v != (long) inner_pid) {
                r = 0; /* changed meanwhile (or never ours): leave it */
                goto out;
        }
        int len = snprintf(buf, sizeof(buf), "%d\n", (int) host_pid);
        if (ftruncate(fd, 0) < 0 || pwrite(fd, buf, (size_t) len, 0) != len) {
                r = errno ? -errno : -EIO;
                goto out;
        }
        r = 1;
out:
        close(fd);
        return r;
}

bool sbx_pidns_is_forwarded(pid_t main_pid, pid_t pid)
{
        pid_t child = 0;
        return main_pid > 0 && pid > 0 && sbx_children(main_pid, &child, 1) == 1 && child == pid;
}
