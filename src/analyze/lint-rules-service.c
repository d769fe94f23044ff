/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Rules about the service as systemd's service_verify() sees it, its commands, environment
 * and file modes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "extract-word.h"
#include "lint-internal.h"
#include "parse-util.h"
#include "string-util.h"

static bool has_success_action(const Unit *u)
{
        const char *v = NULL;

        /* SuccessAction= has no typed home; the last [Unit] assignment decides. */
        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                if (a->section && a->key && streq(a->section, "Unit") &&
                    streq(a->key, "SuccessAction"))
                        v = a->value;
        }
        return !isempty(v) && !streq(v, "none");
}

/* systemd's service_verify() on the model: the type after service_add_extras() (explicit, or
 * derived from BusName=/ExecStart=), the effective command lists after resets. */
static int check_commands(LintContext *c)
{
        const Unit *u = c->u;
        const ServiceSettings *s = &u->service;
        const ExecCommandList *start = &s->exec[SERVICE_EXEC_START];
        const char *type = strempty(service_type_to_string(s->type));
        bool oneshot = s->type == SERVICE_ONESHOT;
        bool success_action = has_success_action(u);
        int r;

        if (!u->id || !endswith(u->id, ".service"))
                return 0; /* service_verify() only judges services */

        if (start->n == 0 && s->exec[SERVICE_EXEC_STOP].n == 0 && !success_action)
                return lint_emit_unit(c, "missing-exec-start", "ExecStart=/absolute/path",
                                      "Service has no ExecStart=, ExecStop= or SuccessAction=; "
                                      "systemd refuses to load it");
        if (start->n == 0 && !oneshot)
                return lint_emit_origin(c, &s->type_origin, "missing-exec-start", NULL,
                                        "Type=%s service without ExecStart=; systemd refuses to "
                                        "load it (only Type=oneshot may omit it)",
                                        type);
        if (start->n == 0 && !success_action && !s->remain_after_exit.value)
                return lint_emit_unit(c, "missing-exec-start", "RemainAfterExit=yes",
                                      "Service has no ExecStart=, no SuccessAction= and no "
                                      "RemainAfterExit=yes; systemd refuses to load it");
        if (start->n > 1 && !oneshot) {
                r = lint_emit_origin(c, &start->items[1].origin, "multiple-exec-start",
                                     "Type=oneshot",
                                     "Second ExecStart= command for a Type=%s service; systemd "
                                     "refuses to load it (only Type=oneshot allows several)",
                                     type);
                if (r < 0)
                        return r;
        }
        if (oneshot &&
            (s->restart == SERVICE_RESTART_ALWAYS || s->restart == SERVICE_RESTART_ON_SUCCESS)) {
                r = lint_emit_origin(c, &s->restart_origin, "oneshot-restart", "Restart=on-failure",
                                     "Restart=%s is not allowed for Type=oneshot services; "
                                     "systemd refuses to load the unit",
                                     service_restart_to_string(s->restart));
                if (r < 0)
                        return r;
        }
        if (s->type == SERVICE_FORKING && s->type_set && !s->pid_file.value) {
                r = lint_emit_origin(c, &s->type_origin, "forking-without-pidfile",
                                     "PIDFile=/run/NAME.pid",
                                     "Type=forking without PIDFile=: systemd has to guess the "
                                     "main process");
                if (r < 0)
                        return r;
        }
        return 0;
}

static int check_kill_mode(LintContext *c)
{
        const KillSettings *k = &c->u->kill;

        if (k->kill_mode != KILL_NONE)
                return 0;
        return lint_emit_origin(c, &k->kill_mode_origin, "kill-mode-none", "KillMode=mixed",
                                "KillMode=none leaves the service's processes running after stop, "
                                "outside its resource control; systemd warns that it is unsafe");
}

/* "DB_PASSWORD", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "APIKEY"; not "KEYBOARD", "PWD". */
static bool name_looks_secret(const char *name)
{
        static const char *const contains[] = {"PASSWORD", "PASSWD", "SECRET", "TOKEN", NULL};
        _cleanup_free_ char *up = strdup(name);
        const char *p;

        if (!up)
                return false;
        ascii_strupper(up);
        for (size_t i = 0; contains[i]; i++)
                if (strstr(up, contains[i]))
                        return true;
        /* KEY only as the end of a word: FOO_KEY, APIKEY, KEY_ID. */
        for (p = up; (p = strstr(p, "KEY")); p += 3)
                if (p[3] == '\0' || p[3] == '_')
                        return true;
        return false;
}

/* Environment=PATH=/opt/bin:$PATH keeps the literal "$PATH": systemd expands specifiers in
 * Environment=, never variables. */
