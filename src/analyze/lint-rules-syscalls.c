/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SystemCallFilter= traps, replayed assignment by assignment with systemd 252's merge rules:
 * the first assignment after a reset decides allow vs deny list (an allow list starts from
 * @default); later words are added when their '~' matches the list type and removed
 * otherwise (seccomp_parse_syscall_filter()). Also unknown names in deny lists. */
#include <stdlib.h>
#include <string.h>

#include "lint-internal.h"
#include "names.h"
#include "strbuf.h"
#include "string-util.h"

#define WORDS (SYSCALL_TABLE_MAX / 64)

typedef struct SyscallReplay {
        bool configured, allow_list;
        uint64_t bits[WORDS];
        uint64_t errno_bits[WORDS]; /* allow-list entries "~name:errno": denied with an errno */
        const Assignment *first;    /* assignment that decided the list type */
        const Assignment *system_service; /* last allow-list assignment naming @system-service */
        uint64_t named[WORDS]; /* allowed by name or by a group other than @system-service */
} SyscallReplay;

static int group_count(void)
{
        size_t n;
        (void) syscall_groups(&n);
        return (int) n;
}

static const char *group_at(int i)
{
        size_t n;
        const SyscallGroup *g = syscall_groups(&n);
        return i >= 0 && (size_t) i < n ? g[i].name : NULL;
}

static size_t set_count(const uint64_t *bits)
{
        size_t n = 0;
        for (size_t i = 0; i < WORDS; i++)
                n += (size_t) __builtin_popcountll(bits[i]);
        return n;
}

/* "chown, setuid, …", with " (37 in all)" when with_total. */
static void set_examples(const uint64_t *bits, bool with_total, StrBuf *out)
{
        size_t shown = 0, total = set_count(bits);
        int n = syscall_table_size();

        for (int i = 0; i < n && i < SYSCALL_TABLE_MAX && shown < 6; i++)
                if (syscall_set_test(bits, i)) {
                        strbuf_printf(out, "%s%s", shown ? ", " : "", syscall_name(i));
                        shown++;
                }
        if (total > shown)
                strbuf_puts(out, ", …");
        if (total > shown && with_total)
                strbuf_printf(out, " (%zu in all)", total);
}

/* A plain assignment after a '~' one: report what it took out of the deny list. */
static int report_shrink(LintContext *c, const SyscallReplay *s, const Assignment *a,
                         const uint64_t *removed)
{
        _cleanup_free_ char *fix = NULL, *where = NULL;
        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;
        size_t n = set_count(removed);

        if (n > 0) {
                strbuf_printf(&m, "it removes %zu system calls from that deny list: ", n);
                set_examples(removed, false, &m);
        } else
                strbuf_puts(&m, "it has no effect");
        if (m.oom)
                return -ENOMEM;
        fix = strjoin("SystemCallFilter=", a->value, " (before the '~' line)");
        if (!fix)
                return -ENOMEM;
        where = lint_where(s->first, a);
        if (!where)
                return -ENOMEM;
        return lint_emit(c, a, 1, "syscall-filter-shrinks-deny-list", fix,
                         "SystemCallFilter=%s is not an allow list: the '~' assignment on %s "
                         "made this a deny list, so %s",
                         a->value, where, strbuf_str(&m));
}

