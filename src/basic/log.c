/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int max_level = LOG_LEVEL_INFO;

void log_set_max_level(int level)
{
        max_level = level;
}

int log_get_max_level(void)
{
        return max_level;
}

int log_internal(int level, int err, const char *fmt, ...)
{
        va_list ap;
        int e = err < 0 ? -err : err;

        if (level <= max_level) {
                char buf[4096];
                errno = e; /* for %m */
                va_start(ap, fmt);
                vsnprintf(buf, sizeof buf, fmt, ap);
                va_end(ap);
                fprintf(stderr, "cordon: %s\n", buf);
        }
        return -e;
}
