/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract-word.h"
#include "lint-internal.h"
#include "string-util.h"

/* The one rule table: --list-rules, SARIF's tool.driver.rules and the man page come from here.
 * Ids are stable; never rename one, add a new id instead. */
static const LintRule rules[] = {
        /* ---- reported by the parser (unit_load) ---- */
        {"syntax", DIAG_WARNING, LINT_RULE_PARSER,
         "Line that is not a section, comment or Key=Value",
         "systemd logs \"Invalid syntax\" or \"Missing '='\" and skips the line, so the setting on "
         "it never takes effect. Reported as an error where systemd refuses the whole file."},
        {"nul-byte", DIAG_ERROR, LINT_RULE_PARSER, "File contains a NUL byte",
         "systemd refuses to load unit files that contain NUL bytes."},
        {"invalid-utf8", DIAG_ERROR, LINT_RULE_PARSER, "File is not valid UTF-8",
         "systemd refuses lines that are not valid UTF-8."},
        {"line-too-long", DIAG_ERROR, LINT_RULE_PARSER, "Logical line exceeds the length limit",
         "systemd refuses lines (after joining continuations) longer than its limit."},
        {"file-too-large", DIAG_ERROR, LINT_RULE_PARSER, "Unit file exceeds the size limit",
         "Unit files larger than the limit are not read at all."},
        {"unknown-section", DIAG_WARNING, LINT_RULE_PARSER, "Unknown [Section]",
         "systemd ignores sections it does not know (sections starting with X- are reserved for "
         "extensions and ignored silently). Every setting in it is lost."},
        {"unknown-directive", DIAG_WARNING, LINT_RULE_PARSER, "Unknown or misspelled directive",
         "Keys are case-sensitive. systemd logs \"Unknown key\" and ignores the line, so a typo "
         "in a hardening directive silently leaves the service unprotected. The fix names the "
         "closest known directive."},
        {"wrong-section", DIAG_WARNING, LINT_RULE_PARSER, "Directive placed in the wrong section",
         "The directive exists, but in another section; systemd ignores it where it is."},
        {"unknown-specifier", DIAG_WARNING, LINT_RULE_PARSER, "Unknown %-specifier",
         "systemd fails to resolve the specifier and ignores the whole assignment."},
        {"invalid-value", DIAG_WARNING, LINT_RULE_PARSER, "Value that systemd cannot parse",
         "systemd logs \"Failed to parse\" and ignores the assignment, or for lists parsed word "
         "by word keeps the words before the bad one. The message names the offending word."},
        {"unknown-syscall", DIAG_WARNING, LINT_RULE_PARSER, "Unknown system call or @group",
         "systemd ignores unknown system call names in SystemCallFilter= and related lists."},

        /* ---- versions ---- */
        {"too-new", DIAG_WARNING, LINT_RULE_LINT,
         "Directive or value newer than the target systemd version",
         "The directive (or this value of it) was introduced after the systemd version checked "
         "against (--systemd-version, default 252). That version ignores the assignment, so "
         "the protection it asks for is not applied."},
        {"removed", DIAG_WARNING, LINT_RULE_LINT, "Directive removed in the target version",
         "systemd no longer knows the directive and ignores it."},
        {"deprecated", DIAG_WARNING, LINT_RULE_LINT, "Deprecated directive",
         "The directive still works but is deprecated; the fix names its replacement."},
        {"duplicate-assignment", DIAG_WARNING, LINT_RULE_LINT,
         "Single-valued directive assigned twice in one file",
         "For directives that hold one value the last assignment wins, so the earlier line in "
         "the same file is dead. Usually a merge accident; remove one of them."},

        /* ---- service semantics ---- */
        {"missing-exec-start", DIAG_ERROR, LINT_RULE_LINT, "Service without ExecStart=",
         "systemd refuses to load a service without ExecStart= unless it is Type=oneshot with "
         "ExecStop= or SuccessAction= (and RemainAfterExit=yes or SuccessAction=)."},
        {"multiple-exec-start", DIAG_ERROR, LINT_RULE_LINT,
         "More than one ExecStart= for a service that is not Type=oneshot",
         "systemd refuses to load the unit: only Type=oneshot services may have several "
         "ExecStart= commands."},
        {"oneshot-restart", DIAG_ERROR, LINT_RULE_LINT,
         "Type=oneshot with Restart=always or on-success",
         "systemd refuses to load a oneshot service that restarts on success."},
        {"forking-without-pidfile", DIAG_INFO, LINT_RULE_LINT, "Type=forking without PIDFile=",
         "systemd has to guess the main process (GuessMainPID=), which can pick the wrong "
         "process; give PIDFile= or avoid forking (Type=exec/notify)."},
        {"kill-mode-none", DIAG_WARNING, LINT_RULE_LINT, "KillMode=none",
         "Processes survive the stop of the service and escape its resource control; systemd "
         "warns that this mode is unsafe and deprecated."},

        /* ---- commands ---- */
        {"exec-prefix-full-privileges", DIAG_WARNING, LINT_RULE_LINT,
         "Command with the '+' prefix runs outside the sandbox",
         "A '+' command runs with full privileges: no User=, no namespaces (ProtectSystem=, "
         "PrivateTmp=, ...), no capability or system call restrictions."},
        {"exec-prefix-no-setuid", DIAG_WARNING, LINT_RULE_LINT,
         "Command with the '!' or '!!' prefix keeps root",
         "'!' skips the switch to User=/Group= (the command runs as root, with the rest of the "
         "sandbox); '!!' does so only on systems without ambient capabilities and is ignored "
         "since systemd 258. Reported as info when the service has no user to switch to."},
        {"exec-shell-syntax", DIAG_WARNING, LINT_RULE_LINT,
         "Shell operator in a command that no shell runs",
         "systemd splits the command line itself and passes '>', '|', '&&', '2>&1', $(...) etc. to "
         "the program as plain arguments. Use StandardOutput=/StandardError= for redirections or "
         "run the line with /bin/sh -c."},
        {"relative-exec-path", DIAG_INFO, LINT_RULE_LINT, "Command path is not absolute",
         "A bare name is looked up in systemd's fixed search path (or ExecSearchPath=), so "
         "which binary runs depends on the host (info). A relative path with '/' makes systemd "
         "refuse the unit (reported as an error)."},

        /* ---- environment and files ---- */
        {"secret-in-environment", DIAG_WARNING, LINT_RULE_LINT,
         "Secret-looking value in Environment=",
         "Environment= values are visible to every local user via the D-Bus API and systemctl "
         "show, and are inherited by child processes. Pass secrets with LoadCredential= or "
         "SetCredentialEncrypted= instead."},
        {"environment-no-expansion", DIAG_WARNING, LINT_RULE_LINT,
         "Variable reference in Environment=",
         "systemd does not expand $VARIABLES in Environment= values (only %-specifiers), so "
         "Environment=PATH=/opt/bin:$PATH sets PATH to the literal text."},
        {"umask-world-writable", DIAG_WARNING, LINT_RULE_LINT,
         "UMask= lets the service create world-writable files",
         "A umask without the 'others write' bit (0002) makes new files and directories "
         "writable by every user."},

        /* ---- system calls ---- */
        {"syscall-filter-shrinks-deny-list", DIAG_WARNING, LINT_RULE_LINT,
         "SystemCallFilter= allow entries after a deny list remove calls from it",
         "The first SystemCallFilter= assignment decides the list type. After a '~' deny list, "
         "a later assignment without '~' is not an allow list: it removes the named calls from "
         "the deny list, silently weakening it. Write the allow list first and the '~' line "
         "after it."},
        {"syscall-filter-allows-privileged", DIAG_WARNING, LINT_RULE_LINT,
         "@system-service allow list still permits @privileged/@resources calls",
         "@system-service includes calls from @privileged and @resources (chown, setuid, "
         "setrlimit, ...). Follow it with SystemCallFilter=~@privileged @resources, as "
         "systemd.exec(5) recommends."},
        {"syscall-filter-foreign-abi", DIAG_WARNING, LINT_RULE_LINT,
         "SystemCallFilter= without SystemCallArchitectures=native",
         "Other ABIs (x86 32-bit, x32) stay callable; on them multiplexed calls such as "
         "socketcall(2) and ipc(2) reach operations the filter names individually, so the "
         "filter can be bypassed."},
        {"syscall-filter-allow-list-too-narrow", DIAG_WARNING, LINT_RULE_LINT,
         "SystemCallFilter= allow list without read/write/close/openat",
         "An allow list starts from @default only, which lacks the basic I/O calls; without "
         "read(2), write(2), close(2) and openat(2) the dynamic loader and nearly every program "
         "fail at once. Start from @system-service (or add @basic-io @file-system)."},
        {"syscall-errno-without-filter", DIAG_WARNING, LINT_RULE_LINT,
         "SystemCallErrorNumber= without SystemCallFilter=",
         "SystemCallErrorNumber= only sets what a SystemCallFilter= does with the calls it "
         "blocks; alone it has no effect and often means the filter line was lost."},
        {"deny-list-unknown-name", DIAG_ERROR, LINT_RULE_LINT, "Unknown name in a '~' deny list",
         "systemd ignores unknown names in SystemCallFilter=~, RestrictAddressFamilies=~ and "
         "CapabilityBoundingSet=~. A typo there means the call, family or capability the line "
         "meant to deny stays allowed."},

        /* ---- capabilities ---- */
        {"capability-set-merge-trap", DIAG_WARNING, LINT_RULE_LINT,
         "CapabilityBoundingSet= line after a '~' line is not an allow list",
         "After a '~' assignment, a later assignment without '~' adds its capabilities to the "
         "result instead of restricting the set to them, re-enabling capabilities the '~' line "
         "removed."},
        {"ambient-not-in-bounding-set", DIAG_WARNING, LINT_RULE_LINT,
         "AmbientCapabilities= outside CapabilityBoundingSet=",
         "A capability that the bounding set (including what PrivateDevices=, ProtectClock=, "
         "ProtectKernelModules= and ProtectKernelLogs= drop) does not contain cannot be held, "
         "so the ambient entry has no effect."},

        /* ---- identity ---- */
        {"dynamic-user-static-user", DIAG_WARNING, LINT_RULE_LINT,
         "DynamicUser= with a User= that exists statically",
         "If the user named by User= exists in /etc/passwd, systemd uses that static user and "
         "allocates no dynamic one: files it owns elsewhere stay reachable."},
        {"dynamic-user-overrides", DIAG_WARNING, LINT_RULE_LINT,
         "Setting that DynamicUser=yes overrides",
         "DynamicUser=yes forces ProtectSystem=strict, ProtectHome=read-only (if it was no), "
         "PrivateTmp=yes, RemoveIPC=yes, NoNewPrivileges=yes and RestrictSUIDSGID=yes; an "
         "explicit weaker value is ignored."},
        {"bind-paths-dynamic-user", DIAG_WARNING, LINT_RULE_LINT,
         "Writable BindPaths= with DynamicUser=yes",
         "Files the service creates in a writable bind mount are owned by a dynamic UID that is "
         "recycled later, so another service may get access to them. Use StateDirectory= etc."},
        {"root-user-sandbox", DIAG_WARNING, LINT_RULE_LINT,
         "User=root with a file-system sandbox and CAP_SYS_ADMIN",
         "Root with CAP_SYS_ADMIN can unmount or remount the read-only and inaccessible views "
         "that ProtectSystem=, ProtectHome=, ReadOnlyPaths= etc. create. Run as a non-root user "
         "or drop CAP_SYS_ADMIN from CapabilityBoundingSet=."},
        {"supplementary-groups-root", DIAG_WARNING, LINT_RULE_LINT,
         "SupplementaryGroups= for a service running as root",
         "Root bypasses group permissions with CAP_DAC_OVERRIDE, so the groups grant nothing."},

        /* ---- paths and mounts ---- */
        {"needs-root-directory", DIAG_WARNING, LINT_RULE_LINT,
         "Option that only works with RootDirectory=/RootImage=",
         "RootDirectoryStartOnly= and MountAPIVFS= have no effect unless the service has its "
         "own root directory or image."},
        {"read-write-paths-no-effect", DIAG_WARNING, LINT_RULE_LINT,
         "ReadWritePaths= entry that no read-only view covers",
         "ReadWritePaths= only opens exceptions in read-only views (ProtectSystem=strict, "
         "ReadOnlyPaths=/, ProtectHome=read-only, ...). Outside them it grants nothing and often "
         "signals that the intended read-only view is missing."},
        {"private-devices-device-allow", DIAG_WARNING, LINT_RULE_LINT,
         "DeviceAllow= for a device that PrivateDevices=yes hides",
         "PrivateDevices=yes gives the service a /dev with only pseudo devices (null, zero, full, "
         "random, urandom, tty, pts), so other allowed devices have no node to open."},
};

