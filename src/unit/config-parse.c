/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Generic value parsers referenced by the directive table: raw values validated by their
 * syntax, booleans, strings, paths, time spans, unit name lists, rlimits and the managed
 * directories. Typed model fields are in config-parse-typed.c. Semantics follow systemd 252's
 * src/shared/conf-parser.c, src/core/load-fragment.c and src/basic/rlimit-util.c. */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config-parse-internal.h"
#include "extract-word.h"
#include "names.h"
#include "path-util.h"
#include "string-table.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

/* ---------------------------------------------------------------- helpers */

const char *value_shown(const Directive *d, const char *word)
{
        if (d && (d->flags & DIRECTIVE_SECRET))
                return "(secret)";
        return strempty(word);
}

/* Directives whose invalid values make systemd 252 refuse the whole unit (their parsers are
 * "fatal": config_parse_bool/config_parse_unit_path_printf with ltype=true, and
 * WorkingDirectory= without "-"). */
bool value_error_is_fatal(const Directive *d, const Assignment *a)
{
        const char *n = d ? d->name : NULL;

        if (!n)
                return false;
        if (streq(n, "WorkingDirectory"))
                return !(a && a->value && a->value[0] == '-');
        return strv_contains(STRV_MAKE("DynamicUser", "RootDirectory", "RootImage", "RootVerity"),
                             n);
}

