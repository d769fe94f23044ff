/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The encrypted-credential format (creds-format.c): any byte string must parse or be refused
 * cleanly, never read out of bounds. Inputs that parse as the "tpm2-absent" (fixed empty key)
 * or a TPM2 kind also go through cred_decrypt(), which needs no key file for them; host-key
 * inputs are not decrypted (that would read the machine's key). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "creds-decrypt.h"
#include "creds-format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        CredHeader h;
        CredMetadata m;
        char *out = NULL;
        size_t n = 0;
        const char *why = NULL;

        if (size > 2 * 1024 * 1024)
                return 0;
        /* the metadata parser sees arbitrary "plaintext" too */
        (void) cred_metadata_parse(data, size, &m);
        if (cred_header_parse(data, size, &h) < 0)
                return 0;
        if (h.aad_size + h.ciphertext_size + CRED_TAG_SIZE != size || h.iv_size == 0)
                abort(); /* the layout must cover the input exactly */
        if (h.kind == CRED_KEY_TPM2_ABSENT || cred_key_kind_uses_tpm2(h.kind)) {
                CredDecryptOptions o = {.host_key_path = "/nonexistent", .now_usec = 1};
                if (cred_decrypt("fuzz", data, size, &o, &out, &n, &why) >= 0) {
                        if (!out || out[n] != '\0')
                                abort();
                        free(out);
                } else if (!why)
                        abort(); /* every refusal explains itself */
        }
        return 0;
}
