#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Integration tests for the namespace directives of `cordon run` added after part 1: the
# rootless PID-namespace reaper (ProtectProc=/ProcSubset= rootless), PrivatePIDs=,
# NetworkNamespacePath=/IPCNamespacePath=, PrivateTmp=disconnected, ProtectHostname=private and
# PIDFile= holding the host's pid. TAP output.
# Usage: run-namespaces.sh CORDON PROBE
# Every check that something is blocked or private has a control run without the directive
# (proving the probe is real). Runs as root and, where it applies, rootless as cordon-test.
# Under CI=true nothing may be skipped.
set -u
REAL_ROOT=0
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' <"/proc/self/uid_map" | sed 's/^ //')" = "0 0 4294967295" ] && REAL_ROOT=1
if [ "$REAL_ROOT" = 1 ] && [ -z "${CORDON_IT_PRIVATE_NS:-}" ] && command -v unshare >/dev/null; then
        # Fixture mounts (the IPC namespace file) stay in a throwaway mount namespace.
        CORDON_IT_PRIVATE_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
CORDON=$(realpath "$1")
PROBE=$(realpath "$2")
N=0
FAILED=0
MODE=root

ok() {
        N=$((N + 1))
        echo "ok $N - [$MODE] $1"
}
not_ok() {
        N=$((N + 1))
        echo "not ok $N - [$MODE] $1"
        FAILED=1
}
skip() {
        N=$((N + 1))
        if [ "${CI:-}" = true ]; then
                echo "not ok $N - [$MODE] $1 # skipped under CI=true: $2"
                FAILED=1
        else
                echo "ok $N - [$MODE] $1 # SKIP $2"
        fi
}

if [ "$REAL_ROOT" != 1 ]; then
        skip "whole suite" "not running as real root (fixtures need useradd, ip netns, mounts)"
        echo "1..$N"
        exit "$FAILED"
fi

