/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Search path, fragment and drop-in discovery, and unit_load() end to end. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dropins.h"
#include "path-util.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static char root[] = "/tmp/cordon-dropins-XXXXXX";

/* Creates root/rel (and parents) with content; content NULL makes a /dev/null symlink. */
static int put(const char *rel, const char *content)
{
        char path[1024];
        FILE *f;

        snprintf(path, sizeof(path), "%s/%s", root, rel);
        for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
                *s = '\0';
                if (mkdir(path, 0755) < 0 && errno != EEXIST)
                        return -errno;
                *s = '/';
        }
        if (!content)
                return symlink("/dev/null", path) < 0 ? -errno : 0;
        f = fopen(path, "we");
        if (!f)
                return -errno;
        fputs(content, f);
        fclose(f);
        return 0;
}

static void rm_rf(const char *path)
{
        DIR *d = opendir(path);
        struct dirent *de;

        if (!d) {
                unlink(path);
                return;
        }
        while ((de = readdir(d))) {
                char p[1024];
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
                rm_rf(p);
        }
        closedir(d);
        rmdir(path);
}

static const char *rel(const char *p)
{
        size_t n = strlen(root);
        return strneq(p, root, n) ? p + n : p;
}

/* A fresh temporary root per test (a failed test may leave the previous one behind). */
static char *setup_root(void)
{
        strcpy(root, "/tmp/cordon-dropins-XXXXXX");
        return mkdtemp(root);
}

static char *joined_basenames(char **l)
{
        char *s = NULL;
        STRV_FOREACH (p, l) {
                if (strextend(&s, s ? " " : "", rel(*p)) < 0)
                        abort();
        }
        return s ? s : strdup("");
}

TEST(search_path)
{
        char **l = unit_search_path("/r", false);
        ASSERT_NOT_NULL(l);
        ASSERT_STREQ(l[0], "/r/etc/systemd/system.control");
        ASSERT_TRUE(strv_contains(l, "/r/etc/systemd/system"));
        ASSERT_TRUE(strv_contains(l, "/r/lib/systemd/system"));
        ASSERT_STREQ(l[strv_length(l) - 1], "/r/usr/lib/systemd/system");
        /* Debian's order, and no transient/generator directories (systemd-analyze --offline) */
        ASSERT_STREQ(l[strv_length(l) - 2], "/r/lib/systemd/system");
        ASSERT_FALSE(strv_contains(l, "/r/run/systemd/transient"));
        ASSERT_FALSE(strv_contains(l, "/r/run/systemd/generator"));
        strv_free(l);
        l = unit_search_path(NULL, false);
        ASSERT_STREQ(l[2], "/etc/systemd/system");
        strv_free(l);

        /* user manager: ~/.config first, the vendor directory near the end */
        setenv("HOME", "/home/u", 1);
        unsetenv("XDG_CONFIG_HOME");
        setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
        l = unit_search_path(NULL, true);
        ASSERT_NOT_NULL(l);
        ASSERT_STREQ(l[0], "/home/u/.config/systemd/user.control");
        ASSERT_TRUE(strv_contains(l, "/etc/systemd/user"));
        ASSERT_TRUE(strv_contains(l, "/home/u/.local/share/systemd/user"));
        ASSERT_STREQ(l[strv_length(l) - 1], "/usr/lib/systemd/user");
        ASSERT_TRUE(strv_contains(l, "/run/user/7/systemd/user"));
        strv_free(l);
        unsetenv("XDG_RUNTIME_DIR");
}

