/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Loading a unit: find the fragment and drop-ins, lex them in order, dispatch every assignment
 * through the directive table, then apply implied settings. */
#include "unit.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dropins.h"
#include "fileio.h"
#include "path-util.h"
#include "settings.h"
#include "specifier.h"
#include "string-util.h"
#include "strv.h"
#include "unit-name.h"

static const char *const unit_section_table[_SECTION_MAX] = {
        [SECTION_UNIT] = "Unit",       [SECTION_SERVICE] = "Service",
        [SECTION_INSTALL] = "Install", [SECTION_SOCKET] = "Socket",
        [SECTION_MOUNT] = "Mount",     [SECTION_AUTOMOUNT] = "Automount",
        [SECTION_SWAP] = "Swap",       [SECTION_TIMER] = "Timer",
        [SECTION_PATH] = "Path",       [SECTION_SLICE] = "Slice",
        [SECTION_SCOPE] = "Scope",
};

DEFINE_STRING_TABLE_LOOKUP(unit_section, UnitSectionId);

/* The type-specific section for a unit name's suffix ("service" → SECTION_SERVICE); targets and
 * devices have none. A name without a suffix is treated as a service. */
static UnitSectionId unit_type_section(const char *id)
{
        const char *dot = id ? strrchr(id, '.') : NULL;

        if (!dot || !dot[1])
                return SECTION_SERVICE;
        for (int s = SECTION_SERVICE; s < _SECTION_MAX; s++)
                if (s != SECTION_INSTALL && strcasecmp(dot + 1, unit_section_table[s]) == 0)
                        return (UnitSectionId) s;
        return _SECTION_INVALID;
}

bool unit_section_applies(const Unit *u, const char *section)
{
        UnitSectionId s = unit_section_from_string(section);

        /* systemd passes "Unit\0<Type>\0Install\0" to config_parse() for unit files; every other
         * section (including another type's) is unknown and ignored. */
        return s == SECTION_UNIT || s == SECTION_INSTALL ||
               (s >= 0 && s == unit_type_section(u->id));
}

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

static unsigned unit_version(const Unit *u)
{
        return u->systemd_version ? u->systemd_version : 252;
}

/* Spelling suggestions cost an edit distance against the whole table: bound them per unit and by
 * key length, so hostile input cannot make loading slow. */
#define SUGGEST_MAX     16u
#define SUGGEST_KEY_MAX 64u

/* Bound on findings while dispatching one unit (the lexer caps its own per file). */
#define APPLY_DIAGS_MAX 5000u

typedef struct ApplyState {
        char **warned_sections;
        unsigned n_suggested;
        bool suggest;
        /* The previous assignment's section and what it resolved to: consecutive lines share
         * it, and resolving it by name for every line showed in profiles. */
        const char *last_section;
        UnitSectionId last_sid;
        bool last_applies;
} ApplyState;

/* Unknown key: say so like systemd, and add what cordon knows (other section, spelling). */
static int report_unknown(ApplyState *st, const Assignment *a, UnitSectionId sid, DiagList *diags)
{
        const Directive *any = directive_lookup_any(a->key), *s = NULL;

        if (any && any->section != sid)
                return diag_add(diags, a->file, assignment_systemd_line(a), 0, "wrong-section",
                                DIAG_WARNING, unit_section_to_string(any->section),
                                "Unknown key '%s' in section [%s], ignoring. (%s= belongs in "
                                "section [%s].)",
                                a->key, a->section, a->key,
                                strnull(unit_section_to_string(any->section)));
        /* Exactly systemd's text, so reports can be compared; the suggestion is the fix. */
        if (st->suggest && st->n_suggested < SUGGEST_MAX && strlen(a->key) <= SUGGEST_KEY_MAX) {
                st->n_suggested++;
                s = directive_suggest(sid, a->key);
        }
        return diag_add(diags, a->file, assignment_systemd_line(a), 0, "unknown-directive",
                        DIAG_WARNING, s ? s->name : NULL,
                        "Unknown key '%s' in section [%s], ignoring.", a->key, a->section);
}

static int ensure_origins(Unit *u)
{
        size_t n;

        if (u->origins)
                return 0;
        n = directive_count();
        /* every element is set below: no need to clear them first */
        u->origins = malloc((n ? n : 1) * sizeof(Origin));
        if (!u->origins)
                return -ENOMEM;
        for (size_t i = 0; i < n; i++)
                u->origins[i] = ORIGIN_NULL;
        return 0;
}

