/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared between condition-host.c and condition-virt.c. */

#include <dirent.h>

#include "cleanup.h"

static inline void cond_closedirp(DIR **d)
{
        if (*d)
                closedir(*d);
}
#define _cleanup_closedir_ _cleanup_(cond_closedirp)

/* First line of a small file without its newline; -errno. */
int cond_read_line(const char *path, char **ret);
/* 1 and *ret_id ("docker", …) when running in a container as systemd's detect_container()
 * decides, else 0 and "none". */
int cond_detect_container(const char **ret_id);
/* Whether /sys/fs/cgroup is cgroup v2 (systemd's cg_all_unified()): 1/0, -errno. */
int cond_cgroup_unified(void);
