/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Pure: GPT parsing and partition choice for RootImage=, after systemd 252's dissect_image()
 * (src/shared/dissect-image.c, facts only) and the UEFI GPT layout. No allocation: runs in the
 * post-fork child. */
#include <string.h>

#include "dissect.h"

static const char *const dissect_designator_table[_DISSECT_DESIGNATOR_MAX] = {
        [DISSECT_ROOT] = "root", [DISSECT_USR] = "usr", [DISSECT_HOME] = "home",
        [DISSECT_SRV] = "srv",   [DISSECT_VAR] = "var", [DISSECT_TMP] = "tmp",
};
DEFINE_STRING_TABLE_LOOKUP(dissect_designator, DissectDesignator);

const char *dissect_designator_mount_point(DissectDesignator d)
{
        static const char *const where[_DISSECT_DESIGNATOR_MAX] = {
                [DISSECT_ROOT] = "/",   [DISSECT_USR] = "/usr", [DISSECT_HOME] = "/home",
                [DISSECT_SRV] = "/srv", [DISSECT_VAR] = "/var", [DISSECT_TMP] = "/var/tmp",
        };
        return (int) d >= 0 && d < _DISSECT_DESIGNATOR_MAX ? where[d] : NULL;
}

bool dissect_partition_name_valid(const char *s)
{
        /* systemd 252's partition_designator_table. */
        static const char *const names[] = {
                "root",
                "root-secondary",
                "root-other",
                "usr",
                "usr-secondary",
                "usr-other",
                "home",
                "srv",
                "esp",
                "xbootldr",
                "swap",
                "root-verity",
                "root-secondary-verity",
                "root-other-verity",
                "usr-verity",
                "usr-secondary-verity",
                "usr-other-verity",
                "root-verity-sig",
                "root-secondary-verity-sig",
                "root-other-verity-sig",
                "usr-verity-sig",
                "usr-secondary-verity-sig",
                "usr-other-verity-sig",
                "tmp",
                "var",
        };
        return s && string_table_lookup(names, ELEMENTSOF(names), s) >= 0;
}

/* ---------------------------------------------------------------- type UUIDs */

typedef struct ArchTypes {
        const char *arch;
        const char *root, *usr;
} ArchTypes;

/* Discoverable Partitions Specification, as sd-gpt.h of systemd 252. */
static const ArchTypes arch_types[] = {
        {"alpha", "6523f8ae-3eb1-4e2a-a05a-18b695ae656f", "e18cf08c-33ec-4c0d-8246-c6c6fb3da024"},
        {"arc", "d27f46ed-2919-4cb8-bd25-9531f3c16534", "7978a683-6316-4922-bbee-38bff5a2fecc"},
        {"arm", "69dad710-2ce4-4e3c-b16c-21a1d49abed3", "7d0359a3-02b3-4f0a-865c-654403e70625"},
        {"arm64", "b921b045-1df0-41c3-af44-4c6f280d3fae", "b0e01050-ee5f-4390-949a-9101b17104e9"},
        {"ia64", "993d8d3d-f80e-4225-855a-9daf8ed7ea97", "4301d2a6-4e3b-4b2a-bb94-9e0b2c4225ea"},
        {"loongarch64", "77055800-792c-4f94-b39a-98c91b762bb6",
         "e611c702-575c-4cbe-9a46-434fa0bf7e3f"},
        {"mips", "e9434544-6e2c-47cc-bae2-12d6deafb44c", "773b2abc-2a99-4398-8bf5-03baac40d02b"},
        {"mips64", "d113af76-80ef-41b4-bdb6-0cff4d3d4a25", "57e13958-7331-4365-8e6e-35eeee17c61b"},
        {"mips-le", "37c58c8a-d913-4156-a25f-48b1b64e07f0", "0f4868e9-9952-4706-979f-3ed3a473e947"},
        {"mips64-le", "700bda43-7a34-4507-b179-eeb93d7a7ca3",
         "c97c1f32-ba06-40b4-9f22-236061b08aa8"},
        {"parisc", "1aacdb3b-5444-4138-bd9e-e5c2239b2346", "dc4a4480-6917-4262-a4ec-db9384949f25"},
        {"ppc", "1de3f1ef-fa98-47b5-8dcd-4a860a654d78", "7d14fec5-cc71-415d-9d6c-06bf0b3c3eaf"},
        {"ppc64", "912ade1d-a839-4913-8964-a10eee08fbd2", "2c9739e2-f068-46b3-9fd0-01c5a9afbcca"},
        {"ppc64-le", "c31c45e6-3f39-412e-80fb-4809c4980599",
         "15bb03af-77e7-4d4a-b12b-c0d084f7491c"},
        {"riscv32", "60d5a7fe-8e7d-435c-b714-3dd8162144e1", "b933fb22-5c3f-4f91-af90-e2bb0fa50702"},
        {"riscv64", "72ec70a6-cf74-40e6-bd49-4bda08e8f224", "beaec34b-8442-439b-a40b-984381ed097d"},
        {"s390", "08a7acea-624c-4a20-91e8-6e0fa67d23f9", "cd0f869b-d0fb-4ca0-b141-9ea87cc78d66"},
        {"s390x", "5eead9a9-fe09-4a1e-a1d7-520d00531306", "8a4f5770-50aa-4ed3-874a-99b710db6fea"},
        {"tilegx", "c50cdd70-3862-4cc3-90e1-809a8c93ee2c", "55497029-c7c1-44cc-aa39-815ed1558630"},
        {"x86", "44479540-f297-41b2-9af7-d131d5f0458a", "75250d76-8cc6-458e-bd66-bd47cc81a812"},
        {"x86-64", "4f68bce3-e8cd-4db1-96e7-fbcaf984b709", "8484680c-9521-48c6-9c11-b0720656f69e"},
};

