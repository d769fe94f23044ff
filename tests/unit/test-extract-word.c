/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* extract_first_word() flag matrix and C escapes, pinned to systemd 252's behaviour. */
#include <errno.h>
#include <string.h>

#include "extract-word.h"
#include "string-util.h"
#include "tests.h"

/* Splits input and compares the words with expected: each entry is a word, "!" for -EINVAL at
 * that point (then the check stops), and the list ends with NULL for "no more words" (0). */
static bool words_equal(const char *input, const char *seps, ExtractFlags flags,
                        const char *const *expected, char *why, size_t why_size)
{
        const char *p = input;

        for (size_t i = 0;; i++) {
                char *w = NULL;
                int r = extract_first_word(&p, &w, seps, flags);

                if (!expected[i]) {
                        if (r != 0 || w) {
                                snprintf(why, why_size, "word %zu: expected end, got r=%d '%s'", i,
                                         r, w ? w : "(null)");
                                free(w);
                                return false;
                        }
                        return true;
                }
                if (streq(expected[i], "!")) {
                        if (r != -EINVAL) {
                                snprintf(why, why_size, "word %zu: expected -EINVAL, got r=%d '%s'",
                                         i, r, w ? w : "(null)");
                                free(w);
                                return false;
                        }
                        return true;
                }
                if (r != 1 || !w || !streq(w, expected[i])) {
                        snprintf(why, why_size, "word %zu: expected '%s', got r=%d '%s'", i,
                                 expected[i], r, w ? w : "(null)");
                        free(w);
                        return false;
                }
                free(w);
        }
}

