/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Shared between config-parse-typed.c (the field table, booleans, enums, strings, lists,
 * stdio) and config-parse-resources.c (integers, CPU affinity, cgroup values). */

#include <stddef.h>
#include <stdint.h>

#include "config-parse-internal.h"

typedef struct TypedField TypedField;
typedef int (*TypedParser)(Unit *u, const Directive *d, const Assignment *a, const char *value,
                           DiagList *diags, const TypedField *f);

struct TypedField {
        const char *name;
        TypedParser parse;
        size_t offset;        /* of the value inside Unit */
        size_t origin_offset; /* of its Origin inside Unit, or NO_ORIGIN */
        int (*enum_from)(const char *s);
        unsigned arg; /* parser-specific flags */
};

#define NO_ORIGIN  SIZE_MAX
#define AT(member) offsetof(Unit, member)

static inline void *field_at(Unit *u, size_t offset)
{
        return (uint8_t *) u + offset;
}

static inline void field_origin_set(Unit *u, const TypedField *f, const Assignment *a)
{
        if (f->origin_offset != NO_ORIGIN)
                *(Origin *) field_at(u, f->origin_offset) = origin_from_assignment(a);
}

static inline void field_origin_clear(Unit *u, const TypedField *f)
{
        if (f->origin_offset != NO_ORIGIN)
                *(Origin *) field_at(u, f->origin_offset) = ORIGIN_NULL;
}

/* Parser arguments (TypedField.arg) of typed_parse_int(). */
enum {
        INT_NICE = 1,
        INT_OOM_SCORE_ADJUST,
        INT_SCHED_POLICY,
        INT_SCHED_PRIORITY,
        INT_IO_CLASS,
        INT_IO_PRIORITY,
        INT_NSEC,
        INT_COREDUMP_FILTER,
        INT_SIGNAL,
};

/* Flags of typed_parse_memory(). */
enum {
        MEMORY_MIN_LIKE = 1 << 0, /* MemoryMin=, MemoryLow=: "" is 0 and 0 is allowed */
        MEMORY_ZERO_OK = 1 << 1,  /* MemorySwapMax= */
};

int typed_parse_int(Unit *u, const Directive *d, const Assignment *a, const char *value,
                    DiagList *diags, const TypedField *f);
int typed_parse_cpu_quota(Unit *u, const Directive *d, const Assignment *a, const char *value,
                          DiagList *diags, const TypedField *f);
int typed_parse_delegate(Unit *u, const Directive *d, const Assignment *a, const char *value,
                         DiagList *diags, const TypedField *f);
int typed_parse_cpu_affinity(Unit *u, const Directive *d, const Assignment *a, const char *value,
                             DiagList *diags, const TypedField *f);
int typed_parse_memory(Unit *u, const Directive *d, const Assignment *a, const char *value,
                       DiagList *diags, const TypedField *f);
int typed_parse_weight(Unit *u, const Directive *d, const Assignment *a, const char *value,
                       DiagList *diags, const TypedField *f);
int typed_parse_tasks_max(Unit *u, const Directive *d, const Assignment *a, const char *value,
                          DiagList *diags, const TypedField *f);