static int apply_one(Unit *u, const Assignment *a, DiagList *diags, ApplyState *st)
{
        _cleanup_free_ char *expanded = NULL;
        const char *value = a->value;
        const Directive *d;
        UnitSectionId sid;
        unsigned v = unit_version(u);
        int r;

        if (!st->last_section || !streq(st->last_section, a->section)) {
                st->last_section = a->section;
                st->last_sid = unit_section_from_string(a->section);
                st->last_applies = st->last_sid >= 0 && unit_section_applies(u, a->section);
        }
        sid = st->last_sid;
        if (!st->last_applies) {
                /* The lexer drops these; assignments built by other means may still carry one. */
                if (startswith(a->section, "X-") || strv_contains(st->warned_sections, a->section))
                        return 0;
                r = strv_extend(&st->warned_sections, a->section);
                if (r < 0)
                        return r;
                return diag_add(diags, a->file, assignment_systemd_line(a), 0, "unknown-section",
                                DIAG_WARNING, NULL, "Unknown section '%s'. Ignoring.", a->section);
        }

        if (startswith(a->key, "X-"))
                return 0; /* extension keys are silently allowed */

        d = directive_lookup(sid, a->key);
        if (!d)
                return report_unknown(st, a, sid, diags);

        /* What systemd <version> would do: it does not know directives from the future. */
        if ((d->since > 0 && d->since > v) || (d->removed > 0 && d->removed <= v))
                return diag_add(diags, a->file, assignment_systemd_line(a), 0, "unknown-directive",
                                DIAG_WARNING, NULL,
                                "Unknown key '%s' in section [%s], ignoring. (%s= is %s systemd "
                                "%u.)",
                                a->key, a->section, a->key,
                                d->since > v ? "available since" : "removed in",
                                d->since > v ? d->since : d->removed);

        /* A value from the future: systemd <version> does not know it and ignores the line. */
        unsigned since = directive_value_since(d->name, a->value);
        if (since > v)
                return diag_add(diags, a->file, assignment_systemd_line(a), 0, "invalid-value",
                                DIAG_WARNING, NULL,
                                "%s=: value \"%s\" is known since systemd %u, ignoring.", a->key,
                                a->value, since);

        if (!(d->flags & DIRECTIVE_NOP) && d->parse) {
                /* Rows whose parser expands only some parts (SetCredential=: the ID, never the
                 * secret) must not lose the line to a '%' in the part systemd leaves alone.
                 * Without a '%' expansion would copy the value unchanged (and report only values
                 * too long for it): that copy was 8% of loading a unit, skip it. */
                if ((d->flags & DIRECTIVE_SPECIFIERS) && !(d->flags & DIRECTIVE_PARSER_EXPANDS) &&
                    (strchr(a->value, '%') || strlen(a->value) > UNIT_EXPANSION_MAX)) {
                        r = specifier_expand(u, a, a->value, &expanded, diags);
                        if (r == -ENOMEM)
                                return r;
                        if (r < 0)
                                return 0; /* reported; systemd ignores the assignment */
                        value = expanded;
                }
                r = d->parse(u, d, a, value, diags);
                if (r < 0)
                        return r;
        }
        if (d->index >= 0)
                u->origins[d->index] = origin_from_assignment(a);
        return 0;
}

int unit_apply_assignments(Unit *u, DiagList *diags)
{
        ApplyState st = {.suggest = !(u->options && u->options->no_suggestions)};
        DiagList sink = {};
        size_t start = diags->n;
        bool capped = false;
        int r;

        r = ensure_origins(u);
        if (r < 0)
                return r;
        for (size_t i = 0; i < u->n_assignments; i++) {
                /* Past the cap, values are still applied but their findings are dropped. */
                if (!capped && diags->n - start >= APPLY_DIAGS_MAX) {
                        capped = true;
                        r = diag_add(diags, u->assignments[i].file,
                                     assignment_systemd_line(&u->assignments[i]), 0, "syntax",
                                     DIAG_WARNING, NULL,
                                     "Too many problems in this unit, not reporting more.");
                        if (r < 0)
                                break;
                }
                r = apply_one(u, &u->assignments[i], capped ? &sink : diags, &st);
                diag_list_done(&sink);
                if (r < 0)
                        break;
        }
        strv_free(st.warned_sections);
        return r < 0 ? r : 0;
}

/* Creates the unit for id; a bare template gets the default instance ("i", as systemd-analyze
 * does offline). */
