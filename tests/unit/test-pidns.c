/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* PIDFile= rewriting and namespace-file checks (no privileges needed). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netns.h"
#include "pidns.h"
#include "tests.h"

static char dir[] = "/tmp/cordon-test-pidns.XXXXXX";

static void put(const char *name, const char *text)
{
        char p[256];
        snprintf(p, sizeof(p), "%s/%s", dir, name);
        FILE *f = fopen(p, "we");
        fputs(text, f);
        fclose(f);
}

static const char *get(const char *name)
{
        static char buf[64];
        char p[256];
        snprintf(p, sizeof(p), "%s/%s", dir, name);
        FILE *f = fopen(p, "re");
        size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
        buf[n] = 0;
        if (f)
                fclose(f);
        return buf;
}

static const char *path(const char *name)
{
        static char p[2][256]; /* two may be in use at once */
        static unsigned k;
        char *r = p[k++ % 2];
        snprintf(r, sizeof(p[0]), "%s/%s", dir, name);
        return r;
}

static void on_usr1(int sig)
{
        (void) sig;
}

static bool is_default(int sig)
{
        struct sigaction sa;
        return sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL;
}

/* First in this file: sbx_fork_clean() learns once per process which signals are ignored. The
 * child starts without cordon's handlers (the kernel cleared them) and resets the ignored ones
 * itself; with the fork() fallback it resets everything. */
TEST(fork_clean_resets_handlers_and_ignored_signals)
{
        struct sigaction sa = {.sa_handler = on_usr1}, old1, old2;
        uint64_t reset = 0;
        bool placed = true;

        sigemptyset(&sa.sa_mask);
        ASSERT_OK(sigaction(SIGUSR1, &sa, &old1));
        sa.sa_handler = SIG_IGN;
        ASSERT_OK(sigaction(SIGUSR2, &sa, &old2));
        pid_t pid = sbx_fork_clean(-1, &reset, &placed);
        ASSERT_GE(pid, 0);
        if (pid == 0) {
                bool all = reset == ~UINT64_C(0);
                if (!(reset & (UINT64_C(1) << (SIGUSR2 - 1))) || placed)
                        _exit(10);
                if (!all && !is_default(SIGUSR1))
                        _exit(11); /* CLONE_CLEAR_SIGHAND did not clear the handler */
                if (!all && is_default(SIGUSR2))
                        _exit(12); /* ... and must not have touched SIG_IGN */
                sbx_signals_default(reset);
                _exit(is_default(SIGUSR1) && is_default(SIGUSR2) ? 0 : 13);
        }
        int status;
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
        ASSERT_FALSE(placed);
        ASSERT_OK(sigaction(SIGUSR1, &old1, NULL));
        ASSERT_OK(sigaction(SIGUSR2, &old2, NULL));
}

TEST(pidfile_rewrite)
{
        ASSERT_NOT_NULL(mkdtemp(dir));

        put("a.pid", "12\n");
        ASSERT_EQ(sbx_pidfile_rewrite(path("a.pid"), 12, 40123), 1);
        ASSERT_STREQ(get("a.pid"), "40123\n");

        /* Already the host's, or something else meanwhile: left alone. */
        ASSERT_EQ(sbx_pidfile_rewrite(path("a.pid"), 12, 40123), 0);
        ASSERT_STREQ(get("a.pid"), "40123\n");
        put("b.pid", "12 junk\n");
        ASSERT_EQ(sbx_pidfile_rewrite(path("b.pid"), 12, 40123), 0);
        ASSERT_STREQ(get("b.pid"), "12 junk\n");
        put("c.pid", "12");
        ASSERT_EQ(sbx_pidfile_rewrite(path("c.pid"), 12, 12), 0);
        ASSERT_STREQ(get("c.pid"), "12");

        /* A symlink planted at the path, or on the way, is never followed. */
        put("victim", "12\n");
        ASSERT_EQ(symlink(path("victim"), path("link.pid")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("link.pid"), 12, 40123), ELOOP);
        ASSERT_STREQ(get("victim"), "12\n");
        ASSERT_EQ(symlink(dir, path("dirlink")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("dirlink/victim"), 12, 40123), ELOOP);
        ASSERT_STREQ(get("victim"), "12\n");

        /* A hard link to some other file: refused. */
        ASSERT_EQ(link(path("victim"), path("hard.pid")), 0);
        ASSERT_ERROR(sbx_pidfile_rewrite(path("hard.pid"), 12, 40123), EPERM);
        ASSERT_STREQ(get("victim"), "12\n");

        ASSERT_ERROR(sbx_pidfile_rewrite(path("missing.pid"), 12, 40123), ENOENT);

        char cmd[300];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        ASSERT_EQ(system(cmd), 0);
}

