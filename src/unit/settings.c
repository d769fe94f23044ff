/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "settings.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings-internal.h"
#include "string-util.h"

/* The merged table, sorted by (section, name) so lookups can bisect. Built on first use; cordon
 * is single-threaded. */
static Directive table[DIRECTIVES_MAX];
static size_t n_table;

static int directive_cmp(const void *a, const void *b)
{
        const Directive *x = a, *y = b;
        if (x->section != y->section)
                return x->section < y->section ? -1 : 1;
        return strcmp(x->name, y->name);
}

/* Open-addressing hash of (section, name) → row: a lookup per assignment, and bisecting the
 * 400-row table cost nine strcmp() each. At most half full. */
#define HASH_SLOTS 2048
_Static_assert(HASH_SLOTS >= 2 * DIRECTIVES_MAX, "directive hash too small");
static int16_t hash_slot[HASH_SLOTS]; /* 1 + row index, 0 = empty */

static size_t directive_hash(UnitSectionId section, const char *name)
{
        uint32_t h = 2166136261u ^ (uint32_t) section; /* FNV-1a */

        for (const unsigned char *p = (const unsigned char *) name; *p; p++)
                h = (h ^ *p) * 16777619u;
        return h & (HASH_SLOTS - 1);
}

static void table_init(void)
{
        if (n_table > 0)
                return;
        /* Both row arrays are compile-time constants; DIRECTIVES_MAX leaves room to grow and a
         * test asserts the sum fits. */
        size_t nu = MIN(directives_unit_rows_n, (size_t) DIRECTIVES_MAX);
        size_t ns = MIN(directives_service_rows_n, (size_t) DIRECTIVES_MAX - nu);
        size_t iu = 0, is = 0;
        bool sorted = true;

        /* The row files are kept sorted: merging them is linear. Should one ever not be, the
         * result is sorted all the same. */
        n_table = nu + ns;
        for (size_t i = 0; i < n_table; i++) {
                if (is >= ns || (iu < nu && directive_cmp(&directives_unit_rows[iu],
                                                          &directives_service_rows[is]) <= 0))
                        table[i] = directives_unit_rows[iu++];
                else
                        table[i] = directives_service_rows[is++];
                if (i > 0 && directive_cmp(&table[i - 1], &table[i]) > 0)
                        sorted = false;
        }
        if (!sorted)
                qsort(table, n_table, sizeof(Directive), directive_cmp);
        for (size_t i = 0; i < n_table; i++) {
                size_t h = directive_hash(table[i].section, table[i].name);

                table[i].index = (int) i;
                /* A duplicate row keeps the first one, as bsearch() over the table may not;
                 * a test asserts there are none. */
                while (hash_slot[h] != 0 && !(table[hash_slot[h] - 1].section == table[i].section &&
                                              streq(table[hash_slot[h] - 1].name, table[i].name)))
                        h = (h + 1) & (HASH_SLOTS - 1);
                if (hash_slot[h] == 0)
                        hash_slot[h] = (int16_t) (i + 1);
        }
}

const Directive *directive_table(size_t *ret_n)
{
        table_init();
        if (ret_n)
                *ret_n = n_table;
        return table;
}

const Directive *directive_lookup(UnitSectionId section, const char *name)
{
        if (!name)
                return NULL;
        table_init();
        for (size_t h = directive_hash(section, name); hash_slot[h] != 0;
             h = (h + 1) & (HASH_SLOTS - 1)) {
                const Directive *d = &table[hash_slot[h] - 1];
                if (d->section == section && streq(d->name, name))
                        return d;
        }
        return NULL;
}

const Directive *directive_lookup_any(const char *name)
{
        /* Prefer the service-type sections we own, in enum order: [Unit], [Service], [Install]. */
        for (UnitSectionId s = 0; s < _SECTION_MAX; s++) {
                const Directive *d = directive_lookup(s, name);
                if (d)
                        return d;
        }
        return NULL;
}

const Directive *directive_by_index(int index)
{
        table_init();
        return index >= 0 && (size_t) index < n_table ? &table[index] : NULL;
}

int directive_index(UnitSectionId section, const char *name)
{
        const Directive *d = directive_lookup(section, name);
        return d ? d->index : -ENOENT;
}

static char *lowercase_dup(const char *s)
{
        char *c = strdup(s);
        return c ? ascii_strlower(c) : NULL;
}

const Directive *directive_suggest(UnitSectionId section, const char *name)
{
        const Directive *best = NULL;
        size_t best_distance = SIZE_MAX, len;

        if (isempty(name))
                return NULL;
        len = strlen(name);
        if (len > 256)
                return NULL;

        char *lname = lowercase_dup(name);
        if (!lname)
                return NULL;

        table_init();
        for (size_t i = 0; i < n_table; i++) {
                if (section >= 0 && table[i].section != section)
                        continue;
                char *lrow = lowercase_dup(table[i].name);
                if (!lrow)
                        break;
                size_t dist = string_distance(lname, lrow);
                free(lrow);
                if (dist < best_distance) {
                        best_distance = dist;
                        best = &table[i];
                }
        }
        free(lname);

        /* Close enough to be a typo: a few edits, and never more than a third of the word. */
        if (!best || best_distance > 3 || best_distance * 3 > len)
                return NULL;
        return best;
}

static const struct {
        const char *key;
        const char *value; /* exact value, or a prefix when it ends in ':' */
        unsigned since;
} new_values[] = {
        {"PrivateTmp", "disconnected", 257},     {"PrivateUsers", "self", 257},
        {"PrivateUsers", "identity", 257},       {"PrivateUsers", "full", 258},
        {"PrivateUsers", "managed", 260},        {"ProtectControlGroups", "private", 257},
        {"ProtectControlGroups", "strict", 257}, {"ProtectHostname", "private", 258},
        {"ProtectHostname", "private:", 258},    {"ProtectSystem", "strict", 232},
        {"ProtectHome", "tmpfs", 238},
};

unsigned directive_value_since(const char *key, const char *value)
{
        for (size_t i = 0; i < sizeof(new_values) / sizeof(new_values[0]); i++) {
                const char *v = new_values[i].value;
                if (!streq(key, new_values[i].key))
                        continue;
                if (endswith(v, ":") ? startswith(value, v) != NULL : streq(value, v))
                        return new_values[i].since;
        }
        return 0;
}
