/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The per-invocation directory cache, and that discovery through it finds exactly what probing
 * the file system finds. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dir-cache.h"
#include "dropins.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static char root[] = "/tmp/cordon-dircache-XXXXXX";

/* Creates root/rel (and parents); content NULL makes a /dev/null symlink, a content starting
 * with "->" a symlink to the rest. */
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
        if (startswith(content, "->"))
                return symlink(content + 2, path) < 0 ? -errno : 0;
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
                struct stat st;
                if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                        rm_rf(p);
                else
                        unlink(p);
        }
        closedir(d);
        rmdir(path);
}

static char *setup_root(void)
{
        strcpy(root, "/tmp/cordon-dircache-XXXXXX");
        return mkdtemp(root);
}

static char *sub(const char *rel)
{
        char *p = NULL;
        if (asprintf(&p, "%s/%s", root, rel) < 0)
                abort();
        return p;
}

TEST(listing_and_lookup)
{
        DirCache *c = dir_cache_new();
        const DirCacheDir *d = NULL;
        DirEntryType t;
        char *dir, *file;

        ASSERT_NOT_NULL(c);
        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("a/z.service", "[Unit]\n"));
        ASSERT_OK(put("a/b.service", ""));
        ASSERT_OK(put("a/m.service", NULL));
        ASSERT_OK(put("a/x.service.d/1.conf", "#\n"));
        dir = sub("a");
        file = sub("a/z.service");

        ASSERT_EQ(dir_cache_get(c, dir, &d), 1);
        ASSERT_EQ(d->n_entries, 4u); /* no "." and ".." */
        /* sorted, so lookups can bisect */
        ASSERT_STREQ(d->entries[0].name, "b.service");
        ASSERT_STREQ(d->entries[3].name, "z.service");
        ASSERT_EQ(dir_cache_lookup(c, dir, "z.service", &t), 1);
        ASSERT_EQ(t, DIR_ENTRY_REGULAR);
        ASSERT_EQ(dir_cache_lookup(c, dir, "x.service.d", &t), 1);
        ASSERT_EQ(t, DIR_ENTRY_DIRECTORY);
        ASSERT_EQ(dir_cache_lookup(c, dir, "m.service", &t), 1);
        ASSERT_EQ(t, DIR_ENTRY_OTHER); /* a symlink: callers must follow it */
        ASSERT_EQ(dir_cache_lookup(c, dir, "zz.service", &t), 0);
        ASSERT_EQ(dir_cache_lookup(c, dir, "", &t), 0);

        /* missing directories and files used as directories are empty, not errors */
        ASSERT_EQ(dir_cache_lookup(c, "/nonexistent/cordon/dir", "a.service", &t), 0);
        ASSERT_EQ(dir_cache_get(c, file, &d), 0);
        ASSERT_NULL(d);

        /* listed once: later changes are not seen (one invocation, not a live view) */
        ASSERT_OK(put("a/new.service", "[Unit]\n"));
        ASSERT_EQ(dir_cache_lookup(c, dir, "new.service", &t), 0);
        c = dir_cache_free(c);
        c = dir_cache_new();
        ASSERT_EQ(dir_cache_lookup(c, dir, "new.service", &t), 1);

        ASSERT_NOT_NULL(dir_cache_cwd(c));
        ASSERT_TRUE(dir_cache_cwd(c) == dir_cache_cwd(c)); /* asked once */
        dir_cache_free(c);
        free(dir);
        free(file);
        rm_rf(root);
}

