/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "cli.h"
#include "log.h"

/* STUB: being written. */
int verb_run(int argc, char **argv)
{
        log_error("'run' is not implemented yet.");
        return EXIT_USAGE;
}
