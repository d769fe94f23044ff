/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "lint.h"
#include "log.h"
#include "path-util.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"

#define LINT_DIR_UNITS_MAX 100000u /* *.service files taken from one directory */

static void lint_help(void)
{
        printf("Usage: cordon lint [OPTIONS...] UNIT|DIR...\n\n"
               "Report problems in unit files: the parser's diagnostics (syntax, unknown or\n"
               "misspelled directives, invalid values) and semantic rules (directives too new for\n"
               "the target systemd, list-merging traps, settings that other settings make\n"
               "ineffective, …). An existing file is linted as that file, a DIR argument lints\n"
               "every *.service file in it, anything else is a unit name looked up under "
               "--root.\n\n"
               "Options:\n"
               "  -h --help                 Show this help\n"
               "     --root=DIR             Look units and /etc/passwd up below DIR\n"
               "     --user                 Use the user unit search path\n"
               "     --systemd-version=N    Judge the units as systemd N would (default 252)\n"
               "     --format=FORMAT        text (default), json or sarif\n"
               "     --severity=LEVEL       Only report findings at LEVEL or above:\n"
               "                            error, warning or info (default)\n"
               "     --ignore=RULE,...      Drop findings of these rules (ids from --list-rules)\n"
               "     --list-rules           Print the rule table (--format=text|json|roff)\n\n"
               "A comment '# cordon-lint: disable=RULE,...' silences those rules on the next\n"
               "assignment of a unit file, '# cordon-lint: disable-file=RULE,...' in the whole "
               "file.\n\n"
               "Exit status: 0 when no finding is at warning level or above, 1 when one is,\n"
               "2 on usage or I/O errors (for example a unit that does not exist).\n");
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Every *.service in dir, sorted, as paths. */
static int list_dir_units(const char *dir, char ***ret)
{
        _cleanup_strv_free_ char **l = NULL;
        DIR *d = opendir(dir);
        struct dirent *de;
        size_t n = 0;

        if (!d)
                return -errno;
        while ((de = readdir(d))) {
                char *p;

                if (!endswith(de->d_name, ".service") || de->d_name[0] == '.')
                        continue;
                if (++n > LINT_DIR_UNITS_MAX) {
                        closedir(d);
                        return -E2BIG;
                }
                p = path_join(dir, de->d_name);
                if (!p || strv_push(&l, p) < 0) {
                        closedir(d);
                        return -ENOMEM;
                }
        }
        closedir(d);
        if (l)
                qsort(l, strv_length(l), sizeof(char *), cmp_str);
        *ret = TAKE_PTR(l);
        return 0;
}

/* Loads and lints one unit; findings go to diags. Returns 0, or EXIT_USAGE after logging an
 * I/O problem. */
static int lint_one(const char *arg, const UnitLoadOptions *lo, const LintOptions *opts,
                    DiagList *diags)
{
        _cleanup_unit_free_ Unit *u = NULL;
        size_t before = diags->n;
        int r;

        r = unit_load(arg, lo, &u, diags);
        if (r == -ERFKILL) {
                log_warning("Unit %s is masked (empty or linked to /dev/null), not linting it.",
                            arg);
                return 0;
        }
        if (r < 0 && diags->n > before && r != -ENOENT)
                return 0; /* rejected whole (NUL bytes, bad UTF-8, too large): findings say why */
        if (r == -ENOENT) {
                log_error("Unit %s not found.", arg);
                return EXIT_USAGE;
        }
        if (r < 0) {
                log_error_errno(r, "Failed to load unit %s: %m", arg);
                return EXIT_USAGE;
        }
        r = lint_unit(u, opts, diags);
        if (r < 0) {
                log_error_errno(r, "Failed to lint unit %s: %m", arg);
                return EXIT_USAGE;
        }
        return 0;
}

static int lint_arg(const char *arg, const UnitLoadOptions *lo, const LintOptions *opts,
                    DiagList *diags)
{
        _cleanup_strv_free_ char **units = NULL;
        struct stat st;
        int r, ret = 0;

        if (stat(arg, &st) < 0)
                return lint_one(arg, lo, opts, diags); /* a unit name, looked up under --root */
        if (!S_ISDIR(st.st_mode)) {
                /* Like systemd-analyze verify: an existing file is linted as that file, even
                 * when written without a directory. */
                _cleanup_free_ char *path = strchr(arg, '/') ? strdup(arg) : path_join(".", arg);
                if (!path)
                        return log_oom(), EXIT_USAGE;
                return lint_one(path, lo, opts, diags);
        }
        r = list_dir_units(arg, &units);
        if (r < 0) {
                log_error_errno(r, "Failed to list %s: %m", arg);
                return EXIT_USAGE;
        }
        STRV_FOREACH (p, units)
                if (lint_one(*p, lo, opts, diags) != 0)
                        ret = EXIT_USAGE;
        return ret;
}

/* Keeps findings at threshold or above whose rule is not ignored. */
static void filter_findings(DiagList *diags, DiagSeverity threshold, char *const *ignore)
{
        size_t n = 0;

        for (size_t i = 0; i < diags->n; i++) {
                Diag *d = &diags->items[i];
                if (d->severity <= threshold && !strv_contains(ignore, d->rule)) {
                        diags->items[n++] = *d;
                        continue;
                }
                free(d->file);
                free(d->message);
                free(d->fix);
        }
        diags->n = n;
}

/* "rule,rule": every id must be in the rule table, so a typo cannot silently ignore nothing. */
static int parse_rule_list(const char *arg, char ***list)
{
        _cleanup_free_ char *copy = strdup(arg);
        char *save = NULL;

        if (!copy)
                return -ENOMEM;
        for (char *w = strtok_r(copy, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
                if (!lint_rule_lookup(w)) {
                        log_error("Unknown rule '%s' in --ignore=. See 'cordon lint --list-rules'.",
                                  w);
                        return -EINVAL;
                }
                if (strv_extend(list, w) < 0)
                        return -ENOMEM;
        }
        return 0;
}

static int print_buf(StrBuf *b)
{
        if (b->oom)
                return log_oom(), EXIT_USAGE;
        fputs(strbuf_str(b), stdout);
        if (fflush(stdout) != 0)
                return log_error_errno(errno, "Failed to write output: %m"), EXIT_USAGE;
        return 0;
}

int verb_lint(int argc, char **argv)
{
        enum {
                ARG_ROOT = 0x100,
                ARG_USER,
                ARG_SYSTEMD_VERSION,
                ARG_FORMAT,
                ARG_SEVERITY,
                ARG_LIST_RULES,
                ARG_IGNORE,
        };
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {"root", required_argument, NULL, ARG_ROOT},
                {"user", no_argument, NULL, ARG_USER},
                {"systemd-version", required_argument, NULL, ARG_SYSTEMD_VERSION},
                {"format", required_argument, NULL, ARG_FORMAT},
                {"severity", required_argument, NULL, ARG_SEVERITY},
                {"list-rules", no_argument, NULL, ARG_LIST_RULES},
                {"ignore", required_argument, NULL, ARG_IGNORE},
                {},
        };
        UnitLoadOptions lo = {0};
        LintOptions opts = {0};
        LintFormat format = LINT_FORMAT_TEXT;
        DiagSeverity threshold = DIAG_INFO;
        bool list_rules = false;
        _cleanup_(diag_list_done) DiagList diags = {0};
        _cleanup_(strbuf_done) StrBuf out = STRBUF_INIT;
        _cleanup_strv_free_ char **ignore = NULL;
        int c, r, ret = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        lint_help();
                        return EXIT_OK;
                case ARG_ROOT:
                        lo.root = opts.root = optarg;
                        break;
                case ARG_USER:
                        lo.user = opts.user = true;
                        break;
                case ARG_SYSTEMD_VERSION:
                        if (cli_parse_systemd_version(optarg, &opts.systemd_version) < 0) {
                                log_error("Invalid --systemd-version=%s (expected 200…300).",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        lo.systemd_version = opts.systemd_version;
                        break;
                case ARG_FORMAT:
                        format = lint_format_from_string(optarg);
                        if (format < 0) {
                                log_error("Invalid --format=%s (expected text, json or sarif).",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case ARG_SEVERITY:
                        threshold = diag_severity_from_string(optarg);
                        if (threshold < 0) {
                                log_error("Invalid --severity=%s (expected error, warning or "
                                          "info).",
                                          optarg);
                                return EXIT_USAGE;
                        }
                        break;
                case ARG_LIST_RULES:
                        list_rules = true;
                        break;
                case ARG_IGNORE:
                        r = parse_rule_list(optarg, &ignore);
                        if (r < 0)
                                return r == -ENOMEM ? (log_oom(), EXIT_USAGE) : EXIT_USAGE;
                        break;
                case '?':
                        return EXIT_USAGE;
                default:
                        log_error("Unhandled option.");
                        return EXIT_USAGE;
                }
        }

        if (list_rules) {
                lint_rules_format(format, &out);
                return print_buf(&out);
        }
        if (format == LINT_FORMAT_ROFF) {
                log_error("--format=roff is only available with --list-rules.");
                return EXIT_USAGE;
        }
        if (optind >= argc) {
                log_error("No unit given. Run 'cordon lint --help' for usage.");
                return EXIT_USAGE;
        }

        for (int i = optind; i < argc; i++)
                if (lint_arg(argv[i], &lo, &opts, &diags) != 0)
                        ret = EXIT_USAGE;

        lint_finalize(&diags);
        filter_findings(&diags, threshold, ignore);
        if (format == LINT_FORMAT_JSON)
                lint_report_json(&diags, &out);
        else if (format == LINT_FORMAT_SARIF) {
                /* URIs relative to where cordon runs, the repository root in CI. */
                char cwd[PATH_MAX];
                lint_report_sarif(&diags, getcwd(cwd, sizeof cwd) ? cwd : NULL, &out);
        } else
                lint_report_text(&diags, &out);
        r = print_buf(&out);
        if (r != 0)
                return r;
        if (ret != EXIT_OK)
                return ret;
        return diag_list_count(&diags, DIAG_WARNING) > 0 ? EXIT_FINDINGS : EXIT_OK;
}
