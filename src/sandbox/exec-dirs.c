/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "exec-dirs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "path-util.h"
#include "string-util.h"

static const char *const prefixes[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "/run",       [EXEC_DIRECTORY_STATE] = "/var/lib",
        [EXEC_DIRECTORY_CACHE] = "/var/cache",   [EXEC_DIRECTORY_LOGS] = "/var/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
};

static const int exit_codes[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = 233,       [EXEC_DIRECTORY_STATE] = 238,
        [EXEC_DIRECTORY_CACHE] = 239,         [EXEC_DIRECTORY_LOGS] = 240,
        [EXEC_DIRECTORY_CONFIGURATION] = 241,
};

static const char *const user_prefix_names[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "$XDG_RUNTIME_DIR",
        [EXEC_DIRECTORY_STATE] = "$XDG_CONFIG_HOME",
        [EXEC_DIRECTORY_CACHE] = "$XDG_CACHE_HOME",
        [EXEC_DIRECTORY_LOGS] = "$XDG_CONFIG_HOME/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "$XDG_CONFIG_HOME",
};

const char *exec_dir_prefix(ExecDirectoryType t)
{
        return t >= 0 && t < _EXEC_DIRECTORY_TYPE_MAX ? prefixes[t] : NULL;
}

const char *exec_dir_user_prefix_name(ExecDirectoryType t)
{
        return t >= 0 && t < _EXEC_DIRECTORY_TYPE_MAX ? user_prefix_names[t] : NULL;
}

/* sd_path's from_environment()/from_home_dir(): the variable if it is an absolute path, else
 * HOME/fallback (NULL without a usable home). Normalised, so that plans compare paths. */
static int xdg_dir(const char *value, const char *home, const char *fallback, char **ret)
{
        char *p;

        *ret = NULL;
        if (value && path_is_absolute(value))
                p = strdup(value);
        else if (fallback && home && path_is_absolute(home))
                p = path_join(home, fallback);
        else
                return 0; /* not available */
        if (!p)
                return -ENOMEM;
        *ret = path_simplify(p);
        return 0;
}

int exec_dir_prefixes_user(const char *xdg_runtime_dir, const char *xdg_config_home,
                           const char *xdg_cache_home, const char *home, ExecDirPrefixes *ret)
{
        ExecDirPrefixes out = {{NULL}};
        char *config = NULL;
        int r;

        r = xdg_dir(xdg_runtime_dir, NULL, NULL, &out.prefix[EXEC_DIRECTORY_RUNTIME]);
        if (r >= 0)
                r = xdg_dir(xdg_cache_home, home, ".cache", &out.prefix[EXEC_DIRECTORY_CACHE]);
        if (r >= 0)
                r = xdg_dir(xdg_config_home, home, ".config", &config);
        if (r >= 0 && config) {
                out.prefix[EXEC_DIRECTORY_STATE] = strdup(config);
                out.prefix[EXEC_DIRECTORY_LOGS] = path_join(config, "log");
                out.prefix[EXEC_DIRECTORY_CONFIGURATION] = config;
                config = NULL;
                if (!out.prefix[EXEC_DIRECTORY_STATE] || !out.prefix[EXEC_DIRECTORY_LOGS])
                        r = -ENOMEM;
        }
        free(config);
        if (r < 0) {
                exec_dir_prefixes_done(&out);
                return r;
        }
        *ret = out;
        return 0;
}

int exec_dir_prefixes_from_environment(ExecDirPrefixes *ret)
{
        const char *home = secure_getenv("HOME");

        /* get_home_dir(): $HOME when usable, else the passwd entry (not for root: /root) */
        if (!home || !path_is_absolute(home)) {
                struct passwd *pw = getuid() == 0 ? NULL : getpwuid(getuid());
                home = getuid() == 0 ? "/root" : pw ? pw->pw_dir : NULL;
        }
        return exec_dir_prefixes_user(secure_getenv("XDG_RUNTIME_DIR"),
                                      secure_getenv("XDG_CONFIG_HOME"),
                                      secure_getenv("XDG_CACHE_HOME"), home, ret);
}

