/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "privileges.h"

#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cleanup.h"
#include "exec-semantics.h"
#include "fileio.h"
#include "remove-ipc.h"
#include "string-util.h"

#define DB_FILE_MAX (16u * 1024u * 1024u)
#define NOLOGIN     "/usr/sbin/nologin"

/* ---------------------------------------------------------------- user database (files) */

typedef struct DbEntry {
        char *name;
        unsigned long id, gid; /* gid: passwd only */
        char *home, *shell;
} DbEntry;

static void db_entry_done(DbEntry *e)
{
        free(e->name);
        free(e->home);
        free(e->shell);
        *e = (DbEntry){0};
}

static bool parse_id(const char *s, unsigned long *ret)
{
        char *end;
        if (!s || !*s || *s < '0' || *s > '9')
                return false;
        errno = 0;
        unsigned long v = strtoul(s, &end, 10);
        if (errno || *end || v >= 4294967295UL)
                return false;
        *ret = v;
        return true;
}

/* Finds a line of ROOT/etc/FILE whose name (or, for a numeric key, id) matches. */
static int db_lookup(const char *root, const char *file, const char *key, DbEntry *ret)
{
        _cleanup_free_ char *path = NULL, *data = NULL;
        unsigned long want;
        bool numeric = parse_id(key, &want);
        size_t size;
        int r;

        if (asprintf(&path, "%s/etc/%s", root && !streq(root, "/") ? root : "", file) < 0)
                return -ENOMEM;
        r = read_full_file(path, DB_FILE_MAX, &data, &size);
        if (r < 0)
                return r == -ENOENT ? -ESRCH : r;
        for (char *line = data; line && *line;) {
                char *nl = strchr(line, '\n'), *f[7] = {0};
                size_t nf = 0;
                if (nl)
                        *nl = '\0';
                for (char *s = line; s && nf < 7; nf++) {
                        f[nf] = s;
                        s = strchr(s, ':');
                        if (s)
                                *s++ = '\0';
                }
                unsigned long id, gid = 0;
                bool is_passwd = streq(file, "passwd");
                if (nf >= 3 && line[0] != '#' && parse_id(f[2], &id) &&
                    (!is_passwd || (nf >= 7 && parse_id(f[3], &gid))) &&
                    (numeric ? id == want : streq(f[0], key))) {
                        *ret = (DbEntry){.name = strdup(f[0]), .id = id, .gid = gid};
                        if (is_passwd) {
                                ret->home = strdup(f[5]);
                                ret->shell = strdup(f[6]);
                        }
                        if (!ret->name || (is_passwd && (!ret->home || !ret->shell))) {
                                db_entry_done(ret);
                                return -ENOMEM;
                        }
                        return 0;
                }
                line = nl ? nl + 1 : NULL;
        }
        return -ESRCH;
}

/* systemd synthesises root and nobody whatever the database says. */
static int synthesize(const char *key, bool user, DbEntry *ret)
{
        bool root = streq(key, "root") || streq(key, "0");
        bool nobody = streq(key, user ? "nobody" : "nogroup") || streq(key, "65534") ||
                      (!user && streq(key, "nobody"));
        if (!root && !nobody)
                return -ENOMEDIUM;
        *ret = (DbEntry){
                .name = strdup(root   ? "root"
                               : user ? "nobody"
                                      : "nogroup"),
                .id = root ? 0 : 65534,
                .gid = root ? 0 : 65534,
                .home = user ? strdup(root ? "/root" : "/") : NULL,
                .shell = user ? strdup(root ? "/bin/sh" : NOLOGIN) : NULL,
        };
        if (!ret->name || (user && (!ret->home || !ret->shell))) {
                db_entry_done(ret);
                return -ENOMEM;
        }
        return 0;
}

static bool shell_is_placeholder(const char *s)
{
        return isempty(s) || endswith(s, "/nologin") || endswith(s, "/false") ||
               endswith(s, "/true");
}

/* ---------------------------------------------------------------- prepare */

_printf_(4, 5) static int err(DiagList *d, const Origin *o, int r, const char *fmt, ...)
{
        _cleanup_free_ char *m = NULL;
        va_list ap;

        va_start(ap, fmt);
        if (vasprintf(&m, fmt, ap) < 0)
                m = NULL;
        va_end(ap);
        (void) diag_add(d, o ? o->file : NULL, o ? o->line : 0, 0, "identity", DIAG_ERROR, NULL,
                        "%s", m ? m : "identity error");
        return r;
}

