#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Red-team probes for `cordon run` that escapes.md (E001-E097, F01-F30) does not list (K4), TAP.
# Usage: run-redteam.sh CORDON PROBE
# Every probe runs twice: once where the unit says it must fail (the regression guard) and once
# as a control where it must work, so a probe that cannot work at all never passes as "blocked".
# An escape cordon still has is reported as "not ok ... # TODO" (and in /work/notes/bugs.md):
# the suite stays green and the test turns into a plain pass once the bug is fixed.
# Runs as real root; the rootless half runs cordon as the unprivileged user cordon-test.
# Sections: D *Directory= symlink swaps, K kernel surface and cordon-init under the dness third
# stage, P cordon-init from root services, I session keyring, L nested PID namespace at stop,
# F files planted as FIFOs, R root reads through planted symlinks, W WorkingDirectory= as root.
set -u
REAL_ROOT=0
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' <"/proc/self/uid_map" | sed 's/^ //')" = "0 0 4294967295" ] && REAL_ROOT=1
if [ "$REAL_ROOT" = 1 ] && [ -z "${CORDON_IT_PRIVATE_NS:-}" ] && command -v unshare >/dev/null; then
        CORDON_IT_PRIVATE_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
CORDON=$(realpath "$1")
PROBE=$(realpath "$2")
N=0
FAILED=0
MODE=root

ok() {
        N=$((N + 1))
        echo "ok $N - [$MODE] $1"
}
not_ok() {
        N=$((N + 1))
        echo "not ok $N - [$MODE] $1"
        FAILED=1
}
# check NAME COND...: ok when the command succeeds.
check() {
        name=$1
        shift
        if "$@"; then ok "$name"; else not_ok "$name: $(printf '%s' "${OUT:-}" | tr '\n' '|' | cut -c1-400) rc=${RC:-}"; fi
}
# known_escape NAME COND...: an escape reported as a bug: "# TODO" while it is open.
known_escape() {
        name=$1
        shift
        N=$((N + 1))
        if "$@"; then
                echo "ok $N - [$MODE] $name"
        else
                echo "not ok $N - [$MODE] $name # TODO escape open (bugs.md, K4)"
        fi
}

if [ "$REAL_ROOT" != 1 ]; then
        echo "ok 1 - red-team probes # SKIP need real root (fixtures: users, chown, decoys)"
        echo "1..1"
        exit 0
fi

id cordon-test >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin cordon-test
PD=$(mktemp -d /var/lib/cordon-rt-probe.XXXXXX) # not below /tmp: PrivateTmp= hides it
cp "$PROBE" "$PD/probe"
chmod 755 "$PD" "$PD/probe"
PROBE=$PD/probe
T=$(mktemp -d /tmp/cordon-rt.XXXXXX) # unit files, read by cordon before any sandbox
chmod 755 "$T"
TAG=cordon-rt-$$
DECOY=/var/lib/$TAG-decoy # root's: what a service must never delete nor own
cleanup() {
        rm -rf "$T" "$PD" "$DECOY" "/var/lib/$TAG"* "/var/lib/private/$TAG"* "/run/$TAG"*
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

decoy() {
        rm -rf "$DECOY"
        mkdir -p "$DECOY/ssl"
        echo secret >"$DECOY/ssl/key"
        chmod 600 "$DECOY/ssl/key"
        chown -R root:root "$DECOY"
}
decoy_intact() {
        [ -f "$DECOY/ssl/key" ] && [ "$(stat -c %u "$DECOY/ssl" "$DECOY/ssl/key" | sort -u)" = 0 ]
}

# unit NAME LINES...: $T/NAME.service with the given [Service] lines.
unit() {
        name=$1
        shift
        {
                echo "[Service]"
                for l in "$@"; do printf '%s\n' "$l"; done
        } >"$T/$name.service"
        chmod 644 "$T/$name.service"
}
# d3 NAME LINES...: the dness blog's fully sandboxed unit (third stage) plus LINES.
d3() {
        name=$1
        shift
        {
                cat <<'EOF'
[Service]
DynamicUser=yes
CapabilityBoundingSet=
RestrictAddressFamilies=AF_INET AF_INET6
SystemCallArchitectures=native
LockPersonality=yes
MemoryDenyWriteExecute=yes
PrivateDevices=yes
PrivateUsers=yes
ProtectControlGroups=yes
ProtectHome=yes
ProtectHostname=yes
ProtectKernelLogs=yes
ProtectKernelModules=yes
ProtectKernelTunables=yes
RestrictNamespaces=yes
RestrictRealtime=yes
SystemCallFilter=~@privileged @resources
SystemCallFilter=@system-service
EOF
                for l in "$@"; do printf '%s\n' "$l"; done
        } >"$T/$name.service"
        chmod 644 "$T/$name.service"
}
cordon_run() {
        if [ "$MODE" = root ]; then
                OUT=$(timeout 120 "$CORDON" run --lenient "$@" 2>"$T/stderr")
                RC=$?
        else
                OUT=$(timeout 120 setpriv --reuid=cordon-test --regid=cordon-test --clear-groups \
                        "$CORDON" run --lenient "$@" 2>"$T/stderr")
                RC=$?
        fi
}
has() { printf '%s\n' "$OUT" | grep -qxF -- "$1"; }
# val KEY: the value after "KEY=" in the probe's output.
val() { printf '%s\n' "$OUT" | grep -F -- "$1=" | head -1 | sed "s|^$1=||"; }
# denied KEY: the probe answered with a refusal (an errno of the checks, or killed by seccomp).
denied() {
        case "$(val "$1")" in
        EACCES | EPERM | ENOENT | ESRCH | ENOSYS | EAFNOSUPPORT | EINVAL | SIG*) true ;;
        *) false ;;
        esac
}
# reached KEY: an answer that is not a refusal (OK, a listing, EFAULT past the access check).
# (EINVAL counts as a refusal: setuid(0) where uid 0 is not mapped.)
reached() { [ -n "$(val "$1")" ] && ! denied "$1"; }

