/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit search path and drop-in discovery with systemd 252's rules (src/basic/path-lookup.c,
 * src/shared/dropin.c, src/basic/conf-files.c). */
#include "dropins.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cleanup.h"
#include "dir-cache.h"
#include "path-util.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

#define SYMLINK_MAX_FOLLOW 32

/* systemd 252's system search path as Debian builds it (`systemd-analyze unit-paths`), highest
 * priority first, minus the directories systemd-analyze --offline replaces by an empty temporary
 * directory (its manager runs in test mode): /run/systemd/transient and the generator output
 * directories. Units only found there are "not found" for systemd-analyze too. */
static const char *const system_path[] = {
        "/etc/systemd/system.control",
        "/run/systemd/system.control",
        "/etc/systemd/system",
        "/etc/systemd/system.attached",
        "/run/systemd/system",
        "/run/systemd/system.attached",
        "/usr/local/lib/systemd/system",
        "/lib/systemd/system", /* Debian's SYSTEM_DATA_UNIT_DIR comes before /usr/lib */
        "/usr/lib/systemd/system",
};

static int user_path_add(char ***l, const char *root, const char *a, const char *b)
{
        _cleanup_free_ char *p = NULL;

        if (isempty(a))
                return 0;
        p = strjoin(strempty(root), a, b);
        if (!p)
                return -ENOMEM;
        path_simplify(p);
        if (strv_contains(*l, p))
                return 0;
        return strv_push(l, TAKE_PTR(p));
}

/* The user manager's path (systemd.unit(5) "User Unit Search Path"), with the default XDG
 * directories, minus transient and generator directories as for the system path; only absolute
 * XDG values from the environment are honoured. */
static char **user_search_path(const char *root)
{
        const char *home = getenv("HOME"), *rt = getenv("XDG_RUNTIME_DIR");
        const char *cfg = getenv("XDG_CONFIG_HOME"), *data = getenv("XDG_DATA_HOME");
        _cleanup_free_ char *cfg_d = NULL, *data_d = NULL;
        char **l = NULL;
        int r = 0;

        if (!path_is_absolute(home))
                home = NULL;
        if (!path_is_absolute(rt))
                rt = NULL;
        if (!path_is_absolute(cfg))
                cfg = home ? (cfg_d = strjoin(home, "/.config")) : NULL;
        if (!path_is_absolute(data))
                data = home ? (data_d = strjoin(home, "/.local/share")) : NULL;

        const char *entries[][2] = {
                {cfg, "/systemd/user.control"},
                {rt, "/systemd/user.control"},
                {cfg, "/systemd/user"},
                {"/etc/xdg", "/systemd/user"},
                {"/etc/systemd/user", ""},
                {rt, "/systemd/user"},
                {"/run/systemd/user", ""},
                {data, "/systemd/user"},
                {"/usr/local/share", "/systemd/user"},
                {"/usr/share", "/systemd/user"},
                {"/usr/local/lib/systemd/user", ""},
                {"/usr/lib/systemd/user", ""},
        };
        for (size_t i = 0; i < ELEMENTSOF(entries) && r >= 0; i++)
                r = user_path_add(&l, root, entries[i][0], entries[i][1]);
        if (r < 0)
                return strv_free(l);
        if (!l)
                l = calloc(1, sizeof(char *));
        return l;
}

char **unit_search_path(const char *root, bool user)
{
        char **l = NULL;

        if (root && (isempty(root) || streq(root, "/")))
                root = NULL;
        if (user)
                return user_search_path(root);
        for (size_t i = 0; i < ELEMENTSOF(system_path); i++)
                if (user_path_add(&l, root, system_path[i], "") < 0)
                        return strv_free(l);
        return l;
}

/* Follows symlinks of path (relative targets against their directory). Returns 1, the final
 * path and its lstat() (not a link: what stat() says, so no second look), 0 when the chain ends
 * in /dev/null (a mask), -ENOENT/-ELOOP otherwise. Absolute targets are followed on the host even
 * below --root: systemd-analyze 252 opens the link itself, so with --root such a unit is not
 * found and such a drop-in is silently skipped (its name still shadows lower ones). Checked
 * against systemd-analyze --offline --root. */
