/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Condition*=/Assert*= lists from the unit, the list logic, the --dry-run text and the pure
 * string helpers (operators, version comparison, command line and os-release matching). The
 * host tests are in condition-host.c and condition-virt.c. */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "condition.h"
#include "env-util.h"
#include "extract-word.h"
#include "parse-util.h"
#include "path-util.h"
#include "settings.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static const char *const cond_type_table[_COND_TYPE_MAX] = {
        [COND_ARCHITECTURE] = "Architecture",
        [COND_FIRMWARE] = "Firmware",
        [COND_VIRTUALIZATION] = "Virtualization",
        [COND_HOST] = "Host",
        [COND_KERNEL_COMMAND_LINE] = "KernelCommandLine",
        [COND_KERNEL_VERSION] = "KernelVersion",
        [COND_CREDENTIAL] = "Credential",
        [COND_SECURITY] = "Security",
        [COND_CAPABILITY] = "Capability",
        [COND_AC_POWER] = "ACPower",
        [COND_MEMORY] = "Memory",
        [COND_CPUS] = "CPUs",
        [COND_ENVIRONMENT] = "Environment",
        [COND_CPU_FEATURE] = "CPUFeature",
        [COND_OS_RELEASE] = "OSRelease",
        [COND_MEMORY_PRESSURE] = "MemoryPressure",
        [COND_CPU_PRESSURE] = "CPUPressure",
        [COND_IO_PRESSURE] = "IOPressure",
        [COND_NEEDS_UPDATE] = "NeedsUpdate",
        [COND_FIRST_BOOT] = "FirstBoot",
        [COND_PATH_EXISTS] = "PathExists",
        [COND_PATH_EXISTS_GLOB] = "PathExistsGlob",
        [COND_PATH_IS_DIRECTORY] = "PathIsDirectory",
        [COND_PATH_IS_SYMBOLIC_LINK] = "PathIsSymbolicLink",
        [COND_PATH_IS_MOUNT_POINT] = "PathIsMountPoint",
        [COND_PATH_IS_READ_WRITE] = "PathIsReadWrite",
        [COND_PATH_IS_ENCRYPTED] = "PathIsEncrypted",
        [COND_DIRECTORY_NOT_EMPTY] = "DirectoryNotEmpty",
        [COND_FILE_NOT_EMPTY] = "FileNotEmpty",
        [COND_FILE_IS_EXECUTABLE] = "FileIsExecutable",
        [COND_USER] = "User",
        [COND_GROUP] = "Group",
        [COND_CONTROL_GROUP_CONTROLLER] = "ControlGroupController",
};
DEFINE_STRING_TABLE_LOOKUP(cond_type, CondType);

static const char *const cond_verdict_table[_COND_VERDICT_MAX] = {
        [COND_UNTESTED] = "untested",
        [COND_SUCCEEDED] = "succeeded",
        [COND_FAILED] = "failed",
        [COND_ERROR] = "error",
        [COND_UNSUPPORTED] = "not decidable",
};
DEFINE_STRING_TABLE_LOOKUP(cond_verdict, CondVerdict);

bool cond_type_is_path(CondType t)
{
        return (t >= COND_PATH_EXISTS && t <= COND_FILE_IS_EXECUTABLE) || t == COND_NEEDS_UPDATE;
}

void cond_list_done(CondList *l)
{
        if (!l)
                return;
        for (size_t i = 0; i < l->n; i++)
                free(l->items[i].parameter);
        free(l->items);
        l->items = NULL;
        l->n = 0;
}

static void list_reset(CondList *l)
{
        bool asserts = l->asserts;
        cond_list_done(l);
        l->asserts = asserts;
}

/* The accepted value of assignment a, as the parser stored it (specifiers expanded); NULL if
 * the parser rejected the line (systemd ignores it too). */
static const char *stored_value(const Unit *u, const Directive *d, const Assignment *a)
{
        const RawSetting *r = unit_get_raw(u, d->index);

        if (!r)
                return NULL;
        for (size_t i = 0; r->values.strv && r->values.strv[i]; i++) {
                const Origin *o = &r->values.origins[i];
                if (o->file && a->file && streq(o->file, a->file) && o->line == a->line)
                        return r->values.strv[i];
        }
        return NULL;
}