# ---------------------------------------------------------------- D: *Directory= symlink swaps
# A service owns its *Directory= trees; with nested items (X and X/a/b) the directories between
# belong to it too. cordon works on them as root by path at set-up and clean-up: a symlink the
# service put in place of X/a must not be followed (systemd.exec: the directories are the
# service's, nothing else becomes its or is removed).
directories() {
        # D1: RuntimeDirectory= removal at stop follows a swapped intermediate directory.
        decoy
        rm -rf "/run/$TAG"
        d3 d1c "RuntimeDirectory=$TAG/x/ssl $TAG" \
                "ExecStart=/bin/sh -c 'test -d /run/$TAG/x/ssl && echo made'"
        cordon_run "$T/d1c.service"
        check "K4-D1 control: nested RuntimeDirectory= made, removed at stop, decoy intact" \
                eval 'has made && [ ! -e "/run/$TAG" ] && decoy_intact'
        d3 d1 "RuntimeDirectory=$TAG/x/ssl $TAG" \
                "ExecStart=/bin/sh -c 'cd /run/$TAG && mv x y && ln -s $DECOY x && echo swapped'"
        cordon_run "$T/d1.service"
        check "K4-D1 the service (dness-3 sandbox) can swap its own subdirectory for a symlink" has swapped
        check "K4-D1 RuntimeDirectory= clean-up never deletes through a planted symlink" decoy_intact

        # D2: StateDirectory= set-up chowns through a swapped intermediate directory (User=).
        decoy
        rm -rf "/var/lib/$TAG"
        unit d2c "User=cordon-test" "StateDirectory=$TAG $TAG/x/ssl" \
                "ExecStart=/bin/sh -c 'test -O /var/lib/$TAG/x/ssl && echo owned'"
        cordon_run "$T/d2c.service"
        check "K4-D2 control: nested StateDirectory= owned by the service user, decoy intact" \
                eval 'has owned && decoy_intact'
        unit d2 "User=cordon-test" "StateDirectory=$TAG $TAG/x/ssl" \
                "ExecStart=/bin/sh -c 'cd /var/lib/$TAG && if [ -L x ]; then echo again; else mv x y && ln -s $DECOY x && echo swapped; fi'"
        cordon_run "$T/d2.service"
        check "K4-D2 the service can swap its own subdirectory for a symlink" has swapped
        cordon_run "$T/d2.service" # the next start sets the directories up again
        check "K4-D2 StateDirectory= set-up never chowns through a planted symlink" decoy_intact
        check "K4-D2 the next start is refused: exit status 238, file:line names the link (K5)" \
                eval '[ "$RC" = 238 ] && grep -q "d2.service:[0-9]*: StateDirectory .*symbolic link" "$T/stderr"'

        # D3: the same with DynamicUser= (private/ layer): the plan's path check refuses it.
        decoy
        rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG"
        unit d3s "DynamicUser=yes" "StateDirectory=$TAG $TAG/x/ssl" \
                "ExecStart=/bin/sh -c 'cd /var/lib/$TAG && if [ -L x ]; then echo again; else mv x y && ln -s $DECOY x && echo swapped; fi'"
        cordon_run "$T/d3s.service"
        check "K4-D3 DynamicUser=: the service can swap its subdirectory" has swapped
        cordon_run "$T/d3s.service"
        check "K4-D3 DynamicUser= StateDirectory= set-up does not chown through it" decoy_intact

        # D4: User= with ProtectSystem=strict (the state directories are bind-mounted).
        decoy
        rm -rf "/var/lib/$TAG"
        unit d4 "User=cordon-test" "ProtectSystem=strict" "StateDirectory=$TAG $TAG/x/ssl" \
                "ExecStart=/bin/sh -c 'cd /var/lib/$TAG && if [ -L x ]; then echo again; else mv x y && ln -s $DECOY x && echo swapped; fi'"
        cordon_run "$T/d4.service"
        check "K4-D4 ProtectSystem=strict: the service can swap its subdirectory" has swapped
        cordon_run "$T/d4.service"
        check "K4-D4 ProtectSystem=strict StateDirectory= set-up never chowns through it" decoy_intact
        rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG" "/run/$TAG"
}

