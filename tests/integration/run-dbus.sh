#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Type=dbus under `cordon run` against a private dbus-daemon: the start waits until BusName= has
# an owner (ExecStartPost= sees the name owned), TimeoutStartSec= ends a start whose name never
# appears, an exit without the name fails, a name owned already counts (systemd 252), and the
# refusals (no BusName=, no bus) name Type='s file:line. TAP.
#   run-dbus.sh PATH/TO/cordon PATH/TO/dbus-own
set -u
CORDON=${1:?usage: run-dbus.sh CORDON DBUS-OWN}
OWN=${2:?usage: run-dbus.sh CORDON DBUS-OWN}
CORDON=$(realpath "$CORDON")
OWN=$(realpath "$OWN")
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1: expected '$3', got '$2'"; fi; }
has() { case "$2" in *"$3"*) ok "$1" ;; *) notok "$1: no '$3' in: $2" ;; esac; }

if ! command -v dbus-daemon >/dev/null; then
        echo "1..0 # SKIP dbus-daemon is not installed (package dbus-daemon)"
        exit 0
fi
T=$(mktemp -d /tmp/cordon-dbus.XXXXXX)
chmod 755 "$T"
BUSPID=
# shellcheck disable=SC2317 # called by the trap
cleanup() {
        [ -n "$BUSPID" ] && kill "$BUSPID" 2>/dev/null
        rm -rf "$T"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT
cat >"$T/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$T/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
    <allow user="*"/>
  </policy>
</busconfig>
EOF
dbus-daemon --config-file="$T/bus.conf" --fork --print-address=3 --print-pid=4 3>"$T/addr" 4>"$T/pid"
BUSPID=$(cat "$T/pid")
A=$(head -n1 "$T/addr")
case "$A" in unix:*) ok "private dbus-daemon at $A" ;; *)
        notok "dbus-daemon did not start"
        echo "1..$n"
        exit 1
        ;;
esac

# service NAME BUSNAME EXECSTART [EXTRA-LINES...]
service() {
        f="$T/$1.service"
        shift
        {
                echo "[Service]"
                echo "Type=dbus"
                [ -n "$1" ] && echo "BusName=$1"
                echo "ExecStart=$2"
                shift 2
                for l in "$@"; do echo "$l"; done
        } >"$f"
}
# run UNIT [ENV…]: cordon run with the private bus as "system" bus, stopped with SIGTERM once
# $T/stop-UNIT exists (or after 60 s); prints cordon's stderr, returns its status
run_until() {
        u=$1
        shift
        env DBUS_SYSTEM_BUS_ADDRESS="$A" DBUS_SESSION_BUS_ADDRESS="$A" "$@" \
                "$CORDON" run "$T/$u.service" >"$T/out.$u" 2>"$T/err.$u" &
        pid=$!
        i=0
        while [ $i -lt 600 ] && kill -0 $pid 2>/dev/null && [ ! -e "$T/stop-$u" ]; do
                sleep 0.1
                i=$((i + 1))
        done
        kill -TERM $pid 2>/dev/null
        wait $pid
}

# 1. readiness waits for the name: the owner claims it 1.5 s after starting; ExecStartPost=
#    finds it owned (under Type=simple it would run at once and find nothing)
service wait org.cordon.Test.Wait "$OWN $A org.cordon.Test.Wait 1500" \
        "ExecStartPost=/bin/sh -c '$OWN --wait $A org.cordon.Test.Wait 300 && touch $T/owned-at-post; touch $T/stop-wait'" \
        "TimeoutStartSec=60"
run_until wait
check "Type=dbus: stopped cleanly" "$?" 0
check "ExecStartPost= ran only once BusName= was owned" "$(ls "$T/owned-at-post" 2>/dev/null)" \
        "$T/owned-at-post"

# 1b. BusName= without Type= implies Type=dbus (systemd's service_add_extras())
cat >"$T/implied.service" <<EOF
[Service]
BusName=org.cordon.Test.Implied
ExecStart=$OWN $A org.cordon.Test.Implied 1000
ExecStartPost=/bin/sh -c '$OWN --wait $A org.cordon.Test.Implied 300 && touch $T/implied-owned; touch $T/stop-implied'
EOF
run_until implied
check "implied Type=dbus: ExecStartPost= once the name was owned" \
        "$(ls "$T/implied-owned" 2>/dev/null)" "$T/implied-owned"
