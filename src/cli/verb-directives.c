/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `cordon directives`: the directive table itself — what cordon knows, since which systemd
 * version, and how — as text, JSON, or roff for the generated part of cordon-units(5). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json-writer.h"
#include "log.h"
#include "settings.h"
#include "string-util.h"

static void directives_help(void)
{
        printf("Usage: cordon directives [--format=text|json|roff] [--section=NAME]\n"
               "                         [--systemd-version=N]\n\n"
               "List every unit-file directive cordon knows: section, value syntax, the systemd\n"
               "version that introduced it, and a one-line description. With --systemd-version=N\n"
               "only directives that systemd N understands are listed.\n");
}

static const char *flags_text(const Directive *d, char *buf, size_t l)
{
        snprintf(buf, l, "%s%s%s%s", d->flags & DIRECTIVE_LIST ? "list " : "",
                 d->flags & DIRECTIVE_SPECIFIERS ? "specifiers " : "",
                 d->flags & DIRECTIVE_DEPRECATED ? "deprecated " : "",
                 d->flags & DIRECTIVE_SANDBOX ? "sandbox " : "");
        return buf;
}

static void roff_escape(const char *s)
{
        for (; *s; s++) {
                if (*s == '\\')
                        fputs("\\e", stdout);
                else if (*s == '-')
                        fputs("\\-", stdout);
                else
                        putchar(*s);
        }
}

int verb_directives(int argc, char **argv)
{
        enum { ARG_FORMAT = 0x100, ARG_SECTION, ARG_VERSION };
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {"format", required_argument, NULL, ARG_FORMAT},
                {"section", required_argument, NULL, ARG_SECTION},
                {"systemd-version", required_argument, NULL, ARG_VERSION},
                {},
        };
        const char *format = "text", *section = NULL;
        unsigned version = 0;
        size_t n;
        int c;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        directives_help();
                        return EXIT_OK;
                case ARG_FORMAT:
                        format = optarg;
                        break;
                case ARG_SECTION:
                        section = optarg;
                        break;
                case ARG_VERSION:
                        if (cli_parse_systemd_version(optarg, &version) < 0) {
                                log_error("Invalid --systemd-version=%s.", optarg);
                                return EXIT_USAGE;
                        }
                        break;
                default:
                        return EXIT_USAGE;
                }
        }
        if (!streq(format, "text") && !streq(format, "json") && !streq(format, "roff")) {
                log_error("Unknown --format=%s (text, json, roff).", format);
                return EXIT_USAGE;
        }

        const Directive *t = directive_table(&n);
        StrBuf out = STRBUF_INIT;
        JsonWriter w;
        char fbuf[128];

        if (streq(format, "json")) {
                json_init(&w, &out, true);
                json_begin_array(&w);
        }
        for (size_t i = 0; i < n; i++) {
                const Directive *d = &t[i];
                const char *sec = unit_section_to_string(d->section);

                if (section && !streq(section, strempty(sec)))
                        continue;
                if (version && (d->since > version || (d->removed && d->removed <= version)))
                        continue;
                if (streq(format, "json")) {
                        json_begin_object(&w);
                        json_key(&w, "name");
                        json_string(&w, d->name);
                        json_key(&w, "section");
                        json_string(&w, sec);
                        json_key(&w, "syntax");
                        json_string(&w, d->syntax);
                        json_key(&w, "since");
                        json_uint(&w, d->since);
                        json_key(&w, "flags");
                        json_string(&w, delete_trailing_chars(
                                                (char *) flags_text(d, fbuf, sizeof fbuf), " "));
                        json_key(&w, "replacement");
                        json_string(&w, d->replacement);
                        json_key(&w, "description");
                        json_string(&w, d->doc);
                        json_end_object(&w);
                } else if (streq(format, "roff")) {
                        fputs(".TP\n\\fB", stdout);
                        roff_escape(d->name);
                        fputs("=\\fR\\fI", stdout);
                        roff_escape(strempty(d->syntax));
                        printf("\\fR  [%s] (systemd %u", strempty(sec), d->since);
                        if (d->flags & DIRECTIVE_DEPRECATED)
                                fputs(", deprecated", stdout);
                        fputs(")\n", stdout);
                        roff_escape(strempty(d->doc));
                        if (d->replacement) {
                                fputs(" Use \\fB", stdout);
                                roff_escape(d->replacement);
                                fputs("=\\fR instead.", stdout);
                        }
                        putchar('\n');
                } else
                        printf("%-9s %-34s %-4u %-22s %s\n", strempty(sec), d->name, d->since,
                               flags_text(d, fbuf, sizeof fbuf), strempty(d->doc));
        }
        if (streq(format, "json")) {
                json_end_array(&w);
                fputs(strbuf_str(&out), stdout);
                putchar('\n');
        }
        strbuf_done(&out);
        return EXIT_OK;
}
