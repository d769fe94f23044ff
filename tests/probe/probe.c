/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
/* Static probe run as ExecStart= under cordon run: reports what the sandbox looks like from
 * inside, one key=value line per request. Exit 0 when every request could be answered (the
 * answer itself may be "denied"), 2 on usage errors. No libraries beyond libc. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <grp.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

static const char *errname(int e)
{
        switch (e) {
        case 0:
                return "OK";
        case EROFS:
                return "EROFS";
        case EACCES:
                return "EACCES";
        case EPERM:
                return "EPERM";
        case ENOENT:
                return "ENOENT";
        case ENOTDIR:
                return "ENOTDIR";
        case EISDIR:
                return "EISDIR";
        case ENXIO:
                return "ENXIO";
        case ELOOP:
                return "ELOOP";
        case EEXIST:
                return "EEXIST";
        case ENODEV:
                return "ENODEV";
        case ENETUNREACH:
                return "ENETUNREACH";
        case ECONNREFUSED:
                return "ECONNREFUSED";
        case ESRCH:
                return "ESRCH";
        default:
                return "OTHER";
        }
}

/* write PATH: create (O_EXCL) PATH/.probe-<pid> if PATH is a directory, else open O_WRONLY. */
static int do_write(const char *path)
{
        struct stat st;
        char buf[4096];
        int fd, e = 0;

        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
                snprintf(buf, sizeof(buf), "%s/.probe-%d", path, (int) getpid());
                fd = open(buf, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
                if (fd < 0)
                        e = errno;
                else {
                        close(fd);
                        unlink(buf);
                }
        } else {
                /* Never write to the file: opening for writing is the test. */
                fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
                if (fd < 0)
                        e = errno;
                else
                        close(fd);
        }
        printf("write %s=%s\n", path, errname(e));
        return 0;
}

/* exec PATH: copy /proc/self/exe to PATH/probe-exec-<pid>, chmod 755, exec it with "true". */
static int do_exec(const char *dir)
{
        char dst[4096], buf[65536];
        int in, out, e = 0;
        ssize_t n;

        snprintf(dst, sizeof(dst), "%s/.probe-exec-%d", dir, (int) getpid());
        in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
        out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
        if (in < 0 || out < 0) {
                printf("exec %s=NOWRITE-%s\n", dir, errname(errno));
                return 0;
        }
        while ((n = read(in, buf, sizeof(buf))) > 0)
                if (write(out, buf, (size_t) n) != n)
                        break;
        close(in);
        close(out);
        pid_t pid = fork();
        if (pid == 0) {
                char *argv[] = {dst, (char *) "true", NULL};
                execv(dst, argv);
                _exit(errno == EACCES ? 100 : 101);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 100)
                e = EACCES;
        else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                e = EPERM;
        unlink(dst);
        printf("exec %s=%s\n", dir, errname(e));
        return 0;
}

static int do_stat(const char *path)
{
        struct stat st;
        struct statvfs sv;
        if (lstat(path, &st) < 0) {
                printf("stat %s=%s\n", path, errname(errno));
                return 0;
        }
        const char *type = S_ISDIR(st.st_mode)   ? "dir"
                           : S_ISREG(st.st_mode) ? "reg"
                           : S_ISCHR(st.st_mode) ? "chr"
                           : S_ISBLK(st.st_mode) ? "blk"
                           : S_ISLNK(st.st_mode) ? "lnk"
                                                 : "other";
        int ro = -1, nosuid = -1, nodev = -1, noexec = -1;
        if (statvfs(path, &sv) == 0) {
                ro = !!(sv.f_flag & ST_RDONLY);
                nosuid = !!(sv.f_flag & ST_NOSUID);
                nodev = !!(sv.f_flag & ST_NODEV);
                noexec = !!(sv.f_flag & ST_NOEXEC);
        }
        printf("stat %s=%s mode=%04o dev=%lu ino=%lu ro=%d nosuid=%d nodev=%d noexec=%d\n", path,
               type, (unsigned) (st.st_mode & 07777), (unsigned long) st.st_dev,
               (unsigned long) st.st_ino, ro, nosuid, nodev, noexec);
        return 0;
}

