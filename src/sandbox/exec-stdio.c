/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "exec-stdio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "config-parse-internal.h" /* base64_decode() */
#include "settings.h"

#define EXIT_RUN_REFUSED 78 /* cordon run's status for a refused unit (verb-run.c) */

static const char *const directives[3] = {"StandardInput=", "StandardOutput=", "StandardError="};

const char *stdio_directive(int fd)
{
        return fd >= 0 && fd < 3 ? directives[fd] : "StandardOutput=";
}

int stdio_exit_status(int fd)
{
        return fd == 0 ? 208 : fd == 1 ? 209 : 222; /* EXIT_STDIN, EXIT_STDOUT, EXIT_STDERR */
}

static bool is_terminal_input(ExecInput i)
{
        return i == EXEC_INPUT_TTY || i == EXEC_INPUT_TTY_FORCE || i == EXEC_INPUT_TTY_FAIL;
}

static bool is_file_output(ExecOutput o)
{
        return o == EXEC_OUTPUT_FILE || o == EXEC_OUTPUT_FILE_APPEND ||
               o == EXEC_OUTPUT_FILE_TRUNCATE;
}

/* journal, kmsg and their +console forms: cordon has no journal, they keep cordon's own fd. */
static bool is_log_output(ExecOutput o)
{
        return o == EXEC_OUTPUT_KMSG || o == EXEC_OUTPUT_KMSG_AND_CONSOLE ||
               o == EXEC_OUTPUT_JOURNAL || o == EXEC_OUTPUT_JOURNAL_AND_CONSOLE;
}

/* socket and fd:NAME: refused (no socket activation in cordon run); lenient keeps cordon's. */
static int refuse(const Origin *o, int fd, const char *what, bool lenient, DiagList *diags)
{
        int r = diag_add(
                diags, o->file, o->line, 0, "run-unsupported", lenient ? DIAG_WARNING : DIAG_ERROR,
                NULL, "%s%s needs socket activation, which cordon run does not do%s",
                directives[fd], what, lenient ? "; the stream stays cordon's own (--lenient)" : "");
        if (r < 0)
                return r;
        return lenient ? 0 : -EOPNOTSUPP;
}

static int build_data(const StrvWithOrigin *text, char **ret, size_t *ret_size)
{
        size_t n = 0;
        char *d;

        /* Each StandardInputText= line followed by a newline, as systemd stores it. */
        for (char **l = text->strv; l && *l; l++) {
                n += strlen(*l) + 1;
                if (n > STDIO_DATA_MAX)
                        return -E2BIG;
        }
        d = malloc(n + 1);
        if (!d)
                return -ENOMEM;
        n = 0;
        for (char **l = text->strv; l && *l; l++) {
                size_t k = strlen(*l);
                memcpy(d + n, *l, k);
                n += k;
                d[n++] = '\n';
        }
        *ret = d;
        *ret_size = n;
        return 0;
}

/* StandardInputData=: each value Base64, decoded and concatenated in order. */
static int build_data_b64(char **values, char **ret, size_t *ret_size)
{
        char *d = NULL;
        size_t n = 0;

        for (char **v = values; v && *v; v++) {
                char *chunk = NULL;
                size_t k;
                int r = base64_decode(*v, &chunk, &k);
                if (r < 0) {
                        free(d);
                        return r;
                }
                char *nd = n + k <= STDIO_DATA_MAX ? realloc(d, n + k + 1) : NULL;
                if (!nd) {
                        explicit_bzero(chunk, k);
                        free(chunk);
                        free(d);
                        return n + k > STDIO_DATA_MAX ? -E2BIG : -ENOMEM;
                }
                d = nd;
                memcpy(d + n, chunk, k);
                n += k;
                explicit_bzero(chunk, k);
                free(chunk);
        }
        *ret = d;
        *ret_size = n;
        return 0;
}

static int input_data(const Unit *u, PlanStdio *s, char **ret_data, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        int i = directive_index(SECTION_SERVICE, "StandardInputData");
        const RawSetting *raw = i >= 0 ? unit_get_raw(u, i) : NULL;
        bool has_b64 = raw && raw->values.strv && raw->values.strv[0];
        bool has_text = e->std_input_text.strv && e->std_input_text.strv[0];
        const Origin *o = has_b64 ? &raw->values.origins[0] : &s->origin[0];
        int r;

        if (has_b64 && has_text) {
                /* systemd appends both to one buffer in file order, which the model does not
                 * keep across the two directives. */
                (void) diag_add(diags, o->file, o->line, 0, "run-unsupported", DIAG_ERROR, NULL,
                                "StandardInputText= and StandardInputData= together: cordon run "
                                "cannot tell their order; use one of them");
                return -EOPNOTSUPP;
        }
        r = has_b64 ? build_data_b64(raw->values.strv, ret_data, &s->data_size)
                    : build_data(&e->std_input_text, ret_data, &s->data_size);
        if (r == -E2BIG)
                (void) diag_add(
                        diags, o->file, o->line, 0, "run-unsupported", DIAG_ERROR, NULL,
                        "%s is longer than %u bytes, the most cordon run feeds to "
                        "standard input",
                        has_b64 ? "StandardInputData=" : "StandardInputText=", STDIO_DATA_MAX);
        return r;
}