TEST(many_directories)
{
        /* the hash table grows past its first size; every directory stays findable */
        DirCache *c = dir_cache_new();
        char *base;
        DirEntryType t;

        ASSERT_NOT_NULL(setup_root());
        for (int i = 0; i < 200; i++) {
                char rel[64];
                snprintf(rel, sizeof rel, "d%03d/u%03d.service", i, i);
                ASSERT_OK(put(rel, "[Unit]\n"));
        }
        base = sub("");
        for (int pass = 0; pass < 2; pass++)
                for (int i = 0; i < 200; i++) {
                        char dir[1100], name[64];
                        snprintf(dir, sizeof dir, "%sd%03d", base, i);
                        snprintf(name, sizeof name, "u%03d.service", i);
                        ASSERT_EQ(dir_cache_lookup(c, dir, name, &t), 1);
                        snprintf(name, sizeof name, "u%03d.service", (i + 1) % 200);
                        ASSERT_EQ(dir_cache_lookup(c, dir, name, &t), 0);
                }
        free(base);
        dir_cache_free(c);
        rm_rf(root);
}

static void assert_same_dropins(const char *name, const char *extra, char **search)
{
        DirCache *c = dir_cache_new();
        char **plain = NULL, **cached = NULL, *f1 = NULL, *f2 = NULL;
        bool m1 = false, m2 = false;
        int r1, r2;

        ASSERT_NOT_NULL(c);
        ASSERT_OK(unit_find_dropins(name, extra, search, &plain));
        /* twice through one cache: the second call is served from the listings */
        for (int i = 0; i < 2; i++) {
                ASSERT_OK(unit_find_dropins_cached(name, extra, search, c, &cached));
                ASSERT_EQ(strv_length(cached), strv_length(plain));
                for (size_t k = 0; k < strv_length(plain); k++)
                        ASSERT_STREQ(cached[k], plain[k]);
                cached = strv_free(cached);
        }
        r1 = unit_find_fragment(name, extra, search, &f1, &m1);
        r2 = unit_find_fragment_cached(name, extra, search, c, &f2, &m2, NULL);
        ASSERT_EQ(r1, r2);
        ASSERT_STREQ(strnull(f1), strnull(f2));
        ASSERT_EQ(m1, m2);
        free(f1);
        free(f2);
        strv_free(plain);
        dir_cache_free(c);
}

TEST(cached_discovery_equals_probing)
{
        char **search, *extra;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("usr/lib/systemd/system/foo-bar-baz@.service", "[Service]\nA=frag\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/10-a.conf", "# etc\n"));
        ASSERT_OK(put("run/systemd/system/foo-bar-baz@inst.service.d/10-a.conf", "# run\n"));
        ASSERT_OK(put("run/systemd/system/foo-bar-baz@inst.service.d/15-run.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/.hidden.conf", "no\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@.service.d/20-template.conf", "#\n"));
        ASSERT_OK(put("usr/lib/systemd/system/foo-.service.d/05-prefix.conf", "#\n"));
        ASSERT_OK(put("lib/systemd/system/service.d/00-type.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/service.d/30-masked.conf", NULL));
        ASSERT_OK(put("usr/lib/systemd/system/service.d/30-masked.conf", "[Service]\nA=x\n"));
        /* an empty drop-in masks too; a directory named *.conf takes its name */
        ASSERT_OK(put("etc/systemd/system/service.d/31-empty.conf", ""));
        ASSERT_OK(put("usr/lib/systemd/system/service.d/31-empty.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/service.d/32-dir.conf/x", "#\n"));
        ASSERT_OK(put("usr/lib/systemd/system/service.d/32-dir.conf", "#\n"));
        /* a drop-in that is a symlink, and a drop-in directory that is a symlink */
        ASSERT_OK(put("usr/lib/systemd/system/shared/50-link.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/foo-bar-baz@inst.service.d/50-link.conf",
                      "->../../../../usr/lib/systemd/system/shared/50-link.conf"));
        ASSERT_OK(put("etc/systemd/system/linked.service.d",
                      "->../../../usr/lib/systemd/system/shared"));
        /* a regular file where a drop-in directory could be is skipped */
        ASSERT_OK(put("etc/systemd/system/plain.service.d", "not a directory\n"));
        ASSERT_OK(put("etc/systemd/system/masked.service", NULL));
        ASSERT_OK(put("etc/systemd/system/empty.service", ""));
        ASSERT_OK(put("etc/systemd/system/linked.service",
                      "->../../../usr/lib/systemd/system/foo-bar-baz@.service"));
        /* a unit's own directory, searched first */
        ASSERT_OK(put("work/foo-bar-baz@inst.service", "[Service]\nA=own\n"));
        ASSERT_OK(put("work/foo-bar-baz@inst.service.d/60-own.conf", "#\n"));
        ASSERT_OK(put("work/service.d/61-own-type.conf", "#\n"));

        search = unit_search_path(root, false);
        extra = sub("work");
        const char *names[] = {
                "foo-bar-baz@inst.service", "foo-.service",  "linked.service", "plain.service",
                "masked.service",           "empty.service", "none.service"};
        for (size_t i = 0; i < ELEMENTSOF(names); i++) {
                assert_same_dropins(names[i], NULL, search);
                assert_same_dropins(names[i], extra, search);
        }
        /* the tree does exercise every kind above: the full list through the cache */
        {
                DirCache *c = dir_cache_new();
                char **l = NULL, *s = NULL;
                ASSERT_OK(unit_find_dropins_cached(names[0], extra, search, c, &l));
                STRV_FOREACH (p, l)
                        ASSERT_OK(strextend(&s, s ? " " : "", strrchr(*p, '/') + 1));
                ASSERT_STREQ(s, "00-type.conf 05-prefix.conf 10-a.conf 15-run.conf "
                                "20-template.conf 50-link.conf 60-own.conf 61-own-type.conf");
                free(s);
                strv_free(l);
                l = NULL;
                ASSERT_OK(unit_find_dropins_cached("linked.service", NULL, search, c, &l));
                ASSERT_EQ(strv_length(l), 2u); /* 00-type.conf, 50-link.conf via the link */
                strv_free(l);
                dir_cache_free(c);
        }
        free(extra);
        strv_free(search);
        rm_rf(root);
}