#define CHECK_WORDS(input, seps, flags, ...)                                                       \
        do {                                                                                       \
                char _why[256];                                                                    \
                if (!words_equal(input, seps, flags, (const char *const[]){__VA_ARGS__}, _why,     \
                                 sizeof(_why))) {                                                  \
                        test_fail(__FILE__, __LINE__, "%s: %s", #input, _why);                     \
                        return;                                                                    \
                }                                                                                  \
        } while (0)

TEST(plain)
{
        CHECK_WORDS("foobar waldo", NULL, 0, "foobar", "waldo", NULL);
        CHECK_WORDS("   foobar   ", NULL, 0, "foobar", NULL);
        CHECK_WORDS("", NULL, 0, NULL);
        CHECK_WORDS("  \t ", NULL, 0, NULL);
        /* without UNQUOTE quotes are ordinary characters */
        CHECK_WORDS("\"foobar\" 'waldo'", NULL, 0, "\"foobar\"", "'waldo'", NULL);
        CHECK_WORDS("\"", NULL, 0, "\"", NULL);
        CHECK_WORDS("'fooo", NULL, 0, "'fooo", NULL);
        CHECK_WORDS("yay'foo'bar", NULL, 0, "yay'foo'bar", NULL);
}

TEST(unquote)
{
        CHECK_WORDS("\"foobar\" 'waldo'", NULL, EXTRACT_UNQUOTE, "foobar", "waldo", NULL);
        CHECK_WORDS("\"", NULL, EXTRACT_UNQUOTE, "!");
        CHECK_WORDS("'fooo", NULL, EXTRACT_UNQUOTE, "!");
        CHECK_WORDS("'fooo", NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX, "fooo", NULL);
        CHECK_WORDS("yay'foo'bar", NULL, EXTRACT_UNQUOTE, "yayfoobar", NULL);
        CHECK_WORDS("-N ''", NULL, EXTRACT_UNQUOTE, "-N", "", NULL);
        CHECK_WORDS("KEY=val \"KEY2=val with space\" \"KEY3=val with \\\"quotation\\\"\"", NULL,
                    EXTRACT_UNQUOTE, "KEY=val", "KEY2=val with space",
                    "KEY3=val with \"quotation\"", NULL);
        CHECK_WORDS("a\"b c\"d 'e\"f'", NULL, EXTRACT_UNQUOTE, "ab cd", "e\"f", NULL);
}

TEST(keep_quote)
{
        CHECK_WORDS("mode=\"1777\",size=\"10%\",uid=\"496,,107\"520,gi\"\"'d=49610,'\"\"7520", ",",
                    EXTRACT_KEEP_QUOTE, "mode=\"1777\"", "size=\"10%\"", "uid=\"496,,107\"520",
                    "gi\"\"'d=49610,'\"\"7520", NULL);
        CHECK_WORDS("mode=\"1777\",size=\"10%\",uid=\"496,,107\"520,gi\"\"'d=49610,'\"\"7520", ",",
                    EXTRACT_UNQUOTE, "mode=1777", "size=10%", "uid=496,,107520", "gid=49610,7520",
                    NULL);
}

TEST(escapes)
{
        /* without CUNESCAPE a backslash just takes the next character literally */
        CHECK_WORDS(" foo\\ba\\x6ar ", NULL, 0, "foobax6ar", NULL);
        CHECK_WORDS(" foo\\ba\\x6ar ", NULL, EXTRACT_CUNESCAPE, "foo\ba\x6ar", NULL);
        CHECK_WORDS("    f\\u00f6o \"pi\\U0001F4A9le\"   ", NULL,
                    EXTRACT_CUNESCAPE | EXTRACT_UNQUOTE, "f\xc3\xb6o", "pi\360\237\222\251le",
                    NULL);
        CHECK_WORDS("foo\\xbar", NULL, EXTRACT_RETAIN_ESCAPE, "foo\\xbar", NULL);
        CHECK_WORDS("fooo\\ bar quux", NULL, EXTRACT_RELAX, "fooo bar", "quux", NULL);
        CHECK_WORDS("fooo\\ bar quux", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("fooo\\ bar quux", NULL, EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_RELAX,
                    "fooo\\ bar", "quux", NULL);
        CHECK_WORDS("\\w+@\\K[\\d.]+", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("\\w+@\\K[\\d.]+", NULL, EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_RELAX,
                    "\\w+@\\K[\\d.]+", NULL);
        CHECK_WORDS("\\w+\\b", NULL, EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_RELAX, "\\w+\b", NULL);
        /* NUL escapes are refused */
        CHECK_WORDS("a\\x00b", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("a\\000b", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("a\\u0000", NULL, EXTRACT_CUNESCAPE, "!");
        /* octal above 255 and code points above U+10FFFF */
        CHECK_WORDS("\\400", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("\\U00110000", NULL, EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("\\101\\s\\x42", NULL, EXTRACT_CUNESCAPE, "A B", NULL);
}

TEST(trailing_backslash)
{
        CHECK_WORDS("fooo\\", NULL, 0, "!");
        CHECK_WORDS("fooo\\", NULL, EXTRACT_RELAX, "fooo", NULL);
        CHECK_WORDS("fooo\\", NULL, EXTRACT_UNESCAPE_RELAX, "fooo\\", NULL);
        CHECK_WORDS("fooo\\", NULL, EXTRACT_UNESCAPE_RELAX | EXTRACT_RELAX, "fooo\\", NULL);
        CHECK_WORDS("fooo\\", NULL, EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_RELAX, "fooo\\", NULL);
        CHECK_WORDS("\"foo\\", NULL, 0, "!");
        CHECK_WORDS("\"foo\\", NULL, EXTRACT_UNQUOTE | EXTRACT_RELAX, "foo", NULL);
        CHECK_WORDS("\"foo\\", NULL, EXTRACT_UNQUOTE | EXTRACT_UNESCAPE_RELAX, "!");
        CHECK_WORDS("\"foo\\", NULL, EXTRACT_UNQUOTE | EXTRACT_UNESCAPE_RELAX | EXTRACT_RELAX,
                    "foo\\", NULL);
}

TEST(separators)
{
        CHECK_WORDS("foo::bar", ":", 0, "foo", "bar", NULL);
        CHECK_WORDS("foo\\:bar::waldo", ":", 0, "foo:bar", "waldo", NULL);
        CHECK_WORDS(":foo\\:bar::waldo:", ":", EXTRACT_DONT_COALESCE_SEPARATORS, "", "foo:bar", "",
                    "waldo", "", NULL);
        /* like systemd: with DONT_COALESCE even "" is one empty word */
        CHECK_WORDS("", ":", EXTRACT_DONT_COALESCE_SEPARATORS, "", NULL);
        CHECK_WORDS("a\\ b:c", WHITESPACE ":", EXTRACT_UNESCAPE_SEPARATORS, "a b", "c", NULL);
        CHECK_WORDS("a\\ b:c\\x", ":", EXTRACT_UNESCAPE_SEPARATORS, "!");
        CHECK_WORDS("a\\\\ b:c\\\\x", ":", EXTRACT_UNESCAPE_SEPARATORS, "a\\ b", "c\\x", NULL);
        CHECK_WORDS("a\\:b", ":", EXTRACT_CUNESCAPE | EXTRACT_UNESCAPE_SEPARATORS, "a:b", NULL);
        CHECK_WORDS("\\:", ":", EXTRACT_CUNESCAPE, "!");
        CHECK_WORDS("foobar=\"waldo\"maldo, baldo", "=\", ", 0, "foobar", "waldo", "maldo", "baldo",
                    NULL);
        /* Separator bytes at the edges of the 64-bit words of the byte set, and non-ASCII. */
        CHECK_WORDS("a?b@c\x7f"
                    "d\xc3"
                    "e>f",
                    "?@\x7f\xc3", 0, "a", "b", "c", "d", "e>f", NULL);
        CHECK_WORDS("A\x80"
                    "B\xff"
                    "C\xbf"
                    "D",
                    "\x80\xff", 0, "A", "B",
                    "C\xbf"
                    "D",
                    NULL);
        CHECK_WORDS("x\\?y", "?", EXTRACT_UNESCAPE_SEPARATORS, "x?y", NULL);
        CHECK_WORDS("x\\@y", "?", EXTRACT_UNESCAPE_SEPARATORS, "!");
}

TEST(retain_separators)
{
        const char *p = "a:b";
        char *t = NULL;

        ASSERT_EQ(extract_first_word(&p, &t, ":", EXTRACT_RETAIN_SEPARATORS), 1);
        ASSERT_STREQ(t, "a");
        ASSERT_STREQ(p, ":b");
        free(t);
        ASSERT_EQ(extract_first_word(&p, &t, ":", EXTRACT_RETAIN_SEPARATORS), 1);
        ASSERT_STREQ(t, "b");
        ASSERT_NULL(p);
        free(t);

        p = "a>:b";
        ASSERT_EQ(extract_first_word(&p, &t, ">:",
                                     EXTRACT_RETAIN_SEPARATORS | EXTRACT_DONT_COALESCE_SEPARATORS),
                  1);
        ASSERT_STREQ(t, "a");
        ASSERT_STREQ(p, ">:b");
        free(t);
        ASSERT_EQ(extract_first_word(&p, &t, ">:",
                                     EXTRACT_RETAIN_SEPARATORS | EXTRACT_DONT_COALESCE_SEPARATORS),
                  1);
        ASSERT_STREQ(t, "");
        ASSERT_STREQ(p, ">:b");
        free(t);

        p = "a\\:b";
        ASSERT_EQ(
                extract_first_word(&p, &t, ":", EXTRACT_RETAIN_SEPARATORS | EXTRACT_RETAIN_ESCAPE),
                1);
        ASSERT_STREQ(t, "a\\");
        ASSERT_STREQ(p, ":b");
        free(t);

        p = "a\\:a:b";
        ASSERT_EQ(extract_first_word(&p, &t, ":",
                                     EXTRACT_RETAIN_SEPARATORS | EXTRACT_UNESCAPE_SEPARATORS),
                  1);
        ASSERT_STREQ(t, "a:a");
        ASSERT_STREQ(p, ":b");
        free(t);
}

TEST(error_position)
{
        const char *orig = "'fooo", *p = orig;
        char *t = NULL;

        ASSERT_ERROR(extract_first_word(&p, &t, NULL, EXTRACT_UNQUOTE), EINVAL);
        ASSERT_TRUE(p == orig + 5);
        ASSERT_NULL(t);
        orig = p = "fooo\\ bar";
        ASSERT_ERROR(extract_first_word(&p, &t, NULL, EXTRACT_CUNESCAPE), EINVAL);
        ASSERT_TRUE(p == orig + 5);
        /* after the last word *p is NULL and further calls return 0 */
        p = "x";
        ASSERT_EQ(extract_first_word(&p, &t, NULL, 0), 1);
        free(t);
        ASSERT_NULL(p);
        ASSERT_EQ(extract_first_word(&p, &t, NULL, 0), 0);
        ASSERT_NULL(t);
}

TEST(cunescape)
{
        char *s = NULL;
        const char *in = "a\\tb\\x41\\101\\u00e9";

        ASSERT_EQ(cunescape_length(in, strlen(in), false, false, &s), 7);
        ASSERT_STREQ(s, "a\tbAA\xc3\xa9");
        free(s);
        ASSERT_ERROR(cunescape_length("a\\qb", 4, false, false, &s), EINVAL);
        ASSERT_EQ(cunescape_length("a\\qb", 4, true, false, &s), 4);
        ASSERT_STREQ(s, "a\\qb");
        free(s);
        ASSERT_ERROR(cunescape_length("x\\", 2, false, false, &s), EINVAL);
        ASSERT_EQ(cunescape_length("x\\", 2, true, false, &s), 2);
        ASSERT_STREQ(s, "x\\");
        free(s);
        ASSERT_ERROR(cunescape_length("\\x00", 4, false, false, &s), EINVAL);
        ASSERT_EQ(cunescape_length("\\x00", 4, false, true, &s), 1);
        ASSERT_EQ(s[0], 0);
        free(s);
        /* length bounds the input: a truncated \x escape is invalid */
        ASSERT_ERROR(cunescape_length("\\x41", 3, false, false, &s), EINVAL);
        /* \xff is one raw byte, not UTF-8 */
        ASSERT_EQ(cunescape_length("\\xff", 4, false, false, &s), 1);
        ASSERT_EQ((unsigned char) s[0], 0xff);
        free(s);
}

TEST(cescape)
{
        char *s = cescape("a\tb\\c\"d'\x01\xff");
        ASSERT_STREQ(s, "a\\tb\\\\c\\\"d\\'\\001\\377");
        free(s);
        s = cescape("");
        ASSERT_STREQ(s, "");
        free(s);
}

TEST(cunescape_roundtrip)
{
        const char *in = "tab\there \x7f \xc3\xa9 \"q\" back\\slash";
        char *e = cescape(in), *back = NULL;
        ASSERT_NOT_NULL(e);
        ASSERT_EQ(cunescape_length(e, strlen(e), false, false, &back), (int) strlen(in));
        ASSERT_STREQ(back, in);
        free(e);
        free(back);
}
