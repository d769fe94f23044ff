/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "settings.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "settings-internal.h"
#include "string-util.h"

/* The merged table, sorted by (section, name). Built on first use; cordon
 * is single-threaded. A row is copied into table[] (and given its index) only when it is first
 * handed out: the whole copy wrote 9 fresh pages (a page fault each) at every start while a run
 * uses a few dozen rows. order[] maps a position to its row in the two row files. */
static Directive table[DIRECTIVES_MAX];

#define ORDER_SERVICE 0x8000u
_Static_assert(DIRECTIVES_MAX <= ORDER_SERVICE, "row index does not fit order[]");

static int directive_cmp(const void *a, const void *b)
{
        const Directive *x = a, *y = b;
        if (x->section != y->section)
                return x->section < y->section ? -1 : 1;
        return strcmp(x->name, y->name);
}

/* Open-addressing hash of (section, name) → position: a lookup per assignment, and bisecting the
 * 400-row table cost nine strcmp() each. At most two thirds full (under half with today's rows).
 * Hash, order and state together: table_init() writes them at every start. */
#define HASH_SLOTS 1024
_Static_assert(2 * HASH_SLOTS >= 3 * DIRECTIVES_MAX, "directive hash too small");
static struct {
        int16_t hash_slot[HASH_SLOTS];  /* 1 + position, 0 = empty */
        uint16_t order[DIRECTIVES_MAX]; /* row index, ORDER_SERVICE set for the service rows */
        /* table[i] is copied. Not table[i].name: reading a .bss page before writing it costs
         * two page faults (the zero page, then the copy). */
        uint8_t copied[(DIRECTIVES_MAX + 7) / 8];
} idx;
/* Rows in the table, SIZE_MAX until built. Initialised, so in .data, a page the dynamic linker
 * has written already: a fresh .bss page read before it is written costs two page faults (the
 * zero page, then the copy), and this is read first. */
static size_t n_rows = SIZE_MAX;
static bool table_complete; /* every row copied (directive_table() was asked) */

static size_t directive_hash(UnitSectionId section, const char *name)
{
        uint32_t h = 2166136261u ^ (uint32_t) section; /* FNV-1a */

        for (const unsigned char *p = (const unsigned char *) name; *p; p++)
                h = (h ^ *p) * 16777619u;
        return h & (HASH_SLOTS - 1);
}

/* The row at position i of the merged order, in the (constant) row files. */
static const Directive *source_row(size_t i)
{
        uint16_t o = idx.order[i];
        return o & ORDER_SERVICE ? &directives_service_rows[o & ~ORDER_SERVICE]
                                 : &directives_unit_rows[o];
}

static int order_cmp(const void *a, const void *b)
{
        uint16_t x = *(const uint16_t *) a, y = *(const uint16_t *) b;
        const Directive *dx = x & ORDER_SERVICE ? &directives_service_rows[x & ~ORDER_SERVICE]
                                                : &directives_unit_rows[x];
        const Directive *dy = y & ORDER_SERVICE ? &directives_service_rows[y & ~ORDER_SERVICE]
                                                : &directives_unit_rows[y];
        return directive_cmp(dx, dy);
}

static void table_init(void)
{
        if (n_rows != SIZE_MAX)
                return;
        /* written before anything reads it: a page fault per page, not two */
        memset(&idx, 0, sizeof(idx));
        /* Both row arrays are compile-time constants; DIRECTIVES_MAX leaves room to grow and a
         * test asserts the sum fits. */
        size_t nu = MIN(directives_unit_rows_n, (size_t) DIRECTIVES_MAX);
        size_t ns = MIN(directives_service_rows_n, (size_t) DIRECTIVES_MAX - nu);
        size_t iu = 0, is = 0;
        bool sorted = true;

        /* The row files are kept sorted: merging them is linear. Should one ever not be, the
         * result is sorted all the same. */
        n_rows = nu + ns;
        for (size_t i = 0; i < n_rows; i++) {
                if (is >= ns || (iu < nu && directive_cmp(&directives_unit_rows[iu],
                                                          &directives_service_rows[is]) <= 0))
                        idx.order[i] = (uint16_t) iu++;
                else
                        idx.order[i] = (uint16_t) (is++ | ORDER_SERVICE);
                if (i > 0 && directive_cmp(source_row(i - 1), source_row(i)) > 0)
                        sorted = false;
        }
        if (!sorted)
                qsort(idx.order, n_rows, sizeof(idx.order[0]), order_cmp);
        for (size_t i = 0; i < n_rows; i++) {
                const Directive *d = source_row(i);
                size_t h = directive_hash(d->section, d->name);

                /* A duplicate row keeps the first one, as bsearch() over the table may not;
                 * a test asserts there are none. */
                while (idx.hash_slot[h] != 0) {
                        const Directive *o = source_row((size_t) idx.hash_slot[h] - 1);
                        if (o->section == d->section && streq(o->name, d->name))
                                break;
                        h = (h + 1) & (HASH_SLOTS - 1);
                }
                if (idx.hash_slot[h] == 0)
                        idx.hash_slot[h] = (int16_t) (i + 1);
        }
}

/* The table's row at position i, copied from its row file on first use. */
static const Directive *table_row(size_t i)
{
        if (!(idx.copied[i / 8] & (1u << (i % 8)))) {
                table[i] = *source_row(i);
                table[i].index = (int) i;
                idx.copied[i / 8] |= (uint8_t) (1u << (i % 8));
        }
        return &table[i];
}

const Directive *directive_table(size_t *ret_n)
{
        table_init();
        if (!table_complete) {
                for (size_t i = 0; i < n_rows; i++)
                        (void) table_row(i);
                table_complete = true;
        }
        if (ret_n)
                *ret_n = n_rows;
        return table;
}

size_t directive_count(void)
{
        table_init();
        return n_rows;
}

/* The position of (section, name) in the table, or -ENOENT. Looking a position up copies no row:
 * the sandbox plan asks for dozens of indexes by name. */
static int lookup_position(UnitSectionId section, const char *name)
{
        table_init();
        for (size_t h = directive_hash(section, name); idx.hash_slot[h] != 0;
             h = (h + 1) & (HASH_SLOTS - 1)) {
                size_t i = (size_t) idx.hash_slot[h] - 1;
                const Directive *d = source_row(i);
                if (d->section == section && streq(d->name, name))
                        return (int) i;
        }
        return -ENOENT;
}

const Directive *directive_lookup(UnitSectionId section, const char *name)
{
        int i = name ? lookup_position(section, name) : -ENOENT;
        return i >= 0 ? table_row((size_t) i) : NULL;
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
        return index >= 0 && (size_t) index < n_rows ? table_row((size_t) index) : NULL;
}

int directive_index(UnitSectionId section, const char *name)
{
        return name ? lookup_position(section, name) : -ENOENT;
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

        (void) directive_table(NULL);
        for (size_t i = 0; i < n_rows; i++) {
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