PD=$(mktemp -d /var/lib/cordon-ns-probe.XXXXXX)
cp "$PROBE" "$PD/probe"
chmod 755 "$PD" "$PD/probe"
PROBE=$PD/probe
T=$(mktemp -d /var/lib/cordon-ns-units.XXXXXX) # unit files, outputs
W=$(mktemp -d /var/lib/cordon-ns-rw.XXXXXX)    # written by the service (PID files)
chmod 755 "$T"
NETNS=cordon-it-$$
IPCNS=/run/cordon-it-ipc.$$
BG=
cleanup() {
        [ -n "$BG" ] && kill -9 "$BG" 2>/dev/null
        pkill -9 -f "$PROBE" 2>/dev/null
        ip netns del "$NETNS" 2>/dev/null
        umount "$IPCNS" 2>/dev/null
        rm -f "$IPCNS" /tmp/cordon-ns-marker.$$
        rm -rf "$T" "$W" "$PD"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

id cordon-test >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin cordon-test
chown cordon-test: "$W"
echo m >/tmp/cordon-ns-marker.$$
chmod 644 /tmp/cordon-ns-marker.$$
HOST_PID=$(readlink /proc/self/ns/pid | tr -dc 0-9)
HOST_UTS_NAME=$(uname -n)

# unit NAME LINES...: writes $T/NAME.service with the given [Service] lines.
unit() {
        name=$1
        shift
        {
                echo "[Service]"
                for l in "$@"; do echo "$l"; done
        } >"$T/$name.service"
        chmod 644 "$T/$name.service"
}
as_mode() {
        if [ "$MODE" = root ]; then
                "$@"
        else
                setpriv --reuid=cordon-test --regid=cordon-test --clear-groups "$@"
        fi
}
# run NAME: runs the unit in the current mode; output in $OUT, status in $RC.
run() {
        OUT=$(cd / && as_mode timeout 60 "$CORDON" run --systemd-version=258 "$T/$1.service" 2>"$T/stderr")
        RC=$?
}
# expect TEST-NAME LINE: $OUT must contain the exact line; LINE* matches a line prefix.
expect() {
        case "$2" in
        *'*') found=$(printf '%s\n' "$OUT" | while IFS= read -r l; do case "$l" in "${2%\*}"*) echo y ;; esac; done) ;;
        *) found=$(printf '%s\n' "$OUT" | grep -xF -- "$2" | head -n1) ;;
        esac
        if [ -n "$found" ]; then
                ok "$1"
        else
                not_ok "$1: expected '$2', got: $(printf '%s' "$OUT" | tr '\n' '|') rc=$RC $(tr '\n' '|' <"$T/stderr")"
        fi
}
expect_rc() {
        if [ "$RC" = "$2" ]; then
                ok "$1"
        else
                not_ok "$1: expected exit status $2, got $RC: $(tr '\n' '|' <"$T/stderr")"
        fi
}
field() { printf '%s\n' "$OUT" | grep -- "^$1" | head -1; }
# wait_for CMD...: polls (up to 30 s) until CMD succeeds.
wait_for() {
        i=0
        while [ $i -lt 300 ]; do
                "$@" && return 0
                sleep 0.1
                i=$((i + 1))
        done
        return 1
}
# cordon_main UNIT: pid of the cordon process running this unit (not its helpers).
cordon_main() {
        for p in $(pgrep -x cordon); do
                { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$T/$1.service" || continue
                # helpers (reaper, forwarder) are children of another cordon
                pp=$(awk '/^PPid:/ {print $2}' "/proc/$p/status" 2>/dev/null)
                [ "$(cat "/proc/$pp/comm" 2>/dev/null)" = cordon ] && continue
                echo "$p"
                return 0
        done
        return 1
}
daemon_alive() { pgrep -f "$PROBE daemon $1" >/dev/null; }
daemon_gone() { ! daemon_alive "$1"; }

# signal_check NAME SIGNAL: the unit starts a double-forked daemon and sleeps, then cordon gets
# SIGNAL. KILL: nothing may be left behind; TERM (systemctl stop): the reaper's kill(-1) must
# have reached the daemon before cordon exits (with PrivateUsers= it signals into the service's
# user namespace). The daemon was alive before: the probe is real.
signal_check() {
        name=$1
        rm -f "$W/$name.pid"
        (cd / && as_mode "$CORDON" run --systemd-version=258 "$T/$name.service" >/dev/null 2>&1) &
        BG=$!
        if wait_for daemon_alive "$W/$name.pid"; then ok "$name: the daemon runs while cordon runs"; else not_ok "$name: daemon never started"; fi
        cpid=$(cordon_main "$name")
        [ -n "$cpid" ] && kill -"$2" "$cpid"
        wait "$BG" 2>/dev/null
        BG=
        if [ "$2" = KILL ] && wait_for daemon_gone "$W/$name.pid"; then
                ok "$name: SIGKILL of cordon takes the double-forked daemon down"
        elif [ "$2" = TERM ] && daemon_gone "$W/$name.pid"; then
                ok "$name: stopping cordon (SIGTERM) stops the double-forked daemon before cordon exits"
        else
                not_ok "$name: daemon survived SIG$2 of cordon"
                pkill -9 -f "$PROBE daemon $W/$name.pid"
        fi
}
sigkill_check() { signal_check "$1" KILL; }

suite_common() {
        # ------------------------------------------------ the run's PID namespace (rootless too)
        unit pidns "ExecStart=$PROBE ns pid cat /proc/1/comm"
        run pidns
        case "$(field ns)" in *" pid=$HOST_PID "*) not_ok "own PID namespace: $(field ns)" ;; ns*) ok "the run has its own PID namespace" ;; *) not_ok "pidns: rc=$RC $OUT" ;; esac
        expect "its init is cordon's reaper, /proc is the namespace's" "cat /proc/1/comm=cordon-init"
        unit dies "ExecStart=$PROBE daemon $W/dies.pid sleep 60"
        sigkill_check dies

        # ------------------------------------------------ /proc/self in path directives
        # names the service's own process, as systemd resolves it in the service's child
        # (Debian's accounts-daemon.service: ReadWritePaths=-/proc/self/loginuid).
        unit procself "ExecStart=$PROBE write /proc/self/oom_score_adj" "ProtectSystem=strict" \
                "ReadOnlyPaths=/proc/self/oom_score_adj" "ReadWritePaths=-/proc/self/loginuid"
        run procself
        expect "ReadOnlyPaths=/proc/self/… applies to the service's own /proc entry" \
                "write /proc/self/oom_score_adj=EROFS"
        unit procself0 "ExecStart=$PROBE write /proc/self/oom_score_adj" "ProtectSystem=strict"
        run procself0
        expect "control: without it the service's own entry is writable" \
                "write /proc/self/oom_score_adj=OK"

        # ------------------------------------------------ E031/E064 host processes out of reach
        # A decoy of the service's uid runs outside, its cwd in a host-only directory; the run's
        # fresh /proc does not list it and kill(2) cannot find it. Control: the same probe run
        # directly (no cordon) reaches both.
        mkdir -p "$W/hostonly"
        echo m >"$W/hostonly/marker"
        chown -R cordon-test: "$W/hostonly"
        if [ "$MODE" = root ]; then
                (cd "$W/hostonly" && exec sleep 120) &
        else
                (cd "$W/hostonly" && exec setpriv --reuid=cordon-test --regid=cordon-test --clear-groups sleep 120) &
        fi
        DECOY=$!
        wait_for test -e "/proc/$DECOY/cwd"
        unit e031 "TemporaryFileSystem=$W" "ExecStart=$PROBE stat /proc/$DECOY/root$W/hostonly/marker stat /proc/$DECOY/cwd/marker kill0 $DECOY"
        run e031
        case "$(field "stat /proc/$DECOY/root")" in *=ENOENT | *=EACCES) ok "E031 a host process's /proc/PID/root is out of reach" ;; *) not_ok "E031 $(field "stat /proc/$DECOY/root") rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
        case "$(field "stat /proc/$DECOY/cwd")" in *=ENOENT | *=EACCES) ok "E031 and its cwd" ;; *) not_ok "E031 cwd $(field "stat /proc/$DECOY/cwd")" ;; esac
        expect "E064 kill(2) cannot reach a host process" "kill0 $DECOY=ESRCH"
        OUT=$(cd / && as_mode "$PROBE" stat "/proc/$DECOY/root$W/hostonly/marker" kill0 "$DECOY")
        expect "E031 control: outside the sandbox the same probe reads it" "stat /proc/$DECOY/root$W/hostonly/marker=reg*"
        expect "E064 control: outside the sandbox the same probe reaches it" "kill0 $DECOY=OK"
        kill "$DECOY" 2>/dev/null
        wait "$DECOY" 2>/dev/null

        # ------------------------------------------------ E029/E030 ProtectProc=/ProcSubset=
        unit proc "ProtectProc=invisible" "ProcSubset=pid" "ExecStart=$PROBE stat /proc/cpuinfo mountinfo"
        run proc
        expect "ProcSubset=pid hides /proc/cpuinfo" "stat /proc/cpuinfo=ENOENT"
        case "$OUT" in *" /proc "*"hidepid=invisible,subset=pid"*) ok "ProtectProc=invisible: /proc has hidepid=invisible" ;; *) not_ok "no hidepid /proc: rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
        unit procc "ExecStart=$PROBE stat /proc/cpuinfo"
        run procc
        expect "control: /proc/cpuinfo visible" "stat /proc/cpuinfo=reg*"

        # ------------------------------------------------ PrivatePIDs=
        unit pp "PrivatePIDs=yes" "ExecStartPre=$PROBE pid" "ExecStart=$PROBE pid ns cat /proc/1/comm ls /proc"
        run pp
        if [ "$(printf '%s\n' "$OUT" | grep -c '^pid=1 ppid=0$')" = 2 ]; then ok "PrivatePIDs=: every command is PID 1"; else not_ok "PrivatePIDs= pids: $(printf '%s' "$OUT" | grep '^pid' | tr '\n' '|') rc=$RC $(tr '\n' '|' <"$T/stderr")"; fi
        expect "PrivatePIDs=: /proc is its own namespace's" "cat /proc/1/comm=probe"
        pids=$(field "ls /proc=" | sed 's/^ls \/proc=//' | tr ',' '\n' | grep -E '^[0-9]+:' | cut -d: -f1 | tr '\n' ' ')
        if [ "$pids" = "1 " ]; then ok "PrivatePIDs=: /proc lists only the service"; else not_ok "PrivatePIDs=: /proc lists '$pids'"; fi
        unit ppc "ExecStart=$PROBE pid"
        run ppc
        case "$(field pid=)" in "pid=1 "*) not_ok "control: without PrivatePIDs= the service is not PID 1" ;; pid=*) ok "control: without PrivatePIDs= the service is not PID 1" ;; *) not_ok "ppc rc=$RC" ;; esac
        unit ppx "PrivatePIDs=yes" "ExecStart=$PROBE exit 7"
        run ppx
        expect_rc "PrivatePIDs=: the exit status is the service's" 7
        unit ppk "PrivatePIDs=yes" "ExecStart=$PROBE crash"
        run ppk
        # abort() as PID 1: the kernel drops its own SIGABRT (no handler), glibc then executes
        # hlt, and the forced SIGSEGV kills it; the status says so as for any other command.
        expect_rc "PrivatePIDs=: death by signal is passed on (abort() as PID 1: SIGSEGV)" 139
        unit ppd "PrivatePIDs=yes" "ExecStart=$PROBE daemon $W/ppd.pid sleep 60"
        sigkill_check ppd
        # Stop: the forwarder passes SIGTERM on; PID 1 without a handler ignores it (kernel rule),
        # so TimeoutStopSec= ends it with SIGKILL, and nothing is left.
        unit pps "PrivatePIDs=yes" "TimeoutStopSec=2" "ExecStart=$PROBE daemon $W/pps.pid sleep 60"
        rm -f "$W/pps.pid"
        (cd / && as_mode "$CORDON" run --systemd-version=258 "$T/pps.service" >/dev/null 2>&1; echo $? >"$T/pps.rc") &
        BG=$!
        wait_for daemon_alive "$W/pps.pid"
        cpid=$(cordon_main pps)
        [ -n "$cpid" ] && kill -TERM "$cpid"
        wait "$BG" 2>/dev/null
        BG=
        case "$(cat "$T/pps.rc")" in 137 | 143) ok "PrivatePIDs=: SIGTERM to cordon stops it (status $(cat "$T/pps.rc"))" ;; *) not_ok "pps: status $(cat "$T/pps.rc")" ;; esac
        if wait_for daemon_gone "$W/pps.pid"; then ok "PrivatePIDs=: nothing left after the stop"; else not_ok "pps: processes left"; pkill -9 -f "$PROBE daemon $W/pps.pid"; fi
        # Type=notify: READY=1 comes from PID 1 (the forwarder's child).
        # (It keeps running a moment: a sender that is gone when cordon reads the message is not
        # known to belong to the run, as systemd drops messages of senders it cannot place.)
        unit ppn "Type=notify" "PrivatePIDs=yes" "ExecStart=$PROBE notify READY=1 pid sleep 1" "ExecStartPost=$PROBE cwd"
        run ppn
        if [ "$RC" = 0 ] && printf '%s\n' "$OUT" | grep -qx "cwd=/" && printf '%s\n' "$OUT" | grep -qx "pid=1 ppid=0"; then ok "PrivatePIDs= with Type=notify (NotifyAccess=main): READY=1 from PID 1 counts as the main process's"; else not_ok "ppn rc=$RC $(printf '%s' "$OUT" | tr '\n' '|') $(tr '\n' '|' <"$T/stderr")"; fi
        # Control: a grandchild of the main process is not the main process.
        unit ppn2 "Type=notify" "PrivatePIDs=yes" "TimeoutStartSec=3" "ExecStart=/bin/sh -c '$PROBE notify READY=1; sleep 10'"
        run ppn2
        if [ "$RC" != 0 ] && grep -q "did not send READY=1" "$T/stderr"; then ok "control: READY=1 from another process of the namespace does not count (NotifyAccess=main)"; else not_ok "ppn2 rc=$RC $(tr '\n' '|' <"$T/stderr")"; fi
        unit ppf "Type=forking" "PrivatePIDs=yes" "ExecStart=$PROBE true"
        run ppf
        if [ "$RC" != 0 ] && grep -q "ppf.service:3: PrivatePIDs=" "$T/stderr"; then ok "PrivatePIDs= with Type=forking is refused with file:line"; else not_ok "ppf rc=$RC $(tr '\n' '|' <"$T/stderr")"; fi

        # ------------------------------------------------ PrivateTmp=disconnected
        unit tmpd "PrivateTmp=disconnected" "ExecStart=$PROBE stat /tmp/cordon-ns-marker.$$ write /tmp write /var/tmp mountinfo"
        run tmpd
        expect "PrivateTmp=disconnected: host /tmp invisible" "stat /tmp/cordon-ns-marker.$$=ENOENT"
        expect "PrivateTmp=disconnected: /tmp writable" "write /tmp=OK"
        expect "PrivateTmp=disconnected: /var/tmp writable" "write /var/tmp=OK"
        if printf '%s\n' "$OUT" | grep -q '^mountinfo .* /tmp .* - tmpfs ' && printf '%s\n' "$OUT" | grep -q '^mountinfo .* /var/tmp .* - tmpfs '; then ok "PrivateTmp=disconnected: /tmp and /var/tmp are tmpfs instances"; else not_ok "tmpd: no tmpfs on /tmp and /var/tmp"; fi
        unit tmpc "ExecStart=$PROBE stat /tmp/cordon-ns-marker.$$"
        run tmpc
        expect "control: host /tmp visible" "stat /tmp/cordon-ns-marker.$$=reg*"

        # ------------------------------------------------ ProtectHostname=private
        unit hpn "ProtectHostname=private:cordon-it-name" "ExecStart=$PROBE hostname"
        run hpn
        expect "ProtectHostname=private:NAME names the private UTS namespace" "hostname=cordon-it-name"
        if [ "$(uname -n)" = "$HOST_UTS_NAME" ]; then ok "the host's name is unchanged"; else not_ok "host hostname changed to $(uname -n)"; fi
}

