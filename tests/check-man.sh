#!/bin/sh
# The generated man pages render without groff warnings and contain the generated tables.
set -eu
builddir=$1
for page in cordon.1 cordon-units.5; do
        f="$builddir/man/$page"
        [ -s "$f" ] || { echo "missing $f"; exit 1; }
        warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$f" 2>&1 || true)
        if [ -n "$warnings" ]; then
                echo "$page: groff warnings:"; echo "$warnings"; exit 1
        fi
done
grep -q 'ProtectSystem=' "$builddir/man/cordon-units.5" || { echo "directive table missing"; exit 1; }
grep -q 'unknown.\{0,2\}-directive' "$builddir/man/cordon-units.5" || { echo "lint rules missing"; exit 1; }
echo "man pages ok"
