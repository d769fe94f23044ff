/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Exec*=, environment and credential parsers; environment files; exec-time $VAR expansion. */
#include <string.h>

#include "env-util.h"
#include "exec-util.h"
#include "parsers.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static unsigned line_no;

static int parse_lt(Unit *u, DirectiveParser fn, const char *name, int ltype, const char *value,
                    DiagList *diags)
{
        Directive d = {.name = name, .section = SECTION_SERVICE, .ltype = ltype};
        Assignment a = {.key = (char *) name,
                        .value = (char *) value,
                        .file = "t.service",
                        .line = ++line_no};
        return fn(u, &d, &a, value, diags);
}

#define P(u, fn, name, value, diags) ASSERT_OK(parse_lt(u, fn, name, 0, value, diags))
#define PE(u, type, value, diags)                                                                  \
        ASSERT_OK(parse_lt(u, config_parse_exec, "ExecStart", type, value, diags))

static bool argv_is(char *const *argv, const char *joined)
{
        _cleanup_free_ char *j = strv_join(argv, "|");
        return j && strcmp(j, joined) == 0;
}

TEST(exec_basic_and_prefixes)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        ExecCommandList *l = &u->service.exec[SERVICE_EXEC_START];

        PE(u, SERVICE_EXEC_START, "/usr/bin/foo --a \"b c\" 'd e' f\\tg", &dl);
        ASSERT_EQ(l->n, 1u);
        ASSERT_STREQ(l->items[0].path, "/usr/bin/foo");
        ASSERT_TRUE(argv_is(l->items[0].argv, "/usr/bin/foo|--a|b c|d e|f\tg"));
        ASSERT_EQ(l->items[0].flags, 0);
        ASSERT_EQ(l->items[0].origin.line, line_no);

        PE(u, SERVICE_EXEC_START, "-@/bin/sh mysh -c true", &dl);
        ASSERT_EQ(l->n, 2u);
        ASSERT_STREQ(l->items[1].path, "/bin/sh");
        ASSERT_TRUE(argv_is(l->items[1].argv, "mysh|-c|true"));
        ASSERT_EQ(l->items[1].flags, EXEC_COMMAND_IGNORE_FAILURE | EXEC_COMMAND_ARGV0);

        PE(u, SERVICE_EXEC_START, ":+/bin/a", &dl);
        ASSERT_EQ(l->items[2].flags, EXEC_COMMAND_NO_ENV_EXPAND | EXEC_COMMAND_FULLY_PRIVILEGED);
        PE(u, SERVICE_EXEC_START, "!!/bin/b", &dl);
        ASSERT_EQ(l->items[3].flags, EXEC_COMMAND_AMBIENT_MAGIC);
        PE(u, SERVICE_EXEC_START, "!/bin/c", &dl);
        ASSERT_EQ(l->items[4].flags, EXEC_COMMAND_NO_SETUID);
        /* A bare name is allowed (searched at exec time); the path is simplified, argv[0] not. */
        PE(u, SERVICE_EXEC_START, "true", &dl);
        ASSERT_STREQ(l->items[5].path, "true");
        PE(u, SERVICE_EXEC_START, "//usr//bin/./x", &dl);
        ASSERT_STREQ(l->items[6].path, "/usr/bin/x");
        ASSERT_STREQ(l->items[6].argv[0], "//usr//bin/./x");
        ASSERT_EQ(dl.n, 0u);

        /* "|" (run via the shell) exists from v258 only. */
        PE(u, SERVICE_EXEC_START, "|/bin/d", &dl);
        ASSERT_EQ(l->n, 7u);
        ASSERT_EQ(dl.n, 1u);
        u->systemd_version = 258;
        PE(u, SERVICE_EXEC_START, "|-/bin/d", &dl);
        ASSERT_EQ(l->n, 8u);
        ASSERT_EQ(l->items[7].flags, EXEC_COMMAND_VIA_SHELL | EXEC_COMMAND_IGNORE_FAILURE);
        u->systemd_version = 252;
        diag_list_done(&dl);

        /* Empty resets only this type. */
        PE(u, SERVICE_EXEC_STOP, "/bin/stop", &dl);
        PE(u, SERVICE_EXEC_START, "", &dl);
        ASSERT_EQ(l->n, 0u);
        ASSERT_EQ(u->service.exec[SERVICE_EXEC_STOP].n, 1u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(exec_multiple_and_semicolons)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        ExecCommandList *l = &u->service.exec[SERVICE_EXEC_START_PRE];

        PE(u, SERVICE_EXEC_START_PRE, "/bin/a x ; /bin/b \\; y ; -/bin/c", &dl);
        ASSERT_EQ(l->n, 3u);
        ASSERT_TRUE(argv_is(l->items[0].argv, "/bin/a|x"));
        ASSERT_TRUE(argv_is(l->items[1].argv, "/bin/b|;|y"));
        ASSERT_EQ(l->items[2].flags, EXEC_COMMAND_IGNORE_FAILURE);
        /* A quoted ";" and "x;" are ordinary arguments. */
        PE(u, SERVICE_EXEC_START_PRE, "/bin/d \";\" x;", &dl);
        ASSERT_EQ(l->n, 4u);
        ASSERT_TRUE(argv_is(l->items[3].argv, "/bin/d|;|x;"));
        ASSERT_EQ(dl.n, 0u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(exec_invalid)
{
        static const char *const bad[] = {"bin/foo", "/bin/", "@/bin/foo", "-", "/bin/fo\\\\o",
                                          "+!/bin/x", "/bin/x \"unterminated",
                                          /* string_is_safe(): quotes, DEL, control bytes */
                                          "/bin/a\\x22b", "/bin/a\\x27b", "/bin/a\\x7fb",
                                          "/bin/a\\x01b"};
        Unit *u = unit_new("t.service");
        DiagList dl = {0};

        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                size_t before = dl.n;
                PE(u, SERVICE_EXEC_START, bad[i], &dl);
                ASSERT_EQ(u->service.exec[SERVICE_EXEC_START].n, 0u);
                ASSERT_EQ(dl.n, before + 1);
                ASSERT_STREQ(dl.items[before].rule, "invalid-value");
        }
        /* Without "-" systemd refuses the unit: error; with "-": warning. */
        ASSERT_EQ(dl.items[0].severity, DIAG_ERROR);
        ASSERT_TRUE(u->bad_setting);
        u->bad_setting = false;
        PE(u, SERVICE_EXEC_START, "-bin/foo", &dl);
        ASSERT_EQ(dl.items[dl.n - 1].severity, DIAG_WARNING);
        ASSERT_FALSE(u->bad_setting);
        /* Commands before the bad one on the same line stay. */
        PE(u, SERVICE_EXEC_START, "/bin/ok ; rel/path", &dl);
        ASSERT_EQ(u->service.exec[SERVICE_EXEC_START].n, 1u);
        diag_list_done(&dl);
        unit_free(u);
}

TEST(environment_assignments)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        StrvWithOrigin *e = &u->exec.environment;

        P(u, config_parse_environ, "Environment", "A=1 \"B=two words\" C=x\\ty", &dl);
        ASSERT_TRUE(argv_is(e->strv, "A=1|B=two words|C=x\ty"));
        P(u, config_parse_environ, "Environment", "A=2 D= 1BAD=x NOEQ", &dl);
        ASSERT_TRUE(argv_is(e->strv, "A=2|B=two words|C=x\ty|D="));
        ASSERT_EQ(e->origins[0].line, line_no); /* replaced in place, new origin */
        ASSERT_EQ(e->origins[1].line, line_no - 1);
        ASSERT_EQ(dl.n, 2u);
        ASSERT_TRUE(strstr(dl.items[0].message, "1BAD") != NULL);
        ASSERT_TRUE(strstr(dl.items[0].message, "=x") == NULL); /* value not echoed */
        P(u, config_parse_environ, "Environment", "", &dl);
        ASSERT_EQ(strv_length(e->strv), 0u);

        P(u, config_parse_environ_file, "EnvironmentFile", "-/etc/default/foo", &dl);
        P(u, config_parse_environ_file, "EnvironmentFile", "/etc/a b", &dl);
        P(u, config_parse_environ_file, "EnvironmentFile", "relative", &dl);
        ASSERT_EQ(u->exec.environment_files.n, 2u);
        ASSERT_TRUE(u->exec.environment_files.items[0].ignore_missing);
        ASSERT_STREQ(u->exec.environment_files.items[1].path, "/etc/a b");
        ASSERT_EQ(dl.n, 3u);
        P(u, config_parse_environ_file, "EnvironmentFile", "", &dl);
        ASSERT_EQ(u->exec.environment_files.n, 0u);

        P(u, config_parse_pass_environ, "PassEnvironment", "PATH LANG PATH 9X", &dl);
        ASSERT_TRUE(argv_is(u->exec.pass_environment.strv, "PATH|LANG"));
        P(u, config_parse_unset_environ, "UnsetEnvironment", "TERM A=1 A=", &dl);
        ASSERT_TRUE(argv_is(u->exec.unset_environment.strv, "TERM|A=1|A="));
        diag_list_done(&dl);
        unit_free(u);
}

