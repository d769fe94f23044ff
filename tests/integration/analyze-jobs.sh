#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `cordon analyze security --jobs=N`: bulk runs split over worker processes print exactly what one
# process prints (stdout, stderr, both on one descriptor, exit code), also when a unit's BusName=
# was already taken by a unit of an earlier slice (the slices from there on are redone in order).
# TAP.   analyze-jobs.sh PATH/TO/cordon TESTS_SOURCE_DIR
set -u
CORDON=${1:?usage: analyze-jobs.sh CORDON TESTS_SOURCE_DIR}
SRC=${2:?usage: analyze-jobs.sh CORDON TESTS_SOURCE_DIR}
T=$(mktemp -d /tmp/cordon-analyze-jobs.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
export LANG=C.UTF-8

# run NAME ARGS...: stdout, stderr, both together and the exit code into $T/NAME.*
run() {
        name=$1
        shift
        "$CORDON" analyze security "$@" >"$T/$name.out" 2>"$T/$name.err"
        echo $? >"$T/$name.rc"
        "$CORDON" analyze security "$@" >"$T/$name.both" 2>&1
}

same() { # what, base run, other run
        for f in out err both rc; do
                if ! cmp -s "$T/$2.$f" "$T/$3.$f"; then
                        notok "$1: $f differs ($2 vs $3)"
                        return
                fi
        done
        ok "$1"
}

units=$(find "$SRC/data/units" -name '*.service' -type f ! -path '*/_reference/*' | sort)
# shellcheck disable=SC2086
run sample1 --jobs=1 $units
for j in 2 3 8; do
        # shellcheck disable=SC2086
        run "sample$j" --jobs=$j $units "$T/missing.service"
        # shellcheck disable=SC2086
        run "sample1m" --jobs=1 $units "$T/missing.service"
        same "the sample with --jobs=$j" sample1m "sample$j"
done
# shellcheck disable=SC2086
run default $units
same "the sample with the default number of processes" sample1 default
if [ "$(wc -l <"$T/sample1.out")" -gt 1000 ]; then ok "the sample was analysed"; else notok "the sample was analysed"; fi

# BusName= clashes across and within slices
mkdir "$T/u"
i=0
while [ $i -lt 30 ]; do
        f=$(printf '%s/u/u%02d.service' "$T" $i)
        case $i in
        3 | 20) printf '[Service]\nType=dbus\nBusName=org.example.X\nExecStart=/bin/true\n' >"$f" ;;
        25 | 27) printf '[Service]\nType=dbus\nBusName=org.example.Y\nExecStart=/bin/true\n' >"$f" ;;
        11) printf '[Service]\nExecStart=relative\n' >"$f" ;;
        *) printf '[Service]\nExecStart=/bin/true\nProtectSystem=strict\n' >"$f" ;;
        esac
        i=$((i + 1))
done
set -- "$T"/u/u*.service
run bus1 --jobs=1 "$@"
if grep -q "u20.service: Two services allocated for the same bus name org.example.X" "$T/bus1.err" &&
        grep -q "u27.service: Two services allocated for the same bus name org.example.Y" "$T/bus1.err"; then
        ok "one process refuses the second service of a bus name"
else
        notok "one process refuses the second service of a bus name"
fi
for j in 2 3 5 8; do
        run "bus$j" --jobs=$j "$@"
        same "bus name clashes with --jobs=$j" bus1 "bus$j"
done
run thr1 --jobs=1 --threshold=20 "$T"/u/u0*.service "$T"/u/u1*.service
run thr2 --jobs=2 --threshold=20 "$T"/u/u0*.service "$T"/u/u1*.service
same "--threshold exit code with --jobs=2" thr1 thr2
run json1 --jobs=1 --json=short "$@"
run json4 --jobs=4 --json=short "$@"
same "--json=short with --jobs=4" json1 json4

"$CORDON" analyze security --jobs=0 "$@" >/dev/null 2>&1
if [ $? -ne 0 ]; then ok "--jobs=0 is refused"; else notok "--jobs=0 is refused"; fi

echo "1..$n"
exit $fail
