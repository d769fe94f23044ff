/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Per-directive value formatting for `cordon show`, in systemctl show's spelling (systemd 252:
 * src/shared/bus-print-properties.c, src/systemctl/systemctl-show.c and the D-Bus getters in
 * src/core/dbus-{execute,service,unit,cgroup,kill}.c). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config-parse-internal.h"
#include "names.h"
#include "show-internal.h"
#include "string-util.h"
#include "strv.h"

#define SYSTEMD_KILL_ERRNO 2147483646 /* SECCOMP_ERROR_NUMBER_KILL as systemd 252 reports it */

/* ---------------------------------------------------------------- helpers */

typedef struct Origins {
        Origin *items;
        size_t n;
} Origins;

static int origins_add(Origins *l, const Origin *o)
{
        if (!o || !origin_is_set(o))
                return 0;
        Origin *n = realloc(l->items, (l->n + 1) * sizeof(Origin));
        if (!n)
                return -ENOMEM;
        l->items = n;
        l->items[l->n++] = *o;
        return 0;
}

/* Origins the loader recorded for d and for every row whose values land in d. */
static int row_origins(const Show *s, const Directive *d, Origins *l)
{
        size_t n;
        const Directive *t = directive_table(&n);
        int r;

        for (size_t i = 0; i < n; i++) {
                bool mine = directive_canonical(&t[i]) == d;
                /* TimeoutSec= feeds both TimeoutStartSec= and TimeoutStopSec=. */
                if (streq(t[i].name, "TimeoutSec") &&
                    (streq(d->name, "TimeoutStartSec") || streq(d->name, "TimeoutStopSec")))
                        mine = true;
                if (!mine)
                        continue;
                r = origins_add(l, show_row_origin(s->u, &t[i]));
                if (r < 0)
                        return r;
        }
        return 0;
}

/* Puts a value whose origin is only known from the loader's per-row record. */
static int put_row(Show *s, const Directive *d, const char *name, const char *value)
{
        _cleanup_free_ Origin *items = NULL;
        Origins l = {};
        int r;

        r = row_origins(s, d, &l);
        items = l.items;
        if (r < 0)
                return r;
        return show_put(s, name, value, l.n > 0, l.items, l.n);
}

/* Puts a value with a known origin field (which also carries implied settings). */
/* shell_maybe_quote(): words with whitespace, control or shell-special characters are put in
 * double quotes, with " \ ` $ escaped; everything else, including "", is printed as is. */
void show_quote(StrBuf *b, const char *w)
{
        static const char need_quotes[] = " \t\n\r\"\\`$*?['()<>|&;!";
        const char *p = w;

        for (; *p; p++)
                if ((unsigned char) *p < ' ' || *p == 127 || strchr(need_quotes, *p))
                        break;
        if (!*p) {
                strbuf_puts(b, w);
                return;
        }
        strbuf_putc(b, '"');
        strbuf_putn(b, w, (size_t) (p - w));
        for (; *p; p++) {
                if (strchr("\"\\`$", *p))
                        strbuf_putc(b, '\\');
                strbuf_putc(b, *p);
        }
        strbuf_putc(b, '"');
}

static int put_strv(Show *s, const char *name, const StrvWithOrigin *l, bool quote)
{
        StrBuf b = STRBUF_INIT;
        size_t n = strv_length(l->strv);

        STRV_FOREACH (w, l->strv) {
                if (w != l->strv)
                        strbuf_putc(&b, ' ');
                if (quote)
                        show_quote(&b, *w);
                else
                        strbuf_puts(&b, *w);
        }
        return show_put_buf(s, name, &b, n > 0, l->origins, n);
}

static const char *timespan(char buf[static FORMAT_TIMESPAN_MAX], usec_t t)
{
        return format_timespan(buf, FORMAT_TIMESPAN_MAX, t, 0);
}

static const char *u64_or_infinity(char buf[static 32], uint64_t v)
{
        if (v == UINT64_MAX)
                return "infinity";
        snprintf(buf, 32, "%" PRIu64, v);
        return buf;
}

/* ---------------------------------------------------------------- raw rows */

static bool property_is_usec(const char *name)
{
        return strstr(name, "USec") != NULL;
}