static char **envf(const char *text, DiagList *dl)
{
        char **l = NULL;
        if (env_file_parse(text, strlen(text), "f.env", &l, dl) < 0)
                return NULL;
        return l ? l : calloc(1, sizeof(char *));
}

TEST(environment_file_contents)
{
        DiagList dl = {0};
        char **l;

        l = envf("# comment\n; also\nA=1\n  B = two  \nC=\"quoted # not comment\"\n", &dl);
        ASSERT_TRUE(argv_is(l, "A=1|B=two|C=quoted # not comment"));
        strv_free(l);

        /* Single quotes literal; double-quote escapes only for \" \\ \` \$. */
        l = envf("A='x\\y'\nB=\"a\\\"b\\$c\\qd\"\n", &dl);
        ASSERT_TRUE(argv_is(l, "A=x\\y|B=a\"b$c\\qd"));
        strv_free(l);

        /* Continuation lines, escapes in unquoted values, later wins, no final newline. */
        l = envf("A=one\\\ntwo\nB=x\\ y\nA=three\nC=\"multi\nline\"", &dl);
        ASSERT_TRUE(argv_is(l, "A=three|B=x y|C=multi\nline"));
        strv_free(l);

        /* Quotes join with what follows but are literal mid-value; a key without "=" is
         * dropped (a line starting with "=" too); "export" is not special. */
        l = envf("A=\"x\"y 'z'\nJUSTKEY\nexport E=1\n=nokey\nB= \"q\"  \n", &dl);
        if (!argv_is(l, "A=xy 'z'|export E=1|B=q"))
                fprintf(stderr, "# got: %s\n", strv_join(l, "|"));
        ASSERT_TRUE(argv_is(l, "A=xy 'z'|export E=1|B=q"));
        /* … and strv_env_clean() drops what systemd drops before exec. */
        strv_env_clean(l, "f.env", &dl);
        ASSERT_TRUE(argv_is(l, "A=xy 'z'|B=q"));
        ASSERT_EQ(dl.n, 1u);
        strv_free(l);

        /* strv_env_clean(): the last of each name survives, at its own position. */
        l = NULL;
        ASSERT_OK(strv_extend(&l, "A=1"));
        ASSERT_OK(strv_extend(&l, "B=2"));
        ASSERT_OK(strv_extend(&l, "A=3"));
        strv_env_clean(l, NULL, NULL);
        ASSERT_TRUE(argv_is(l, "B=2|A=3"));
        strv_free(l);

        /* Invalid UTF-8 in a value: the entry is skipped with a diagnostic. */
        l = envf("A=\xff\nB=ok\n", &dl);
        ASSERT_TRUE(argv_is(l, "B=ok"));
        ASSERT_EQ(dl.n, 2u);
        strv_free(l);
        /* A comment ending in a backslash continues onto the next line. */
        l = envf("#c \\\nX=hidden\nY=1\n", &dl);
        ASSERT_TRUE(argv_is(l, "Y=1"));
        strv_free(l);
        /* Empty value. */
        l = envf("E=\nF=\"\"\n", &dl);
        ASSERT_TRUE(argv_is(l, "E=|F="));
        strv_free(l);
        diag_list_done(&dl);
}

