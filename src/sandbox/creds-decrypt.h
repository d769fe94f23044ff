/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Decryption of credentials made by `systemd-creds encrypt` (systemd 252, creds-util.c):
 * AES-256-GCM with the SHA-256 of the host key (/var/lib/systemd/credential.secret: a 16-byte
 * machine binding followed by the secret) or of the empty string (the "tpm2-absent" null key).
 * TPM2-sealed credentials are refused: there is no TPM here and cordon does not talk to one.
 * Needs libcrypto at build time; without it every call fails with -EOPNOTSUPP. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CRED_HOST_KEY_PATH     "/var/lib/systemd/credential.secret"
#define CRED_HOST_KEY_SIZE_MAX (16u * 1024u * 1024u)

typedef struct CredDecryptOptions {
        const char *host_key_path;   /* NULL: $SYSTEMD_CREDENTIAL_SECRET, else the default */
        const char *machine_id_path; /* NULL: /etc/machine-id */
        uint64_t now_usec;           /* CLOCK_REALTIME for not-after; 0 = read the clock */
        bool ignore_name;            /* $SYSTEMD_CREDENTIAL_VALIDATE_NAME=0 */
        bool ignore_not_after;       /* $SYSTEMD_CREDENTIAL_VALIDATE_NOT_AFTER=0 */
} CredDecryptOptions;

/* Whether this build can decrypt at all. */
bool cred_decrypt_supported(void);

/* Decrypts in (binary, already Base64-decoded) for credential name (embedded name must match
 * unless empty). On success *ret is a NUL-terminated malloc'd buffer of *ret_size bytes which
 * the caller must explicit_bzero() before freeing. On failure *ret_why (if given) is a static
 * explanation that never contains secret material. Errors: -EOPNOTSUPP (TPM2 or no libcrypto),
 * -EPROTONOSUPPORT (not a credential), -EBADMSG (corrupt, wrong key), -EREMOTE (name mismatch),
 * -ESTALE (expired), -ENOKEY (host key missing/unusable), -ENOMEM. */
int cred_decrypt(const char *name, const void *in, size_t in_size, const CredDecryptOptions *o,
                 char **ret, size_t *ret_size, const char **ret_why);

/* The machine binding the host key file starts with: HMAC-SHA256 keyed by the machine id over
 * the credential app id, first 16 bytes, made a v4 UUID (sd_id128_get_machine_app_specific()).
 * machine_id is the 32-hex-digit id. */
int cred_machine_binding(const char *machine_id, uint8_t ret[16]);
