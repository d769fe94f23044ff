/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Exec*= command lines, environment and credentials, with systemd 252's syntax
 * (load-fragment.c config_parse_exec(), config_parse_environ(), config_parse_*_credential()). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config-parse-internal.h"
#include "env-util.h"
#include "extract-word.h"
#include "parse-helpers.h"
#include "parsers.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

#define EXEC_ARGV_MAX 65536u

/* ---------------------------------------------------------------- Exec*= */

/* string_is_safe(): no control characters, quotes or backslashes. */
static bool exec_path_is_safe(const char *s)
{
        for (const char *c = s; *c; c++)
                if ((unsigned char) *c < ' ' || *c == 127 || *c == '"' || *c == '\'' || *c == '\\')
                        return false;
        return true;
}

/* systemd's path_is_valid(): length and component limits only. */
static bool exec_path_is_valid(const char *p)
{
        size_t n = strlen(p);

        if (n == 0 || n >= PATH_MAX)
                return false;
        for (const char *c = p; *c;) {
                size_t k = strcspn(c, "/");
                if (k > 255)
                        return false;
                c += k;
                c += strspn(c, "/");
        }
        return true;
}

/* Reads the prefix characters "-@:+!" ("!!", and "|" from v258) of the first word. */
static const char *exec_prefixes(const char *f, ExecCommandFlags *flags, unsigned version)
{
        const ExecCommandFlags priv =
                EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_NO_SETUID | EXEC_COMMAND_AMBIENT_MAGIC;

        for (;; f++) {
                if (*f == '-' && !(*flags & EXEC_COMMAND_IGNORE_FAILURE))
                        *flags |= EXEC_COMMAND_IGNORE_FAILURE;
                else if (*f == '@' && !(*flags & EXEC_COMMAND_ARGV0))
                        *flags |= EXEC_COMMAND_ARGV0;
                else if (*f == ':' && !(*flags & EXEC_COMMAND_NO_ENV_EXPAND))
                        *flags |= EXEC_COMMAND_NO_ENV_EXPAND;
                else if (*f == '+' && !(*flags & priv))
                        *flags |= EXEC_COMMAND_FULLY_PRIVILEGED;
                else if (*f == '!' && !(*flags & priv))
                        *flags |= EXEC_COMMAND_NO_SETUID;
                else if (*f == '!' &&
                         !(*flags & (EXEC_COMMAND_FULLY_PRIVILEGED | EXEC_COMMAND_AMBIENT_MAGIC))) {
                        *flags &= ~EXEC_COMMAND_NO_SETUID;
                        *flags |= EXEC_COMMAND_AMBIENT_MAGIC;
                } else if (*f == '|' && version >= 258 && !(*flags & EXEC_COMMAND_VIA_SHELL))
                        *flags |= EXEC_COMMAND_VIA_SHELL;
                else
                        return f;
        }
}

static int exec_list_append(ExecCommandList *l, char *path, char **argv, ExecCommandFlags flags,
                            Origin o)
{
        ExecCommand *t;

        if (l->n >= UNIT_LIST_MAX)
                return -E2BIG;
        t = realloc(l->items, (l->n + 1) * sizeof(ExecCommand));
        if (!t)
                return -ENOMEM;
        l->items = t;
        l->items[l->n++] = (ExecCommand){.path = path, .argv = argv, .flags = flags, .origin = o};
        return 0;
}

/* A problem that makes systemd refuse the unit, unless the command has the "-" prefix. */
static int exec_fail(Unit *u, DiagList *diags, const Assignment *a, const Directive *d, bool ignore,
                     const char *what, const char *word)
{
        if (!ignore)
                u->bad_setting = true; /* -ENOEXEC in systemd */
        return value_diag(diags, a, "invalid-value", ignore ? DIAG_WARNING : DIAG_ERROR,
                          "%s=: %s%s: %s", dname(d, a), what, ignore ? ", ignoring" : "", word);
}

/* Parses one command starting at *p; sets *more when a ";" separator followed. Returns 1 when a
 * command was added, 0 when parsing of the line ends, negative on OOM. */
