/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "credentials.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "fileio.h"
#include "path-util.h"
#include "string-util.h"

bool credential_name_is_valid(const char *id)
{
        size_t n = id ? strlen(id) : 0;

        /* systemd's credential_name_valid(): a valid file name of at most NAME_MAX bytes */
        if (n == 0 || n > CREDENTIAL_NAME_MAX || streq(id, ".") || streq(id, ".."))
                return false;
        return !strchr(id, '/');
}

bool credentials_needed(const Unit *u)
{
        return u->exec.credentials.n_load > 0 || u->exec.credentials.n_set > 0;
}

static int write_credential(int dfd, const char *id, const void *data, size_t size,
                            const CredentialsOptions *o)
{
        _cleanup_close_ int fd = -1;
        char tmp[64];
        size_t off = 0;

        snprintf(tmp, sizeof tmp, ".cred.%d", (int) getpid());
        fd = openat(dfd, tmp, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
                    0600);
        if (fd < 0)
                return -errno;
        while (off < size) {
                ssize_t k = write(fd, (const char *) data + off, size - off);
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        goto fail;
                }
                off += (size_t) k;
        }
        /* ramfs has no ACLs: ownership is safe only because the whole mount goes read-only
         * afterwards, so the owner cannot chmod the file writable. */
        if (fchmod(fd, 0400) < 0 || fchown(fd, o->uid, o->gid) < 0)
                goto fail;
        if (renameat(dfd, tmp, dfd, id) < 0)
                goto fail;
        return 0;
fail : {
        int e = errno;
        (void) unlinkat(dfd, tmp, 0);
        return -e;
}
}

static int account(uint64_t *left, const char *id, size_t size)
{
        uint64_t add = strlen(id) + size;
        if (add > *left)
                return -E2BIG;
        *left -= add;
        return 0;
}

static int load_file(int dfd, const char *id, const char *path, const CredentialsOptions *o,
                     uint64_t *left, bool missing_ok)
{
        _cleanup_free_ char *data = NULL;
        size_t size;
        int r;

        r = read_full_file(path, CREDENTIAL_SIZE_MAX, &data, &size);
        if (r == -ENOENT && missing_ok)
                return 0;
        if (r == -ENOTSUP)
                return -EOPNOTSUPP; /* sockets, FIFOs, devices */
        if (r < 0)
                return r;
        r = account(left, id, size);
        if (r >= 0)
                r = write_credential(dfd, id, data, size, o);
        explicit_bzero(data, size);
        return r;
}

/* LoadCredential=ID:/some/dir loads every regular file below it as "ID_SUBPATH" (systemd joins
 * the relative path with '_'). */
static int load_dir(int dfd, const char *id, const char *dir, const CredentialsOptions *o,
                    uint64_t *left, unsigned depth)
{
        struct dirent **names = NULL;
        int n, r = 0;

        if (depth > 16)
                return -ELOOP;
        n = scandir(dir, &names, NULL, alphasort);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++) {
                const char *e = names[i]->d_name;
                _cleanup_free_ char *sub = NULL, *subid = NULL;
                struct stat st;

                if (r < 0 || e[0] == '.')
                        goto next;
                if (asprintf(&sub, "%s/%s", dir, e) < 0 || asprintf(&subid, "%s_%s", id, e) < 0) {
                        r = -ENOMEM;
                        goto next;
                }
                if (lstat(sub, &st) < 0) {
                        r = -errno;
                        goto next;
                }
                if (!credential_name_is_valid(subid))
                        r = -EINVAL;
                else if (S_ISDIR(st.st_mode))
                        r = load_dir(dfd, subid, sub, o, left, depth + 1);
                else if (S_ISREG(st.st_mode))
                        r = load_file(dfd, subid, sub, o, left, true);
        next:
                free(names[i]);
        }
        free(names);
        return r;
}

static int mount_store(const char *dir)
{
        char opts[64];

        /* Why safe: a fresh, private file system on a directory we just created. ramfs is not
         * swap-backed; tmpfs is the fallback with the total size as its limit. */
        if (mount("ramfs", dir, "ramfs", MS_NODEV | MS_NOEXEC | MS_NOSUID, "mode=0700") >= 0)
                return 0;
        snprintf(opts, sizeof opts, "mode=0700,nr_inodes=1024,size=%u",
                 (unsigned) CREDENTIALS_TOTAL_SIZE_MAX);
        if (mount("tmpfs", dir, "tmpfs", MS_NODEV | MS_NOEXEC | MS_NOSUID, opts) >= 0)
                return 0;
        return -errno;
}

