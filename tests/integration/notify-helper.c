/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A tiny service for the lifecycle tests: runs its arguments as a script of actions, talking to
 * $NOTIFY_SOCKET from whichever process the action names.
 *   send MSG            datagram MSG ("\n" = newline) from this process
 *   sleep MS            sleep
 *   ping N MS           N times WATCHDOG=1, MS apart
 *   env FILE            append "pid=P WATCHDOG_PID=… WATCHDOG_USEC=… NOTIFY_SOCKET=…" to FILE
 *   log FILE TEXT       append TEXT to FILE
 *   on SIG FILE         from now on SIG is caught: "got SIG" appended to FILE, then ignored
 *   child-main FILE MSG fork a child that sleeps; send "MSG\nMAINPID=child" (MSG "-": only
 *                       MAINPID=) in one datagram; the child's pid -> FILE
 *   child-claim FILE    fork a child that itself sends MAINPID=its pid, then sleeps; pid -> FILE
 *   child-send MSG      fork a child that sends MSG and exits 1 s later; wait for it
 *   term-extend USEC MS on SIGTERM: send EXTEND_TIMEOUT_USEC=USEC, sleep MS, exit 0
 *   pause               sleep until killed
 *   exit N              exit with N */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *log_file[65];

static void append(const char *file, const char *text)
{
        FILE *f = fopen(file, "ae");
        if (!f)
                return;
        fprintf(f, "%s\n", text);
        fclose(f);
}

static char term_extend_msg[64];
static long term_extend_ms;
static int send_msg(const char *msg);
static void sleep_ms(long ms);

static void on_term_extend(int sig)
{
        (void) sig;
        (void) send_msg(term_extend_msg);
        sleep_ms(term_extend_ms);
        _exit(0);
}

static void on_signal(int sig)
{
        char buf[64];
        snprintf(buf, sizeof(buf), "got SIG%s", sigabbrev_np(sig));
        if (log_file[sig])
                append(log_file[sig], buf);
}

static int send_msg(const char *msg)
{
        const char *e = getenv("NOTIFY_SOCKET");
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        char text[4096];
        size_t n = 0;

        if (!e || !*e || strlen(e) >= sizeof(sa.sun_path))
                return -1;
        for (const char *p = msg; *p && n < sizeof(text) - 1; p++) {
                if (p[0] == '\\' && p[1] == 'n') {
                        text[n++] = '\n';
                        p++;
                } else
                        text[n++] = *p;
        }
        memcpy(sa.sun_path, e, strlen(e));
        if (sa.sun_path[0] == '@')
                sa.sun_path[0] = 0;
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
                return -1;
        ssize_t r = sendto(fd, text, n, 0, (struct sockaddr *) &sa,
                           (socklen_t) (offsetof(struct sockaddr_un, sun_path) + strlen(e)));
        close(fd);
        return r == (ssize_t) n ? 0 : -1;
}

static void sleep_ms(long ms)
{
        struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000};
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                ;
}

static void write_pid(const char *file, pid_t pid)
{
        char buf[32];
        snprintf(buf, sizeof(buf), "%d", (int) pid);
        append(file, buf);
}

int main(int argc, char **argv)
{
        char buf[8192];

        for (int i = 1; i < argc; i++) {
                const char *a = argv[i], *x = i + 1 < argc ? argv[i + 1] : "";
                const char *y = i + 2 < argc ? argv[i + 2] : "";
                if (!strcmp(a, "send")) {
                        if (send_msg(x) < 0)
                                fprintf(stderr, "notify-helper: send failed\n");
                        i++;
                } else if (!strcmp(a, "sleep")) {
                        sleep_ms(atol(x));
                        i++;
                } else if (!strcmp(a, "ping")) {
                        for (long k = 0; k < atol(x); k++) {
                                (void) send_msg("WATCHDOG=1");
                                sleep_ms(atol(y));
                        }
                        i += 2;
                } else if (!strcmp(a, "env")) {
                        const char *w = getenv("WATCHDOG_PID"), *u = getenv("WATCHDOG_USEC");
                        const char *s = getenv("NOTIFY_SOCKET");
                        snprintf(buf, sizeof(buf),
                                 "pid=%d WATCHDOG_PID=%s WATCHDOG_USEC=%s NOTIFY_SOCKET=%s",
                                 (int) getpid(), w ? w : "-", u ? u : "-", s ? s : "-");
                        append(x, buf);
                        i++;
                } else if (!strcmp(a, "log")) {
                        append(x, y);
                        i += 2;
                } else if (!strcmp(a, "on")) {
                        int sig = 0;
                        for (int k = 1; k < 65 && !sig; k++)
                                if (sigabbrev_np(k) && !strcmp(sigabbrev_np(k), x))
                                        sig = k;
                        if (sig > 0) {
                                struct sigaction sa = {.sa_handler = on_signal};
                                log_file[sig] = y;
                                sigaction(sig, &sa, NULL);
                        }
                        i += 2;
                } else if (!strcmp(a, "child-main") || !strcmp(a, "child-claim")) {
                        bool claim = !strcmp(a, "child-claim");
                        pid_t pid = fork();
                        if (pid == 0) {
                                if (claim) {
                                        snprintf(buf, sizeof(buf), "MAINPID=%d", (int) getpid());
                                        (void) send_msg(buf);
                                }
                                for (;;)
                                        pause();
                        }
                        write_pid(x, pid);
                        if (!claim) {
                                /* One datagram: systemd checks the sender before applying
                                 * MAINPID=, so READY=1 sent after it alone would be refused. */
                                snprintf(buf, sizeof(buf), "%s%sMAINPID=%d",
                                         strcmp(y, "-") ? y : "", strcmp(y, "-") ? "\\n" : "",
                                         (int) pid);
                                (void) send_msg(buf);
                                i++;
                        }
                        i++;
                } else if (!strcmp(a, "child-send")) {
                        pid_t pid = fork();
                        if (pid == 0) {
                                /* Stays a while: a sender that is gone cannot be told apart
                                 * from a process outside the service (systemd 252 neither). */
                                int r = send_msg(x);
                                sleep_ms(1000);
                                _exit(r < 0);
                        }
                        (void) waitpid(pid, NULL, 0);
                        i++;
                } else if (!strcmp(a, "term-extend")) {
                        struct sigaction sa = {.sa_handler = on_term_extend};
                        snprintf(term_extend_msg, sizeof(term_extend_msg), "EXTEND_TIMEOUT_USEC=%s",
                                 x);
                        term_extend_ms = atol(y);
                        sigaction(SIGTERM, &sa, NULL);
                        i += 2;
                } else if (!strcmp(a, "pause")) {
                        for (;;)
                                pause();
                } else if (!strcmp(a, "exit"))
                        return atoi(x);
                else {
                        fprintf(stderr, "notify-helper: unknown action %s\n", a);
                        return 99;
                }
        }
        return 0;
}
