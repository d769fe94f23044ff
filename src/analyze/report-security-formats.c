/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* cordon's own renderings of security reports: a JSON schema with origins and re-scored fixes,
 * and Prometheus textfile metrics. */
#include <inttypes.h>
#include <string.h>

#include "json-writer.h"
#include "report-security.h"
#include "settings.h"

static void tenths(StrBuf *out, uint64_t x)
{
        strbuf_printf(out, "%" PRIu64 ".%" PRIu64, x / 10, x % 10);
}

static void json_tenths(JsonWriter *w, uint64_t x)
{
        StrBuf b = STRBUF_INIT;
        tenths(&b, x);
        json_raw(w, strbuf_str(&b));
        strbuf_done(&b);
}

static void json_origin(JsonWriter *w, const Origin *o)
{
        if (!origin_is_set(o)) {
                json_null(w);
                return;
        }
        json_begin_object(w);
        json_key(w, "file");
        json_string(w, o->file);
        json_key(w, "line");
        if (o->file)
                json_uint(w, o->line);
        else
                json_null(w);
        json_key(w, "implied_by");
        const Directive *d = o->implied_by >= 0 ? directive_by_index(o->implied_by) : NULL;
        json_string(w, d ? d->name : NULL);
        json_end_object(w);
}

static void json_row(JsonWriter *w, const SecurityRow *row, const SecurityFix *fix)
{
        const SecurityAssessor *a = row->assessor;
        bool na = row->badness == SECURITY_BADNESS_NA;

        json_begin_object(w);
        json_key(w, "name");
        json_string(w, a->id);
        json_key(w, "json_field");
        json_string(w, a->json_field);
        json_key(w, "set");
        if (row->set < 0)
                json_null(w);
        else
                json_bool(w, row->set > 0);
        json_key(w, "description");
        json_string(w, row->description);
        json_key(w, "badness");
        if (na)
                json_null(w);
        else
                json_uint(w, row->badness);
        json_key(w, "weight");
        json_uint(w, row->weight);
        json_key(w, "range");
        json_uint(w, row->range);
        json_key(w, "exposure");
        if (row->has_exposure)
                json_tenths(w, row->exposure);
        else
                json_null(w);
        json_key(w, "origin");
        json_origin(w, &row->origin);
        json_key(w, "url");
        json_string(w, a->url);
        json_key(w, "fix");
        if (!na && row->badness > 0 && fix && fix->directive) {
                json_begin_object(w);
                json_key(w, "directive");
                json_string(w, fix->directive);
                json_key(w, "section");
                json_string(w, "Service");
                json_key(w, "exposure_after");
                json_tenths(w, fix->exposure_after);
                json_end_object(w);
        } else
                json_null(w);
        json_end_object(w);
}

void security_format_cordon_json(const SecurityUnitView *v, size_t n, unsigned systemd_version,
                                 StrBuf *out)
{
        JsonWriter w;

        json_init(&w, out, true);
        json_begin_object(&w);
        json_key(&w, "format");
        json_string(&w, "cordon-security");
        json_key(&w, "version");
        json_uint(&w, 1);
        json_key(&w, "systemd_version");
        json_uint(&w, systemd_version);
        json_key(&w, "units");
        json_begin_array(&w);
        for (size_t i = 0; i < n; i++) {
                const SecurityReport *r = v[i].report;
                json_begin_object(&w);
                json_key(&w, "unit");
                json_string(&w, r->unit_id);
                json_key(&w, "file");
                json_string(&w, r->fragment_path);
                json_key(&w, "exposure");
                json_tenths(&w, r->exposure);
                json_key(&w, "exposure_int");
                json_uint(&w, r->exposure);
                json_key(&w, "verdict");
                json_string(&w, security_verdict_to_string(r->verdict));
                if (v[i].fixes) {
                        size_t idx[5], m = security_fixes_best(r, v[i].fixes, 5, idx);
                        json_key(&w, "explain");
                        json_begin_array(&w);
                        for (size_t k = 0; k < m; k++) {
                                json_begin_object(&w);
                                json_key(&w, "json_field");
                                json_string(&w, r->rows[idx[k]].assessor->json_field);
                                json_key(&w, "directive");
                                json_string(&w, v[i].fixes[idx[k]].directive);
                                json_key(&w, "exposure_after");
                                json_tenths(&w, v[i].fixes[idx[k]].exposure_after);
                                json_end_object(&w);
                        }
                        json_end_array(&w);
                }
                json_key(&w, "rows");
                json_begin_array(&w);
                for (size_t k = 0; k < r->n_rows; k++)
                        json_row(&w, r->rows + k, v[i].fixes ? v[i].fixes + k : NULL);
                json_end_array(&w);
                json_end_object(&w);
        }
        json_end_array(&w);
        json_end_object(&w);
        strbuf_putc(out, '\n');
}

/* Label values escape backslash, double quote and newline (exposition format). */
static void prom_label(StrBuf *out, const char *s)
{
        for (; s && *s; s++) {
                if (*s == '\\' || *s == '"')
                        strbuf_putc(out, '\\');
                if (*s == '\n') {
                        strbuf_puts(out, "\\n");
                        continue;
                }
                strbuf_putc(out, *s);
        }
}

void security_format_prometheus(const SecurityUnitView *v, size_t n, StrBuf *out)
{
        strbuf_puts(out, "# HELP cordon_unit_exposure Overall exposure level of the service "
                         "(0.0 = perfect, 10.0 = dangerous), as systemd-analyze security.\n"
                         "# TYPE cordon_unit_exposure gauge\n");
        for (size_t i = 0; i < n; i++) {
                strbuf_puts(out, "cordon_unit_exposure{unit=\"");
                prom_label(out, v[i].report->unit_id);
                strbuf_puts(out, "\"} ");
                tenths(out, v[i].report->exposure);
                strbuf_putc(out, '\n');
        }
        /* the verdict as an info-style metric, so the exposure series keeps one label set */
        strbuf_puts(
                out,
                "# HELP cordon_unit_verdict Verdict word for the exposure (value is always 1).\n"
                "# TYPE cordon_unit_verdict gauge\n");
        for (size_t i = 0; i < n; i++) {
                strbuf_puts(out, "cordon_unit_verdict{unit=\"");
                prom_label(out, v[i].report->unit_id);
                strbuf_printf(out, "\",verdict=\"%s\"} 1\n",
                              security_verdict_to_string(v[i].report->verdict));
        }
        strbuf_puts(out, "# HELP cordon_unit_check_badness Badness of one check as a fraction of "
                         "its range (0 = good, 1 = bad); N/A checks are omitted.\n"
                         "# TYPE cordon_unit_check_badness gauge\n");
        for (size_t i = 0; i < n; i++) {
                const SecurityReport *r = v[i].report;
                for (size_t k = 0; k < r->n_rows; k++) {
                        const SecurityRow *row = r->rows + k;
                        if (row->badness == SECURITY_BADNESS_NA)
                                continue;
                        strbuf_puts(out, "cordon_unit_check_badness{unit=\"");
                        prom_label(out, r->unit_id);
                        strbuf_puts(out, "\",check=\"");
                        prom_label(out, row->assessor->json_field);
                        strbuf_printf(out, "\"} %g\n",
                                      row->range ? (double) row->badness / (double) row->range
                                                 : 0.0);
                }
        }
}
