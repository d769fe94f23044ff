/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>

/* Reads a whole regular file of at most max bytes. Returns -EFBIG when larger,
 * -EISDIR/-ENOTSUP for non-regular files (FIFOs and devices are never read). */
int read_full_file(const char *path, size_t max, char **ret, size_t *ret_size);
int read_full_fd(int fd, size_t max, char **ret, size_t *ret_size);
/* Writes atomically via a temporary file in the same directory and rename(). */
int write_file_atomic(const char *path, const char *data, size_t size, unsigned mode);
