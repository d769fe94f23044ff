/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "specifier.h"
/* STUB: being written. */