/* read PATH: can the content be read? (first byte only) */
static int do_read(const char *path)
{
        char c;
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0) {
                printf("read %s=%s\n", path, errname(errno));
                return 0;
        }
        ssize_t n = read(fd, &c, 1);
        int e = n < 0 ? errno : 0;
        close(fd);
        printf("read %s=%s%s\n", path, errname(e), n == 0 ? " empty" : "");
        return 0;
}

/* ls PATH: entries sorted by readdir order, "name:type" comma-separated. */
static int do_ls(const char *path)
{
        DIR *d = opendir(path);
        if (!d) {
                printf("ls %s=%s\n", path, errname(errno));
                return 0;
        }
        printf("ls %s=", path);
        const char *sep = "";
        for (struct dirent *de; (de = readdir(d));) {
                if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
                        continue;
                struct stat st;
                const char *t = "?";
                /* stat, not d_type: a bind-mounted node shows as the file it covers. */
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
                        t = S_ISCHR(st.st_mode)   ? "chr"
                            : S_ISBLK(st.st_mode) ? "blk"
                            : S_ISDIR(st.st_mode) ? "dir"
                            : S_ISLNK(st.st_mode) ? "lnk"
                            : S_ISREG(st.st_mode) ? "reg"
                                                  : "other";
                printf("%s%s:%s", sep, de->d_name, t);
                sep = ",";
        }
        printf("\n");
        closedir(d);
        return 0;
}

static int do_ns(void)
{
        static const char *const names[] = {"mnt", "net", "ipc", "uts", "user", "pid", "cgroup"};
        printf("ns");
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
                char p[64], l[128];
                snprintf(p, sizeof(p), "/proc/self/ns/%s", names[i]);
                ssize_t n = readlink(p, l, sizeof(l) - 1);
                if (n < 0)
                        snprintf(l, sizeof(l), "?");
                else
                        l[n] = 0;
                char *b = strchr(l, '['), *e = strchr(l, ']');
                if (b && e) {
                        *e = 0;
                        printf(" %s=%s", names[i], b + 1);
                } else
                        printf(" %s=%s", names[i], l);
        }
        printf("\n");
        return 0;
}

static int do_mountinfo(void)
{
        FILE *f = fopen("/proc/self/mountinfo", "re");
        char line[8192];
        if (!f) {
                printf("mountinfo=%s\n", errname(errno));
                return 0;
        }
        while (fgets(line, sizeof(line), f))
                printf("mountinfo %s", line);
        fclose(f);
        return 0;
}

static int do_ifaces(void)
{
        FILE *f = fopen("/proc/net/dev", "re");
        char line[512];
        int n = 0;
        printf("ifaces=");
        if (f) {
                while (fgets(line, sizeof(line), f))
                        if (++n > 2) {
                                char *c = strchr(line, ':');
                                if (!c)
                                        continue;
                                *c = 0;
                                char *s = line + strspn(line, " ");
                                printf("%s%s", n > 3 ? "," : "", s);
                        }
                fclose(f);
        }
        printf("\n");
        return 0;
}

/* --- red-team verbs (K4, run-redteam.sh): "try NAME" makes one attempt in a child and prints
 * "try NAME=RESULT": OK, an errno name, or SIG<n> when the child was killed (seccomp). */
static const char *errname2(int e)
{
        switch (e) {
        case ENOSYS:
                return "ENOSYS";
        case EINVAL:
                return "EINVAL";
        case EBADF:
                return "EBADF";
        case EAFNOSUPPORT:
                return "EAFNOSUPPORT";
        case EPROTONOSUPPORT:
                return "EPROTONOSUPPORT";
        case EOPNOTSUPP:
                return "EOPNOTSUPP";
        case ENOKEY:
                return "ENOKEY";
        case EKEYREVOKED:
                return "EKEYREVOKED";
        case EBUSY:
                return "EBUSY";
        case ETXTBSY:
                return "ETXTBSY";
        case EFAULT:
                return "EFAULT";
        case ENOMEM:
                return "ENOMEM";
        case ENOSPC:
                return "ENOSPC";
        case EUSERS:
                return "EUSERS";
        default:
                return errname(e);
        }
}

static int try_syscall(long r)
{
        return r < 0 ? errno : 0;
}

