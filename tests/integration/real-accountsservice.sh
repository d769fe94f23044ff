#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# accountsservice's Debian unit (accounts-daemon.service: Type=dbus, BusName=, PrivateNetwork=,
# ProtectSystem=strict, RestrictAddressFamilies=AF_UNIX, StateDirectory=, as shipped) under
# `cordon run` against a private system bus with Debian's system.d policies; cordon's start waits
# for org.freedesktop.Accounts, then a real client (dbus-send) asks the daemon for root's account.
# TAP output.  Usage: real-accountsservice.sh CORDON TESTS_SRCDIR
REAL_NAME=accountsservice
REAL_PKGS="accountsservice dbus-daemon dbus-bin"
. "$(dirname "$0")/real-lib.sh"
real_prepare
real_no_other_instance accounts-daemon

# A private system bus (Debian's default policy and system.d files, our socket): the daemon is
# pointed at it with $DBUS_SYSTEM_BUS_ADDRESS, cordon too.
cat >"$WORK/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$WORK/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus"
           send_interface="org.freedesktop.DBus.Introspectable"/>
  </policy>
  <includedir>/usr/share/dbus-1/system.d</includedir>
</busconfig>
EOF
dbus-daemon --config-file="$WORK/bus.conf" --fork --print-address=3 --print-pid=4 \
        3>"$WORK/bus.addr" 4>"$WORK/bus.pid" || skip_all "dbus-daemon does not start"
EXTRA_PIDS=$(cat "$WORK/bus.pid")
A=$(head -n1 "$WORK/bus.addr")

# The unit is used unchanged but for a drop-in: the bus address, an ExecStartPost= that fails
# unless the name is owned (so a start that did not wait for it fails), and ReadWritePaths=
# without -/proc/self/loginuid, which cordon refuses to resolve (a symlink to the caller's
# /proc/PID, bugs.md).
mkdir "$WORK/units" "$WORK/units/accounts-daemon.service.d"
cp "$UNITS/accountsservice/accounts-daemon.service" "$WORK/units/"
cat >"$WORK/units/accounts-daemon.service.d/test.conf" <<EOF
[Service]
Environment=DBUS_SYSTEM_BUS_ADDRESS=$A
ExecStartPost=/usr/bin/dbus-send --bus=$A --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetNameOwner string:org.freedesktop.Accounts
ReadWritePaths=
ReadWritePaths=-/etc/gdm3/daemon.conf /etc/ -/var/log/lastlog -/var/log/tallylog -/var/mail/
EOF

export DBUS_SYSTEM_BUS_ADDRESS="$A"
start_cordon "$WORK/units/accounts-daemon.service"
owned=
for _ in $(seq 300); do
        dbus-send --bus="$A" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.GetNameOwner string:org.freedesktop.Accounts >/dev/null 2>&1 &&
                owned=1 && break
        kill -0 "$CPID" 2>/dev/null || break
        sleep 0.1
done
if [ -n "$owned" ]; then ok "accounts-daemon owns org.freedesktop.Accounts"; else
        not_ok "accounts-daemon owns org.freedesktop.Accounts"
        diag <"$WORK/cordon.log"
fi
# ExecStartPost= has run once cordon's log is quiet and cordon still runs: it needed the name.
sleep 1
check "cordon still runs (ExecStartPost= found the name owned)" kill -0 "$CPID"

DPID=$(pgrep -x accounts-daemon | head -n1)
check "the daemon runs" [ -n "$DPID" ]
if [ -n "$DPID" ]; then
        check "/ is read-only for the daemon (ProtectSystem=strict)" \
                grep -Eq '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / ro[, ]' "/proc/$DPID/mountinfo"
        check "the daemon has a network namespace of its own (PrivateNetwork=yes)" \
                [ "$(readlink "/proc/$DPID/ns/net")" != "$(readlink /proc/self/ns/net)" ]
fi

REPLY=$(timeout 20 dbus-send --bus="$A" --print-reply --dest=org.freedesktop.Accounts \
        /org/freedesktop/Accounts org.freedesktop.Accounts.FindUserById int64:0 2>&1)
check "a real client finds root's account over D-Bus" \
        grep -q 'object path "/org/freedesktop/Accounts/User0"' <<<"$REPLY"

stop_and_check_clean 0 143
finish
