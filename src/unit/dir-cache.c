/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Directory listings read once per invocation (see dir-cache.h for why). */
#include "dir-cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "macro.h"
#include "string-util.h"
#include "strv.h"

struct DirCache {
        DirCacheDir **dirs; /* in insertion order */
        size_t n_dirs;
        size_t n_entries;   /* of all listings, bounded by DIR_CACHE_TOTAL_ENTRIES_MAX */
        size_t entries_max; /* per directory */
        size_t *slots;      /* open addressing: index + 1 into dirs, 0 = free */
        size_t n_slots;
        char *cwd;
        bool cwd_done;
        char **search_path; /* for search_root/search_user */
        char *search_root;
        bool search_user;
};

DirCache *dir_cache_new(void)
{
        DirCache *c = calloc(1, sizeof(DirCache));

        if (c)
                c->entries_max = DIR_CACHE_ENTRIES_MAX;
        return c;
}

void dir_cache_set_entries_max(DirCache *c, size_t max)
{
        c->entries_max = MIN(max, (size_t) DIR_CACHE_ENTRIES_MAX);
}

static void dir_free(DirCacheDir *d)
{
        if (!d)
                return;
        free(d->path);
        free(d->entries);
        free(d->names);
        free(d);
}

DirCache *dir_cache_free(DirCache *c)
{
        if (!c)
                return NULL;
        for (size_t i = 0; i < c->n_dirs; i++)
                dir_free(c->dirs[i]);
        free(c->dirs);
        free(c->slots);
        free(c->cwd);
        strv_free(c->search_path);
        free(c->search_root);
        free(c);
        return NULL;
}

static uint64_t hash_path(const char *s)
{
        uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
        for (; *s; s++)
                h = (h ^ (unsigned char) *s) * 0x100000001b3ull;
        return h;
}

static int entry_cmp(const void *a, const void *b)
{
        return strcmp(((const DirCacheEntry *) a)->name, ((const DirCacheEntry *) b)->name);
}

static DirEntryType entry_type(unsigned char t)
{
        if (t == DT_REG)
                return DIR_ENTRY_REGULAR;
        if (t == DT_DIR)
                return DIR_ENTRY_DIRECTORY;
        return DIR_ENTRY_OTHER;
}

/* Reads d->path with getdents64 into d->entries; sets d->error on failure. */
static int dir_read(DirCacheDir *d, size_t max_entries)
{
        _cleanup_close_ int fd = -1;
        char buf[32768] __attribute__((aligned(8)));
        size_t n = 0, cap = 0, used = 0, used_cap = 0;
        DirCacheEntry *e = NULL;
        char *names = NULL;

        fd = open(d->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0)
                return d->error = -errno;
        for (;;) {
                ssize_t k = getdents64(fd, buf, sizeof(buf));
                if (k < 0) {
                        if (errno == EINTR)
                                continue;
                        d->error = -errno;
                        goto fail;
                }
                if (k == 0)
                        break;
                for (ssize_t off = 0; off < k;) {
                        const struct dirent64 *de = (const struct dirent64 *) (buf + off);
                        size_t len = strlen(de->d_name);

                        off += de->d_reclen;
                        if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                                continue;
                        if (n >= max_entries) {
                                d->error = -E2BIG;
                                goto fail;
                        }
                        if (n == cap) {
                                size_t nc = cap ? cap * 2 : 32;
                                DirCacheEntry *t = realloc(e, nc * sizeof(*e));
                                if (!t)
                                        goto oom;
                                e = t;
                                cap = nc;
                        }
                        if (used + len + 1 > used_cap) {
                                size_t nc = MAX(used_cap ? used_cap * 2 : 1024, used + len + 1);
                                char *t = realloc(names, nc);
                                if (!t)
                                        goto oom;
                                names = t;
                                used_cap = nc;
                        }
                        memcpy(names + used, de->d_name, len + 1);
                        /* names may still move: keep offsets until the end */
                        e[n++] = (DirCacheEntry){.name = (const char *) (uintptr_t) used,
                                                 .type = entry_type(de->d_type)};
                        used += len + 1;
                }
        }
        d->n_dot_d = 0;
        for (size_t i = 0; i < n; i++) {
                e[i].name = names + (uintptr_t) e[i].name;
                d->n_dot_d += endswith(e[i].name, ".d") != NULL;
        }
        if (n > 1)
                qsort(e, n, sizeof(*e), entry_cmp);
        d->entries = e;
        d->n_entries = n;
        d->names = names;
        d->error = 0;
        return 0;
oom:
        d->error = -ENOMEM;
fail:
        free(e);
        free(names);
        return d->error;
}

