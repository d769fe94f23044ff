/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "path-util.h"
#include "string-util.h"

int read_full_fd(int fd, size_t max, char **ret, size_t *ret_size)
{
        struct stat st;
        size_t n = 0, cap = 4096;
        char *buf;

        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -ENOTSUP;
        if ((uint64_t) st.st_size > max)
                return -EFBIG;
        buf = malloc(cap + 1);
        if (!buf)
                return -ENOMEM;
        for (;;) {
                ssize_t k;
                if (n == cap) {
                        if (cap >= max + 1) {
                                free(buf);
                                return -EFBIG;
                        }
                        size_t ncap = MIN(cap * 2, max + 1);
                        char *t = realloc(buf, ncap + 1);
                        if (!t) {
                                free(buf);
                                return -ENOMEM;
                        }
                        buf = t;
                        cap = ncap;
                }
                k = read(fd, buf + n, cap - n);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        int e = errno;
                        free(buf);
                        return -e;
                }
                if (k == 0)
                        break;
                n += (size_t) k;
                if (n > max) {
                        free(buf);
                        return -EFBIG;
                }
        }
        buf[n] = '\0';
        *ret = buf;
        if (ret_size)
                *ret_size = n;
        return 0;
}

int read_full_file(const char *path, size_t max, char **ret, size_t *ret_size)
{
        _cleanup_close_ int fd = -1;

        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0)
                return -errno;
        return read_full_fd(fd, max, ret, ret_size);
}

int write_file_atomic(const char *path, const char *data, size_t size, unsigned mode)
{
        _cleanup_free_ char *dir = NULL, *tmp = NULL;
        _cleanup_close_ int fd = -1;
        size_t off = 0;

        dir = path_dirname(path);
        if (!dir)
                return -ENOMEM;
        tmp = strjoin(dir, "/.#", path_basename(path), "XXXXXX");
        if (!tmp)
                return -ENOMEM;
        fd = mkostemp(tmp, O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fchmod(fd, (mode_t) mode) < 0)
                goto fail;
        while (off < size) {
                ssize_t k = write(fd, data + off, size - off);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        goto fail;
                }
                off += (size_t) k;
        }
        if (fsync(fd) < 0 || rename(tmp, path) < 0)
                goto fail;
        return 0;
fail : {
        int e = errno;
        (void) unlink(tmp);
        return -e;
}
}