TEST(exec_env_expansion)
{
        char *const env[] = {"A=one", "B=two words", "Q=x 'y z'", "A=uno", "E=", NULL};
        char *const argv[] = {"/bin/echo", "$A",  "${B}",    "pre${A}post", "$B",
                              "x$A",       "$$A", "${NOPE}", "$NOPE",       "${A:-d}",
                              "$Q",        "$E",  "a$$b",    "${A",         NULL};
        char **out = NULL;

        ASSERT_OK(exec_expand_argv(argv, env, &out));
        ASSERT_TRUE(argv_is(out, "/bin/echo|uno|two words|preunopost|two|words|x$A|$A||${A:-d}|x|"
                                 "y z|a$b|${A"));
        strv_free(out);
        ASSERT_OK(exec_expand_argv((char *const[]){"$B", NULL}, NULL, &out));
        ASSERT_EQ(strv_length(out), 0u);
        strv_free(out);
}

TEST(credentials)
{
        Unit *u = unit_new("t.service");
        DiagList dl = {0};
        CredentialSettings *c = &u->exec.credentials;

        P(u, config_parse_load_credential, "LoadCredential", "cert:/etc/ssl/cert.pem", &dl);
        P(u, config_parse_load_credential, "LoadCredential", "token", &dl);
        P(u, config_parse_load_credential, "LoadCredentialEncrypted", "cert:/etc/x.cred", &dl);
        ASSERT_EQ(c->n_load, 2u);
        ASSERT_STREQ(c->load[0].path, "/etc/x.cred");
        ASSERT_TRUE(c->load[0].encrypted);
        ASSERT_STREQ(c->load[1].path, "token");
        P(u, config_parse_load_credential, "LoadCredential", "bad/id:/x", &dl);
        P(u, config_parse_load_credential, "LoadCredential", "id:/a/../b", &dl);
        ASSERT_EQ(dl.n, 2u);

        P(u, config_parse_set_credential, "SetCredential", "pw:s3cret\\n", &dl);
        ASSERT_EQ(c->n_set, 1u);
        ASSERT_EQ(c->set[0].size, 7u);
        ASSERT_EQ(memcmp(c->set[0].data, "s3cret\n", 7), 0);
        P(u, config_parse_set_credential, "SetCredentialEncrypted", "k:aGVsbG8=", &dl);
        ASSERT_EQ(c->set[1].size, 5u);
        ASSERT_EQ(memcmp(c->set[1].data, "hello", 5), 0);
        P(u, config_parse_set_credential, "SetCredentialEncrypted", "k2:not*base64", &dl);
        P(u, config_parse_set_credential, "SetCredentialEncrypted", "k3:aGVsbG8", &dl); /* no = */
        P(u, config_parse_set_credential, "SetCredential", "nodata", &dl);
        ASSERT_EQ(c->n_set, 2u);
        ASSERT_EQ(dl.n, 5u);
        for (size_t i = 0; i < dl.n; i++)
                ASSERT_TRUE(strstr(dl.items[i].message, "s3cret") == NULL);

        P(u, config_parse_import_credential, "ImportCredential", "foo.*", &dl);
        P(u, config_parse_import_credential, "ImportCredential", "a*b*", &dl);
        ASSERT_EQ(strv_length(c->import.strv), 1u);
        ASSERT_EQ(dl.n, 6u);
        P(u, config_parse_load_credential, "LoadCredential", "", &dl);
        ASSERT_EQ(c->n_load, 0u);
        diag_list_done(&dl);
        unit_free(u);
}