TEST(dropin_order_shadowing_masking)
{
        char **search, **paths = NULL, *s;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("usr/lib/systemd/system/foo-bar-baz@.service", "[Service]\nA=frag\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/10-a.conf", "# etc\n"));
        ASSERT_OK(put("run/systemd/system/foo-bar-baz@inst.service.d/10-a.conf", "# run\n"));
        ASSERT_OK(put("run/systemd/system/foo-bar-baz@inst.service.d/15-run.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/README.txt", "no\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/.hidden.conf", "no\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@.service.d/20-template.conf", "#\n"));
        ASSERT_OK(put("usr/lib/systemd/system/foo-.service.d/05-prefix.conf", "#\n"));
        ASSERT_OK(put("usr/lib/systemd/system/foo-bar-.service.d/06-prefix2.conf", "#\n"));
        ASSERT_OK(put("lib/systemd/system/service.d/00-type.conf", "#\n"));
        /* a /dev/null symlink masks the lower-priority file of the same name */
        ASSERT_OK(put("etc/systemd/system/service.d/30-masked.conf", NULL));
        ASSERT_OK(put("usr/lib/systemd/system/service.d/30-masked.conf", "[Service]\nA=x\n"));
        /* a unit-specific drop-in shadows a same-named type-wide one even from a lower dir */
        ASSERT_OK(put("usr/lib/systemd/system/foo-bar-baz@inst.service.d/40-same.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/service.d/40-same.conf", "#\n"));
        /* other units' drop-ins do not apply */
        ASSERT_OK(put("etc/systemd/system/foo-bar-qux.service.d/01-other.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/socket.d/01-other.conf", "#\n"));

        search = unit_search_path(root, false);
        ASSERT_OK(unit_find_dropins("foo-bar-baz@inst.service", NULL, search, &paths));
        s = joined_basenames(paths);
        ASSERT_STREQ(s, "/lib/systemd/system/service.d/00-type.conf "
                        "/usr/lib/systemd/system/foo-.service.d/05-prefix.conf "
                        "/usr/lib/systemd/system/foo-bar-.service.d/06-prefix2.conf "
                        "/etc/systemd/system/foo-bar-baz@inst.service.d/10-a.conf "
                        "/run/systemd/system/foo-bar-baz@inst.service.d/15-run.conf "
                        "/etc/systemd/system/foo-bar-baz@.service.d/20-template.conf "
                        "/usr/lib/systemd/system/foo-bar-baz@inst.service.d/40-same.conf");
        free(s);
        strv_free(paths);

        /* "foo-.service": the trailing dash is chopped once and "foo" has no further prefix */
        ASSERT_OK(unit_find_dropins("foo-.service", NULL, search, &paths));
        s = joined_basenames(paths);
        ASSERT_STREQ(s, "/lib/systemd/system/service.d/00-type.conf "
                        "/usr/lib/systemd/system/foo-.service.d/05-prefix.conf "
                        "/etc/systemd/system/service.d/40-same.conf");
        free(s);
        strv_free(paths);
        strv_free(search);
        rm_rf(root);
}

/* What is probed before it is opened: a drop-in "directory" that is a regular file adds
 * nothing, one that is a symlink to a directory is read through it, a dangling symlink adds
 * nothing, a search directory that is a file or absent holds nothing; with and without the
 * directory cache alike. */
