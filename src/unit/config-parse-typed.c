/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* config_parse_typed(): directives with a typed home in model.h. A small table maps each
 * directive name to a field parser and the field's offset, so adding a typed directive is one
 * row. Value syntax and empty-value behaviour follow the systemd 252 parser named in each
 * comment (src/core/load-fragment.c, src/shared/conf-parser.c). */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config-parse-internal.h"
#include "config-parse-typed.h"
#include "extract-word.h"
#include "names.h"
#include "path-util.h"
#include "settings-internal.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

/* ---------------------------------------------------------------- booleans */

enum {
        BOOL_DEFAULT_YES = 1 << 0,  /* the default value */
        BOOL_EMPTY_RESETS = 1 << 1, /* config_parse_tristate and friends */
};

/* config_parse_bool: "" is invalid; tristates reset to the default. */
static int parse_tribool(Unit *u, const Directive *d, const Assignment *a, const char *value,
                         DiagList *diags, const TypedField *f)
{
        TriBool *b = field_at(u, f->offset);
        int k;

        if (isempty(value) && (f->arg & BOOL_EMPTY_RESETS)) {
                *b = (TriBool){.value = f->arg & BOOL_DEFAULT_YES, .origin = ORIGIN_NULL};
                return 0;
        }
        k = parse_boolean(value);
        if (k < 0)
                return value_invalid(diags, d, a, "\"%s\" is not a boolean", value);
        *b = (TriBool){.value = k, .set = true, .origin = origin_from_assignment(a)};
        return 0;
}

/* ---------------------------------------------------------------- enums */

enum {
        ENUM_BOOLEAN = 1 << 0,      /* booleans map to index 0/1 (…_WITH_BOOLEAN tables) */
        ENUM_EMPTY_RESETS = 1 << 1, /* "" resets to index 0 */
};

#define ENUM_FROM(name)                                                                            \
        static int name##_from_int(const char *s)                                                  \
        {                                                                                          \
                return (int) name##_from_string(s);                                                \
        }
ENUM_FROM(protect_system)
ENUM_FROM(protect_home)
ENUM_FROM(protect_proc)
ENUM_FROM(proc_subset)
ENUM_FROM(private_tmp)
ENUM_FROM(private_users)
ENUM_FROM(protect_control_groups)
ENUM_FROM(keyring_mode)
ENUM_FROM(notify_access)
ENUM_FROM(service_type)
ENUM_FROM(service_exit_type)
ENUM_FROM(service_restart)
ENUM_FROM(kill_mode)
ENUM_FROM(device_policy)
ENUM_FROM(mount_propagation)
ENUM_FROM(exec_preserve_mode)
ENUM_FROM(timeout_mode)
ENUM_FROM(oom_policy)

static int parse_enum(Unit *u, const Directive *d, const Assignment *a, const char *value,
                      DiagList *diags, const TypedField *f)
{
        int *field = field_at(u, f->offset), x = -EINVAL;

        if (isempty(value) && (f->arg & ENUM_EMPTY_RESETS)) {
                *field = 0;
                field_origin_clear(u, f);
                return 0;
        }
        if (f->arg & ENUM_BOOLEAN) {
                int b = parse_boolean(value);
                if (b >= 0)
                        x = b;
        }
        if (x < 0)
                x = f->enum_from(value);
        if (x < 0)
                return value_invalid(diags, d, a, "unknown value \"%s\"", value);
        *field = x;
        field_origin_set(u, f, a);

        /* Side flags that tell "explicitly set" from "default". */
        if (streq(d->name, "Type")) {
                u->service.type_set = true;
                u->service.type_origin = origin_from_assignment(a);
        } else if (streq(d->name, "NotifyAccess"))
                u->service.notify_access_set = true;
        return 0;
}