/* Raw time spans as systemctl prints them; the job timeouts use parse_sec_fix_0 (0 = none). */
static const char *raw_timespan(const Directive *d, const char *v,
                                char buf[static FORMAT_TIMESPAN_MAX])
{
        usec_t t;

        if (parse_sec(v, &t) < 0)
                return v;
        if (t == 0 && strv_contains(STRV_MAKE("JobTimeoutSec", "JobRunningTimeoutSec"), d->name))
                t = USEC_INFINITY;
        return timespan(buf, t);
}

/* What systemctl show prints for raw rows nobody assigned (systemd 252, system manager with its
 * default configuration), so that --all lists real defaults instead of empty values. */
static const struct {
        const char *name;
        const char *value;
} raw_defaults[] = {
        {"AllowIsolate", "no"},
        {"BlockIOAccounting", "no"},
        {"BlockIOWeight", "[not set]"},
        {"CPUAccounting", "yes"},
        {"CPUQuotaPeriodSec", "infinity"},
        {"CPUShares", "[not set]"},
        {"CollectMode", "inactive"},
        {"DefaultMemoryLow", "0"},
        {"DefaultMemoryMin", "0"},
        {"FailureAction", "none"},
        {"FileDescriptorStoreMax", "0"},
        {"IOAccounting", "no"},
        {"IPAccounting", "no"},
        {"IgnoreOnIsolate", "no"},
        {"JobRunningTimeoutSec", "infinity"},
        {"JobTimeoutAction", "none"},
        {"JobTimeoutSec", "infinity"},
        {"LogLevelMax", "-1"},
        {"SyslogFacility", "3"},
        {"SyslogLevel", "6"},
        {"LogRateLimitBurst", "0"},
        {"LogRateLimitIntervalSec", "0"},
        {"ManagedOOMMemoryPressure", "auto"},
        {"ManagedOOMMemoryPressureLimit", "0"},
        {"ManagedOOMPreference", "none"},
        {"ManagedOOMSwap", "auto"},
        {"MemoryAccounting", "yes"},
        {"MemoryLimit", "infinity"},
        {"OnFailureJobMode", "replace"},
        {"OnSuccessJobMode", "fail"},
        {"RefuseManualStart", "no"},
        {"RefuseManualStop", "no"},
        {"RuntimeRandomizedExtraSec", "0"},
        {"Slice", "system.slice"},
        {"StartLimitAction", "none"},
        {"StartupBlockIOWeight", "[not set]"},
        {"StartupCPUShares", "[not set]"},
        {"StartupCPUWeight", "[not set]"},
        {"StartupIOWeight", "[not set]"},
        {"StopWhenUnneeded", "no"},
        {"SuccessAction", "none"},
        {"SyslogLevelPrefix", "yes"},
        {"TTYReset", "no"},
        {"TTYVHangup", "no"},
        {"TTYVTDisallocate", "no"},
        {"TasksAccounting", "yes"},
        {"TimeoutCleanSec", "infinity"},
        {"UtmpMode", "init"},
};

static const char *raw_default(const Directive *d)
{
        for (size_t i = 0; i < ELEMENTSOF(raw_defaults); i++)
                if (streq(raw_defaults[i].name, d->name))
                        return raw_defaults[i].value;
        return "";
}

static int show_raw(Show *s, const Directive *d, const char *name)
{
        const RawSetting *raw = d->index >= 0 ? unit_get_raw(s->u, d->index) : NULL;
        size_t n = raw ? strv_length(raw->values.strv) : 0;
        StrBuf b = STRBUF_INIT;

        /* Levels and facilities are integers on the bus. */
        if (n > 0 && (streq(d->syntax, "LEVEL") || streq(d->syntax, "FACILITY"))) {
                const char *last = raw->values.strv[n - 1];
                int v = streq(d->syntax, "LEVEL") ? log_level_from_name(last)
                                                  : log_facility_from_name(last);
                char buf[16];
                snprintf(buf, sizeof buf, "%d", v);
                return show_put(s, name, buf, true, &raw->values.origins[n - 1], 1);
        }
        if (!(d->flags & DIRECTIVE_LIST) && d->parse != config_parse_unit_names && n > 1) {
                /* Scalars keep the last assignment. */
                const char *last = raw->values.strv[n - 1];
                char ts[FORMAT_TIMESPAN_MAX];
                if (property_is_usec(name))
                        last = raw_timespan(d, last, ts);
                return show_put(s, name, last, true, &raw->values.origins[n - 1], 1);
        }
        if (n == 0)
                return show_put(s, name, raw_default(d), false, NULL, 0);
        for (size_t i = 0; i < n; i++) {
                const char *v = raw->values.strv[i];
                char ts[FORMAT_TIMESPAN_MAX];
                if (i > 0)
                        strbuf_putc(&b, ' ');
                if (property_is_usec(name))
                        v = raw_timespan(d, v, ts);
                strbuf_puts(&b, v);
        }
        return show_put_buf(s, name, &b, n > 0, raw ? raw->values.origins : NULL, n);
}

