/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "log.h"
#include "parse-util.h"
#include "string-util.h"

int cli_parse_systemd_version(const char *s, unsigned *ret)
{
        unsigned v;
        if (safe_atou(s, &v) < 0 || v < 200 || v > 300)
                return -EINVAL;
        *ret = v;
        return 0;
}

int cli_load_unit(const char *arg, const UnitLoadOptions *o, Unit **ret, DiagList *diags)
{
        int r = unit_load(arg, o, ret, diags);
        if (r == -ENOENT)
                return log_error_errno(r, "Unit %s not found.", arg);
        if (r == -ERFKILL)
                return log_error_errno(r, "Unit %s is masked.", arg);
        if (r < 0)
                return log_error_errno(r, "Failed to load unit %s: %m", arg);
        return 0;
}

void cli_print_diags_plain(const DiagList *diags, FILE *f)
{
        for (size_t i = 0; i < diags->n; i++) {
                const Diag *d = &diags->items[i];
                if (d->file && d->line)
                        fprintf(f, "%s:%u: %s\n", d->file, d->line, d->message);
                else if (d->file)
                        fprintf(f, "%s: %s\n", d->file, d->message);
                else
                        fprintf(f, "%s\n", d->message);
        }
}

bool cli_is_utf8_locale(void)
{
        const char *vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
        for (size_t i = 0; i < ELEMENTSOF(vars); i++) {
                const char *v = getenv(vars[i]);
                if (isempty(v))
                        continue;
                return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") ||
                       strstr(v, "utf-8");
        }
        return false;
}
