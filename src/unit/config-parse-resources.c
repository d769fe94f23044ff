/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Typed directive values for process attributes and resources: integers (Nice=, scheduling,
 * signals, CoredumpFilter=…), CPUAffinity= and the cgroup settings. Split from
 * config-parse-typed.c, which holds the field table that refers to these parsers. */
#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config-parse-typed.h"
#include "extract-word.h"
#include "names.h"
#include "string-util.h"
#include "strv.h"

/* ---------------------------------------------------------------- integers */

static const struct {
        const char *name;
        int value;
} sched_policies[] = {
        {"other", 0}, {"fifo", 1}, {"rr", 2}, {"batch", 3}, {"idle", 5},
};

static const char *const coredump_filter_names[] = {
        "private-anonymous",  "shared-anonymous", "private-file-backed",
        "shared-file-backed", "elf-headers",      "private-huge",
        "shared-huge",        "private-dax",      "shared-dax",
};
#define COREDUMP_FILTER_DEFAULT 0x33 /* private/shared anonymous, ELF headers, private huge */
#define COREDUMP_FILTER_ALL     0x1ff

/* coredump_filter_mask_from_string(): names, "default", "all" or hex masks. */
static int coredump_filter_parse(const char *value, int64_t *ret)
{
        uint64_t mask = 0;

        for (const char *p = value;;) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, 0);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                ssize_t i = string_table_lookup(coredump_filter_names,
                                                ELEMENTSOF(coredump_filter_names), w);
                if (i >= 0)
                        mask |= UINT64_C(1) << i;
                else if (streq(w, "default"))
                        mask |= COREDUMP_FILTER_DEFAULT;
                else if (streq(w, "all"))
                        mask |= COREDUMP_FILTER_ALL;
                else {
                        char *end;
                        const char *h = startswith(w, "0x") ?: w;
                        errno = 0;
                        unsigned long long m = strtoull(h, &end, 16);
                        if (errno || *end || end == h || m > UINT32_MAX)
                                return -EINVAL;
                        mask |= m;
                }
        }
        *ret = (int64_t) mask;
        return 0;
}

/* The defaults unit_model_init() gives these fields. */
static int64_t int_default(unsigned kind)
{
        switch (kind) {
        case INT_IO_CLASS:
                return IO_CLASS_BEST_EFFORT;
        case INT_IO_PRIORITY:
                return 4;
        case INT_COREDUMP_FILTER:
                return -1;
        default:
                return 0;
        }
}

static int int_value_parse(unsigned kind, const char *value, int64_t *ret)
{
        int i;

        switch (kind) {
        case INT_NICE:
                if (safe_atoi(value, &i) < 0 || i < -20 || i > 19)
                        return -EINVAL;
                break;
        case INT_OOM_SCORE_ADJUST:
                if (safe_atoi(value, &i) < 0 || i < -1000 || i > 1000)
                        return -EINVAL;
                break;
        case INT_SCHED_POLICY:
                for (size_t k = 0; k < ELEMENTSOF(sched_policies); k++)
                        if (streq(value, sched_policies[k].name)) {
                                *ret = sched_policies[k].value;
                                return 0;
                        }
                if (safe_atoi(value, &i) < 0 || i < 0)
                        return -EINVAL;
                break;
        case INT_SCHED_PRIORITY:
                if (safe_atoi(value, &i) < 0 || i < 0 || i > 99)
                        return -EINVAL;
                break;
        case INT_IO_CLASS:
                i = (int) io_sched_class_from_string(value);
                if (i < 0 && (safe_atoi(value, &i) < 0 || i < 0 || i > 3))
                        return -EINVAL;
                break;
        case INT_IO_PRIORITY:
                if (safe_atoi(value, &i) < 0 || i < 0 || i > 7)
                        return -EINVAL;
                break;
        case INT_NSEC: {
                nsec_t n;
                if (parse_nsec(value, &n) < 0)
                        return -EINVAL;
                *ret = n == NSEC_INFINITY ? -1 : (int64_t) MIN(n, (nsec_t) INT64_MAX);
                return 0;
        }
        case INT_COREDUMP_FILTER:
                return coredump_filter_parse(value, ret);
        case INT_SIGNAL:
                i = signal_from_name(value);
                if (i <= 0)
                        return -EINVAL;
                break;
        default:
                return -EINVAL;
        }
        *ret = i;
        return 0;
}

