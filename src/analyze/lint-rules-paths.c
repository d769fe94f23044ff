/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Mount-view rules: options that need a root directory, ReadWritePaths= outside any read-only
 * view, DeviceAllow= for devices that PrivateDevices= hides. */
#include <stdlib.h>
#include <string.h>

#include "lint-internal.h"
#include "path-util.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"

/* Index just past the last "" assignment of key in [Service] (0 if none): only assignments from
 * there on are still effective. */
static size_t first_effective(const Unit *u, const char *key)
{
        for (size_t i = u->n_assignments; i > 0; i--)
                if (lint_is(&u->assignments[i - 1], key) && isempty(u->assignments[i - 1].value))
                        return i;
        return 0;
}

static bool has_root_directory(const Unit *u)
{
        return lint_string(u, "RootDirectory", NULL) || lint_string(u, "RootImage", NULL);
}

static int check_root_directory_options(LintContext *c)
{
        static const char *const keys[] = {"RootDirectoryStartOnly", "MountAPIVFS"};
        const Unit *u = c->u;

        if (has_root_directory(u))
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(keys); i++) {
                const Assignment *a;
                int r;

                if (!lint_bool(u, keys[i], false, &a) || !a)
                        continue;
                r = lint_emit(c, a, 0, "needs-root-directory", NULL,
                              "%s=yes has no effect without RootDirectory= or RootImage=", keys[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Strips the '-'/'+' prefixes and resolves the directory specifiers of the system manager;
 * NULL for paths we cannot place (other specifiers, relative). */
static char *normalize_entry(const char *w)
{
        static const struct {
                char spec;
                const char *dir;
        } specs[] = {
                {'S', "/var/lib"}, {'t', "/run"}, {'C', "/var/cache"}, {'L', "/var/log"},
                {'E', "/etc"},     {'T', "/tmp"}, {'V', "/var/tmp"},
        };

        w += strspn(w, "-+");
        if (w[0] == '%') {
                for (size_t i = 0; i < ELEMENTSOF(specs); i++)
                        if (w[1] == specs[i].spec)
                                return strchr(w + 2, '%') ? NULL : strjoin(specs[i].dir, w + 2);
                return NULL;
        }
        if (!path_is_absolute(w) || strchr(w, '%'))
                return NULL;
        return strdup(w);
}

/* Appends the effective entries of a path list directive (first field before ':'). */
static int collect_paths(const Unit *u, const char *key, char ***list)
{
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p = a->value;

                if (!lint_is(a, key))
                        continue;
                if (isempty(a->value)) {
                        *list = strv_free(*list);
                        continue;
                }
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        char *n, *colon;
                        int r = lint_next_word(&p, a->value, a->column, &w, NULL);

                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        colon = strchr(w, ':');
                        if (colon)
                                *colon = '\0';
                        n = normalize_entry(w);
                        if (n && strv_push(list, n) < 0)
                                return -ENOMEM;
                }
        }
        return 0;
}

static int read_only_views(const Unit *u, char ***views)
{
        const char *ps = lint_protect_system(u), *ph = lint_protect_home(u);
        static const char *const path_keys[] = {"ReadOnlyPaths", "InaccessiblePaths",
                                                "TemporaryFileSystem", NULL};
        int r;

        if (streq(ps, "strict"))
                r = strv_extend(views, "/");
        else if (streq(ps, "yes") || streq(ps, "full"))
                r = strv_extend_strv(views, STRV_MAKE("/usr", "/boot", "/efi"));
        else
                r = 0;
        if (r >= 0 && streq(ps, "full"))
                r = strv_extend(views, "/etc");
        if (r >= 0 && !streq(ph, "no"))
                r = strv_extend_strv(views, STRV_MAKE("/home", "/root", "/run/user"));
        if (r >= 0 && lint_bool(u, "ProtectKernelTunables", false, NULL))
                r = strv_extend_strv(views, STRV_MAKE("/proc/sys", "/sys", "/proc/sysrq-trigger"));
        if (r >= 0 && lint_bool(u, "ProtectControlGroups", false, NULL))
                r = strv_extend(views, "/sys/fs/cgroup");
        if (r < 0)
                return r;
        for (size_t i = 0; path_keys[i]; i++) {
                r = collect_paths(u, path_keys[i], views);
                if (r < 0)
                        return r;
        }
        return 0;
}

static bool covered(char *const *views, const char *path)
{
        STRV_FOREACH (v, views)
                if (path_startswith(path, *v))
                        return true;
        return false;
}

static int check_read_write_paths(LintContext *c)
{
        const Unit *u = c->u;
        _cleanup_strv_free_ char **views = NULL;
        int r;

        if (has_root_directory(u) || !lint_string(u, "ReadWritePaths", NULL))
                return 0;
        r = read_only_views(u, &views);
        if (r < 0)
                return r;

        for (size_t i = first_effective(u, "ReadWritePaths"); i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p = a->value;

                if (!lint_is(a, "ReadWritePaths") || isempty(a->value))
                        continue;
                for (;;) {
                        _cleanup_free_ char *w = NULL, *n = NULL;
                        unsigned col;

                        r = lint_next_word(&p, a->value, a->column, &w, &col);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        n = normalize_entry(w);
                        if (!n || covered(views, n))
                                continue;
                        r = lint_emit(c, a, col, "read-write-paths-no-effect",
                                      "ProtectSystem=strict",
                                      "ReadWritePaths=%s grants nothing: no read-only view covers "
                                      "%s (no ProtectSystem=strict, ReadOnlyPaths=/ or similar), "
                                      "so it is writable anyway as far as file permissions allow",
                                      w, n);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* Nodes that PrivateDevices=yes creates in the private /dev. */
static bool is_pseudo_device(const char *p)
{
        static const char *const ok[] = {
                "/dev/null",   "/dev/zero",      "/dev/full",    "/dev/random", "/dev/urandom",
                "/dev/tty",    "/dev/ptmx",      "/dev/pts",     "char-pts",    "/dev/shm",
                "/dev/mqueue", "/dev/hugepages", "/dev/stdin",   "/dev/stdout", "/dev/stderr",
                "/dev/fd",     "/dev/log",       "/dev/console", NULL,
        };
        for (size_t i = 0; ok[i]; i++)
                if (streq(p, ok[i]) || (p[0] == '/' && path_startswith(p, ok[i])))
                        return true;
        return false;
}

/* Destinations of BindPaths=/BindReadOnlyPaths= ("SRC[:DST[:OPTS]]"): a device bound into the
 * private /dev does exist there. */
static int bind_destinations(const Unit *u, char ***ret)
{
        static const char *const keys[] = {"BindPaths", "BindReadOnlyPaths"};

        for (size_t k = 0; k < ELEMENTSOF(keys); k++)
                for (size_t i = first_effective(u, keys[k]); i < u->n_assignments; i++) {
                        const Assignment *a = &u->assignments[i];
                        const char *p = a->value;

                        if (!lint_is(a, keys[k]) || isempty(a->value))
                                continue;
                        for (;;) {
                                _cleanup_free_ char *w = NULL;
                                char *src, *dst, *colon;
                                int r = lint_next_word(&p, a->value, a->column, &w, NULL);

                                if (r < 0)
                                        return r;
                                if (r == 0)
                                        break;
                                src = w + strspn(w, "-");
                                colon = strchr(src, ':');
                                dst = colon ? colon + 1 : src;
                                if (colon)
                                        *colon = '\0';
                                colon = strchr(dst, ':');
                                if (colon)
                                        *colon = '\0';
                                if (strv_extend(ret, dst) < 0)
                                        return -ENOMEM;
                        }
                }
        return 0;
}

static int check_device_allow(LintContext *c)
{
        const Unit *u = c->u;
        _cleanup_strv_free_ char **bound = NULL;
        int r;

        if (!lint_bool(u, "PrivateDevices", false, NULL))
                return 0;
        r = bind_destinations(u, &bound);
        if (r < 0)
                return r;
        for (size_t i = first_effective(u, "DeviceAllow"); i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p = a->value;
                _cleanup_free_ char *dev = NULL;

                if (!lint_is(a, "DeviceAllow") || isempty(a->value))
                        continue;
                r = lint_next_word(&p, a->value, a->column, &dev, NULL);
                if (r <= 0)
                        return r;
                if (is_pseudo_device(dev) || strv_contains(bound, dev))
                        continue;
                r = lint_emit(c, a, 0, "private-devices-device-allow", NULL,
                              "DeviceAllow=%s has no effect with PrivateDevices=yes: the private "
                              "/dev only holds pseudo devices (null, zero, full, random, urandom, "
                              "tty, pts), so there is no such node to open",
                              a->value);
                if (r < 0)
                        return r;
        }
        return 0;
}

int lint_rules_paths(LintContext *c)
{
        int r;

        r = check_root_directory_options(c);
        if (r < 0)
                return r;
        r = check_read_write_paths(c);
        if (r < 0)
                return r;
        return check_device_allow(c);
}