# ---------------------------------------------------------------- K: kernel surface, init
# Attempts the dness third stage must stop (its directives, or cordon being safer than systemd),
# and the same attempts in a unit without directives as the control.
TRIES="try bpf try kcmp1 try fsopen try open_tree try unshare:user try unshare:mnt
try unshare:net try unshare:pid try unshare:cgroup try clone3-user try personality try netlink
try packet try unix try mprotect-exec try setuid0 try setgroups0 try ptrace:1 try vmread:1
try pidfd-getfd:1 try securebits try chroot try io_uring ls /proc/1/root read /proc/1/environ
ls /proc/1/cwd"
kernel_surface() {
        # shellcheck disable=SC2086 # word splitting of the request list is intended
        d3 ks "ExecStart=$PROBE $(echo $TRIES)"
        # shellcheck disable=SC2086
        unit ksc "ExecStart=$PROBE $(echo $TRIES)"
        cordon_run "$T/ks.service"
        KS=$OUT
        cordon_run "$T/ksc.service"
        KSC=$OUT
        # what | reachable in the control as root, as rootless (a user namespace cannot) | why
        while IFS='|' read -r what ctl_root ctl_rootless why; do
                [ -n "$what" ] || continue
                OUT=$KS
                check "K4-K $what blocked under the third stage ($why)" denied "$what"
                want=$ctl_root
                [ "$MODE" = rootless ] && want=$ctl_rootless
                OUT=$KSC
                if [ "$want" = yes ]; then
                        check "K4-K control: $what works without directives" reached "$what"
                fi
        done <<'EOF'
try bpf|yes|no|SystemCallFilter=~@privileged
try kcmp1|yes|no|DynamicUser=: cordon-init is not the service's
try fsopen|yes|no|PrivateUsers=: no CAP_SYS_ADMIN
try open_tree|yes|no|PrivateUsers=: no CAP_SYS_ADMIN
try unshare:user|yes|yes|RestrictNamespaces=
try unshare:mnt|yes|no|RestrictNamespaces=
try unshare:net|yes|no|RestrictNamespaces=
try unshare:pid|yes|no|RestrictNamespaces=
try unshare:cgroup|yes|no|RestrictNamespaces=
try clone3-user|yes|yes|RestrictNamespaces=: clone3 ENOSYS
try personality|yes|yes|LockPersonality=
try netlink|yes|yes|RestrictAddressFamilies=
try packet|yes|no|RestrictAddressFamilies=
try unix|yes|yes|RestrictAddressFamilies=
try mprotect-exec|yes|yes|MemoryDenyWriteExecute=
try setuid0|yes|no|DynamicUser=, no CAP_SETUID
try setgroups0|yes|no|DynamicUser=, no CAP_SETGID
try ptrace:1|yes|no|cordon-init: another user
try vmread:1|yes|no|cordon-init: another user
try pidfd-getfd:1|yes|no|cordon-init: another user
try securebits|yes|no|CapabilityBoundingSet=
try chroot|yes|no|SystemCallFilter=~@privileged
try io_uring|yes|yes|cordon: io_uring_setup ENOSYS
ls /proc/1/root|yes|no|cordon-init's root is the host's
read /proc/1/environ|yes|no|cordon-init's environment
ls /proc/1/cwd|yes|no|cordon-init's cwd is the host's /
EOF
}

