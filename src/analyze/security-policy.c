/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "security-policy.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"
#include "json-parse.h"
#include "macro.h"
#include "strbuf.h"

void security_policy_done(SecurityPolicy *p)
{
        if (!p)
                return;
        for (size_t i = 0; i < p->n; i++) {
                free(p->items[i].description_na);
                free(p->items[i].description_good);
                free(p->items[i].description_bad);
        }
        free(p->items);
        *p = (SecurityPolicy){};
}

static void note(DiagList *diags, const char *path, const char *json_field, const char *what)
{
        if (diags)
                (void) diag_add(diags, path, 0, 0, "security-policy", DIAG_INFO, NULL,
                                "Policy for %s: %s, ignoring.", json_field, what);
}

static int take_string(const JsonValue *item, const char *name, char **dst, DiagList *diags,
                       const char *path, const char *json_field)
{
        const JsonValue *v = json_object_get(item, name);
        if (!v)
                return 0;
        if (v->type != JSON_STRING) {
                note(diags, path, json_field, "a description is not a string");
                return 0;
        }
        *dst = strdup(v->string);
        return *dst ? 0 : -ENOMEM;
}

static void take_unsigned(const JsonValue *item, const char *name, bool *has, uint64_t *dst,
                          DiagList *diags, const char *path, const char *json_field)
{
        const JsonValue *v = json_object_get(item, name);
        if (!v)
                return;
        if (v->type != JSON_NUMBER || !v->is_unsigned) {
                note(diags, path, json_field, "weight/range is not an unsigned integer");
                return;
        }
        *has = true;
        *dst = v->u;
}

int security_policy_parse(const char *data, size_t size, SecurityPolicy *ret, unsigned *ret_line,
                          unsigned *ret_column, DiagList *diags, const char *path)
{
        JsonValue *root = NULL;
        SecurityPolicy p = {};
        size_t n;
        const SecurityAssessor *table = security_assessors(&n);
        int r;

        r = json_parse(data, size, &root, ret_line, ret_column);
        if (r < 0)
                return r;

        p.items = calloc(n, sizeof(SecurityPolicyItem));
        if (!p.items) {
                json_value_free(root);
                return -ENOMEM;
        }
        p.n = n;

        if (!json_is_object(root)) {
                if (diags)
                        (void) diag_add(diags, path, 0, 0, "security-policy", DIAG_INFO, NULL,
                                        "Policy is not a JSON object, ignoring.");
                goto done;
        }
        for (size_t i = 0; i < n; i++) {
                const char *jf = table[i].json_field;
                const JsonValue *item = json_object_get(root, jf);
                SecurityPolicyItem *pi = p.items + i;
                if (!item)
                        continue;
                if (!json_is_object(item)) {
                        note(diags, path, jf, "not an object");
                        continue;
                }
                take_unsigned(item, "weight", &pi->has_weight, &pi->weight, diags, path, jf);
                take_unsigned(item, "range", &pi->has_range, &pi->range, diags, path, jf);
                if (pi->has_range && pi->range == 0) {
                        /* systemd asserts range > 0 and aborts; refuse the policy instead. */
                        json_value_free(root);
                        security_policy_done(&p);
                        return -ERANGE;
                }
                r = take_string(item, "description_na", &pi->description_na, diags, path, jf);
                if (r >= 0)
                        r = take_string(item, "description_good", &pi->description_good, diags,
                                        path, jf);
                if (r >= 0)
                        r = take_string(item, "description_bad", &pi->description_bad, diags, path,
                                        jf);
                if (r < 0) {
                        json_value_free(root);
                        security_policy_done(&p);
                        return r;
                }
        }
done:
        json_value_free(root);
        *ret = p;
        return 0;
}

int security_policy_load(const char *path, SecurityPolicy *ret, unsigned *ret_line,
                         unsigned *ret_column, DiagList *diags)
{
        char *data = NULL;
        size_t size = 0;
        int r;

        if (ret_line)
                *ret_line = 0;
        if (ret_column)
                *ret_column = 0;
        r = read_full_file(path, SECURITY_POLICY_SIZE_MAX, &data, &size);
        if (r < 0)
                return r;
        r = security_policy_parse(data, size, ret, ret_line, ret_column, diags, path);
        free(data);
        return r;
}

int security_policy_find_default(const char *root, char **ret)
{
        static const char *const dirs[] = {"/etc/systemd", "/run/systemd", "/usr/local/lib/systemd",
                                           "/usr/lib/systemd"};
        *ret = NULL;
        for (size_t i = 0; i < ELEMENTSOF(dirs); i++) {
                StrBuf b = STRBUF_INIT;
                if (root && !streq(root, "/"))
                        strbuf_puts(&b, root);
                strbuf_printf(&b, "%s/%s", dirs[i], SECURITY_POLICY_FILE_NAME);
                char *p = strbuf_steal(&b);
                if (!p)
                        return -ENOMEM;
                if (access(p, F_OK) == 0) {
                        *ret = p;
                        return 0;
                }
                free(p);
        }
        return 0;
}
