/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* DynamicUser= uid/gid allocation, as systemd 252's dynamic-user.c picks them: from
 * 61184–65519, first the owner of a suggested path (StateDirectory= etc., to avoid chowns),
 * then a uid hashed from the user name (stable per name), then random; never a uid listed in
 * /etc/passwd or a gid in /etc/group. Instances of the same user name share the uid (as in
 * systemd); different names never get the same one while both run.
 *
 * Locking: one file per uid in a directory owned by us with mode 0700 (default
 * /run/cordon/dynamic-uid), containing the user name. Holders keep a shared flock on it;
 * allocation and release are serialised by an exclusive flock on DIR/.allocate, so "free" means
 * "nobody holds the file", and a crashed holder's file is simply reused. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define DYNAMIC_UID_MIN      ((uid_t) 61184)
#define DYNAMIC_UID_MAX      ((uid_t) 65519)
#define DYNAMIC_UID_LOCK_DIR "/run/cordon/dynamic-uid"

typedef struct DynamicUserOptions {
        const char *lock_dir;         /* NULL = DYNAMIC_UID_LOCK_DIR */
        const char *root;             /* passwd/group are read from ROOT/etc; NULL = "/" */
        char *const *suggested_paths; /* reuse their owner uid if it is free */
        /* tests: replaces the random phase (NULL = getrandom) */
        uint32_t (*random_u32)(void *userdata);
        void *userdata;
} DynamicUserOptions;

typedef struct DynamicUser {
        uid_t uid; /* gid is the same number */
        int lock_fd;
        char *lock_path;
        char *lock_dir;
} DynamicUser;

#define DYNAMIC_USER_NULL ((DynamicUser){.lock_fd = -1})

static inline bool uid_is_dynamic(uid_t u)
{
        return u >= DYNAMIC_UID_MIN && u <= DYNAMIC_UID_MAX;
}

/* The hashed candidate for a name (systemd's siphash24 with its key, clamped into range). */
uid_t dynamic_uid_hash(const char *name);

/* Valid user name for allocation: systemd's strict rules ([a-z_][a-z0-9_-]*, <= 31 chars) or
 * the "_du…" names dynamic_user_name_from_unit() produces. */
bool dynamic_user_name_is_valid(const char *name);

/* Allocates (or joins) the uid for name. -EBUSY after 100 candidates, -EPERM if the lock
 * directory is not ours with mode 0700. */
int dynamic_user_acquire(const char *name, const DynamicUserOptions *o, DynamicUser *ret);
/* Drops our hold; the lock file is removed when no other instance holds it. Idempotent. */
void dynamic_user_release(DynamicUser *u);