static int replay_assignment(LintContext *c, SyscallReplay *s, const Assignment *a)
{
        const char *v = a->value, *p;
        bool invert = false;
        uint64_t removed[WORDS] = {0};
        int r;

        if (isempty(v)) {
                *s = (SyscallReplay){0};
                return 0;
        }
        if (v[0] == '~') {
                invert = true;
                v++;
        }
        if (!s->configured) {
                s->configured = true;
                s->allow_list = !invert;
                s->first = a;
                if (s->allow_list)
                        (void) syscall_set_add(s->bits, "@default");
        }

        p = v;
        for (;;) {
                _cleanup_free_ char *word = NULL;
                uint64_t tmp[WORDS] = {0};
                unsigned col;
                char *colon;
                bool has_errno, add;

                r = lint_next_word(&p, a->value, a->column, &word, &col);
                if (r < 0)
                        return r;
                if (r == 0)
                        break;
                colon = strchr(word, ':');
                has_errno = colon != NULL;
                if (colon)
                        *colon = '\0';
                if (syscall_set_add(tmp, word) < 0) {
                        /* A typo in a name meant to be denied leaves the call allowed. */
                        if (invert) {
                                const char *fix =
                                        word[0] == '@'
                                                ? lint_closest_name(word, group_count(), group_at,
                                                                    false)
                                                : lint_closest_name(word, syscall_table_size(),
                                                                    syscall_name, false);
                                r = lint_emit(c, a, col, "deny-list-unknown-name", fix,
                                              "Unknown system call %s '%s' in a '~' list; "
                                              "systemd ignores it, so it is not denied",
                                              word[0] == '@' ? "group" : "name", word);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }
                if (!invert && s->allow_list && streq(word, "@system-service"))
                        s->system_service = a;
                else if (!invert && s->allow_list)
                        for (size_t i = 0; i < WORDS; i++)
                                s->named[i] |= tmp[i];
                add = (!invert == s->allow_list) || (invert && s->allow_list && has_errno);
                for (size_t i = 0; i < WORDS; i++) {
                        if (add) {
                                /* Adding again updates the entry's errno (hashmap_update()). */
                                s->bits[i] |= tmp[i];
                                if (invert && s->allow_list)
                                        s->errno_bits[i] |= tmp[i];
                                else
                                        s->errno_bits[i] &= ~tmp[i];
                        } else {
                                if (!s->allow_list)
                                        removed[i] |= s->bits[i] & tmp[i];
                                s->bits[i] &= ~tmp[i];
                                s->errno_bits[i] &= ~tmp[i];
                        }
                }
        }

        if (!s->allow_list && !invert)
                return report_shrink(c, s, a, removed);
        return 0;
}

static int check_privileged(LintContext *c, const SyscallReplay *s)
{
        uint64_t risky[WORDS] = {0}, needed[WORDS];
        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT, n = STRBUF_INIT;

        if (!s->configured || !s->allow_list || !s->system_service)
                return 0;
        (void) syscall_set_add(risky, "@privileged");
        (void) syscall_set_add(risky, "@resources");
        /* Calls the unit allows on purpose (by name or another group, e.g. @clock) are not what
         * @system-service let in by the way. */
        for (size_t i = 0; i < WORDS; i++) {
                risky[i] &= s->bits[i] & ~s->errno_bits[i];
                needed[i] = risky[i] & s->named[i];
                risky[i] &= ~s->named[i];
        }
        if (set_count(risky) == 0)
                return 0;
        set_examples(risky, true, &m);
        if (set_count(needed) > 0) {
                /* "~@privileged" would remove those too: they must be allowed again after it. */
                strbuf_puts(&n, ", then allow again on a later line what the service needs (");
                set_examples(needed, false, &n);
                strbuf_puts(&n, ")");
        }
        if (m.oom || n.oom)
                return -ENOMEM;
        return lint_emit(c, s->system_service, 1, "syscall-filter-allows-privileged",
                         "SystemCallFilter=~@privileged @resources",
                         "The @system-service allow list still permits calls from @privileged "
                         "and @resources: %s; add SystemCallFilter=~@privileged @resources after "
                         "it%s",
                         strbuf_str(&m), strbuf_str(&n));
}

#if defined(__x86_64__)
#define NATIVE_ARCH "x86-64"
#elif defined(__aarch64__)
#define NATIVE_ARCH "arm64"
#elif defined(__i386__)
#define NATIVE_ARCH "x86"
#else
#define NATIVE_ARCH "native"
#endif

static int check_archs(LintContext *c, const SyscallReplay *s)
{
        const Unit *u = c->u;
        bool any = false, foreign = false;

        if (!s->configured)
                return 0;
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p;

                if (!lint_is(a, "SystemCallArchitectures"))
                        continue;
                if (isempty(a->value)) {
                        any = foreign = false;
                        continue;
                }
                p = a->value;
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        int r = lint_next_word(&p, a->value, a->column, &w, NULL);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        any = true;
                        if (!streq(w, "native") && !streq(w, NATIVE_ARCH))
                                foreign = true;
                }
        }
        if (any && !foreign)
                return 0;
        return lint_emit(c, s->first, 1, "syscall-filter-foreign-abi",
                         "SystemCallArchitectures=native",
                         "SystemCallFilter= without SystemCallArchitectures=native: %s",
                         any ? "the other listed ABIs stay callable, and on them multiplexed "
                               "calls (socketcall, ipc) reach what the filter names individually"
                             : "32-bit and x32 system calls stay callable, and multiplexed calls "
                               "there (socketcall, ipc) reach what the filter names individually");
}