int stdio_plan_build(const Unit *u, mode_t umask_value, bool lenient, PlanStdio *s, char **ret_data,
                     DiagList *diags, int *ret_exit_status)
{
        const ExecSettings *e = &u->exec;
        int r;

        *s = (PlanStdio){0};
        *ret_data = NULL;
        s->input = e->std_input;
        s->output = e->std_output;
        s->error = e->std_error;
        s->path[0] = e->std_input_path;
        s->path[1] = e->std_output_path;
        s->path[2] = e->std_error_path;
        s->origin[0] = e->std_input_origin;
        s->origin[1] = e->std_output_origin;
        s->origin[2] = e->std_error_origin;
        s->tty_path = e->tty_path.value ? e->tty_path.value : "/dev/console";
        s->mode = 0666 & ~umask_value;

        if (s->input == EXEC_INPUT_SOCKET || s->input == EXEC_INPUT_NAMED_FD) {
                *ret_exit_status = EXIT_RUN_REFUSED;
                r = refuse(&s->origin[0], 0, s->input == EXEC_INPUT_SOCKET ? "socket" : "fd:NAME",
                           lenient, diags);
                if (r < 0)
                        return r;
                s->input = EXEC_INPUT_NULL; /* systemd's fixup without a socket */
        }
        for (int fd = 1; fd <= 2; fd++) {
                ExecOutput *o = fd == 1 ? &s->output : &s->error;
                if (*o != EXEC_OUTPUT_SOCKET && *o != EXEC_OUTPUT_NAMED_FD)
                        continue;
                *ret_exit_status = EXIT_RUN_REFUSED;
                r = refuse(&s->origin[fd], fd, *o == EXEC_OUTPUT_SOCKET ? "socket" : "fd:NAME",
                           lenient, diags);
                if (r < 0)
                        return r;
                *o = EXEC_OUTPUT_JOURNAL; /* cordon's own stream */
        }
        if (s->input == EXEC_INPUT_DATA) {
                *ret_exit_status = EXIT_RUN_REFUSED;
                r = input_data(u, s, ret_data, diags);
                if (r < 0)
                        return r;
                s->data = *ret_data;
                if (s->data_size == 0)
                        s->input = EXEC_INPUT_NULL; /* as systemd's fixup_input() */
        }
        s->keep_stdin = !e->std_input_origin.file && s->input == EXEC_INPUT_NULL;
        s->set = true;
        return 0;
}

/* ---------------------------------------------------------------- the child */

/* Moves fd onto target; the result does not close on exec. */
static int move_to(int fd, int target)
{
        if (fd < 0)
                return fd;
        if (fd == target)
                return fcntl(fd, F_SETFD, 0) < 0 ? -errno : 0;
        int r = dup2(fd, target) < 0 ? -errno : 0;
        close(fd);
        return r;
}

static int dup_to(int from, int target)
{
        return dup2(from, target) < 0 ? -errno : 0;
}

static int open_flags(const char *path, int flags, mode_t mode)
{
        int fd = open(path, flags | O_NOCTTY | O_CLOEXEC, mode);
        return fd < 0 ? -errno : fd;
}

