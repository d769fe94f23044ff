/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* PrivateNetwork=: brings the loopback device of the new network namespace up. */
int sbx_netns_loopback_up(void);

/* NetworkNamespacePath=/IPCNamespacePath=: opens path, checks that it is a namespace of nstype
 * (CLONE_NEWNET, CLONE_NEWIPC; NS_GET_NSTYPE) and joins it. -EINVAL for anything else. Child
 * side, no malloc. */
int sbx_ns_join(const char *path, int nstype);
