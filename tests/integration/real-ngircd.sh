#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# ngircd's Debian unit (ngircd.service: Type=forking, User=irc, CapabilityBoundingSet=,
# PrivateTmp=, PrivateDevices=, ProtectSystem=full, ProtectHome=, RuntimeDirectory=, exactly as
# shipped) under `cordon run`; a real IRC client session (bash's /dev/tcp) registers, joins a
# channel and quits over loopback. TAP output.
# Usage: real-ngircd.sh CORDON TESTS_SRCDIR
REAL_NAME=ngircd
REAL_PKGS=ngircd
. "$(dirname "$0")/real-lib.sh"
real_prepare
REAL_CLEANUP_EXTRA="rm -f /tmp/real-ngircd-marker.$$"
real_no_other_instance ngircd

PORT=$(free_port) || skip_all "no free port"
cat >"$WORK/ngircd.conf" <<CONF
[Global]
	Name = cordon.test
	Info = ngircd under cordon
	Listen = 127.0.0.1
	Ports = $PORT
	PidFile = /run/ngircd/ngircd.pid
	MotdPhrase = hello
[Options]
	PAM = no
	Ident = no
	DNS = no
CONF
chmod 644 "$WORK/ngircd.conf"
touch /tmp/real-ngircd-marker.$$ # must be invisible behind PrivateTmp=yes

# The unit is used unchanged; its ExecStart= reads /etc/ngircd/ngircd.conf (port 6667, all
# addresses), so a config with a loopback-only random port is passed as an extra `-f`, which
# `cordon run UNIT -- ARGS` appends to ExecStart= (ngircd: the last -f wins).
start_cordon "$UNITS/ngircd/ngircd.service" -- -f "$WORK/ngircd.conf"
if wait_port "$PORT" 30; then ok "ngircd listens on 127.0.0.1:$PORT"; else
        not_ok "ngircd listens on 127.0.0.1:$PORT"
        diag <"$WORK/cordon.log"
fi

DPID=$(pgrep -f -- "ngircd -f $WORK/ngircd.conf" | head -n1)
check "the forked daemon is running" [ -n "$DPID" ]
if [ -n "$DPID" ]; then
        want=$(id -u irc)
        check "the daemon runs as User=irc (uid $want)" \
                grep -Eq "^Uid:[[:space:]]+${want}[[:space:]]+${want}[[:space:]]" "/proc/$DPID/status"
        # CAP_SETGID(6) CAP_SETUID(7) CAP_NET_BIND_SERVICE(10) CAP_SYS_CHROOT(18)
        check "its bounding set is exactly the unit's CapabilityBoundingSet=" \
                grep -Eq '^CapBnd:[[:space:]]+00000000000404c0$' "/proc/$DPID/status"
        check "no_new_privs is set (NoNewPrivileges=true)" \
                grep -Eq '^NoNewPrivs:[[:space:]]+1$' "/proc/$DPID/status"
        check "its /tmp is private (PrivateTmp=yes)" \
                [ ! -e "/proc/$DPID/root/tmp/real-ngircd-marker.$$" ]
        check "/etc is read-only for it (ProtectSystem=full)" \
                grep -Eq '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ /etc ro[, ]' "/proc/$DPID/mountinfo"
fi
check "RuntimeDirectory=ngircd exists, owned by irc, mode 750" \
        [ "$(stat -c '%U %a' /run/ngircd 2>/dev/null)" = "irc 750" ]

# One IRC session: register, join a channel, quit (the server then closes the connection).
NICK=c$(($$ % 100000)) # IRC nicknames: at most 9 characters here
irc_session() {
        exec 3<>"/dev/tcp/127.0.0.1/$PORT" || return 1
        printf 'NICK %s\r\nUSER cordon 0 * :cordon test\r\nJOIN #cordon\r\nQUIT :bye\r\n' "$NICK" >&3
        timeout 15 cat <&3
        exec 3>&-
}
(irc_session) >"$WORK/irc.out" 2>&1 # subshell: a failed connect must not end the test
check "the server welcomes the client (001 from cordon.test)" \
        grep -q "^:cordon.test 001 $NICK " "$WORK/irc.out"
check "the client joins #cordon" grep -Eq "^:$NICK!.* JOIN :?#cordon" "$WORK/irc.out"
grep -q ' 001 ' "$WORK/irc.out" || diag <"$WORK/irc.out"

stop_and_check_clean 0 143
check "RuntimeDirectory= is removed when the service stops" [ ! -e /run/ngircd ]
finish
