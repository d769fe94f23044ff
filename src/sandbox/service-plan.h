/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The lifecycle part of the plan (engineer F), called from sandbox_plan_from_unit(): exit status
 * sets with systemd 252's names, watchdog, abort and timeout failure modes. Pure. */

#include "plan.h"
#include "unit.h"

/* Words of SuccessExitStatus= & co. (the parser checked them), as 252's config_parse_set_status:
 * an exit status (number 0..255 or a name such as TEMPFAIL or NAMESPACE) first, else a signal
 * ("TERM", "SIGTERM", "RTMIN+3"). */
void service_plan_status_set(PlanStatusSet *set, char *const *words);

void service_plan_lifecycle(SandboxPlan *p, const Unit *u);
