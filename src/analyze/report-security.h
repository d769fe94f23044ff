/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Rendering of security reports into buffers (the CLI writes them out). */

#include <stdbool.h>

#include "score.h"
#include "strbuf.h"

typedef struct SecurityStyle {
        bool utf8;  /* ✓ ✗ → (else + - ->) */
        bool emoji; /* smileys (else :-] … :-[) */
} SecurityStyle;

/* Console width of a UTF-8 string (code points; East Asian wide and emoji count 2). */
size_t security_text_width(const char *s);

/* systemd's detail table: "  NAME … DESCRIPTION … EXPOSURE", rows as sorted in r. */
void security_format_table(const SecurityReport *r, const SecurityStyle *st, StrBuf *out);
/* "\n→ Overall exposure level for NAME: 9.6 UNSAFE 😨\n" */
void security_format_overall(const SecurityReport *r, const SecurityStyle *st, StrBuf *out);
const char *security_verdict_smiley(SecurityVerdict v, bool emoji);

/* The overview table of several units (UNIT EXPOSURE PREDICATE HAPPY). */
void security_format_overview(const SecurityReport *const *reports, size_t n,
                              const SecurityStyle *st, StrBuf *out);

/* The overview as systemd prints it with --json: [{"unit","exposure","predicate","happy"}…]. */
void security_format_overview_json(const SecurityReport *const *reports, size_t n, bool pretty,
                                   const SecurityStyle *st, StrBuf *out);

/* systemd's --json=short|pretty detail array, with a trailing newline. */
void security_format_json(const SecurityReport *r, bool pretty, StrBuf *out);
/* Appends s as a JSON string the way systemd escapes it. */
void security_json_string(StrBuf *out, const char *s);

/* cordon's own formats: one view per unit (fixes may be NULL). */
typedef struct SecurityUnitView {
        const SecurityReport *report;
        const SecurityFix *fixes; /* one per row, or NULL */
} SecurityUnitView;

/* {"format":"cordon-security","version":1,"systemd_version":252,"units":[…]} + "\n" */
void security_format_cordon_json(const SecurityUnitView *v, size_t n, unsigned systemd_version,
                                 StrBuf *out);
/* node_exporter textfile-collector metrics. */
void security_format_prometheus(const SecurityUnitView *v, size_t n, StrBuf *out);
/* One self-contained HTML page (inline CSS and JS, no external resources). */
void security_format_html(const SecurityUnitView *v, size_t n, StrBuf *out);

/* ---- diff: two snapshots of units' scores (from reports or from cordon JSON baselines) ---- */
typedef struct SecuritySnapshotRow {
        char *json_field, *name, *description;
        uint64_t badness; /* SECURITY_BADNESS_NA for N/A */
        uint64_t range;
        int set; /* 1 good, 0 bad, -1 N/A */
} SecuritySnapshotRow;

typedef struct SecuritySnapshot {
        char *unit;
        uint64_t exposure; /* 0..100 */
        SecuritySnapshotRow *rows;
        size_t n_rows;
} SecuritySnapshot;

typedef struct SecuritySnapshotList {
        SecuritySnapshot *items;
        size_t n;
} SecuritySnapshotList;

int security_snapshot_from_report(const SecurityReport *r, SecuritySnapshot *ret);
/* Reads every unit of a cordon --format=json document. -EINVAL (line/column set when it is
 * not JSON at all) or -EBADMSG when it is JSON but not cordon's schema. */
int security_snapshots_from_json(const char *data, size_t size, SecuritySnapshotList *ret,
                                 unsigned *ret_line, unsigned *ret_column);
void security_snapshot_done(SecuritySnapshot *s);
void security_snapshot_list_done(SecuritySnapshotList *l);

/* Renders the differences of b against a; returns >0 when b is more exposed than a, 0 when not. */
int security_format_diff(const SecuritySnapshot *a, const SecuritySnapshot *b, bool json,
                         const SecurityStyle *st, StrBuf *out);
