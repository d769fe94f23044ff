/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure part of resource control: the unit's cgroup settings → which file of which hierarchy gets
 * which value, with systemd 252's semantics (src/core/cgroup.c cgroup_context_apply()). Reads
 * only /proc/devices (DeviceAllow=char-NAME), /dev nodes (stat) and the kernel's task limits. */
#include <arpa/inet.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "cgroup.h"
#include "config-parse-internal.h"
#include "fileio.h"
#include "parse-util.h"
#include "path-util.h"
#include "settings.h"
#include "string-util.h"
#include "strv.h"

static const char *const cg_layout_table[_CG_LAYOUT_MAX] = {
        [CG_LAYOUT_AUTO] = "auto",       [CG_LAYOUT_NONE] = "none",
        [CG_LAYOUT_LEGACY] = "legacy",   [CG_LAYOUT_HYBRID] = "hybrid",
        [CG_LAYOUT_UNIFIED] = "unified",
};
DEFINE_STRING_TABLE_LOOKUP(cg_layout, CgLayout);

static const char *const cg_hierarchy_table[_CG_HIER_MAX] = {
        [CG_HIER_CPU] = "cpu",         [CG_HIER_CPUSET] = "cpuset", [CG_HIER_MEMORY] = "memory",
        [CG_HIER_DEVICES] = "devices", [CG_HIER_PIDS] = "pids",     [CG_HIER_UNIFIED] = "unified",
};
DEFINE_STRING_TABLE_LOOKUP(cg_hierarchy, CgHierarchy);

#define CG_USEC_PER_MSEC              UINT64_C(1000)
#define CG_USEC_PER_SEC               UINT64_C(1000000)
#define CPU_QUOTA_DEFAULT_PERIOD_USEC (100 * CG_USEC_PER_MSEC)
#define CPU_SHARES_DEFAULT            UINT64_C(1024)
#define CPU_SHARES_MIN                UINT64_C(2)
#define CPU_SHARES_MAX                UINT64_C(262144)
#define CPU_WEIGHT_DEFAULT            UINT64_C(100)

CgroupPlan *cgroup_plan_free(CgroupPlan *p)
{
        if (!p)
                return NULL;
        for (size_t i = 0; i < p->n_writes; i++) {
                free(p->writes[i].file);
                free(p->writes[i].value);
        }
        free(p->writes);
        free(p->fw.allow);
        free(p->fw.deny);
        free(p->sb.allow);
        free(p->sb.deny);
        strv_free(p->device_rules);
        free(p);
        return NULL;
}

uint64_t cgroup_cpu_weight_to_shares(uint64_t weight)
{
        if (weight == 0) /* idle: v1 has no idle class, the smallest share comes closest */
                return CPU_SHARES_MIN;
        uint64_t s = weight * CPU_SHARES_DEFAULT / CPU_WEIGHT_DEFAULT;
        return s < CPU_SHARES_MIN ? CPU_SHARES_MIN : (s > CPU_SHARES_MAX ? CPU_SHARES_MAX : s);
}

void cgroup_cpu_quota_to_period(uint64_t quota_per_sec_usec, uint64_t period_usec,
                                uint64_t *ret_period, uint64_t *ret_quota)
{
        uint64_t period = period_usec == UINT64_MAX ? CPU_QUOTA_DEFAULT_PERIOD_USEC : period_usec,
                 q;

        /* systemd's cgroup_cpu_adjust_period(): the kernel's resolution is 1 ms for the period
         * and for one period's share of the quota; the period stays at most 1 s. */
        if (period < CG_USEC_PER_MSEC)
                period = CG_USEC_PER_MSEC;
        if (quota_per_sec_usec > 0 &&
            period < CG_USEC_PER_MSEC * CG_USEC_PER_SEC / quota_per_sec_usec)
                period = CG_USEC_PER_MSEC * CG_USEC_PER_SEC / quota_per_sec_usec;
        if (period > CG_USEC_PER_SEC)
                period = CG_USEC_PER_SEC;
        q = quota_per_sec_usec * period / CG_USEC_PER_SEC;
        *ret_period = period;
        *ret_quota = q < CG_USEC_PER_MSEC ? CG_USEC_PER_MSEC : q;
}

static int read_u64_file(const char *path, uint64_t *ret)
{
        _cleanup_free_ char *s = NULL;
        int r = read_full_file(path, 64, &s, NULL);
        if (r < 0)
                return r;
        return safe_atou64(strstrip(s), ret);
}

uint64_t cgroup_system_tasks_max(void)
{
        uint64_t a = UINT64_MAX, b = UINT64_MAX;

        (void) read_u64_file("/proc/sys/kernel/threads-max", &a);
        if (read_u64_file("/proc/sys/kernel/pid_max", &b) >= 0 && b > 0)
                b--; /* pid 0 is not a pid */
        a = a < b ? a : b;
        return a == UINT64_MAX ? 4194303 : a;
}

/* ---------------------------------------------------------------- devices */

static int push_line(char ***lines, const char *fmt, char type, unsigned maj, unsigned min,
                     bool any_min, const char *acc)
{
        char buf[64];

        if (maj == UINT32_MAX)
                snprintf(buf, sizeof(buf), "%c *:* %s", type, acc);
        else if (any_min)
                snprintf(buf, sizeof(buf), "%c %u:* %s", type, maj, acc);
        else
                snprintf(buf, sizeof(buf), "%c %u:%u %s", type, maj, min, acc);
        (void) fmt;
        return strv_extend(lines, buf);
}

/* "/dev/char/M:N", "/dev/block/M:N" and systemd's inaccessible nodes name a device without the
 * node having to exist (device_path_parse_major_minor()). */
