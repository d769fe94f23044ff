/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RootImage= dissection: GPT tables built here byte by byte (so every field can be broken on
 * purpose), and one image built by sfdisk + mkfs.ext4 as a cross-check against real tools. */
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "dissect.h"
#include "plan.h"
#include "tests.h"
#include "unit.h"

#define ROOT_X86_64 "4f68bce3-e8cd-4db1-96e7-fbcaf984b709"
#define USR_X86_64  "8484680c-9521-48c6-9c11-b0720656f69e"
#define ROOT_X86    "44479540-f297-41b2-9af7-d131d5f0458a"
#define ROOT_ARM64  "b921b045-1df0-41c3-af44-4c6f280d3fae"
#define USR_RISCV64 "beaec34b-8442-439b-a40b-984381ed097d"
#define GENERIC     "0fc63daf-8483-4772-8e79-3d69d8477de4"
#define HOME        "933ac7e1-2eb4-4f13-b844-0e14e2aef915"
#define ESP         "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"

#define FLAG_GROWFS    (UINT64_C(1) << 59)
#define FLAG_READ_ONLY (UINT64_C(1) << 60)
#define FLAG_NO_AUTO   (UINT64_C(1) << 63)

/* ---------------------------------------------------------------- an in-memory image */

typedef struct Img {
        uint8_t *data;
        size_t size;
        uint32_t ss;
        unsigned n_parts;
} Img;

static uint8_t scratch[DISSECT_SCRATCH_SIZE];

static int mem_reader(void *userdata, uint64_t offset, void *buf, size_t size)
{
        const Img *img = userdata;
        if (offset > img->size || size > img->size - offset)
                return -EIO;
        memcpy(buf, img->data + offset, size);
        return 0;
}

static void put_le(uint8_t *p, uint64_t v, int bytes)
{
        for (int i = 0; i < bytes; i++)
                p[i] = (uint8_t) (v >> (8 * i));
}

static void guid_put(uint8_t *p, const char *s)
{
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        uint8_t b[16];
        for (int i = 0, k = 0; i < 16; i++) {
                if (s[k] == '-')
                        k++;
                char hex[3] = {s[k], s[k + 1], 0};
                b[i] = (uint8_t) strtoul(hex, NULL, 16);
                k += 2;
        }
        for (int i = 0; i < 16; i++)
                p[order[i]] = b[i];
}

/* n_sectors of ss bytes; header at LBA 1, 128 entries of 128 bytes from LBA 2. */
static Img img_new(uint32_t ss, size_t n_sectors)
{
        Img img = {.data = calloc(n_sectors, ss), .size = n_sectors * ss, .ss = ss};
        uint8_t *h = img.data + ss;
        uint64_t entry_sectors = 128 * 128 / ss;
        img.data[510] = 0x55;
        img.data[511] = 0xaa;
        img.data[446 + 4] = 0xee; /* protective MBR */
        memcpy(h, "EFI PART", 8);
        put_le(h + 8, 0x00010000, 4);
        put_le(h + 12, 92, 4);
        put_le(h + 24, 1, 8);
        put_le(h + 32, n_sectors - 1, 8);
        put_le(h + 40, 2 + entry_sectors, 8);
        put_le(h + 48, n_sectors - 2 - entry_sectors, 8);
        guid_put(h + 56, "01234567-89ab-cdef-0123-456789abcdef");
        put_le(h + 72, 2, 8);
        put_le(h + 80, 128, 4);
        put_le(h + 84, 128, 4);
        return img;
}

static uint8_t *img_entry(Img *img, unsigned i)
{
        return img->data + 2 * img->ss + 128 * i;
}

/* Adds a partition of n sectors after the previous one; fs: "ext4", "squashfs" or NULL. */
static void img_add(Img *img, const char *type, uint64_t first, uint64_t n, uint64_t flags,
                    const char *label, const char *fs)
{
        uint8_t *e = img_entry(img, img->n_parts);
        char uuid[40];
        snprintf(uuid, sizeof(uuid), "aaaaaaaa-bbbb-cccc-dddd-%012u", img->n_parts + 1);
        guid_put(e, type);
        guid_put(e + 16, uuid);
        put_le(e + 32, first, 8);
        put_le(e + 40, first + n - 1, 8);
        put_le(e + 48, flags, 8);
        for (size_t i = 0; label && label[i] && i < 36; i++)
                e[56 + 2 * i] = (uint8_t) label[i];
        uint8_t *p = img->data + first * img->ss;
        if (fs && strcmp(fs, "ext4") == 0) {
                put_le(p + 0x438, 0xef53, 2);
                put_le(p + 0x460, 0x40 | 0x2, 4); /* extents, filetype */
        } else if (fs && strcmp(fs, "squashfs") == 0)
                memcpy(p, "hsqs", 4);
        img->n_parts++;
}

