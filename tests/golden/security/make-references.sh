#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Regenerates tests/golden/security/expected/ from the local systemd-analyze (must be systemd 252,
# as the other references): for every cases/NAME.service (extra options in NAME.args), stdout and
# exit code in UTF-8 and ASCII locales, and the --json=short and --json=pretty outputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
systemd-analyze --version | head -n1 | grep -q '^systemd 252 ' ||
        { echo "need systemd 252's systemd-analyze" >&2; exit 1; }
mkdir -p "$here/expected"
cd "$here/cases"
for f in *.service; do
        name=${f%.service}
        args=()
        [ -f "$name.args" ] && read -r -a args <"$name.args"
        run() { # LANG, extra…
                local lang=$1
                shift
                LANG=$lang TERM=xterm SYSTEMD_COLORS=0 NO_COLOR=1 systemd-analyze security \
                        --offline=true --no-pager "${args[@]+"${args[@]}"}" "$@" "./$f" 2>/dev/null
        }
        set +e
        run C.UTF-8 >"$here/expected/$name.txt"
        echo $? >"$here/expected/$name.rc"
        run C >"$here/expected/$name.ascii.txt"
        run C.UTF-8 --json=short >"$here/expected/$name.json"
        run C.UTF-8 --json=pretty >"$here/expected/$name.pretty.json"
        set -e
done