static int resolve_user(const Unit *u, const PrivilegesOptions *o, Privileges *p, DiagList *d)
{
        const ExecSettings *e = &u->exec;
        DbEntry pw = {0};
        int r;

        if (e->dynamic_user.value) {
                _cleanup_free_ char *gen = NULL;
                const char *name = e->user.value;
                if (!name) {
                        gen = dynamic_user_name_from_unit(u->prefix ? u->prefix : u->id);
                        if (!gen)
                                return -ENOMEM;
                        name = gen;
                }
                /* A name that exists statically is used as is (systemd does the same). */
                if (db_lookup(o->root, "passwd", name, &pw) < 0) {
                        DynamicUserOptions dopt = {.lock_dir = o->dynamic_uid_lock_dir,
                                                   .root = o->root};
                        r = dynamic_user_acquire(name, &dopt, &p->dynamic);
                        if (r < 0)
                                return err(d, &e->dynamic_user.origin, r,
                                           "DynamicUser=: cannot allocate a uid for \"%s\"", name);
                        p->uid = p->dynamic.uid;
                        p->gid = (gid_t) p->dynamic.uid;
                        p->user_name = strdup(name);
                        return p->user_name ? 0 : -ENOMEM;
                }
        } else if (!e->user.value)
                return 0;
        else {
                r = synthesize(e->user.value, true, &pw);
                if (r == -ENOMEDIUM)
                        r = db_lookup(o->root, "passwd", e->user.value, &pw);
                if (r < 0)
                        return err(d, &e->user.origin, r == -ESRCH ? -ESRCH : r,
                                   "User=%s: no such user", e->user.value);
        }
        p->uid = (uid_t) pw.id;
        p->gid = (gid_t) pw.gid;
        p->user_name = TAKE_PTR(pw.name);
        if (pw.home && !isempty(pw.home) && !streq(pw.home, "/") && pw.home[0] == '/')
                p->home = TAKE_PTR(pw.home);
        if (!shell_is_placeholder(pw.shell))
                p->shell = TAKE_PTR(pw.shell);
        db_entry_done(&pw);
        return 0;
}

static int resolve_group(const char *root, const char *key, gid_t *ret)
{
        DbEntry g = {0};
        int r = synthesize(key, false, &g);
        if (r == -ENOMEDIUM)
                r = db_lookup(root, "group", key, &g);
        if (r < 0)
                return r;
        *ret = (gid_t) g.id;
        db_entry_done(&g);
        return 0;
}

int privileges_prepare(const Unit *u, const PrivilegesOptions *o, Privileges **ret, DiagList *diags)
{
        const ExecSettings *e = &u->exec;
        PrivilegesOptions dflt = {0};
        _cleanup_(privileges_freep) Privileges *p = NULL;
        int r;

        if (!o)
                o = &dflt;
        p = calloc(1, sizeof(*p));
        if (!p)
                return -ENOMEM;
        p->dynamic = DYNAMIC_USER_NULL;
        p->umask = e->umask;
        p->keyring_mode = e->keyring_mode;
        if (o->invocation_id && strlen(o->invocation_id) == 32) {
                p->have_invocation_id = true;
                for (int i = 0; i < 16; i++) {
                        unsigned v;
                        if (sscanf(o->invocation_id + 2 * i, "%2x", &v) != 1)
                                return -EINVAL;
                        p->invocation_id[i] = (uint8_t) v;
                }
        }
        p->rtprio_zero = e->restrict_realtime.value && !e->rlimits[RLIMIT_RTPRIO].set;
        p->mdwe_prctl = e->memory_deny_write_execute.value;

        if (!o->rootless) {
                r = resolve_user(u, o, p, diags);
                if (r < 0)
                        return r;
                p->switch_user = e->user.value || e->dynamic_user.value;
                bool dynamic_group = p->dynamic.lock_fd >= 0 && e->group.value &&
                                     streq(e->group.value, p->user_name);
                if (e->group.value && !dynamic_group) {
                        /* (a dynamic Group= different from the user name is not supported: it
                         * must then exist statically) */
                        r = resolve_group(o->root, e->group.value, &p->gid);
                        /* DynamicUser= with a static user: the implied Group= of the same name
                         * falls back to the user's primary group */
                        if (r == -ESRCH && e->dynamic_user.value &&
                            streq(e->group.value, p->user_name))
                                r = 0;
                        if (r < 0)
                                return err(diags, &e->group.origin, r, "Group=%s: no such group",
                                           e->group.value);
                        p->switch_user = true;
                }
                for (size_t i = 0; e->supplementary_groups.strv && e->supplementary_groups.strv[i];
                     i++) {
                        const char *g = e->supplementary_groups.strv[i];
                        if (p->n_groups >= PRIVILEGES_GROUPS_MAX)
                                return err(diags, &e->supplementary_groups.origins[i], -E2BIG,
                                           "SupplementaryGroups=: too many groups (%s)", g);
                        r = resolve_group(o->root, g, &p->groups[p->n_groups]);
                        if (r < 0)
                                return err(diags, &e->supplementary_groups.origins[i], r,
                                           "SupplementaryGroups=%s: no such group", g);
                        p->n_groups++;
                }
                /* As systemd: when switching users, the supplementary groups are exactly the
                 * configured ones (root's own groups are dropped). */
                p->set_groups = p->switch_user || p->n_groups > 0;
        }
        /* rootless: the user namespace maps only the caller; whether units with User= etc. may
         * run that way is the plan's decision (strict by default). */

        r = process_attrs_prepare(u, &p->attrs, diags);
        if (r < 0)
                return r;
        caps_plan_from_unit(u, /* have_cap_sys_admin= */ !o->rootless, &p->caps);
        r = seccomp_compile(u, &p->seccomp, diags);
        if (r < 0)
                return r;
        r = seccomp_plan_prepare(&p->seccomp, &p->programs);
        if (r < 0)
                return err(diags, NULL, r, "cannot build the seccomp filters");
        *ret = TAKE_PTR(p);
        return 0;
}