static int list_add(CondList *l, CondType t, const char *value, const Assignment *a)
{
        const char *v = value;
        bool trigger, negate;
        char *p;

        if (l->n >= COND_LIST_MAX)
                return -E2BIG;
        /* Path conditions take "|" and "!" without blanks after them, the others skip blanks
         * (config_parse_unit_condition_path vs _string). */
        trigger = *v == '|';
        if (trigger)
                v += 1 + (cond_type_is_path(t) ? 0 : strspn(v + 1, WHITESPACE));
        negate = *v == '!';
        if (negate)
                v += 1 + (cond_type_is_path(t) ? 0 : strspn(v + 1, WHITESPACE));
        p = strdup(v);
        if (!p)
                return -ENOMEM;
        if (cond_type_is_path(t))
                path_simplify(p);
        CondItem *n = realloc(l->items, (l->n + 1) * sizeof(CondItem));
        if (!n) {
                free(p);
                return -ENOMEM;
        }
        l->items = n;
        l->items[l->n++] = (CondItem){
                .type = t,
                .trigger = trigger,
                .negate = negate,
                .parameter = p,
                .origin = origin_from_assignment(a),
        };
        return 0;
}

static void list_reverse(CondList *l)
{
        for (size_t i = 0; i < l->n / 2; i++) {
                CondItem t = l->items[i];
                l->items[i] = l->items[l->n - 1 - i];
                l->items[l->n - 1 - i] = t;
        }
}

int cond_lists_from_unit(const Unit *u, CondList *ret_conditions, CondList *ret_asserts)
{
        CondList c = {.asserts = false}, s = {.asserts = true};
        int r = 0;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *name;
                CondList *l;

                if (!streq(a->section, "Unit"))
                        continue;
                if ((name = startswith(a->key, "Condition")))
                        l = &c;
                else if ((name = startswith(a->key, "Assert")))
                        l = &s;
                else
                        continue;
                CondType t = cond_type_from_string(name);
                const Directive *d = directive_lookup(SECTION_UNIT, a->key);
                if (t < 0 || !d || !d->syntax || !streq(d->syntax, "CONDITION") ||
                    (d->since > u->systemd_version && u->systemd_version > 0))
                        continue; /* unknown here: the loader reported it */
                if (isempty(a->value)) {
                        list_reset(l); /* any empty Condition*= resets all conditions */
                        continue;
                }
                const char *v = stored_value(u, d, a);
                if (!v)
                        continue;
                r = list_add(l, t, v, a);
                if (r < 0)
                        break;
        }
        if (r < 0) {
                cond_list_done(&c);
                cond_list_done(&s);
                return r;
        }
        list_reverse(&c); /* systemd prepends: the last assignment is tested first */
        list_reverse(&s);
        *ret_conditions = c;
        *ret_asserts = s;
        return 0;
}

int cond_list_test(CondList *l, const CondContext *ctx, const CondItem **ret_undecided)
{
        return cond_list_test_with(l, ctx, cond_item_test, ret_undecided);
}

int cond_list_test_with(CondList *l, const CondContext *ctx, CondTester test,
                        const CondItem **ret_undecided)
{
        bool failed = false, unknown = false, has_trigger = false, trig_true = false,
             trig_unknown = false;
        const CondItem *undecided = NULL;

        for (size_t i = 0; i < l->n; i++)
                l->items[i].verdict = COND_UNTESTED;
        for (size_t i = 0; i < l->n; i++) {
                CondItem *c = &l->items[i];
                int r = test(c, ctx);

                if (r == -EOPNOTSUPP) {
                        /* Decides nothing yet: a later definite failure still decides. */
                        if (!undecided)
                                undecided = c;
                        if (c->trigger)
                                has_trigger = trig_unknown = true;
                        else
                                unknown = true;
                        continue;
                }
                if (c->trigger) {
                        has_trigger = true;
                        if (r > 0)
                                trig_true = true;
                } else if (r <= 0) {
                        failed = true; /* errors count as failures, as in systemd */
                        if (!ctx->test_all)
                                break;
                }
        }
        if (ret_undecided)
                *ret_undecided = undecided;
        if (failed)
                return 0;
        if (unknown)
                return -EOPNOTSUPP;
        if (!has_trigger || trig_true)
                return 1;
        return trig_unknown ? -EOPNOTSUPP : 0;
}

