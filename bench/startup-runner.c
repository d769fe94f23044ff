/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Start-up timing for bench/run-startup.sh, where hyperfine cannot help: bubblewrap's
 * --add-seccomp-fd needs a freshly opened descriptor per run (it reads to EOF), and on a loaded
 * machine the columns must be measured interleaved (run 1 of every column, then run 2, …) so
 * that load drift hits all of them alike. Each run is fork + exec + wait, no shell, timed with
 * CLOCK_MONOTONIC around the whole; stdout/stderr go to /dev/null.
 *
 *   startup-runner RUNS WARMUP COLUMN...      COLUMN = "label|N=FILE,N=FILE|cmd arg arg"
 *       prints per column: label median p10 p90 cpu (µs; cpu = median user+system time of the
 *       command and the processes it waited for, which load on the machine hardly changes) and
 *       the median number of context switches of those processes (each a wait for another)
 *   startup-runner --export-bpf UNIT DIR      writes cordon's seccomp programs for UNIT as
 *       DIR/00.bpf, 01.bpf, … (raw struct sock_filter arrays, installation order) and prints
 *       their number */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "unit.h"

#define MAX_COLUMNS 8
#define MAX_ARGS    64
#define MAX_FDS     32

typedef struct Column {
        char *label;
        int fd_num[MAX_FDS];
        char *fd_file[MAX_FDS];
        size_t n_fds;
        char *argv[MAX_ARGS + 1];
        uint64_t *samples; /* wall time, ns */
        uint64_t *cpu;     /* user + system time of the command and what it waited for, ns */
        uint64_t *csw;     /* context switches (voluntary + involuntary) of the same processes */
        size_t n;
} Column;