suite_root() {
        # ------------------------------------------------ PrivateUsers= as root: the reaper too
        unit pu "PrivateUsers=yes" "ExecStart=$PROBE ns cat /proc/1/comm uid"
        run pu
        case "$(field ns)" in *" pid=$HOST_PID "*) not_ok "PrivateUsers=: PID namespace shared: $(field ns)" ;; ns*) ok "PrivateUsers= as root: the run's PID namespace too" ;; *) not_ok "pu rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
        expect "PrivateUsers= as root: /proc is the namespace's" "cat /proc/1/comm=cordon-init"
        unit pud "PrivateUsers=yes" "ExecStart=$PROBE daemon $W/pud.pid sleep 60"
        sigkill_check pud
        # ProtectProc=/ProcSubset= with PrivateUsers=: the /proc is mounted before the user
        # namespace, with the options; ProtectKernelTunables= still makes /proc/sys read-only.
        unit pup "PrivateUsers=yes" "ProtectProc=invisible" "ProcSubset=pid" "ProtectKernelTunables=yes" "ExecStart=$PROBE stat /proc/cpuinfo write /proc/sys/kernel/hostname mountinfo cat /proc/1/comm"
        run pup
        expect "PrivateUsers= + ProcSubset=pid hides /proc/cpuinfo" "stat /proc/cpuinfo=ENOENT"
        case "$OUT" in *" /proc "*"hidepid=invisible,subset=pid"*) ok "PrivateUsers= + ProtectProc=invisible: /proc has hidepid=invisible" ;; *) not_ok "pup: no hidepid /proc: rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
        unit pupk "PrivateUsers=yes" "ProtectProc=invisible" "ProtectKernelTunables=yes" "ExecStart=$PROBE write /proc/sys/kernel/hostname"
        run pupk
        expect "PrivateUsers= + ProtectProc= + ProtectKernelTunables=: /proc/sys read-only" "write /proc/sys/kernel/hostname=EROFS"
        unit put "PrivateUsers=yes" "DynamicUser=yes" "ExecStart=$PROBE daemon $W/put.pid sleep 60"
        signal_check put TERM
        # Every command of the run joins one user namespace, mapped before any of them starts.
        unit pus "PrivateUsers=yes" "User=nobody" "ExecStartPre=$PROBE ns uid" "ExecStart=$PROBE ns uid"
        run pus
        users=$(printf '%s\n' "$OUT" | grep '^ns ' | sed 's/.* user=\([0-9]*\).*/\1/' | sort -u)
        host_user=$(readlink /proc/self/ns/user | tr -dc 0-9)
        [ "$(printf '%s\n' "$OUT" | grep -c '^uid=65534 euid=65534$')" = 2 ] &&
                [ "$(printf '%s\n' "$users" | wc -l)" = 1 ] && [ -n "$users" ] && [ "$users" != "$host_user" ] &&
                ok "PrivateUsers=: ExecStartPre= and ExecStart= in one mapped user namespace, not the host's" ||
                not_ok "pus: rc=$RC users='$users' $(printf '%s' "$OUT" | tr '\n' '|') $(tr '\n' '|' <"$T/stderr")"
        unit pupc "PrivateUsers=yes" "ExecStart=$PROBE stat /proc/cpuinfo"
        run pupc
        expect "control: PrivateUsers= alone, /proc/cpuinfo visible" "stat /proc/cpuinfo=reg*"
        unit ppu "PrivateUsers=yes" "User=nobody" "PrivatePIDs=yes" "ExecStart=$PROBE pid uid"
        run ppu
        expect "PrivatePIDs= with PrivateUsers= and User=: PID 1" "pid=1 ppid=0"
        expect "PrivatePIDs= with PrivateUsers= and User=: the service uid is mapped" "uid=65534 euid=65534"
        # '+' commands run outside the run's PID namespace as root
        unit plus "ExecStartPre=+$PROBE ns" "ExecStart=$PROBE true"
        run plus
        case "$(field ns)" in *" pid=$HOST_PID "*) ok "'+' commands run in cordon's PID namespace" ;; *) not_ok "plus: $(field ns) rc=$RC" ;; esac

        # ------------------------------------------------ ProtectHostname=private (root: may change it)
        unit hp "ProtectHostname=private" "ExecStart=$PROBE hostname sethostname cordon-it-set hostname"
        run hp
        expect "ProtectHostname=private: starts with the host's name" "hostname=$HOST_UTS_NAME"
        expect "ProtectHostname=private: the service may change it" "sethostname cordon-it-set=OK"
        expect "ProtectHostname=private: and sees the new name" "hostname=cordon-it-set"
        if [ "$(uname -n)" = "$HOST_UTS_NAME" ]; then ok "the host's name is unchanged"; else not_ok "host hostname changed to $(uname -n)"; hostname "$HOST_UTS_NAME"; fi
        unit hy "ProtectHostname=yes" "ExecStart=$PROBE sethostname cordon-it-set"
        run hy
        expect "control: ProtectHostname=yes forbids changing it" "sethostname cordon-it-set=EPERM"
        if [ "$(uname -n)" = "$HOST_UTS_NAME" ]; then ok "the host's name is unchanged"; else not_ok "host hostname changed to $(uname -n)"; hostname "$HOST_UTS_NAME"; fi

        # ------------------------------------------------ NetworkNamespacePath=
        if [ "$NETNS_OK" = 1 ]; then
                NETINO=$(stat -L -c %i "/run/netns/$NETNS")
                unit nnp "NetworkNamespacePath=/run/netns/$NETNS" "ExecStart=$PROBE ifaces ns"
                run nnp
                expect "NetworkNamespacePath=: the namespace's interfaces (lo, a veth pair)" "ifaces=lo,cordon1,cordon0"
                case "$(field ns)" in *" net=$NETINO "*) ok "NetworkNamespacePath=: joined that very namespace" ;; *) not_ok "nnp: $(field ns) vs $NETINO rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
                unit nnp2 "PrivateNetwork=yes" "NetworkNamespacePath=/run/netns/$NETNS" "ExecStart=$PROBE ifaces"
                run nnp2
                expect "with PrivateNetwork=yes the path is joined, none created" "ifaces=lo,cordon1,cordon0"
                unit nnpu "PrivateUsers=yes" "NetworkNamespacePath=/run/netns/$NETNS" "ExecStart=$PROBE ifaces uid"
                run nnpu
                expect "with PrivateUsers= the path is joined before the user namespace" "ifaces=lo,cordon1,cordon0"
                unit nnpc "ExecStart=$PROBE ifaces"
                run nnpc
                case "$(field ifaces=)" in *cordon0*) not_ok "control: the veth pair is visible on the host" ;; ifaces=*) ok "control: without it the veth pair is not visible" ;; *) not_ok "nnpc rc=$RC" ;; esac
                unit nnn "Type=notify" "NetworkNamespacePath=/run/netns/$NETNS" "ExecStart=$PROBE notify READY=1" "ExecStartPost=$PROBE cwd"
                run nnn
                if [ "$RC" = 0 ] && printf '%s\n' "$OUT" | grep -qx "notify=OK" && printf '%s\n' "$OUT" | grep -qx "cwd=/"; then ok "Type=notify in a joined network namespace: READY=1 reaches cordon (socket file)"; else not_ok "nnn rc=$RC $(printf '%s' "$OUT" | tr '\n' '|') $(tr '\n' '|' <"$T/stderr")"; fi
                unit nnpw "NetworkNamespacePath=/proc/self/ns/ipc" "ExecStart=$PROBE ifaces"
                run nnpw
                expect_rc "NetworkNamespacePath= of another namespace type: EXIT_NETWORK" 225
                if grep -q "join-network" "$T/stderr"; then ok "the failure names the step"; else not_ok "nnpw: $(cat "$T/stderr")"; fi
                unit nnpf "NetworkNamespacePath=$T/nnpc.service" "ExecStart=$PROBE ifaces"
                run nnpf
                expect_rc "NetworkNamespacePath= of a plain file: EXIT_NETWORK" 225
                unit nnpm "NetworkNamespacePath=/run/netns/cordon-it-missing-$$" "ExecStart=$PROBE ifaces"
                run nnpm
                expect_rc "NetworkNamespacePath= missing: EXIT_NETWORK" 225
        else
                skip "NetworkNamespacePath=" "ip netns add or a veth pair failed"
        fi

        # ------------------------------------------------ IPCNamespacePath=
        if [ "$IPCNS_OK" = 1 ]; then
                IPCINO=$(stat -L -c %i "$IPCNS")
                # Three message queues in the joined namespace: its /proc/sysvipc/msg has 4 lines.
                for _ in 1 2 3; do nsenter --ipc="$IPCNS" ipcmk -Q >/dev/null 2>&1; done
                WANTQ=$(nsenter --ipc="$IPCNS" grep -c . /proc/sysvipc/msg)
                HOSTQ=$(grep -c . /proc/sysvipc/msg)
                unit ipp "IPCNamespacePath=$IPCNS" "ExecStart=$PROBE ns stat /dev/mqueue mountinfo"
                run ipp
                case "$(field ns)" in *" ipc=$IPCINO "*) ok "IPCNamespacePath=: joined that very namespace" ;; *) not_ok "ipp: $(field ns) vs $IPCINO rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
                if printf '%s\n' "$OUT" | grep -q '^mountinfo .* /dev/mqueue .* - mqueue '; then ok "IPCNamespacePath=: its own mqueue instance on /dev/mqueue"; else not_ok "ipp: no mqueue on /dev/mqueue"; fi
                if [ "$WANTQ" = 4 ] && [ "$HOSTQ" != 4 ]; then
                        unit ippq "IPCNamespacePath=$IPCNS" "ExecStart=/bin/sh -c 'grep -c . /proc/sysvipc/msg'"
                        run ippq
                        expect "IPCNamespacePath=: the service sees that namespace's queues" "4"
                        unit ippc "ExecStart=/bin/sh -c 'grep -c . /proc/sysvipc/msg'"
                        run ippc
                        expect "control: without it, the host's" "$HOSTQ"
                else
                        skip "IPCNamespacePath= message queues" "ipcmk gave $WANTQ lines, host $HOSTQ"
                fi
                unit ipw "IPCNamespacePath=/proc/self/ns/net" "ExecStart=$PROBE ns"
                run ipw
                expect_rc "IPCNamespacePath= of another namespace type: EXIT_NAMESPACE" 226
        else
                skip "IPCNamespacePath=" "cannot persist an IPC namespace with unshare --ipc=FILE"
        fi

        # ------------------------------------------------ PIDFile= holds the host's pid
        unit pf "Type=forking" "PIDFile=$W/pf.pid" "ExecStart=$PROBE daemon $W/pf.pid"
        rm -f "$W/pf.pid"
        (cd / && "$CORDON" run "$T/pf.service" >/dev/null 2>&1) &
        BG=$!
        pf_host() {
                d=$(pgrep -f "$PROBE daemon $W/pf.pid" | while read -r x; do
                        # the daemon: the one whose parent is the reaper
                        [ "$(cat "/proc/$(awk '/^PPid:/ {print $2}' "/proc/$x/status" 2>/dev/null)/comm" 2>/dev/null)" = cordon-init ] && echo "$x"
                done | head -n1)
                [ -n "$d" ] && [ "$(cat "$W/pf.pid" 2>/dev/null)" = "$d" ]
        }
        if wait_for pf_host; then ok "PIDFile= is rewritten with the daemon's host pid"; else not_ok "PIDFile= holds '$(cat "$W/pf.pid" 2>/dev/null)', daemon: $(pgrep -f "$PROBE daemon $W/pf.pid" | tr '\n' ' ')"; fi
        d=$(cat "$W/pf.pid" 2>/dev/null)
        if [ -n "$d" ] && [ "$(awk '/^NSpid:/ {print $NF}' "/proc/$d/status" 2>/dev/null)" != "$d" ]; then ok "control: the daemon's own pid differs (a namespace pid)"; else not_ok "pf: NSpid of '$d'"; fi
        if [ -n "$d" ] && kill -0 "$d" 2>/dev/null; then ok "host tools can signal the pid in the file"; else not_ok "pf: kill -0 '$d'"; fi
        cpid=$(cordon_main pf)
        [ -n "$cpid" ] && kill -TERM "$cpid"
        wait "$BG" 2>/dev/null
        BG=
        if wait_for daemon_gone "$W/pf.pid"; then ok "PIDFile= daemon stopped with the run"; else not_ok "pf daemon left"; pkill -9 -f "$PROBE daemon $W/pf.pid"; fi
}