static void img_seal(Img *img)
{
        uint8_t *h = img->data + img->ss;
        put_le(h + 88, dissect_crc32(img_entry(img, 0), 128 * 128), 4);
        put_le(h + 16, 0, 4);
        put_le(h + 16, dissect_crc32(h, 92), 4);
}

static int img_dissect(Img *img, DissectedImage *ret)
{
        return dissect_image(mem_reader, img, img->size, scratch, ret);
}

/* ---------------------------------------------------------------- basics */

TEST(crc32_known_vector)
{
        ASSERT_EQ(dissect_crc32((const uint8_t *) "123456789", 9), 0xcbf43926u);
        ASSERT_EQ(dissect_crc32(NULL, 0), 0);
}

TEST(designators)
{
        ASSERT_STREQ(dissect_designator_to_string(DISSECT_TMP), "tmp");
        ASSERT_EQ(dissect_designator_from_string("usr"), DISSECT_USR);
        ASSERT_EQ(dissect_designator_from_string("esp"), -EINVAL);
        ASSERT_STREQ(dissect_designator_mount_point(DISSECT_TMP), "/var/tmp");
        ASSERT_TRUE(dissect_partition_name_valid("root-verity-sig"));
        ASSERT_TRUE(dissect_partition_name_valid("esp"));
        ASSERT_FALSE(dissect_partition_name_valid("boot"));
}

TEST(probe_fs)
{
        static uint8_t b[0x10100];
        char t[DISSECT_FSTYPE_MAX];

        memset(b, 0, sizeof(b));
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "");
        put_le(b + 0x438, 0xef53, 2);
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "ext2");
        put_le(b + 0x45c, 0x4, 4); /* has_journal */
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "ext3");
        put_le(b + 0x460, 0x80, 4); /* 64bit */
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "ext4");
        /* Truncated before the feature words: not recognised rather than read past the end. */
        ASSERT_EQ(dissect_probe_fs(b, 0x440, t), 0);
        ASSERT_STREQ(t, "");

        memset(b, 0, sizeof(b));
        memcpy(b, "hsqs", 4);
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 1);
        ASSERT_STREQ(t, "squashfs");
        memset(b, 0, sizeof(b));
        put_le(b + 1024, 0xe0f5e1e2u, 4);
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 1);
        ASSERT_STREQ(t, "erofs");
        memset(b, 0, sizeof(b));
        memcpy(b + 0x10040, "_BHRfS_M", 8);
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "btrfs");
        ASSERT_EQ(dissect_probe_fs(b, 0x10040, t), 0);
        ASSERT_STREQ(t, "");
        memset(b, 0, sizeof(b));
        memcpy(b, "XFSB", 4);
        ASSERT_EQ(dissect_probe_fs(b, sizeof(b), t), 0);
        ASSERT_STREQ(t, "xfs");
        memcpy(b, "LUKS\xba\xbe", 6);
        ASSERT_ERROR(dissect_probe_fs(b, sizeof(b), t), EUNATCH);
}

/* ---------------------------------------------------------------- bare file systems */

TEST(bare_filesystems)
{
        Img img = {.data = calloc(256, 512), .size = 256 * 512, .ss = 512};
        DissectedImage m;

        ASSERT_ERROR(img_dissect(&img, &m), ENXIO);
        img.data[510] = 0x55;
        img.data[511] = 0xaa;
        ASSERT_ERROR(img_dissect(&img, &m), ENXIO); /* a DOS table without partitions */
        memcpy(img.data, "LUKS\xba\xbe", 6);
        ASSERT_ERROR(img_dissect(&img, &m), EUNATCH);

        memset(img.data, 0, img.size);
        put_le(img.data + 0x438, 0xef53, 2);
        put_le(img.data + 0x460, 0x40, 4);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_FALSE(m.gpt);
        ASSERT_TRUE(m.partitions[DISSECT_ROOT].found);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].partno, 0);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].offset, 0);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].size, img.size);
        ASSERT_TRUE(m.partitions[DISSECT_ROOT].rw);
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].fstype, "ext4");
        ASSERT_FALSE(m.partitions[DISSECT_USR].found);

        memset(img.data, 0, img.size);
        memcpy(img.data, "hsqs", 4);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].fstype, "squashfs");
        ASSERT_FALSE(m.partitions[DISSECT_ROOT].rw);

        /* Tiny images are read within bounds. */
        img.size = 5;
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].fstype, "squashfs");
        img.size = 0;
        ASSERT_ERROR(img_dissect(&img, &m), ENXIO);
        free(img.data);
}

