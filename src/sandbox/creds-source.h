/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Where credential data comes from (systemd 252 execute.c load_credential(), and v254's
 * ImportCredential=): regular files, AF_UNIX stream sockets, and the credential search path.
 * Every buffer that held credential data is zeroed before it is freed. */

#include <stdbool.h>
#include <stddef.h>

/* Seconds a credential socket may take, in total, to send everything (systemd waits for
 * ever). */
#define CRED_SOCKET_TIMEOUT_SEC 90

/* Reads path (following symlinks, as systemd) of at most max bytes. A regular file is read; an
 * AF_UNIX socket is connected to (SOCK_STREAM, our side bound to the abstract address
 * bind_name when given, "\0..."; write side shut down) and read to EOF if bind_name is
 * non-NULL (pass "" for no binding), else refused with -ENXIO. Directories: -EISDIR; FIFOs,
 * devices: -EOPNOTSUPP (systemd would read them; a FIFO could block for ever). -EFBIG when
 * larger than max. *ret is NUL-terminated; erase it with explicit_bzero() before free(). */
int cred_read(int dir_fd, const char *path, size_t max, const char *bind_name, char **ret,
              size_t *ret_size);
/* The same with the socket's total time limit in seconds (tests). */
int cred_read_timeout(int dir_fd, const char *path, size_t max, const char *bind_name,
                      unsigned timeout_sec, char **ret, size_t *ret_size);

/* systemd's bind name for a socket credential: "@<random hex>/unit/<unit>/<id>" with the '@'
 * turned into the leading NUL of an abstract address. -EINVAL when it does not fit. */
int cred_socket_bind_name(const char *unit, const char *id, char **ret);

typedef enum CredSearch {
        CRED_SEARCH_TRUSTED,   /* $CREDENTIALS_DIRECTORY, then the credstore directories */
        CRED_SEARCH_ENCRYPTED, /* $ENCRYPTED_CREDENTIALS_DIRECTORY, then credstore.encrypted */
        CRED_SEARCH_ALL,       /* encrypted first, then trusted (LoadCredentialEncrypted=ID) */
} CredSearch;

/* The directories searched, in order: the received directory (if any), then PREFIX/credstore
 * (or credstore.encrypted) under /etc, /run, /usr/local/lib, /usr/lib (CONF_PATHS_STRV). prefixes
 * overrides those four (tests); NULL = default. A NULL-terminated strv or NULL on OOM. */
char **cred_search_path(CredSearch which, const char *received, const char *received_encrypted,
                        char *const *prefixes);

/* Whether name matches an ImportCredential= glob (a name, or a prefix followed by '*'). */
bool cred_glob_match(const char *glob, const char *name);
