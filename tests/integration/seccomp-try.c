/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Test helper: loads UNIT, compiles its seccomp stack with cordon's compiler, installs it in a
 * forked child (after no_new_privs, as the executor does) and runs one probe there. Prints one
 * line: "ok", "errno=NAME" or "signal=NAME". Probes call raw syscalls with harmless arguments
 * (escapes.md §1): an unfiltered call fails in the kernel with EINVAL/EFAULT or succeeds
 * harmlessly inside the throwaway child.
 *
 *   seccomp-try [--unit=FILE] [--show-filters] PROBE
 *   seccomp-try --unit=FILE [--uid=N] --exec CMD [ARGS...]
 * The second form is a miniature executor: src/sandbox/privileges.c resolves the identity
 * (User=, DynamicUser=, …) and its pre-exec hook applies identity, capabilities,
 * no_new_privs and seccomp in systemd's order, then CMD is exec'd. --uid=N forces a uid
 * switch to N (for units without User=). */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/filter.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "macro.h"
#include "names.h"
#include "privileges.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "unit.h"

#define HI (UINT64_C(1) << 32)

static char tmpfile_path[] = "/tmp/seccomp-try.XXXXXX";
static int shm_id = -1;

static long int80_getpid(void)
{
#if defined(__x86_64__)
        long ret = 20; /* i386 getpid */
        __asm__ volatile("int $0x80" : "+a"(ret) : : "memory");
        return ret;
#else
        errno = ENOSYS;
        return -1;
#endif
}

static void *thread_reboot(void *arg)
{
        (void) arg;
        syscall(SYS_reboot, 0, 0, 0, NULL); /* denied: must take the whole process down */
        return NULL;
}