Privileges *privileges_free(Privileges *p)
{
        if (!p)
                return NULL;
        dynamic_user_release(&p->dynamic);
        seccomp_programs_done(&p->programs);
        seccomp_plan_done(&p->seccomp);
        free(p->user_name);
        free(p->home);
        free(p->shell);
        free(p);
        return NULL;
}

int privileges_after_stop(const Unit *u, const Privileges *p)
{
        if (!u->exec.remove_ipc.value || !p->switch_user)
                return 0; /* root and the caller's own uid are never cleaned */
        return remove_ipc(p->uid, p->gid, NULL);
}

void privileges_environ_params(const Privileges *p, EnvironParams *e)
{
        e->user = p->user_name;
        e->home = p->home;
        e->shell = p->shell;
}

/* ---------------------------------------------------------------- the hook (child side) */

#define PR_SET_MDWE_                65
#define PR_MDWE_REFUSE_EXEC_GAIN_   1UL
#define KEY_SPEC_SESSION_KEYRING    (-3)
#define KEY_SPEC_USER_KEYRING       (-4)
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_SETPERM              5
#define KEYCTL_LINK                 8
#define KEY_PERM_INVOCATION_ID      0x0b0b0000u /* possessor+user: view, read, search */

/* KeyringMode=private|shared: a fresh session keyring owned by the service user (systemd's
 * setup_keyring(): the identity is switched briefly so the kernel creates it for that user). */
static int setup_keyring(const Privileges *p, bool switch_user)
{
        int r = 0;

        if (p->keyring_mode == KEYRING_INHERIT)
                return 0;
        uid_t saved_uid = switch_user ? getuid() : 0;
        gid_t saved_gid = switch_user ? getgid() : 0;
        if (switch_user && p->gid != saved_gid && setregid(p->gid, (gid_t) -1) < 0)
                return -errno;
        if (switch_user && p->uid != saved_uid && setreuid(p->uid, (uid_t) -1) < 0) {
                r = -errno;
                goto out;
        }
        if (syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, 0, 0, 0, 0) < 0) {
                /* no keyrings here (containers, old kernels): as systemd, carry on */
                if (errno != ENOSYS && errno != EPERM && errno != EACCES && errno != EDQUOT)
                        r = -errno;
                goto out;
        }
        if (p->keyring_mode == KEYRING_SHARED &&
            syscall(SYS_keyctl, KEYCTL_LINK, KEY_SPEC_USER_KEYRING, KEY_SPEC_SESSION_KEYRING, 0,
                    0) < 0) {
                r = -errno;
                goto out;
        }
        if (switch_user && getuid() != saved_uid && setreuid(saved_uid, (uid_t) -1) < 0) {
                r = -errno;
                goto out;
        }
        if (switch_user && getgid() != saved_gid && setregid(saved_gid, (gid_t) -1) < 0)
                return -errno;
        if (p->have_invocation_id) {
                long key = syscall(SYS_add_key, "user", "invocation_id", p->invocation_id,
                                   sizeof p->invocation_id, KEY_SPEC_SESSION_KEYRING);
                if (key >= 0 &&
                    syscall(SYS_keyctl, KEYCTL_SETPERM, key, KEY_PERM_INVOCATION_ID, 0, 0) < 0)
                        r = -errno;
        }