/* ProtectHostname=: booleans, "private" and (v258) "private:NAME". */
static int parse_protect_hostname(Unit *u, const Directive *d, const Assignment *a,
                                  const char *value, DiagList *diags, const TypedField *f)
{
        ExecSettings *e = &u->exec;
        const char *name = startswith(value, "private:");
        int b = parse_boolean(value);
        char *copy = NULL;

        if (name) {
                if (isempty(name) || strlen(name) > 64)
                        return value_invalid(diags, d, a, "invalid host name in \"%s\"", value);
                copy = strdup(name);
                if (!copy)
                        return -ENOMEM;
                e->protect_hostname = PROTECT_HOSTNAME_PRIVATE;
        } else if (b >= 0)
                e->protect_hostname = b ? PROTECT_HOSTNAME_YES : PROTECT_HOSTNAME_NO;
        else if (streq(value, "private"))
                e->protect_hostname = PROTECT_HOSTNAME_PRIVATE;
        else
                return value_invalid(diags, d, a, "unknown value \"%s\"", value);
        free(e->protect_hostname_name);
        e->protect_hostname_name = copy;
        e->protect_hostname_origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- strings and paths */

enum {
        STRING_PATH = 1 << 0,     /* absolute, normalized (config_parse_unit_path_printf) */
        STRING_PID_FILE = 1 << 1, /* relative to /run, /var/run → /run (config_parse_pid_file) */
        STRING_BUS_NAME = 1 << 2, /* a D-Bus well-known name */
};

static bool bus_name_is_valid(const char *s)
{
        size_t n = strlen(s), dots = 0;

        if (n == 0 || n > 255 || s[0] == '.' || s[0] == ':')
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (c == '.') {
                        if (i + 1 == n || s[i + 1] == '.' || isdigit((unsigned char) s[i + 1]))
                                return false;
                        dots++;
                } else if (!(isalnum((unsigned char) c) || c == '_' || c == '-'))
                        return false;
        }
        return dots > 0 && !isdigit((unsigned char) s[0]);
}

static int parse_string(Unit *u, const Directive *d, const Assignment *a, const char *value,
                        DiagList *diags, const TypedField *f)
{
        StringSetting *s = field_at(u, f->offset);
        _cleanup_free_ char *v = NULL;
        const char *why;

        if (isempty(value)) {
                *s = (StringSetting){.origin = ORIGIN_NULL, .value = mfree(s->value)};
                return 0;
        }
        if ((f->arg & STRING_PID_FILE) && !path_is_absolute(value))
                v = path_join("/run", value);
        else
                v = strdup(value);
        if (!v)
                return -ENOMEM;
        if (f->arg & (STRING_PATH | STRING_PID_FILE)) {
                why = path_check_absolute(v);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\": %s", value, why);
        }
        if (f->arg & STRING_PID_FILE) {
                const char *rest = path_startswith(v, "/var/run");
                if (rest) {
                        char *n = path_join("/run", rest);
                        if (!n)
                                return -ENOMEM;
                        free(v);
                        v = n;
                }
        }
        if ((f->arg & STRING_BUS_NAME) && !bus_name_is_valid(v))
                return value_invalid(diags, d, a, "\"%s\" is not a valid D-Bus name", value);
        free(s->value);
        s->value = TAKE_PTR(v);
        s->origin = origin_from_assignment(a);
        return 0;
}

/* config_parse_working_directory: "", "~", "-PATH", absolute paths. */
static int parse_working_directory(Unit *u, const Directive *d, const Assignment *a,
                                   const char *value, DiagList *diags, const TypedField *f)
{
        ExecSettings *e = &u->exec;
        _cleanup_free_ char *v = NULL;
        bool missing_ok = false;
        const char *why;

        if (isempty(value)) {
                e->working_directory.value = mfree(e->working_directory.value);
                e->working_directory.origin = ORIGIN_NULL;
                e->working_directory_missing_ok = false;
                return 0;
        }
        if (value[0] == '-') {
                missing_ok = true;
                value++;
        }
        v = strdup(value);
        if (!v)
                return -ENOMEM;
        if (!streq(v, "~")) {
                why = path_check_absolute(v);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\": %s", value, why);
        }
        free(e->working_directory.value);
        e->working_directory.value = TAKE_PTR(v);
        e->working_directory.origin = origin_from_assignment(a);
        e->working_directory_missing_ok = missing_ok;
        return 0;
}

/* ---------------------------------------------------------------- time spans, numbers */

enum {
        SEC_FIX_0 = 1 << 0,         /* 0 means infinity (parse_sec_fix_0) */
        SEC_EMPTY_RESETS = 1 << 1,  /* TimeoutAbortSec= */
        SEC_BOTH_TIMEOUTS = 1 << 2, /* TimeoutSec= sets start and stop */
        SEC_ABORT = 1 << 3,
};

