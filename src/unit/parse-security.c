/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Security value parsers with systemd 252's merge rules (load-fragment.c): system call
 * filters, capabilities, address families, namespaces, secure bits, personality, users. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "extract-word.h"
#include "names.h"
#include "parse-helpers.h"
#include "parse-util.h"
#include "parsers.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

/* ---------------------------------------------------------------- system calls */

/* systemd's parse_errno(): an errno name, or a number 0..4095 (0 is allowed here). */
static int parse_errno_value(const char *s)
{
        int n;

        if (isempty(s))
                return -EINVAL;
        if (safe_atoi(s, &n) >= 0)
                return n >= 0 && n < 4096 ? n : -ERANGE;
        n = errno_from_name(s);
        return n > 0 ? n : -EINVAL;
}

static void syscall_filter_reset(SyscallFilter *f)
{
        f->configured = false;
        f->allow_list = false;
        memset(f->bits, 0, sizeof(f->bits));
        for (size_t i = 0; i < SYSCALL_TABLE_MAX; i++)
                f->errno_of[i] = SYSCALL_ERRNO_DEFAULT;
}

typedef struct FilterOp {
        bool invert;     /* the line started with "~" */
        bool allow_list; /* the filter's mode */
        int err;         /* -1 = none, SYSCALL_ERRNO_KILL, or an errno */
} FilterOp;

/* seccomp_parse_syscall_filter() for one resolved syscall: allow lines in allow mode and "~"
 * lines in deny mode add; "~name:errno" in allow mode keeps the call but marks the errno;
 * everything else removes. Whether a line adds depends only on the line, not on the call. */
static bool filter_op_puts(const FilterOp *op)
{
        return (!op->invert == op->allow_list) ||
               (op->invert && op->allow_list && op->err != SYSCALL_ERRNO_DEFAULT);
}

static int filter_apply(SyscallFilter *f, const char *name, const FilterOp *op)
{
        bool put = filter_op_puts(op);
        int16_t err = put ? (int16_t) op->err : SYSCALL_ERRNO_DEFAULT;
        const SyscallGroup *g;
        const uint64_t *set;
        int idx;

        if (name[0] != '@') {
                idx = syscall_from_name(name);
                if (idx < 0)
                        return -ENOENT;
                syscall_set_put(f->bits, idx, put);
                f->errno_of[idx] = err;
                return 0;
        }
        g = syscall_group_lookup(name);
        if (!g)
                return -ENOENT;
        /* The flattened set skips members unknown to our own tables, as systemd does. A word of
         * the set at a time for the bits; the errno of each member one by one. */
        set = syscall_group_set(g);
        for (size_t w = 0; w < SYSCALL_TABLE_MAX / 64; w++) {
                f->bits[w] = put ? f->bits[w] | set[w] : f->bits[w] & ~set[w];
                for (uint64_t rest = set[w]; rest; rest &= rest - 1)
                        f->errno_of[w * 64 + (size_t) __builtin_ctzll(rest)] = err;
        }
        return 0;
}

