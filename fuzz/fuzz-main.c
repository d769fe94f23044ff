/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Standalone driver: replays every file given (or every file in the given directories) through
 * LLVMFuzzerTestOneInput, so the corpora run as ordinary tests without libFuzzer. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
        char *data = NULL;
        size_t size = 0;
        int r = read_full_file(path, 16 * 1024 * 1024, &data, &size);
        if (r < 0) {
                fprintf(stderr, "%s: cannot read (%d)\n", path, r);
                return 1;
        }
        (void) LLVMFuzzerTestOneInput((const uint8_t *) data, size);
        free(data);
        return 0;
}

int main(int argc, char **argv)
{
        unsigned n = 0, bad = 0;

        for (int i = 1; i < argc; i++) {
                struct stat st;
                if (stat(argv[i], &st) < 0) {
                        fprintf(stderr, "%s: missing\n", argv[i]);
                        return 1;
                }
                if (!S_ISDIR(st.st_mode)) {
                        bad += (unsigned) run_file(argv[i]);
                        n++;
                        continue;
                }
                struct dirent **ents;
                int k = scandir(argv[i], &ents, NULL, alphasort);
                if (k < 0)
                        return 1;
                for (int j = 0; j < k; j++) {
                        char p[4096];
                        if (ents[j]->d_name[0] != '.') {
                                snprintf(p, sizeof p, "%s/%s", argv[i], ents[j]->d_name);
                                bad += (unsigned) run_file(p);
                                n++;
                        }
                        free(ents[j]);
                }
                free(ents);
        }
        printf("replayed %u inputs\n", n);
        return bad ? 1 : (n ? 0 : 1);
}
