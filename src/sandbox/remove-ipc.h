/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* RemoveIPC= (implied by DynamicUser=): when the service stops, remove the System V shared
 * memory segments (unattached ones), semaphore sets and message queues, the POSIX shared memory
 * objects (/dev/shm, recursively, never following symlinks) and POSIX message queues
 * (/dev/mqueue) owned by the service's uid or gid — systemd 252's clean_ipc_internal().
 * uid/gid 0 are never cleaned (root is exempt). */

#include <sys/types.h>

typedef struct RemoveIpcOptions {
        const char *shm_dir;     /* NULL = /dev/shm (tests pass a temporary directory) */
        const char *mqueue_dir;  /* NULL = /dev/mqueue */
        const char *sysvipc_dir; /* NULL = /proc/sysvipc */
} RemoveIpcOptions;

/* Returns the number of objects removed, or the last -errno (after trying everything). */
int remove_ipc(uid_t uid, gid_t gid, const RemoveIpcOptions *o);
