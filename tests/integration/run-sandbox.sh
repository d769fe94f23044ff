#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Integration tests for `cordon run` part 1 (filesystem and namespace sandbox), TAP output.
# Usage: run-sandbox.sh CORDON PROBE
# Each escape probe (escapes.md E0xx) is run twice: with the directive (must be blocked) and
# without it (must succeed, proving the probe is real). Runs as root and, rootless, as the
# unprivileged user cordon-test (created if missing). Under CI=true nothing may be skipped.
set -u
# As root, run in a throwaway mount namespace (escapes.md harness conventions): fixture mounts
# never reach the host, and mounts others make on the host meanwhile cannot disturb the
# before/after comparison of the mount table (E094).
# Real root only: under "unshare -r" uid 0 is someone else (no useradd, no setpriv to others).
REAL_ROOT=0
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' <"/proc/self/uid_map" | sed 's/^ //')" = "0 0 4294967295" ] && REAL_ROOT=1
if [ "$REAL_ROOT" = 1 ] && [ -z "${CORDON_IT_PRIVATE_NS:-}" ] && command -v unshare >/dev/null; then
        CORDON_IT_PRIVATE_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
CORDON=$(realpath "$1")
PROBE=$(realpath "$2")
# The probe runs inside sandboxes that hide /tmp, /home, /root…: wherever the tree lives, run a
# copy from a directory no directive under test masks.
PD=$(mktemp -d /var/lib/cordon-it-probe.XXXXXX)
cp "$PROBE" "$PD/probe"
chmod 755 "$PD" "$PD/probe"
PROBE=$PD/probe
N=0
FAILED=0
MODE=root

T=$(mktemp -d /tmp/cordon-it.XXXXXX)        # unit files (read by cordon before the sandbox)
W=$(mktemp -d /var/lib/cordon-it-rw.XXXXXX) # a host directory the service user may write
# (not below /tmp or /var/tmp: PrivateTmp= replaces those)
chmod 755 "$T"
RD=/var/lib/cordon-it-root.$$ # a RootDirectory= tree (created by root below)
LISTENER=
cleanup() {
        [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
        mountpoint -q "$W/sub" 2>/dev/null && umount "$W/sub"
        rm -rf "$T" "$W" "$RD" "$PD" /home/cordon-it.$$ /tmp/cordon-it-marker.$$ /var/tmp/cordon-it-marker.$$ \
                /dev/shm/cordon-it.$$
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

ok() {
        N=$((N + 1))
        echo "ok $N - [$MODE] $1"
}
not_ok() {
        N=$((N + 1))
        echo "not ok $N - [$MODE] $1"
        FAILED=1
}
skip() {
        N=$((N + 1))
        if [ "${CI:-}" = true ]; then
                echo "not ok $N - [$MODE] $1 # skipped under CI=true: $2"
                FAILED=1
        else
                echo "ok $N - [$MODE] $1 # SKIP $2"
        fi
}

# unit NAME LINES...: writes $T/NAME.service with the given [Service] lines.
unit() {
        name=$1
        shift
        {
                echo "[Service]"
                for l in "$@"; do echo "$l"; done
        } >"$T/$name.service"
        chmod 644 "$T/$name.service"
}

# cordon_run ARGS...: runs cordon as the current mode's user; output in $OUT, status in $RC.
cordon_run() {
        if [ "$MODE" = root ]; then
                OUT=$(timeout 60 "$CORDON" run "$@" 2>"$T/stderr")
                RC=$?
        else
                OUT=$(timeout 60 setpriv --reuid=cordon-test --regid=cordon-test --clear-groups \
                        "$CORDON" run "$@" 2>"$T/stderr")
                RC=$?
        fi
}

# probe_unit NAME "DIRECTIVES (newline separated)" PROBE-ARGS...
probe_unit() {
        name=$1
        directives=$2
        shift 2
        {
                echo "[Service]"
                [ -n "$directives" ] && printf '%s\n' "$directives"
                echo "ExecStart=$PROBE $*"
        } >"$T/$name.service"
        chmod 644 "$T/$name.service"
        cordon_run --lenient "$T/$name.service"
}

# expect TEST-NAME EXPECTED-LINE: $OUT must contain the exact line (or line prefix with *).
expect() {
        if printf '%s\n' "$OUT" | grep -qxF -- "$2" || { case "$2" in *'*') printf '%s\n' "$OUT" | grep -q -- "^$(printf '%s' "$2" | sed 's/\*$//; s/[][\.^$]/\\&/g')";; *) false;; esac; }; then
                ok "$1"
        else
                not_ok "$1: expected '$2', got: $(printf '%s' "$OUT" | tr '\n' '|') rc=$RC $(tr '\n' '|' <"$T/stderr")"
        fi
}
expect_rc() {
        if [ "$RC" = "$2" ]; then
                ok "$1"
        else
                not_ok "$1: expected exit status $2, got $RC: $(tr '\n' '|' <"$T/stderr")"
        fi
}
field() { # field KEY: value of "KEY=..." word in the first line starting with the request
        printf '%s\n' "$OUT" | grep -- "^$1" | head -1
}

# cordon_pids UNIT-PATH T|S|any: pids of cordon processes (comm "cordon") running this unit;
# T = stopped ones (children held by the fault hook), S = the others (cordon itself).
cordon_pids() {
        for p in $(pgrep -x cordon); do
                { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "$1" || continue
                st=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$p/status" 2>/dev/null)
                case "$2" in
                T) [ "$st" = T ] && echo "$p" ;;
                S) [ "$st" != T ] && echo "$p" ;;
                *) echo "$p" ;;
                esac
        done
}

