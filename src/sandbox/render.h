/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* `cordon render`: fills {{NAME}} placeholders of a template with credentials or environment
 * variables, so secrets stay out of world-readable configuration (meant for ExecStartPre= into
 * $RUNTIME_DIRECTORY). Pure except render_lookup_credential(), which reads one file. Error
 * messages name the placeholder and its line, never a value. */

#include <stdbool.h>
#include <stddef.h>

#define RENDER_TEMPLATE_MAX   (4u * 1024u * 1024u)
#define RENDER_OUTPUT_MAX     (16u * 1024u * 1024u)
#define RENDER_CREDENTIAL_MAX (1024u * 1024u) /* systemd 252 CREDENTIAL_SIZE_MAX */
#define RENDER_NAME_MAX       255u

/* Looks NAME up; returns 0 and a malloc'd value (and its size), -ENOENT if unknown, or another
 * negative errno. */
typedef int (*RenderLookup)(const char *name, void *userdata, char **ret, size_t *ret_size);

typedef struct RenderError {
        unsigned line;
        char name[RENDER_NAME_MAX + 1]; /* the placeholder, if the error is about one */
        const char *reason;             /* static text */
} RenderError;

/* Placeholder names: credential-name characters [A-Za-z0-9_.:@-], not starting with '.', at
 * most 255 bytes; "{{ NAME }}" (spaces inside the braces) is accepted. An unterminated "{{"
 * or an invalid name is an error (-EINVAL), an unknown name is -ENOENT. */
int render_template(const char *tmpl, size_t size, RenderLookup lookup, void *userdata, char **ret,
                    size_t *ret_size, RenderError *err);

bool render_name_is_valid(const char *name);

/* The standard lookup: $CREDENTIALS_DIRECTORY/NAME first (one trailing newline dropped, at most
 * RENDER_CREDENTIAL_MAX bytes, regular files only, no symlinks), then the environment.
 * userdata: the credentials directory (or NULL) — the environment is passed as `env`. */
typedef struct RenderSources {
        const char *credentials_directory; /* NULL: no credentials */
        char *const *env;                  /* "NAME=value" list, or NULL */
} RenderSources;
int render_lookup_default(const char *name, void *userdata, char **ret, size_t *ret_size);