/* ---------------------------------------------------------------- typed rows */

typedef struct TypedShow TypedShow;
typedef int (*TypedShowFn)(Show *s, const Directive *d, const char *name, const TypedShow *t);

struct TypedShow {
        const char *name; /* directive */
        TypedShowFn fn;
        size_t offset;
        size_t origin_offset;
        const char *(*to_string)(int v);
};

#define NO_ORIGIN SIZE_MAX
#define AT(m)     offsetof(Unit, m)

static const void *at(const Unit *u, size_t off)
{
        return (const uint8_t *) u + off;
}

static int show_tribool(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const TriBool *b = at(s->u, t->offset);
        if (origin_is_set(&b->origin))
                return show_put_origin(s, name, yes_no(b->value), &b->origin);
        return put_row(s, d, name, yes_no(b->value));
}

static int show_enum(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        int v = *(const int *) at(s->u, t->offset);
        const char *str = t->to_string(v);
        if (t->origin_offset != NO_ORIGIN)
                return show_put_origin(s, name, strempty(str), at(s->u, t->origin_offset));
        return put_row(s, d, name, strempty(str));
}

/* Booleans in 252 that newer systemd widened: "Name=yes" plus "NameEx=value" beyond yes/no. */
static int show_enum_ex(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        int v = *(const int *) at(s->u, t->offset);
        const Origin *o = at(s->u, t->origin_offset);
        int r = show_put_origin(s, name, yes_no(v != 0), o);
        if (r < 0 || v <= 1)
                return r;
        _cleanup_free_ char *ex = strjoin(name, "Ex");
        if (!ex)
                return -ENOMEM;
        return show_put_origin(s, ex, t->to_string(v), o);
}

static int show_string(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const StringSetting *v = at(s->u, t->offset);
        if (origin_is_set(&v->origin))
                return show_put_origin(s, name, strempty(v->value), &v->origin);
        return put_row(s, d, name, strempty(v->value));
}

static int show_usec(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        char ts[FORMAT_TIMESPAN_MAX];
        usec_t v = *(const usec_t *) at(s->u, t->offset);

        /* TimeoutAbortUSec= reports the stop timeout until it is set itself. */
        if (streq(d->name, "TimeoutAbortSec") && !s->u->service.timeout_abort_set)
                v = s->u->service.timeout_stop_usec;
        return put_row(s, d, name, timespan(ts, v));
}

static int show_unsigned(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        char buf[32];
        snprintf(buf, sizeof buf, "%u", *(const unsigned *) at(s->u, t->offset));
        return put_row(s, d, name, buf);
}

static int show_strv(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        return put_strv(s, name, at(s->u, t->offset), true);
}

static int show_int(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const IntSetting *v = at(s->u, t->offset);
        char buf[32];
        int64_t x = v->value;

        if (streq(name, "RestartKillSignal") && x == 0)
                x = s->u->kill.kill_signal.value; /* 0 means "same as KillSignal=" */
        if (streq(name, "CoredumpFilter"))
                snprintf(buf, sizeof buf, "0x%" PRIx64, (uint64_t) (x < 0 ? 0x33 : x));
        else if (streq(name, "TimerSlackNSec") && x < 0)
                snprintf(buf, sizeof buf, "50000"); /* the kernel default the manager passes on */
        else
                snprintf(buf, sizeof buf, "%" PRIi64, x);
        if (origin_is_set(&v->origin))
                return show_put_origin(s, name, buf, &v->origin);
        return put_row(s, d, name, buf);
}