void exec_dir_prefixes_done(ExecDirPrefixes *p)
{
        for (size_t t = 0; p && t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                p->prefix[t] = mfree(p->prefix[t]);
}

static bool is_private(const Unit *u, ExecDirectoryType t)
{
        if (!u->exec.dynamic_user.value || t == EXEC_DIRECTORY_CONFIGURATION)
                return false;
        if (t == EXEC_DIRECTORY_RUNTIME && u->exec.runtime_directory_preserve == EXEC_PRESERVE_NO)
                return false;
        return true;
}

/* The item names come from the parser (relative, normalised); re-check anyway: this code runs
 * as root and creates/chowns what they name. */
static bool item_is_safe(const char *p)
{
        if (isempty(p) || p[0] == '/')
                return false;
        for (const char *s = p; *s;) {
                const char *e = strchrnul(s, '/');
                size_t n = (size_t) (e - s);
                if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
                        return false;
                s = *e ? e + 1 : e;
        }
        return true;
}

/* mkdir -p (mode 0755) of a prefix below root: the admin's (/var/run may be a symlink) or the
 * caller's own ($XDG_*), so following links here is what the plan resolved. */
static int mkdir_p(const char *path)
{
        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        for (char *s = p + 1;; s++) {
                char *e = strchr(s, '/');
                if (e)
                        *e = '\0';
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                if (!e)
                        return 0;
                *e = '/';
                s = e;
        }
}

/* Below a prefix everything may be the service's: one component at a time, never following a
 * symbolic link (-ELOOP), creating a missing one with mode when create. */
static int open_dir_at(int dirfd, const char *name, bool create, mode_t mode, bool *ret_created)
{
        for (int attempt = 0; attempt < 3; attempt++) {
                int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (fd >= 0)
                        return fd;
                int e = errno;
                if (e == ENOENT && create) {
                        if (mkdirat(dirfd, name, mode) < 0) {
                                if (errno != EEXIST)
                                        return -errno;
                        } else if (ret_created)
                                *ret_created = true;
                        continue;
                }
                if (e == ELOOP || e == ENOTDIR) {
                        struct stat st;
                        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) >= 0 &&
                            S_ISLNK(st.st_mode))
                                return -ELOOP;
                        return -ENOTDIR;
                }
                return -e;
        }
        return -EAGAIN; /* raced with removal: give up */
}

/* Walks the first n bytes of rel ("" = dirfd itself) below dirfd, parents 0755, the last
 * component (if any) with mode. */
static int walk(int dirfd, const char *rel, size_t n, bool create, mode_t mode, bool *ret_created)
{
        int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        for (size_t i = 0; i < n;) {
                size_t k = strcspn(rel + i, "/");
                if (k > n - i)
                        k = n - i;
                _cleanup_free_ char *name = strndup(rel + i, k);
                bool last = i + k >= n;
                if (!name) {
                        close(fd);
                        return -ENOMEM;
                }
                if (ret_created)
                        *ret_created = false;
                int next = open_dir_at(fd, name, create, last ? mode : 0755, ret_created);
                close(fd);
                if (next < 0)
                        return next;
                fd = next;
                i += k + 1;
        }
        return fd;
}

/* The length of item's parent part ("a/b" of "a/b/c", 0 for "c"). */
static size_t parent_len(const char *item)
{
        const char *s = strrchr(item, '/');
        return s ? (size_t) (s - item) : 0;
}

static const char *last_name(const char *item)
{
        const char *s = strrchr(item, '/');
        return s ? s + 1 : item;
}

#define TREE_DEPTH_MAX 256 /* two fds a level: well below RLIMIT_NOFILE */

/* A directory stream of its own for the directory fd refers to (fd stays open). */
static DIR *opendir_at(int fd)
{
        int dfd = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd < 0)
                return NULL;
        DIR *dir = fdopendir(dfd);
        if (!dir) {
                int saved = errno;
                close(dfd);
                errno = saved;
        }
        return dir;
}