TEST(dropin_dirs_that_are_files_or_symlinks)
{
        char **search, **paths = NULL, *s, link[1024], target[1024];

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("usr/lib/systemd/system/ln.service", "[Service]\nA=frag\n"));
        ASSERT_OK(put("etc/systemd/system/ln.service.d", "not a directory\n"));
        ASSERT_OK(put("srv/real.d/10-linked.conf", "#\n"));
        snprintf(link, sizeof(link), "%s/usr/lib/systemd/system/ln.service.d", root);
        snprintf(target, sizeof(target), "%s/srv/real.d", root);
        ASSERT_OK(symlink(target, link));
        snprintf(link, sizeof(link), "%s/lib/systemd/system/service.d", root);
        ASSERT_OK(put("lib/systemd/system/keep", "#\n"));
        ASSERT_OK(symlink("/nonexistent-cordon/service.d", link));
        ASSERT_OK(put("run/systemd/system", "a file where a search directory would be\n"));
        ASSERT_OK(put("usr/local/lib/systemd/system/ln-.service.d/20-prefix.conf", "#\n"));

        search = unit_search_path(root, false);
        for (int cached = 0; cached < 2; cached++) {
                DirCache *c = cached ? dir_cache_new() : NULL;
                if (cached)
                        ASSERT_NOT_NULL(c);
                ASSERT_OK(unit_find_dropins_cached("ln.service", NULL, search, c, &paths));
                s = joined_basenames(paths);
                ASSERT_STREQ(s, "/usr/lib/systemd/system/ln.service.d/10-linked.conf");
                free(s);
                paths = strv_free(paths);
                /* a dash prefix in a directory that exists, none in the absent ones */
                ASSERT_OK(unit_find_dropins_cached("ln-x.service", NULL, search, c, &paths));
                s = joined_basenames(paths);
                ASSERT_STREQ(s, "/usr/local/lib/systemd/system/ln-.service.d/20-prefix.conf");
                free(s);
                paths = strv_free(paths);
                dir_cache_free(c);
        }
        strv_free(search);
        /* rm_rf() would follow the links */
        ASSERT_OK(unlink(link));
        snprintf(link, sizeof(link), "%s/usr/lib/systemd/system/ln.service.d", root);
        ASSERT_OK(unlink(link));
        rm_rf(root);
}

TEST(fragment_lookup)
{
        char **search, *frag = NULL;
        bool masked;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("usr/lib/systemd/system/a.service", "[Service]\n"));
        ASSERT_OK(put("etc/systemd/system/a.service", "[Unit]\n"));
        ASSERT_OK(put("usr/lib/systemd/system/t@.service", "[Unit]\n"));
        ASSERT_OK(put("etc/systemd/system/m.service", NULL));
        ASSERT_OK(put("usr/lib/systemd/system/m.service", "[Unit]\n"));
        ASSERT_OK(put("usr/lib/systemd/system/empty.service", ""));
        search = unit_search_path(root, false);

        ASSERT_OK(unit_find_fragment("a.service", NULL, search, &frag, &masked));
        ASSERT_STREQ(rel(frag), "/etc/systemd/system/a.service");
        ASSERT_FALSE(masked);
        free(frag);
        ASSERT_OK(unit_find_fragment("t@x.service", NULL, search, &frag, &masked));
        ASSERT_STREQ(rel(frag), "/usr/lib/systemd/system/t@.service");
        free(frag);
        ASSERT_OK(unit_find_fragment("m.service", NULL, search, &frag, &masked));
        ASSERT_TRUE(masked);
        free(frag);
        ASSERT_OK(unit_find_fragment("empty.service", NULL, search, &frag, &masked));
        ASSERT_TRUE(masked);
        free(frag);
        ASSERT_OK(unit_find_fragment("none.service", NULL, search, &frag, &masked));
        ASSERT_NULL(frag);
        ASSERT_ERROR(unit_find_fragment("bad name", NULL, search, &frag, &masked), EINVAL);
        strv_free(search);
        rm_rf(root);
}

