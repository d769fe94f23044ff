/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "lint.h"
/* STUB: being written. */