static bool verdict_failed(CondVerdict v)
{
        return v == COND_FAILED || v == COND_ERROR;
}

const CondItem *cond_list_find_failed(const CondList *l)
{
        const CondItem *failed_trigger = NULL;
        bool trigger_ok = false, any_trigger = false;

        for (size_t i = 0; i < l->n; i++) {
                const CondItem *c = &l->items[i];
                if (c->trigger) {
                        any_trigger = true;
                        if (c->verdict == COND_SUCCEEDED)
                                trigger_ok = true;
                        else if (!failed_trigger && verdict_failed(c->verdict))
                                failed_trigger = c;
                } else if (verdict_failed(c->verdict))
                        return c;
        }
        return any_trigger && !trigger_ok ? failed_trigger : NULL;
}

char *cond_item_format(const CondItem *c, bool assert)
{
        return strjoin(assert ? "Assert" : "Condition", cond_type_to_string(c->type), "=",
                       c->trigger ? "|" : "", c->negate ? "!" : "", c->parameter);
}

static void list_to_text(StrBuf *b, const CondList *l)
{
        const char *kind = l->asserts ? "Asserts" : "Conditions";

        if (l->n == 0) {
                strbuf_printf(b, "%s: none\n", kind);
                return;
        }
        strbuf_printf(b, "%s (tested in this order when the unit starts):\n", kind);
        for (size_t i = 0; i < l->n; i++) {
                const CondItem *c = &l->items[i];
                _cleanup_free_ char *s = cond_item_format(c, l->asserts);

                if (!s) {
                        b->oom = true;
                        return;
                }
                strbuf_printf(b, "  %-48s %-13s %s:%u", s, cond_verdict_to_string(c->verdict),
                              strnull(c->origin.file), c->origin.line);
                if (c->why)
                        strbuf_printf(b, " (%s)", c->why);
                else if (c->verdict == COND_ERROR && c->error < 0)
                        strbuf_printf(b, " (%s)", strerror(-c->error));
                strbuf_putc(b, '\n');
        }
}

static const char *outcome(const CondList *l)
{
        bool trig = false, trig_ok = false;

        for (size_t i = 0; i < l->n; i++) {
                const CondItem *c = &l->items[i];
                if (c->verdict == COND_UNSUPPORTED)
                        return NULL;
                if (c->trigger) {
                        trig = true;
                        trig_ok = trig_ok || c->verdict == COND_SUCCEEDED;
                } else if (c->verdict != COND_SUCCEEDED)
                        return "fail";
        }
        return trig && !trig_ok ? "fail" : "pass";
}

char *cond_lists_to_text(const CondList *conditions, const CondList *asserts)
{
        StrBuf b = STRBUF_INIT;
        const char *oc = outcome(conditions), *oa = outcome(asserts);

        strbuf_puts(&b, "\n");
        list_to_text(&b, conditions);
        list_to_text(&b, asserts);
        if (!oc || !oa)
                strbuf_puts(&b, "Verdict: cordon cannot decide a condition or assert here; "
                                "cordon run refuses the unit.\n");
        else if (streq(oc, "fail"))
                strbuf_puts(&b, "Verdict: a condition failed; cordon run skips the unit "
                                "(exit status 0), as systemctl start does.\n");
        else if (streq(oa, "fail"))
                strbuf_puts(&b, "Verdict: an assert failed; cordon run fails (exit status 1), as "
                                "systemctl start does.\n");
        else if (conditions->n + asserts->n > 0)
                strbuf_puts(&b, "Verdict: all conditions and asserts hold; the unit would "
                                "start.\n");
        return strbuf_steal(&b);
}

/* ---- pure helpers ---- */