/* chown -R through fds: entries by name relative to their directory's fd, never followed;
 * other file systems are left alone (as nftw's FTW_MOUNT did). */
static int chown_tree_fd(int fd, dev_t dev, uid_t uid, gid_t gid, mode_t mask, unsigned depth)
{
        struct stat st;

        if (depth > TREE_DEPTH_MAX)
                return -ELOOP;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (fchown(fd, uid, gid) < 0)
                return -errno;
        if ((st.st_mode & 07777 & ~mask) && fchmod(fd, st.st_mode & 07777 & mask) < 0)
                return -errno;
        DIR *dir = opendir_at(fd);
        if (!dir)
                return -errno;
        int dfd = dirfd(dir);
        int r = 0;
        for (struct dirent *de; r >= 0 && (errno = 0, de = readdir(dir));) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
                        r = errno == ENOENT ? 0 : -errno;
                        continue;
                }
                if (st.st_dev != dev)
                        continue;
                if (S_ISDIR(st.st_mode)) {
                        _cleanup_close_ int child = -1;
                        child = open_dir_at(dfd, de->d_name, false, 0, NULL);
                        r = child < 0 ? child
                                      : chown_tree_fd(child, dev, uid, gid, mask, depth + 1);
                        continue;
                }
                /* lchown; fchmodat(AT_SYMLINK_NOFOLLOW) refuses a link swapped in meanwhile */
                if (fchownat(dfd, de->d_name, uid, gid, AT_SYMLINK_NOFOLLOW) < 0)
                        r = -errno;
                else if (!S_ISLNK(st.st_mode) && (st.st_mode & 07777 & ~mask) &&
                         fchmodat(dfd, de->d_name, st.st_mode & 07777 & mask, AT_SYMLINK_NOFOLLOW) <
                                 0)
                        r = -errno;
        }
        if (r >= 0 && errno != 0)
                r = -errno;
        closedir(dir);
        return r;
}

static int chown_tree(int fd, uid_t uid, gid_t gid, mode_t mask)
{
        struct stat st;
        if (fstat(fd, &st) < 0)
                return -errno;
        return chown_tree_fd(fd, st.st_dev, uid, gid, mask, 0);
}

/* "../../private/a/b/c" for "a/b/c" and its first n bytes ("../private/a/b" for n = 3). */
static char *private_target(const char *item, size_t n)
{
        size_t up = 0;
        for (size_t i = 0; i < n; i++)
                up += item[i] == '/';
        char *t = malloc(up * 3 + strlen("private/") + n + 1), *s = t;
        if (!t)
                return NULL;
        for (size_t i = 0; i < up; i++)
                s = stpcpy(s, "../");
        s = stpcpy(s, "private/");
        memcpy(s, item, n);
        s[n] = '\0';
        return t;
}

/* Is dirfd/name the private/ symlink cordon made for the first n bytes of item? Root's, in
 * root's PREFIX: the service cannot make one (it has no CAP_CHOWN there). 1 yes, 0 no. */
static int is_own_link(int dirfd, const char *name, const char *item, size_t n)
{
        struct stat st;
        char buf[PATH_MAX];

        if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (!S_ISLNK(st.st_mode) || st.st_uid != 0)
                return 0;
        ssize_t k = readlinkat(dirfd, name, buf, sizeof buf - 1);
        if (k < 0)
                return -errno;
        buf[k] = '\0';
        _cleanup_free_ char *want = private_target(item, n);
        if (!want)
                return -ENOMEM;
        return streq(buf, want);
}

/* The public side's parent of item below basefd, created 0755. 0 when a parent is already one
 * of cordon's private/ links (the item is reached through it: no link of its own), else 1 and
 * *ret the parent's fd. */