static int chase_file(const char *path, char **ret, struct stat *ret_st)
{
        _cleanup_free_ char *p = strdup(path);

        if (!p)
                return -ENOMEM;
        for (unsigned i = 0; i < SYMLINK_MAX_FOLLOW; i++) {
                struct stat st;
                char buf[PATH_MAX];
                ssize_t n;

                if (lstat(p, &st) < 0)
                        return -errno;
                if (!S_ISLNK(st.st_mode)) {
                        *ret_st = st; /* not a link: what stat() would say */
                        *ret = TAKE_PTR(p);
                        return 1;
                }
                n = readlink(p, buf, sizeof(buf) - 1);
                if (n < 0)
                        return -errno;
                buf[n] = '\0';
                if (streq(buf, "/dev/null")) {
                        *ret = TAKE_PTR(p);
                        return 0;
                }
                if (buf[0] == '/') {
                        free(p);
                        p = strdup(buf);
                } else {
                        _cleanup_free_ char *dir = path_dirname(p);
                        if (!dir)
                                return -ENOMEM;
                        free(p);
                        p = path_join(dir, buf);
                }
                if (!p)
                        return -ENOMEM;
        }
        return -ELOOP;
}

/* A mask is a symlink to /dev/null, /dev/null itself, or an empty regular file. known_regular
 * (the directory listing said so) saves following symlinks. */
static int file_is_mask(const char *path, bool known_regular, char **ret_real)
{
        _cleanup_free_ char *real = NULL;
        struct stat st;
        int r;

        if (known_regular) {
                real = strdup(path);
                if (!real)
                        return -ENOMEM;
                if (stat(real, &st) < 0)
                        return -errno;
        } else {
                r = chase_file(path, &real, &st);
                if (r < 0)
                        return r;
                if (r == 0) {
                        *ret_real = NULL;
                        return 1;
                }
        }
        if (S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3))
                r = 1;
        else if (S_ISREG(st.st_mode))
                r = st.st_size == 0;
        else if (S_ISDIR(st.st_mode))
                return -EISDIR;
        else
                return -EBADF; /* FIFOs and devices are never read */
        *ret_real = TAKE_PTR(real);
        return r;
}

/* What the cache knows of dir/name: 1 present (type set), 0 absent, -EAGAIN not known (probe
 * the file system), -ENOMEM. Without a cache nothing is known. */
static int cached_entry(DirCache *cache, const char *dir, const char *name, DirEntryType *ret)
{
        int r;

        *ret = DIR_ENTRY_OTHER;
        if (!cache)
                return -EAGAIN;
        r = dir_cache_lookup(cache, dir, name, ret);
        if (r == -ENOMEM || r >= 0)
                return r;
        return -EAGAIN;
}

static int find_fragment_one(const char *name, const char *extra_dir, char *const *search_path,
                             DirCache *cache, char **ret_fragment, bool *ret_masked,
                             bool *ret_unchecked)
{
        for (size_t i = 0;; i++) {
                const char *dir = i == 0 ? extra_dir : search_path ? search_path[i - 1] : NULL;
                _cleanup_free_ char *p = NULL, *real = NULL;
                DirEntryType t;
                int r;

                if (i == 0 && !extra_dir)
                        continue;
                if (i > 0 && !dir)
                        break;
                r = cached_entry(cache, dir, name, &t);
                if (r == -ENOMEM)
                        return r;
                if (r == 0)
                        continue;
                p = path_join(dir, name);
                if (!p)
                        return -ENOMEM;
                if (r > 0 && t == DIR_ENTRY_REGULAR && ret_unchecked) {
                        /* the caller reads it anyway and sees whether it is empty */
                        *ret_unchecked = true;
                        *ret_fragment = TAKE_PTR(p);
                        return 1;
                }
                r = file_is_mask(p, r > 0 && t == DIR_ENTRY_REGULAR, &real);
                if (r == -ENOENT || r == -ENOTDIR)
                        continue;
                if (r < 0)
                        return r;
                *ret_masked = r > 0;
                *ret_fragment = TAKE_PTR(p);
                return 1;
        }
        return 0;
}

int unit_find_fragment_cached(const char *name, const char *extra_dir, char *const *search_path,
                              DirCache *cache, char **ret_fragment, bool *ret_masked,
                              bool *ret_unchecked)
{
        _cleanup_free_ char *template = NULL;
        int r;

        *ret_fragment = NULL;
        *ret_masked = false;
        if (ret_unchecked)
                *ret_unchecked = false;
        if (!unit_name_is_valid(name, true, true))
                return -EINVAL;
        r = find_fragment_one(name, extra_dir, search_path, cache, ret_fragment, ret_masked,
                              ret_unchecked);
        if (r != 0)
                return r < 0 ? r : 0;
        /* An instance without its own file uses the template's. */
        if (unit_name_is_instance(name)) {
                r = unit_name_template(name, &template);
                if (r < 0)
                        return r;
                r = find_fragment_one(template, extra_dir, search_path, cache, ret_fragment,
                                      ret_masked, ret_unchecked);
                if (r < 0)
                        return r;
        }
        return 0;
}

