#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# mosquitto's Debian unit (mosquitto.service, Type=notify, ExecStartPre= mkdir/chown, exactly as
# shipped) under `cordon run`; the real mosquitto_sub/mosquitto_pub clients exchange a message
# through it over loopback. TAP output.
# Usage: real-mosquitto.sh CORDON TESTS_SRCDIR
REAL_NAME=mosquitto
REAL_PKGS="mosquitto mosquitto-clients"
. "$(dirname "$0")/real-lib.sh"
real_prepare

# The unit's ExecStartPre= create these (as under systemd); remove them afterwards only if
# this test created them.
REAL_CLEANUP_EXTRA=
for d in /run/mosquitto /var/log/mosquitto; do
        [ -e "$d" ] || REAL_CLEANUP_EXTRA="$REAL_CLEANUP_EXTRA rm -rf $d;"
done

PORT=$(free_port) || skip_all "no free port"
cat >"$WORK/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
log_dest stderr
CONF
chmod 644 "$WORK/mosquitto.conf"

# The unit is used unchanged; its ExecStart= reads /etc/mosquitto/mosquitto.conf (port 1883),
# so a config with a loopback-only random port is passed as an extra `-c`, which
# `cordon run UNIT -- ARGS` appends to ExecStart= (mosquitto: the last -c wins).
start_cordon "$UNITS/mosquitto/mosquitto.service" -- -c "$WORK/mosquitto.conf"
if wait_port "$PORT" 30; then ok "mosquitto listens on 127.0.0.1:$PORT"; else
        not_ok "mosquitto listens on 127.0.0.1:$PORT"
        diag <"$WORK/cordon.log"
fi

DPID=$(pgrep -P "$CPID" -x mosquitto | head -n1)
check "the broker is cordon's child (Type=notify main process)" [ -n "$DPID" ]
if [ -n "$DPID" ]; then
        check "the broker got a NOTIFY_SOCKET (Type=notify)" \
                grep -qz '^NOTIFY_SOCKET=.' "/proc/$DPID/environ"
        want=$(id -u mosquitto)
        check "the broker dropped to user mosquitto (uid $want)" \
                grep -Eq "^Uid:[[:space:]]+${want}[[:space:]]" "/proc/$DPID/status"
fi
check "ExecStartPre= ran: /run/mosquitto exists and belongs to mosquitto" \
        [ "$(stat -c %U /run/mosquitto 2>/dev/null)" = mosquitto ]

MSG="hello from mosquitto under cordon $$"
timeout 25 mosquitto_sub -h 127.0.0.1 -p "$PORT" -t cordon/test -C 1 -W 20 >"$WORK/sub.out" 2>&1 &
SUB=$!
EXTRA_PIDS=$SUB
# Publish (retained, so the order against the subscriber's connect does not matter).
timeout 20 mosquitto_pub -h 127.0.0.1 -p "$PORT" -t cordon/test -r -m "$MSG" 2>&1 | diag
wait "$SUB"
check "mosquitto_sub receives what mosquitto_pub published" grep -qxF "$MSG" "$WORK/sub.out"
VER=$(timeout 20 mosquitto_sub -h 127.0.0.1 -p "$PORT" -t '$SYS/broker/version' -C 1 -W 15 2>&1)
check "the broker reports its version over \$SYS ($VER)" grep -q '^mosquitto version' <<<"$VER"

# SIGHUP to cordon runs ExecReload=/bin/kill -HUP $MAINPID (as `systemctl reload`): the broker
# logs "Reloading config." and keeps serving.
kill -HUP "$CPID"
end=$((SECONDS + 15))
until grep -q -e 'Reloading config' -e '^ kill \[options\] <pid>' "$WORK/cordon.log" ||
        [ $SECONDS -ge $end ]; do sleep 0.1; done
if grep -q 'Reloading config' "$WORK/cordon.log"; then
        ok "SIGHUP to cordon reloads the broker through ExecReload= (\$MAINPID)"
elif grep -q '^ kill \[options\] <pid>' "$WORK/cordon.log"; then
        # Known cordon bug (bugs.md, H10): $MAINPID is empty in ExecReload=; only this exact
        # signature (kill's usage text) is skipped, anything else fails.
        N=$((N + 1))
        echo "ok $N - $REAL_NAME: SIGHUP reloads through ExecReload= # SKIP known cordon bug (bugs.md H10): \$MAINPID is empty, kill printed its usage"
else
        not_ok "SIGHUP to cordon reloads the broker through ExecReload= (\$MAINPID)"
        diag <"$WORK/cordon.log"
fi
check "the broker still serves after the reload" \
        timeout 20 mosquitto_pub -h 127.0.0.1 -p "$PORT" -t cordon/after-reload -m x

# mosquitto exits 0 on SIGTERM.
stop_and_check_clean 0
finish
