/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* libcrypto, loaded with dlopen() the first time a credential is decrypted instead of linked:
 * linking it made every cordon start pay its relocations and page faults (about 1.2 ms of CPU,
 * measured with bench/run-startup.sh and perf stat), and only encrypted credentials need it.
 * Call dlopen_libcrypto() first; then use the sym_ pointers like the functions they name. */

#if HAVE_LIBCRYPTO
#include <openssl/evp.h>
#include <openssl/hmac.h>

extern typeof(EVP_CIPHER_CTX_ctrl) *sym_EVP_CIPHER_CTX_ctrl;
extern typeof(EVP_CIPHER_CTX_free) *sym_EVP_CIPHER_CTX_free;
extern typeof(EVP_CIPHER_CTX_new) *sym_EVP_CIPHER_CTX_new;
extern typeof(EVP_DecryptFinal_ex) *sym_EVP_DecryptFinal_ex;
extern typeof(EVP_DecryptInit_ex) *sym_EVP_DecryptInit_ex;
extern typeof(EVP_DecryptUpdate) *sym_EVP_DecryptUpdate;
extern typeof(EVP_Digest) *sym_EVP_Digest;
extern typeof(EVP_aes_256_gcm) *sym_EVP_aes_256_gcm;
extern typeof(EVP_sha256) *sym_EVP_sha256;
extern typeof(HMAC) *sym_HMAC;

/* 0 once every symbol is resolved (the library stays loaded), -EOPNOTSUPP when the library or a
 * symbol is missing on this machine. */
int dlopen_libcrypto(void);
#endif
