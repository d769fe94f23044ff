/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Credential sources, the encrypted format and decryption (creds-*.c), and credentials_setup()
 * with them. Runs rootless (plain directory store); as root inside a private mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config-parse-internal.h"
#include "credentials.h"
#include "creds-decrypt.h"
#include "creds-format.h"
#include "creds-owner.h"
#include "creds-source.h"
#include "part2-print.h"
#include "plan.h"
#include "strv.h"
#include "tests.h"
#include "unit.h"

static char base[64];
static char key[128], mid[256];

/* A scratch directory; as root also a private mount namespace so the ramfs stays ours. */
static const char *scratch(void)
{
        if (base[0])
                return base;
        if (geteuid() == 0 &&
            (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0))
                abort();
        snprintf(base, sizeof base, "/tmp/test-creds.XXXXXX");
        if (!mkdtemp(base))
                abort();
        return base;
}

static void put(const char *path, const void *data, size_t n, mode_t mode)
{
        int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);
        if (fd < 0 || write(fd, data, n) != (ssize_t) n || fchmod(fd, mode) < 0)
                abort();
        close(fd);
}

static char *data_file(const char *name, size_t *ret_size)
{
        char *s = NULL;
        char rel[128];
        snprintf(rel, sizeof rel, "creds/%s", name);
        s = test_read_data(rel);
        if (ret_size)
                *ret_size = strlen(s);
        return s;
}

/* The test host key, copied to a 0400 file (git does not keep modes). */
static void setup_key(void)
{
        char rel[256];
        if (key[0])
                return;
        snprintf(key, sizeof key, "%s/credential.secret", scratch());
        snprintf(rel, sizeof rel, "%s/creds/credential.secret", test_data_dir());
        snprintf(mid, sizeof mid, "%s/creds/machine-id", test_data_dir());
        FILE *f = fopen(rel, "re");
        char buf[8192];
        size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
        if (!f || n != 4112)
                abort();
        fclose(f);
        put(key, buf, n, 0400);
}

/* A credential file's Base64 decoded. */
static char *decoded(const char *name, size_t *ret_size)
{
        char *text = data_file(name, NULL), *bin = NULL;
        if (base64_decode(text, &bin, ret_size) < 0)
                abort();
        free(text);
        return bin;
}

/* A well-formed TPM2-sealed layout (no real TPM2 data: it is refused before any use). */
static size_t tpm2_blob(uint8_t buf[128])
{
        static const uint8_t tpm2_id[16] = {0x0c, 0x7c, 0xc0, 0x7b, 0x11, 0x76, 0x45, 0x91,
                                            0x9c, 0x4b, 0x0b, 0xea, 0x08, 0xbc, 0x20, 0xfe};
        memset(buf, 0, 128);
        memcpy(buf, tpm2_id, 16);
        buf[16] = 32; /* key size */
        buf[20] = 1;  /* block size */
        buf[24] = 12; /* iv size */
        buf[28] = 16; /* tag size */
        /* IV 32..43, pad to 48; TPM2 header 48..67 (blob and policy size 0), pad to 72 */
        buf[56] = 0x0b; /* pcr bank sha256 */
        return 72 + CRED_METADATA_MIN + CRED_TAG_SIZE;
}

static int dec(const char *name, const void *in, size_t n, char **out, size_t *out_size,
               const char **why)
{
        CredDecryptOptions o = {.host_key_path = key, .machine_id_path = mid};
        setup_key();
        return cred_decrypt(name, in, n, &o, out, out_size, why);
}

TEST(header_of_systemd_creds_output)
{
        size_t n;
        char *bin = decoded("host-foo.cred", &n);
        CredHeader h;

        ASSERT_OK(cred_header_parse(bin, n, &h));
        ASSERT_EQ(h.kind, CRED_KEY_HOST);
        ASSERT_EQ(h.iv_size, 12);
        ASSERT_EQ(h.aad_size, 48); /* ALIGN8(32 + 12) */
        ASSERT_EQ(h.ciphertext_size, n - 48 - 16);
        ASSERT_STREQ(cred_key_kind_to_string(h.kind), "host");
        /* every truncation of the headers, the metadata and the tag is refused (the
         * ciphertext itself may be shorter: GCM authentication catches that) */
        for (size_t k = 0; k < 48 + CRED_METADATA_MIN + CRED_TAG_SIZE; k++)
                ASSERT_TRUE(cred_header_parse(bin, k, &h) < 0);
        bin[3] ^= 1; /* unknown key-kind id */
        ASSERT_ERROR(cred_header_parse(bin, n, &h), EPROTONOSUPPORT);
        free(bin);

        bin = decoded("null-foo.cred", &n);
        ASSERT_OK(cred_header_parse(bin, n, &h));
        ASSERT_EQ(h.kind, CRED_KEY_TPM2_ABSENT);
        free(bin);
}