/* The type check happens before setns(), so it needs no privileges. */
TEST(ns_join_checks_the_type)
{
        ASSERT_ERROR(sbx_ns_join("/proc/self/ns/ipc", CLONE_NEWNET), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/proc/self/ns/net", CLONE_NEWIPC), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/proc/self/status", CLONE_NEWNET), EINVAL);
        ASSERT_ERROR(sbx_ns_join("/nonexistent-cordon/ns", CLONE_NEWNET), ENOENT);
}

/* Blocks until the pipe's write end is closed everywhere. */
static void wait_eof(int fd)
{
        char b;
        while (read(fd, &b, 1) < 0 && errno == EINTR)
                ;
}

/* Whether pid is gone or a zombie within 5 s. */
static bool dies_soon(pid_t pid)
{
        for (int i = 0; i < 500; i++) {
                char path[64], stat[256] = "";
                snprintf(path, sizeof(path), "/proc/%d/stat", (int) pid);
                FILE *f = fopen(path, "re");
                if (!f)
                        return true;
                if (!fgets(stat, sizeof(stat), f))
                        stat[0] = 0;
                fclose(f);
                const char *e = strrchr(stat, ')');
                if (e && e[1] == ' ' && e[2] == 'Z')
                        return true;
                (void) usleep(10000);
        }
        return false;
}

/* The reaper reports being set up through the "up" pipe. sbx_pidns_signal_all() answers from
 * /proc when the namespace is provably empty and asks the reaper otherwise: an orphan
 * re-parented to the init and a direct child of cordon both count. */
TEST(pidns_signal_all_counts_orphans_and_children)
{
        SbxPidNs ns;
        int pfd[2], st = 0;

        if (geteuid() != 0 || sbx_pidns_start(&ns) < 0)
                TEST_SKIP("no PID namespace here (needs root)");
        /* Once the "up" pipe says so, the init is named and holds only stdio and its socket. */
        sbx_pidns_wait_up(&ns);
        sbx_pidns_wait_up(&ns); /* returns at once from now on */
        char path[64], comm[32] = "";
        snprintf(path, sizeof(path), "/proc/%d/comm", (int) ns.reaper);
        FILE *f = fopen(path, "re");
        ASSERT_NOT_NULL(f);
        ASSERT_NOT_NULL(fgets(comm, sizeof(comm), f));
        fclose(f);
        ASSERT_STREQ(comm, "cordon-init\n");
        snprintf(path, sizeof(path), "/proc/%d/fd", (int) ns.reaper);
        DIR *d = opendir(path);
        ASSERT_NOT_NULL(d);
        int nfd = 0;
        for (struct dirent *de; (de = readdir(d));)
                nfd += de->d_name[0] != '.';
        closedir(d);
        ASSERT_EQ(nfd, 4);
        ASSERT_OK(pipe2(pfd, O_CLOEXEC));
        pid_t c = fork();
        ASSERT_GE(c, 0);
        if (c == 0) { /* leaves an orphan blocked on the pipe */
                close(pfd[1]);
                pid_t g = fork();
                if (g == 0)
                        wait_eof(pfd[0]);
                _exit(g > 0 ? 0 : 1);
        }
        close(pfd[0]);
        ASSERT_EQ(waitpid(c, &st, 0), c);
        ASSERT_EQ(st, 0);
        pid_t kids[4];
        ASSERT_EQ(sbx_pidns_orphans(&ns, kids, 4), 1u);
        ASSERT_EQ(sbx_pidns_signal_all(&ns, 0), 1);
        close(pfd[1]); /* the orphan exits, the init reaps it */
        int any = 1;
        for (int i = 0; i < 500 && any == 1; i++) {
                any = sbx_pidns_signal_all(&ns, 0);
                if (any == 1)
                        (void) usleep(10000);
        }
        ASSERT_EQ(any, 0);
        ASSERT_EQ(sbx_pidns_orphans(&ns, kids, 4), 0u);

        /* A direct child of cordon in the namespace. */
        ASSERT_OK(pipe2(pfd, O_CLOEXEC));
        c = fork();
        ASSERT_GE(c, 0);
        if (c == 0) {
                close(pfd[1]);
                wait_eof(pfd[0]);
                _exit(0);
        }
        close(pfd[0]);
        ASSERT_EQ(sbx_pidns_signal_all(&ns, 0), 1);
        ASSERT_EQ(sbx_pidns_signal_all(&ns, SIGKILL), 1);
        ASSERT_EQ(waitpid(c, &st, 0), c);
        ASSERT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        close(pfd[1]);
        ASSERT_EQ(sbx_pidns_signal_all(&ns, 0), 0);
        ASSERT_EQ(sbx_pidns_signal_all(&ns, SIGTERM), 0);
        pid_t reaper = ns.reaper;
        sbx_pidns_stop(&ns);
        ASSERT_EQ(ns.reaper, 0);
        /* Empty: stop does not wait for the killed init, which dies anyway (a zombie until
         * cordon exits, or gone). */
        ASSERT_TRUE(dies_soon(reaper));
}

