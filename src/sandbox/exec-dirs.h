/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* RuntimeDirectory=, StateDirectory=, CacheDirectory=, LogsDirectory=, ConfigurationDirectory=
 * as systemd 252's setup_exec_directory() creates them (parent side, before the service
 * starts): parents 0755, the directory with its *DirectoryMode=, owned by the service's
 * uid/gid (recursively; SUID/SGID bits stripped for DynamicUser=), ConfigurationDirectory=
 * never re-owned. With DynamicUser= (except ConfigurationDirectory= and a non-preserved
 * RuntimeDirectory=) the data lives in PREFIX/private/NAME (private/ is 0700 root:root) and
 * PREFIX/NAME is a relative symlink to it; the executor must then mount a tmpfs over
 * PREFIX/private inside the service's namespace and bind each private directory back (entries
 * with .private_path set). All paths are host paths below root. */

#include <stdbool.h>
#include <sys/types.h>

#include "diag.h"
#include "unit.h"

typedef struct ExecDirEntry {
        ExecDirectoryType type;
        char *path;         /* PREFIX/NAME: what the service uses ($STATE_DIRECTORY, …) */
        char *private_path; /* PREFIX/private/NAME, or NULL */
        mode_t mode;
        char *base; /* PREFIX below root (host path): removal re-walks item from it */
        char *item; /* NAME, relative */
} ExecDirEntry;

typedef struct ExecDirs {
        ExecDirEntry *items;
        size_t n;
} ExecDirs;

/* Creates every configured directory. root: NULL = "/". On failure *ret_exit_status is
 * systemd's code (233 RUNTIME_DIRECTORY, 238 STATE, 239 CACHE, 240 LOGS, 241 CONFIGURATION). */
int exec_dirs_setup(const Unit *u, const char *root, uid_t uid, gid_t gid, ExecDirs *ret,
                    int *ret_exit_status, DiagList *diags);
/* The same below other prefixes: prefixes[ExecDirectoryType] (rootless: the user manager's,
 * see below), NULL = the system's. A type in use whose prefix is NULL fails with -ENXIO. */
int exec_dirs_setup_at(const Unit *u, const char *root, const char *const *prefixes, uid_t uid,
                       gid_t gid, ExecDirs *ret, int *ret_exit_status, DiagList *diags);

/* Rootless, cordon is what systemd's user manager is to user units, and the directories live
 * where systemd 252's manager_setup_prefix() puts them for a user manager:
 *   RuntimeDirectory=        $XDG_RUNTIME_DIR            (none when unset: refused)
 *   StateDirectory=          $XDG_CONFIG_HOME            (252; $XDG_STATE_HOME only since 254)
 *   CacheDirectory=          $XDG_CACHE_HOME
 *   LogsDirectory=           $XDG_CONFIG_HOME/log
 *   ConfigurationDirectory=  $XDG_CONFIG_HOME
 * with sd_path's fallbacks: an unset or relative $XDG_CONFIG_HOME is ~/.config, $XDG_CACHE_HOME
 * ~/.cache. */
typedef struct ExecDirPrefixes {
        char *prefix[_EXEC_DIRECTORY_TYPE_MAX]; /* NULL: not available */
} ExecDirPrefixes;

/* Pure: from the given variables (NULL = unset); home is used for the fallbacks. */
int exec_dir_prefixes_user(const char *xdg_runtime_dir, const char *xdg_config_home,
                           const char *xdg_cache_home, const char *home, ExecDirPrefixes *ret);
/* From cordon's environment ($HOME, else the passwd entry of the real uid). */
int exec_dir_prefixes_from_environment(ExecDirPrefixes *ret);
void exec_dir_prefixes_done(ExecDirPrefixes *p);
/* "$XDG_RUNTIME_DIR", "$XDG_CONFIG_HOME", … (for --dry-run, which must not depend on the
 * environment). */
const char *exec_dir_user_prefix_name(ExecDirectoryType t);
/* Removes RuntimeDirectory= trees when the run ends, unless RuntimeDirectoryPreserve=yes
 * ("restart" removes too: the run is over). Between Restart= restarts inside one run the trees
 * stay, where systemd would remove and recreate them for RuntimeDirectoryPreserve=no (TODO).
 * Safer than systemd 252: set-up and removal walk each item below its prefix one component at a
 * time and never follow a symbolic link there (only cordon's own DynamicUser= private/ links):
 * set-up refuses one (-ELOOP, systemd's exit status), removal leaves it and returns -ELOOP
 * (a warning in diags when given, may be NULL). */
int exec_dirs_remove_runtime(const Unit *u, const ExecDirs *d);
int exec_dirs_remove_runtime_diag(const Unit *u, const ExecDirs *d, DiagList *diags);
void exec_dirs_done(ExecDirs *d);

/* The prefix of a type below root ("/run", "/var/lib", …). */
const char *exec_dir_prefix(ExecDirectoryType t);
