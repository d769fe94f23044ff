/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "creds-source.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cleanup.h"
#include "macro.h"
#include "path-util.h"
#include "spawn.h"
#include "string-util.h"
#include "strv.h"

static void erase_free(char *p, size_t n)
{
        if (p)
                explicit_bzero(p, n);
        free(p);
}

/* Waits until fd is readable or the deadline (CLOCK_MONOTONIC ms; 0 = none) passes. */
static int wait_readable(int fd, uint64_t deadline)
{
        for (;;) {
                struct pollfd p = {.fd = fd, .events = POLLIN};
                uint64_t now = (uint64_t) sbx_now_ms();
                int r;
                if (deadline == 0)
                        return 0;
                if (now >= deadline)
                        return -ETIMEDOUT;
                r = poll(&p, 1, (int) MIN(deadline - now, (uint64_t) INT32_MAX));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r < 0)
                        return -errno;
                if (r > 0)
                        return 0;
        }
}

/* Reads fd to EOF into a buffer that grows without leaving copies of the data behind; a peer
 * that has not finished by the deadline (0 = none) fails with -ETIMEDOUT. */
static int read_secure(int fd, size_t max, size_t hint, uint64_t deadline, char **ret,
                       size_t *ret_size)
{
        size_t cap = MIN(MAX(hint, (size_t) 4096), max + 1), n = 0;
        char *buf = malloc(cap + 1);

        if (!buf)
                return -ENOMEM;
        for (;;) {
                ssize_t k;
                if (n == cap) {
                        size_t ncap;
                        char *t;
                        if (cap >= max + 1)
                                break;
                        ncap = MIN(cap * 2, max + 1);
                        t = malloc(ncap + 1);
                        if (!t) {
                                erase_free(buf, cap + 1);
                                return -ENOMEM;
                        }
                        memcpy(t, buf, n);
                        erase_free(buf, cap + 1);
                        buf = t;
                        cap = ncap;
                }
                k = wait_readable(fd, deadline);
                if (k >= 0)
                        k = read(fd, buf + n, cap - n);
                else
                        errno = (int) -k;
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0) {
                        int e = errno;
                        erase_free(buf, cap + 1);
                        return -e;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
        }
        if (n > max) {
                erase_free(buf, cap + 1);
                return -EFBIG;
        }
        buf[n] = '\0';
        *ret = buf;
        *ret_size = n;
        return 0;
}

