/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure: RootImage= and RootImageOptions= -> PlanImage, with systemd 252's rules for when the
 * image is used read-only (src/core/namespace.c setup_namespace(), facts only). */
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "image.h"
#include "path-util.h"
#include "plan-internal.h"
#include "plan.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "unit.h"

#define SPLIT_WS " \t\n"

/* mount(8) option names that are flags, not file system data (systemd's mount_option_mangle()
 * takes them from libmount's Linux map). "defaults" sets nothing. */
static const struct {
        const char *name;
        unsigned long set, clear;
} flag_options[] = {
        {"defaults", 0, 0},
        {"ro", MS_RDONLY, 0},
        {"rw", 0, MS_RDONLY},
        {"nosuid", MS_NOSUID, 0},
        {"suid", 0, MS_NOSUID},
        {"nodev", MS_NODEV, 0},
        {"dev", 0, MS_NODEV},
        {"noexec", MS_NOEXEC, 0},
        {"exec", 0, MS_NOEXEC},
        {"sync", MS_SYNCHRONOUS, 0},
        {"async", 0, MS_SYNCHRONOUS},
        {"dirsync", MS_DIRSYNC, 0},
        {"noatime", MS_NOATIME, 0},
        {"atime", 0, MS_NOATIME},
        {"nodiratime", MS_NODIRATIME, 0},
        {"diratime", 0, MS_NODIRATIME},
        {"relatime", MS_RELATIME, 0},
        {"norelatime", 0, MS_RELATIME},
        {"strictatime", MS_STRICTATIME, 0},
        {"nostrictatime", 0, MS_STRICTATIME},
        {"lazytime", MS_LAZYTIME, 0},
        {"nolazytime", 0, MS_LAZYTIME},
        {"silent", MS_SILENT, 0},
        {"loud", 0, MS_SILENT},
        {"mand", MS_MANDLOCK, 0},
        {"nomand", 0, MS_MANDLOCK},
};

void plan_image_done(PlanImage *img)
{
        free(img->path);
        for (size_t i = 0; i < _DISSECT_DESIGNATOR_MAX; i++)
                free(img->options[i].data);
        *img = (PlanImage){0};
}

static const RawSetting *raw_setting(const Unit *u, const char *name)
{
        int idx = directive_index(SECTION_SERVICE, name);
        return idx < 0 ? NULL : unit_get_raw(u, idx);
}

static bool path_list_has(const PathList *l, const char *path)
{
        for (size_t i = 0; i < l->n; i++)
                if (path_equal(l->items[i].path, path))
                        return true;
        return false;
}

/* systemd 252: root_read_only() && home_read_only() && no ReadWritePaths=. */
static bool image_read_only(const ExecSettings *e)
{
        bool root_ro = e->protect_system == PROTECT_SYSTEM_STRICT ||
                       path_list_has(&e->read_only_paths, "/");
        bool home_ro = e->protect_home != PROTECT_HOME_NO ||
                       path_list_has(&e->read_only_paths, "/home") ||
                       path_list_has(&e->inaccessible_paths, "/home");
        for (size_t i = 0; i < e->temporary_filesystems.n; i++)
                if (path_equal(e->temporary_filesystems.items[i].path, "/home"))
                        home_ro = true;
        for (size_t i = 0; i < e->bind_mounts.n; i++)
                if (path_equal(e->bind_mounts.items[i].destination, "/home"))
                        home_ro = true;
        return root_ro && home_ro && e->read_write_paths.n == 0;
}

/* "[PARTITION:]OPTIONS" -> the partition's flags and data. The first entry for a partition
 * counts: systemd 252 appends entries and mount_options_from_designator() returns the first. */
