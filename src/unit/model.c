/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "model.h"

#include <stdlib.h>
#include <string.h>

#include "strv.h"
#include "unit.h"

/* STUB: string tables, defaults and freeing are being written. */

void strv_with_origin_done(StrvWithOrigin *s)
{
        s->strv = strv_free(s->strv);
        s->origins = mfree(s->origins);
}

void strv_with_origin_reset(StrvWithOrigin *s)
{
        strv_with_origin_done(s);
}

int strv_with_origin_add(StrvWithOrigin *s, const char *value, Origin origin)
{
        size_t n = strv_length(s->strv);
        Origin *o = realloc(s->origins, (n + 1) * sizeof(Origin));
        if (!o)
                return -ENOMEM;
        s->origins = o;
        if (strv_extend(&s->strv, value) < 0)
                return -ENOMEM;
        s->origins[n] = origin;
        return 0;
}

void unit_model_init(Unit *u)
{
        u->exec.capability_bounding_set = CAP_MASK_ALL;
        u->exec.umask = DEFAULT_UMASK;
}

Unit *unit_new(const char *id)
{
        Unit *u = calloc(1, sizeof(Unit));
        if (!u)
                return NULL;
        u->id = strdup(id);
        if (!u->id)
                return mfree(u);
        unit_model_init(u);
        return u;
}

Unit *unit_free(Unit *u)
{
        if (!u)
                return NULL;
        free(u->id);
        free(u->prefix);
        free(u->instance);
        free(u->fragment_path);
        strv_free(u->dropin_paths);
        for (size_t i = 0; i < u->n_assignments; i++) {
                free(u->assignments[i].section);
                free(u->assignments[i].key);
                free(u->assignments[i].value);
        }
        free(u->assignments);
        strv_free(u->files);
        free(u->origins);
        free(u);
        return NULL;
}
