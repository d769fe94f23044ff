/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Mount primitives for the child after clone: file descriptors only, no symlinks followed, no
 * malloc, no stdio. Every function returns 0/a new fd, or -errno. */

#include <stdbool.h>

typedef enum SbxCreate {
        SBX_CREATE_NONE,
        SBX_CREATE_DIR,  /* missing components and the last one become directories (0755) */
        SBX_CREATE_FILE, /* missing parents become directories, the last one an empty file */
} SbxCreate;

/* Opens an absolute path O_PATH|O_CLOEXEC refusing every symlink on the way (ELOOP). */
int sbx_open_nofollow(const char *path, SbxCreate create);

/* chdir() that refuses magic links (/proc/self/fd/N) anywhere on the way. */
int sbx_chdir_safe(const char *path);

/* A new tmpfs (or other FS_USERNS_MOUNT file system) from "k=v,k=v" data, with MS_* flags turned
 * into mount attributes. Returns the detached mount fd. */
int sbx_fs_new(const char *fstype, const char *data, unsigned long ms_flags);

/* Attaches the detached (or cloned) mount tree fd on top of target_fd. */
int sbx_attach(int tree_fd, int target_fd);
/* Attaches tree_fd at name below dir_fd: one path component (not "." or ".."), never followed
 * when it is a symlink. */
int sbx_attach_at(int tree_fd, int dir_fd, const char *name);

/* Clones the mount tree at fd (a bind mount, recursive or not); returns the detached clone. */
int sbx_clone(int fd, const char *name, bool recursive);

/* Sets/clears MOUNT_ATTR_* on the mount at fd (and below it when recursive). */
int sbx_setattr(int fd, unsigned long long set, unsigned long long clr, bool recursive);

/* Changes attributes of the subtree at path_fd the safe way: clone it, change the clone, stack
 * it on top (a directory that is not a mount point gets its own mount). */
int sbx_flip(int path_fd, unsigned long long set, unsigned long long clr);
