#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Start-up cost of `cordon run` for /bin/true (issues #4 and #5 "Performance"), in one run with
# every column interleaved (bench/startup-runner.c: fork + exec + wait, no shell):
#   bare       /bin/true
#   part 1     the filesystem and namespace directives of the third stage of the examples
#              (dness-3): cordon run vs the closest bubblewrap command line, and vs the same
#              with --unshare-pid --proc /proc (cordon always runs the service in a PID
#              namespace as root, so that every process of it dies with cordon)
#   full       the whole third stage (DynamicUser=, PrivateUsers=, capabilities, 13 seccomp
#              filters…): cordon run vs bubblewrap with --unshare-all --share-net, --uid,
#              --cap-drop ALL and cordon's own seccomp programs (--add-seccomp-fd, same BPF)
# Prints medians (µs), ratios to bubblewrap and the distance to bare in ms. Targets: cordon no
# slower than bubblewrap and within 2 ms of bare. Run as root for the full comparison (the
# third stage needs DynamicUser=); rootless, only part 1 is measured.
# Usage: bench/run-startup.sh [CORDON] [RUNS]
set -u
cordon=$(realpath "${1:-build/src/cli/cordon}")
runs=${2:-200}
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "$(dirname "$cordon")/../.." && pwd)
runner=$build/tests/startup-runner
if [ ! -x "$runner" ]; then
        echo "start-up bench: $runner not built (ninja -C $build tests/startup-runner)" >&2
        exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/part1.service" <<UNIT
[Service]
Type=oneshot
ExecStart=/bin/true
PrivateTmp=yes
PrivateDevices=yes
ProtectSystem=strict
ProtectHome=yes
ProtectControlGroups=yes
ProtectHostname=yes
ProtectKernelLogs=yes
ProtectKernelModules=yes
ProtectKernelTunables=yes
UNIT
stage3=$here/../examples/dness-3-sandboxed.service
[ -f "$stage3" ] || stage3=/work/shared/examples/dness-3-sandboxed.service
# The third stage as written, with /bin/true for the daemon.
sed -e 's|^ExecStart=.*|ExecStart=/bin/true|' "$stage3" >"$tmp/full.service"

home_args=""
for d in /home /root /run/user; do [ -d "$d" ] && home_args="$home_args --tmpfs $d"; done
bwrap_p1="bwrap --ro-bind / / --dev /dev --bind /proc /proc --tmpfs /tmp --tmpfs /var/tmp$home_args --unshare-uts --die-with-parent /bin/true"
# The same with the guarantee cordon gives every run (issue #4: "the service dies with cordon",
# also daemons that left the main process): a PID namespace, whose init bubblewrap itself is, and
# the /proc that goes with it.
bwrap_p1_pid="bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /var/tmp$home_args --unshare-uts --unshare-pid --die-with-parent /bin/true"

works() { "$@" >/dev/null 2>&1; }
bw=$(command -v bwrap || true)
cols="bare||/bin/true"
# shellcheck disable=SC2086 # a command line, split on purpose
if [ -n "$bw" ] && works $bwrap_p1; then
        cols="$cols
bwrap-p1||$bw ${bwrap_p1#bwrap }
bwrap-p1-pid||$bw ${bwrap_p1_pid#bwrap }"
else
        echo "bubblewrap not available or not working here: no bubblewrap columns"
        bw=""
fi
works "$cordon" run --lenient "$tmp/part1.service" || {
        echo "cordon run failed on the part 1 unit:"
        "$cordon" run --lenient "$tmp/part1.service"
        exit 1
}
cols="$cols
cordon-p1||$cordon run --lenient $tmp/part1.service"

full=0
if [ "$(id -u)" = 0 ] && works "$cordon" run "$tmp/full.service"; then
        full=1
        cols="$cols
cordon-full||$cordon run $tmp/full.service"
        n=$("$runner" --export-bpf "$tmp/full.service" "$tmp") || n=0
        if [ -n "$bw" ] && [ "$n" -gt 0 ]; then
                fds="" seccomp_args="" i=0
                while [ "$i" -lt "$n" ]; do
                        fd=$((10 + i))
                        f=$(printf '%s/%02d.bpf' "$tmp" "$i")
                        fds="$fds${fds:+,}$fd=$f"
                        seccomp_args="$seccomp_args --add-seccomp-fd $fd"
                        i=$((i + 1))
                done
                bwrap_full="--unshare-all --share-net --uid 61184 --gid 61184 --cap-drop ALL --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp --tmpfs /var/tmp$home_args --die-with-parent --new-session$seccomp_args /bin/true"
                cols="$cols
bwrap-full|$fds|$bw $bwrap_full"
        fi
else
        echo "the full third stage needs root (DynamicUser=): measuring part 1 only"
fi

echo "start-up of /bin/true: median of $runs interleaved runs per column"
echo "  (wall µs, p10-p90; CPU µs: user+system of all processes of a run, less load-sensitive;"
echo "   cs: their context switches, each a wait for another process or a time slice)"
IFS='
'
# shellcheck disable=SC2086
"$runner" "$runs" 10 $cols >"$tmp/out" || exit 1
unset IFS
get() { awk -v k="$1" '$1 == k { print $2 }' "$tmp/out"; }
show() { awk -v k="$1" -v t="$2" '$1 == k { printf "  %-44s %6d  (%d-%d)  cpu %d  cs %d\n", t, $2, $3, $4, $5, $6 }' "$tmp/out"; }
getcpu() { awk -v k="$1" '$1 == k { print $5 }' "$tmp/out"; }
verdict() { # verdict CORDON BWRAP
        awk -v c="$(get "$1")" -v b="$(get "$2")" -v z="$(get bare)" -v cc="$(getcpu "$1")" \
                -v bc="$(getcpu "$2")" -v zc="$(getcpu bare)" 'BEGIN {
                if (b != "") printf "    cordon/bubblewrap %.2f (target <= 1.00)", c / b
                printf "    cordon - bare %+.2f ms (target <= 2 ms)\n", (c - z) / 1000
                if (bc != "") printf "    cpu: cordon/bubblewrap %.2f", cc / bc
                printf "    cordon - bare %+.2f ms\n", (cc - zc) / 1000 }'
}
show bare "bare fork+exec"
echo " part 1 (third stage's filesystem and namespace directives):"
show bwrap-p1 "bubblewrap (closest flags)"
show bwrap-p1-pid "bubblewrap + --unshare-pid --proc /proc"
show cordon-p1 "cordon run --lenient"
verdict cordon-p1 bwrap-p1
echo "   against bubblewrap with a PID namespace (what cordon always has as root):"
verdict cordon-p1 bwrap-p1-pid
if [ "$full" = 1 ]; then
        echo " full third stage (DynamicUser=, PrivateUsers=, caps, seccomp):"
        show bwrap-full "bubblewrap (--unshare-all, --uid, same BPF)"
        show cordon-full "cordon run"
        verdict cordon-full bwrap-full
        echo " bubblewrap cannot match: a dynamic uid allocated, locked and released per run,"
        echo " RemoveIPC= at stop, the per-directive read-only /proc and /sys entries, a clean"
        echo " environment; it adds a network-less --unshare-all (net shared here) and --new-session."
fi
