/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "creds-format.h"

#include <endian.h>
#include <errno.h>
#include <string.h>

#include "macro.h"

/* The key-kind ids of systemd 252's creds-util.h (CRED_AES256_GCM_BY_*), in CredKeyKind order. */
static const uint8_t kind_ids[_CRED_KEY_MAX][CRED_ID_SIZE] = {
        [CRED_KEY_HOST] = {0x5a, 0x1c, 0x6a, 0x86, 0xdf, 0x9d, 0x40, 0x96, 0xb1, 0xd5, 0xa6, 0x5e,
                           0x08, 0x62, 0xf1, 0x9a},
        [CRED_KEY_TPM2_HMAC] = {0x0c, 0x7c, 0xc0, 0x7b, 0x11, 0x76, 0x45, 0x91, 0x9c, 0x4b, 0x0b,
                                0xea, 0x08, 0xbc, 0x20, 0xfe},
        [CRED_KEY_TPM2_HMAC_WITH_PK] = {0xfa, 0xf7, 0xeb, 0x93, 0x41, 0xe3, 0x41, 0x2c, 0xa1, 0xa4,
                                        0x36, 0xf9, 0x5a, 0x29, 0x36, 0x2f},
        [CRED_KEY_HOST_AND_TPM2_HMAC] = {0x93, 0xa8, 0x94, 0x09, 0x48, 0x74, 0x44, 0x90, 0x90, 0xca,
                                         0xf2, 0xfc, 0x93, 0xca, 0xb5, 0x53},
        [CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK] = {0xaf, 0x49, 0x50, 0xa8, 0x49, 0x13, 0x4e, 0xb1,
                                                 0xa7, 0x38, 0x46, 0x30, 0x4f, 0xf3, 0x0c, 0x05},
        [CRED_KEY_TPM2_ABSENT] = {0x05, 0x84, 0x69, 0xda, 0xf6, 0xf5, 0x43, 0x24, 0x80, 0x05, 0x49,
                                  0xda, 0x0f, 0x8e, 0xa2, 0xfb},
};

static const char *const kind_table[_CRED_KEY_MAX] = {
        [CRED_KEY_HOST] = "host",
        [CRED_KEY_TPM2_HMAC] = "tpm2",
        [CRED_KEY_TPM2_HMAC_WITH_PK] = "tpm2-with-public-key",
        [CRED_KEY_HOST_AND_TPM2_HMAC] = "host+tpm2",
        [CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK] = "host+tpm2-with-public-key",
        [CRED_KEY_TPM2_ABSENT] = "tpm2-absent",
};

const char *cred_key_kind_to_string(CredKeyKind k)
{
        return k >= 0 && k < _CRED_KEY_MAX ? kind_table[k] : NULL;
}

bool cred_key_kind_uses_host(CredKeyKind k)
{
        return k == CRED_KEY_HOST || k == CRED_KEY_HOST_AND_TPM2_HMAC ||
               k == CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK;
}

bool cred_key_kind_uses_tpm2(CredKeyKind k)
{
        return k == CRED_KEY_TPM2_HMAC || k == CRED_KEY_TPM2_HMAC_WITH_PK ||
               k == CRED_KEY_HOST_AND_TPM2_HMAC || k == CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK;
}

static bool with_pk(CredKeyKind k)
{
        return k == CRED_KEY_TPM2_HMAC_WITH_PK || k == CRED_KEY_HOST_AND_TPM2_HMAC_WITH_PK;
}

static uint32_t le32_at(const uint8_t *p)
{
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return le32toh(v);
}

static uint64_t le64_at(const uint8_t *p)
{
        uint64_t v;
        memcpy(&v, p, sizeof v);
        return le64toh(v);
}

/* Every size below is bounded by CRED_FIELD_SIZE_MAX or CRED_PUBLIC_KEY_MAX before it is added,
 * so the sums cannot overflow a size_t. */
static size_t align8(size_t n)
{
        return (n + 7) & ~(size_t) 7;
}

