#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cordon run lifecycle (TAP): the service dies with cordon, every process of it, even on SIGKILL
# (escapes.md E092/E093); stopping on SIGTERM/SIGINT like systemctl stop (ExecStop= with
# $MAINPID, KillMode=, KillSignal=, SendSIGHUP=, TimeoutStopSec= + FinalKillSignal=,
# ExecStopPost=). Services are /bin/sh scripts copied below /var/lib (never under /tmp: the tree
# may live there and PrivateTmp= would hide it). Usage: run-lifecycle.sh CORDON
set -u
CORDON=$(realpath "$1")
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip_all() {
        if [ "${CI:-}" = true ]; then echo "Bail out! $*"; exit 1; fi
        echo "1..0 # SKIP $*"; exit 0
}
# Real root only: under "unshare -r" cordon runs rootless, without the PID namespace.
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')" = "0 0 4294967295" ] ||
        skip_all "needs real root (the PID namespace that dies with cordon is root-only)"
command -v flock >/dev/null && command -v setpriv >/dev/null || skip_all "flock(1) or setpriv(1) missing"

D=$(mktemp -d /var/lib/cordon-it-lifecycle.XXXXXX)
chmod 755 "$D"
TAG=$(basename "$D") # unique marker in every service command line
cleanup() {
        pkill -9 -f "$TAG" 2>/dev/null
        rm -rf "$D"
}
trap cleanup EXIT

# Polls (20 ms steps) until "$@" succeeds, for at most $1 tenths of a second.
poll() {
        local limit=$(($1 * 5)) i=0
        shift
        while ! "$@" 2>/dev/null; do
                i=$((i + 1))
                [ $i -ge $limit ] && return 1
                sleep 0.02
        done
}
left() { pgrep -f "$TAG" >/dev/null; }
none_left() { ! left; }
unit() { # unit NAME LINE... : a service file in $D
        local name=$1
        shift
        { echo "[Service]"; printf '%s\n' "$@"; } >"$D/$name.service"
}
script() { # script NAME BODY : an executable sh script in $D
        printf '#!/bin/sh\n# %s\n%s\n' "$TAG" "$2" >"$D/$1"
        chmod 755 "$D/$1"
}

# A service that double-forks a daemon (setsid, closes its fds) holding a lock on $D/lock, then
# waits; TERM/INT/HUP are logged by the main process and the daemon.
script daemon.sh "D=$D
setsid sh -c 'exec 9>>\"\$1/lock\"; flock 9; echo locked > \"\$1/locked\"; exec 0</dev/null 1>/dev/null 2>&1
  trap \"echo daemon-term >> \$1/log; exit 0\" TERM; trap \"echo daemon-hup >> \$1/log\" HUP
  sleep 1000 & while :; do wait; done' $TAG-daemon \"\$D\" &
trap 'echo main-term >> \$D/log; exit 0' TERM
trap 'echo main-int >> \$D/log; exit 0' INT
trap 'echo main-hup >> \$D/log' HUP
echo \$\$ > \$D/main.pid
sleep 1000 & while :; do wait; done"
script stop.sh "echo \"stop MAINPID=\$MAINPID\" >> $D/log"
script stoppost.sh "echo \"stoppost \$SERVICE_RESULT\" >> $D/log"
script ignore.sh "trap '' TERM; echo \$\$ > $D/main.pid; sleep 1000 & while :; do wait; done"

start() { # start UNIT: cordon run in the background until the daemon holds the lock
        rm -f "$D/locked" "$D/log" "$D/main.pid"
        "$CORDON" run "$D/$1.service" >"$D/out" 2>&1 &
        CPID=$!
        poll 100 test -s "$D/locked" || not_ok "$1: the daemon never took the lock: $(cat "$D/out")"
}
lock_free() { flock -n "$D/lock" true; }