TEST(load_by_name_under_root)
{
        UnitLoadOptions o = {0};
        DiagList d = {0};
        Unit *u = NULL;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("lib/systemd/system/web@.service",
                      "[Unit]\nDescription=frag\n[Service]\nExecStart=/bin/true\n"));
        ASSERT_OK(
                put("etc/systemd/system/web@.service.d/50-x.conf", "[Unit]\nDescription=dropin\n"));
        ASSERT_OK(put("etc/systemd/system/masked.service", NULL));
        ASSERT_OK(put("etc/systemd/system/empty.service", ""));
        o.root = root;

        ASSERT_OK(unit_load("web@.service", &o, &u, &d));
        ASSERT_STREQ(u->id, "web@i.service");
        ASSERT_STREQ(rel(u->fragment_path), "/lib/systemd/system/web@.service");
        ASSERT_EQ(strv_length(u->dropin_paths), 1);
        ASSERT_EQ(u->n_assignments, 3);
        /* fragment first, drop-ins after it */
        ASSERT_STREQ(u->assignments[2].value, "dropin");
        ASSERT_TRUE(u->assignments[2].from_dropin);
        ASSERT_EQ(u->systemd_version, 252);
        ASSERT_NULL(u->options);
        u = unit_free(u);

        o.default_instance = "other";
        ASSERT_OK(unit_load("web@.service", &o, &u, &d));
        ASSERT_STREQ(u->id, "web@other.service");
        u = unit_free(u);
        ASSERT_OK(unit_load("web@given.service", &o, &u, &d));
        ASSERT_STREQ(u->id, "web@given.service");
        ASSERT_STREQ(u->instance, "given");
        ASSERT_TRUE(u->is_template);
        u = unit_free(u);
        /* an instance with its own file is not loaded from the template */
        ASSERT_OK(put("etc/systemd/system/web@special.service", "[Service]\nExecStart=/x\n"));
        ASSERT_OK(unit_load("web@special.service", &o, &u, &d));
        ASSERT_STREQ(rel(u->fragment_path), "/etc/systemd/system/web@special.service");
        ASSERT_FALSE(u->is_template);
        ASSERT_STREQ(u->instance, "special");
        /* the template's drop-ins still apply to it */
        ASSERT_EQ(strv_length(u->dropin_paths), 1);
        u = unit_free(u);

        ASSERT_ERROR(unit_load("masked.service", &o, &u, &d), ERFKILL);
        ASSERT_TRUE(u && u->masked);
        u = unit_free(u);
        ASSERT_ERROR(unit_load("empty.service", &o, &u, &d), ERFKILL);
        u = unit_free(u);
        ASSERT_ERROR(unit_load("missing.service", &o, &u, &d), ENOENT);

        /* Like systemd-analyze 252, absolute links below --root are followed on the host: the
         * unit is not found, the drop-in is skipped but still shadows a lower one. */
        {
                char link[1024];
                ASSERT_OK(put("opt/app/linked.service", "[Service]\nExecStart=/x\n"));
                snprintf(link, sizeof(link), "%s/etc/systemd/system/linked.service", root);
                ASSERT_OK(symlink("/nonexistent-cordon/linked.service", link));
                ASSERT_OK(put("lib/systemd/system/other.service", "[Service]\nExecStart=/x\n"));
                ASSERT_OK(put("lib/systemd/system/other.service.d/50-l.conf", "[Unit]\nA=b\n"));
                snprintf(link, sizeof(link), "%s/etc/systemd/system/other.service.d", root);
                ASSERT_OK(mkdir(link, 0755));
                strcat(link, "/50-l.conf");
                ASSERT_OK(symlink("/nonexistent-cordon/50-l.conf", link));
        }
        ASSERT_ERROR(unit_load("linked.service", &o, &u, &d), ENOENT);
        u = unit_free(u);
        ASSERT_OK(unit_load("other.service", &o, &u, &d));
        ASSERT_EQ(strv_length(u->dropin_paths), 0);
        ASSERT_EQ(u->n_assignments, 1);
        u = unit_free(u);
        ASSERT_NULL(u);
        ASSERT_ERROR(unit_load("not a unit", &o, &u, &d), EINVAL);
        diag_list_done(&d);
        rm_rf(root);
}