static int public_parent(int basefd, const char *item, int *ret)
{
        size_t n = parent_len(item);
        int fd = openat(basefd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        for (size_t i = 0; i < n;) {
                size_t k = strcspn(item + i, "/");
                _cleanup_free_ char *name = strndup(item + i, k);
                if (!name) {
                        close(fd);
                        return -ENOMEM;
                }
                int next = open_dir_at(fd, name, true, 0755, NULL);
                if (next == -ELOOP) {
                        int r = is_own_link(fd, name, item, i + k);
                        close(fd);
                        return r < 0 ? r : r > 0 ? 0 : -ELOOP;
                }
                close(fd);
                if (next < 0)
                        return next;
                fd = next;
                i += k + 1;
        }
        *ret = fd;
        return 1;
}

/* DynamicUser=: the data in PREFIX/private/ITEM, PREFIX/ITEM a relative link to it (a public
 * directory from before DynamicUser=yes moves there). Returns the private directory's fd. */
static int setup_private(int basefd, int privfd, const char *item, mode_t mode)
{
        const char *name = last_name(item);
        _cleanup_close_ int ppar = walk(privfd, item, parent_len(item), true, 0755, NULL);
        _cleanup_close_ int pubpar = -1;
        struct stat st;

        if (ppar < 0)
                return ppar;
        int reach = public_parent(basefd, item, &pubpar);
        if (reach < 0)
                return reach;
        if (reach > 0 && fstatat(pubpar, name, &st, AT_SYMLINK_NOFOLLOW) >= 0 &&
            S_ISDIR(st.st_mode) && fstatat(ppar, name, &st, AT_SYMLINK_NOFOLLOW) < 0 &&
            errno == ENOENT && renameat(pubpar, name, ppar, name) < 0)
                return -errno;
        int fd = open_dir_at(ppar, name, true, mode, NULL);
        if (fd < 0 || reach == 0)
                return fd;
        int r = is_own_link(pubpar, name, item, strlen(item));
        if (r == -ENOENT) {
                _cleanup_free_ char *target = private_target(item, strlen(item));
                r = !target ? -ENOMEM : symlinkat(target, pubpar, name) < 0 ? -errno : 1;
        }
        if (r <= 0) {
                close(fd);
                return r < 0 ? r : -EEXIST; /* something else is in the link's place */
        }
        return fd;
}

static int setup_one(const Unit *u, const char *root, const char *prefix, bool user_layout,
                     ExecDirectoryType t, const char *item, uid_t uid, gid_t gid, ExecDirEntry *ret)
{
        const ExecDirectory *d = &u->exec.directories[t];
        _cleanup_free_ char *base = NULL, *p = NULL, *pp = NULL, *it = NULL;
        _cleanup_close_ int basefd = -1, fd = -1;
        int r;

        if (!item_is_safe(item))
                return -EINVAL;
        if (asprintf(&base, "%s%s", root && !streq(root, "/") ? root : "", prefix) < 0 ||
            asprintf(&p, "%s/%s", base, item) < 0 || !(it = strdup(item)))
                return -ENOMEM;
        r = mkdir_p(base);
        if (r < 0)
                return r;
        basefd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (basefd < 0)
                return -errno;

        /* Rootless the service runs as the caller, whose directories need no private/ layer
         * (and cannot have one: private/ must be root's). */
        if (!user_layout && is_private(u, t)) {
                _cleanup_close_ int privfd = -1;
                struct stat st;
                if (asprintf(&pp, "%s/private/%s", base, item) < 0)
                        return -ENOMEM;
                /* the boundary for unprivileged host users: 0700 root:root, not a symlink */
                privfd = open_dir_at(basefd, "private", true, 0700, NULL);
                if (privfd == -ELOOP || privfd == -ENOTDIR)
                        return -EPERM;
                if (privfd < 0)
                        return privfd;
                if (fstat(privfd, &st) < 0)
                        return -errno;
                if (st.st_uid != 0)
                        return -EPERM;
                if ((st.st_mode & 07777) != 0700 && fchmod(privfd, 0700) < 0)
                        return -errno;
                fd = setup_private(basefd, privfd, item, d->mode);
                if (fd < 0)
                        return fd;
        } else {
                bool created = false;
                fd = walk(basefd, item, strlen(item), true, d->mode, &created);
                if (fd < 0)
                        return fd;
                if (!created && t == EXEC_DIRECTORY_CONFIGURATION)
                        goto done; /* not owned by the service: leave it alone */
        }
        if (fchmod(fd, d->mode) < 0)
                return -errno;
        r = chown_tree(fd, uid, gid, u->exec.dynamic_user.value ? 01777 : 07777);
        if (r < 0)
                return r;
done:
        *ret = (ExecDirEntry){.type = t,
                              .path = TAKE_PTR(p),
                              .private_path = TAKE_PTR(pp),
                              .mode = d->mode,
                              .base = TAKE_PTR(base),
                              .item = TAKE_PTR(it)};
        return 0;
}

int exec_dirs_setup(const Unit *u, const char *root, uid_t uid, gid_t gid, ExecDirs *ret,
                    int *ret_exit_status, DiagList *diags)
{
        return exec_dirs_setup_at(u, root, NULL, uid, gid, ret, ret_exit_status, diags);
}

static const char *setup_error(int r)
{
        if (r == -ENXIO)
                return "rootless, and its prefix is unknown ($XDG_RUNTIME_DIR or $HOME unset)";
        if (r == -ELOOP)
                return "a symbolic link is in place of one of its directories (refused: cordon "
                       "never follows one below the prefix; remove it)";
        return strerror(-r);
}

int exec_dirs_setup_at(const Unit *u, const char *root, const char *const *prefixes_at, uid_t uid,
                       gid_t gid, ExecDirs *ret, int *ret_exit_status, DiagList *diags)
{
        ExecDirs out = {0};

        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const ExecDirectory *d = &u->exec.directories[t];
                const char *prefix = prefixes_at ? prefixes_at[t] : prefixes[t];
                for (size_t i = 0; i < d->n; i++) {
                        ExecDirEntry *n = realloc(out.items, (out.n + 1) * sizeof(*n));
                        int r;
                        if (!n) {
                                exec_dirs_done(&out);
                                return -ENOMEM;
                        }
                        out.items = n;
                        /* rootless without $XDG_RUNTIME_DIR (the plan refuses this first) */
                        r = prefix ? setup_one(u, root, prefix, prefixes_at != NULL, t,
                                               d->items[i].path, uid, gid, &out.items[out.n])
                                   : -ENXIO;
                        if (r < 0) {
                                (void) diag_add(diags, d->items[i].origin.file,
                                                d->items[i].origin.line, 0, "exec-directory",
                                                DIAG_ERROR, NULL, "%s \"%s\": %s",
                                                exec_directory_type_to_string(t), d->items[i].path,
                                                setup_error(r));
                                *ret_exit_status = exit_codes[t];
                                /* what was made so far goes, as systemd removes the runtime
                                 * directories of a unit that failed to start */
                                (void) exec_dirs_remove_runtime_diag(u, &out, diags);
                                exec_dirs_done(&out);
                                return r;
                        }
                        out.n++;
                }
        }
        *ret = out;
        return 0;
}