static int check_address_families(LintContext *c)
{
        const Unit *u = c->u;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p;

                if (!lint_is(a, "RestrictAddressFamilies") || !a->value || a->value[0] != '~')
                        continue;
                p = a->value + 1;
                for (;;) {
                        _cleanup_free_ char *w = NULL;
                        unsigned col;
                        int r = lint_next_word(&p, a->value, a->column, &w, &col);
                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        if (af_from_name(w) >= 0)
                                continue;
                        r = lint_emit(c, a, col, "deny-list-unknown-name",
                                      lint_closest_name(w, af_max() + 1, af_to_name, false),
                                      "Unknown address family '%s' in a '~' list; systemd "
                                      "ignores it, so it is not denied",
                                      w);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* An allow list starts from @default only, which lacks read(2), close(2), … : without them the
 * dynamic loader and any I/O fail at once (killed with SIGSYS, or the errno). */
static int check_too_narrow(LintContext *c, const SyscallReplay *s)
{
        static const char *const essential[] = {"read", "write", "close", "openat"};
        _cleanup_(strbuf_done) StrBuf m = STRBUF_INIT;

        if (!s->configured || !s->allow_list)
                return 0;
        for (size_t i = 0; i < ELEMENTSOF(essential); i++) {
                int idx = syscall_from_name(essential[i]);

                if (idx < 0 || idx >= SYSCALL_TABLE_MAX)
                        continue;
                if (syscall_set_test(s->bits, idx) && !syscall_set_test(s->errno_bits, idx))
                        continue;
                strbuf_printf(&m, "%s%s", m.len ? ", " : "", essential[i]);
        }
        if (m.oom)
                return -ENOMEM;
        if (m.len == 0)
                return 0;
        return lint_emit(c, s->first, 1, "syscall-filter-allow-list-too-narrow",
                         "SystemCallFilter=@system-service",
                         "The SystemCallFilter= allow list does not permit %s; nearly every "
                         "program (and the dynamic loader) needs them, so the service fails at "
                         "start",
                         strbuf_str(&m));
}

/* SystemCallErrorNumber= only changes the action of a SystemCallFilter=. */
static int check_errno_without_filter(LintContext *c)
{
        const ExecSettings *e = &c->u->exec;

        if (!e->syscall_error_number_origin.file || e->syscall_filter.configured)
                return 0;
        return lint_emit_origin(c, &e->syscall_error_number_origin, "syscall-errno-without-filter",
                                "SystemCallFilter=~@privileged",
                                "SystemCallErrorNumber= has no effect without a "
                                "SystemCallFilter=");
}

int lint_rules_syscalls(LintContext *c)
{
        const Unit *u = c->u;
        SyscallReplay s = {0};
        int r;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];

                if (!lint_is(a, "SystemCallFilter"))
                        continue;
                r = replay_assignment(c, &s, a);
                if (r < 0)
                        return r;
        }
        r = check_privileged(c, &s);
        if (r < 0)
                return r;
        r = check_archs(c, &s);
        if (r < 0)
                return r;
        r = check_errno_without_filter(c);
        if (r < 0)
                return r;
        r = check_too_narrow(c, &s);
        if (r < 0)
                return r;
        return check_address_families(c);
}