TEST(load_by_path_uses_dropins_next_to_it)
{
        char path[1024], rootdir[1024];
        UnitLoadOptions o = {0};
        DiagList d = {0};
        Unit *u = NULL;
        int r;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("proj/app.service", "[Service]\nExecStart=/bin/true\n"));
        ASSERT_OK(put("proj/app.service.d/10-h.conf", "[Service]\nX-A=1\n"));
        ASSERT_OK(put("proj/app.service.d/notes.txt", "[Service]\nX-B=1\n"));
        /* a --root that is empty: nothing from the host leaks in */
        ASSERT_OK(put("hostroot/etc/systemd/system/app.service.d/20-root.conf",
                      "[Service]\nX-C=1\n"));
        snprintf(rootdir, sizeof(rootdir), "%s/hostroot", root);
        o.root = rootdir;
        snprintf(path, sizeof(path), "%s/proj/app.service", root);
        ASSERT_OK(unit_load(path, &o, &u, &d));
        ASSERT_STREQ(u->id, "app.service");
        ASSERT_STREQ(u->fragment_path, path);
        ASSERT_EQ(strv_length(u->dropin_paths), 2);
        ASSERT_STREQ(rel(u->dropin_paths[0]), "/proj/app.service.d/10-h.conf");
        ASSERT_STREQ(rel(u->dropin_paths[1]),
                     "/hostroot/etc/systemd/system/app.service.d/20-root.conf");
        u = unit_free(u);

        /* a relative path is taken from the working directory; paths become absolute */
        {
                char cwd[1024], dir[1100];
                ASSERT_NOT_NULL(getcwd(cwd, sizeof(cwd)));
                snprintf(dir, sizeof(dir), "%s/proj", root);
                ASSERT_OK(chdir(dir));
                r = unit_load("./app.service", &o, &u, &d);
                ASSERT_OK(chdir(cwd));
                ASSERT_OK(r);
                ASSERT_STREQ(rel(u->fragment_path), "/proj/app.service");
                ASSERT_STREQ(rel(u->dropin_paths[0]), "/proj/app.service.d/10-h.conf");
                u = unit_free(u);

                /* a bare name is also looked up in the working directory first, as
                 * systemd-analyze --offline makes every argument absolute against it */
                ASSERT_OK(chdir(dir));
                r = unit_load("app.service", &o, &u, &d);
                ASSERT_OK(chdir(cwd));
                ASSERT_OK(r);
                ASSERT_STREQ(rel(u->fragment_path), "/proj/app.service");
                ASSERT_STREQ(rel(u->dropin_paths[0]), "/proj/app.service.d/10-h.conf");
                u = unit_free(u);
        }

        snprintf(path, sizeof(path), "%s/proj/nothere.service", root);
        ASSERT_ERROR(unit_load(path, &o, &u, &d), ENOENT);

        /* an instance path uses the template next to it, as systemd-analyze does */
        ASSERT_OK(put("proj/tpl@.service", "[Service]\nExecStart=/bin/true\n"));
        snprintf(path, sizeof(path), "%s/proj/tpl@one.service", root);
        ASSERT_OK(unit_load(path, &o, &u, &d));
        ASSERT_STREQ(u->id, "tpl@one.service");
        ASSERT_STREQ(rel(u->fragment_path), "/proj/tpl@.service");
        u = unit_free(u);

        /* a drop-in systemd refuses (NUL byte) is skipped; the unit still loads */
        ASSERT_OK(put("proj/app.service.d/30-bad.conf", "[Service]\nX-D=\x01"));
        snprintf(path, sizeof(path), "%s/proj/app.service.d/30-bad.conf", root);
        {
                FILE *f = fopen(path, "we");
                ASSERT_NOT_NULL(f);
                fwrite("[Service]\nX-D=1\n\0\n", 1, 18, f);
                fclose(f);
        }
        snprintf(path, sizeof(path), "%s/proj/app.service", root);
        ASSERT_OK(unit_load(path, &o, &u, &d));
        ASSERT_EQ(strv_length(u->dropin_paths), 3);
        ASSERT_TRUE(diag_list_has_rule(&d, "nul-byte"));
        u = unit_free(u);
        diag_list_done(&d);
        rm_rf(root);
}