static long run_probe(const char *p)
{
        long r;
        if (strcmp(p, "getppid") == 0)
                return syscall(SYS_getppid);
        if (strcmp(p, "sethostname") == 0)
                return syscall(SYS_sethostname, "x", (size_t) -1); /* EINVAL unfiltered */
        if (strcmp(p, "mount") == 0)
                return syscall(SYS_mount, NULL, NULL, NULL, 0, NULL); /* EFAULT */
        if (strcmp(p, "reboot") == 0)
                return syscall(SYS_reboot, 0, 0, 0, NULL); /* bad magic: EINVAL */
        if (strcmp(p, "syslog") == 0)
                return syscall(SYS_syslog, 10 /* SIZE_BUFFER */, NULL, 0);
        if (strcmp(p, "clock-settime") == 0)
                return syscall(SYS_clock_settime, CLOCK_REALTIME, NULL); /* EFAULT */
        if (strcmp(p, "init-module") == 0)
                return syscall(SYS_init_module, NULL, 0, ""); /* EFAULT/EINVAL */
        if (strcmp(p, "iopl") == 0)
                return syscall(SYS_iopl, 17); /* EINVAL */
        if (strncmp(p, "socket-", 7) == 0) {
                uint64_t fam = strcmp(p + 7, "packet") == 0      ? AF_PACKET
                               : strcmp(p + 7, "packet-hi") == 0 ? (HI | AF_PACKET)
                               : strcmp(p + 7, "inet") == 0      ? AF_INET
                               : strcmp(p + 7, "inet6") == 0     ? AF_INET6
                               : strcmp(p + 7, "netlink") == 0   ? AF_NETLINK
                                                                 : AF_UNIX;
                r = syscall(SYS_socket, fam, SOCK_DGRAM, 0);
                if (r >= 0)
                        close((int) r);
                return r;
        }
        if (strcmp(p, "unshare-user") == 0)
                return syscall(SYS_unshare, CLONE_NEWUSER);
        if (strcmp(p, "unshare-user-hi") == 0)
                return syscall(SYS_unshare, HI | CLONE_NEWUSER);
        if (strcmp(p, "unshare-net") == 0)
                return syscall(SYS_unshare, CLONE_NEWNET);
        if (strcmp(p, "setns0") == 0)
                return syscall(SYS_setns, -1, 0); /* EBADF unfiltered */
        if (strcmp(p, "clone3") == 0)
                return syscall(SYS_clone3, (void *) 1, 88); /* EFAULT unfiltered */
        if (strcmp(p, "clone-newnet") == 0) {
                r = syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, NULL, NULL, NULL, 0);
                if (r == 0)
                        _exit(0);
                if (r > 0)
                        waitpid((pid_t) r, NULL, 0);
                return r < 0 ? r : 0;
        }
        if (strcmp(p, "sched-fifo") == 0 || strcmp(p, "sched-fifo-hi") == 0) {
                struct sched_param sp = {.sched_priority = 1};
                uint64_t pol = SCHED_FIFO | (p[10] ? HI : 0);
                return syscall(SYS_sched_setscheduler, 0, pol, &sp);
        }
        if (strcmp(p, "sched-batch") == 0) {
                struct sched_param sp = {0};
                return syscall(SYS_sched_setscheduler, 0, SCHED_BATCH, &sp);
        }
        if (strcmp(p, "sched-setattr") == 0)
                return syscall(SYS_sched_setattr, 0, NULL, 0); /* EINVAL/EFAULT */
        if (strncmp(p, "mmap-", 5) == 0) {
                int prot =
                        strcmp(p, "mmap-wx") == 0 ? PROT_WRITE | PROT_EXEC : PROT_READ | PROT_WRITE;
                void *m = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (m == MAP_FAILED)
                        return -1;
                munmap(m, 4096);
                return 0;
        }
        if (strcmp(p, "mprotect-x") == 0) {
                void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                               0);
                if (m == MAP_FAILED)
                        return -1;
                return mprotect(m, 4096, PROT_READ | PROT_EXEC);
        }
        if (strcmp(p, "shmat-exec") == 0) {
                void *m = shmat(shm_id, NULL, SHM_EXEC);
                return m == (void *) -1 ? -1 : 0;
        }
        if (strcmp(p, "chmod-suid") == 0)
                return syscall(SYS_chmod, tmpfile_path, 04755);
        if (strcmp(p, "chmod-plain") == 0)
                return syscall(SYS_chmod, tmpfile_path, 0755);
        if (strcmp(p, "fchmodat2-suid") == 0)
                return syscall(452, AT_FDCWD, tmpfile_path, 02755, 0);
        if (strcmp(p, "openat-suid") == 0) {
                char path[64];
                snprintf(path, sizeof path, "%s.new", tmpfile_path);
                r = syscall(SYS_openat, AT_FDCWD, path, O_CREAT | O_WRONLY, 04755);
                if (r >= 0) {
                        close((int) r);
                        unlink(path);
                }
                return r;
        }
        if (strcmp(p, "openat2") == 0)
                return syscall(SYS_openat2, AT_FDCWD, NULL, NULL, 0); /* EFAULT */
        if (strcmp(p, "personality-rie") == 0)
                return syscall(SYS_personality, READ_IMPLIES_EXEC);
        if (strcmp(p, "personality-linux") == 0)
                return syscall(SYS_personality, PER_LINUX);
        if (strcmp(p, "thread-reboot") == 0) { /* E047 */
                pthread_t t;
                if (pthread_create(&t, NULL, thread_reboot, NULL) != 0)
                        return -1;
                pthread_join(t, NULL);
                usleep(100000);
                printf("main-thread-survived ");
                return 0;
        }
        if (strcmp(p, "stack-allow-reboot") == 0) { /* E052 */
                struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
                struct sock_fprog prog = {.len = 1, .filter = &allow};
                if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
                    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
                        return -1;
                return syscall(SYS_reboot, 0, 0, 0, NULL);
        }
        if (strcmp(p, "rie-mmap-rw") == 0) {
                /* READ_IMPLIES_EXEC turns a read-write mapping into an executable one inside the
                 * kernel, behind the back of an argument filter on mmap(): report whether the
                 * mapping ended up writable and executable */
                if (syscall(SYS_personality, READ_IMPLIES_EXEC) < 0)
                        return -1;
                char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                               0);
                if (m == MAP_FAILED)
                        return -1;
                char line[256], want[32];
                snprintf(want, sizeof want, "%lx-", (unsigned long) m);
                FILE *f = fopen("/proc/self/maps", "re");
                while (f && fgets(line, sizeof line, f))
                        if (strncmp(line, want, strlen(want)) == 0)
                                printf("%.4s ", strchr(line, ' ') + 1);
                if (f)
                        fclose(f);
                return 0;
        }
        if (strncmp(p, "write-file:", 11) == 0) {
                r = open(p + 11, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
                if (r >= 0) {
                        close((int) r);
                        unlink(p + 11);
                }
                return r;
        }
        if (strncmp(p, "stat:", 5) == 0) {
                struct stat st;
                return stat(p + 5, &st);
        }
        if (strcmp(p, "open-by-handle") == 0) { /* E045: CAP_DAC_READ_SEARCH is checked first */
                struct {
                        unsigned int bytes;
                        int type;
                        unsigned char h[8];
                } fh = {8, 1, {2, 0, 0, 0, 0, 0, 0, 0}}; /* "inode 2" */
                return syscall(SYS_open_by_handle_at, AT_FDCWD, &fh, O_RDONLY);
        }
        if (strcmp(p, "rlimit-raise") == 0) { /* E046: CAP_SYS_RESOURCE */
                struct rlimit rl;
                if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
                        return -1;
                if (rl.rlim_max != RLIM_INFINITY)
                        rl.rlim_max++;
                return setrlimit(RLIMIT_NOFILE, &rl);
        }
        if (strcmp(p, "kill-other") == 0) /* E046: CAP_KILL (signal 0, pid 1 is root's) */
                return kill(1, 0);
        /* E054 and E057: bad-pointer calls that fail harmlessly when they reach the kernel */
        if (strcmp(p, "fsopen") == 0)
                return syscall(SYS_fsopen, NULL, 0);
        if (strcmp(p, "open-tree") == 0)
                return syscall(SYS_open_tree, -1, NULL, 0);
        if (strcmp(p, "move-mount") == 0)
                return syscall(SYS_move_mount, -1, NULL, -1, NULL, 0);
        if (strcmp(p, "bpf") == 0)
                return syscall(SYS_bpf, 5 /* BPF_PROG_LOAD */, NULL, 0);
        if (strcmp(p, "perf-event-open") == 0)
                return syscall(SYS_perf_event_open, NULL, 0, -1, -1, 0);
        if (strcmp(p, "userfaultfd") == 0) {
                r = syscall(SYS_userfaultfd, 0x7fffffff); /* invalid flags: EINVAL */
                if (r >= 0)
                        close((int) r);
                return r;
        }
        if (strcmp(p, "swapon") == 0)
                return syscall(SYS_swapon, NULL, 0);
        if (strcmp(p, "kexec-load") == 0)
                return syscall(SYS_kexec_load, 0, 0, NULL, 0xffffffffUL);
        if (strcmp(p, "mdwe-get") == 0) {
                printf("mdwe=%d ", prctl(66 /* PR_GET_MDWE */, 0, 0, 0, 0));
                return 0;
        }
        if (strcmp(p, "syscall-999") == 0) /* E053 */
                return syscall(999);
        if (strcmp(p, "io-uring-setup") == 0) { /* E055 */
                char params[120] = {0};
                r = syscall(SYS_io_uring_setup, 4, params);
                if (r >= 0)
                        close((int) r);
                return r;
        }
        /* identity and capability probes (E033, E034, E041, E043, E044, E046) */
        if (strcmp(p, "ids") == 0) {
                uid_t ru, eu, su;
                gid_t rg, eg, sg, groups[64];
                int n = getgroups(64, groups);
                getresuid(&ru, &eu, &su);
                getresgid(&rg, &eg, &sg);
                printf("uid=%u,%u,%u gid=%u,%u,%u groups=", ru, eu, su, rg, eg, sg);
                for (int i = 0; i < n; i++)
                        printf("%s%u", i ? "," : "", groups[i]);
                printf("\n");
                return 0;
        }
        if (strcmp(p, "setuid0") == 0)
                return syscall(SYS_setresuid, -1, -1, 0);
        if (strcmp(p, "umask") == 0) {
                mode_t m = umask(0);
                printf("umask=%04o ", (unsigned) m);
                umask(m);
                return 0;
        }
        if (strcmp(p, "capset-raise") == 0) {
                struct {
                        uint32_t version;
                        int pid;
                } h = {0x20080522, 0};
                struct {
                        uint32_t eff, prm, inh;
                } d[2] = {{1u << 21, 1u << 21, 0}, {0, 0, 0}}; /* CAP_SYS_ADMIN */
                return syscall(SYS_capset, &h, d);
        }
        if (strcmp(p, "ambient-raise") == 0)
                return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 21, 0, 0);
        if (strcmp(p, "bind80") == 0) {
                int fd = socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(80)};
                if (fd < 0)
                        return -1;
                r = bind(fd, (struct sockaddr *) &sa, sizeof sa);
                int e = errno;
                close(fd);
                errno = e;
                return r;
        }
        if (strcmp(p, "raw-socket") == 0) {
                r = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
                if (r >= 0)
                        close((int) r);
                return r;
        }
        if (strcmp(p, "chown-other") == 0)
                return syscall(SYS_fchownat, AT_FDCWD, tmpfile_path, 4321, -1, 0);
        if (strcmp(p, "int80-getpid") == 0)
                return int80_getpid() < 0 ? (errno = ENOSYS, -1) : 0;
        if (strcmp(p, "x32-getpid") == 0)
                return syscall(39 | 0x40000000);
        fprintf(stderr, "unknown probe %s\n", p);
        _exit(2);
}

