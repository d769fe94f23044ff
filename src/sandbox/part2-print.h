/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* --dry-run text for run part 2: identity, process attributes, capabilities, the seccomp stack
 * (filter by filter, in installation order), directories and credentials. Pure: nothing is
 * allocated on the system (no uid, no directory), so a DynamicUser= uid is described, not
 * chosen. Stable output for golden tests. */

#include <stdbool.h>

#include "unit.h"

/* Returns a malloc'd text, or NULL on OOM or when the seccomp stack cannot be compiled. */
char *part2_plan_to_text(const Unit *u, bool rootless);