/* The attempts; each returns 0 or an errno value. */
static int try_one(const char *what, const char *arg)
{
        if (!strcmp(what, "io_uring")) {
                char params[120] = {0};
                int r = (int) syscall(SYS_io_uring_setup, 4, params);
                return r < 0 ? errno : 0;
        }
        if (!strcmp(what, "userfaultfd"))
                return try_syscall(
                        syscall(SYS_userfaultfd, O_CLOEXEC | 1 /* UFFD_USER_MODE_ONLY */));
        if (!strcmp(what, "perf")) {
                struct perf_event_attr pa = {.type = PERF_TYPE_SOFTWARE,
                                             .size = sizeof(pa),
                                             .config = PERF_COUNT_SW_TASK_CLOCK,
                                             .exclude_kernel = 1};
                return try_syscall(syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0));
        }
        if (!strcmp(what, "bpf")) {
                union bpf_attr ba;
                memset(&ba, 0, sizeof(ba));
                ba.map_type = BPF_MAP_TYPE_ARRAY;
                ba.key_size = 4;
                ba.value_size = 4;
                ba.max_entries = 1;
                return try_syscall(syscall(SYS_bpf, BPF_MAP_CREATE, &ba, sizeof(ba)));
        }
        if (!strcmp(what, "add_key")) /* a key in the session keyring */
                return try_syscall(syscall(SYS_add_key, "user", "k4-probe", "x", 1, -3));
        if (!strcmp(what, "keyread") && arg) { /* read a key by serial (the harness's) */
                char b[256];
                return try_syscall(
                        syscall(SYS_keyctl, 11 /* KEYCTL_READ */, atol(arg), b, sizeof(b), 0));
        }
        if (!strcmp(what, "name_to_handle")) {
                struct {
                        struct file_handle fh;
                        unsigned char b[128];
                } h = {.fh.handle_bytes = 128};
                int mnt;
                return try_syscall(name_to_handle_at(AT_FDCWD, "/", &h.fh, &mnt, 0));
        }
        if (!strcmp(what, "kcmp1"))
                return try_syscall(syscall(SYS_kcmp, getpid(), 1, 1 /* KCMP_FILES */, 0, 0));
        if (!strcmp(what, "fsopen"))
                return try_syscall(syscall(SYS_fsopen, "tmpfs", 0));
        if (!strcmp(what, "open_tree"))
                return try_syscall(syscall(SYS_open_tree, AT_FDCWD, "/", 1 /* OPEN_TREE_CLONE */));
        if (!strcmp(what, "unshare") && arg) {
                static const struct {
                        const char *n;
                        int f;
                } ns[] = {{"user", CLONE_NEWUSER},    {"mnt", CLONE_NEWNS},  {"net", CLONE_NEWNET},
                          {"ipc", CLONE_NEWIPC},      {"uts", CLONE_NEWUTS}, {"pid", CLONE_NEWPID},
                          {"cgroup", CLONE_NEWCGROUP}};
                for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++)
                        if (!strcmp(ns[i].n, arg))
                                return try_syscall(unshare(ns[i].f));
                return EINVAL;
        }
        if (!strcmp(what, "clone3-user")) { /* clone3() is how a filter on clone() is bypassed */
                struct clone_args ca = {.flags = CLONE_NEWUSER, .exit_signal = SIGCHLD};
                long pid = syscall(SYS_clone3, &ca, sizeof(ca));
                if (pid == 0)
                        _exit(0);
                if (pid > 0)
                        waitpid((pid_t) pid, NULL, 0);
                return pid < 0 ? errno : 0;
        }
        if (!strcmp(what, "personality")) { /* READ_IMPLIES_EXEC, then read it back */
                if (personality(0x0400000) < 0)
                        return errno;
                return (personality(0xffffffff) & 0x0400000) ? 0 : EPERM;
        }
        if (!strcmp(what, "netlink"))
                return try_syscall(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, 0));
        if (!strcmp(what, "packet"))
                return try_syscall(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
        if (!strcmp(what, "unix"))
                return try_syscall(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (!strcmp(what, "memfd-exec")) { /* a copy of ourselves in a memfd, fexecve'd */
                int in = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
                int fd = (int) syscall(SYS_memfd_create, "k4", 0);
                char b[65536];
                ssize_t n;
                if (in < 0 || fd < 0)
                        return errno;
                while ((n = read(in, b, sizeof(b))) > 0)
                        if (write(fd, b, (size_t) n) != n)
                                return EIO;
                char *av[] = {(char *) "probe", (char *) "exit", (char *) "42", NULL};
                extern char **environ;
                fexecve(fd, av, environ);
                return errno;
        }
        if (!strcmp(what, "procmem")) { /* write our own code through /proc/self/mem */
                int fd = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
                if (fd < 0)
                        return errno;
                unsigned char c;
                off_t at = (off_t) (uintptr_t) &try_syscall;
                if (pread(fd, &c, 1, at) != 1 || pwrite(fd, &c, 1, at) != 1)
                        return errno;
                return 0;
        }
        if (!strcmp(what, "mprotect-exec")) {
                void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                               0);
                if (m == MAP_FAILED)
                        return errno;
                return try_syscall(mprotect(m, 4096, PROT_READ | PROT_EXEC));
        }
        if (!strcmp(what, "setuid0"))
                return try_syscall(setuid(0));
        if (!strcmp(what, "setgroups0")) {
                gid_t g = 0;
                return try_syscall(setgroups(1, &g));
        }
        if (!strcmp(what, "ptrace") && arg)
                return try_syscall(ptrace(PTRACE_ATTACH, (pid_t) atoi(arg), 0, 0));
        if (!strcmp(what, "vmread") && arg) {
                char b[8];
                struct iovec l = {b, sizeof(b)}, r = {(void *) 0x400000, sizeof(b)};
                return try_syscall(process_vm_readv((pid_t) atoi(arg), &l, 1, &r, 1, 0));
        }
        if (!strcmp(what, "pidfd-getfd") && arg) {
                int pfd = (int) syscall(SYS_pidfd_open, atoi(arg), 0);
                if (pfd < 0)
                        return errno;
                return try_syscall(syscall(SYS_pidfd_getfd, pfd, 0, 0));
        }
        if (!strcmp(what, "kill") && arg) /* SIGKILL: "kill PID", the pid handed in */
                return try_syscall(kill((pid_t) atoi(arg), SIGKILL));
        if (!strcmp(what, "securebits")) /* lock out root's privileges: harmless, but privileged */
                return try_syscall(prctl(PR_SET_SECUREBITS, 0x2f));
        if (!strcmp(what, "chroot"))
                return try_syscall(chroot("/"));
        return EINVAL;
}

