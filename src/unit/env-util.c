/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "env-util.h"

#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "exec-util.h"
#include "extract-word.h"
#include "strbuf.h"
#include "string-util.h"
#include "strv.h"
#include "utf8.h"

#define ENV_NAME_CHARS ALPHANUMERICAL "_"
/* ARG_MAX bounds every assignment; 2 MiB is Linux' default (systemd asks sysconf). */
#define ENV_ARG_MAX (2u * 1024u * 1024u)

bool env_name_is_valid_n(const char *e, size_t n)
{
        if (!e || n == 0 || n > ENV_ARG_MAX - 2)
                return false;
        if (e[0] >= '0' && e[0] <= '9')
                return false;
        for (size_t i = 0; i < n; i++)
                if (!e[i] || !strchr(ENV_NAME_CHARS, e[i]))
                        return false;
        return true;
}

bool env_name_is_valid(const char *e)
{
        return e && env_name_is_valid_n(e, strlen(e));
}

bool env_value_is_valid(const char *e)
{
        return e && utf8_is_valid(e) && strlen(e) <= ENV_ARG_MAX - 3;
}

bool env_assignment_is_valid(const char *e)
{
        const char *eq = e ? strchr(e, '=') : NULL;

        return eq && env_name_is_valid_n(e, (size_t) (eq - e)) && env_value_is_valid(eq + 1) &&
               strlen(e) <= ENV_ARG_MAX - 1;
}

const char *strv_env_get_n(char *const *l, const char *name, size_t n)
{
        size_t len = strv_length(l);

        for (size_t i = len; i > 0; i--) {
                const char *s = l[i - 1];
                if (strncmp(s, name, n) == 0 && s[n] == '=')
                        return s + n + 1;
        }
        return NULL;
}

const char *strv_env_get(char *const *l, const char *name)
{
        return name ? strv_env_get_n(l, name, strlen(name)) : NULL;
}

int strv_env_replace(char ***l, const char *assignment)
{
        const char *eq = strchr(assignment, '=');
        size_t n = eq ? (size_t) (eq - assignment) : strlen(assignment);

        for (char **s = *l; s && *s; s++)
                if (strncmp(*s, assignment, n) == 0 && (*s)[n] == '=') {
                        char *c = strdup(assignment);
                        if (!c)
                                return -ENOMEM;
                        free(*s);
                        *s = c;
                        return 0;
                }
        return strv_extend(l, assignment);
}

void strv_env_clean(char **l, const char *fname, DiagList *diags)
{
        size_t w = 0;

        for (size_t i = 0; l && l[i]; i++) {
                if (env_assignment_is_valid(l[i])) {
                        /* A later assignment of the same name (valid or not) wins. */
                        size_t n = strcspn(l[i], "=");
                        bool dup = false;
                        for (size_t j = i + 1; l[j] && !dup; j++)
                                dup = strncmp(l[i], l[j], n) == 0 && l[j][n] == '=';
                        if (dup)
                                free(l[i]);
                        else
                                l[w++] = l[i];
                        continue;
                }
                if (diags) {
                        const char *eq = strchr(l[i], '=');
                        int len = eq ? (int) (eq - l[i]) : (int) strlen(l[i]);
                        /* Only the name: values may be secrets. */
                        (void) diag_add(diags, fname, 0, 0, "invalid-value", DIAG_WARNING, NULL,
                                        "ignoring invalid environment assignment for \"%.*s\"",
                                        len > 256 ? 256 : len, l[i]);
                }
                free(l[i]);
        }
        if (l)
                l[w] = NULL;
}

/* ---------------------------------------------------------------- environment files */

typedef enum EnvState {
        ENV_PRE_KEY,
        ENV_KEY,
        ENV_PRE_VALUE,
        ENV_VALUE,
        ENV_VALUE_ESCAPE,
        ENV_SINGLE_QUOTE,
        ENV_DOUBLE_QUOTE,
        ENV_DOUBLE_QUOTE_ESCAPE,
        ENV_COMMENT,
        ENV_COMMENT_ESCAPE,
} EnvState;

typedef struct EnvParser {
        StrBuf key, value;
        size_t key_ws, value_ws; /* start of trailing whitespace, SIZE_MAX = none */
        bool has_value;
        unsigned line, key_line;
        char **env;
        size_t n;
        const char *fname;
        DiagList *diags;
} EnvParser;

