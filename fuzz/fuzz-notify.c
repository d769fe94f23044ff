/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sd_notify datagrams: any byte string must parse or be refused cleanly, and what is parsed must
 * keep the invariants sbx_notify_drain() relies on. Input: one datagram. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spawn-internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        SbxNotifyMsg m;

        /* The receiver reads at most SBX_NOTIFY_BUFFER_MAX bytes; larger must be refused. */
        if (size > 2 * SBX_NOTIFY_BUFFER_MAX)
                return 0;
        if (sbx_notify_parse((const char *) data, size, &m) < 0)
                return 0;
        /* At most one of the state tags wins; a status is NUL-terminated within its buffer. */
        if (m.ready + m.stopping + m.reloading > 1 || m.main_pid < 0 ||
            (m.has_status && strnlen(m.status, sizeof(m.status)) >= sizeof(m.status)) ||
            (m.watchdog_ping && m.watchdog_trigger))
                abort();
        return 0;
}