static int do_try(const char *full, const char *what, const char *arg)
{
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
                int e = try_one(what, arg);
                printf("try %s=%s\n", full, errname2(e));
                fflush(stdout);
                _exit(0);
        }
        int st = 0;
        if (pid < 0 || waitpid(pid, &st, 0) < 0)
                printf("try %s=NOFORK\n", full);
        else if (WIFSIGNALED(st))
                printf("try %s=SIG%d\n", full, WTERMSIG(st));
        else if (WIFEXITED(st) && WEXITSTATUS(st) == 42) /* an exec'd copy said "exit 42" */
                printf("try %s=OK\n", full);
        return 0;
}

int main(int argc, char **argv)
{
        for (int i = 1; i < argc; i++) {
                const char *c = argv[i];
                const char *arg = i + 1 < argc ? argv[i + 1] : NULL;
                if (!strcmp(c, "ns"))
                        do_ns();
                else if (!strcmp(c, "mountinfo"))
                        do_mountinfo();
                else if (!strcmp(c, "ifaces"))
                        do_ifaces();
                else if (!strcmp(c, "hostname")) {
                        struct utsname u;
                        uname(&u);
                        printf("hostname=%s\n", u.nodename);
                } else if (!strcmp(c, "cwd")) {
                        char b[4096];
                        printf("cwd=%s\n", getcwd(b, sizeof(b)) ? b : "?");
                } else if (!strcmp(c, "pid")) {
                        printf("pid=%d ppid=%d\n", (int) getpid(), (int) getppid());
                } else if (!strcmp(c, "kill0") && arg) {
                        /* Signal 0 to a pid the harness names (E064): is it reachable? */
                        int e = kill((pid_t) atoi(arg), 0) < 0 ? errno : 0;
                        printf("kill0 %s=%s\n", arg, errname(e));
                        i++;
                } else if (!strcmp(c, "sethostname") && arg) {
                        int e = sethostname(arg, strlen(arg)) < 0 ? errno : 0;
                        printf("sethostname %s=%s\n", arg, errname(e));
                        i++;
                } else if (!strcmp(c, "cat") && arg) {
                        /* First line of a small file: "cat PATH=TEXT" or "cat PATH=ERRNO". */
                        char b[256] = "";
                        FILE *f = fopen(arg, "re");
                        if (!f)
                                printf("cat %s=%s\n", arg, errname(errno));
                        else {
                                if (!fgets(b, sizeof(b), f))
                                        b[0] = 0;
                                b[strcspn(b, "\n")] = 0;
                                printf("cat %s=%s\n", arg, b);
                                fclose(f);
                        }
                        i++;
                } else if (!strcmp(c, "uid"))
                        printf("uid=%u euid=%u\n", (unsigned) getuid(), (unsigned) geteuid());
                else if (!strcmp(c, "env")) {
                        extern char **environ;
                        for (char **e = environ; *e; e++)
                                printf("env %s\n", *e);
                } else if (!strcmp(c, "true"))
                        ; /* used by "exec" */
                else if (!strcmp(c, "fds")) {
                        /* Open descriptors other than the one listing them. */
                        DIR *d = opendir("/proc/self/fd");
                        const char *sep = "";
                        printf("fds=");
                        for (struct dirent *de; d && (de = readdir(d));) {
                                if (de->d_name[0] == '.' || atoi(de->d_name) == dirfd(d))
                                        continue;
                                printf("%s%s", sep, de->d_name);
                                sep = ",";
                        }
                        printf("\n");
                        if (d)
                                closedir(d);
                } else if ((!strcmp(c, "connect-abstract") || !strcmp(c, "connect-tcp") ||
                            !strcmp(c, "connect-unix")) &&
                           arg) {
                        /* A connect() only; nothing is sent. */
                        int fd, r;
                        if (strcmp(c, "connect-tcp") != 0) {
                                struct sockaddr_un sa = {.sun_family = AF_UNIX};
                                size_t n = strlen(arg);
                                bool abstract = !strcmp(c, "connect-abstract");
                                if (n + 1 > sizeof(sa.sun_path))
                                        return 2;
                                /* abstract: a leading NUL byte */
                                memcpy(sa.sun_path + (abstract ? 1 : 0), arg, n);
                                fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                                r = connect(fd, (struct sockaddr *) &sa,
                                            (socklen_t) (offsetof(struct sockaddr_un, sun_path) +
                                                         1 + n));
                        } else {
                                struct sockaddr_in sa = {.sin_family = AF_INET,
                                                         .sin_port = htons((uint16_t) atoi(arg)),
                                                         .sin_addr.s_addr = htonl(0x7f000001)};
                                fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                                r = connect(fd, (struct sockaddr *) &sa, sizeof(sa));
                        }
                        printf("%s %s=%s\n", c, arg, errname(r < 0 ? errno : 0));
                        if (fd >= 0)
                                close(fd);
                        i++;
                } else if (!strcmp(c, "notify") && arg) {
                        /* sd_notify(): one datagram to $NOTIFY_SOCKET ("@" = abstract). */
                        const char *ns = getenv("NOTIFY_SOCKET");
                        struct sockaddr_un sa = {.sun_family = AF_UNIX};
                        int e = 0;
                        if (!ns || strlen(ns) >= sizeof(sa.sun_path))
                                e = ENOENT;
                        else {
                                size_t n = strlen(ns);
                                memcpy(sa.sun_path, ns, n);
                                if (ns[0] == '@')
                                        sa.sun_path[0] = 0;
                                int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
                                if (sendto(fd, arg, strlen(arg), 0, (struct sockaddr *) &sa,
                                           (socklen_t) (offsetof(struct sockaddr_un, sun_path) +
                                                        n)) < 0)
                                        e = errno;
                                close(fd);
                        }
                        printf("notify=%s\n", errname(e));
                        fflush(stdout);
                        i++;
                } else if (!strcmp(c, "forking") && arg && i + 2 < argc) {
                        /* A classic daemon: the grandchild writes its pid to arg, waits a
                         * second and exits with the given code; we exit 0 once it is up. */
                        int code = atoi(argv[i + 2]);
                        pid_t pid = fork();
                        if (pid == 0) {
                                setsid();
                                if (fork() == 0) {
                                        char tmp[4096];
                                        snprintf(tmp, sizeof(tmp), "%s.tmp", arg);
                                        FILE *f = fopen(tmp, "we");
                                        if (f) {
                                                fprintf(f, "%d\n", (int) getpid());
                                                fclose(f);
                                                rename(tmp, arg);
                                        }
                                        sleep(1);
                                        _exit(code);
                                }
                                _exit(0);
                        }
                        waitpid(pid, NULL, 0);
                        for (int k = 0; k < 100 && access(arg, F_OK) < 0; k++)
                                usleep(10000);
                        return 0;
                } else if (!strcmp(c, "daemon") && arg) {
                        /* Double fork + setsid: a grandchild that sleeps, pid written to arg. */
                        pid_t pid = fork();
                        if (pid == 0) {
                                setsid();
                                if (fork() == 0) {
                                        FILE *f = fopen(arg, "we");
                                        if (f) {
                                                fprintf(f, "%d\n", (int) getpid());
                                                fclose(f);
                                        }
                                        for (int k = 0; k < 600; k++)
                                                sleep(1);
                                        _exit(0);
                                }
                                _exit(0);
                        }
                        waitpid(pid, NULL, 0);
                        for (int k = 0; k < 100 && access(arg, F_OK) < 0; k++)
                                usleep(10000);
                        printf("daemon=%s\n", access(arg, F_OK) == 0 ? "started" : "failed");
                        i++;
                } else if (!strcmp(c, "touch") && arg) {
                        int fd = open(arg, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
                        printf("touch %s=%s\n", arg, errname(fd < 0 ? errno : 0));
                        if (fd >= 0)
                                close(fd);
                        i++;
                } else if (!strcmp(c, "wait") && arg) {
                        /* Blocks until the harness opens the FIFO for writing and closes it:
                         * a handshake instead of timing. */
                        char b[64];
                        int fd = open(arg, O_RDONLY | O_CLOEXEC);
                        if (fd < 0) {
                                printf("wait %s=%s\n", arg, errname(errno));
                        } else {
                                while (read(fd, b, sizeof(b)) > 0)
                                        ;
                                close(fd);
                        }
                        i++;
                } else if (!strcmp(c, "sleep") && arg) {
                        sleep((unsigned) atoi(arg));
                        i++;
                } else if (!strcmp(c, "exit") && arg)
                        return atoi(arg);
                else if (!strcmp(c, "try") && arg) {
                        /* "try NAME" or, for verbs needing one (keyread, ptrace…), "try NAME:ARG"
                         */
                        char w[64];
                        snprintf(w, sizeof(w), "%s", arg);
                        char *colon = strchr(w, ':');
                        if (colon)
                                *colon++ = 0;
                        do_try(arg, w, colon);
                        i++;
                } else if (!strcmp(c, "keyring")) {
                        /* The session keyring: "keyring=SERIAL type;uid;gid;perm;name" */
                        char b[256] = "";
                        long id = syscall(SYS_keyctl, 0 /* KEYCTL_GET_KEYRING_ID */, -3, 0);
                        long n = syscall(SYS_keyctl, 6 /* KEYCTL_DESCRIBE */, -3, b, sizeof(b) - 1,
                                         0);
                        if (id < 0 || n < 0)
                                printf("keyring=%s\n", errname(errno));
                        else
                                printf("keyring=%ld %s\n", id, b);
                } else if (!strcmp(c, "crash"))
                        abort();
                else if (arg && (!strcmp(c, "write") || !strcmp(c, "exec") || !strcmp(c, "stat") ||
                                 !strcmp(c, "ls") || !strcmp(c, "read"))) {
                        if (!strcmp(c, "write"))
                                do_write(arg);
                        else if (!strcmp(c, "exec"))
                                do_exec(arg);
                        else if (!strcmp(c, "stat"))
                                do_stat(arg);
                        else if (!strcmp(c, "ls"))
                                do_ls(arg);
                        else
                                do_read(arg);
                        i++;
                } else {
                        fprintf(stderr, "probe: unknown or incomplete request '%s'\n", c);
                        return 2;
                }
        }
        fflush(stdout);
        return 0;
}
