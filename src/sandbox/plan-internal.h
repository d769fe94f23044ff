/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared between the pure plan files (plan.c, plan-check.c); not a public interface. */

#include "plan.h"

/* Appends an error (or, with --lenient, a warning) per setting part 1 cannot honour. Returns
 * -EOPNOTSUPP when an error was added, -ENOMEM, else 0. */
int plan_check_unsupported(const Unit *u, const PlanOptions *o, DiagList *diags);
/* The origin of the last assignment of a [Service] directive, or NULL if never assigned (or
 * reset by an empty assignment). */
const Origin *plan_directive_assigned(const Unit *u, const char *name);

/* The unit's fragment (or first file), for diagnostics without a line. */
const char *plan_first_unit_file(const Unit *u);