/* ---------------------------------------------------------------- GPT */

#if defined(__x86_64__)
TEST(gpt_root_and_usr)
{
        Img img = img_new(512, 4096);
        DissectedImage m;

        img_add(&img, ROOT_X86_64, 2048, 1024, 0, "root-a", "ext4");
        img_add(&img, USR_X86_64, 3072, 512, FLAG_READ_ONLY | FLAG_GROWFS, "usr-a", "squashfs");
        img_add(&img, HOME, 3584, 128, 0, "home", "ext4");
        img_add(&img, ESP, 3712, 64, 0, "esp", NULL);
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_TRUE(m.gpt);
        ASSERT_EQ(m.sector_size, 512);
        const DissectedPartition *r = &m.partitions[DISSECT_ROOT], *u = &m.partitions[DISSECT_USR];
        ASSERT_TRUE(r->found);
        ASSERT_EQ(r->partno, 1);
        ASSERT_EQ(r->offset, 2048 * 512);
        ASSERT_EQ(r->size, 1024 * 512);
        ASSERT_TRUE(r->rw);
        ASSERT_FALSE(r->growfs);
        ASSERT_STREQ(r->fstype, "ext4");
        ASSERT_STREQ(r->label, "root-a");
        ASSERT_STREQ(r->arch, "x86-64");
        ASSERT_STREQ(r->uuid, "aaaaaaaa-bbbb-cccc-dddd-000000000001");
        ASSERT_TRUE(u->found);
        ASSERT_EQ(u->partno, 2);
        ASSERT_FALSE(u->rw);
        ASSERT_TRUE(u->growfs);
        ASSERT_STREQ(u->fstype, "squashfs");
        ASSERT_TRUE(m.partitions[DISSECT_HOME].found);
        ASSERT_EQ(m.partitions[DISSECT_HOME].partno, 3);
        ASSERT_FALSE(m.partitions[DISSECT_SRV].found);
        ASSERT_EQ(m.ignored, 1); /* the ESP */
        free(img.data);
}

TEST(gpt_4k_sectors)
{
        Img img = img_new(4096, 512);
        DissectedImage m;

        img_add(&img, ROOT_X86_64, 256, 64, 0, "r", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_EQ(m.sector_size, 4096);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].offset, 256 * 4096);
        free(img.data);
}

TEST(gpt_versions_and_tiers)
{
        DissectedImage m;

        /* The newest label wins for root, in either order. */
        for (int order = 0; order < 2; order++) {
                Img img = img_new(512, 4096);
                img_add(&img, ROOT_X86_64, 2048, 256, 0, order ? "os_9" : "os_10", "ext4");
                img_add(&img, ROOT_X86_64, 2304, 256, 0, order ? "os_10" : "os_9", "ext4");
                img_seal(&img);
                ASSERT_OK(img_dissect(&img, &m));
                ASSERT_STREQ(m.partitions[DISSECT_ROOT].label, "os_10");
                ASSERT_EQ(m.partitions[DISSECT_ROOT].partno, order ? 2 : 1);
                free(img.data);
        }

        /* Native beats secondary beats other; no-auto partitions do not count. */
        Img img = img_new(512, 4096);
        img_add(&img, ROOT_ARM64, 2048, 256, 0, "arm", "ext4");
        img_add(&img, ROOT_X86, 2304, 256, 0, "x86", "ext4");
        img_add(&img, ROOT_X86_64, 2560, 256, FLAG_NO_AUTO, "off", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].arch, "x86");
        put_le(img_entry(&img, 2) + 48, 0, 8);
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].arch, "x86-64");
        memset(img_entry(&img, 1), 0, 128);
        memset(img_entry(&img, 2), 0, 128);
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].arch, "arm64");

        /* Root and /usr of two foreign architectures do not combine. */
        img_add(&img, USR_RISCV64, 2816, 256, 0, "usr", "ext4");
        img_seal(&img);
        ASSERT_ERROR(img_dissect(&img, &m), EADDRNOTAVAIL);
        free(img.data);
}

