#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cordon run credentials (TAP): LoadCredential= from an AF_UNIX socket (the peer sees systemd's
# "\0<random>/unit/<unit>/<id>" source address), a credential name looked up in cordon's own
# $CREDENTIALS_DIRECTORY, LoadCredentialEncrypted=/SetCredentialEncrypted= made by this
# machine's `systemd-creds encrypt` (host key in a scratch file via $SYSTEMD_CREDENTIAL_SECRET,
# never the machine's), the refusals with exit status 243 and file:line, and that nothing is
# left behind. Root: the ramfs store; rootless (a service running as the caller): a plain
# directory below $XDG_RUNTIME_DIR. Usage: run-credentials.sh CORDON
set -u
CORDON=$(realpath "$1")
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
skip_all() {
        if [ "${CI:-}" = true ]; then echo "Bail out! $*"; exit 1; fi
        echo "1..0 # SKIP $*"; exit 0
}
check() { # check NAME GOT WANT
        if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', want '$3'"; fi
}
[ "$(id -u)" = 0 ] || skip_all "needs root (the rootless half runs as nobody via setpriv)"
command -v python3 >/dev/null || skip_all "python3 missing (the socket server)"

# Below /var/lib: the tree may live in /tmp, which PrivateTmp= would hide.
D=$(mktemp -d /var/lib/cordon-it-creds.XXXXXX)
chmod 755 "$D"
TAG=$(basename "$D")
SRV=
cleanup() {
        [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
        rm -rf "$D" "/run/credentials/$TAG-other.service"
}
trap cleanup EXIT
unit() { # unit NAME LINE... : a service file in $D
        local name=$1
        shift
        { echo "[Service]"; printf '%s\n' "$@"; } >"$D/$name.service"
}
run() { # run NAME [ENV...]: cordon run with a clean environment plus ENV; output in $D/NAME.out
        local name=$1
        shift
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@" timeout 120 "$CORDON" run "$D/$name.service" \
                >"$D/$name.out" 2>"$D/$name.err"
}

# ---------------------------------------------------------------- AF_UNIX socket source
cat >"$D/server.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(4)
open(sys.argv[1] + ".ready", "w").close()
while True:
    c, peer = s.accept()
    # the client's bound abstract address: what systemd passes as the "who asks" token
    with open(sys.argv[2], "a") as f:
        f.write(repr(peer) + "\n")
    c.sendall(b"from-the-socket")
    c.close()
EOF
python3 "$D/server.py" "$D/cred.sock" "$D/peers" &
SRV=$!
for _ in $(seq 100); do [ -e "$D/cred.sock.ready" ] && break; sleep 0.1; done
unit sock "LoadCredential=tok:$D/cred.sock" \
        "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/tok; stat -c \" %%a\" \$CREDENTIALS_DIRECTORY/tok'"
if run sock; then
        check "LoadCredential= from an AF_UNIX socket" "$(cat "$D/sock.out")" "from-the-socket 400"
else
        not_ok "LoadCredential= from an AF_UNIX socket: exit $?: $(cat "$D/sock.err")"
fi
if grep -Eq "^b?'\\\\x00[0-9a-f]+/unit/sock.service/tok'\$" "$D/peers"; then
        ok "the socket peer sees \\0<random>/unit/sock.service/tok"
else
        not_ok "peer address: $(cat "$D/peers")"
fi
kill "$SRV" 2>/dev/null
wait "$SRV" 2>/dev/null
SRV=
run sock
check "nobody listening: exit status 243 (CREDENTIALS)" "$?" 243
grep -q "sock.service:2: LoadCredential=tok:" "$D/sock.err" && ok "refusal names file:line" ||
        not_ok "refusal text: $(cat "$D/sock.err")"

# ---------------------------------------------------------------- names from our own store
mkdir -p "$D/received"
printf 'passed-down' >"$D/received/upstream"
unit byname "LoadCredential=upstream" "LoadCredential=absent" \
        "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/upstream; ls \$CREDENTIALS_DIRECTORY'"
if run byname CREDENTIALS_DIRECTORY="$D/received"; then
        check "LoadCredential=ID from cordon's own \$CREDENTIALS_DIRECTORY; missing ID skipped" \
                "$(tr '\n' ' ' <"$D/byname.out")" "passed-downupstream "
else
        not_ok "LoadCredential=ID: $(cat "$D/byname.err")"
fi

# ---------------------------------------------------------------- ImportCredential= (v254)
printf 'imp-a' >"$D/received/app.a"
printf 'imp-b' >"$D/received/app.b"
unit imp "ImportCredential=app.*" "SetCredential=app.b:default-loses" "SetCredential=app.c:default" \
        "ExecStart=/bin/sh -c 'cd \$CREDENTIALS_DIRECTORY; for f in *; do printf \"%%s=%%s \" \$f \$(cat \$f); done'"
if "$CORDON" run --help | grep -q -- --systemd-version; then
        out=$(env -i PATH=/usr/bin:/bin CREDENTIALS_DIRECTORY="$D/received" timeout 120 \
                "$CORDON" run --systemd-version=254 "$D/imp.service" 2>"$D/imp.err")
        check "ImportCredential=app.* with --systemd-version=254; SetCredential= only a default" \
                "$out" "app.a=imp-a app.b=imp-b app.c=default "
        env -i PATH=/usr/bin:/bin CREDENTIALS_DIRECTORY="$D/received" timeout 120 \
                "$CORDON" run "$D/imp.service" >/dev/null 2>"$D/imp.err"
        rc=$?
        [ $rc != 0 ] && grep -q "since systemd 254" "$D/imp.err" &&
                ok "ImportCredential= under 252 semantics: unknown, refused (exit $rc)" ||
                not_ok "ImportCredential= with 252 semantics: exit $rc: $(cat "$D/imp.err")"
else
        skip "ImportCredential=" "cordon run has no --systemd-version"
        skip "ImportCredential= under 252" "cordon run has no --systemd-version"
fi

# ---------------------------------------------------------------- encrypted, systemd-creds
if command -v systemd-creds >/dev/null; then
        export SYSTEMD_CREDENTIAL_SECRET="$D/host.secret" # a scratch key, not the machine's
        printf 'db-password\n' >"$D/plain"
        systemd-creds encrypt --with-key=host --name=db "$D/plain" "$D/db.cred" 2>/dev/null
        systemd-creds encrypt --with-key=host --name=db -p "$D/plain" - 2>/dev/null >"$D/set.line"
        systemd-creds encrypt --with-key=host --name=other "$D/plain" "$D/other.cred" 2>/dev/null
        unit enc "LoadCredentialEncrypted=db:$D/db.cred" \
                "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/db'"
        if run enc SYSTEMD_CREDENTIAL_SECRET="$SYSTEMD_CREDENTIAL_SECRET"; then
                check "LoadCredentialEncrypted= of systemd-creds output" "$(cat "$D/enc.out")" \
                        "db-password"
        else
                not_ok "LoadCredentialEncrypted=: $(cat "$D/enc.err")"
        fi
        { echo "[Service]"; cat "$D/set.line"
          echo "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/db'"; } >"$D/encset.service"
        if run encset SYSTEMD_CREDENTIAL_SECRET="$SYSTEMD_CREDENTIAL_SECRET"; then
                check "SetCredentialEncrypted= of systemd-creds -p output" "$(cat "$D/encset.out")" \
                        "db-password"
        else
                not_ok "SetCredentialEncrypted=: $(cat "$D/encset.err")"
        fi
        unit encname "LoadCredentialEncrypted=db:$D/other.cred" "ExecStart=/bin/true"
        run encname SYSTEMD_CREDENTIAL_SECRET="$SYSTEMD_CREDENTIAL_SECRET"
        check "embedded name mismatch: exit 243" "$?" 243
        grep -q "encname.service:2: LoadCredentialEncrypted=db: .*: the name embedded" "$D/encname.err" &&
                ok "name mismatch explained at file:line" || not_ok "text: $(cat "$D/encname.err")"
        mkdir -p "$D/received-enc"
        cp "$D/db.cred" "$D/received-enc/db"
        unit encbyname "LoadCredentialEncrypted=db" \
                "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/db'"
        if run encbyname SYSTEMD_CREDENTIAL_SECRET="$SYSTEMD_CREDENTIAL_SECRET" \
                ENCRYPTED_CREDENTIALS_DIRECTORY="$D/received-enc"; then
                check "LoadCredentialEncrypted=ID from cordon's \$ENCRYPTED_CREDENTIALS_DIRECTORY" \
                        "$(cat "$D/encbyname.out")" "db-password"
        else
                not_ok "LoadCredentialEncrypted=ID: $(cat "$D/encbyname.err")"
        fi
        run enc SYSTEMD_CREDENTIAL_SECRET="$D/no-such-key"
        check "no host key: exit 243" "$?" 243
        ! grep -q "db-password" "$D/enc.err" "$D/enc.out" && ok "no secret in the output" ||
                not_ok "secret leaked"
        unset SYSTEMD_CREDENTIAL_SECRET
else
        for t in LoadCredentialEncrypted SetCredentialEncrypted name-mismatch name-text by-name no-key leak; do
                skip "$t" "systemd-creds missing"
        done
fi

# ---------------------------------------------------------------- E083: the store itself
# ramfs, read-only, nosuid/nodev/noexec; 0500/0400 owned by the service user; no write, not
# even by root inside; another uid (daemon, from a '+' command outside the sandbox) gets EACCES.
cat >"$D/e083.sh" <<'EOF'
#!/bin/sh
d=$CREDENTIALS_DIRECTORY
stat -f -c %T "$d"
# mount options of the store (field 6 of its mountinfo line)
awk -v d="$d" '$5 == d { print $6 }' /proc/self/mountinfo | sort -u
stat -c '%a %U' "$d" "$d/pw"
cat "$d/pw"; echo
touch "$d/new" 2>/dev/null || echo no-write
EOF
chmod 755 "$D/e083.sh"
unit e083 "Type=oneshot" "User=nobody" "SetCredential=pw:s3cret" "ProtectSystem=strict" "ExecStart=$D/e083.sh" \
        "ExecStartPost=+/bin/sh -c 'setpriv --reuid=daemon --regid=daemon --clear-groups cat \$CREDENTIALS_DIRECTORY/pw 2>/dev/null || echo other-uid-denied'"
if run e083; then
        check "E083 ramfs ro,nosuid,nodev,noexec; 0500/0400 nobody; not writable; other uid EACCES" \
                "$(tr '\n' ' ' <"$D/e083.out")" \
                "ramfs ro,nosuid,nodev,noexec,relatime 500 nobody 400 nobody s3cret no-write other-uid-denied "
else
        not_ok "E083: $(cat "$D/e083.err")"
fi

# ---------------------------------------------------------------- other stores hidden
# Another unit's store on the host; in a mount namespace only the service's own is visible (and
# it stays visible under TemporaryFileSystem=/run), as systemd's namespace.c arranges.
mkdir -p "/run/credentials/$TAG-other.service"
echo other-secret >"/run/credentials/$TAG-other.service/pw"
unit hide "SetCredential=mine:ok" "ProtectSystem=strict" "TemporaryFileSystem=/run" \
        "ExecStart=/bin/sh -c 'ls /run/credentials; cat \$CREDENTIALS_DIRECTORY/mine'"
if run hide; then
        check "only the own store below /run/credentials, also under TemporaryFileSystem=/run" \
                "$(tr '\n' ' ' <"$D/hide.out")" "hide.service ok"
else
        not_ok "hide: $(cat "$D/hide.err")"
fi
# Without credentials of its own, a namespaced service sees no store at all (systemd 252 makes
# /run/credentials inaccessible); without a mount namespace the probe reads the other store.
unit nocreds "PrivateTmp=yes" \
        "ExecStart=/bin/sh -c 'cat /run/credentials/$TAG-other.service/pw 2>/dev/null || echo hidden'"
unit nocreds-plain "ExecStart=/bin/sh -c 'cat /run/credentials/$TAG-other.service/pw 2>/dev/null || echo hidden'"
if run nocreds && run nocreds-plain; then
        check "no credentials: other stores hidden in a mount namespace, readable without" \
                "$(cat "$D/nocreds.out") $(cat "$D/nocreds-plain.out")" "hidden other-secret"
else
        not_ok "nocreds: $(cat "$D/nocreds.err" "$D/nocreds-plain.err")"
fi
rm -rf "/run/credentials/$TAG-other.service"

# ---------------------------------------------------------------- E097 after SIGKILL of cordon
# A killed cordon leaves its store mounted; a second cordon of the same unit is refused while the
# first runs, and the leftover (with its secret) is removed at the next start.
unit killed "SetCredential=pw:first" "ExecStart=/bin/sleep 1000"
env -i PATH=/usr/bin:/bin "$CORDON" run "$D/killed.service" >/dev/null 2>&1 &
KPID=$!
for _ in $(seq 300); do [ -e /run/credentials/killed.service/pw ] && break; sleep 0.1; done
run killed
rc=$?
[ $rc = 243 ] && grep -q "another cordon (pid $KPID) runs this unit" "$D/killed.err" &&
        ok "a second cordon of a running unit: 243, names the first" ||
        not_ok "second cordon: exit $rc: $(cat "$D/killed.err")"
kill -9 $KPID
wait $KPID 2>/dev/null
[ -e /run/credentials/killed.service/pw ] && ok "after SIGKILL the store is still there (expected)" ||
        skip "leftover store" "nothing was left behind this time"
unit killed "SetCredential=pw:second" "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/pw'"
if run killed; then
        check "the next start removes the leftover and builds a new store" "$(cat "$D/killed.out")" \
                "second"
else
        not_ok "start after SIGKILL: $(cat "$D/killed.err")"
fi

# ---------------------------------------------------------------- nothing left behind
left=$(ls -A /run/credentials 2>/dev/null |
        grep -E '^\.?(sock|byname|imp|e083|hide|killed|enc|encset|encname|encbyname)\.service(\.cordon-owner)?$')
check "no credential store (nor owner marker) left in /run/credentials" "$left" ""
grep -q "/run/credentials/\(sock\|byname\|enc\)" /proc/self/mountinfo && not_ok "a store is still mounted" ||
        ok "no store still mounted"

# ---------------------------------------------------------------- rootless: a plain directory
if command -v setpriv >/dev/null; then
        mkdir -p "$D/xdg" && chown nobody "$D/xdg" && chmod 700 "$D/xdg"
        unit rl "SetCredential=tok:rootless" \
                "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/tok; stat -c \" %%a\" \$CREDENTIALS_DIRECTORY \$CREDENTIALS_DIRECTORY/tok'"
        out=$(cd / && env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$D/xdg" HOME="$D/xdg" \
                setpriv --reuid=nobody --regid=nogroup --clear-groups \
                timeout 120 "$CORDON" run "$D/rl.service" 2>"$D/rl.err")
        rc=$?
        if [ $rc = 0 ]; then
                check "rootless: SetCredential= in a plain 0500 directory" "$(echo $out)" \
                        "rootless 500 400"
        else
                not_ok "rootless: exit $rc: $(cat "$D/rl.err")"
        fi
        unit rls "SetCredential=tok:sandboxed" "ProtectSystem=strict" "PrivateTmp=yes" \
                "ExecStart=/bin/sh -c 'cat \$CREDENTIALS_DIRECTORY/tok; ls /run/credentials'"
        out=$(cd / && env -i PATH=/usr/bin:/bin XDG_RUNTIME_DIR="$D/xdg" HOME="$D/xdg" \
                setpriv --reuid=nobody --regid=nogroup --clear-groups \
                timeout 120 "$CORDON" run "$D/rls.service" 2>"$D/rls.err")
        rc=$?
        check "rootless in a mount namespace: own store visible, /run/credentials empty" \
                "$rc:$out" "0:sandboxed"
        check "rootless: store removed" "$(ls "$D/xdg/credentials" 2>/dev/null)" ""
else
        skip "rootless" "setpriv missing"
        skip "rootless sandboxed" "setpriv missing"
        skip "rootless cleanup" "setpriv missing"
fi

echo "1..$n"
[ $fails = 0 ]
