/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse-util.h"
#include "path-util.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"
#include "tests.h"
#include "utf8.h"

TEST(parse_boolean)
{
        ASSERT_EQ(parse_boolean("yes"), 1);
        ASSERT_EQ(parse_boolean("On"), 1);
        ASSERT_EQ(parse_boolean("t"), 1);
        ASSERT_EQ(parse_boolean("0"), 0);
        ASSERT_EQ(parse_boolean("off"), 0);
        ASSERT_ERROR(parse_boolean("maybe"), EINVAL);
        ASSERT_ERROR(parse_boolean(""), EINVAL);
}

TEST(parse_time)
{
        usec_t t;
        ASSERT_OK(parse_sec("5min 20s", &t));
        ASSERT_EQ(t, 320 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("1.5s", &t));
        ASSERT_EQ(t, 1500 * USEC_PER_MSEC);
        ASSERT_OK(parse_sec("90", &t));
        ASSERT_EQ(t, 90 * USEC_PER_SEC);
        ASSERT_OK(parse_sec("infinity", &t));
        ASSERT_TRUE(t == USEC_INFINITY);
        ASSERT_OK(parse_sec("100ms", &t));
        ASSERT_EQ(t, 100 * USEC_PER_MSEC);
        ASSERT_TRUE(parse_sec("-5s", &t) < 0);
        ASSERT_TRUE(parse_sec("5 parsecs", &t) < 0);
        ASSERT_TRUE(parse_sec("", &t) < 0);
}

TEST(format_timespan)
{
        char buf[FORMAT_TIMESPAN_MAX];
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 90 * USEC_PER_SEC, 0), "1min 30s");
        ASSERT_STREQ(format_timespan(buf, sizeof buf, USEC_INFINITY, 0), "infinity");
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 100 * USEC_PER_MSEC, 0), "100ms");
        /* systemd writes sub-minute remainders as fractions with the unit's full precision */
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 1500 * USEC_PER_MSEC, 0), "1.500000s");
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 1500, 0), "1.500ms");
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 61 * USEC_PER_SEC + 5, 0), "1min 1.000005s");
        ASSERT_STREQ(format_timespan(buf, sizeof buf, 3 * 86400 * USEC_PER_SEC, 0), "3d");
}

TEST(parse_size)
{
        uint64_t v;
        ASSERT_OK(parse_size("1K", 1024, &v));
        ASSERT_EQ(v, 1024);
        ASSERT_OK(parse_size("2M", 1024, &v));
        ASSERT_EQ(v, 2 * 1024 * 1024);
        ASSERT_OK(parse_size("1.5G", 1024, &v));
        ASSERT_EQ(v, 1536ULL * 1024 * 1024);
        ASSERT_TRUE(parse_size("-1", 1024, &v) < 0);
        ASSERT_TRUE(parse_size("1Q", 1024, &v) < 0);
}

TEST(integers_read_like_systemd)
{
        unsigned u;
        uint64_t v;
        int i;

        /* No base given: C's 0x and leading-0 octal, and Python's 0b/0o, as systemd. */
        ASSERT_OK(safe_atou("0x10", &u));
        ASSERT_EQ(u, 16);
        ASSERT_OK(safe_atou("010", &u));
        ASSERT_EQ(u, 8);
        ASSERT_OK(safe_atou("0b101", &u));
        ASSERT_EQ(u, 5);
        ASSERT_OK(safe_atou("0o17", &u));
        ASSERT_EQ(u, 15);
        ASSERT_OK(safe_atou(" 42", &u));
        ASSERT_EQ(u, 42);
        ASSERT_ERROR(safe_atou("-1", &u), ERANGE);
        ASSERT_OK(safe_atou("-0", &u));
        ASSERT_ERROR(safe_atou("5x", &u), EINVAL);
        ASSERT_ERROR(safe_atou("4294967296", &u), ERANGE);
        ASSERT_OK(safe_atou64("0x100000000", &v));
        ASSERT_EQ(v, 0x100000000ULL);
        ASSERT_OK(safe_atoi("-0x10", &i));
        ASSERT_EQ(i, -16);
        ASSERT_ERROR(safe_atoi("", &i), EINVAL);
}

TEST(parse_mode_and_uid)
{
        mode_t m;
        uid_t u;
        ASSERT_OK(parse_mode("0077", &m));
        ASSERT_EQ(m, 077);
        ASSERT_TRUE(parse_mode("0999", &m) < 0);
        ASSERT_TRUE(parse_mode("-1", &m) < 0);
        ASSERT_TRUE(parse_mode("017777", &m) < 0);
        ASSERT_OK(parse_uid("1000", &u));
        ASSERT_EQ(u, 1000);
        ASSERT_TRUE(parse_uid("0day", &u) < 0);
        ASSERT_TRUE(parse_uid("0x10", &u) < 0);
        ASSERT_TRUE(parse_uid("1e3", &u) < 0);
        ASSERT_TRUE(parse_uid("-1", &u) < 0);
        ASSERT_TRUE(parse_uid("4294967295", &u) < 0);
        ASSERT_TRUE(parse_uid("65535", &u) < 0);
}

