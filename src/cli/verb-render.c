/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cordon render TEMPLATE OUTPUT: fill {{NAME}} from $CREDENTIALS_DIRECTORY/NAME or $NAME. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "cli.h"
#include "fileio.h"
#include "log.h"
#include "render.h"

extern char **environ;

static void render_help(void)
{
        printf("Usage: cordon render [OPTIONS...] TEMPLATE OUTPUT\n\n"
               "Copy TEMPLATE to OUTPUT, replacing every {{NAME}} with the credential NAME from\n"
               "$CREDENTIALS_DIRECTORY (one trailing newline dropped) or, if there is none, with\n"
               "the environment variable NAME. A name that is found nowhere is an error and\n"
               "nothing is written. OUTPUT is replaced atomically and created with mode 0600.\n"
               "Meant for ExecStartPre= writing into $RUNTIME_DIRECTORY, so secrets stay out of\n"
               "world-readable configuration files.\n\n"
               "Options:\n"
               "  -h --help     Show this help\n\n"
               "Exit status: 0 on success, 1 when a placeholder cannot be filled, 2 on usage\n"
               "or I/O errors.\n");
}

int verb_render(int argc, char **argv)
{
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {},
        };
        _cleanup_free_ char *tmpl = NULL;
        char *out = NULL;
        size_t size, out_size;
        RenderError err = {0};
        int c, r;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        render_help();
                        return EXIT_OK;
                default:
                        return EXIT_USAGE;
                }
        if (argc - optind != 2) {
                log_error("render: expected TEMPLATE and OUTPUT. See 'cordon render --help'.");
                return EXIT_USAGE;
        }
        const char *tpath = argv[optind], *opath = argv[optind + 1];

        r = read_full_file(tpath, RENDER_TEMPLATE_MAX, &tmpl, &size);
        if (r < 0) {
                log_error_errno(r, "Cannot read template '%s': %m", tpath);
                return EXIT_USAGE;
        }
        RenderSources src = {.credentials_directory = getenv("CREDENTIALS_DIRECTORY"),
                             .env = environ};
        r = render_template(tmpl, size, render_lookup_default, &src, &out, &out_size, &err);
        if (r < 0) {
                /* names only, never values */
                if (err.name[0] && err.reason)
                        log_error("%s:%u: {{%s}}: %s", tpath, err.line, err.name, err.reason);
                else if (err.reason)
                        log_error("%s:%u: %s", tpath, err.line, err.reason);
                else
                        log_error_errno(r, "%s: cannot render: %m", tpath);
                return r == -ENOMEM || r == -EIO ? EXIT_USAGE : EXIT_FINDINGS;
        }
        r = write_file_atomic(opath, out, out_size, 0600);
        explicit_bzero(out, out_size);
        free(out);
        if (r < 0) {
                log_error_errno(r, "Cannot write '%s': %m", opath);
                return EXIT_USAGE;
        }
        return EXIT_OK;
}
