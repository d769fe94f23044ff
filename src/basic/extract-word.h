/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "macro.h"

/* Word splitting with systemd's semantics (systemd's extract_first_word()). */
typedef enum ExtractFlags {
        EXTRACT_RELAX = 1 << 0,                    /* tolerate unbalanced quotes / trailing '\' */
        EXTRACT_CUNESCAPE = 1 << 1,                /* C escapes like \n \x41 \u0041 */
        EXTRACT_UNESCAPE_RELAX = 1 << 2,           /* unknown escapes kept verbatim */
        EXTRACT_UNESCAPE_SEPARATORS = 1 << 3,      /* "\ " and "\:" unescape separators */
        EXTRACT_UNQUOTE = 1 << 4,                  /* '…' and "…" remove quotes */
        EXTRACT_DONT_COALESCE_SEPARATORS = 1 << 5, /* "a::b" gives an empty word */
        EXTRACT_RETAIN_ESCAPE = 1 << 6,            /* keep backslashes as they are */
        EXTRACT_RETAIN_SEPARATORS = 1 << 7,        /* leave *p at the separator */
        EXTRACT_KEEP_QUOTE = 1 << 8,               /* quotes are kept in the word */
} ExtractFlags;

/* Extracts the next word from *p, advancing *p. Returns 1 and a newly allocated word,
 * 0 when there are no more words (*ret = NULL), or -EINVAL on bad syntax (unbalanced
 * quote, trailing backslash, bad escape) or -ENOMEM. separators NULL means whitespace. */
int extract_first_word(const char **p, char **ret, const char *separators, ExtractFlags flags);

/* C-style unescaping as systemd's cunescape(): \a \b \f \n \r \t \v \\ \" \' \s \xNN \NNN
 * \uNNNN \UNNNNNNNN. Returns length or negative errno; refuses NUL unless accept_nul. */
int cunescape_length(const char *s, size_t length, bool relax, bool accept_nul, char **ret);
/* One escape sequence starting after the backslash. Returns consumed bytes; writes the code
 * point to *ret_cp and whether it is an 8-bit raw byte to *ret_eight_bit. */
int cunescape_one(const char *p, size_t length, uint32_t *ret_cp, bool *ret_eight_bit,
                  bool accept_nul);
/* Escapes non-printable bytes and backslashes as systemd's cescape(). */
char *cescape(const char *s);