TEST(load_through_cache)
{
        DirCache *c = dir_cache_new();
        UnitLoadOptions o = {.dir_cache = c};
        DiagList d = {0};
        Unit *u = NULL;
        char *frag, *cwd = getcwd(NULL, 0);

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("x/a.service", "[Unit]\nDescription=frag\n[Service]\nExecStart=/bin/true\n"));
        ASSERT_OK(put("x/a.service.d/10.conf", "[Unit]\nDescription=dropin\n"));
        ASSERT_OK(put("x/e.service", ""));
        frag = sub("x/a.service");
        o.root = root;

        ASSERT_OK(chdir(root));
        ASSERT_OK(unit_load("x/a.service", &o, &u, &d)); /* relative: against the cached cwd */
        ASSERT_STREQ(u->fragment_path, frag);
        ASSERT_EQ(strv_length(u->dropin_paths), 1u);
        ASSERT_TRUE(endswith(u->dropin_paths[0], "/x/a.service.d/10.conf"));
        u = unit_free(u);
        ASSERT_ERROR(unit_load("x/e.service", &o, &u, &d), ERFKILL);
        ASSERT_TRUE(u && u->masked);
        u = unit_free(u);
        ASSERT_ERROR(unit_load("x/none.service", &o, &u, &d), ENOENT);
        ASSERT_OK(chdir(cwd));
        diag_list_done(&d);
        free(frag);
        free(cwd);
        dir_cache_free(c);
        rm_rf(root);
}

TEST(search_path_remembered)
{
        DirCache *c = dir_cache_new();
        char **l = NULL;

        ASSERT_OK(strv_extend(&l, "/a"));

        ASSERT_NULL(dir_cache_get_search_path(c, NULL, false));
        ASSERT_OK(dir_cache_set_search_path(c, "/r", false, l));
        ASSERT_TRUE(dir_cache_get_search_path(c, "/r", false) == l);
        ASSERT_NULL(dir_cache_get_search_path(c, "/r", true));
        ASSERT_NULL(dir_cache_get_search_path(c, NULL, false));
        ASSERT_NULL(dir_cache_get_search_path(c, "/other", false));
        dir_cache_free(c);
}