int cred_header_parse(const void *buf, size_t size, CredHeader *ret)
{
        const uint8_t *b = buf;
        CredKeyKind kind = _CRED_KEY_INVALID;
        uint32_t key_size, block_size, iv_size, tag_size;
        size_t p;

        if (!buf || size < CRED_ID_SIZE)
                return -EBADMSG;
        for (int k = 0; k < _CRED_KEY_MAX; k++)
                if (memcmp(b, kind_ids[k], CRED_ID_SIZE) == 0)
                        kind = (CredKeyKind) k;
        if (kind < 0)
                return -EPROTONOSUPPORT;
        if (size < CRED_ID_SIZE + 16)
                return -EBADMSG;
        key_size = le32_at(b + 16);
        block_size = le32_at(b + 20);
        iv_size = le32_at(b + 24);
        tag_size = le32_at(b + 28);
        if (key_size != CRED_KEY_SIZE || block_size == 0 || block_size > CRED_FIELD_SIZE_MAX ||
            iv_size == 0 || iv_size > CRED_FIELD_SIZE_MAX || tag_size != CRED_TAG_SIZE)
                return -EBADMSG;

        p = align8(32 + (size_t) iv_size);
        if (size < p)
                return -EBADMSG;
        if (cred_key_kind_uses_tpm2(kind)) {
                uint32_t blob, policy;
                if (size < p + 24)
                        return -EBADMSG;
                blob = le32_at(b + p + 12);
                policy = le32_at(b + p + 16);
                if (blob > CRED_FIELD_SIZE_MAX || policy > CRED_FIELD_SIZE_MAX)
                        return -EBADMSG;
                p += align8(20 + (size_t) blob + policy);
                if (with_pk(kind)) {
                        uint32_t pk;
                        if (size < p + 16)
                                return -EBADMSG;
                        pk = le32_at(b + p + 8);
                        if (pk > CRED_PUBLIC_KEY_MAX)
                                return -EBADMSG;
                        p += align8(12 + (size_t) pk);
                }
        }
        /* at least an (encrypted) metadata header and the tag must follow */
        if (size < p || size - p < CRED_METADATA_MIN + CRED_TAG_SIZE)
                return -EBADMSG;

        *ret = (CredHeader){
                .kind = kind,
                .block_size = block_size,
                .iv = b + 32,
                .iv_size = iv_size,
                .aad_size = p,
                .ciphertext = b + p,
                .ciphertext_size = size - p - CRED_TAG_SIZE,
                .tag = b + size - CRED_TAG_SIZE,
        };
        return 0;
}

static bool embedded_name_valid(const char *s, size_t n)
{
        /* credential_name_valid(): a file name and an fd name: printable ASCII without '/' and
         * ':', not "." or "..". */
        if (n == 0 || n > CRED_EMBEDDED_NAME_MAX)
                return false;
        if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
                return false;
        for (size_t i = 0; i < n; i++)
                if ((unsigned char) s[i] < ' ' || (unsigned char) s[i] >= 127 || s[i] == '/' ||
                    s[i] == ':')
                        return false;
        return true;
}

int cred_metadata_parse(const void *plain, size_t size, CredMetadata *ret)
{
        const uint8_t *b = plain;
        uint64_t ts, na;
        uint32_t name_size;
        size_t hs;

        if (!plain || size < CRED_METADATA_MIN)
                return -EBADMSG;
        ts = le64_at(b);
        na = le64_at(b + 8);
        name_size = le32_at(b + 16);
        if (ts != UINT64_MAX && na != UINT64_MAX && ts >= na)
                return -EBADMSG;
        if (name_size > CRED_EMBEDDED_NAME_MAX)
                return -EBADMSG;
        hs = align8(20 + (size_t) name_size);
        if (size < hs)
                return -EBADMSG;
        if (name_size > 0 && !embedded_name_valid((const char *) b + 20, name_size))
                return -EBADMSG;

        *ret = (CredMetadata){
                .timestamp = ts,
                .not_after = na,
                .name = name_size > 0 ? (const char *) b + 20 : NULL,
                .name_size = name_size,
                .payload_offset = hs,
        };
        return 0;
}