# ---------------------------------------------------------------- P: cordon-init from root services
# cordon-init (PID 1 of the service's namespace) keeps the host's root, cwd and environment.
# A root service without the capabilities it holds (CapabilityBoundingSet=), or root only inside
# its user namespace (PrivateUsers=, full capabilities there), must not get through it.
init_reach() {
        hidden=$PD/hidden
        mkdir -p "$hidden"
        echo m >"$hidden/marker"
        unit pc "ProtectSystem=strict" "InaccessiblePaths=$hidden" \
                "ExecStart=$PROBE read $hidden/marker read /proc/1/root$hidden/marker write /proc/1/root$hidden"
        cordon_run "$T/pc.service"
        check "K4-P control: a full root service reaches past InaccessiblePaths= via /proc/1/root" \
                eval 'denied "read $hidden/marker" && reached "read /proc/1/root$hidden/marker"'
        for variant in "CapabilityBoundingSet=" "PrivateUsers=yes"; do
                unit pb "$variant" "ProtectSystem=strict" "InaccessiblePaths=$hidden" \
                        "ExecStart=$PROBE uid read /proc/1/root$hidden/marker write /proc/1/root$hidden read /proc/1/environ try ptrace:1 try pidfd-getfd:1"
                cordon_run "$T/pb.service"
                check "K4-P $variant: root service cannot read through cordon-init's root" \
                        eval 'has "uid=0 euid=0" && denied "read /proc/1/root$hidden/marker"'
                check "K4-P $variant: nor write there" denied "write /proc/1/root$hidden"
                check "K4-P $variant: nor read cordon-init's environment" denied "read /proc/1/environ"
                check "K4-P $variant: nor ptrace it or take its descriptors" \
                        eval 'denied "try ptrace:1" && denied "try pidfd-getfd:1"'
        done
}

# ---------------------------------------------------------------- I: identity, keyring
identity() {
        # KeyringMode=private (the default for services): a session keyring of the service's own,
        # not the one of whoever started cordon (a root service could read root's keys there).
        mine=$("$PROBE" keyring | sed -n 's/^keyring=\([0-9]*\) .*/\1/p')
        unit kr "ExecStart=$PROBE keyring"
        cordon_run "$T/kr.service"
        theirs=$(val keyring | cut -d' ' -f1)
        check "K4-I a root service's session keyring is not its caller's (KeyringMode=private)" \
                eval '[ -n "$mine" ] && [ -n "$theirs" ] && [ "$mine" != "$theirs" ]'
        unit krc "KeyringMode=inherit" "ExecStart=$PROBE keyring"
        cordon_run "$T/krc.service"
        theirs=$(val keyring | cut -d' ' -f1)
        check "K4-I control: KeyringMode=inherit shares the caller's session keyring" \
                eval '[ -n "$mine" ] && [ "$mine" = "$theirs" ]'
        unit kru "DynamicUser=yes" "ExecStart=$PROBE uid keyring"
        cordon_run "$T/kru.service"
        uid=$(val uid | cut -d' ' -f1)
        check "K4-I a DynamicUser= service's session keyring belongs to its user" \
                eval '[ -n "$uid" ] && printf "%s\n" "$OUT" | grep -q "^keyring=[0-9]* keyring;$uid;[0-9]*;[0-9a-f]*;_ses$"'
}