TEST(gpt_usr_only_and_generic)
{
        DissectedImage m;
        Img img = img_new(512, 4096);

        img_add(&img, USR_X86_64, 2048, 256, 0, "usr", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_FALSE(m.partitions[DISSECT_ROOT].found);
        ASSERT_TRUE(m.partitions[DISSECT_USR].found);
        free(img.data);

        img = img_new(512, 4096);
        img_add(&img, GENERIC, 2048, 256, FLAG_READ_ONLY, "data", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_TRUE(m.partitions[DISSECT_ROOT].found);
        ASSERT_FALSE(m.partitions[DISSECT_ROOT].rw);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].arch, NULL);
        img_add(&img, GENERIC, 2304, 256, 0, "data2", "ext4");
        img_seal(&img);
        ASSERT_ERROR(img_dissect(&img, &m), ENOTUNIQ);
        /* A marked root makes the generic ones irrelevant. */
        img_add(&img, ROOT_X86_64, 2560, 256, 0, "root", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_EQ(m.partitions[DISSECT_ROOT].partno, 3);
        free(img.data);

        img = img_new(512, 4096);
        img_add(&img, HOME, 2048, 256, 0, "home", "ext4");
        img_seal(&img);
        ASSERT_ERROR(img_dissect(&img, &m), ENXIO);
        free(img.data);
}
#endif

TEST(gpt_corruption)
{
        DissectedImage m;
        Img img = img_new(512, 4096);

        img_add(&img, GENERIC, 2048, 256, 0, "root", "ext4");
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));

        /* Header CRC. */
        img.data[512 + 56] ^= 1;
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        img.data[512 + 56] ^= 1;
        /* Entry array CRC. */
        img_entry(&img, 0)[60] ^= 1;
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        img_entry(&img, 0)[60] ^= 1;
        ASSERT_OK(img_dissect(&img, &m));

        /* A partition outside the usable range, or ending before it starts. */
        put_le(img_entry(&img, 0) + 40, 4095, 8);
        img_seal(&img);
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        put_le(img_entry(&img, 0) + 40, 2000, 8);
        img_seal(&img);
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        put_le(img_entry(&img, 0) + 40, 2048 + 255, 8);

        /* Header fields: size, MyLBA, entry size, entry count, array location. */
        struct {
                unsigned off;
                int bytes;
                uint64_t value;
                int error;
        } bad[] = {
                {12, 4, 91, EBADMSG},   {12, 4, 513, EBADMSG},  {24, 8, 2, EBADMSG},
                {84, 4, 100, EBADMSG},  {84, 4, 64, EBADMSG},   {80, 4, 100000, E2BIG},
                {72, 8, 1, EBADMSG},    {72, 8, 4096, EBADMSG}, {72, 8, 30, EBADMSG},
                {48, 8, 4096, EBADMSG}, {40, 8, 4000, EBADMSG},
        };
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                uint8_t saved[8];
                uint8_t *f = img.data + 512 + bad[i].off;
                memcpy(saved, f, 8);
                put_le(f, bad[i].value, bad[i].bytes);
                img_seal(&img);
                int r = img_dissect(&img, &m);
                if (r != -bad[i].error)
                        fprintf(stderr, "# case %zu: %d\n", i, r);
                ASSERT_ERROR(r, bad[i].error);
                memcpy(f, saved, 8);
        }
        img_seal(&img);
        ASSERT_OK(img_dissect(&img, &m));

        /* The chosen partition holds no file system cordon knows. */
        memset(img.data + 2048 * 512, 0, 4096);
        ASSERT_ERROR(img_dissect(&img, &m), EAFNOSUPPORT);
        free(img.data);
}

static void mbr_entry(Img *img, int i, uint8_t flags, uint8_t type, uint32_t start, uint32_t n)
{
        uint8_t *e = img->data + 446 + 16 * i;
        e[0] = flags;
        e[4] = type;
        put_le(e + 8, start, 4);
        put_le(e + 12, n, 4);
}

