/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The D-Bus message reader of Type=dbus readiness: any byte stream from the bus must parse
 * message by message or be refused cleanly, never read outside the buffer. Input: bytes as
 * received from the bus socket (several messages back to back). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "dbus-wait.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        size_t off = 0;

        if (size > 2 * SBX_BUS_MESSAGE_MAX)
                return 0;
        while (off < size) {
                size_t used = 0;
                bool owned = false;
                int r = sbx_bus_parse_message(data + off, size - off, "org.example.Svc", &used,
                                              &owned);
                if (r <= 0)
                        break;
                /* a complete message has at least its fixed header and lies within the input */
                if (used < 16 || used > size - off)
                        abort();
                off += used;
        }
        return 0;
}
