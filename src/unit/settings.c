/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "parsers.h"

/* STUB: the full table is being written. */
static Directive table[] = {
        {.name = "ExecStart",
         .section = SECTION_SERVICE,
         .syntax = "PATH [ARGUMENT [...]]",
         .parse = config_parse_exec,
         .ltype = SERVICE_EXEC_START,
         .since = 1,
         .flags = DIRECTIVE_LIST | DIRECTIVE_SPECIFIERS,
         .doc = "Command to run as the main process"},
};

const Directive *directive_table(size_t *ret_n)
{
        for (size_t i = 0; i < ELEMENTSOF(table); i++)
                table[i].index = (int) i;
        *ret_n = ELEMENTSOF(table);
        return table;
}

const Directive *directive_lookup(UnitSectionId section, const char *name)
{
        size_t n;
        const Directive *t = directive_table(&n);
        for (size_t i = 0; i < n; i++)
                if (t[i].section == section && streq(t[i].name, name))
                        return &t[i];
        return NULL;
}

const Directive *directive_lookup_any(const char *name)
{
        size_t n;
        const Directive *t = directive_table(&n);
        for (size_t i = 0; i < n; i++)
                if (streq(t[i].name, name))
                        return &t[i];
        return NULL;
}

const Directive *directive_by_index(int index)
{
        size_t n;
        const Directive *t = directive_table(&n);
        return index >= 0 && (size_t) index < n ? &t[index] : NULL;
}

int directive_index(UnitSectionId section, const char *name)
{
        const Directive *d = directive_lookup(section, name);
        return d ? d->index : -ENOENT;
}

const Directive *directive_suggest(UnitSectionId section, const char *name)
{
        return NULL;
}
