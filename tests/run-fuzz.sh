#!/bin/sh
# `make fuzz`: runs every libFuzzer target for N seconds, starting from its committed corpus.
# New interesting inputs go to .fuzz-work/<target>; crashers stop the run (copy them into
# fuzz/corpora/<target> once fixed so they replay in make check).
set -eu
build=$1
secs=${2:-60}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$here/.fuzz-work"
for t in "$build"/fuzz/fuzz-*; do
        case "$t" in *-replay) continue ;; esac
        [ -x "$t" ] || continue
        name=$(basename "$t")
        corpus="$here/fuzz/corpora/${name#fuzz-}"
        work="$here/.fuzz-work/$name"
        mkdir -p "$work"
        echo "== $name for ${secs}s"
        "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
                -artifact_prefix="$work/" "$work" "$corpus"
done