# ---------------------------------------------------------------- E093: SIGKILL of cordon
unit k "ExecStart=$D/daemon.sh"
start k
if left && ! lock_free; then ok "E093 daemon runs and holds the lock"; else not_ok "E093 setup"; fi
kill -9 "$CPID"
wait "$CPID" 2>/dev/null
if poll 20 lock_free; then ok "E093 SIGKILL of cordon: the daemon's lock is released within 2 s"; else not_ok "E093 lock still held 2 s after SIGKILL of cordon"; fi
if poll 20 none_left; then ok "E092 SIGKILL of cordon: no process of the service left"; else not_ok "E092 left: $(pgrep -af "$TAG")"; fi

# ---------------------------------------------------------------- /proc and PIDs inside
script ps.sh "echo pid=\$\$ ppid=\$PPID; ls /proc | grep -c '^[0-9]'"
unit p "ExecStart=$D/ps.sh"
out=$("$CORDON" run "$D/p.service" 2>&1)
case "$out" in *"pid=1 "*) not_ok "the service is PID 1: $out" ;; *pid=*) ok "the service is not PID 1 of its namespace" ;; *) not_ok "ps: $out" ;; esac
cnt=$(echo "$out" | tail -n1)
if [ "$cnt" -ge 2 ] 2>/dev/null && [ "$cnt" -le 5 ]; then ok "/proc shows the namespace's processes only ($cnt)"; else not_ok "/proc shows $cnt processes: $out"; fi

# ---------------------------------------------------------------- systemctl stop: SIGTERM
unit t "ExecStart=$D/daemon.sh" "ExecStop=$D/stop.sh" "ExecStopPost=$D/stoppost.sh"
start t
mp=$(cat "$D/main.pid" 2>/dev/null)
kill -TERM "$CPID"
wait "$CPID"
rc=$?
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in "stop MAINPID="[0-9]*" "*) ok "SIGTERM: ExecStop= runs first, with \$MAINPID ($log)" ;; *) not_ok "SIGTERM: ExecStop= log: $log" ;; esac
case "$log" in *main-term*daemon-term*|*daemon-term*main-term*) ok "KillMode=control-group: KillSignal= reaches the main process and the daemon" ;; *) not_ok "control-group: $log" ;; esac
case "$log" in *"stoppost "*) ok "ExecStopPost= runs last" ;; *) not_ok "no ExecStopPost=: $log" ;; esac
if none_left && lock_free; then ok "SIGTERM: nothing of the service survives (rc=$rc)"; else not_ok "SIGTERM: left $(pgrep -af "$TAG")"; fi
[ -n "$mp" ] || not_ok "no main pid"

# ---------------------------------------------------------------- KillMode=process, KillSignal=
unit pr "ExecStart=$D/daemon.sh" "KillMode=process" "KillSignal=SIGINT"
start pr
kill -INT "$CPID"
wait "$CPID"
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in *main-int*) ok "KillSignal=SIGINT reaches the main process" ;; *) not_ok "KillSignal=SIGINT: $log" ;; esac
case "$log" in *daemon-*) not_ok "KillMode=process signalled the daemon: $log" ;; *) ok "KillMode=process: only the main process is signalled" ;; esac
if poll 20 none_left; then ok "KillMode=process: the rest still dies with cordon's run"; else not_ok "process: left $(pgrep -af "$TAG")"; fi

# ---------------------------------------------------------------- KillMode=mixed, SendSIGHUP=
unit mx "ExecStart=$D/daemon.sh" "KillMode=mixed" "SendSIGHUP=yes"
start mx
kill -TERM "$CPID"
wait "$CPID"
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in *main-term*) ok "KillMode=mixed: KillSignal= to the main process" ;; *) not_ok "mixed: $log" ;; esac
case "$log" in *daemon-term*|*daemon-hup*) not_ok "KillMode=mixed: the daemon got a soft signal: $log" ;; *) ok "KillMode=mixed: the rest is not asked (SIGKILL)" ;; esac
if none_left && lock_free; then ok "KillMode=mixed: nothing survives"; else not_ok "mixed: left $(pgrep -af "$TAG")"; fi

