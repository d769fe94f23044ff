/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* RootImage=: the plan's part (image-plan.c, pure) and the executor's (image.c, privileged).
 * The child attaches the image's partitions to loop devices and mounts them on the root before
 * any other mount; the run then goes on exactly as with RootDirectory= on that root. */

#include <stdbool.h>

#include "diag.h"
#include "dissect.h"
#include "model.h"
#include "strbuf.h"

/* Where the image is mounted when there is no RootDirectory=. Each run mounts it in its own
 * mount namespace, so one directory serves all (systemd uses /run/systemd/unit-root). */
#define PLAN_IMAGE_ROOT "/run/cordon/unit-root"

/* RootImageOptions= for one partition: mount flags named like mount(8) options ("ro",
 * "noexec", …) and the rest, passed to the file system as data. */
typedef struct PlanImageOptions {
        unsigned long flags_set, flags_clear; /* MS_* */
        char *data;                           /* NULL = none */
        bool set;                             /* given in RootImageOptions= */
} PlanImageOptions;

#define PLAN_IMAGE_OPTIONS_MAX 512                           /* file system data per partition */
#define PLAN_IMAGE_DATA_MAX    (PLAN_IMAGE_OPTIONS_MAX + 64) /* + discard, norecovery */

/* One attached partition (run time, filled by sbx_image_attach() in the parent). */
typedef struct PlanImagePart {
        DissectDesignator designator;
        char device[32]; /* /dev/loopN */
        char fstype[DISSECT_FSTYPE_MAX];
        unsigned long flags; /* MS_* */
        char data[PLAN_IMAGE_DATA_MAX];
        int loop_fd;
} PlanImagePart;

typedef struct PlanImage {
        char *path; /* NULL = no RootImage= */
        /* Opened and mounted read-only: systemd 252 does so only when the root is read-only
         * anyway (ProtectSystem=strict or ReadOnlyPaths=/), /home is not writable and there are
         * no ReadWritePaths=; otherwise writable where the image and its partitions allow. */
        bool read_only;
        PlanImageOptions options[_DISSECT_DESIGNATOR_MAX];
        Origin origin, options_origin;
        /* Run time (sbx_image_attach()): the open, locked image and its attached partitions. */
        bool attached;
        bool root_tmpfs; /* no root partition, only /usr: an empty tmpfs as the root */
        int image_fd;
        PlanImagePart parts[_DISSECT_DESIGNATOR_MAX];
        size_t n_parts;
} PlanImage;

typedef struct Unit Unit;
typedef struct PlanOptions PlanOptions;

/* Pure. Fills *ret from RootImage=, RootImageOptions= and the settings that decide read-only.
 * Errors are diagnostics with file:line: RootImage= rootless (loop devices need root) and
 * invalid RootImageOptions= (returns -EINVAL); RootHash=, RootHashSignature=, RootVerity=,
 * RootImagePolicy= and RootEphemeral= are refused as not supported (-EOPNOTSUPP), or warned
 * about with --lenient. 0 without RootImage=. */
int plan_root_image(const Unit *u, const PlanOptions *o, PlanImage *ret, DiagList *diags);
void plan_image_done(PlanImage *img);
/* --dry-run: one "root image:" paragraph (nothing without an image). */
void plan_image_print(StrBuf *b, const PlanImage *img);

/* Parent side, before the run's first command: opens the image (writable if allowed and
 * possible), locks it (exclusive when a partition is mounted writable, else shared; -EBUSY if
 * another run holds it), dissects it and attaches each chosen partition to its own loop device
 * (offset and size limit, autoclear, read-only unless writable). Returns 0 (also without
 * RootImage=) or -errno: dissect_image()'s codes or the system call's. */
int sbx_image_attach(PlanImage *img);
/* Closes what sbx_image_attach() holds; the loop devices go with the last mount. Idempotent. */
void sbx_image_detach(PlanImage *img);

/* Child side, after the mount namespace was made private and before the plan's mounts: mounts
 * the attached partitions below where. No malloc, no stdio. Returns 0 or -errno (-ENODEV when
 * the image was not attached). */
int sbx_image_mount(const PlanImage *img, const char *where);

/* One sentence explaining an error of sbx_image_mount() for the failure report, or NULL. */
const char *sbx_image_strerror(int error) _const_;