int typed_parse_int(Unit *u, const Directive *d, const Assignment *a, const char *value,
                    DiagList *diags, const TypedField *f)
{
        IntSetting *s = field_at(u, f->offset);
        int64_t v;

        /* Scheduling, I/O class/priority, nice, OOM adjust and coredump filter reset on "";
         * config_parse_nsec, config_parse_signal and the priority parser do not. */
        if (isempty(value) && f->arg != INT_NSEC && f->arg != INT_SIGNAL &&
            f->arg != INT_SCHED_PRIORITY) {
                *s = (IntSetting){.value = int_default(f->arg), .origin = ORIGIN_NULL};
                return 0;
        }
        if (int_value_parse(f->arg, value, &v) < 0)
                return value_invalid(diags, d, a, "invalid value \"%s\"", value);
        /* config_parse_exec_coredump_filter ORs each assignment into the mask. */
        if (f->arg == INT_COREDUMP_FILTER && s->set && s->value >= 0)
                v |= s->value;
        s->value = v;
        s->set = true;
        s->origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- CPU affinity */

#define CPU_SET_MAX 8192

/* "0-3 5,7" → "0-3 5 7" (cpu_set_to_range_string), or "numa". */
static int cpu_set_normalize(const char *value, char **ret)
{
        _cleanup_free_ uint8_t *bits = calloc(CPU_SET_MAX / 8, 1);
        StrBuf out = STRBUF_INIT;

        if (!bits)
                return -ENOMEM;
        for (const char *p = value;;) {
                _cleanup_free_ char *w = NULL;
                unsigned lo, hi;
                int r = extract_first_word(&p, &w, WHITESPACE ",", EXTRACT_UNQUOTE);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                char *dash = strchr(w, '-');
                /* parse_range() uses safe_atou(), which takes "0x10" and octal "010". */
                if (dash) {
                        *dash = '\0';
                        if (safe_atou_full(w, 0, &lo) < 0 || safe_atou_full(dash + 1, 0, &hi) < 0 ||
                            lo > hi)
                                return -EINVAL;
                } else if (safe_atou_full(w, 0, &lo) < 0)
                        return -EINVAL;
                else
                        hi = lo;
                if (hi >= CPU_SET_MAX)
                        return -ERANGE;
                for (unsigned c = lo; c <= hi; c++)
                        bits[c / 8] |= (uint8_t) (1u << (c % 8));
        }
        for (unsigned c = 0; c < CPU_SET_MAX; c++) {
                if (!(bits[c / 8] & (1u << (c % 8))))
                        continue;
                unsigned end = c;
                while (end + 1 < CPU_SET_MAX && (bits[(end + 1) / 8] & (1u << ((end + 1) % 8))))
                        end++;
                strbuf_printf(&out, "%s%u", out.len ? " " : "", c);
                if (end > c)
                        strbuf_printf(&out, "-%u", end);
                c = end;
        }
        if (out.oom)
                return -ENOMEM;
        *ret = out.len ? strbuf_steal(&out) : strdup("");
        strbuf_done(&out);
        return *ret ? 0 : -ENOMEM;
}

bool cpu_set_valid(const char *value)
{
        _cleanup_free_ char *v = NULL;
        return cpu_set_normalize(value, &v) >= 0;
}

int typed_parse_cpu_affinity(Unit *u, const Directive *d, const Assignment *a, const char *value,
                             DiagList *diags, const TypedField *f)
{
        StringSetting *s = &u->exec.cpu_affinity;
        _cleanup_free_ char *v = NULL;
        int r;

        if (isempty(value)) {
                *s = (StringSetting){.origin = ORIGIN_NULL, .value = mfree(s->value)};
                return 0;
        }
        if (streq(value, "numa")) {
                v = strdup(value);
                if (!v)
                        return -ENOMEM;
        } else {
                r = cpu_set_normalize(value, &v);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return value_invalid(diags, d, a, "invalid CPU list \"%s\"", value);
                /* parse_cpu_set_extend(): CPUs add up over assignments ("numa" and "" reset). */
                if (s->value && !streq(s->value, "numa")) {
                        _cleanup_free_ char *all = strjoin(s->value, " ", v);
                        if (!all)
                                return -ENOMEM;
                        v = mfree(v);
                        r = cpu_set_normalize(all, &v);
                        if (r < 0)
                                return r == -ENOMEM ? r
                                                    : value_invalid(diags, d, a,
                                                                    "too many CPUs in \"%s\"", all);
                }
        }
        free(s->value);
        s->value = TAKE_PTR(v);
        s->origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- cgroup */

/* config_parse_memory_limit. */
int typed_parse_memory(Unit *u, const Directive *d, const Assignment *a, const char *value,
                       DiagList *diags, const TypedField *f)
{
        uint64_t bytes;

        if (isempty(value))
                bytes = (f->arg & MEMORY_MIN_LIKE) ? 0 : UINT64_MAX;
        else {
                if (parse_memory_limit(value, &bytes) < 0)
                        return value_invalid(diags, d, a, "invalid memory limit \"%s\"", value);
                if (bytes == 0 && !(f->arg & (MEMORY_MIN_LIKE | MEMORY_ZERO_OK)))
                        return value_invalid(diags, d, a, "memory limit \"%s\" out of range",
                                             value);
        }
        *(uint64_t *) field_at(u, f->offset) = bytes;
        if (isempty(value))
                field_origin_clear(u, f);
        else
                field_origin_set(u, f, a);
        return 0;
}

/* config_parse_tasks_max: "", "infinity", N, or a percentage of the kernel's limit. */
int typed_parse_tasks_max(Unit *u, const Directive *d, const Assignment *a, const char *value,
                          DiagList *diags, const TypedField *f)
{
        CGroupSettings *c = &u->cgroup;
        uint64_t v;
        int p;

        if (isempty(value)) {
                c->tasks_max = UINT64_MAX;
                c->tasks_max_permyriad = -1;
                c->tasks_max_origin = ORIGIN_NULL;
                return 0;
        }
        if (streq(value, "infinity")) {
                c->tasks_max = UINT64_MAX;
                c->tasks_max_permyriad = -1;
        } else if ((p = parse_permyriad(value)) >= 0) {
                c->tasks_max = UINT64_MAX;
                c->tasks_max_permyriad = p;
        } else if (safe_atou64(value, &v) < 0 || v == 0 || v == UINT64_MAX)
                return value_invalid(diags, d, a, "invalid maximum tasks value \"%s\"", value);
        else {
                c->tasks_max = v;
                c->tasks_max_permyriad = -1;
        }
        c->tasks_max_origin = origin_from_assignment(a);
        return 0;
}

/* parse_permyriad_unbounded(): "N%" or "N.NN%", may exceed 100%. */
static int parse_permyriad_unbounded(const char *s, uint64_t *ret)
{
        const char *pct = endswith(s, "%");
        uint64_t whole = 0, frac = 0;
        unsigned digits = 0;
        const char *p = s;

        if (!pct || pct == s)
                return -EINVAL;
        for (; p < pct && isdigit((unsigned char) *p); p++) {
                whole = whole * 10 + (uint64_t) (*p - '0');
                if (whole > UINT32_MAX)
                        return -ERANGE;
        }
        if (p == s)
                return -EINVAL;
        if (p < pct && *p == '.') {
                for (p++; p < pct && isdigit((unsigned char) *p); p++)
                        if (++digits <= 2)
                                frac = frac * 10 + (uint64_t) (*p - '0');
                if (digits == 0 || digits > 2)
                        return -EINVAL;
                if (digits == 1)
                        frac *= 10;
        }
        if (p != pct)
                return -EINVAL;
        *ret = whole * 100 + frac;
        return 0;
}

int typed_parse_cpu_quota(Unit *u, const Directive *d, const Assignment *a, const char *value,
                          DiagList *diags, const TypedField *f)
{
        CGroupSettings *c = &u->cgroup;
        uint64_t pm;

        if (isempty(value)) {
                c->cpu_quota_per_sec_usec = USEC_INFINITY;
                c->cpu_quota_origin = ORIGIN_NULL;
                return 0;
        }
        if (parse_permyriad_unbounded(value, &pm) < 0 || pm == 0)
                return value_invalid(diags, d, a, "invalid CPU quota \"%s\"", value);
        c->cpu_quota_per_sec_usec = pm * USEC_PER_SEC / 10000U;
        c->cpu_quota_origin = origin_from_assignment(a);
        return 0;
}

/* cg_weight_parse / cg_cpu_weight_parse: 1..10000, "" unsets, CPUWeight= also takes "idle". */
int typed_parse_weight(Unit *u, const Directive *d, const Assignment *a, const char *value,
                       DiagList *diags, const TypedField *f)
{
        uint64_t *w = field_at(u, f->offset), v;

        if (isempty(value)) {
                *w = UINT64_MAX;
                return 0;
        }
        if (f->arg && streq(value, "idle")) {
                *w = 0;
                return 0;
        }
        if (safe_atou64(value, &v) < 0 || v < 1 || v > 10000)
                return value_invalid(diags, d, a, "invalid weight \"%s\"", value);
        *w = v;
        return 0;
}

static const char *const cgroup_controllers[] = {
        "cpu",
        "cpuacct",
        "cpuset",
        "io",
        "blkio",
        "memory",
        "devices",
        "pids",
        "bpf-firewall",
        "bpf-devices",
        "bpf-foreign",
        "bpf-socket-bind",
        "bpf-restrict-network-interfaces",
};

/* config_parse_delegate: booleans or a list of controllers; "" means yes, no controllers. */
int typed_parse_delegate(Unit *u, const Directive *d, const Assignment *a, const char *value,
                         DiagList *diags, const TypedField *f)
{
        CGroupSettings *c = &u->cgroup;
        _cleanup_strv_free_ char **words = NULL;
        int b, r;

        if (isempty(value) || (b = parse_boolean(value)) >= 0) {
                bool on = isempty(value) || b;
                c->delegate =
                        (TriBool){.value = on, .set = true, .origin = origin_from_assignment(a)};
                c->delegate_controllers = strv_free(c->delegate_controllers);
                if (on && !isempty(value)) {
                        /* yes: every controller that can be delegated. */
                        for (size_t i = 0; i < ELEMENTSOF(cgroup_controllers); i++)
                                if (strv_extend(&c->delegate_controllers, cgroup_controllers[i]) <
                                    0)
                                        return -ENOMEM;
                }
                return 0;
        }
        r = split_words(diags, d, a, value, NULL, EXTRACT_UNQUOTE, &words);
        if (r < 0 || !words)
                return r;
        STRV_FOREACH (w, words) {
                if (string_table_lookup(cgroup_controllers, ELEMENTSOF(cgroup_controllers), *w) <
                    0) {
                        r = value_invalid(diags, d, a, "unknown controller \"%s\"", *w);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (!strv_contains(c->delegate_controllers, *w) &&
                    strv_extend(&c->delegate_controllers, *w) < 0)
                        return -ENOMEM;
        }
        c->delegate = (TriBool){.value = true, .set = true, .origin = origin_from_assignment(a)};
        return 0;
}