int unit_find_fragment(const char *name, const char *extra_dir, char *const *search_path,
                       char **ret_fragment, bool *ret_masked)
{
        return unit_find_fragment_cached(name, extra_dir, search_path, NULL, ret_fragment,
                                         ret_masked, NULL);
}

/* The drop-in directory names for name, most specific first: NAME.d, the template's,
 * then the dash prefixes ("foo-bar-.service.d", "foo-.service.d"), recursively, as systemd's
 * unit_file_find_dirs(). The type-wide "service.d" is added by the caller, last. */
static int dropin_dir_names(const char *name, char ***names)
{
        _cleanup_free_ char *prefix = NULL, *instance = NULL, *suffix = NULL, *built = NULL;
        _cleanup_free_ char *d = NULL;
        bool chopped = false;
        char *dash;
        int r;

        d = strjoin(name, ".d");
        if (!d)
                return -ENOMEM;
        if (!strv_contains(*names, d) && strv_push(names, TAKE_PTR(d)) < 0)
                return -ENOMEM;

        if (unit_name_is_instance(name)) {
                _cleanup_free_ char *t = NULL;
                r = unit_name_template(name, &t);
                if (r < 0)
                        return r;
                r = dropin_dir_names(t, names);
                if (r < 0)
                        return r;
        }

        r = unit_name_split(name, &prefix, &instance, &suffix);
        if (r < 0)
                return r;
        for (;;) {
                size_t n;

                dash = strrchr(prefix, '-');
                if (!dash)
                        return 0;
                n = (size_t) (dash - prefix);
                if (n == 0)
                        return 0;
                if (prefix[n + 1] != '\0' || chopped) {
                        prefix[n + 1] = '\0';
                        break;
                }
                prefix[n] = '\0'; /* trailing dash: chop it once and look again */
                chopped = true;
        }
        if (unit_name_is_instance(name))
                built = strjoin(prefix, "@", instance, suffix);
        else
                built = strjoin(prefix, suffix);
        if (!built)
                return -ENOMEM;
        if (!unit_name_is_valid(built, true, true))
                return 0;
        return dropin_dir_names(built, names);
}

static int dropin_cmp(const void *a, const void *b)
{
        return strcmp(path_basename(*(char *const *) a), path_basename(*(char *const *) b));
}

/* Adds one entry of a drop-in directory unless its name is taken. Masks take their name but
 * are not listed. */
static int dropin_add_entry(const char *dir, const char *name, bool known_regular, char ***found,
                            char ***taken)
{
        _cleanup_free_ char *p = NULL, *real = NULL;
        int m;

        if (name[0] == '.' || !endswith(name, ".conf"))
                return 0;
        if (strv_contains(*taken, name))
                return 0; /* shadowed by a higher-priority or more specific one */
        if (strv_length(*taken) >= UNIT_DROPINS_MAX)
                return -E2BIG;
        p = path_join(dir, name);
        if (!p)
                return -ENOMEM;
        m = file_is_mask(p, known_regular, &real);
        if (m == -ENOMEM)
                return m;
        if (m < 0 && m != -EISDIR && m != -EBADF && m != -ENOENT && m != -ELOOP)
                return 0; /* unreadable entries are skipped, like systemd's debug log */
        if (strv_extend(taken, name) < 0)
                return -ENOMEM;
        if (m != 0)
                return 0; /* masked (or not a regular file): shadows, adds nothing */
        return strv_push(found, TAKE_PTR(p)) < 0 ? -ENOMEM : 0;
}

/* Adds DIR's *.conf files whose names are not taken yet, from the cache when it has DIR. */
static int dropins_add_dir(const char *dir, DirCache *cache, char ***found, char ***taken)
{
        const DirCacheDir *cd = NULL;
        struct stat st;
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (cache) {
                r = dir_cache_get(cache, dir, &cd);
                if (r == -ENOMEM || r == 0)
                        return r;
                for (size_t i = 0; r > 0 && i < cd->n_entries; i++) {
                        const DirCacheEntry *e = cd->entries + i;
                        int k = dropin_add_entry(dir, e->name, e->type == DIR_ENTRY_REGULAR, found,
                                                 taken);
                        if (k < 0)
                                return k;
                }
                if (r > 0)
                        return 0;
                /* not listable through the cache: read it directly below */
        }
        /* Almost no drop-in directory exists: a stat() that fails costs half an open() that
         * fails (the kernel sets up a file before it looks the path up). */
        if (stat(dir, &st) < 0)
                return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        if (!S_ISDIR(st.st_mode))
                return 0;
        d = opendir(dir);
        if (!d)
                return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
        r = 0;
        while ((de = readdir(d))) {
                r = dropin_add_entry(dir, de->d_name, false, found, taken);
                if (r < 0)
                        break;
        }
        closedir(d);
        return r;
}