run_suite() {
        # ---------------------------------------------------------------- E001 ProtectSystem
        probe_unit e001 "ProtectSystem=strict" write /usr write /etc write /var write "$W"
        expect "E001 strict: /usr read-only" "write /usr=EROFS"
        expect "E001 strict: /etc read-only" "write /etc=EROFS"
        expect "E001 strict: /var read-only" "write /var=EROFS"
        expect "E001 strict: $W read-only" "write $W=EROFS"
        probe_unit e001c "" write "$W"
        expect "E001 control: $W writable without ProtectSystem=" "write $W=OK"
        probe_unit e001f "ProtectSystem=full" write /etc write "$W"
        expect "E001 full: /etc read-only" "write /etc=EROFS"
        expect "E001 full: /var stays writable" "write $W=OK"
        probe_unit e001y "ProtectSystem=yes" write /usr stat /etc
        expect "E001 yes: /usr read-only" "write /usr=EROFS"
        expect "E001 yes: /etc not read-only" "stat /etc=dir*"
        case "$(field 'stat /etc')" in *ro=0*) ok "E001 yes: /etc mount writable" ;; *) not_ok "E001 yes: /etc: $(field 'stat /etc')" ;; esac
        if [ "$MODE" = root ]; then
                probe_unit e001r "" write /usr
                expect "E001 control: /usr writable for root without ProtectSystem=" "write /usr=OK"
        fi

        # ---------------------------------------------------------------- E002 submounts
        probe_unit e002 "ReadOnlyPaths=$W" write "$W/sub" write "$W"
        expect "E002 submount below ReadOnlyPaths= is read-only" "write $W/sub=EROFS"
        expect "E002 ReadOnlyPaths= itself" "write $W=EROFS"
        probe_unit e002c "" write "$W/sub"
        expect "E002 control: submount writable" "write $W/sub=OK"

        # ---------------------------------------------------------------- E004 ProtectHome
        probe_unit e004y "ProtectHome=yes" stat "$HOMEDIR/marker" ls /home
        case "$(field "stat $HOMEDIR/marker")" in *ENOENT | *EACCES) ok "E004 yes: marker hidden" ;; *) not_ok "E004 yes: $(field "stat $HOMEDIR/marker")" ;; esac
        case "$(field 'ls /home')" in "ls /home=" | "ls /home=EACCES") ok "E004 yes: /home empty" ;; *) not_ok "E004 yes: $(field 'ls /home')" ;; esac
        probe_unit e004r "ProtectHome=read-only" write "$HOMEDIR" read "$HOMEDIR/marker"
        expect "E004 read-only: writes refused" "write $HOMEDIR=EROFS"
        expect "E004 read-only: reads work" "read $HOMEDIR/marker=OK"
        probe_unit e004t "ProtectHome=tmpfs" ls /home write /home
        expect "E004 tmpfs: /home empty" "ls /home="
        expect "E004 tmpfs: read-only" "write /home=EROFS"
        probe_unit e004c "" write "$HOMEDIR" stat "$HOMEDIR/marker"
        expect "E004 control: home writable" "write $HOMEDIR=OK"
        expect "E004 control: marker visible" "stat $HOMEDIR/marker=reg*"

        # ---------------------------------------------------------------- E005 InaccessiblePaths
        probe_unit e005 "InaccessiblePaths=$W/secret
InaccessiblePaths=$W/sub" read "$W/secret" stat "$W/secret" ls "$W/sub"
        case "$(field "read $W/secret")" in
        "read $W/secret=EACCES" | "read $W/secret=OK empty") ok "E005 file content unreachable" ;;
        *) not_ok "E005 file content: $(field "read $W/secret")" ;;
        esac
        expect "E005 mode 0000" "stat $W/secret=reg mode=0000*"
        case "$(field "ls $W/sub")" in
        "ls $W/sub=EACCES" | "ls $W/sub=") ok "E005 submount unreachable" ;;
        *) not_ok "E005 submount: $(field "ls $W/sub")" ;;
        esac
        probe_unit e005c "" read "$W/secret" ls "$W/sub"
        expect "E005 control: readable" "read $W/secret=OK"
        expect "E005 control: submount content" "ls $W/sub=marker:reg"

        # ---------------------------------------------------------------- E006 carve-outs
        probe_unit e006 "ProtectSystem=strict
ReadWritePaths=$W
ReadWritePaths=-/nonexistent-cordon" write "$W" write "$W/esc" write /etc
        expect "E006 carve-out writable" "write $W=OK"
        expect "E006 symlink out of the carve-out stays read-only" "write $W/esc=EROFS"
        expect "E006 rest read-only" "write /etc=EROFS"
        expect_rc "E006/F04 '-' missing carve-out skipped" 0

        # ---------------------------------------------------------------- E008 PrivateTmp
        probe_unit e008 "PrivateTmp=yes" stat /tmp/cordon-it-marker.$$ stat /var/tmp/cordon-it-marker.$$ write /tmp
        expect "E008 host /tmp hidden" "stat /tmp/cordon-it-marker.$$=ENOENT"
        expect "E008 host /var/tmp hidden" "stat /var/tmp/cordon-it-marker.$$=ENOENT"
        expect "E008 private /tmp writable" "write /tmp=OK"
        unit e008s "Type=oneshot" "PrivateTmp=yes" "ExecStartPre=$PROBE touch /tmp/cordon-it-shared.$$ touch /var/tmp/cordon-it-shared.$$" "ExecStart=$PROBE stat /tmp/cordon-it-shared.$$ stat /var/tmp/cordon-it-shared.$$"
        cordon_run "$T/e008s.service"
        expect "PrivateTmp= /tmp shared by the commands of one run" "stat /tmp/cordon-it-shared.$$=reg*"
        expect "PrivateTmp= /var/tmp shared by the commands of one run" "stat /var/tmp/cordon-it-shared.$$=reg*"
        if [ ! -e /tmp/cordon-it-shared.$$ ] && [ ! -e /var/tmp/cordon-it-shared.$$ ]; then ok "E008 nothing written to the host /tmp, /var/tmp"; else not_ok "E008 private tmp file reached the host"; fi
        probe_unit e008c "" stat /tmp/cordon-it-marker.$$
        expect "E008 control: host /tmp visible" "stat /tmp/cordon-it-marker.$$=reg*"

        # ---------------------------------------------------------------- E009 /dev/shm
        probe_unit e009 "PrivateDevices=yes" stat /dev/shm/cordon-it.$$ write /dev/shm
        expect "E009 host /dev/shm hidden (stricter than systemd)" "stat /dev/shm/cordon-it.$$=ENOENT"
        expect "E009 private /dev/shm writable" "write /dev/shm=OK"
        probe_unit e009c "" stat /dev/shm/cordon-it.$$
        expect "E009 control: host /dev/shm visible" "stat /dev/shm/cordon-it.$$=reg*"

        # ---------------------------------------------------------------- E010 NoExecPaths
        probe_unit e010 "NoExecPaths=$W