static int env_push(EnvParser *p, bool chomp_value)
{
        _cleanup_free_ char *a = NULL;
        const char *k, *v;
        int r;

        if (p->key.oom || p->value.oom)
                return -ENOMEM;
        if (p->key_ws != SIZE_MAX)
                strbuf_truncate(&p->key, p->key_ws);
        if (chomp_value && p->value_ws != SIZE_MAX)
                strbuf_truncate(&p->value, p->value_ws);
        k = strbuf_str(&p->key);
        v = strbuf_str(&p->value);

        if (!utf8_is_valid(k) || !utf8_is_valid(v)) {
                r = p->diags ? diag_add(p->diags, p->fname, p->key_line, 0, "invalid-value",
                                        DIAG_WARNING, NULL,
                                        "invalid UTF-8 in environment file entry, ignoring")
                             : 0;
                goto reset;
        }
        if (p->n >= ENV_FILE_ENTRIES_MAX) {
                r = -E2BIG;
                goto reset;
        }
        a = strjoin(k, "=", v);
        if (!a)
                return -ENOMEM;
        if (strv_env_get(p->env, k) == NULL)
                p->n++;
        r = strv_env_replace(&p->env, a);
reset:
        strbuf_truncate(&p->key, 0);
        strbuf_truncate(&p->value, 0);
        p->key_ws = p->value_ws = SIZE_MAX;
        return r;
}

/* One character of the state machine; mirrors load_env_file()'s states. */
static int env_step(EnvParser *p, EnvState *st, char c)
{
        bool nl = c == '\n' || c == '\r';
        bool ws = c == ' ' || c == '\t' || nl;

        switch (*st) {
        case ENV_PRE_KEY:
                if (c == '#' || c == ';')
                        *st = ENV_COMMENT;
                else if (!ws) {
                        *st = ENV_KEY;
                        p->key_ws = SIZE_MAX;
                        p->key_line = p->line;
                        strbuf_putc(&p->key, c);
                }
                break;
        case ENV_KEY:
                if (nl) { /* a key without "=": dropped */
                        *st = ENV_PRE_KEY;
                        strbuf_truncate(&p->key, 0);
                } else if (c == '=') {
                        *st = ENV_PRE_VALUE;
                        p->value_ws = SIZE_MAX;
                } else {
                        if (!ws)
                                p->key_ws = SIZE_MAX;
                        else if (p->key_ws == SIZE_MAX)
                                p->key_ws = p->key.len;
                        strbuf_putc(&p->key, c);
                }
                break;
        case ENV_PRE_VALUE:
                if (nl) {
                        *st = ENV_PRE_KEY;
                        return env_push(p, false);
                } else if (c == '\'')
                        *st = ENV_SINGLE_QUOTE;
                else if (c == '"')
                        *st = ENV_DOUBLE_QUOTE;
                else if (c == '\\')
                        *st = ENV_VALUE_ESCAPE;
                else if (!ws) {
                        *st = ENV_VALUE;
                        strbuf_putc(&p->value, c);
                }
                break;
        case ENV_VALUE:
                if (nl) {
                        *st = ENV_PRE_KEY;
                        return env_push(p, true);
                } else if (c == '\\') {
                        *st = ENV_VALUE_ESCAPE;
                        p->value_ws = SIZE_MAX;
                } else {
                        if (!ws)
                                p->value_ws = SIZE_MAX;
                        else if (p->value_ws == SIZE_MAX)
                                p->value_ws = p->value.len;
                        strbuf_putc(&p->value, c);
                }
                break;
        case ENV_VALUE_ESCAPE:
                *st = ENV_VALUE;
                if (!nl) /* an escaped newline is eaten */
                        strbuf_putc(&p->value, c);
                break;
        case ENV_SINGLE_QUOTE:
                if (c == '\'')
                        *st = ENV_PRE_VALUE;
                else
                        strbuf_putc(&p->value, c);
                break;
        case ENV_DOUBLE_QUOTE:
                if (c == '"')
                        *st = ENV_PRE_VALUE;
                else if (c == '\\')
                        *st = ENV_DOUBLE_QUOTE_ESCAPE;
                else
                        strbuf_putc(&p->value, c);
                break;
        case ENV_DOUBLE_QUOTE_ESCAPE:
                *st = ENV_DOUBLE_QUOTE;
                if (strchr("\"\\`$", c))
                        strbuf_putc(&p->value, c);
                else if (c != '\n') { /* like the shell: other backslashes stay */
                        strbuf_putc(&p->value, '\\');
                        strbuf_putc(&p->value, c);
                }
                break;
        case ENV_COMMENT:
                if (c == '\\')
                        *st = ENV_COMMENT_ESCAPE;
                else if (nl)
                        *st = ENV_PRE_KEY;
                break;
        case ENV_COMMENT_ESCAPE:
                *st = ENV_COMMENT;
                break;
        }
        return 0;
}