TEST(decrypt_matches_systemd_creds)
{
        if (!cred_decrypt_supported())
                TEST_SKIP("built without libcrypto");
        size_t n, pn, on = 0;
        char *bin = decoded("host-foo.cred", &n), *plain = data_file("plain.bin", &pn), *out;
        const char *why = NULL;

        ASSERT_OK(dec("foo", bin, n, &out, &on, &why));
        ASSERT_EQ(on, pn);
        ASSERT_TRUE(memcmp(out, plain, pn) == 0);
        ASSERT_EQ(out[on], '\0');
        free(out);

        /* the embedded name must match the credential id */
        ASSERT_ERROR(dec("bar", bin, n, &out, &on, &why), EREMOTE);
        ASSERT_NOT_NULL(why);
        /* any altered byte (header as AAD, ciphertext, tag) fails authentication */
        for (size_t k = 0; k < n; k += 7) {
                bin[k] ^= 0x20;
                ASSERT_TRUE(dec("foo", bin, n, &out, &on, &why) < 0);
                bin[k] ^= 0x20;
        }
        bin[n - 1] ^= 1;
        ASSERT_ERROR(dec("foo", bin, n, &out, &on, &why), EBADMSG);
        ASSERT_NOT_NULL(strstr(why, "altered"));
        free(bin);

        /* no embedded name: any id */
        bin = decoded("host-noname.cred", &n);
        ASSERT_OK(dec("whatever", bin, n, &out, &on, &why));
        ASSERT_EQ(on, pn);
        free(out);
        free(bin);

        /* the null key needs no host key at all */
        bin = decoded("null-foo.cred", &n);
        CredDecryptOptions nokey = {.host_key_path = "/nonexistent/key"};
        ASSERT_OK(cred_decrypt("foo", bin, n, &nokey, &out, &on, &why));
        ASSERT_TRUE(on == pn && memcmp(out, plain, pn) == 0);
        free(out);
        free(bin);
        free(plain);
}

TEST(decrypt_refusals)
{
        if (!cred_decrypt_supported())
                TEST_SKIP("built without libcrypto");
        size_t n, on;
        char *bin = decoded("host-expired.cred", &n), *out = NULL, other[256], wrongmid[256];
        const char *why = NULL;

        ASSERT_ERROR(dec("foo", bin, n, &out, &on, &why), ESTALE);
        /* before the not-after time it is fine (2025-06-01) */
        CredDecryptOptions o = {.host_key_path = key,
                                .machine_id_path = mid,
                                .now_usec = 1748736000ull * 1000000ull};
        ASSERT_OK(cred_decrypt("foo", bin, n, &o, &out, &on, &why));
        free(out);
        o.ignore_not_after = true;
        o.now_usec = 0;
        ASSERT_OK(cred_decrypt("foo", bin, n, &o, &out, &on, &why));
        free(out);
        free(bin);

        bin = decoded("host-foo.cred", &n);
        /* a host key of another machine, or with a loose mode, is not used */
        snprintf(wrongmid, sizeof wrongmid, "%s/other-machine-id", scratch());
        put(wrongmid, "fedcba9876543210fedcba9876543210\n", 33, 0644);
        o = (CredDecryptOptions){.host_key_path = key, .machine_id_path = wrongmid};
        ASSERT_ERROR(cred_decrypt("foo", bin, n, &o, &out, &on, &why), ENOKEY);
        ASSERT_NOT_NULL(strstr(why, "another machine"));
        snprintf(other, sizeof other, "%s/loose.secret", scratch());
        {
                FILE *f = fopen(key, "re");
                char buf[4112];
                ASSERT_NOT_NULL(f);
                ASSERT_EQ(fread(buf, 1, sizeof buf, f), sizeof buf);
                fclose(f);
                put(other, buf, sizeof buf, 0440);
        }
        o = (CredDecryptOptions){.host_key_path = other, .machine_id_path = mid};
        ASSERT_ERROR(cred_decrypt("foo", bin, n, &o, &out, &on, &why), ENOKEY);
        o.host_key_path = "/nonexistent/credential.secret";
        ASSERT_ERROR(cred_decrypt("foo", bin, n, &o, &out, &on, &why), ENOKEY);
        ASSERT_NOT_NULL(strstr(why, "systemd-creds setup"));

        free(bin);

        /* TPM2-sealed: refused with a reason, before any key is touched */
        uint8_t t[128];
        size_t tn = tpm2_blob(t);
        CredHeader h;
        ASSERT_OK(cred_header_parse(t, tn, &h)); /* parses as a TPM2 layout */
        ASSERT_TRUE(cred_key_kind_uses_tpm2(h.kind));
        ASSERT_EQ(h.aad_size, 72);
        ASSERT_ERROR(dec("foo", t, tn, &out, &on, &why), EOPNOTSUPP);
        ASSERT_NOT_NULL(strstr(why, "TPM2"));
}

TEST(machine_binding)
{
        uint8_t b[16];
        if (!cred_decrypt_supported())
                TEST_SKIP("built without libcrypto");
        setup_key();
        FILE *f = fopen(key, "re");
        uint8_t head[16];
        ASSERT_NOT_NULL(f);
        ASSERT_EQ(fread(head, 1, 16, f), 16);
        fclose(f);
        ASSERT_OK(cred_machine_binding("0123456789abcdef0123456789abcdef", b));
        ASSERT_TRUE(memcmp(b, head, 16) == 0);
        ASSERT_ERROR(cred_machine_binding("0123", b), EINVAL);
        ASSERT_ERROR(cred_machine_binding("0123456789abcdef0123456789abcdeX", b), EINVAL);
}

TEST(metadata)
{
        uint8_t m[40] = {0};
        CredMetadata md;
        memset(m, 0xff, 16); /* no timestamps */
        m[16] = 3;
        memcpy(m + 20, "foo", 3);
        ASSERT_OK(cred_metadata_parse(m, sizeof m, &md));
        ASSERT_EQ(md.name_size, 3);
        ASSERT_EQ(md.payload_offset, 24);
        ASSERT_ERROR(cred_metadata_parse(m, 23, &md), EBADMSG);
        m[21] = ':'; /* not a credential name */
        ASSERT_ERROR(cred_metadata_parse(m, sizeof m, &md), EBADMSG);
        m[21] = 'o';
        m[0] = 5; /* timestamp after not_after */
        memset(m + 1, 0, 7);
        memset(m + 8, 0, 8);
        ASSERT_ERROR(cred_metadata_parse(m, sizeof m, &md), EBADMSG);
}

