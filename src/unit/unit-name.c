/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit-name.h"
/* STUB: being written. */
