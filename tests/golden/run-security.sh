#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Golden test for `cordon analyze security`: for every unit in tests/data/units (REFERENCE.tsv and
# REFERENCE-tricky.tsv) run cordon exactly as the systemd 252 references were made (from the
# unit's folder, LANG=C.UTF-8) and require, byte for byte:
#   - the exit code, the overall exposure and verdict of the TSV row;
#   - the text table and the "→ Overall exposure level" line of _reference/…/NAME.txt
#     (stderr diagnostics are interleaved there; only the table part is compared);
#   - the --json=short output against _reference/…/NAME.json;
#   - for user units, --user against the .user-scope.txt reference;
#   - the ASCII rendering (LANG=C) of every table, derived from the UTF-8 reference with
#     systemd's fallback glyphs.
# Usage: run-security.sh CORDON TESTS_SOURCE_DIR   (VERBOSE=1 shows every diff)
set -u
cordon=$(realpath "$1")
units=$(realpath "$2")/data/units
golden=$(realpath "$2")/golden
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass=0
fail=0
failed=()

report() { # name ok message
        if [ "$2" = ok ]; then
                pass=$((pass + 1))
        else
                fail=$((fail + 1))
                failed+=("$1: $3")
        fi
}

table_of() { # extract the table and overall line from a reference (drops diagnostics)
        sed -n '/^  NAME  /,/Overall exposure level/p' "$1"
}

to_ascii() {
        sed -e 's/^✓/+/' -e 's/^✗/-/' -e 's/^→/->/' \
                -e 's/ 🤢$/ :-[/' -e 's/ 😨$/ :-{/' -e 's/ 🙁$/ :-(/' -e 's/ 😐$/ :-|/' \
                -e 's/ 🙂$/ :-)/' -e 's/ 😀$/ :-}/' -e 's/ 😇$/ :-]/'
}

check_unit() { # tsv fields…
        local pkg=$1 unit=$2 rc_ref=$3 exp_ref=$4 verdict_ref=$5 scope=${11} user_exp=${12} ref=${13}
        local file="$units/$ref" dir name="$ref" rc out ok
        dir=$(dirname "$file")
        if [ ! -e "$file" ]; then
                report "$name" fail "unit file missing"
                return
        fi

        (cd "$dir" && LANG=C.UTF-8 TERM=xterm "$cordon" analyze security --offline=true \
                --no-pager "./$unit" >"$tmp/out" 2>"$tmp/err")
        rc=$?
        [ "$rc" = "$rc_ref" ] || { report "$name" fail "exit code $rc, expected $rc_ref"; }

        local line exp verdict
        line=$(grep 'Overall exposure level for' "$tmp/out" | head -n1)
        exp=$(sed -n 's/.*: \([0-9]*\.[0-9]\) .*/\1/p' <<<"$line")
        verdict=$(sed -n 's/.*: [0-9]*\.[0-9] \([A-Z]*\) .*/\1/p' <<<"$line")
        if [ "$exp" = "$exp_ref" ] && [ "$verdict" = "$verdict_ref" ]; then
                report "$name" ok
        else
                report "$name" fail "overall '$exp $verdict', expected '$exp_ref $verdict_ref'"
        fi

        local txt="$units/_reference/$ref.txt"
        if [ -f "$txt" ]; then
                table_of "$txt" >"$tmp/ref-table"
                if cmp -s "$tmp/ref-table" "$tmp/out"; then
                        report "$name (text)" ok
                else
                        report "$name (text)" fail "text table differs"
                        [ "${VERBOSE:-0}" = 1 ] && diff -u "$tmp/ref-table" "$tmp/out" | head -n 20
                fi
                (cd "$dir" && LANG=C TERM=xterm "$cordon" analyze security --offline=true \
                        --no-pager "./$unit" >"$tmp/out-ascii" 2>/dev/null)
                if to_ascii <"$tmp/ref-table" | cmp -s - "$tmp/out-ascii"; then
                        report "$name (ascii)" ok
                else
                        report "$name (ascii)" fail "ASCII table differs"
                fi
        fi

        local json="$units/_reference/$ref.json"
        if [ -f "$json" ]; then
                (cd "$dir" && LANG=C.UTF-8 "$cordon" analyze security --offline=true \
                        --no-pager --json=short "./$unit" >"$tmp/out.json" 2>/dev/null)
                if cmp -s "$json" "$tmp/out.json"; then
                        report "$name (json)" ok
                else
                        report "$name (json)" fail "JSON differs"
                        [ "${VERBOSE:-0}" = 1 ] && diff -u <(tr '}' '\n' <"$json") \
                                <(tr '}' '\n' <"$tmp/out.json") | head -n 20
                fi
        fi

        local utxt="$units/_reference/$ref.user-scope.txt"
        if [ "$scope" = user ] && [ -n "$user_exp" ]; then
                (cd "$dir" && LANG=C.UTF-8 TERM=xterm "$cordon" analyze security --user \
                        --offline=true --no-pager "./$unit" >"$tmp/out-user" 2>/dev/null)
                if [ -f "$utxt" ]; then
                        table_of "$utxt" >"$tmp/ref-user"
                        if cmp -s "$tmp/ref-user" "$tmp/out-user"; then
                                report "$name (user)" ok
                        else
                                report "$name (user)" fail "--user table differs"
                        fi
                elif grep -q ": $user_exp " "$tmp/out-user"; then
                        report "$name (user)" ok
                else
                        report "$name (user)" fail "--user exposure differs from $user_exp"
                fi
        fi
}

