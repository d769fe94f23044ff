/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The stop path asks the PID namespace "anything left?" once: sbx_signal_all() answers 0 from
 * memory after the namespace said it was empty, until cordon starts a command again
 * (sbx_signal_all_forget(), called by the lifecycle before every start). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pidns.h"
#include "spawn-internal.h"
#include "tests.h"

/* A child of cordon, born in the namespace, that waits until fd closes. */
static pid_t start_waiter(int *ret_fd)
{
        int pfd[2];
        if (pipe2(pfd, O_CLOEXEC) < 0)
                return -errno;
        pid_t c = fork();
        if (c == 0) {
                char b;
                close(pfd[1]);
                while (read(pfd[0], &b, 1) < 0 && errno == EINTR)
                        ;
                _exit(0);
        }
        close(pfd[0]);
        *ret_fd = pfd[1];
        return c;
}

TEST(empty_namespace_is_asked_once_until_a_command_starts)
{
        Session s = {.pidns = SBX_PIDNS_INIT};
        int fd = -1, st = 0;
        pid_t c;

        if (geteuid() != 0 || sbx_pidns_start(&s.pidns) < 0)
                TEST_SKIP("no PID namespace here (needs root)");
        sbx_pidns_wait_up(&s.pidns);
        sbx_signal_all_forget();

        c = start_waiter(&fd);
        ASSERT_GT(c, 0);
        ASSERT_EQ(sbx_signal_all(&s, 0), 1);
        ASSERT_EQ(sbx_signal_all(&s, 0), 1); /* not empty: asked again, still there */
        ASSERT_EQ(sbx_signal_all(&s, SIGKILL), 1);
        ASSERT_EQ(waitpid(c, &st, 0), c);
        ASSERT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        close(fd);
        ASSERT_EQ(sbx_signal_all(&s, 0), 0);
        ASSERT_TRUE(sbx_wait_gone(&s, 0));

        /* A process started without forgetting is not seen: the memory answers. This is what
         * the lifecycle's sbx_signal_all_forget() before each command is for. */
        c = start_waiter(&fd);
        ASSERT_GT(c, 0);
        ASSERT_EQ(sbx_signal_all(&s, 0), 0);
        sbx_signal_all_forget();
        ASSERT_EQ(sbx_signal_all(&s, 0), 1);
        ASSERT_FALSE(sbx_wait_gone(&s, 0));
        ASSERT_EQ(sbx_signal_all(&s, SIGTERM), 1);
        ASSERT_EQ(waitpid(c, &st, 0), c);
        ASSERT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
        close(fd);
        ASSERT_TRUE(sbx_wait_gone(&s, 1000));
        ASSERT_EQ(sbx_signal_all(&s, SIGKILL), 0);

        sbx_pidns_stop(&s.pidns);
        sbx_signal_all_forget();
}
