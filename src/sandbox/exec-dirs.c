/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "exec-dirs.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

/* mkdir -p for the parents of path (mode 0755). */
static int mkdir_parents(const char *path)
{
        _cleanup_free_ char *p = strdup(path);
        if (!p)
                return -ENOMEM;
        for (char *s = p + 1; (s = strchr(s, '/')); s++) {
                *s = '\0';
                if (mkdir(p, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        return 0;
}

static uid_t chown_uid;
static gid_t chown_gid;
static mode_t chown_mask;

static int chown_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
        /* FTW_PHYS: symlinks are not followed; lchown-equivalent changes the link itself */
        if (fchownat(AT_FDCWD, path, chown_uid, chown_gid, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        if (flag != FTW_SL && (st->st_mode & 07777 & ~chown_mask) &&
            fchmodat(AT_FDCWD, path, st->st_mode & 07777 & chown_mask, AT_SYMLINK_NOFOLLOW) < 0)
                return -errno;
        return 0;
}

static int chown_tree(const char *path, uid_t uid, gid_t gid, mode_t mask)
{
        chown_uid = uid;
        chown_gid = gid;
        chown_mask = mask;
        int r = nftw(path, chown_one, 16, FTW_PHYS | FTW_MOUNT);
        return r < 0 ? -errno : r;
}

static int symlink_to_private(const char *p, const char *pp, const char *item)
{
        struct stat a, b;
        _cleanup_free_ char *target = NULL;
        size_t up = 0;

        /* already reaching the private directory (e.g. "foo/bar" below a "foo" symlink) */
        if (stat(p, &a) >= 0 && stat(pp, &b) >= 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
                return 0;
        for (const char *s = item; (s = strchr(s, '/')); s++)
                up++;
        size_t n = up * 3 + strlen("private/") + strlen(item) + 1;
        target = malloc(n);
        if (!target)
                return -ENOMEM;
        target[0] = '\0';
        for (size_t i = 0; i < up; i++)
                strcat(target, "../");
        strcat(target, "private/");
        strcat(target, item);
        if (symlink(target, p) < 0)
                return -errno;
        return 0;
}

static int setup_one(const Unit *u, const char *root, const char *prefix, bool user_layout,
                     ExecDirectoryType t, const char *item, uid_t uid, gid_t gid, ExecDirEntry *ret)
{
        const ExecDirectory *d = &u->exec.directories[t];
        _cleanup_free_ char *base = NULL, *p = NULL, *pp = NULL;
        int r;

        if (!item_is_safe(item))
                return -EINVAL;
        if (asprintf(&base, "%s%s", root && !streq(root, "/") ? root : "", prefix) < 0 ||
            asprintf(&p, "%s/%s", base, item) < 0)
                return -ENOMEM;
        r = mkdir_parents(p);
        if (r < 0)
                return r;

        /* Rootless the service runs as the caller, whose directories need no private/ layer
         * (and cannot have one: private/ must be root's). */
        if (!user_layout && is_private(u, t)) {
                _cleanup_free_ char *priv = NULL;
                struct stat st;
                if (asprintf(&priv, "%s/private", base) < 0 ||
                    asprintf(&pp, "%s/%s", priv, item) < 0)
                        return -ENOMEM;
                if (mkdir(priv, 0700) < 0 && errno != EEXIST)
                        return -errno;
                /* the boundary for unprivileged host users: 0700 root:root, not a symlink */
                if (lstat(priv, &st) < 0)
                        return -errno;
                if (!S_ISDIR(st.st_mode) || st.st_uid != 0)
                        return -EPERM;
                if ((st.st_mode & 07777) != 0700 && chmod(priv, 0700) < 0)
                        return -errno;
                r = mkdir_parents(pp);
                if (r < 0)
                        return r;
                if (lstat(p, &st) >= 0 && S_ISDIR(st.st_mode) && lstat(pp, &st) < 0) {
                        /* migrate a public directory from before DynamicUser=yes */
                        if (rename(p, pp) < 0)
                                return -errno;
                } else if (mkdir(pp, d->mode) < 0 && errno != EEXIST)
                        return -errno;
                r = symlink_to_private(p, pp, item);
                if (r < 0)
                        return r;
        } else {
                struct stat st;
                if (mkdir(p, d->mode) < 0) {
                        if (errno != EEXIST)
                                return -errno;
                        if (lstat(p, &st) < 0)
                                return -errno;
                        if (!S_ISDIR(st.st_mode))
                                return -ENOTDIR; /* never chown through a symlink */
                        if (t == EXEC_DIRECTORY_CONFIGURATION)
                                goto done; /* not owned by the service: leave it alone */
                }
        }
        const char *target = pp ? pp : p;
        if (chmod(target, d->mode) < 0)
                return -errno;
        r = chown_tree(target, uid, gid, u->exec.dynamic_user.value ? 01777 : 07777);
        if (r < 0)
                return r;
done:
        *ret = (ExecDirEntry){
                .type = t, .path = TAKE_PTR(p), .private_path = TAKE_PTR(pp), .mode = d->mode};
        return 0;
}

int exec_dirs_setup(const Unit *u, const char *root, uid_t uid, gid_t gid, ExecDirs *ret,
                    int *ret_exit_status, DiagList *diags)
{
        return exec_dirs_setup_at(u, root, NULL, uid, gid, ret, ret_exit_status, diags);
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
                                                r == -ENXIO ? "rootless, and its prefix is unknown "
                                                              "($XDG_RUNTIME_DIR or $HOME unset)"
                                                            : strerror(-r));
                                *ret_exit_status = exit_codes[t];
                                /* what was made so far goes, as systemd removes the runtime
                                 * directories of a unit that failed to start */
                                (void) exec_dirs_remove_runtime(u, &out);
                                exec_dirs_done(&out);
                                return r;
                        }
                        out.n++;
                }
        }
        *ret = out;
        return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
        return remove(path) < 0 && errno != ENOENT ? -errno : 0;
}

int exec_dirs_remove_runtime(const Unit *u, const ExecDirs *d)
{
        int ret = 0;

        if (u->exec.runtime_directory_preserve == EXEC_PRESERVE_YES)
                return 0;
        for (size_t i = 0; i < d->n; i++) {
                const ExecDirEntry *e = &d->items[i];
                if (e->type != EXEC_DIRECTORY_RUNTIME)
                        continue;
                const char *tree = e->private_path ? e->private_path : e->path;
                /* depth-first, physical, same file system: never follows a planted symlink */
                if (nftw(tree, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0 && errno != ENOENT)
                        ret = -errno;
                if (e->private_path)
                        (void) unlink(e->path);
        }
        return ret;
}

void exec_dirs_done(ExecDirs *d)
{
        for (size_t i = 0; d && i < d->n; i++) {
                free(d->items[i].path);
                free(d->items[i].private_path);
        }
        if (d) {
                free(d->items);
                *d = (ExecDirs){0};
        }
}