CondCompareOp cond_compare_op_parse(const char **s, unsigned flags)
{
        static const struct {
                CondCompareOp op;
                const char *str;
                unsigned valid, need; /* refused unless flags has valid; skipped without need */
        } table[] = {
                {COND_CMP_FNMATCH_EQUAL, "$=", COND_CMP_ALLOW_FNMATCH, 0},
                {COND_CMP_FNMATCH_UNEQUAL, "!$=", COND_CMP_ALLOW_FNMATCH, 0},
                {COND_CMP_UNEQUAL, "<>", 0, 0},
                {COND_CMP_LOWER_OR_EQUAL, "<=", 0, 0},
                {COND_CMP_GREATER_OR_EQUAL, ">=", 0, 0},
                {COND_CMP_LOWER, "<", 0, 0},
                {COND_CMP_GREATER, ">", 0, 0},
                {COND_CMP_EQUAL, "==", 0, 0},
                {COND_CMP_STRING_EQUAL, "=", 0, COND_CMP_EQUAL_BY_STRING},
                {COND_CMP_EQUAL, "=", 0, 0},
                {COND_CMP_STRING_UNEQUAL, "!=", 0, COND_CMP_EQUAL_BY_STRING},
                {COND_CMP_UNEQUAL, "!=", 0, 0},
        };

        if (!*s)
                return _COND_CMP_INVALID;
        for (size_t i = 0; i < ELEMENTSOF(table); i++) {
                const char *e;
                if (table[i].need && !(flags & table[i].need))
                        continue;
                e = startswith(*s, table[i].str);
                if (!e)
                        continue;
                if (table[i].valid && !(flags & table[i].valid))
                        return _COND_CMP_INVALID;
                *s = e;
                return table[i].op;
        }
        return _COND_CMP_INVALID;
}

static int cmp_int(long a, long b)
{
        return (a > b) - (a < b);
}

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool version_char(char c)
{
        return is_digit(c) || is_alpha(c) || strchr("~-^.", c);
}

/* One separator class ('~', '-', '^', '.'): the side without it is newer. Returns the
 * comparison if decided, else 0 after skipping the separator on both sides. */
static int version_sep(const char **a, const char **b, char sep, bool *decided)
{
        if (**a != sep && **b != sep)
                return 0;
        int r = cmp_int(**a != sep, **b != sep);
        if (r != 0) {
                *decided = true;
                return r;
        }
        (*a)++;
        (*b)++;
        return 0;
}

int cond_verscmp(const char *a, const char *b)
{
        a = strempty(a);
        b = strempty(b);
        for (;;) {
                const char *aa, *bb;
                bool decided = false;
                int r;

                while (*a && !version_char(*a))
                        a++;
                while (*b && !version_char(*b))
                        b++;
                r = version_sep(&a, &b, '~', &decided); /* pre-release: older */
                if (decided)
                        return r;
                if (!*a || !*b)
                        return cmp_int((unsigned char) *a, (unsigned char) *b);
                const char seps[] = {'-', '^', '.'};
                for (size_t i = 0; i < ELEMENTSOF(seps); i++) {
                        r = version_sep(&a, &b, seps[i], &decided);
                        if (decided)
                                return r;
                }
                if (is_digit(*a) || is_digit(*b)) {
                        for (aa = a; is_digit(*aa); aa++)
                                ;
                        for (bb = b; is_digit(*bb); bb++)
                                ;
                        r = cmp_int(a != aa, b != bb);
                        if (r != 0)
                                return r;
                        while (*a == '0')
                                a++;
                        while (*b == '0')
                                b++;
                        r = cmp_int(aa - a, bb - b); /* more digits: larger */
                        if (r != 0)
                                return r;
                        r = cmp_int(strncmp(a, b, (size_t) (aa - a)), 0);
                        if (r != 0)
                                return r;
                } else {
                        for (aa = a; is_alpha(*aa); aa++)
                                ;
                        for (bb = b; is_alpha(*bb); bb++)
                                ;
                        r = cmp_int(strncmp(a, b, (size_t) MIN(aa - a, bb - b)), 0);
                        if (r != 0)
                                return r;
                        r = cmp_int(aa - a, bb - b);
                        if (r != 0)
                                return r;
                }
                a = aa;
                b = bb;
        }
}

static int test_order(int k, CondCompareOp op)
{
        if (op == COND_CMP_LOWER)
                return k < 0;
        if (op == COND_CMP_LOWER_OR_EQUAL)
                return k <= 0;
        if (op == COND_CMP_EQUAL)
                return k == 0;
        if (op == COND_CMP_UNEQUAL)
                return k != 0;
        if (op == COND_CMP_GREATER_OR_EQUAL)
                return k >= 0;
        if (op == COND_CMP_GREATER)
                return k > 0;
        return -EINVAL;
}