static int show_umask(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        char buf[16];
        snprintf(buf, sizeof buf, "%04o", (unsigned) s->u->exec.umask);
        return show_put_origin(s, name, buf, &s->u->exec.umask_origin);
}

static int show_working_directory(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const ExecSettings *e = &s->u->exec;
        _cleanup_free_ char *v = NULL;

        if (e->working_directory.value)
                v = strjoin(e->working_directory_missing_ok ? "!" : "", e->working_directory.value);
        else
                v = strdup("");
        if (!v)
                return -ENOMEM;
        return show_put_origin(s, name, v, &e->working_directory.origin);
}

static int show_protect_hostname(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const ExecSettings *e = &s->u->exec;
        int r = show_put_origin(s, name, yes_no(e->protect_hostname != PROTECT_HOSTNAME_NO),
                                &e->protect_hostname_origin);
        if (r < 0 || e->protect_hostname != PROTECT_HOSTNAME_PRIVATE)
                return r;
        _cleanup_free_ char *v = strjoin("private", e->protect_hostname_name ? ":" : "",
                                         strempty(e->protect_hostname_name));
        if (!v)
                return -ENOMEM;
        return show_put_origin(s, "ProtectHostnameEx", v, &e->protect_hostname_origin);
}

static int show_cpu_affinity(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const StringSetting *v = &s->u->exec.cpu_affinity;
        return show_put_origin(s, name, strempty(v->value), &v->origin);
}

static int show_std_input(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const ExecSettings *e = &s->u->exec;
        int r = show_put_origin(s, name, exec_input_to_string(e->std_input), &e->std_input_origin);
        if (r >= 0 && e->std_input == EXEC_INPUT_NAMED_FD)
                r = show_put_origin(s, "StandardInputFileDescriptorName",
                                    strempty(e->std_input_fdname), &e->std_input_origin);
        /* cordon addition: 252's D-Bus API has no property for the file. */
        if (r >= 0 && e->std_input == EXEC_INPUT_FILE)
                r = show_put_origin(s, "StandardInputFile", e->std_input_path,
                                    &e->std_input_origin);
        return r;
}

static int show_std_output(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const ExecSettings *e = &s->u->exec;
        bool err = streq(d->name, "StandardError");
        ExecOutput eo = err ? e->std_error : e->std_output;
        const Origin *o = err ? &e->std_error_origin : &e->std_output_origin;
        const char *fdname = err ? e->std_error_fdname : e->std_output_fdname;
        const char *path = err ? e->std_error_path : e->std_output_path;
        _cleanup_free_ char *fdprop = strjoin(name, "FileDescriptorName");
        _cleanup_free_ char *fileprop = strjoin(name, "File");
        int r;

        if (!fdprop || !fileprop)
                return -ENOMEM;
        r = show_put_origin(s, name, exec_output_to_string(eo), o);
        if (r >= 0 && eo == EXEC_OUTPUT_NAMED_FD)
                r = show_put_origin(s, fdprop, strempty(fdname), o);
        if (r >= 0 && (eo == EXEC_OUTPUT_FILE || eo == EXEC_OUTPUT_FILE_APPEND ||
                       eo == EXEC_OUTPUT_FILE_TRUNCATE))
                r = show_put_origin(s, fileprop, strempty(path), o);
        return r;
}

static int show_std_input_text(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        /* StandardInputData= is the base64 of the joined lines, each with a newline. */
        static const char b64[] =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const StrvWithOrigin *l = &s->u->exec.std_input_text;
        StrBuf raw = STRBUF_INIT, b = STRBUF_INIT;
        size_t n = strv_length(l->strv);

        STRV_FOREACH (w, l->strv) {
                strbuf_puts(&raw, *w);
                strbuf_putc(&raw, '\n');
        }
        const unsigned char *p = (const unsigned char *) strbuf_str(&raw);
        for (size_t i = 0; i < raw.len; i += 3) {
                unsigned v = (unsigned) p[i] << 16;
                if (i + 1 < raw.len)
                        v |= (unsigned) p[i + 1] << 8;
                if (i + 2 < raw.len)
                        v |= p[i + 2];
                strbuf_putc(&b, b64[(v >> 18) & 63]);
                strbuf_putc(&b, b64[(v >> 12) & 63]);
                strbuf_putc(&b, i + 1 < raw.len ? b64[(v >> 6) & 63] : '=');
                strbuf_putc(&b, i + 2 < raw.len ? b64[v & 63] : '=');
        }
        strbuf_done(&raw);
        return show_put_buf(s, name, &b, n > 0, l->origins, n);
}

