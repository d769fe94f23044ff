#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Start-up cost of `cordon run` for /bin/true under a hardened unit (the filesystem and namespace
# directives of the third stage in shared/examples, dness-3), against the closest bubblewrap
# command line and a bare fork+exec, in one run. Prints medians (µs) and ratios. Targets: cordon
# no slower than bubblewrap and within 2 ms of bare. Uses hyperfine when installed, else a shell
# loop (which adds the same fork cost to every column). Usage: bench/run-startup.sh [CORDON] [RUNS]
set -u
cordon=$(realpath "${1:-build/src/cli/cordon}")
runs=${2:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/bench.service" <<UNIT
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
# --lenient: the capability and seccomp halves of some directives are run part 2.
set -- "$cordon" run --lenient "$tmp/bench.service"
"$@" 2>/dev/null || { echo "cordon run failed:"; "$@"; exit 1; }

home_args=""
for d in /home /root /run/user; do [ -d "$d" ] && home_args="$home_args --tmpfs $d"; done
bwrap_cmd="bwrap --ro-bind / / --dev /dev --bind /proc /proc --tmpfs /tmp --tmpfs /var/tmp$home_args --unshare-uts --die-with-parent /bin/true"
have_bwrap=0
if command -v bwrap >/dev/null && $bwrap_cmd 2>/dev/null; then have_bwrap=1; else echo "bubblewrap not available or not working here: skipping its column"; fi

median_us() { # median_us CMD...: median wall time in µs over $runs runs
        if command -v hyperfine >/dev/null; then
                hyperfine -N --warmup 20 --runs "$runs" --export-json "$tmp/h.json" "$*" >/dev/null 2>&1
                awk -F'[:,]' '/"median"/ { printf "%.0f\n", $2 * 1e6; exit }' "$tmp/h.json"
        else
                i=0
                : >"$tmp/t"
                while [ "$i" -lt "$runs" ]; do
                        t0=$(date +%s%N)
                        "$@" >/dev/null 2>&1
                        t1=$(date +%s%N)
                        echo $(((t1 - t0) / 1000)) >>"$tmp/t"
                        i=$((i + 1))
                done
                sort -n "$tmp/t" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
        fi
}

echo "start-up of /bin/true, median of $runs runs ($(command -v hyperfine >/dev/null && echo hyperfine || echo shell loop))"
bare=$(median_us /bin/true)
cor=$(median_us "$cordon" run --lenient "$tmp/bench.service")
echo "  bare fork+exec:   $bare µs"
echo "  cordon run:       $cor µs  ($((cor - bare)) µs over bare; target ≤ 2000)"
if [ "$have_bwrap" = 1 ]; then
        bw=$(median_us $bwrap_cmd)
        echo "  bubblewrap:       $bw µs"
        awk -v c="$cor" -v b="$bw" 'BEGIN { printf "  ratio cordon/bubblewrap: %.2f (target ≤ 1.00)\n", c / b }'
fi
awk -v c="$cor" -v b="$bare" 'BEGIN { printf "  ratio cordon/bare:       %.2f\n", c / b }'