int cond_version_compare(CondCompareOp op, const char *a, const char *b)
{
        int r;

        if (op == COND_CMP_STRING_EQUAL)
                return a && b && streq(a, b);
        if (op == COND_CMP_STRING_UNEQUAL)
                return !(a && b && streq(a, b));
        if (op == COND_CMP_FNMATCH_EQUAL || op == COND_CMP_FNMATCH_UNEQUAL) {
                r = fnmatch(b, strempty(a), 0);
                if (r != 0 && r != FNM_NOMATCH)
                        return -EINVAL;
                return (r == 0) == (op == COND_CMP_FNMATCH_EQUAL);
        }
        return test_order(cond_verscmp(a, b), op);
}

/* "a=b" must equal a word; "a" matches "a" and "a=…". */
static bool word_matches(const char *word, const char *parameter)
{
        if (strchr(parameter, '='))
                return streq(word, parameter);
        const char *f = startswith(word, parameter);
        return f && (*f == '\0' || *f == '=');
}

int cond_cmdline_has(const char *cmdline, const char *parameter)
{
        for (const char *p = cmdline;;) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                if (r < 0)
                        return r;
                if (r == 0)
                        return 0;
                if (word_matches(w, parameter))
                        return 1;
        }
}

/* proc_cmdline_key_startswith(): '-' and '_' are the same in kernel command line keys. */
static const char *cmdline_key_startswith(const char *word, const char *key)
{
        for (; *key; word++, key++) {
                bool dash_w = *word == '-' || *word == '_', dash_k = *key == '-' || *key == '_';
                if (dash_w != dash_k || (!dash_w && *word != *key))
                        return NULL;
        }
        return word;
}

int cond_cmdline_get_bool(const char *cmdline, const char *key, bool *ret)
{
        _cleanup_free_ char *value = NULL;
        bool found = false;

        for (const char *p = cmdline;;) {
                _cleanup_free_ char *w = NULL;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                const char *e = cmdline_key_startswith(w, key);
                if (!e)
                        continue;
                if (*e == '=') {
                        free(value);
                        value = strdup(e + 1);
                        if (!value)
                                return -ENOMEM;
                        found = true;
                } else if (*e == 0)
                        found = true; /* a bare key keeps an earlier value, as systemd */
        }
        if (!found)
                return 0;
        if (value) {
                int b = parse_boolean(value);
                if (b < 0)
                        return b;
                *ret = b;
        } else
                *ret = true;
        return 1;
}

bool cond_environment_has(char *const *env, const char *parameter)
{
        for (size_t i = 0; env && env[i]; i++)
                if (word_matches(env[i], parameter))
                        return true;
        return false;
}

int cond_kernel_version_test(const char *release, const char *parameter)
{
        bool first = true;

        for (const char *p = parameter;;) {
                _cleanup_free_ char *w = NULL;
                const char *s;
                int r = extract_first_word(&p, &w, NULL, EXTRACT_UNQUOTE);

                if (r < 0)
                        return r;
                if (r == 0)
                        return 1;
                s = w;
                CondCompareOp op = cond_compare_op_parse(&s, COND_CMP_ALLOW_FNMATCH |
                                                                     COND_CMP_EQUAL_BY_STRING);
                if (op < 0)
                        op = COND_CMP_FNMATCH_EQUAL; /* no operator: a glob */
                s += strspn(s, WHITESPACE);
                if (isempty(s)) {
                        /* Only the first expression may have blanks after its operator. */
                        if (!first)
                                return -EINVAL;
                        free(w);
                        w = NULL;
                        r = extract_first_word(&p, &w, NULL, 0);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                return -EINVAL;
                        s = w;
                }
                r = cond_version_compare(op, release, s);
                if (r <= 0)
                        return r;
                first = false;
        }
}

int cond_os_release_test(char *const *os_release, const char *parameter)
{
        for (const char *p = parameter;;) {
                _cleanup_free_ char *expr = NULL, *key = NULL;
                const char *word;
                int r = extract_first_word(&p, &expr, NULL, EXTRACT_UNQUOTE);

                if (r < 0)
                        return r;
                if (r == 0)
                        return 1;
                word = expr;
                r = extract_first_word(&word, &key, "!<=>$", EXTRACT_RETAIN_SEPARATORS);
                if (r < 0)
                        return r;
                if (r == 0 || isempty(word) || !env_name_is_valid(key))
                        return -EINVAL;
                CondCompareOp op = cond_compare_op_parse(&word, COND_CMP_ALLOW_FNMATCH |
                                                                        COND_CMP_EQUAL_BY_STRING);
                if (op < 0 || isempty(word) || strchr(WHITESPACE, *word))
                        return -EINVAL;
                r = cond_version_compare(op, strv_env_get(os_release, key), word);
                if (r <= 0)
                        return r;
        }
}