#if defined(__x86_64__)
#define NATIVE_ARCH    "x86-64"
#define SECONDARY_ARCH "x86"
#elif defined(__i386__)
#define NATIVE_ARCH    "x86"
#define SECONDARY_ARCH NULL
#elif defined(__aarch64__)
#define NATIVE_ARCH    "arm64"
#define SECONDARY_ARCH "arm"
#elif defined(__arm__)
#define NATIVE_ARCH    "arm"
#define SECONDARY_ARCH NULL
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ARCH    "riscv64"
#define SECONDARY_ARCH NULL
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE_ARCH    "ppc64-le"
#define SECONDARY_ARCH NULL
#elif defined(__s390x__)
#define NATIVE_ARCH    "s390x"
#define SECONDARY_ARCH "s390"
#elif defined(__loongarch64)
#define NATIVE_ARCH    "loongarch64"
#define SECONDARY_ARCH NULL
#else
#define NATIVE_ARCH    NULL
#define SECONDARY_ARCH NULL
#endif

#define TYPE_HOME     "933ac7e1-2eb4-4f13-b844-0e14e2aef915"
#define TYPE_SRV      "3b8f8425-20e0-4f3b-907f-1a25a76f98e8"
#define TYPE_VAR      "4d21b016-b534-45c2-a9fb-5c16e091fd2d"
#define TYPE_TMP      "7ec6f557-3bc5-4aca-b293-16ef5df639d1"
#define TYPE_GENERIC  "0fc63daf-8483-4772-8e79-3d69d8477de4"
#define TYPE_ESP      "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
#define TYPE_XBOOTLDR "bc13c2ff-59e6-4262-a352-b275fd6f7172"
#define TYPE_SWAP     "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f"

#define GPT_FLAG_NO_BLOCK_IO (UINT64_C(1) << 1)
#define GPT_FLAG_GROWFS      (UINT64_C(1) << 59)
#define GPT_FLAG_READ_ONLY   (UINT64_C(1) << 60)
#define GPT_FLAG_NO_AUTO     (UINT64_C(1) << 63)

#define GPT_HEADER_SIZE_MIN 92u
#define GPT_ENTRY_SIZE_MIN  128u
#define FS_PROBE_SIZE       (68u * 1024u)

/* ---------------------------------------------------------------- little helpers */

