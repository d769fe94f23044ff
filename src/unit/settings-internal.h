/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The rows of the directive table, split by section into files of readable size. settings.c
 * merges and sorts them once.
 *
 * How .since was derived: the first release tag (v1 … v256 of the systemd-stable mirror) whose
 * src/core/load-fragment-gperf.gperf.{in,m4} (or the older src/ gperf, or src/load-fragment.c
 * before the gperf existed) accepts the name in that section ("Unit.X", "Service.X", "$1.X",
 * "{{type}}.X", "Install.X"). That is what the parser of each release accepted, which the man
 * pages' "Added in version" markers do not always say (e.g. ConditionArchitecture= 210, not 201;
 * ExecPaths= 248, not 231; RemoveIPC= in unit files only from 236). Directives that moved from
 * [Service] to [Unit] carry the version of the move in [Unit] and their original one in
 * [Service]. Rows for 257/258 follow the release notes summarised in /work/shared/reference (the
 * mirror has no v257+ tag). */

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
#define D_PEXP   DIRECTIVE_PARSER_EXPANDS

#define R(sec, n, syn, p, lt, ver, fl, repl, prop, d)                                              \
        {                                                                                          \
                .name = (n), .section = SECTION_##sec, .syntax = (syn), .parse = config_parse_##p, \
                .ltype = (lt), .since = (ver), .flags = (fl), .replacement = (repl),               \
                .property = (prop), .doc = (d), .index = -1,                                       \
        }