/* Specifiers are expanded per word after splitting, as systemd does: an instance with a blank
 * stays one argument, and SetCredential= data is never expanded. */
TEST(specifiers_per_word)
{
        static const char text[] = "[Service]\n"
                                   "ExecStart=/bin/echo %I \"x %I\" %i\n"
                                   "Environment=A=%I B=%%\n"
                                   "BindPaths=/srv/%I:/mnt/%I\n"
                                   "SetCredential=cred-%I:secret%I\n"
                                   "ReadOnlyPaths=-/data/%I\n";
        const char *id = "foo@a\\x20b.service";
        Unit *u = NULL;
        DiagList dl = {0};
        ExecCommandList *l;

        if (unit_load_buffer(id, id, text, strlen(text), NULL, &u, &dl) < 0 || !u)
                TEST_SKIP("unit_load_buffer() not available");
        l = &u->service.exec[SERVICE_EXEC_START];
        ASSERT_EQ(l->n, 1u);
        ASSERT_TRUE(argv_is(l->items[0].argv, "/bin/echo|a b|x a b|a\\x20b"));
        ASSERT_TRUE(argv_is(u->exec.environment.strv, "A=a b|B=%"));
        ASSERT_EQ(u->exec.bind_mounts.n, 1u);
        ASSERT_STREQ(u->exec.bind_mounts.items[0].source, "/srv/a b");
        ASSERT_STREQ(u->exec.bind_mounts.items[0].destination, "/mnt/a b");
        ASSERT_EQ(u->exec.credentials.n_set, 1u);
        ASSERT_STREQ(u->exec.credentials.set[0].id, "cred-a b");
        ASSERT_STREQ(u->exec.credentials.set[0].data, "secret%I");
        ASSERT_EQ(u->exec.read_only_paths.n, 1u);
        ASSERT_STREQ(u->exec.read_only_paths.items[0].path, "/data/a b");
        ASSERT_TRUE(u->exec.read_only_paths.items[0].ignore_missing);
        diag_list_done(&dl);
        unit_free(u);

        /* An expansion to nothing is not an empty assignment (no reset). */
        u = NULL;
        if (unit_load_buffer("bar.service", "bar.service",
                             "[Service]\nEnvironment=A=1\nEnvironment=%i\n", 41, NULL, &u, &dl) < 0)
                TEST_SKIP("unit_load_buffer() failed");
        ASSERT_TRUE(argv_is(u->exec.environment.strv, "A=1"));
        ASSERT_TRUE(diag_list_has_rule(&dl, "invalid-value"));
        diag_list_done(&dl);
        unit_free(u);

        /* A '%' that is no specifier inside a SetCredential= secret does not lose the line:
         * systemd expands the ID only. */
        static const char cred[] = "[Service]\nSetCredential=pw:ab%zc\n";
        u = NULL;
        ASSERT_OK(
                unit_load_buffer("bar.service", "bar.service", cred, strlen(cred), NULL, &u, &dl));
        ASSERT_EQ(u->exec.credentials.n_set, 1u);
        ASSERT_STREQ(u->exec.credentials.set[0].id, "pw");
        ASSERT_STREQ(u->exec.credentials.set[0].data, "ab%zc");
        ASSERT_FALSE(diag_list_has_rule(&dl, "unknown-specifier"));
        diag_list_done(&dl);
        unit_free(u);
}
