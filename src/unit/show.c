/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* unit_show(): the effective settings as `systemctl show` prints them, driven by the directive
 * table (table order, one owner per property). Text or JSON, optionally with origins. */
#include "show.h"

#include <stdlib.h>
#include <string.h>

#include "show-internal.h"
#include "string-util.h"
#include "strv.h"

const Origin *show_row_origin(const Unit *u, const Directive *d)
{
        if (!u->origins || !d || d->index < 0)
                return NULL;
        return origin_is_set(&u->origins[d->index]) ? &u->origins[d->index] : NULL;
}

static void origin_format(const Show *s, const Origin *o, StrBuf *b)
{
        const Directive *by = o->implied_by >= 0 ? directive_by_index(o->implied_by) : NULL;

        if (!by) {
                if (o->file)
                        strbuf_printf(b, "%s:%u", o->file, o->line);
                return;
        }
        const Origin *io = show_row_origin(s->u, by);
        bool explicit = o->file && !(io && io->file == o->file && io->line == o->line);
        if (explicit)
                strbuf_printf(b, "%s:%u; ", o->file, o->line);
        strbuf_printf(b, "implied by %s=", by->name);
        if (io && io->file)
                strbuf_printf(b, " (%s:%u)", io->file, io->line);
}

/* Distinct origins in order; lists carry one per value. */
static bool origin_seen(const Origin *o, const Origin *list, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (list[i].file == o->file && list[i].line == o->line &&
                    list[i].implied_by == o->implied_by)
                        return true;
        return false;
}

static void put_text(Show *s, const char *name, const char *value, const Origin *origins,
                     size_t n_origins)
{
        strbuf_printf(s->out, "%s=%s", name, strempty(value));
        if (s->o->origin) {
                bool first = true;
                for (size_t i = 0; i < n_origins; i++) {
                        if (!origin_is_set(&origins[i]) || origin_seen(&origins[i], origins, i))
                                continue;
                        strbuf_puts(s->out, first ? "\t# " : ", ");
                        origin_format(s, &origins[i], s->out);
                        first = false;
                }
        }
        strbuf_putc(s->out, '\n');
}

static void put_json(Show *s, const char *name, const char *value, const Origin *origins,
                     size_t n_origins)
{
        JsonWriter *w = &s->json;

        json_begin_object(w);
        json_key(w, "name");
        json_string(w, name);
        json_key(w, "value");
        json_string(w, strempty(value));
        json_key(w, "origin");
        json_begin_array(w);
        for (size_t i = 0; i < n_origins; i++) {
                const Origin *o = &origins[i];
                if (!origin_is_set(o) || origin_seen(o, origins, i))
                        continue;
                json_begin_object(w);
                json_key(w, "file");
                json_string(w, o->file);
                json_key(w, "line");
                if (o->file)
                        json_uint(w, o->line);
                else
                        json_null(w);
                if (o->implied_by >= 0) {
                        const Directive *by = directive_by_index(o->implied_by);
                        json_key(w, "implied_by");
                        json_string(w, by ? by->name : NULL);
                }
                json_end_object(w);
        }
        json_end_array(w);
        json_end_object(w);
}

int show_put(Show *s, const char *name, const char *value, bool set, const Origin *origins,
             size_t n_origins)
{
        bool filtered = s->o->properties && strv_contains(s->o->properties, name);

        if (s->o->properties && !filtered)
                return 0;
        /* Another row owns this property already (aliases, TimeoutSec= vs TimeoutStartSec=). */
        if (strv_contains(s->emitted, name) && !strv_contains(s->claimed, name))
                return 0;
        if (!strv_contains(s->claimed, name) && strv_extend(&s->claimed, name) < 0)
                return -ENOMEM;
        /* Unset values are listed with --all, or when asked for by name. */
        if (!set && !s->o->all && !filtered)
                return 0;
        if (s->o->json)
                put_json(s, name, value, origins, n_origins);
        else
                put_text(s, name, value, origins, n_origins);
        return s->out->oom ? -ENOMEM : 0;
}

int show_put_origin(Show *s, const char *name, const char *value, const Origin *o)
{
        bool set = o && origin_is_set(o);
        return show_put(s, name, value, set, set ? o : NULL, set ? 1 : 0);
}

int show_put_buf(Show *s, const char *name, StrBuf *b, bool set, const Origin *o, size_t n)
{
        int r = b->oom ? -ENOMEM : show_put(s, name, strbuf_str(b), set, o, n);
        strbuf_done(b);
        return r;
}

static int show_rows(Show *s)
{
        size_t n;
        const Directive *t = directive_table(&n);
        int r;

        for (size_t i = 0; i < n; i++) {
                /* Unit first, then the type's section, then [Install], like the table order. */
                r = show_directive(s, &t[i]);
                if (r < 0)
                        return r;
                STRV_FOREACH (c, s->claimed)
                        if (!strv_contains(s->emitted, *c) && strv_extend(&s->emitted, *c) < 0)
                                return -ENOMEM;
                s->claimed = strv_free(s->claimed);
        }
        return 0;
}

/* Where the unit came from, as systemctl's FragmentPath= and DropInPaths=. */
static int show_files(Show *s)
{
        _cleanup_free_ char *dropins = strv_join(s->u->dropin_paths, " ");
        int r;

        if (s->u->dropin_paths && !dropins)
                return -ENOMEM;
        r = show_put(s, "FragmentPath", strempty(s->u->fragment_path), s->u->fragment_path != NULL,
                     NULL, 0);
        if (r < 0)
                return r;
        return show_put(s, "DropInPaths", strempty(dropins), !isempty(dropins), NULL, 0);
}

int unit_show(const Unit *u, const ShowOptions *o, StrBuf *out)
{
        static const ShowOptions defaults = {};
        Show s = {.u = u, .o = o ? o : &defaults, .out = out};
        int r;

        if (!u || !out)
                return -EINVAL;
        if (s.o->json) {
                json_init(&s.json, out, false);
                json_begin_object(&s.json);
                json_key(&s.json, "unit");
                json_string(&s.json, u->id);
                json_key(&s.json, "properties");
                json_begin_array(&s.json);
        }
        r = show_put(&s, "Id", u->id, true, NULL, 0);
        if (r >= 0)
                r = show_files(&s);
        if (r >= 0) {
                s.emitted = NULL;
                s.claimed = strv_free(s.claimed);
                r = show_rows(&s);
        }
        strv_free(s.emitted);
        strv_free(s.claimed);
        if (r < 0)
                return r;
        if (s.o->json) {
                json_end_array(&s.json);
                json_end_object(&s.json);
                strbuf_putc(out, '\n');
        }
        return out->oom ? -ENOMEM : 0;
}