# The main process ignores SIGTERM and exits on SIGHUP: only SendSIGHUP= ends it in time.
script hup.sh "trap '' TERM; trap 'echo main-hup >> $D/log; exit 0' HUP; echo \$\$ > $D/main.pid
sleep 1000 & while :; do wait; done"
unit hp "ExecStart=$D/hup.sh" "SendSIGHUP=yes" "TimeoutStopSec=20"
rm -f "$D/log" "$D/main.pid"
"$CORDON" run "$D/hp.service" >"$D/out" 2>&1 &
CPID=$!
poll 100 test -s "$D/main.pid"
t0=$(date +%s%N)
kill -TERM "$CPID"
wait "$CPID"
ms=$((($(date +%s%N) - t0) / 1000000))
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in *main-hup*) ok "SendSIGHUP=yes: SIGHUP follows KillSignal= ($ms ms)" ;; *) not_ok "SendSIGHUP=: $log" ;; esac

# ---------------------------------------------------------------- KillMode=none
unit kn "ExecStart=$D/daemon.sh" "KillMode=none" "TimeoutStopSec=1"
start kn
kill -TERM "$CPID"
wait "$CPID"
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in *-term*) not_ok "KillMode=none sent a signal: $log" ;; *) ok "KillMode=none: no signal on stop" ;; esac
grep -q "KillMode=none" "$D/out" && ok "KillMode=none: warned" || not_ok "no KillMode=none warning: $(cat "$D/out")"
if poll 20 none_left; then ok "KillMode=none: the processes still end with the run"; else not_ok "none: left $(pgrep -af "$TAG")"; fi

# ---------------------------------------------------------------- TimeoutStopSec= / SendSIGKILL=
unit to "ExecStart=$D/ignore.sh" "TimeoutStopSec=1" "ExecStopPost=$D/stoppost.sh"
rm -f "$D/log" "$D/main.pid"
"$CORDON" run "$D/to.service" >"$D/out" 2>&1 &
CPID=$!
poll 100 test -s "$D/main.pid"
t0=$(date +%s%N)
kill -TERM "$CPID"
wait "$CPID"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$ms" -ge 900 ] && [ "$ms" -lt 8000 ]; then ok "TimeoutStopSec=1: SIGKILL after the timeout (${ms} ms)"; else not_ok "TimeoutStopSec=1 took ${ms} ms"; fi
[ "$rc" = 137 ] && ok "killed by SIGKILL: exit 137" || not_ok "TimeoutStopSec= rc=$rc $(cat "$D/out")"
# systemd 252: the stop-sigterm timeout sets the result before the SIGKILL ("Failed with result
# 'timeout'"), and the first failure of a run sticks.
case "$(cat "$D/log" 2>/dev/null)" in *"stoppost timeout"*) ok "ExecStopPost= sees SERVICE_RESULT=timeout (stop-sigterm timed out)" ;; *) not_ok "stoppost: $(cat "$D/log" 2>/dev/null)" ;; esac
none_left && ok "TimeoutStopSec=: nothing left" || not_ok "timeout: left $(pgrep -af "$TAG")"

# ---------------------------------------------------------------- ExecReload= on SIGHUP
script reload.sh "echo \"reload MAINPID=\$MAINPID\" >> $D/log; kill -HUP \$MAINPID"
unit rl "ExecStart=$D/daemon.sh" "ExecReload=$D/reload.sh"
start rl
kill -HUP "$CPID"
poll 50 grep -q main-hup "$D/log"
mp=$(cat "$D/main.pid" 2>/dev/null)
log=$(cat "$D/log" 2>/dev/null | tr '\n' ' ')
case "$log" in *"reload MAINPID=$mp "*main-hup*) ok "SIGHUP: ExecReload= runs with \$MAINPID as the service sees it ($log)" ;; *) not_ok "reload: main=$mp log=$log" ;; esac
if kill -0 "$CPID" 2>/dev/null; then ok "SIGHUP does not stop the service"; else not_ok "SIGHUP stopped the service"; fi
kill -TERM "$CPID"
wait "$CPID"
none_left && ok "reload: stopped cleanly afterwards" || not_ok "reload: left $(pgrep -af "$TAG")"

