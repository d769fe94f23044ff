/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "extract-word.h"
/* STUB: being written. */