int cond_memory_test(uint64_t memory, const char *parameter)
{
        const char *p = parameter;
        uint64_t k;
        CondCompareOp op = cond_compare_op_parse(&p, 0);
        int r;

        if (op < 0)
                op = COND_CMP_GREATER_OR_EQUAL;
        r = parse_size(p, 1024, &k);
        if (r < 0)
                return r;
        return test_order(memory < k ? -1 : memory > k, op);
}

int cond_cpus_test(unsigned cpus, const char *parameter)
{
        const char *p = parameter;
        unsigned k;
        CondCompareOp op = cond_compare_op_parse(&p, 0);
        int r;

        if (op < 0)
                op = COND_CMP_GREATER_OR_EQUAL;
        r = safe_atou(p, &k);
        if (r < 0)
                return r;
        return test_order(cpus < k ? -1 : cpus > k, op);
}

int cond_psi_parse(const char *parameter, char **ret_slice, unsigned *ret_limit,
                   unsigned *ret_window)
{
        _cleanup_free_ char *first = NULL, *second = NULL, *value = NULL, *span = NULL;
        const char *p = parameter, *v;
        unsigned window = 300;
        int r;

        r = extract_first_word(&p, &first, ":", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&p, &second, ":", 0);
        if (r < 0)
                return r;
        v = second ? second : first;
        r = extract_first_word(&v, &value, "/", 0);
        if (r <= 0)
                return r < 0 ? r : -EINVAL;
        r = extract_first_word(&v, &span, "/", 0);
        if (r < 0)
                return r;
        if (span) {
                const char *t = span + strspn(span, WHITESPACE);
                if (startswith(t, "10sec"))
                        window = 10;
                else if (startswith(t, "1min"))
                        window = 60;
                else if (startswith(t, "5min"))
                        window = 300;
                else
                        return -EINVAL;
        }
        r = parse_permyriad(strstrip(value));
        if (r < 0)
                return r;
        if (ret_slice) {
                *ret_slice = NULL;
                if (second) {
                        *ret_slice = strdup(strstrip(first));
                        if (!*ret_slice)
                                return -ENOMEM;
                }
        }
        *ret_limit = (unsigned) r;
        *ret_window = window;
        return 0;
}