static int parse_one_option(PlanImage *img, const char *word)
{
        const char *colon = strchr(word, ':');
        char name[32] = "root";
        const char *opts = word;

        if (colon) {
                size_t n = (size_t) (colon - word);
                if (n == 0 || n >= sizeof(name))
                        return -EINVAL;
                memcpy(name, word, n);
                name[n] = 0;
                opts = colon + 1;
        }
        if (!dissect_partition_name_valid(name) || !*opts || strlen(opts) > PLAN_IMAGE_OPTIONS_MAX)
                return -EINVAL;
        DissectDesignator d = dissect_designator_from_string(name);

        PlanImageOptions o = {0};
        size_t data_len = 0;
        char data[PLAN_IMAGE_OPTIONS_MAX + 1];
        for (const char *p = opts; *p;) {
                size_t n = strcspn(p, ",");
                bool flag = false;
                if (n == 0 || memchr(p, ':', n))
                        return -EINVAL; /* empty option, or a second "partition:" */
                for (size_t i = 0; i < ELEMENTSOF(flag_options); i++)
                        if (strlen(flag_options[i].name) == n &&
                            strncmp(flag_options[i].name, p, n) == 0) {
                                o.flags_set = (o.flags_set & ~flag_options[i].clear) |
                                              flag_options[i].set;
                                o.flags_clear = (o.flags_clear & ~flag_options[i].set) |
                                                flag_options[i].clear;
                                flag = true;
                        }
                if (!flag) {
                        if (data_len)
                                data[data_len++] = ',';
                        memcpy(data + data_len, p, n);
                        data_len += n;
                }
                p += n;
                if (*p == ',')
                        p++;
        }
        if (d < 0)
                return 0; /* a partition cordon never mounts (esp, *-verity, …) */
        if (data_len) {
                data[data_len] = 0;
                o.data = strdup(data);
                if (!o.data)
                        return -ENOMEM;
        }
        if (img->options[d].set) {
                free(o.data);
                return 0;
        }
        o.set = true;
        img->options[d] = o;
        return 0;
}

static int parse_options(const Unit *u, PlanImage *img, DiagList *diags)
{
        const RawSetting *raw = raw_setting(u, "RootImageOptions");
        if (!raw || !raw->values.strv)
                return 0;
        for (size_t i = 0; raw->values.strv[i]; i++) {
                const char *v = raw->values.strv[i];
                Origin at = raw->values.origins ? raw->values.origins[i] : ORIGIN_NULL;
                img->options_origin = at;
                for (const char *p = v + strspn(v, SPLIT_WS); *p; p += strspn(p, SPLIT_WS)) {
                        size_t n = strcspn(p, SPLIT_WS);
                        char word[PLAN_IMAGE_OPTIONS_MAX + 64];
                        int r = -EINVAL;
                        if (n < sizeof(word)) {
                                memcpy(word, p, n);
                                word[n] = 0;
                                r = parse_one_option(img, word);
                        }
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0) {
                                int q = diag_add(
                                        diags, at.file, at.line, at.column, "run-invalid-value",
                                        DIAG_ERROR, NULL,
                                        "RootImageOptions=: '%.*s' is not PARTITION:OPTIONS with "
                                        "a known partition name and comma-separated options.",
                                        (int) (n > 80 ? 80 : n), p);
                                return q < 0 ? q : -EINVAL;
                        }
                        p += n;
                }
        }
        return 0;
}

/* Settings that only make sense with verification or policies cordon does not implement. */
static int refuse_unsupported(const Unit *u, const PlanOptions *o, DiagList *diags)
{
        static const struct {
                const char *name, *why;
                bool boolean; /* refused only when true */
        } rows[] = {
                {"RootHash", "dm-verity is not supported"},
                {"RootHashSignature", "dm-verity is not supported"},
                {"RootVerity", "dm-verity is not supported"},
                {"RootImagePolicy", "image policies are not supported"},
                {"RootEphemeral", "ephemeral snapshots are not supported", true},
        };
        size_t n_errors = 0;

        for (size_t i = 0; i < ELEMENTSOF(rows); i++) {
                const Origin *at = plan_directive_assigned(u, rows[i].name);
                int r;
                if (!at)
                        continue;
                if (rows[i].boolean) {
                        const RawSetting *v = raw_setting(u, rows[i].name);
                        if (!v || !v->values.strv ||
                            !streq(v->values.strv[strv_length(v->values.strv) - 1], "yes"))
                                continue;
                }
                if (o->lenient)
                        r = diag_add(diags, at->file, at->line, at->column, "run-weakened",
                                     DIAG_WARNING, NULL, "%s= is not applied (--lenient): %s",
                                     rows[i].name, rows[i].why);
                else {
                        r = diag_add(diags, at->file, at->line, at->column, "run-unsupported",
                                     DIAG_ERROR, NULL,
                                     "%s= is not supported by cordon run yet: %s (use --lenient "
                                     "to run without it)",
                                     rows[i].name, rows[i].why);
                        n_errors++;
                }
                if (r < 0)
                        return r;
        }
        return n_errors > 0 ? -EOPNOTSUPP : 0;
}

