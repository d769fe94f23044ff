/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cordon analyze security|diff: systemd-analyze security --offline=true, byte for byte, plus
 * cordon's own formats (json, prometheus, html), --explain, bulk analysis and diffs. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "dropins.h"
#include "fileio.h"
#include "log.h"
#include "macro.h"
#include "parse-util.h"
#include "path-util.h"
#include "report-security.h"
#include "score.h"
#include "security-policy.h"
#include "settings.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"

#define ANALYZE_UNITS_MAX 65536u
#define WORKERS_MAX       8u
#define OUTPUT_CHUNK      (1024u * 1024u)
#define OUTPUT_STREAM_MAX (64u * 1024u * 1024u)

typedef enum JsonMode {
        JSON_MODE_OFF,
        JSON_MODE_SHORT,
        JSON_MODE_PRETTY,
} JsonMode;

typedef enum OutputFormat {
        FORMAT_SYSTEMD, /* systemd's text table, or its --json array */
        FORMAT_JSON,    /* cordon's schema */
        FORMAT_PROMETHEUS,
        FORMAT_HTML,
} OutputFormat;

typedef struct AnalyzeArgs {
        const char *root;
        bool user;
        unsigned threshold;
        const char *policy_path;
        JsonMode json;
        OutputFormat format;
        bool explain;
        bool overview; /* force the UNIT/EXPOSURE/PREDICATE/HAPPY table */
        bool list_checks;
        bool roff;
        unsigned systemd_version;
        unsigned jobs; /* worker processes for bulk runs; 0 = automatic */
        char **units;  /* positional arguments */
} AnalyzeArgs;

typedef struct Analyzed {
        Unit *unit;
        SecurityInfo info;
        SecurityReport report;
        SecurityFix *fixes; /* one per report row */
        bool ok;
} Analyzed;

static void help(void)
{
        printf("Usage: cordon analyze security [OPTIONS...] [UNIT|FILE|DIR...]\n"
               "       cordon analyze diff [OPTIONS...] A B\n\n"
               "Score how exposed services are, exactly as `systemd-analyze security "
               "--offline=true`\n"
               "of systemd 252 does, and go further.\n\n"
               "Options:\n"
               "  -h --help                 Show this help\n"
               "     --root=DIR             Load units below DIR; without UNIT, analyse every\n"
               "                            service found there (overview table)\n"
               "     --user                 Use the user unit search path\n"
               "     --threshold=N          Fail when the exposure (0..100) is above N\n"
               "     --security-policy=FILE JSON policy overriding weights, ranges, texts\n"
               "     --json=pretty|short|off  systemd's JSON rows instead of the table\n"
               "     --format=FORMAT        text (default), json (cordon schema with origins and\n"
               "                            fixes), prometheus, html\n"
               "     --explain              After the table, the five changes that lower the\n"
               "                            exposure most, each re-scored\n"
               "     --overview             Print only the UNIT/EXPOSURE/PREDICATE/HAPPY table\n"
               "     --list-checks          Print the check table (--format=roff for the man "
               "page)\n"
               "     --systemd-version=N    Score with systemd N's table (default 252)\n"
               "  -j --jobs=N               Analyse many units in N processes (default 1); the\n"
               "                            output is the same\n"
               "     --no-pager --offline   Accepted for compatibility (always offline)\n\n"
               "diff compares two units, or baselines written with --format=json, and exits 1\n"
               "when B is more exposed than A.\n");
}

enum {
        ARG_ROOT = 0x100,
        ARG_USER,
        ARG_THRESHOLD,
        ARG_POLICY,
        ARG_JSON,
        ARG_FORMAT,
        ARG_EXPLAIN,
        ARG_OVERVIEW,
        ARG_LIST_CHECKS,
        ARG_VERSION,
        ARG_NO_PAGER,
        ARG_OFFLINE,
};

