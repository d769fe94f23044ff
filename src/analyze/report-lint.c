/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Formats lint findings and the rule table: text, JSON, SARIF 2.1.0 and roff. Pure: everything
 * goes into a StrBuf, the CLI writes it out. */
#include <string.h>

#include "json-writer.h"
#include "lint.h"
#include "string-table.h"
#include "string-util.h"

static const char *const lint_format_table[_LINT_FORMAT_MAX] = {
        [LINT_FORMAT_TEXT] = "text",
        [LINT_FORMAT_JSON] = "json",
        [LINT_FORMAT_SARIF] = "sarif",
        [LINT_FORMAT_ROFF] = "roff",
};

DEFINE_STRING_TABLE_LOOKUP(lint_format, LintFormat);

void lint_report_text(const DiagList *diags, StrBuf *out)
{
        DIAG_FOREACH (d, diags) {
                const char *file = d->file ? d->file : "-";

                if (d->line > 0)
                        strbuf_printf(out, "%s:%u:%u: ", file, d->line, d->column ? d->column : 1);
                else
                        strbuf_printf(out, "%s: ", file);
                strbuf_printf(out, "%s: %s [%s]\n", diag_severity_to_string(d->severity),
                              d->message, d->rule);
                if (d->fix)
                        strbuf_printf(out, "    fix: %s\n", d->fix);
        }
}

void lint_report_json(const DiagList *diags, StrBuf *out)
{
        JsonWriter w;

        json_init(&w, out, true);
        json_begin_array(&w);
        DIAG_FOREACH (d, diags) {
                json_begin_object(&w);
                json_key(&w, "file");
                json_string(&w, d->file);
                json_key(&w, "line");
                json_uint(&w, d->line);
                json_key(&w, "column");
                json_uint(&w, d->column);
                json_key(&w, "rule");
                json_string(&w, d->rule);
                json_key(&w, "severity");
                json_string(&w, diag_severity_to_string(d->severity));
                json_key(&w, "message");
                json_string(&w, d->message);
                json_key(&w, "fix");
                json_string(&w, d->fix); /* NULL → null */
                json_end_object(&w);
        }
        json_end_array(&w);
        strbuf_putc(out, '\n');
}

static const char *sarif_level(DiagSeverity s)
{
        switch (s) {
        case DIAG_ERROR:
                return "error";
        case DIAG_WARNING:
                return "warning";
        case DIAG_INFO:
        case _DIAG_SEVERITY_MAX:
        case _DIAG_SEVERITY_INVALID:
                break;
        }
        return "note";
}

/* SARIF wants URI references: keep the path, percent-encode what a URI cannot hold. */
static void sarif_uri(const char *path, StrBuf *out)
{
        for (const unsigned char *p = (const unsigned char *) path; *p; p++) {
                if (*p <= ' ' || *p >= 0x7f || strchr("%#?[]\"<>\\^`{|}", *p))
                        strbuf_printf(out, "%%%02X", *p);
                else
                        strbuf_putc(out, (char) *p);
        }
}

static void sarif_text(JsonWriter *w, const char *key, const char *text)
{
        json_key(w, key);
        json_begin_object(w);
        json_key(w, "text");
        json_string(w, text);
        json_end_object(w);
}

static void sarif_rules(JsonWriter *w)
{
        size_t n;
        const LintRule *rules = lint_rules(&n);

        json_key(w, "rules");
        json_begin_array(w);
        for (size_t i = 0; i < n; i++) {
                json_begin_object(w);
                json_key(w, "id");
                json_string(w, rules[i].id);
                sarif_text(w, "shortDescription", rules[i].summary);
                sarif_text(w, "fullDescription", rules[i].explanation);
                json_key(w, "defaultConfiguration");
                json_begin_object(w);
                json_key(w, "level");
                json_string(w, sarif_level(rules[i].severity));
                json_end_object(w);
                json_end_object(w);
        }
        json_end_array(w);
}

