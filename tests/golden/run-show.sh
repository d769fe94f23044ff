#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden test for `cordon show`: every case in golden/show/CASES is shown from the tests source
# directory with --root=golden/show (no host units or drop-ins) and compared byte for byte with
# golden/show/NAME.show (absolute paths shortened to paths relative to tests/). JSON cases must
# also parse. Usage: run-show.sh CORDON TESTS_SOURCE_DIR   (UPDATE_GOLDEN=1 rewrites the files)
set -u
cordon=$(realpath "$1")
src=$(realpath "$2")
golden=$src/golden/show
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
failed=()

report() { # name ok|fail message
        if [ "$2" = ok ]; then
                pass=$((pass + 1))
        else
                fail=$((fail + 1))
                failed+=("$1: $3")
        fi
}

run_case() { # name unit args
        local name=$1 unit=$2 args=$3 rc
        # shellcheck disable=SC2086 # args is a word list on purpose
        (cd "$src" && "$cordon" show --root=golden/show $args "$unit" >"$tmp/raw" 2>"$tmp/err")
        rc=$?
        sed -e "s|$src/||g" "$tmp/raw" >"$tmp/out"

        if [ "$rc" != 0 ]; then
                report "$name" fail "exit code $rc ($(head -c 200 "$tmp/err"))"
                return
        fi
        if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                cp "$tmp/out" "$golden/$name.show"
        fi
        if [ ! -f "$golden/$name.show" ]; then
                report "$name" fail "no expected file $name.show (run with UPDATE_GOLDEN=1)"
                return
        fi
        if cmp -s "$golden/$name.show" "$tmp/out"; then
                report "$name" ok
        else
                report "$name" fail "output differs"
                [ "${VERBOSE:-0}" = 1 ] && diff -u "$golden/$name.show" "$tmp/out" | head -n 40
        fi
        case " $args " in
        *" --json "*)
                if command -v python3 >/dev/null; then
                        if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"; then
                                report "$name (json parses)" ok
                        else
                                report "$name (json parses)" fail "invalid JSON"
                        fi
                fi
                ;;
        esac
}

while IFS='|' read -r name unit args; do
        case "$name" in '' | '#'*) continue ;; esac
        run_case "$name" "$unit" "$args"
done <"$golden/CASES"

# Several units: text output separates them with an empty line.
(cd "$src" && "$cordon" show --root=golden/show -p Id golden/show/units/dness-1-baseline.service \
        golden/show/units/dness-2-dynamicuser.service >"$tmp/two" 2>/dev/null)
if [ "$(cat "$tmp/two")" = "$(printf 'Id=dness-1-baseline.service\n\nId=dness-2-dynamicuser.service')" ]; then
        report "two units" ok
else
        report "two units" fail "$(head -c 200 "$tmp/two")"
fi

# A missing unit is an error.
if (cd "$src" && "$cordon" show golden/show/units/does-not-exist.service >/dev/null 2>&1); then
        report "missing unit" fail "exit 0"
else
        report "missing unit" ok
fi

echo "golden-show: $pass passed, $fail failed"
for m in "${failed[@]+"${failed[@]}"}"; do
        echo "  FAIL $m"
done
[ "$fail" = 0 ]
