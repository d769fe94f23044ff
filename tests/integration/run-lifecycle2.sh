#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cordon run lifecycle, part 2 (TAP), against systemd 252's service.c semantics: MAINPID= and
# NotifyAccess= (who may report, which pids may become the main process), WatchdogSec= (the
# environment, pings, WATCHDOG=trigger, WATCHDOG_USEC=, WatchdogSignal=, TimeoutAbortSec=,
# Restart=on-watchdog), TimeoutStartFailureMode=/TimeoutStopFailureMode=, STOPPING=1, slow
# ExecStop=, and exit status names in SuccessExitStatus=/RestartPreventExitStatus=/
# RestartForceExitStatus=. The service is notify-helper (a script of actions, see its source).
# Timing checks only bound from below by what the unit asks and from above generously.
# Usage: run-lifecycle2.sh CORDON NOTIFY-HELPER
set -u
CORDON=$(realpath "$1")
HELPER_SRC=$(realpath "$2")
n=0
fails=0
MODE=${CORDON_IT_USER:+rootless}
ok() { n=$((n + 1)); echo "ok $n - [${MODE:-root}] $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - [${MODE:-root}] $*"; }
check() { # check DESCRIPTION COMMAND...
        local d=$1
        shift
        if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip_all() {
        if [ "${CI:-}" = true ]; then echo "Bail out! $*"; exit 1; fi
        echo "1..0 # SKIP $*"; exit 0
}
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')" = "0 0 4294967295" ] ||
        skip_all "needs real root (the PID namespace and the rootless user are set up by root)"

D=$(mktemp -d /var/lib/cordon-it-lifecycle2.XXXXXX)
chmod 755 "$D"
TAG=$(basename "$D")
# The helper under a name unique to this run, so that leftovers are easy to find.
H="$D/$TAG-helper"
cp "$HELPER_SRC" "$H"
chmod 755 "$H"
cleanup() {
        pkill -9 -f "$TAG" 2>/dev/null
        rm -rf "$D"
}
trap cleanup EXIT

poll() { # poll TENTHS COMMAND...: every 20 ms until COMMAND succeeds, at most TENTHS/10 s
        local limit=$(($1 * 5)) i=0
        shift
        while ! "$@" 2>/dev/null; do
                i=$((i + 1))
                [ $i -ge $limit ] && return 1
                sleep 0.02
        done
}
none_left() { ! pgrep -f "$TAG" >/dev/null; }
unit() { # unit NAME LINE...
        local name=$1
        shift
        { echo "[Service]"; printf '%s\n' "$@"; } >"$D/$name.service"
}
logged() { grep -q -- "$1" "$D/log" 2>/dev/null; }
log() { tr '\n' ' ' <"$D/log" 2>/dev/null; }
printf '#!/bin/sh\necho "stop MAINPID=$MAINPID" >> %s/log\n' "$D" >"$D/stop.sh"
printf '#!/bin/sh\necho "stoppost $SERVICE_RESULT" >> %s/log\n' "$D" >"$D/stoppost.sh"
printf '#!/bin/sh\necho post >> %s/log\n' "$D" >"$D/post.sh"
printf '#!/bin/sh\n# %s\nsleep 30\n' "$TAG" >"$D/slow.sh"
chmod 755 "$D"/*.sh
[ -n "${CORDON_IT_USER:-}" ] && chown -R "$CORDON_IT_USER" "$D"

# Runs cordon in the background (as CORDON_IT_USER when set); CPID is cordon.
bg() { # bg UNIT
        rm -f "$D/log" "$D"/*.pid
        if [ -n "${CORDON_IT_USER:-}" ]; then
                setpriv --reuid="$CORDON_IT_USER" --regid="$CORDON_IT_USER" --clear-groups \
                        "$CORDON" run "$D/$1.service" >"$D/out" 2>&1 &
        else
                "$CORDON" run "$D/$1.service" >"$D/out" 2>&1 &
        fi
        CPID=$!
        T0=$(date +%s%N)
}
# Waits for cordon (at most 60 s); RC ("hung" when it had to be killed), MS (since bg).
fg_wait() {
        local i=0
        while kill -0 "$CPID" 2>/dev/null && [ $i -lt 3000 ]; do sleep 0.02; i=$((i + 1)); done
        local hung=0
        kill -0 "$CPID" 2>/dev/null && hung=1 && kill -9 "$CPID"
        wait "$CPID"
        RC=$?
        [ $hung = 1 ] && RC=hung # never mistaken for a status
        MS=$((($(date +%s%N) - T0) / 1000000))
}
alive_for() { # alive_for TENTHS: cordon still runs after that long
        sleep "$(echo "$1" | sed 's/.$/.&/;s/^\./0./')"
        kill -0 "$CPID" 2>/dev/null
}

suite() {
# ---------------------------------------------------------------- MAINPID=
unit mp "Type=notify" "ExecStart=$H child-main $D/child.pid READY=1 sleep 300 log $D/log old-main-exit exit 0" \
        "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
bg mp
poll 100 logged old-main-exit
check "MAINPID=: the new main process keeps the service up after the old one exits" alive_for 15
kill -TERM "$CPID"
fg_wait
child=$(cat "$D/child.pid" 2>/dev/null)
case "$(log)" in *"stop MAINPID=$child "*"stoppost success"*) ok "MAINPID=: ExecStop= gets the new \$MAINPID ($child), clean stop (rc=$RC)" ;; *) not_ok "MAINPID=: child=$child log=$(log) rc=$RC $(cat "$D/out")" ;; esac
check "MAINPID=: nothing left" poll 50 none_left

# NotifyAccess=main (the default for Type=notify): another process's MAINPID= is ignored.
unit na "Type=notify" "ExecStart=$H child-claim $D/child.pid send READY=1 sleep 500 exit 0" \
        "ExecStopPost=$D/stoppost.sh"
bg na
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -lt 20000 ]; then ok "NotifyAccess=main: a child's own MAINPID= is ignored, the run ends with the main process"; else not_ok "na: rc=$RC ${MS} ms $(cat "$D/out")"; fi
check "NotifyAccess=main: the claiming child did not survive" poll 50 none_left
unit na2 "Type=notify" "NotifyAccess=all" "ExecStart=$H child-claim $D/child.pid send READY=1 sleep 300 log $D/log old-main-exit exit 0" \
        "ExecStop=$D/stop.sh"
bg na2
poll 100 logged old-main-exit
check "NotifyAccess=all: the child's MAINPID= is taken, the service stays up" alive_for 15
kill -TERM "$CPID"
fg_wait
child=$(cat "$D/child.pid" 2>/dev/null)
case "$(log)" in *"stop MAINPID=$child "*) ok "NotifyAccess=all: \$MAINPID is the child ($child)" ;; *) not_ok "na2: child=$child log=$(log)" ;; esac

# READY=1 from another process: ignored with main, honoured with all.
unit rd "Type=notify" "TimeoutStartSec=2" "ExecStart=$H child-send READY=1 pause" \
        "ExecStartPost=$D/post.sh" "ExecStopPost=$D/stoppost.sh"
bg rd
fg_wait
if [ "$RC" != 0 ] && [ "$MS" -ge 1800 ] && ! logged "^post" && logged "stoppost timeout"; then ok "NotifyAccess=main: READY=1 from a child is ignored: start timeout (${MS} ms)"; else not_ok "rd: rc=$RC ${MS} ms log=$(log)"; fi
unit rd2 "Type=notify" "NotifyAccess=all" "TimeoutStartSec=20" "ExecStart=$H child-send READY=1 sleep 200 exit 0" \
        "ExecStartPost=$D/post.sh"
bg rd2
fg_wait
if [ "$RC" = 0 ] && logged "^post"; then ok "NotifyAccess=all: READY=1 from a child counts"; else not_ok "rd2: rc=$RC log=$(log) $(cat "$D/out")"; fi
# systemd 252 turns an explicit NotifyAccess=none into main for Type=notify (service_add_extras()).
unit rd3 "Type=notify" "NotifyAccess=none" "TimeoutStartSec=20" "ExecStart=$H send READY=1 sleep 100 exit 0" \
        "ExecStartPost=$D/post.sh"
bg rd3
fg_wait
if [ "$RC" = 0 ] && logged "^post"; then ok "Type=notify with NotifyAccess=none: the main process is still heard, as in 252"; else not_ok "rd3: rc=$RC ${MS} ms log=$(log)"; fi

# MAINPID= naming something that is not a process of the service is refused.
unit m1 "Type=notify" "ExecStart=$H send MAINPID=1 send READY=1 sleep 300 exit 0"
bg m1
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -lt 20000 ]; then ok "MAINPID=1 (the namespace's init) is refused, the run ends with the real main process"; else not_ok "m1: rc=$RC ${MS} ms"; fi
unit m2 "Type=notify" "ExecStart=$H send MAINPID=$$ send READY=1 sleep 300 exit 0"
bg m2
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -lt 20000 ] && kill -0 $$; then ok "MAINPID= of a host process outside the service is refused"; else not_ok "m2: rc=$RC ${MS} ms"; fi

# NotifyAccess=exec: control processes are heard too (here: ExecReload= triggers the watchdog).
unit ex "Type=notify" "NotifyAccess=exec" "WatchdogSec=60" "LimitCORE=0" \
        "ExecStart=$H send READY=1 pause" "ExecReload=$H send WATCHDOG=trigger" "ExecStopPost=$D/stoppost.sh"
bg ex
sleep 0.5
kill -HUP "$CPID"
fg_wait
if logged "stoppost watchdog" && [ "$MS" -lt 20000 ]; then ok "NotifyAccess=exec: WATCHDOG=trigger from ExecReload= is heard"; else not_ok "ex: rc=$RC log=$(log) $(cat "$D/out")"; fi
unit ex2 "Type=notify" "WatchdogSec=60" "ExecStart=$H send READY=1 pause" "ExecReload=$H send WATCHDOG=trigger"
bg ex2
sleep 0.5
kill -HUP "$CPID"
check "NotifyAccess=main: WATCHDOG=trigger from ExecReload= is ignored" alive_for 15
kill -TERM "$CPID"
fg_wait

# ---------------------------------------------------------------- WatchdogSec=
unit we "WatchdogSec=5" "ExecStartPre=$H env $D/pre.env" "ExecStart=$H env $D/main.env exit 0"
bg we
fg_wait
read -r mainenv <"$D/main.env"
mpid=${mainenv#pid=}
mpid=${mpid%% *}
case "$mainenv" in "pid=$mpid WATCHDOG_PID=$mpid WATCHDOG_USEC=5000000 NOTIFY_SOCKET="[@/]*) ok "WatchdogSec=: ExecStart= gets WATCHDOG_PID= (its own pid) and WATCHDOG_USEC= and NOTIFY_SOCKET= ($mainenv)" ;; *) not_ok "watchdog env: $mainenv" ;; esac
case "$(cat "$D/pre.env")" in *"WATCHDOG_PID=- WATCHDOG_USEC=- NOTIFY_SOCKET=-") ok "WatchdogSec=: control commands get none of them (NotifyAccess=main)" ;; *) not_ok "pre env: $(cat "$D/pre.env")" ;; esac
unit we2 "WatchdogSec=5" "Environment=WATCHDOG_USEC=7" "ExecStart=$H env $D/main.env exit 0"
bg we2
fg_wait
case "$(cat "$D/main.env")" in *"WATCHDOG_USEC=7 "*) ok "Environment=WATCHDOG_USEC= wins, as in systemd's merge order" ;; *) not_ok "we2: $(cat "$D/main.env")" ;; esac

unit wp "WatchdogSec=2" "ExecStart=$H ping 10 250 exit 0" "ExecStopPost=$D/stoppost.sh"
bg wp
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -ge 2400 ] && logged "stoppost success"; then ok "WatchdogSec=2 with WATCHDOG=1 every 250 ms: runs to the end (${MS} ms)"; else not_ok "wp: rc=$RC ${MS} ms log=$(log) $(cat "$D/out")"; fi

unit wd "WatchdogSec=1" "LimitCORE=0" "ExecStart=$H pause" "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
bg wd
fg_wait
if [ "$RC" = 134 ] && [ "$MS" -ge 900 ] && [ "$MS" -lt 20000 ]; then ok "no ping within WatchdogSec=1: SIGABRT (rc=$RC, ${MS} ms)"; else not_ok "wd: rc=$RC ${MS} ms $(cat "$D/out")"; fi
case "$(log)" in "stoppost watchdog ") ok "watchdog: SERVICE_RESULT=watchdog, no ExecStop=" ;; *) not_ok "wd log: $(log)" ;; esac
grep -q "watchdog timeout (no WATCHDOG=1 within WatchdogSec=" "$D/out" && ok "watchdog: cordon says so" || not_ok "wd out: $(cat "$D/out")"
check "watchdog: nothing left" poll 50 none_left

unit ws "WatchdogSec=1" "WatchdogSignal=SIGUSR1" "TimeoutAbortSec=1" "ExecStart=$H on USR1 $D/log pause" \
        "ExecStopPost=$D/stoppost.sh"
bg ws
fg_wait
if [ "$RC" = 137 ] && [ "$MS" -ge 1800 ] && logged "got SIGUSR1" && logged "stoppost watchdog"; then ok "WatchdogSignal=SIGUSR1 ignored: SIGKILL after TimeoutAbortSec=1 (${MS} ms)"; else not_ok "ws: rc=$RC ${MS} ms log=$(log)"; fi

unit wt "WatchdogSec=30" "LimitCORE=0" "ExecStart=$H sleep 200 send WATCHDOG=trigger pause" "ExecStopPost=$D/stoppost.sh"
bg wt
fg_wait
if [ "$RC" = 134 ] && [ "$MS" -lt 15000 ] && logged "stoppost watchdog"; then ok "WATCHDOG=trigger: aborted at once (${MS} ms)"; else not_ok "wt: rc=$RC ${MS} ms log=$(log)"; fi

unit wu "WatchdogSec=60" "LimitCORE=0" "ExecStart=$H send WATCHDOG_USEC=1000000 pause" "ExecStopPost=$D/stoppost.sh"
bg wu
fg_wait
if [ "$RC" = 134 ] && [ "$MS" -ge 900 ] && [ "$MS" -lt 15000 ] && logged "stoppost watchdog"; then ok "WATCHDOG_USEC=1000000 from the service shortens the watchdog to 1 s (${MS} ms)"; else not_ok "wu: rc=$RC ${MS} ms log=$(log)"; fi

unit wn "Type=notify" "WatchdogSec=1" "TimeoutStartSec=30" "ExecStart=$H sleep 2000 send READY=1 ping 4 200 exit 0"
bg wn
fg_wait
if [ "$RC" = 0 ]; then ok "the watchdog starts once the service is up (READY=1 after 2 s, WatchdogSec=1)"; else not_ok "wn: rc=$RC ${MS} ms $(cat "$D/out")"; fi

rm -f "$D/count"
unit rw "WatchdogSec=1" "LimitCORE=0" "Restart=on-watchdog" "RestartSec=100ms" "StartLimitBurst=2" \
        "ExecStart=$H log $D/count run pause"
bg rw
fg_wait
runs=$(wc -l <"$D/count" 2>/dev/null)
if [ "$runs" = 2 ] && grep -q "repeated too quickly" "$D/out"; then ok "Restart=on-watchdog restarts after a watchdog timeout (runs=$runs)"; else not_ok "rw: runs=$runs rc=$RC $(cat "$D/out")"; fi
rm -f "$D/count"
unit rw2 "Restart=on-watchdog" "RestartSec=100ms" "ExecStart=$H log $D/count run exit 3"
bg rw2
fg_wait
runs=$(wc -l <"$D/count" 2>/dev/null)
[ "$runs" = 1 ] && [ "$RC" = 3 ] && ok "Restart=on-watchdog: no restart after exit 3" || not_ok "rw2: runs=$runs rc=$RC"

# STATUS=: a failed service's last status is reported.
unit ss "Type=notify" "ExecStart=$H send READY=1\\nSTATUS=half-way send STATUS=almost\\nX=1 sleep 100 exit 4"
bg ss
fg_wait
if [ "$RC" = 4 ] && grep -q "last reported STATUS=almost$" "$D/out"; then ok "STATUS=: the last one is reported when the service fails"; else not_ok "ss: rc=$RC $(cat "$D/out")"; fi

# EXTEND_TIMEOUT_USEC= stretches TimeoutStartSec=.
unit et "Type=notify" "TimeoutStartSec=1" "ExecStart=$H send EXTEND_TIMEOUT_USEC=4000000 sleep 2000 send READY=1 exit 0" \
        "ExecStartPost=$D/post.sh"
bg et
fg_wait
if [ "$RC" = 0 ] && logged "^post"; then ok "EXTEND_TIMEOUT_USEC=4000000: READY=1 after 2 s beats TimeoutStartSec=1"; else not_ok "et: rc=$RC ${MS} ms log=$(log) $(cat "$D/out")"; fi

# EXTEND_TIMEOUT_USEC= during the stop stretches TimeoutStopSec= too.
unit es "Type=notify" "TimeoutStopSec=1" "ExecStart=$H term-extend 5000000 2000 send READY=1 log $D/log up pause" "ExecStopPost=$D/stoppost.sh"
bg es
poll 100 logged up
kill -TERM "$CPID"
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -ge 2000 ] && logged "stoppost success"; then ok "EXTEND_TIMEOUT_USEC= on SIGTERM: the service gets its 2 s to stop cleanly (TimeoutStopSec=1)"; else not_ok "es: rc=$RC ${MS} ms log=$(log)"; fi

# RuntimeMaxSec= plus a random RuntimeRandomizedExtraSec= (0..1 s here).
unit rr "RuntimeMaxSec=1" "RuntimeRandomizedExtraSec=1" "ExecStart=$H pause" "ExecStopPost=$D/stoppost.sh"
bg rr
fg_wait
if [ "$MS" -ge 950 ] && [ "$MS" -lt 15000 ] && logged "stoppost timeout"; then ok "RuntimeRandomizedExtraSec=: stopped after RuntimeMaxSec= and the extra (${MS} ms)"; else not_ok "rr: rc=$RC ${MS} ms log=$(log)"; fi

# ---------------------------------------------------------------- timeout failure modes
unit sa "Type=notify" "TimeoutStartSec=1" "TimeoutStartFailureMode=abort" "TimeoutAbortSec=1" \
        "ExecStart=$H on ABRT $D/log on TERM $D/log pause" "ExecStopPost=$D/stoppost.sh"
bg sa
fg_wait
if [ "$RC" = 137 ] && [ "$MS" -ge 1800 ] && logged "got SIGABRT" && ! logged "got SIGTERM" && logged "stoppost timeout"; then ok "TimeoutStartFailureMode=abort: SIGABRT, then SIGKILL after TimeoutAbortSec= (${MS} ms)"; else not_ok "sa: rc=$RC ${MS} ms log=$(log)"; fi
unit sk "Type=notify" "TimeoutStartSec=1" "TimeoutStartFailureMode=kill" "TimeoutStopSec=30" \
        "ExecStart=$H on TERM $D/log pause" "ExecStopPost=$D/stoppost.sh"
bg sk
fg_wait
if [ "$RC" = 137 ] && [ "$MS" -lt 15000 ] && ! logged "got SIGTERM" && logged "stoppost timeout"; then ok "TimeoutStartFailureMode=kill: SIGKILL at once, no SIGTERM (${MS} ms)"; else not_ok "sk: rc=$RC ${MS} ms log=$(log)"; fi
unit sp "TimeoutStartSec=1" "ExecStartPre=$D/slow.sh" "ExecStart=$H exit 0" "ExecStopPost=$D/stoppost.sh"
bg sp
fg_wait
if [ "$RC" != 0 ] && [ "$MS" -lt 15000 ] && logged "stoppost timeout"; then ok "TimeoutStartSec= bounds a slow ExecStartPre= (${MS} ms)"; else not_ok "sp: rc=$RC ${MS} ms log=$(log)"; fi

unit ta "TimeoutStopSec=1" "TimeoutStopFailureMode=abort" "TimeoutAbortSec=1" \
        "ExecStart=$H on TERM $D/log on ABRT $D/log pause" "ExecStopPost=$D/stoppost.sh"
bg ta
sleep 0.5
kill -TERM "$CPID"
fg_wait
case "$(log)" in "got SIGTERM got SIGABRT stoppost timeout ") ok "TimeoutStopFailureMode=abort: SIGTERM, SIGABRT, then SIGKILL (rc=$RC)" ;; *) not_ok "ta: rc=$RC log=$(log)" ;; esac
[ "$RC" = 137 ] && [ "$MS" -ge 2300 ] && ok "TimeoutStopFailureMode=abort: TimeoutStopSec= + TimeoutAbortSec= (${MS} ms)" || not_ok "ta: rc=$RC ${MS} ms"

unit tk "TimeoutStopSec=1" "TimeoutStopFailureMode=kill" "ExecStop=$D/slow.sh" \
        "ExecStart=$H on TERM $D/log pause" "ExecStopPost=$D/stoppost.sh"
bg tk
sleep 0.5
kill -TERM "$CPID"
fg_wait
if [ "$RC" = 137 ] && [ "$MS" -lt 15000 ] && ! logged "got SIGTERM" && logged "stoppost timeout"; then ok "slow ExecStop= + TimeoutStopFailureMode=kill: SIGKILL after TimeoutStopSec= (${MS} ms)"; else not_ok "tk: rc=$RC ${MS} ms log=$(log)"; fi
check "slow ExecStop=: nothing left" poll 50 none_left
unit tt "TimeoutStopSec=1" "ExecStop=$D/slow.sh" "ExecStart=$H on TERM $D/log pause" \
        "ExecStopPost=$D/stoppost.sh"
bg tt
sleep 0.5
kill -TERM "$CPID"
fg_wait
if [ "$MS" -lt 15000 ] && logged "got SIGTERM" && logged "stoppost timeout"; then ok "slow ExecStop=: TimeoutStopSec= then KillSignal= (terminate) (${MS} ms)"; else not_ok "tt: rc=$RC ${MS} ms log=$(log)"; fi

# STOPPING=1: as if KillSignal= had been sent; no ExecStop=, no signal, then the timeout.
unit st "Type=notify" "TimeoutStopSec=1" "ExecStart=$H on TERM $D/log send READY=1 sleep 200 send STOPPING=1 pause" \
        "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
bg st
fg_wait
if [ "$RC" = 137 ] && [ "$MS" -ge 1100 ] && [ "$(log)" = "stoppost timeout " ]; then ok "STOPPING=1: no ExecStop=, no SIGTERM, SIGKILL after TimeoutStopSec= (${MS} ms)"; else not_ok "st: rc=$RC ${MS} ms log=$(log)"; fi

# ---------------------------------------------------------------- exit status names
unit xs "SuccessExitStatus=TEMPFAIL" "ExecStart=$H exit 75" "ExecStopPost=$D/stoppost.sh"
bg xs
fg_wait
logged "stoppost success" && ok "SuccessExitStatus=TEMPFAIL: exit 75 is a success" || not_ok "xs: rc=$RC log=$(log)"
unit xs2 "ExecStart=$H exit 75" "ExecStopPost=$D/stoppost.sh"
bg xs2
fg_wait
logged "stoppost exit-code" && ok "without it, exit 75 is a failure (control)" || not_ok "xs2: rc=$RC log=$(log)"
rm -f "$D/count"
unit xp "Restart=always" "RestartSec=50ms" "RestartPreventExitStatus=DATAERR" "ExecStart=$H log $D/count run exit 65"
bg xp
fg_wait
runs=$(wc -l <"$D/count" 2>/dev/null)
[ "$runs" = 1 ] && ok "RestartPreventExitStatus=DATAERR: exit 65 is not restarted" || not_ok "xp: runs=$runs rc=$RC"
rm -f "$D/count"
unit xf "Restart=no" "RestartSec=50ms" "StartLimitBurst=2" "RestartForceExitStatus=NAMESPACE" "ExecStart=$H log $D/count run exit 226"
bg xf
fg_wait
runs=$(wc -l <"$D/count" 2>/dev/null)
[ "$runs" = 2 ] && ok "RestartForceExitStatus=NAMESPACE: exit 226 is restarted (systemd's own names)" || not_ok "xf: runs=$runs rc=$RC"

# ---------------------------------------------------------------- after the main process exits
unit ef "ExecStart=$H exit 3" "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
bg ef
fg_wait
if [ "$RC" = 3 ] && [ "$(log)" = "stoppost exit-code " ]; then ok "main exits 3 on its own: no ExecStop= (stop-sigterm at once, as 252), ExecStopPost= runs"; else not_ok "ef: rc=$RC log=$(log)"; fi
unit e0 "ExecStart=$H exit 0" "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
bg e0
fg_wait
case "$(log)" in "stop MAINPID= stoppost success ") ok "main exits 0 on its own: ExecStop= runs, then ExecStopPost=" ;; *) not_ok "e0: rc=$RC log=$(log)" ;; esac
unit ra "Type=oneshot" "RemainAfterExit=yes" "ExecStart=$H log $D/log started" "ExecStop=$D/stop.sh"
bg ra
poll 100 logged started
if alive_for 15 && ! logged "^stop"; then ok "RemainAfterExit=yes: active after the oneshot finished, ExecStop= not yet"; else not_ok "ra: log=$(log)"; fi
kill -TERM "$CPID"
fg_wait
if [ "$RC" = 0 ] && logged "^stop"; then ok "RemainAfterExit=yes: a stop request runs ExecStop= (rc=$RC)"; else not_ok "ra stop: rc=$RC log=$(log)"; fi
printf '#!/bin/sh
# %s
(sleep 3; echo child-done >> %s/log) &
exit 0
' "$TAG" "$D" >"$D/leave.sh"
chmod 755 "$D/leave.sh"
unit xc "ExitType=cgroup" "ExecStart=$D/leave.sh"
bg xc
fg_wait
if [ "$RC" = 0 ] && [ "$MS" -ge 2900 ] && logged child-done; then ok "ExitType=cgroup: runs until the last process exits (${MS} ms)"; else not_ok "xc: rc=$RC ${MS} ms log=$(log)"; fi
unit xm "ExecStart=$D/leave.sh"
bg xm
fg_wait
sleep 3.5
if [ "$MS" -lt 2900 ] && ! logged child-done; then ok "ExitType=main (default): the rest is stopped with the main process (${MS} ms)"; else not_ok "xm: ${MS} ms log=$(log)"; fi

# ---------------------------------------------------------------- unit actions
printf '[Unit]\nFailureAction=reboot\n[Service]\nExecStart=%s exit 0\n' "$H" >"$D/fa.service"
bg fa
fg_wait
if [ "$RC" = 78 ] && grep -q "fa.service:2: .*never reboots" "$D/out"; then ok "FailureAction=reboot is refused with file:line"; else not_ok "fa: rc=$RC $(cat "$D/out")"; fi
printf '[Unit]\nStartLimitAction=exit\nSuccessAction=none\n[Service]\nExecStart=%s exit 0\n' "$H" >"$D/fe.service"
bg fe
fg_wait
[ "$RC" = 0 ] && ok "StartLimitAction=exit / SuccessAction=none run (cordon exits with the service anyway)" || not_ok "fe: rc=$RC $(cat "$D/out")"
}

MODE=root
suite
# Rootless: the same, cordon run by an unprivileged user (its own user and PID namespace).
if [ -z "${CORDON_IT_USER:-}" ] && id cordon-test >/dev/null 2>&1; then
        MODE=rootless
        CORDON_IT_USER=cordon-test
        rm -f "$D"/*.env "$D"/log "$D"/count "$D"/*.pid
        chown -R cordon-test "$D"
        suite
fi
check "the end: no process of any test left" poll 50 none_left
echo "1..$n"
[ "$fails" = 0 ]
