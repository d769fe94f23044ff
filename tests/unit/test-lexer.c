/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Lexer: systemd 252's config_parse() line semantics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests.h"
#include "unit.h"

typedef struct Lexed {
        Unit *u;
        DiagList diags;
        int r;
} Lexed;

static Lexed lex(const char *id, const char *text, size_t size)
{
        Lexed l = {0};

        l.u = unit_new(id);
        if (!l.u)
                abort();
        l.r = unit_lex_buffer(l.u, "/t/x.service", text, size, false, &l.diags);
        return l;
}

#define LEX(text) lex("x.service", (text), strlen(text))

static void lexed_done(Lexed *l)
{
        unit_free(l->u);
        diag_list_done(&l->diags);
}

static const Diag *find_diag(const DiagList *l, const char *rule)
{
        for (size_t i = 0; i < l->n; i++)
                if (strcmp(l->items[i].rule, rule) == 0)
                        return &l->items[i];
        return NULL;
}

TEST(basic_assignments)
{
        Lexed l = LEX("[Unit]\nDescription = hello world  \n\n[Service]\n  ExecStart=/bin/true\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 2);
        ASSERT_STREQ(l.u->assignments[0].section, "Unit");
        ASSERT_STREQ(l.u->assignments[0].key, "Description");
        ASSERT_STREQ(l.u->assignments[0].value, "hello world");
        ASSERT_EQ(l.u->assignments[0].line, 2);
        ASSERT_EQ(l.u->assignments[0].column, 15);
        ASSERT_STREQ(l.u->assignments[0].file, "/t/x.service");
        ASSERT_STREQ(l.u->assignments[1].section, "Service");
        ASSERT_STREQ(l.u->assignments[1].value, "/bin/true");
        ASSERT_EQ(l.u->assignments[1].line, 5);
        ASSERT_EQ(l.u->assignments[1].column, 13);
        ASSERT_EQ(l.diags.n, 0);
        lexed_done(&l);
}

TEST(continuation_and_comments)
{
        Lexed l = LEX("[Service]\n"
                      "ExecStart=/usr/bin/true \\\n"
                      "    --flag-one \\\n"
                      "# comment inside\n"
                      "    --flag-two\n"
                      "X=a \\\n"
                      "; semicolon comment\n"
                      "  b\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 2);
        ASSERT_STREQ(l.u->assignments[0].value, "/usr/bin/true      --flag-one      --flag-two");
        ASSERT_EQ(l.u->assignments[0].line, 2);
        ASSERT_STREQ(l.u->assignments[1].value, "a    b"); /* "a " + blank for "\\" + "  b" */
        lexed_done(&l);
}

TEST(backslash_then_spaces_is_not_continuation)
{
        Lexed l = LEX("[Service]\nRestrictAddressFamilies=AF_UNIX \\   \nAF_INET\nA=\\\\\nB=c\n");
        const Diag *d;
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 3);
        ASSERT_STREQ(l.u->assignments[0].value, "AF_UNIX \\");
        /* an even number of backslashes does not continue either */
        ASSERT_STREQ(l.u->assignments[1].value, "\\\\");
        ASSERT_STREQ(l.u->assignments[2].key, "B");
        d = find_diag(&l.diags, "syntax");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->line, 3);
        ASSERT_STREQ(d->message, "Missing '=', ignoring line.");
        lexed_done(&l);
}

