/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "environ.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "env-util.h"
#include "fileio.h"
#include "path-util.h"
#include "spawn.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"

#define EXEC_PID_RESERVED "SYSTEMD_EXEC_PID=          " /* room for any pid_t */

static const char *const default_prefix[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "/run",       [EXEC_DIRECTORY_STATE] = "/var/lib",
        [EXEC_DIRECTORY_CACHE] = "/var/cache",   [EXEC_DIRECTORY_LOGS] = "/var/log",
        [EXEC_DIRECTORY_CONFIGURATION] = "/etc",
};

static const char *const directory_env_name[_EXEC_DIRECTORY_TYPE_MAX] = {
        [EXEC_DIRECTORY_RUNTIME] = "RUNTIME_DIRECTORY",
        [EXEC_DIRECTORY_STATE] = "STATE_DIRECTORY",
        [EXEC_DIRECTORY_CACHE] = "CACHE_DIRECTORY",
        [EXEC_DIRECTORY_LOGS] = "LOGS_DIRECTORY",
        [EXEC_DIRECTORY_CONFIGURATION] = "CONFIGURATION_DIRECTORY",
};

/* Appends NAME=value, replacing an earlier NAME in place (strv_env_merge()'s rule: the first
 * position, the last value). */
static int env_set(char ***l, const char *name, const char *value)
{
        _cleanup_free_ char *a = NULL;

        if (asprintf(&a, "%s=%s", name, value) < 0)
                return -ENOMEM;
        return strv_env_replace(l, a);
}

static int env_merge(char ***l, char *const *add)
{
        for (size_t i = 0; add && add[i]; i++) {
                /* strv_env_merge() skips entries without '=' (they are not assignments) */
                if (!strchr(add[i], '='))
                        continue;
                int r = strv_env_replace(l, add[i]);
                if (r < 0)
                        return r;
        }
        return 0;
}

static bool is_terminal_output(ExecOutput o)
{
        return o == EXEC_OUTPUT_TTY || o == EXEC_OUTPUT_KMSG_AND_CONSOLE ||
               o == EXEC_OUTPUT_JOURNAL_AND_CONSOLE;
}

static bool needs_term(const ExecSettings *e)
{
        return e->std_input == EXEC_INPUT_TTY || e->std_input == EXEC_INPUT_TTY_FORCE ||
               e->std_input == EXEC_INPUT_TTY_FAIL || is_terminal_output(e->std_output) ||
               is_terminal_output(e->std_error) || e->tty_path.value;
}

/* systemd's default_term_for_tty(): "linux" on a virtual console, else "vt220". */
static const char *default_term(const char *tty)
{
        const char *t = tty ? tty : "/dev/console";
        if (startswith(t, "/dev/"))
                t += 5;
        if (startswith(t, "tty") && t[3] >= '1' && t[3] <= '9') {
                for (const char *c = t + 3; *c; c++)
                        if (*c < '0' || *c > '9')
                                return "vt220";
                return "linux";
        }
        return "vt220"; /* /dev/console resolves to a VC only on a real console; cordon never
                         * runs as PID 1, so the conservative answer is used */
}

static bool has_credentials(const ExecSettings *e)
{
        return e->credentials.n_load > 0 || e->credentials.n_set > 0 ||
               (e->credentials.import.strv && e->credentials.import.strv[0]);
}