suite_rootless() {
        # '+' commands rootless: cordon's user namespace may not leave the PID namespace
        unit plus "ExecStartPre=+$PROBE ns" "ExecStart=$PROBE true"
        run plus
        case "$(field ns)" in *" pid=$HOST_PID "*) not_ok "plus rootless: $(field ns)" ;; ns*) ok "rootless '+' commands run inside the run's PID namespace" ;; *) not_ok "plus rootless rc=$RC $(tr '\n' '|' <"$T/stderr")" ;; esac
        expect_rc "rootless '+' commands start" 0

        unit nnr "NetworkNamespacePath=/run/netns/whatever" "ExecStart=$PROBE ifaces"
        run nnr
        if [ "$RC" != 0 ] && grep -q "nnr.service:2: NetworkNamespacePath=" "$T/stderr"; then ok "rootless NetworkNamespacePath= is refused with file:line"; else not_ok "nnr rc=$RC $(tr '\n' '|' <"$T/stderr")"; fi
        unit hpr "ProtectHostname=private" "ExecStart=$PROBE sethostname cordon-it-set hostname"
        run hpr
        expect "rootless ProtectHostname=private: no capability to change it (uid not root inside)" "sethostname cordon-it-set=EPERM"
        if [ "$(uname -n)" = "$HOST_UTS_NAME" ]; then ok "the host's name is unchanged"; else not_ok "host hostname changed"; hostname "$HOST_UTS_NAME"; fi
}