static int show_memory(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        char buf[32];
        const char *v = u64_or_infinity(buf, *(const uint64_t *) at(s->u, t->offset));
        if (t->origin_offset != NO_ORIGIN)
                return show_put_origin(s, name, v, at(s->u, t->origin_offset));
        return put_row(s, d, name, v);
}

static int show_tasks_max(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const CGroupSettings *c = &s->u->cgroup;
        const char *v;
        char buf[32];

        /* A percentage resolves against the kernel's limit at runtime: shown as written. */
        if (c->tasks_max_permyriad >= 0) {
                snprintf(buf, sizeof buf, "%d.%02d%%", c->tasks_max_permyriad / 100,
                         c->tasks_max_permyriad % 100);
                v = buf;
        } else
                v = u64_or_infinity(buf, c->tasks_max);
        return show_put_origin(s, name, v, &c->tasks_max_origin);
}

static int show_cpu_quota(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        char ts[FORMAT_TIMESPAN_MAX];
        const CGroupSettings *c = &s->u->cgroup;
        return show_put_origin(s, name, timespan(ts, c->cpu_quota_per_sec_usec),
                               &c->cpu_quota_origin);
}

static int show_weight(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        uint64_t w = *(const uint64_t *) at(s->u, t->offset);
        char buf[32];

        if (w == UINT64_MAX)
                return put_row(s, d, name, "[not set]");
        if (w == 0)
                return put_row(s, d, name, "idle");
        snprintf(buf, sizeof buf, "%" PRIu64, w);
        return put_row(s, d, name, buf);
}

static int show_delegate(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const CGroupSettings *c = &s->u->cgroup;
        StrBuf b = STRBUF_INIT;
        int r;

        r = show_put_origin(s, name, yes_no(c->delegate.value), &c->delegate.origin);
        if (r < 0)
                return r;
        STRV_FOREACH (w, c->delegate_controllers) {
                if (b.len)
                        strbuf_putc(&b, ' ');
                strbuf_puts(&b, *w);
        }
        return show_put_buf(s, "DelegateControllers", &b, origin_is_set(&c->delegate.origin),
                            &c->delegate.origin, 1);
}

static int show_exit_status(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        const StrvWithOrigin *l = at(s->u, t->offset);
        bool statuses[256] = {}, signals[65] = {};
        size_t n = strv_length(l->strv);
        StrBuf b = STRBUF_INIT;

        /* Numbers first, ascending, then signal names by number (config_parse_set_status). */
        STRV_FOREACH (w, l->strv) {
                int v = exit_status_from_name(*w);
                if (v >= 0)
                        statuses[v] = true;
                else if ((v = signal_from_name(*w)) > 0 && v <= 64)
                        signals[v] = true;
        }
        for (int i = 0; i < 256; i++)
                if (statuses[i])
                        strbuf_printf(&b, "%s%d", b.len ? " " : "", i);
        for (int i = 1; i <= 64; i++)
                if (signals[i]) {
                        const char *sn = signal_to_name(i);
                        strbuf_printf(&b, "%s%s", b.len ? " " : "", sn ? sn : "?");
                }
        return show_put_buf(s, name, &b, n > 0, l->origins, n);
}

static int show_label(Show *s, const Directive *d, const char *name, const TypedShow *t)
{
        /* "-label" keeps the ignore-errors prefix, as systemctl prints it. */
        return show_string(s, d, name, t);
}

#define TO_STRING_INT(name)                                                                        \
        static const char *name##_to_string_int(int v)                                             \
        {                                                                                          \
                return name##_to_string(v);                                                        \
        }
