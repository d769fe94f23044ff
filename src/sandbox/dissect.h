/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Pure: which file systems a disk image holds and where they go (RootImage=). Reads a GPT
 * partition table, or recognises a bare file system, and picks partitions as systemd 252's
 * dissect_image() does with the flags setup_namespace() passes: the Discoverable Partitions
 * Specification type UUIDs (root and /usr of the native architecture, then the secondary, then
 * any other; /home, /srv, /var, /var/tmp), the no-auto, read-only and growfs flags, a single
 * generic Linux partition as root; with a DOS (MBR) table a single bootable Linux partition.
 * Verity partitions are not used (RootHash= is refused).
 * No allocation and no system calls: the caller supplies a
 * reader and a scratch buffer, so the post-fork child can use it (apply.c runs without malloc). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "string-table.h"

/* The partitions cordon mounts, in mount order (parents first). */
typedef enum DissectDesignator {
        DISSECT_ROOT,
        DISSECT_USR,
        DISSECT_HOME,
        DISSECT_SRV,
        DISSECT_VAR,
        DISSECT_TMP, /* mounted on /var/tmp */
        _DISSECT_DESIGNATOR_MAX,
        _DISSECT_DESIGNATOR_INVALID = -EINVAL,
} DissectDesignator;

/* "root", "usr", … as RootImageOptions= names them; dissect_designator_mount_point() is where
 * the partition is mounted below the image's root ("/" for the root). */
DECLARE_STRING_TABLE_LOOKUP(dissect_designator, DissectDesignator);
const char *dissect_designator_mount_point(DissectDesignator d) _const_;
/* True for every partition name systemd 252 accepts in RootImageOptions= (root-verity, esp, …),
 * including those cordon never mounts. */
bool dissect_partition_name_valid(const char *s) _pure_;

#define DISSECT_FSTYPE_MAX 16
#define DISSECT_LABEL_MAX  (36 * 3 + 1) /* 36 UTF-16 units as UTF-8 */
#define DISSECT_UUID_MAX   37

typedef struct DissectedPartition {
        bool found;
        int partno;      /* 1-based GPT entry number; 0 for a bare file system image */
        uint64_t offset; /* bytes from the start of the image */
        uint64_t size;   /* bytes */
        bool rw;         /* neither the GPT read-only flag nor a read-only file system */
        bool growfs;     /* GPT growfs flag (cordon never grows file systems) */
        char fstype[DISSECT_FSTYPE_MAX]; /* "ext4", "squashfs", … or "" when not recognised */
        char label[DISSECT_LABEL_MAX];
        char uuid[DISSECT_UUID_MAX]; /* partition UUID, lower case; "" for a bare file system */
        const char *arch;            /* "x86-64", … (static) or NULL */
} DissectedPartition;

typedef struct DissectedImage {
        bool gpt; /* a GPT partition table was found */
        bool mbr; /* a DOS (MBR) partition table was found; neither: a bare file system */
        uint32_t sector_size; /* 512 or 4096 for GPT */
        DissectedPartition partitions[_DISSECT_DESIGNATOR_MAX];
        unsigned ignored; /* partitions recognised but not mounted (ESP, XBOOTLDR, swap) */
} DissectedImage;

/* Reads size bytes at offset into buf; returns 0 or -errno (-EIO on a short read). */
typedef int (*DissectReader)(void *userdata, uint64_t offset, void *buf, size_t size);

/* Enough for a GPT header pair, an entry array of DISSECT_GPT_ENTRIES_MAX bytes and a btrfs
 * superblock (the last one the probe reads sits at 64 KiB). */
#define DISSECT_GPT_ENTRIES_MAX (64u * 1024u)
#define DISSECT_SCRATCH_SIZE    (72u * 1024u)

/* Dissects an image of image_size bytes. Returns 0 and fills *ret, or:
 *   -EBADMSG      a GPT header or entry array whose CRC or fields are invalid, a DOS table
 *                 with invalid boot flags, a protective MBR without its GPT
 *   -E2BIG        a GPT entry array larger than DISSECT_GPT_ENTRIES_MAX
 *   -ENXIO        no partition suitable as root (nor any file system)
 *   -ENOTUNIQ     several generic Linux partitions and nothing marked as root
 *   -EADDRNOTAVAIL root and /usr partitions of different architectures
 *   -EAFNOSUPPORT a chosen partition holds no file system cordon recognises
 *   -EUNATCH      an encrypted (LUKS) file system (decryption is not supported)
 *   -ERANGE       a partition extends past the end of the image
 *   or the reader's error. scratch must hold DISSECT_SCRATCH_SIZE bytes. */
int dissect_image(DissectReader reader, void *userdata, uint64_t image_size, uint8_t *scratch,
                  DissectedImage *ret);

/* Recognises the file system whose first bytes are buf (len bytes from its start; 68 KiB
 * covers every supported superblock). Writes its type to ret ("" if none) and returns whether
 * it is one that is mounted read-only by nature (squashfs, erofs, iso9660) as 1, else 0;
 * -EUNATCH for LUKS. */
int dissect_probe_fs(const uint8_t *buf, size_t len, char ret[DISSECT_FSTYPE_MAX]);

/* The IEEE CRC-32 GPT uses (exposed for tests). */
uint32_t dissect_crc32(const uint8_t *buf, size_t len) _pure_;
