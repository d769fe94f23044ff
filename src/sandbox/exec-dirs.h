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
} ExecDirEntry;

typedef struct ExecDirs {
        ExecDirEntry *items;
        size_t n;
} ExecDirs;

/* Creates every configured directory. root: NULL = "/". On failure *ret_exit_status is
 * systemd's code (233 RUNTIME_DIRECTORY, 238 STATE, 239 CACHE, 240 LOGS, 241 CONFIGURATION). */
int exec_dirs_setup(const Unit *u, const char *root, uid_t uid, gid_t gid, ExecDirs *ret,
                    int *ret_exit_status, DiagList *diags);
/* Removes RuntimeDirectory= trees when the service stops, unless RuntimeDirectoryPreserve=yes
 * (cordon does not restart, so "restart" removes too). */
int exec_dirs_remove_runtime(const Unit *u, const ExecDirs *d);
void exec_dirs_done(ExecDirs *d);

/* The prefix of a type below root ("/run", "/var/lib", …). */
const char *exec_dir_prefix(ExecDirectoryType t);
