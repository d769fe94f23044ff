# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared helpers for tests/integration/real-*.sh: a real Debian daemon runs under `cordon run`
# with the unit file Debian ships, a real client talks to it over loopback, then cordon is
# stopped with SIGTERM and must leave no process, mount or directory behind. TAP output.
# Sourced (not executed) by each real-*.sh after it sets REAL_NAME and REAL_PKGS.
# Usage of a test: real-NAME.sh CORDON TESTS_SRCDIR
set -u

# Real root only (the daemons switch users and bind as root); the whole test runs in a private
# mount namespace so that mounts others make meanwhile cannot disturb the before/after mount
# comparison, and cordon's own mounts would still show up there if they leaked.
REAL_ROOT=0
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')" = "0 0 4294967295" ] && REAL_ROOT=1
if [ "$REAL_ROOT" = 1 ] && [ -z "${CORDON_REAL_PRIVATE_NS:-}" ] && command -v unshare >/dev/null; then
        CORDON_REAL_PRIVATE_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

CORDON=$(realpath "$1")
SRCDIR=$(realpath "$2")
UNITS=$SRCDIR/data/units
N=0
FAILED=0
CPID=
WORK=
EXTRA_PIDS=

ok() {
        N=$((N + 1))
        echo "ok $N - $REAL_NAME: $1"
}
not_ok() {
        N=$((N + 1))
        echo "not ok $N - $REAL_NAME: $1"
        FAILED=1
}
check() { # check DESCRIPTION COMMAND...
        local d=$1
        shift
        if "$@"; then ok "$d"; else not_ok "$d"; fi
}
diag() { sed 's/^/# /'; }

# Skips the whole file; under CI=true a skip is a failure (CHECK_DEPS installs the packages).
skip_all() {
        if [ "${CI:-}" = true ]; then
                echo "not ok 1 - $REAL_NAME: cannot run under CI=true: $1"
                echo "1..1"
                exit 1
        fi
        echo "1..0 # SKIP $1"
        exit 0
}

finish() {
        echo "1..$N"
        exit "$FAILED"
}

