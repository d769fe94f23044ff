/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbus-wait.h"
#include "tests.h"

TEST(address_default)
{
        char *a = NULL;
        char *sys_env[] = {(char *) "DBUS_SYSTEM_BUS_ADDRESS=unix:path=/x", NULL};
        char *none[] = {NULL};
        char *sess_env[] = {(char *) "DBUS_SESSION_BUS_ADDRESS=unix:abstract=/y",
                            (char *) "XDG_RUNTIME_DIR=/run/user/1000", NULL};
        char *xdg_env[] = {(char *) "XDG_RUNTIME_DIR=/run/user/1000", NULL};

        ASSERT_OK(sbx_bus_address_default(true, sys_env, &a));
        ASSERT_STREQ(a, "unix:path=/x");
        free(a);
        ASSERT_OK(sbx_bus_address_default(true, none, &a));
        ASSERT_STREQ(a, "unix:path=/run/dbus/system_bus_socket");
        free(a);
        ASSERT_OK(sbx_bus_address_default(false, sess_env, &a));
        ASSERT_STREQ(a, "unix:abstract=/y"); /* the session bus address wins */
        free(a);
        ASSERT_OK(sbx_bus_address_default(false, xdg_env, &a));
        ASSERT_STREQ(a, "unix:path=/run/user/1000/bus");
        free(a);
        ASSERT_ERROR(sbx_bus_address_default(false, none, &a), ENXIO);
        ASSERT_ERROR(sbx_bus_address_default(false, sys_env, &a), ENXIO); /* not the system bus */
}

TEST(open_errors)
{
        SbxBus *b = NULL;
        ASSERT_ERROR(sbx_bus_open("unix:path=/nonexistent/bus", 1000, &b), ENOENT);
        ASSERT_ERROR(sbx_bus_open("tcp:host=localhost,port=1", 1000, &b), EAFNOSUPPORT);
        ASSERT_ERROR(sbx_bus_open("unix:path=/x%zz", 1000, &b), EINVAL); /* bad escape */
        ASSERT_ERROR(sbx_bus_open("unix:guid=1", 1000, &b), EINVAL);     /* no path */
        /* the first usable address of a list is taken */
        ASSERT_ERROR(sbx_bus_open("tcp:host=x;unix:path=/nonexistent/bus", 1000, &b), ENOENT);
        ASSERT_NULL(b);
}

/* A server that rejects the authentication: open fails with -EACCES, no hang. */
TEST(auth_rejected)
{
        char dir[] = "/tmp/test-dbus-XXXXXX";
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        SbxBus *b = NULL;

        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/bus", dir);
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        ASSERT_OK(s);
        ASSERT_OK(bind(s, (struct sockaddr *) &sa, sizeof(sa)));
        ASSERT_OK(listen(s, 1));
        pid_t pid = fork();
        ASSERT_OK(pid);
        if (pid == 0) {
                int c = accept(s, NULL, NULL);
                char buf[256];
                (void) !read(c, buf, sizeof(buf));
                (void) !write(c, "REJECTED EXTERNAL\r\n", 19);
                sleep(1);
                _exit(0);
        }
        char addr[200];
        snprintf(addr, sizeof(addr), "unix:path=%s", sa.sun_path);
        ASSERT_ERROR(sbx_bus_open(addr, 5000, &b), EACCES);
        close(s);
        ASSERT_EQ(waitpid(pid, NULL, 0), pid);
        unlink(sa.sun_path);
        rmdir(dir);
}

/* ---- a scripted fake bus: SASL OK, a Hello reply, then whatever the test sends ---- */

static size_t put32(uint8_t *m, size_t o, uint32_t v)
{
        while (o % 4)
                m[o++] = 0;
        memcpy(m + o, &v, 4); /* little endian host assumed by the 'l' marker below */
        return o + 4;
}

/* A METHOD_RETURN (type 2) to serial 1 with body "s" = ":1.1". */
static size_t hello_reply(uint8_t *m)
{
        size_t o = 16, body;
        memcpy(m, "l\2\0\1", 4);
        m[o++] = 5; /* REPLY_SERIAL */
        m[o++] = 1;
        m[o++] = 'u';
        m[o++] = 0;
        o = put32(m, o, 1);
        while (o % 8)
                m[o++] = 0;
        m[o++] = 8; /* SIGNATURE */
        m[o++] = 1;
        m[o++] = 'g';
        m[o++] = 0;
        m[o++] = 1;
        m[o++] = 's';
        m[o++] = 0;
        uint32_t flen = (uint32_t) (o - 16);
        while (o % 8)
                m[o++] = 0;
        body = o;
        o = put32(m, o, 4);
        memcpy(m + o, ":1.1", 5);
        o += 5;
        put32(m, 4, (uint32_t) (o - body));
        put32(m, 8, 7);
        put32(m, 12, flen);
        return o;
}

