/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* A loaded unit: the files it came from, the raw assignments in application order, and the
 * typed model after drop-ins and implied settings. */

#include "cleanup.h"
#include "diag.h"
#include "model.h"

typedef enum UnitSectionId {
        SECTION_UNIT,
        SECTION_SERVICE,
        SECTION_INSTALL,
        /* Sections of other unit types: recognised so we can say "wrong-section". */
        SECTION_SOCKET,
        SECTION_MOUNT,
        SECTION_AUTOMOUNT,
        SECTION_SWAP,
        SECTION_TIMER,
        SECTION_PATH,
        SECTION_SLICE,
        SECTION_SCOPE,
        _SECTION_MAX,
        _SECTION_INVALID = -EINVAL,
} UnitSectionId;
DECLARE_STRING_TABLE_LOOKUP(unit_section, UnitSectionId); /* "Unit" <-> SECTION_UNIT */

/* One "Key=Value" line as the lexer produced it (after continuation joining and whitespace
 * stripping, before any unquoting: the value parser owns unquoting). */
/* section, key and value are one allocation, freed through section (unit_free()). */
typedef struct Assignment {
        char *section; /* as written, e.g. "Service" */
        char *key;
        char *value;
        const char *file; /* interned in Unit.files */
        unsigned line;    /* line of the key (first line of a continued line) */
        unsigned column;  /* column of the value's first byte */
        bool from_dropin;
        unsigned line_end; /* last physical line of a continued line: where systemd reports */
} Assignment;

/* The line systemd names in its messages about a: the last line of a continued line. */
static inline unsigned assignment_systemd_line(const Assignment *a)
{
        return a->line_end ? a->line_end : a->line;
}

typedef struct RawSetting {
        int directive;         /* index into the directive table */
        StrvWithOrigin values; /* effective values (list directives accumulate; "" resets) */
} RawSetting;

typedef struct UnitLoadOptions {
        const char *root;             /* --root=DIR; NULL = "/" */
        bool user;                    /* user unit search path (--user) */
        unsigned systemd_version;     /* semantics to emulate; 0 = 252 */
        const char *default_instance; /* instance used for bare templates; NULL = "i" */
        /* Values for host specifiers; NULL = ask the running system (%H, %m, %b, …). */
        const char *hostname, *machine_id, *boot_id;
        /* Directory listings shared by the loads of one invocation (dir-cache.h); NULL = probe
         * the file system every time. */
        struct DirCache *dir_cache;
        /* The caller does not show hints: skip the spelling suggestions for unknown keys (an
         * edit distance against the whole directive table each). */
        bool no_suggestions;
} UnitLoadOptions;

typedef struct Unit {
        char *id;         /* effective name, e.g. "foo@i.service" */
        char *prefix;     /* "foo" */
        char *instance;   /* "i", or NULL for non-templates */
        bool is_template; /* the file is a template (foo@.service) */
        bool masked;
        /* A fatal assignment (systemd's parsers return -ENOEXEC: invalid User=/Group=, a relative
         * RootDirectory=, an unusable ExecStart= without '-', …): systemd refuses to load the
         * unit ("bad-setting"). Set by the value parsers; analyze refuses such units. */
        bool bad_setting;
        char *fragment_path; /* NULL if there is none (only drop-ins) */
        char **dropin_paths; /* in application order */
        char **files;        /* every file read; Origin.file points into these */

        Assignment *assignments;
        size_t n_assignments;

        UnitSection unit;
        ServiceSettings service;
        ExecSettings exec;
        KillSettings kill;
        CGroupSettings cgroup;
        InstallSection install;

        RawSetting *raw; /* for directives without a typed home */
        size_t n_raw;

        Origin *origins; /* per directive index: the last assignment that set it */
        unsigned systemd_version;
        const UnitLoadOptions *options; /* valid during load only */
} Unit;

/* Allocates a unit with systemd's defaults for a system service. */
Unit *unit_new(const char *id);
Unit *unit_free(Unit *u);
DEFINE_TRIVIAL_CLEANUP_FUNC(Unit *, unit_free);
#define _cleanup_unit_free_ _cleanup_(unit_freep)

/* Sets every model field to systemd's default. Called once per process by unit_new(), which
 * copies the result into every unit: it must not allocate or store pointers into *u. */
void unit_model_init(Unit *u);
/* Adjusts the defaults that differ between the system and the user manager (service_init():
 * KeyringMode= is "private" for system services, "inherit" for user services). Call before
 * applying assignments. */
void unit_model_init_manager(Unit *u, bool user);

/* Loads a unit by path ("./foo.service", "/x/foo@.service") or by name ("foo.service") from the
 * search path under options->root. Parse problems are appended to diags; the return value is
 * negative only for failures to produce a model at all (-ENOENT: no such unit, -ERFKILL: masked,
 * -ENOMEM, I/O errors). For -ERFKILL *ret still receives the masked unit (id, fragment_path,
 * masked = true, no settings) so callers can name it; free it. */
int unit_load(const char *name_or_path, const UnitLoadOptions *options, Unit **ret,
              DiagList *diags);

/* Parses a unit from a buffer (tests, fuzzing): one file, no drop-ins. */
int unit_load_buffer(const char *id, const char *path, const char *data, size_t size,
                     const UnitLoadOptions *options, Unit **ret, DiagList *diags);

/* Lexes one file's text and appends its assignments to u (section/key/value, file:line).
 * Syntax problems go to diags. Returns -EBADMSG for files that must be rejected whole
 * (NUL bytes, invalid UTF-8, too large), else 0. */
int unit_lex_buffer(Unit *u, const char *path, const char *data, size_t size, bool dropin,
                    DiagList *diags);

/* Dispatches every assignment through the directive table into the typed model (in order). */
int unit_apply_assignments(Unit *u, DiagList *diags);

/* Applies implied settings (DynamicUser=, PrivateDevices=, …) in one place. Idempotent. */
int unit_apply_implied(Unit *u, DiagList *diags);

/* Whether a "[section]" applies to u's type: Unit, Install and the type's own section
 * ("Service" for .service), as systemd passes them to config_parse(). */
bool unit_section_applies(const Unit *u, const char *section);

/* Interns a file name into u->files; returns the stable pointer or NULL on OOM. */
const char *unit_intern_file(Unit *u, const char *path);

/* Helpers for origins. */
Origin origin_from_assignment(const Assignment *a);
Origin origin_implied(const Unit *u, const char *by_directive);
const RawSetting *unit_get_raw(const Unit *u, int directive);
RawSetting *unit_get_raw_mutable(Unit *u, int directive);
