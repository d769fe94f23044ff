/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Who made a credential store. A cordon killed with SIGKILL leaves its store mounted, secrets
 * included; the next start must be able to tell that leftover from the store of a cordon that
 * still runs the unit, and from a store systemd (or anyone else) made, which is never touched.
 * A marker next to the store, PARENT/.UNIT.cordon-owner, holds "PID STARTTIME DEV INO": the
 * owner's start time from /proc/PID/stat (a reused pid does not count as the owner) and the
 * store directory's identity (a store someone else made later on the same path is not ours). */

#include <sys/types.h>

/* Writes the marker for dir (as it is now: after the mount), naming the calling process. */
int creds_owner_claim(const char *dir);

/* For a dir that exists already: 0 when it is a leftover of a cordon that is gone (remove it,
 * then claim again), -EBUSY when its cordon still runs (*ret_pid set), -EEXIST when there is
 * no (readable) marker: not ours. */
int creds_owner_check(const char *dir, pid_t *ret_pid);

/* Removes the marker; idempotent. */
void creds_owner_release(const char *dir);