/* The part of file below base ("dir/x.service"), or NULL when it is not below it. */
static const char *below(const char *file, const char *base)
{
        size_t n;

        if (!base || !file)
                return NULL;
        n = strlen(base);
        while (n > 0 && base[n - 1] == '/')
                n--;
        if (!strneq(file, base, n) || file[n] != '/')
                return NULL;
        return file + n + 1;
}

static void sarif_result(JsonWriter *w, const Diag *d, const char *base)
{
        size_t n;
        const LintRule *rules = lint_rules(&n);
        StrBuf msg = STRBUF_INIT;

        json_begin_object(w);
        json_key(w, "ruleId");
        json_string(w, d->rule);
        for (size_t i = 0; i < n; i++)
                if (streq(rules[i].id, d->rule)) {
                        json_key(w, "ruleIndex");
                        json_uint(w, i);
                }
        json_key(w, "level");
        json_string(w, sarif_level(d->severity));
        /* SARIF "fixes" need exact artifact edits; our fixes are advice, so the message holds
         * them. */
        strbuf_puts(&msg, d->message);
        if (d->fix)
                strbuf_printf(&msg, " Fix: %s", d->fix);
        sarif_text(w, "message", strbuf_str(&msg));
        strbuf_done(&msg);
        if (d->file) {
                StrBuf uri = STRBUF_INIT;
                const char *rel = below(d->file, base);

                sarif_uri(rel ? rel : d->file, &uri);
                json_key(w, "locations");
                json_begin_array(w);
                json_begin_object(w);
                json_key(w, "physicalLocation");
                json_begin_object(w);
                json_key(w, "artifactLocation");
                json_begin_object(w);
                json_key(w, "uri");
                json_string(w, strbuf_str(&uri));
                if (rel) {
                        json_key(w, "uriBaseId");
                        json_string(w, "SRCROOT");
                }
                json_end_object(w);
                if (d->line > 0) {
                        json_key(w, "region");
                        json_begin_object(w);
                        json_key(w, "startLine");
                        json_uint(w, d->line);
                        if (d->column > 0) {
                                json_key(w, "startColumn");
                                json_uint(w, d->column);
                        }
                        json_end_object(w);
                }
                json_end_object(w);
                json_end_object(w);
                json_end_array(w);
                strbuf_done(&uri);
        }
        if (d->fix) {
                json_key(w, "properties");
                json_begin_object(w);
                json_key(w, "fix");
                json_string(w, d->fix);
                json_end_object(w);
        }
        json_end_object(w);
}

void lint_report_sarif(const DiagList *diags, const char *base_dir, StrBuf *out)
{
        JsonWriter w;

        json_init(&w, out, true);
        json_begin_object(&w);
        json_key(&w, "$schema");
        json_string(&w, "https://json.schemastore.org/sarif-2.1.0.json");
        json_key(&w, "version");
        json_string(&w, "2.1.0");
        json_key(&w, "runs");
        json_begin_array(&w);
        json_begin_object(&w);
        json_key(&w, "tool");
        json_begin_object(&w);
        json_key(&w, "driver");
        json_begin_object(&w);
        json_key(&w, "name");
        json_string(&w, "cordon");
        json_key(&w, "version");
        json_string(&w, PACKAGE_VERSION);
        sarif_rules(&w);
        json_end_object(&w);
        json_end_object(&w);
        if (base_dir && base_dir[0] == '/') {
                StrBuf uri = STRBUF_INIT;

                strbuf_puts(&uri, "file://");
                sarif_uri(base_dir, &uri);
                if (!endswith(base_dir, "/"))
                        strbuf_putc(&uri, '/');
                json_key(&w, "originalUriBaseIds");
                json_begin_object(&w);
                json_key(&w, "SRCROOT");
                json_begin_object(&w);
                json_key(&w, "uri");
                json_string(&w, strbuf_str(&uri));
                json_end_object(&w);
                json_end_object(&w);
                strbuf_done(&uri);
        }
        json_key(&w, "results");
        json_begin_array(&w);
        DIAG_FOREACH (d, diags)
                sarif_result(&w, d, base_dir);
        json_end_array(&w);
        json_end_object(&w);
        json_end_array(&w);
        json_end_object(&w);
        strbuf_putc(out, '\n');
}