const LintRule *lint_rules(size_t *ret_n)
{
        *ret_n = ELEMENTSOF(rules);
        return rules;
}

const LintRule *lint_rule_lookup(const char *id)
{
        for (size_t i = 0; i < ELEMENTSOF(rules); i++)
                if (streq(rules[i].id, id))
                        return &rules[i];
        return NULL;
}

static int lint_emit_va(LintContext *c, const char *file, unsigned line, unsigned column,
                        const char *rule, const char *fix, const char *fmt, va_list ap)
        _printf_(7, 0);
static int lint_emit_va(LintContext *c, const char *file, unsigned line, unsigned column,
                        const char *rule, const char *fix, const char *fmt, va_list ap)
{
        const LintRule *r = lint_rule_lookup(rule);
        _cleanup_free_ char *msg = NULL;

        if (vasprintf(&msg, fmt, ap) < 0)
                return -ENOMEM;
        /* Rule ids are static strings from the table, as Diag.rule requires. */
        return diag_add(c->diags, file, line, column, r ? r->id : "internal",
                        r ? r->severity : DIAG_ERROR, fix, "%s", msg);
}

int lint_emit(LintContext *c, const Assignment *a, unsigned column, const char *rule,
              const char *fix, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = lint_emit_va(c, a->file, assignment_systemd_line(a), column ? column : a->column, rule,
                         fix, fmt, ap);
        va_end(ap);
        return r;
}

