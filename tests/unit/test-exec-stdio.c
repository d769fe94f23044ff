/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* StandardInput=/StandardOutput=/StandardError= (exec-stdio.c): the plan from real unit text,
 * and the child's set-up in a forked process writing to scratch files (works rootless). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "exec-stdio.h"
#include "tests.h"
#include "unit.h"

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList d = {0};
        UnitLoadOptions o = {.hostname = "h",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        if (unit_load_buffer("t.service", "/etc/systemd/system/t.service", text, strlen(text), &o,
                             &u, &d) < 0)
                u = NULL;
        diag_list_done(&d);
        return u;
}

static char scratch_dir[] = "/tmp/test-exec-stdio.XXXXXX";

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
        (void) st, (void) flag, (void) f;
        return remove(path);
}

static void rm_dir(void)
{
        (void) nftw(scratch_dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/* The scratch directory, made on first use, removed at exit. */
static const char *scratch(void)
{
        static bool made;
        if (!made && mkdtemp(scratch_dir)) {
                made = true;
                atexit(rm_dir);
        }
        return scratch_dir;
}

/* Runs the child's set-up on a plan from text ("DIR" in it: the scratch directory), then writes
 * "out" and "err" and copies stdin to stdout; returns the exit status (100+fd on a set-up failure).
 */
static int run_child(const char *text)
{
        const char *dir = scratch();
        char buf[4096];
        char t[2048];
        int status = -1;
        size_t n = 0;

        /* every "DIR" becomes the scratch directory */
        for (const char *p = text; *p && n + strlen(dir) + 1 < sizeof t;)
                if (strncmp(p, "DIR", 3) == 0) {
                        n += (size_t) snprintf(t + n, sizeof t - n, "%s", dir);
                        p += 3;
                } else
                        t[n++] = *p++;
        t[n] = 0;
        Unit *u = load(t);
        if (!u)
                return -1;
        PlanStdio s;
        char *data = NULL;
        int st = 0;
        if (stdio_plan_build(u, 0022, false, &s, &data, NULL, &st) < 0)
                goto done;
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
                int fd;
                if (sbx_stdio_apply(&s, &fd) < 0)
                        _exit(100 + fd);
                ssize_t k = write(1, "out\n", 4) + write(2, "err\n", 4);
                while ((k = read(0, buf, sizeof buf)) > 0)
                        if (write(1, buf, (size_t) k) != k)
                                _exit(3);
                _exit(0);
        }
        if (pid > 0 && waitpid(pid, &status, 0) == pid)
                status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
done:
        free(data);
        unit_free(u);
        return status;
}

static char *slurp(const char *dir, const char *name)
{
        char path[512], *b = calloc(1, 4096);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
                ssize_t n = read(fd, b, 4095);
                (void) n;
                close(fd);
        }
        return b;
}

TEST(append_twice_and_stderr_shares_stdout)
{
        const char *u = "[Service]\nStandardInput=null\nStandardOutput=append:DIR/a\n"
                        "StandardError=append:DIR/a\nExecStart=/bin/true\n";
        ASSERT_EQ(run_child(u), 0);
        ASSERT_EQ(run_child(u), 0);
        char *got = slurp(scratch(), "a");
        ASSERT_STREQ(got, "out\nerr\nout\nerr\n");
        free(got);
}

TEST(file_does_not_truncate_truncate_does)
{
        const char *f = "[Service]\nStandardOutput=file:DIR/f\nStandardError=null\n"
                        "ExecStart=/bin/true\n";
        const char *t = "[Service]\nStandardOutput=truncate:DIR/t\nStandardError=null\n"
                        "ExecStart=/bin/true\n";
        char path[512];
        snprintf(path, sizeof path, "%s/f", scratch());
        FILE *w = fopen(path, "we");
        fputs("0123456789\n", w);
        fclose(w);
        snprintf(path, sizeof path, "%s/t", scratch());
        w = fopen(path, "we");
        fputs("0123456789\n", w);
        fclose(w);
        ASSERT_EQ(run_child(f), 0);
        ASSERT_EQ(run_child(t), 0);
        char *gf = slurp(scratch(), "f"), *gt = slurp(scratch(), "t");
        ASSERT_STREQ(gf, "out\n456789\n");
        ASSERT_STREQ(gt, "out\n");
        free(gf);
        free(gt);
}

TEST(mode_follows_umask)
{
        struct stat st;
        char path[512];
        ASSERT_EQ(run_child("[Service]\nStandardOutput=file:DIR/m\nExecStart=/bin/true\n"), 0);
        snprintf(path, sizeof path, "%s/m", scratch());
        ASSERT_OK(stat(path, &st));
        ASSERT_EQ(st.st_mode & 0777, 0644); /* 0666 & ~0022 */
}

TEST(data_lines_reach_stdin)
{
        const char *u = "[Service]\nStandardInput=data\nStandardInputText=one\n"
                        "StandardInputText=two\nStandardOutput=file:DIR/d\nStandardError=null\n"
                        "ExecStart=/bin/true\n";
        ASSERT_EQ(run_child(u), 0);
        char *got = slurp(scratch(), "d");
        ASSERT_STREQ(got, "out\none\ntwo\n");
        free(got);
}

TEST(open_failure_names_the_stream)
{
        ASSERT_EQ(run_child("[Service]\nStandardInput=file:DIR/missing\nExecStart=/bin/true\n"),
                  100);
        ASSERT_EQ(run_child("[Service]\nStandardError=file:DIR/no/such\nExecStart=/bin/true\n"),
                  102);
        ASSERT_EQ(stdio_exit_status(0), 208);
        ASSERT_EQ(stdio_exit_status(1), 209);
        ASSERT_EQ(stdio_exit_status(2), 222);
}

TEST(socket_and_fdname_refused_with_line)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nStandardOutput=socket\n");
        DiagList d = {0};
        PlanStdio s;
        char *data = NULL;
        int st = 0;
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(stdio_plan_build(u, 0022, false, &s, &data, &d, &st), EOPNOTSUPP);
        ASSERT_EQ(st, 78);
        ASSERT_EQ(d.n, 1u);
        ASSERT_EQ(d.items[0].line, 3u);
        ASSERT_EQ((int) d.items[0].severity, (int) DIAG_ERROR);
        diag_list_done(&d);
        /* --lenient: a warning, and cordon's own stream */
        ASSERT_OK(stdio_plan_build(u, 0022, true, &s, &data, &d, &st));
        ASSERT_EQ((int) d.items[0].severity, (int) DIAG_WARNING);
        ASSERT_EQ((int) s.output, (int) EXEC_OUTPUT_JOURNAL);
        diag_list_done(&d);
        unit_free(u);

        u = load("[Service]\nStandardInput=fd:foo\nExecStart=/bin/true\n");
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(stdio_plan_build(u, 0022, false, &s, &data, &d, &st), EOPNOTSUPP);
        ASSERT_EQ(d.items[0].line, 2u);
        diag_list_done(&d);
        unit_free(u);
}

TEST(input_data_base64)
{
        Unit *u = load("[Service]\nStandardInput=data\nStandardInputData=aGVsbG8K\n"
                       "StandardInputData=d29ybGQK\nExecStart=/bin/true\n");
        PlanStdio s;
        char *data = NULL;
        int st = 0;
        ASSERT_NOT_NULL(u);
        ASSERT_OK(stdio_plan_build(u, 0022, false, &s, &data, NULL, &st));
        ASSERT_EQ(s.data_size, 12u);
        ASSERT_TRUE(memcmp(s.data, "hello\nworld\n", 12) == 0);
        free(data);
        unit_free(u);
}
