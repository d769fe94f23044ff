/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "part2-print.h"

#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "exec-dirs.h"
#include "exec-semantics.h"
#include "names.h"
#include "path-util.h"
#include "seccomp-compile.h"
#include "seccomp-load.h"
#include "strbuf.h"
#include "string-util.h"

#define NAMES_SHOWN 12 /* per action group; the count is always printed */

static void put_origin(StrBuf *b, const Origin *o)
{
        if (o->file)
                strbuf_printf(b, "  # at %s:%u", path_basename(o->file), o->line);
        else if (o->implied_by >= 0)
                strbuf_puts(b, "  # implied");
        strbuf_putc(b, '\n');
}

static void put_caps(StrBuf *b, uint64_t set)
{
        StrBuf tmp = STRBUF_INIT;
        if (set == 0) {
                strbuf_puts(b, "(none)");
                return;
        }
        if ((set & CAP_MASK_ALL) == CAP_MASK_ALL) {
                strbuf_puts(b, "(all)");
                return;
        }
        capability_set_format(set, &tmp);
        strbuf_puts(b, strbuf_str(&tmp));
        strbuf_done(&tmp);
}

static void put_identity(StrBuf *b, const Unit *u, bool rootless)
{
        const ExecSettings *e = &u->exec;

        strbuf_puts(b, "identity: ");
        if (rootless)
                strbuf_puts(b, "the caller (rootless: no uid switch)");
        else if (e->dynamic_user.value)
                strbuf_printf(b, "DynamicUser \"%s\", uid/gid from 61184-65519 chosen at start",
                              strempty(e->user.value));
        else if (e->user.value)
                strbuf_printf(b, "User=%s%s%s", e->user.value, e->group.value ? " Group=" : "",
                              strempty(e->group.value));
        else
                strbuf_puts(b, "root (no User=)");
        put_origin(b, e->dynamic_user.value ? &e->dynamic_user.origin : &e->user.origin);
        if (e->supplementary_groups.strv && e->supplementary_groups.strv[0]) {
                strbuf_puts(b, "  supplementary groups:");
                for (size_t i = 0; e->supplementary_groups.strv[i]; i++)
                        strbuf_printf(b, " %s", e->supplementary_groups.strv[i]);
                put_origin(b, &e->supplementary_groups.origins[0]);
        }
        strbuf_printf(b, "  umask %04o, keyring %s%s\n", (unsigned) e->umask,
                      strempty(keyring_mode_to_string(e->keyring_mode)),
                      e->remove_ipc.value ? ", IPC objects removed at stop" : "");
}

static void put_capabilities(StrBuf *b, const Unit *u, bool rootless)
{
        CapsPlan cp;

        caps_plan_from_unit(u, !rootless, &cp);
        strbuf_puts(b, "capabilities: bounding set ");
        put_caps(b, cp.bounding);
        put_origin(b, &u->exec.capability_bounding_set_origin);
        strbuf_puts(b, "  ambient ");
        put_caps(b, cp.ambient);
        strbuf_printf(b, "; no_new_privs %s", yes_no(cp.no_new_privs));
        if (cp.secure_bits)
                strbuf_printf(b, "; secure bits 0x%x", (unsigned) cp.secure_bits);
        strbuf_putc(b, '\n');
}

static void put_args(StrBuf *b, const SeccompRule *r)
{
        static const char *const ops[] = {"==", "!=", "<", ">", "&"};
        strbuf_putc(b, '(');
        for (unsigned i = 0; i < r->n_args; i++) {
                const SeccompArgCmp *c = &r->args[i];
                if (i > 0)
                        strbuf_puts(b, ", ");
                if (c->op == SECCOMP_CMP_MASKED_EQ)
                        strbuf_printf(b, "a%u & 0x%x == 0x%x", c->arg, c->mask, c->datum);
                else
                        strbuf_printf(b, "a%u %s %u", c->arg, ops[c->op], c->datum);
        }
        strbuf_putc(b, ')');
}