int lint_emit_severity(LintContext *c, DiagSeverity severity, const Assignment *a, unsigned column,
                       const char *rule, const char *fix, const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        r = lint_emit_va(c, a->file, assignment_systemd_line(a), column ? column : a->column, rule,
                         fix, fmt, ap);
        va_end(ap);
        if (r >= 0)
                c->diags->items[c->diags->n - 1].severity = severity;
        return r;
}

static int cmp_assignment_place(const void *x, const void *y)
{
        const Assignment *a = *(const Assignment *const *) x, *b = *(const Assignment *const *) y;
        int r = strcmp(strempty(a->file), strempty(b->file));

        return r != 0 ? r : a->line < b->line ? -1 : a->line > b->line;
}

/* The assignment an Origin points at (file and first line), via the index lint_unit() builds;
 * NULL if there is none (implied values, hand-made units). */
static const Assignment *assignment_at(const LintContext *c, const Origin *o)
{
        Assignment key = {.file = o->file, .line = o->line};
        const Assignment *k = &key, *const * hit;

        if (!o->file || !c->by_place)
                return NULL;
        hit = bsearch(&k, c->by_place, c->u->n_assignments, sizeof(Assignment *),
                      cmp_assignment_place);
        return hit ? *hit : NULL;
}

/* Origins carry the first line of a continued assignment; systemd (and the parser's findings)
 * number it by its last line. */