TEST(mbr)
{
        Img img = {.data = calloc(4096, 512), .size = 4096 * 512, .ss = 512};
        DissectedImage m;

        img.data[510] = 0x55;
        img.data[511] = 0xaa;
        /* A non-bootable Linux partition does not count (systemd 252: pflags != 0x80). */
        mbr_entry(&img, 0, 0x00, 0x83, 2048, 1024);
        put_le(img.data + 2048 * 512 + 0x438, 0xef53, 2);
        ASSERT_ERROR(img_dissect(&img, &m), ENXIO);
        mbr_entry(&img, 0, 0x80, 0x83, 2048, 1024);
        mbr_entry(&img, 1, 0x00, 0xea, 3072, 512); /* $BOOT: recognised, not mounted */
        ASSERT_OK(img_dissect(&img, &m));
        ASSERT_TRUE(m.mbr);
        ASSERT_FALSE(m.gpt);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].partno, 1);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].offset, 2048 * 512);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].size, 1024 * 512);
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].fstype, "ext2");
        ASSERT_TRUE(m.partitions[DISSECT_ROOT].rw);
        ASSERT_EQ(m.ignored, 1);

        mbr_entry(&img, 2, 0x80, 0x83, 3584, 256);
        ASSERT_ERROR(img_dissect(&img, &m), ENOTUNIQ);
        mbr_entry(&img, 2, 0x80, 0x83, 4000, 256); /* past the end */
        ASSERT_ERROR(img_dissect(&img, &m), ERANGE);
        mbr_entry(&img, 2, 0x12, 0x83, 3584, 256); /* not a boot flag: not a DOS table */
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        mbr_entry(&img, 2, 0x00, 0xee, 1, 4095); /* protective MBR, GPT header missing */
        ASSERT_ERROR(img_dissect(&img, &m), EBADMSG);
        free(img.data);
}

/* ---------------------------------------------------------------- real tools */

static int fd_reader(void *userdata, uint64_t offset, void *buf, size_t size)
{
        int fd = *(int *) userdata;
        ssize_t n = pread(fd, buf, size, (off_t) offset);
        if (n < 0)
                return -errno;
        return (size_t) n == size ? 0 : -EIO;
}

TEST(sfdisk_and_mkfs_image)
{
        char dir[] = "/tmp/test-dissect-XXXXXX", cmd[1024], path[256];
        DissectedImage m;

        if (system("command -v sfdisk >/dev/null 2>&1 && command -v mkfs.ext4 >/dev/null 2>&1"))
                TEST_SKIP("sfdisk (util-linux fdisk) or mkfs.ext4 (e2fsprogs) not installed");
        ASSERT_NOT_NULL(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/disk.img", dir);
        /* root of the native architecture at 1 MiB (4 MiB), a generic partition behind it. */
        snprintf(cmd, sizeof(cmd),
                 "set -e; truncate -s 8M %s; "
                 "printf 'label: gpt\\nstart=2048, size=8192, type=%s, name=\"root-1.0\"\\n"
                 "start=10240, size=4096, type=%s\\n' | sfdisk -q %s; "
                 "mkfs.ext4 -q -F -E offset=1048576 %s 4M",
                 path,
#if defined(__x86_64__)
                 ROOT_X86_64,
#else
                 GENERIC,
#endif
                 GENERIC, path, path);
        ASSERT_EQ(system(cmd), 0);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        ASSERT_TRUE(fd >= 0);
        off_t size = lseek(fd, 0, SEEK_END);
        int r = dissect_image(fd_reader, &fd, (uint64_t) size, scratch, &m);
        close(fd);
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        ASSERT_EQ(system(cmd), 0);
#if defined(__x86_64__)
        ASSERT_OK(r);
        ASSERT_TRUE(m.gpt);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].partno, 1);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].offset, 1048576);
        ASSERT_EQ(m.partitions[DISSECT_ROOT].size, 4194304);
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].fstype, "ext4");
        ASSERT_STREQ(m.partitions[DISSECT_ROOT].label, "root-1.0");
#else
        ASSERT_ERROR(r, ENOTUNIQ); /* two generic partitions */
#endif
}

/* ---------------------------------------------------------------- the plan's part */

/* The plan's origins point into the unit: it lives until the next call. */
static Unit *plan_unit;
static unsigned plan_version; /* systemd semantics to load with; 0 = 252 */