static bool parse_node_name(const char *path, char *ret_type, unsigned *ret_maj, unsigned *ret_min)
{
        const char *s;
        char type;

        if (path_equal(path, "/run/systemd/inaccessible/chr") ||
            path_equal(path, "/run/systemd/inaccessible/blk")) {
                *ret_type = endswith(path, "chr") ? 'c' : 'b';
                *ret_maj = *ret_min = 0;
                return true;
        }
        if ((s = startswith(path, "/dev/char/")))
                type = 'c';
        else if ((s = startswith(path, "/dev/block/")))
                type = 'b';
        else
                return false;
        unsigned maj, min;
        char end;
        if (sscanf(s, "%u:%u%c", &maj, &min, &end) != 2)
                return false;
        *ret_type = type;
        *ret_maj = maj;
        *ret_min = min;
        return true;
}

static int rules_for_driver(const char *name, char type, const char *acc, const char *proc_devices,
                            char ***lines)
{
        _cleanup_fclose_ FILE *f = NULL;
        char line[256];
        bool good = false;
        int n = 0, r;
        unsigned maj;

        if (streq(name, "*"))
                return push_line(lines, NULL, type, UINT32_MAX, 0, true, acc) < 0 ? -ENOMEM : 1;
        if (safe_atou(name, &maj) >= 0 && maj > 0 && maj < (1u << 12))
                return push_line(lines, NULL, type, maj, 0, true, acc) < 0 ? -ENOMEM : 1;

        f = fopen(proc_devices ? proc_devices : "/proc/devices", "re");
        if (!f)
                return -errno;
        while (fgets(line, sizeof(line), f)) {
                char *p = strstrip(line), *w;
                if (streq(p, type == 'c' ? "Character devices:" : "Block devices:")) {
                        good = true;
                        continue;
                }
                if (isempty(p)) {
                        good = false;
                        continue;
                }
                if (!good || !(w = strpbrk(p, " \t")))
                        continue;
                *w++ = 0;
                w += strspn(w, " \t");
                if (safe_atou(p, &maj) < 0 || maj == 0 || fnmatch(name, w, 0) != 0)
                        continue;
                r = push_line(lines, NULL, type, maj, 0, true, acc);
                if (r < 0)
                        return r;
                n++;
        }
        return n;
}

/* The access as systemd writes it: r, w, m in that order. Returns its length (0: no entry). */
static size_t normalize_access(const char *access, char acc[static 4])
{
        size_t k = 0;

        if (strchr(access, 'r'))
                acc[k++] = 'r';
        if (strchr(access, 'w'))
                acc[k++] = 'w';
        if (strchr(access, 'm'))
                acc[k++] = 'm';
        acc[k] = 0;
        return k;
}

int cgroup_device_rules(const char *path, const char *access, const char *proc_devices,
                        char ***lines)
{
        char acc[4], type;
        unsigned maj, min;
        const char *s;
        struct stat st;

        if (normalize_access(access, acc) == 0)
                return 0;

        if (path_startswith(path, "/dev") || path_startswith(path, "/run/systemd/inaccessible")) {
                if (!parse_node_name(path, &type, &maj, &min)) {
                        if (stat(path, &st) < 0)
                                return -errno;
                        if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
                                return -ENODEV;
                        type = S_ISCHR(st.st_mode) ? 'c' : 'b';
                        maj = major(st.st_rdev);
                        min = minor(st.st_rdev);
                }
                return push_line(lines, NULL, type, maj, min, false, acc) < 0 ? -ENOMEM : 1;
        }
        if ((s = startswith(path, "char-")))
                return rules_for_driver(s, 'c', acc, proc_devices, lines);
        if ((s = startswith(path, "block-")))
                return rules_for_driver(s, 'b', acc, proc_devices, lines);
        return -EINVAL;
}

/* systemd's static list allows "char-pts": the majors /proc/devices names "pts". Generating that
 * file walks all 1024 majors under a mutex (≈65 µs of CPU a read here, the largest single cost of
 * a device cgroup). A tty driver's region is named after its /dev name, and /proc/tty/drivers
 * lists each tty driver's /dev name and major for a tenth of that: "pty_slave /dev/pts 136
 * 0-1048575 pty:slave". No such line (or no such file): /proc/devices decides. */
int cgroup_pts_rules(const char *access, const char *tty_drivers, const char *proc_devices,
                     char ***lines)
{
        _cleanup_free_ char *s = NULL;
        char acc[4];
        int n = 0, r;

        if (normalize_access(access, acc) == 0)
                return 0;
        if (read_full_file(tty_drivers ? tty_drivers : "/proc/tty/drivers", 65536, &s, NULL) >= 0)
                for (char *line = s, *next; line && *line; line = next) {
                        char dev[64];
                        unsigned maj;
                        next = strchr(line, '\n');
                        if (next)
                                *next++ = 0;
                        if (sscanf(line, "%*s %63s %u", dev, &maj) != 2 ||
                            !streq(dev, "/dev/pts") || maj == 0 || maj >= (1u << 12))
                                continue;
                        r = push_line(lines, NULL, 'c', maj, 0, true, acc);
                        if (r < 0)
                                return r;
                        n++;
                }
        return n > 0 ? n : rules_for_driver("pts", 'c', acc, proc_devices, lines);
}

/* ---------------------------------------------------------------- building */

typedef struct Ctx {
        const Unit *u;
        const CgPlanOptions *o;
        CgroupPlan *p;
        DiagList *diags;
        size_t n_errors;
} Ctx;

static Origin directive_origin(const Unit *u, const char *name)
{
        int i = directive_index(SECTION_SERVICE, name);
        return i >= 0 && u->origins ? u->origins[i] : ORIGIN_NULL;
}

static const RawSetting *raw_value(const Unit *u, const char *name, const char **ret)
{
        int i = directive_index(SECTION_SERVICE, name);
        const RawSetting *r = i >= 0 ? unit_get_raw(u, i) : NULL;

        *ret = NULL;
        if (!r || !r->values.strv || !r->values.strv[0])
                return NULL;
        *ret = r->values.strv[strv_length(r->values.strv) - 1];
        return isempty(*ret) ? NULL : r;
}

