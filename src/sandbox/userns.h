/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* Rootless: after unshare(CLONE_NEWUSER), map the caller's own uid and gid to themselves and
 * deny setgroups() (required before an unprivileged gid_map). Child side, no malloc. */
int sbx_userns_map_self(uid_t uid, gid_t gid);

/* Rootless, parent side: cordon itself moves into a new user namespace (uid and gid mapped to
 * themselves) with a mount namespace of its own, so that it owns the run's PID namespace and may
 * create mounts for it. Returns 0 or -errno; *ret_entered says whether cordon is in the new
 * namespaces (true with an error: the maps failed). */
int sbx_userns_enter_self(uid_t uid, gid_t gid, bool *ret_entered);

/* PrivateUsers=yes as root, parent side (a two-line map needs CAP_SETUID in the parent
 * namespace, which the child gave up by entering its own): maps root and the service's uid/gid
 * to themselves in pid's user namespace, as systemd 252 does. */
int sbx_userns_write_maps(pid_t pid, uid_t uid, gid_t gid);
