/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tests.h"

TEST(placeholder_unit_name)
{
        TEST_SKIP("not written yet");
}
