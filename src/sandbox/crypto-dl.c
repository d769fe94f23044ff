/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "crypto-dl.h"

#if HAVE_LIBCRYPTO
#include <dlfcn.h>
#include <errno.h>
#include <openssl/opensslv.h>
#include <stddef.h>

#include "macro.h"

typeof(EVP_CIPHER_CTX_ctrl) *sym_EVP_CIPHER_CTX_ctrl;
typeof(EVP_CIPHER_CTX_free) *sym_EVP_CIPHER_CTX_free;
typeof(EVP_CIPHER_CTX_new) *sym_EVP_CIPHER_CTX_new;
typeof(EVP_DecryptFinal_ex) *sym_EVP_DecryptFinal_ex;
typeof(EVP_DecryptInit_ex) *sym_EVP_DecryptInit_ex;
typeof(EVP_DecryptUpdate) *sym_EVP_DecryptUpdate;
typeof(EVP_Digest) *sym_EVP_Digest;
typeof(EVP_aes_256_gcm) *sym_EVP_aes_256_gcm;
typeof(EVP_sha256) *sym_EVP_sha256;
typeof(HMAC) *sym_HMAC;

#define SYM(name)                                                                                  \
        {                                                                                          \
#name, (void **) &sym_##name                                                       \
        }

/* The soname of the ABI the headers describe (OpenSSL 3: libcrypto.so.3). */
#define SONAME_STR_(x) #x
#define SONAME_STR(x)  SONAME_STR_(x)
#if OPENSSL_VERSION_MAJOR >= 3
#define LIBCRYPTO_SONAME "libcrypto.so." SONAME_STR(OPENSSL_VERSION_MAJOR)
#else
#define LIBCRYPTO_SONAME "libcrypto.so.1.1"
#endif

int dlopen_libcrypto(void)
{
        static const struct {
                const char *name;
                void **ptr;
        } syms[] = {
                SYM(EVP_CIPHER_CTX_ctrl), SYM(EVP_CIPHER_CTX_free),
                SYM(EVP_CIPHER_CTX_new),  SYM(EVP_DecryptFinal_ex),
                SYM(EVP_DecryptInit_ex),  SYM(EVP_DecryptUpdate),
                SYM(EVP_Digest),          SYM(EVP_aes_256_gcm),
                SYM(EVP_sha256),          SYM(HMAC),
        };
        static int state; /* 0 not tried, 1 loaded, -1 failed */
        void *dl;

        if (state != 0)
                return state > 0 ? 0 : -EOPNOTSUPP;
        state = -1;
        dl = dlopen(LIBCRYPTO_SONAME, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
        if (!dl)
                return -EOPNOTSUPP;
        for (size_t i = 0; i < ELEMENTSOF(syms); i++) {
                *syms[i].ptr = dlsym(dl, syms[i].name);
                if (!*syms[i].ptr)
                        return -EOPNOTSUPP; /* half-resolved pointers are never used: state < 0 */
        }
        state = 1;
        return 0;
}
#endif
