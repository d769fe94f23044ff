#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Benchmark `cordon analyze security` against `systemd-analyze security --offline=true`: the whole
# sample (tests/data/units, every .service file) in ONE invocation of each tool. Prints µs per
# unit for both, the ratio (issue #3's target: cordon ≥ 50× faster) and, for scale, the cost of
# only reading the files (cat) and of starting cordon at all (--version).
# Usage: bench/analyze.sh [CORDON] [RUNS]
# Uses hyperfine -N when installed (same warm-up and run count for every command, medians),
# else a shell loop (best of RUNS wall-clock times). Both tools read the same, already cached
# files: every command gets the same warm-up runs. Wall time on a busy machine is noisy; the
# CPU lines (user+sys) are steadier.
set -u
cordon=${1:-build/src/cli/cordon}
runs=${2:-20}
top=$(cd "$(dirname "$0")/.." && pwd)
units=$(find "$top/tests/data/units" -name '*.service' -type f ! -path '*/_reference/*' | sort)
n=$(printf '%s\n' "$units" | wc -l)
have_sa=false
command -v systemd-analyze >/dev/null 2>&1 && have_sa=true
export LANG=C.UTF-8

# µs per unit with one decimal, from seconds (hyperfine) or nanoseconds (loop)
per_unit_s() { awk -v s="$1" -v n="$n" 'BEGIN { printf "%.1f", s * 1e6 / n }'; }
per_unit_ns() { awk -v ns="$1" -v n="$n" 'BEGIN { printf "%.1f", ns / n / 1000 }'; }
ms_s() { awk -v s="$1" 'BEGIN { printf "%.2f", s * 1e3 }'; }

verdict() { # ratio → text
        awk -v r="$1" 'BEGIN {
                v = "MISSED"
                if (r >= 50) v = "met"
                printf "%.1f× (target ≥ 50×: %s)", r, v
        }'
}

echo "analyze security: $n units in one invocation"

if command -v hyperfine >/dev/null 2>&1; then
        csv=$(mktemp)
        trap 'rm -f "$csv"' EXIT
        set -- -n cordon "$cordon analyze security --offline=true --no-pager $(echo $units)" \
                -n cat "cat $(echo $units)" \
                -n startup "$cordon --version"
        if $have_sa; then
                set -- "$@" -n systemd-analyze \
                        "systemd-analyze security --offline=true --no-pager $(echo $units)"
        fi
        # -i: both analyzers exit non-zero when a unit is refused (as systemd does)
        hyperfine -N -i -w 3 -r "$runs" --style none --export-csv "$csv" "$@" >/dev/null 2>&1 || {
                echo "  hyperfine failed"
                exit 1
        }
        # command,mean,stddev,median,user,system,min,max (seconds)
        get() { awk -F, -v c="$1" -v f="$2" '$1 == c {
                if (f == "median") print $4; else if (f == "cpu") print $5 + $6; else if (f == "min") print $7
        }' "$csv"; }
        cm=$(get cordon median)
        echo "  (hyperfine -N, $runs runs after 3 warm-ups, median wall time; CPU = user+sys mean)"
        echo "  cordon:          $(per_unit_s "$cm") µs/unit ($(ms_s "$cm") ms total, min $(ms_s "$(get cordon min)") ms, CPU $(per_unit_s "$(get cordon cpu)") µs/unit)"
        echo "  cordon start-up: $(ms_s "$(get startup median)") ms (--version, included above)"
        echo "  reading files:   $(per_unit_s "$(get cat median)") µs/unit (cat, for scale)"
        if $have_sa; then
                sm=$(get systemd-analyze median)
                echo "  systemd-analyze: $(per_unit_s "$sm") µs/unit ($(ms_s "$sm") ms total, CPU $(per_unit_s "$(get systemd-analyze cpu)") µs/unit; $(systemd-analyze --version | head -n1))"
                echo "  ratio:           $(verdict "$(awk -v s="$sm" -v c="$cm" 'BEGIN { print s / c }')")"
                echo "  CPU ratio:       $(awk -v s="$(get systemd-analyze cpu)" -v c="$(get cordon cpu)" 'BEGIN { if (c > 0) printf "%.1f×", s / c }')"
        else
                echo "  systemd-analyze: not installed, no ratio"
        fi
        exit 0
fi

now_ns() { date +%s%N; }

# best of $runs wall-clock times, in ns, of "$@" with the unit list appended (after one warm-up)
best() {
        b=0
        i=-1
        while [ "$i" -lt "$runs" ]; do
                t0=$(now_ns)
                # shellcheck disable=SC2086
                "$@" $units >/dev/null 2>&1
                t1=$(now_ns)
                d=$((t1 - t0))
                if [ "$i" -ge 0 ] && { [ "$b" = 0 ] || [ "$d" -lt "$b" ]; }; then b=$d; fi
                i=$((i + 1))
        done
        echo "$b"
}

echo "  (no hyperfine: shell loop, best of $runs wall-clock times incl. fork/exec of the shell)"
c=$(best "$cordon" analyze security --offline=true --no-pager)
echo "  cordon:          $(per_unit_ns "$c") µs/unit"
r=$(best cat)
echo "  reading files:   $(per_unit_ns "$r") µs/unit (cat, for scale)"
if $have_sa; then
        s=$(best systemd-analyze security --offline=true --no-pager)
        echo "  systemd-analyze: $(per_unit_ns "$s") µs/unit ($(systemd-analyze --version | head -n1))"
        echo "  ratio:           $(verdict "$(awk -v s="$s" -v c="$c" 'BEGIN { print s / c }')")"
else
        echo "  systemd-analyze: not installed, no ratio"
fi