static void show_filters(const SeccompPlan *plan)
{
        const char **l = NULL;
        for (size_t i = 0; i < plan->n_filters; i++)
                printf("filter %zu %s %s rules=%zu\n", i,
                       seccomp_concern_to_string(plan->filters[i].concern),
                       plan->filters[i].arch == SECCOMP_ARCH_X86_64 ? "x86-64" : "other",
                       plan->filters[i].n_rules);
        if (seccomp_plan_arg_syscalls(plan, &l) >= 0) {
                printf("argument-checked:");
                for (size_t i = 0; l[i]; i++)
                        printf(" %s", l[i]);
                printf("\n");
                free(l);
        }
}

/* Child side of --exec: the executor's pre-exec hook (privileges.c), then exec. */
static int exec_under(const Privileges *priv, char **cmd)
{
        int status = 0, r;

        r = privileges_pre_exec_hook(priv, NULL, NULL, &status);
        if (r < 0) {
                printf("setup-failed status=%d errno=%s\n", status, errno_to_name(-r) ?: "?");
                fflush(stdout);
                _exit(status);
        }
        execv(cmd[0], cmd);
        return -errno;
}

int main(int argc, char **argv)
{
        const char *unit_path = NULL, *probe = NULL;
        char **exec_cmd = NULL;
        long uid = -1;
        bool show = false;
        SeccompPlan plan = {0};
        SeccompPrograms progs = {0};
        Unit *u = NULL;
        DiagList diags = {0};
        int r, status;

        for (int i = 1; i < argc; i++) {
                if (strncmp(argv[i], "--unit=", 7) == 0)
                        unit_path = argv[i] + 7;
                else if (strcmp(argv[i], "--show-filters") == 0)
                        show = true;
                else if (strncmp(argv[i], "--uid=", 6) == 0)
                        uid = atol(argv[i] + 6);
                else if (strcmp(argv[i], "--exec") == 0 && i + 1 < argc) {
                        exec_cmd = argv + i + 1;
                        break;
                } else
                        probe = argv[i];
        }
        if (!probe && !show && !exec_cmd) {
                fprintf(stderr, "usage: seccomp-try [--unit=FILE] [--show-filters] PROBE\n");
                return 2;
        }
        if (unit_path) {
                r = unit_load(unit_path, NULL, &u, &diags);
                if (r < 0) {
                        fprintf(stderr, "cannot load %s: %s\n", unit_path, strerror(-r));
                        return 2;
                }
                r = seccomp_compile(u, &plan, &diags);
                if (r >= 0)
                        r = seccomp_plan_prepare(&plan, &progs);
                if (r < 0) {
                        fprintf(stderr, "cannot compile: %s\n", strerror(-r));
                        return 2;
                }
        }
        if (show)
                show_filters(&plan);
        if (exec_cmd) {
                Privileges *priv = NULL;
                if (!u)
                        return 2;
                r = privileges_prepare(u, NULL, &priv, &diags);
                if (r < 0) {
                        fprintf(stderr, "cannot prepare: %s\n", strerror(-r));
                        for (size_t i = 0; i < diags.n; i++)
                                fprintf(stderr, "%s:%u: %s\n", strnull(diags.items[i].file),
                                        diags.items[i].line, diags.items[i].message);
                        return 2;
                }
                if (uid >= 0) {
                        priv->switch_user = priv->set_groups = true;
                        priv->uid = (uid_t) uid;
                        priv->gid = (gid_t) uid;
                }
                pid_t p = fork();
                if (p == 0) {
                        r = exec_under(priv, exec_cmd);
                        printf("exec-failed errno=%s\n", errno_to_name(-r) ?: "?");
                        fflush(stdout);
                        _exit(3);
                }
                while (waitpid(p, &status, 0) < 0 && errno == EINTR)
                        ;
                privileges_free(priv); /* releases a DynamicUser= uid */
                if (WIFSIGNALED(status))
                        printf("signal=%s\n", signal_to_name(WTERMSIG(status)) ?: "?");
                return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
        }
        if (!probe)
                return 0;

        int fd = mkstemp(tmpfile_path);
        if (fd < 0)
                return 2;
        close(fd);
        shm_id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

        pid_t pid = fork();
        if (pid < 0)
                return 2;
        if (pid == 0) {
                r = caps_set_no_new_privs();
                if (r >= 0)
                        r = seccomp_programs_install(&progs, NULL);
                if (r < 0) {
                        printf("setup-failed errno=%s\n", errno_to_name(-r));
                        fflush(stdout);
                        _exit(3);
                }
                errno = 0;
                long v = run_probe(probe);
                if (v < 0)
                        printf("errno=%s\n", errno_to_name(errno) ?: "?");
                else
                        printf("ok\n");
                fflush(stdout);
                _exit(0);
        }
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
        unlink(tmpfile_path);
        if (shm_id >= 0)
                shmctl(shm_id, IPC_RMID, NULL);
        if (WIFSIGNALED(status))
                printf("signal=%s\n", signal_to_name(WTERMSIG(status)) ?: "?");
        seccomp_programs_done(&progs);
        seccomp_plan_done(&plan);
        unit_free(u);
        diag_list_done(&diags);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 0;
}