ExecPaths=$W/x" exec "$W" exec "$W/x"
        expect "E010 NoExecPaths= blocks exec" "exec $W=EACCES"
        expect "E010 ExecPaths= carve-out" "exec $W/x=OK"
        probe_unit e010c "" exec "$W"
        expect "E010 control: exec works" "exec $W=OK"

        # ---------------------------------------------------------------- E011 nosuid/nodev
        probe_unit e011 "PrivateTmp=yes
TemporaryFileSystem=$W/t" stat /tmp stat "$W/t"
        case "$(field 'stat /tmp')" in *nosuid=1\ nodev=1*) ok "E011 private /tmp nosuid,nodev" ;; *) not_ok "E011 /tmp: $(field 'stat /tmp')" ;; esac
        case "$(field "stat $W/t")" in *nodev=1*) ok "E011 TemporaryFileSystem= nodev" ;; *) not_ok "E011 tmpfs: $(field "stat $W/t")" ;; esac

        # ---------------------------------------------------------------- E012 tmpfs & binds
        probe_unit e012 "TemporaryFileSystem=$W:ro" ls "$W" write "$W"
        expect "E012 TemporaryFileSystem= hides content" "ls $W="
        expect "E012 TemporaryFileSystem=:ro" "write $W=EROFS"
        probe_unit e012b "BindReadOnlyPaths=$W:$W/x" write "$W/x" stat "$W/x/secret"
        expect "E012 BindReadOnlyPaths= read-only" "write $W/x=EROFS"
        expect "E012 BindReadOnlyPaths= shows the source" "stat $W/x/secret=reg*"
        probe_unit e012r "BindPaths=$W:$W/x" stat "$W/x/sub/marker" write "$W/x"
        expect "E012 BindPaths= rbind keeps submounts" "stat $W/x/sub/marker=reg*"
        expect "E012 BindPaths= writable" "write $W/x=OK"
        probe_unit e012n "BindPaths=$W:$W/x:norbind" stat "$W/x/sub/marker"
        if [ "$MODE" = root ]; then
                expect "E012 BindPaths=:norbind drops submounts" "stat $W/x/sub/marker=ENOENT"
        else
                # The kernel refuses a non-recursive bind that would uncover what a locked
                # submount hides; cordon fails closed instead of binding recursively.
                expect_rc "E012 rootless BindPaths=:norbind over a submount fails closed (226)" 226
        fi
        probe_unit e012m "BindPaths=-/nonexistent-cordon:$W/y" stat "$W"
        expect_rc "E012 BindPaths=- missing source skipped" 0

        # ---------------------------------------------------------------- E013 symlinks
        HOSTMNT_E013=$(cut -d' ' -f5 /proc/self/mountinfo | sort)
        probe_unit e013 "BindPaths=$W/x:$W/planted" stat /
        if [ "$RC" != 0 ] && [ -z "$OUT" ]; then ok "E013 bind onto a planted symlink refused"; else not_ok "E013 rc=$RC out=$OUT"; fi
        probe_unit e013b "ReadOnlyPaths=$W/planted/passwd" stat /
        if [ "$RC" != 0 ] && [ -z "$OUT" ]; then ok "E013 path through a planted symlink refused"; else not_ok "E013b rc=$RC out=$OUT"; fi
        if [ "$(cut -d' ' -f5 /proc/self/mountinfo | sort)" = "$HOSTMNT_E013" ]; then ok "E013 host mount table unchanged"; else not_ok "E013 host mounts changed"; fi
        probe_unit e013c "ReadOnlyPaths=/var/run" stat /var/run
        expect_rc "E013 trusted root symlink (/var/run) followed" 0

        # ---------------------------------------------------------------- E016/E018 devices
        probe_unit e016 "PrivateDevices=yes" ls /dev stat "/dev/$BLKDEV" stat /dev/kmsg read /dev/null stat /dev write /dev/shm
        devs=$(field 'ls /dev')
        case "$devs" in *:blk*) not_ok "E016 block device visible: $devs" ;; *) ok "E016 no block devices" ;; esac
        for d in null zero full random urandom tty; do
                case ",${devs#ls /dev=}," in *",$d:chr,"*) ok "E016 /dev/$d present" ;; *) not_ok "E016 /dev/$d missing: $devs" ;; esac
        done
        expect "E016 no /dev/kmsg" "stat /dev/kmsg=ENOENT"
        expect "E018 host disk absent" "stat /dev/$BLKDEV=ENOENT"
        expect "E016 /dev/null works" "read /dev/null=OK empty"
        case "$(field 'stat /dev=')" in *ro=1*) ok "E016 /dev itself read-only" ;; *) not_ok "E016 $(field 'stat /dev=')" ;; esac
        expect "E016 /dev/shm below it writable" "write /dev/shm=OK"
        probe_unit e016c "" stat "/dev/$BLKDEV"
        expect "E018 control: host disk visible" "stat /dev/$BLKDEV=blk*"

        # ---------------------------------------------------------------- E022/E023 tunables
        probe_unit e022 "ProtectKernelTunables=yes" stat /proc/sys stat "$SYSRQ" stat /sys read /proc/kallsyms
        case "$(field 'stat /proc/sys')" in *ro=1*) ok "E022 /proc/sys read-only" ;; *) not_ok "E022 $(field 'stat /proc/sys')" ;; esac
        case "$(field "stat $SYSRQ")" in *ro=1*) ok "E022 $SYSRQ read-only" ;; *) not_ok "E022 $(field "stat $SYSRQ")" ;; esac
        case "$(field 'stat /sys')" in *ro=1*) ok "E022 /sys read-only" ;; *) not_ok "E022 $(field 'stat /sys')" ;; esac
        case "$(field 'read /proc/kallsyms')" in *EACCES | *"OK empty") ok "E023 kallsyms hidden" ;; *) not_ok "E023 $(field 'read /proc/kallsyms')" ;; esac
        probe_unit e022c "" stat /proc/sys read /proc/kallsyms
        case "$(field 'stat /proc/sys')" in *ro=0*) ok "E022 control: /proc/sys writable mount" ;; *) not_ok "E022 control $(field 'stat /proc/sys')" ;; esac
        expect "E023 control: kallsyms readable" "read /proc/kallsyms=OK"
        if [ "$MODE" = root ]; then
                probe_unit e022w "ProtectKernelTunables=yes" write "$SYSRQ"
                expect "E022 root: $SYSRQ not writable" "write $SYSRQ=EROFS"
                probe_unit e022wc "" write "$SYSRQ"
                expect "E022 root control: $SYSRQ opens for writing" "write $SYSRQ=OK"
        fi

        # ---------------------------------------------------------------- RootDirectory=
        unit rd "RootDirectory=$RD" "ProtectSystem=strict" "PrivateTmp=yes" "ReadWritePaths=+/data" \
                "ExecStart=/bin/probe stat /etc/marker write /etc write /data write /tmp stat $T stat /proc/self/status read /dev/null cwd"
        cordon_run --lenient "$T/rd.service"
        expect "RootDirectory=: the root's files" "stat /etc/marker=reg*"
        expect "RootDirectory=: host paths outside the root are gone" "stat $T=ENOENT"
        expect "RootDirectory= + ProtectSystem=strict: read-only" "write /etc=EROFS"
        expect "RootDirectory= + ReadWritePaths=+/data writable" "write /data=OK"
        expect "RootDirectory= + PrivateTmp=" "write /tmp=OK"
        expect "RootDirectory= MountAPIVFS: /proc" "stat /proc/self/status=reg*"
        expect "RootDirectory= MountAPIVFS: /dev" "read /dev/null=OK empty"
        unit rdc "ExecStart=$PROBE stat $T"
        cordon_run "$T/rdc.service"
        expect "RootDirectory= control: host path visible without it" "stat $T=dir*"
        unit rd3 "RootDirectory=$RD" "ExecStart=/bin/missing"
        cordon_run "$T/rd3.service"
        expect_rc "F03 binary missing inside RootDirectory=: 203" 203
        unit rd13 "RootDirectory=$RD" "BindPaths=$W:/data/planted" "ExecStart=/bin/probe stat /"
        cordon_run "$T/rd13.service"
        if [ "$RC" = 78 ] && [ -z "$OUT" ]; then ok "E013 bind onto a symlink planted inside RootDirectory= refused"; else not_ok "E013 root rc=$RC out=$OUT"; fi

        # ---------------------------------------------------------------- *Directory= writable
        if [ "$MODE" = root ]; then
                unit sd "DynamicUser=yes" "StateDirectory=cordon-it-state.$$" "RuntimeDirectory=cordon-it-run.$$" \
                        "ExecStart=$PROBE write /var/lib/cordon-it-state.$$ write /run/cordon-it-run.$$ write /var/lib ls /var/lib/private"
                cordon_run "$T/sd.service"
                expect "StateDirectory= writable under DynamicUser= (implied ProtectSystem=strict)" "write /var/lib/cordon-it-state.$$=OK"
                expect "RuntimeDirectory= writable" "write /run/cordon-it-run.$$=OK"
                expect "the rest of /var/lib read-only" "write /var/lib=EROFS"
                expect "E038 other services' private state directories invisible" "ls /var/lib/private=cordon-it-state.$$:dir"
                rm -rf /var/lib/private/cordon-it-state.$$ /var/lib/cordon-it-state.$$
        else
                # Rootless *Directory= live below the user manager's prefixes (G,
                # run-dirs-rootless.sh); without $XDG_RUNTIME_DIR RuntimeDirectory= is refused.
                unit sd "RuntimeDirectory=cordon-it-run.$$" "ExecStart=$PROBE stat /"
                saved_xdg=${XDG_RUNTIME_DIR-}
                export XDG_RUNTIME_DIR=
                cordon_run "$T/sd.service"
                XDG_RUNTIME_DIR=$saved_xdg
                expect_rc "rootless RuntimeDirectory= refused without \$XDG_RUNTIME_DIR" 78
        fi

        # ---------------------------------------------------------------- E062 late host mounts
        # The service waits on a FIFO; meanwhile the host mounts a writable tmpfs below a path the
        # service sees read-only. systemd propagates it (writable, issue #9857); cordon's private
        # propagation does not. Control: without a sandbox the late mount is writable.
        if [ "$MODE" = root ]; then
                for v in e062 e062c; do
                        rm -f "$W/fifo"
                        mkfifo -m 666 "$W/fifo"
                        mkdir -p "$W/late"
                        chown cordon-test: "$W/late"
                        d="ReadOnlyPaths=$W"
                        [ $v = e062c ] && d=""
                        (probe_unit $v "$d" wait "$W/fifo" write "$W/late" stat "$W/late/m"; printf '%s\n' "$OUT" >"$T/$v.out") &
                        bg=$!
                        exec 9>"$W/fifo" # blocks until the service has opened the FIFO
                        mount -t tmpfs -o size=1m,mode=777 tmpfs "$W/late"
                        touch "$W/late/m"
                        exec 9>&- # EOF: the service goes on
                        wait $bg
                        umount "$W/late"
                        OUT=$(cat "$T/$v.out")
                        if [ $v = e062 ]; then
                                expect "E062 host mount made after start not writable inside" "write $W/late=EROFS"
                                expect "E062 host mount made after start not visible inside" "stat $W/late/m=ENOENT"
                        else
                                expect "E062 control: late host mount writable" "write $W/late=OK"
                        fi
                done
        fi

        # ---------------------------------------------------------------- E061 sandbox -> host
        if [ "$MODE" = root ]; then
                mkdir -p "$W/m61"
                unit e061 "ProtectSystem=strict" "ExecStart=/bin/mount -t tmpfs -o size=1m cordon-e061 $W/m61"
                cordon_run "$T/e061.service"
                if [ "$RC" = 0 ] && ! grep -q cordon-e061 /proc/self/mountinfo; then ok "E061 a mount made by the service stays inside"; else not_ok "E061 rc=$RC $(grep cordon-e061 /proc/self/mountinfo)"; fi
                # Control: a '+' command runs outside every namespace (the run's PID namespace
                # gives even a unit without mount directives a mount namespace for its /proc).
                unit e061c "ExecStart=+/bin/mount -t tmpfs -o size=1m cordon-e061 $W/m61"
                cordon_run "$T/e061c.service"
                if grep -q cordon-e061 /proc/self/mountinfo; then ok "E061 control: without a mount namespace it reaches the host"; umount "$W/m61"; else not_ok "E061 control rc=$RC"; fi
        fi

        # ---------------------------------------------------------------- E027 hostname
        probe_unit e027 "ProtectHostname=yes" ns stat /proc/sys/kernel/hostname hostname
        case "$(field ns)" in *" uts=$HOST_UTS "*) not_ok "E027 UTS namespace shared" ;; *) ok "E027 private UTS namespace" ;; esac
        case "$(field 'stat /proc/sys/kernel/hostname')" in *ro=1*) ok "E027 hostname file read-only" ;; *) not_ok "E027 $(field 'stat /proc/sys/kernel/hostname')" ;; esac
        expect "E027 same hostname as the host" "hostname=$(uname -n)"

        # ---------------------------------------------------------------- E040 PrivateUsers
        if [ "$MODE" = root ]; then
                unit e040 "PrivateUsers=yes" "PrivateDevices=yes" "ExecStart=$PROBE read $W/private uid"
                cordon_run "$T/e040.service" # no --lenient: the capability halves hold by construction
                expect "E040 PrivateUsers=: no CAP_DAC_OVERRIDE on other users' files" "read $W/private=EACCES"
                expect "E040 PrivateUsers=: still uid 0" "uid=0 euid=0"
                probe_unit e040c "" read "$W/private"
                expect "E040 control: root reads it" "read $W/private=OK"
                unit e040u "PrivateUsers=yes" "User=nobody" "ExecStart=$PROBE uid read $W/private"
                cordon_run "$T/e040u.service"
                expect "E040 PrivateUsers= + User=: the service uid is mapped too" "uid=65534 euid=65534"
                expect "E040 PrivateUsers= + User=: no access to other users' files" "read $W/private=EACCES"
        fi

        # ---------------------------------------------------------------- namespaces
        probe_unit ns0 "" ns
        # The run has its own PID namespace (it dies with cordon) and so a mount namespace for
        # its /proc only; rootless both belong to cordon's own user namespace.
        case "$(field ns)" in *" pid=$HOST_PID "*) not_ok "ns0 PID namespace shared: $(field ns)" ;; *) ok "no directives: own PID namespace (dies with cordon)" ;; esac
        probe_unit net "PrivateNetwork=yes" ifaces ns
        expect "E066 PrivateNetwork=: only lo" "ifaces=lo"
        if [ -n "$LISTENER" ]; then
                probe_unit e067 "PrivateNetwork=yes" connect-abstract "cordon-it-$$" connect-tcp "$PORT"
                expect "E067 PrivateNetwork=: host abstract socket unreachable" "connect-abstract cordon-it-$$=ECONNREFUSED"
                expect "E066 PrivateNetwork=: host loopback service unreachable" "connect-tcp $PORT=ECONNREFUSED"
                probe_unit e067c "" connect-abstract "cordon-it-$$" connect-tcp "$PORT"
                expect "E067 control: host abstract socket reachable" "connect-abstract cordon-it-$$=OK"
                expect "E066 control: host loopback service reachable" "connect-tcp $PORT=OK"
        else
                skip "E066/E067 loopback and abstract sockets" "python3 missing for the host listener"
        fi
        if [ -n "$LISTENER" ]; then
                probe_unit e068 "ProtectSystem=strict