static int fill(int dfd, const Unit *u, const CredentialsOptions *o, DiagList *diags)
{
        const CredentialSettings *c = &u->exec.credentials;
        uint64_t left = CREDENTIALS_TOTAL_SIZE_MAX;
        int r;

        for (size_t i = 0; i < c->n_load; i++) {
                const LoadCredential *lc = &c->load[i];
                struct stat st;

                if (!credential_name_is_valid(lc->id) || !lc->path)
                        r = -EINVAL;
                else if (lc->encrypted)
                        r = -EOPNOTSUPP;
                else if (path_is_absolute(lc->path)) {
                        if (stat(lc->path, &st) >= 0 && S_ISDIR(st.st_mode))
                                r = load_dir(dfd, lc->id, lc->path, o, &left, 0);
                        else
                                r = load_file(dfd, lc->id, lc->path, o, &left, false);
                } else if (credential_name_is_valid(lc->path)) {
                        /* a credential passed to us; missing is not fatal (systemd) */
                        _cleanup_free_ char *p = NULL;
                        if (!o->received_directory)
                                continue;
                        if (asprintf(&p, "%s/%s", o->received_directory, lc->path) < 0)
                                return -ENOMEM;
                        r = load_file(dfd, lc->id, p, o, &left, true);
                } else
                        r = -EINVAL;
                if (r == -ENOENT) {
                        /* a SetCredential= of the same id acts as the default */
                        for (size_t k = 0; k < c->n_set; k++)
                                if (streq(c->set[k].id, lc->id))
                                        r = 0;
                }
                if (r < 0) {
                        (void) diag_add(
                                diags, lc->origin.file, lc->origin.line, 0, "credential",
                                DIAG_ERROR, NULL, "LoadCredential=%s: %s", lc->id,
                                r == -E2BIG   ? "credentials exceed 1 MiB in total"
                                : r == -EFBIG ? "larger than 1 MiB"
                                : r == -EOPNOTSUPP
                                        ? "encrypted or socket credentials are not supported"
                                        : strerror(-r));
                        return r;
                }
        }
        for (size_t i = 0; i < c->n_set; i++) {
                const SetCredential *sc = &c->set[i];
                if (!credential_name_is_valid(sc->id))
                        r = -EINVAL;
                else if (sc->encrypted)
                        r = -EOPNOTSUPP;
                else if (faccessat(dfd, sc->id, F_OK, AT_SYMLINK_NOFOLLOW) >= 0)
                        continue; /* loaded already: SetCredential= is only a default */
                else if (sc->size > CREDENTIAL_SIZE_MAX)
                        r = -EFBIG;
                else {
                        r = account(&left, sc->id, sc->size);
                        if (r >= 0)
                                r = write_credential(dfd, sc->id, sc->data, sc->size, o);
                }
                if (r < 0) {
                        (void) diag_add(diags, sc->origin.file, sc->origin.line, 0, "credential",
                                        DIAG_ERROR, NULL, "SetCredential=%s: %s", sc->id,
                                        r == -E2BIG ? "credentials exceed 1 MiB in total"
                                                    : strerror(-r));
                        return r;
                }
        }
        return 0;
}

int credentials_setup(const Unit *u, const CredentialsOptions *o, DiagList *diags)
{
        _cleanup_close_ int dfd = -1;
        bool mounted = false;
        int r;

        if (!o->directory || !path_is_absolute(o->directory))
                return -EINVAL;
        /* parent (/run/credentials) world-searchable, the store itself private */
        _cleanup_free_ char *parent = path_dirname(o->directory);
        if (!parent)
                return -ENOMEM;
        if (mkdir(parent, 0755) < 0 && errno != EEXIST)
                return -errno;
        if (mkdir(o->directory, 0700) < 0)
                return -errno; /* EEXIST: another instance or a leftover; never reuse blindly */

        r = mount_store(o->directory);
        if (r >= 0)
                mounted = true;
        else if (!o->allow_plain_directory)
                goto fail;

        dfd = open(o->directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (dfd < 0) {
                r = -errno;
                goto fail;
        }
        r = fill(dfd, u, o, diags);
        if (r < 0)
                goto fail;
        if (fchmod(dfd, 0500) < 0 || fchown(dfd, o->uid, o->gid) < 0) {
                r = -errno;
                goto fail;
        }
        if (mounted &&
            mount(NULL, o->directory, NULL,
                  MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NODEV | MS_NOEXEC | MS_NOSUID, NULL) < 0) {
                r = -errno;
                goto fail;
        }
        return 0;
fail:
        dfd = -1;
        (void) credentials_remove(o->directory);
        return r;
}

int credentials_remove(const char *directory)
{
        struct dirent *de;
        DIR *d;

        /* Detach first: the files go away with the ramfs. */
        (void) umount2(directory, MNT_DETACH | UMOUNT_NOFOLLOW);
        d = opendir(directory);
        if (!d)
                return errno == ENOENT ? 0 : -errno;
        while ((de = readdir(d)))
                if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
                        (void) unlinkat(dirfd(d), de->d_name, 0);
        closedir(d);
        if (rmdir(directory) < 0 && errno != ENOENT)
                return -errno;
        return 0;
}