# Namespace fixtures (made before the mount table snapshot: ip and unshare --ipc mount them).
NETNS_OK=0
ip netns add "$NETNS" 2>/dev/null && ip -n "$NETNS" link add cordon0 type veth peer name cordon1 && NETNS_OK=1
IPCNS_OK=0
touch "$IPCNS" && unshare --ipc="$IPCNS" true 2>/dev/null && IPCNS_OK=1
HOSTMNT_BEFORE=$(cut -d' ' -f5,6,10 /proc/self/mountinfo | sort)
MODE=root
suite_common
suite_root
MODE=rootless
suite_common
suite_rootless

# ---------------------------------------------------------------- a container's masked /proc
# Like docker/podman, mask a /proc file: the kernel then refuses a new procfs in a user
# namespace. A rootless run keeps the inherited /proc instead of failing; ProtectProc= fails.
MODE=rootless
MASK=
for f in /proc/kcore /proc/timer_list /proc/sched_debug /proc/keys; do [ -f "$f" ] && { MASK=$f; break; }; done
if [ -n "$MASK" ] && mount --bind /dev/null "$MASK" 2>/dev/null; then
        unit masked "ExecStart=$PROBE ns stat /proc/cpuinfo"
        run masked
        expect_rc "masked /proc: a rootless run still starts" 0
        case "$(field ns)" in *" pid=$HOST_PID "*) not_ok "masked: $(field ns)" ;; ns*) ok "masked /proc: still in the run's PID namespace" ;; *) not_ok "masked rc=$RC" ;; esac
        unit maskedp "ProcSubset=pid" "ExecStart=$PROBE stat /proc/cpuinfo"
        run maskedp
        expect_rc "masked /proc: ProcSubset= cannot be honoured, the start fails (226)" 226
        umount "$MASK"