static unsigned origin_systemd_line(const LintContext *c, const Origin *o)
{
        const Assignment *a = assignment_at(c, o);
        return a ? assignment_systemd_line(a) : o->line;
}

int lint_emit_origin(LintContext *c, const Origin *o, const char *rule, const char *fix,
                     const char *fmt, ...)
{
        va_list ap;
        int r;

        va_start(ap, fmt);
        if (o->file)
                r = lint_emit_va(c, o->file, origin_systemd_line(c, o), o->column, rule, fix, fmt,
                                 ap);
        else /* built-in default or implied without a line: the unit as a whole */
                r = lint_emit_va(c, c->u->fragment_path, 0, 0, rule, fix, fmt, ap);
        va_end(ap);
        return r;
}

unsigned lint_word_column(const LintContext *c, const Origin *o, const char *word)
{
        const Assignment *a = assignment_at(c, o);
        const char *p = a && a->value ? strstr(a->value, word) : NULL;

        return p ? a->column + (unsigned) (p - a->value) : o->column;
}

int lint_emit_unit(LintContext *c, const char *rule, const char *fix, const char *fmt, ...)
{
        const char *file = c->u->fragment_path;
        va_list ap;
        int r;

        if (!file && c->u->files)
                file = c->u->files[0];
        va_start(ap, fmt);
        r = lint_emit_va(c, file, 0, 0, rule, fix, fmt, ap);
        va_end(ap);
        return r;
}

char *lint_where(const Assignment *other, const Assignment *here)
{
        char *w = NULL;

        if (streq(strempty(other->file), strempty(here->file))
                    ? asprintf(&w, "line %u", assignment_systemd_line(other)) < 0
                    : asprintf(&w, "%s:%u", strempty(other->file), assignment_systemd_line(other)) <
                              0)
                return NULL;
        return w;
}