static int check_env_reference(LintContext *c, const Assignment *a, unsigned col, const char *word,
                               const char *value)
{
        const char *d = strchr(value, '$');
        _cleanup_free_ char *name = NULL;

        if (!d || !(d[1] == '{' || d[1] == '_' || (d[1] >= 'A' && d[1] <= 'Z') ||
                    (d[1] >= 'a' && d[1] <= 'z')))
                return 0;
        name = strndup(word, (size_t) (value - 1 - word));
        if (!name)
                return -ENOMEM;
        return lint_emit(c, a, col, "environment-no-expansion", NULL,
                         "Environment=%s=… contains '%s', but systemd does not expand variables "
                         "in Environment=: the value keeps the literal text (use an "
                         "EnvironmentFile= or set the whole value)",
                         name, d);
}

static int check_environment(LintContext *c)
{
        const Unit *u = c->u;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                const char *p = a->value;

                if (!lint_is(a, "Environment") || isempty(a->value))
                        continue;
                for (;;) {
                        _cleanup_free_ char *word = NULL;
                        unsigned col;
                        const char *eq;
                        int r = lint_next_word(&p, a->value, a->column, &word, &col);

                        if (r < 0)
                                return r;
                        if (r == 0)
                                break;
                        eq = strchr(word, '=');
                        if (!eq)
                                continue;
                        r = check_env_reference(c, a, col, word, eq + 1);
                        if (r < 0)
                                return r;
                        /* Paths and specifiers point at secrets, they are not secrets. */
                        if (isempty(eq + 1) || eq[1] == '/' || eq[1] == '%' || eq[1] == '$')
                                continue;
                        word[eq - word] = '\0';
                        if (!name_looks_secret(word))
                                continue;
                        _cleanup_free_ char *fix = strjoin("LoadCredential=", word, ":/PATH");
                        if (!fix)
                                return -ENOMEM;
                        r = lint_emit(c, a, col, "secret-in-environment", fix,
                                      "Environment= sets %s, which looks like a secret; "
                                      "environment variables are readable via systemctl show "
                                      "and D-Bus and are inherited by children",
                                      word);
                        if (r < 0)
                                return r;
                }
        }
        return 0;
}

static int check_umask(LintContext *c)
{
        const ExecSettings *e = &c->u->exec;

        if (!e->umask_origin.file || (e->umask & 0002))
                return 0;
        return lint_emit_origin(c, &e->umask_origin, "umask-world-writable", "UMask=0027",
                                "UMask=%04o lets the service create world-writable files and "
                                "directories",
                                (unsigned) e->umask);
}

int lint_rules_service(LintContext *c)
{
        int (*const checks[])(LintContext *) = {
                check_commands,
                check_kill_mode,
                check_environment,
                check_umask,
        };

        for (size_t i = 0; i < ELEMENTSOF(checks); i++) {
                int r = checks[i](c);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---- command prefixes and paths ---- */

static bool is_exec_key(const Assignment *a)
{
        /* The model's table spells the command directives: ExecStart, ExecStartPre, … */
        return a->section && a->key && streq(a->section, "Service") &&
               exec_command_type_from_string(a->key) >= 0;
}

static bool is_shell(const char *path)
{
        static const char *const shells[] = {"sh",   "bash", "dash",    "zsh", "ksh", "ash",
                                             "mksh", "fish", "busybox", "env", NULL};
        const char *base = strrchr(path, '/');

        base = base ? base + 1 : path;
        for (size_t i = 0; shells[i]; i++)
                if (streq(base, shells[i]))
                        return true;
        return false;
}

/* Shell operators that systemd passes to the program as plain arguments. */
static bool is_shell_operator(const char *w)
{
        static const char *const ops[] = {">", ">>", "<", "|", "||", "&&", "&", "2>&1", NULL};

        for (size_t i = 0; ops[i]; i++)
                if (streq(w, ops[i]))
                        return true;
        return startswith(w, ">/") || startswith(w, ">>/") || startswith(w, "2>") ||
               startswith(w, "1>") || startswith(w, "$(") || w[0] == '`';
}

/* ExecStart=/usr/bin/foo > /var/log/foo.log: no shell, so '>' is just an argument. */
static int check_shell_syntax(LintContext *c, const Assignment *a, const char *path,
                              const char *rest)
{
        const char *p = rest;

        if (is_shell(path))
                return 0;
        for (;;) {
                _cleanup_free_ char *w = NULL;
                unsigned col;
                int r;

                if (!p)
                        return 0;
                p += strspn(p, WHITESPACE);
                col = a->column + (unsigned) (p - a->value);
                /* Raw words: a quoted operator is meant literally. */
                r = extract_first_word(&p, &w, NULL, EXTRACT_RELAX);
                if (r == -ENOMEM)
                        return r;
                if (r <= 0)
                        return 0;
                if (!is_shell_operator(w))
                        continue;
                return lint_emit(c, a, col, "exec-shell-syntax", NULL,
                                 "%s= passes '%s' to %s as a plain argument: systemd runs the "
                                 "command without a shell, so redirections, pipes and $(…) do "
                                 "not work; use StandardOutput=file:…/append:… or run /bin/sh -c",
                                 a->key, w, path);
        }
}

/* Where systemd 252 would find a bare command name (its default search path), looked up
 * under root; NULL if nowhere (or on OOM: the fix is only a hint). */
static char *find_in_search_path(const char *root, const char *name)
{
        static const char *const dirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                           "/usr/bin",        "/sbin",          "/bin"};

        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                _cleanup_free_ char *abs = strjoin(dirs[i], "/", name), *full = NULL;

                if (!abs || !(full = strjoin(streq(root, "/") ? "" : root, abs)))
                        return NULL;
                if (access(full, X_OK) == 0)
                        return TAKE_PTR(abs);
        }
        return NULL;
}

