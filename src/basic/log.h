/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdarg.h>

#include "macro.h"

/* Logging for the CLI layer only: library code returns errors and diagnostics instead.
 * Messages go to stderr prefixed with "cordon: ". The log_*_errno() helpers return -abs(err)
 * so callers can write `return log_error_errno(r, "…: %m");` (%m prints strerror(err)). */
enum {
        LOG_LEVEL_ERROR = 3,
        LOG_LEVEL_WARNING = 4,
        LOG_LEVEL_NOTICE = 5,
        LOG_LEVEL_INFO = 6,
        LOG_LEVEL_DEBUG = 7
};

void log_set_max_level(int level);
int log_get_max_level(void);
int log_internal(int level, int err, const char *fmt, ...) _printf_(3, 4);

#define log_debug(...)            log_internal(LOG_LEVEL_DEBUG, 0, __VA_ARGS__)
#define log_info(...)             log_internal(LOG_LEVEL_INFO, 0, __VA_ARGS__)
#define log_notice(...)           log_internal(LOG_LEVEL_NOTICE, 0, __VA_ARGS__)
#define log_warning(...)          log_internal(LOG_LEVEL_WARNING, 0, __VA_ARGS__)
#define log_error(...)            log_internal(LOG_LEVEL_ERROR, 0, __VA_ARGS__)
#define log_error_errno(e, ...)   log_internal(LOG_LEVEL_ERROR, (e), __VA_ARGS__)
#define log_warning_errno(e, ...) log_internal(LOG_LEVEL_WARNING, (e), __VA_ARGS__)
#define log_oom()                 log_internal(LOG_LEVEL_ERROR, ENOMEM, "Out of memory.")
