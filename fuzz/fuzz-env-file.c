/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Environment files and exec-time $VAR expansion: any byte string must parse or be refused
 * cleanly. Input: environment file contents; its first line's words also serve as an argv to
 * expand against the parsed environment. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "env-util.h"
#include "exec-util.h"
#include "strv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        DiagList diags = {0};
        char **env = NULL, **argv = NULL, **out = NULL;
        const char *text = (const char *) data;
        size_t first = 0;

        if (size > 256 * 1024)
                return 0;
        if (env_file_parse(text, size, "/fuzz.env", &env, &diags) >= 0) {
                while (first < size && first < 256 && text[first] != '\n' && text[first] != '\0')
                        first++;
                for (size_t i = 0; i < first;) {
                        size_t k = i;
                        while (k < first && text[k] != ' ')
                                k++;
                        if (k > i) {
                                char *w = strndup(text + i, k - i);
                                if (!w || strv_push(&argv, w) < 0)
                                        break;
                        }
                        i = k + 1;
                }
                if (exec_expand_argv(argv, env, &out) >= 0)
                        strv_free(out);
                strv_env_clean(env, "/fuzz.env", &diags);
        }
        strv_free(argv);
        strv_free(env);
        diag_list_done(&diags);
        return 0;
}
