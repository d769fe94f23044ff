/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "strv.h"

/* STUB: loading is being written. */

const char *unit_intern_file(Unit *u, const char *path)
{
        STRV_FOREACH (f, u->files)
                if (streq(*f, path))
                        return *f;
        if (strv_extend(&u->files, path) < 0)
                return NULL;
        return u->files[strv_length(u->files) - 1];
}

Origin origin_from_assignment(const Assignment *a)
{
        return (Origin){.file = a->file, .line = a->line, .column = a->column, .implied_by = -1};
}

int unit_load(const char *name_or_path, const UnitLoadOptions *options, Unit **ret, DiagList *diags)
{
        return -EOPNOTSUPP;
}

int unit_load_buffer(const char *id, const char *path, const char *data, size_t size,
                     const UnitLoadOptions *options, Unit **ret, DiagList *diags)
{
        return -EOPNOTSUPP;
}

int unit_apply_assignments(Unit *u, DiagList *diags)
{
        return 0;
}