DECLARE_PARSER(config_parse_syscall_filter)
{
        bool is_log = d && d->name && streq(d->name, "SystemCallLog");
        SyscallFilter *f = is_log ? &u->exec.syscall_log : &u->exec.syscall_filter;
        const char *p = value;
        bool invert = false;
        int r;

        f->origin = origin_from_assignment(a);
        if (isempty(value)) {
                syscall_filter_reset(f);
                return 0;
        }
        if (p[0] == '~') {
                invert = true;
                p++;
        }
        if (!f->configured) {
                /* The first assignment after a reset decides the mode. */
                syscall_filter_reset(f);
                f->configured = true;
                f->allow_list = !invert;
                if (f->allow_list && !is_log) {
                        FilterOp def = {
                                .invert = false, .allow_list = true, .err = SYSCALL_ERRNO_DEFAULT};
                        (void) filter_apply(f, "@default", &def);
                }
        }

        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *name;
                char *colon;
                FilterOp op = {.invert = invert,
                               .allow_list = f->allow_list,
                               .err = SYSCALL_ERRNO_DEFAULT};

                r = next_word(&p, &word, NULL, 0, diags, d, a, value);
                if (r <= 0)
                        return r;

                name = word;
                colon = is_log ? NULL : strchr(word, ':');
                if (colon) {
                        *colon = '\0';
                        if (streq(colon + 1, "kill"))
                                op.err = SYSCALL_ERRNO_KILL;
                        else {
                                int e = parse_errno_value(colon + 1);
                                if (e < 0) {
                                        *colon = ':';
                                        r = invalid_value(diags, a,
                                                          "%s=: invalid error number in \"%s\", "
                                                          "ignoring the word",
                                                          dname(d, a), word);
                                        if (r < 0)
                                                return r;
                                        continue;
                                }
                                op.err = e;
                        }
                }
                if (isempty(name)) {
                        if (colon)
                                *colon = ':';
                        r = invalid_value(diags, a,
                                          "%s=: empty system call name in \"%s\", ignoring",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (!invert && op.err != SYSCALL_ERRNO_DEFAULT) {
                        *colon = ':';
                        r = invalid_value(diags, a,
                                          "%s=: allow-listed system calls cannot take an error "
                                          "number, ignoring: %s",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }

                /* A group newer than the emulated systemd version is unknown to it. */
                if (name[0] == '@' && syscall_group_lookup(name) &&
                    syscall_group_lookup(name)->since >
                            (u->systemd_version ? u->systemd_version : 252)) {
                        r = value_diag(diags, a, "unknown-syscall", DIAG_WARNING,
                                       "%s=: system call group \"%s\" is unknown to systemd %u "
                                       "(since %u), ignoring",
                                       dname(d, a), name, u->systemd_version,
                                       syscall_group_lookup(name)->since);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (filter_apply(f, name, &op) < 0) {
                        r = value_diag(diags, a, "unknown-syscall", DIAG_WARNING,
                                       "%s=: unknown system call %s \"%s\", ignoring", dname(d, a),
                                       name[0] == '@' ? "group" : "name", name);
                        if (r < 0)
                                return r;
                }
        }
}

DECLARE_PARSER(config_parse_syscall_errno)
{
        int e;

        u->exec.syscall_error_number_origin = origin_from_assignment(a);
        if (isempty(value)) {
                u->exec.syscall_error_number = 0; /* back to the default: kill */
                return 0;
        }
        if (streq(value, "kill")) {
                u->exec.syscall_error_number = SYSCALL_ERRNO_KILL;
                return 0;
        }
        e = parse_errno_value(value);
        if (e <= 0)
                return invalid_value(diags, a, "%s=: invalid error number \"%s\", ignoring",
                                     dname(d, a), value);
        u->exec.syscall_error_number = e;
        return 0;
}

DECLARE_PARSER(config_parse_syscall_archs)
{
        StrvWithOrigin *archs = &u->exec.syscall_architectures;
        Origin o = origin_from_assignment(a);
        const char *p = value;
        int r;

        if (isempty(value)) {
                strv_with_origin_reset(archs);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        return r;
                if (!seccomp_arch_is_valid(word)) {
                        r = invalid_value(diags, a,
                                          "%s=: unknown system call architecture \"%s\", ignoring",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (strv_contains(archs->strv, word)) /* a set in systemd */
                        continue;
                if (strv_length(archs->strv) >= 64)
                        return invalid_value(diags, a, "%s=: too many architectures", dname(d, a));
                r = strv_with_origin_add(archs, word, o);
                if (r < 0)
                        return r;
        }
}

/* ---------------------------------------------------------------- capabilities */

DECLARE_PARSER(config_parse_capability_set)
{
        bool bounding = !(d && d->name && streq(d->name, "AmbientCapabilities"));
        uint64_t *set = bounding ? &u->exec.capability_bounding_set : &u->exec.ambient_capabilities;
        uint64_t initial = bounding ? CAP_MASK_ALL : 0, sum = 0;
        const char *p = value;
        bool invert = false, high_ones;
        int r;

        if (p[0] == '~') {
                invert = true;
                p++;
        }
        /* capability_set_from_string(): unknown names are skipped, a syntax error ends the list
         * but keeps what was parsed. */
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int c;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        break;
                c = capability_from_name(word);
                if (c < 0 || c > CAP_LAST_KNOWN) {
                        r = invalid_value(diags, a, "%s=: unknown capability \"%s\", ignoring",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }
                sum |= UINT64_C(1) << c;
        }

        /* "", "~" or a set still at its initial value: replace; otherwise merge. systemd compares
         * all 64 bits, so the bits above CAP_LAST_KNOWN (all set after a replacing "~" line,
         * and initially for the bounding set) take part in "still at its initial value". */
        high_ones = bounding ? !u->exec.capability_bounding_set_explicit_list
                             : u->exec.ambient_capabilities_inverted;
        if (sum == 0 || (*set == initial && high_ones == bounding)) {
                *set = (invert ? ~sum : sum) & CAP_MASK_ALL;
                if (bounding)
                        u->exec.capability_bounding_set_explicit_list = !invert;
                else
                        u->exec.ambient_capabilities_inverted = invert;
        } else if (invert)
                *set &= ~sum;
        else
                *set |= sum;

        if (bounding)
                u->exec.capability_bounding_set_origin = origin_from_assignment(a);
        else
                u->exec.ambient_capabilities_origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- address families */

DECLARE_PARSER(config_parse_address_families)
{
        AddressFamilies *af = &u->exec.restrict_address_families;
        const char *p = value;
        bool invert = false;
        int r;

        af->origin = origin_from_assignment(a);
        if (isempty(value)) {
                *af = (AddressFamilies){.origin = af->origin};
                return 0;
        }
        if (streq(value, "none")) {
                /* An empty allow list; the next assignment starts a new list. */
                *af = (AddressFamilies){.allow_list = true, .origin = af->origin};
                return 0;
        }
        if (p[0] == '~') {
                invert = true;
                p++;
        }
        if (!af->configured) {
                af->configured = true;
                af->families = 0;
                af->allow_list = !invert;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                int n;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        return r;
                n = af_from_name(word);
                if (n < 0 || n >= 64) {
                        r = invalid_value(diags, a, "%s=: unknown address family \"%s\", ignoring",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (!invert == af->allow_list)
                        af->families |= UINT64_C(1) << n;
                else
                        af->families &= ~(UINT64_C(1) << n);
        }
}

/* ---------------------------------------------------------------- namespaces */

DECLARE_PARSER(config_parse_restrict_namespaces)
{
        unsigned long flags = 0;
        const char *p = value;
        bool invert = false;
        int r;

        if (isempty(value)) {
                u->exec.restrict_namespaces = NAMESPACE_FLAGS_ALL;
                u->exec.restrict_namespaces_set = false;
                u->exec.restrict_namespaces_origin = origin_from_assignment(a);
                return 0;
        }
        /* A boolean replaces whatever was there. */
        r = parse_boolean(value);
        if (r >= 0) {
                u->exec.restrict_namespaces = r ? 0 : NAMESPACE_FLAGS_ALL;
                u->exec.restrict_namespaces_set = true;
                u->exec.restrict_namespaces_origin = origin_from_assignment(a);
                return 0;
        }
        if (p[0] == '~') {
                invert = true;
                p++;
        }
        /* namespace_flags_from_string(): one unknown word invalidates the whole line. */
        for (;;) {
                _cleanup_free_ char *word = NULL;
                unsigned long f;

                r = extract_first_word(&p, &word, NULL, 0);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return invalid_value(diags, a, "%s=: invalid syntax, ignoring: %s",
                                             dname(d, a), value);
                if (r == 0)
                        break;
                f = namespace_flag_from_name(word);
                if (f == 0)
                        return invalid_value(
                                diags, a, "%s=: unknown namespace type \"%s\", ignoring the line",
                                dname(d, a), word);
                flags |= f;
        }

        if (!u->exec.restrict_namespaces_set)
                u->exec.restrict_namespaces = invert ? (~flags & NAMESPACE_FLAGS_ALL) : flags;
        else if (invert)
                u->exec.restrict_namespaces &= ~flags;
        else
                u->exec.restrict_namespaces |= flags;
        u->exec.restrict_namespaces_set = true;
        u->exec.restrict_namespaces_origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- file systems */

/* The file system groups systemd 252 knows (filesystems.c). */
static const char *const filesystem_groups[] = {
        "@anonymous",      "@application",      "@auxiliary-api", "@basic-api",
        "@common-block",   "@historical-block", "@known",         "@network",
        "@privileged-api", "@security",         "@temporary",
};

DECLARE_PARSER(config_parse_restrict_filesystems)
{
        StrvWithOrigin *l = &u->exec.restrict_filesystems;
        _cleanup_free_ char *entry = NULL;
        const char *p = value;
        bool any = false;
        int r;

        if (isempty(value)) {
                strv_with_origin_reset(l);
                return 0;
        }
        /* Entries are kept raw, one per line with its "~"; words systemd would ignore (unknown
         * @groups) and names that cannot be file system types are dropped with a diagnostic. */
        entry = strdup(p[0] == '~' ? "~" : "");
        if (!entry)
                return -ENOMEM;
        if (p[0] == '~')
                p++;
        for (;;) {
                _cleanup_free_ char *word = NULL;
                bool ok;

                r = next_word(&p, &word, NULL, EXTRACT_UNQUOTE, diags, d, a, value);
                if (r <= 0)
                        break;
                if (word[0] == '@') {
                        ok = false;
                        for (size_t i = 0; i < ELEMENTSOF(filesystem_groups); i++)
                                ok = ok || streq(word, filesystem_groups[i]);
                } else
                        ok = in_charset(word, LOWERCASE_LETTERS DIGITS "_.-");
                if (!ok) {
                        r = invalid_value(diags, a, "%s=: unknown file system %s \"%s\", ignoring",
                                          dname(d, a), word[0] == '@' ? "group" : "type", word);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (strextend(&entry, any ? " " : "", word) < 0)
                        return -ENOMEM;
                any = true;
        }
        if (!any)
                return 0;
        if (strv_length(l->strv) >= UNIT_LIST_MAX)
                return invalid_value(diags, a, "%s=: too many entries", dname(d, a));
        return strv_with_origin_add(l, entry, origin_from_assignment(a));
}

/* ---------------------------------------------------------------- secure bits */

static const char *const secure_bit_names[] = {
        /* bit numbers of <linux/securebits.h> */
        [0] = "noroot",          [1] = "noroot-locked",
        [2] = "no-setuid-fixup", [3] = "no-setuid-fixup-locked",
        [4] = "keep-caps",       [5] = "keep-caps-locked",
};

DECLARE_PARSER(config_parse_secure_bits)
{
        const char *p = value;
        int bits = 0, r;

        /* systemd 252 replaces the value with each assignment (DEFINE_CONFIG_PARSE); unknown
         * words are skipped, "" gives 0. */
        for (;;) {
                _cleanup_free_ char *word = NULL;
                bool found = false;

                r = extract_first_word(&p, &word, NULL, EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return r;
                if (r <= 0)
                        break;
                for (size_t i = 0; i < ELEMENTSOF(secure_bit_names); i++)
                        if (streq(word, secure_bit_names[i])) {
                                bits |= 1 << i;
                                found = true;
                        }
                if (!found) {
                        r = invalid_value(diags, a, "%s=: unknown secure bit \"%s\", ignoring",
                                          dname(d, a), word);
                        if (r < 0)
                                return r;
                }
        }
        u->exec.secure_bits = bits;
        u->exec.secure_bits_origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- personality */

/* systemd's architecture names; on x86-64 only the native ("x86-64") and the secondary
 * ("x86") architecture are valid personalities. */
static const char *const architecture_names[] = {
        "x86",      "x86-64",   "ppc",       "ppc-le", "ppc64",       "ppc64-le", "ia64",
        "parisc",   "parisc64", "s390",      "s390x",  "sparc",       "sparc64",  "mips",
        "mips-le",  "mips64",   "mips64-le", "alpha",  "arm",         "arm-be",   "arm64",
        "arm64-be", "sh",       "sh64",      "m68k",   "tilegx",      "cris",     "nios2",
        "riscv32",  "riscv64",  "arc",       "arc-be", "loongarch64",
};

DECLARE_PARSER(config_parse_personality)
{
        StringSetting *s = &u->exec.personality;
        bool known = false;
        char *v;

        if (isempty(value)) {
                s->value = mfree(s->value);
                s->origin = origin_from_assignment(a);
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(architecture_names); i++)
                if (streq(value, architecture_names[i]))
                        known = true;
        if (!known)
                return invalid_value(diags, a, "%s=: unknown personality \"%s\", ignoring",
                                     dname(d, a), value);
        if (!streq(value, "x86-64") && !streq(value, "x86"))
                return invalid_value(diags, a,
                                     "%s=: personality \"%s\" is not supported on x86-64, ignoring",
                                     dname(d, a), value);
        v = strdup(value);
        if (!v)
                return -ENOMEM;
        free(s->value);
        s->value = v;
        s->origin = origin_from_assignment(a);
        return 0;
}

/* ---------------------------------------------------------------- users and groups */

/* systemd's valid_user_group_name(VALID_USER_ALLOW_NUMERIC|VALID_USER_RELAX). Returns 1 if
 * valid, -1 if systemd rejects it (the unit fails to load), and 0 for names systemd accepts but
 * that are easily mistaken for numeric ids ("0day", "0x10", "1e3": CVE-2017-1000082). */
static int user_group_name_check(const char *s, const char **ret_why)
{
        uid_t uid;

        if (isempty(s)) {
                *ret_why = "empty name";
                return -1;
        }
        if (in_charset(s, DIGITS)) {
                if (parse_uid(s, &uid) < 0) {
                        *ret_why = "not a valid numeric id";
                        return -1;
                }
                return 1;
        }
        if (s[0] == '-' && in_charset(s + 1, DIGITS)) {
                *ret_why = "negative numeric id";
                return -1;
        }
        if (s[0] == ' ' || endswith(s, " ")) {
                *ret_why = "leading or trailing whitespace";
                return -1;
        }
        if (!utf8_is_valid(s)) {
                *ret_why = "invalid UTF-8";
                return -1;
        }
        for (const char *c = s; *c; c++)
                if ((unsigned char) *c < ' ' || *c == 127) {
                        *ret_why = "control characters";
                        return -1;
                }
        if (strpbrk(s, ":/")) {
                *ret_why = "contains ':' or '/'";
                return -1;
        }
        if (streq(s, ".") || streq(s, "..")) {
                *ret_why = "\".\" or \"..\"";
                return -1;
        }
        if (strchr(DIGITS "-", s[0])) {
                *ret_why = "a name that looks like a number; systemd takes it as a user name";
                return 0;
        }
        return 1;
}

DECLARE_PARSER(config_parse_user_group)
{
        bool is_group = d && d->name && streq(d->name, "Group");
        StringSetting *s = is_group ? &u->exec.group : &u->exec.user;
        const char *why = NULL;
        char *v;
        int r;

        /* Only a value empty as written resets; one whose specifiers expand to nothing (User=%i
         * outside a template) is an invalid name to systemd, which then refuses the unit. */
        if (isempty(value) && (!a || isempty(a->value))) {
                s->value = mfree(s->value);
                s->origin = origin_from_assignment(a);
                return 0;
        }
        /* Names systemd refuses (it then refuses the unit): an error, and the setting stays as
         * it was, never silently falling back to root. Names systemd accepts but that look
         * numeric: kept as systemd keeps them (scoring sees what systemd sees), with an error
         * so that nothing runs under them. */
        r = user_group_name_check(value, &why);
        if (r < 0)
                u->bad_setting = true; /* -ENOEXEC in systemd */
        if (r <= 0) {
                int q = value_diag(diags, a, "invalid-value", DIAG_ERROR,
                                   "%s=: %s user/group name or numeric ID \"%s\" (%s)", dname(d, a),
                                   r < 0 ? "invalid" : "ambiguous", value, why);
                if (q < 0 || r < 0)
                        return q;
        }
        v = strdup(value);
        if (!v)
                return -ENOMEM;
        free(s->value);
        s->value = v;
        s->origin = origin_from_assignment(a);
        return 0;
}

DECLARE_PARSER(config_parse_supplementary_groups)
{
        StrvWithOrigin *l = &u->exec.supplementary_groups;
        Origin o = origin_from_assignment(a);
        bool per_word;
        const char *p = split_source(d, a, value, &per_word);
        int r;

        if (isempty(p)) {
                strv_with_origin_reset(l);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *why = NULL;
                int q;

                r = extract_first_word(&p, &word, NULL, 0);
                if (r == -ENOMEM)
                        return r;
                if (r < 0) {
                        u->bad_setting = true;
                        return value_diag(diags, a, "invalid-value", DIAG_ERROR,
                                          "%s=: invalid syntax: %s", dname(d, a), value);
                }
                if (r == 0)
                        return 0;
                r = part_expand(u, a, per_word, &word);
                if (r < 0)
                        return r;
                q = user_group_name_check(word, &why);
                if (q < 0)
                        u->bad_setting = true;
                if (q <= 0) {
                        r = value_diag(diags, a, "invalid-value", DIAG_ERROR,
                                       "%s=: %s group name or numeric ID \"%s\" (%s)", dname(d, a),
                                       q < 0 ? "invalid" : "ambiguous", word, why);
                        if (r < 0)
                                return r;
                        if (q < 0)
                                continue;
                }
                if (strv_length(l->strv) >= 65536) /* NGROUPS_MAX */
                        return value_diag(diags, a, "invalid-value", DIAG_ERROR,
                                          "%s=: too many groups", dname(d, a));
                r = strv_with_origin_add(l, word, o);
                if (r < 0)
                        return r;
        }
}
