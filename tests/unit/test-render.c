/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render.h"
#include "tests.h"

static int render(const char *tmpl, RenderSources *s, char **out, RenderError *e)
{
        size_t n;
        return render_template(tmpl, strlen(tmpl), render_lookup_default, s, out, &n, e);
}

TEST(fills_from_environment)
{
        char *env[] = {"USER_NAME=alice", "PORT=5432", "EMPTY=", NULL};
        RenderSources s = {.env = env};
        RenderError e = {0};
        char *out = NULL;
        ASSERT_OK(render("u={{USER_NAME}} p={{ PORT }}\ne=[{{EMPTY}}] {x} {{\tPORT\t}}\n", &s, &out,
                         &e));
        ASSERT_STREQ(out, "u=alice p=5432\ne=[] {x} 5432\n");
        free(out);
        ASSERT_OK(render("no placeholders", &s, &out, &e));
        ASSERT_STREQ(out, "no placeholders");
        free(out);
        ASSERT_OK(render("", &s, &out, &e));
        ASSERT_STREQ(out, "");
        free(out);
}

TEST(missing_name_fails_with_line_and_name_only)
{
        char *env[] = {"A=secret-a", NULL};
        RenderSources s = {.env = env};
        RenderError e = {0};
        char *out = NULL;
        ASSERT_ERROR(render("a={{A}}\nb={{B}}\n", &s, &out, &e), ENOENT);
        ASSERT_NULL(out);
        ASSERT_EQ(e.line, 2);
        ASSERT_STREQ(e.name, "B");
}

TEST(syntax_errors)
{
        RenderSources s = {0};
        RenderError e = {0};
        char *out = NULL;
        ASSERT_ERROR(render("x\ny={{A\n}}", &s, &out, &e), EINVAL);
        ASSERT_EQ(e.line, 2);
        ASSERT_ERROR(render("{{}}", &s, &out, &e), EINVAL);
        ASSERT_ERROR(render("{{../etc/passwd}}", &s, &out, &e), EINVAL);
        ASSERT_ERROR(render("{{a/b}}", &s, &out, &e), EINVAL);
        ASSERT_ERROR(render("{{.hidden}}", &s, &out, &e), EINVAL);
        ASSERT_ERROR(render("{{a b}}", &s, &out, &e), EINVAL);
        ASSERT_ERROR(render("tail {{", &s, &out, &e), EINVAL);
        ASSERT_NULL(out);
        ASSERT_TRUE(render_name_is_valid("db.pass@host:1-x_y"));
        ASSERT_FALSE(render_name_is_valid(""));
}

TEST(credentials_first_then_environment)
{
        char dir[] = "/tmp/test-render.XXXXXX", p[256];
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(p, sizeof p, "%s/pw", dir);
        int fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0400);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(write(fd, "from-cred\n", 10), 10);
        close(fd);
        snprintf(p, sizeof p, "%s/link", dir);
        ASSERT_EQ(symlink("/etc/hostname", p), 0);
        snprintf(p, sizeof p, "%s/big", dir);
        fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0400);
        ASSERT_GE(fd, 0);
        ASSERT_EQ(ftruncate(fd, RENDER_CREDENTIAL_MAX + 1), 0);
        close(fd);

        char *env[] = {"pw=from-env", "other=env-only", "link=env", NULL};
        RenderSources s = {.credentials_directory = dir, .env = env};
        RenderError e = {0};
        char *out = NULL;
        ASSERT_OK(render("{{pw}} {{other}}", &s, &out, &e));
        ASSERT_STREQ(out, "from-cred env-only"); /* one trailing newline dropped */
        free(out);
        /* a symlink in the credentials directory is refused, not followed */
        ASSERT_ERROR(render("{{link}}", &s, &out, &e), ELOOP);
        ASSERT_ERROR(render("{{big}}", &s, &out, &e), EFBIG);

        snprintf(p, sizeof p, "rm -rf %s", dir);
        ASSERT_EQ(system(p), 0);
}

TEST(template_limits)
{
        RenderSources s = {0};
        RenderError e = {0};
        char *out = NULL;
        size_t n;
        char nul[] = {'a', '\0', 'b'};
        ASSERT_ERROR(render_template(nul, 3, render_lookup_default, &s, &out, &n, &e), EINVAL);
        ASSERT_ERROR(render_template("x", RENDER_TEMPLATE_MAX + 1, render_lookup_default, &s, &out,
                                     &n, &e),
                     EFBIG);
}
