/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "strv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macro.h"

char **strv_free(char **l)
{
        STRV_FOREACH (s, l)
                free(*s);
        free(l);
        return NULL;
}

size_t strv_length(char *const *l)
{
        size_t n = 0;
        STRV_FOREACH (s, l)
                n++;
        return n;
}

bool strv_contains(char *const *l, const char *s)
{
        STRV_FOREACH (i, l)
                if (streq(*i, s))
                        return true;
        return false;
}

char **strv_copy(char *const *l)
{
        size_t n = strv_length(l);
        char **r = calloc(n + 1, sizeof(char *));
        if (!r)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                r[i] = strdup(l[i]);
                if (!r[i])
                        return strv_free(r);
        }
        return r;
}

int strv_push(char ***l, char *s)
{
        size_t n = strv_length(*l);
        char **t;

        if (!s)
                return -ENOMEM;
        t = realloc(*l, (n + 2) * sizeof(char *));
        if (!t) {
                free(s);
                return -ENOMEM;
        }
        t[n] = s;
        t[n + 1] = NULL;
        *l = t;
        return 0;
}

int strv_push_n(char ***l, size_t *n, size_t *cap, char *s)
{
        if (!s)
                return -ENOMEM;
        if (*n + 2 > *cap) {
                size_t c = MAX(*cap * 2, (size_t) 8);
                char **t = realloc(*l, c * sizeof(char *));
                if (!t) {
                        free(s);
                        return -ENOMEM;
                }
                *l = t;
                *cap = c;
        }
        (*l)[(*n)++] = s;
        (*l)[*n] = NULL;
        return 0;
}

int strv_extend(char ***l, const char *s)
{
        return strv_push(l, strdup(s));
}

int strv_extend_strv(char ***a, char *const *b)
{
        STRV_FOREACH (s, b) {
                int r = strv_extend(a, *s);
                if (r < 0)
                        return r;
        }
        return 0;
}

size_t strv_remove(char **l, const char *s)
{
        char **w = l;
        size_t removed = 0;

        if (!l)
                return 0;
        for (char **i = l; *i; i++) {
                if (streq(*i, s)) {
                        free(*i);
                        removed++;
                } else
                        *(w++) = *i;
        }
        *w = NULL;
        return removed;
}

char *strv_join(char *const *l, const char *sep)
{
        size_t len = 0, k = strlen(sep), n = 0;
        char *r, *p;

        STRV_FOREACH (s, l) {
                len += strlen(*s) + (n ? k : 0);
                n++;
        }
        r = malloc(len + 1);
        if (!r)
                return NULL;
        p = r;
        n = 0;
        STRV_FOREACH (s, l) {
                if (n++) {
                        memcpy(p, sep, k);
                        p += k;
                }
                size_t m = strlen(*s);
                memcpy(p, *s, m);
                p += m;
        }
        *p = '\0';
        return r;
}

static int str_compare(const void *a, const void *b)
{
        return strcmp(*(char *const *) a, *(char *const *) b);
}

void strv_sort(char **l)
{
        size_t n = strv_length(l);
        if (n > 1)
                qsort(l, n, sizeof(char *), str_compare);
}

char **strv_uniq(char **l)
{
        /* Keeps the first occurrence, preserving order. */
        if (!l)
                return NULL;
        for (char **i = l; *i; i++)
                for (char **j = i + 1; *j;) {
                        if (streq(*i, *j)) {
                                free(*j);
                                memmove(j, j + 1, (strv_length(j + 1) + 1) * sizeof(char *));
                        } else
                                j++;
                }
        return l;
}

bool strv_equal(char *const *a, char *const *b)
{
        size_t i = 0;
        if (strv_length(a) != strv_length(b))
                return false;
        for (; a && a[i]; i++)
                if (!streq(a[i], b[i]))
                        return false;
        return true;
}
