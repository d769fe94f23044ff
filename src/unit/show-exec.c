/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `cordon show` for the rows parsed by the security and exec parsers, the rlimits and the
 * managed directories: system call filters, capabilities, paths, commands, environment. */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "config-parse-internal.h"
#include "names.h"
#include "show-internal.h"
#include "string-util.h"
#include "strv.h"

#define SECCOMP_ERROR_NUMBER_KILL 2147483646 /* what systemd 252 reports for "kill" */
#define strna(s)                  ((s) ? (s) : "n/a")

static void sep(StrBuf *b)
{
        if (b->len)
                strbuf_putc(b, ' ');
}

static int cmp_str(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

/* A list of names as systemctl shows allow/deny lists: sorted, "~" first for a deny list (also
 * an empty one). */
static int put_sorted_list(Show *s, const char *name, char **l, size_t n, bool allow_list, bool set,
                           const Origin *o)
{
        StrBuf b = STRBUF_INIT;

        if (n > 1)
                qsort(l, n, sizeof(char *), cmp_str);
        if (!allow_list)
                strbuf_putc(&b, '~');
        for (size_t i = 0; i < n; i++) {
                if (i > 0)
                        strbuf_putc(&b, ' ');
                strbuf_puts(&b, l[i]);
        }
        return show_put_buf(s, name, &b, set, set ? o : NULL, set ? 1 : 0);
}

/* ---------------------------------------------------------------- system calls */

static int show_syscall_filter(Show *s, const char *name, const SyscallFilter *f)
{
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0;

        for (int i = 0; i < syscall_table_size() && i < SYSCALL_TABLE_MAX; i++) {
                if (!syscall_set_test(f->bits, i) || syscall_native_nr(i) < 0)
                        continue;
                int e = f->errno_of[i];
                /* An allow list drops entries that carry their own action (they are denied). */
                if (f->allow_list && e != SYSCALL_ERRNO_DEFAULT)
                        continue;
                char *entry;
                if (e == SYSCALL_ERRNO_KILL)
                        entry = strjoin(syscall_name(i), ":kill");
                else if (e >= 0 && errno_to_name(e))
                        entry = strjoin(syscall_name(i), ":", errno_to_name(e));
                else if (e >= 0) {
                        if (asprintf(&entry, "%s:%d", syscall_name(i), e) < 0)
                                entry = NULL;
                } else
                        entry = strdup(syscall_name(i));
                if (!entry || strv_push(&l, entry) < 0)
                        return -ENOMEM;
                n++;
        }
        return put_sorted_list(s, name, l, n, f->allow_list,
                               f->configured || origin_is_set(&f->origin), &f->origin);
}

static int show_syscall_errno(Show *s, const char *name)
{
        const ExecSettings *e = &s->u->exec;
        char buf[32];
        int v = e->syscall_error_number;

        snprintf(buf, sizeof buf, "%d",
                 v == 0 || v == SYSCALL_ERRNO_KILL ? SECCOMP_ERROR_NUMBER_KILL : v);
        return show_put_origin(s, name, buf, &e->syscall_error_number_origin);
}

static int show_sorted_strv(Show *s, const char *name, const StrvWithOrigin *l)
{
        _cleanup_strv_free_ char **copy = strv_copy(l->strv);
        size_t n = strv_length(l->strv);
        StrBuf b = STRBUF_INIT;

        if (l->strv && !copy)
                return -ENOMEM;
        if (n > 1)
                qsort(copy, n, sizeof(char *), cmp_str);
        STRV_FOREACH (w, copy) {
                if (w > copy && streq(*w, w[-1]))
                        continue;
                sep(&b);
                strbuf_puts(&b, *w);
        }
        return show_put_buf(s, name, &b, n > 0, l->origins, n);
}

static int show_caps(Show *s, const char *name, uint64_t set, const Origin *o)
{
        StrBuf b = STRBUF_INIT;
        capability_set_format(set, &b);
        bool is_set = origin_is_set(o);
        return show_put_buf(s, name, &b, is_set, is_set ? o : NULL, is_set ? 1 : 0);
}

static int show_address_families(Show *s, const char *name)
{
        const AddressFamilies *f = &s->u->exec.restrict_address_families;
        _cleanup_strv_free_ char **l = NULL;
        size_t n = 0;

        for (int af = 0; af < 64 && af <= af_max(); af++) {
                const char *an = (f->families >> af) & 1 ? af_to_name(af) : NULL;
                if (!an)
                        continue;
                if (strv_extend(&l, an) < 0)
                        return -ENOMEM;
                n++;
        }
        return put_sorted_list(s, name, l, n, f->allow_list,
                               f->configured || origin_is_set(&f->origin), &f->origin);
}

static int show_namespaces(Show *s, const char *name)
{
        const ExecSettings *e = &s->u->exec;
        unsigned long allowed = e->restrict_namespaces & NAMESPACE_FLAGS_ALL;
        StrBuf b = STRBUF_INIT;

        if (allowed == 0)
                strbuf_puts(&b, "yes");
        else if (allowed == NAMESPACE_FLAGS_ALL)
                strbuf_puts(&b, "no");
        else
                namespace_flags_format(allowed, &b);
        bool set = e->restrict_namespaces_set || origin_is_set(&e->restrict_namespaces_origin);
        return show_put_buf(s, name, &b, set, set ? &e->restrict_namespaces_origin : NULL, set);
}

/* ---------------------------------------------------------------- paths */

static int show_path_list(Show *s, const char *name, const PathList *l)
{
        _cleanup_free_ Origin *o = calloc(l->n ? l->n : 1, sizeof(Origin));
        StrBuf b = STRBUF_INIT;

        if (!o)
                return -ENOMEM;
        for (size_t i = 0; i < l->n; i++) {
                sep(&b);
                strbuf_printf(&b, "%s%s%s", l->items[i].ignore_missing ? "-" : "",
                              l->items[i].relative_to_root ? "+" : "", l->items[i].path);
                o[i] = l->items[i].origin;
        }
        return show_put_buf(s, name, &b, l->n > 0, o, l->n);
}

static int show_bind_paths(Show *s, const char *name, bool read_only)
{
        const BindMountList *l = &s->u->exec.bind_mounts;
        _cleanup_free_ Origin *o = calloc(l->n ? l->n : 1, sizeof(Origin));
        StrBuf b = STRBUF_INIT;
        size_t n = 0;

        if (!o)
                return -ENOMEM;
        for (size_t i = 0; i < l->n; i++) {
                const BindMount *m = &l->items[i];
                if (m->read_only != read_only || isempty(m->source))
                        continue;
                sep(&b);
                strbuf_printf(&b, "%s%s%s%s%s", m->ignore_missing ? "-" : "", m->source,
                              isempty(m->destination) ? "" : ":", strempty(m->destination),
                              m->recursive ? ":rbind" : "");
                o[n++] = m->origin;
        }
        return show_put_buf(s, name, &b, n > 0, o, n);
}

static int show_temporary_filesystems(Show *s, const char *name)
{
        const TemporaryFileSystemList *l = &s->u->exec.temporary_filesystems;
        _cleanup_free_ Origin *o = calloc(l->n ? l->n : 1, sizeof(Origin));
        StrBuf b = STRBUF_INIT;

        if (!o)
                return -ENOMEM;
        for (size_t i = 0; i < l->n; i++) {
                sep(&b);
                strbuf_printf(&b, "%s%s%s", l->items[i].path,
                              isempty(l->items[i].options) ? "" : ":",
                              strempty(l->items[i].options));
                o[i] = l->items[i].origin;
        }
        return show_put_buf(s, name, &b, l->n > 0, o, l->n);
}

static int show_exec_directory(Show *s, const Directive *d, const char *name)
{
        const ExecDirectory *ed = &s->u->exec.directories[d->ltype];
        _cleanup_free_ Origin *o = calloc(ed->n ? ed->n : 1, sizeof(Origin));
        _cleanup_free_ char *symprop = strjoin(name, "Symlink");
        StrBuf b = STRBUF_INIT, sym = STRBUF_INIT;
        int r;

        if (!o || !symprop)
                return -ENOMEM;
        for (size_t i = 0; i < ed->n; i++) {
                sep(&b);
                strbuf_puts(&b, ed->items[i].path);
                if (ed->items[i].read_only)
                        strbuf_puts(&b, ":ro"); /* v257 spelling */
                STRV_FOREACH (l, ed->items[i].symlinks) {
                        sep(&sym);
                        strbuf_printf(&sym, "%s:%s", ed->items[i].path, *l);
                }
                o[i] = ed->items[i].origin;
        }
        bool any_sym = sym.len > 0;
        r = show_put_buf(s, name, &b, ed->n > 0, o, ed->n);
        if (r < 0 || !any_sym) {
                strbuf_done(&sym);
                return r;
        }
        return show_put_buf(s, symprop, &sym, true, o, ed->n);
}

static int show_exec_directory_mode(Show *s, const Directive *d, const char *name)
{
        const ExecDirectory *ed = &s->u->exec.directories[d->ltype];
        char buf[16];
        snprintf(buf, sizeof buf, "%04o", (unsigned) ed->mode);
        return show_put_origin(s, name, buf, &ed->mode_origin);
}

/* ---------------------------------------------------------------- rlimits */

/* What systemd 252's manager hands to services when nothing is set: RLIMIT_NOFILE is
 * 1024:524288 (manager default), RLIMIT_MEMLOCK 8M, the rest follows the kernel's defaults for
 * PID 1; NPROC and SIGPENDING depend on the machine and are shown as infinity here. */
static void rlimit_default(int rl, rlim_t *soft, rlim_t *hard)
{
        *soft = *hard = RLIM_INFINITY;
        switch (rl) {
        case RLIMIT_NOFILE:
                *soft = 1024;
                *hard = 524288;
                break;
        case RLIMIT_MEMLOCK:
                *soft = *hard = 8388608;
                break;
        case RLIMIT_STACK:
                *soft = 8388608;
                break;
        case RLIMIT_CORE:
                *soft = 0;
                break;
        case RLIMIT_MSGQUEUE:
                *soft = *hard = 819200;
                break;
        case RLIMIT_NICE:
        case RLIMIT_RTPRIO:
                *soft = *hard = 0;
                break;
        default:
                break;
        }
}

static int show_rlimit(Show *s, const Directive *d, const char *name)
{
        const RLimitSetting *rl = &s->u->exec.rlimits[d->ltype];
        _cleanup_free_ char *soft_name = strjoin(name, "Soft");
        char hard[32], soft[32];
        rlim_t sv, hv;
        int r;

        if (!soft_name)
                return -ENOMEM;
        if (rl->set) {
                sv = rl->soft;
                hv = rl->hard;
        } else
                rlimit_default(d->ltype, &sv, &hv);
        if (hv == RLIM_INFINITY)
                snprintf(hard, sizeof hard, "infinity");
        else
                snprintf(hard, sizeof hard, "%" PRIu64, (uint64_t) hv);
        if (sv == RLIM_INFINITY)
                snprintf(soft, sizeof soft, "infinity");
        else
                snprintf(soft, sizeof soft, "%" PRIu64, (uint64_t) sv);
        r = show_put_origin(s, name, hard, rl->set ? &rl->origin : NULL);
        if (r < 0)
                return r;
        return show_put_origin(s, soft_name, soft, rl->set ? &rl->origin : NULL);
}

/* ---------------------------------------------------------------- commands, environment */

/* exec_command_flags_to_strv() of systemd 252 (+ "via-shell" from 258). */
static void exec_flags_format(ExecCommandFlags f, StrBuf *b)
{
        static const struct {
                ExecCommandFlags flag;
                const char *name;
        } names[] = {
                {EXEC_COMMAND_IGNORE_FAILURE, "ignore-failure"},
                {EXEC_COMMAND_FULLY_PRIVILEGED, "privileged"},
                {EXEC_COMMAND_NO_SETUID, "no-setuid"},
                {EXEC_COMMAND_AMBIENT_MAGIC, "ambient"},
                {EXEC_COMMAND_NO_ENV_EXPAND, "no-env-expand"},
                {EXEC_COMMAND_VIA_SHELL, "via-shell"},
        };
        bool first = true;

        for (size_t i = 0; i < ELEMENTSOF(names); i++)
                if (f & names[i].flag) {
                        strbuf_printf(b, "%s%s", first ? "" : " ", names[i].name);
                        first = false;
                }
}

/* ExecStart= (ignore_errors=) and ExecStartEx= (flags=), one line per command, as systemctl. */
static int show_exec_commands(Show *s, const Directive *d, const char *name)
{
        const ExecCommandList *l = &s->u->service.exec[d->ltype];
        _cleanup_free_ char *ex = strjoin(name, "Ex");
        int r;

        if (!ex)
                return -ENOMEM;
        if (l->n == 0) {
                r = show_put(s, name, "", false, NULL, 0);
                return r < 0 ? r : show_put(s, ex, "", false, NULL, 0);
        }
        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < l->n; i++) {
                        const ExecCommand *c = &l->items[i];
                        StrBuf b = STRBUF_INIT;
                        _cleanup_free_ char *argv = strv_join(c->argv, " ");
                        if (c->argv && !argv)
                                return -ENOMEM;
                        strbuf_printf(&b, "{ path=%s ; argv[]=%s ; ", strna(c->path), strna(argv));
                        if (pass == 0)
                                strbuf_printf(&b, "ignore_errors=%s",
                                              yes_no(c->flags & EXEC_COMMAND_IGNORE_FAILURE));
                        else {
                                strbuf_puts(&b, "flags=");
                                exec_flags_format(c->flags, &b);
                        }
                        strbuf_puts(&b, " ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; "
                                        "code=(null) ; status=0/0 }");
                        r = show_put_buf(s, pass == 0 ? name : ex, &b, true, &c->origin, 1);
                        if (r < 0)
                                return r;
                }
        return 0;
}