# ---------------------------------------------------------------- L: lifecycle
lifecycle() {
        # A process in a nested PID namespace (no RestrictNamespaces=) must not outlive the run.
        marker=/var/lib/$TAG-nested
        rm -f "$marker"
        secs=$((3000 + $$ % 1000))
        cat >"$PD/nested.sh" <<EOF
unshare -p -f setsid sh -c "echo up >$marker; exec sleep $secs" >/dev/null 2>&1 </dev/null &
i=0
while [ ! -s $marker ] && [ \$i -lt 100 ]; do sleep 0.1; i=\$((i + 1)); done
EOF
        chmod 644 "$PD/nested.sh"
        unit nested "TimeoutStopSec=5" "ExecStart=/bin/sh $PD/nested.sh"
        cordon_run "$T/nested.service"
        check "K4-L control: the service started a process in a PID namespace of its own" test -s "$marker"
        check "K4-L that process does not survive the run" eval '! pgrep -x -f "sleep $secs" >/dev/null'
        for left in $(pgrep -x -f "sleep $secs"); do kill -KILL "$left"; done
        rm -f "$marker"
}

# ---------------------------------------------------------------- R: root reads a planted symlink
# EnvironmentFile= and LoadCredential= are read by cordon as root, before the service's identity
# applies. When the unit points them into a directory the service writes, a symlink the service
# put there must not make cordon hand it a root-only file (systemd 252 follows it too: cordon is
# to be the safer one). The secret: 0600 in a 0700 directory, both root's.
root_reads() {
        sec=/var/lib/$TAG-secret
        mkdir -p "$sec"
        echo "TOKEN=s3cret-$$" >"$sec/env"
        chmod 700 "$sec"
        chmod 600 "$sec/env"
        rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG"
        plant="cd /var/lib/$TAG && rm -f env tok && ln -s $sec/env env && ln -s $sec/env tok"
        unit r1 "DynamicUser=yes" "StateDirectory=$TAG" "EnvironmentFile=-/var/lib/private/$TAG/env" \
                "LoadCredential=tok:/var/lib/private/$TAG/tok" \
                "ExecStart=/bin/sh -c 'echo \"T=\$TOKEN\"; cat \$CREDENTIALS_DIRECTORY/tok; cat $sec/env; $plant'"
        mkdir -p "/var/lib/private/$TAG"
        echo "TOKEN=harmless" >"/var/lib/private/$TAG/env"
        echo "harmless" >"/var/lib/private/$TAG/tok"
        cordon_run "$T/r1.service"
        check "K4-R control: EnvironmentFile= and LoadCredential= from the state directory are read" \
                eval 'has T=harmless && has harmless'
        check "K4-R control: the service itself cannot read the secret" eval '! has "TOKEN=s3cret-$$"'
        # Fixed (K6): a symlink is followed only when root placed it in a root-only directory.
        # LoadCredential= through the planted link: 243/CREDENTIALS naming the line (5).
        cordon_run "$T/r1.service"
        check "K4-R2 LoadCredential= does not follow the service's symlink to a root-only file" \
                eval '[ "$RC" = 243 ] && ! has "TOKEN=s3cret-$$" && grep -q "r1.service:5" "$T/stderr"'
        # EnvironmentFile=- through the planted link: treated as missing, with a warning.
        unit r2 "DynamicUser=yes" "StateDirectory=$TAG" "EnvironmentFile=-/var/lib/private/$TAG/env" \
                "ExecStart=/bin/sh -c 'echo \"T=\$TOKEN\"'"
        cordon_run "$T/r2.service"
        check "K4-R1 EnvironmentFile= does not follow the service's symlink to a root-only file" \
                eval '[ "$RC" = 0 ] && has "T=" && grep -q "r2.service:4.*symlink" "$T/stderr"'
        rm -rf "$sec" "/var/lib/$TAG" "/var/lib/private/$TAG"
}