static int refuse(Ctx *c, const char *directive, Origin origin, const char *why)
{
        const char *file = origin.file
                                   ? origin.file
                                   : (c->u->fragment_path ? c->u->fragment_path
                                                          : (c->u->files ? c->u->files[0] : NULL));
        if (c->o->lenient)
                return diag_add(c->diags, file, origin.line, origin.column, "run-weakened",
                                DIAG_WARNING, NULL, "%s is not applied (--lenient): %s", directive,
                                why);
        c->n_errors++;
        return diag_add(c->diags, file, origin.line, origin.column, "run-unsupported", DIAG_ERROR,
                        NULL,
                        "%s is not supported by cordon run yet: %s (use --lenient to run without "
                        "it)",
                        directive, why);
}

static const char *no_cgroup_reason(const Ctx *c)
{
        if (c->o->rootless)
                return "needs a cgroup; rootless, cordon creates cgroups only in a delegated, "
                       "writable cgroup v2 subtree and there is none";
        return "needs a cgroup and no cgroup hierarchy is writable here";
}

static int add_write(Ctx *c, CgHierarchy h, const char *file, const char *directive, Origin origin,
                     const char *fmt, ...) _printf_(6, 7);
static int add_write(Ctx *c, CgHierarchy h, const char *file, const char *directive, Origin origin,
                     const char *fmt, ...)
{
        CgroupPlan *p = c->p;
        va_list ap;
        char *v;

        if (p->n_writes >= CG_WRITES_MAX)
                return -E2BIG;
        va_start(ap, fmt);
        int n = vasprintf(&v, fmt, ap);
        va_end(ap);
        if (n < 0)
                return -ENOMEM;
        CgWrite *t = realloc(p->writes, (p->n_writes + 1) * sizeof(CgWrite));
        if (!t) {
                free(v);
                return -ENOMEM;
        }
        p->writes = t;
        t = &p->writes[p->n_writes];
        *t = (CgWrite){.hier = h, .value = v, .directive = directive, .origin = origin};
        if (!(t->file = strdup(file))) {
                free(v);
                return -ENOMEM;
        }
        p->n_writes++;
        p->hierarchies |= 1u << h;
        return 0;
}

/* The run gets a cgroup v2 cgroup for directive (BPF programs, a cgroup namespace's root);
 * the first such directive is named by --dry-run on a hybrid host. */
static void need_v2(Ctx *c, const char *directive)
{
        c->p->hierarchies |= 1u << CG_HIER_UNIFIED;
        if (!c->p->unified_for)
                c->p->unified_for = directive;
}

static bool v2(const Ctx *c)
{
        return c->o->layout == CG_LAYOUT_UNIFIED;
}

static CgHierarchy hier(const Ctx *c, CgHierarchy v1)
{
        return v2(c) ? CG_HIER_UNIFIED : v1;
}

static int plan_memory(Ctx *c)
{
        const CGroupSettings *g = &c->u->cgroup;
        const char *limit_s;
        uint64_t limit = UINT64_MAX;
        bool unified_config = g->memory_max != UINT64_MAX || g->memory_high != UINT64_MAX ||
                              g->memory_low > 0 || g->memory_min > 0 ||
                              g->memory_swap_max != UINT64_MAX;
        int r;

        if (raw_value(c->u, "MemoryLimit", &limit_s) && parse_memory_limit(limit_s, &limit) < 0)
                return refuse(c, "MemoryLimit=", directive_origin(c->u, "MemoryLimit"),
                              "invalid value");
        if (!unified_config && limit == UINT64_MAX)
                return 0;

        static const struct {
                const char *directive, *file;
                size_t offset;
                uint64_t unset;
        } v2_only[] = {
                {"MemoryMin=", "memory.min", offsetof(CGroupSettings, memory_min), 0},
                {"MemoryLow=", "memory.low", offsetof(CGroupSettings, memory_low), 0},
                {"MemoryHigh=", "memory.high", offsetof(CGroupSettings, memory_high), UINT64_MAX},
                {"MemorySwapMax=", "memory.swap.max", offsetof(CGroupSettings, memory_swap_max),
                 UINT64_MAX},
        };
        for (size_t i = 0; i < ELEMENTSOF(v2_only); i++) {
                uint64_t v = *(const uint64_t *) ((const char *) g + v2_only[i].offset);
                char name[32];
                if (v == v2_only[i].unset)
                        continue;
                snprintf(name, sizeof(name), "%.*s", (int) strlen(v2_only[i].directive) - 1,
                         v2_only[i].directive);
                Origin o = directive_origin(c->u, name);
                if (c->o->layout == CG_LAYOUT_NONE)
                        r = refuse(c, v2_only[i].directive, o, no_cgroup_reason(c));
                else if (!v2(c))
                        r = refuse(c, v2_only[i].directive, o,
                                   "the memory controller is cgroup v1 here, which has no such "
                                   "limit (systemd 252 ignores it on this host)");
                else if (v == UINT64_MAX)
                        r = add_write(c, CG_HIER_UNIFIED, v2_only[i].file, v2_only[i].directive, o,
                                      "max");
                else
                        r = add_write(c, CG_HIER_UNIFIED, v2_only[i].file, v2_only[i].directive, o,
                                      "%" PRIu64, v);
                if (r < 0)
                        return r;
        }

        /* MemoryLimit= counts only without any of the v2-style settings (systemd's
         * unit_has_unified_memory_config()). */
        const char *directive = unified_config ? "MemoryMax=" : "MemoryLimit=";
        Origin o = unified_config ? g->memory_max_origin : directive_origin(c->u, "MemoryLimit");
        uint64_t max = unified_config ? g->memory_max : limit;
        if (max == UINT64_MAX)
                return 0;
        if (c->o->layout == CG_LAYOUT_NONE)
                return refuse(c, directive, o, no_cgroup_reason(c));
        return add_write(c, hier(c, CG_HIER_MEMORY), v2(c) ? "memory.max" : "memory.limit_in_bytes",
                         directive, o, "%" PRIu64, max);
}

