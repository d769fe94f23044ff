/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A small test harness: TEST(name) registers a test, ASSERT_* print both values on failure,
 * output is TAP. A test may call TEST_SKIP("why") (exit code 77 when every test skipped). */

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TestCase {
        const char *name;
        void (*fn)(void);
} TestCase;

void test_register(const char *name, void (*fn)(void));
void test_fail(const char *file, int line, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
void test_skip(const char *why);
/* Directory holding test data (tests/data in the source tree). */
const char *test_data_dir(void);
/* Reads tests/data/<rel> into a malloc'd string; aborts the test on failure. */
char *test_read_data(const char *rel);

#define TEST(name)                                                                                 \
        static void test_##name(void);                                                             \
        __attribute__((constructor)) static void test_register_##name(void)                        \
        {                                                                                          \
                test_register(#name, test_##name);                                                 \
        }                                                                                          \
        static void test_##name(void)

#define TEST_SKIP(why)                                                                             \
        do {                                                                                       \
                test_skip(why);                                                                    \
                return;                                                                            \
        } while (0)

#define ASSERT_TRUE(expr)                                                                          \
        do {                                                                                       \
                if (!(expr)) {                                                                     \
                        test_fail(__FILE__, __LINE__, "expected true: %s", #expr);                 \
                        return;                                                                    \
                }                                                                                  \
        } while (0)
#define ASSERT_FALSE(expr) ASSERT_TRUE(!(expr))

#define ASSERT_INT_OP(a, op, b)                                                                    \
        do {                                                                                       \
                intmax_t _a = (intmax_t) (a), _b = (intmax_t) (b);                                 \
                if (!(_a op _b)) {                                                                 \
                        test_fail(__FILE__, __LINE__, "%s %s %s: %jd vs %jd", #a, #op, #b, _a,     \
                                  _b);                                                             \
                        return;                                                                    \
                }                                                                                  \
        } while (0)
#define ASSERT_EQ(a, b)    ASSERT_INT_OP(a, ==, b)
#define ASSERT_NE(a, b)    ASSERT_INT_OP(a, !=, b)
#define ASSERT_LT(a, b)    ASSERT_INT_OP(a, <, b)
#define ASSERT_LE(a, b)    ASSERT_INT_OP(a, <=, b)
#define ASSERT_GT(a, b)    ASSERT_INT_OP(a, >, b)
#define ASSERT_GE(a, b)    ASSERT_INT_OP(a, >=, b)
#define ASSERT_OK(r)       ASSERT_INT_OP(r, >=, 0)
#define ASSERT_ERROR(r, e) ASSERT_INT_OP(r, ==, -(e))

#define ASSERT_STREQ(a, b)                                                                         \
        do {                                                                                       \
                const char *_a = (a), *_b = (b);                                                   \
                if (!_a || !_b || strcmp(_a, _b) != 0) {                                           \
                        test_fail(__FILE__, __LINE__, "%s == %s: \"%s\" vs \"%s\"", #a, #b,        \
                                  _a ? _a : "(null)", _b ? _b : "(null)");                         \
                        return;                                                                    \
                }                                                                                  \
        } while (0)
#define ASSERT_NULL(p)     ASSERT_TRUE((p) == NULL)
#define ASSERT_NOT_NULL(p) ASSERT_TRUE((p) != NULL)