TEST(received_directories_from_env)
{
        char *env[] = {"CREDENTIALS_DIRECTORYX=/no", "CREDENTIALS_DIRECTORY=/run/c/x.service",
                       "ENCRYPTED_CREDENTIALS_DIRECTORY=relative", NULL};
        ASSERT_STREQ(credentials_dir_from_env(env, "CREDENTIALS_DIRECTORY"), "/run/c/x.service");
        ASSERT_NULL(credentials_dir_from_env(env, "ENCRYPTED_CREDENTIALS_DIRECTORY"));
        ASSERT_NULL(credentials_dir_from_env(NULL, "CREDENTIALS_DIRECTORY"));
        env[1] = "CREDENTIALS_DIRECTORY=/run/../etc";
        ASSERT_NULL(credentials_dir_from_env(env, "CREDENTIALS_DIRECTORY"));
}

TEST(search_path_and_glob)
{
        char *const prefixes[] = {"/p1", "/p2", NULL};
        char **l = cred_search_path(CRED_SEARCH_ALL, "/rcv", "/rcv-enc", prefixes);
        char *j;
        ASSERT_NOT_NULL(l);
        j = strv_join(l, ":");
        ASSERT_STREQ(j, "/rcv-enc:/p1/credstore.encrypted:/p2/credstore.encrypted:/rcv:"
                        "/p1/credstore:/p2/credstore");
        free(j);
        strv_free(l);
        l = cred_search_path(CRED_SEARCH_TRUSTED, "relative/dir", "/rcv-enc", prefixes);
        j = strv_join(l, ":");
        ASSERT_STREQ(j, "/p1/credstore:/p2/credstore"); /* a relative $CREDENTIALS_DIRECTORY */
        free(j);
        strv_free(l);
        l = cred_search_path(CRED_SEARCH_TRUSTED, NULL, "/rcv-enc", NULL);
        j = strv_join(l, ":");
        ASSERT_STREQ(j,
                     "/etc/credstore:/run/credstore:/usr/local/lib/credstore:/usr/lib/credstore");
        free(j);
        strv_free(l);

        ASSERT_TRUE(cred_glob_match("db.*", "db.pass"));
        ASSERT_TRUE(cred_glob_match("db.*", "db."));
        ASSERT_FALSE(cred_glob_match("db.*", "dbx"));
        ASSERT_TRUE(cred_glob_match("*", "x"));
        ASSERT_FALSE(cred_glob_match("*", ".hidden"));
        ASSERT_TRUE(cred_glob_match("exact", "exact"));
        ASSERT_FALSE(cred_glob_match("exact", "exact2"));
}

/* A one-shot AF_UNIX server: accepts once, reports the client's bound address through a
 * pipe, sends payload, exits. */
static pid_t serve(const char *path, const char *payload, int report_fd)
{
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
        if (s < 0 || bind(s, (struct sockaddr *) &sa, sizeof sa) < 0 || listen(s, 1) < 0)
                abort();
        pid_t pid = fork();
        if (pid == 0) {
                struct sockaddr_un peer;
                socklen_t pl = sizeof peer;
                int c = accept(s, (struct sockaddr *) &peer, &pl);
                if (c < 0)
                        _exit(1);
                if (pl > offsetof(struct sockaddr_un, sun_path) + 1 && peer.sun_path[0] == '\0')
                        (void) !write(report_fd, peer.sun_path + 1,
                                      pl - offsetof(struct sockaddr_un, sun_path) - 1);
                close(report_fd);
                (void) !write(c, payload, strlen(payload));
                close(c);
                _exit(0);
        }
        close(s);
        return pid;
}