/* cg_escape(): names that could clash with the kernel's get a '_' prefix. */
static char *cg_escape(const char *p)
{
        static const char *const controllers[] = {
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
        bool prefix = p[0] == 0 || p[0] == '_' || p[0] == '.' ||
                      strv_contains(STRV_MAKE("notify_on_release", "release_agent", "tasks"), p) ||
                      startswith(p, "cgroup.");
        const char *dot = strrchr(p, '.');

        for (size_t i = 0; !prefix && dot && i < ELEMENTSOF(controllers); i++)
                prefix = strlen(controllers[i]) == (size_t) (dot - p) &&
                         strneq(p, controllers[i], (size_t) (dot - p));
        return strjoin(prefix ? "_" : "", p);
}

int cond_slice_to_path(const char *slice, char **ret)
{
        _cleanup_free_ char *path = NULL;
        const char *prefix_end;

        if (streq(slice, "-.slice")) {
                *ret = strdup("");
                return *ret ? 0 : -ENOMEM;
        }
        if (!unit_name_is_valid(slice, false, false) || !(prefix_end = endswith(slice, ".slice")))
                return -EINVAL;
        size_t n = (size_t) (prefix_end - slice);
        if (n == 0 || slice[0] == '-')
                return -EINVAL;
        path = strdup("");
        if (!path)
                return -ENOMEM;
        for (const char *dash = memchr(slice, '-', n); dash;
             dash = memchr(dash + 1, '-', (size_t) (slice + n - dash - 1))) {
                if (dash + 1 == slice + n || dash[1] == '-')
                        return -EINVAL; /* trailing or double dash */
                _cleanup_free_ char *part = strndup(slice, (size_t) (dash - slice)), *e = NULL;
                if (!part || strextend(&part, ".slice") < 0)
                        return -ENOMEM;
                if (!unit_name_is_valid(part, false, false))
                        return -EINVAL;
                e = cg_escape(part);
                if (!e || strextend(&path, e, "/") < 0)
                        return -ENOMEM;
        }
        _cleanup_free_ char *e = cg_escape(slice);
        if (!e || strextend(&path, e) < 0)
                return -ENOMEM;
        *ret = TAKE_PTR(path);
        return 0;
}

/* "1.23" → 123 (the kernel prints two decimals). */
static int hundredths(const char *s, size_t n, unsigned *ret)
{
        unsigned v = 0, frac = 0, digits = 0;
        size_t i = 0;

        for (; i < n && is_digit(s[i]); i++) {
                if (v > 100000)
                        return -ERANGE;
                v = v * 10 + (unsigned) (s[i] - '0');
        }
        if (i == 0 || i >= n || s[i] != '.')
                return -EINVAL;
        for (i++; i < n && is_digit(s[i]) && digits < 2; i++, digits++)
                frac = frac * 10 + (unsigned) (s[i] - '0');
        if (digits != 2 || i != n)
                return -EINVAL;
        *ret = v * 100 + frac;
        return 0;
}

int cond_psi_line_parse(const char *line, unsigned ret_avg[3])
{
        static const char *const keys[3] = {"avg10=", "avg60=", "avg300="};
        const char *p = strchr(line, ' ');

        for (size_t i = 0; i < 3; i++) {
                if (!p)
                        return -EINVAL;
                p += strspn(p, " ");
                const char *v = startswith(p, keys[i]);
                if (!v)
                        return -EINVAL;
                size_t n = strcspn(v, " \n");
                int r = hundredths(v, n, &ret_avg[i]);
                if (r < 0)
                        return r;
                p = v + n;
        }
        return 0;
}

static const struct {
        const char *machine, *arch;
        bool prefix;
} uname_arch_table[] = {
        {"x86_64", "x86-64", false},
        {"i386", "x86", false},
        {"i486", "x86", false},
        {"i586", "x86", false},
        {"i686", "x86", false},
        {"aarch64_be", "arm64-be", false},
        {"aarch64", "arm64", false},
        {"armv8b", "arm-be", false},
        {"armv7b", "arm-be", false},
        {"armv6b", "arm-be", false},
        {"armv5tejb", "arm-be", false},
        {"arm", "arm", true},
        {"ppc64le", "ppc64-le", false},
        {"ppc64", "ppc64", false},
        {"ppcle", "ppc-le", false},
        {"ppc", "ppc", false},
        {"s390x", "s390x", false},
        {"s390", "s390", false},
        {"riscv64", "riscv64", false},
        {"riscv32", "riscv32", false},
        {"loongarch64", "loongarch64", false},
        {"mips64", "mips64", false},
        {"mips", "mips", false},
        {"sparc64", "sparc64", false},
        {"sparc", "sparc", false},
        {"alpha", "alpha", false},
        {"ia64", "ia64", false},
        {"m68k", "m68k", false},
        {"parisc64", "parisc64", false},
        {"parisc", "parisc", false},
};

const char *cond_architecture_from_uname(const char *machine)
{
        for (size_t i = 0; i < ELEMENTSOF(uname_arch_table); i++)
                if (uname_arch_table[i].prefix ? !!startswith(machine, uname_arch_table[i].machine)
                                               : streq(machine, uname_arch_table[i].machine))
                        return uname_arch_table[i].arch;
        return NULL;
}

bool cond_architecture_is_known(const char *name)
{
        /* systemd 252's architecture_table */
        return strv_contains(STRV_MAKE("x86", "x86-64", "ppc", "ppc-le", "ppc64", "ppc64-le",
                                       "ia64", "parisc", "parisc64", "s390", "s390x", "sparc",
                                       "sparc64", "mips", "mips-le", "mips64", "mips64-le", "alpha",
                                       "arm", "arm-be", "arm64", "arm64-be", "sh", "sh64", "m68k",
                                       "tilegx", "cris", "nios2", "riscv32", "riscv64", "arc",
                                       "arc-be", "loongarch64"),
                             name);
}
