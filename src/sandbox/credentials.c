/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "credentials.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "config-parse-internal.h"
#include "creds-decrypt.h"
#include "creds-owner.h"
#include "creds-source.h"
#include "parse-util.h"
#include "path-util.h"
#include "spawn.h"
#include "string-util.h"
#include "strv.h"

bool credential_name_is_valid(const char *id)
{
        size_t n = id ? strlen(id) : 0;

        /* systemd's credential_name_valid(): a file name and an fd name, i.e. at most 255
         * printable ASCII bytes without '/' and ':', not "." or "..". */
        if (n == 0 || n > CREDENTIAL_NAME_MAX || streq(id, ".") || streq(id, ".."))
                return false;
        for (const char *c = id; *c; c++)
                if ((unsigned char) *c < ' ' || (unsigned char) *c >= 127 || *c == '/' || *c == ':')
                        return false;
        return true;
}

const char *credentials_dir_from_env(char *const *env, const char *name)
{
        size_t n = strlen(name);

        for (char *const *e = env; e && *e; e++)
                if (strncmp(*e, name, n) == 0 && (*e)[n] == '=') {
                        const char *v = *e + n + 1;
                        return path_is_absolute(v) && path_is_normalized(v) ? v : NULL;
                }
        return NULL;
}

bool credentials_needed(const Unit *u)
{
        const CredentialSettings *c = &u->exec.credentials;
        return c->n_load > 0 || c->n_set > 0 || (c->import.strv && c->import.strv[0]);
}

static void erase_free(char *p, size_t n)
{
        if (p)
                explicit_bzero(p, n);
        free(p);
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
        /* never replace: the first source of an id wins (LoadCredential= over
         * ImportCredential= over SetCredential=) */
        if (linkat(dfd, tmp, dfd, id, 0) < 0)
                goto fail;
        (void) unlinkat(dfd, tmp, 0);
        return 0;
fail : {
        int e = errno;
        (void) unlinkat(dfd, tmp, 0);
        return -e;
}
}

/* systemd's escape hatches $SYSTEMD_CREDENTIAL_VALIDATE_NAME=0 and
 * $SYSTEMD_CREDENTIAL_VALIDATE_NOT_AFTER=0 (read with secure_getenv(), as systemd). */
static bool getenv_false(const char *name)
{
        const char *v = secure_getenv(name);
        return v && parse_boolean(v) == 0;
}

static CredDecryptOptions decrypt_options(const CredentialsOptions *o)
{
        return (CredDecryptOptions){
                .host_key_path = o->host_key_path,
                .machine_id_path = o->machine_id_path,
                .now_usec = o->now_usec,
                .ignore_name = getenv_false("SYSTEMD_CREDENTIAL_VALIDATE_NAME"),
                .ignore_not_after = getenv_false("SYSTEMD_CREDENTIAL_VALIDATE_NOT_AFTER"),
        };
}

static bool exists(int dfd, const char *id)
{
        return faccessat(dfd, id, F_OK, AT_SYMLINK_NOFOLLOW) >= 0;
}

/* What one credential source is, for reading it and for the diagnostic if it fails. */
typedef struct Source {
        const char *directive; /* "LoadCredential", "ImportCredential", ... */
        const char *id;
        bool encrypted;
        Origin origin;
        const char *why;         /* static explanation of the last failure, or NULL */
        const char *path;        /* the file or socket read, named in the diagnostic */
        char path_buf[PATH_MAX]; /* path's storage for a file below a directory */
} Source;