int env_file_parse(const char *data, size_t size, const char *fname, char ***ret, DiagList *diags)
{
        EnvParser p = {.key_ws = SIZE_MAX,
                       .value_ws = SIZE_MAX,
                       .line = 1,
                       .fname = fname,
                       .diags = diags};
        EnvState st = ENV_PRE_KEY;
        int r = 0;

        if (size > ENV_FILE_SIZE_MAX)
                return -EFBIG;
        for (size_t i = 0; i < size; i++) {
                char c = data[i];

                if (c == '\0') {
                        if (diags)
                                (void) diag_add(diags, fname, p.line, 0, "invalid-value",
                                                DIAG_WARNING, NULL,
                                                "NUL byte in environment file, ignoring the rest");
                        break;
                }
                r = env_step(&p, &st, c);
                if (r < 0)
                        goto fail;
                if (c == '\n')
                        p.line++;
        }
        /* End of data inside a value: push it (a pending key without "=" is dropped). */
        if (st == ENV_PRE_VALUE || st == ENV_VALUE || st == ENV_VALUE_ESCAPE ||
            st == ENV_SINGLE_QUOTE || st == ENV_DOUBLE_QUOTE || st == ENV_DOUBLE_QUOTE_ESCAPE) {
                r = env_push(&p, st == ENV_VALUE);
                if (r < 0)
                        goto fail;
        }
        strbuf_done(&p.key);
        strbuf_done(&p.value);
        *ret = p.env;
        return 0;
fail:
        strbuf_done(&p.key);
        strbuf_done(&p.value);
        strv_free(p.env);
        return r;
}

/* ---------------------------------------------------------------- exec-time expansion */

char *exec_replace_env(const char *word, char *const *env)
{
        StrBuf b = STRBUF_INIT;
        const char *p = word;

        while (*p) {
                const char *end;

                if (p[0] != '$') {
                        strbuf_putc(&b, *p++);
                        continue;
                }
                if (p[1] == '$') { /* "$$" is a literal "$" */
                        strbuf_putc(&b, '$');
                        p += 2;
                        continue;
                }
                if (p[1] != '{') { /* braceless inside a word: literal */
                        strbuf_putc(&b, *p++);
                        continue;
                }
                /* "${NAME}"; a ':' (e.g. "${A:-x}") or a missing '}' leaves the text as is. */
                end = p + 2 + strcspn(p + 2, "}:");
                if (*end != '}') {
                        strbuf_putn(&b, p, (size_t) (end - p));
                        p = end;
                        continue;
                }
                strbuf_puts(&b, strempty(strv_env_get_n(env, p + 2, (size_t) (end - p - 2))));
                p = end + 1;
        }
        if (b.oom) {
                strbuf_done(&b);
                return NULL;
        }
        return b.s ? strbuf_steal(&b) : strdup("");
}

int exec_expand_argv(char *const *argv, char *const *env, char ***ret)
{
        _cleanup_strv_free_ char **out = NULL;
        int r;

        STRV_FOREACH (a, argv) {
                /* A whole-word "$NAME" becomes the value split into words. */
                if ((*a)[0] == '$' && (*a)[1] != '{' && (*a)[1] != '$') {
                        const char *v = strv_env_get(env, *a + 1);

                        for (const char *q = v; q;) {
                                char *w = NULL;
                                r = extract_first_word(&q, &w, WHITESPACE,
                                                       EXTRACT_RELAX | EXTRACT_UNQUOTE);
                                if (r < 0)
                                        return r;
                                if (r == 0)
                                        break;
                                r = strv_push(&out, w);
                                if (r < 0)
                                        return r;
                        }
                        continue;
                }
                char *w = exec_replace_env(*a, env);
                if (!w)
                        return -ENOMEM;
                r = strv_push(&out, w);
                if (r < 0)
                        return r;
        }
        if (!out) {
                out = calloc(1, sizeof(char *));
                if (!out)
                        return -ENOMEM;
        }
        *ret = TAKE_PTR(out);
        return 0;
}
