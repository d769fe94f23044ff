/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Test helper for Type=dbus, built on cordon's own D-Bus client:
 *   dbus-own ADDRESS NAME [DELAY_MS [HOLD_MS]]
 *                                      wait DELAY_MS, claim NAME, print "owned NAME", then stay
 *                                      until SIGTERM (exit 0) — a tiny D-Bus service; with
 *                                      HOLD_MS it leaves the bus after that long and stays
 *   dbus-own --wait ADDRESS NAME MS    exit 0 once NAME has an owner, 1 after MS without */
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dbus-wait.h"
#include "string-util.h"

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
        stop = 1;
}

static long long ms_now(void)
{
        struct timespec t;
        clock_gettime(CLOCK_MONOTONIC, &t);
        return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static int do_wait(const char *address, const char *name, long ms)
{
        _cleanup_(sbx_bus_freep) SbxBus *b = NULL;
        int r = sbx_bus_open(address, 5000, &b);

        if (r >= 0)
                r = sbx_bus_watch_name(b, name);
        if (r < 0) {
                fprintf(stderr, "dbus-own: %s: %s\n", address, strerror(-r));
                return 2;
        }
        for (long long end = ms_now() + ms; ms_now() < end;) {
                r = sbx_bus_process(b);
                if (r < 0) {
                        fprintf(stderr, "dbus-own: %s\n", strerror(-r));
                        return 2;
                }
                if (r > 0) {
                        printf("owner of %s seen\n", name);
                        return 0;
                }
                struct pollfd pf = {.fd = sbx_bus_fd(b), .events = POLLIN};
                (void) poll(&pf, 1, 200);
                (void) sbx_bus_poll_owner(b);
        }
        return 1;
}

int main(int argc, char **argv)
{
        if (argc == 5 && streq(argv[1], "--wait"))
                return do_wait(argv[2], argv[3], strtol(argv[4], NULL, 10));
        if (argc < 3 || argc > 5) {
                fprintf(stderr, "usage: dbus-own ADDRESS NAME [DELAY_MS [HOLD_MS]] | --wait "
                                "ADDRESS NAME MS\n");
                return 2;
        }
        signal(SIGTERM, on_term);
        signal(SIGINT, on_term);
        if (argc >= 4)
                usleep((useconds_t) strtol(argv[3], NULL, 10) * 1000);
        _cleanup_(sbx_bus_freep) SbxBus *b = NULL;
        int r = sbx_bus_open(argv[1], 5000, &b);
        if (r >= 0)
                r = sbx_bus_request_name(b, argv[2], 5000);
        if (r <= 0) {
                fprintf(stderr, "dbus-own: cannot own %s: %s\n", argv[2],
                        r < 0 ? strerror(-r) : "already owned");
                return 1;
        }
        printf("owned %s\n", argv[2]);
        fflush(stdout);
        if (argc == 5) {
                usleep((useconds_t) strtol(argv[4], NULL, 10) * 1000);
                b = sbx_bus_free(b); /* the name goes with the connection */
                printf("left the bus\n");
                fflush(stdout);
        }
        while (!stop)
                pause();
        return 0;
}
