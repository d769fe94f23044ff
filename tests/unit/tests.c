/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tests.h"

#include <stdarg.h>

#include "fileio.h"

#define MAX_TESTS 1024

static TestCase tests[MAX_TESTS];
static size_t n_tests;
static bool current_failed, current_skipped;
static const char *current_skip_reason;

void test_register(const char *name, void (*fn)(void))
{
        if (n_tests < MAX_TESTS)
                tests[n_tests++] = (TestCase){name, fn};
}

void test_fail(const char *file, int line, const char *fmt, ...)
{
        va_list ap;
        current_failed = true;
        fprintf(stdout, "# %s:%d: ", file, line);
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
}

void test_skip(const char *why)
{
        current_skipped = true;
        current_skip_reason = why;
}

const char *test_data_dir(void)
{
        const char *d = getenv("CORDON_TEST_DATA");
        return d ? d : TEST_DATA_DIR;
}

char *test_read_data(const char *rel)
{
        char path[4096];
        char *data = NULL;
        snprintf(path, sizeof path, "%s/%s", test_data_dir(), rel);
        if (read_full_file(path, 64 * 1024 * 1024, &data, NULL) < 0) {
                fprintf(stdout, "# cannot read %s\n", path);
                return NULL;
        }
        return data;
}

int main(int argc, char **argv)
{
        unsigned failed = 0, skipped = 0;
        const char *only = argc > 1 ? argv[1] : NULL;

        printf("1..%zu\n", n_tests);
        for (size_t i = 0; i < n_tests; i++) {
                if (only && strcmp(only, tests[i].name) != 0) {
                        printf("ok %zu - %s # SKIP not selected\n", i + 1, tests[i].name);
                        skipped++;
                        continue;
                }
                current_failed = current_skipped = false;
                tests[i].fn();
                if (current_failed) {
                        printf("not ok %zu - %s\n", i + 1, tests[i].name);
                        failed++;
                } else if (current_skipped) {
                        printf("ok %zu - %s # SKIP %s\n", i + 1, tests[i].name,
                               current_skip_reason);
                        skipped++;
                } else
                        printf("ok %zu - %s\n", i + 1, tests[i].name);
                fflush(stdout);
        }
        if (failed)
                return 1;
        return 0; /* TAP carries the skips */
}