TO_STRING_INT(protect_system)
TO_STRING_INT(protect_home)
TO_STRING_INT(protect_proc)
TO_STRING_INT(proc_subset)
TO_STRING_INT(private_tmp)
TO_STRING_INT(private_users)
TO_STRING_INT(protect_control_groups)
TO_STRING_INT(keyring_mode)
TO_STRING_INT(notify_access)
TO_STRING_INT(service_type)
TO_STRING_INT(service_exit_type)
TO_STRING_INT(service_restart)
TO_STRING_INT(kill_mode)
TO_STRING_INT(device_policy)
TO_STRING_INT(mount_propagation)
TO_STRING_INT(exec_preserve_mode)
TO_STRING_INT(timeout_mode)
TO_STRING_INT(oom_policy)

#define T_BOOL(n, m)                                                                               \
        {                                                                                          \
                n, show_tribool, AT(m), NO_ORIGIN, NULL                                            \
        }
#define T_ENUM(n, m, o, e)                                                                         \
        {                                                                                          \
                n, show_enum, AT(m), o, e##_to_string_int                                          \
        }
#define T_ENUM_EX(n, m, o, e)                                                                      \
        {                                                                                          \
                n, show_enum_ex, AT(m), o, e##_to_string_int                                       \
        }
#define T_STR(n, m)                                                                                \
        {                                                                                          \
                n, show_string, AT(m), NO_ORIGIN, NULL                                             \
        }
#define T_USEC(n, m)                                                                               \
        {                                                                                          \
                n, show_usec, AT(m), NO_ORIGIN, NULL                                               \
        }
#define T_STRV(n, m)                                                                               \
        {                                                                                          \
                n, show_strv, AT(m), NO_ORIGIN, NULL                                               \
        }
#define T_INT(n, m)                                                                                \
        {                                                                                          \
                n, show_int, AT(m), NO_ORIGIN, NULL                                                \
        }
#define T_MEM(n, m, o)                                                                             \
        {                                                                                          \
                n, show_memory, AT(m), o, NULL                                                     \
        }
#define T_FN(n, fn)                                                                                \
        {                                                                                          \
                n, fn, 0, NO_ORIGIN, NULL                                                          \
        }

