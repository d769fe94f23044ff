/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "path-util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "string-util.h"

bool path_is_normalized(const char *p)
{
        if (isempty(p))
                return false;
        if (streq(p, ".") || startswith(p, "./") || endswith(p, "/.") || strstr(p, "/./"))
                return false;
        if (streq(p, "..") || startswith(p, "../") || endswith(p, "/..") || strstr(p, "/../"))
                return false;
        if (strstr(p, "//"))
                return false;
        if (strlen(p) > 1 && endswith(p, "/"))
                return false;
        return true;
}

bool path_is_valid(const char *p)
{
        return path_is_absolute(p) && strlen(p) < PATH_MAX && path_is_normalized(p);
}

char *path_simplify(char *p)
{
        char *w = p;
        const char *r = p;
        bool abs = *p == '/';

        if (isempty(p))
                return p;
        if (abs)
                *(w++) = *(r++);
        while (*r) {
                size_t n;
                r += strspn(r, "/");
                if (!*r)
                        break;
                n = strcspn(r, "/");
                if (n == 1 && r[0] == '.') {
                        r += 1;
                        continue;
                }
                if (w > p + (abs ? 1 : 0))
                        *(w++) = '/';
                memmove(w, r, n);
                w += n;
                r += n;
        }
        if (w == p)
                *(w++) = abs ? '/' : '.';
        *w = '\0';
        return p;
}

char *path_join(const char *a, const char *b)
{
        if (isempty(a))
                return strdup(b);
        if (endswith(a, "/") && b[0] == '/')
                return strjoin(a, b + 1);
        if (endswith(a, "/") || b[0] == '/')
                return strjoin(a, b);
        return strjoin(a, "/", b);
}

const char *path_startswith(const char *path, const char *prefix)
{
        if ((path[0] == '/') != (prefix[0] == '/'))
                return NULL;
        for (;;) {
                size_t a, b;
                path += strspn(path, "/");
                prefix += strspn(prefix, "/");
                if (*prefix == 0)
                        return path;
                if (*path == 0)
                        return NULL;
                a = strcspn(path, "/");
                b = strcspn(prefix, "/");
                if (a != b || memcmp(path, prefix, a) != 0)
                        return NULL;
                path += a;
                prefix += b;
        }
}

bool path_equal(const char *a, const char *b)
{
        const char *r = path_startswith(a, b);
        return r && *r == '\0';
}

const char *path_basename(const char *p)
{
        const char *e = p + strlen(p);
        while (e > p && e[-1] == '/')
                e--;
        const char *s = e;
        while (s > p && s[-1] != '/')
                s--;
        return s;
}

char *path_dirname(const char *p)
{
        const char *b = path_basename(p);
        size_t n = (size_t) (b - p);
        while (n > 1 && p[n - 1] == '/')
                n--;
        if (n == 0)
                return strdup(".");
        return strndup(p, n);
}

bool filename_is_valid(const char *p)
{
        if (isempty(p) || streq(p, ".") || streq(p, ".."))
                return false;
        if (strchr(p, '/'))
                return false;
        return strlen(p) <= NAME_MAX;
}