out:
        /* never continue half-switched (only switch_user switches) */
        if (switch_user && getuid() != saved_uid && setreuid(saved_uid, (uid_t) -1) < 0)
                return -errno;
        if (switch_user && getgid() != saved_gid && setregid(saved_gid, (gid_t) -1) < 0)
                return -errno;
        return r;
}

static int fail_status(int *ret_exit_status, int status, int r)
{
        *ret_exit_status = status;
        return r < 0 ? r : -EINVAL;
}

static int hook(const Privileges *p, bool identity, void (*identity_done)(void *), void *userdata,
                int *ret_exit_status)
{
        bool switch_user = identity && p->switch_user;
        size_t failed = 0;
        int r;

        /* first, while we still hold the privileges some of them need (systemd order) */
        r = process_attrs_apply(&p->attrs, ret_exit_status);
        if (r < 0)
                return r;
        if (p->rtprio_zero) {
                const struct rlimit zero = {0, 0};
                if (setrlimit(RLIMIT_RTPRIO, &zero) < 0)
                        return fail_status(ret_exit_status, 205, -errno);
        }
        (void) umask(p->umask);
        if ((r = setup_keyring(p, switch_user)) < 0)
                return fail_status(ret_exit_status, 237, r);
        if (identity && p->set_groups && setgroups(p->n_groups, p->groups) < 0)
                return fail_status(ret_exit_status, 216, -errno);
        if (switch_user && setresgid(p->gid, p->gid, p->gid) < 0)
                return fail_status(ret_exit_status, 216, -errno);
        if (p->caps.drop_bounding && (r = caps_bounding_drop(p->caps.bounding)) < 0)
                return fail_status(ret_exit_status, 218, r);
        if ((r = caps_ambient_apply(p->caps.ambient, true)) < 0)
                return fail_status(ret_exit_status, 218, r);
        if (switch_user) {
                if ((r = caps_keep_caps_for_setuid(&p->caps, p->uid)) < 0)
                        return fail_status(ret_exit_status, 218, r);
                if (setresuid(p->uid, p->uid, p->uid) < 0)
                        return fail_status(ret_exit_status, 217, -errno);
                if (p->caps.ambient != 0 && (r = caps_ambient_apply(p->caps.ambient, false)) < 0)
                        return fail_status(ret_exit_status, 218, r);
        }
        /* systemd 252's exec_child(): the working directory with the service's own rights */
        if (identity_done)
                identity_done(userdata);
        if (p->caps.secure_bits != 0 && (r = caps_secure_bits_apply(p->caps.secure_bits)) < 0)
                return fail_status(ret_exit_status, 213, r);
        if (p->caps.no_new_privs && (r = caps_set_no_new_privs()) < 0)
                return fail_status(ret_exit_status, 227, r);
        /* MemoryDenyWriteExecute=: besides the seccomp filter (systemd 252's way), the kernel's
         * own W^X switch (Linux 6.3+, what systemd 254 uses) also sees mappings that become
         * executable inside the kernel (READ_IMPLIES_EXEC on legacy binaries). Older kernels
         * answer EINVAL: the filter alone then. */
        if (p->mdwe_prctl && prctl(PR_SET_MDWE_, PR_MDWE_REFUSE_EXEC_GAIN_, 0, 0, 0) < 0 &&
            errno != EINVAL)
                return fail_status(ret_exit_status, 228, -errno);
        r = seccomp_programs_install(&p->programs, &failed);
        if (r < 0)
                return fail_status(ret_exit_status,
                                   failed < p->programs.n &&
                                                   p->programs.items[failed].concern ==
                                                           SECCOMP_CONCERN_ADDRESS_FAMILIES
                                           ? 232
                                           : 228,
                                   r);
        return 0;
}

int privileges_pre_exec_hook(const void *data, void (*identity_done)(void *), void *userdata,
                             int *ret_exit_status)
{
        return hook(data, true, identity_done, userdata, ret_exit_status);
}

int privileges_pre_exec_hook_no_setuid(const void *data, void (*identity_done)(void *),
                                       void *userdata, int *ret_exit_status)
{
        return hook(data, false, identity_done, userdata, ret_exit_status);
}
