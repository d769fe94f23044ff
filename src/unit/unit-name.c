/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit name rules of systemd 252 (src/basic/unit-name.c): at most 255 bytes, a known type
 * suffix, [A-Za-z0-9:_.\-\\] before it, and an optional '@' that starts the instance. */
#include "unit-name.h"

#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "macro.h"
#include "string-util.h"

#define UNIT_NAME_MAX 256
#define VALID_CHARS   ALPHANUMERICAL ":-_.\\"

static const char *const unit_types[] = {
        "service",   "mount", "swap", "socket", "target", "device",
        "automount", "timer", "path", "slice",  "scope",
};

static bool unit_suffix_is_valid(const char *s)
{
        for (size_t i = 0; i < ELEMENTSOF(unit_types); i++)
                if (streq(unit_types[i], s))
                        return true;
        return false;
}

/* VALID_CHARS "@" without a strchr() per byte: names are checked for every dependency. */
static bool unit_name_char_is_valid(char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == ':' || c == '-' || c == '_' || c == '.' || c == '\\' || c == '@';
}

bool unit_name_is_valid(const char *name, bool allow_template, bool allow_instance)
{
        const char *e, *at = NULL;

        if (isempty(name) || strlen(name) >= UNIT_NAME_MAX)
                return false;
        e = strrchr(name, '.');
        if (!e || e == name)
                return false;
        if (!unit_suffix_is_valid(e + 1))
                return false;
        for (const char *i = name; i < e; i++) {
                if (*i == '@' && !at)
                        at = i;
                if (!unit_name_char_is_valid(*i))
                        return false;
        }
        if (at == name)
                return false;
        if (!at)
                return true;
        if (allow_instance && at + 1 < e)
                return true;
        if (allow_template && at + 1 == e)
                return true;
        return false;
}

bool unit_name_is_template(const char *name)
{
        return unit_name_is_valid(name, true, false) && strchr(name, '@');
}

bool unit_name_is_instance(const char *name)
{
        return unit_name_is_valid(name, false, true) && strchr(name, '@');
}

int unit_name_split(const char *name, char **ret_prefix, char **ret_instance, char **ret_suffix)
{
        _cleanup_free_ char *prefix = NULL, *instance = NULL, *suffix = NULL;
        const char *at, *dot;

        if (!unit_name_is_valid(name, true, true))
                return -EINVAL;
        dot = strrchr(name, '.');
        at = strchr(name, '@');
        if (at && at > dot)
                at = NULL;

        if (ret_prefix && !(prefix = strndup(name, (size_t) ((at ? at : dot) - name))))
                return -ENOMEM;
        if (ret_instance && at && at + 1 < dot &&
            !(instance = strndup(at + 1, (size_t) (dot - at - 1))))
                return -ENOMEM;
        if (ret_suffix && !(suffix = strdup(dot)))
                return -ENOMEM;

        if (ret_prefix)
                *ret_prefix = TAKE_PTR(prefix);
        if (ret_instance)
                *ret_instance = TAKE_PTR(instance);
        if (ret_suffix)
                *ret_suffix = TAKE_PTR(suffix);
        return 0;
}

int unit_name_replace_instance(const char *name, const char *instance, char **ret)
{
        _cleanup_free_ char *prefix = NULL, *suffix = NULL;
        char *s;

        if (!unit_name_is_valid(name, true, true) || !strchr(name, '@'))
                return -EINVAL;
        if (isempty(instance) || strpbrk(instance, "/") || strlen(instance) >= UNIT_NAME_MAX)
                return -EINVAL;
        if (unit_name_split(name, &prefix, NULL, &suffix) < 0)
                return -EINVAL;
        s = strjoin(prefix, "@", instance, suffix);
        if (!s)
                return -ENOMEM;
        if (!unit_name_is_valid(s, false, true)) {
                free(s);
                return -EINVAL;
        }
        *ret = s;
        return 0;
}

int unit_name_template(const char *name, char **ret)
{
        _cleanup_free_ char *prefix = NULL, *suffix = NULL;
        char *s;

        if (!unit_name_is_valid(name, true, true) || !strchr(name, '@'))
                return -EINVAL;
        if (unit_name_split(name, &prefix, NULL, &suffix) < 0)
                return -EINVAL;
        s = strjoin(prefix, "@", suffix);
        if (!s)
                return -ENOMEM;
        *ret = s;
        return 0;
}
