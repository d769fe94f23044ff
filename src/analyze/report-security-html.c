/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One self-contained HTML page for a host: a sortable table of units with an exposure bar each,
 * and per unit an expandable table of checks with origin and re-scored fix. Inline CSS and JS
 * only; nothing is fetched. A URL fragment "#selftest" makes the page click its own controls
 * and record the outcome in <pre id="selftest">, for headless browser tests. */
#include <inttypes.h>

#include "report-security.h"
#include "settings.h"

static void esc(StrBuf *out, const char *s)
{
        for (; s && *s; s++) {
                switch (*s) {
                case '&':
                        strbuf_puts(out, "&amp;");
                        break;
                case '<':
                        strbuf_puts(out, "&lt;");
                        break;
                case '>':
                        strbuf_puts(out, "&gt;");
                        break;
                case '"':
                        strbuf_puts(out, "&quot;");
                        break;
                case '\'':
                        strbuf_puts(out, "&#39;");
                        break;
                default:
                        strbuf_putc(out, *s);
                }
        }
}

static const char css[] =
        "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}"
        "table{border-collapse:collapse;width:100%}"
        "th,td{padding:.25em .5em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}"
        "th.sort{cursor:pointer;user-select:none}th.sort:after{content:' \\2195';color:#999}"
        "tr.unit{cursor:pointer}tr.unit:hover{background:#f4f4f4}"
        ".bar{background:#eee;width:12em;height:.9em;display:inline-block;margin-right:.5em}"
        ".bar span{display:block;height:100%}"
        ".v-DANGEROUS span,.v-UNSAFE span{background:#c62828}.v-EXPOSED span{background:#ef6c00}"
        ".v-MEDIUM span{background:#f9a825}.v-OK span,.v-SAFE span,.v-PERFECT span{background:"
        "#2e7d32}"
        "tr.details>td{background:#fafafa;padding:.5em 1em}tr.details table{font-size:90%}"
        ".good{color:#2e7d32}.bad{color:#c62828}.na{color:#888}code{font-size:95%}";

static const char js[] =
        "(function(){\n"
        "function rows(){return Array.prototype.slice.call(document.querySelectorAll("
        "'#units>tbody>tr.unit'));}\n"
        "function sortBy(key,numeric){var tb=document.querySelector('#units>tbody');\n"
        " var th=document.querySelector('th[data-key='+key+']');\n"
        " var dir=th.getAttribute('data-dir')==='asc'?'desc':'asc';\n"
        " document.querySelectorAll('th.sort').forEach(function(h){h.removeAttribute("
        "'data-dir');});\n"
        " th.setAttribute('data-dir',dir);\n"
        " var rs=rows();rs.sort(function(a,b){var x=a.getAttribute('data-'+key),"
        "y=b.getAttribute('data-'+key);\n"
        "  var c=numeric?(parseFloat(x)-parseFloat(y)):(x<y?-1:x>y?1:0);"
        "return dir==='asc'?c:-c;});\n"
        " rs.forEach(function(r){var d=document.getElementById(r.getAttribute('data-details'));"
        "tb.appendChild(r);tb.appendChild(d);});}\n"
        "function toggle(r){var d=document.getElementById(r.getAttribute('data-details'));"
        "d.hidden=!d.hidden;r.setAttribute('aria-expanded',String(!d.hidden));}\n"
        "document.querySelectorAll('th.sort').forEach(function(h){h.addEventListener('click',"
        "function(){sortBy(h.getAttribute('data-key'),h.hasAttribute('data-numeric'));});});\n"
        "rows().forEach(function(r){r.addEventListener('click',function(){toggle(r);});});\n"
        "if(location.hash==='#selftest'){var log=[];\n"
        " document.querySelector('th[data-key=exposure]').click();\n"
        " log.push('asc '+rows().map(function(r){return r.getAttribute('data-unit');}).join(' "
        "'));\n"
        " document.querySelector('th[data-key=exposure]').click();\n"
        " log.push('desc '+rows().map(function(r){return r.getAttribute('data-unit');}).join(' "
        "'));\n"
        " var f=rows()[0];if(f){f.click();log.push('expanded '+f.getAttribute('data-unit')+' '+"
        "!document.getElementById(f.getAttribute('data-details')).hidden);}\n"
        " var p=document.createElement('pre');p.id='selftest';p.textContent=log.join('\\n');"
        "document.body.appendChild(p);}\n"
        "})();\n";