int plan_root_image(const Unit *u, const PlanOptions *o, PlanImage *ret, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        PlanImage img = {.origin = e->root_image.origin};
        int r;

        *ret = (PlanImage){0};
        if (!e->root_image.value)
                return 0;
        const Origin *at = &e->root_image.origin;
        if (o->rootless) {
                /* Not a "weakening" --lenient could skip: without the image the commands would
                 * run on the host's root, a different system. */
                r = diag_add(diags, at->file, at->line, at->column, "run-unsupported", DIAG_ERROR,
                             NULL,
                             "RootImage= needs loop devices, which only root can attach; run "
                             "cordon as root (rootless runs cannot use disk images).");
                return r < 0 ? r : -EOPNOTSUPP;
        }
        if (e->private_users != PRIVATE_USERS_NO) {
                /* systemd 252 creates the user namespace after the mounts when it is root; cordon
                 * creates it first, and a disk image cannot be mounted from inside it. */
                const Origin *pu = &e->private_users_origin;
                r = diag_add(diags, pu->file ? pu->file : at->file, pu->file ? pu->line : at->line,
                             pu->file ? pu->column : at->column, "run-unsupported", DIAG_ERROR,
                             NULL,
                             "PrivateUsers= together with RootImage= is not supported by cordon "
                             "run: the user namespace comes before the mounts, and a disk image "
                             "cannot be mounted inside it.");
                return r < 0 ? r : -EOPNOTSUPP;
        }
        if (!path_is_absolute(e->root_image.value) || strlen(e->root_image.value) >= 4096) {
                r = diag_add(diags, at->file, at->line, at->column, "run-invalid-path", DIAG_ERROR,
                             NULL, "RootImage= is not an absolute path.");
                return r < 0 ? r : -EINVAL;
        }
        img.path = strdup(e->root_image.value);
        if (!img.path)
                return -ENOMEM;
        img.read_only = image_read_only(e);
        r = parse_options(u, &img, diags);
        if (r >= 0)
                r = refuse_unsupported(u, o, diags);
        if (r < 0 && r != -EOPNOTSUPP) {
                plan_image_done(&img);
                return r;
        }
        *ret = img;
        return r;
}

static void put_flag_names(StrBuf *b, unsigned long set, unsigned long clear, bool *first)
{
        for (size_t i = 1; i < ELEMENTSOF(flag_options); i++) {
                unsigned long f = flag_options[i].set ? flag_options[i].set : flag_options[i].clear;
                bool on = flag_options[i].set != 0;
                if ((on && (set & f)) || (!on && (clear & f))) {
                        strbuf_printf(b, "%s%s", *first ? "" : ",", flag_options[i].name);
                        *first = false;
                }
        }
}

void plan_image_print(StrBuf *b, const PlanImage *img)
{
        if (!img->path)
                return;
        strbuf_printf(b, "root image: %s, %s", img->path,
                      img->read_only ? "read-only" : "writable where the image allows");
        if (img->origin.file)
                strbuf_printf(b, "  # RootImage= at %s:%u", path_basename(img->origin.file),
                              img->origin.line);
        strbuf_putc(b, '\n');
        strbuf_puts(b, "  each partition on its own loop device (autoclear), mounted nodev "
                       "before the mounts below\n");
        for (DissectDesignator d = 0; d < _DISSECT_DESIGNATOR_MAX; d++) {
                const PlanImageOptions *o = &img->options[d];
                bool first = true;
                if (!o->flags_set && !o->flags_clear && !o->data)
                        continue;
                strbuf_printf(b, "  %s (%s): ", dissect_designator_to_string(d),
                              dissect_designator_mount_point(d));
                put_flag_names(b, o->flags_set, o->flags_clear, &first);
                if (o->data)
                        strbuf_printf(b, "%s%s", first ? "" : ",", o->data);
                if (img->options_origin.file)
                        strbuf_printf(b, "  # RootImageOptions= at %s:%u",
                                      path_basename(img->options_origin.file),
                                      img->options_origin.line);
                strbuf_putc(b, '\n');
        }
}