ReadOnlyPaths=$W" connect-unix "$W/sock/s"
                expect "E068 control: a read-only mount does not stop connect()" "connect-unix $W/sock/s=OK"
                probe_unit e068b "InaccessiblePaths=$W/sock" connect-unix "$W/sock/s"
                case "$(field connect-unix)" in *EACCES | *ENOENT | *ECONNREFUSED) ok "E068 InaccessiblePaths= over the socket's directory stops connect()" ;; *) not_ok "E068 $(field connect-unix)" ;; esac
        fi
        probe_unit netc "" ifaces
        case "$OUT" in "ifaces=lo") not_ok "E066 control: host has only lo?" ;; *) ok "E066 control: host interfaces visible" ;; esac
        probe_unit ipc "PrivateIPC=yes" ns stat /dev/mqueue
        case "$(field ns)" in *" ipc=$HOST_IPC "*) not_ok "E065 IPC namespace shared" ;; *) ok "E065 PrivateIPC=: own IPC namespace" ;; esac

        # ---------------------------------------------------------------- E029/E030 /proc
        unit e030 "ProcSubset=pid" "ProtectProc=invisible" "ExecStart=$PROBE stat /proc/cpuinfo stat /proc/self/status mountinfo"
        cordon_run "$T/e030.service"
        # Rootless too: the run's PID namespace belongs to cordon's user namespace.
        expect "E030 ProcSubset=pid hides /proc/cpuinfo" "stat /proc/cpuinfo=ENOENT"
        expect "E030 own /proc/self still there" "stat /proc/self/status=reg*"
        case "$OUT" in *" /proc "*"hidepid=invisible,subset=pid"*) ok "E029 ProtectProc=invisible: /proc mounted with hidepid=invisible" ;; *) not_ok "E029 no hidepid /proc in: $(printf '%s' "$OUT" | grep ' /proc ')" ;; esac
        probe_unit e030c "" stat /proc/cpuinfo
        expect "E030 control: /proc/cpuinfo visible" "stat /proc/cpuinfo=reg*"

        # ---------------------------------------------------------------- F03/F04 setup failures
        probe_unit f04 "ReadOnlyPaths=/nonexistent-cordon" stat /
        expect_rc "F04 missing ReadOnlyPaths= is a setup error (226)" 226
        if grep -q "f04.service:2" "$T/stderr"; then ok "F04 message names file:line"; else not_ok "F04 message: $(cat "$T/stderr")"; fi
        unit f03 "ExecStart=/nonexistent-cordon/bin"
        cordon_run "$T/f03.service"
        expect_rc "F03 missing binary: 203" 203
        probe_unit wd "WorkingDirectory=/nonexistent-cordon" cwd
        expect_rc "WorkingDirectory= missing: 200" 200
        probe_unit wd2 "WorkingDirectory=-/nonexistent-cordon" cwd
        expect "WorkingDirectory=- missing: runs in /" "cwd=/"
        unit e015 "WorkingDirectory=/proc/self/fd/7" "ExecStart=$PROBE cwd"
        cordon_run "$T/e015.service" 7</etc
        expect_rc "E015 WorkingDirectory= through /proc/self/fd refused (200)" 200
        unit fds "ProtectSystem=strict" "ExecStart=$PROBE fds"
        cordon_run "$T/fds.service" 7</etc
        expect "E015 descriptors inherited by cordon do not reach the service" "fds=0,1,2"
        probe_unit wd3 "WorkingDirectory=$W" cwd
        expect "WorkingDirectory=" "cwd=$W"

        # ---------------------------------------------------------------- F26 namespaces blocked
        # Under "unshare -r" with the mount namespace limit at 0, every unit that needs one must
        # fail with 226 and never run unsandboxed; a unit that needs none still runs.
        if [ "$MODE" = root ]; then
                for v in e001 e008 net; do
                        OUT=$(unshare -Ur sh -c 'echo 0 >/proc/sys/user/max_mnt_namespaces && echo 0 >/proc/sys/user/max_net_namespaces && exec "$@"' sh \
                                "$CORDON" run --lenient "$T/$v.service" 2>"$T/stderr")
                        RC=$?
                        if [ "$RC" = 226 ] && [ -z "$OUT" ]; then ok "F26 $v: namespaces blocked, fails closed (226)"; else not_ok "F26 $v: rc=$RC out=$OUT $(cat "$T/stderr")"; fi
                done
                unit st0 "ExecStart=$PROBE exit 7"
                OUT=$(unshare -Ur sh -c 'echo 0 >/proc/sys/user/max_mnt_namespaces && exec "$@"' sh "$CORDON" run "$T/st0.service" 2>"$T/stderr")
                RC=$?
                expect_rc "F26 control: a unit without namespaces still runs" 7
        fi

        # ---------------------------------------------------------------- lifecycle
        probe_unit st "" exit 7
        expect_rc "exit status passed through" 7
        probe_unit crash "" crash
        expect_rc "F02 crash: 128+SIGABRT" 134
        unit pre "Type=oneshot" "ExecStartPre=$PROBE exit 3" "ExecStart=$PROBE write /" "ExecStopPost=$PROBE stat /"
        cordon_run "$T/pre.service"
        if [ "$RC" = 3 ] && ! printf '%s' "$OUT" | grep -q "^write" && printf '%s' "$OUT" | grep -q "^stat /="; then ok "failing ExecStartPre= stops the start, ExecStopPost= runs"; else not_ok "pre rc=$RC out=$OUT"; fi
        unit pre2 "ExecStartPre=-$PROBE exit 3" "ExecStart=$PROBE cwd" "ExecStartPost=$PROBE uid" "ExecStop=$PROBE hostname"
        cordon_run "$T/pre2.service"
        if [ "$RC" = 0 ] && printf '%s' "$OUT" | grep -q "^cwd=/" && printf '%s' "$OUT" | grep -q "^hostname="; then ok "'-' ExecStartPre= failure ignored; ExecStop= runs"; else not_ok "pre2 rc=$RC out=$OUT"; fi
        unit res1 "ExecStart=$PROBE exit 4" "ExecStopPost=$PROBE env"
        cordon_run "$T/res1.service"
        expect "ExecStopPost= gets SERVICE_RESULT=" "env SERVICE_RESULT=exit-code"
        expect "ExecStopPost= gets EXIT_CODE=" "env EXIT_CODE=exited"
        expect "ExecStopPost= gets EXIT_STATUS=" "env EXIT_STATUS=4"
        # systemd 252 (service_enter_running()): a main process that fails skips ExecStop=
        # (straight to the stop signals); ExecStopPost= runs with the result.
        unit res2 "ExecStart=$PROBE crash" "ExecStop=/bin/echo stop-ran" "ExecStopPost=$PROBE env"
        cordon_run "$T/res2.service"
        case "$OUT" in *"env SERVICE_RESULT=signal"* | *"env SERVICE_RESULT=core-dump"*) ok "ExecStopPost= after a crash: SERVICE_RESULT=signal/core-dump" ;; *) not_ok "res2: $OUT" ;; esac
        expect "ExecStopPost= after a crash: EXIT_STATUS=ABRT" "env EXIT_STATUS=ABRT"
        case "$OUT" in *stop-ran*) not_ok "no ExecStop= after a crash: $OUT" ;; *) ok "no ExecStop= after a crash (systemd 252)" ;; esac
        unit res3 "ExecStart=$PROBE sleep 1" "ExecStartPost=$PROBE env"
        cordon_run "$T/res3.service"
        case "$OUT" in *"env MAINPID="[0-9]*) ok "ExecStartPost= gets MAINPID=" ;; *) not_ok "MAINPID: $OUT" ;; esac
        unit cond1 "ExecCondition=$PROBE exit 1" "ExecStart=$PROBE write /" "ExecStopPost=$PROBE cwd"
        cordon_run "$T/cond1.service"
        if [ "$RC" = 0 ] && [ "$OUT" = "cwd=/" ]; then ok "ExecCondition= 1..254: skipped (status 0), only ExecStopPost= runs"; else not_ok "cond1 rc=$RC out=$OUT"; fi
        unit cond2 "ExecCondition=$PROBE exit 255" "ExecStart=$PROBE write /" "ExecStopPost=$PROBE cwd"
        cordon_run "$T/cond2.service"
        if [ "$RC" = 255 ] && [ "$OUT" = "cwd=/" ]; then ok "ExecCondition= 255: failed, ExecStopPost= runs"; else not_ok "cond2 rc=$RC out=$OUT"; fi
        unit cond3 "ExecCondition=$PROBE exit 0" "ExecStart=$PROBE cwd"
        cordon_run "$T/cond3.service"
        expect "ExecCondition= 0: the unit runs" "cwd=/"
        unit args "ExecStart=$PROBE"
        cordon_run "$T/args.service" -- exit 5
        expect_rc "extra ARGS after -- appended to ExecStart=" 5
        unit plus "PrivateTmp=yes" "ExecStartPre=+$PROBE stat /tmp/cordon-it-marker.$$" "ExecStart=$PROBE stat /tmp/cordon-it-marker.$$"
        cordon_run "$T/plus.service"
        if printf '%s\n' "$OUT" | head -1 | grep -q "=reg" && printf '%s\n' "$OUT" | tail -1 | grep -q "=ENOENT"; then ok "'+' command runs outside the sandbox"; else not_ok "plus out=$OUT"; fi
        unit env "ExecStart=$PROBE env"
        cordon_run --setenv=FOO=bar "$T/env.service"
        if printf '%s\n' "$OUT" | grep -qx "env FOO=bar" && printf '%s\n' "$OUT" | grep -q "^env PATH=" && ! printf '%s\n' "$OUT" | grep -q "^env HOME="; then ok "minimal environment plus --setenv="; else not_ok "env out=$OUT"; fi

        # ---------------------------------------------------------------- Type=forking
        rm -f "$W/f.pid"
        unit fork1 "Type=forking" "PIDFile=$W/f.pid" "ProtectSystem=strict" "ReadWritePaths=$W" \
                "ExecStart=$PROBE forking $W/f.pid 5" "ExecStartPost=$PROBE stat $W/f.pid"
        cordon_run "$T/fork1.service"
        expect_rc "Type=forking: the daemon from PIDFile= is the main process (its status)" 5
        expect "Type=forking: ExecStartPost= runs once the daemon is up" "stat $W/f.pid=reg*"
        rm -f "$W/f.pid"
        unit fork2 "Type=forking" "ExecStart=$PROBE forking $W/f.pid 6"
        cordon_run "$T/fork2.service"
        expect_rc "Type=forking without PIDFile=: the only child left is the main process" 6

        # ---------------------------------------------------------------- Type=notify
        unit nt1 "Type=notify" "ProtectSystem=strict" "ExecStart=$PROBE notify READY=1 exit 3" "ExecStartPost=$PROBE cwd"
        cordon_run "$T/nt1.service"
        expect "Type=notify: READY=1 delivered (abstract socket)" "notify=OK"
        expect "Type=notify: ExecStartPost= after READY=1" "cwd=/"
        expect_rc "Type=notify: main status passed through" 3
        unit nt2 "Type=notify" "PrivateNetwork=yes" "ExecStart=$PROBE notify READY=1 sleep 1"
        cordon_run "$T/nt2.service"
        expect "Type=notify with PrivateNetwork=: socket file" "notify=OK"
        expect_rc "Type=notify with PrivateNetwork=: ready, clean exit" 0
        unit nt3 "Type=notify" "ExecStart=$PROBE exit 0" "ExecStartPost=$PROBE cwd"
        cordon_run "$T/nt3.service"
        if [ "$RC" != 0 ] && ! printf '%s' "$OUT" | grep -q cwd; then ok "Type=notify: exit without READY=1 fails, no ExecStartPost="; else not_ok "nt3 rc=$RC out=$OUT"; fi
        unit nt4 "Type=notify" "TimeoutStartSec=1" "ExecStart=$PROBE sleep 20"
        cordon_run "$T/nt4.service"
        expect_rc "Type=notify: TimeoutStartSec= stops it (SIGTERM)" 143

        # ---------------------------------------------------------------- E092 daemons
        rm -f "$W/daemon.pid"
        unit e092 "ExecStart=$PROBE daemon $W/daemon.pid"
        cordon_run "$T/e092.service"
        expect "E092 probe daemonized" "daemon=started"
        # The pid file holds the daemon's pid inside the run's PID namespace (as root): look the
        # daemon up by its command line instead (it forked from the probe, argv unchanged).
        dpid=$(pgrep -f "daemon $W/daemon.pid" | head -n1)
        if [ -s "$W/daemon.pid" ] && [ -z "$dpid" ]; then ok "E092 double-forked daemon gone after the run"; else not_ok "E092 daemon $dpid still alive"; [ -n "$dpid" ] && kill -9 "$dpid"; fi

        # ---------------------------------------------------------------- cleanup and signals
        unit hard "ProtectSystem=strict" "PrivateTmp=yes" "ReadWritePaths=$W" "ProtectHome=yes" "ExecStart=$PROBE sleep 30"
        steps="deathsig unshare mount mount-snapshot mount-read-only mount-exec chdir pre-exec exec"
        [ "$MODE" = rootless ] && steps="$steps id-map"
        for step in $steps; do
                (CORDON_TEST_STOP_AT_STEP=$step cordon_run "$T/hard.service") 2>/dev/null &
                bg=$!
                i=0
                while [ $i -lt 100 ] && [ -z "$(cordon_pids "$T/hard.service" T)" ]; do
                        sleep 0.1
                        i=$((i + 1))
                done
                if [ -z "$(cordon_pids "$T/hard.service" T)" ]; then not_ok "F01 step $step: child never stopped"; fi
                for p in $(cordon_pids "$T/hard.service" S); do kill -9 "$p"; done
                wait $bg 2>/dev/null
                i=0
                while [ $i -lt 50 ] && [ -n "$(cordon_pids "$T/hard.service" any)" ]; do
                        sleep 0.1
                        i=$((i + 1))
                done
                if [ -n "$(cordon_pids "$T/hard.service" any)" ]; then
                        not_ok "F01 SIGKILL at step $step: process left"
                        for p in $(cordon_pids "$T/hard.service" any); do kill -9 "$p"; done
                else ok "F01 SIGKILL of cordon at step $step: nothing left"; fi
        done
        (cordon_run "$T/hard.service") 2>/dev/null &
        bg=$!
        i=0
        while [ $i -lt 100 ] && ! pgrep -f "$PROBE sleep 30" >/dev/null; do sleep 0.1; i=$((i + 1)); done
        for p in $(cordon_pids "$T/hard.service" S); do kill -9 "$p"; done
        wait $bg 2>/dev/null
        i=0
        while [ $i -lt 50 ] && pgrep -f "$PROBE sleep 30" >/dev/null; do sleep 0.1; i=$((i + 1)); done
        if pgrep -f "$PROBE sleep 30" >/dev/null; then not_ok "E093 service survived SIGKILL of cordon"; pkill -9 -f "$PROBE sleep 30"; else ok "E093 service dies with cordon"; fi

        unit term "ProtectSystem=strict" "ExecStart=$PROBE sleep 30"
        (cordon_run "$T/term.service"; exit $RC) &
        bg=$!
        i=0
        while [ $i -lt 100 ] && ! pgrep -f "$PROBE sleep 30" >/dev/null; do sleep 0.1; i=$((i + 1)); done
        for p in $(cordon_pids "$T/term.service" S); do kill -TERM "$p"; done
        wait $bg
        rc=$?
        if [ "$rc" = 143 ]; then ok "F22 SIGTERM forwarded: status 143"; else not_ok "F22 SIGTERM: status $rc"; fi
        # SIGTERM while ExecStartPre= runs: the main command never starts, ExecStopPost= runs.
        unit term2 "ExecStartPre=$PROBE sleep 30" "ExecStart=$PROBE write /" "ExecStopPost=$PROBE cwd"
        (cordon_run "$T/term2.service"; printf '%s\n' "$OUT" >"$T/term2.out"; exit $RC) &
        bg=$!
        i=0
        while [ $i -lt 100 ] && ! pgrep -f "$PROBE sleep 30" >/dev/null; do sleep 0.1; i=$((i + 1)); done
        for p in $(cordon_pids "$T/term2.service" S); do kill -TERM "$p"; done
        wait $bg
        rc=$?
        if [ "$rc" = 143 ] && ! grep -q '^write' "$T/term2.out" && grep -q '^cwd=' "$T/term2.out"; then ok "F22 SIGTERM during ExecStartPre=: no main process, ExecStopPost= runs"; else not_ok "F22 pre: rc=$rc $(tr '\n' '|' <"$T/term2.out")"; fi

        now=$(cut -d' ' -f5,6,10 /proc/self/mountinfo | sort)
        if [ "$now" = "$HOSTMNT_BEFORE" ]; then ok "E094 no mounts leaked"; else not_ok "E094 mount table changed: $(printf '%s\n' "$now" | diff - "$(printf '%s\n' "$HOSTMNT_BEFORE" >"$T/mnt.before"; echo "$T/mnt.before")" | tr '\n' '|')"; fi
}