TEST(socket_source)
{
        char path[128], bind_name[300], *data = NULL, got[300] = {0};
        size_t n = 0;
        int p[2], status;
        char *bn = NULL;

        snprintf(path, sizeof path, "%s/sock", scratch());
        ASSERT_OK(cred_socket_bind_name("t.service", "tok", &bn));
        ASSERT_EQ(bn[0], '@');
        ASSERT_NOT_NULL(strstr(bn, "/unit/t.service/tok"));
        snprintf(bind_name, sizeof bind_name, "%s", bn);
        free(bn);
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = serve(path, "from-socket", p[1]);
        close(p[1]);
        ASSERT_OK(cred_read(AT_FDCWD, path, 1024, bind_name, &data, &n));
        ASSERT_EQ(n, 11);
        ASSERT_STREQ(data, "from-socket");
        free(data);
        ASSERT_GT(read(p[0], got, sizeof got - 1), 0);
        close(p[0]);
        ASSERT_STREQ(got, bind_name + 1); /* the peer saw "\0<random>/unit/<unit>/<id>" */
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        /* without a bind name sockets are not read (directory entries, the search path) */
        unlink(path);
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        pid = serve(path, "x", p[1]);
        close(p[1]);
        close(p[0]);
        ASSERT_ERROR(cred_read(AT_FDCWD, path, 1024, NULL, &data, &n), ENXIO);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        /* too much data from a socket */
        unlink(path);
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        pid = serve(path, "0123456789", p[1]);
        close(p[1]);
        close(p[0]);
        ASSERT_ERROR(cred_read(AT_FDCWD, path, 5, "", &data, &n), EFBIG);
        waitpid(pid, &status, 0);
        /* a socket path longer than sun_path is reached through an O_PATH descriptor */
        {
                char longdir[200], longsock[260], cwd[256];
                snprintf(longdir, sizeof longdir, "%s/%0120d", scratch(), 7);
                ASSERT_EQ(mkdir(longdir, 0700), 0);
                snprintf(longsock, sizeof longsock, "%s/s", longdir);
                ASSERT_GT(strlen(longsock), sizeof(((struct sockaddr_un *) NULL)->sun_path));
                ASSERT_NOT_NULL(getcwd(cwd, sizeof cwd));
                ASSERT_EQ(chdir(longdir), 0); /* bind with a short relative name */
                ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
                pid = serve("s", "long-path", p[1]);
                close(p[1]);
                close(p[0]);
                ASSERT_EQ(chdir(cwd), 0);
                ASSERT_OK(cred_read(AT_FDCWD, longsock, 1024, "", &data, &n));
                ASSERT_STREQ(data, "long-path");
                free(data);
                waitpid(pid, &status, 0);
        }
        /* a peer that accepts (backlog) but never sends nor closes: bounded in time */
        unlink(path);
        {
                struct sockaddr_un sa = {.sun_family = AF_UNIX};
                int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
                ASSERT_LT(strlen(path), sizeof sa.sun_path);
                memcpy(sa.sun_path, path, strlen(path));
                ASSERT_EQ(bind(l, (struct sockaddr *) &sa, sizeof sa), 0);
                ASSERT_EQ(listen(l, 1), 0);
                ASSERT_ERROR(cred_read_timeout(AT_FDCWD, path, 1024, "", 1, &data, &n), ETIMEDOUT);
                close(l);
        }
        /* a FIFO is refused, not opened for a read that could block */
        snprintf(path, sizeof path, "%s/fifo", scratch());
        ASSERT_EQ(mkfifo(path, 0600), 0);
        ASSERT_ERROR(cred_read(AT_FDCWD, path, 1024, "", &data, &n), EOPNOTSUPP);
}

static Unit *load(const char *text)
{
        Unit *u = NULL;
        DiagList d = {0};
        /* ImportCredential= is a v254 directive */
        UnitLoadOptions o = {.systemd_version = 254,
                             .hostname = "h",
                             .machine_id = "0123456789abcdef0123456789abcdef",
                             .boot_id = "fedcba9876543210fedcba9876543210"};
        if (unit_load_buffer("t.service", "/etc/systemd/system/t.service", text, strlen(text), &o,
                             &u, &d) < 0)
                u = NULL;
        diag_list_done(&d);
        return u;
}

static char *slurp(const char *dir, const char *name)
{
        static char buf[256];
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        int fd = open(p, O_RDONLY | O_CLOEXEC);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
        if (fd >= 0)
                close(fd);
        if (n < 0)
                return NULL;
        buf[n] = '\0';
        return buf;
}

static void mkdirs(const char *path)
{
        char cmd[600];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
        if (system(cmd) != 0)
                abort();
}

static void put_at(const char *dir, const char *name, const char *data)
{
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, name);
        put(p, data, strlen(data), 0600);
}

TEST(search_import_and_precedence)
{
        const char *b = scratch();
        char rcv[128], etc[128], usr[128], etcenc[128], dir[128], unit[1024];
        char *pref[3] = {NULL};
        char p1[128], p2[128];

        snprintf(p1, sizeof p1, "%s/etc", b);
        snprintf(p2, sizeof p2, "%s/usr", b);
        pref[0] = p1;
        pref[1] = p2;
        snprintf(rcv, sizeof rcv, "%s/received", b);
        snprintf(etc, sizeof etc, "%s/etc/credstore", b);
        snprintf(usr, sizeof usr, "%s/usr/credstore", b);
        snprintf(etcenc, sizeof etcenc, "%s/etc/credstore.encrypted", b);
        mkdirs(rcv);
        mkdirs(etc);
        mkdirs(usr);
        mkdirs(etcenc);
        put_at(rcv, "app.a", "rcv-a");
        put_at(etc, "app.a", "etc-a"); /* shadowed by the received one */
        put_at(etc, "app.b", "etc-b");
        put_at(usr, "app.b", "usr-b"); /* shadowed by /etc */
        put_at(usr, "app.c", "usr-c");
        put_at(usr, "other", "not-imported");
        put_at(etc, "app.load", "store-load");
        put_at(usr, "named", "by-name");
        if (cred_decrypt_supported()) {
                char *c = data_file("host-foo.cred", NULL);
                char *cn = data_file("host-noname.cred", NULL);
                put_at(etcenc, "foo", c);
                put_at(etcenc, "app.enc", cn);
                free(c);
                free(cn);
        }
        snprintf(dir, sizeof dir, "%s/run-c1", b);
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\n"
                 "LoadCredential=named\n"             /* line 3: by name */
                 "LoadCredential=app.c:%s/explicit\n" /* LoadCredential= beats import */
                 "LoadCredential=absent\n"            /* a missing name is fine */
                 "ImportCredential=app.*\n"           /* line 6 */
                 "SetCredential=app.b:set-loses\n"    /* import beats SetCredential= */
                 "SetCredential=app.d:set-wins\n"
                 "%s\n",
                 b, cred_decrypt_supported() ? "LoadCredentialEncrypted=foo" : "");
        put_at(b, "explicit", "explicit-c");
        setup_key();
        Unit *u = load(unit);
        ASSERT_NOT_NULL(u);
        ASSERT_TRUE(credentials_needed(u));
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir,
                                .uid = getuid(),
                                .gid = getgid(),
                                .received_directory = rcv,
                                .allow_plain_directory = true,
                                .store_prefixes = pref,
                                .host_key_path = key,
                                .machine_id_path = mid};
        int r = credentials_setup(u, &o, &d);
        for (size_t i = 0; i < d.n; i++)
                fprintf(stderr, "# diag %u: %s\n", d.items[i].line, d.items[i].message);
        ASSERT_OK(r);
        ASSERT_STREQ(slurp(dir, "named"), "by-name");
        ASSERT_STREQ(slurp(dir, "app.a"), "rcv-a");
        ASSERT_STREQ(slurp(dir, "app.b"), "etc-b");
        ASSERT_STREQ(slurp(dir, "app.c"), "explicit-c");
        ASSERT_STREQ(slurp(dir, "app.d"), "set-wins");
        ASSERT_STREQ(slurp(dir, "app.load"), "store-load");
        ASSERT_NULL(slurp(dir, "other"));
        ASSERT_NULL(slurp(dir, "absent"));
        if (cred_decrypt_supported()) {
                ASSERT_STREQ(slurp(dir, "foo"), "hello\nbinary\001\377end");
                ASSERT_STREQ(slurp(dir, "app.enc"), "hello\nbinary\001\377end");
        }
        /* nothing but the credentials: no temporary files left behind */
        ASSERT_NULL(slurp(dir, ".cred.0"));
        ASSERT_OK(credentials_remove(dir));
        diag_list_done(&d);
        unit_free(u);
}

