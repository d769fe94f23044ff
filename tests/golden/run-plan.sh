#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden test for `cordon run --dry-run`: each case in golden/plan/CASES is planned with
# --mode=root|rootless and its stdout, stderr and exit status are compared with
# golden/plan/NAME.plan. Usage: run-plan.sh CORDON TESTS_SOURCE_DIR
# (UPDATE_GOLDEN=1 rewrites the expected files). TAP output.
set -u
cordon=$(realpath "$1")
src=$(realpath "$2")
golden=$src/golden/plan
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
grep -v '^#' "$golden/CASES" | while read -r name unit mode args; do
        [ -n "$name" ] || continue
        n=$((n + 1))
        # shellcheck disable=SC2086 # args is a word list on purpose
        (cd "$golden" && env -u LANG -u LC_ALL "$cordon" run --dry-run --mode="$mode" $args "$unit" \
                >"$tmp/out" 2>"$tmp/err")
        rc=$?
        {
                cat "$tmp/out"
                echo "--- stderr"
                sed -e "s|$src/||g" "$tmp/err"
                echo "--- exit status $rc"
        } >"$tmp/$name.plan"
        if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                cp "$tmp/$name.plan" "$golden/$name.plan"
        fi
        if [ -f "$golden/$name.plan" ] && cmp -s "$tmp/$name.plan" "$golden/$name.plan"; then
                echo "ok $n - $name"
        else
                echo "not ok $n - $name"
                diff -u "$golden/$name.plan" "$tmp/$name.plan" 2>&1 | sed 's/^/# /' | head -40
                echo fail >>"$tmp/failed"
        fi
        echo "1..$n" >"$tmp/count"
done
cat "$tmp/count"
[ ! -f "$tmp/failed" ]