# ---------------------------------------------------------------- RuntimeMaxSec=
unit rm "ExecStart=$D/ignore.sh" "RuntimeMaxSec=1" "TimeoutStopSec=1" "ExecStopPost=$D/stoppost.sh"
rm -f "$D/log"
t0=$(date +%s%N)
"$CORDON" run "$D/rm.service" >"$D/out" 2>&1
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$ms" -ge 1800 ] && [ "$ms" -lt 10000 ] && [ "$rc" != 0 ]; then ok "RuntimeMaxSec=1: stopped after the limit (+ TimeoutStopSec=1), failed (rc=$rc, $ms ms)"; else not_ok "RuntimeMaxSec=1: rc=$rc after $ms ms"; fi
case "$(cat "$D/log" 2>/dev/null)" in *"stoppost timeout"*) ok "RuntimeMaxSec=: SERVICE_RESULT=timeout" ;; *) not_ok "RuntimeMaxSec= stoppost: $(cat "$D/log" 2>/dev/null)" ;; esac

# ---------------------------------------------------------------- Restart= and StartLimit*=
script exit3.sh "echo run >> $D/count; exit 3"
script abort.sh "echo run >> $D/count; kill -ABRT \$\$"
runs() { # runs NAME EXTRA-LINES...: runs the unit, sets RC and RUNS
        local name=$1
        shift
        rm -f "$D/count"
        { echo "[Unit]"; echo "StartLimitIntervalSec=30"; echo "StartLimitBurst=3"; echo "[Service]"; printf '%s\n' "$@"; } >"$D/$name.service"
        "$CORDON" run "$D/$name.service" >"$D/out" 2>&1
        RC=$?
        RUNS=$(wc -l <"$D/count" 2>/dev/null || echo 0)
}
runs r1 "ExecStart=$D/exit3.sh" "Restart=on-failure" "RestartSec=50ms"
if [ "$RUNS" = 3 ] && [ "$RC" = 3 ] && grep -q "repeated too quickly" "$D/out"; then ok "Restart=on-failure: StartLimitBurst=3 starts, then gives up with a clear message"; else not_ok "on-failure: runs=$RUNS rc=$RC $(cat "$D/out")"; fi
runs r2 "ExecStart=$D/exit3.sh" "Restart=on-failure" "RestartSec=50ms" "SuccessExitStatus=3"
[ "$RUNS" = 1 ] && ok "SuccessExitStatus=3: exit 3 is success, no restart on-failure" || not_ok "SuccessExitStatus=: runs=$RUNS"
runs r3 "ExecStart=$D/exit3.sh" "Restart=always" "RestartSec=50ms" "RestartPreventExitStatus=3"
[ "$RUNS" = 1 ] && ok "RestartPreventExitStatus=3 wins over Restart=always" || not_ok "prevent: runs=$RUNS"
runs r4 "ExecStart=$D/exit3.sh" "Restart=no" "RestartSec=50ms" "RestartForceExitStatus=3"
[ "$RUNS" = 3 ] && ok "RestartForceExitStatus=3 restarts even with Restart=no" || not_ok "force: runs=$RUNS"
runs r5 "ExecStart=$D/exit3.sh" "Restart=on-abnormal" "RestartSec=50ms"
[ "$RUNS" = 1 ] && ok "Restart=on-abnormal: an exit code is not abnormal" || not_ok "on-abnormal: runs=$RUNS"
runs r6 "ExecStart=$D/abort.sh" "Restart=on-abort" "RestartSec=50ms"
[ "$RUNS" = 3 ] && ok "Restart=on-abort: killed by SIGABRT restarts" || not_ok "on-abort: runs=$RUNS rc=$RC"
runs r7 "ExecStart=$D/exit3.sh" "Restart=on-success" "RestartSec=50ms"
[ "$RUNS" = 1 ] && ok "Restart=on-success: a failure is not restarted" || not_ok "on-success: runs=$RUNS"
# PrivateTmp=: shared by the commands of one start, fresh after a restart (systemd releases the
# service's runtime, temporary directories included, whenever it goes down).
script tmp.sh "ls /tmp >> $D/count; touch /tmp/mark; exit 3"
runs r9 "PrivateTmp=yes" "ExecStartPre=/bin/touch /tmp/pre" "ExecStart=$D/tmp.sh" "Restart=on-failure" "RestartSec=50ms"
if [ "$RUNS" = 3 ] && [ "$(sort -u "$D/count" | tr '\n' ' ')" = "pre " ]; then ok "PrivateTmp=: each restart starts with a fresh /tmp, shared with its ExecStartPre="; else not_ok "fresh tmp: runs=$RUNS: $(tr '\n' ' ' <"$D/count") $(cat "$D/out")"; fi
rm -f "$D/count"
{ echo "[Service]"; echo "ExecStart=$D/exit3.sh"; echo "Restart=always"; echo "RestartSec=30"; } >"$D/r8.service"
"$CORDON" run "$D/r8.service" >"$D/out" 2>&1 &
CPID=$!
poll 50 test -s "$D/count"
t0=$(date +%s%N)
kill -TERM "$CPID"
wait "$CPID"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 5000 ] && [ "$(wc -l <"$D/count")" = 1 ] && ok "SIGTERM during RestartSec= stops, no restart (${ms} ms)" || not_ok "stop during RestartSec=: ${ms} ms, $(wc -l <"$D/count") runs"