/* LoadCredentialEncrypted= of a directory: every file is decrypted for its ID_FILE id, so the
 * embedded name must be that id (or empty), as in systemd. */
TEST(encrypted_directory)
{
        if (!cred_decrypt_supported())
                TEST_SKIP("built without libcrypto");
        const char *b = scratch();
        char tree[128], dir[128], unit[512];
        char *noname = data_file("host-noname.cred", NULL),
             *named = data_file("host-foo.cred", NULL);
        DiagList d = {0};

        setup_key();
        snprintf(tree, sizeof tree, "%s/enc-tree", b);
        mkdirs(tree);
        put_at(tree, "a", noname);
        snprintf(dir, sizeof dir, "%s/run-c6", b);
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nLoadCredentialEncrypted=t:%s\n", tree);
        Unit *u = load(unit);
        CredentialsOptions o = {.directory = dir,
                                .uid = getuid(),
                                .gid = getgid(),
                                .allow_plain_directory = true,
                                .host_key_path = key,
                                .machine_id_path = mid};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(credentials_setup(u, &o, &d));
        ASSERT_STREQ(slurp(dir, "t_a"), "hello\nbinary\001\377end");
        ASSERT_OK(credentials_remove(dir));
        put_at(tree, "b", named); /* embedded "foo", id "t_b" */
        ASSERT_ERROR(credentials_setup(u, &o, &d), EREMOTE);
        ASSERT_NOT_NULL(strstr(d.items[d.n - 1].message, "LoadCredentialEncrypted=t: "));
        ASSERT_NOT_NULL(strstr(d.items[d.n - 1].message, "/enc-tree/b: "));
        free(noname);
        free(named);
        diag_list_done(&d);
        unit_free(u);
}

TEST(encrypted_errors_name_file_and_line)
{
        if (!cred_decrypt_supported())
                TEST_SKIP("built without libcrypto");
        const char *b = scratch();
        char dir[128], unit[2048], src[128];
        uint8_t bin[128];
        size_t n = tpm2_blob(bin);
        setup_key();
        /* LoadCredentialEncrypted= of a TPM2-sealed credential */
        {
                char cmd[512];
                snprintf(src, sizeof src, "%s/tpm2.bin", b);
                put(src, bin, n, 0600);
                snprintf(cmd, sizeof cmd, "base64 -w0 %s > %s.cred", src, src);
                ASSERT_EQ(system(cmd), 0);
        }
        snprintf(dir, sizeof dir, "%s/run-c2", b);
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nLoadCredentialEncrypted=foo:%s.cred\n", src);
        Unit *u = load(unit);
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir,
                                .uid = getuid(),
                                .gid = getgid(),
                                .allow_plain_directory = true,
                                .host_key_path = key,
                                .machine_id_path = mid};
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), EOPNOTSUPP);
        ASSERT_EQ(d.n, 1);
        ASSERT_EQ(d.items[0].line, 3);
        ASSERT_NOT_NULL(strstr(d.items[0].message, "LoadCredentialEncrypted=foo"));
        ASSERT_NOT_NULL(strstr(d.items[0].message, "TPM2"));
        struct stat st;
        ASSERT_NE(stat(dir, &st), 0); /* removed again */
        diag_list_done(&d);
        unit_free(u);

        /* SetCredentialEncrypted= with the wrong id, and plain text where Base64 belongs */
        char *text = data_file("host-foo.cred", NULL);
        /* one line: systemd-creds wraps its Base64 output */
        for (char *r = text, *w = text;; r++)
                if (*r != '\n' && !(*w++ = *r))
                        break;
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nSetCredentialEncrypted=bar:%s\n", text);
        free(text);
        u = load(unit);
        ASSERT_NOT_NULL(u);
        d = (DiagList){0};
        ASSERT_ERROR(credentials_setup(u, &o, &d), EREMOTE);
        ASSERT_EQ(d.n, 1);
        ASSERT_NOT_NULL(strstr(d.items[0].message, "SetCredentialEncrypted=bar"));
        ASSERT_NOT_NULL(strstr(d.items[0].message, "does not match"));
        diag_list_done(&d);
        unit_free(u);

        snprintf(src, sizeof src, "%s/notb64", b);
        put(src, "secret-in-clear!", 16, 0600);
        snprintf(unit, sizeof unit,
                 "[Service]\nExecStart=/bin/true\nLoadCredentialEncrypted=x:%s\n", src);
        u = load(unit);
        ASSERT_NOT_NULL(u);
        d = (DiagList){0};
        ASSERT_TRUE(credentials_setup(u, &o, &d) < 0);
        ASSERT_EQ(d.n, 1);
        ASSERT_NULL(strstr(d.items[0].message, "secret-in-clear")); /* never quoted */
        diag_list_done(&d);
        unit_free(u);
}