# ---------------------------------------------------------------- W: WorkingDirectory= as root
# systemd changes to WorkingDirectory= after the switch to the service's user (it might need that
# user's access, e.g. on NFS), so a directory the user cannot reach is a 200/CHDIR failure.
# Changing directory as root gives the service a working directory behind a root-only parent,
# and its files with it (another DynamicUser= service's tree below /var/lib/private is exactly that).
workdir() {
        sec=/var/lib/$TAG-wd
        mkdir -p "$sec/sub"
        echo "private-$$" >"$sec/sub/f"
        chmod 700 "$sec"
        chmod 755 "$sec/sub"
        chmod 644 "$sec/sub/f"
        unit wc "DynamicUser=yes" "WorkingDirectory=$PD" "ExecStart=$PROBE cwd"
        cordon_run "$T/wc.service"
        check "K4-W control: a reachable WorkingDirectory= is the service's" has "cwd=$PD"
        unit w1 "DynamicUser=yes" "WorkingDirectory=$sec/sub" "ExecStart=$PROBE cwd cat f"
        cordon_run "$T/w1.service"
        known_escape "K4-W1 WorkingDirectory= behind a root-only directory fails (200) as with systemd" \
                eval '[ "$RC" = 200 ] && ! has "cat f=private-$$"'
        rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG"
        unit w2 "DynamicUser=yes" "StateDirectory=$TAG" "WorkingDirectory=-/var/lib/$TAG/w" \
                "ExecStart=/bin/sh -c 'cat f; cd /var/lib/$TAG && ln -sfn $sec/sub w'"
        cordon_run "$T/w2.service"
        check "K4-W2 control: the service plants its symlink, reads nothing" eval '[ "$RC" = 0 ] && ! has "private-$$"'
        cordon_run "$T/w2.service"
        known_escape "K4-W2 WorkingDirectory= through the service's own symlink gives no root-only files" \
                eval '[ -n "$RC" ] && ! has "private-$$"'
        rm -rf "$sec" "/var/lib/$TAG" "/var/lib/private/$TAG"
}

# ---------------------------------------------------------------- F: PIDFile= as a trap
# The PID file lives where the service writes. A FIFO there must not block cordon (TimeoutStartSec=
# and everything after it would never happen): open it without blocking, read regular files only.
pidfile_trap() {
        rm -rf "/run/$TAG"
        unit pfc "Type=forking" "User=cordon-test" "RuntimeDirectory=$TAG" "PIDFile=/run/$TAG/main.pid" \
                "TimeoutStartSec=5" "ExecStart=$PROBE forking /run/$TAG/main.pid 0"
        OUT=$(timeout 30 "$CORDON" run "$T/pfc.service" 2>"$T/stderr")
        RC=$?
        check "K4-F control: Type=forking with a PID file runs and ends (status 0)" test "$RC" = 0
        unit pf "Type=forking" "User=cordon-test" "RuntimeDirectory=$TAG" "PIDFile=/run/$TAG/main.pid" \
                "TimeoutStartSec=5" \
                "ExecStart=/bin/sh -c 'mkfifo /run/$TAG/main.pid && exec $PROBE forking /run/$TAG/other 0'"
        # 30 s is far beyond TimeoutStartSec=5 and the daemon's one second: a hang, not slowness.
        OUT=$(timeout 30 "$CORDON" run "$T/pf.service" 2>"$T/stderr")
        RC=$?
        # Fixed (K6): only a regular PID file is opened; the FIFO counts as "no pid yet".
        check "K4-F a FIFO as PIDFile= does not hang cordon (status $RC, 124 = hung)" \
                test "$RC" != 124
        rm -rf "/run/$TAG"
        # The same trap for the other files cordon reads as root from where the service writes.
        for what in "EnvironmentFile=-/var/lib/private/$TAG/f" "LoadCredential=tok:/var/lib/private/$TAG/f"; do
                rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG"
                mkdir -p "/var/lib/private/$TAG"
                echo "X=1" >"/var/lib/private/$TAG/f"
                unit ff "DynamicUser=yes" "StateDirectory=$TAG" "$what" \
                        "ExecStart=/bin/sh -c 'cd /var/lib/$TAG && rm -f f && mkfifo f && echo planted'"
                cordon_run "$T/ff.service"
                check "K4-F control: the service plants a FIFO for ${what%%=*}" has planted
                OUT=$(timeout 30 "$CORDON" run "$T/ff.service" 2>"$T/stderr")
                RC=$?
                check "K4-F a FIFO as ${what%%=*} does not hang cordon (status $RC, 124 = hung)" \
                        test "$RC" != 124
        done
        rm -rf "/var/lib/$TAG" "/var/lib/private/$TAG"
}

MODE=root
directories
kernel_surface
init_reach
identity
lifecycle
pidfile_trap
root_reads
workdir
MODE=rootless
kernel_surface
echo "1..$N"
exit $FAILED