out=$(DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/nosuchbus" DBUS_SESSION_BUS_ADDRESS="unix:path=$T/nosuchbus" \
        "$CORDON" run "$T/implied.service" 2>&1)
has "implied Type=dbus: the refusal says so" "$out" "Type=dbus (implied by BusName= at $T/implied.service:2)"

# 2. the name never appears: TimeoutStartSec= ends the start
service never org.cordon.Test.Never "/bin/sleep 120" "TimeoutStartSec=2" \
        "ExecStartPost=/bin/touch $T/post-never"
start=$(date +%s)
run_until never
rc=$?
took=$(($(date +%s) - start))
if [ $rc -ne 0 ]; then ok "timeout: start failed ($rc)"; else notok "timeout: exit 0"; fi
if [ $took -lt 30 ]; then ok "timeout: ended after ${took}s"; else notok "timeout took ${took}s"; fi
has "timeout: message names the command and TimeoutStartSec=" "$(cat "$T/err.never")" \
        "did not take its BusName= before it timed out (TimeoutStartSec=)"
check "timeout: no ExecStartPost=" "$(ls "$T/post-never" 2>/dev/null)" ""

# 3. the service exits without taking the name
service quit org.cordon.Test.Quit "/bin/true" "ExecStartPost=/bin/touch $T/post-quit"
run_until quit
rc=$?
if [ $rc -ne 0 ]; then ok "exit without the name: start failed ($rc)"; else notok "exit 0"; fi
has "exit without the name: message" "$(cat "$T/err.quit")" "did not take its BusName= before it exited"
check "exit without the name: no ExecStartPost=" "$(ls "$T/post-quit" 2>/dev/null)" ""

# 4. a name owned already when the service starts counts at once (systemd 252)
"$OWN" "$A" org.cordon.Test.Taken >"$T/taken.out" &
owner=$!
i=0
while [ $i -lt 100 ] && ! grep -q owned "$T/taken.out" 2>/dev/null; do
        sleep 0.1
        i=$((i + 1))
done
service taken org.cordon.Test.Taken "/bin/sleep 120" "TimeoutStartSec=20" \
        "ExecStartPost=/bin/sh -c 'touch $T/post-taken $T/stop-taken'"
run_until taken
check "name owned before the start: ready at once" "$(ls "$T/post-taken" 2>/dev/null)" \
        "$T/post-taken"
kill "$owner" 2>/dev/null
wait "$owner" 2>/dev/null

# 4b. giving the name up while running stops the service (systemd 252: service_enter_running())
service drop org.cordon.Test.Drop "$OWN $A org.cordon.Test.Drop 0 1000" "TimeoutStartSec=20" \
        "ExecStop=/bin/touch $T/stop-ran"
start=$(date +%s)
run_until drop
check "name given up: the service was stopped, exit 0" "$?" 0
took=$(($(date +%s) - start))
if [ $took -lt 30 ]; then ok "name given up: cordon stopped it (${took}s)"; else notok "not stopped"; fi
check "name given up: ExecStop= ran" "$(ls "$T/stop-ran" 2>/dev/null)" "$T/stop-ran"

# 5. refusals: no BusName= (systemd refuses the unit), no bus
service nobus "" "/bin/true"
out=$("$CORDON" run "$T/nobus.service" 2>&1)
check "Type=dbus without BusName=: exit 78" "$?" 78
has "names Type='s file:line" "$out" "Type=dbus ($T/nobus.service:2) but no BusName="
service gone org.cordon.Test.Gone "/bin/true"
out=$(DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/nosuchbus" DBUS_SESSION_BUS_ADDRESS="unix:path=$T/nosuchbus" \
        "$CORDON" run "$T/gone.service" 2>&1)
check "no bus: exit 78" "$?" 78
has "no bus: names Type='s file:line and the address" "$out" \
        "Type=dbus ($T/gone.service:2) waits for BusName=org.cordon.Test.Gone on the bus at unix:path=$T/nosuchbus"
service bad "not a bus name" "/bin/true"
if ! DBUS_SYSTEM_BUS_ADDRESS="$A" "$CORDON" run "$T/bad.service" >/dev/null 2>&1; then
        ok "invalid BusName=: refused"
else
        notok "invalid BusName= ran"
fi

# 6. --dry-run does not touch the bus
out=$(DBUS_SYSTEM_BUS_ADDRESS="unix:path=$T/nosuchbus" "$CORDON" run --dry-run "$T/wait.service" 2>&1)
check "dry-run of a Type=dbus unit: exit 0 without a bus" "$?" 0

# 7. rootless (as nobody, the session bus): cordon plans rootless and waits the same way
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null &&
        setpriv --reuid=65534 --regid=65534 --clear-groups unshare -r true 2>/dev/null; then
        rm -f "$T/stop-wait" "$T/owned-at-post"
        chmod 777 "$T"
        env DBUS_SESSION_BUS_ADDRESS="$A" XDG_RUNTIME_DIR="$T" HOME="$T" \
                setpriv --reuid=65534 --regid=65534 --clear-groups \
                "$CORDON" run "$T/wait.service" >/dev/null 2>"$T/err.rootless" &
        pid=$!
        i=0
        while [ $i -lt 600 ] && kill -0 $pid 2>/dev/null && [ ! -e "$T/stop-wait" ]; do
                sleep 0.1
                i=$((i + 1))
        done
        kill -TERM $pid 2>/dev/null
        wait $pid
        check "rootless: ExecStartPost= once the name was owned" \
                "$(ls "$T/owned-at-post" 2>/dev/null)" "$T/owned-at-post"
else
        ok "# SKIP rootless: no unprivileged user namespaces here"
fi

echo "1..$n"
exit $fail