else
        skip "masked /proc" "cannot bind /dev/null over a /proc file ($MASK)"
fi

# ---------------------------------------------------------------- nothing left behind (E094)
MODE=all
now=$(cut -d' ' -f5,6,10 /proc/self/mountinfo | sort)
if [ "$now" = "$HOSTMNT_BEFORE" ]; then ok "E094 no mounts leaked"; else not_ok "E094 mount table changed: $(printf '%s\n' "$now" | diff - "$(printf '%s\n' "$HOSTMNT_BEFORE" >"$T/mnt.before"; echo "$T/mnt.before")" | tr '\n' '|')"; fi
no_probe() { ! pgrep -f "^$PROBE" >/dev/null; }
# cordon, its reaper (cordon-init) and forwarders of this suite's runs (other runs on the machine
# are not ours): their command line names a unit in $T.
ours() {
        for p in $(pgrep -x cordon) $(pgrep -x cordon-init); do
                { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$T/" && echo "$p"
        done
}
no_cordon() { [ -z "$(ours)" ]; }
if wait_for no_probe; then ok "no probe process left"; else not_ok "probe processes left: $(pgrep -af "^$PROBE" | tr '\n' '|')"; fi
if wait_for no_cordon; then ok "no cordon, reaper or forwarder left"; else not_ok "cordon processes left: $(ours | tr '\n' ' ')"; fi
echo "1..$N"
exit "$FAILED"