TEST(socket_credential_end_to_end)
{
        const char *b = scratch();
        char path[128], dir[128], unit[512], got[300] = {0};
        int p[2], status;

        snprintf(path, sizeof path, "%s/cred.sock", b);
        snprintf(dir, sizeof dir, "%s/run-c3", b);
        ASSERT_EQ(pipe2(p, O_CLOEXEC), 0);
        pid_t pid = serve(path, "sock-secret", p[1]);
        close(p[1]);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=tok:%s\n",
                 path);
        Unit *u = load(unit);
        DiagList d = {0};
        CredentialsOptions o = {
                .directory = dir, .uid = getuid(), .gid = getgid(), .allow_plain_directory = true};
        ASSERT_NOT_NULL(u);
        ASSERT_OK(credentials_setup(u, &o, &d));
        ASSERT_STREQ(slurp(dir, "tok"), "sock-secret");
        ASSERT_GT(read(p[0], got, sizeof got - 1), 0);
        close(p[0]);
        ASSERT_NOT_NULL(strstr(got, "/unit/t.service/tok"));
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_OK(credentials_remove(dir));

        /* nobody listening: an error at file:line */
        ASSERT_TRUE(credentials_setup(u, &o, &d) < 0);
        ASSERT_EQ(d.items[d.n - 1].line, 3);
        diag_list_done(&d);
        unit_free(u);
}

TEST(directory_with_socket_names_the_file)
{
        const char *b = scratch();
        char tree[128], sock[256], dir[256], unit[512];
        struct sockaddr_un sa = {.sun_family = AF_UNIX};
        int fd;

        snprintf(tree, sizeof tree, "%s/tree", b);
        mkdirs(tree);
        put_at(tree, "a", "A");
        snprintf(sock, sizeof sock, "%s/sub/zz.sock", tree);
        snprintf(dir, sizeof dir, "%s/sub", tree);
        mkdirs(dir);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        ASSERT_LT(strlen(sock), sizeof sa.sun_path);
        memcpy(sa.sun_path, sock, strlen(sock));
        ASSERT_EQ(bind(fd, (struct sockaddr *) &sa, sizeof sa), 0);
        snprintf(dir, sizeof dir, "%s/run-c4", b);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nLoadCredential=t:%s\n", tree);
        Unit *u = load(unit);
        DiagList d = {0};
        CredentialsOptions o = {
                .directory = dir, .uid = getuid(), .gid = getgid(), .allow_plain_directory = true};
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), EOPNOTSUPP);
        ASSERT_EQ(d.n, 1);
        ASSERT_EQ(d.items[0].line, 3);
        ASSERT_NOT_NULL(strstr(d.items[0].message, "LoadCredential=t: "));
        ASSERT_NOT_NULL(strstr(d.items[0].message, sock));
        close(fd);
        diag_list_done(&d);
        unit_free(u);
}

TEST(search_path_error_names_the_file)
{
        const char *b = scratch();
        char pre[128], store[160], fifo[192], dir[128];
        char *pref[2] = {pre, NULL};
        DiagList d = {0};

        snprintf(pre, sizeof pre, "%s/fifo-prefix", b);
        snprintf(store, sizeof store, "%s/credstore", pre);
        mkdirs(store);
        snprintf(fifo, sizeof fifo, "%s/pipe", store);
        ASSERT_EQ(mkfifo(fifo, 0600), 0);
        snprintf(dir, sizeof dir, "%s/run-c5", b);
        Unit *u = load("[Service]\nExecStart=/bin/true\nLoadCredential=pipe\n");
        CredentialsOptions o = {.directory = dir,
                                .uid = getuid(),
                                .gid = getgid(),
                                .allow_plain_directory = true,
                                .store_prefixes = pref};
        ASSERT_NOT_NULL(u);
        ASSERT_ERROR(credentials_setup(u, &o, &d), EOPNOTSUPP);
        ASSERT_EQ(d.n, 1);
        ASSERT_NOT_NULL(strstr(d.items[0].message, fifo));
        ASSERT_EQ(d.items[0].line, 3);
        diag_list_done(&d);
        unit_free(u);
}