/* A file, or (ENXIO) an AF_UNIX stream socket at that path, connected, as systemd does. */
static int acquire_path(const char *path, int flags, mode_t mode)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        size_t len = strlen(path);

        if ((flags & O_ACCMODE) != O_RDONLY)
                flags |= O_CREAT;
        int fd = open_flags(path, flags, mode);
        if (fd != -ENXIO)
                return fd;
        if (len >= sizeof(sa.sun_path))
                return -ENXIO;
        memcpy(sa.sun_path, path, len + 1);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -errno;
        if (connect(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0) {
                int r = errno == ENOTSOCK || errno == EINVAL ? -ENXIO : -errno;
                close(fd);
                return r;
        }
        int how = (flags & O_ACCMODE) == O_RDONLY   ? SHUT_WR
                  : (flags & O_ACCMODE) == O_WRONLY ? SHUT_RD
                                                    : -1;
        if (how >= 0 && shutdown(fd, how) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        return fd;
}

static bool same_path(const char *a, const char *b)
{
        return a && b && strcmp(a, b) == 0;
}

/* The terminal as controlling terminal (the child is a session leader: setsid()). tty-force
 * steals it from another session; tty and tty-fail fail when another session has it (systemd's
 * tty waits for it: cordon does not wait, documented). */
static int acquire_terminal(const PlanStdio *s)
{
        int fd = open_flags(s->tty_path, O_RDWR, 0);
        if (fd < 0)
                return fd;
        if (ioctl(fd, TIOCSCTTY, s->input == EXEC_INPUT_TTY_FORCE ? 1 : 0) < 0) {
                int r = -errno;
                close(fd);
                return r;
        }
        return fd;
}

static int data_pipe(const PlanStdio *s)
{
        int p[2];
        if (pipe2(p, O_CLOEXEC) < 0)
                return -errno;
        /* At most STDIO_DATA_MAX bytes: the pipe's default capacity, no reader needed. */
        size_t done = 0;
        while (done < s->data_size) {
                ssize_t n = write(p[1], s->data + done, s->data_size - done);
                if (n < 0 && errno == EINTR)
                        continue;
                if (n <= 0) {
                        int r = n < 0 ? -errno : -EIO;
                        close(p[0]);
                        close(p[1]);
                        return r;
                }
                done += (size_t) n;
        }
        close(p[1]);
        return p[0];
}

static int setup_input(const PlanStdio *s)
{
        if (s->keep_stdin)
                return 0;
        switch (s->input) {
        case EXEC_INPUT_NULL:
                return move_to(open_flags("/dev/null", O_RDONLY, 0), 0);
        case EXEC_INPUT_TTY:
        case EXEC_INPUT_TTY_FORCE:
        case EXEC_INPUT_TTY_FAIL:
                return move_to(acquire_terminal(s), 0);
        case EXEC_INPUT_DATA:
                return move_to(data_pipe(s), 0);
        case EXEC_INPUT_FILE: {
                bool rw = (s->output == EXEC_OUTPUT_FILE && same_path(s->path[0], s->path[1])) ||
                          (s->error == EXEC_OUTPUT_FILE && same_path(s->path[0], s->path[2]));
                if (!s->path[0])
                        return -EINVAL;
                return move_to(acquire_path(s->path[0], rw ? O_RDWR : O_RDONLY, s->mode), 0);
        }
        case EXEC_INPUT_SOCKET:
        case EXEC_INPUT_NAMED_FD:
        case _EXEC_INPUT_MAX:
        case _EXEC_INPUT_INVALID:
                break;
        }
        return 0; /* refused or downgraded in the plan */
}

static int open_output(const PlanStdio *s, ExecOutput o, int fd)
{
        switch (o) {
        case EXEC_OUTPUT_NULL:
                return move_to(open_flags("/dev/null", O_WRONLY, 0), fd);
        case EXEC_OUTPUT_TTY:
                if (is_terminal_input(s->input))
                        return dup_to(0, fd);
                return move_to(open_flags(s->tty_path, O_WRONLY, 0), fd);
        case EXEC_OUTPUT_FILE:
        case EXEC_OUTPUT_FILE_APPEND:
        case EXEC_OUTPUT_FILE_TRUNCATE: {
                if (!s->path[fd])
                        return -EINVAL;
                if (s->input == EXEC_INPUT_FILE && same_path(s->path[fd], s->path[0]))
                        return dup_to(0, fd);
                int flags = O_WRONLY | (o == EXEC_OUTPUT_FILE_APPEND     ? O_APPEND
                                        : o == EXEC_OUTPUT_FILE_TRUNCATE ? O_TRUNC
                                                                         : 0);
                return move_to(acquire_path(s->path[fd], flags, s->mode), fd);
        }
        case EXEC_OUTPUT_INHERIT:
        case EXEC_OUTPUT_KMSG:
        case EXEC_OUTPUT_KMSG_AND_CONSOLE:
        case EXEC_OUTPUT_JOURNAL:
        case EXEC_OUTPUT_JOURNAL_AND_CONSOLE:
        case EXEC_OUTPUT_SOCKET:
        case EXEC_OUTPUT_NAMED_FD:
        case _EXEC_OUTPUT_MAX:
        case _EXEC_OUTPUT_INVALID:
                break;
        }
        return 0; /* cordon's own fd stays */
}

static int setup_stdout(const PlanStdio *s)
{
        if (s->output == EXEC_OUTPUT_INHERIT) {
                /* Inherits stdin when that is a terminal or a file; cordon is never PID 1, so
                 * otherwise its own stdout stays (systemd's rule for a non-PID-1 manager). */
                if (s->input != EXEC_INPUT_NULL && s->input != EXEC_INPUT_DATA)
                        return dup_to(0, 1);
                return 0;
        }
        return open_output(s, s->output, 1);
}

static int setup_stderr(const PlanStdio *s)
{
        ExecOutput o = s->output, e = s->error;

        if (e == EXEC_OUTPUT_INHERIT && o == EXEC_OUTPUT_INHERIT && s->input == EXEC_INPUT_NULL)
                return 0;
        /* The same target as stdout: the same open file (one offset, one O_APPEND). */
        if (e == EXEC_OUTPUT_INHERIT ||
            (e == o && (!is_file_output(e) || same_path(s->path[1], s->path[2]))))
                return is_log_output(o) ? 0 : dup_to(1, 2);
        return open_output(s, e, 2);
}

int sbx_stdio_apply(const PlanStdio *s, int *ret_fd)
{
        int r;

        *ret_fd = 0;
        r = setup_input(s);
        if (r < 0)
                return r;
        *ret_fd = 1;
        r = setup_stdout(s);
        if (r < 0)
                return r;
        *ret_fd = 2;
        return setup_stderr(s);
}