static const TypedShow typed_shows[] = {
        /* [Unit] */
        T_STR("Description", unit.description),
        T_STRV("Documentation", unit.documentation),
        T_BOOL("DefaultDependencies", unit.default_dependencies),
        T_USEC("StartLimitIntervalSec", unit.start_limit_interval_usec),
        {"StartLimitBurst", show_unsigned, AT(unit.start_limit_burst), NO_ORIGIN, NULL},
        /* [Install] */
        T_STRV("Alias", install.alias),
        T_STRV("WantedBy", install.wanted_by),
        T_STRV("RequiredBy", install.required_by),
        T_STRV("Also", install.also),
        T_STR("DefaultInstance", install.default_instance),
        /* [Service] */
        T_ENUM("Type", service.type, AT(service.type_origin), service_type),
        T_ENUM("ExitType", service.exit_type, NO_ORIGIN, service_exit_type),
        T_ENUM("Restart", service.restart, AT(service.restart_origin), service_restart),
        T_ENUM("NotifyAccess", service.notify_access, AT(service.notify_access_origin),
               notify_access),
        T_ENUM("OOMPolicy", service.oom_policy, NO_ORIGIN, oom_policy),
        T_ENUM("TimeoutStartFailureMode", service.timeout_start_failure_mode, NO_ORIGIN,
               timeout_mode),
        T_ENUM("TimeoutStopFailureMode", service.timeout_stop_failure_mode, NO_ORIGIN,
               timeout_mode),
        T_STR("PIDFile", service.pid_file),
        T_STR("BusName", service.bus_name),
        T_BOOL("RemainAfterExit", service.remain_after_exit),
        T_BOOL("GuessMainPID", service.guess_main_pid),
        T_BOOL("RootDirectoryStartOnly", service.root_directory_start_only),
        T_BOOL("PermissionsStartOnly", service.permissions_start_only),
        T_BOOL("NonBlocking", service.non_blocking),
        T_USEC("RestartSec", service.restart_usec),
        T_USEC("TimeoutStartSec", service.timeout_start_usec),
        T_USEC("TimeoutStopSec", service.timeout_stop_usec),
        T_USEC("TimeoutAbortSec", service.timeout_abort_usec),
        T_USEC("RuntimeMaxSec", service.runtime_max_usec),
        T_USEC("WatchdogSec", service.watchdog_usec),
        {"SuccessExitStatus", show_exit_status, AT(service.success_exit_status), NO_ORIGIN, NULL},
        {"RestartPreventExitStatus", show_exit_status, AT(service.restart_prevent_exit_status),
         NO_ORIGIN, NULL},
        {"RestartForceExitStatus", show_exit_status, AT(service.restart_force_exit_status),
         NO_ORIGIN, NULL},
        /* exec */
        T_BOOL("DynamicUser", exec.dynamic_user),
        T_STR("PAMName", exec.pam_name),
        T_BOOL("SetLoginEnvironment", exec.set_login_environment),
        T_FN("WorkingDirectory", show_working_directory),
        T_STR("RootDirectory", exec.root_directory),
        T_STR("RootImage", exec.root_image),
        T_BOOL("MountAPIVFS", exec.mount_apivfs),
        T_BOOL("BindLogSockets", exec.bind_log_sockets),
        T_ENUM("MountFlags", exec.mount_propagation, AT(exec.mount_propagation_origin),
               mount_propagation),
        T_ENUM("RuntimeDirectoryPreserve", exec.runtime_directory_preserve,
               AT(exec.runtime_directory_preserve_origin), exec_preserve_mode),
        T_STRV("ExecSearchPath", exec.exec_search_path),
        T_ENUM("ProtectSystem", exec.protect_system, AT(exec.protect_system_origin),
               protect_system),
        T_ENUM("ProtectHome", exec.protect_home, AT(exec.protect_home_origin), protect_home),
        T_ENUM_EX("PrivateTmp", exec.private_tmp, AT(exec.private_tmp_origin), private_tmp),
        T_BOOL("PrivateDevices", exec.private_devices),
        T_BOOL("PrivateNetwork", exec.private_network),
        T_BOOL("PrivateMounts", exec.private_mounts),
        T_BOOL("PrivateIPC", exec.private_ipc),
        T_BOOL("PrivatePIDs", exec.private_pids),
        T_ENUM_EX("PrivateUsers", exec.private_users, AT(exec.private_users_origin), private_users),
        T_BOOL("ProtectKernelTunables", exec.protect_kernel_tunables),
        T_BOOL("ProtectKernelModules", exec.protect_kernel_modules),
        T_BOOL("ProtectKernelLogs", exec.protect_kernel_logs),
        T_BOOL("ProtectClock", exec.protect_clock),
        T_ENUM_EX("ProtectControlGroups", exec.protect_control_groups,
                  AT(exec.protect_control_groups_origin), protect_control_groups),
        T_FN("ProtectHostname", show_protect_hostname),
        T_ENUM("ProtectProc", exec.protect_proc, AT(exec.protect_proc_origin), protect_proc),
        T_ENUM("ProcSubset", exec.proc_subset, AT(exec.proc_subset_origin), proc_subset),
        T_STR("NetworkNamespacePath", exec.network_namespace_path),
        T_STR("IPCNamespacePath", exec.ipc_namespace_path),
        T_BOOL("NoNewPrivileges", exec.no_new_privileges),
        T_BOOL("RestrictSUIDSGID", exec.restrict_suid_sgid),
        T_BOOL("RemoveIPC", exec.remove_ipc),
        T_BOOL("LockPersonality", exec.lock_personality),
        T_BOOL("MemoryDenyWriteExecute", exec.memory_deny_write_execute),
        T_BOOL("RestrictRealtime", exec.restrict_realtime),
        T_ENUM("KeyringMode", exec.keyring_mode, AT(exec.keyring_mode_origin), keyring_mode),
        T_FN("UMask", show_umask),
        T_INT("Nice", exec.nice),
        T_INT("OOMScoreAdjust", exec.oom_score_adjust),
        T_INT("CPUSchedulingPolicy", exec.cpu_sched_policy),
        T_INT("CPUSchedulingPriority", exec.cpu_sched_priority),
        T_INT("IOSchedulingClass", exec.io_sched_class),
        T_INT("IOSchedulingPriority", exec.io_sched_priority),
        T_INT("TimerSlackNSec", exec.timer_slack_nsec),
        T_INT("CoredumpFilter", exec.coredump_filter),
        T_BOOL("CPUSchedulingResetOnFork", exec.cpu_sched_reset_on_fork),
        T_FN("CPUAffinity", show_cpu_affinity),
        T_FN("StandardInput", show_std_input),
        T_FN("StandardOutput", show_std_output),
        T_FN("StandardError", show_std_output),
        T_FN("StandardInputText", show_std_input_text),
        T_STR("TTYPath", exec.tty_path),
        T_BOOL("IgnoreSIGPIPE", exec.ignore_sigpipe),
        {"SELinuxContext", show_label, AT(exec.selinux_context), NO_ORIGIN, NULL},
        {"AppArmorProfile", show_label, AT(exec.apparmor_profile), NO_ORIGIN, NULL},
        {"SmackProcessLabel", show_label, AT(exec.smack_process_label), NO_ORIGIN, NULL},
        /* kill */
        T_ENUM("KillMode", kill.kill_mode, AT(kill.kill_mode_origin), kill_mode),
        T_INT("KillSignal", kill.kill_signal),
        T_INT("RestartKillSignal", kill.restart_kill_signal),
        T_INT("FinalKillSignal", kill.final_kill_signal),
        T_INT("WatchdogSignal", kill.watchdog_signal),
        T_BOOL("SendSIGKILL", kill.send_sigkill),
        T_BOOL("SendSIGHUP", kill.send_sighup),
        /* cgroup */
        T_ENUM("DevicePolicy", cgroup.device_policy, AT(cgroup.device_policy_origin),
               device_policy),
        T_FN("Delegate", show_delegate),
        T_MEM("MemoryMax", cgroup.memory_max, AT(cgroup.memory_max_origin)),
        T_MEM("MemoryHigh", cgroup.memory_high, AT(cgroup.memory_high_origin)),
        T_MEM("MemoryLow", cgroup.memory_low, NO_ORIGIN),
        T_MEM("MemoryMin", cgroup.memory_min, NO_ORIGIN),
        T_MEM("MemorySwapMax", cgroup.memory_swap_max, NO_ORIGIN),
        T_FN("TasksMax", show_tasks_max),
        T_FN("CPUQuota", show_cpu_quota),
        {"CPUWeight", show_weight, AT(cgroup.cpu_weight), NO_ORIGIN, NULL},
        {"IOWeight", show_weight, AT(cgroup.io_weight), NO_ORIGIN, NULL},
        T_STRV("IPIngressFilterPath", cgroup.ip_ingress_filter_path),
        T_STRV("IPEgressFilterPath", cgroup.ip_egress_filter_path),
};

