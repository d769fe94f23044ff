/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* RootImage= dissection: any byte string as a disk image must dissect or be refused cleanly,
 * and whatever is chosen must lie inside the image. */
#include <stdlib.h>
#include <string.h>

#include "dissect.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Buf {
        const uint8_t *data;
        size_t size;
} Buf;

static int reader(void *userdata, uint64_t offset, void *buf, size_t size)
{
        const Buf *b = userdata;
        if (offset > b->size || size > b->size - offset)
                return -EIO;
        memcpy(buf, b->data + offset, size);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static uint8_t scratch[DISSECT_SCRATCH_SIZE];
        Buf b = {data, size};
        DissectedImage m;

        if (size > 4 * 1024 * 1024)
                return 0;
        if (dissect_image(reader, &b, size, scratch, &m) < 0)
                return 0;
        for (size_t i = 0; i < _DISSECT_DESIGNATOR_MAX; i++) {
                const DissectedPartition *p = &m.partitions[i];
                if (!p->found)
                        continue;
                if (p->offset > size || p->size > size - p->offset || !p->fstype[0] ||
                    strlen(p->label) >= sizeof(p->label))
                        abort();
        }
        return 0;
}