static int check_exec(LintContext *c, const Assignment *a)
{
        const char *v = a->value, *p;
        bool plus = false, bang = false, bangbang = false, pipe = false;
        _cleanup_free_ char *path = NULL;
        unsigned col;
        int r;

        /* Prefixes may be combined in any order ("-+", "@-"). */
        for (; *v && strchr("-@:+!|", *v); v++) {
                if (*v == '+')
                        plus = true;
                else if (*v == '|')
                        pipe = true;
                else if (*v == '!') {
                        if (v[1] == '!') {
                                bangbang = true;
                                v++;
                        } else
                                bang = true;
                }
        }
        if (pipe && c->version < 258) {
                r = lint_emit(c, a, 0, "too-new", NULL,
                              "The '|' prefix (run via the shell) needs systemd 258; systemd %u "
                              "does not know it and takes the '|' as part of the program name",
                              c->version);
                if (r < 0)
                        return r;
        }
        if (plus) {
                r = lint_emit(c, a, 0, "exec-prefix-full-privileges", NULL,
                              "%s= with '+' runs outside the sandbox: as root, without "
                              "namespaces, capability or system call restrictions",
                              a->key);
                if (r < 0)
                        return r;
        }
        if (bang || bangbang) {
                const ExecSettings *e = &c->u->exec;

                if (bangbang && c->version >= 258)
                        r = lint_emit(c, a, 0, "exec-prefix-no-setuid", NULL,
                                      "%s= with '!!' is ignored since systemd 258", a->key);
                else if (!e->user.value && !e->group.value && !e->dynamic_user.value)
                        /* Nothing to skip: the service runs as root anyway. */
                        r = lint_emit_severity(c, DIAG_INFO, a, 0, "exec-prefix-no-setuid", NULL,
                                               "%s= with '%s' has no effect: the service has no "
                                               "User=, Group= or DynamicUser= and runs as root",
                                               a->key, bangbang ? "!!" : "!");
                else
                        r = lint_emit(c, a, 0, "exec-prefix-no-setuid", NULL,
                                      "%s= with '%s' skips the switch to User=/Group=: the "
                                      "command runs as root%s",
                                      a->key, bangbang ? "!!" : "!",
                                      bangbang ? " on systems without ambient capabilities" : "");
                if (r < 0)
                        return r;
        }

        if (pipe)
                return 0; /* a shell command line, not a path */
        p = v;
        r = lint_next_word(&p, a->value, a->column, &path, &col);
        if (r <= 0)
                return r;
        r = check_shell_syntax(c, a, path, p);
        if (r < 0)
                return r;
        if (path[0] == '/' || path[0] == '%') /* specifiers such as %h expand to paths */
                return 0;
        if (strchr(path, '/'))
                return lint_emit_severity(
                        c, DIAG_ERROR, a, col, "relative-exec-path", NULL,
                        "%s= path '%s' is neither an absolute path nor a plain file "
                        "name; systemd refuses the unit",
                        a->key, path);
        _cleanup_free_ char *found = find_in_search_path(c->root, path), *fix = NULL;
        if (found) {
                _cleanup_free_ char *prefixes = strndup(a->value, (size_t) (v - a->value));
                /* p is past the word and the blanks after it (or NULL at the end). */
                if (!prefixes || !(fix = strjoin(a->key, "=", prefixes, found,
                                                 isempty(p) ? "" : " ", strempty(p))))
                        return -ENOMEM;
        }
        return lint_emit(c, a, col, "relative-exec-path", fix,
                         "%s= runs '%s' from systemd's built-in search path; give the absolute "
                         "path so the binary does not depend on the host",
                         a->key, path);
}

int lint_rules_exec(LintContext *c)
{
        const Unit *u = c->u;

        for (size_t i = 0; i < u->n_assignments; i++) {
                const Assignment *a = &u->assignments[i];
                int r;

                if (!is_exec_key(a) || isempty(a->value))
                        continue;
                r = check_exec(c, a);
                if (r < 0)
                        return r;
        }
        return 0;
}