/* The caller's "nothing left" spares the /proc reads; the init still dies and is reaped at exit
 * (until then a zombie). */
TEST(pidns_stop_known_empty)
{
        SbxPidNs ns;
        if (geteuid() != 0 || sbx_pidns_start(&ns) < 0)
                TEST_SKIP("no PID namespace here (needs root)");
        sbx_pidns_wait_up(&ns);
        pid_t reaper = ns.reaper;
        sbx_pidns_stop_known(&ns, true);
        ASSERT_EQ(ns.reaper, 0);
        ASSERT_EQ(ns.ctl, -1);
        ASSERT_TRUE(dies_soon(reaper));
}

/* Rss of the [heap] mapping of pid (kB), or -1. */
static long heap_rss_kb(pid_t pid)
{
        char path[64], line[256];
        long rss = -1;
        bool in_heap = false;
        snprintf(path, sizeof(path), "/proc/%d/smaps", (int) pid);
        FILE *f = fopen(path, "re");
        if (!f)
                return -1;
        while (fgets(line, sizeof(line), f)) {
                if ((line[0] >= '0' && line[0] <= '9') || (line[0] >= 'a' && line[0] <= 'f'))
                        in_heap = strstr(line, "[heap]") != NULL; /* a mapping's first line */
                else if (in_heap && strncmp(line, "Rss:", 4) == 0)
                        rss = strtol(line + 4, NULL, 10);
        }
        fclose(f);
        return rss;
}

/* The init gets zero pages where cordon's heap is (it never uses it): cordon's later writes
 * there copy nothing for it. */
TEST(pidns_init_does_not_share_the_heap)
{
        SbxPidNs ns;
        enum { N = 4096 };
        static char *blocks[N];
        for (size_t i = 0; i < N; i++) { /* ≈ 1 MB of small blocks: brk heap, touched */
                blocks[i] = malloc(240);
                ASSERT_NOT_NULL(blocks[i]);
                memset(blocks[i], 0x5a, 240);
        }
        if (geteuid() != 0 || sbx_pidns_start(&ns) < 0) {
                for (size_t i = 0; i < N; i++)
                        free(blocks[i]);
                TEST_SKIP("no PID namespace here (needs root)");
        }
        sbx_pidns_wait_up(&ns);
        long mine = heap_rss_kb(getpid()), init = heap_rss_kb(ns.reaper);
        int signalled = sbx_pidns_signal_all(&ns, 0); /* and it still works */
        sbx_pidns_stop(&ns); /* before any assertion: a live reaper would hang the runner */
        for (size_t i = 0; i < N; i++)
                free(blocks[i]);
        ASSERT_EQ(signalled, 0);
        if (mine < 900)
                return; /* the blocks are not on the brk heap (ASan's allocator): nothing to see */
        ASSERT_GE(init, 0);
        ASSERT_LT(init, 64); /* at most what lies below the heap's floor */
}