static int exec_parse_one(Unit *u, const Directive *d, const Assignment *a, const char **p,
                          bool per_word, ExecCommandList *l, bool *more, DiagList *diags)
{
        _cleanup_free_ char *first = NULL, *path = NULL;
        _cleanup_strv_free_ char **argv = NULL;
        ExecCommandFlags flags = 0;
        const char *f;
        bool ignore;
        size_t n = 0, cap = 0; /* argv's length and slots */
        int r;

        *more = false;
        r = extract_first_word(p, &first, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
        if (r == -ENOMEM)
                return r;
        if (r < 0)
                return invalid_value(diags, a, "%s=: invalid syntax, ignoring: %s", dname(d, a),
                                     a ? a->value : "");
        if (r == 0)
                return 0;
        if (streq(first, ";")) { /* a lone ";" separates commands */
                *more = true;
                return 0;
        }

        f = exec_prefixes(first, &flags, u->systemd_version ? u->systemd_version : 252);
        ignore = flags & EXEC_COMMAND_IGNORE_FAILURE;
        /* Specifiers are expanded in the path after the prefixes, then checked. */
        path = strdup(f);
        if (!path)
                return -ENOMEM;
        r = part_expand(u, a, per_word, &path);
        if (r < 0)
                return r;
        if (isempty(path))
                return exec_fail(u, diags, a, d, ignore, "empty path in command line", first);
        if (!exec_path_is_safe(path))
                return exec_fail(u, diags, a, d, ignore,
                                 "executable name contains special characters", path);
        if (endswith(path, "/"))
                return exec_fail(u, diags, a, d, ignore, "executable path specifies a directory",
                                 path);
        if (!(path_is_absolute(path) ? exec_path_is_valid(path) : filename_is_valid(path)))
                return exec_fail(u, diags, a, d, ignore,
                                 "neither a valid executable name nor an absolute path", path);
        if (!(flags & EXEC_COMMAND_ARGV0)) {
                r = strv_push_n(&argv, &n, &cap, strdup(path));
                if (r < 0)
                        return r;
        }
        path_simplify(path);

        while (!isempty(*p)) {
                char *word = NULL;

                /* An unquoted ";" word separates commands; "\;" is a literal ";" argument. */
                if ((*p)[0] == ';' && (!(*p)[1] || strchr(WHITESPACE, (*p)[1]))) {
                        *p += 1;
                        *p += strspn(*p, WHITESPACE);
                        *more = true;
                        break;
                }
                if ((*p)[0] == '\\' && (*p)[1] == ';' &&
                    (!(*p)[2] || strchr(WHITESPACE, (*p)[2]))) {
                        *p += 2;
                        *p += strspn(*p, WHITESPACE);
                        word = strdup(";");
                        if (!word)
                                return -ENOMEM;
                } else {
                        r = extract_first_word(p, &word, NULL, EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return exec_fail(u, diags, a, d, ignore, "invalid syntax",
                                                 a ? a->value : "");
                        if (r == 0)
                                break;
                        r = part_expand(u, a, per_word, &word);
                        if (r < 0) {
                                free(word);
                                return r;
                        }
                }
                if (n >= EXEC_ARGV_MAX) {
                        free(word);
                        return exec_fail(u, diags, a, d, ignore, "too many arguments", path);
                }
                r = strv_push_n(&argv, &n, &cap, word);
                if (r < 0)
                        return r;
        }
        if (n == 0)
                return exec_fail(u, diags, a, d, ignore,
                                 "empty executable name or zeroeth argument", a ? a->value : "");

        r = exec_list_append(l, path, argv, flags, origin_from_assignment(a));
        if (r == -E2BIG)
                return invalid_value(diags, a, "%s=: too many commands", dname(d, a));
        if (r < 0)
                return r;
        TAKE_PTR(path);
        TAKE_PTR(argv);
        return 1;
}

DECLARE_PARSER(config_parse_exec)
{
        ExecCommandList *l;
        bool more, per_word;
        const char *p = split_source(d, a, value, &per_word);
        int r;

        if (!d || d->ltype < 0 || d->ltype >= _SERVICE_EXEC_COMMAND_MAX)
                return -EINVAL;
        l = &u->service.exec[d->ltype];
        if (isempty(p)) {
                exec_command_list_done(l);
                return 0;
        }
        do {
                r = exec_parse_one(u, d, a, &p, per_word, l, &more, diags);
                if (r < 0)
                        return r;
                if (r == 0 && !more)
                        return 0;
        } while (more);
        return 0;
}

/* ---------------------------------------------------------------- environment */

DECLARE_PARSER(config_parse_environ)
{
        StrvWithOrigin *env = &u->exec.environment;
        Origin o = origin_from_assignment(a);
        bool per_word;
        const char *p = split_source(d, a, value, &per_word);
        int r;

        if (isempty(p)) {
                strv_with_origin_reset(env);
                return 0;
        }
        for (;;) {
                _cleanup_free_ char *word = NULL;
                const char *eq;
                size_t n, i;

                r = extract_first_word(&p, &word, NULL, EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return invalid_value(diags, a, "%s=: invalid syntax, ignoring the rest",
                                             dname(d, a));
                if (r == 0)
                        return 0;
                r = part_expand(u, a, per_word, &word);
                if (r < 0)
                        return r;
                if (!env_assignment_is_valid(word)) {
                        /* Name only: the value may be a secret. */
                        eq = strchr(word, '=');
                        r = invalid_value(diags, a,
                                          "%s=: invalid environment assignment \"%.*s%s\", "
                                          "ignoring",
                                          dname(d, a), eq ? (int) (eq - word) : (int) strlen(word),
                                          word, eq ? "=…" : "");
                        if (r < 0)
                                return r;
                        continue;
                }
                /* A later assignment of the same name replaces the earlier one in place. */
                n = (size_t) (strchr(word, '=') - word);
                for (i = 0; env->strv && env->strv[i]; i++)
                        if (strncmp(env->strv[i], word, n) == 0 && env->strv[i][n] == '=')
                                break;
                if (env->strv && env->strv[i]) {
                        free(env->strv[i]);
                        env->strv[i] = TAKE_PTR(word);
                        env->origins[i] = o;
                        continue;
                }
                if (i >= UNIT_LIST_MAX)
                        return invalid_value(diags, a, "%s=: too many entries", dname(d, a));
                r = strv_with_origin_add(env, word, o);
                if (r < 0)
                        return r;
        }
}

DECLARE_PARSER(config_parse_environ_file)
{
        EnvironmentFileList *l = &u->exec.environment_files;
        _cleanup_free_ char *path = NULL;
        const char *why = NULL;
        bool ignore = false;
        EnvironmentFile *t;

        if (isempty(value)) {
                for (size_t i = 0; i < l->n; i++)
                        free(l->items[i].path);
                l->items = mfree(l->items);
                l->n = 0;
                return 0;
        }
        /* The whole value is one path (no word splitting), optionally prefixed with "-". */
        if (value[0] == '-') {
                ignore = true;
                value++;
        }
        path = strdup(value);
        if (!path)
                return -ENOMEM;
        if (!path_simplify_check_absolute(path, &why))
                return invalid_value(diags, a, "%s=: %s, ignoring: %s", dname(d, a), why, value);
        if (l->n >= UNIT_LIST_MAX)
                return invalid_value(diags, a, "%s=: too many entries", dname(d, a));
        t = realloc(l->items, (l->n + 1) * sizeof(EnvironmentFile));
        if (!t)
                return -ENOMEM;
        l->items = t;
        l->items[l->n++] = (EnvironmentFile){
                .path = TAKE_PTR(path),
                .ignore_missing = ignore,
                .origin = origin_from_assignment(a),
        };
        return 0;
}

/* PassEnvironment= (names) and UnsetEnvironment= (names or assignments). */
static int parse_env_names(Unit *u, StrvWithOrigin *l, bool allow_assignment, ExtractFlags ef,
                           const Directive *d, const Assignment *a, const char *value,
                           DiagList *diags)
{
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

                r = extract_first_word(&p, &word, NULL, ef);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return invalid_value(diags, a, "%s=: trailing garbage, ignoring: %s",
                                             dname(d, a), value);
                if (r == 0)
                        return 0;
                r = part_expand(u, a, per_word, &word);
                if (r < 0)
                        return r;
                if (!env_name_is_valid(word) &&
                    !(allow_assignment && env_assignment_is_valid(word))) {
                        r = invalid_value(diags, a,
                                          "%s=: invalid environment name%s \"%s\", "
                                          "ignoring",
                                          dname(d, a), allow_assignment ? " or assignment" : "",
                                          word);
                        if (r < 0)
                                return r;
                        continue;
                }
                if (strv_contains(l->strv, word)) /* systemd merges uniquely */
                        continue;
                if (strv_length(l->strv) >= UNIT_LIST_MAX)
                        return invalid_value(diags, a, "%s=: too many entries", dname(d, a));
                r = strv_with_origin_add(l, word, o);
                if (r < 0)
                        return r;
        }
}

DECLARE_PARSER(config_parse_pass_environ)
{
        return parse_env_names(u, &u->exec.pass_environment, false, EXTRACT_UNQUOTE, d, a, value,
                               diags);
}

DECLARE_PARSER(config_parse_unset_environ)
{
        return parse_env_names(u, &u->exec.unset_environment, true,
                               EXTRACT_UNQUOTE | EXTRACT_CUNESCAPE, d, a, value, diags);
}

/* ---------------------------------------------------------------- credentials */

/* credential_name_valid(): a valid file name of printable ASCII without ':'. */
static bool credential_name_valid(const char *s)
{
        if (!filename_is_valid(s) || strlen(s) > 255)
                return false;
        for (const char *c = s; *c; c++)
                if ((unsigned char) *c < ' ' || (unsigned char) *c >= 127 || *c == ':')
                        return false;
        return true;
}

static bool directive_is_encrypted(const Directive *d, const Assignment *a)
{
        return endswith(dname(d, a), "Encrypted") != NULL;
}

DECLARE_PARSER(config_parse_load_credential)
{
        CredentialSettings *c = &u->exec.credentials;
        _cleanup_free_ char *id = NULL, *path = NULL;
        bool per_word;
        const char *p = split_source(d, a, value, &per_word);
        LoadCredential *t;
        int r;

        /* LoadCredential= and LoadCredentialEncrypted= share one table keyed by ID. */
        if (isempty(p)) {
                credential_settings_clear_load(c);
                return 0;
        }
        r = extract_first_word(&p, &id, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        if (r == -ENOMEM)
                return r;
        if (r <= 0)
                return invalid_value(diags, a, "%s=: invalid syntax, ignoring: %s", dname(d, a),
                                     value);
        r = part_expand(u, a, per_word, &id);
        if (r < 0)
                return r;
        if (!credential_name_valid(id))
                return invalid_value(diags, a, "%s=: credential name \"%s\" not valid, ignoring",
                                     dname(d, a), id);
        /* "ID" alone: inherit the credential of the same name from the manager. */
        path = strdup(isempty(p) ? id : p);
        if (!path)
                return -ENOMEM;
        if (!isempty(p)) {
                r = part_expand(u, a, per_word, &path);
                if (r < 0)
                        return r;
        }
        if (path_is_absolute(path) ? !path_is_normalized(path) : !credential_name_valid(path))
                return invalid_value(diags, a, "%s=: credential source \"%s\" not valid, ignoring",
                                     dname(d, a), path);

        for (size_t i = 0; i < c->n_load; i++)
                if (streq(c->load[i].id, id)) {
                        free(c->load[i].path);
                        c->load[i].path = TAKE_PTR(path);
                        c->load[i].encrypted = directive_is_encrypted(d, a);
                        c->load[i].origin = origin_from_assignment(a);
                        return 0;
                }
        if (c->n_load >= UNIT_LIST_MAX)
                return invalid_value(diags, a, "%s=: too many credentials", dname(d, a));
        t = realloc(c->load, (c->n_load + 1) * sizeof(LoadCredential));
        if (!t)
                return -ENOMEM;
        c->load = t;
        c->load[c->n_load++] = (LoadCredential){
                .id = TAKE_PTR(id),
                .path = TAKE_PTR(path),
                .encrypted = directive_is_encrypted(d, a),
                .origin = origin_from_assignment(a),
        };
        return 0;
}

static int base64_value(char c)
{
        if (c >= 'A' && c <= 'Z')
                return c - 'A';
        if (c >= 'a' && c <= 'z')
                return c - 'a' + 26;
        if (c >= '0' && c <= '9')
                return c - '0' + 52;
        if (c == '+')
                return 62;
        if (c == '/')
                return 63;
        return -1;
}

/* Base64 with whitespace ignored and "=" padding, as unbase64mem(): complete groups of four
 * only (padding is mandatory). */
int base64_decode(const char *s, char **ret, size_t *ret_size)
{
        size_t n = strlen(s), k = 0, bits = 0, pad = 0, chars = 0;
        _cleanup_free_ char *out = malloc(n / 4 * 3 + 4);
        uint32_t acc = 0;

        if (!out)
                return -ENOMEM;
        for (const char *c = s; *c; c++) {
                int v;
                if (strchr(WHITESPACE, *c))
                        continue;
                chars++;
                if (*c == '=') {
                        pad++;
                        continue;
                }
                if (pad > 0)
                        return -EINVAL; /* data after padding */
                v = base64_value(*c);
                if (v < 0)
                        return -EINVAL;
                acc = (acc << 6) | (uint32_t) v;
                bits += 6;
                if (bits >= 8) {
                        bits -= 8;
                        out[k++] = (char) ((acc >> bits) & 0xff);
                }
        }
        if (chars % 4 != 0 || pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
                return -EINVAL;
        out[k] = '\0';
        *ret = TAKE_PTR(out);
        *ret_size = k;
        return 0;
}

DECLARE_PARSER(config_parse_set_credential)
{
        CredentialSettings *c = &u->exec.credentials;
        _cleanup_free_ char *id = NULL, *data = NULL;
        bool encrypted = directive_is_encrypted(d, a), per_word;
        /* systemd expands specifiers in the ID only, never in the data. */
        const char *p = split_source(d, a, value, &per_word);
        SetCredential *t;
        size_t size = 0;
        int r;

        /* The value may be a secret: diagnostics never quote it. */
        if (isempty(p)) {
                credential_settings_clear_set(c); /* wipes the data */
                return 0;
        }
        r = extract_first_word(&p, &id, ":", EXTRACT_DONT_COALESCE_SEPARATORS);
        if (r == -ENOMEM)
                return r;
        if (r <= 0 || isempty(p))
                return invalid_value(diags, a, "%s=: invalid syntax (expected ID:VALUE), ignoring",
                                     dname(d, a));
        r = part_expand(u, a, per_word, &id);
        if (r < 0)
                return r;
        if (!credential_name_valid(id))
                return invalid_value(diags, a, "%s=: credential name \"%s\" not valid, ignoring",
                                     dname(d, a), id);
        if (encrypted) {
                r = base64_decode(p, &data, &size);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return invalid_value(
                                diags, a,
                                "%s=: encrypted credential \"%s\" is not valid Base64, "
                                "ignoring",
                                dname(d, a), id);
        } else {
                r = cunescape_length(p, strlen(p), false, true, &data);
                if (r == -ENOMEM)
                        return r;
                if (r < 0)
                        return invalid_value(diags, a,
                                             "%s=: cannot unescape the value of credential \"%s\", "
                                             "ignoring",
                                             dname(d, a), id);
                size = (size_t) r;
        }

        for (size_t i = 0; i < c->n_set; i++)
                if (streq(c->set[i].id, id)) {
                        if (c->set[i].data) /* the old value may be a secret */
                                explicit_bzero(c->set[i].data, c->set[i].size);
                        free(c->set[i].data);
                        c->set[i].data = TAKE_PTR(data);
                        c->set[i].size = size;
                        c->set[i].encrypted = encrypted;
                        c->set[i].origin = origin_from_assignment(a);
                        return 0;
                }
        if (c->n_set >= UNIT_LIST_MAX) {
                if (data)
                        explicit_bzero(data, size);
                return invalid_value(diags, a, "%s=: too many credentials", dname(d, a));
        }
        t = realloc(c->set, (c->n_set + 1) * sizeof(SetCredential));
        if (!t)
                return -ENOMEM;
        c->set = t;
        c->set[c->n_set++] = (SetCredential){
                .id = TAKE_PTR(id),
                .data = TAKE_PTR(data),
                .size = size,
                .encrypted = encrypted,
                .origin = origin_from_assignment(a),
        };
        return 0;
}

/* credential_glob_valid() (v254): a credential name, or a name prefix followed by one "*". */
static bool credential_glob_valid(const char *s)
{
        _cleanup_free_ char *prefix = NULL;
        size_t n = strlen(s);

        if (n == 0 || n > 255)
                return false;
        if (s[n - 1] != '*')
                return credential_name_valid(s);
        if (strcspn(s, "*?[]") != n - 1)
                return false;
        if (n == 1)
                return true;
        prefix = strndup(s, n - 1);
        return prefix && credential_name_valid(prefix);
}

DECLARE_PARSER(config_parse_import_credential)
{
        StrvWithOrigin *l = &u->exec.credentials.import;

        if (isempty(value)) {
                strv_with_origin_reset(l);
                return 0;
        }
        if (!credential_glob_valid(value))
                return invalid_value(diags, a,
                                     "%s=: credential name or glob \"%s\" not valid, ignoring",
                                     dname(d, a), value);
        if (strv_contains(l->strv, value))
                return 0;
        if (strv_length(l->strv) >= UNIT_LIST_MAX)
                return invalid_value(diags, a, "%s=: too many entries", dname(d, a));
        return strv_with_origin_add(l, value, origin_from_assignment(a));
}