TEST(load_buffer)
{
        DiagList d = {0};
        Unit *u = NULL;
        static const char text[] = "[Unit]\nDescription=x\n[Service]\nX-Foo=1\nBogusKey=1\n";

        ASSERT_OK(unit_load_buffer("b@.service", "/virt/b@.service", text, sizeof(text) - 1, NULL,
                                   &u, &d));
        ASSERT_STREQ(u->id, "b@i.service");
        ASSERT_STREQ(u->fragment_path, "/virt/b@.service");
        ASSERT_EQ(u->n_assignments, 3);
        ASSERT_NOT_NULL(u->origins);
        /* X- keys are silent, unknown ones are reported at their line */
        ASSERT_EQ(diag_list_count(&d, DIAG_WARNING), 1);
        ASSERT_TRUE(diag_list_has_rule(&d, "unknown-directive"));
        ASSERT_EQ(d.items[0].line, 5);
        ASSERT_TRUE(strstr(d.items[0].message, "Unknown key 'BogusKey' in section [Service]"));
        u = unit_free(u);
        diag_list_done(&d);

        ASSERT_ERROR(unit_load_buffer("e.service", NULL, "", 0, NULL, &u, &d), ERFKILL);
        ASSERT_TRUE(u && u->masked);
        u = unit_free(u);
        ASSERT_ERROR(unit_load_buffer("n.service", NULL, "[Service]\n\0", 11, NULL, &u, &d),
                     EBADMSG);
        ASSERT_NULL(u);
        diag_list_done(&d);

        /* like systemd, lines before a refusing line are still dispatched and reported */
        ASSERT_ERROR(
                unit_load_buffer("h.service", NULL, "[Service]\nBogus=1\n[Bad\n", 23, NULL, &u, &d),
                EBADMSG);
        ASSERT_NULL(u);
        ASSERT_TRUE(diag_list_has_rule(&d, "unknown-directive"));
        ASSERT_TRUE(diag_list_has_rule(&d, "syntax"));
        diag_list_done(&d);
}

TEST(wrong_section)
{
        DiagList d = {0};
        Unit *u = NULL;
        static const char text[] = "[Unit]\nExecStart=/bin/true\n";

        if (!directive_lookup(SECTION_SERVICE, "ExecStart"))
                TEST_SKIP("directive table does not know ExecStart");
        ASSERT_OK(unit_load_buffer("w.service", NULL, text, sizeof(text) - 1, NULL, &u, &d));
        ASSERT_TRUE(diag_list_has_rule(&d, "wrong-section"));
        ASSERT_STREQ(d.items[0].fix, "Service");
        unit_free(u);
        diag_list_done(&d);
}

/* Every unit in tests/data/units loads (or is reported masked) without crashing. */
static void load_tree(const char *dir, unsigned *n, unsigned *bad, char *first_bad, size_t fbsz)
{
        DIR *d = opendir(dir);
        struct dirent *de;

        if (!d)
                return;
        while ((de = readdir(d))) {
                char p[2048];
                struct stat st;

                if (de->d_name[0] == '.' || streq(de->d_name, "_reference"))
                        continue;
                snprintf(p, sizeof(p), "%s/%s", dir, de->d_name);
                if (lstat(p, &st) < 0)
                        continue;
                if (S_ISDIR(st.st_mode) && !endswith(de->d_name, ".d"))
                        load_tree(p, n, bad, first_bad, fbsz);
                else if (S_ISREG(st.st_mode) && endswith(de->d_name, ".service")) {
                        UnitLoadOptions o = {.hostname = "h", .machine_id = NULL};
                        DiagList diags = {0};
                        Unit *u = NULL;
                        int r = unit_load(p, &o, &u, &diags);

                        (*n)++;
                        if (r < 0 && r != -ERFKILL) {
                                if (!*bad)
                                        snprintf(first_bad, fbsz, "%s: %s", p, strerror(-r));
                                (*bad)++;
                        } else if (!u)
                                (*bad)++;
                        unit_free(u);
                        diag_list_done(&diags);
                }
        }
        closedir(d);
}

