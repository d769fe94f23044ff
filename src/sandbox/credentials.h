/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The private credentials directory of LoadCredential=/SetCredential=, as systemd 252 builds
 * it: a ramfs (not swap-backed; tmpfs limited to the total size as fallback) mounted
 * nodev,noexec,nosuid on RUN/credentials/UNIT, files 0400 and the directory 0500 owned by the
 * service uid, then remounted read-only. Limits as creds-util.h: 1 MiB per credential and
 * 1 MiB in total (name length + data size summed). LoadCredential= first, then SetCredential=
 * for ids not loaded (its value is a default). LoadCredential= reads files, directories and
 * AF_UNIX stream sockets; a relative source is a name looked up in the credential search path
 * (creds-source.h). ImportCredential= (v254) copies matching credentials from the same search
 * path between the two, never replacing one that exists. *Encrypted= variants are decrypted
 * with the host key (creds-decrypt.h); TPM2-sealed ones are refused. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "diag.h"
#include "unit.h"

#define CREDENTIAL_SIZE_MAX        (1024u * 1024u)
#define CREDENTIALS_TOTAL_SIZE_MAX CREDENTIAL_SIZE_MAX
#define CREDENTIAL_NAME_MAX        255u
/* the Base64 text of an encrypted credential: the plain limit plus 128 KiB (creds-util.h) */
#define CREDENTIAL_ENCRYPTED_SIZE_MAX (CREDENTIAL_SIZE_MAX + 128u * 1024u)

typedef struct CredentialsOptions {
        const char *directory; /* e.g. /run/credentials/foo.service */
        uid_t uid;             /* owner the service reads as */
        gid_t gid;
        /* $CREDENTIALS_DIRECTORY we were given (relative LoadCredential= paths); NULL = none */
        const char *received_directory;
        bool allow_plain_directory; /* tests/rootless: no mount, plain 0500 directory */
        /* $ENCRYPTED_CREDENTIALS_DIRECTORY we were given; NULL = none */
        const char *received_encrypted_directory;
        /* replaces /etc, /run, /usr/local/lib, /usr/lib before credstore[.encrypted] (tests) */
        char *const *store_prefixes;
        const char *host_key_path;   /* NULL: $SYSTEMD_CREDENTIAL_SECRET or the default */
        const char *machine_id_path; /* NULL: /etc/machine-id */
        uint64_t now_usec;           /* for not-after checks; 0 = the clock */
} CredentialsOptions;

bool credential_name_is_valid(const char *id);

/* The value of NAME ($CREDENTIALS_DIRECTORY, $ENCRYPTED_CREDENTIALS_DIRECTORY) in env when it
 * is an absolute, normalized path (systemd's get_credentials_dir()), else NULL. */
const char *credentials_dir_from_env(char *const *env, const char *name);

/* Whether u has any credential to set up. */
bool credentials_needed(const Unit *u);

/* Builds the directory. On failure, whatever was created is removed again. */
int credentials_setup(const Unit *u, const CredentialsOptions *o, DiagList *diags);

/* Unmounts (if mounted) and removes the directory and its files. Idempotent. */
int credentials_remove(const char *directory);
