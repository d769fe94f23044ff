/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The rows of the directive table, split by section into files of readable size. settings.c
 * merges and sorts them once.
 *
 * How .since was derived: the earlier of (a) the "Added in version N" marker in systemd's man
 * pages (v256 tag, man/systemd.{unit,service,exec,resource-control,kill}.xml; Assert*= use
 * max(218, the matching Condition*=)) and (b) the tag containing the first commit of
 * src/core/load-fragment-gperf.gperf.{m4,in} (or its older src/ location) that mentions the name.
 * Names already present when that file was created (v33, moved from older code) predate it and
 * get 1. Directives that moved from [Service] to [Unit] carry the version of the move in [Unit]
 * (229, 236 for FailureAction=) and their original version in [Service]. Rows newer than 252 were
 * checked against the gperf files at v253..v256; 257/258 rows follow the release notes summarised
 * in /work/shared/reference (the mirror has no v257+ tag). */

#include "parsers.h"

extern const Directive directives_unit_rows[];
extern const size_t directives_unit_rows_n;
extern const Directive directives_service_rows[];
extern const size_t directives_service_rows_n;

#define DIRECTIVES_MAX 640

/* Compact row syntax for the row files only. */
#define D_LIST   DIRECTIVE_LIST
#define D_SPEC   DIRECTIVE_SPECIFIERS
#define D_DEPR   DIRECTIVE_DEPRECATED
#define D_NOP    DIRECTIVE_NOP
#define D_ALIAS  DIRECTIVE_ALIAS
#define D_SBX    DIRECTIVE_SANDBOX
#define D_SCORED DIRECTIVE_SCORED
#define D_CG     DIRECTIVE_CGROUP
#define D_SECRET DIRECTIVE_SECRET

#define R(sec, n, syn, p, lt, ver, fl, repl, prop, d)                                              \
        {                                                                                          \
                .name = (n), .section = SECTION_##sec, .syntax = (syn), .parse = config_parse_##p, \
                .ltype = (lt), .since = (ver), .flags = (fl), .replacement = (repl),               \
                .property = (prop), .doc = (d), .index = -1,                                       \
        }
