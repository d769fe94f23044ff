/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "creds-decrypt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "creds-format.h"
#include "fileio.h"
#include "macro.h"
#include "path-util.h"
#include "string-util.h"

#if HAVE_LIBCRYPTO
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "crypto-dl.h" /* libcrypto is dlopen()ed on first use: sym_EVP_…, sym_HMAC */

/* systemd's credential_app_id (creds-util.c) */
static const uint8_t credential_app_id[16] = {0xd3, 0xac, 0xec, 0xba, 0x0d, 0xad, 0x4c, 0xdf,
                                              0xb8, 0xc9, 0x38, 0x15, 0x28, 0x93, 0x6c, 0x58};

static int unhexchar_(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'a' && c <= 'f')
                return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
                return c - 'A' + 10;
        return -1;
}

static int unhex_id(const char *s, uint8_t ret[16])
{
        for (size_t i = 0; i < 16; i++) {
                int hi = unhexchar_(s[2 * i]), lo = hi < 0 ? -1 : unhexchar_(s[2 * i + 1]);
                if (hi < 0 || lo < 0)
                        return -EINVAL;
                ret[i] = (uint8_t) (hi << 4 | lo);
        }
        return s[32] == '\0' || s[32] == '\n' ? 0 : -EINVAL;
}

int cred_machine_binding(const char *machine_id, uint8_t ret[16])
{
        uint8_t id[16], mac[EVP_MAX_MD_SIZE];
        unsigned len = 0;

        if (!machine_id || strlen(machine_id) < 32 || unhex_id(machine_id, id) < 0)
                return -EINVAL;
        if (dlopen_libcrypto() < 0)
                return -EOPNOTSUPP;
        if (!sym_HMAC(sym_EVP_sha256(), id, sizeof id, credential_app_id, sizeof credential_app_id,
                      mac, &len) ||
            len < 16)
                return -EIO;
        memcpy(ret, mac, 16);
        ret[6] = (ret[6] & 0x0f) | 0x40; /* v4 UUID, as id128_make_v4_uuid() */
        ret[8] = (ret[8] & 0x3f) | 0x80;
        return 0;
}

static void erase_and_free(void *p, size_t n)
{
        if (p)
                explicit_bzero(p, n);
        free(p);
}

/* Reads the host key the way get_credential_host_secret() accepts it: a regular file, one link,
 * mode exactly 0400, bound to this machine. Never created or deleted here. */
static int load_host_key(const CredDecryptOptions *o, uint8_t **ret, size_t *ret_size,
                         const char **why)
{
        const char *path = o->host_key_path ?: secure_getenv("SYSTEMD_CREDENTIAL_SECRET");
        _cleanup_free_ char *mid = NULL;
        _cleanup_close_ int fd = -1;
        uint8_t binding[16], *buf;
        struct stat st;
        size_t n = 0;
        int r;

        if (!path)
                path = CRED_HOST_KEY_PATH;
        if (!path_is_absolute(path)) {
                *why = "$SYSTEMD_CREDENTIAL_SECRET is not an absolute path";
                return -ENOKEY;
        }
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0 || fstat(fd, &st) < 0) {
                *why = errno == ENOENT ? "the host key does not exist (systemd-creds setup)"
                                       : "cannot open the host key";
                return -ENOKEY;
        }
        if (!S_ISREG(st.st_mode) || st.st_nlink != 1 || (st.st_mode & 07777) != 0400) {
                *why = "the host key is not a regular file of mode 0400 with one link";
                return -ENOKEY;
        }
        if (st.st_size < 17 || (uint64_t) st.st_size > CRED_HOST_KEY_SIZE_MAX) {
                *why = "the host key has an impossible size";
                return -ENOKEY;
        }
        r = read_full_file(o->machine_id_path ?: "/etc/machine-id", 64, &mid, NULL);
        if (r < 0 || cred_machine_binding(mid, binding) < 0) {
                *why = "cannot read the machine id the host key is bound to";
                return -ENOKEY;
        }
        buf = malloc((size_t) st.st_size);
        if (!buf)
                return -ENOMEM;
        while (n < (size_t) st.st_size) {
                ssize_t k = read(fd, buf + n, (size_t) st.st_size - n);
                if (k < 0 && errno == EINTR)
                        continue;
                if (k <= 0)
                        break;
                n += (size_t) k;
        }
        if (n != (size_t) st.st_size || memcmp(buf, binding, 16) != 0) {
                erase_and_free(buf, (size_t) st.st_size);
                *why = n != (size_t) st.st_size ? "cannot read the host key"
                                                : "the host key belongs to another machine id";
                return -ENOKEY;
        }
        memmove(buf, buf + 16, n - 16);
        explicit_bzero(buf + n - 16, 16);
        *ret = buf;
        *ret_size = n - 16;
        return 0;
}

static uint64_t now_usec(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (uint64_t) ts.tv_sec * 1000000u + (uint64_t) ts.tv_nsec / 1000u;
}