TEST(dry_run_text)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nLoadCredentialEncrypted=db:/etc/db.cred\n"
                       "LoadCredential=up\nImportCredential=app.*\nSetCredential=pw:s3cret\n");
        char *t;
        ASSERT_NOT_NULL(u);
        t = part2_plan_to_text(u, false);
        ASSERT_NOT_NULL(t);
        ASSERT_NOT_NULL(strstr(t, "db from /etc/db.cred (encrypted)  # at t.service:3"));
        ASSERT_NOT_NULL(strstr(t, "up from credential up  # at t.service:4"));
        ASSERT_NOT_NULL(strstr(t, "app.* (ImportCredential=)  # at t.service:5"));
        ASSERT_NOT_NULL(strstr(t, "pw (SetCredential=, 6 bytes)"));
        ASSERT_NULL(strstr(t, "s3cret")); /* never the value */
        free(t);
        unit_free(u);
}

static const MountOp *find_op(const SandboxPlan *p, const char *path)
{
        for (size_t i = 0; i < p->mounts.n; i++)
                if (streq(p->mounts.ops[i].path, path))
                        return &p->mounts.ops[i];
        return NULL;
}

/* Inside a mount namespace the service sees its own store and nothing else below
 * /run/credentials (systemd's namespace.c); without one nothing is added (as systemd). */
TEST(plan_hides_other_stores)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nTemporaryFileSystem=/run\n"
                       "SetCredential=x:y\n");
        PlanOptions o = {.part2 = true};
        SandboxPlan *p = NULL;
        DiagList d = {0};
        const MountOp *t, *b;

        ASSERT_NOT_NULL(u);
        ASSERT_OK(sandbox_plan_from_unit(u, &o, &p, &d));
        ASSERT_TRUE(p->mounts.private_mounts);
        t = find_op(p, "/run/credentials");
        b = find_op(p, "/run/credentials/t.service");
        ASSERT_NOT_NULL(t);
        ASSERT_NOT_NULL(b);
        ASSERT_EQ(t->kind, MOUNT_TMPFS);
        ASSERT_TRUE(t->read_only);
        ASSERT_EQ(b->kind, MOUNT_BIND);
        ASSERT_STREQ(b->source, "/run/credentials/t.service");
        ASSERT_TRUE(b->read_only);
        ASSERT_EQ(b->origin.line, 4);
        /* sorted: /run, then the tmpfs, then the store on top */
        ASSERT_TRUE(find_op(p, "/run") < t && t < b);
        sandbox_plan_free(p);
        unit_free(u);

        u = load("[Service]\nExecStart=/bin/true\nSetCredential=x:y\n");
        ASSERT_NOT_NULL(u);
        p = NULL;
        ASSERT_OK(sandbox_plan_from_unit(u, &o, &p, &d));
        ASSERT_NULL(find_op(p, "/run/credentials"));
        ASSERT_FALSE(p->mounts.private_mounts);
        sandbox_plan_free(p);
        unit_free(u);
        diag_list_done(&d);
}

/* A store left by a cordon that is gone is removed and rebuilt; one whose cordon still runs, or
 * one cordon did not make, is refused and left alone. */
TEST(leftover_stores)
{
        const char *b = scratch();
        char dir[128], marker[160], unit[256];
        DiagList d = {0};
        int status;
        struct stat st;

        snprintf(dir, sizeof dir, "%s/left.service", b);
        snprintf(marker, sizeof marker, "%s/.left.service.cordon-owner", b);
        snprintf(unit, sizeof unit, "[Service]\nExecStart=/bin/true\nSetCredential=x:new\n");
        Unit *u = load(unit);
        CredentialsOptions o = {
                .directory = dir, .uid = getuid(), .gid = getgid(), .allow_plain_directory = true};
        ASSERT_NOT_NULL(u);

        /* foreign: no marker */
        ASSERT_EQ(mkdir(dir, 0700), 0);
        put_at(dir, "theirs", "keep");
        ASSERT_ERROR(credentials_setup(u, &o, &d), EEXIST);
        ASSERT_STREQ(slurp(dir, "theirs"), "keep");
        ASSERT_NOT_NULL(strstr(d.items[d.n - 1].message, "not made by cordon"));
        ASSERT_EQ(d.items[d.n - 1].line, 3);

        /* a live cordon (this process) */
        ASSERT_OK(creds_owner_claim(dir));
        ASSERT_ERROR(credentials_setup(u, &o, &d), EBUSY);
        ASSERT_STREQ(slurp(dir, "theirs"), "keep");

        /* its cordon is gone: a child claims it and exits */
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0)
                _exit(creds_owner_claim(dir) < 0 ? 1 : 0);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_EQ(status, 0);
        ASSERT_OK(credentials_setup(u, &o, &d));
        ASSERT_NULL(slurp(dir, "theirs"));
        ASSERT_STREQ(slurp(dir, "x"), "new");
        ASSERT_EQ(stat(marker, &st), 0); /* ours now */
        ASSERT_OK(credentials_remove(dir));
        ASSERT_NE(stat(marker, &st), 0);
        ASSERT_NE(stat(dir, &st), 0);

        /* a dead owner's marker, but it describes another directory than the one there now
         * (someone made it again since): not ours */
        ASSERT_EQ(mkdir(dir, 0700), 0);
        put_at(dir, "theirs", "keep");
        pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0)
                _exit(0);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_EQ(stat(dir, &st), 0);
        {
                char m[128];
                snprintf(m, sizeof m, "%d 1 %llu %llu\n", (int) pid, (unsigned long long) st.st_dev,
                         (unsigned long long) st.st_ino + 1);
                put(marker, m, strlen(m), 0644);
        }
        ASSERT_ERROR(credentials_setup(u, &o, &d), EEXIST);
        ASSERT_STREQ(slurp(dir, "theirs"), "keep");

        /* the leftover of another unit is swept when any store is set up */
        char other[160], dir2[160];
        snprintf(other, sizeof other, "%s/other.service", b);
        snprintf(dir2, sizeof dir2, "%s/next.service", b);
        ASSERT_EQ(mkdir(other, 0700), 0);
        put_at(other, "old-secret", "x");
        pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0)
                _exit(creds_owner_claim(other) < 0 ? 1 : 0);
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        o.directory = dir2;
        ASSERT_OK(credentials_setup(u, &o, &d));
        ASSERT_NE(stat(other, &st), 0);
        ASSERT_STREQ(slurp(dir, "theirs"), "keep"); /* not ours: still there */
        ASSERT_OK(credentials_remove(dir2));
        diag_list_done(&d);
        unit_free(u);
}