/* Decrypts (if needed), accounts and writes one credential; data is erased by the caller. */
static int store(int dfd, Source *s, const char *data, size_t size, const CredentialsOptions *o,
                 uint64_t *left)
{
        _cleanup_free_ char *bin = NULL;
        char *plain = NULL;
        size_t bin_size = 0, plain_size = 0;
        int r;

        if (s->encrypted) {
                CredDecryptOptions d = decrypt_options(o);
                /* files and SetCredentialEncrypted= carry Base64 (READ_FULL_FILE_UNBASE64) */
                r = base64_decode(data, &bin, &bin_size);
                if (r < 0) {
                        s->why = r == -ENOMEM ? NULL : "not valid Base64";
                        return r;
                }
                r = cred_decrypt(s->id, bin, bin_size, &d, &plain, &plain_size, &s->why);
                if (r < 0)
                        return r;
                data = plain;
                size = plain_size;
        }
        if (strlen(s->id) + size > *left) {
                r = -E2BIG;
                goto done;
        }
        r = write_credential(dfd, s->id, data, size, o);
        if (r >= 0)
                *left -= strlen(s->id) + size;
done:
        erase_free(plain, plain_size);
        return r;
}

static int load_path(int dfd, Source *s, int dir_fd, const char *path, const char *bind_name,
                     const CredentialsOptions *o, uint64_t *left)
{
        size_t max = s->encrypted ? CREDENTIAL_ENCRYPTED_SIZE_MAX : CREDENTIAL_SIZE_MAX;
        char *data = NULL;
        size_t size = 0;
        int r;

        r = cred_read(dir_fd, path, max, bind_name, &data, &size);
        if (r < 0)
                return r;
        r = store(dfd, s, data, size, o, left);
        erase_free(data, size);
        return r;
}

/* LoadCredential=ID:/some/dir loads every regular file below it as "ID_SUB_PATH" (systemd joins
 * the relative path with '_'), skipping dot files and ids that exist already. */
static int load_dir(int dfd, Source *s, const char *dir, const CredentialsOptions *o,
                    uint64_t *left, unsigned depth)
{
        struct dirent **names = NULL;
        const char *top_id = s->id;
        int n, r = 0;

        if (depth > 16)
                return -ELOOP;
        /* the directory by the rule cred_read() applies to files: no planted symlink */
        _cleanup_close_ int fd = sbx_open_trusted(dir, O_RDONLY | O_DIRECTORY);
        if (fd < 0)
                return fd;
        n = scandirat(fd, ".", &names, NULL, alphasort);
        if (n < 0)
                return -errno;
        for (int i = 0; i < n; i++) {
                const char *e = names[i]->d_name;
                _cleanup_free_ char *sub = NULL, *subid = NULL;
                struct stat st;

                if (r < 0 || e[0] == '.')
                        goto next;
                if (asprintf(&sub, "%s/%s", dir, e) < 0 ||
                    asprintf(&subid, "%s_%s", top_id, e) < 0) {
                        r = -ENOMEM;
                        goto next;
                }
                if (lstat(sub, &st) < 0) {
                        r = errno == ENOENT ? 0 : -errno; /* vanished: fine (systemd) */
                        goto next;
                }
                s->id = subid;
                if (!credential_name_is_valid(subid)) {
                        s->why = "a file below the directory would get an invalid credential id";
                        r = -EINVAL;
                } else if (S_ISDIR(st.st_mode))
                        r = load_dir(dfd, s, sub, o, left, depth + 1);
                else if (S_ISSOCK(st.st_mode)) {
                        /* systemd fails here too: sockets are connected only when named */
                        s->why = "a socket below the directory (name sockets directly)";
                        r = -EOPNOTSUPP;
                } else if (S_ISREG(st.st_mode) && !exists(dfd, subid)) {
                        r = load_path(dfd, s, AT_FDCWD, sub, NULL, o, left);
                        if (r == -ENOENT)
                                r = 0;
                }
                /* the diagnostic names the directive's id and the file (innermost first) */
                s->id = top_id;
                if (r < 0 && !s->path) {
                        snprintf(s->path_buf, sizeof s->path_buf, "%s", sub);
                        s->path = s->path_buf;
                }
        next:
                free(names[i]);
        }
        free(names);
        return r;
}

