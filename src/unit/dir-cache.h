/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "cleanup.h"

/* A per-invocation cache of directory listings for fragment and drop-in discovery. Loading a
 * unit probes NAME.d, its template's and dash-prefix directories and "service.d" in every
 * search-path directory; almost none exist. With the cache each directory is read once
 * (getdents) and a probe is a binary search. It never revalidates: use one per command run,
 * not in long-lived processes. */

typedef enum DirEntryType {
        DIR_ENTRY_REGULAR,
        DIR_ENTRY_DIRECTORY,
        DIR_ENTRY_OTHER, /* symlink, unknown (file system without d_type), device…: stat it */
} DirEntryType;

typedef struct DirCacheEntry {
        const char *name;
        DirEntryType type;
} DirCacheEntry;

typedef struct DirCacheDir {
        char *path;
        int error; /* 0: listed; -ENOENT/-ENOTDIR: empty; other: not listed, probe instead */
        DirCacheEntry *entries; /* sorted by name (strcmp) */
        size_t n_entries;
        size_t n_dot_d; /* entries whose names end in ".d" (drop-in directory candidates) */
        char *names;    /* storage for the entries' names */
} DirCacheDir;

typedef struct DirCache DirCache;

/* Bounds: past them a directory is "not listed" and callers fall back to probing. */
#define DIR_CACHE_DIRS_MAX          16384u
#define DIR_CACHE_ENTRIES_MAX       65536u   /* per directory */
#define DIR_CACHE_TOTAL_ENTRIES_MAX 1048576u /* all listings together */

DirCache *dir_cache_new(void);
DirCache *dir_cache_free(DirCache *c);
DEFINE_TRIVIAL_CLEANUP_FUNC(DirCache *, dir_cache_free);
/* Lowers the per-directory bound (tests exercise the fallback with small directories). */
void dir_cache_set_entries_max(DirCache *c, size_t max);

/* The listing of path (exactly as given; callers pass simplified absolute paths), read on first
 * use. Returns 1 when listed, 0 when path does not exist or is not a directory, a negative
 * errno when it could not be listed (callers then probe the file system as without a cache). */
int dir_cache_get(DirCache *c, const char *path, const DirCacheDir **ret);

/* The entry called name in a listed directory, or NULL. */
const DirCacheEntry *dir_cache_find(const DirCacheDir *d, const char *name);

/* Looks name up below dir. Returns 1 and the type when present, 0 when absent (no such dir
 * either), negative errno when dir could not be listed. */
int dir_cache_lookup(DirCache *c, const char *dir, const char *name, DirEntryType *ret_type);

/* The current directory, asked once per cache (NULL when getcwd() fails). */
const char *dir_cache_cwd(DirCache *c);

/* The unit search path of the loads sharing this cache, remembered for one (root, user): NULL
 * when none is stored for them. set takes ownership of path (also on failure). */
char *const *dir_cache_get_search_path(DirCache *c, const char *root, bool user);
int dir_cache_set_search_path(DirCache *c, const char *root, bool user, char **path);