static int plan_tasks(Ctx *c)
{
        const CGroupSettings *g = &c->u->cgroup;
        uint64_t v;

        if (g->tasks_max_permyriad >= 0) {
                uint64_t base =
                        c->o->tasks_max_base ? c->o->tasks_max_base : cgroup_system_tasks_max();
                v = base * (uint64_t) g->tasks_max_permyriad / 10000;
        } else if (g->tasks_max != UINT64_MAX)
                v = g->tasks_max;
        else
                return 0;
        if (c->o->layout == CG_LAYOUT_NONE)
                return refuse(c, "TasksMax=", g->tasks_max_origin, no_cgroup_reason(c));
        return add_write(c, hier(c, CG_HIER_PIDS), "pids.max", "TasksMax=", g->tasks_max_origin,
                         "%" PRIu64, v);
}

static int plan_cpu(Ctx *c)
{
        const CGroupSettings *g = &c->u->cgroup;
        const char *shares_s, *period_s;
        uint64_t shares = UINT64_MAX;
        int r;

        if (raw_value(c->u, "CPUShares", &shares_s) &&
            (safe_atou64(shares_s, &shares) < 0 || shares < CPU_SHARES_MIN ||
             shares > CPU_SHARES_MAX))
                return refuse(c, "CPUShares=", directive_origin(c->u, "CPUShares"),
                              "invalid value");
        uint64_t period_usec = UINT64_MAX; /* CPUQuotaPeriodSec=: default 100 ms */
        if (raw_value(c->u, "CPUQuotaPeriodSec", &period_s) && !streq(period_s, "infinity") &&
            parse_sec(period_s, &period_usec) < 0)
                return refuse(c, "CPUQuotaPeriodSec=", directive_origin(c->u, "CPUQuotaPeriodSec"),
                              "invalid time span");

        if (g->cpu_weight != UINT64_MAX || shares != UINT64_MAX) {
                bool w = g->cpu_weight != UINT64_MAX;
                const char *directive = w ? "CPUWeight=" : "CPUShares=";
                Origin o = directive_origin(c->u, w ? "CPUWeight" : "CPUShares");
                if (c->o->layout == CG_LAYOUT_NONE)
                        r = refuse(c, directive, o, no_cgroup_reason(c));
                else if (!v2(c))
                        r = add_write(c, CG_HIER_CPU, "cpu.shares", directive, o, "%" PRIu64,
                                      w ? cgroup_cpu_weight_to_shares(g->cpu_weight) : shares);
                else if (w && g->cpu_weight == 0)
                        r = add_write(c, CG_HIER_UNIFIED, "cpu.idle", directive, o, "1");
                else {
                        /* CPUShares= on v2 as systemd translates it. */
                        uint64_t weight = w ? g->cpu_weight : shares * 100 / CPU_SHARES_DEFAULT;
                        weight = weight < 1 ? 1 : (weight > 10000 ? 10000 : weight);
                        r = add_write(c, CG_HIER_UNIFIED, "cpu.weight", directive, o, "%" PRIu64,
                                      weight);
                }
                if (r < 0)
                        return r;
        }

        if (g->cpu_quota_per_sec_usec != UINT64_MAX) {
                uint64_t period, quota;
                cgroup_cpu_quota_to_period(g->cpu_quota_per_sec_usec, period_usec, &period, &quota);
                if (c->o->layout == CG_LAYOUT_NONE)
                        return refuse(c, "CPUQuota=", g->cpu_quota_origin, no_cgroup_reason(c));
                if (v2(c))
                        return add_write(c, CG_HIER_UNIFIED, "cpu.max",
                                         "CPUQuota=", g->cpu_quota_origin, "%" PRIu64 " %" PRIu64,
                                         quota, period);
                r = add_write(c, CG_HIER_CPU, "cpu.cfs_period_us", "CPUQuota=", g->cpu_quota_origin,
                              "%" PRIu64, period);
                if (r < 0)
                        return r;
                return add_write(c, CG_HIER_CPU, "cpu.cfs_quota_us",
                                 "CPUQuota=", g->cpu_quota_origin, "%" PRIu64, quota);
        }
        return 0;
}

#define CG_CPUS_MAX 8192u

/* A CPU or NUMA node list ("0-3 5,7", the words of all assignments) into a bitmap. Returns 0,
 * -EINVAL (syntax) or -ERANGE (beyond CG_CPUS_MAX). */
static int parse_cpu_list(const char *s, uint8_t *bits)
{
        _cleanup_free_ char *copy = strdup(s);

        if (!copy)
                return -ENOMEM;
        for (char *tok = strtok(copy, " ,\n"); tok; tok = strtok(NULL, " ,\n")) {
                unsigned lo, hi;
                char end;
                int k = sscanf(tok, "%u-%u%c", &lo, &hi, &end);
                if (k == 1 && strspn(tok, "0123456789") == strlen(tok))
                        hi = lo;
                else if (k != 2 || strspn(tok, "0123456789-") != strlen(tok) || hi < lo)
                        return -EINVAL;
                if (hi >= CG_CPUS_MAX)
                        return -ERANGE;
                for (unsigned i = lo; i <= hi; i++)
                        bits[i / 8] |= (uint8_t) (1u << (i % 8));
        }
        return 0;
}

/* The bitmap as the kernel's list format ("0-1,3"). */
static int cpu_list_format(const uint8_t *bits, char **ret)
{
        StrBuf b = STRBUF_INIT;

        for (unsigned i = 0; i < CG_CPUS_MAX; i++) {
                if (!(bits[i / 8] & (1u << (i % 8))))
                        continue;
                unsigned j = i;
                while (j + 1 < CG_CPUS_MAX && (bits[(j + 1) / 8] & (1u << ((j + 1) % 8))))
                        j++;
                strbuf_printf(&b, b.len ? ",%u" : "%u", i);
                if (j > i)
                        strbuf_printf(&b, "-%u", j);
                i = j;
        }
        if (b.oom)
                return -ENOMEM;
        *ret = strbuf_steal(&b);
        return *ret ? 0 : -ENOMEM;
}