static int unit_create(const char *id, const UnitLoadOptions *options, Unit **ret)
{
        _cleanup_free_ char *effective = NULL, *prefix = NULL, *instance = NULL;
        bool is_template = false;
        Unit *u;
        int r;

        if (!unit_name_is_valid(id, true, true))
                return -EINVAL;
        if (unit_name_is_template(id)) {
                const char *inst =
                        options && options->default_instance ? options->default_instance : "i";
                r = unit_name_replace_instance(id, inst, &effective);
                if (r < 0)
                        return r;
                is_template = true;
        } else if (!(effective = strdup(id)))
                return -ENOMEM;

        r = unit_name_split(effective, &prefix, &instance, NULL);
        if (r < 0)
                return r;
        u = unit_new(effective);
        if (!u)
                return -ENOMEM;
        u->prefix = TAKE_PTR(prefix);
        u->instance = TAKE_PTR(instance);
        u->is_template = is_template; /* refined from the fragment's name by the callers */
        u->options = options;
        u->systemd_version = options && options->systemd_version ? options->systemd_version : 252;
        unit_model_init_manager(u, options && options->user);
        *ret = u;
        return 0;
}

/* Lexes every file, then dispatches and applies implied settings. */
static int unit_finish_load(Unit *u, DiagList *diags)
{
        int r;

        r = unit_apply_assignments(u, diags);
        if (r < 0)
                return r;
        return unit_apply_implied(u, diags);
}

/* systemd parses a file line by line and stops at a line that refuses the whole file, having
 * already dispatched the lines before it: their diagnostics (unknown keys, bad values) are
 * reported too. Do the same on what was lexed, then fail the load. */
static int refuse_fragment(Unit *u, int error, DiagList *diags)
{
        int r;

        if (error != -EBADMSG)
                return error;
        r = unit_apply_assignments(u, diags);
        return r == -ENOMEM ? r : error;
}

int unit_load_buffer(const char *id, const char *path, const char *data, size_t size,
                     const UnitLoadOptions *options, Unit **ret, DiagList *diags)
{
        _cleanup_unit_free_ Unit *u = NULL;
        int r;

        *ret = NULL;
        r = unit_create(id, options, &u);
        if (r < 0)
                return r;
        u->fragment_path = strdup(path ? path : id);
        if (!u->fragment_path)
                return -ENOMEM;
        u->is_template =
                unit_name_is_template(path_basename(u->fragment_path)) || unit_name_is_template(id);
        if (size == 0) {
                /* An empty fragment is a mask for systemd. */
                u->masked = true;
                u->options = NULL;
                *ret = TAKE_PTR(u);
                return -ERFKILL;
        }
        r = unit_lex_buffer(u, u->fragment_path, data, size, false, diags);
        if (r < 0)
                return refuse_fragment(u, r, diags);
        r = unit_finish_load(u, diags);
        if (r < 0)
                return r;
        u->options = NULL;
        *ret = TAKE_PTR(u);
        return 0;
}

/* Lexes what read_full_file() gave for path (r: its result). */
static int lex_read(Unit *u, const char *path, int r, const char *data, size_t size, bool dropin,
                    DiagList *diags)
{
        if (r == -EFBIG) {
                r = diag_add(diags, path, 0, 0, "file-too-large", DIAG_ERROR, NULL,
                             "File too large, refusing.");
                return r < 0 ? r : -EBADMSG;
        }
        if (r < 0)
                return r;
        return unit_lex_buffer(u, path, data, size, dropin, diags);
}

static int lex_file(Unit *u, const char *path, bool dropin, DiagList *diags)
{
        _cleanup_free_ char *data = NULL;
        size_t size = 0;
        int r;

        r = read_full_file(path, UNIT_FILE_SIZE_MAX, &data, &size);
        return lex_read(u, path, r, data, size, dropin, diags);
}

static char *absolute_path(const char *p, DirCache *cache)
{
        char cwd[PATH_MAX];
        const char *here = cache ? dir_cache_cwd(cache) : NULL;
        char *r;

        if (path_is_absolute(p))
                r = strdup(p);
        else if (!here && !(here = getcwd(cwd, sizeof(cwd))))
                return NULL;
        else
                r = path_join(here, p);
        return r ? path_simplify(r) : NULL;
}

/* The search path for options, from the cache when it has it: *ret_owned (to free) or only
 * *ret (borrowed from the cache). */
static int load_search_path(const UnitLoadOptions *options, char ***ret_owned, char *const **ret)
{
        const char *root = options ? options->root : NULL;
        bool user = options && options->user;
        DirCache *cache = options ? options->dir_cache : NULL;
        char **l;
        int r;

        *ret = cache ? dir_cache_get_search_path(cache, root, user) : NULL;
        if (*ret)
                return 0;
        l = unit_search_path(root, user);
        if (!l)
                return -ENOMEM;
        if (!cache) {
                *ret = *ret_owned = l;
                return 0;
        }
        r = dir_cache_set_search_path(cache, root, user, l);
        if (r < 0)
                return r;
        *ret = dir_cache_get_search_path(cache, root, user);
        return 0;
}

