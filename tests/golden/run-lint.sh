#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden test for `cordon lint --format=json`: every case in golden/lint/CASES is linted from the
# tests source directory with --root=golden/lint/root (a fixed /etc/passwd, no host drop-ins) and
# compared byte for byte with golden/lint/NAME.json (absolute paths shortened to paths relative to
# tests/). The exit code must be 1 exactly when a finding is at warning level or above, else 0.
# Also checks that text and SARIF output run and agree on the number of findings.
# Usage: run-lint.sh CORDON TESTS_SOURCE_DIR   (UPDATE_GOLDEN=1 rewrites the expected files)
set -u
cordon=$(realpath "$1")
src=$(realpath "$2")
golden=$src/golden/lint
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
        local name=$1 unit=$2 args=$3 rc expect_rc n_json n_text n_sarif
        # shellcheck disable=SC2086 # args is a word list on purpose
        (cd "$src" && "$cordon" lint --format=json --root=golden/lint/root $args "$unit" \
                >"$tmp/raw.json" 2>"$tmp/err")
        rc=$?
        sed -e "s|$src/||g" "$tmp/raw.json" >"$tmp/out.json"

        if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                cp "$tmp/out.json" "$golden/$name.json"
        fi
        if [ ! -f "$golden/$name.json" ]; then
                report "$name" fail "no expected file $name.json (run with UPDATE_GOLDEN=1)"
                return
        fi
        if cmp -s "$golden/$name.json" "$tmp/out.json"; then
                report "$name" ok
        else
                report "$name" fail "JSON differs"
                [ "${VERBOSE:-0}" = 1 ] && diff -u "$golden/$name.json" "$tmp/out.json" | head -n 40
        fi

        if grep -Eq '"severity" *: *"(error|warning)"' "$tmp/out.json"; then
                expect_rc=1
        else
                expect_rc=0
        fi
        if [ "$rc" = "$expect_rc" ]; then
                report "$name (exit)" ok
        else
                report "$name (exit)" fail "exit code $rc, expected $expect_rc ($(head -c 200 "$tmp/err"))"
        fi

        # Both JSON outputs parse (when python3 is there to tell).
        if command -v python3 >/dev/null; then
                # shellcheck disable=SC2086,SC2016 # python code, not shell expansions
                if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json" &&
                        (cd "$src" && "$cordon" lint --format=sarif --root=golden/lint/root $args \
                                "$unit" 2>/dev/null) | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["version"] == "2.1.0" and "$schema" in d
run = d["runs"][0]
ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
for r in run["results"]:
    assert r["ruleId"] in ids and r["level"] in ("error", "warning", "note")
    assert r["message"]["text"]
    loc = r["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"]
'; then
                        report "$name (json parses)" ok
                else
                        report "$name (json parses)" fail "invalid JSON or SARIF"
                fi
        fi

        # The other formats describe the same findings.
        n_json=$(grep -Ec '"rule" *: ' "$tmp/out.json")
        # shellcheck disable=SC2086
        n_text=$(cd "$src" && "$cordon" lint --root=golden/lint/root $args "$unit" 2>/dev/null |
                grep -c ' \[[a-z0-9-]*\]$')
        # shellcheck disable=SC2086
        n_sarif=$(cd "$src" && "$cordon" lint --format=sarif --root=golden/lint/root $args \
                "$unit" 2>/dev/null | grep -Ec '"ruleId" *: ')
        if [ "$n_json" = "$n_text" ] && [ "$n_json" = "$n_sarif" ]; then
                report "$name (formats)" ok
        else
                report "$name (formats)" fail "json $n_json, text $n_text, sarif $n_sarif findings"
        fi
}

while IFS='|' read -r name unit args; do
        case "$name" in '' | '#'*) continue ;; esac
        run_case "$name" "$unit" "$args"
done <"$golden/CASES"

# A missing unit is an I/O error: exit 2.
(cd "$src" && "$cordon" lint golden/lint/units/does-not-exist.service >/dev/null 2>&1)
rc=$?
if [ "$rc" = 2 ]; then report "missing unit" ok; else report "missing unit" fail "exit $rc"; fi

# --severity=error hides warnings, so a unit with only warnings passes.
(cd "$src" && "$cordon" lint --severity=error --root=golden/lint/root \
        golden/lint/units/allowlist.service >"$tmp/sev" 2>&1)
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/sev" ]; then
        report "--severity=error" ok
else
        report "--severity=error" fail "exit $rc, output $(head -c 200 "$tmp/sev")"
fi

# --ignore drops the named rules (the unit's only warning here) and refuses unknown ids.
(cd "$src" && "$cordon" lint --ignore=syscall-filter-allows-privileged,kill-mode-none \
        --root=golden/lint/root golden/lint/units/allowlist.service >"$tmp/ign" 2>&1)
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/ign" ]; then
        report "--ignore" ok
else
        report "--ignore" fail "exit $rc, output $(head -c 200 "$tmp/ign")"
fi
(cd "$src" && "$cordon" lint --ignore=no-such-rule golden/lint/units/allowlist.service \
        >/dev/null 2>&1)
rc=$?
if [ "$rc" = 2 ]; then report "--ignore unknown" ok; else report "--ignore unknown" fail "exit $rc"; fi

# The rule list renders in every format.
for f in text json roff; do
        if "$cordon" lint --list-rules --format=$f >"$tmp/rules" 2>&1 &&
                grep -q 'syscall.*filter.*shrinks.*deny.*list' "$tmp/rules"; then
                report "--list-rules --format=$f" ok
        else
                report "--list-rules --format=$f" fail "missing rule"
        fi
done

echo "golden-lint: $pass passed, $fail failed"
for m in "${failed[@]+"${failed[@]}"}"; do
        echo "  FAIL $m"
done
[ "$fail" = 0 ]