TEST(load_every_data_unit)
{
        char dir[1024], first_bad[2300] = "";
        unsigned n = 0, bad = 0;

        snprintf(dir, sizeof(dir), "%s/units", test_data_dir());
        load_tree(dir, &n, &bad, first_bad, sizeof(first_bad));
        ASSERT_GT(n, 50);
        if (bad)
                test_fail(__FILE__, __LINE__, "%u of %u units failed, first: %s", bad, n,
                          first_bad);
}

/* systemd N does not know directives added after N: emulating 252 reports them like systemd. */
TEST(version_gating)
{
        size_t n;
        const Directive *t = directive_table(&n), *newer = NULL;
        UnitLoadOptions o = {.systemd_version = 252};
        DiagList d = {0};
        Unit *u = NULL;
        char text[256];
        int len;

        for (size_t i = 0; i < n && !newer; i++)
                if (t[i].section == SECTION_SERVICE && t[i].since > 252 && !t[i].removed)
                        newer = &t[i];
        if (!newer)
                TEST_SKIP("no directive newer than 252 in the table");
        len = snprintf(text, sizeof(text), "[Service]\n%s=\n", newer->name);
        ASSERT_OK(unit_load_buffer("v.service", NULL, text, (size_t) len, &o, &u, &d));
        ASSERT_TRUE(diag_list_has_rule(&d, "unknown-directive"));
        ASSERT_FALSE(origin_is_set(&u->origins[newer->index]));
        u = unit_free(u);
        diag_list_done(&d);

        o.systemd_version = 999;
        ASSERT_OK(unit_load_buffer("v.service", NULL, text, (size_t) len, &o, &u, &d));
        ASSERT_FALSE(diag_list_has_rule(&d, "unknown-directive"));
        ASSERT_EQ(u->systemd_version, 999);
        ASSERT_TRUE(origin_is_set(&u->origins[newer->index]));
        ASSERT_EQ(u->origins[newer->index].line, 2);
        unit_free(u);
        diag_list_done(&d);
}

/* ---- differential check against the real systemd-analyze, when it is systemd 252 */

static bool systemd_analyze_is_252(void)
{
        FILE *f = popen("systemd-analyze --version 2>/dev/null", "r");
        char line[256] = "";
        bool ok;

        if (!f)
                return false;
        ok = fgets(line, sizeof(line), f) && startswith(line, "systemd 252");
        pclose(f);
        return ok;
}

/* Lines systemd's parser itself prints (not value parsers), as "line: message". */
static bool is_lexer_message(const char *m)
{
        return startswith(m, "Missing ") || startswith(m, "Unknown section") ||
               startswith(m, "Unknown key") || startswith(m, "Assignment outside") ||
               startswith(m, "Invalid section header") || startswith(m, "Bad characters");
}

static char **systemd_messages(const char *dir, const char *file)
{
        char cmd[2600], line[4096], prefix[2200];
        char **l = NULL;
        FILE *f;

        snprintf(cmd, sizeof(cmd),
                 "cd '%s' && LANG=C SYSTEMD_COLORS=0 systemd-analyze security --offline=true "
                 "--no-pager './%s' 2>&1 >/dev/null",
                 dir, file);
        snprintf(prefix, sizeof(prefix), "%s/%s:", dir, file);
        f = popen(cmd, "r");
        if (!f)
                return NULL;
        while (fgets(line, sizeof(line), f)) {
                const char *rest = startswith(line, prefix);
                const char *msg = rest ? strstr(rest, ": ") : NULL;
                if (!msg || !is_lexer_message(msg + 2))
                        continue;
                line[strcspn(line, "\n")] = '\0';
                if (strv_extend(&l, rest) < 0)
                        abort();
        }
        pclose(f);
        return l;
}

