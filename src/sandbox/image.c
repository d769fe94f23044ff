/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RootImage=, the privileged half. The parent (sbx_image_attach(), once per run) opens, locks
 * and dissects the image and attaches each chosen partition to its own loop device with an
 * offset and a size limit instead of a partition-scanned device: no partition nodes to wait for
 * (udev), which also works in containers whose /dev is not a devtmpfs. Every command of the run
 * then mounts those devices (sbx_image_mount(), post-fork: no malloc, no stdio) in its private
 * mount namespace, so all of them share one superblock per partition and no mount reaches the
 * host. The loop devices are LO_FLAGS_AUTOCLEAR: the kernel detaches each when its last user
 * goes, i.e. when cordon has closed its descriptors (end of the run, or cordon killed) and the
 * commands' mount namespaces are gone. */
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "image.h"
#include "mount.h"

#define LOOP_ATTACH_TRIES 64 /* LOOP_CTL_GET_FREE races with other attachers */

static void closep_fd(int *fd)
{
        if (*fd >= 0)
                close(*fd);
}
#define _cleanup_fd_ __attribute__((cleanup(closep_fd)))

/* 72 KiB is too much for a stack: one static buffer, used by one thread (there are none). */
static uint8_t dissect_scratch[DISSECT_SCRATCH_SIZE];

static int fd_reader(void *userdata, uint64_t offset, void *buf, size_t size)
{
        int fd = *(const int *) userdata;
        size_t done = 0;

        while (done < size) {
                ssize_t n = pread(fd, (uint8_t *) buf + done, size - done, (off_t) (offset + done));
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return -errno;
                }
                if (n == 0)
                        return -EIO;
                done += (size_t) n;
        }
        return 0;
}

/* Attaches [offset, offset+size) of the image to a free loop device; returns its fd (kept
 * open until the mount holds the device) and writes its node to dev. */