/* One diagnostic at the directive's file:line; never quotes credential data. */
static void report(DiagList *diags, const Source *s, int r)
{
        const char *what = s->why;

        if (!what)
                switch (-r) {
                case E2BIG:
                        what = "credentials exceed 1 MiB in total";
                        break;
                case EFBIG:
                        what = "larger than the 1 MiB a credential may have";
                        break;
                case EOPNOTSUPP:
                        what = "not a regular file or an AF_UNIX stream socket";
                        break;
                case ETIMEDOUT:
                        what = "the socket did not send everything within 90 s";
                        break;
                case ENXIO:
                        what = "not a file, and nothing listens on it";
                        break;
                case ELOOP: /* safer than systemd 252, which reads through it */
                        what = "reached through a symlink that a non-root user could have "
                               "planted; not followed";
                        break;
                default:
                        what = strerror(-r);
                        break;
                }
        (void) diag_add(diags, s->origin.file, s->origin.line, 0, "credential", DIAG_ERROR, NULL,
                        "%s=%s: %s%s%s", s->directive, s->id, s->path ? s->path : "",
                        s->path ? ": " : "", what);
}

static bool has_set_default(const CredentialSettings *c, const char *id)
{
        for (size_t k = 0; k < c->n_set; k++)
                if (streq(c->set[k].id, id))
                        return true;
        return false;
}

static int load_one(int dfd, const Unit *u, const LoadCredential *lc, Source *s,
                    const CredentialsOptions *o, uint64_t *left)
{
        _cleanup_strv_free_ char **search = NULL;
        struct stat st;
        int r;

        if (!credential_name_is_valid(lc->id) || !lc->path)
                return -EINVAL;
        if (path_is_absolute(lc->path)) {
                _cleanup_free_ char *bind = NULL;

                if (stat(lc->path, &st) >= 0 && S_ISDIR(st.st_mode))
                        return load_dir(dfd, s, lc->path, o, left, 0);
                r = cred_socket_bind_name(u->id, lc->id, &bind);
                if (r < 0) {
                        s->why = "unit name and id are too long for a socket's source address";
                        return r;
                }
                s->path = lc->path;
                r = load_path(dfd, s, AT_FDCWD, lc->path, bind, o, left);
                /* a missing file is fatal unless SetCredential= gives a default */
                if (r == -ENOENT && has_set_default(&u->exec.credentials, lc->id))
                        r = 0;
                return r;
        }
        if (!credential_name_is_valid(lc->path))
                return -EINVAL;
        /* a name: the first directory of the search path that has it; missing is not fatal */
        search = cred_search_path(lc->encrypted ? CRED_SEARCH_ALL : CRED_SEARCH_TRUSTED,
                                  o->received_directory, o->received_encrypted_directory,
                                  o->store_prefixes);
        if (!search)
                return -ENOMEM;
        for (char **d = search; *d; d++) {
                _cleanup_free_ char *p = path_join(*d, lc->path);
                if (!p)
                        return -ENOMEM;
                r = load_path(dfd, s, AT_FDCWD, p, NULL, o, left);
                if (r < 0 && r != -ENOENT) {
                        snprintf(s->path_buf, sizeof s->path_buf, "%s", p);
                        s->path = s->path_buf;
                }
                if (r != -ENOENT)
                        return r;
        }
        return 0;
}

/* ImportCredential=GLOB: every match in every directory of the search path, plain ones first,
 * then encrypted ones; an id that exists already is left alone (first found wins). */
