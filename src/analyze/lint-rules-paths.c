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

static bool has_root_directory(const Unit *u)
{
        return u->exec.root_directory.value || u->exec.root_image.value;
}

static int check_root_directory_options(LintContext *c)
{
        const Unit *u = c->u;
        const TriBool *opts[] = {&u->service.root_directory_start_only, &u->exec.mount_apivfs};
        const char *names[] = {"RootDirectoryStartOnly", "MountAPIVFS"};

        if (has_root_directory(u))
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(opts); i++) {
                int r;

                /* Only what the unit says: implied values follow a root directory anyway. */
                if (!opts[i]->value || !opts[i]->origin.file || opts[i]->origin.implied_by >= 0)
                        continue;
                r = lint_emit_origin(
                        c, &opts[i]->origin, "needs-root-directory", NULL,
                        "%s=yes has no effect without RootDirectory= or RootImage=", names[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int add_path_list(char ***views, const PathList *l)
{
        for (size_t i = 0; i < l->n; i++)
                if (strv_extend(views, l->items[i].path) < 0)
                        return -ENOMEM;
        return 0;
}

/* Every part of the tree the service sees read-only (or not at all), from the model after
 * implied settings (DynamicUser= makes ProtectSystem=strict). */
static int read_only_views(const Unit *u, char ***views)
{
        const ExecSettings *e = &u->exec;
        int r = 0;

        if (e->protect_system == PROTECT_SYSTEM_STRICT)
                r = strv_extend(views, "/");
        else if (e->protect_system != PROTECT_SYSTEM_NO)
                r = strv_extend_strv(views, STRV_MAKE("/usr", "/boot", "/efi"));
        if (r >= 0 && e->protect_system == PROTECT_SYSTEM_FULL)
                r = strv_extend(views, "/etc");
        if (r >= 0 && e->protect_home != PROTECT_HOME_NO)
                r = strv_extend_strv(views, STRV_MAKE("/home", "/root", "/run/user"));
        if (r >= 0 && e->protect_kernel_tunables.value)
                r = strv_extend_strv(views, STRV_MAKE("/proc/sys", "/sys", "/proc/sysrq-trigger"));
        if (r >= 0 && e->protect_control_groups != PROTECT_CONTROL_GROUPS_NO)
                r = strv_extend(views, "/sys/fs/cgroup");
        if (r >= 0)
                r = add_path_list(views, &e->read_only_paths);
        if (r >= 0)
                r = add_path_list(views, &e->inaccessible_paths);
        for (size_t i = 0; r >= 0 && i < e->temporary_filesystems.n; i++)
                r = strv_extend(views, e->temporary_filesystems.items[i].path);
        return r < 0 ? -ENOMEM : 0;
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
        const PathList *rw = &u->exec.read_write_paths;
        _cleanup_strv_free_ char **views = NULL;
        int r;

        if (has_root_directory(u) || rw->n == 0)
                return 0;
        r = read_only_views(u, &views);
        if (r < 0)
                return r;
        for (size_t i = 0; i < rw->n; i++) {
                const PathEntry *p = &rw->items[i];
                Origin at = p->origin;

                if (!path_is_absolute(p->path) || covered(views, p->path))
                        continue;
                at.column = lint_word_column(c, &p->origin, p->path);
                r = lint_emit_origin(
                        c, &at, "read-write-paths-no-effect", "ProtectSystem=strict",
                        "ReadWritePaths=%s grants nothing: no read-only view covers it "
                        "(no ProtectSystem=strict, ReadOnlyPaths=/ or similar), so it "
                        "is writable anyway as far as file permissions allow",
                        p->path);
                if (r < 0)
                        return r;
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

/* A device bound into the private /dev (BindPaths=/BindReadOnlyPaths=) does exist there. */
static bool bound(const Unit *u, const char *dev)
{
        for (size_t i = 0; i < u->exec.bind_mounts.n; i++)
                if (path_equal(u->exec.bind_mounts.items[i].destination, dev))
                        return true;
        return false;
}

static int check_device_allow(LintContext *c)
{
        const Unit *u = c->u;

        if (!u->exec.private_devices.value)
                return 0;
        for (size_t i = 0; i < u->cgroup.n_device_allow; i++) {
                const DeviceAllowEntry *e = &u->cgroup.device_allow[i];
                int r;

                /* Entries that PrivateDevices=, ProtectClock= etc. add are not the user's. */
                if (e->origin.implied_by >= 0 || !e->origin.file)
                        continue;
                if (is_pseudo_device(e->path) || (e->path[0] == '/' && bound(u, e->path)))
                        continue;
                /* A node can be bound into the private /dev; device classes cannot. */
                _cleanup_free_ char *fix =
                        path_startswith(e->path, "/dev") ? strjoin("BindPaths=", e->path) : NULL;
                r = lint_emit_origin(c, &e->origin, "private-devices-device-allow", fix,
                                     "DeviceAllow=%s has no effect with PrivateDevices=yes: the "
                                     "private /dev only holds pseudo devices (null, zero, full, "
                                     "random, urandom, tty, pts), so there is no such node to open",
                                     e->path);
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