TEST(continuation_value_on_next_line)
{
        Lexed l = LEX("[Service]\nProtectSystem=\\\nstrict\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_STREQ(l.u->assignments[0].value, "strict");
        ASSERT_EQ(l.u->assignments[0].column, 0);
        lexed_done(&l);
}

TEST(trailing_backslash_at_eof)
{
        Lexed l = LEX("[Service]\nExecStart=/bin/foo \\");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_STREQ(l.u->assignments[0].value, "/bin/foo");
        lexed_done(&l);
}

TEST(crlf_and_cr)
{
        Lexed l = LEX("[Service]\r\nA=1\r\nB=2\rC=3 \\\r\n 4\r\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 3);
        ASSERT_STREQ(l.u->assignments[0].value, "1");
        ASSERT_EQ(l.u->assignments[1].line, 3);
        ASSERT_STREQ(l.u->assignments[1].value, "2");
        ASSERT_EQ(l.u->assignments[2].line, 4);
        ASSERT_STREQ(l.u->assignments[2].value, "3   4");
        lexed_done(&l);
}

TEST(nul_byte_refused)
{
        static const char t[] = "[Service]\nA=1\nB=\0x\n";
        Lexed l = lex("x.service", t, sizeof(t) - 1);
        const Diag *d;
        ASSERT_ERROR(l.r, EBADMSG);
        d = find_diag(&l.diags, "nul-byte");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->line, 3);
        ASSERT_EQ(d->severity, DIAG_ERROR);
        lexed_done(&l);
}

TEST(invalid_utf8)
{
        Lexed l = LEX("[Service]\nA=\xff\xfe\n");
        ASSERT_ERROR(l.r, EBADMSG);
        ASSERT_NOT_NULL(find_diag(&l.diags, "invalid-utf8"));
        lexed_done(&l);

        /* systemd never looks at comments: only a warning there */
        l = LEX("# caf\xe9\n[Service]\nA=1\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_EQ(find_diag(&l.diags, "invalid-utf8")->severity, DIAG_WARNING);
        lexed_done(&l);
}

TEST(long_line)
{
        size_t n = UNIT_LINE_MAX + 16;
        char *t = malloc(n + 32);
        Lexed l;
        ASSERT_NOT_NULL(t);
        strcpy(t, "[Service]\nA=");
        memset(t + 12, 'x', n);
        t[12 + n] = '\0';
        l = LEX(t);
        free(t);
        ASSERT_ERROR(l.r, EBADMSG);
        ASSERT_NOT_NULL(find_diag(&l.diags, "line-too-long"));
        lexed_done(&l);
}

TEST(file_too_large)
{
        size_t n = UNIT_FILE_SIZE_MAX + 1;
        char *t = malloc(n);
        Lexed l;
        ASSERT_NOT_NULL(t);
        memset(t, '#', n);
        l = lex("x.service", t, n);
        free(t);
        ASSERT_ERROR(l.r, EBADMSG);
        ASSERT_NOT_NULL(find_diag(&l.diags, "file-too-large"));
        lexed_done(&l);
}

TEST(sections)
{
        Lexed l = LEX("A=outside\n"
                      "[Socket]\nListenStream=1\n"
                      "[X-Mine]\nFoo=bar\n"
                      "[Service]\nX-Key=1\nB=2\n"
                      "[Install]\nWantedBy=multi-user.target\n");
        const Diag *d;
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 3);
        ASSERT_STREQ(l.u->assignments[0].key, "X-Key");
        ASSERT_STREQ(l.u->assignments[2].section, "Install");
        d = find_diag(&l.diags, "syntax");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->line, 1);
        ASSERT_STREQ(d->message, "Assignment outside of section. Ignoring.");
        d = find_diag(&l.diags, "unknown-section");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->line, 2);
        ASSERT_STREQ(d->message, "Unknown section 'Socket'. Ignoring.");
        ASSERT_EQ(l.diags.n, 2); /* X- section is silent, its keys are not reported */
        lexed_done(&l);
}

TEST(bad_section_header_refuses_file)
{
        Lexed l = LEX("[Service\nA=1\n");
        ASSERT_ERROR(l.r, EBADMSG);
        ASSERT_STREQ(find_diag(&l.diags, "syntax")->message, "Invalid section header '[Service'");
        lexed_done(&l);

        l = LEX("[Ser\"vice]\n");
        ASSERT_ERROR(l.r, EBADMSG);
        lexed_done(&l);

        /* every byte string_is_safe() refuses, and a few it accepts */
        for (int c = 1; c < 256; c++) {
                char text[] = "[Se?vice]\nA=1\n";
                bool bad = c < ' ' || c == '"' || c == '\'' || c == '\\' || c == 0x7f;
                text[3] = (char) c;
                if (c == '\n' || c == '\r' || c == ']' || c >= 0x80)
                        continue; /* a line end, the header's end, not UTF-8 alone */
                l = LEX(text);
                if (bad) {
                        ASSERT_ERROR(l.r, EBADMSG);
                        ASSERT_NOT_NULL(find_diag(&l.diags, "syntax"));
                } else
                        ASSERT_OK(l.r);
                lexed_done(&l);
        }
}

