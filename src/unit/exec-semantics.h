/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* What the executor must do for a loaded unit, answered as systemd 252's executor decides it
 * (execute.c). Pure functions of the model (implied.c). */

#include <stdbool.h>

#include "unit.h"

/* context_has_no_new_privileges(): NoNewPrivileges=yes, or — when the manager lacks
 * CAP_SYS_ADMIN — any setting that installs a seccomp filter. The model keeps the configured
 * NoNewPrivileges= (as systemd's D-Bus and scoring report it); this says what happens. */
bool exec_needs_no_new_privs_full(const Unit *u, bool have_cap_sys_admin);
/* The unprivileged answer (cordon's rootless case). */
bool exec_needs_no_new_privs(const Unit *u);

/* exec_needs_mount_namespace(): whether any setting needs a private mount namespace. */
bool exec_needs_mount_namespace(const Unit *u);

/* The user name DynamicUser= picks when User= is not set: the unit name prefix if it is a
 * valid strict user name, else "_du" + 16 hex digits of a keyed SipHash-2-4 of the prefix.
 * Returns a new string or NULL on OOM. */
char *dynamic_user_name_from_unit(const char *unit_prefix);

/* SipHash-2-4 (64-bit output), exposed for tests. */
uint64_t siphash24(const void *in, size_t len, const uint8_t k[16]);
