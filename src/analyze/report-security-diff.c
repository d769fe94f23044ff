/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* `cordon analyze diff`: which checks changed between two scorings of a unit (or a baseline
 * saved with --format=json) and by how much the overall exposure moved. Pure. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json-parse.h"
#include "json-writer.h"
#include "report-security.h"

void security_snapshot_done(SecuritySnapshot *s)
{
        if (!s)
                return;
        for (size_t i = 0; i < s->n_rows; i++) {
                free(s->rows[i].json_field);
                free(s->rows[i].name);
                free(s->rows[i].description);
        }
        free(s->rows);
        free(s->unit);
        *s = (SecuritySnapshot){};
}

void security_snapshot_list_done(SecuritySnapshotList *l)
{
        for (size_t i = 0; l && i < l->n; i++)
                security_snapshot_done(l->items + i);
        if (l) {
                free(l->items);
                *l = (SecuritySnapshotList){};
        }
}

static char *dup_or_null(const char *s, bool *oom)
{
        char *c;
        if (!s)
                return NULL;
        c = strdup(s);
        if (!c)
                *oom = true;
        return c;
}

int security_snapshot_from_report(const SecurityReport *r, SecuritySnapshot *ret)
{
        SecuritySnapshot s = {.exposure = r->exposure};
        bool oom = false;

        s.unit = dup_or_null(r->unit_id, &oom);
        s.rows = calloc(r->n_rows ? r->n_rows : 1, sizeof(SecuritySnapshotRow));
        if (!s.rows)
                oom = true;
        for (size_t i = 0; s.rows && i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                s.rows[i] = (SecuritySnapshotRow){
                        .json_field = dup_or_null(row->assessor->json_field, &oom),
                        .name = dup_or_null(row->assessor->id, &oom),
                        .description = dup_or_null(row->description, &oom),
                        .badness = row->badness,
                        .range = row->range,
                        .set = row->set,
                };
                s.n_rows++;
        }
        if (oom) {
                security_snapshot_done(&s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

static const char *str_member(const JsonValue *o, const char *key)
{
        const JsonValue *v = json_object_get(o, key);
        return v && v->type == JSON_STRING ? v->string : NULL;
}

static int snapshot_from_json_unit(const JsonValue *u, SecuritySnapshot *ret)
{
        const JsonValue *rows = json_object_get(u, "rows");
        const JsonValue *e = json_object_get(u, "exposure_int");
        SecuritySnapshot s = {};
        bool oom = false;

        if (!json_is_object(u) || !rows || rows->type != JSON_ARRAY || !e || !e->is_unsigned ||
            e->u > 100)
                return -EBADMSG;
        s.exposure = e->u;
        s.unit = dup_or_null(str_member(u, "unit"), &oom);
        s.rows = calloc(rows->n ? rows->n : 1, sizeof(SecuritySnapshotRow));
        if (!s.rows)
                oom = true;
        for (size_t i = 0; s.rows && i < rows->n; i++) {
                const JsonValue *row = rows->items[i];
                const JsonValue *b = json_object_get(row, "badness");
                const JsonValue *rg = json_object_get(row, "range");
                const JsonValue *set = json_object_get(row, "set");
                if (!json_is_object(row) || !str_member(row, "json_field")) {
                        security_snapshot_done(&s);
                        return -EBADMSG;
                }
                s.rows[s.n_rows++] = (SecuritySnapshotRow){
                        .json_field = dup_or_null(str_member(row, "json_field"), &oom),
                        .name = dup_or_null(str_member(row, "name"), &oom),
                        .description = dup_or_null(str_member(row, "description"), &oom),
                        .badness = b && b->is_unsigned ? b->u : SECURITY_BADNESS_NA,
                        .range = rg && rg->is_unsigned ? rg->u : 1,
                        .set = !set || set->type != JSON_BOOLEAN ? -1
                               : set->boolean                    ? 1
                                                                 : 0,
                };
        }
        if (oom) {
                security_snapshot_done(&s);
                return -ENOMEM;
        }
        *ret = s;
        return 0;
}

int security_snapshots_from_json(const char *data, size_t size, SecuritySnapshotList *ret,
                                 unsigned *ret_line, unsigned *ret_column)
{
        JsonValue *root = NULL;
        SecuritySnapshotList l = {};
        int r;

        r = json_parse(data, size, &root, ret_line, ret_column);
        if (r < 0)
                return r;
        const JsonValue *units = json_object_get(root, "units");
        const char *format = str_member(root, "format");
        if (!format || !streq(format, "cordon-security") || !units || units->type != JSON_ARRAY) {
                json_value_free(root);
                return -EBADMSG;
        }
        l.items = calloc(units->n ? units->n : 1, sizeof(SecuritySnapshot));
        if (!l.items) {
                json_value_free(root);
                return -ENOMEM;
        }
        for (size_t i = 0; i < units->n; i++) {
                r = snapshot_from_json_unit(units->items[i], l.items + l.n);
                if (r < 0) {
                        json_value_free(root);
                        security_snapshot_list_done(&l);
                        return r;
                }
                l.n++;
        }
        json_value_free(root);
        *ret = l;
        return 0;
}

static const SecuritySnapshotRow *find(const SecuritySnapshot *s, const char *json_field)
{
        for (size_t i = 0; i < s->n_rows; i++)
                if (streq(s->rows[i].json_field, json_field))
                        return s->rows + i;
        return NULL;
}

/* Badness normalised to the 0..1000 scale so ranges from different policies compare. */
static long long level(const SecuritySnapshotRow *r)
{
        if (!r || r->badness == SECURITY_BADNESS_NA || r->range == 0)
                return -1;
        return (long long) (r->badness * 1000 / r->range);
}

static const char *mark(const SecuritySnapshotRow *r, const SecurityStyle *st)
{
        if (!r)
                return "absent";
        if (r->set < 0)
                return "n/a";
        if (r->set > 0)
                return st->utf8 ? "✓" : "+";
        return st->utf8 ? "✗" : "-";
}

static void cell(StrBuf *out, const SecuritySnapshotRow *r, const SecurityStyle *st)
{
        strbuf_puts(out, mark(r, st));
        if (r && r->badness != SECURITY_BADNESS_NA)
                strbuf_printf(out, " %" PRIu64 "/%" PRIu64, r->badness, r->range);
}

typedef struct Change {
        const SecuritySnapshotRow *a, *b;
        const char *json_field, *name;
        int direction; /* +1 worse, -1 better, 0 text only */
} Change;

static size_t collect(const SecuritySnapshot *a, const SecuritySnapshot *b, Change *ch, size_t max)
{
        size_t n = 0;
        for (int side = 0; side < 2; side++) {
                const SecuritySnapshot *s = side == 0 ? a : b;
                for (size_t i = 0; i < s->n_rows && n < max; i++) {
                        const SecuritySnapshotRow *x = find(a, s->rows[i].json_field);
                        const SecuritySnapshotRow *y = find(b, s->rows[i].json_field);
                        if (side == 1 && x)
                                continue; /* already seen from a */
                        long long lx = level(x), ly = level(y);
                        if (lx == ly && x && y && x->set == y->set)
                                continue;
                        ch[n++] = (Change){.a = x,
                                           .b = y,
                                           .json_field = s->rows[i].json_field,
                                           .name = s->rows[i].name ? s->rows[i].name
                                                                   : s->rows[i].json_field,
                                           /* to or from N/A: neither better nor worse */
                                           .direction = lx < 0 || ly < 0 ? 0
                                                        : ly > lx        ? 1
                                                        : ly < lx        ? -1
                                                                         : 0};
                }
        }
        return n;
}

static void json_row(JsonWriter *w, const char *key, const SecuritySnapshotRow *r)
{
        json_key(w, key);
        if (!r) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        json_key(w, "set");
        if (r->set < 0)
                json_null(w);
        else
                json_bool(w, r->set > 0);
        json_key(w, "badness");
        if (r->badness == SECURITY_BADNESS_NA)
                json_null(w);
        else
                json_uint(w, r->badness);
        json_key(w, "range");
        json_uint(w, r->range);
        json_key(w, "description");
        json_string(w, r->description);
        json_end_object(w);
}

int security_format_diff(const SecuritySnapshot *a, const SecuritySnapshot *b, bool json,
                         const SecurityStyle *st, StrBuf *out)
{
        size_t max = a->n_rows + b->n_rows + 1, n;
        Change *ch = calloc(max, sizeof(Change));
        long long delta = (long long) b->exposure - (long long) a->exposure;
        const char *sign = delta > 0 ? "+" : delta < 0 ? "-" : "±";
        long long mag = delta < 0 ? -delta : delta;

        if (!ch) {
                out->oom = true;
                return -ENOMEM;
        }
        n = collect(a, b, ch, max);
        if (json) {
                JsonWriter w;
                json_init(&w, out, true);
                json_begin_object(&w);
                json_key(&w, "a");
                json_begin_object(&w);
                json_key(&w, "unit");
                json_string(&w, a->unit);
                json_key(&w, "exposure_int");
                json_uint(&w, a->exposure);
                json_end_object(&w);
                json_key(&w, "b");
                json_begin_object(&w);
                json_key(&w, "unit");
                json_string(&w, b->unit);
                json_key(&w, "exposure_int");
                json_uint(&w, b->exposure);
                json_end_object(&w);
                json_key(&w, "delta_int");
                json_int(&w, delta);
                json_key(&w, "worse");
                json_bool(&w, delta > 0);
                json_key(&w, "changes");
                json_begin_array(&w);
                for (size_t i = 0; i < n; i++) {
                        json_begin_object(&w);
                        json_key(&w, "json_field");
                        json_string(&w, ch[i].json_field);
                        json_key(&w, "name");
                        json_string(&w, ch[i].name);
                        json_key(&w, "direction");
                        json_string(&w, ch[i].direction > 0   ? "worse"
                                        : ch[i].direction < 0 ? "better"
                                                              : "changed");
                        json_row(&w, "a", ch[i].a);
                        json_row(&w, "b", ch[i].b);
                        json_end_object(&w);
                }
                json_end_array(&w);
                json_end_object(&w);
                strbuf_putc(out, '\n');
        } else {
                strbuf_printf(
                        out, "--- a: %s %" PRIu64 ".%" PRIu64 " %s\n", strempty(a->unit),
                        a->exposure / 10, a->exposure % 10,
                        security_verdict_to_string(security_verdict_from_exposure(a->exposure)));
                strbuf_printf(
                        out, "+++ b: %s %" PRIu64 ".%" PRIu64 " %s\n", strempty(b->unit),
                        b->exposure / 10, b->exposure % 10,
                        security_verdict_to_string(security_verdict_from_exposure(b->exposure)));
                for (size_t i = 0; i < n; i++) {
                        strbuf_printf(out, "%-7s %-60s ",
                                      ch[i].direction > 0   ? "worse"
                                      : ch[i].direction < 0 ? "better"
                                                            : "changed",
                                      ch[i].name);
                        cell(out, ch[i].a, st);
                        strbuf_puts(out, st->utf8 ? " → " : " -> ");
                        cell(out, ch[i].b, st);
                        strbuf_putc(out, '\n');
                }
                if (n == 0)
                        strbuf_puts(out, "No check changed.\n");
                strbuf_printf(out,
                              "Exposure: %" PRIu64 ".%" PRIu64 " %s %" PRIu64 ".%" PRIu64
                              " (%s%lld.%lld)%s\n",
                              a->exposure / 10, a->exposure % 10, st->utf8 ? "→" : "->",
                              b->exposure / 10, b->exposure % 10, sign, mag / 10, mag % 10,
                              delta > 0   ? ", worse"
                              : delta < 0 ? ", better"
                                          : "");
        }
        free(ch);
        return delta > 0;
}