for tsv in "$units/REFERENCE.tsv" "$units/REFERENCE-tricky.tsv"; do
        # Tabs are whitespace to `read`, which would merge empty fields: use \037 instead.
        while IFS=$'\037' read -r -a f; do
                [ "${f[0]}" = package ] && continue
                check_unit "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}" "${f[4]}" "${f[5]}" \
                        "${f[6]}" "${f[7]}" "${f[8]}" "${f[9]}" "${f[10]}" "${f[11]:-}" "${f[12]:-}"
        done < <(tr '\t' '\037' <"$tsv")
done

# Hand-written edge cases with references from systemd 252 (tests/golden/security/cases and
# expected/, made by make-references.sh): refusals, policies, thresholds, N/A rows, ASCII, JSON.
check_cases() {
        local cases="$golden/security/cases" exp="$golden/security/expected" f name rc
        for f in "$cases"/*.service; do
                name=$(basename "$f" .service)
                local args=()
                [ -f "$cases/$name.args" ] && read -r -a args <"$cases/$name.args"
                for mode in txt ascii.txt json pretty.json; do
                        local lang=C.UTF-8 extra=()
                        case $mode in
                        ascii.txt) lang=C ;;
                        json) extra=(--json=short) ;;
                        pretty.json) extra=(--json=pretty) ;;
                        esac
                        (cd "$cases" && LANG=$lang TERM=xterm "$cordon" analyze security \
                                --offline=true --no-pager "${args[@]+"${args[@]}"}" \
                                "${extra[@]+"${extra[@]}"}" "./$name.service" >"$tmp/case" 2>/dev/null)
                        rc=$?
                        if ! cmp -s "$exp/$name.$mode" "$tmp/case"; then
                                report "case $name ($mode)" fail "output differs from systemd's"
                                [ "${VERBOSE:-0}" = 1 ] && diff -u "$exp/$name.$mode" "$tmp/case" | head -n 20
                        elif [ "$mode" = txt ] && [ "$rc" != "$(cat "$exp/$name.rc")" ]; then
                                report "case $name" fail "exit code $rc, expected $(cat "$exp/$name.rc")"
                        else
                                report "case $name ($mode)" ok
                        fi
                done
        done
}
check_cases

# Beyond systemd: bulk/--root overview, diff exit codes, baselines, prometheus, cordon JSON and
# --explain, whose predictions are checked by applying each suggested fix as a drop-in.
exposure_of() { # expected/NAME.txt → "9.6"
        sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p' "$golden/security/expected/$1.txt"
}

check_beyond() {
        local cases="$golden/security/cases" out rc
        # --root without units: every service of the root's search path, as an overview
        mkdir -p "$tmp/root/etc/systemd/system"
        cp "$cases/hardened.service" "$cases/nobody.service" "$tmp/root/etc/systemd/system/"
        : >"$tmp/root/etc/systemd/system/masked.service"
        out=$(LANG=C.UTF-8 "$cordon" analyze security --root="$tmp/root" 2>/dev/null)
        if grep -Eq "^hardened\.service +$(exposure_of hardened) " <<<"$out" &&
                grep -Eq "^nobody\.service +$(exposure_of nobody) " <<<"$out" &&
                ! grep -q masked <<<"$out" && head -n1 <<<"$out" | grep -q '^UNIT .*EXPOSURE PREDICATE HAPPY$'; then
                report "root overview" ok
        else
                report "root overview" fail "unexpected overview: $out"
        fi

        out=$(LANG=C.UTF-8 "$cordon" analyze security --root="$tmp/root" --json=short 2>/dev/null)
        if grep -q "{\"unit\":\"nobody.service\",\"exposure\":\"$(exposure_of nobody)\",\"predicate\":\"[A-Z]*\",\"happy\":\"[^\"]*\"}" <<<"$out"; then
                report "root overview json" ok
        else
                report "root overview json" fail "unexpected: $out"
        fi

        # diff: better → 0, worse → 1, a baseline against itself → no change
        (cd "$cases" && "$cordon" analyze diff ./policy.service ./hardened.service >"$tmp/diff" 2>&1)
        rc=$?
        if [ $rc = 0 ] && grep -q '^better ' "$tmp/diff" && ! grep -q '^worse ' "$tmp/diff"; then
                report "diff better" ok
        else
                report "diff better" fail "exit $rc"
        fi
        (cd "$cases" && "$cordon" analyze diff ./hardened.service ./policy.service >/dev/null 2>&1)
        rc=$?
        [ $rc = 1 ] && report "diff worse" ok || report "diff worse" fail "exit $rc, expected 1"
        (cd "$cases" && "$cordon" analyze security --format=json ./allowlist.service \
                >"$tmp/base.json" 2>/dev/null)
        (cd "$cases" && "$cordon" analyze diff "$tmp/base.json" ./allowlist.service >"$tmp/diff" 2>&1)
        rc=$?
        if [ $rc = 0 ] && grep -q '^No check changed' "$tmp/diff"; then
                report "diff baseline" ok
        else
                report "diff baseline" fail "exit $rc: $(cat "$tmp/diff")"
        fi

        # prometheus
        (cd "$cases" && "$cordon" analyze security --format=prometheus ./hardened.service ./nobody.service \
                >"$tmp/prom" 2>/dev/null)
        if grep -q '^# TYPE cordon_unit_exposure gauge$' "$tmp/prom" &&
                grep -q "^cordon_unit_exposure{unit=\"nobody.service\"} $(exposure_of nobody)\$" "$tmp/prom" &&
                grep -q '^cordon_unit_verdict{unit="nobody.service",verdict="[A-Z]*"} 1$' "$tmp/prom"; then
                report "prometheus" ok
        else
                report "prometheus" fail "metrics differ"
        fi

        # --explain: every suggestion, applied as a drop-in, gives the exposure it announced
        local unit line fix want got n=0 badfix=0
        for unit in allowlist nobody noaccess devices; do
                rm -rf "$tmp/fx" && mkdir -p "$tmp/fx/$unit.service.d"
                cp "$cases/$unit.service" "$tmp/fx/"
                (cd "$tmp/fx" && LANG=C "$cordon" analyze security --explain "./$unit.service" \
                        2>/dev/null) | sed -n 's/^  [1-5]\. //p' >"$tmp/explain"
                [ -s "$tmp/explain" ] || badfix=$((badfix + 1))
                while read -r line; do
                        want=${line##* }
                        fix=${line% * -> *}
                        fix=$(sed 's/ *$//' <<<"$fix")
                        # a fix may be several assignments on one line ("User= DynamicUser=yes")
                        printf '[Service]\n%s\n' "$(sed 's/ \([A-Z][A-Za-z]*=\)/\n\1/g' <<<"$fix")" \
                                >"$tmp/fx/$unit.service.d/fix.conf"
                        got=$(cd "$tmp/fx" && LANG=C "$cordon" analyze security "./$unit.service" \
                                2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
                        n=$((n + 1))
                        [ "$got" = "$want" ] || { badfix=$((badfix + 1)); echo "explain: $unit: '$fix' gives $got, announced $want"; }
                done <"$tmp/explain"
        done
        if [ $badfix = 0 ] && [ $n -gt 10 ]; then
                report "explain re-scoring ($n fixes)" ok
        else
                report "explain re-scoring" fail "$badfix of $n fixes mispredicted"
        fi
}
check_beyond

# cordon's own --format=json for a few cases, pinned (origins, fixes, explain): absolute paths are
# written as CASES/. UPDATE_GOLDEN=1 rewrites the expected files after an intended change.
check_cordon_json() {
        local cases="$golden/security/cases" dir="$golden/security/cordon-json" name
        mkdir -p "$dir"
        for name in allowlist nobody devices dropin; do
                (cd "$cases" && LANG=C.UTF-8 "$cordon" analyze security --format=json \
                        "./$name.service" 2>/dev/null) | sed "s|$cases/|CASES/|g" >"$tmp/cj"
                if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
                        cp "$tmp/cj" "$dir/$name.json"
                fi
                if cmp -s "$dir/$name.json" "$tmp/cj"; then
                        report "cordon json $name" ok
                else
                        report "cordon json $name" fail "differs from cordon-json/$name.json"
                        [ "${VERBOSE:-0}" = 1 ] && diff -u "$dir/$name.json" "$tmp/cj" | head -n 20
                fi
        done
}
check_cordon_json

# Glyph selection follows systemd's is_locale_utf8() and emoji_enabled(): an unset locale counts as
# UTF-8, an explicit C/POSIX does not, and smileys also need a TERM other than dumb/linux.
check_locales() {
        local ref last utf8_smiley ascii_smiley got want env
        ref="$golden/security/expected/hardened.txt"
        last=$(tail -n1 "$ref")
        utf8_smiley=${last##* }
        ascii_smiley=$(tail -n1 "$golden/security/expected/hardened.ascii.txt")
        ascii_smiley=${ascii_smiley##* }
        for env in "TERM=xterm|→|$utf8_smiley" "LANG=C.UTF-8|→|$ascii_smiley" \
                "LANG=C.UTF-8 TERM=dumb|→|$ascii_smiley" "LC_ALL=POSIX TERM=xterm|->|$ascii_smiley" \
                "LANG=C.UTF-8 TERM=linux SYSTEMD_EMOJI=1|→|$utf8_smiley"; do
                IFS='|' read -r vars arrow smiley <<<"$env"
                want="${last%% *} ${last#* }"
                want="$arrow ${want#* }"
                want="${want% *} $smiley"
                # shellcheck disable=SC2086
                got=$(cd "$golden/security/cases" && env -i $vars "$cordon" analyze security \
                        ./hardened.service 2>/dev/null | tail -n1)
                if [ "$got" = "$want" ]; then
                        report "locale $vars" ok
                else
                        report "locale $vars" fail "got '$got', want '$want'"
                fi
        done
}
check_locales

# The HTML report, in a real browser: the page sorts itself by exposure (ascending, then
# descending) and expands a unit when opened with #selftest; the DOM after scripts ran must show
# exactly the order the references imply.
check_html() {
        local browser
        browser=$(command -v chromium || command -v chromium-browser || true)
        if [ -z "$browser" ]; then
                echo "SKIP html: chromium not installed (apt-get install chromium)"
                return
        fi
        (cd "$units" && LANG=C.UTF-8 "$cordon" analyze security --format=html tricky \
                >"$tmp/report.html" 2>/dev/null)
        if grep -Eq '<(script|link|img)[^>]+(src|href)=' "$tmp/report.html"; then
                report html fail "the page references external resources"
        fi
        timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-background-networking \
                --disable-component-update --disable-sync --no-first-run \
                --user-data-dir="$tmp/chromium" --dump-dom "file://$tmp/report.html#selftest" \
                >"$tmp/dom.html" 2>/dev/null
        # expected ascending order: by exposure, ties in page (directory) order
        local expected
        expected=$(awk -F'\t' 'NR>1 {n=$8; print $4 "\t" n}' "$units/REFERENCE-tricky.tsv" |
                sort -s -t$'\t' -k1,1n | cut -f2 | tr '\n' ' ' | sed 's/ $//')
        local got
        got=$(sed -n 's/.*<pre id="selftest">asc \(.*\)$/\1/p' "$tmp/dom.html")
        local order_ok=1
        # ties may be in any stable order: compare the exposures of the sequence instead
        local gexp eexp
        gexp=$(for u in $got; do awk -F'\t' -v u="$u" '$8==u {print $4}' \
                "$units/REFERENCE-tricky.tsv"; done | tr '\n' ' ')
        eexp=$(awk -F'\t' 'NR>1 {print $4}' "$units/REFERENCE-tricky.tsv" | sort -n | tr '\n' ' ')
        [ -n "$got" ] && [ "$gexp" = "$eexp" ] || order_ok=0
        if [ "$order_ok" = 1 ] && grep -q '^expanded .* true</pre>' "$tmp/dom.html"; then
                report html ok
        else
                report html fail "sorting/expanding in the browser failed (got '$got', want \
exposures '$eexp', e.g. '$expected')"
        fi
}
check_html

echo "golden-security: $pass passed, $fail failed"
for m in "${failed[@]+"${failed[@]}"}"; do
        echo "  FAIL $m"
done
[ "$fail" = 0 ]