static int slots_grow(DirCache *c)
{
        size_t ns = c->n_slots ? c->n_slots * 2 : 64;
        size_t *s = calloc(ns, sizeof(size_t));

        if (!s)
                return -ENOMEM;
        for (size_t i = 0; i < c->n_dirs; i++) {
                size_t j = (size_t) hash_path(c->dirs[i]->path) & (ns - 1);
                while (s[j])
                        j = (j + 1) & (ns - 1);
                s[j] = i + 1;
        }
        free(c->slots);
        c->slots = s;
        c->n_slots = ns;
        return 0;
}

int dir_cache_get(DirCache *c, const char *path, const DirCacheDir **ret)
{
        DirCacheDir *d;
        size_t j = 0;
        int r;

        *ret = NULL;
        if (c->n_slots) {
                j = (size_t) hash_path(path) & (c->n_slots - 1);
                for (; c->slots[j]; j = (j + 1) & (c->n_slots - 1)) {
                        d = c->dirs[c->slots[j] - 1];
                        if (streq(d->path, path))
                                goto found;
                }
        }
        if (c->n_dirs >= DIR_CACHE_DIRS_MAX)
                return -E2BIG;
        if ((c->n_dirs + 1) * 2 > c->n_slots) {
                r = slots_grow(c);
                if (r < 0)
                        return r;
        }
        if (c->n_dirs % 64 == 0) {
                DirCacheDir **t = realloc(c->dirs, (c->n_dirs + 64) * sizeof(*t));
                if (!t)
                        return -ENOMEM;
                c->dirs = t;
        }
        d = calloc(1, sizeof(*d));
        if (!d)
                return -ENOMEM;
        d->path = strdup(path);
        if (!d->path) {
                free(d);
                return -ENOMEM;
        }
        (void) dir_read(d, MIN(c->entries_max, DIR_CACHE_TOTAL_ENTRIES_MAX - c->n_entries));
        c->n_entries += d->n_entries;
        if (d->error == -ENOMEM) {
                dir_free(d);
                return -ENOMEM; /* not remembered: a later call may succeed */
        }
        c->dirs[c->n_dirs++] = d;
        j = (size_t) hash_path(path) & (c->n_slots - 1);
        while (c->slots[j])
                j = (j + 1) & (c->n_slots - 1);
        c->slots[j] = c->n_dirs;
found:
        if (d->error == -ENOENT || d->error == -ENOTDIR)
                return 0;
        if (d->error < 0)
                return d->error;
        *ret = d;
        return 1;
}

const DirCacheEntry *dir_cache_find(const DirCacheDir *d, const char *name)
{
        DirCacheEntry key = {.name = name};

        if (!d || d->n_entries == 0)
                return NULL;
        return bsearch(&key, d->entries, d->n_entries, sizeof(key), entry_cmp);
}

int dir_cache_lookup(DirCache *c, const char *dir, const char *name, DirEntryType *ret_type)
{
        const DirCacheDir *d;
        const DirCacheEntry *e;
        int r;

        r = dir_cache_get(c, dir, &d);
        if (r <= 0)
                return r;
        e = dir_cache_find(d, name);
        if (!e)
                return 0;
        if (ret_type)
                *ret_type = e->type;
        return 1;
}

const char *dir_cache_cwd(DirCache *c)
{
        if (!c->cwd_done) {
                char buf[PATH_MAX];
                if (getcwd(buf, sizeof(buf)))
                        c->cwd = strdup(buf);
                c->cwd_done = c->cwd != NULL; /* a failure is retried, as without a cache */
        }
        return c->cwd;
}

char *const *dir_cache_get_search_path(DirCache *c, const char *root, bool user)
{
        if (!c->search_path || c->search_user != user || !c->search_root != !root ||
            (root && !streq(c->search_root, root)))
                return NULL;
        return c->search_path;
}

int dir_cache_set_search_path(DirCache *c, const char *root, bool user, char **path)
{
        char *r = NULL;

        if (root && !(r = strdup(root))) {
                strv_free(path);
                return -ENOMEM;
        }
        strv_free(c->search_path);
        free(c->search_root);
        c->search_path = path;
        c->search_root = r;
        c->search_user = user;
        return 0;
}
