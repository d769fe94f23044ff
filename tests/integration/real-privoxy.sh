#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# privoxy's Debian unit (privoxy.service: Type=forking, PIDFile=, Environment=, $VAR expansion
# in ExecStart=, ExecStopPost=, SuccessExitStatus=15) under `cordon run`; curl fetches a page
# from a local HTTP server through the proxy over loopback. TAP output.
# Usage: real-privoxy.sh CORDON TESTS_SRCDIR
REAL_NAME=privoxy
REAL_PKGS="privoxy curl"
. "$(dirname "$0")/real-lib.sh"
real_prepare
real_no_other_instance privoxy
rm -f /run/privoxy.pid # stale: no privoxy runs (checked above)
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3

PORT=$(free_port) || skip_all "no free port"
HPORT=$(free_port) || skip_all "no free port"
[ "$PORT" != "$HPORT" ] || HPORT=$((PORT + 1))
mkdir "$WORK/www" "$WORK/units" "$WORK/units/privoxy.service.d"
echo "hello through privoxy under cordon $$" >"$WORK/www/page.txt"
cat >"$WORK/config" <<CONF
confdir /etc/privoxy
listen-address 127.0.0.1:$PORT
CONF
# privoxy takes exactly one config file, named by $CONFIGFILE in the unit's ExecStart=, so an
# extra argument cannot replace it: a copy of the unit, unchanged, gets a drop-in next to it
# that only points CONFIGFILE= at a config with a loopback-only random port.
cp "$UNITS/privoxy/privoxy.service" "$WORK/units/"
printf '[Service]\nEnvironment=CONFIGFILE=%s\n' "$WORK/config" >"$WORK/units/privoxy.service.d/test.conf"
chmod -R a+rX "$WORK"

"$PY" -m http.server --bind 127.0.0.1 "$HPORT" --directory "$WORK/www" >"$WORK/http.log" 2>&1 &
EXTRA_PIDS=$!

start_cordon "$WORK/units/privoxy.service"
if wait_port "$PORT" 30; then ok "privoxy listens on 127.0.0.1:$PORT"; else
        not_ok "privoxy listens on 127.0.0.1:$PORT"
        diag <"$WORK/cordon.log"
fi
# The port opens before the forked daemon writes its PID file: wait for that too.
wait_file /run/privoxy.pid 30
DPID=$(pgrep -n -f -- "^/usr/sbin/privoxy .*$WORK/config\$")
check "the forked daemon is running" [ -n "$DPID" ]
check "Environment= values were expanded into ExecStart=" \
        grep -qzx -- "$WORK/config" "/proc/${DPID:-0}/cmdline"
want=$(id -u privoxy)
check "the daemon dropped to --user privoxy (uid $want)" \
        grep -Eq "^Uid:[[:space:]]+${want}[[:space:]]" "/proc/${DPID:-0}/status"
# Under systemd the PID file in the host's /run holds the daemon's host PID (logrotate and init
# scripts signal it). The daemon writes its PID-namespace pid; cordon rewrites the file with the
# host pid once it has read it (a moment after the file appears): poll for that.
FPID=
for _ in $(seq 100); do
        FPID=$(cat /run/privoxy.pid 2>/dev/null)
        [ -n "$DPID" ] && [ "$FPID" = "$DPID" ] && break
        sleep 0.1
done
check "PIDFile=/run/privoxy.pid holds the daemon's host PID (file: '$FPID', daemon: '$DPID')" \
        [ "${DPID:-none}" = "$FPID" ]

wait_port "$HPORT" 15 || true
GOT=$(timeout 25 curl -sS -m 20 -x "http://127.0.0.1:$PORT" "http://127.0.0.1:$HPORT/page.txt" 2>&1)
check "curl fetches the page through the proxy" [ "$GOT" = "$(cat "$WORK/www/page.txt")" ]
[ "$GOT" = "$(cat "$WORK/www/page.txt")" ] || echo "$GOT" | diag
check "the request really went through the HTTP server" grep -q 'GET /page.txt' "$WORK/http.log"

# privoxy exits 15 on SIGTERM, which the unit declares a success (SuccessExitStatus=15).
stop_and_check_clean 0 15
check "ExecStopPost= removed the PID file" [ ! -e /run/privoxy.pid ]
finish
