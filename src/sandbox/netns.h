/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* PrivateNetwork=: brings the loopback device of the new network namespace up. */
int sbx_netns_loopback_up(void);