TEST(missing_key)
{
        Lexed l = LEX("[Service]\n=value\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 0);
        ASSERT_STREQ(find_diag(&l.diags, "syntax")->message,
                     "Missing key name before '=', ignoring line.");
        lexed_done(&l);
}

TEST(bom)
{
        Lexed l = LEX("\xEF\xBB\xBF[Service]\nA=1\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_EQ(l.diags.n, 0);
        lexed_done(&l);

        /* like systemd, a BOM in front of a comment hides the comment marker */
        l = LEX("\xEF\xBB\xBF# c\n[Service]\nA=1\n");
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_NOT_NULL(find_diag(&l.diags, "syntax"));
        lexed_done(&l);
}

TEST(dropin_flag_and_interning)
{
        Unit *u = unit_new("x.service");
        DiagList d = {0};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(unit_lex_buffer(u, "/a.service", "[Service]\nA=1\n", 14, false, &d));
        ASSERT_OK(unit_lex_buffer(u, "/a.d/b.conf", "[Service]\nA=2\n", 14, true, &d));
        ASSERT_EQ(u->n_assignments, 2);
        ASSERT_FALSE(u->assignments[0].from_dropin);
        ASSERT_TRUE(u->assignments[1].from_dropin);
        ASSERT_STREQ(u->assignments[1].file, "/a.d/b.conf");
        ASSERT_TRUE(u->assignments[0].file == unit_intern_file(u, "/a.service"));
        unit_free(u);
        diag_list_done(&d);
}

TEST(line_continuation_fixture)
{
        char *text = test_read_data("units/tricky/line-continuation.service");
        Lexed l = LEX(text);
        size_t syntax = 0;
        free(text);
        ASSERT_OK(l.r);
        /* systemd: "Missing '=', ignoring line." at line 16 and nothing else from the lexer */
        for (size_t i = 0; i < l.diags.n; i++) {
                ASSERT_STREQ(l.diags.items[i].rule, "syntax");
                ASSERT_EQ(l.diags.items[i].line, 16);
                syntax++;
        }
        ASSERT_EQ(syntax, 1);
        ASSERT_EQ(l.u->n_assignments, 6);
        ASSERT_STREQ(l.u->assignments[1].value, "CAP_NET_BIND_SERVICE    CAP_CHOWN");
        ASSERT_STREQ(l.u->assignments[2].value, "strict");
        ASSERT_STREQ(l.u->assignments[4].value, "AF_UNIX \\");
        ASSERT_EQ(l.u->assignments[4].line, 15);
        lexed_done(&l);
}

TEST(systemd_line_numbers)
{
        /* systemd numbers a continued line by its last physical line; cordon keeps both */
        Lexed l = LEX("[Service]\nA=1 \\\n  2 \\\n# c\n  3\nnokey \\\nstill\nB=x \\");
        const Diag *d;
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 2);
        ASSERT_EQ(l.u->assignments[0].line, 2);
        ASSERT_EQ(l.u->assignments[0].line_end, 5);
        ASSERT_EQ(assignment_systemd_line(&l.u->assignments[0]), 5);
        d = find_diag(&l.diags, "syntax");
        ASSERT_NOT_NULL(d);
        ASSERT_EQ(d->line, 7);
        /* a continuation cut by EOF is numbered one past the last line, as systemd does */
        ASSERT_EQ(l.u->assignments[1].line, 8);
        ASSERT_EQ(l.u->assignments[1].line_end, 9);
        lexed_done(&l);
}

/* Random documents from interesting pieces (fixed seed): the lexer never crashes, and what it
 * records is well formed. */
TEST(random_documents_invariants)
{
        static const char *const pieces[] = {
                "[Service]",    "[Unit]", "[X-Foo]", "[Bad",     "[]",    "\n",        "\r\n",
                "\r",           "\\",     "\\\n",    " \\   \n", "#",     ";",         "=",
                "Key",          "X-Key",  " ",       "\t",       "value", "\"q\"",     "'",
                "\xef\xbb\xbf", "%",      "%n",      "\xc3\xa9", "\xff",  "ExecStart", "=/bin/true",
        };
        unsigned seed = 12345;

        for (int iter = 0; iter < 3000; iter++) {
                char buf[512];
                size_t len = 0;
                int n;
                Lexed l;

                seed = seed * 1103515245u + 12345u;
                n = (int) ((seed >> 16) % 40);
                for (int k = 0; k < n; k++) {
                        const char *p;
                        size_t pl;
                        seed = seed * 1103515245u + 12345u;
                        p = pieces[(seed >> 16) % ELEMENTSOF(pieces)];
                        pl = strlen(p);
                        if (len + pl >= sizeof(buf))
                                break;
                        memcpy(buf + len, p, pl);
                        len += pl;
                }
                l = lex("x.service", buf, len);
                ASSERT_TRUE(l.r == 0 || l.r == -EBADMSG);
                for (size_t i = 0; i < l.u->n_assignments; i++) {
                        const Assignment *a = &l.u->assignments[i];
                        ASSERT_TRUE(a->key[0] != '\0');
                        ASSERT_NULL(strchr(a->key, '='));
                        ASSERT_TRUE(unit_section_applies(l.u, a->section));
                        ASSERT_GE(a->line, 1);
                        ASSERT_LE(a->line, a->line_end);
                        ASSERT_NULL(strpbrk(a->value, "\r\n"));
                }
                if (l.r < 0)
                        ASSERT_GE(diag_list_count(&l.diags, DIAG_ERROR), 1);
                lexed_done(&l);
        }
}

/* Many assignments (the array grows in steps) and long continued lines (the line buffer
 * grows): every value and line number stays as written. */
TEST(many_and_long_lines)
{
        char *text = NULL, *p, expect[64];
        size_t size = 0;
        FILE *f = open_memstream(&text, &size);
        Lexed l;

        ASSERT_NOT_NULL(f);
        fputs("[Service]\n", f);
        for (int i = 0; i < 1000; i++)
                fprintf(f, "Environment=K%d=%d\n", i, i * 7);
        fputs("ExecStart=/bin/echo", f);
        for (int i = 0; i < 300; i++)
                fputs(" word \\\n", f); /* "word \" then a newline: continues */
        fputs("end\n", f);
        ASSERT_EQ(fclose(f), 0);

        l = lex("x.service", text, size);
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1001);
        for (int i = 0; i < 1000; i++) {
                const Assignment *a = &l.u->assignments[i];
                snprintf(expect, sizeof(expect), "K%d=%d", i, i * 7);
                ASSERT_STREQ(a->section, "Service");
                ASSERT_STREQ(a->key, "Environment");
                ASSERT_STREQ(a->value, expect);
                ASSERT_EQ(a->line, (unsigned) i + 2);
        }
        p = l.u->assignments[1000].value;
        ASSERT_TRUE(strncmp(p, "/bin/echo word  ", 16) == 0);
        ASSERT_EQ(strlen(p), strlen("/bin/echo") + 300 * strlen(" word  ") + strlen("end"));
        ASSERT_TRUE(strcmp(p + strlen(p) - 3, "end") == 0);
        ASSERT_EQ(l.u->assignments[1000].line, 1002);
        ASSERT_EQ(l.u->assignments[1000].line_end, 1302);
        lexed_done(&l);
        free(text);
}

