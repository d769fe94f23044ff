/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "macro.h"

typedef struct Verb {
        const char *name;
        int (*run)(int argc, char **argv);
        const char *summary;
} Verb;

static const Verb verbs[] = {
        {"show", verb_show, "Print the effective settings of units after drop-ins"},
        {"lint", verb_lint, "Report problems in unit files (typos, invalid values, traps)"},
        {"analyze", verb_analyze, "Score exposure like systemd-analyze security, and more"},
        {"directives", verb_directives, "List the unit-file directives cordon knows"},
        {"render", verb_render, "Fill {{NAME}} from credentials or the environment"}, /* H7 */
        {"run", verb_run, "Run a unit's commands under its sandbox, without systemd"},
};

static void help(void)
{
        printf("cordon %s — systemd's service sandbox, everywhere\n\n"
               "Usage: cordon [--version] [--help] VERB [OPTIONS...] [ARGS...]\n\n"
               "Verbs:\n",
               PACKAGE_VERSION);
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                printf("  %-10s %s\n", verbs[i].name, verbs[i].summary);
        printf("\nRun 'cordon VERB --help' for the options of a verb. See cordon(1).\n");
}

int main(int argc, char **argv)
{
        /* `cordon run` formats nothing locale-dependent (no tables, no widths) and its
         * messages stay in English like systemd's own logs; loading the locale would open a
         * dozen files on every start (issues #4/#5). Every other verb gets the user's locale. */
        if (argc < 2 || !streq(argv[1], "run"))
                setlocale(LC_ALL, "");
        if (getenv("CORDON_LOG_LEVEL") && streq(getenv("CORDON_LOG_LEVEL"), "debug"))
                log_set_max_level(LOG_LEVEL_DEBUG);

        if (argc < 2) {
                help();
                return EXIT_USAGE;
        }
        if (streq(argv[1], "--help") || streq(argv[1], "-h") || streq(argv[1], "help")) {
                help();
                return EXIT_OK;
        }
        if (streq(argv[1], "--version")) {
                printf("cordon %s (systemd %d unit semantics)\n", PACKAGE_VERSION,
                       SYSTEMD_BASELINE_VERSION);
                return EXIT_OK;
        }
        for (size_t i = 0; i < ELEMENTSOF(verbs); i++)
                if (streq(argv[1], verbs[i].name))
                        return verbs[i].run(argc - 1, argv + 1);

        log_error("Unknown verb '%s'. Run 'cordon --help' for the list of verbs.", argv[1]);
        return EXIT_USAGE;
}
