/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit name validity and template/instance handling (systemd 252's unit-name.c rules). */
#include <string.h>

#include "specifier.h"
#include "tests.h"
#include "unit-name.h"

TEST(validity)
{
        ASSERT_TRUE(unit_name_is_valid("foo.service", false, false));
        ASSERT_TRUE(unit_name_is_valid("foo-bar_baz:1.2.service", false, false));
        ASSERT_TRUE(unit_name_is_valid("a\\x2db.socket", false, false));
        ASSERT_FALSE(unit_name_is_valid("foo", true, true));
        ASSERT_FALSE(unit_name_is_valid(".service", true, true));
        ASSERT_FALSE(unit_name_is_valid("foo.bogus", true, true));
        ASSERT_FALSE(unit_name_is_valid("foo bar.service", true, true));
        ASSERT_FALSE(unit_name_is_valid("fo/o.service", true, true));
        /* every byte against the documented class [A-Za-z0-9:_.\-\\] (plus '@') */
        for (int c = 1; c < 256; c++) {
                char name[] = "a?b.service";
                bool want = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || (c && strchr(":-_.\\@", c));
                name[1] = (char) c;
                ASSERT_EQ(unit_name_is_valid(name, false, true), want);
        }
        ASSERT_FALSE(unit_name_is_valid("@foo.service", true, true));
        ASSERT_FALSE(unit_name_is_valid("", true, true));

        /* templates and instances only when allowed */
        ASSERT_FALSE(unit_name_is_valid("foo@.service", false, true));
        ASSERT_TRUE(unit_name_is_valid("foo@.service", true, false));
        ASSERT_FALSE(unit_name_is_valid("foo@bar.service", true, false));
        ASSERT_TRUE(unit_name_is_valid("foo@bar.service", false, true));
        /* like systemd, a second '@' is part of the instance */
        ASSERT_TRUE(unit_name_is_valid("foo@bar@baz.service", false, true));
}

TEST(length_limit)
{
        char name[300];

        memset(name, 'a', sizeof(name));
        strcpy(name + 255 - strlen(".service"), ".service"); /* 255 bytes: ok */
        ASSERT_TRUE(unit_name_is_valid(name, false, false));
        memset(name, 'a', sizeof(name));
        strcpy(name + 256 - strlen(".service"), ".service"); /* 256 bytes: too long */
        ASSERT_FALSE(unit_name_is_valid(name, false, false));
}

TEST(template_instance)
{
        ASSERT_TRUE(unit_name_is_template("getty@.service"));
        ASSERT_FALSE(unit_name_is_template("getty@tty1.service"));
        ASSERT_TRUE(unit_name_is_instance("getty@tty1.service"));
        ASSERT_FALSE(unit_name_is_instance("getty.service"));
        ASSERT_FALSE(unit_name_is_instance("getty@.service"));
}

TEST(split)
{
        char *p = NULL, *i = NULL, *s = NULL;

        ASSERT_OK(unit_name_split("foo-bar@inst.service", &p, &i, &s));
        ASSERT_STREQ(p, "foo-bar");
        ASSERT_STREQ(i, "inst");
        ASSERT_STREQ(s, ".service");
        free(p);
        free(i);
        free(s);
        ASSERT_OK(unit_name_split("foo.socket", &p, &i, NULL));
        ASSERT_STREQ(p, "foo");
        ASSERT_NULL(i);
        free(p);
        ASSERT_OK(unit_name_split("foo@.service", NULL, &i, NULL));
        ASSERT_NULL(i);
        ASSERT_ERROR(unit_name_split("nope", &p, NULL, NULL), EINVAL);
}

TEST(replace_and_template)
{
        char *r = NULL;

        ASSERT_OK(unit_name_replace_instance("foo@.service", "bar", &r));
        ASSERT_STREQ(r, "foo@bar.service");
        free(r);
        ASSERT_OK(unit_name_replace_instance("foo@old.service", "new", &r));
        ASSERT_STREQ(r, "foo@new.service");
        free(r);
        ASSERT_ERROR(unit_name_replace_instance("foo.service", "x", &r), EINVAL);
        ASSERT_ERROR(unit_name_replace_instance("foo@.service", "a b", &r), EINVAL);
        ASSERT_ERROR(unit_name_replace_instance("foo@.service", "", &r), EINVAL);
        ASSERT_OK(unit_name_template("foo@bar.service", &r));
        ASSERT_STREQ(r, "foo@.service");
        free(r);
        ASSERT_ERROR(unit_name_template("foo.service", &r), EINVAL);
}

TEST(unescape)
{
        char *r = NULL;

        ASSERT_OK(unit_name_unescape("foo-bar\\x2dbaz", &r));
        ASSERT_STREQ(r, "foo/bar-baz");
        free(r);
        ASSERT_ERROR(unit_name_unescape("foo\\y", &r), EINVAL);
        ASSERT_ERROR(unit_name_unescape("foo\\x4", &r), EINVAL);

        ASSERT_OK(unit_name_path_unescape("dev-sda1", &r));
        ASSERT_STREQ(r, "/dev/sda1");
        free(r);
        ASSERT_OK(unit_name_path_unescape("-", &r));
        ASSERT_STREQ(r, "/");
        free(r);
        ASSERT_OK(unit_name_path_unescape("home-user\\x2dname", &r));
        ASSERT_STREQ(r, "/home/user-name");
        free(r);
        ASSERT_ERROR(unit_name_path_unescape("-foo", &r), EINVAL);
        ASSERT_ERROR(unit_name_path_unescape("foo-", &r), EINVAL);
        ASSERT_ERROR(unit_name_path_unescape("a--b", &r), EINVAL); /* "//" is not normalized */
        ASSERT_ERROR(unit_name_path_unescape("", &r), EINVAL);
}
