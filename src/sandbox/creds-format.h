/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The on-disk format of an encrypted credential as systemd 252 writes it (creds-util.c,
 * `systemd-creds encrypt`): pure parsing, no cryptography, so it can be fuzzed.
 *
 *   header   16-byte key-kind id, le32 key_size (32), block_size, iv_size, tag_size (16),
 *            the IV, NUL padding to 8 bytes
 *   [tpm2]   le64 pcr_mask, le16 bank, le16 primary_alg, le32 blob_size, le32 policy_hash_size,
 *            blob and policy hash, padding (only for the TPM2 kinds)
 *   [pk]     le64 pcr_mask, le32 size, DER public key, padding (only for the *_WITH_PK kinds)
 *   ciphertext of: le64 timestamp, le64 not_after (µs, UINT64_MAX = none), le32 name_size,
 *            the name, padding, then the payload
 *   tag      16 bytes of AES-256-GCM tag
 *
 * Everything before the ciphertext is the GCM additional authenticated data. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum CredKeyKind {
        CRED_KEY_HOST,
        CRED_KEY_TPM2_HMAC,
        CRED_KEY_TPM2_HMAC_WITH_PK,
        CRED_KEY_HOST_AND_TPM2_HMAC,
        CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK,
        CRED_KEY_TPM2_ABSENT, /* fixed empty key: integrity only, no secrecy */
        _CRED_KEY_MAX,
        _CRED_KEY_INVALID = -1,
} CredKeyKind;

const char *cred_key_kind_to_string(CredKeyKind k);
bool cred_key_kind_uses_host(CredKeyKind k);
bool cred_key_kind_uses_tpm2(CredKeyKind k);

#define CRED_ID_SIZE           16u
#define CRED_TAG_SIZE          16u
#define CRED_KEY_SIZE          32u
#define CRED_FIELD_SIZE_MAX    (16u * 1024u) /* IV, block, TPM2 blob/policy (creds-util.c) */
#define CRED_PUBLIC_KEY_MAX    (1024u * 1024u)
#define CRED_METADATA_MIN      24u /* ALIGN8(8 + 8 + 4) */
#define CRED_EMBEDDED_NAME_MAX 255u

typedef struct CredHeader {
        CredKeyKind kind;
        uint32_t block_size;
        const uint8_t *iv; /* points into the parsed buffer */
        uint32_t iv_size;
        size_t aad_size; /* headers: the bytes before the ciphertext */
        const uint8_t *ciphertext;
        size_t ciphertext_size;
        const uint8_t *tag; /* CRED_TAG_SIZE bytes at the end */
} CredHeader;

/* Returns 0, -EBADMSG (truncated or inconsistent), or -EPROTONOSUPPORT (unknown key-kind id:
 * not a systemd credential, or a newer format). */
int cred_header_parse(const void *buf, size_t size, CredHeader *ret);

typedef struct CredMetadata {
        uint64_t timestamp; /* µs since the epoch; UINT64_MAX = unset */
        uint64_t not_after;
        const char *name; /* not NUL-terminated; NULL when name_size == 0 */
        size_t name_size;
        size_t payload_offset; /* into the plaintext */
} CredMetadata;

/* Parses the decrypted metadata header. Returns 0 or -EBADMSG (also for timestamps out of
 * order, a name with NUL bytes, or a name that is not a valid credential name). */
int cred_metadata_parse(const void *plain, size_t size, CredMetadata *ret);