static pid_t fake_bus(const char *path, const uint8_t *extra, size_t n_extra)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        if (s < 0 || bind(s, (struct sockaddr *) &sa, sizeof(sa)) < 0 || listen(s, 1) < 0)
                return -1;
        pid_t pid = fork();
        if (pid != 0) {
                close(s);
                return pid;
        }
        int c = accept(s, NULL, NULL);
        char buf[4096];
        uint8_t m[512];
        /* "\0AUTH EXTERNAL …\r\n" */
        for (size_t got = 0; got < 3 || memcmp(buf + got - 2, "\r\n", 2) != 0;) {
                ssize_t k = read(c, buf + got, 1);
                if (k <= 0)
                        _exit(1);
                got += (size_t) k;
        }
        (void) !write(c, "OK 0123456789abcdef0123456789abcdef\r\n", 37);
        (void) !read(c, buf, sizeof(buf)); /* BEGIN and Hello (small: one read suffices) */
        size_t n = hello_reply(m);
        (void) !write(c, m, n);
        if (n_extra)
                (void) !write(c, extra, n_extra);
        (void) !read(c, buf, sizeof(buf)); /* AddMatch */
        sleep(2);
        _exit(0);
}

static int open_fake(const uint8_t *extra, size_t n_extra, SbxBus **ret, pid_t *ret_pid)
{
        static unsigned counter;
        char path[108], addr[128];
        snprintf(path, sizeof(path), "/tmp/test-dbus-fake-%d-%u", (int) getpid(), counter++);
        unlink(path);
        *ret_pid = fake_bus(path, extra, n_extra);
        if (*ret_pid < 0)
                return -errno;
        snprintf(addr, sizeof(addr), "unix:path=%s", path);
        int r = sbx_bus_open(addr, 5000, ret);
        unlink(path);
        return r;
}

TEST(hello_from_fake_bus)
{
        SbxBus *b = NULL;
        pid_t pid;
        ASSERT_OK(open_fake(NULL, 0, &b, &pid));
        ASSERT_STREQ(sbx_bus_unique_name(b), ":1.1");
        ASSERT_EQ(sbx_bus_process(b), 0); /* nothing watched, nothing owned */
        sbx_bus_free(b);
        kill(pid, SIGKILL);
        ASSERT_EQ(waitpid(pid, NULL, 0), pid);
}

TEST(malformed_messages_are_refused)
{
        /* after Hello: a message claiming a 512 MiB body, a bad endianness marker, a header
         * string without its NUL: each must fail cleanly, never crash or wait for ever */
        uint8_t huge[16] = {'l', 4, 0, 1};
        uint32_t big = 512u << 20;
        memcpy(huge + 4, &big, 4);
        uint8_t badend[16] = {'x', 4, 0, 1};
        uint8_t nonul[40] = {'l', 4, 0,   1, 0,   0, 0, 0, 9,   0,   0,   0,   16,  0,   0,   0,
                             3,   1, 's', 0, 200, 0, 0, 0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
        struct {
                const uint8_t *m;
                size_t n;
                int err;
        } cases[] = {
                {huge, sizeof(huge), EMSGSIZE},
                {badend, sizeof(badend), EBADMSG},
                {nonul, 32, EBADMSG},
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                SbxBus *b = NULL;
                pid_t pid;
                ASSERT_OK(open_fake(cases[i].m, cases[i].n, &b, &pid));
                int r = 0;
                for (int k = 0; k < 100 && r == 0; k++) {
                        r = sbx_bus_process(b);
                        if (r == 0)
                                usleep(10000);
                }
                ASSERT_ERROR(r, cases[i].err);
                sbx_bus_free(b);
                kill(pid, SIGKILL);
                ASSERT_EQ(waitpid(pid, NULL, 0), pid);
        }
}

TEST(parse_message_entry_point)
{
        /* sbx_bus_parse_message() (the fuzzing entry point): frames and parses like pump() */
        uint8_t m[1024];
        size_t n = hello_reply(m), used = 0;
        bool owned = true;
        memcpy(m + n, m, n); /* two messages back to back */
        ASSERT_EQ(sbx_bus_parse_message(m, 2 * n, NULL, &used, &owned), 1);
        ASSERT_EQ(used, n);
        ASSERT_FALSE(owned); /* nothing watched */
        /* a non-empty reply to serial 1 (the GetNameOwner call) means owned */
        ASSERT_EQ(sbx_bus_parse_message(m + n, n, "org.example.Svc", &used, &owned), 1);
        ASSERT_TRUE(owned);
        for (size_t k = 0; k < n; k++) /* every prefix: not complete yet */
                ASSERT_EQ(sbx_bus_parse_message(m, k, NULL, &used, NULL), 0);
        m[0] = 'x';
        ASSERT_ERROR(sbx_bus_parse_message(m, n, NULL, &used, NULL), EBADMSG);
        m[0] = 'l';
        m[n - 1] = 'X'; /* the body string loses its NUL */
        ASSERT_ERROR(sbx_bus_parse_message(m, n, NULL, &used, NULL), EBADMSG);
}
