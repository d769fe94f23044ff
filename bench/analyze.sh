#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark `cordon analyze security` against `systemd-analyze security --offline=true`: the whole
# sample (tests/data/units, every .service file) in ONE invocation of each tool. Prints µs per
# unit for both, the ratio (target: cordon ≥ 50× faster) and, for scale, the cost of only
# reading the files. Usage: bench/analyze.sh [CORDON] [RUNS]
set -u
cordon=${1:-build/src/cli/cordon}
runs=${2:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
units=$(find "$top/tests/data/units" -name '*.service' -type f ! -path '*/_reference/*' | sort)
n=$(printf '%s\n' "$units" | wc -l)

now_ns() { date +%s%N; }

# best of $runs wall-clock times, in ns, of "$@" with the unit list appended
best() {
        b=0
        i=0
        while [ "$i" -lt "$runs" ]; do
                t0=$(now_ns)
                # shellcheck disable=SC2086
                LANG=C.UTF-8 "$@" $units >/dev/null 2>&1
                t1=$(now_ns)
                d=$((t1 - t0))
                if [ "$b" = 0 ] || [ "$d" -lt "$b" ]; then b=$d; fi
                i=$((i + 1))
        done
        echo "$b"
}

per_unit_us() { # ns → "µs per unit" with one decimal
        awk -v ns="$1" -v n="$n" 'BEGIN { printf "%.1f", ns / n / 1000 }'
}

echo "analyze security: $n units in one invocation, best of $runs runs"
c=$(best "$cordon" analyze security --offline=true --no-pager)
echo "  cordon:          $(per_unit_us "$c") µs/unit"
r=$(best cat)
echo "  reading files:   $(per_unit_us "$r") µs/unit (cat, for scale)"
if command -v systemd-analyze >/dev/null 2>&1; then
        s=$(best systemd-analyze security --offline=true --no-pager)
        echo "  systemd-analyze: $(per_unit_us "$s") µs/unit ($(systemd-analyze --version | head -n1))"
        awk -v s="$s" -v c="$c" 'BEGIN {
                ratio = s / c
                verdict = "MISSED"
                if (ratio >= 50) verdict = "met"
                printf "  ratio:           %.1f× (target ≥ 50×: %s)\n", ratio, verdict
        }'
else
        echo "  systemd-analyze: not installed, no ratio"
fi

# CPU time (user+sys) is steadier than wall time on a loaded machine; needs GNU time.
if [ -x /usr/bin/time ]; then
        cpu() { # → seconds of user+sys CPU for one run
                # shellcheck disable=SC2086
                LANG=C.UTF-8 /usr/bin/time -f '%U %S' "$@" $units 2>&1 >/dev/null | tail -n1 |
                        awk '{ print $1 + $2 }'
        }
        cc=$(cpu "$cordon" analyze security --offline=true --no-pager)
        echo "  cordon CPU:          $(awk -v t="$cc" -v n="$n" 'BEGIN { printf "%.1f", t * 1e6 / n }') µs/unit"
        if command -v systemd-analyze >/dev/null 2>&1; then
                sc=$(cpu systemd-analyze security --offline=true --no-pager)
                echo "  systemd-analyze CPU: $(awk -v t="$sc" -v n="$n" 'BEGIN { printf "%.1f", t * 1e6 / n }') µs/unit"
                awk -v s="$sc" -v c="$cc" 'BEGIN { if (c > 0) printf "  CPU ratio:           %.1f×\n", s / c }'
        fi
fi