/* rm -rf of what is below fd, by names relative to their directory's fd (unlinkat): nothing
 * is followed; other file systems are left in place. */
static int rm_children(int fd, dev_t dev, unsigned depth)
{
        if (depth > TREE_DEPTH_MAX)
                return -ELOOP;
        DIR *dir = opendir_at(fd);
        if (!dir)
                return -errno;
        int dfd = dirfd(dir);
        int ret = 0;
        for (struct dirent *de; (errno = 0, de = readdir(dir));) {
                struct stat st;
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                if (!S_ISDIR(st.st_mode)) {
                        if (unlinkat(dfd, de->d_name, 0) < 0 && errno != ENOENT)
                                ret = -errno;
                        continue;
                }
                if (st.st_dev != dev) {
                        ret = -EBUSY;
                        continue;
                }
                _cleanup_close_ int child = open_dir_at(dfd, de->d_name, false, 0, NULL);
                int r = child < 0 ? child : rm_children(child, dev, depth + 1);
                if (r >= 0 && unlinkat(dfd, de->d_name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                        r = -errno;
                if (r < 0 && r != -ENOENT)
                        ret = r;
        }
        closedir(dir);
        return ret;
}

/* Removes item below dirfd: its parents are walked without following (a link there: -ELOOP,
 * nothing removed), the item itself must be a directory (a link in its place stays). */
static int remove_item(int dirfd, const char *item)
{
        const char *name = last_name(item);
        _cleanup_close_ int par = walk(dirfd, item, parent_len(item), false, 0, NULL);
        _cleanup_close_ int fd = -1;
        struct stat st;

        if (par < 0)
                return par == -ENOENT ? 0 : par;
        fd = open_dir_at(par, name, false, 0, NULL);
        if (fd < 0)
                return fd == -ENOENT ? 0 : fd;
        if (fstat(fd, &st) < 0)
                return -errno;
        int r = rm_children(fd, st.st_dev, 0);
        if (r >= 0 && unlinkat(par, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
                r = -errno;
        return r;
}

/* The public link of a private item, if it is still cordon's. */
static void remove_public_link(int basefd, const char *item)
{
        _cleanup_close_ int par = walk(basefd, item, parent_len(item), false, 0, NULL);
        if (par >= 0 && is_own_link(par, last_name(item), item, strlen(item)) > 0)
                (void) unlinkat(par, last_name(item), 0);
}

static const ExecDirectoryItem *find_item(const Unit *u, const ExecDirEntry *e)
{
        const ExecDirectory *d = &u->exec.directories[e->type];
        for (size_t i = 0; i < d->n; i++)
                if (streq(d->items[i].path, e->item))
                        return &d->items[i];
        return NULL;
}

int exec_dirs_remove_runtime_diag(const Unit *u, const ExecDirs *d, DiagList *diags)
{
        int ret = 0;

        if (u->exec.runtime_directory_preserve == EXEC_PRESERVE_YES)
                return 0;
        for (size_t i = 0; i < d->n; i++) {
                const ExecDirEntry *e = &d->items[i];
                _cleanup_close_ int basefd = -1, privfd = -1;
                int r;
                if (e->type != EXEC_DIRECTORY_RUNTIME || !e->base || !e->item)
                        continue;
                basefd = open(e->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
                if (basefd < 0) {
                        ret = errno == ENOENT ? ret : -errno;
                        continue;
                }
                if (e->private_path) {
                        privfd = open_dir_at(basefd, "private", false, 0, NULL);
                        r = privfd < 0 ? privfd : remove_item(privfd, e->item);
                        remove_public_link(basefd, e->item);
                } else
                        r = remove_item(basefd, e->item);
                if (r == -ENOENT)
                        r = 0;
                if (r < 0 && diags) {
                        const ExecDirectoryItem *it = find_item(u, e);
                        (void) diag_add(diags, it ? it->origin.file : NULL,
                                        it ? it->origin.line : 0, 0, "exec-directory", DIAG_WARNING,
                                        NULL, "%s \"%s\": not removed: %s",
                                        exec_directory_type_to_string(e->type), e->item,
                                        r == -ELOOP ? "a symbolic link is in place of one of its "
                                                      "directories (never followed; left)"
                                                    : strerror(-r));
                }
                if (r < 0)
                        ret = r;
        }
        return ret;
}

int exec_dirs_remove_runtime(const Unit *u, const ExecDirs *d)
{
        return exec_dirs_remove_runtime_diag(u, d, NULL);
}

void exec_dirs_done(ExecDirs *d)
{
        for (size_t i = 0; d && i < d->n; i++) {
                free(d->items[i].path);
                free(d->items[i].private_path);
                free(d->items[i].base);
                free(d->items[i].item);
        }
        if (d) {
                free(d->items);
                *d = (ExecDirs){0};
        }
}
