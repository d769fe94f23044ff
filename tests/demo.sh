#!/bin/sh
# `make demo`: the main job on the bundled examples — three stages of hardening one service.
set -eu
cordon=${1:-build/src/cli/cordon}
here=$(cd "$(dirname "$0")/.." && pwd)
ex="$here/examples"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "cordon show: effective sandbox settings of stage 3 (after implied settings)"
"$cordon" show --origin -p DynamicUser,ProtectSystem,ProtectHome,PrivateTmp,NoNewPrivileges,RestrictSUIDSGID,CapabilityBoundingSet,RestrictAddressFamilies,SystemCallFilter "$ex/dness-3-sandboxed.service" | cut -c1-160

say "cordon lint: problems systemd would silently accept"
"$cordon" lint "$ex"/dness-*.service || true

for s in 1-baseline 2-dynamicuser 3-sandboxed; do
        say "cordon analyze security: dness-$s"
        "$cordon" analyze security "$ex/dness-$s.service" | tail -n 1
done

say "cordon analyze security --explain: what to change next in stage 3"
"$cordon" analyze security --explain "$ex/dness-3-sandboxed.service" | sed -n '/[Ee]xplain\|lower/,$p' | head -n 12

say "cordon run --dry-run: the sandbox stage 3 would get, without systemd (first lines)"
"$cordon" run --dry-run "$ex/dness-3-sandboxed.service" 2>&1 | head -n 16