/* One line per action: "→ EPERM: a b c(args) … (N calls)". */
static void put_rules(StrBuf *b, const SeccompFilter *f)
{
        bool *done = calloc(f->n_rules ? f->n_rules : 1, sizeof(bool));
        char buf[32];

        if (!done) {
                b->oom = true;
                return;
        }
        for (size_t i = 0; i < f->n_rules; i++) {
                if (done[i])
                        continue;
                uint32_t act = f->rules[i].action;
                size_t shown = 0, count = 0;
                strbuf_printf(b, "       %s:", seccomp_action_to_string(act, buf));
                for (size_t j = i; j < f->n_rules; j++) {
                        if (done[j] || f->rules[j].action != act)
                                continue;
                        done[j] = true;
                        /* names of other architectures are dropped by the loader too */
                        if (seccomp_syscall_resolve(f->rules[j].syscall, f->arch) < 0)
                                continue;
                        count++;
                        if (shown++ < NAMES_SHOWN) {
                                strbuf_printf(b, " %s", f->rules[j].syscall);
                                if (f->rules[j].n_args > 0)
                                        put_args(b, &f->rules[j]);
                        }
                }
                if (shown > NAMES_SHOWN)
                        strbuf_printf(b, " … (%zu rules)", count);
                strbuf_putc(b, '\n');
        }
        free(done);
}

static int put_seccomp(StrBuf *b, const Unit *u)
{
        SeccompPlan p = {0};
        const char **l = NULL;
        char buf[32];
        int r;

        r = seccomp_compile(u, &p, NULL);
        if (r < 0)
                return r;
        if (p.n_filters == 0) {
                strbuf_puts(b, "seccomp: none\n");
                return 0;
        }
        strbuf_printf(b,
                      "seccomp: %zu filters, in installation order (native last per directive)\n",
                      p.n_filters);
        for (size_t i = 0; i < p.n_filters; i++) {
                const SeccompFilter *f = &p.filters[i];
                if (f->concern == SECCOMP_CONCERN_ARCHITECTURES) {
                        strbuf_printf(b, "  %3zu %-24s only", i + 1,
                                      seccomp_concern_to_string(f->concern));
                        for (SeccompArch a = SECCOMP_ARCH_X86_64; a <= SECCOMP_ARCH_X32; a <<= 1)
                                if (f->arch & a)
                                        strbuf_printf(b, " %s", seccomp_arch_to_string(a));
                        strbuf_puts(b, ", other entry points killed");
                } else
                        strbuf_printf(b, "  %3zu %-24s %-6s default %s", i + 1,
                                      seccomp_concern_to_string(f->concern),
                                      seccomp_arch_to_string(f->arch),
                                      seccomp_action_to_string(f->default_action, buf));
                put_origin(b, &f->origin);
                if (f->arch == SECCOMP_ARCH_X86_64)
                        put_rules(b, f);
        }
        r = seccomp_plan_arg_syscalls(&p, &l);
        if (r >= 0 && l[0]) {
                strbuf_puts(b, "  argument-checked (never in the kernel's verdict cache):");
                for (size_t i = 0; l[i]; i++)
                        strbuf_printf(b, " %s", l[i]);
                strbuf_putc(b, '\n');
        }
        free(l);
        seccomp_plan_done(&p);
        return r < 0 ? r : 0;
}

static void put_directories(StrBuf *b, const Unit *u, bool rootless)
{
        const ExecSettings *e = &u->exec;
        bool any = false;

        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++)
                for (size_t i = 0; i < e->directories[t].n; i++) {
                        bool priv = e->dynamic_user.value && !rootless &&
                                    t != EXEC_DIRECTORY_CONFIGURATION &&
                                    !(t == EXEC_DIRECTORY_RUNTIME &&
                                      e->runtime_directory_preserve == EXEC_PRESERVE_NO);
                        if (!any)
                                strbuf_puts(b, "directories:\n");
                        any = true;
                        /* rootless: the user manager's prefixes, named (the text must not
                         * depend on cordon's environment) */
                        strbuf_printf(b, "  %s/%s mode %04o%s",
                                      rootless ? exec_dir_user_prefix_name(t) : exec_dir_prefix(t),
                                      e->directories[t].items[i].path,
                                      (unsigned) e->directories[t].mode,
                                      priv ? " (in private/, symlinked)" : "");
                        put_origin(b, &e->directories[t].items[i].origin);
                }
}