TEST(sections_follow_unit_type)
{
        Lexed l = lex("x.socket", "[Socket]\nListenStream=1\n[Service]\nA=1\n", 38);
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 1);
        ASSERT_STREQ(l.u->assignments[0].section, "Socket");
        ASSERT_TRUE(diag_list_has_rule(&l.diags, "unknown-section"));
        lexed_done(&l);

        /* targets have no type section of their own */
        l = lex("x.target", "[Unit]\nA=1\n[Service]\nB=1\n[Install]\nC=1\n", 39);
        ASSERT_OK(l.r);
        ASSERT_EQ(l.u->n_assignments, 2);
        ASSERT_STREQ(l.u->assignments[1].section, "Install");
        lexed_done(&l);
}

TEST(warnings_are_capped)
{
        size_t n = 200000;
        char *t = malloc(n * 2 + 16);
        Lexed l;
        ASSERT_NOT_NULL(t);
        strcpy(t, "[Service]\n");
        for (size_t i = 0; i < n; i++)
                memcpy(t + 10 + 2 * i, "x\n", 2);
        t[10 + 2 * n] = '\0';
        l = LEX(t);
        free(t);
        ASSERT_OK(l.r);
        ASSERT_EQ(l.diags.n, 1001); /* 1000 findings and one "too many" note */
        ASSERT_STREQ(l.diags.items[1000].message,
                     "Too many problems in this file, not reporting more.");
        lexed_done(&l);
}
