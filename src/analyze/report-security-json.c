/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* systemd's --json output of `analyze security`: the detail table as an array of objects with
 * the displayed columns set, name, json_field, description, exposure. Byte-compatible with
 * systemd's JSON formatter (tabs for pretty output, its string escaping). */
#include <inttypes.h>

#include "json-writer.h"
#include "report-security.h"

void security_json_string(StrBuf *out, const char *s)
{
        json_escape(out, s);
}

static void member(StrBuf *out, bool pretty, bool first, const char *key)
{
        if (!first)
                strbuf_puts(out, pretty ? ",\n" : ",");
        if (pretty)
                strbuf_puts(out, "\t\t");
        security_json_string(out, key);
        strbuf_puts(out, pretty ? " : " : ":");
}

void security_format_json(const SecurityReport *r, bool pretty, StrBuf *out)
{
        strbuf_puts(out, pretty ? "[\n" : "[");
        for (size_t i = 0; i < r->n_rows; i++) {
                const SecurityRow *row = r->rows + i;
                if (i > 0)
                        strbuf_puts(out, pretty ? ",\n" : ",");
                strbuf_puts(out, pretty ? "\t{\n" : "{");

                member(out, pretty, true, "set");
                strbuf_puts(out, row->set < 0 ? "null" : row->set ? "true" : "false");
                member(out, pretty, false, "name");
                security_json_string(out, row->assessor->id);
                member(out, pretty, false, "json_field");
                security_json_string(out, row->assessor->json_field);
                member(out, pretty, false, "description");
                if (row->description)
                        security_json_string(out, row->description);
                else
                        strbuf_puts(out, "null");
                member(out, pretty, false, "exposure");
                if (row->has_exposure)
                        strbuf_printf(out, "\"%" PRIu64 ".%" PRIu64 "\"", row->exposure / 10,
                                      row->exposure % 10);
                else
                        strbuf_puts(out, "null");
                strbuf_puts(out, pretty ? "\n\t}" : "}");
        }
        strbuf_puts(out, pretty ? "\n]\n" : "]\n");
}

void security_format_overview_json(const SecurityReport *const *reports, size_t n, bool pretty,
                                   const SecurityStyle *st, StrBuf *out)
{
        /* systemd's overview table as JSON: the column names are the keys, all values strings */
        strbuf_puts(out, n == 0 ? "[" : pretty ? "[\n" : "[");
        for (size_t i = 0; i < n; i++) {
                const SecurityReport *r = reports[i];
                char buf[32];
                if (i > 0)
                        strbuf_puts(out, pretty ? ",\n" : ",");
                strbuf_puts(out, pretty ? "\t{\n" : "{");
                member(out, pretty, true, "unit");
                security_json_string(out, strempty(r->unit_id));
                member(out, pretty, false, "exposure");
                snprintf(buf, sizeof buf, "%" PRIu64 ".%" PRIu64, r->exposure / 10,
                         r->exposure % 10);
                security_json_string(out, buf);
                member(out, pretty, false, "predicate");
                security_json_string(out, security_verdict_to_string(r->verdict));
                member(out, pretty, false, "happy");
                security_json_string(out, security_verdict_smiley(r->verdict, st->emoji));
                strbuf_puts(out, pretty ? "\n\t}" : "}");
        }
        strbuf_puts(out, n == 0 ? "]\n" : pretty ? "\n]\n" : "]\n");
}