static int parse_args(int argc, char **argv, AnalyzeArgs *a)
{
        static const struct option options[] = {
                {"help", no_argument, NULL, 'h'},
                {"root", required_argument, NULL, ARG_ROOT},
                {"user", no_argument, NULL, ARG_USER},
                {"system", no_argument, NULL, ARG_NO_PAGER},
                {"threshold", required_argument, NULL, ARG_THRESHOLD},
                {"security-policy", required_argument, NULL, ARG_POLICY},
                {"json", required_argument, NULL, ARG_JSON},
                {"format", required_argument, NULL, ARG_FORMAT},
                {"explain", no_argument, NULL, ARG_EXPLAIN},
                {"overview", no_argument, NULL, ARG_OVERVIEW},
                {"list-checks", no_argument, NULL, ARG_LIST_CHECKS},
                {"systemd-version", required_argument, NULL, ARG_VERSION},
                {"no-pager", no_argument, NULL, ARG_NO_PAGER},
                {"offline", optional_argument, NULL, ARG_OFFLINE},
                {"jobs", required_argument, NULL, 'j'},
                {},
        };
        int c;

        *a = (AnalyzeArgs){.threshold = 100, .systemd_version = 252};
        optind = 1;
        while ((c = getopt_long(argc, argv, "hj:", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_ROOT:
                        a->root = optarg;
                        break;
                case ARG_USER:
                        a->user = true;
                        break;
                case ARG_THRESHOLD:
                        if (safe_atou(optarg, &a->threshold) < 0 || a->threshold > 100) {
                                log_error("Failed to parse threshold: %s", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_POLICY:
                        a->policy_path = optarg;
                        break;
                case ARG_JSON:
                        if (streq(optarg, "off"))
                                a->json = JSON_MODE_OFF;
                        else if (streq(optarg, "short"))
                                a->json = JSON_MODE_SHORT;
                        else if (streq(optarg, "pretty"))
                                a->json = JSON_MODE_PRETTY;
                        else {
                                log_error("Unknown argument to --json=: %s", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_FORMAT:
                        if (streq(optarg, "text"))
                                a->format = FORMAT_SYSTEMD;
                        else if (streq(optarg, "json"))
                                a->format = FORMAT_JSON;
                        else if (streq(optarg, "prometheus"))
                                a->format = FORMAT_PROMETHEUS;
                        else if (streq(optarg, "html"))
                                a->format = FORMAT_HTML;
                        else if (streq(optarg, "roff"))
                                a->roff = true; /* only for --list-checks */
                        else {
                                log_error("Unknown --format=%s (text, json, prometheus, html).",
                                          optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_EXPLAIN:
                        a->explain = true;
                        break;
                case ARG_OVERVIEW:
                        a->overview = true;
                        break;
                case ARG_LIST_CHECKS:
                        a->list_checks = true;
                        break;
                case ARG_VERSION:
                        if (cli_parse_systemd_version(optarg, &a->systemd_version) < 0) {
                                log_error("Invalid --systemd-version=%s.", optarg);
                                return -EINVAL;
                        }
                        break;
                case ARG_OFFLINE:
                        if (optarg && parse_boolean(optarg) == 0) {
                                log_error("cordon analyses unit files only (--offline=yes); it "
                                          "does not ask the service manager.");
                                return -EINVAL;
                        }
                        break;
                case 'j':
                        if (safe_atou(optarg, &a->jobs) < 0 || a->jobs < 1 ||
                            a->jobs > WORKERS_MAX) {
                                log_error("Invalid --jobs=%s (1…%u).", optarg, WORKERS_MAX);
                                return -EINVAL;
                        }
                        break;
                case ARG_NO_PAGER:
                        break;
                default:
                        return -EINVAL;
                }
        }
        a->units = argv + optind;
        return 1;
}

/* ------------------------------------------------------------------ loading */

static bool strv_isempty(char *const *l)
{
        return !l || !l[0];
}

static bool filename_ok(const char *p)
{
        return !isempty(p) && !streq(p, ".") && !streq(p, "..") && !strchr(p, '/') &&
               strlen(p) <= 255;
}

static bool has_success_action(const Unit *u)
{
        int idx = directive_index(SECTION_UNIT, "SuccessAction");
        const RawSetting *raw = idx >= 0 ? unit_get_raw(u, idx) : NULL;
        size_t n = raw ? strv_length(raw->values.strv) : 0;
        return n > 0 && !streq(raw->values.strv[n - 1], "none") &&
               !isempty(raw->values.strv[n - 1]);
}

/* systemd 252's service_verify(): the checks that make the manager refuse a loaded service
 * ("bad-setting"), with its messages, in its order. Returns NULL when the unit is fine; the
 * message may point into buf. */
static const char *service_refusal(const Unit *u, char *buf, size_t size)
{
        const ServiceSettings *s = &u->service;
        const ExecCommandList *ex = s->exec;
        bool start = ex[SERVICE_EXEC_START].n > 0, oneshot = s->type == SERVICE_ONESHOT;

        for (int c = 0; c < _SERVICE_EXEC_COMMAND_MAX; c++)
                for (size_t i = 0; i < ex[c].n; i++) {
                        const ExecCommand *cmd = ex[c].items + i;
                        if (!cmd->path || (cmd->path[0] != '/' && !filename_ok(cmd->path))) {
                                snprintf(buf, size,
                                         "Service %s= binary path \"%s\" is neither a valid "
                                         "executable name nor an absolute path. Refusing.",
                                         strnull(cmd->path),
                                         exec_command_type_to_string((ExecCommandType) c));
                                return buf;
                        }
                        if (strv_isempty(cmd->argv)) {
                                snprintf(buf, size, "Service has an empty argv in %s=. Refusing.",
                                         exec_command_type_to_string((ExecCommandType) c));
                                return buf;
                        }
                }
        if (!start && ex[SERVICE_EXEC_STOP].n == 0 && !has_success_action(u))
                return "Service has no ExecStart=, ExecStop=, or SuccessAction=. Refusing.";
        if (!oneshot && !start)
                return "Service has no ExecStart= setting, which is only allowed for "
                       "Type=oneshot services. Refusing.";
        if (!(s->remain_after_exit.set && s->remain_after_exit.value) && !start &&
            !has_success_action(u))
                return "Service has no ExecStart= and no SuccessAction= settings and does not "
                       "have RemainAfterExit=yes set. Refusing.";
        if (!oneshot && ex[SERVICE_EXEC_START].n > 1)
                return "Service has more than one ExecStart= setting, which is only allowed for "
                       "Type=oneshot services. Refusing.";
        if (oneshot &&
            (s->restart == SERVICE_RESTART_ALWAYS || s->restart == SERVICE_RESTART_ON_SUCCESS))
                return "Service has Restart= set to either always or on-success, which isn't "
                       "allowed for Type=oneshot services. Refusing.";
        if (oneshot && !strv_isempty(s->restart_force_exit_status.strv))
                return "Service has RestartForceExitStatus= set, which isn't allowed for "
                       "Type=oneshot services. Refusing.";
        if (oneshot && s->exit_type == SERVICE_EXIT_CGROUP)
                return "Service has ExitType=cgroup set, which isn't allowed for Type=oneshot "
                       "services. Refusing.";
        if (s->type == SERVICE_DBUS && isempty(s->bus_name.value))
                return "Service is of type D-Bus but no D-Bus service name has been specified. "
                       "Refusing.";
        if (!isempty(u->exec.pam_name.value) && u->kill.kill_mode != KILL_CONTROL_GROUP &&
            u->kill.kill_mode != KILL_MIXED)
                return "Service has PAM enabled. Kill mode must be set to 'control-group' or "
                       "'mixed'. Refusing.";
        return NULL;
}

static const char *arg_unit_name(const char *arg, char *buf, size_t size)
{
        const char *slash = strrchr(arg, '/');
        snprintf(buf, size, "%s", slash ? slash + 1 : arg);
        return buf;
}

/* Loads one unit the way systemd-analyze --offline does; logs systemd's messages. bus_names
 * (may be NULL) collects BusName= values of the units loaded so far in this invocation: the
 * manager refuses a second service for the same name. */
static int load_one(const char *arg, const UnitLoadOptions *o, char ***bus_names, Unit **ret)
{
        DiagList diags = {};
        Unit *u = NULL;
        char name[256], msg[512];
        const char *why;
        int r;

        r = unit_load(arg, o, &u, &diags);
        cli_print_diags_plain(&diags, stderr);
        diag_list_done(&diags);
        arg_unit_name(arg, name, sizeof name);
        if (r == -ERFKILL) {
                log_error("Unit %s is masked.", u && u->id ? u->id : name);
                unit_free(u);
                return r;
        }
        if (r == -ENOENT) {
                unit_free(u);
                return log_error_errno(r, "Unit %s not found.", name);
        }
        if (r == -EINVAL) {
                unit_free(u);
                return log_error_errno(r, "Invalid unit name or path '%s'.", arg);
        }
        if (r < 0) {
                unit_free(u);
                return log_error_errno(r, "Failed to load unit %s: %m", arg);
        }
        if (!endswith(u->id, ".service")) {
                log_error("Unit %s is not a service unit, refusing.", u->id);
                unit_free(u);
                return -EINVAL;
        }
        if (u->bad_setting) {
                fprintf(stderr,
                        "%s: Unit configuration has fatal error, unit will not be started.\n",
                        u->id);
                log_error("Unit %s has a bad unit file setting.", u->id);
                unit_free(u);
                return -ENOEXEC;
        }
        if (bus_names && !isempty(u->service.bus_name.value)) {
                if (strv_contains(*bus_names, u->service.bus_name.value)) {
                        fprintf(stderr,
                                "Failed to put bus name to hashmap: File exists\n"
                                "%s: Two services allocated for the same bus name %s, refusing "
                                "operation.\n",
                                u->id, u->service.bus_name.value);
                        log_error("Unit %s failed to load properly, please adjust/correct and "
                                  "reload service manager: File exists",
                                  u->id);
                        unit_free(u);
                        return -EEXIST;
                }
                if (strv_extend(bus_names, u->service.bus_name.value) < 0) {
                        unit_free(u);
                        return log_oom();
                }
        }
        why = service_refusal(u, msg, sizeof msg);
        if (why) {
                fprintf(stderr, "%s: %s\n", u->id, why);
                log_error("Unit %s has a bad unit file setting.", u->id);
                unit_free(u);
                return -ENOEXEC;
        }
        *ret = u;
        return 0;
}

/* ------------------------------------------------------------------ bulk */

static bool is_service_file(const char *name)
{
        return endswith(name, ".service") && name[0] != '.';
}

static int cmp_str(const void *x, const void *y)
{
        return strcmp(*(char *const *) x, *(char *const *) y);
}

/* Every *.service file in dir and its subdirectories (not *.d drop-in folders), sorted. */
static int collect_dir(const char *dir, char ***list, unsigned depth)
{
        DIR *d;
        struct dirent *de;
        int r = 0;

        if (depth > 8)
                return 0;
        d = opendir(dir);
        if (!d)
                return log_error_errno(-errno, "Failed to open directory %s: %m", dir);
        while ((de = readdir(d))) {
                struct stat st;
                char *p;
                if (de->d_name[0] == '.' || endswith(de->d_name, ".d") ||
                    endswith(de->d_name, ".wants") || endswith(de->d_name, ".requires"))
                        continue;
                p = path_join(dir, de->d_name);
                if (!p) {
                        r = log_oom();
                        break;
                }
                if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
                        r = collect_dir(p, list, depth + 1);
                else if (is_service_file(de->d_name))
                        r = strv_extend(list, p) < 0 ? log_oom() : 0;
                free(p);
                if (r < 0)
                        break;
                if (strv_length(*list) > ANALYZE_UNITS_MAX) {
                        r = log_error_errno(-E2BIG, "More than %u units, refusing.",
                                            ANALYZE_UNITS_MAX);
                        break;
                }
        }
        closedir(d);
        return r;
}

/* What systemd's overview does not list: aliases (a symlink to a unit of another name; the unit
 * is listed once, by its id) and masked units (a link to /dev/null or an empty file). */
static bool skip_in_overview(const char *dir, const char *name)
{
        char target[4096];
        struct stat st;
        char *p = path_join(dir, name);
        ssize_t n;

        if (!p)
                return false;
        n = readlink(p, target, sizeof target - 1);
        if (n <= 0) {
                bool empty = stat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0;
                free(p);
                return empty;
        }
        free(p);
        target[n] = 0;
        if (streq(target, "/dev/null"))
                return true;
        const char *base = strrchr(target, '/');
        return !streq(base ? base + 1 : target, name);
}

/* Whether a unit argument names a directory (analyse everything below it). The listing of its
 * parent answers without a stat() per argument: unit_load() lists that directory anyway. */
static bool arg_is_directory(DirCache *cache, const char *arg)
{
        _cleanup_free_ char *abs = NULL, *dir = NULL;
        const char *cwd = path_is_absolute(arg) ? NULL : dir_cache_cwd(cache);
        DirEntryType t = DIR_ENTRY_OTHER;
        struct stat st;
        int r = -1;

        abs = cwd ? path_join(cwd, arg) : path_is_absolute(arg) ? strdup(arg) : NULL;
        if (abs) {
                const char *base = path_basename(path_simplify(abs));
                if (filename_ok(base) && (dir = path_dirname(abs)))
                        r = dir_cache_lookup(cache, dir, base, &t);
        }
        if (r == 0)
                return false;
        if (r > 0 && t != DIR_ENTRY_OTHER)
                return t == DIR_ENTRY_DIRECTORY;
        return stat(arg, &st) == 0 && S_ISDIR(st.st_mode); /* a symlink, or not listable */
}

/* Every service name in the search path below root (first directory wins), sorted. Masked
 * and unloadable units are skipped later, like systemd's overview skips not-loaded units. */
static int collect_root(const char *root, bool user, char ***list)
{
        char **search = unit_search_path(root, user);
        char **names = NULL;
        if (!search)
                return log_oom();
        STRV_FOREACH (dir, search) {
                DIR *d = opendir(*dir);
                struct dirent *de;
                if (!d)
                        continue;
                while ((de = readdir(d))) {
                        if (!is_service_file(de->d_name) || strv_contains(names, de->d_name) ||
                            skip_in_overview(*dir, de->d_name))
                                continue;
                        if (strv_extend(&names, de->d_name) < 0 ||
                            strv_length(names) > ANALYZE_UNITS_MAX) {
                                closedir(d);
                                strv_free(search);
                                strv_free(names);
                                return log_error_errno(-ENOMEM, "Too many units.");
                        }
                }
                closedir(d);
        }
        strv_free(search);
        if (names)
                qsort(names, strv_length(names), sizeof(char *), cmp_str);
        *list = names;
        return 0;
}

/* ------------------------------------------------------------------ analysis */

static void analyzed_done(Analyzed *a)
{
        security_fixes_free(a->fixes, a->report.n_rows);
        a->fixes = NULL;
        security_report_done(&a->report);
        a->unit = unit_free(a->unit);
}

static int analyze_unit(Analyzed *a, const SecurityPolicy *policy, const AnalyzeArgs *args,
                        bool want_fixes)
{
        int r;

        security_info_from_unit(a->unit, &a->info);
        r = security_assess(&a->info, policy, args->systemd_version, &a->report);
        if (r == -ERANGE)
                return log_error_errno(r,
                                       "%s: the security policy gives a range of 0 or one "
                                       "smaller than a check's badness, refusing.",
                                       a->unit->id);
        if (r < 0)
                return log_error_errno(r, "Failed to assess %s: %m", a->unit->id);
        security_report_set_origins(&a->report, a->unit);
        security_report_sort(&a->report);
        if (want_fixes) {
                r = security_fixes_compute(&a->info, policy, args->systemd_version, &a->report,
                                           &a->fixes);
                if (r < 0)
                        return log_error_errno(r, "Failed to compute fixes: %m");
        }
        a->ok = true;
        return 0;
}

/* systemd's is_locale_utf8(): UTF-8 unless the locale is a non-UTF-8 one, or C/POSIX chosen
 * explicitly through LC_ALL, LC_CTYPE or LANG (an unset or unusable locale counts as UTF-8). */
static bool locale_is_utf8(void)
{
        const char *set;

        if (!setlocale(LC_ALL, ""))
                return true;
        set = nl_langinfo(CODESET);
        if (!set || streq(set, "UTF-8"))
                return true;
        set = setlocale(LC_CTYPE, NULL);
        if (!set)
                return true;
        return (streq(set, "C") || streq(set, "POSIX")) && !getenv("LC_ALL") &&
               !getenv("LC_CTYPE") && !getenv("LANG");
}

/* Glyphs as systemd picks them: smileys also need a TERM other than dumb/linux (and
 * SYSTEMD_EMOJI= overrides). */
static SecurityStyle security_style(void)
{
        const char *term = getenv("TERM"), *e = getenv("SYSTEMD_EMOJI");
        SecurityStyle st = {.utf8 = locale_is_utf8()};
        int b = e ? parse_boolean(e) : -1;

        if (b >= 0)
                st.emoji = b;
        else
                st.emoji = st.utf8 && term && !streq(term, "dumb") && !streq(term, "linux");
        return st;
}

static int write_out(StrBuf *b)
{
        if (b->oom)
                return log_oom();
        fwrite(strbuf_str(b), 1, b->len, stdout);
        fflush(stdout);
        strbuf_truncate(b, 0);
        return 0;
}

static int load_policy(const AnalyzeArgs *args, SecurityPolicy *policy)
{
        _cleanup_free_ char *found = NULL, *abs = NULL;
        const char *path = args->policy_path;
        unsigned line = 0, column = 0;
        int r;

        if (!path) {
                r = security_policy_find_default(NULL, &found);
                if (r < 0)
                        return log_oom();
                if (!found)
                        return 0;
                path = found;
        } else if (!path_is_absolute(path)) {
                char cwd[4096];
                if (getcwd(cwd, sizeof cwd))
                        abs = path_join(cwd, path);
                if (abs)
                        path = abs;
        }
        r = security_policy_load(path, policy, &line, &column, NULL);
        if (r == -ERANGE)
                return log_error_errno(r, "Policy '%s' sets a range of 0, refusing.", path);
        if (r < 0) /* systemd's wording, also for files it cannot read (at 0:0) */
                return log_error_errno(r, "Failed to parse '%s' at %u:%u: %m", path, line, column);
        return 0;
}

/* "A=\nB=x" → "A= B=x" for one-line listings */
static const char *one_line(const char *s, char *buf, size_t size)
{
        snprintf(buf, size, "%s", strempty(s));
        for (char *p = buf; *p; p++)
                if (*p == '\n')
                        *p = ' ';
        return buf;
}

static void print_explain(const Analyzed *a, const char *arrow, StrBuf *out)
{
        char line[512];
        size_t order[5], n = 0;

        n = security_fixes_best(&a->report, a->fixes, ELEMENTSOF(order), order);
        if (n == 0) {
                strbuf_puts(out, "\nNo single change lowers the exposure further.\n");
                return;
        }
        strbuf_printf(out, "\nChanges that lower the exposure of %s the most (each alone):\n",
                      a->unit->id);
        for (size_t k = 0; k < n; k++) {
                const SecurityFix *f = a->fixes + order[k];
                strbuf_printf(out, "  %zu. %-48s %llu.%llu %s %llu.%llu\n", k + 1,
                              one_line(f->directive, line, sizeof line),
                              (unsigned long long) a->report.exposure / 10,
                              (unsigned long long) a->report.exposure % 10, arrow,
                              (unsigned long long) f->exposure_after / 10,
                              (unsigned long long) f->exposure_after % 10);
        }
}

/* One unit in systemd's format: the table and the overall line (or its JSON rows). */
static void format_unit(const Analyzed *a, const AnalyzeArgs *args, const SecurityStyle *st,
                        StrBuf *out)
{
        if (args->json != JSON_MODE_OFF)
                security_format_json(&a->report, args->json == JSON_MODE_PRETTY, out);
        else {
                security_format_table(&a->report, st, out);
                security_format_overall(&a->report, st, out);
                if (args->explain)
                        print_explain(a, st->utf8 ? "→" : "->", out);
        }
}

static int print_reports(Analyzed *list, size_t n, const AnalyzeArgs *args, bool overview)
{
        SecurityStyle st = security_style();
        StrBuf out = STRBUF_INIT;
        int r = 0;

        if (args->format == FORMAT_SYSTEMD && !overview) {
                for (size_t i = 0; i < n; i++) {
                        if (!list[i].ok)
                                continue;
                        format_unit(list + i, args, &st, &out);
                        /* one write for many units, bounded in memory */
                        if (out.len >= OUTPUT_CHUNK && write_out(&out) < 0)
                                r = -ENOMEM;
                }
                if (out.len > 0 && write_out(&out) < 0)
                        r = -ENOMEM;
        } else if (args->format == FORMAT_SYSTEMD) {
                const SecurityReport **reps = calloc(MAX(n, (size_t) 1), sizeof(*reps));
                size_t k = 0;
                if (!reps)
                        return log_oom();
                for (size_t i = 0; i < n; i++)
                        if (list[i].ok)
                                reps[k++] = &list[i].report;
                if (args->json != JSON_MODE_OFF)
                        security_format_overview_json(reps, k, args->json == JSON_MODE_PRETTY, &st,
                                                      &out);
                else
                        security_format_overview(reps, k, &st, &out);
                free(reps);
                r = write_out(&out);
        } else {
                SecurityUnitView *views = calloc(MAX(n, (size_t) 1), sizeof(*views));
                size_t k = 0;
                if (!views)
                        return log_oom();
                for (size_t i = 0; i < n; i++)
                        if (list[i].ok)
                                views[k++] = (SecurityUnitView){.report = &list[i].report,
                                                                .fixes = list[i].fixes};
                if (args->format == FORMAT_JSON)
                        security_format_cordon_json(views, k, args->systemd_version, &out);
                else if (args->format == FORMAT_PROMETHEUS)
                        security_format_prometheus(views, k, &out);
                else
                        security_format_html(views, k, &out);
                free(views);
                r = write_out(&out);
        }
        strbuf_done(&out);
        return r;
}

static void roff_text(StrBuf *out, const char *s)
{
        if (*s == '.' || *s == '\'')
                strbuf_puts(out, "\\&");
        for (; *s; s++) {
                if (*s == '\\')
                        strbuf_puts(out, "\\e");
                else if (*s == '-')
                        strbuf_puts(out, "\\-");
                else if ((unsigned char) *s >= 0x80) {
                        /* roff input is ASCII: spell a UTF-8 sequence as \[uXXXX] */
                        const unsigned char *p = (const unsigned char *) s;
                        unsigned cp = 0, n = 0;
                        if ((p[0] & 0xE0) == 0xC0)
                                cp = p[0] & 0x1F, n = 1;
                        else if ((p[0] & 0xF0) == 0xE0)
                                cp = p[0] & 0x0F, n = 2;
                        else if ((p[0] & 0xF8) == 0xF0)
                                cp = p[0] & 0x07, n = 3;
                        for (unsigned i = 1; i <= n && (p[i] & 0xC0) == 0x80; i++)
                                cp = (cp << 6) | (p[i] & 0x3F);
                        strbuf_printf(out, "\\[u%04X]", cp);
                        for (unsigned i = 0; i < n && s[1]; i++)
                                s++;
                } else
                        strbuf_putc(out, *s);
        }
}

static int list_checks(const AnalyzeArgs *args)
{
        StrBuf out = STRBUF_INIT;
        size_t n;
        int r;
        const SecurityAssessor *t = security_assessors(&n);

        if (!args->roff)
                strbuf_printf(&out, "%-60s %-58s %6s %5s  %s\n", "NAME", "JSON_FIELD", "WEIGHT",
                              "RANGE", "FIX");
        for (size_t i = 0; i < n; i++) {
                if (!security_assessor_applies(t + i, args->systemd_version))
                        continue;
                if (!args->roff) {
                        strbuf_printf(&out, "%-60s %-58s %6llu %5llu  %s\n", t[i].id,
                                      t[i].json_field, (unsigned long long) t[i].weight,
                                      (unsigned long long) t[i].range, strempty(t[i].fix));
                        continue;
                }
                strbuf_puts(&out, ".TP\n.B ");
                roff_text(&out, t[i].id);
                strbuf_puts(&out, "\nJSON key\n.BR ");
                roff_text(&out, t[i].json_field);
                strbuf_printf(&out, " ,\nweight %llu, range %llu%s.",
                              (unsigned long long) t[i].weight, (unsigned long long) t[i].range,
                              t[i].default_dependencies_only
                                      ? ", not applicable with DefaultDependencies=no"
                                      : "");
                if (t[i].description_bad) {
                        strbuf_puts(&out, " Bad: ");
                        roff_text(&out, t[i].description_bad);
                        strbuf_putc(&out, '.');
                }
                if (t[i].fix) {
                        strbuf_puts(&out, "\nFix:\n.B ");
                        roff_text(&out, t[i].fix);
                }
                strbuf_putc(&out, '\n');
        }
        r = write_out(&out);
        strbuf_done(&out);
        return r < 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* The per-unit formats without a policy, unit by unit: each is loaded, scored, rendered and
 * freed before the next, so a bulk run touches the memory of one unit model at a time instead of
 * holding all of them (page faults and cache misses were a large part of its cost). Output is
 * the same as loading everything first: scoring cannot fail without a policy (its only messages
 * are about policies), so stderr still carries the load messages in argument order, and stdout is
 * rendered into out, written only past OUTPUT_STREAM_MAX (very large runs) when may_write.
 * bus_names carries the BusName= values seen so far in (and out). */
static int run_security_streaming(char **targets, size_t n, const UnitLoadOptions *o,
                                  const AnalyzeArgs *args, const SecurityPolicy *policy,
                                  char ***bus_names, StrBuf *out, bool may_write)
{
        SecurityStyle st = security_style();
        int ret = 0, r;

        for (size_t i = 0; i < n; i++) {
                Analyzed a = {};
                r = load_one(targets[i], o, bus_names, &a.unit);
                if (r < 0 && ret == 0)
                        ret = r;
                if (r >= 0) {
                        r = analyze_unit(&a, policy, args, args->explain);
                        if (r < 0 && ret == 0)
                                ret = r;
                        if (r >= 0 && a.report.exposure > args->threshold && ret == 0)
                                ret = -EINVAL;
                        if (r >= 0)
                                format_unit(&a, args, &st, out);
                }
                analyzed_done(&a);
                if (may_write && out->len >= OUTPUT_STREAM_MAX && write_out(out) < 0 && ret == 0)
                        ret = -ENOMEM;
        }
        return ret;
}

/* ------------------------------------------------------------------ worker processes */

/* Bulk runs are split into contiguous slices analysed by forked workers (the first by this
 * process), and their outputs are put together in argument order: byte for byte what one process
 * prints. A worker writes its stdout and stderr into memory files and reports the BusName= values
 * it saw; a unit whose bus name an earlier slice already took must be refused, which a worker
 * cannot know, so then (and if a worker fails in any way) the slices from there on are analysed
 * again here, sequentially. */

#define WORKERS_UNITS_MAX  8192u /* whole output is held in memory: bound it */
#define WORKER_EXIT_OK     0
#define WORKER_EXIT_FAILED 1 /* some unit failed: the run's exit code */
#define WORKER_EXIT_BROKEN 2 /* the worker itself could not run */

typedef struct Worker {
        size_t begin, end; /* targets[begin..end) */
        pid_t pid;
        int out_fd, err_fd, names_fd;
} Worker;

/* How many processes: --jobs=N as given (at most one per unit). Not more by default: on a busy
 * 2-CPU machine two processes were slower (the second waits for a CPU, fork() and copy-on-write
 * add a quarter to the CPU time); on an idle one they can shorten a bulk run. */
static unsigned analyze_workers(const AnalyzeArgs *args, size_t n)
{
        if (n < 2 || n > WORKERS_UNITS_MAX || args->jobs <= 1)
                return 1;
        return (unsigned) MIN((size_t) args->jobs, n);
}

/* Appends everything in the memory file fd to out (or copies it to fd_to when out is NULL). */
static int memfd_drain(int fd, StrBuf *out, int fd_to)
{
        char buf[65536];
        off_t off = 0;

        for (;;) {
                ssize_t k = pread(fd, buf, sizeof(buf), off);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k < 0)
                        return -errno;
                if (k == 0)
                        return 0;
                off += k;
                if (out)
                        strbuf_putn(out, buf, (size_t) k);
                else
                        for (ssize_t w = 0; w < k;) {
                                ssize_t x = write(fd_to, buf + w, (size_t) (k - w));
                                if (x < 0 && errno == EINTR)
                                        continue;
                                if (x < 0)
                                        return -errno;
                                w += x;
                        }
        }
}

static void worker_close(Worker *w)
{
        for (int *fd = &w->out_fd; fd <= &w->names_fd; fd++)
                if (*fd >= 0)
                        *fd = (close(*fd), -1);
}

/* The worker side: analyse the slice with stdout and stderr in the memory files. */
static _Noreturn void worker_run(Worker *w, char **targets, const UnitLoadOptions *o,
                                 const AnalyzeArgs *args, const SecurityPolicy *policy)
{
        StrBuf out = STRBUF_INIT, names = STRBUF_INIT;
        char **bus_names = NULL;
        int r;

        if (dup2(w->err_fd, STDERR_FILENO) < 0 || dup2(w->out_fd, STDOUT_FILENO) < 0)
                _exit(WORKER_EXIT_BROKEN);
        r = run_security_streaming(targets + w->begin, w->end - w->begin, o, args, policy,
                                   &bus_names, &out, true);
        if (out.len > 0 && write_out(&out) < 0)
                _exit(WORKER_EXIT_BROKEN);
        STRV_FOREACH (b, bus_names)
                strbuf_putn(&names, *b, strlen(*b) + 1);
        if (names.oom ||
            (names.len > 0 && write(w->names_fd, names.s, names.len) != (ssize_t) names.len))
                _exit(WORKER_EXIT_BROKEN);
        if (fflush(stdout) != 0 || fflush(stderr) != 0)
                _exit(WORKER_EXIT_BROKEN);
        _exit(r < 0 ? WORKER_EXIT_FAILED : WORKER_EXIT_OK);
}

static int worker_start(Worker *w, char **targets, const UnitLoadOptions *o,
                        const AnalyzeArgs *args, const SecurityPolicy *policy)
{
        w->out_fd = memfd_create("cordon-analyze-out", MFD_CLOEXEC);
        w->err_fd = memfd_create("cordon-analyze-err", MFD_CLOEXEC);
        w->names_fd = memfd_create("cordon-analyze-names", MFD_CLOEXEC);
        if (w->out_fd < 0 || w->err_fd < 0 || w->names_fd < 0) {
                worker_close(w);
                return -errno;
        }
        w->pid = fork();
        if (w->pid < 0) {
                worker_close(w);
                return -errno;
        }
        if (w->pid == 0)
                worker_run(w, targets, o, args, policy);
        return 0;
}

/* Waits for a worker. Returns its exit code (WORKER_EXIT_*), BROKEN for any other end. */
static int worker_wait(Worker *w)
{
        int status;

        while (waitpid(w->pid, &status, 0) < 0)
                if (errno != EINTR)
                        return WORKER_EXIT_BROKEN;
        w->pid = 0;
        if (!WIFEXITED(status) || WEXITSTATUS(status) > WORKER_EXIT_FAILED)
                return WORKER_EXIT_BROKEN;
        return WEXITSTATUS(status);
}

/* Whether the worker's bus names are all new; if so they are added to bus_names. */
static int worker_take_names(Worker *w, char ***bus_names)
{
        StrBuf names = STRBUF_INIT;
        int r = memfd_drain(w->names_fd, &names, -1);

        if (r < 0 || names.oom) {
                strbuf_done(&names);
                return r < 0 ? r : -ENOMEM;
        }
        for (size_t off = 0; off < names.len; off += strlen(names.s + off) + 1)
                if (strv_contains(*bus_names, names.s + off)) {
                        strbuf_done(&names);
                        return 0;
                }
        for (size_t off = 0; off < names.len; off += strlen(names.s + off) + 1)
                if (strv_extend(bus_names, names.s + off) < 0) {
                        strbuf_done(&names);
                        return -ENOMEM;
                }
        strbuf_done(&names);
        return 1;
}

static int run_security_workers(char **targets, size_t n, unsigned n_workers,
                                const UnitLoadOptions *o, const AnalyzeArgs *args,
                                const SecurityPolicy *policy)
{
        Worker w[WORKERS_MAX];
        StrBuf out = STRBUF_INIT;
        char **bus_names = NULL;
        size_t redo_from = n; /* slices from here on are analysed again, here */
        int ret = 0, r;

        (void) fflush(stdout);
        (void) fflush(stderr);
        for (unsigned k = 0; k < n_workers; k++)
                w[k] = (Worker){.begin = n * k / n_workers,
                                .end = n * (k + 1) / n_workers,
                                .out_fd = -1,
                                .err_fd = -1,
                                .names_fd = -1};
        for (unsigned k = 1; k < n_workers; k++)
                if (worker_start(w + k, targets, o, args, policy) < 0) {
                        w[k].pid = 0;
                        break; /* this slice and the later ones run here */
                }

        r = run_security_streaming(targets, w[0].end, o, args, policy, &bus_names, &out, false);
        if (r < 0)
                ret = r;
        for (unsigned k = 1; k < n_workers; k++) {
                int status;
                if (w[k].pid <= 0) {
                        redo_from = MIN(redo_from, w[k].begin);
                        continue;
                }
                if (redo_from < n)
                        (void) kill(w[k].pid, SIGKILL); /* its slice is redone anyway */
                status = worker_wait(w + k);
                if (redo_from < n || status == WORKER_EXIT_BROKEN ||
                    worker_take_names(w + k, &bus_names) <= 0) {
                        redo_from = MIN(redo_from, w[k].begin);
                        worker_close(w + k);
                        continue;
                }
                /* in order: its messages now (after everything earlier), its reports later */
                if (memfd_drain(w[k].err_fd, NULL, STDERR_FILENO) < 0 ||
                    memfd_drain(w[k].out_fd, &out, -1) < 0)
                        ret = ret < 0 ? ret : -EIO;
                if (status == WORKER_EXIT_FAILED && ret == 0)
                        ret = -EINVAL;
                worker_close(w + k);
        }
        if (redo_from < n) {
                r = run_security_streaming(targets + redo_from, n - redo_from, o, args, policy,
                                           &bus_names, &out, false);
                if (r < 0 && ret == 0)
                        ret = r;
        }
        if (out.len > 0 && write_out(&out) < 0 && ret == 0)
                ret = -ENOMEM;
        strbuf_done(&out);
        strv_free(bus_names);
        return ret;
}

static int run_security_units(char **targets, size_t n, const UnitLoadOptions *o,
                              const AnalyzeArgs *args, const SecurityPolicy *policy)
{
        unsigned n_workers = analyze_workers(args, n);
        StrBuf out = STRBUF_INIT;
        char **bus_names = NULL;
        int ret;

        if (n_workers > 1)
                return run_security_workers(targets, n, n_workers, o, args, policy);
        ret = run_security_streaming(targets, n, o, args, policy, &bus_names, &out, true);
        if (out.len > 0 && write_out(&out) < 0 && ret == 0)
                ret = -ENOMEM;
        strbuf_done(&out);
        strv_free(bus_names);
        return ret;
}

static int run_security(const AnalyzeArgs *args)
{
        UnitLoadOptions o = {
                .root = args->root, .user = args->user, .systemd_version = args->systemd_version};
        SecurityPolicy policy = {};
        char **targets = NULL, **bus_names = NULL;
        Analyzed *list = NULL;
        size_t n = 0;
        bool overview = args->overview, from_root = false;
        int ret = 0, r;

        if (args->list_checks)
                return list_checks(args);
        /* One listing per directory for all units of this run (bulk analysis probes the same
         * search-path directories for every unit). */
        _cleanup_(dir_cache_freep) DirCache *cache = dir_cache_new();
        if (!cache)
                return log_oom(), EXIT_FINDINGS;
        o.dir_cache = cache;
        o.no_suggestions = true; /* load_one() prints messages only, never hints */
        r = load_policy(args, &policy);
        if (r < 0)
                return EXIT_FINDINGS;

        if (strv_isempty(args->units)) {
                if (!args->root) {
                        log_error("No unit given. Pass unit files or directories, or --root=DIR "
                                  "to analyse every service below DIR.");
                        security_policy_done(&policy);
                        return EXIT_USAGE;
                }
                r = collect_root(args->root, args->user, &targets);
                from_root = overview = true;
        } else
                STRV_FOREACH (arg, args->units) {
                        if (arg_is_directory(cache, *arg)) {
                                size_t before = strv_length(targets);
                                overview = true;
                                r = collect_dir(*arg, &targets, 0);
                                if (r >= 0 && targets)
                                        qsort(targets + before, strv_length(targets) - before,
                                              sizeof(char *), cmp_str);
                        } else
                                r = strv_extend(&targets, *arg) < 0 ? log_oom() : 0;
                        if (r < 0)
                                break;
                }
        if (r < 0) {
                strv_free(targets);
                security_policy_done(&policy);
                return EXIT_FINDINGS;
        }
        if (args->format != FORMAT_SYSTEMD)
                overview = false;

        n = strv_length(targets);
        list = calloc(MAX(n, (size_t) 1), sizeof(Analyzed));
        if (!list) {
                strv_free(targets);
                security_policy_done(&policy);
                return log_oom(), EXIT_FINDINGS;
        }

        if (args->format == FORMAT_SYSTEMD && !overview && policy.n == 0) {
                ret = run_security_units(targets, n, &o, args, &policy);
                free(list);
                strv_free(targets);
                security_policy_done(&policy);
                return ret < 0 ? EXIT_FINDINGS : EXIT_OK;
        }

        /* Like systemd: load everything first (messages in argument order), then assess. */
        for (size_t i = 0; i < n; i++) {
                r = load_one(targets[i], &o, &bus_names, &list[i].unit);
                if (r < 0 && !from_root && ret == 0)
                        ret = r;
                if (r >= 0 && from_root && list[i].unit->service.type == SERVICE_ONESHOT)
                        list[i].unit = unit_free(list[i].unit); /* not long-running */
        }
        for (size_t i = 0; i < n; i++) {
                if (!list[i].unit)
                        continue;
                r = analyze_unit(list + i, &policy, args,
                                 args->explain || args->format != FORMAT_SYSTEMD);
                if (r < 0 && ret == 0)
                        ret = r;
                if (r >= 0 && list[i].report.exposure > args->threshold && ret == 0)
                        ret = -EINVAL;
        }

        r = print_reports(list, n, args, overview);
        if (r < 0 && ret == 0)
                ret = r;

        for (size_t i = 0; i < n; i++)
                analyzed_done(list + i);
        free(list);
        strv_free(targets);
        strv_free(bus_names);
        security_policy_done(&policy);
        return ret < 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* One side of a diff: a cordon --format=json baseline, or a unit scored now. */
static int diff_side(const char *arg, const AnalyzeArgs *args, const SecurityPolicy *policy,
                     SecuritySnapshotList *ret)
{
        UnitLoadOptions o = {
                .root = args->root, .user = args->user, .systemd_version = args->systemd_version};
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        unsigned line = 0, column = 0;
        int r;

        if (endswith(arg, ".json")) {
                r = read_full_file(arg, 64u * 1024u * 1024u, &data, &size);
                if (r < 0)
                        return log_error_errno(r, "Failed to read %s: %m", arg);
                r = security_snapshots_from_json(data, size, ret, &line, &column);
                if (r == -EBADMSG)
                        return log_error_errno(r, "%s is not a cordon --format=json baseline.",
                                               arg);
                if (r < 0)
                        return log_error_errno(r, "Failed to parse '%s' at %u:%u: %m", arg, line,
                                               column);
                return 0;
        }

        Analyzed a = {};
        r = load_one(arg, &o, NULL, &a.unit);
        if (r < 0)
                return r;
        r = analyze_unit(&a, policy, args, false);
        if (r >= 0) {
                ret->items = calloc(1, sizeof(SecuritySnapshot));
                if (!ret->items)
                        r = log_oom();
                else {
                        r = security_snapshot_from_report(&a.report, ret->items);
                        if (r < 0)
                                r = log_oom();
                        else
                                ret->n = 1;
                }
        }
        analyzed_done(&a);
        return r;
}

static int run_diff(const AnalyzeArgs *args)
{
        SecuritySnapshotList a = {}, b = {};
        SecurityPolicy policy = {};
        SecurityStyle st = security_style();
        StrBuf out = STRBUF_INIT;
        int worse = 0, r;

        if (strv_length(args->units) != 2) {
                log_error("diff needs exactly two arguments: A B (units or --format=json files).");
                return EXIT_USAGE;
        }
        r = load_policy(args, &policy);
        if (r >= 0)
                r = diff_side(args->units[0], args, &policy, &a);
        if (r >= 0)
                r = diff_side(args->units[1], args, &policy, &b);
        if (r < 0)
                goto finish;

        for (size_t i = 0; i < b.n; i++) {
                const SecuritySnapshot *x = NULL, *y = b.items + i;
                if (a.n == 1 && b.n == 1)
                        x = a.items;
                for (size_t k = 0; !x && k < a.n; k++)
                        if (a.items[k].unit && y->unit && streq(a.items[k].unit, y->unit))
                                x = a.items + k;
                if (!x) {
                        strbuf_printf(&out, "Only in b: %s\n", strempty(y->unit));
                        continue;
                }
                if (i > 0 && args->format != FORMAT_JSON)
                        strbuf_putc(&out, '\n');
                r = security_format_diff(x, y, args->format == FORMAT_JSON, &st, &out);
                if (r < 0) {
                        log_oom();
                        goto finish;
                }
                if (r > 0)
                        worse = 1;
        }
        r = write_out(&out);
finish:
        strbuf_done(&out);
        security_snapshot_list_done(&a);
        security_snapshot_list_done(&b);
        security_policy_done(&policy);
        if (r < 0)
                return EXIT_FINDINGS;
        return worse ? EXIT_FINDINGS : EXIT_OK;
}

int verb_analyze(int argc, char **argv)
{
        AnalyzeArgs args;
        int r;

        if (argc < 2 || streq(argv[1], "--help") || streq(argv[1], "-h")) {
                help();
                return argc < 2 ? EXIT_USAGE : EXIT_OK;
        }
        r = parse_args(argc - 1, argv + 1, &args);
        if (r <= 0)
                return r < 0 ? EXIT_USAGE : EXIT_OK;

        if (streq(argv[1], "security"))
                return run_security(&args);
        if (streq(argv[1], "diff"))
                return run_diff(&args);
        log_error("Unknown analyze verb '%s' (security, diff).", argv[1]);
        return EXIT_USAGE;
}