int cred_socket_bind_name(const char *unit, const char *id, char **ret)
{
        uint64_t rnd = 0;
        char *s;

        if (getrandom(&rnd, sizeof rnd, 0) != (ssize_t) sizeof rnd)
                return -errno ?: -EIO;
        if (asprintf(&s, "@%" PRIx64 "/unit/%s/%s", rnd, unit, id) < 0)
                return -ENOMEM;
        /* sockaddr_un_set_path(): an abstract name may use all of sun_path */
        if (strlen(s) > sizeof(((struct sockaddr_un *) NULL)->sun_path)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

/* opath: the socket, opened O_PATH (how it was reached is checked there). */
static int connect_and_read(int opath, size_t max, const char *bind_name, unsigned timeout_sec,
                            char **ret, size_t *ret_size)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        _cleanup_close_ int sk = -1;
        char via[64];

        sk = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (sk < 0)
                return -errno;
        if (!isempty(bind_name)) {
                size_t n = strlen(bind_name);
                if (n > sizeof sa.sun_path)
                        return -EINVAL;
                memcpy(sa.sun_path, bind_name, n);
                if (sa.sun_path[0] == '@')
                        sa.sun_path[0] = '\0';
                if (bind(sk, (struct sockaddr *) &sa,
                         (socklen_t) (offsetof(struct sockaddr_un, sun_path) + n)) < 0)
                        return -errno;
        }
        /* Connected through the O_PATH fd (as systemd's connect_unix_path() does for long
         * paths): the socket that was checked, whatever the path names by now. */
        snprintf(via, sizeof via, "/proc/self/fd/%d", opath);
        memset(&sa, 0, sizeof sa);
        sa.sun_family = AF_UNIX;
        memcpy(sa.sun_path, via, strlen(via));
        if (connect(sk, (struct sockaddr *) &sa, (socklen_t) sizeof sa) < 0)
                return errno == ENOTSOCK || errno == EINVAL ? -ENXIO : -errno;
        if (shutdown(sk, SHUT_WR) < 0)
                return -errno;
        /* A peer that never finishes (or sends a byte a minute) must not hang the start. */
        return read_secure(sk, max, 0, (uint64_t) sbx_now_ms() + (uint64_t) timeout_sec * 1000u,
                           ret, ret_size);
}

int cred_read(int dir_fd, const char *path, size_t max, const char *bind_name, char **ret,
              size_t *ret_size)
{
        return cred_read_timeout(dir_fd, path, max, bind_name, CRED_SOCKET_TIMEOUT_SEC, ret,
                                 ret_size);
}

int cred_read_timeout(int dir_fd, const char *path, size_t max, const char *bind_name,
                      unsigned timeout_sec, char **ret, size_t *ret_size)
{
        _cleanup_close_ int opath = -1, fd = -1;
        struct stat st;
        char self[64];

        /* Read as root from wherever the unit says, possibly where the service writes: an
         * absolute path follows only symlinks root placed (as mount sources), and nothing but a
         * regular file or a socket is opened (a FIFO would block, a device act). */
        if (dir_fd == AT_FDCWD && path_is_absolute(path))
                opath = sbx_open_trusted(path, O_PATH);
        else if ((opath = openat(dir_fd, path, O_PATH | O_CLOEXEC)) < 0)
                opath = -errno;
        if (opath < 0)
                return opath;
        if (fstat(opath, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (S_ISSOCK(st.st_mode)) {
                if (!bind_name)
                        return -ENXIO; /* what open() of an AF_UNIX socket gives */
                return connect_and_read(opath, max, bind_name, timeout_sec, ret, ret_size);
        }
        if (!S_ISREG(st.st_mode))
                return -EOPNOTSUPP;
        if ((uint64_t) st.st_size > max)
                return -EFBIG;
        snprintf(self, sizeof self, "/proc/self/fd/%d", opath);
        fd = open(self, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        return read_secure(fd, max, (size_t) st.st_size + 1, 0, ret, ret_size);
}

char **cred_search_path(CredSearch which, const char *received, const char *received_encrypted,
                        char *const *prefixes)
{
        static char *const conf_paths[] = {"/etc", "/run", "/usr/local/lib", "/usr/lib", NULL};
        char **l = NULL;
        bool enc = which != CRED_SEARCH_TRUSTED, trusted = which != CRED_SEARCH_ENCRYPTED;

        if (!prefixes)
                prefixes = conf_paths;
        for (int pass = 0; pass < 2; pass++) {
                bool e = pass == 0;
                const char *rcv = e ? received_encrypted : received;
                if (e ? !enc : !trusted)
                        continue;
                /* as get_credentials_dir(): only an absolute, normalized path counts */
                if (!isempty(rcv) && path_is_absolute(rcv) && path_is_normalized(rcv) &&
                    strv_extend(&l, rcv) < 0)
                        goto oom;
                for (char *const *p = prefixes; *p; p++) {
                        _cleanup_free_ char *d = NULL;
                        if (asprintf(&d, "%s/%s", *p, e ? "credstore.encrypted" : "credstore") < 0)
                                goto oom;
                        if (!strv_contains(l, d) && strv_extend(&l, d) < 0)
                                goto oom;
                }
        }
        if (!l)
                l = calloc(1, sizeof(char *));
        return l;
oom:
        strv_free(l);
        return NULL;
}

bool cred_glob_match(const char *glob, const char *name)
{
        size_t n = strlen(glob);

        if (n > 0 && glob[n - 1] == '*')
                return strncmp(glob, name, n - 1) == 0 && !(n == 1 && name[0] == '.');
        return streq(glob, name);
}