static uint64_t now_ns(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static int parse_column(char *spec, Column *c)
{
        char *fds = strchr(spec, '|'), *cmd;
        if (!fds || !(cmd = strchr(fds + 1, '|')))
                return -EINVAL;
        *fds++ = 0;
        *cmd++ = 0;
        c->label = spec;
        for (char *save = NULL, *t = strtok_r(fds, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(t, '=');
                if (!eq || c->n_fds >= MAX_FDS)
                        return -EINVAL;
                *eq = 0;
                c->fd_num[c->n_fds] = atoi(t);
                c->fd_file[c->n_fds++] = eq + 1;
        }
        size_t n = 0;
        for (char *save = NULL, *t = strtok_r(cmd, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
                if (n >= MAX_ARGS)
                        return -E2BIG;
                c->argv[n++] = t;
        }
        c->argv[n] = NULL;
        return n > 0 ? 0 : -EINVAL;
}

static uint64_t cpu_ns(const struct rusage *ru)
{
        return ((uint64_t) ru->ru_utime.tv_sec + (uint64_t) ru->ru_stime.tv_sec) * 1000000000u +
               ((uint64_t) ru->ru_utime.tv_usec + (uint64_t) ru->ru_stime.tv_usec) * 1000u;
}

/* One run; returns the wall time in ns (and the CPU time), or 0 when the command failed. */
static uint64_t run_once(const Column *c, uint64_t *ret_cpu, uint64_t *ret_csw)
{
        uint64_t t0 = now_ns();
        pid_t pid = fork();
        if (pid < 0)
                return 0;
        if (pid == 0) {
                int null = open("/dev/null", O_WRONLY);
                if (null >= 0) {
                        dup2(null, 1);
                        dup2(null, 2);
                }
                for (size_t i = 0; i < c->n_fds; i++) {
                        int fd = open(c->fd_file[i], O_RDONLY);
                        if (fd < 0 || dup2(fd, c->fd_num[i]) < 0)
                                _exit(127);
                        if (fd != c->fd_num[i])
                                close(fd);
                }
                execv(c->argv[0], c->argv);
                _exit(127);
        }
        int st;
        struct rusage ru;
        while (wait4(pid, &st, 0, &ru) < 0)
                if (errno != EINTR)
                        return 0;
        uint64_t t1 = now_ns();
        *ret_cpu = cpu_ns(&ru);
        *ret_csw = (uint64_t) ru.ru_nvcsw + (uint64_t) ru.ru_nivcsw;
        /* As a subreaper we also collect what the command left behind (bubblewrap's PID 1 after
         * its monitor exited): their CPU time belongs to the run too. Not part of the wall time. */
        int st2;
        while (wait4(-1, &st2, 0, &ru) > 0) {
                *ret_cpu += cpu_ns(&ru);
                *ret_csw += (uint64_t) ru.ru_nvcsw + (uint64_t) ru.ru_nivcsw;
        }
        return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t1 - t0 : 0;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
        return (x > y) - (x < y);
}

static int export_bpf(const char *unit, const char *dir)
{
        Unit *u = NULL;
        DiagList diags = {0};
        SeccompPlan plan = {0};
        SeccompPrograms progs = {0};

        if (unit_load(unit, NULL, &u, &diags) < 0 || seccomp_compile(u, &plan, &diags) < 0 ||
            seccomp_plan_prepare(&plan, &progs) < 0) {
                fprintf(stderr, "startup-runner: cannot compile the seccomp stack of %s\n", unit);
                return 1;
        }
        for (size_t i = 0; i < progs.n; i++) {
                char path[4096];
                snprintf(path, sizeof path, "%s/%02zu.bpf", dir, i);
                FILE *f = fopen(path, "we");
                if (!f || fwrite(progs.items[i].insns, sizeof(struct sock_filter),
                                 progs.items[i].len, f) != progs.items[i].len) {
                        fprintf(stderr, "startup-runner: %s: %s\n", path, strerror(errno));
                        return 1;
                }
                fclose(f);
        }
        printf("%zu\n", progs.n);
        seccomp_programs_done(&progs);
        seccomp_plan_done(&plan);
        unit_free(u);
        diag_list_done(&diags);
        return 0;
}

int main(int argc, char **argv)
{
        Column cols[MAX_COLUMNS] = {0};
        size_t n_cols = (size_t) argc - 3;

        if (argc == 4 && strcmp(argv[1], "--export-bpf") == 0)
                return export_bpf(argv[2], argv[3]);
        if (argc < 4 || n_cols > MAX_COLUMNS) {
                fprintf(stderr, "usage: startup-runner RUNS WARMUP 'label|N=FILE,…|cmd args'…\n"
                                "       startup-runner --export-bpf UNIT DIR\n");
                return 2;
        }
        long runs = atol(argv[1]), warmup = atol(argv[2]);
        (void) prctl(PR_SET_CHILD_SUBREAPER, 1);
        if (runs <= 0 || runs > 100000 || warmup < 0)
                return 2;
        for (size_t i = 0; i < n_cols; i++) {
                if (parse_column(argv[i + 3], &cols[i]) < 0) {
                        fprintf(stderr, "startup-runner: bad column \"%s\"\n", argv[i + 3]);
                        return 2;
                }
                cols[i].samples = calloc((size_t) runs, sizeof(uint64_t));
                cols[i].cpu = calloc((size_t) runs, sizeof(uint64_t));
                cols[i].csw = calloc((size_t) runs, sizeof(uint64_t));
                if (!cols[i].samples || !cols[i].cpu || !cols[i].csw)
                        return 1;
        }
        for (long r = -warmup; r < runs; r++)
                for (size_t i = 0; i < n_cols; i++) {
                        uint64_t cpu = 0, csw = 0, t = run_once(&cols[i], &cpu, &csw);
                        if (t == 0) {
                                fprintf(stderr, "startup-runner: %s failed\n", cols[i].label);
                                return 1;
                        }
                        if (r >= 0) {
                                cols[i].cpu[cols[i].n] = cpu;
                                cols[i].csw[cols[i].n] = csw;
                                cols[i].samples[cols[i].n++] = t;
                        }
                }
        for (size_t i = 0; i < n_cols; i++) {
                Column *c = &cols[i];
                qsort(c->samples, c->n, sizeof(uint64_t), cmp_u64);
                qsort(c->cpu, c->n, sizeof(uint64_t), cmp_u64);
                qsort(c->csw, c->n, sizeof(uint64_t), cmp_u64);
                printf("%s %.0f %.0f %.0f %.0f %" PRIu64 "\n", c->label, c->samples[c->n / 2] / 1e3,
                       c->samples[c->n / 10] / 1e3, c->samples[c->n * 9 / 10] / 1e3,
                       c->cpu[c->n / 2] / 1e3, c->csw[c->n / 2]);
                free(c->samples);
                free(c->cpu);
                free(c->csw);
        }
        return 0;
}