int unit_load(const char *name_or_path, const UnitLoadOptions *options, Unit **ret, DiagList *diags)
{
        _cleanup_unit_free_ Unit *u = NULL;
        _cleanup_free_ char *abs = NULL, *dir = NULL, *fragment = NULL;
        _cleanup_strv_free_ char **search = NULL, **dropins = NULL;
        char *const *search_path = NULL;
        DirCache *cache = options ? options->dir_cache : NULL;
        _cleanup_free_ char *data = NULL; /* the fragment, when read early */
        _cleanup_free_ char *here = NULL; /* a bare name's fragment in the current directory */
        bool found_here = false, m = false;
        size_t size = 0;
        bool unchecked = false;
        int read_r = 0;
        const char *name;
        bool masked = false;
        int r;

        *ret = NULL;
        if (strchr(name_or_path, '/')) {
                /* A path: its directory is searched first, then the normal search path, exactly
                 * what `systemd-analyze --offline` does by prepending the directory to
                 * $SYSTEMD_UNIT_PATH (a trailing ':' keeps the defaults). So host drop-ins in
                 * /etc/systemd/system/NAME.d apply to ./NAME as well, unless --root says where
                 * the host is. */
                abs = absolute_path(name_or_path, cache);
                if (!abs)
                        return -ENOMEM;
                dir = path_dirname(abs);
                if (!dir)
                        return -ENOMEM;
                name = path_basename(abs);
        } else
                name = name_or_path;

        if (!unit_name_is_valid(name, true, true))
                return -EINVAL;
        if (!abs) {
                /* systemd-analyze --offline makes every argument absolute against the current
                 * directory and searches that directory first, so a bare "foo.service" next to
                 * the caller is that file. Take the path route when the fragment is there (what
                 * was found is kept: the same lookup below would stat() it all over again). */

                dir = absolute_path(".", cache);
                if (!dir)
                        return -ENOMEM;
                r = unit_find_fragment_cached(name, dir, NULL, cache, &here, &m, NULL);
                if (r < 0 && r != -ENOENT)
                        return r;
                if (r >= 0 && (here || m)) {
                        abs = path_join(dir, name);
                        if (!abs)
                                return -ENOMEM;
                        found_here = true;
                } else
                        dir = mfree(dir);
        }
        r = load_search_path(options, &search, &search_path);
        if (r < 0)
                return r;

        r = unit_create(name, options, &u);
        if (r < 0)
                return r;

        if (found_here) {
                fragment = TAKE_PTR(here);
                masked = m;
                if (!fragment)
                        return -ENOENT;
        } else if (abs) {
                /* The given file (or, for an instance, its template next to it) is the
                 * fragment, whatever the search path holds: the directory comes first. */
                r = unit_find_fragment_cached(name, dir, NULL, cache, &fragment, &masked,
                                              &unchecked);
                if (r < 0)
                        return r;
                if (!fragment)
                        return -ENOENT;
        } else {
                r = unit_find_fragment_cached(u->id, NULL, search_path, cache, &fragment, &masked,
                                              &unchecked);
                if (r < 0)
                        return r;
                if (!fragment)
                        return -ENOENT;
        }
        u->fragment_path = TAKE_PTR(fragment);
        u->is_template = unit_name_is_template(path_basename(u->fragment_path));
        if (unchecked) {
                /* A regular file by the directory listing: reading it tells whether it is empty
                 * (a mask), one stat() less per unit. */
                read_r = read_full_file(u->fragment_path, UNIT_FILE_SIZE_MAX, &data, &size);
                masked = read_r >= 0 && size == 0;
        }
        if (masked) {
                u->masked = true;
                u->options = NULL;
                *ret = TAKE_PTR(u);
                return -ERFKILL;
        }

        r = unit_find_dropins_cached(u->id, dir, search_path, cache, &dropins);
        if (r < 0)
                return r;
        u->dropin_paths = TAKE_PTR(dropins);

        if (unchecked)
                r = lex_read(u, u->fragment_path, read_r, data, size, false, diags);
        else
                r = lex_file(u, u->fragment_path, false, diags);
        if (r < 0)
                return refuse_fragment(u, r, diags);
        STRV_FOREACH (d, u->dropin_paths) {
                /* systemd ignores a drop-in it cannot read or parse (what was lexed before a
                 * refusal stays applied, as in systemd); the diagnostics say why. */
                r = lex_file(u, *d, true, diags);
                if (r == -ENOMEM)
                        return r;
                if (r < 0 && r != -EBADMSG) {
                        r = diag_add(diags, *d, 0, 0, "dropin-unreadable", DIAG_WARNING, NULL,
                                     "Failed to read drop-in: %s, ignoring.", strerror(-r));
                        if (r < 0)
                                return r;
                }
        }
        r = unit_finish_load(u, diags);
        if (r < 0)
                return r;
        u->options = NULL;
        *ret = TAKE_PTR(u);
        return 0;
}
