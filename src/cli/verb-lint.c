/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "log.h"

/* STUB: being written. */
int verb_lint(int argc, char **argv)
{
        log_error("'lint' is not implemented yet.");
        return EXIT_USAGE;
}