# ---------------------------------------------------------------- fixtures
HOST_UTS=$(readlink /proc/self/ns/uts | tr -dc 0-9)
HOST_MNT=$(readlink /proc/self/ns/mnt | tr -dc 0-9)
HOST_PID=$(readlink /proc/self/ns/pid | tr -dc 0-9)
HOST_IPC=$(readlink /proc/self/ns/ipc | tr -dc 0-9)
BLKDEV=$(for d in /sys/class/block/*; do [ -e "/dev/${d##*/}" ] && { echo "${d##*/}"; break; }; done)
HOMEDIR=/home/cordon-it.$$
# Opened for writing only, never written. /proc/sysrq-trigger is absent on some kernels.
SYSRQ=/proc/sysrq-trigger
[ -e "$SYSRQ" ] || SYSRQ=/proc/sys/kernel/core_pattern

if [ "$REAL_ROOT" = 1 ]; then
        id cordon-test >/dev/null 2>&1 || useradd -r -M -s /usr/sbin/nologin cordon-test
        mkdir -p "$W/sub" "$W/x" "$W/sock" "$HOMEDIR"
        mount -t tmpfs -o size=1m tmpfs "$W/sub"
        echo m >"$W/sub/marker"
        echo secret >"$W/secret"
        echo private >"$W/private"
        echo m >"$HOMEDIR/marker"
        ln -s /usr "$W/esc"
        ln -s /etc "$W/planted"
        chown -h cordon-test: "$W" "$W/x" "$W/sub" "$W/secret" "$W/planted" "$HOMEDIR"
        chmod 644 "$W/secret" "$W/sub/marker"
        chown cordon-test: "$W/private"
        chmod 600 "$W/private"
        mkdir -p "$RD/bin" "$RD/etc" "$RD/data" "$RD/proc" "$RD/dev" "$RD/sys" "$RD/run" "$RD/tmp" "$RD/var/tmp"
        cp "$PROBE" "$RD/bin/probe"
        echo m >"$RD/etc/marker"
        ln -s /etc "$RD/data/planted"
        chown -h cordon-test: "$RD/data" "$RD/data/planted"
        echo m >/tmp/cordon-it-marker.$$
        echo m >/var/tmp/cordon-it-marker.$$
        echo m >/dev/shm/cordon-it.$$
        chmod 644 /tmp/cordon-it-marker.$$ /var/tmp/cordon-it-marker.$$ /dev/shm/cordon-it.$$
        # Host listeners for E066/E067: an abstract AF_UNIX socket and a loopback TCP port.
        LISTENER=
        PORT=
        if command -v python3 >/dev/null; then
                python3 -c '
import socket, sys, time
u = socket.socket(socket.AF_UNIX); u.bind("\0cordon-it-" + sys.argv[1]); u.listen(64)
t = socket.socket(); t.bind(("127.0.0.1", 0)); t.listen(64)
p = socket.socket(socket.AF_UNIX); p.bind(sys.argv[3]); p.listen(64)
open(sys.argv[2], "w").write(str(t.getsockname()[1]))
time.sleep(600)' $$ "$T/port" "$W/sock/s" &
                LISTENER=$!
                i=0
                while [ $i -lt 100 ] && [ ! -s "$T/port" ]; do sleep 0.1; i=$((i + 1)); done
                PORT=$(cat "$T/port")
                chmod 666 "$W/sock/s"
        fi
        HOSTMNT_BEFORE=$(cut -d' ' -f5,6,10 /proc/self/mountinfo | sort)
        MODE=root
        run_suite
        MODE=rootless
        run_suite
else
        MODE=root
        skip "whole root suite" "not running as real root (fixtures need useradd, mounts, chown)"
        echo "# rootless-only run needs fixtures created by root; run as root" >&2
        skip "rootless suite" "fixtures need root"
fi
echo "1..$N"
exit $FAILED