static int plan_cpuset(Ctx *c)
{
        static const struct {
                const char *name, *directive, *file, *online, *what;
        } sets[] = {
                {"AllowedCPUs", "AllowedCPUs=", "cpuset.cpus", "/sys/devices/system/cpu/online",
                 "CPU"},
                {"AllowedMemoryNodes", "AllowedMemoryNodes=", "cpuset.mems",
                 "/sys/devices/system/node/online", "memory node"},
        };
        int r;

        for (size_t i = 0; i < ELEMENTSOF(sets); i++) {
                int idx = directive_index(SECTION_SERVICE, sets[i].name);
                const RawSetting *raw = idx >= 0 ? unit_get_raw(c->u, idx) : NULL;
                uint8_t want[CG_CPUS_MAX / 8] = {}, online[CG_CPUS_MAX / 8] = {};
                bool any = false;
                if (!raw || !raw->values.strv)
                        continue;
                Origin o = directive_origin(c->u, sets[i].name);
                for (char **v = raw->values.strv; *v; v++) {
                        if (isempty(*v)) { /* "" resets */
                                memset(want, 0, sizeof(want));
                                any = false;
                                continue;
                        }
                        r = parse_cpu_list(*v, want);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return refuse(c, sets[i].directive, o, "not a plain CPU/node list");
                        any = true;
                }
                if (!any)
                        continue;
                if (c->o->layout == CG_LAYOUT_NONE) {
                        r = refuse(c, sets[i].directive, o, no_cgroup_reason(c));
                        if (r < 0)
                                return r;
                        continue;
                }
                /* The kernel refuses what is not there; systemd then runs unrestricted. */
                _cleanup_free_ char *on = NULL;
                const char *online_path = i == 0 ? c->o->cpus_online : c->o->mems_online;
                if (read_full_file(online_path ? online_path : sets[i].online, 4096, &on, NULL) >=
                            0 &&
                    parse_cpu_list(on, online) >= 0)
                        for (unsigned k = 0; k < CG_CPUS_MAX; k++)
                                if ((want[k / 8] & (1u << (k % 8))) &&
                                    !(online[k / 8] & (1u << (k % 8)))) {
                                        char why[96];
                                        snprintf(why, sizeof(why), "%s %u is not online here",
                                                 sets[i].what, k);
                                        r = refuse(c, sets[i].directive, o, why);
                                        if (r < 0)
                                                return r;
                                        any = false;
                                        break;
                                }
                if (!any)
                        continue;
                _cleanup_free_ char *list = NULL;
                r = cpu_list_format(want, &list);
                if (r < 0)
                        return r;
                r = add_write(c, hier(c, CG_HIER_CPUSET), sets[i].file, sets[i].directive, o, "%s",
                              list);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* DevicePolicy=/DeviceAllow= implied by PrivateDevices= alone list exactly the nodes of the
 * private /dev cordon builds, so that /dev honours them; anything else needs the devices
 * controller. */
static bool devices_explicit(const Unit *u, Origin *ret)
{
        const CGroupSettings *g = &u->cgroup;
        bool by_private_devices = u->exec.private_devices.value;

        for (size_t i = 0; i < g->n_device_allow; i++)
                if (g->device_allow[i].origin.implied_by < 0 || !by_private_devices) {
                        *ret = g->device_allow[i].origin;
                        return true;
                }
        if (g->device_policy != DEVICE_POLICY_AUTO &&
            (g->device_policy_origin.implied_by < 0 || !by_private_devices)) {
                *ret = g->device_policy_origin;
                return true;
        }
        return false;
}

/* systemd's bpf_devices_allow_list_static(): what DevicePolicy=closed (or auto with a list)
 * always allows. */
static const struct {
        const char *path, *access;
} static_devices[] = {
        {"/dev/null", "rwm"},
        {"/dev/zero", "rwm"},
        {"/dev/full", "rwm"},
        {"/dev/random", "rwm"},
        {"/dev/urandom", "rwm"},
        {"/dev/tty", "rwm"},
        {"/dev/ptmx", "rwm"},
        {"/run/systemd/inaccessible/chr", "rwm"},
        {"/run/systemd/inaccessible/blk", "rwm"},
        {"char-pts", "rw"},
};

static int add_device_lines(Ctx *c, const char *path, const char *access, const char *directive,
                            Origin o)
{
        _cleanup_strv_free_ char **lines = NULL;
        int r = streq(path, "char-pts")
                        ? cgroup_pts_rules(access, c->o->tty_drivers, c->o->proc_devices, &lines)
                        : cgroup_device_rules(path, access, c->o->proc_devices, &lines);

        if (r == -ENOMEM)
                return r;
        if (r <= 0) {
                /* systemd skips such an entry with a warning: the list only gets shorter. An
                 * implied entry (RootImage= implies /dev/mapper/control, which cordon never
                 * needs) is dropped silently: the user wrote nothing to warn about. */
                if (o.implied_by >= 0)
                        return 0;
                const char *file = o.file ? o.file : c->u->fragment_path;
                return diag_add(c->diags, file, o.line, o.column, "run-device-unmatched",
                                DIAG_WARNING, NULL,
                                "%s %s matches no device here, ignoring it (as systemd does)",
                                directive, path);
        }
        for (char **l = lines; *l; l++) {
                if (v2(c)) { /* the BPF device program's list */
                        if (strv_length(c->p->device_rules) >= CG_WRITES_MAX)
                                return -E2BIG;
                        r = strv_extend(&c->p->device_rules, *l);
                } else
                        r = add_write(c, CG_HIER_DEVICES, "devices.allow", directive, o, "%s", *l);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int plan_devices(Ctx *c)
{
        const CGroupSettings *g = &c->u->cgroup;
        Origin o;
        int r;

        if (!devices_explicit(c->u, &o)) {
                /* Only what PrivateDevices= implies: the private /dev already holds exactly
                 * those nodes, but a device node elsewhere (a bind mount, a node on a data
                 * file system) would still open. Where the v1 devices controller is usable, close
                 * that as systemd's device cgroup does; elsewhere the private /dev is it. */
                if ((g->device_policy == DEVICE_POLICY_AUTO && g->n_device_allow == 0) ||
                    c->o->layout == CG_LAYOUT_NONE)
                        return 0;
                o = g->device_policy_origin;
        } else if (c->o->layout == CG_LAYOUT_NONE)
                return refuse(c, "DevicePolicy=/DeviceAllow=", o, no_cgroup_reason(c));

        o = origin_is_set(&g->device_policy_origin) ? g->device_policy_origin : o;
        if (v2(c)) {
                /* a program that denies what it does not list: "devices.deny a" */
                c->p->device_bpf = true;
                need_v2(c, "DevicePolicy=/DeviceAllow=");
        } else {
                r = add_write(c, CG_HIER_DEVICES, "devices.deny", "DevicePolicy=", o, "a");
                if (r < 0)
                        return r;
        }
        if (g->device_policy == DEVICE_POLICY_CLOSED ||
            (g->device_policy == DEVICE_POLICY_AUTO && g->n_device_allow > 0))
                for (size_t i = 0; i < ELEMENTSOF(static_devices); i++) {
                        r = add_device_lines(c, static_devices[i].path, static_devices[i].access,
                                             "DevicePolicy=", o);
                        if (r < 0)
                                return r;
                }
        for (size_t i = 0; i < g->n_device_allow; i++) {
                r = add_device_lines(c, g->device_allow[i].path, g->device_allow[i].access,
                                     "DeviceAllow=", g->device_allow[i].origin);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int copy_rules(const IPAddressList *l, CgIPRule **ret, size_t *ret_n)
{
        if (l->n == 0)
                return 0;
        if (l->n > CG_IP_RULES_MAX)
                return -E2BIG;
        CgIPRule *t = calloc(l->n, sizeof(CgIPRule));
        if (!t)
                return -ENOMEM;
        for (size_t i = 0; i < l->n; i++) {
                t[i].family = l->items[i].family;
                t[i].prefixlen = l->items[i].prefixlen;
                memcpy(t[i].address, l->items[i].address, 16);
        }
        *ret = t;
        *ret_n = l->n;
        return 0;
}

static int plan_firewall(Ctx *c)
{
        const CGroupSettings *g = &c->u->cgroup;
        Origin o =
                g->ip_address_deny.n > 0 ? g->ip_address_deny.origin : g->ip_address_allow.origin;
        int r;

        if (g->ip_address_allow.n == 0 && g->ip_address_deny.n == 0)
                return 0;
        if (c->o->layout == CG_LAYOUT_NONE)
                return refuse(c, "IPAddressAllow=/IPAddressDeny=", o, no_cgroup_reason(c));
        if (c->o->layout == CG_LAYOUT_LEGACY)
                return refuse(c, "IPAddressAllow=/IPAddressDeny=", o,
                              "needs BPF programs on a cgroup v2 hierarchy and this host has none");
        r = copy_rules(&g->ip_address_allow, &c->p->fw.allow, &c->p->fw.n_allow);
        if (r >= 0)
                r = copy_rules(&g->ip_address_deny, &c->p->fw.deny, &c->p->fw.n_deny);
        if (r == -E2BIG)
                return refuse(c, "IPAddressAllow=/IPAddressDeny=", o,
                              "more than 256 prefixes in one list");
        if (r < 0)
                return r;
        c->p->firewall = true;
        c->p->fw.origin = o;
        need_v2(c, "IPAddressAllow=/IPAddressDeny=");
        return 0;
}

/* ---------------------------------------------------------------- SocketBind*= */

static int parse_port_range(const char *s, uint16_t *ret_min, uint16_t *ret_n)
{
        unsigned lo, hi;
        char end;

        if (!*s || strspn(s, "0123456789-") != strlen(s))
                return -EINVAL;
        int k = sscanf(s, "%u-%u%c", &lo, &hi, &end);
        if (k == 1 && !strchr(s, '-'))
                hi = lo;
        else if (k != 2)
                return -EINVAL;
        if (lo == 0 || lo > 65535 || hi == 0 || hi > 65535 || hi < lo)
                return -EINVAL;
        *ret_min = (uint16_t) lo;
        *ret_n = (uint16_t) (hi - lo + 1); /* 65535 at most: 1-65535 */
        return 0;
}

int cg_bind_rule_parse(const char *s, CgBindRule *ret)
{
        /* Tokens in order, each optional: family, protocol, ports ("any" = every port). */
        CgBindRule r = {.family = AF_UNSPEC};
        unsigned stage = 0;
        char buf[64];

        if (isempty(s) || strlen(s) >= sizeof(buf))
                return -EINVAL;
        snprintf(buf, sizeof(buf), "%s", s);
        for (char *tok = buf, *next; tok; tok = next) {
                next = strchr(tok, ':');
                if (next)
                        *next++ = 0;
                if (isempty(tok))
                        return -EINVAL;
                if (stage < 1 && (streq(tok, "ipv4") || streq(tok, "ipv6"))) {
                        r.family = streq(tok, "ipv4") ? AF_INET : AF_INET6;
                        stage = 1;
                } else if (stage < 2 && (streq(tok, "tcp") || streq(tok, "udp"))) {
                        r.protocol = streq(tok, "tcp") ? IPPROTO_TCP : IPPROTO_UDP;
                        stage = 2;
                } else if (stage < 3 && streq(tok, "any"))
                        stage = 3;
                else if (stage < 3 && parse_port_range(tok, &r.port_min, &r.nr_ports) >= 0)
                        stage = 3;
                else
                        return -EINVAL;
        }
        *ret = r;
        return 0;
}

static int bind_list(Ctx *c, const char *name, CgBindRule **ret, size_t *ret_n, Origin *origin)
{
        int idx = directive_index(SECTION_SERVICE, name);
        const RawSetting *raw = idx >= 0 ? unit_get_raw(c->u, idx) : NULL;
        size_t n = raw ? strv_length(raw->values.strv) : 0, k = 0;
        char d[32];

        snprintf(d, sizeof(d), "%s=", name);
        if (n == 0 || isempty(raw->values.strv[n - 1]))
                return 0;
        *origin = directive_origin(c->u, name);
        if (n > CG_BIND_RULES_MAX)
                return refuse(c, d, *origin, "more than 128 rules (systemd's limit)");
        CgBindRule *t = calloc(n, sizeof(CgBindRule));
        if (!t)
                return -ENOMEM;
        for (char **v = raw->values.strv; *v; v++) {
                if (isempty(*v)) { /* "" resets the list */
                        k = 0;
                        continue;
                }
                if (cg_bind_rule_parse(*v, &t[k]) < 0) {
                        free(t);
                        char why[128];
                        snprintf(why, sizeof(why), "invalid bind rule \"%.64s\"", *v);
                        return refuse(c, d, *origin, why);
                }
                k++;
        }
        *ret = t;
        *ret_n = k;
        return 1;
}

static int plan_socket_bind(Ctx *c)
{
        CgSocketBind *sb = &c->p->sb;
        Origin oa = ORIGIN_NULL, od = ORIGIN_NULL;
        int r, q;

        r = bind_list(c, "SocketBindAllow", &sb->allow, &sb->n_allow, &oa);
        if (r < 0)
                return r;
        q = bind_list(c, "SocketBindDeny", &sb->deny, &sb->n_deny, &od);
        if (q < 0)
                return q;
        if (sb->n_allow == 0 && sb->n_deny == 0)
                return 0;
        sb->origin = sb->n_deny > 0 ? od : oa;
        if (c->o->layout == CG_LAYOUT_NONE)
                return refuse(c, "SocketBindAllow=/SocketBindDeny=", sb->origin,
                              no_cgroup_reason(c));
        if (c->o->layout == CG_LAYOUT_LEGACY)
                return refuse(c, "SocketBindAllow=/SocketBindDeny=", sb->origin,
                              "needs BPF programs on a cgroup v2 hierarchy and this host has none");
        c->p->socket_bind = true;
        need_v2(c, "SocketBindAllow=/SocketBindDeny=");
        return 0;
}

/* Cgroup settings cordon does not apply yet. Each limits or filters what the service may do, so
 * ignoring it silently (as a plain launcher would) weakens the unit: refused instead. Accounting
 * switches, Slice=, Startup*= (boot only) and systemd-oomd settings enforce nothing here and are
 * left alone. */
static int plan_unapplied(Ctx *c)
{
        static const struct {
                const char *name, *why;
        } table[] = {
                {"RestrictNetworkInterfaces", "the cgroup interface filter is not implemented"},
                {"BPFProgram", "attaching pinned BPF programs is not implemented"},
                {"NFTSet", "adding the cgroup to nftables sets is not implemented"},
                {"IODeviceWeight", "I/O control (io/blkio controller) is not implemented"},
                {"IOReadBandwidthMax", "I/O control (io/blkio controller) is not implemented"},
                {"IOWriteBandwidthMax", "I/O control (io/blkio controller) is not implemented"},
                {"IOReadIOPSMax", "I/O control (io/blkio controller) is not implemented"},
                {"IOWriteIOPSMax", "I/O control (io/blkio controller) is not implemented"},
                {"IODeviceLatencyTargetSec",
                 "I/O control (io/blkio controller) is not implemented"},
                {"BlockIOWeight", "I/O control (io/blkio controller) is not implemented"},
                {"BlockIODeviceWeight", "I/O control (io/blkio controller) is not implemented"},
                {"BlockIOReadBandwidth", "I/O control (io/blkio controller) is not implemented"},
                {"BlockIOWriteBandwidth", "I/O control (io/blkio controller) is not implemented"},
                {"MemoryZSwapMax", "not implemented"},
        };
        const CGroupSettings *g = &c->u->cgroup;
        int r;

        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                int idx = directive_index(SECTION_SERVICE, table[i].name);
                const RawSetting *raw = idx >= 0 ? unit_get_raw(c->u, idx) : NULL;
                if (!raw || strv_length(raw->values.strv) == 0 ||
                    isempty(raw->values.strv[strv_length(raw->values.strv) - 1]))
                        continue;
                char d[64];
                snprintf(d, sizeof(d), "%s=", table[i].name);
                r = refuse(c, d, directive_origin(c->u, table[i].name), table[i].why);
                if (r < 0)
                        return r;
        }
        if (g->io_weight != UINT64_MAX) {
                r = refuse(c, "IOWeight=", directive_origin(c->u, "IOWeight"),
                           "I/O control (io/blkio controller) is not implemented");
                if (r < 0)
                        return r;
        }
        if (strv_length(g->ip_ingress_filter_path.strv) > 0 ||
            strv_length(g->ip_egress_filter_path.strv) > 0) {
                bool in = strv_length(g->ip_ingress_filter_path.strv) > 0;
                r = refuse(
                        c, "IPIngressFilterPath=/IPEgressFilterPath=",
                        directive_origin(c->u, in ? "IPIngressFilterPath" : "IPEgressFilterPath"),
                        "attaching pinned BPF programs is not implemented");
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ProtectControlGroups=private|strict (systemd 257): the service gets a cgroup namespace whose
 * root is its own cgroup, and a cgroup2 mount on /sys/fs/cgroup (plan.c). The root must be the
 * run's v2 cgroup, or the service would see cordon's (and its siblings'). */
static int plan_cgroupns(Ctx *c)
{
        const ExecSettings *e = &c->u->exec;

        if (e->protect_control_groups != PROTECT_CONTROL_GROUPS_PRIVATE &&
            e->protect_control_groups != PROTECT_CONTROL_GROUPS_STRICT)
                return 0;
        if (c->o->layout != CG_LAYOUT_HYBRID && c->o->layout != CG_LAYOUT_UNIFIED)
                return refuse(c, "ProtectControlGroups=", e->protect_control_groups_origin,
                              "the cgroup namespace's root must be the run's own cgroup v2 "
                              "cgroup, and there is no cgroup v2 hierarchy cordon may write to");
        need_v2(c, "ProtectControlGroups=");
        return 0;
}

int cgroup_plan_from_unit(const Unit *u, const CgPlanOptions *o, CgroupPlan **ret, DiagList *diags)
{
        _cleanup_(cgroup_plan_freep) CgroupPlan *p = calloc(1, sizeof(CgroupPlan));
        static int (*const steps[])(Ctx * c) = {
                plan_memory,   plan_tasks,       plan_cpu,       plan_cpuset,   plan_devices,
                plan_firewall, plan_socket_bind, plan_unapplied, plan_cgroupns,
        };
        int r;

        if (!p)
                return -ENOMEM;
        p->layout = o->layout;
        Ctx c = {.u = u, .o = o, .p = p, .diags = diags};
        for (size_t i = 0; i < ELEMENTSOF(steps); i++) {
                r = steps[i](&c);
                if (r == -E2BIG)
                        r = refuse(&c, "DeviceAllow=", ORIGIN_NULL, "too many cgroup writes");
                if (r < 0)
                        return r;
        }
        /* On a hybrid host the v2 cgroup is made only for what needs it (need_v2()): tracking
         * and ending the service's processes needs none, as every process of a root run lives
         * in a PID namespace whose init dies with cordon, and every command also enters the v1
         * cgroups, which are emptied (cgroup.procs) before they are removed. */
        *ret = p->hierarchies != 0 ? TAKE_PTR(p) : NULL;
        return c.n_errors > 0 ? -EOPNOTSUPP : 0;
}

/* ---------------------------------------------------------------- --dry-run */

static void put_rule(StrBuf *b, const CgIPRule *r)
{
        char buf[64];

        if (!inet_ntop(r->family, r->address, buf, sizeof(buf)))
                snprintf(buf, sizeof(buf), "?");
        strbuf_printf(b, " %s/%u", buf, r->prefixlen);
}

int cgroup_plan_to_text(const CgroupPlan *p, StrBuf *b)
{
        if (!p)
                return 0;
        strbuf_printf(b, "cgroups (%s hierarchy): cordon-UNIT-ID in",
                      strnull(cg_layout_to_string(p->layout)));
        for (CgHierarchy h = 0; h < _CG_HIER_MAX; h++)
                if (p->hierarchies & (1u << h))
                        strbuf_printf(b, " %s", strnull(cg_hierarchy_to_string(h)));
        if (p->layout == CG_LAYOUT_HYBRID && p->unified_for)
                strbuf_printf(b, " (for %s)", p->unified_for);
        strbuf_puts(b, "; every command starts in them, and they are emptied and removed at the "
                       "end\n");
        for (size_t i = 0; i < p->n_writes; i++) {
                const CgWrite *w = &p->writes[i];
                const Directive *by =
                        w->origin.implied_by >= 0 ? directive_by_index(w->origin.implied_by) : NULL;
                strbuf_printf(b, "  %s/%s = %s  # %s", strnull(cg_hierarchy_to_string(w->hier)),
                              w->file, w->value, w->directive);
                if (by)
                        strbuf_printf(b, " implied by %s=", by->name);
                if (w->origin.file)
                        strbuf_printf(b, " at %s:%u", path_basename(w->origin.file),
                                      w->origin.line);
                strbuf_putc(b, '\n');
        }
        if (p->firewall) {
                strbuf_puts(b, "  unified: BPF ingress/egress firewall (allow beats deny):\n"
                               "    allow:");
                for (size_t i = 0; i < p->fw.n_allow; i++)
                        put_rule(b, &p->fw.allow[i]);
                strbuf_puts(b, "\n    deny:");
                for (size_t i = 0; i < p->fw.n_deny; i++)
                        put_rule(b, &p->fw.deny[i]);
                strbuf_putc(b, '\n');
        }
        if (p->device_bpf) {
                strbuf_puts(b,
                            "  unified: BPF device program, everything else denied:\n    allow:");
                for (char **l = p->device_rules; l && *l; l++)
                        strbuf_printf(b, " \"%s\"", *l);
                strbuf_putc(b, '\n');
        }
        if (p->socket_bind) {
                strbuf_puts(b, "  unified: BPF bind4/bind6 filter (allow beats deny):\n");
                for (int l = 0; l < 2; l++) {
                        const CgBindRule *r = l == 0 ? p->sb.allow : p->sb.deny;
                        size_t n = l == 0 ? p->sb.n_allow : p->sb.n_deny;
                        strbuf_puts(b, l == 0 ? "    allow:" : "    deny:");
                        for (size_t i = 0; i < n; i++) {
                                strbuf_printf(b, " %s%s",
                                              r[i].family == AF_INET    ? "ipv4:"
                                              : r[i].family == AF_INET6 ? "ipv6:"
                                                                        : "",
                                              r[i].protocol == IPPROTO_TCP   ? "tcp:"
                                              : r[i].protocol == IPPROTO_UDP ? "udp:"
                                                                             : "");
                                if (r[i].nr_ports == 0)
                                        strbuf_puts(b, "any");
                                else if (r[i].nr_ports == 1)
                                        strbuf_printf(b, "%u", r[i].port_min);
                                else
                                        strbuf_printf(b, "%u-%u", r[i].port_min,
                                                      r[i].port_min + r[i].nr_ports - 1u);
                        }
                        strbuf_putc(b, '\n');
                }
        }
        return b->oom ? -ENOMEM : 0;
}