bool show_typed_knows(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(typed_shows); i++)
                if (streq(typed_shows[i].name, name))
                        return true;
        return false;
}

static int show_typed(Show *s, const Directive *d, const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(typed_shows); i++)
                if (streq(typed_shows[i].name, d->name))
                        return typed_shows[i].fn(s, d, name, &typed_shows[i]);
        return show_raw(s, d, name);
}

/* ---------------------------------------------------------------- dispatch */

const char *show_property_name(const Directive *d)
{
        return d->property ? d->property : d->name;
}

int show_directive(Show *s, const Directive *d)
{
        const char *name = show_property_name(d);

        /* Ignored legacy names have no value; aliases and moved names are shown by the row
         * their values land in; TimeoutSec= only feeds the start and stop timeouts. */
        if ((d->flags & DIRECTIVE_NOP) || directive_canonical(d) != d ||
            streq(d->name, "TimeoutSec"))
                return 0;
        if (d->parse == config_parse_typed)
                return show_typed(s, d, name);
        if (d->parse == config_parse_raw || d->parse == config_parse_raw_list ||
            d->parse == config_parse_unit_bool || d->parse == config_parse_unit_string ||
            d->parse == config_parse_unit_path || d->parse == config_parse_unit_sec ||
            d->parse == config_parse_unit_unsigned || d->parse == config_parse_unit_names)
                return show_raw(s, d, name);
        return show_exec_directive(s, d, name);
}