static int parse_usec(Unit *u, const Directive *d, const Assignment *a, const char *value,
                      DiagList *diags, const TypedField *f)
{
        usec_t t;

        if (isempty(value) && (f->arg & SEC_EMPTY_RESETS)) {
                if (f->arg & SEC_ABORT)
                        u->service.timeout_abort_set = false;
                return 0;
        }
        if (parse_sec(value, &t) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not a time span", value);
        if ((f->arg & SEC_FIX_0) && t == 0)
                t = USEC_INFINITY;
        *(usec_t *) field_at(u, f->offset) = t;
        if (f->arg & SEC_BOTH_TIMEOUTS)
                u->service.timeout_stop_usec = t;
        if (f->arg & SEC_ABORT)
                u->service.timeout_abort_set = true;
        return 0;
}

static int parse_unsigned(Unit *u, const Directive *d, const Assignment *a, const char *value,
                          DiagList *diags, const TypedField *f)
{
        unsigned v;

        if (safe_atou(value, &v) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not an unsigned integer", value);
        *(unsigned *) field_at(u, f->offset) = v;
        return 0;
}

/* UMask=: config_parse_mode, octal up to 07777. */
static int parse_umask(Unit *u, const Directive *d, const Assignment *a, const char *value,
                       DiagList *diags, const TypedField *f)
{
        mode_t m;

        if (parse_mode(value, &m) < 0)
                return value_invalid(diags, d, a, "\"%s\" is not an octal access mode", value);
        u->exec.umask = m;
        u->exec.umask_origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- lists */

enum {
        LIST_URL = 1,       /* Documentation= */
        LIST_UNIT_NAME,     /* [Install] WantedBy= and friends */
        LIST_EXIT_STATUS,   /* SuccessExitStatus= and friends */
        LIST_ABSOLUTE_PATH, /* IP{Ingress,Egress}FilterPath= */
        LIST_COLON_PATHS,   /* ExecSearchPath= */
        LIST_INPUT_TEXT,    /* StandardInputText= */
};

/* systemd 252's exit status names (tests/data/reference/exit-status-252.txt). */
static const struct {
        const char *name;
        int status;
} exit_statuses[] = {
        {"SUCCESS", 0},
        {"FAILURE", 1},
        {"INVALIDARGUMENT", 2},
        {"NOTIMPLEMENTED", 3},
        {"NOPERMISSION", 4},
        {"NOTINSTALLED", 5},
        {"NOTCONFIGURED", 6},
        {"NOTRUNNING", 7},
        {"USAGE", 64},
        {"DATAERR", 65},
        {"NOINPUT", 66},
        {"NOUSER", 67},
        {"NOHOST", 68},
        {"UNAVAILABLE", 69},
        {"SOFTWARE", 70},
        {"OSERR", 71},
        {"OSFILE", 72},
        {"CANTCREAT", 73},
        {"IOERR", 74},
        {"TEMPFAIL", 75},
        {"PROTOCOL", 76},
        {"NOPERM", 77},
        {"CONFIG", 78},
        {"CHDIR", 200},
        {"NICE", 201},
        {"FDS", 202},
        {"EXEC", 203},
        {"MEMORY", 204},
        {"LIMITS", 205},
        {"OOM_ADJUST", 206},
        {"SIGNAL_MASK", 207},
        {"STDIN", 208},
        {"STDOUT", 209},
        {"CHROOT", 210},
        {"IOPRIO", 211},
        {"TIMERSLACK", 212},
        {"SECUREBITS", 213},
        {"SETSCHEDULER", 214},
        {"CPUAFFINITY", 215},
        {"GROUP", 216},
        {"USER", 217},
        {"CAPABILITIES", 218},
        {"CGROUP", 219},
        {"SETSID", 220},
        {"CONFIRM", 221},
        {"STDERR", 222},
        {"PAM", 224},
        {"NETWORK", 225},
        {"NAMESPACE", 226},
        {"NO_NEW_PRIVILEGES", 227},
        {"SECCOMP", 228},
        {"SELINUX_CONTEXT", 229},
        {"PERSONALITY", 230},
        {"APPARMOR", 231},
        {"ADDRESS_FAMILIES", 232},
        {"RUNTIME_DIRECTORY", 233},
        {"CHOWN", 235},
        {"SMACK_PROCESS_LABEL", 236},
        {"KEYRING", 237},
        {"STATE_DIRECTORY", 238},
        {"CACHE_DIRECTORY", 239},
        {"LOGS_DIRECTORY", 240},
        {"CONFIGURATION_DIRECTORY", 241},
        {"NUMA_POLICY", 242},
        {"CREDENTIALS", 243},
        {"BPF", 244},
        {"EXCEPTION", 255},
};

int exit_status_from_name(const char *s)
{
        unsigned v;

        if (!s)
                return -EINVAL;
        if (safe_atou(s, &v) >= 0)
                return v <= 255 ? (int) v : -ERANGE;
        for (size_t i = 0; i < ELEMENTSOF(exit_statuses); i++)
                if (streq(exit_statuses[i].name, s))
                        return exit_statuses[i].status;
        return -EINVAL;
}

/* exit_status_from_string() then signal_from_string(), as config_parse_set_status does. */
static bool exit_status_word_is_valid(const char *w)
{
        unsigned v;

        if (safe_atou(w, &v) >= 0)
                return v <= 255;
        return exit_status_from_name(w) >= 0 || signal_from_name(w) > 0;
}

/* documentation_url_is_valid(): a known scheme, printable ASCII only. */
static bool documentation_url_is_valid(const char *url)
{
        if (!startswith(url, "http://") && !startswith(url, "https://") &&
            !startswith(url, "file:/") && !startswith(url, "info:") && !startswith(url, "man:"))
                return false;
        for (const char *p = url; *p; p++)
                if ((unsigned char) *p < ' ' || (unsigned char) *p >= 127)
                        return false;
        return true;
}

static const char *list_word_problem(unsigned kind, char *w)
{
        switch (kind) {
        case LIST_URL:
                return documentation_url_is_valid(w) ? NULL : "not a valid documentation URL";
        case LIST_UNIT_NAME:
                return unit_name_is_valid(w, true, true) ? NULL : "not a valid unit name";
        case LIST_EXIT_STATUS:
                return exit_status_word_is_valid(w) ? NULL : "not an exit status or signal";
        case LIST_ABSOLUTE_PATH:
        case LIST_COLON_PATHS:
                return path_check_absolute(w);
        default:
                return NULL;
        }
}

static int parse_list(Unit *u, const Directive *d, const Assignment *a, const char *value,
                      DiagList *diags, const TypedField *f)
{
        StrvWithOrigin *l = field_at(u, f->offset);
        _cleanup_strv_free_ char **words = NULL;
        Origin o = origin_from_assignment(a);
        int r;

        if (isempty(value)) {
                strv_with_origin_reset(l);
                return 0;
        }
        if (f->arg == LIST_INPUT_TEXT) {
                _cleanup_free_ char *text = NULL;
                if (cunescape_length(value, strlen(value), false, false, &text) < 0)
                        return value_invalid(diags, d, a, "invalid escape in \"%s\"", value);
                return strv_with_origin_add(l, text, o);
        }
        if (f->arg == LIST_ABSOLUTE_PATH) {
                /* config_parse_ip_filter_bpf_progs: the whole value is one path, kept once. */
                _cleanup_free_ char *path = strdup(value);
                const char *why;
                if (!path)
                        return -ENOMEM;
                why = path_check_absolute(path);
                if (why)
                        return value_invalid(diags, d, a, "\"%s\": %s", value, why);
                if (strv_contains(l->strv, path))
                        return 0;
                return strv_with_origin_add(l, path, o);
        }
        if (f->arg == LIST_COLON_PATHS)
                r = split_words(diags, d, a, value, ":", EXTRACT_DONT_COALESCE_SEPARATORS, &words);
        else
                r = split_words(diags, d, a, value, NULL, EXTRACT_UNQUOTE, &words);
        if (r < 0 || !words)
                return r;
        /* ExecSearchPath= (config_parse_colon_separated_paths) appends and stops at the first
         * bad entry, keeping the ones before it. */
        if (f->arg == LIST_COLON_PATHS) {
                STRV_FOREACH (w, words) {
                        const char *why = list_word_problem(f->arg, *w);
                        if (why)
                                return value_invalid(diags, d, a, "\"%s\": %s", *w, why);
                        r = strv_with_origin_add(l, *w, o);
                        if (r < 0)
                                return r;
                }
                return 0;
        }
        STRV_FOREACH (w, words) {
                const char *why = list_word_problem(f->arg, *w);
                if (why) {
                        r = value_invalid(diags, d, a, "\"%s\": %s", *w, why);
                        if (r < 0)
                                return r;
                        continue;
                }
                r = strv_with_origin_add(l, *w, o);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---------------------------------------------------------------- stdio */

static bool fdname_is_valid(const char *s)
{
        if (strlen(s) > 255)
                return false;
        for (const char *p = s; *p; p++)
                if ((unsigned char) *p < ' ' || *p == 127 || *p == ':')
                        return false;
        return true;
}

/* "fd:NAME" / "file:PATH" / "append:PATH" / "truncate:PATH" prefixes. Returns 1 and the
 * (validated) argument in *ret, 0 if value has none of the prefixes, -EINVAL if invalid. */
static int stdio_argument(const char *value, const char *prefix, bool path, char **ret)
{
        const char *n = startswith(value, prefix);
        _cleanup_free_ char *v = NULL;

        if (!n)
                return 0;
        v = strdup(n);
        if (!v)
                return -ENOMEM;
        if (path ? path_check_absolute(v) != NULL : !fdname_is_valid(v))
                return -EINVAL;
        if (!path && isempty(v))
                v = mfree(v); /* "fd:" without a name: the default name */
        *ret = TAKE_PTR(v);
        return 1;
}

/* config_parse_exec_input. */
static int parse_std_input(Unit *u, const Directive *d, const Assignment *a, const char *value,
                           DiagList *diags, const TypedField *f)
{
        ExecSettings *e = &u->exec;
        char *arg = NULL;
        ExecInput ei;
        int r;

        if ((r = stdio_argument(value, "fd:", false, &arg)) != 0) {
                if (r < 0)
                        goto invalid;
                free(e->std_input_fdname);
                e->std_input_fdname = arg;
                ei = EXEC_INPUT_NAMED_FD;
        } else if ((r = stdio_argument(value, "file:", true, &arg)) != 0) {
                if (r < 0)
                        goto invalid;
                free(e->std_input_path);
                e->std_input_path = arg;
                ei = EXEC_INPUT_FILE;
        } else {
                ei = exec_input_from_string(value);
                if (ei < 0)
                        goto invalid;
        }
        e->std_input = ei;
        e->std_input_origin = origin_from_assignment(a);
        return 0;
invalid:
        if (r == -ENOMEM)
                return r;
        return value_invalid(diags, d, a, "invalid input specifier \"%s\"", value);
}

/* config_parse_exec_output; f->arg is 1 for StandardOutput=, 2 for StandardError=. */
static int parse_std_output(Unit *u, const Directive *d, const Assignment *a, const char *value,
                            DiagList *diags, const TypedField *f)
{
        static const struct {
                const char *prefix;
                ExecOutput type;
        } prefixes[] = {
                {"file:", EXEC_OUTPUT_FILE},
                {"append:", EXEC_OUTPUT_FILE_APPEND},
                {"truncate:", EXEC_OUTPUT_FILE_TRUNCATE},
        };
        ExecSettings *e = &u->exec;
        bool is_err = f->arg == 2;
        char *arg = NULL;
        ExecOutput eo = _EXEC_OUTPUT_INVALID;
        int r;

        r = stdio_argument(value, "fd:", false, &arg);
        if (r > 0)
                eo = EXEC_OUTPUT_NAMED_FD;
        for (size_t i = 0; r == 0 && i < ELEMENTSOF(prefixes); i++) {
                r = stdio_argument(value, prefixes[i].prefix, true, &arg);
                if (r > 0)
                        eo = prefixes[i].type;
        }
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return value_invalid(diags, d, a, "invalid output specifier \"%s\"", value);
        if (r == 0) {
                /* "syslog" and "syslog+console" are obsolete spellings of the journal. */
                if (streq(value, "syslog"))
                        eo = EXEC_OUTPUT_JOURNAL;
                else if (streq(value, "syslog+console"))
                        eo = EXEC_OUTPUT_JOURNAL_AND_CONSOLE;
                else
                        eo = exec_output_from_string(value);
                if (eo < 0)
                        return value_invalid(diags, d, a, "invalid output specifier \"%s\"", value);
        }
        char **path = is_err ? &e->std_error_path : &e->std_output_path;
        char **fdname = is_err ? &e->std_error_fdname : &e->std_output_fdname;
        if (eo == EXEC_OUTPUT_NAMED_FD) {
                free(*fdname);
                *fdname = arg;
        } else {
                free(*path);
                *path = arg;
        }
        *(is_err ? &e->std_error : &e->std_output) = eo;
        *(is_err ? &e->std_error_origin : &e->std_output_origin) = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- the field table */

#define BOOL(n, m, fl)                                                                             \
        {                                                                                          \
                n, parse_tribool, AT(m), NO_ORIGIN, NULL, fl                                       \
        }
#define ENUM(n, m, o, e, fl)                                                                       \
        {                                                                                          \
                n, parse_enum, AT(m), o, e##_from_int, fl                                          \
        }
#define STR(n, m, fl)                                                                              \
        {                                                                                          \
                n, parse_string, AT(m), NO_ORIGIN, NULL, fl                                        \
        }
#define USEC(n, m, fl)                                                                             \
        {                                                                                          \
                n, parse_usec, AT(m), NO_ORIGIN, NULL, fl                                          \
        }
#define LIST(n, m, kind)                                                                           \
        {                                                                                          \
                n, parse_list, AT(m), NO_ORIGIN, NULL, kind                                        \
        }
#define INT(n, m, kind)                                                                            \
        {                                                                                          \
                n, typed_parse_int, AT(m), NO_ORIGIN, NULL, kind                                   \
        }
#define MEM(n, m, o, fl)                                                                           \
        {                                                                                          \
                n, typed_parse_memory, AT(m), o, NULL, fl                                          \
        }
#define CUSTOM(n, fn, arg)                                                                         \
        {                                                                                          \
                n, fn, 0, NO_ORIGIN, NULL, arg                                                     \
        }

static const TypedField typed_fields[] = {
        /* [Unit] */
        STR("Description", unit.description, 0),
        LIST("Documentation", unit.documentation, LIST_URL),
        BOOL("DefaultDependencies", unit.default_dependencies, BOOL_DEFAULT_YES),
        USEC("StartLimitIntervalSec", unit.start_limit_interval_usec, 0),
        USEC("StartLimitInterval", unit.start_limit_interval_usec, 0),
        {"StartLimitBurst", parse_unsigned, AT(unit.start_limit_burst), NO_ORIGIN, NULL, 0},
        /* [Install] */
        LIST("Alias", install.alias, LIST_UNIT_NAME),
        LIST("WantedBy", install.wanted_by, LIST_UNIT_NAME),
        LIST("RequiredBy", install.required_by, LIST_UNIT_NAME),
        LIST("Also", install.also, LIST_UNIT_NAME),
        STR("DefaultInstance", install.default_instance, 0),
        /* [Service]: the service itself */
        ENUM("Type", service.type, AT(service.type_origin), service_type, 0),
        ENUM("ExitType", service.exit_type, NO_ORIGIN, service_exit_type, 0),
        ENUM("Restart", service.restart, AT(service.restart_origin), service_restart, 0),
        ENUM("NotifyAccess", service.notify_access, AT(service.notify_access_origin), notify_access,
             0),
        ENUM("OOMPolicy", service.oom_policy, NO_ORIGIN, oom_policy, 0),
        ENUM("TimeoutStartFailureMode", service.timeout_start_failure_mode, NO_ORIGIN, timeout_mode,
             0),
        ENUM("TimeoutStopFailureMode", service.timeout_stop_failure_mode, NO_ORIGIN, timeout_mode,
             0),
        STR("PIDFile", service.pid_file, STRING_PID_FILE),
        STR("BusName", service.bus_name, STRING_BUS_NAME),
        BOOL("RemainAfterExit", service.remain_after_exit, 0),
        BOOL("GuessMainPID", service.guess_main_pid, BOOL_DEFAULT_YES),
        BOOL("RootDirectoryStartOnly", service.root_directory_start_only, 0),
        BOOL("PermissionsStartOnly", service.permissions_start_only, 0),
        BOOL("NonBlocking", service.non_blocking, 0),
        USEC("RestartSec", service.restart_usec, 0),
        USEC("TimeoutSec", service.timeout_start_usec, SEC_FIX_0 | SEC_BOTH_TIMEOUTS),
        USEC("TimeoutStartSec", service.timeout_start_usec, SEC_FIX_0),
        USEC("TimeoutStopSec", service.timeout_stop_usec, SEC_FIX_0),
        USEC("TimeoutAbortSec", service.timeout_abort_usec,
             SEC_FIX_0 | SEC_EMPTY_RESETS | SEC_ABORT),
        USEC("RuntimeMaxSec", service.runtime_max_usec, 0),
        USEC("WatchdogSec", service.watchdog_usec, 0),
        LIST("SuccessExitStatus", service.success_exit_status, LIST_EXIT_STATUS),
        LIST("RestartPreventExitStatus", service.restart_prevent_exit_status, LIST_EXIT_STATUS),
        LIST("RestartForceExitStatus", service.restart_force_exit_status, LIST_EXIT_STATUS),
        /* [Service]: exec context */
        BOOL("DynamicUser", exec.dynamic_user, 0),
        STR("PAMName", exec.pam_name, 0),
        BOOL("SetLoginEnvironment", exec.set_login_environment, BOOL_EMPTY_RESETS),
        CUSTOM("WorkingDirectory", parse_working_directory, 0),
        STR("RootDirectory", exec.root_directory, STRING_PATH),
        STR("RootImage", exec.root_image, STRING_PATH),
        BOOL("MountAPIVFS", exec.mount_apivfs, BOOL_EMPTY_RESETS),
        BOOL("BindLogSockets", exec.bind_log_sockets, 0),
        ENUM("MountFlags", exec.mount_propagation, AT(exec.mount_propagation_origin),
             mount_propagation, ENUM_EMPTY_RESETS),
        ENUM("RuntimeDirectoryPreserve", exec.runtime_directory_preserve,
             AT(exec.runtime_directory_preserve_origin), exec_preserve_mode, ENUM_BOOLEAN),
        LIST("ExecSearchPath", exec.exec_search_path, LIST_COLON_PATHS),
        ENUM("ProtectSystem", exec.protect_system, AT(exec.protect_system_origin), protect_system,
             ENUM_BOOLEAN),
        ENUM("ProtectHome", exec.protect_home, AT(exec.protect_home_origin), protect_home,
             ENUM_BOOLEAN),
        ENUM("PrivateTmp", exec.private_tmp, AT(exec.private_tmp_origin), private_tmp,
             ENUM_BOOLEAN),
        BOOL("PrivateDevices", exec.private_devices, 0),
        BOOL("PrivateNetwork", exec.private_network, 0),
        BOOL("PrivateMounts", exec.private_mounts, 0),
        BOOL("PrivateIPC", exec.private_ipc, 0),
        BOOL("PrivatePIDs", exec.private_pids, 0),
        ENUM("PrivateUsers", exec.private_users, AT(exec.private_users_origin), private_users,
             ENUM_BOOLEAN),
        BOOL("ProtectKernelTunables", exec.protect_kernel_tunables, 0),
        BOOL("ProtectKernelModules", exec.protect_kernel_modules, 0),
        BOOL("ProtectKernelLogs", exec.protect_kernel_logs, 0),
        BOOL("ProtectClock", exec.protect_clock, 0),
        ENUM("ProtectControlGroups", exec.protect_control_groups,
             AT(exec.protect_control_groups_origin), protect_control_groups, ENUM_BOOLEAN),
        CUSTOM("ProtectHostname", parse_protect_hostname, 0),
        ENUM("ProtectProc", exec.protect_proc, AT(exec.protect_proc_origin), protect_proc, 0),
        ENUM("ProcSubset", exec.proc_subset, AT(exec.proc_subset_origin), proc_subset, 0),
        STR("NetworkNamespacePath", exec.network_namespace_path, STRING_PATH),
        STR("IPCNamespacePath", exec.ipc_namespace_path, STRING_PATH),
        BOOL("NoNewPrivileges", exec.no_new_privileges, 0),
        BOOL("RestrictSUIDSGID", exec.restrict_suid_sgid, 0),
        BOOL("RemoveIPC", exec.remove_ipc, 0),
        BOOL("LockPersonality", exec.lock_personality, 0),
        BOOL("MemoryDenyWriteExecute", exec.memory_deny_write_execute, 0),
        BOOL("RestrictRealtime", exec.restrict_realtime, 0),
        ENUM("KeyringMode", exec.keyring_mode, AT(exec.keyring_mode_origin), keyring_mode, 0),
        CUSTOM("UMask", parse_umask, 0),
        INT("Nice", exec.nice, INT_NICE),
        INT("OOMScoreAdjust", exec.oom_score_adjust, INT_OOM_SCORE_ADJUST),
        INT("CPUSchedulingPolicy", exec.cpu_sched_policy, INT_SCHED_POLICY),
        INT("CPUSchedulingPriority", exec.cpu_sched_priority, INT_SCHED_PRIORITY),
        INT("IOSchedulingClass", exec.io_sched_class, INT_IO_CLASS),
        INT("IOSchedulingPriority", exec.io_sched_priority, INT_IO_PRIORITY),
        INT("TimerSlackNSec", exec.timer_slack_nsec, INT_NSEC),
        INT("CoredumpFilter", exec.coredump_filter, INT_COREDUMP_FILTER),
        BOOL("CPUSchedulingResetOnFork", exec.cpu_sched_reset_on_fork, 0),
        CUSTOM("CPUAffinity", typed_parse_cpu_affinity, 0),
        CUSTOM("StandardInput", parse_std_input, 0),
        CUSTOM("StandardOutput", parse_std_output, 1),
        CUSTOM("StandardError", parse_std_output, 2),
        LIST("StandardInputText", exec.std_input_text, LIST_INPUT_TEXT),
        STR("TTYPath", exec.tty_path, STRING_PATH),
        BOOL("IgnoreSIGPIPE", exec.ignore_sigpipe, BOOL_DEFAULT_YES),
        STR("SELinuxContext", exec.selinux_context, 0),
        STR("AppArmorProfile", exec.apparmor_profile, 0),
        STR("SmackProcessLabel", exec.smack_process_label, 0),
        /* [Service]: kill context */
        /* config_parse_kill_mode: "" is control-group. */
        ENUM("KillMode", kill.kill_mode, AT(kill.kill_mode_origin), kill_mode, ENUM_EMPTY_RESETS),
        INT("KillSignal", kill.kill_signal, INT_SIGNAL),
        INT("RestartKillSignal", kill.restart_kill_signal, INT_SIGNAL),
        INT("FinalKillSignal", kill.final_kill_signal, INT_SIGNAL),
        INT("WatchdogSignal", kill.watchdog_signal, INT_SIGNAL),
        BOOL("SendSIGKILL", kill.send_sigkill, BOOL_DEFAULT_YES),
        BOOL("SendSIGHUP", kill.send_sighup, 0),
        /* [Service]: cgroup context */
        ENUM("DevicePolicy", cgroup.device_policy, AT(cgroup.device_policy_origin), device_policy,
             0),
        CUSTOM("Delegate", typed_parse_delegate, 0),
        MEM("MemoryMax", cgroup.memory_max, AT(cgroup.memory_max_origin), 0),
        MEM("MemoryHigh", cgroup.memory_high, AT(cgroup.memory_high_origin), 0),
        MEM("MemoryLow", cgroup.memory_low, NO_ORIGIN, MEMORY_MIN_LIKE),
        MEM("MemoryMin", cgroup.memory_min, NO_ORIGIN, MEMORY_MIN_LIKE),
        MEM("MemorySwapMax", cgroup.memory_swap_max, NO_ORIGIN, MEMORY_ZERO_OK),
        CUSTOM("TasksMax", typed_parse_tasks_max, 0),
        CUSTOM("CPUQuota", typed_parse_cpu_quota, 0),
        {"CPUWeight", typed_parse_weight, AT(cgroup.cpu_weight), NO_ORIGIN, NULL, 1},
        {"IOWeight", typed_parse_weight, AT(cgroup.io_weight), NO_ORIGIN, NULL, 0},
        LIST("IPIngressFilterPath", cgroup.ip_ingress_filter_path, LIST_ABSOLUTE_PATH),
        LIST("IPEgressFilterPath", cgroup.ip_egress_filter_path, LIST_ABSOLUTE_PATH),
};

static const TypedField *typed_field_lookup(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(typed_fields); i++)
                if (streq(typed_fields[i].name, name))
                        return &typed_fields[i];
        return NULL;
}

bool config_parse_typed_knows(const char *name)
{
        return name && typed_field_lookup(name);
}

/* The field of a table row, by the row's index: a linear search by name per assignment was a
 * tenth of loading a unit. Rows not from the table (d->index unknown) are searched by name. */
static const TypedField *typed_field_of(const Directive *d)
{
        /* 0 = not looked up yet, -1 = no typed home, else 1 + position in typed_fields */
        static int16_t by_index[DIRECTIVES_MAX];
        _Static_assert(ELEMENTSOF(typed_fields) < INT16_MAX, "typed_fields too large");

        if (d->index < 0 || d->index >= DIRECTIVES_MAX || directive_by_index(d->index) != d)
                return typed_field_lookup(d->name);
        if (by_index[d->index] == 0) {
                const TypedField *f = typed_field_lookup(d->name);
                by_index[d->index] = f ? (int16_t) (f - typed_fields + 1) : -1;
        }
        return by_index[d->index] > 0 ? &typed_fields[by_index[d->index] - 1] : NULL;
}

DECLARE_PARSER(config_parse_typed)
{
        const TypedField *f = typed_field_of(d);

        /* A row pointing here without a typed home keeps its value raw rather than losing it. */
        size_t before = diags ? diags->n : 0;
        int r;

        if (!f)
                return config_parse_raw(u, d, a, value, diags);
        r = f->parse(u, d, a, value, diags, f);
        /* A rejected value of a "fatal" directive makes systemd refuse the unit. */
        if (r >= 0 && diags && diags->n > before && value_error_is_fatal(d, a))
                u->bad_setting = true;
        return r;
}
