/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "macro.h"

typedef uint64_t usec_t;
typedef uint64_t nsec_t;
#define USEC_INFINITY ((usec_t) UINT64_MAX)
#define NSEC_INFINITY ((nsec_t) UINT64_MAX)
#define USEC_PER_SEC  ((usec_t) 1000000ULL)
#define USEC_PER_MSEC ((usec_t) 1000ULL)
#define NSEC_PER_USEC ((nsec_t) 1000ULL)
#define NSEC_PER_SEC  ((nsec_t) 1000000000ULL)

/* All return 0 (writing *ret) or a negative errno; *ret is untouched on error. */
int parse_boolean(const char *v); /* 1, 0, or -EINVAL */
int safe_atou(const char *s, unsigned *ret);
int safe_atoi(const char *s, int *ret);
int safe_atou64(const char *s, uint64_t *ret);
int safe_atoi64(const char *s, int64_t *ret);
int safe_atou_full(const char *s, unsigned base, unsigned *ret);
int parse_mode(const char *s, mode_t *ret); /* octal, <= 07777 */
int parse_uid(const char *s, uid_t *ret);   /* refuses -1, 65535, 4294967295 */
/* systemd time spans: "5min 20s", "1.5h", "infinity"; default_unit for bare numbers. */
int parse_time(const char *s, usec_t *ret, usec_t default_unit);
static inline int parse_sec(const char *s, usec_t *ret)
{
        return parse_time(s, ret, USEC_PER_SEC);
}
int parse_nsec(const char *s, nsec_t *ret);
/* Sizes with binary suffixes K M G T P E (base 1024). */
int parse_size(const char *s, uint64_t base, uint64_t *ret);
int parse_percent(const char *s);   /* 0..100 or -EINVAL/-ERANGE */
int parse_permyriad(const char *s); /* "12.34%" or "5‱" → 0..10000 */

/* Formats a time span like systemd's format_timespan(…, 0): "1min 30s", "infinity". */
char *format_timespan(char *buf, size_t l, usec_t t, usec_t accuracy);
#define FORMAT_TIMESPAN_MAX 64