# ---------------------------------------------------------------- TimeoutStartSec=
script slow.sh "echo \$\$ >> $D/slow; sleep 1000 & wait"
for t in "simple ExecStartPre" "oneshot ExecStart" "simple ExecStartPost"; do
        type=${t% *}
        which=${t#* }
        rm -f "$D/log" "$D/slow"
        {
                echo "[Service]"
                echo "Type=$type"
                echo "TimeoutStartSec=1"
                echo "ExecStopPost=$D/stoppost.sh"
                if [ "$which" = ExecStart ]; then echo "ExecStart=$D/slow.sh"; else echo "ExecStart=/bin/sleep 30"; echo "$which=$D/slow.sh"; fi
        } >"$D/ts.service"
        t0=$(date +%s%N)
        "$CORDON" run "$D/ts.service" >"$D/out" 2>&1
        rc=$?
        ms=$((($(date +%s%N) - t0) / 1000000))
        if [ "$rc" != 0 ] && [ "$ms" -ge 900 ] && [ "$ms" -lt 8000 ] && grep -q "stoppost timeout" "$D/log" 2>/dev/null; then
                ok "TimeoutStartSec=1 stops a slow $which= of Type=$type (rc=$rc, ${ms} ms, SERVICE_RESULT=timeout)"
        else
                not_ok "TimeoutStartSec= $t: rc=$rc ${ms} ms log=$(cat "$D/log" 2>/dev/null) $(cat "$D/out")"
        fi
done
none_left && ok "TimeoutStartSec=: nothing left" || not_ok "TimeoutStartSec=: left $(pgrep -af "$TAG")"

# ---------------------------------------------------------------- no PID namespace permitted
# Root without CAP_SYS_ADMIN (a container's default): the run still works, with a warning.
script hi.sh "echo hi"
unit nc "ExecStart=$D/hi.sh"
out=$(setpriv --bounding-set=-sys_admin --inh-caps=-sys_admin "$CORDON" run "$D/nc.service" 2>&1)
case "$out" in hi*"no PID namespace could be created"*) ok "without CAP_SYS_ADMIN: runs, warns that SIGKILL of cordon could leave processes" ;; *) not_ok "no CAP_SYS_ADMIN: $out" ;; esac
out=$("$CORDON" run "$D/nc.service" 2>&1)
[ "$out" = hi ] && ok "with a PID namespace: no warning" || not_ok "warning without cause: $out"

# ---------------------------------------------------------------- normal exit
script quick.sh "setsid sh -c 'exec 0</dev/null 1>/dev/null 2>&1; sleep 1000' $TAG-x & exit 3"
unit q "ExecStart=$D/quick.sh"
"$CORDON" run "$D/q.service" >/dev/null 2>&1
rc=$?
[ "$rc" = 3 ] && ok "main exit status passes through (3)" || not_ok "rc=$rc"
none_left && ok "normal exit: the daemon left behind is stopped" || not_ok "normal exit: left $(pgrep -af "$TAG")"

echo "1..$n"
[ "$fails" = 0 ]
