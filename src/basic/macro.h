/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define _public_             __attribute__((visibility("default")))
#define _unused_             __attribute__((unused))
#define _pure_               __attribute__((pure))
#define _const_              __attribute__((const))
#define _noreturn_           __attribute__((noreturn))
#define _printf_(a, b)       __attribute__((format(printf, a, b)))
#define _warn_unused_result_ __attribute__((warn_unused_result))
#define _fallthrough_        __attribute__((fallthrough))
#define _likely_(x)          (__builtin_expect(!!(x), 1))
#define _unlikely_(x)        (__builtin_expect(!!(x), 0))

#define ELEMENTSOF(x)      (sizeof(x) / sizeof((x)[0]))
#define MIN(a, b)          ((a) < (b) ? (a) : (b))
#define MAX(a, b)          ((a) > (b) ? (a) : (b))
#define DIV_ROUND_UP(x, y) (((x) + (y) -1) / (y))

#define streq(a, b)     (strcmp((a), (b)) == 0)
#define strneq(a, b, n) (strncmp((a), (b), (n)) == 0)
#define isempty(s)      (!(s) || (s)[0] == '\0')
#define strempty(s)     ((s) ? (s) : "")
#define strnull(s)      ((s) ? (s) : "(null)")
#define yes_no(b)       ((b) ? "yes" : "no")

/* Hard limits on user-controlled input (systemd uses the same orders of magnitude). */
#define UNIT_LINE_MAX      (1024u * 1024u) /* one logical line */
#define UNIT_FILE_SIZE_MAX (4u * 1024u * 1024u)
#define UNIT_DROPINS_MAX   1024u
#define UNIT_LIST_MAX      65536u        /* entries in one list-valued setting */
#define UNIT_EXPANSION_MAX (64u * 1024u) /* bytes produced by specifier expansion */
