/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Capabilities, secure bits and no_new_privs: the pure decision (caps_plan_from_unit) and the
 * privileged calls that apply it (everything else here; only this file calls capset/prctl for
 * these). The apply functions are async-signal-safe and allocation-free, for the post-clone
 * child, and follow systemd 252's exec_child() order:
 *   caps_bounding_drop()            before the uid change
 *   caps_ambient_apply(.., true)    before the uid change (puts them in the inheritable set)
 *   caps_keep_caps_for_setuid()     right before setresuid()
 *   caps_ambient_apply(.., false)   after setresuid() (it clears the ambient set)
 *   caps_secure_bits_apply()        late
 *   caps_set_no_new_privs()         last before seccomp */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "unit.h"

typedef struct CapsPlan {
        uint64_t bounding;  /* capabilities kept in the bounding set */
        uint64_t ambient;   /* AmbientCapabilities= ∩ bounding set */
        int secure_bits;    /* SECBIT_* flags to set (0: leave as is) */
        bool no_new_privs;  /* what systemd's context_has_no_new_privileges() decides */
        bool drop_bounding; /* bounding != all: something to drop */
} CapsPlan;

/* have_cap_sys_admin: whether the launcher holds CAP_SYS_ADMIN (root without userns): decides
 * whether seccomp settings imply no_new_privs, as in systemd. Pure. */
void caps_plan_from_unit(const Unit *u, bool have_cap_sys_admin, CapsPlan *ret);

int caps_set_no_new_privs(void);
/* Drops every capability not in keep from the bounding and inheritable sets. */
int caps_bounding_drop(uint64_t keep);
/* Raises exactly `set` in the ambient set (lowering others); with also_inherit, first adds set
 * to the inheritable set (required by the kernel). Capabilities missing from the bounding set
 * are silently left out, as systemd does. */
int caps_ambient_apply(uint64_t set, bool also_inherit);
/* Sets SECBIT_KEEP_CAPS when ambient capabilities or secure bits must survive a change to a
 * non-root uid (systemd's enforce_user()). */
int caps_keep_caps_for_setuid(const CapsPlan *p, uid_t uid);
/* Sets the secure bits if they differ (raising CAP_SETPCAP in the effective set first). */
int caps_secure_bits_apply(int bits);

/* Reads the current sets (for tests and the probe). */
int caps_get(uint64_t *ret_effective, uint64_t *ret_permitted, uint64_t *ret_inheritable);
/* Highest capability the running kernel knows (probes PR_CAPBSET_READ). */
int caps_last_cap(void);
