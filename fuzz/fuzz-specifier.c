/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Specifier expansion and name unescaping: any byte string must expand or be refused cleanly.
 * Input: "INSTANCE\nFORMAT"; the first byte's low bit selects the user manager. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "specifier.h"
#include "unit-name.h"
#include "unit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        UnitLoadOptions o = {.hostname = "fuzzhost.example",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210",
                             .root = "/nonexistent-fuzz-root"};
        const char *nl;
        char *text, *instance, *id = NULL, *out = NULL, *un = NULL;
        DiagList diags = {0};
        Assignment a = {.file = "/fuzz.service", .line = 1, .column = 1};
        Unit *u;

        if (size > 64 * 1024)
                return 0;
        text = strndup((const char *) data, size); /* stops at an embedded NUL */
        if (!text)
                return 0;
        o.user = size > 0 && (data[0] & 1);
        nl = strchr(text, '\n');
        instance = nl ? strndup(text, (size_t) (nl - text)) : strdup("i");
        if (!instance || unit_name_replace_instance("fuzz-a-b@.service", instance, &id) < 0)
                id = strdup("fuzz-a-b@i.service");
        u = id ? unit_new(id) : NULL;
        if (u && unit_name_split(u->id, &u->prefix, &u->instance, NULL) >= 0) {
                u->options = &o;
                u->fragment_path = strdup("/fuzz/fuzz-a-b@.service");
                if (specifier_expand(u, &a, nl ? nl + 1 : text, &out, &diags) >= 0 && out &&
                    strlen(out) > UNIT_EXPANSION_MAX)
                        abort(); /* the bound must hold */
                (void) unit_name_unescape(nl ? nl + 1 : text, &un);
                free(un);
                un = NULL;
                (void) unit_name_path_unescape(nl ? nl + 1 : text, &un);
                u->options = NULL;
        }
        free(un);
        free(out);
        unit_free(u);
        free(id);
        free(instance);
        free(text);
        diag_list_done(&diags);
        return 0;
}