/* AES-256-GCM over the parsed layout; on success *ret holds the plaintext (metadata + payload). */
static int gcm_open(const CredHeader *h, const uint8_t key[CRED_KEY_SIZE], const void *in,
                    uint8_t **ret, size_t *ret_size)
{
        EVP_CIPHER_CTX *c = sym_EVP_CIPHER_CTX_new();
        uint8_t *out = malloc(h->ciphertext_size + 16);
        int n = 0, m = 0, r = -EBADMSG;

        if (!c || !out) {
                r = -ENOMEM;
                goto done;
        }
        if (h->aad_size > INT32_MAX || h->ciphertext_size > INT32_MAX)
                goto done;
        if (sym_EVP_DecryptInit_ex(c, sym_EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
            sym_EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_IVLEN, (int) h->iv_size, NULL) != 1 ||
            sym_EVP_DecryptInit_ex(c, NULL, NULL, key, h->iv) != 1 ||
            sym_EVP_DecryptUpdate(c, NULL, &n, in, (int) h->aad_size) != 1 ||
            sym_EVP_DecryptUpdate(c, out, &n, h->ciphertext, (int) h->ciphertext_size) != 1 ||
            sym_EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, CRED_TAG_SIZE, (void *) h->tag) != 1 ||
            sym_EVP_DecryptFinal_ex(c, out + n, &m) != 1)
                goto done;
        *ret = out;
        *ret_size = (size_t) n + (size_t) m;
        out = NULL;
        r = 0;
done:
        erase_and_free(out, h->ciphertext_size + 16);
        sym_EVP_CIPHER_CTX_free(c);
        return r;
}

static int check_metadata(const char *name, const CredMetadata *m, const CredDecryptOptions *o,
                          const char **why)
{
        uint64_t now = o->now_usec ?: now_usec();

        if (m->name_size > 0 && name && !o->ignore_name &&
            (strlen(name) != m->name_size || memcmp(name, m->name, m->name_size) != 0)) {
                *why = "the name embedded in the credential does not match its id";
                return -EREMOTE;
        }
        if (m->not_after != UINT64_MAX && m->not_after < now && !o->ignore_not_after) {
                *why = "the credential has expired (its not-after time has passed)";
                return -ESTALE;
        }
        return 0;
}

int cred_decrypt(const char *name, const void *in, size_t in_size, const CredDecryptOptions *o,
                 char **ret, size_t *ret_size, const char **ret_why)
{
        static const CredDecryptOptions defaults = {0};
        const char *why_dummy, **why = ret_why ?: &why_dummy;
        uint8_t *host = NULL, *plain = NULL, key[CRED_KEY_SIZE];
        size_t host_size = 0, plain_size = 0;
        CredMetadata m;
        CredHeader h;
        char *payload;
        int r;

        o = o ?: &defaults;
        *why = NULL;
        if (dlopen_libcrypto() < 0) {
                *why = "libcrypto (OpenSSL 3) cannot be loaded on this machine";
                return -EOPNOTSUPP;
        }
        r = cred_header_parse(in, in_size, &h);
        if (r < 0) {
                *why = r == -EPROTONOSUPPORT ? "not an encrypted credential (unknown format id)"
                                             : "the encrypted credential is truncated or corrupt";
                return r;
        }
        if (cred_key_kind_uses_tpm2(h.kind)) {
                *why = "the credential is sealed to a TPM2 chip, which cordon does not support";
                return -EOPNOTSUPP;
        }
        if (h.block_size != 1) { /* AES-GCM is a stream mode: systemd writes 1 */
                *why = "the encrypted credential is truncated or corrupt";
                return -EBADMSG;
        }
        if (cred_key_kind_uses_host(h.kind)) {
                r = load_host_key(o, &host, &host_size, why);
                if (r < 0)
                        return r;
        }
        /* key = SHA-256(host key), or of nothing for the tpm2-absent null key */
        r = sym_EVP_Digest(host ?: (const uint8_t *) "", host_size, key, NULL, sym_EVP_sha256(),
                           NULL) == 1
                    ? 0
                    : -EIO;
        erase_and_free(host, host_size);
        if (r < 0)
                return r;
        r = gcm_open(&h, key, in, &plain, &plain_size);
        explicit_bzero(key, sizeof key);
        if (r == -EBADMSG)
                *why = "decryption failed (wrong host key, or the credential was altered)";
        if (r < 0)
                return r;
        r = cred_metadata_parse(plain, plain_size, &m);
        if (r < 0)
                *why = "the decrypted metadata header is invalid";
        else
                r = check_metadata(name, &m, o, why);
        if (r >= 0) {
                size_t n = plain_size - m.payload_offset;
                payload = malloc(n + 1);
                if (!payload)
                        r = -ENOMEM;
                else {
                        memcpy(payload, plain + m.payload_offset, n);
                        payload[n] = '\0';
                        *ret = payload;
                        *ret_size = n;
                }
        }
        erase_and_free(plain, plain_size);
        return r;
}

bool cred_decrypt_supported(void)
{
        return dlopen_libcrypto() >= 0;
}

#else /* !HAVE_LIBCRYPTO */

int cred_machine_binding(const char *machine_id, uint8_t ret[16])
{
        return -EOPNOTSUPP;
}

int cred_decrypt(const char *name, const void *in, size_t in_size, const CredDecryptOptions *o,
                 char **ret, size_t *ret_size, const char **ret_why)
{
        if (ret_why)
                *ret_why = "cordon was built without libcrypto and cannot decrypt credentials";
        return -EOPNOTSUPP;
}

bool cred_decrypt_supported(void)
{
        return false;
}

#endif
