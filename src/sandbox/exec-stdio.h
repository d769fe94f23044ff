/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* StandardInput=, StandardOutput=, StandardError= for cordon run, as systemd 252's
 * setup_input()/setup_output() (execute.c). The plan (PlanStdio, plan.h) is computed in the
 * parent; the child opens the files itself, before any namespace (the paths are the host's),
 * with no allocation. (Not "stdio.h": that name would shadow the C library's header.) */

#include <sys/types.h>

#include "diag.h"
#include "plan.h"
#include "unit.h"

#define STDIO_DATA_MAX 65536u /* StandardInputText=: fed through one pipe, written at once */

/* Fills *s from the unit. socket and fd:NAME need socket activation: an error diagnostic with
 * file:line and -EOPNOTSUPP (a warning and the stream left as cordon's own when lenient).
 * *ret_data (malloc'd, s->data points into it) holds the StandardInputText= bytes. Sets
 * *ret_exit_status to 78 (cordon run's refusal) on failure. */
int stdio_plan_build(const Unit *u, mode_t umask_value, bool lenient, PlanStdio *s, char **ret_data,
                     DiagList *diags, int *ret_exit_status);

/* In the child, before namespaces: sets up fds 0, 1, 2. Returns 0, or -errno with *ret_fd the
 * stream that failed (0, 1 or 2). Async-signal-safe: no allocation, no stdio. */
int sbx_stdio_apply(const PlanStdio *s, int *ret_fd);

/* systemd's exit status for a failure on fd: 208 STDIN, 209 STDOUT, 222 STDERR. */
int stdio_exit_status(int fd) _const_;

/* For failure messages: the directive ("StandardOutput=") and its origin for fd 0..2. */
const char *stdio_directive(int fd) _const_;