static int show_quoted_strv(Show *s, const char *name, const StrvWithOrigin *l)
{
        StrBuf b = STRBUF_INIT;
        size_t n = strv_length(l->strv);

        STRV_FOREACH (w, l->strv) {
                sep(&b);
                show_quote(&b, *w);
        }
        return show_put_buf(s, name, &b, n > 0, l->origins, n);
}

static int show_environment_files(Show *s, const char *name)
{
        const EnvironmentFileList *l = &s->u->exec.environment_files;
        int r;

        if (l->n == 0)
                return show_put(s, name, "", false, NULL, 0);
        for (size_t i = 0; i < l->n; i++) {
                StrBuf b = STRBUF_INIT;
                strbuf_printf(&b, "%s (ignore_errors=%s)", l->items[i].path,
                              yes_no(l->items[i].ignore_missing));
                r = show_put_buf(s, name, &b, true, &l->items[i].origin, 1);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int show_credentials(Show *s, const Directive *d, const char *name)
{
        const CredentialSettings *c = &s->u->exec.credentials;
        bool encrypted = d->ltype != 0;
        _cleanup_free_ Origin *o = calloc(c->n_load + c->n_set + 1, sizeof(Origin));
        StrBuf b = STRBUF_INIT;
        size_t n = 0;

        if (!o)
                return -ENOMEM;
        if (strstr(d->name, "LoadCredential")) {
                for (size_t i = 0; i < c->n_load; i++) {
                        if (c->load[i].encrypted != encrypted)
                                continue;
                        sep(&b);
                        strbuf_printf(&b, "%s:%s", c->load[i].id, strempty(c->load[i].path));
                        o[n++] = c->load[i].origin;
                }
        } else {
                /* The data may be secret: only the credential names are shown. */
                for (size_t i = 0; i < c->n_set; i++) {
                        if (c->set[i].encrypted != encrypted)
                                continue;
                        sep(&b);
                        strbuf_puts(&b, c->set[i].id);
                        o[n++] = c->set[i].origin;
                }
        }
        return show_put_buf(s, name, &b, n > 0, o, n);
}

/* ---------------------------------------------------------------- devices, addresses */

static int show_device_allow(Show *s, const char *name)
{
        const CGroupSettings *c = &s->u->cgroup;
        int r;

        if (c->n_device_allow == 0)
                return show_put(s, name, "", false, NULL, 0);
        for (size_t i = 0; i < c->n_device_allow; i++) {
                StrBuf b = STRBUF_INIT;
                strbuf_printf(&b, "%s %s", c->device_allow[i].path, c->device_allow[i].access);
                r = show_put_buf(s, name, &b, true, &c->device_allow[i].origin, 1);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int show_ip_addresses(Show *s, const char *name, const IPAddressList *l)
{
        StrBuf b = STRBUF_INIT;

        for (size_t i = 0; i < l->n; i++) {
                char addr[INET6_ADDRSTRLEN];
                const IPAddressEntry *e = &l->items[i];
                if (!inet_ntop(e->family, e->address, addr, sizeof addr))
                        continue;
                sep(&b);
                strbuf_printf(&b, "%s/%u", addr, e->prefixlen);
        }
        bool set = l->n > 0 || origin_is_set(&l->origin);
        return show_put_buf(s, name, &b, set, set ? &l->origin : NULL, set ? 1 : 0);
}

/* ---------------------------------------------------------------- dispatch */

int show_exec_directive(Show *s, const Directive *d, const char *name)
{
        const ExecSettings *e = &s->u->exec;
        const char *n = d->name;

        if (d->parse == config_parse_rlimit)
                return show_rlimit(s, d, name);
        if (d->parse == config_parse_exec_directory)
                return show_exec_directory(s, d, name);
        if (d->parse == config_parse_exec_directory_mode)
                return show_exec_directory_mode(s, d, name);
        if (d->parse == config_parse_exec)
                return show_exec_commands(s, d, name);
        if (streq(n, "SystemCallFilter"))
                return show_syscall_filter(s, name, &e->syscall_filter);
        if (streq(n, "SystemCallLog"))
                return show_syscall_filter(s, name, &e->syscall_log);
        if (streq(n, "SystemCallErrorNumber"))
                return show_syscall_errno(s, name);
        if (streq(n, "SystemCallArchitectures"))
                return show_sorted_strv(s, name, &e->syscall_architectures);
        if (streq(n, "CapabilityBoundingSet"))
                return show_caps(s, name, e->capability_bounding_set,
                                 &e->capability_bounding_set_origin);
        if (streq(n, "AmbientCapabilities"))
                return show_caps(s, name, e->ambient_capabilities, &e->ambient_capabilities_origin);
        if (streq(n, "RestrictAddressFamilies"))
                return show_address_families(s, name);
        if (streq(n, "RestrictNamespaces"))
                return show_namespaces(s, name);
        if (streq(n, "RestrictFileSystems"))
                return show_sorted_strv(s, name, &e->restrict_filesystems);
        if (streq(n, "SecureBits")) {
                char buf[16];
                snprintf(buf, sizeof buf, "%d", e->secure_bits);
                return show_put_origin(s, name, buf, &e->secure_bits_origin);
        }
        if (streq(n, "Personality"))
                return show_put_origin(s, name, strempty(e->personality.value),
                                       &e->personality.origin);
        if (streq(n, "User"))
                return show_put_origin(s, name, strempty(e->user.value), &e->user.origin);
        if (streq(n, "Group"))
                return show_put_origin(s, name, strempty(e->group.value), &e->group.origin);
        if (streq(n, "SupplementaryGroups"))
                return show_quoted_strv(s, name, &e->supplementary_groups);
        if (streq(n, "ReadWritePaths"))
                return show_path_list(s, name, &e->read_write_paths);
        if (streq(n, "ReadOnlyPaths"))
                return show_path_list(s, name, &e->read_only_paths);
        if (streq(n, "InaccessiblePaths"))
                return show_path_list(s, name, &e->inaccessible_paths);
        if (streq(n, "ExecPaths"))
                return show_path_list(s, name, &e->exec_paths);
        if (streq(n, "NoExecPaths"))
                return show_path_list(s, name, &e->no_exec_paths);
        if (streq(n, "BindPaths"))
                return show_bind_paths(s, name, false);
        if (streq(n, "BindReadOnlyPaths"))
                return show_bind_paths(s, name, true);
        if (streq(n, "TemporaryFileSystem"))
                return show_temporary_filesystems(s, name);
        if (streq(n, "Environment"))
                return show_quoted_strv(s, name, &e->environment);
        if (streq(n, "EnvironmentFile"))
                return show_environment_files(s, name);
        if (streq(n, "PassEnvironment"))
                return show_quoted_strv(s, name, &e->pass_environment);
        if (streq(n, "UnsetEnvironment"))
                return show_quoted_strv(s, name, &e->unset_environment);
        if (startswith(n, "LoadCredential") || startswith(n, "SetCredential"))
                return show_credentials(s, d, name);
        if (streq(n, "ImportCredential"))
                return show_quoted_strv(s, name, &e->credentials.import);
        if (streq(n, "DeviceAllow"))
                return show_device_allow(s, name);
        if (streq(n, "IPAddressAllow"))
                return show_ip_addresses(s, name, &s->u->cgroup.ip_address_allow);
        if (streq(n, "IPAddressDeny"))
                return show_ip_addresses(s, name, &s->u->cgroup.ip_address_deny);
        return 0;
}
