/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tests.h"

TEST(placeholder_specifier)
{
        TEST_SKIP("not written yet");
}