static void put_credentials(StrBuf *b, const Unit *u)
{
        const CredentialSettings *c = &u->exec.credentials;

        if (c->n_load == 0 && c->n_set == 0 && !(c->import.strv && c->import.strv[0]))
                return;
        strbuf_printf(b, "credentials: /run/credentials/%s (ramfs, read-only, 0500)\n", u->id);
        for (size_t i = 0; i < c->n_load; i++) {
                const char *how = c->load[i].encrypted ? " (encrypted)" : "";
                if (c->load[i].path[0] == '/')
                        strbuf_printf(b, "  %s from %s%s", c->load[i].id, c->load[i].path, how);
                else /* a name looked up in the credential search path */
                        strbuf_printf(b, "  %s from credential %s%s", c->load[i].id,
                                      c->load[i].path, how);
                put_origin(b, &c->load[i].origin);
        }
        for (size_t i = 0; c->import.strv && c->import.strv[i]; i++) {
                strbuf_printf(b, "  %s (ImportCredential=)", c->import.strv[i]);
                if (c->import.origins)
                        put_origin(b, &c->import.origins[i]);
                else
                        strbuf_putc(b, '\n');
        }
        for (size_t i = 0; i < c->n_set; i++) {
                /* never the value: it may be a secret */
                strbuf_printf(b, "  %s (%s=, %zu bytes)", c->set[i].id,
                              c->set[i].encrypted ? "SetCredentialEncrypted" : "SetCredential",
                              c->set[i].size);
                put_origin(b, &c->set[i].origin);
        }
}

/* StandardInput=/Output=/Error= (exec-stdio.c): shown when one of them is set. */
static void put_stream(StrBuf *b, const char *name, const char *kind, const char *path,
                       const char *note, const Origin *o)
{
        /* file:PATH as written; a terminal is "tty on TTYPath" */
        const char *sep = path ? (strncmp(kind, "tty", 3) == 0 ? " on " : ":") : "";
        strbuf_printf(b, "  %s %s%s%s%s", name, kind, sep, strempty(path), strempty(note));
        put_origin(b, o);
}

static const char *output_note(ExecOutput o)
{
        if (o == EXEC_OUTPUT_SOCKET || o == EXEC_OUTPUT_NAMED_FD)
                return " (refused: needs socket activation)";
        if (o == EXEC_OUTPUT_JOURNAL || o == EXEC_OUTPUT_JOURNAL_AND_CONSOLE ||
            o == EXEC_OUTPUT_KMSG || o == EXEC_OUTPUT_KMSG_AND_CONSOLE)
                return " (no journal: cordon's own stream)";
        return NULL;
}

static void put_stdio(StrBuf *b, const Unit *u)
{
        const ExecSettings *e = &u->exec;
        const char *tty = e->tty_path.value ? e->tty_path.value : "/dev/console";
        bool in_tty = e->std_input == EXEC_INPUT_TTY || e->std_input == EXEC_INPUT_TTY_FORCE ||
                      e->std_input == EXEC_INPUT_TTY_FAIL;

        if (!e->std_input_origin.file && !e->std_output_origin.file && !e->std_error_origin.file)
                return;
        strbuf_puts(b, "standard streams (opened before the namespaces: host paths):\n");
        put_stream(b, "stdin", strnull(exec_input_to_string(e->std_input)),
                   e->std_input == EXEC_INPUT_FILE ? e->std_input_path
                   : in_tty                        ? tty
                                                   : NULL,
                   e->std_input == EXEC_INPUT_SOCKET || e->std_input == EXEC_INPUT_NAMED_FD
                           ? " (refused: needs socket activation)"
                           : NULL,
                   &e->std_input_origin);
        put_stream(b, "stdout", strnull(exec_output_to_string(e->std_output)),
                   e->std_output >= EXEC_OUTPUT_FILE ? e->std_output_path : NULL,
                   output_note(e->std_output), &e->std_output_origin);
        put_stream(b, "stderr", strnull(exec_output_to_string(e->std_error)),
                   e->std_error >= EXEC_OUTPUT_FILE ? e->std_error_path : NULL,
                   output_note(e->std_error), &e->std_error_origin);
}

char *part2_plan_to_text(const Unit *u, bool rootless)
{
        StrBuf b = STRBUF_INIT;

        put_identity(&b, u, rootless);
        put_capabilities(&b, u, rootless);
        if (put_seccomp(&b, u) < 0) {
                strbuf_done(&b);
                return NULL;
        }
        put_directories(&b, u, rootless);
        put_credentials(&b, u);
        put_stdio(&b, u);
        if (b.oom) {
                strbuf_done(&b);
                return NULL;
        }
        return strbuf_steal(&b);
}