/* "chwon" vs "chown": one swap of neighbours, which plain Levenshtein counts as two edits. */
static bool one_swap_apart(const char *a, const char *b)
{
        size_t n = strlen(a), i = 0;

        if (n != strlen(b))
                return false;
        while (i < n && a[i] == b[i])
                i++;
        return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && streq(a + i + 2, b + i + 2);
}

const char *lint_closest_name(const char *word, int n, const char *(*name_at)(int),
                              bool ignore_case)
{
        _cleanup_free_ char *w = strdup(word);
        size_t len = strlen(word), best = MIN((size_t) 2, len / 2), d;
        const char *hit = NULL;

        if (!w || best == 0)
                return NULL;
        if (ignore_case)
                ascii_strlower(w);
        for (int i = 0; i < n; i++) {
                _cleanup_free_ char *c = NULL;
                const char *name = name_at(i);
                size_t l;

                if (!name)
                        continue;
                l = strlen(name);
                /* Cheap bound first: the distance is at least the length difference. */
                if ((l > len ? l - len : len - l) > best)
                        continue;
                if (ignore_case && !(c = strdup(name)))
                        return NULL;
                if (ignore_case)
                        ascii_strlower(c);
                d = one_swap_apart(w, ignore_case ? c : name)
                            ? 1
                            : string_distance(w, ignore_case ? c : name);
                if (d <= best && (!hit || d < best)) {
                        hit = name;
                        best = d;
                }
        }
        return hit;
}

bool lint_is(const Assignment *a, const char *key)
{
        return a->section && a->key && streq(a->section, "Service") && streq(a->key, key);
}

const Assignment *lint_last(const Unit *u, const char *key)
{
        for (size_t i = u->n_assignments; i > 0; i--)
                if (lint_is(&u->assignments[i - 1], key))
                        return &u->assignments[i - 1];
        return NULL;
}