static SandboxPlan *plan_text(const char *text, bool rootless, bool lenient, int *ret_r,
                              DiagList *d)
{
        Unit *u = NULL;
        SandboxPlan *p = NULL;
        PlanOptions o = {.rootless = rootless, .lenient = lenient, .part2 = true};

        UnitLoadOptions lo = {.systemd_version = plan_version};
        if (unit_load_buffer("img.service", "/x/img.service", text, strlen(text), &lo, &u, d) < 0)
                return NULL;
        diag_list_done(d);
        *ret_r = sandbox_plan_from_unit(u, &o, &p, d);
        unit_free(plan_unit);
        plan_unit = u;
        return p;
}

static bool diag_has(const DiagList *d, const char *needle, unsigned line)
{
        for (size_t i = 0; i < d->n; i++)
                if (strstr(d->items[i].message, needle) && d->items[i].line == line)
                        return true;
        return false;
}

TEST(plan_root_image)
{
        DiagList d = {0};
        int r;

        SandboxPlan *p = plan_text("[Service]\nRootImage=/srv/os.raw\nExecStart=/bin/true\n", false,
                                   false, &r, &d);
        ASSERT_OK(r);
        ASSERT_NOT_NULL(p);
        ASSERT_STREQ(p->image.path, "/srv/os.raw");
        ASSERT_FALSE(p->image.read_only); /* systemd: writable unless everything is read-only */
        ASSERT_STREQ(p->mounts.root, PLAN_IMAGE_ROOT);
        ASSERT_EQ(p->image.origin.line, 2);
        /* The root op and MountAPIVFS= (implied) below the staging directory. */
        ASSERT_EQ(p->mounts.ops[0].kind, MOUNT_ROOT);
        ASSERT_STREQ(p->mounts.ops[0].directive, "RootImage=");
        bool proc = false;
        for (size_t i = 0; i < p->mounts.n; i++)
                if (strcmp(p->mounts.ops[i].path, PLAN_IMAGE_ROOT "/proc") == 0)
                        proc = true;
        ASSERT_TRUE(proc);
        ASSERT_TRUE(p->ns.unshare_flags & CLONE_NEWNS);
        char *text = sandbox_plan_to_text(p);
        ASSERT_NOT_NULL(strstr(text, "root image: /srv/os.raw, writable where the image allows"
                                     "  # RootImage= at img.service:2"));
        free(text);
        sandbox_plan_free(p);
        diag_list_done(&d);

        /* Read-only exactly when systemd 252 opens it read-only. */
        p = plan_text("[Service]\nRootImage=/srv/os.raw\nProtectSystem=strict\nProtectHome=yes\n"
                      "ExecStart=/bin/true\n",
                      false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p->image.read_only);
        sandbox_plan_free(p);
        diag_list_done(&d);
        p = plan_text("[Service]\nRootImage=/srv/os.raw\nProtectSystem=strict\nProtectHome=yes\n"
                      "ReadWritePaths=/var/lib/x\nExecStart=/bin/true\n",
                      false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_FALSE(p->image.read_only);
        sandbox_plan_free(p);
        diag_list_done(&d);
        p = plan_text(
                "[Service]\nRootImage=/srv/os.raw\nReadOnlyPaths=/\nTemporaryFileSystem=/home\n"
                "ExecStart=/bin/true\n",
                false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(p->image.read_only);
        sandbox_plan_free(p);
        diag_list_done(&d);

        /* With RootDirectory= the image is mounted there. */
        p = plan_text(
                "[Service]\nRootDirectory=/srv/r\nRootImage=/srv/os.raw\nExecStart=/bin/true\n",
                false, false, &r, &d);
        ASSERT_OK(r);
        ASSERT_STREQ(p->mounts.root, "/srv/r");
        ASSERT_STREQ(p->image.path, "/srv/os.raw");
        sandbox_plan_free(p);
        diag_list_done(&d);
        plan_unit = unit_free(plan_unit);
}

TEST(plan_root_image_refusals)
{
        DiagList d = {0};
        int r;

        /* Rootless: no loop devices, and not something --lenient may drop. */
        SandboxPlan *p = plan_text("[Service]\nRootImage=/srv/os.raw\nExecStart=/bin/true\n", true,
                                   true, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_TRUE(diag_has(&d, "only root can attach", 2));
        diag_list_done(&d);

        /* Root with PrivateUsers=: the image could not be mounted in the user namespace. */
        p = plan_text("[Service]\nRootImage=/srv/os.raw\nPrivateUsers=yes\nExecStart=/bin/true\n",
                      false, true, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_TRUE(diag_has(&d, "PrivateUsers= together with RootImage=", 3));
        diag_list_done(&d);

        p = plan_text("[Service]\nRootImage=/srv/os.raw\nRootHash=0123456789abcdef\n"
                      "RootVerity=/srv/os.verity\nExecStart=/bin/true\n",
                      false, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_NULL(p);
        ASSERT_TRUE(diag_has(&d, "RootHash= is not supported", 3));
        ASSERT_TRUE(diag_has(&d, "RootVerity= is not supported", 4));
        diag_list_done(&d);
        /* RootEphemeral= (v254) only when true. */
        plan_version = 254;
        p = plan_text("[Service]\nRootImage=/srv/os.raw\nRootEphemeral=no\nExecStart=/bin/true\n",
                      false, false, &r, &d);
        ASSERT_OK(r);
        sandbox_plan_free(p);
        diag_list_done(&d);
        p = plan_text("[Service]\nRootImage=/srv/os.raw\nRootEphemeral=yes\nExecStart=/bin/true\n",
                      false, false, &r, &d);
        ASSERT_ERROR(r, EOPNOTSUPP);
        ASSERT_TRUE(diag_has(&d, "RootEphemeral= is not supported", 3));
        diag_list_done(&d);
        plan_version = 0;

        p = plan_text("[Service]\nRootImage=/srv/os.raw\nRootHash=0123456789abcdef\n"
                      "ExecStart=/bin/true\n",
                      false, true, &r, &d);
        ASSERT_OK(r);
        ASSERT_TRUE(diag_has(&d, "RootHash= is not applied (--lenient)", 3));
        sandbox_plan_free(p);
        diag_list_done(&d);
        plan_unit = unit_free(plan_unit);
}

TEST(plan_root_image_options)
{
        DiagList d = {0};
        int r;

        SandboxPlan *p = plan_text("[Service]\nRootImage=/srv/os.raw\n"
                                   "RootImageOptions=ro,noexec,errors=remount-ro usr:nosuid\n"
                                   "RootImageOptions=home:rw,dev esp:umask=077 usr:noexec\n"
                                   "ExecStart=/bin/true\n",
                                   false, false, &r, &d);
        ASSERT_OK(r);
        const PlanImageOptions *o = p->image.options;
        ASSERT_EQ(o[DISSECT_ROOT].flags_set, MS_RDONLY | MS_NOEXEC);
        ASSERT_EQ(o[DISSECT_ROOT].flags_clear, 0);
        ASSERT_STREQ(o[DISSECT_ROOT].data, "errors=remount-ro");
        ASSERT_EQ(o[DISSECT_USR].flags_set, MS_NOSUID); /* the first usr: entry counts */
        ASSERT_NULL(o[DISSECT_USR].data);
        ASSERT_EQ(o[DISSECT_HOME].flags_clear, MS_RDONLY | MS_NODEV);
        ASSERT_EQ(o[DISSECT_SRV].flags_set, 0);
        char *text = sandbox_plan_to_text(p);
        ASSERT_NOT_NULL(strstr(text, "  root (/): ro,noexec,errors=remount-ro"));
        ASSERT_NOT_NULL(strstr(text, "  home (/home): rw,dev"));
        free(text);
        sandbox_plan_free(p);
        diag_list_done(&d);

        static const char *const bad[] = {"boot:ro", ":ro", "root:", "root:ro,,noexec", "root:a:b"};
        for (size_t i = 0; i < ELEMENTSOF(bad); i++) {
                char unit[256];
                snprintf(unit, sizeof(unit),
                         "[Service]\nRootImage=/srv/os.raw\nRootImageOptions=%s\n"
                         "ExecStart=/bin/true\n",
                         bad[i]);
                p = plan_text(unit, false, true, &r, &d);
                ASSERT_ERROR(r, EINVAL);
                ASSERT_NULL(p);
                ASSERT_TRUE(diag_has(&d, "RootImageOptions=", 3));
                diag_list_done(&d);
        }
        plan_unit = unit_free(plan_unit);
}
