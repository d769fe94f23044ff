/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "score.h"
/* STUB: being written. */