int lint_next_word(const char **p, const char *value, unsigned base_column, char **ret_word,
                   unsigned *ret_column)
{
        int r;

        if (!*p) /* extract_first_word() sets it to NULL after the last word */
                return 0;
        *p += strspn(*p, WHITESPACE);
        if (ret_column)
                *ret_column = base_column + (unsigned) (*p - value);
        r = extract_first_word(p, ret_word, NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return 0; /* the parser reports bad quoting */
        return r;
}

static bool same_place(const Diag *a, const Diag *b)
{
        return a->line == b->line && streq(strempty(a->file), strempty(b->file));
}

/* diag_list_sort()'s order refined by the message, so identical findings are neighbours. */
static int cmp_diag(const void *x, const void *y)
{
        const Diag *a = x, *b = y;
        int r = strcmp(strempty(a->file), strempty(b->file));

        if (r == 0)
                r = a->line < b->line ? -1 : a->line > b->line;
        if (r == 0)
                r = a->column < b->column ? -1 : a->column > b->column;
        if (r == 0)
                r = strcmp(a->rule, b->rule);
        if (r == 0)
                r = strcmp(a->message, b->message);
        return r;
}

static int cmp_str(const void *x, const void *y)
{
        return strcmp(*(char *const *) x, *(char *const *) y);
}

/* The first '…' or "…" quoted word of a message (the offending word), or NULL. */
static char *quoted_word(const char *msg)
{
        const char *q = strpbrk(msg, "'\""), *e;

        if (!q)
                return NULL;
        e = strchr(q + 1, *q);
        return e && e > q + 1 ? strndup(q + 1, (size_t) (e - q - 1)) : NULL;
}

/* Rules about a whole key: the parser and lint may both judge it, once per line is enough. */
static int per_line_rule(const char *rule)
{
        static const char *const rules_[] = {
                "unknown-section", "unknown-directive", "wrong-section",
                "too-new",         "removed",           "deprecated",
        };

        for (size_t i = 0; i < ELEMENTSOF(rules_); i++)
                if (streq(rule, rules_[i]))
                        return (int) i;
        return -1;
}

/* Marks what to drop among the findings of one line, [lo, hi): repeats of a per-line rule,
 * identical findings, and parser findings that a more precise lint finding replaces (too-new
 * over "unknown key"/invalid value, deny-list-unknown-name over the parser's note about the
 * same word). Linear apart from sorting the deny-list words. */
static void mark_line(const DiagList *l, size_t lo, size_t hi, bool *drop)
{
        _cleanup_free_ char **words = NULL;
        size_t n_words = 0;
        bool too_new = false, removed = false, seen[6] = {false};

        for (size_t i = lo; i < hi; i++) {
                const char *rule = l->items[i].rule;

                too_new = too_new || streq(rule, "too-new");
                removed = removed || streq(rule, "removed");
                if (!streq(rule, "deny-list-unknown-name"))
                        continue;
                if (!words && !(words = calloc(hi - lo, sizeof(char *))))
                        continue; /* OOM: keep both findings */
                words[n_words] = quoted_word(l->items[i].message);
                if (words[n_words])
                        n_words++;
        }
        if (n_words > 1)
                qsort(words, n_words, sizeof(char *), cmp_str);

        for (size_t i = lo; i < hi; i++) {
                const Diag *d = &l->items[i];
                int pl = per_line_rule(d->rule);

                if ((streq(d->rule, "unknown-directive") && (too_new || removed)) ||
                    (streq(d->rule, "invalid-value") && too_new)) {
                        drop[i] = true;
                        continue;
                }
                if (n_words > 0 &&
                    (streq(d->rule, "unknown-syscall") || streq(d->rule, "invalid-value"))) {
                        _cleanup_free_ char *w = quoted_word(d->message);
                        if (w && bsearch(&w, words, n_words, sizeof(char *), cmp_str)) {
                                drop[i] = true;
                                continue;
                        }
                }
                if (pl >= 0) {
                        drop[i] = seen[pl];
                        seen[pl] = true;
                } else if (i > lo && cmp_diag(&l->items[i - 1], d) == 0)
                        drop[i] = true;
        }
        for (size_t i = 0; i < n_words; i++)
                free(words[i]);
}

void lint_finalize(DiagList *diags)
{
        size_t n = 0, lo = 0;
        bool *drop;

        if (diags->n == 0)
                return;
        qsort(diags->items, diags->n, sizeof(Diag), cmp_diag);
        drop = calloc(diags->n, sizeof(bool));
        if (!drop)
                return; /* keep duplicates rather than fail */
        while (lo < diags->n) {
                size_t hi = lo + 1;

                while (hi < diags->n && same_place(&diags->items[lo], &diags->items[hi]))
                        hi++;
                mark_line(diags, lo, hi, drop);
                lo = hi;
        }
        for (size_t i = 0; i < diags->n; i++) {
                if (drop[i]) {
                        free(diags->items[i].file);
                        free(diags->items[i].message);
                        free(diags->items[i].fix);
                } else
                        diags->items[n++] = diags->items[i];
        }
        diags->n = n;
        free(drop);
        /* Findings about a whole key (column unknown) point at the start of its line. */
        DIAG_FOREACH (d, diags)
                if (d->line > 0 && d->column == 0)
                        d->column = 1;
}

int lint_unit(const Unit *u, const LintOptions *o, DiagList *diags)
{
        LintContext c = {
                .u = u,
                .version = o && o->systemd_version ? o->systemd_version
                           : u->systemd_version    ? u->systemd_version
                                                   : SYSTEMD_BASELINE_VERSION,
                .root = o && o->root ? o->root : "/",
                .user = o && o->user,
                .diags = diags,
        };
        _cleanup_free_ const Assignment **by_place = NULL;
        int (*const groups[])(LintContext *) = {
                lint_rules_directives, lint_rules_service,  lint_rules_exec,  lint_rules_syscalls,
                lint_rules_caps,       lint_rules_identity, lint_rules_paths,
        };
        int r;

        /* Index of assignments by place, for findings that start from a model Origin. */
        if (u->n_assignments > 0) {
                by_place = malloc(u->n_assignments * sizeof(Assignment *));
                if (!by_place)
                        return -ENOMEM;
                for (size_t i = 0; i < u->n_assignments; i++)
                        by_place[i] = &u->assignments[i];
                qsort(by_place, u->n_assignments, sizeof(Assignment *), cmp_assignment_place);
                c.by_place = by_place;
        }
        for (size_t i = 0; i < ELEMENTSOF(groups); i++) {
                r = groups[i](&c);
                if (r < 0)
                        return r;
        }
        lint_finalize(diags);
        return lint_apply_suppressions(u, diags);
}
