/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `cordon render` templates: any byte string must render or be refused cleanly. Lookups answer
 * from a fixed table (never the filesystem): a few values, one large, one name that fails with
 * -EIO; anything else is -ENOENT. Input: the template. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
        const char *name, *value;
} table[] = {
        {"DB_PASSWORD", "s3cr{{et"}, /* a value that looks like a placeholder stays literal */
        {"user@example.com", "alice\n"}, {"a", ""}, {"PORT", "8080"}, {"x.y:z-1", "}}"},
};

static int lookup(const char *name, void *userdata, char **ret, size_t *ret_size)
{
        (void) userdata;
        if (!render_name_is_valid(name))
                abort(); /* render_template() must only ask for valid names */
        if (strcmp(name, "IO_ERROR") == 0)
                return -EIO;
        if (strcmp(name, "BIG") == 0) {
                /* 4 KiB: some 4100 of these reach RENDER_OUTPUT_MAX (kept small: speed) */
                *ret_size = 4 * 1024;
                *ret = malloc(*ret_size);
                if (!*ret)
                        return -ENOMEM;
                memset(*ret, 'B', *ret_size);
                return 0;
        }
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
                if (strcmp(name, table[i].name) == 0) {
                        *ret_size = strlen(table[i].value);
                        *ret = strdup(table[i].value);
                        return *ret ? 0 : -ENOMEM;
                }
        return -ENOENT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        RenderError err = {0};
        char *out = NULL;
        size_t out_size = 0;
        int r;

        if (size > 256 * 1024)
                return 0;
        r = render_template((const char *) data, size, lookup, NULL, &out, &out_size, &err);
        if (r < 0) {
                /* the error's name is always terminated within its buffer (-ENOMEM sets none) */
                if (strnlen(err.name, sizeof(err.name)) >= sizeof(err.name) ||
                    (!err.reason && r != -ENOMEM))
                        abort();
                return 0;
        }
        /* A template without "{{" renders to itself. */
        if (!memmem(data, size, "{{", 2) && (out_size != size || memcmp(out, data, size) != 0))
                abort();
        if (out_size > RENDER_OUTPUT_MAX)
                abort();
        free(out);
        return 0;
}