/* Appends dir/name unless already listed (the unit's own directory may also be on the search
 * path; systemd drops duplicate search path entries). With dir's listing at hand, names that are
 * not there (or are regular files, which opendir() refuses) are not even listed. */
static int dirs_add(char ***dirs, const char *dir, const char *name, const DirCacheDir *listed)
{
        char *p;

        if (listed) {
                const DirCacheEntry *e = dir_cache_find(listed, name);
                if (!e || e->type == DIR_ENTRY_REGULAR)
                        return 0;
        }
        p = path_join(dir, name);
        if (!p)
                return -ENOMEM;
        path_simplify(p);
        if (strv_contains(*dirs, p)) {
                free(p);
                return 0;
        }
        return strv_push(dirs, p);
}

/* The listing of a search directory: 1 (and *ret) when listed, 0 when it cannot hold any drop-in
 * directory (absent, or no entry named *.d), -EAGAIN when only probing can tell. */
static int search_dir_listing(DirCache *cache, const char *dir, const DirCacheDir **ret)
{
        int r;

        *ret = NULL;
        if (!cache)
                return -EAGAIN;
        r = dir_cache_get(cache, dir, ret);
        if (r == -ENOMEM || r == 0)
                return r;
        if (r < 0)
                return -EAGAIN;
        return (*ret)->n_dot_d > 0;
}

/* Without a listing: whether dir may hold drop-in directories. Most search directories do not
 * exist, and one stat() of the directory spares a failed one per drop-in name below it (three
 * for "foo-bar.service", both passes). 0 when absent (every probe below it would fail with
 * ENOENT/ENOTDIR, which adds nothing), 1 otherwise (other errors: probe as without this). */
static int search_dir_present(const char *dir)
{
        struct stat st;

        if (stat(dir, &st) < 0)
                return errno == ENOENT || errno == ENOTDIR ? 0 : 1;
        return S_ISDIR(st.st_mode);
}

#define PRESENT_MEMO_MAX 64 /* search directories whose presence is remembered between passes */

int unit_find_dropins_cached(const char *name, const char *extra_dir, char *const *search_path,
                             DirCache *cache, char ***ret_paths)
{
        _cleanup_strv_free_ char **names = NULL, **dirs = NULL, **found = NULL, **taken = NULL;
        _cleanup_free_ char *suffix = NULL, *type_dir = NULL;
        int8_t present[PRESENT_MEMO_MAX]; /* -1 not asked yet, 0 absent, 1 present */
        int r;

        memset(present, -1, sizeof(present));

        *ret_paths = NULL;
        if (!unit_name_is_valid(name, true, true))
                return -EINVAL;
        r = dropin_dir_names(name, &names);
        if (r < 0)
                return r;
        r = unit_name_split(name, NULL, NULL, &suffix);
        if (r < 0)
                return r;
        type_dir = strjoin(suffix + 1, ".d");
        if (!type_dir)
                return -ENOMEM;

        /* Directory order: for each search directory all unit-specific names, then the type-wide
         * directory in each search directory. */
        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0;; i++) {
                        const char *dir = i == 0        ? extra_dir
                                          : search_path ? search_path[i - 1]
                                                        : NULL;
                        const DirCacheDir *listed;
                        if (i == 0 && !extra_dir)
                                continue;
                        if (i > 0 && !dir)
                                break;
                        r = search_dir_listing(cache, dir, &listed);
                        if (r == -ENOMEM)
                                return r;
                        if (r == 0)
                                continue;
                        if (r == -EAGAIN) {
                                if (i >= PRESENT_MEMO_MAX)
                                        r = search_dir_present(dir);
                                else {
                                        if (present[i] < 0)
                                                present[i] = (int8_t) search_dir_present(dir);
                                        r = present[i];
                                }
                                if (r == 0)
                                        continue;
                        }
                        if (pass == 0) {
                                STRV_FOREACH (n, names) {
                                        r = dirs_add(&dirs, dir, *n, listed);
                                        if (r < 0)
                                                return r;
                                }
                        } else {
                                r = dirs_add(&dirs, dir, type_dir, listed);
                                if (r < 0)
                                        return r;
                        }
                }

        STRV_FOREACH (d, dirs) {
                r = dropins_add_dir(*d, cache, &found, &taken);
                if (r < 0)
                        return r;
        }
        if (found)
                qsort(found, strv_length(found), sizeof(char *), dropin_cmp);
        *ret_paths = TAKE_PTR(found);
        return 0;
}

int unit_find_dropins(const char *name, const char *extra_dir, char *const *search_path,
                      char ***ret_paths)
{
        return unit_find_dropins_cached(name, extra_dir, search_path, NULL, ret_paths);
}