static int loop_attach(int image_fd, uint64_t offset, uint64_t size, bool rw, char *dev,
                       size_t dev_size)
{
        _cleanup_fd_ int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
        if (ctl < 0)
                return -errno;

        struct loop_config config = {
                .fd = (uint32_t) image_fd,
                .info =
                        {
                                .lo_offset = offset,
                                .lo_sizelimit = size,
                                .lo_flags = LO_FLAGS_AUTOCLEAR | (rw ? 0 : LO_FLAGS_READ_ONLY),
                        },
        };
        for (int i = 0; i < LOOP_ATTACH_TRIES; i++) {
                int n = ioctl(ctl, LOOP_CTL_GET_FREE);
                if (n < 0)
                        return -errno;
                snprintf(dev, dev_size, "/dev/loop%d", n);
                int fd = open(dev, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
                if (fd < 0)
                        return -errno; /* no node: /dev is not a devtmpfs */
                if (ioctl(fd, LOOP_CONFIGURE, &config) == 0)
                        return fd;
                int r = -errno;
                if (r == -EINVAL || r == -ENOTTY) {
                        /* Kernel < 5.8 has no LOOP_CONFIGURE (remove when the baseline is 5.8). */
                        if (ioctl(fd, LOOP_SET_FD, image_fd) == 0) {
                                if (ioctl(fd, LOOP_SET_STATUS64, &config.info) == 0)
                                        return fd;
                                r = -errno;
                                (void) ioctl(fd, LOOP_CLR_FD);
                                close(fd);
                                return r;
                        }
                        r = -errno;
                }
                close(fd);
                if (r != -EBUSY)
                        return r;
                /* Someone else took this device between GET_FREE and our attach: next one. */
        }
        return -EBUSY;
}

static bool fs_journalled(const char *t)
{
        return strcmp(t, "ext3") == 0 || strcmp(t, "ext4") == 0 || strcmp(t, "xfs") == 0;
}

/* systemd 252's mount_partition(): "norecovery" keeps a read-only journalled file system from
 * replaying its journal onto the image; discard on loop devices gives freed blocks back to
 * the image file. */
static int mount_data(const DissectedPartition *p, bool rw, const PlanImageOptions *o, char *buf,
                      size_t size)
{
        bool journalled = fs_journalled(p->fstype);
        bool discard = rw && (journalled || strcmp(p->fstype, "btrfs") == 0);
        const char *norecovery = NULL;
        int n;

        if (!rw && journalled)
                norecovery = "norecovery";
        else if (!rw && strcmp(p->fstype, "btrfs") == 0)
                norecovery = "rescue=nologreplay";
        n = snprintf(buf, size, "%s%s%s%s%s", discard ? "discard" : "",
                     discard && o->data ? "," : "", o->data ? o->data : "",
                     norecovery && (discard || o->data) ? "," : "", norecovery ? norecovery : "");
        if (n < 0 || (size_t) n >= size)
                return -E2BIG;
        return 0;
}

/* Writable only if the image, the partition (GPT flag, file system) and the options all allow;
 * "ro" in RootImageOptions= also keeps the loop device read-only and adds norecovery. */
static bool partition_rw(const PlanImage *img, DissectDesignator d, const DissectedPartition *p,
                         bool device_rw)
{
        return p->rw && device_rw && !img->read_only && !(img->options[d].flags_set & MS_RDONLY);
}

/* Parent side, once per run: opens and locks the image, dissects it and attaches each chosen
 * partition. Fills img->attached and friends (plan.h keeps PlanImage mutable for this). */
static int image_open(const PlanImage *img, bool *device_rw, uint64_t *ret_size)
{
        struct stat st;

        int fd = open(img->path, (*device_rw ? O_RDWR : O_RDONLY) | O_CLOEXEC | O_NOCTTY);
        if (fd < 0 && *device_rw && (errno == EROFS || errno == EACCES || errno == EPERM)) {
                /* Writable if possible, read-only as fallback (systemd's open_flags = -1). */
                *device_rw = false;
                fd = open(img->path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
        }
        if (fd < 0)
                return -errno;
        if (fstat(fd, &st) < 0)
                goto fail;
        if (S_ISREG(st.st_mode))
                *ret_size = (uint64_t) st.st_size;
        else if (S_ISBLK(st.st_mode)) {
                int ro = 0;
                /* A read-only block device opens for writing all the same (root); writes and a
                 * journal replay would then fail with EIO at mount time. */
                if (ioctl(fd, BLKGETSIZE64, ret_size) < 0 || ioctl(fd, BLKROGET, &ro) < 0)
                        goto fail;
                if (ro)
                        *device_rw = false;
        } else {
                close(fd);
                return S_ISDIR(st.st_mode) ? -EISDIR : -ENOTBLK;
        }
        return fd;
fail:;
        int r = -errno;
        close(fd);
        return r;
}

int sbx_image_attach(PlanImage *img)
{
        DissectedImage m;
        uint64_t size;
        bool device_rw = !img->read_only;
        int r;

        if (!img->path || img->attached)
                return 0;
        int fd = image_open(img, &device_rw, &size);
        if (fd < 0)
                return fd;
        img->image_fd = fd;
        img->attached = true; /* from here on sbx_image_detach() cleans up */
        r = dissect_image(fd_reader, &fd, size, dissect_scratch, &m);
        if (r < 0)
                goto fail;

        /* Two writable mounts of one file system through two loop devices corrupt it: a run
         * that mounts it writable locks the image exclusively, a read-only run shares it. The
         * loop devices hold this open file description, so the lock lasts as long as they do.
         * The commands of one run share the loop devices, hence one superblock. */
        bool any_rw = false;
        for (DissectDesignator d = 0; d < _DISSECT_DESIGNATOR_MAX; d++)
                if (m.partitions[d].found && partition_rw(img, d, &m.partitions[d], device_rw))
                        any_rw = true;
        if (flock(fd, (any_rw ? LOCK_EX : LOCK_SH) | LOCK_NB) < 0) {
                r = errno == EWOULDBLOCK ? -EBUSY : -errno;
                goto fail;
        }

        img->root_tmpfs = !m.partitions[DISSECT_ROOT].found; /* only /usr (see the child) */
        for (DissectDesignator d = 0; d < _DISSECT_DESIGNATOR_MAX; d++) {
                const DissectedPartition *p = &m.partitions[d];
                PlanImagePart *part = &img->parts[img->n_parts];
                if (!p->found)
                        continue;
                bool rw = partition_rw(img, d, p, device_rw);
                /* A whole-image file system needs no size limit (0 = to the end). */
                r = loop_attach(fd, p->offset, p->partno == 0 ? 0 : p->size, rw, part->device,
                                sizeof(part->device));
                if (r < 0)
                        goto fail;
                part->loop_fd = r;
                img->n_parts++;
                part->designator = d;
                memcpy(part->fstype, p->fstype, sizeof(part->fstype));
                r = mount_data(p, rw, &img->options[d], part->data, sizeof(part->data));
                if (r < 0)
                        goto fail;
                part->flags = (MS_NODEV | (rw ? 0 : MS_RDONLY) | img->options[d].flags_set) &
                              ~img->options[d].flags_clear;
        }
        return 0;
fail:
        sbx_image_detach(img);
        return r;
}

void sbx_image_detach(PlanImage *img)
{
        if (!img->attached)
                return;
        /* Autoclear: each loop device goes once the mounts of the run's commands are gone. */
        for (size_t i = 0; i < img->n_parts; i++)
                close(img->parts[i].loop_fd);
        close(img->image_fd);
        img->n_parts = 0;
        img->attached = false;
}

/* Child side. The mount point is opened without following symlinks (an image's /home ->
 * /var/home would otherwise redirect the mount) and created if the image is writable, as
 * systemd's mkdir_p_root() does. */
static int mount_part(const PlanImagePart *part, const char *where)
{
        char target[4096], fdpath[64];

        const char *sub = dissect_designator_mount_point(part->designator);
        if ((size_t) snprintf(target, sizeof(target), "%s%s", where,
                              part->designator == DISSECT_ROOT ? "" : sub) >= sizeof(target))
                return -ENAMETOOLONG;
        _cleanup_fd_ int t = sbx_open_nofollow(target, SBX_CREATE_NONE);
        if (t == -ENOENT && part->designator != DISSECT_ROOT)
                t = sbx_open_nofollow(target, SBX_CREATE_DIR);
        if (t < 0)
                return t;
        snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", t);
        if (mount(part->device, fdpath, part->fstype, part->flags,
                  part->data[0] ? part->data : NULL) < 0)
                return -errno;
        return 0;
}

int sbx_image_mount(const PlanImage *img, const char *where)
{
        int r;

        if (!img->attached)
                return -ENODEV; /* sbx_image_attach() was not called for this run */
        /* The staging directory (none of the service's business; systemd's is
         * /run/systemd/unit-root). With RootDirectory= the image goes there instead. */
        if (strcmp(where, PLAN_IMAGE_ROOT) == 0) {
                _cleanup_fd_ int w = sbx_open_nofollow(where, SBX_CREATE_DIR);
                if (w < 0)
                        return w;
        }
        if (img->root_tmpfs) {
                /* Only /usr: an empty root as systemd's mount_root_tmpfs(). */
                _cleanup_fd_ int w = sbx_open_nofollow(where, SBX_CREATE_NONE);
                if (w < 0)
                        return w;
                _cleanup_fd_ int tmp = sbx_fs_new("tmpfs", "mode=0755", MS_NODEV);
                if (tmp < 0)
                        return tmp;
                r = sbx_attach(tmp, w);
                if (r < 0)
                        return r;
        }
        /* Root first, then the partitions below it (the designator order). */
        for (size_t i = 0; i < img->n_parts; i++) {
                r = mount_part(&img->parts[i], where);
                if (r < 0)
                        return r;
        }
        return 0;
}

const char *sbx_image_strerror(int error)
{
        switch (error < 0 ? -error : error) {
        case EBADMSG:
                return "the image's partition table is corrupt (GPT header or entry CRC, fields "
                       "out of range, or invalid MBR boot flags)";
        case E2BIG:
                return "the image's GPT partition entry array is larger than cordon accepts";
        case ENXIO:
                return "the image has no partition usable as root (no root or /usr partition "
                       "of a known architecture, no single generic Linux or bootable MBR Linux "
                       "partition, no file system)";
        case ENOTUNIQ:
                return "the image has several generic Linux partitions and none is marked as "
                       "root";
        case EADDRNOTAVAIL:
                return "the image's root and /usr partitions are of different architectures";
        case EAFNOSUPPORT:
                return "a partition of the image holds no file system cordon recognises";
        case EUNATCH:
                return "the image is encrypted (LUKS); cordon does not decrypt images";
        case EBUSY:
                return "the image is in use by another run of cordon, and one of them mounts it "
                       "writable (one file system mounted twice through two loop devices would be "
                       "corrupted); read-only runs can share it (RootImageOptions=ro)";
        case ENOTBLK:
                return "RootImage= is neither a regular file nor a block device";
        default:
                return NULL;
        }
}