static char **cordon_messages(const char *path, int *ret_r)
{
        DiagList d = {0};
        Unit *u = NULL;
        char **l = NULL;

        *ret_r = unit_load(path, NULL, &u, &d);
        for (size_t i = 0; i < d.n; i++) {
                char buf[4200];
                const char *m = d.items[i].message;
                char *cut;
                if (!d.items[i].file || !streq(d.items[i].file, path) || !is_lexer_message(m))
                        continue;
                snprintf(buf, sizeof(buf), "%u: %s", d.items[i].line, m);
                cut = strstr(buf, " (");
                if (cut && startswith(m, "Unknown key") && strstr(cut, "belongs in"))
                        *cut = '\0'; /* cordon's wrong-section note */
                if (strv_extend(&l, buf) < 0)
                        abort();
        }
        unit_free(u);
        diag_list_done(&d);
        return l;
}

TEST(differential_lexer_vs_systemd)
{
        static const char *const pieces[] = {
                "[Service]\n",
                "[Unit]\n",
                "[X-Foo]\n",
                "[Socket]\n",
                "[Bad\n",
                "[]\n",
                "\n",
                "\r\n",
                "\\\n",
                " \\   \n",
                "# c\n",
                "; c\n",
                "=",
                "Bogus",
                "X-Key",
                " ",
                "\t",
                "value",
                "\xef\xbb\xbf",
                "PrivateTmp=yes\n",
                "NoNewPrivileges=yes \\\n",
                "Foo=1\n",
                "nokey\n",
                "=x\n",
                "User=nobody\n",
        };
        unsigned seed = 4242;

        if (!systemd_analyze_is_252())
                TEST_SKIP("systemd-analyze of systemd 252 not available");
        ASSERT_NOT_NULL(setup_root());
        for (int iter = 0; iter < 25; iter++) {
                char text[2048], path[1100], dir[1100];
                char **a, **b, *ja, *jb;
                size_t len;
                int r, n;

                len = (size_t) snprintf(text, sizeof(text), "[Service]\nExecStart=/bin/true\n");
                seed = seed * 1103515245u + 12345u;
                n = 3 + (int) ((seed >> 16) % 20);
                for (int k = 0; k < n; k++) {
                        const char *p;
                        seed = seed * 1103515245u + 12345u;
                        p = pieces[(seed >> 16) % ELEMENTSOF(pieces)];
                        if (len + strlen(p) >= sizeof(text))
                                break;
                        memcpy(text + len, p, strlen(p));
                        len += strlen(p);
                }
                text[len] = '\0';
                ASSERT_OK(put("d/t.service", text));
                snprintf(path, sizeof(path), "%s/d/t.service", root);
                snprintf(dir, sizeof(dir), "%s/d", root);
                a = systemd_messages(dir, "t.service");
                b = cordon_messages(path, &r);
                strv_sort(a);
                strv_sort(b);
                ja = strv_join(a, "\n");
                jb = strv_join(b, "\n");
                if (!streq(strempty(ja), strempty(jb)))
                        test_fail(__FILE__, __LINE__, "doc %d:\n%s\nsystemd:\n%s\ncordon:\n%s",
                                  iter, text, strempty(ja), strempty(jb));
                free(ja);
                free(jb);
                strv_free(a);
                strv_free(b);
        }
        rm_rf(root);
}

TEST(apply_findings_are_capped)
{
        size_t n = 20000, len = 0;
        char *t = malloc(n * 12 + 16);
        DiagList d = {0};
        Unit *u = NULL;

        ASSERT_NOT_NULL(t);
        len += (size_t) sprintf(t, "[Service]\n");
        for (size_t i = 0; i < n; i++)
                len += (size_t) sprintf(t + len, "Bogus%zu=1\n", i % 10);
        ASSERT_OK(unit_load_buffer("c.service", NULL, t, len, NULL, &u, &d));
        free(t);
        ASSERT_EQ(d.n, 5001);
        ASSERT_STREQ(d.items[5000].message, "Too many problems in this unit, not reporting more.");
        unit_free(u);
        diag_list_done(&d);
}
