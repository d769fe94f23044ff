/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "dynamic-user.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "exec-semantics.h"
#include "fileio.h"
#include "string-util.h"

#define DYNAMIC_UID_TRIES 100
#define ID_FILE_MAX       (16u * 1024u * 1024u)

static const uint8_t hash_key[16] = {0x37, 0x53, 0x7e, 0x31, 0xcf, 0xce, 0x48, 0xf5,
                                     0x8a, 0xbb, 0x39, 0x57, 0x8d, 0xd9, 0xec, 0x59};

static uid_t clamp_into_range(uint64_t v)
{
        return (uid_t) (v % (DYNAMIC_UID_MAX - DYNAMIC_UID_MIN + 1)) + DYNAMIC_UID_MIN;
}

uid_t dynamic_uid_hash(const char *name)
{
        return clamp_into_range(siphash24(name, strlen(name), hash_key));
}

bool dynamic_user_name_is_valid(const char *name)
{
        size_t n = name ? strlen(name) : 0;

        if (n == 0 || n > 31)
                return false;
        if (!((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_'))
                return false;
        for (size_t i = 1; i < n; i++) {
                char c = name[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                        return false;
        }
        return true;
}

/* Is id the third (uid/gid) field of a line in ROOT/etc/FILE? Unreadable files count as
 * "taken" only if they exist: a missing /etc/group is no reason to refuse. */
static int id_listed(const char *root, const char *file, uid_t id)
{
        _cleanup_free_ char *path = NULL, *data = NULL;
        size_t size;
        int r;

        if (asprintf(&path, "%s/etc/%s", root && !streq(root, "/") ? root : "", file) < 0)
                return -ENOMEM;
        r = read_full_file(path, ID_FILE_MAX, &data, &size);
        if (r == -ENOENT)
                return 0;
        if (r < 0)
                return r;
        for (char *line = data; line && *line;) {
                char *nl = strchr(line, '\n');
                if (nl)
                        *nl = '\0';
                /* name:passwd:ID:… */
                char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
                if (c2) {
                        char *end;
                        errno = 0;
                        unsigned long v = strtoul(c2 + 1, &end, 10);
                        if (errno == 0 && end != c2 + 1 && *end == ':' && v == (unsigned long) id)
                                return 1;
                }
                line = nl ? nl + 1 : NULL;
        }
        return 0;
}

static int open_lock_dir(const char *dir)
{
        _cleanup_close_ int fd = -1;
        struct stat st;

        /* Create /run/cordon first (0755), then the lock directory (0700). */
        if (streq(dir, DYNAMIC_UID_LOCK_DIR))
                (void) mkdir("/run/cordon", 0755);
        if (mkdir(dir, 0700) < 0 && errno != EEXIST)
                return -errno;
        fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                return -errno;
        /* Anyone else able to write here could plant or steal locks. */
        if (st.st_uid != geteuid() || (st.st_mode & 07777) != 0700)
                return -EPERM;
        return TAKE_FD(fd);
}

static int read_name(int fd, char *buf, size_t size)
{
        ssize_t n = pread(fd, buf, size - 1, 0);
        if (n < 0)
                return -errno;
        buf[n] = '\0';
        return 0;
}

static int write_name(int fd, const char *name)
{
        size_t n = strlen(name);
        if (ftruncate(fd, 0) < 0)
                return -errno;
        if (pwrite(fd, name, n, 0) != (ssize_t) n)
                return -EIO;
        return 0;
}

/* With the allocation lock held: try to take uid for name. 1 = got it (fd returned), 0 = taken
 * by another name, < 0 = error. */
static int try_candidate(int dfd, uid_t uid, const char *name, int *ret_fd)
{
        char file[32], cur[64];
        _cleanup_close_ int fd = -1;
        int r;

        snprintf(file, sizeof file, "%u", (unsigned) uid);
        fd = openat(dfd, file, O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
        if (fd < 0)
                return -errno;
        if (flock(fd, LOCK_EX | LOCK_NB) >= 0) {
                /* nobody holds it: new or left behind by a crash */
                r = write_name(fd, name);
                if (r < 0)
                        return r;
        } else {
                if (errno != EWOULDBLOCK)
                        return -errno;
                r = read_name(fd, cur, sizeof cur);
                if (r < 0)
                        return r;
                if (!streq(cur, name))
                        return 0;
        }
        /* Shared from now on, so further instances of the same name can join; the allocation
         * lock makes this conversion race-free. */
        if (flock(fd, LOCK_SH) < 0)
                return -errno;
        *ret_fd = TAKE_FD(fd);
        return 1;
}

static uint32_t random_u32(const DynamicUserOptions *o)
{
        uint32_t v = 0;
        if (o && o->random_u32)
                return o->random_u32(o->userdata);
        if (getrandom(&v, sizeof v, 0) != sizeof v)
                v = (uint32_t) getpid() * 2654435761u;
        return v;
}

int dynamic_user_acquire(const char *name, const DynamicUserOptions *o, DynamicUser *ret)
{
        const char *dir = o && o->lock_dir ? o->lock_dir : DYNAMIC_UID_LOCK_DIR;
        const char *root = o ? o->root : NULL;
        _cleanup_close_ int dfd = -1, afd = -1;
        size_t suggested = 0;
        bool hashed = false;
        int r;

        if (!dynamic_user_name_is_valid(name))
                return -EINVAL;
        dfd = open_lock_dir(dir);
        if (dfd < 0)
                return dfd;
        afd = openat(dfd, ".allocate", O_CREAT | O_RDWR | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (afd < 0)
                return -errno;
        if (flock(afd, LOCK_EX) < 0)
                return -errno;

        for (unsigned tries = 0; tries < DYNAMIC_UID_TRIES; tries++) {
                uid_t cand;
                struct stat st;
                int fd = -1;

                if (o && o->suggested_paths && o->suggested_paths[suggested]) {
                        if (stat(o->suggested_paths[suggested++], &st) < 0)
                                continue;
                        cand = st.st_uid;
                } else if (!hashed) {
                        cand = dynamic_uid_hash(name);
                        hashed = true;
                } else
                        cand = clamp_into_range(random_u32(o));
                if (!uid_is_dynamic(cand))
                        continue;
                r = id_listed(root, "passwd", cand);
                if (r == 0)
                        r = id_listed(root, "group", cand);
                if (r < 0)
                        return r;
                if (r > 0)
                        continue;
                r = try_candidate(dfd, cand, name, &fd);
                if (r < 0)
                        return r;
                if (r == 0)
                        continue;

                DynamicUser du = {.uid = cand, .lock_fd = fd};
                if (asprintf(&du.lock_path, "%s/%u", dir, (unsigned) cand) < 0 ||
                    !(du.lock_dir = strdup(dir))) {
                        close(fd);
                        free(du.lock_path);
                        return -ENOMEM;
                }
                *ret = du;
                return 0;
        }
        return -EBUSY;
}

void dynamic_user_release(DynamicUser *u)
{
        if (!u || u->lock_fd < 0)
                return;
        /* Under the allocation lock: if we are the last holder, our shared lock converts to an
         * exclusive one and the file can go. */
        _cleanup_close_ int dfd = open(u->lock_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        _cleanup_close_ int afd =
                dfd >= 0 ? openat(dfd, ".allocate", O_RDWR | O_NOFOLLOW | O_CLOEXEC) : -1;
        if (afd >= 0 && flock(afd, LOCK_EX) >= 0 && flock(u->lock_fd, LOCK_EX | LOCK_NB) >= 0)
                (void) unlink(u->lock_path);
        close(u->lock_fd);
        u->lock_fd = -1;
        free(u->lock_path);
        free(u->lock_dir);
        u->lock_path = u->lock_dir = NULL;
}