static int import_glob(int dfd, const char *glob, Origin origin, const CredentialsOptions *o,
                       uint64_t *left, DiagList *diags)
{
        for (int enc = 0; enc < 2; enc++) {
                _cleanup_strv_free_ char **search = cred_search_path(
                        enc ? CRED_SEARCH_ENCRYPTED : CRED_SEARCH_TRUSTED, o->received_directory,
                        o->received_encrypted_directory, o->store_prefixes);
                if (!search)
                        return -ENOMEM;
                for (char **d = search; *d; d++) {
                        struct dirent **names = NULL;
                        int n = scandir(*d, &names, NULL, alphasort), r = 0;

                        if (n < 0)
                                continue; /* absent store directories are the norm */
                        for (int i = 0; i < n; i++) {
                                const char *e = names[i]->d_name;
                                Source s = {.directive = "ImportCredential",
                                            .id = e,
                                            .encrypted = enc,
                                            .origin = origin};
                                struct stat st;
                                _cleanup_free_ char *p = NULL;

                                if (r < 0 || streq(e, ".") || streq(e, "..") ||
                                    !cred_glob_match(glob, e) || exists(dfd, e))
                                        goto next;
                                p = path_join(*d, e);
                                if (!p) {
                                        r = -ENOMEM;
                                        goto next;
                                }
                                if (stat(p, &st) < 0 || !S_ISREG(st.st_mode))
                                        goto next; /* glob matches, but nothing to read */
                                if (!credential_name_is_valid(e)) {
                                        (void) diag_add(diags, origin.file, origin.line, 0,
                                                        "credential", DIAG_WARNING, NULL,
                                                        "ImportCredential=%s: \"%s\" in %s is "
                                                        "not a valid credential name, ignoring",
                                                        glob, e, *d);
                                        goto next;
                                }
                                s.path = p;
                                r = load_path(dfd, &s, AT_FDCWD, p, NULL, o, left);
                                if (r == -ENOENT)
                                        r = 0;
                                if (r < 0)
                                        report(diags, &s, r);
                        next:
                                free(names[i]);
                        }
                        free(names);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int fill(int dfd, const Unit *u, const CredentialsOptions *o, DiagList *diags)
{
        const CredentialSettings *c = &u->exec.credentials;
        uint64_t left = CREDENTIALS_TOTAL_SIZE_MAX;
        int r;

        for (size_t i = 0; i < c->n_load; i++) {
                const LoadCredential *lc = &c->load[i];
                Source s = {.directive =
                                    lc->encrypted ? "LoadCredentialEncrypted" : "LoadCredential",
                            .id = lc->id,
                            .encrypted = lc->encrypted,
                            .origin = lc->origin};
                r = load_one(dfd, u, lc, &s, o, &left);
                if (r < 0) {
                        report(diags, &s, r);
                        return r;
                }
        }
        for (size_t i = 0; c->import.strv && c->import.strv[i]; i++) {
                Origin origin = c->import.origins ? c->import.origins[i] : (Origin){0};
                r = import_glob(dfd, c->import.strv[i], origin, o, &left, diags);
                if (r < 0)
                        return r;
        }
        for (size_t i = 0; i < c->n_set; i++) {
                const SetCredential *sc = &c->set[i];
                Source s = {.directive = sc->encrypted ? "SetCredentialEncrypted" : "SetCredential",
                            .id = sc->id,
                            .encrypted = sc->encrypted,
                            .origin = sc->origin};

                if (!credential_name_is_valid(sc->id))
                        r = -EINVAL;
                else if (exists(dfd, sc->id))
                        continue; /* loaded already: SetCredential= is only a default */
                else if (sc->encrypted) {
                        /* the parser decoded the Base64 already */
                        CredDecryptOptions d = decrypt_options(o);
                        char *plain = NULL;
                        size_t n = 0;
                        r = cred_decrypt(sc->id, sc->data, sc->size, &d, &plain, &n, &s.why);
                        if (r >= 0) {
                                s.encrypted = false;
                                r = store(dfd, &s, plain, n, o, &left);
                                erase_free(plain, n);
                        }
                } else if (sc->size > CREDENTIAL_SIZE_MAX)
                        r = -EFBIG;
                else
                        r = store(dfd, &s, sc->data, sc->size, o, &left);
                if (r < 0) {
                        report(diags, &s, r);
                        return r;
                }
        }
        return 0;
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

static Origin first_origin(const Unit *u)
{
        const CredentialSettings *c = &u->exec.credentials;
        if (c->n_load > 0)
                return c->load[0].origin;
        if (c->n_set > 0)
                return c->set[0].origin;
        if (c->import.origins)
                return c->import.origins[0];
        return (Origin){.file = u->fragment_path, .implied_by = -1};
}

/* The store exists already: never reuse it. A leftover of a cordon that was killed is removed
 * (its secrets with it); one of a cordon still running, or one cordon did not make (systemd's),
 * is refused and left alone. */
static int reclaim(const Unit *u, const char *dir, DiagList *diags)
{
        Origin at = first_origin(u);
        pid_t owner = 0;
        int r = creds_owner_check(dir, &owner);

        if (r == -EBUSY || r == -EEXIST) {
                if (r == -EBUSY)
                        (void) diag_add(diags, at.file, at.line, 0, "credential", DIAG_ERROR, NULL,
                                        "%s: another cordon (pid %d) runs this unit", dir,
                                        (int) owner);
                else
                        (void) diag_add(diags, at.file, at.line, 0, "credential", DIAG_ERROR, NULL,
                                        "%s exists and was not made by cordon, refusing to use "
                                        "or remove it",
                                        dir);
                return r;
        }
        if (r < 0)
                return r;
        r = credentials_remove(dir);
        if (r < 0)
                return r;
        return mkdir(dir, 0700) < 0 ? -errno : 0;
}

/* Stores that killed cordons left behind (any unit) go at the next start of any unit, so their
 * secrets do not wait for a restart of the same unit. */
static void sweep(const char *parent)
{
        DIR *d = opendir(parent);
        struct dirent *de;

        if (!d)
                return;
        while ((de = readdir(d))) {
                const char *e = endswith(de->d_name, ".cordon-owner");
                _cleanup_free_ char *name = NULL, *dir = NULL;
                if (de->d_name[0] != '.' || !e || e == de->d_name + 1)
                        continue;
                name = strndup(de->d_name + 1, (size_t) (e - de->d_name - 1));
                dir = name ? path_join(parent, name) : NULL;
                if (dir && credential_name_is_valid(name) && creds_owner_check(dir, NULL) == 0)
                        (void) credentials_remove(dir);
        }
        closedir(d);
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
        sweep(parent);
        if (mkdir(o->directory, 0700) < 0) {
                r = errno == EEXIST ? reclaim(u, o->directory, diags) : -errno;
                if (r < 0)
                        return r;
        }

        r = mount_store(o->directory);
        if (r >= 0)
                mounted = true;
        else if (!o->allow_plain_directory &&
                 !((r == -EPERM || r == -EACCES) && o->uid == geteuid() && o->gid == getegid()))
                /* Without a mount only a service running as ourselves may get a plain directory
                 * (systemd's fallback for unprivileged managers): another uid would need ACLs,
                 * and could make its files writable. */
                goto fail;

        r = creds_owner_claim(o->directory);
        if (r < 0)
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

/* Empties the directory open as fd (consumed), descending into subdirectories a service running
 * as the caller may have made in a plain store; symlinks are removed, never followed. */
static void empty_dir(int fd, unsigned depth)
{
        struct dirent *de;
        DIR *d;

        /* a plain (rootless) store is 0500: make it ours to empty again */
        (void) fchmod(fd, 0700);
        d = fdopendir(fd);
        if (!d) {
                close(fd);
                return;
        }
        while ((de = readdir(d))) {
                int sub;
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (unlinkat(dirfd(d), de->d_name, 0) >= 0 || errno != EISDIR || depth >= 16)
                        continue;
                sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (sub >= 0)
                        empty_dir(sub, depth + 1);
                (void) unlinkat(dirfd(d), de->d_name, AT_REMOVEDIR);
        }
        closedir(d);
}

int credentials_remove(const char *directory)
{
        int fd;

        /* Detach first: the files go away with the ramfs. */
        (void) umount2(directory, MNT_DETACH | UMOUNT_NOFOLLOW);
        fd = open(directory, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0 && errno == ENOENT) {
                creds_owner_release(directory);
                return 0;
        }
        if (fd < 0)
                return -errno;
        empty_dir(fd, 0);
        if (rmdir(directory) < 0 && errno != ENOENT)
                return -errno;
        creds_owner_release(directory);
        return 0;
}