int value_invalid(DiagList *diags, const Directive *d, const Assignment *a, const char *fmt, ...)
{
        _cleanup_free_ char *m = NULL;
        va_list ap;
        bool fatal;
        int n;

        if (!diags)
                return 0;
        va_start(ap, fmt);
        n = vasprintf(&m, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        /* Same rule as the security parsers: an error when systemd refuses the unit, a warning
         * when it only ignores the line. */
        fatal = value_error_is_fatal(d, a);
        return diag_add(diags, a ? a->file : NULL, a ? a->line : 0, a ? a->column : 0,
                        "invalid-value", fatal ? DIAG_ERROR : DIAG_WARNING, NULL, "%s=: %s, %s",
                        d ? d->name : (a ? a->key : "?"), m,
                        fatal ? "systemd refuses to load the unit." : "ignoring.");
}

const Directive *directive_canonical(const Directive *d)
{
        const Directive *c = NULL;

        if (!d || !d->replacement)
                return d;
        if (d->flags & DIRECTIVE_ALIAS)
                c = directive_lookup(d->section, d->replacement);
        else if ((d->flags & DIRECTIVE_DEPRECATED) && d->section == SECTION_SERVICE)
                /* Moved from [Service] to [Unit]. */
                c = directive_lookup(SECTION_UNIT, d->replacement);
        return c && c != d && c->parse == d->parse ? c : d;
}

int raw_set(Unit *u, const Directive *d, const Assignment *a, const char *value)
{
        RawSetting *r = unit_get_raw_mutable(u, directive_canonical(d)->index);
        if (!r)
                return -ENOMEM;
        strv_with_origin_reset(&r->values);
        if (isempty(value))
                return 0;
        return strv_with_origin_add(&r->values, value, origin_from_assignment(a));
}

int raw_append(Unit *u, const Directive *d, const Assignment *a, const char *value)
{
        RawSetting *r = unit_get_raw_mutable(u, directive_canonical(d)->index);
        if (!r)
                return -ENOMEM;
        return strv_with_origin_add(&r->values, value, origin_from_assignment(a));
}

/* systemd's path_is_valid(): not empty, shorter than PATH_MAX, no component over NAME_MAX. */
static bool path_length_ok(const char *p)
{
        size_t n = strlen(p);

        if (n == 0 || n >= PATH_MAX)
                return false;
        for (const char *c = p; *c;) {
                size_t l = strcspn(c, "/");
                if (l > NAME_MAX)
                        return false;
                c += l;
                c += strspn(c, "/");
        }
        return true;
}

const char *path_check_absolute(char *p)
{
        if (!path_is_absolute(p))
                return "path is not absolute";
        if (!path_length_ok(p))
                return "path is too long or invalid";
        path_simplify(p);
        if (!path_is_normalized(p))
                return "path is not normalized (contains \"..\")";
        return NULL;
}

const char *path_check_relative(char *p)
{
        if (path_is_absolute(p))
                return "path is absolute, a relative path is expected";
        if (!path_length_ok(p))
                return "path is too long or invalid";
        path_simplify(p);
        if (!path_is_normalized(p))
                return "path is not normalized (contains \"..\")";
        return NULL;
}

int split_words(DiagList *diags, const Directive *d, const Assignment *a, const char *value,
                const char *separators, unsigned flags, char ***ret)
{
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0, cap = 0; /* words, slots of l */

        *ret = NULL;
        for (const char *p = value;;) {
                char *word = NULL;
                int r = extract_first_word(&p, &word, separators, flags);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return value_invalid(diags, d, a, "invalid quoting or escaping in \"%s\"",
                                             value_shown(d, value));
                if (r == 0)
                        break;
                if (n >= UNIT_LIST_MAX) {
                        free(word);
                        return value_invalid(diags, d, a, "more than %u entries",
                                             (unsigned) UNIT_LIST_MAX);
                }
                r = strv_push_n(&l, &n, &cap, word);
                if (r < 0)
                        return r;
        }
        if (!l) {
                /* An empty but valid list: hand back an empty vector, not "invalid". */
                l = calloc(1, sizeof(char *));
                if (!l)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

int parse_memory_limit(const char *s, uint64_t *ret)
{
        uint64_t bytes;
        int r;

        if (streq(s, "infinity")) {
                *ret = UINT64_MAX;
                return 0;
        }
        r = parse_permyriad(s);
        if (r >= 0) {
                long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
                if (pages <= 0 || size <= 0)
                        return -ERANGE;
                bytes = (uint64_t) pages * (uint64_t) size / 10000U * (uint64_t) r;
        } else {
                r = parse_size(s, 1024, &bytes);
                if (r < 0)
                        return r;
        }
        if (bytes >= UINT64_MAX)
                return -ERANGE;
        *ret = bytes;
        return 0;
}

static const char *const log_levels[] = {
        "emerg", "alert", "crit", "err", "warning", "notice", "info", "debug",
};

static const char *const log_facilities[] = {
        "kern",   "user",   "mail",     "daemon", "auth",   "syslog", "lpr",    "news",
        "uucp",   "cron",   "authpriv", "ftp",    NULL,     NULL,     NULL,     NULL,
        "local0", "local1", "local2",   "local3", "local4", "local5", "local6", "local7",
};

int log_level_from_name(const char *s)
{
        unsigned v;

        if (safe_atou(s, &v) >= 0)
                return v < ELEMENTSOF(log_levels) ? (int) v : -ERANGE;
        return (int) string_table_lookup(log_levels, ELEMENTSOF(log_levels), s);
}

int log_facility_from_name(const char *s)
{
        unsigned v;

        if (safe_atou(s, &v) >= 0)
                return v < ELEMENTSOF(log_facilities) && log_facilities[v] ? (int) v : -ERANGE;
        return (int) string_table_lookup(log_facilities, ELEMENTSOF(log_facilities), s);
}

/* Validates a raw value against the basic type named by the directive's syntax string, where
 * that is cheap and unambiguous. Returns NULL if fine, else a reason. */
static const char *raw_check(const Directive *d, const char *value)
{
        const char *syntax = d->syntax ? d->syntax : "OTHER";
        uint64_t u64;
        usec_t usec;
        mode_t mode;
        unsigned u;

        /* Rows the dump calls OTHER whose systemd parsers still check the value (safe_atou()
         * there takes "0x" and octal like strtoul(…, 0)). */
        if (strv_contains(STRV_MAKE("TTYRows", "TTYColumns"), d->name))
                return safe_atou_full(value, 0, &u) < 0 ? "not an unsigned integer" : NULL;
        if (strv_contains(STRV_MAKE("SuccessActionExitStatus", "FailureActionExitStatus"), d->name))
                return safe_atou_full(value, 0, &u) < 0 || u > 255
                               ? "not an exit status between 0 and 255"
                               : NULL;
        if (streq(d->name, "ManagedOOMMemoryPressureLimit"))
                return parse_permyriad(value) < 0 ? "not a percentage between 0% and 100%" : NULL;
        if (streq(d->name, "CPUQuotaPeriodSec"))
                return parse_sec(value, &usec) < 0 ? "not a time span" : NULL;

        if (streq(syntax, "BOOLEAN"))
                return parse_boolean(value) < 0 ? "not a boolean" : NULL;
        if (streq(syntax, "SECONDS"))
                return parse_sec(value, &usec) < 0 ? "not a time span" : NULL;
        if (streq(syntax, "NANOSECONDS"))
                return parse_nsec(value, &u64) < 0 ? "not a time span" : NULL;
        if (streq(syntax, "UNSIGNED"))
                return safe_atou(value, &u) < 0 ? "not an unsigned integer" : NULL;
        if (streq(syntax, "MODE") && endswith(d->name, "JobMode"))
                return NULL; /* a job mode, not an access mode: raw_choices */
        if (streq(syntax, "MODE"))
                return parse_mode(value, &mode) < 0 ? "not an octal access mode" : NULL;
        if (streq(syntax, "LEVEL"))
                return log_level_from_name(value) < 0 ? "not a log level" : NULL;
        if (streq(syntax, "FACILITY"))
                return log_facility_from_name(value) < 0 ? "not a syslog facility" : NULL;
        if (streq(syntax, "SIGNAL"))
                return signal_from_name(value) <= 0 ? "not a signal" : NULL;
        if (streq(syntax, "LIMIT"))
                return parse_memory_limit(value, &u64) < 0 ? "not a size, percentage or infinity"
                                                           : NULL;
        if (streq(syntax, "WEIGHT") || streq(syntax, "CPUWEIGHT")) {
                if (streq(syntax, "CPUWEIGHT") && streq(value, "idle"))
                        return NULL;
                if (safe_atou64(value, &u64) < 0 || u64 < 1 || u64 > 10000)
                        return "not a weight between 1 and 10000";
                return NULL;
        }
        if (streq(syntax, "SLICE")) /* config_parse_unit_slice loads it as a unit */
                return unit_name_is_valid(value, false, false) && endswith(value, ".slice")
                               ? NULL
                               : "not a valid slice unit name";
        if (streq(syntax, "SHARES")) {
                if (safe_atou64(value, &u64) < 0 || u64 < 2 || u64 > 262144)
                        return "not a share between 2 and 262144";
                return NULL;
        }
        return NULL;
}

#define JOB_MODES                                                                                  \
        STRV_MAKE("fail", "replace", "replace-irreversibly", "isolate", "flush",                   \
                  "ignore-dependencies", "ignore-requirements", "triggering")

/* Raw directives whose values are one word out of a fixed list in systemd 252 (its string
 * tables: emergency-action.c, execute.c, unit.c, cgroup.c, numa-util.c). empty_resets: "" is
 * accepted as the default; otherwise "" is invalid like any unknown word. */
static const struct {
        const char *name; /* directive name, or a syntax string in capitals */
        bool empty_resets;
        char *const *choices;
} raw_choices[] = {
        {"ACTION", false,
         STRV_MAKE("none", "reboot", "reboot-force", "reboot-immediate", "poweroff",
                   "poweroff-force", "poweroff-immediate", "exit", "exit-force")},
        /* systemd's dump says MODE for job modes too (job.c job_mode_table). */
        {"OnFailureJobMode", false, JOB_MODES},
        {"OnSuccessJobMode", false, JOB_MODES},
        {"CollectMode", false, STRV_MAKE("inactive", "inactive-or-failed")},
        {"UtmpMode", false, STRV_MAKE("init", "login", "user")},
        {"ManagedOOMSwap", true, STRV_MAKE("auto", "kill")},
        {"ManagedOOMMemoryPressure", true, STRV_MAKE("auto", "kill")},
        {"ManagedOOMPreference", false, STRV_MAKE("none", "avoid", "omit")},
        {"NUMAPolicy", true, STRV_MAKE("default", "preferred", "bind", "interleave", "local")},
};

/* The fixed list of words d takes, if any. */
static int raw_choices_find(const Directive *d)
{
        for (size_t i = 0; i < ELEMENTSOF(raw_choices); i++)
                if (streq(raw_choices[i].name, d->name) ||
                    (d->syntax && streq(raw_choices[i].name, d->syntax)))
                        return (int) i;
        return -ENOENT;
}

/* ---------------------------------------------------------------- generic parsers */

DECLARE_PARSER(config_parse_raw)
{
        int c = raw_choices_find(d);
        const char *why;

        if (c >= 0 && (!isempty(value) || !raw_choices[c].empty_resets)) {
                _cleanup_free_ char *list = strv_join((char **) raw_choices[c].choices, ", ");
                if (!list)
                        return -ENOMEM;
                if (!strv_contains((char **) raw_choices[c].choices, value))
                        return value_invalid(diags, d, a, "\"%s\" is not one of %s", value, list);
        }
        if (isempty(value) && d->syntax && streq(d->syntax, "SLICE"))
                return value_invalid(diags, d, a, "\"\" is not a valid slice unit name");
        if (isempty(value))
                return raw_set(u, d, a, NULL);
        why = raw_check(d, value);
        if (why)
                return value_invalid(diags, d, a, "\"%s\" is %s", value_shown(d, value), why);
        return raw_set(u, d, a, value);
}

/* journal_field_valid(…, false): 1–64 of A–Z 0–9 _, not starting with a digit or '_'. */
static bool journal_field_name_valid(const char *p, size_t l)
{
        if (l == 0 || l > 64 || p[0] == '_' || (p[0] >= '0' && p[0] <= '9'))
                return false;
        for (size_t i = 0; i < l; i++)
                if (!((p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
                        return false;
        return true;
}

static bool raw_list_checks_words(const Directive *d)
{
        return strv_contains(STRV_MAKE("RequiresMountsFor", "Sockets", "LogExtraFields"), d->name);
}

/* One word of a raw list row, as systemd's parser checks it: NULL if fine, else why not
 * (config_parse_unit_requires_mounts_for, config_parse_service_sockets,
 * config_parse_log_extra_fields). */
static const char *raw_list_word_check(const Directive *d, char *w)
{
        if (streq(d->name, "Sockets"))
                return unit_name_is_valid(w, false, true) && endswith(w, ".socket")
                               ? NULL
                               : "not a socket unit name";
        if (streq(d->name, "LogExtraFields")) {
                const char *eq = strchr(w, '=');
                if (!eq)
                        return "lacks '='";
                return journal_field_name_valid(w, (size_t) (eq - w))
                               ? NULL
                               : "field name is not A-Z, 0-9 and _ (not starting with a digit or "
                                 "_)";
        }
        return path_check_absolute(w);
}

/* "DEVICE VALUE" rows (config_parse_io_limit, _io_device_weight, _io_device_latency,
 * _blockio_device_weight, _blockio_bandwidth): a device path word, then the value. */
static const char *device_value_check(const Directive *d, const char *value)
{
        _cleanup_free_ char *dev = NULL;
        const char *p = value;
        uint64_t v;
        usec_t t;
        int r = extract_first_word(&p, &dev, NULL, EXTRACT_UNQUOTE);

        if (r == -ENOMEM)
                return NULL;
        if (r <= 0 || isempty(p))
                return "not \"DEVICE VALUE\"";
        if (streq(d->name, "IODeviceLatencyTargetSec"))
                return parse_sec(p, &t) < 0 ? "not \"DEVICE TIME\"" : NULL;
        if (streq(d->name, "IODeviceWeight"))
                return safe_atou64(p, &v) < 0 || v < 1 || v > 10000
                               ? "not \"DEVICE WEIGHT\" with a weight between 1 and 10000"
                               : NULL;
        if (streq(d->name, "BlockIODeviceWeight"))
                return safe_atou64(p, &v) < 0 || v < 10 || v > 1000
                               ? "not \"DEVICE WEIGHT\" with a weight between 10 and 1000"
                               : NULL;
        if (streq(p, "infinity") && startswith(d->name, "IO"))
                return NULL;
        return parse_size(p, 1000, &v) < 0 || v == 0 ? "not \"DEVICE LIMIT\" with a size above 0"
                                                     : NULL;
}

/* A whole value of a raw list row (config_parse_allowed_cpuset/config_parse_numa_mask:
 * parse_cpu_set_extend; config_parse_disable_controllers: cg_mask_from_string, where unknown
 * controller names are skipped but at least one must be known). */
static const char *raw_list_value_check(const Directive *d, const char *value)
{
        if (strv_contains(STRV_MAKE("AllowedCPUs", "StartupAllowedCPUs", "AllowedMemoryNodes",
                                    "StartupAllowedMemoryNodes", "NUMAMask"),
                          d->name))
                return cpu_set_valid(value) ? NULL : "not a CPU or NUMA node list";
        if (d->syntax &&
            strv_contains(STRV_MAKE("DEVICEWEIGHT", "BANDWIDTH", "DEVICELATENCY"), d->syntax))
                return device_value_check(d, value);
        if (d->syntax && streq(d->syntax, "LIMIT") && startswith(d->name, "IO"))
                return device_value_check(d, value); /* IO{Read,Write}{Bandwidth,IOPS}Max= */
        if (streq(d->name, "StandardInputData")) {   /* config_parse_exec_input_data */
                _cleanup_free_ char *data = NULL;
                size_t size;
                int r = base64_decode(value, &data, &size);
                if (data)
                        explicit_bzero(data, size); /* may be a secret */
                return r < 0 && r != -ENOMEM ? "not Base64" : NULL;
        }
        if (streq(d->name, "DisableControllers")) {
                const char *p = value;
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        int r = extract_first_word(&p, &w, NULL, 0);
                        if (r <= 0)
                                return r == -ENOMEM ? NULL : "not a list of cgroup controllers";
                        if (strv_contains(STRV_MAKE("cpu", "cpuacct", "cpuset", "io", "blkio",
                                                    "memory", "devices", "pids", "bpf-firewall",
                                                    "bpf-devices", "bpf-foreign", "bpf-socket-bind",
                                                    "bpf-restrict-network-interfaces"),
                                          w))
                                return NULL;
                }
        }
        return NULL;
}

/* Condition*=/Assert*= parsed by systemd's config_parse_unit_condition_path. */
static bool is_path_condition(const Directive *d)
{
        const char *n = startswith(d->name, "Condition");

        if (!n)
                n = startswith(d->name, "Assert");
        return n &&
               strv_contains(STRV_MAKE("PathExists", "PathExistsGlob", "PathIsDirectory",
                                       "PathIsSymbolicLink", "PathIsMountPoint", "PathIsReadWrite",
                                       "PathIsEncrypted", "DirectoryNotEmpty", "FileNotEmpty",
                                       "FileIsExecutable", "NeedsUpdate"),
                             n);
}

DECLARE_PARSER(config_parse_raw_list)
{
        if (isempty(value))
                return raw_set(u, d, a, NULL);
        if (raw_list_checks_words(d)) {
                /* Word lists whose bad words systemd skips with a warning. */
                const char *p = value;
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        const char *why;
                        int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE);

                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return value_invalid(diags, d, a, "invalid syntax in \"%s\"",
                                                     value);
                        if (r == 0)
                                break;
                        why = raw_list_word_check(d, w);
                        if (why) {
                                r = value_invalid(diags, d, a, "\"%s\": %s", w, why);
                                if (r < 0)
                                        return r;
                        }
                }
        } else {
                const char *why = raw_list_value_check(d, value);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\" is %s", value_shown(d, value),
                                             why);
        }
        if (is_path_condition(d)) {
                /* "|" (trigger) then "!" (negate), then an absolute, normalized path. */
                const char *v = value + (value[0] == '|');
                _cleanup_free_ char *p = strdup(v + (v[0] == '!'));
                const char *why;

                if (!p)
                        return -ENOMEM;
                why = path_check_absolute(p);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\": %s", value, why);
        }
        return raw_append(u, d, a, value);
}

DECLARE_PARSER(config_parse_nop)
{
        /* systemd logs that support was removed and ignores the line; lint reports it from the
         * row's DIRECTIVE_NOP flag. */
        return 0;
}

/* Directives parsed by config_parse_tristate (or a bool parser that resets on empty). */
static bool empty_resets_bool(const Directive *d)
{
        return strv_contains(STRV_MAKE("MemoryKSM", "SetLoginEnvironment"), d->name);
}

DECLARE_PARSER(config_parse_unit_bool)
{
        int b;

        if (streq(d->name, "OnFailureIsolate")) {
                /* config_parse_job_mode_isolate: yes → OnFailureJobMode=isolate, no → replace. */
                const Directive *mode = directive_lookup(SECTION_UNIT, "OnFailureJobMode");
                b = parse_boolean(value);
                if (b < 0)
                        return value_invalid(diags, d, a, "\"%s\" is not a boolean", value);
                return mode ? raw_set(u, mode, a, b ? "isolate" : "replace") : 0;
        }

        if (isempty(value) && empty_resets_bool(d))
                return raw_set(u, d, a, NULL);
        b = parse_boolean(value);
        if (b < 0)
                return value_invalid(diags, d, a, "\"%s\" is not a boolean", value);
        return raw_set(u, d, a, yes_no(b));
}

DECLARE_PARSER(config_parse_unit_string)
{
        return raw_set(u, d, a, value);
}

DECLARE_PARSER(config_parse_unit_path)
{
        _cleanup_free_ char *p = NULL;
        const char *why;

        if (isempty(value))
                return raw_set(u, d, a, NULL);
        p = strdup(value);
        if (!p)
                return -ENOMEM;
        why = path_check_absolute(p);
        if (why) {
                if (value_error_is_fatal(d, a))
                        u->bad_setting = true;
                return value_invalid(diags, d, a, "\"%s\": %s", value, why);
        }
        return raw_set(u, d, a, p);
}

DECLARE_PARSER(config_parse_unit_sec)
{
        usec_t t;

        if (parse_sec(value, &t) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not a time span", value);
        return raw_set(u, d, a, value);
}

DECLARE_PARSER(config_parse_unit_unsigned)
{
        unsigned v;

        if (safe_atou(value, &v) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not an unsigned integer", value);
        return raw_set(u, d, a, value);
}

/* Requires=, After=, …: each word must be a valid unit name. systemd 252 cannot reset these
 * lists, so an empty value adds nothing. Bad words are reported and skipped, good ones kept. */
DECLARE_PARSER(config_parse_unit_names)
{
        _cleanup_strv_free_ char **words = NULL;
        int r;

        r = split_words(diags, d, a, value, NULL, EXTRACT_RETAIN_ESCAPE, &words);
        if (r < 0 || !words)
                return r;
        STRV_FOREACH (w, words) {
                if (!unit_name_is_valid(*w, false, true)) {
                        r = value_invalid(diags, d, a, "\"%s\" is not a valid unit name", *w);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = raw_append(u, d, a, *w);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---------------------------------------------------------------- rlimits */

static int rlimit_parse_one(int resource, const char *val, rlim_t *ret)
{
        uint64_t v;
        usec_t t;
        int r;

        if (streq(val, "infinity")) {
                *ret = RLIM_INFINITY;
                return 0;
        }
        switch (resource) {
        case RLIMIT_CPU: /* seconds, rounded up */
                r = parse_sec(val, &t);
                if (r < 0)
                        return r;
                if (t == USEC_INFINITY) {
                        *ret = RLIM_INFINITY;
                        return 0;
                }
                v = DIV_ROUND_UP(t, USEC_PER_SEC);
                break;
        case RLIMIT_RTTIME: /* microseconds */
                r = parse_time(val, &t, 1);
                if (r < 0)
                        return r;
                *ret = t == USEC_INFINITY ? RLIM_INFINITY : (rlim_t) t;
                return 0;
        case RLIMIT_FSIZE:
        case RLIMIT_DATA:
        case RLIMIT_STACK:
        case RLIMIT_CORE:
        case RLIMIT_RSS:
        case RLIMIT_AS:
        case RLIMIT_MEMLOCK:
        case RLIMIT_MSGQUEUE:
                r = parse_size(val, 1024, &v);
                if (r < 0)
                        return r;
                break;
        case RLIMIT_NICE:
                /* "+N"/"-N" are nice levels (20 - N / 20 + N), bare numbers raw values 0..40. */
                if (val[0] == '+' || val[0] == '-') {
                        r = safe_atou64(val + 1, &v);
                        if (r < 0)
                                return r;
                        if (val[0] == '+') {
                                if (v >= 20)
                                        return -ERANGE;
                                v = 20 - v;
                        } else {
                                if (v > 20)
                                        return -ERANGE;
                                v = 20 + v;
                        }
                } else {
                        r = safe_atou64(val, &v);
                        if (r < 0)
                                return r;
                        if (v > 40)
                                return -ERANGE;
                }
                break;
        default:
                r = safe_atou64(val, &v);
                if (r < 0)
                        return r;
                break;
        }
        if (v >= (uint64_t) RLIM_INFINITY)
                return -ERANGE;
        *ret = (rlim_t) v;
        return 0;
}

/* "soft[:hard]"; a single value sets both. */
static int rlimit_parse(int resource, const char *value, rlim_t *ret_soft, rlim_t *ret_hard)
{
        const char *colon = strchr(value, ':');
        _cleanup_free_ char *soft = NULL;
        rlim_t s, h;
        int r;

        soft = colon ? strndup(value, (size_t) (colon - value)) : strdup(value);
        if (!soft)
                return -ENOMEM;
        if (isempty(soft))
                return -EINVAL;
        r = rlimit_parse_one(resource, soft, &s);
        if (r < 0)
                return r;
        if (!colon)
                h = s;
        else {
                const char *hard = colon + 1;
                if (isempty(hard) || strchr(hard, ':'))
                        return -EINVAL;
                r = rlimit_parse_one(resource, hard, &h);
                if (r < 0)
                        return r;
                if (s > h)
                        return -EILSEQ;
        }
        *ret_soft = s;
        *ret_hard = h;
        return 0;
}

DECLARE_PARSER(config_parse_rlimit)
{
        rlim_t soft, hard;
        int r;

        if (d->ltype < 0 || d->ltype >= RLIMIT_COUNT)
                return -EINVAL;
        r = rlimit_parse(d->ltype, value, &soft, &hard);
        if (r == -ENOMEM)
                return r;
        if (r == -EILSEQ)
                return value_invalid(diags, d, a, "soft limit above hard limit in \"%s\"", value);
        if (r < 0)
                return value_invalid(diags, d, a, "\"%s\" is not a valid resource limit", value);
        u->exec.rlimits[d->ltype] = (RLimitSetting){
                .set = true,
                .soft = soft,
                .hard = hard,
                .origin = origin_from_assignment(a),
        };
        return 0;
}

/* ---------------------------------------------------------------- managed directories */

static int exec_directory_add(ExecDirectory *ed, const char *path, const char *symlink,
                              bool read_only, Origin origin)
{
        /* The same path twice merges: the symlinks accumulate (exec_directory_add()). */
        for (size_t i = 0; i < ed->n; i++)
                if (streq(ed->items[i].path, path)) {
                        if (symlink && strv_extend(&ed->items[i].symlinks, symlink) < 0)
                                return -ENOMEM;
                        ed->items[i].read_only = ed->items[i].read_only || read_only;
                        return 0;
                }
        if (ed->n >= UNIT_LIST_MAX)
                return -E2BIG;
        ExecDirectoryItem *n = realloc(ed->items, (ed->n + 1) * sizeof(ExecDirectoryItem));
        if (!n)
                return -ENOMEM;
        ed->items = n;
        ExecDirectoryItem *it = &ed->items[ed->n];
        *it = (ExecDirectoryItem){.read_only = read_only, .origin = origin};
        it->path = strdup(path);
        if (!it->path)
                return -ENOMEM;
        if (symlink && strv_extend(&it->symlinks, symlink) < 0) {
                free(it->path);
                return -ENOMEM;
        }
        ed->n++;
        return 0;
}

static void exec_directory_clear(ExecDirectory *ed)
{
        for (size_t i = 0; i < ed->n; i++) {
                free(ed->items[i].path);
                strv_free(ed->items[i].symlinks);
        }
        ed->items = mfree(ed->items);
        ed->n = 0;
}

/* One "src[:dst[:ro]]" tuple. Returns 1 if added, 0 if reported and skipped, <0 on OOM. */
static int exec_directory_tuple(Unit *u, const Directive *d, const Assignment *a, const char *tuple,
                                DiagList *diags)
{
        _cleanup_free_ char *src = NULL, *dst = NULL, *opts = NULL;
        const char *p = tuple, *why;
        bool read_only = false;
        int r;

        r = extract_first_word(&p, &src, ":",
                               EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS |
                                       EXTRACT_DONT_COALESCE_SEPARATORS);
        if (r == -ENOMEM)
                return r;
        if (r > 0 && p)
                r = extract_first_word(&p, &dst, ":",
                                       EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS |
                                               EXTRACT_DONT_COALESCE_SEPARATORS);
        if (r == -ENOMEM)
                return r;
        if (r > 0 && p)
                r = extract_first_word(&p, &opts, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        if (r == -ENOMEM)
                return r;
        if (r < 0 || isempty(src) || p)
                return value_invalid(diags, d, a, "invalid syntax in \"%s\"", tuple);

        why = path_check_relative(src);
        if (why)
                return value_invalid(diags, d, a, "\"%s\": %s", src, why);
        if (path_startswith(src, "private"))
                return value_invalid(diags, d, a, "\"%s\": the path cannot be 'private'", src);
        if (!isempty(dst)) {
                if (d->ltype == EXEC_DIRECTORY_CONFIGURATION)
                        return value_invalid(diags, d, a,
                                             "\"%s\": no symlink destination is supported here",
                                             tuple);
                why = path_check_relative(dst);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\": %s", dst, why);
        }
        if (!isempty(opts)) {
                if (!streq(opts, "ro"))
                        return value_invalid(diags, d, a, "unknown option \"%s\" in \"%s\"", opts,
                                             tuple);
                read_only = true; /* v257 */
        }
        r = exec_directory_add(&u->exec.directories[d->ltype], src, isempty(dst) ? NULL : dst,
                               read_only, origin_from_assignment(a));
        return r < 0 ? r : 1;
}

DECLARE_PARSER(config_parse_exec_directory)
{
        _cleanup_strv_free_ char **words = NULL;
        int r;

        if (d->ltype < 0 || d->ltype >= _EXEC_DIRECTORY_TYPE_MAX)
                return -EINVAL;
        if (isempty(value)) {
                exec_directory_clear(&u->exec.directories[d->ltype]);
                return 0;
        }
        r = split_words(diags, d, a, value, NULL, EXTRACT_UNQUOTE | EXTRACT_RETAIN_ESCAPE, &words);
        if (r < 0 || !words)
                return r;
        STRV_FOREACH (w, words) {
                r = exec_directory_tuple(u, d, a, *w, diags);
                if (r < 0)
                        return r;
        }
        return 0;
}

DECLARE_PARSER(config_parse_exec_directory_mode)
{
        mode_t m;

        if (d->ltype < 0 || d->ltype >= _EXEC_DIRECTORY_TYPE_MAX)
                return -EINVAL;
        if (parse_mode(value, &m) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not an octal access mode", value);
        u->exec.directories[d->ltype].mode = m;
        u->exec.directories[d->ltype].mode_origin = origin_from_assignment(a);
        return 0;
}
