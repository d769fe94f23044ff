/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Type=dbus readiness: a minimal D-Bus client of our own (unix sockets, SASL EXTERNAL, Hello,
 * AddMatch for NameOwnerChanged, GetNameOwner, RequestName for tests; marshalling only the
 * strings and uint32 those need). The service counts as started when BusName= has an owner, as
 * systemd 252 (service_bus_name_owner_change()), also when the name was owned already when the
 * service started. */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cleanup.h"

typedef struct SbxBus SbxBus;

#define SBX_BUS_MESSAGE_MAX (1024u * 1024u) /* larger incoming messages are refused */

/* $DBUS_SYSTEM_BUS_ADDRESS or unix:path=/run/dbus/system_bus_socket when privileged; rootless
 * $DBUS_SESSION_BUS_ADDRESS or unix:path=$XDG_RUNTIME_DIR/bus. env NULL: cordon's own. */
int sbx_bus_address_default(bool privileged, char *const *env, char **ret);

/* Connects ("unix:path=…" or "unix:abstract=…"; the first usable of ';'-separated addresses),
 * authenticates with EXTERNAL and says Hello. timeout_ms bounds each exchange. */
int sbx_bus_open(const char *address, int timeout_ms, SbxBus **ret);
SbxBus *sbx_bus_free(SbxBus *b);
DEFINE_TRIVIAL_CLEANUP_FUNC(SbxBus *, sbx_bus_free);
int sbx_bus_fd(const SbxBus *b);
const char *sbx_bus_unique_name(const SbxBus *b);

/* Subscribes to NameOwnerChanged for name (waits for the AddMatch reply), then asks
 * GetNameOwner once (asynchronously). */
int sbx_bus_watch_name(SbxBus *b, const char *name);
/* Reads what arrived without blocking; 1 when the watched name has an owner (signal or
 * GetNameOwner reply), 0 not yet, -errno (-ECONNRESET when the bus went away). */
int sbx_bus_process(SbxBus *b);
/* Sends another GetNameOwner (the polling fallback). */
int sbx_bus_poll_owner(SbxBus *b);

/* RequestName(name, DO_NOT_QUEUE): 1 primary owner, 0 not, -errno. For the test helper. */
int sbx_bus_request_name(SbxBus *b, const char *name, int timeout_ms);

/* For tests and fuzzing: frames and parses the first message of m[0..n) as sbx_bus_process()
 * does (header, header fields and body, every length bounds-checked) and applies it to a bus
 * watching `watched` (may be NULL) whose GetNameOwner call has serial 1. Returns 1 and the
 * message's size, 0 when m holds no complete message yet, -EBADMSG/-EMSGSIZE. */
int sbx_bus_parse_message(const uint8_t *m, size_t n, const char *watched, size_t *ret_consumed,
                          bool *ret_owned);
