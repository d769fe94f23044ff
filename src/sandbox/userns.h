/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <sys/types.h>

/* Rootless: after unshare(CLONE_NEWUSER), map the caller's own uid and gid to themselves and
 * deny setgroups() (required before an unprivileged gid_map). Child side, no malloc. */
int sbx_userns_map_self(uid_t uid, gid_t gid);