/* Decodes one UTF-8 sequence at s (the table is ours and valid UTF-8); returns its length. */
static size_t utf8_decode(const unsigned char *s, unsigned *ret)
{
        size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
        unsigned cp = n == 1 ? s[0] : s[0] & (0x3f >> (n - 1));

        for (size_t i = 1; i < n; i++) {
                if ((s[i] & 0xc0) != 0x80) { /* truncated: take the lead byte alone */
                        *ret = 0xfffd;
                        return 1;
                }
                cp = (cp << 6) | (s[i] & 0x3f);
        }
        *ret = cp;
        return n;
}

/* roff: escape backslashes, hyphens, a leading '.' or '\'' that would start a request, and
 * non-ASCII characters as \[uXXXX] so every groff device renders the page. */
static void roff_escape(const char *s, StrBuf *out)
{
        if (s[0] == '.' || s[0] == '\'')
                strbuf_puts(out, "\\&");
        for (const unsigned char *p = (const unsigned char *) s; *p;) {
                unsigned cp;

                if (*p >= 0x80) {
                        p += utf8_decode(p, &cp);
                        strbuf_printf(out, "\\[u%04X]", cp);
                        continue;
                }
                if (*p == '\\')
                        strbuf_puts(out, "\\e");
                else if (*p == '-')
                        strbuf_puts(out, "\\-");
                else
                        strbuf_putc(out, (char) *p);
                p++;
        }
}

void lint_rules_format(LintFormat f, StrBuf *out)
{
        size_t n;
        const LintRule *rules = lint_rules(&n);

        switch (f) {
        case LINT_FORMAT_JSON:
        case LINT_FORMAT_SARIF: {
                JsonWriter w;

                json_init(&w, out, true);
                json_begin_array(&w);
                for (size_t i = 0; i < n; i++) {
                        json_begin_object(&w);
                        json_key(&w, "id");
                        json_string(&w, rules[i].id);
                        json_key(&w, "severity");
                        json_string(&w, diag_severity_to_string(rules[i].severity));
                        json_key(&w, "source");
                        json_string(&w, rules[i].origin == LINT_RULE_PARSER ? "parser" : "lint");
                        json_key(&w, "summary");
                        json_string(&w, rules[i].summary);
                        json_key(&w, "explanation");
                        json_string(&w, rules[i].explanation);
                        json_end_object(&w);
                }
                json_end_array(&w);
                strbuf_putc(out, '\n');
                return;
        }
        case LINT_FORMAT_ROFF:
                for (size_t i = 0; i < n; i++) {
                        strbuf_puts(out, ".TP\n.B ");
                        roff_escape(rules[i].id, out);
                        strbuf_printf(out, "\n(%s%s) ", diag_severity_to_string(rules[i].severity),
                                      rules[i].origin == LINT_RULE_PARSER ? ", parser" : "");
                        roff_escape(rules[i].summary, out);
                        strbuf_puts(out, ".\n.br\n");
                        roff_escape(rules[i].explanation, out);
                        strbuf_putc(out, '\n');
                }
                return;
        case LINT_FORMAT_TEXT:
        case _LINT_FORMAT_MAX:
        case _LINT_FORMAT_INVALID:
                break;
        }
        strbuf_printf(out, "%-34s %-8s %-7s %s\n", "RULE", "SEVERITY", "SOURCE", "SUMMARY");
        for (size_t i = 0; i < n; i++)
                strbuf_printf(out, "%-34s %-8s %-7s %s\n", rules[i].id,
                              diag_severity_to_string(rules[i].severity),
                              rules[i].origin == LINT_RULE_PARSER ? "parser" : "lint",
                              rules[i].summary);
}