cleanup() {
        local p
        if [ -n "$CPID" ] && kill -0 "$CPID" 2>/dev/null; then
                kill -TERM "$CPID" 2>/dev/null
                for _ in $(seq 50); do kill -0 "$CPID" 2>/dev/null || break; sleep 0.1; done
                kill -KILL "$CPID" 2>/dev/null
        fi
        for p in $EXTRA_PIDS; do kill "$p" 2>/dev/null; done
        # A daemon that escaped cordon: end it by its pid (its argv names our work directory).
        if [ -n "$WORK" ]; then
                for p in $(pgrep -f -- "$WORK" 2>/dev/null); do
                        [ "$p" != $$ ] && kill -KILL "$p" 2>/dev/null
                done
                rm -rf "$WORK"
        fi
        [ -n "${REAL_CLEANUP_EXTRA:-}" ] && eval "$REAL_CLEANUP_EXTRA"
        return 0
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

real_prepare() {
        [ "$REAL_ROOT" = 1 ] || skip_all "needs-privilege: real root (the daemons switch users)"
        local p
        for p in $REAL_PKGS; do
                dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
                        skip_all "package $p is not installed (make check-deps installs it)"
        done
        # The units use fixed host paths (/run/ngircd, /run/privoxy.pid…): runs of the same
        # test from other build trees on this machine wait for each other (lock held until exit).
        mkdir -p /run/lock
        exec 9>"/run/lock/cordon-real-$REAL_NAME.lock" || skip_all "cannot create a lock file"
        flock -w 150 9 || skip_all "another real-$REAL_NAME test held the lock for 150 s"
        # Not below /tmp or /var/tmp (PrivateTmp= replaces those) nor /home (ProtectHome=).
        WORK=$(mktemp -d /var/lib/cordon-real-"$REAL_NAME".XXXXXX)
        chmod 755 "$WORK"
        mounts_before=$(mount_points)
        dirs_before=$(leftover_candidates)
}

# real_no_other_instance PROCNAME : the units use fixed host paths (/run/ngircd, /run/knot,
# /run/privoxy.pid), so another instance of the daemon would collide with ours. Under CI=true
# one started by the package's init script during `make check-deps` (apt on a machine without
# systemd and without a policy-rc.d) is stopped through that script; elsewhere the test skips.
real_no_other_instance() {
        pgrep -x "$1" >/dev/null || return 0
        if [ "${CI:-}" = true ] && [ -x "/etc/init.d/$REAL_NAME" ]; then
                "/etc/init.d/$REAL_NAME" stop >/dev/null 2>&1
                for _ in $(seq 100); do pgrep -x "$1" >/dev/null || return 0; sleep 0.1; done
        fi
        skip_all "another $1 is running (it would share this unit's fixed /run paths)"
}

mount_points() { awk '{print $5}' /proc/self/mountinfo | sort; }

# Host paths cordon (like systemd) may create for a service and must remove again.
leftover_candidates() {
        ls -d /tmp/systemd-private-* /var/tmp/systemd-private-* /run/credentials/* \
                /tmp/cordon-notify.* /run/cordon-notify.* /run/cordon/* /run/cordon/*/* \
                2>/dev/null | sort
}

# A free TCP port on 127.0.0.1 (random, so that a daemon left running by a package install or
# another test cannot answer in our place).
free_port() {
        local p
        for _ in $(seq 100); do
                p=$((20000 + RANDOM % 20000))
                if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
                        echo "$p"
                        return 0
                fi
        done
        return 1
}

# start_cordon ARGS... : cordon run in the background, its output in $WORK/cordon.log.
start_cordon() {
        "$CORDON" run "$@" >"$WORK/cordon.log" 2>&1 </dev/null &
        CPID=$!
}

# wait_port PORT [SECONDS] : until 127.0.0.1:PORT accepts, cordon dies, or the deadline passes.
wait_port() {
        local end=$((SECONDS + ${2:-30}))
        while [ $SECONDS -lt $end ]; do
                if timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; then return 0; fi
                kill -0 "$CPID" 2>/dev/null || return 1
                sleep 0.1
        done
        return 1
}

# wait_file PATH [SECONDS] : until PATH exists and is not empty (a forking daemon's PID file).
wait_file() {
        local end=$((SECONDS + ${2:-30}))
        while [ $SECONDS -lt $end ]; do
                [ -s "$1" ] && return 0
                kill -0 "$CPID" 2>/dev/null || return 1
                sleep 0.1
        done
        return 1
}

# stop_cordon [SECONDS] : SIGTERM to cordon (like `systemctl stop`); sets CRC to its exit status
# or to "timeout" when it did not exit in time.
stop_cordon() {
        local end=$((SECONDS + ${1:-30}))
        CRC=timeout
        kill -TERM "$CPID" 2>/dev/null
        while [ $SECONDS -lt $end ]; do
                if ! kill -0 "$CPID" 2>/dev/null; then
                        wait "$CPID"
                        CRC=$?
                        CPID=
                        return 0
                fi
                sleep 0.1
        done
        return 1
}

# The common end of every test: stop, then nothing may be left behind.
# stop_and_check_clean EXPECTED_STATUS... (the statuses systemd counts as a clean stop)
stop_and_check_clean() {
        local s good=0 dirs_during
        dirs_during=$(leftover_candidates)
        if [ -n "$CPID" ]; then # (else the test already stopped it and judged the status)
                stop_cordon 30
                for s in "$@"; do [ "$CRC" = "$s" ] && good=1; done
                check "cordon exits after SIGTERM with a clean-stop status (got $CRC, want one of: $*)" \
                        [ "$good" = 1 ]
                [ "$good" = 1 ] || diag <"$WORK/cordon.log"
        fi
        local left
        # Processes whose argv names our work directory, except this script and its own
        # helpers (EXTRA_PIDS: clients, a local HTTP server).
        local p
        left=
        for p in $(pgrep -f -- "$WORK"); do
                case " $$ $EXTRA_PIDS " in *" $p "*) ;; *) left="$left $p" ;; esac
        done
        check "no process of the service survives" [ -z "$left" ]
        [ -z "$left" ] || ps -o pid,user,args -p "$(echo $left | tr ' ' ,)" | diag
        local added
        added=$(comm -13 <(echo "$mounts_before") <(mount_points))
        check "no mount left behind on the host" [ -z "$added" ]
        [ -z "$added" ] || echo "$added" | diag
        # Other cordon runs on the machine create and remove such paths too: count only what
        # existed while our service ran or names our unit, and is still there a moment later.
        added=$(comm -13 <(echo "$dirs_before") <(leftover_candidates) |
                grep -xF -f <(echo "$dirs_during"; ls -d /run/credentials/*"$REAL_NAME"* 2>/dev/null) || true)
        [ -z "$added" ] || sleep 1
        added=$(for s in $added; do [ -e "$s" ] && echo "$s"; done)
        check "no private/credentials/runtime directory left behind" [ -z "$added" ]
        [ -z "$added" ] || echo "$added" | diag
}