TEST(hints_only_when_wanted)
{
        UnitLoadOptions o = {0};
        DiagList d = {0};
        Unit *u = NULL;
        char *path;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("h.service", "[Service]\nExecStart=/bin/true\nProtectSytem=yes\n"));
        path = sub("h.service");
        for (int skip = 0; skip < 2; skip++) {
                o.no_suggestions = skip;
                ASSERT_OK(unit_load(path, &o, &u, &d));
                ASSERT_EQ(d.n, 1u);
                ASSERT_STREQ(d.items[0].rule, "unknown-directive");
                if (skip)
                        ASSERT_NULL(d.items[0].fix);
                else
                        ASSERT_STREQ(d.items[0].fix, "ProtectSystem");
                u = unit_free(u);
                diag_list_done(&d);
        }
        free(path);
        rm_rf(root);
}

TEST(values_without_specifiers)
{
        UnitLoadOptions o = {0};
        DiagList d = {0};
        Unit *u = NULL;
        char *path, *body, *big;
        size_t n = 70 * 1024; /* more than UNIT_EXPANSION_MAX */

        ASSERT_NOT_NULL(setup_root());
        big = malloc(n + 1);
        ASSERT_NOT_NULL(big);
        memset(big, 'x', n);
        big[n] = '\0';
        ASSERT_OK(asprintf(&body,
                           "[Unit]\nDescription=plain text\nDocumentation=man:a(1)\n"
                           "[Service]\nExecStart=/bin/true %%n\nEnvironment=A=%s\n",
                           big) < 0
                          ? -ENOMEM
                          : 0);
        ASSERT_OK(put("s.service", body));
        path = sub("s.service");
        ASSERT_OK(unit_load(path, &o, &u, &d));
        /* taken as written, without a copy through the expander */
        ASSERT_STREQ(u->unit.description.value, "plain text");
        /* too long for expansion even without a '%': refused as before */
        ASSERT_EQ(d.n, 1u);
        ASSERT_STREQ(d.items[0].rule, "specifier-too-long");
        u = unit_free(u);
        diag_list_done(&d);
        free(big);
        free(body);
        free(path);
        rm_rf(root);
}

TEST(huge_directory_is_probed)
{
        /* past the per-directory bound a directory is not listed: lookups say so and discovery
         * probes it as without a cache, with the same results */
        DirCache *c = dir_cache_new();
        char *dir, **search, **plain = NULL, **cached = NULL;
        const DirCacheDir *d;
        DirEntryType t;

        ASSERT_NOT_NULL(setup_root());
        ASSERT_OK(put("etc/systemd/system/big.service.d/10-a.conf", "#\n"));
        ASSERT_OK(put("etc/systemd/system/big.service", "[Unit]\n"));
        for (unsigned i = 0; i < 20; i++) {
                char p[64];
                snprintf(p, sizeof p, "etc/systemd/system/f%02u.service", i);
                ASSERT_OK(put(p, "[Unit]\n"));
        }
        dir = sub("etc/systemd/system");
        dir_cache_set_entries_max(c, 10);
        ASSERT_ERROR(dir_cache_get(c, dir, &d), E2BIG);
        ASSERT_ERROR(dir_cache_lookup(c, dir, "big.service.d", &t), E2BIG);
        search = unit_search_path(root, false);
        ASSERT_OK(unit_find_dropins("big.service", NULL, search, &plain));
        ASSERT_OK(unit_find_dropins_cached("big.service", NULL, search, c, &cached));
        ASSERT_EQ(strv_length(plain), 1u);
        ASSERT_EQ(strv_length(cached), 1u);
        ASSERT_STREQ(cached[0], plain[0]);
        assert_same_dropins("big.service", NULL, search); /* fragment too, default bound */
        strv_free(plain);
        strv_free(cached);
        strv_free(search);
        free(dir);
        dir_cache_free(c);
        rm_rf(root);
}