static uint16_t le16(const uint8_t *p)
{
        return (uint16_t) (p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
        return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
               (uint32_t) p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
        return (uint64_t) le32(p) | (uint64_t) le32(p + 4) << 32;
}

uint32_t dissect_crc32(const uint8_t *buf, size_t len)
{
        uint32_t crc = 0xffffffffu;

        for (size_t i = 0; i < len; i++) {
                crc ^= buf[i];
                for (int k = 0; k < 8; k++)
                        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
        }
        return ~crc;
}

/* On disk the first three GUID fields are little endian. */
static void guid_format(const uint8_t *g, char ret[DISSECT_UUID_MAX])
{
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        static const char hex[] = "0123456789abcdef";
        size_t k = 0;

        for (int i = 0; i < 16; i++) {
                if (i == 4 || i == 6 || i == 8 || i == 10)
                        ret[k++] = '-';
                ret[k++] = hex[g[order[i]] >> 4];
                ret[k++] = hex[g[order[i]] & 15];
        }
        ret[k] = 0;
}

static bool all_zero(const uint8_t *p, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (p[i])
                        return false;
        return true;
}

/* GPT names are UTF-16LE; surrogate pairs and invalid units become '?'. */
static void label_from_utf16(const uint8_t *p, size_t units, char ret[DISSECT_LABEL_MAX])
{
        size_t k = 0;

        for (size_t i = 0; i < units; i++) {
                uint16_t c = le16(p + 2 * i);
                if (c == 0)
                        break;
                if (c < 0x80)
                        ret[k++] = c < 0x20 || c == 0x7f ? '?' : (char) c;
                else if (c < 0x800) {
                        ret[k++] = (char) (0xc0 | c >> 6);
                        ret[k++] = (char) (0x80 | (c & 0x3f));
                } else if (c >= 0xd800 && c <= 0xdfff)
                        ret[k++] = '?';
                else {
                        ret[k++] = (char) (0xe0 | c >> 12);
                        ret[k++] = (char) (0x80 | ((c >> 6) & 0x3f));
                        ret[k++] = (char) (0x80 | (c & 0x3f));
                }
        }
        ret[k] = 0;
}

/* ---------------------------------------------------------------- file systems */

int dissect_probe_fs(const uint8_t *buf, size_t len, char ret[DISSECT_FSTYPE_MAX])
{
        const char *type = "";
        int ro = 0;

        if (len >= 6 && memcmp(buf, "LUKS\xba\xbe", 6) == 0) {
                ret[0] = 0;
                return -EUNATCH;
        }
        if (len >= 4 && memcmp(buf, "hsqs", 4) == 0)
                type = "squashfs", ro = 1;
        else if (len >= 4 && memcmp(buf, "XFSB", 4) == 0)
                type = "xfs";
        else if (len >= 0x468 && le16(buf + 0x438) == 0xef53) {
                /* ext2/3/4 share the magic; tell them apart by features as blkid does: anything
                 * beyond ext3's feature set is ext4, a journal without them is ext3. */
                uint32_t compat = le32(buf + 0x45c), incompat = le32(buf + 0x460),
                         ro_compat = le32(buf + 0x464);
                if ((incompat & ~UINT32_C(0x0016)) || (ro_compat & ~UINT32_C(0x0007)))
                        type = "ext4";
                else if (compat & 0x0004)
                        type = "ext3";
                else
                        type = "ext2";
        } else if (len >= 1028 && le32(buf + 1024) == 0xe0f5e1e2u)
                type = "erofs", ro = 1;
        else if (len >= 0x8006 && memcmp(buf + 0x8001, "CD001", 5) == 0)
                type = "iso9660", ro = 1;
        else if (len >= 0x10048 && memcmp(buf + 0x10040, "_BHRfS_M", 8) == 0)
                type = "btrfs";

        strncpy(ret, type, DISSECT_FSTYPE_MAX - 1);
        ret[DISSECT_FSTYPE_MAX - 1] = 0;
        return ro;
}

/* Reads the start of a chosen partition and records its file system. */
static int probe_partition(DissectReader reader, void *userdata, uint8_t *scratch,
                           DissectedPartition *p)
{
        size_t n = p->size < FS_PROBE_SIZE ? (size_t) p->size : FS_PROBE_SIZE;
        int r;

        memset(scratch, 0, FS_PROBE_SIZE);
        r = reader(userdata, p->offset, scratch, n);
        if (r < 0)
                return r;
        r = dissect_probe_fs(scratch, n, p->fstype);
        if (r < 0)
                return r;
        if (!p->fstype[0])
                return -EAFNOSUPPORT; /* as systemd's mount_partition() without a type */
        if (r > 0)
                p->rw = false;
        return 0;
}

/* ---------------------------------------------------------------- GPT */

typedef enum Tier { TIER_NATIVE, TIER_SECONDARY, TIER_OTHER, _TIER_MAX } Tier;

typedef struct Candidates {
        DissectedPartition root[_TIER_MAX], usr[_TIER_MAX];
        DissectedPartition other[_DISSECT_DESIGNATOR_MAX]; /* home, srv, var, tmp */
        DissectedPartition generic;
        unsigned n_generic;
        unsigned ignored;
} Candidates;

typedef struct GptHeader {
        uint32_t sector_size;
        uint64_t first_usable, last_usable;
        uint64_t entries_lba;
        uint32_t n_entries, entry_size, entries_crc;
} GptHeader;

static int gpt_header_parse(const uint8_t *h, uint32_t ss, uint64_t image_size, uint8_t *tmp,
                            GptHeader *ret)
{
        uint32_t hsize = le32(h + 12);
        if (hsize < GPT_HEADER_SIZE_MIN || hsize > ss)
                return -EBADMSG;
        /* The CRC covers the header with its own CRC field zeroed. */
        memcpy(tmp, h, hsize);
        memset(tmp + 16, 0, 4);
        if (dissect_crc32(tmp, hsize) != le32(h + 16))
                return -EBADMSG;
        if (le64(h + 24) != 1) /* MyLBA: this is the primary header */
                return -EBADMSG;

        uint64_t n_sectors = image_size / ss;
        *ret = (GptHeader){
                .sector_size = ss,
                .first_usable = le64(h + 40),
                .last_usable = le64(h + 48),
                .entries_lba = le64(h + 72),
                .n_entries = le32(h + 80),
                .entry_size = le32(h + 84),
                .entries_crc = le32(h + 88),
        };
        if (ret->first_usable > ret->last_usable || ret->last_usable >= n_sectors)
                return -EBADMSG;
        if (ret->entry_size < GPT_ENTRY_SIZE_MIN || ret->entry_size % 8 != 0)
                return -EBADMSG;
        if ((uint64_t) ret->n_entries * ret->entry_size > DISSECT_GPT_ENTRIES_MAX)
                return -E2BIG;
        /* The array lies between the header and the first usable sector. */
        uint64_t bytes = (uint64_t) ret->n_entries * ret->entry_size;
        if (ret->entries_lba < 2 || ret->entries_lba >= n_sectors ||
            ret->entries_lba + (bytes + ss - 1) / ss > ret->first_usable)
                return -EBADMSG;
        return 0;
}

static int arch_index(const char *type_uuid, bool *ret_usr)
{
        for (size_t i = 0; i < ELEMENTSOF(arch_types); i++) {
                if (strcmp(type_uuid, arch_types[i].root) == 0) {
                        *ret_usr = false;
                        return (int) i;
                }
                if (strcmp(type_uuid, arch_types[i].usr) == 0) {
                        *ret_usr = true;
                        return (int) i;
                }
        }
        return -1;
}

static Tier arch_tier(const char *arch)
{
        if (NATIVE_ARCH && strcmp(arch, NATIVE_ARCH) == 0)
                return TIER_NATIVE;
        if (SECONDARY_ARCH && strcmp(arch, SECONDARY_ARCH) == 0)
                return TIER_SECONDARY;
        return TIER_OTHER;
}

/* Root and /usr are versioned: among several of one kind, the newest label wins (A/B images);
 * for all other kinds the first one does. */
static void candidate_offer(DissectedPartition *slot, const DissectedPartition *p, bool versioned)
{
        if (slot->found && (!versioned || strverscmp(slot->label, p->label) >= 0))
                return;
        *slot = *p;
}

static int gpt_entry_classify(Candidates *c, const DissectedPartition *p, const char *type,
                              uint64_t flags)
{
        static const struct {
                const char *type;
                DissectDesignator d;
        } simple[] = {
                {TYPE_HOME, DISSECT_HOME},
                {TYPE_SRV, DISSECT_SRV},
                {TYPE_VAR, DISSECT_VAR}, /* no machine-id check: RELAX_VAR_CHECK in 252 */
                {TYPE_TMP, DISSECT_TMP},
        };
        bool usr;
        int a;

        if (strcmp(type, TYPE_ESP) == 0) {
                if (!(flags & GPT_FLAG_NO_BLOCK_IO))
                        c->ignored++;
                return 0;
        }
        if (flags & GPT_FLAG_NO_AUTO)
                return 0;
        if (strcmp(type, TYPE_XBOOTLDR) == 0 || strcmp(type, TYPE_SWAP) == 0) {
                c->ignored++;
                return 0;
        }
        for (size_t i = 0; i < ELEMENTSOF(simple); i++)
                if (strcmp(type, simple[i].type) == 0) {
                        candidate_offer(&c->other[simple[i].d], p, false);
                        return 0;
                }
        if (strcmp(type, TYPE_GENERIC) == 0) {
                if (c->n_generic++ == 0)
                        c->generic = *p;
                return 0;
        }
        a = arch_index(type, &usr);
        if (a < 0)
                return 0; /* unknown types (Verity, vendor partitions) are not ours */
        DissectedPartition q = *p;
        q.arch = arch_types[a].arch;
        Tier t = arch_tier(q.arch);
        candidate_offer(usr ? &c->usr[t] : &c->root[t], &q, true);
        return 0;
}

static int gpt_entries_parse(const GptHeader *h, const uint8_t *entries, uint64_t image_size,
                             Candidates *c)
{
        for (uint32_t i = 0; i < h->n_entries; i++) {
                const uint8_t *e = entries + (size_t) i * h->entry_size;
                if (all_zero(e, 16))
                        continue; /* unused entry */
                uint64_t first = le64(e + 32), last = le64(e + 40), flags = le64(e + 48);
                if (first > last || first < h->first_usable || last > h->last_usable)
                        return -EBADMSG;
                DissectedPartition p = {
                        .found = true,
                        .partno = (int) i + 1,
                        .offset = first * h->sector_size,
                        .size = (last - first + 1) * h->sector_size,
                        .rw = !(flags & GPT_FLAG_READ_ONLY),
                        .growfs = !!(flags & GPT_FLAG_GROWFS),
                };
                if (p.offset + p.size > image_size)
                        return -ERANGE;
                char type[DISSECT_UUID_MAX];
                guid_format(e, type);
                guid_format(e + 16, p.uuid);
                label_from_utf16(e + 56, 36, p.label);
                int r = gpt_entry_classify(c, &p, type, flags);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* systemd's fallbacks: root of the native architecture, else the secondary, else any other;
 * /usr from the tier the root came from (or the best one without a root). */
static int candidates_pick(Candidates *c, DissectedImage *m)
{
        DissectedPartition *root = NULL, *usr = NULL;

        for (Tier t = 0; t < _TIER_MAX && !root; t++)
                if (c->root[t].found) {
                        root = &c->root[t];
                        usr = &c->usr[t];
                }
        if (!root)
                for (Tier t = 0; t < _TIER_MAX && !usr; t++)
                        if (c->usr[t].found)
                                usr = &c->usr[t];
        if (root && usr && usr->found && root->arch && usr->arch && strcmp(root->arch, usr->arch))
                return -EADDRNOTAVAIL;
        if (!root && !usr) {
                if (c->n_generic > 1)
                        return -ENOTUNIQ;
                if (c->n_generic == 1)
                        root = &c->generic;
        }
        if (!root && !(usr && usr->found))
                return -ENXIO;
        if (root)
                m->partitions[DISSECT_ROOT] = *root;
        if (usr && usr->found)
                m->partitions[DISSECT_USR] = *usr;
        for (DissectDesignator d = DISSECT_HOME; d < _DISSECT_DESIGNATOR_MAX; d++)
                m->partitions[d] = c->other[d];
        m->ignored = c->ignored;
        return 0;
}

static int dissect_gpt(DissectReader reader, void *userdata, uint64_t image_size, uint32_t ss,
                       uint8_t *scratch, DissectedImage *m)
{
        Candidates c = {0};
        GptHeader h;
        int r;

        /* scratch holds sectors 0 and 1; a copy of the header goes behind them. */
        r = gpt_header_parse(scratch + ss, ss, image_size, scratch + 2 * ss, &h);
        if (r < 0)
                return r;
        size_t bytes = (size_t) h.n_entries * h.entry_size;
        r = reader(userdata, h.entries_lba * ss, scratch, bytes);
        if (r < 0)
                return r;
        if (dissect_crc32(scratch, bytes) != h.entries_crc)
                return -EBADMSG;
        r = gpt_entries_parse(&h, scratch, image_size, &c);
        if (r < 0)
                return r;
        r = candidates_pick(&c, m);
        if (r < 0)
                return r;
        m->gpt = true;
        m->sector_size = ss;
        for (DissectDesignator d = 0; d < _DISSECT_DESIGNATOR_MAX; d++) {
                if (!m->partitions[d].found)
                        continue;
                r = probe_partition(reader, userdata, scratch, &m->partitions[d]);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* ---------------------------------------------------------------- MBR */

#define MBR_TYPE_LINUX     0x83
#define MBR_TYPE_XBOOTLDR  0xea
#define MBR_TYPE_GPT_GUARD 0xee
#define MBR_FLAG_BOOTABLE  0x80

/* systemd 252 with a DOS table: a single bootable Linux (0x83) partition is the root, a 0xEA
 * partition is $BOOT (not mounted here), everything else is ignored. Logical partitions inside
 * an extended one are not read. scratch holds sector 0. */
static int dissect_mbr(DissectReader reader, void *userdata, uint64_t image_size, uint8_t *scratch,
                       DissectedImage *m)
{
        DissectedPartition generic = {0};
        unsigned n_generic = 0;
        int r;

        for (int i = 0; i < 4; i++) {
                const uint8_t *e = scratch + 446 + 16 * i;
                uint8_t flags = e[0], type = e[4];
                uint64_t start = le32(e + 8), n = le32(e + 12);
                if (type == 0)
                        continue;
                if (flags != 0 && flags != MBR_FLAG_BOOTABLE)
                        return -EBADMSG; /* not a partition table after all */
                if (type == MBR_TYPE_GPT_GUARD)
                        return -EBADMSG; /* a protective MBR whose GPT header is missing */
                if (n == 0 || start == 0 || (start + n) * 512 > image_size)
                        return -ERANGE;
                if (type == MBR_TYPE_XBOOTLDR)
                        m->ignored++;
                if (type != MBR_TYPE_LINUX || flags != MBR_FLAG_BOOTABLE)
                        continue;
                if (n_generic++ == 0)
                        generic = (DissectedPartition){
                                .found = true,
                                .partno = i + 1,
                                .offset = start * 512,
                                .size = n * 512,
                                .rw = true,
                        };
        }
        if (n_generic > 1)
                return -ENOTUNIQ;
        if (n_generic == 0)
                return -ENXIO;
        r = probe_partition(reader, userdata, scratch, &generic);
        if (r < 0)
                return r;
        m->partitions[DISSECT_ROOT] = generic;
        m->mbr = true;
        m->sector_size = 512;
        return 0;
}

int dissect_image(DissectReader reader, void *userdata, uint64_t image_size, uint8_t *scratch,
                  DissectedImage *ret)
{
        static const uint32_t sector_sizes[] = {512, 4096};
        DissectedImage m = {0};
        int r;

        for (size_t i = 0; i < ELEMENTSOF(sector_sizes); i++) {
                uint32_t ss = sector_sizes[i];
                if (image_size < 3 * (uint64_t) ss)
                        break;
                r = reader(userdata, 0, scratch, 2 * ss);
                if (r < 0)
                        return r;
                if (memcmp(scratch + ss, "EFI PART", 8) != 0)
                        continue;
                r = dissect_gpt(reader, userdata, image_size, ss, scratch, &m);
                if (r < 0)
                        return r;
                *ret = m;
                return 0;
        }

        /* No GPT: a single file system is the root (DISSECT_IMAGE_GENERIC_ROOT). */
        DissectedPartition *root = &m.partitions[DISSECT_ROOT];
        *root = (DissectedPartition){.found = true, .size = image_size, .rw = true};
        r = probe_partition(reader, userdata, scratch, root);
        if (r == -EAFNOSUPPORT) {
                /* An MBR signature without a file system: a DOS partition table. */
                if (image_size >= 512 && scratch[510] == 0x55 && scratch[511] == 0xaa) {
                        m = (DissectedImage){0};
                        r = dissect_mbr(reader, userdata, image_size, scratch, &m);
                        if (r < 0)
                                return r;
                        *ret = m;
                        return 0;
                }
                return -ENXIO;
        }
        if (r < 0)
                return r;
        *ret = m;
        return 0;
}
