#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# `cordon render TEMPLATE OUTPUT` end to end: values from $CREDENTIALS_DIRECTORY and the
# environment, mode 0600, atomic replacement, nothing written on failure, exit codes, and no
# secret in error messages. TAP.   render-verb.sh PATH/TO/cordon
set -u
CORDON=${1:?usage: render-verb.sh CORDON}
T=$(mktemp -d /tmp/cordon-render.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1: expected '$3', got '$2'"; fi; }

mkdir "$T/creds"
printf 'hunter2\n' >"$T/creds/db_pass"
printf 'host={{ DB_HOST }}\npass={{db_pass}}\n' >"$T/tmpl"

umask 000
DB_HOST=db.example CREDENTIALS_DIRECTORY="$T/creds" "$CORDON" render "$T/tmpl" "$T/out"
check "exit 0" "$?" 0
check "content" "$(cat "$T/out")" "$(printf 'host=db.example\npass=hunter2')"
check "mode 0600 whatever the umask" "$(stat -c %a "$T/out")" 600

# the environment is the fallback; a credential of the same name wins
DB_HOST=x db_pass=from-env CREDENTIALS_DIRECTORY="$T/creds" "$CORDON" render "$T/tmpl" "$T/out2"
check "credential beats environment" "$(sed -n 2p "$T/out2")" "pass=hunter2"

# missing name: exit 1, names the placeholder and line, keeps the old OUTPUT untouched
printf 'old\n' >"$T/out3"
err=$(db_pass=s3cr3t-value "$CORDON" render "$T/tmpl" "$T/out3" 2>&1)
check "missing name exits 1" "$?" 1
case "$err" in *"tmpl:1: {{DB_HOST}}"*) ok "error names file:line and placeholder" ;;
*) notok "error message: $err" ;; esac
case "$err" in *s3cr3t*) notok "error leaks a value" ;; *) ok "no value in the error" ;; esac
check "old output kept" "$(cat "$T/out3")" old
check "no temporary file left" "$(ls -a "$T" | grep -c '^\.#')" 0

# bad placeholder names and usage
printf '{{../../etc/shadow}}\n' >"$T/bad"
"$CORDON" render "$T/bad" "$T/out4" 2>/dev/null
check "path-like name refused" "$?" 1
"$CORDON" render "$T/tmpl" 2>/dev/null
check "usage error exits 2" "$?" 2
"$CORDON" render "$T/nonexistent" "$T/out5" 2>/dev/null
check "unreadable template exits 2" "$?" 2

# a symlink at OUTPUT is replaced, its target is not written through
printf 'keep\n' >"$T/target"
ln -s "$T/target" "$T/link"
DB_HOST=h db_pass=p "$CORDON" render "$T/tmpl" "$T/link"
check "symlink target untouched" "$(cat "$T/target")" keep
[ -L "$T/link" ] && notok "OUTPUT is still a symlink" || ok "OUTPUT replaced by a regular file"

echo "1..$n"
exit $fail
