#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Rootless RuntimeDirectory=/StateDirectory=/CacheDirectory=/LogsDirectory=/ConfigurationDirectory=
# (TAP): as an unprivileged user cordon places them where systemd 252's user manager does
# ($XDG_RUNTIME_DIR, $XDG_CONFIG_HOME, $XDG_CACHE_HOME, $XDG_CONFIG_HOME/log, with ~/.config and
# ~/.cache fallbacks), sets $RUNTIME_DIRECTORY etc., keeps them writable under
# ProtectSystem=strict, removes the runtime one at the end unless RuntimeDirectoryPreserve=yes,
# and refuses RuntimeDirectory= without $XDG_RUNTIME_DIR. Needs real root to create the test
# user (cordon-test, as run-sandbox.sh) and drops to it. Usage: run-dirs-rootless.sh CORDON
set -u
CORDON=$(realpath "$1")
N=0
FAILED=0
ok() {
        N=$((N + 1))
        echo "ok $N - $1"
}
not_ok() {
        N=$((N + 1))
        echo "not ok $N - $1"
        FAILED=1
}
check() { # check DESCRIPTION COMMAND...
        d=$1
        shift
        if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip_all() {
        if [ "${CI:-}" = true ]; then
                echo "not ok 1 - rootless directories # skipped under CI=true: $1"
                echo "1..1"
                exit 1
        fi
        echo "ok 1 - rootless directories # SKIP $1"
        echo "1..1"
        exit 0
}

if [ "$(id -u)" != 0 ] || [ "$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')" != "0 0 4294967295" ]; then
        skip_all "needs real root to create and become the test user"
fi
command -v setpriv >/dev/null || skip_all "setpriv (util-linux) missing"
id cordon-test >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin cordon-test ||
        skip_all "cannot create the user cordon-test"

# Not below /tmp: nothing here may depend on what the sandbox does to /tmp.
T=$(mktemp -d /var/lib/cordon-dirs-it.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap "exit 1" INT TERM HUP
chmod 755 "$T"
H=$T/home
R=$T/xdg-run
mkdir -p "$H" "$R"
chmod 700 "$H" "$R"
chown cordon-test: "$H" "$R"
NAME=cordon-dirs-it-$$

cat >"$T/report" <<'SCRIPT'
#!/bin/sh
echo "RT=${RUNTIME_DIRECTORY-unset}"
echo "ST=${STATE_DIRECTORY-unset}"
echo "CA=${CACHE_DIRECTORY-unset}"
echo "LG=${LOGS_DIRECTORY-unset}"
echo "CF=${CONFIGURATION_DIRECTORY-unset}"
for d in "${RUNTIME_DIRECTORY-}" "${STATE_DIRECTORY-}" "${CACHE_DIRECTORY-}" "${LOGS_DIRECTORY-}"; do
        [ -n "$d" ] && echo w >"$d/written" 2>/dev/null && echo "W=$d"
done
# the home itself, outside the directories: read-only under ProtectSystem=strict
if echo w >"$1/outside" 2>/dev/null; then echo "HOME=rw"; else echo "HOME=ro"; fi
exit 0
SCRIPT
chmod 755 "$T/report"

unit() { # unit FILE LINES...
        f=$1
        shift
        { echo "[Service]"; for l in "$@"; do echo "$l"; done; } >"$T/$f.service"
        chmod 644 "$T/$f.service"
}
# as_user VAR=VALUE... -- CORDON-ARGS: cordon run as cordon-test with only the given variables
as_user() {
        vars="PATH=/usr/sbin:/usr/bin:/sbin:/bin"
        while [ "$1" != "--" ]; do
                vars="$vars $1"
                shift
        done
        shift
        # shellcheck disable=SC2086
        OUT=$(cd / && env -i $vars setpriv --reuid=cordon-test --regid=cordon-test --clear-groups \
                timeout 60 "$CORDON" run "$@" 2>"$T/stderr")
        RC=$?
}
# shellcheck disable=SC2317 # called through check()
has() { printf '%s\n' "$OUT" | grep -qxF "$1"; }
# shellcheck disable=SC2317
none_exist() {
        for p in "$@"; do [ ! -e "$p" ] || return 1; done
}
mode_of() { stat -c %a "$1" 2>/dev/null; }
owner_of() { stat -c %U "$1" 2>/dev/null; }

unit all "Type=oneshot" "ExecStart=$T/report $H" "ProtectSystem=strict" \
        "RuntimeDirectory=$NAME/rt" "StateDirectory=$NAME" "StateDirectoryMode=0700" \
        "CacheDirectory=$NAME" "LogsDirectory=$NAME" "ConfigurationDirectory=$NAME"

# 1. the user manager's layout with $XDG_RUNTIME_DIR and $HOME only
as_user HOME="$H" XDG_RUNTIME_DIR="$R" -- "$T/all.service"
check "runs (status $RC)" [ "$RC" = 0 ]
[ "$RC" = 0 ] || sed 's/^/# /' "$T/stderr"
check "\$RUNTIME_DIRECTORY below \$XDG_RUNTIME_DIR" has "RT=$R/$NAME/rt"
check "\$STATE_DIRECTORY below ~/.config (systemd 252)" has "ST=$H/.config/$NAME"
check "\$CACHE_DIRECTORY below ~/.cache" has "CA=$H/.cache/$NAME"
check "\$LOGS_DIRECTORY below ~/.config/log" has "LG=$H/.config/log/$NAME"
check "\$CONFIGURATION_DIRECTORY below ~/.config" has "CF=$H/.config/$NAME"
for d in "$R/$NAME/rt" "$H/.config/$NAME" "$H/.cache/$NAME" "$H/.config/log/$NAME"; do
        check "$d writable under ProtectSystem=strict" has "W=$d"
done
check "the rest of the home stays read-only (strict really applied)" has "HOME=ro"
check "RuntimeDirectory= removed at the end" [ ! -e "$R/$NAME/rt" ]
check "its parent stays" [ -d "$R/$NAME" ]
check "StateDirectory= kept, with what the service wrote" [ -f "$H/.config/$NAME/written" ]
check "StateDirectoryMode=0700 applied" [ "$(mode_of "$H/.config/$NAME")" = 700 ]
check "owned by the user" [ "$(owner_of "$H/.cache/$NAME")" = cordon-test ]
check "nothing below the system prefixes" none_exist "/var/lib/$NAME" "/run/$NAME" \
        "/var/cache/$NAME" "/var/log/$NAME" "/etc/$NAME"

# 2. $XDG_CONFIG_HOME and $XDG_CACHE_HOME win over the home fallbacks
mkdir -p "$H/cfg" "$H/cch"
chown cordon-test: "$H/cfg" "$H/cch"
as_user HOME="$H" XDG_RUNTIME_DIR="$R" XDG_CONFIG_HOME="$H/cfg" XDG_CACHE_HOME="$H/cch" -- \
        "$T/all.service"
check "runs with \$XDG_CONFIG_HOME/\$XDG_CACHE_HOME (status $RC)" [ "$RC" = 0 ]
check "\$STATE_DIRECTORY below \$XDG_CONFIG_HOME" has "ST=$H/cfg/$NAME"
check "\$LOGS_DIRECTORY below \$XDG_CONFIG_HOME/log" has "LG=$H/cfg/log/$NAME"
check "\$CACHE_DIRECTORY below \$XDG_CACHE_HOME" has "CA=$H/cch/$NAME"
check "written there" test -f "$H/cfg/log/$NAME/written" -a -f "$H/cch/$NAME/written"

# 3. RuntimeDirectoryPreserve=yes keeps the runtime directory
unit keep "Type=oneshot" "ExecStart=$T/report $H" "RuntimeDirectory=$NAME-keep" \
        "RuntimeDirectoryPreserve=yes"
as_user HOME="$H" XDG_RUNTIME_DIR="$R" -- "$T/keep.service"
check "RuntimeDirectoryPreserve=yes: runs (status $RC)" [ "$RC" = 0 ]
check "RuntimeDirectoryPreserve=yes: kept" [ -f "$R/$NAME-keep/written" ]

# 4. no $XDG_RUNTIME_DIR: RuntimeDirectory= is refused before anything runs; the others work
as_user HOME="$H" -- "$T/all.service"
check "no \$XDG_RUNTIME_DIR: RuntimeDirectory= refused (status $RC)" [ "$RC" = 78 ]
check "the refusal names the unit file line and \$XDG_RUNTIME_DIR" \
        grep -q "all.service:.*XDG_RUNTIME_DIR" "$T/stderr"
unit state "Type=oneshot" "ExecStart=$T/report $H" "StateDirectory=$NAME-st"
as_user HOME="$H" -- "$T/state.service"
check "no \$XDG_RUNTIME_DIR: StateDirectory= alone runs (status $RC)" [ "$RC" = 0 ]
check "no \$XDG_RUNTIME_DIR: state in ~/.config" [ -f "$H/.config/$NAME-st/written" ]

# 4b. DynamicUser= rootless: the service runs as the caller, the directories are plain ones (no
# private/ layer, which would have to belong to root)
unit du "Type=oneshot" "ExecStart=$T/report $H" "DynamicUser=yes" "StateDirectory=$NAME-du" \
        "RuntimeDirectory=$NAME-du"
as_user HOME="$H" XDG_RUNTIME_DIR="$R" -- "$T/du.service"
check "DynamicUser= rootless: runs (status $RC)" [ "$RC" = 0 ]
[ "$RC" = 0 ] || sed 's/^/# /' "$T/stderr"
check "DynamicUser= rootless: \$STATE_DIRECTORY plain below ~/.config" has "ST=$H/.config/$NAME-du"
check "DynamicUser= rootless: written (ProtectSystem=strict implied)" has "W=$H/.config/$NAME-du"
check "DynamicUser= rootless: a directory, no private/ symlink" test -d "$H/.config/$NAME-du" -a \
        ! -L "$H/.config/$NAME-du" -a ! -e "$H/.config/private"
check "DynamicUser= rootless: runtime directory removed" [ ! -e "$R/$NAME-du" ]

# 5. the dry run names the prefixes instead of printing the caller's paths
as_user HOME="$H" XDG_RUNTIME_DIR="$R" -- --dry-run "$T/all.service"
check "--dry-run rootless: \$XDG_CONFIG_HOME/NAME" \
        sh -c "printf '%s\n' \"\$1\" | grep -qF '\$XDG_CONFIG_HOME/$NAME mode 0700'" _ "$OUT"
check "--dry-run rootless: the plan keeps the directory writable" \
        sh -c "printf '%s\n' \"\$1\" | grep -q 'read-write *$H/.config/$NAME '" _ "$OUT"

echo "1..$N"
exit $FAILED