TEST(paths)
{
        char p[] = "//a/./b//c/";
        ASSERT_STREQ(path_simplify(p), "/a/b/c");
        ASSERT_TRUE(path_is_normalized("/a/b"));
        ASSERT_FALSE(path_is_normalized("/a/../b"));
        ASSERT_FALSE(path_is_normalized("/a//b"));
        ASSERT_STREQ(path_startswith("/usr/lib/x", "/usr"), "lib/x");
        ASSERT_NULL(path_startswith("/usrx", "/usr"));
        ASSERT_STREQ(path_basename("/a/b"), "b");
}

TEST(strv_ops)
{
        _cleanup_strv_free_ char **l = NULL;
        _cleanup_free_ char *j = NULL;
        ASSERT_OK(strv_extend(&l, "b"));
        ASSERT_OK(strv_extend(&l, "a"));
        ASSERT_OK(strv_extend(&l, "b"));
        ASSERT_EQ(strv_remove(l, "b"), 2);
        ASSERT_EQ(strv_length(l), 1);
        ASSERT_OK(strv_extend(&l, "c"));
        j = strv_join(l, " ");
        ASSERT_STREQ(j, "a c");
}

TEST(utf8_validation)
{
        ASSERT_TRUE(utf8_is_valid("caf\xc3\xa9"));
        ASSERT_FALSE(utf8_is_valid("\xc3"));
        ASSERT_FALSE(utf8_is_valid("\xc0\xaf"));     /* overlong */
        ASSERT_FALSE(utf8_is_valid("\xed\xa0\x80")); /* surrogate */
        ASSERT_EQ(utf8_first_invalid("ab\xff", 3), 2);
}

/* The eight-bytes-at-a-time ASCII skip: a bad byte or a sequence at any offset, across word
 * boundaries, and buffers that end inside a word or a sequence. */
TEST(utf8_validation_offsets)
{
        char buf[40];

        for (size_t n = 0; n <= sizeof(buf); n++)
                for (size_t at = 0; at < n; at++) {
                        memset(buf, 'a', sizeof(buf));
                        ASSERT_EQ(utf8_first_invalid(buf, n), (size_t) -1);
                        buf[at] = (char) 0xff;
                        ASSERT_EQ(utf8_first_invalid(buf, n), at);
                        buf[at] = (char) 0xc3; /* "é" when the next byte fits */
                        if (at + 1 < n) {
                                buf[at + 1] = (char) 0xa9;
                                ASSERT_EQ(utf8_first_invalid(buf, n), (size_t) -1);
                                buf[at + 1] = 'a'; /* truncated sequence */
                        }
                        ASSERT_EQ(utf8_first_invalid(buf, n), at);
                        /* the bytes past n are never looked at */
                        memset(buf, 'a', sizeof(buf));
                        buf[n < sizeof(buf) ? n : at] = (char) (n < sizeof(buf) ? 0xff : 'a');
                        ASSERT_EQ(utf8_first_invalid(buf, n), (size_t) -1);
                }
}

TEST(strv_push_n)
{
        char **l = NULL;
        size_t n = 0, cap = 0;

        for (unsigned i = 0; i < 100; i++) {
                char v[16];
                snprintf(v, sizeof(v), "w%u", i);
                ASSERT_OK(strv_push_n(&l, &n, &cap, strdup(v)));
                ASSERT_EQ(n, i + 1);
                ASSERT_GE(cap, n + 1);
                ASSERT_EQ(strv_length(l), n);
        }
        ASSERT_STREQ(l[0], "w0");
        ASSERT_STREQ(l[99], "w99");
        ASSERT_ERROR(strv_push_n(&l, &n, &cap, NULL), ENOMEM); /* a failed strdup() */
        ASSERT_EQ(n, 100);
        /* an ordinary strv afterwards */
        ASSERT_OK(strv_extend(&l, "last"));
        ASSERT_EQ(strv_length(l), 101);
        ASSERT_STREQ(l[100], "last");
        strv_free(l);
}

TEST(startswith)
{
        const char *s = "ExecStart";

        ASSERT_TRUE(startswith(s, "Exec") == s + 4);
        ASSERT_TRUE(startswith(s, "") == s);
        ASSERT_TRUE(startswith(s, s) == s + 9);
        ASSERT_NULL(startswith(s, "ExecStartPre")); /* prefix longer than s */
        ASSERT_NULL(startswith(s, "exec"));
        ASSERT_NULL(startswith("", "X-"));
        ASSERT_TRUE(startswith("", "") != NULL);
}

TEST(string_distance)
{
        ASSERT_EQ(string_distance("ProtectKernalTunables", "ProtectKernelTunables"), 1);
        ASSERT_EQ(string_distance("", "abc"), 3);
}

TEST(strbuf_growth)
{
        StrBuf b = STRBUF_INIT;
        for (int i = 0; i < 1000; i++)
                strbuf_printf(&b, "%d,", i);
        ASSERT_FALSE(b.oom);
        ASSERT_TRUE(startswith(strbuf_str(&b), "0,1,2,"));
        strbuf_done(&b);
}