static int add_directories(char ***l, const Unit *u, const EnvironParams *p)
{
        for (ExecDirectoryType t = 0; t < _EXEC_DIRECTORY_TYPE_MAX; t++) {
                const ExecDirectory *d = &u->exec.directories[t];
                const char *prefix = p->prefix[t] ? p->prefix[t] : default_prefix[t];
                StrBuf joined = STRBUF_INIT;
                int r;

                if (d->n == 0)
                        continue;
                for (size_t i = 0; i < d->n; i++) {
                        if (i > 0)
                                strbuf_putc(&joined, ':');
                        strbuf_printf(&joined, "%s/%s", prefix, d->items[i].path);
                }
                r = joined.oom ? -ENOMEM : env_set(l, directory_env_name[t], strbuf_str(&joined));
                strbuf_done(&joined);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* service_spawn(): what the service manager adds for this command. */
static int add_service_env(char ***l, const Unit *u, const EnvironParams *p)
{
        char buf[32];
        int r;

        if (p->notify_socket) {
                r = env_set(l, "NOTIFY_SOCKET", p->notify_socket);
                if (r < 0)
                        return r;
        }
        if (p->main_pid > 0) {
                snprintf(buf, sizeof buf, "%d", (int) p->main_pid);
                r = env_set(l, "MAINPID", buf);
                if (r < 0)
                        return r;
        }
        if (u->service.pid_file.value) {
                r = env_set(l, "PIDFILE", u->service.pid_file.value);
                if (r < 0)
                        return r;
        }
        if (p->set_result) {
                r = env_set(l, "SERVICE_RESULT", p->service_result ? p->service_result : "success");
                if (r < 0)
                        return r;
                if (p->exit_code && p->exit_status) {
                        r = env_set(l, "EXIT_CODE", p->exit_code);
                        if (r >= 0)
                                r = env_set(l, "EXIT_STATUS", p->exit_status);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

/* build_environment(): what exec_child() adds. */
static int add_exec_env(char ***l, const Unit *u, const EnvironParams *p)
{
        const ExecSettings *e = &u->exec;
        int r = 0;

        if (p->home)
                r = env_set(l, "HOME", p->home);
        if (r >= 0 && p->user) {
                r = env_set(l, "LOGNAME", p->user);
                if (r >= 0)
                        r = env_set(l, "USER", p->user);
        }
        if (r >= 0 && p->shell)
                r = env_set(l, "SHELL", p->shell);
        if (r >= 0 && p->invocation_id)
                r = env_set(l, "INVOCATION_ID", p->invocation_id);
        if (r >= 0 && needs_term(e))
                r = env_set(l, "TERM", default_term(e->tty_path.value));
        if (r >= 0)
                r = add_directories(l, u, p);
        if (r >= 0 && has_credentials(e)) {
                const char *run = p->prefix[EXEC_DIRECTORY_RUNTIME]
                                          ? p->prefix[EXEC_DIRECTORY_RUNTIME]
                                          : default_prefix[EXEC_DIRECTORY_RUNTIME];
                _cleanup_free_ char *v = NULL;
                if (asprintf(&v, "%s/credentials/%s", run, u->id) < 0)
                        return -ENOMEM;
                r = env_set(l, "CREDENTIALS_DIRECTORY", v);
        }
        if (r >= 0 && p->exec_pid)
                r = strv_env_replace(l, EXEC_PID_RESERVED);
        if (r >= 0 && e->exec_search_path.strv && e->exec_search_path.strv[0]) {
                _cleanup_free_ char *j = strv_join(e->exec_search_path.strv, ":");
                if (!j)
                        return -ENOMEM;
                r = env_set(l, "PATH", j);
        }
        return r;
}

static int add_pass_env(char ***l, const Unit *u, const EnvironParams *p)
{
        char *const *names = u->exec.pass_environment.strv;

        for (size_t i = 0; names && names[i]; i++) {
                const char *v = strv_env_get(p->host_environment, names[i]);
                if (!v)
                        continue;
                int r = env_set(l, names[i], v);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* UnsetEnvironment=: "NAME" removes the variable, "NAME=VALUE" only that exact assignment. */
static void apply_unset(char **l, char *const *unset)
{
        size_t w = 0;

        for (size_t i = 0; l && l[i]; i++) {
                bool drop = false;
                for (size_t k = 0; unset && unset[k] && !drop; k++) {
                        const char *x = unset[k];
                        size_t n = strlen(x);
                        if (strchr(x, '='))
                                drop = streq(l[i], x);
                        else
                                drop = strneq(l[i], x, n) && l[i][n] == '=';
                }
                if (drop)
                        free(l[i]);
                else
                        l[w++] = l[i];
        }
        if (l)
                l[w] = NULL;
}

int environ_build(const Unit *u, const EnvironParams *p, char ***ret, DiagList *diags)
{
        _cleanup_strv_free_ char **l = NULL;
        int r;

        if (p->manager_environment)
                r = env_merge(&l, p->manager_environment);
        else
                r = strv_extend(&l, "PATH=" ENVIRON_DEFAULT_PATH);
        if (r >= 0)
                r = add_service_env(&l, u, p);
        if (r >= 0)
                r = add_exec_env(&l, u, p);
        if (r >= 0)
                r = add_pass_env(&l, u, p);
        if (r >= 0)
                r = env_merge(&l, u->exec.environment.strv);
        if (r >= 0)
                r = env_merge(&l, p->setenv);
        if (r >= 0)
                r = env_merge(&l, p->files_environment);
        if (r < 0)
                return r;
        strv_env_clean(l, u->fragment_path, diags);
        apply_unset(l, u->exec.unset_environment.strv);
        if (!l) {
                l = calloc(1, sizeof(char *));
                if (!l)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(l);
        return 0;
}

void environ_patch_exec_pid(char **env, pid_t pid)
{
        static const char key[] = "SYSTEMD_EXEC_PID=";
        char digits[16];
        int n = 0;
        unsigned v = (unsigned) pid;

        do {
                digits[n++] = (char) ('0' + v % 10);
                v /= 10;
        } while (v && n < (int) sizeof digits);
        for (size_t i = 0; env && env[i]; i++) {
                if (strncmp(env[i], key, sizeof key - 1) != 0)
                        continue;
                char *d = env[i] + sizeof key - 1;
                size_t room = strlen(d); /* the reserved spaces */
                if ((size_t) n > room)
                        return;
                for (int k = 0; k < n; k++)
                        d[k] = digits[n - 1 - k];
                d[n] = '\0';
                return;
        }
}

/* ---------------------------------------------------------------- files (I/O) */

static int cmp_path(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

static int load_one_file(const char *path, char ***acc, DiagList *diags)
{
        _cleanup_free_ char *data = NULL;
        _cleanup_strv_free_ char **l = NULL;
        struct stat st;
        char self[64];
        size_t size;
        int r;

        /* Read as root from where a service may write (its StateDirectory=): a symlink is
         * followed only when root placed it (as mount sources), and only a regular file is
         * read (a FIFO would block). */
        _cleanup_close_ int fd = sbx_open_trusted(path, O_PATH);
        if (fd < 0)
                return fd;
        if (fstat(fd, &st) < 0)
                return -errno;
        if (S_ISDIR(st.st_mode))
                return -EISDIR;
        if (!S_ISREG(st.st_mode))
                return -EOPNOTSUPP;
        snprintf(self, sizeof(self), "/proc/self/fd/%d", fd);
        r = read_full_file(self, ENV_FILE_SIZE_MAX, &data, &size);
        if (r < 0)
                return r;
        r = env_file_parse(data, size, path, &l, diags);
        if (r < 0)
                return r;
        strv_env_clean(l, path, diags);
        return env_merge(acc, l);
}

int environ_load_files(const Unit *u, const char *root, char ***ret, DiagList *diags)
{
        _cleanup_strv_free_ char **acc = NULL;
        const EnvironmentFileList *fl = &u->exec.environment_files;

        for (size_t i = 0; i < fl->n; i++) {
                const EnvironmentFile *f = &fl->items[i];
                _cleanup_free_ char *pattern = NULL;
                glob_t g = {0};
                int r;

                if (!f->path || f->path[0] != '/') {
                        if (f->ignore_missing)
                                continue;
                        (void) diag_add(diags, f->origin.file, f->origin.line, 0, "invalid-value",
                                        DIAG_ERROR, NULL, "EnvironmentFile= path is not absolute");
                        return -EINVAL;
                }
                if (asprintf(&pattern, "%s%s", root && !streq(root, "/") ? root : "", f->path) < 0)
                        return -ENOMEM;
                r = glob(pattern, GLOB_NOSORT | GLOB_BRACE, NULL, &g);
                if (r != 0) {
                        globfree(&g);
                        if (f->ignore_missing)
                                continue;
                        (void) diag_add(diags, f->origin.file, f->origin.line, 0, "missing-file",
                                        DIAG_ERROR, NULL,
                                        "EnvironmentFile=%s: no such file (prefix with '-' to "
                                        "make it optional)",
                                        f->path);
                        return -ENOENT;
                }
                /* systemd's safe_glob() sorts the matches */
                qsort(g.gl_pathv, g.gl_pathc, sizeof(char *), cmp_path);
                for (size_t k = 0; k < g.gl_pathc; k++) {
                        r = load_one_file(g.gl_pathv[k], &acc, diags);
                        if (r == -ELOOP)
                                /* safer than systemd 252, which reads through it */
                                (void) diag_add(diags, f->origin.file, f->origin.line, 0,
                                                "untrusted-symlink",
                                                f->ignore_missing ? DIAG_WARNING : DIAG_ERROR, NULL,
                                                "EnvironmentFile=%s: reached through a symlink "
                                                "that a non-root user could have planted; not "
                                                "followed%s",
                                                g.gl_pathv[k],
                                                f->ignore_missing ? " (treated as missing)" : "");
                        else if (r < 0 && !f->ignore_missing)
                                (void) diag_add(diags, f->origin.file, f->origin.line, 0,
                                                "missing-file", DIAG_ERROR, NULL,
                                                "EnvironmentFile=%s: %s", g.gl_pathv[k],
                                                strerror(-r));
                        if (r < 0 && !f->ignore_missing) {
                                globfree(&g);
                                return r;
                        }
                }
                globfree(&g);
        }
        if (!acc) {
                acc = calloc(1, sizeof(char *));
                if (!acc)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(acc);
        return 0;
}

int environ_manager_default(const char *root, char ***ret)
{
        static const char *const locale_vars[] = {
                "LANG",       "LANGUAGE",     "LC_CTYPE",       "LC_NUMERIC",        "LC_TIME",
                "LC_COLLATE", "LC_MONETARY",  "LC_MESSAGES",    "LC_PAPER",          "LC_NAME",
                "LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION",
        };
        _cleanup_strv_free_ char **l = NULL, **conf = NULL;
        _cleanup_free_ char *path = NULL, *data = NULL;
        size_t size;
        int r;

        r = strv_extend(&l, "PATH=" ENVIRON_DEFAULT_PATH);
        if (r < 0)
                return r;
        /* Debian's systemd falls back to /etc/default/locale when /etc/locale.conf is absent */
        static const char *const files[] = {"/etc/locale.conf", "/etc/default/locale"};
        for (size_t i = 0; i < ELEMENTSOF(files) && !data; i++) {
                free(path);
                if (asprintf(&path, "%s%s", root && !streq(root, "/") ? root : "", files[i]) < 0)
                        return -ENOMEM;
                if (read_full_file(path, ENV_FILE_SIZE_MAX, &data, &size) < 0)
                        data = NULL;
        }
        if (data && env_file_parse(data, size, path, &conf, NULL) >= 0)
                for (size_t i = 0; i < ELEMENTSOF(locale_vars); i++) {
                        const char *v = strv_env_get(conf, locale_vars[i]);
                        if (v && *v) {
                                r = env_set(&l, locale_vars[i], v);
                                if (r < 0)
                                        return r;
                        }
                }
        *ret = TAKE_PTR(l);
        return 0;
}
