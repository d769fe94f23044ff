/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "tests.h"

TEST(placeholder_extract_word)
{
        TEST_SKIP("not written yet");
}
