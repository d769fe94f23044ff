/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "names.h"
/* STUB: being written. */