/* A service running as the caller can change its plain store: removal still gets everything,
 * and follows no symlink out of it. As root this runs in a child as nobody (a plain store). */
static int changed_plain_store(const char *base_dir)
{
        char dir[192], p[256], outside[192];
        DiagList d = {0};
        struct stat st;
        int r = 0;
        Unit *u = load("[Service]\nExecStart=/bin/true\nSetCredential=x:y\n");
        CredentialsOptions o = {.directory = dir, .uid = geteuid(), .gid = getegid()};

        snprintf(dir, sizeof dir, "%s/plain.service", base_dir);
        snprintf(outside, sizeof outside, "%s/outside", base_dir);
        if (!u || mkdir(outside, 0700) < 0)
                return 1;
        put_at(outside, "keep", "k");
        if (credentials_setup(u, &o, &d) < 0 || chmod(dir, 0700) < 0)
                r = 2;
        snprintf(p, sizeof p, "%s/sub", dir);
        if (!r && mkdir(p, 0700) < 0)
                r = 3;
        if (!r) {
                put_at(p, "f", "f");
                if (chmod(p, 0500) < 0)
                        r = 3;
        }
        snprintf(p, sizeof p, "%s/link", dir);
        if (!r && symlink(outside, p) < 0)
                r = 4;
        if (!r && (credentials_remove(dir) < 0 || lstat(dir, &st) == 0))
                r = 5;
        if (!r && !slurp(outside, "keep"))
                r = 6;
        diag_list_done(&d);
        unit_free(u);
        return r;
}

TEST(remove_plain_store_changed_by_service)
{
        char parent[128];
        int status;

        ASSERT_EQ(chmod(scratch(), 0755), 0);
        snprintf(parent, sizeof parent, "%s/plain", scratch());
        ASSERT_EQ(mkdir(parent, 0777), 0);
        ASSERT_EQ(chmod(parent, 0777), 0);
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0) {
                if (geteuid() == 0 &&
                    (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0))
                        _exit(10);
                _exit(changed_plain_store(parent));
        }
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
}

/* Without privileges to mount, a plain directory is used only for a service that runs as the
 * caller (systemd's unprivileged fallback); as root this runs in a child as nobody. */
static int unprivileged_store(const char *dir, uid_t svc_uid)
{
        Unit *u = load("[Service]\nExecStart=/bin/true\nSetCredential=tok:plain\n");
        DiagList d = {0};
        CredentialsOptions o = {.directory = dir, .uid = svc_uid, .gid = getegid()};
        int r = u ? credentials_setup(u, &o, &d) : -ENOMEM;
        if (r >= 0) {
                struct stat st;
                const char *v = slurp(dir, "tok");
                if (!v || strcmp(v, "plain") != 0 || stat(dir, &st) < 0 ||
                    (st.st_mode & 07777) != 0500)
                        r = -EBADMSG;
                (void) credentials_remove(dir);
        }
        diag_list_done(&d);
        unit_free(u);
        return r;
}

TEST(unprivileged_plain_directory)
{
        char dir[256], parent[128];
        int status;

        ASSERT_EQ(chmod(scratch(), 0755), 0); /* nobody must reach it */
        snprintf(parent, sizeof parent, "%s/unpriv", scratch());
        ASSERT_EQ(mkdir(parent, 0777), 0);
        ASSERT_EQ(chmod(parent, 0777), 0);
        snprintf(dir, sizeof dir, "%s/t.service", parent);
        pid_t pid = fork();
        ASSERT_TRUE(pid >= 0);
        if (pid == 0) {
                if (geteuid() == 0 &&
                    (setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0))
                        _exit(10);
                if (unprivileged_store(dir, geteuid()) < 0)
                        _exit(11);
                /* another uid would need ACLs: refused */
                if (unprivileged_store(dir, geteuid() + 1) >= 0)
                        _exit(12);
                _exit(access(dir, F_OK) == 0 ? 13 : 0);
        }
        ASSERT_EQ(waitpid(pid, &status, 0), pid);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_EQ(WEXITSTATUS(status), 0);
}

TEST(zz_cleanup)
{
        char cmd[256];
        if (!base[0])
                return;
        /* stores a failed test left mounted (in our private namespace) first */
        snprintf(cmd, sizeof cmd,
                 "awk '$5 ~ \"^%s/\" {print $5}' /proc/self/mountinfo | sort -r | "
                 "xargs -r umount -l",
                 base);
        if (geteuid() == 0)
                (void) !system(cmd);
        snprintf(cmd, sizeof cmd, "rm -rf %s", base);
        ASSERT_EQ(system(cmd), 0);
}
