#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# rsync's Debian unit (rsync.service, exactly as shipped) under `cordon run`; the real rsync
# client lists the modules and fetches a file over rsync:// on loopback. TAP output.
# Usage: real-rsync.sh CORDON TESTS_SRCDIR
REAL_NAME=rsync
REAL_PKGS=rsync
. "$(dirname "$0")/real-lib.sh"
real_prepare

PORT=$(free_port) || skip_all "no free port"
mkdir "$WORK/share"
echo "hello from rsync under cordon $$" >"$WORK/share/greeting.txt"
chmod -R a+rX "$WORK"
cat >"$WORK/rsyncd.conf" <<CONF
use chroot = yes
[pub]
  path = $WORK/share
  read only = yes
CONF

# The unit is used unchanged; its ExecStart= reads /etc/rsyncd.conf on port 873 for all
# addresses, so the config path and a loopback-only port are passed as extra arguments, which
# `cordon run UNIT -- ARGS` appends to ExecStart= (rsync: later options win).
# It also has ConditionPathExists=/etc/rsyncd.conf: without that file `cordon run` skips it as
# `systemctl start` would; a drop-in resets the condition, as an admin would for another config.
mkdir "$WORK/units" "$WORK/units/rsync.service.d"
cp "$UNITS/rsync/rsync.service" "$WORK/units/"
if [ ! -e /etc/rsyncd.conf ]; then
        SKIPPED=$(timeout 60 "$CORDON" run "$WORK/units/rsync.service" 2>&1 </dev/null)
        check "without /etc/rsyncd.conf the unit is skipped (exit 0)" [ $? = 0 ]
        check "… with systemd's message" grep -q \
                "Condition check resulted in rsync.service being skipped." <<<"$SKIPPED"
fi
printf '[Unit]\nConditionPathExists=\n' >"$WORK/units/rsync.service.d/test.conf"
start_cordon "$WORK/units/rsync.service" -- --config="$WORK/rsyncd.conf" --port="$PORT" \
        --address=127.0.0.1
if wait_port "$PORT" 30; then ok "rsync daemon listens on 127.0.0.1:$PORT"; else
        not_ok "rsync daemon listens on 127.0.0.1:$PORT"
        diag <"$WORK/cordon.log"
fi

DPID=$(pgrep -P "$CPID" -x rsync | head -n1)
check "the daemon is cordon's child" [ -n "$DPID" ]
if [ -n "$DPID" ]; then
        # The unit's sandbox really applies to the daemon: ProtectSystem=full, NoNewPrivileges=on,
        # PrivateDevices=on.
        check "/etc is read-only for the daemon (ProtectSystem=full)" \
                grep -Eq '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ /etc ro[, ]' "/proc/$DPID/mountinfo"
        check "no_new_privs is set (NoNewPrivileges=on)" \
                grep -Eq '^NoNewPrivs:[[:space:]]+1$' "/proc/$DPID/status"
        check "/dev is private (PrivateDevices=on: no /dev/sda-like nodes)" \
                bash -c "! ls /proc/$DPID/root/dev | grep -Eq '^(sd|vd|nvme|loop|mem$)'"
fi

LIST=$(timeout 20 rsync "rsync://127.0.0.1:$PORT/" 2>&1)
check "rsync client lists the module" grep -q '^pub' <<<"$LIST"
timeout 20 rsync "rsync://127.0.0.1:$PORT/pub/greeting.txt" "$WORK/got.txt" 2>&1 | diag
check "rsync client fetches the file intact" cmp -s "$WORK/share/greeting.txt" "$WORK/got.txt"

# rsync exits 20 ("received SIGINT, SIGTERM, or SIGHUP") on SIGTERM; cordon passes the status
# through or reports 143 (128+SIGTERM).
stop_and_check_clean 0 20 143
finish
