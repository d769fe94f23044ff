/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "show.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"

static void show_help(void)
{
        printf("Usage: cordon show [OPTIONS...] UNIT...\n\n"
               "Print the effective settings of each UNIT after drop-ins and implied settings,\n"
               "as `systemctl show` spells them.\n\n"
               "Options:\n"
               "  -h --help                Show this help\n"
               "     --root=DIR            Look units up below DIR\n"
               "     --user                Use the user unit search path\n"
               "  -p --property=NAME,...   Only show these properties\n"
               "  -a --all                 Also show properties that are unset\n"
               "     --origin              Add the file:line each value came from\n"
               "     --json                Print a JSON object per unit\n"
               "     --systemd-version=N   Emulate systemd N's semantics (default 252)\n\n"
               "UNIT is a path to a unit file (its directory is searched first) or a unit\n"
               "name found under --root. Exit status: 0 on success, 2 on usage or I/O error.\n");
}

int verb_show(int argc, char **argv)
{
        enum { ARG_ROOT = 0x100, ARG_USER, ARG_ORIGIN, ARG_JSON, ARG_SYSTEMD_VERSION };
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {"root", required_argument, NULL, ARG_ROOT},
                {"user", no_argument, NULL, ARG_USER},
                {"property", required_argument, NULL, 'p'},
                {"all", no_argument, NULL, 'a'},
                {"origin", no_argument, NULL, ARG_ORIGIN},
                {"json", no_argument, NULL, ARG_JSON},
                {"systemd-version", required_argument, NULL, ARG_SYSTEMD_VERSION},
                {},
        };
        UnitLoadOptions lo = {0};
        ShowOptions so = {0};
        _cleanup_strv_free_ char **props = NULL;
        int c, ret = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "hp:a", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        show_help();
                        return EXIT_OK;
                case ARG_ROOT:
                        lo.root = optarg;
                        break;
                case ARG_USER:
                        lo.user = true;
                        break;
                case 'p': {
                        _cleanup_free_ char *copy = strdup(optarg);
                        if (!copy)
                                return log_oom(), EXIT_USAGE;
                        for (char *s = strtok(copy, ","); s; s = strtok(NULL, ","))
                                if (strv_extend(&props, s) < 0)
                                        return log_oom(), EXIT_USAGE;
                        break;
                }
                case 'a':
                        so.all = true;
                        break;
                case ARG_ORIGIN:
                        so.origin = true;
                        break;
                case ARG_JSON:
                        so.json = true;
                        break;
                case ARG_SYSTEMD_VERSION:
                        if (cli_parse_systemd_version(optarg, &lo.systemd_version) < 0) {
                                log_error("Invalid --systemd-version=%s.", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case '?':
                        return EXIT_USAGE;
                default:
                        return EXIT_USAGE;
                }
        }
        if (optind >= argc) {
                log_error("No unit given. Usage: cordon show [OPTIONS...] UNIT...");
                return EXIT_USAGE;
        }
        so.properties = props;

        for (int i = optind; i < argc; i++) {
                _cleanup_unit_free_ Unit *u = NULL;
                DiagList diags = {0};
                StrBuf out = STRBUF_INIT;
                int r;

                r = cli_load_unit(argv[i], &lo, &u, &diags);
                if (r < 0) {
                        diag_list_done(&diags);
                        ret = EXIT_USAGE;
                        continue;
                }
                cli_print_diags_plain(&diags, stderr);
                diag_list_done(&diags);
                if (i > optind && !so.json)
                        putchar('\n');
                r = unit_show(u, &so, &out);
                if (r < 0 || out.oom) {
                        strbuf_done(&out);
                        log_error_errno(r < 0 ? r : -ENOMEM, "Failed to format %s: %m", argv[i]);
                        ret = EXIT_USAGE;
                        continue;
                }
                fputs(strbuf_str(&out), stdout);
                strbuf_done(&out);
        }
        return ret;
}