static void tenths(StrBuf *out, uint64_t x)
{
        strbuf_printf(out, "%" PRIu64 ".%" PRIu64, x / 10, x % 10);
}

static void origin_cell(StrBuf *out, const Origin *o)
{
        if (o->file) {
                esc(out, o->file);
                strbuf_printf(out, ":%u", o->line);
        } else if (o->implied_by >= 0) {
                const Directive *d = directive_by_index(o->implied_by);
                strbuf_puts(out, "implied by ");
                esc(out, d ? d->name : "?");
                strbuf_puts(out, "=");
        } else
                strbuf_puts(out, "default");
}

static void details(StrBuf *out, const SecurityUnitView *v, size_t i)
{
        const SecurityReport *r = v->report;
        strbuf_printf(out,
                      "<tr class=\"details\" id=\"d%zu\" hidden><td colspan=\"3\"><table>"
                      "<thead><tr><th></th><th>Check</th><th>Description</th><th>Exposure</th>"
                      "<th>Decided by</th><th>Fix</th></tr></thead><tbody>\n",
                      i);
        for (size_t k = 0; k < r->n_rows; k++) {
                const SecurityRow *row = r->rows + k;
                const char *cls = row->set < 0 ? "na" : row->set ? "good" : "bad";
                strbuf_printf(out, "<tr class=\"check %s\"><td>%s</td><td><code>", cls,
                              row->set < 0 ? ""
                              : row->set   ? "&#10003;"
                                           : "&#10007;");
                esc(out, row->assessor->id);
                strbuf_puts(out, "</code></td><td>");
                esc(out, row->description);
                strbuf_puts(out, "</td><td>");
                if (row->has_exposure)
                        tenths(out, row->exposure);
                strbuf_puts(out, "</td><td>");
                origin_cell(out, &row->origin);
                strbuf_puts(out, "</td><td>");
                if (row->set == 0 && v->fixes && v->fixes[k].directive) {
                        strbuf_puts(out, "<code>");
                        esc(out, v->fixes[k].directive);
                        strbuf_puts(out, "</code> &rarr; ");
                        tenths(out, v->fixes[k].exposure_after);
                }
                strbuf_puts(out, "</td></tr>\n");
        }
        strbuf_puts(out, "</tbody></table></td></tr>\n");
}

void security_format_html(const SecurityUnitView *v, size_t n, StrBuf *out)
{
        strbuf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                         "<title>cordon: service exposure</title>\n<style>");
        strbuf_puts(out, css);
        strbuf_printf(out,
                      "</style></head><body>\n<h1>Service exposure</h1>\n"
                      "<p>%zu units, scored as <code>systemd-analyze security</code> does "
                      "(0.0 = perfect, 10.0 = dangerous). Click a unit for its checks and "
                      "fixes; click a column title to sort.</p>\n"
                      "<table id=\"units\"><thead><tr>"
                      "<th class=\"sort\" data-key=\"unit\">Unit</th>"
                      "<th class=\"sort\" data-key=\"exposure\" data-numeric>Exposure</th>"
                      "<th class=\"sort\" data-key=\"verdict\">Verdict</th></tr></thead><tbody>\n",
                      n);
        for (size_t i = 0; i < n; i++) {
                const SecurityReport *r = v[i].report;
                const char *verdict = security_verdict_to_string(r->verdict);
                strbuf_puts(out, "<tr class=\"unit\" data-unit=\"");
                esc(out, r->unit_id);
                strbuf_puts(out, "\" data-exposure=\"");
                tenths(out, r->exposure);
                strbuf_printf(out, "\" data-verdict=\"%s\" data-details=\"d%zu\"><td>", verdict, i);
                esc(out, r->unit_id);
                strbuf_printf(out,
                              "</td><td><span class=\"bar v-%s\"><span style=\"width:%" PRIu64
                              "%%\"></span></span>",
                              verdict, r->exposure);
                tenths(out, r->exposure);
                strbuf_printf(out, "</td><td>%s</td></tr>\n", verdict);
                details(out, v + i, i);
        }
        strbuf_puts(out, "</tbody></table>\n<script>");
        strbuf_puts(out, js);
        strbuf_puts(out, "</script>\n</body></html>\n");
}
