#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cordon run resource control (TAP), real effects, each next to a control run without the
# directive: MemoryMax= (a memory hog is OOM-killed), TasksMax= (a bounded fork burst is cut
# short), DevicePolicy=/DeviceAllow= (opening a device node is refused), IPAddressDeny=/
# IPAddressAllow= (a TCP connect to a local listener), CPUQuota= (CPU time, loosely), the
# refusal rootless, and no cordon-* cgroup left behind (also after SIGKILL of cordon: the next
# run removes the stale empty one). Usage: run-cgroup.sh CORDON
set -u
CORDON=$(realpath "$1")
n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $*"; }
check() { # check DESCRIPTION COMMAND...
        local d=$1
        shift
        if "$@"; then ok "$d"; else not_ok "$d"; fi
}
skip_all() {
        if [ "${CI:-}" = true ]; then echo "Bail out! $*"; exit 1; fi
        echo "1..0 # SKIP $*"; exit 0
}
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' </proc/self/uid_map | sed 's/^ //')" = "0 0 4294967295" ] ||
        skip_all "needs real root (cgroups)"
[ -w /sys/fs/cgroup/memory ] || [ -w /sys/fs/cgroup/cgroup.procs ] ||
        skip_all "no writable cgroup hierarchy"

D=$(mktemp -d /var/lib/cordon-it-cgroup.XXXXXX)
chmod 755 "$D"
# unit names carry this run's tag: cgroups are named after the unit, and another run of this test
# (or of others) may be going on at the same time
U=cgt${D##*.}
LISTENER=
cleanup() {
        [ -n "$LISTENER" ] && kill "$LISTENER" 2>/dev/null
        rm -rf "$D"
}
trap cleanup EXIT

unit() { # unit NAME LINE... : a oneshot service file in $D
        local name=$1
        shift
        { echo "[Service]"; echo "Type=oneshot"; printf '%s\n' "$@"; } >"$D/$U-$name.service"
}
run() { # run NAME: runs the unit, output in $D/NAME.out, exit status in $rc
        timeout 120 "$CORDON" run "$D/$U-$1.service" >"$D/$1.out" 2>&1
        rc=$?
}
no_cgroups_left() { # of this test's units (other cordon runs may be going on)
        local left
        left=$(find /sys/fs/cgroup -maxdepth 5 -type d -name "cordon-$U-*" 2>/dev/null)
        [ -z "$left" ] && return 0
        # shellcheck disable=SC2086 # one line per directory
        printf '# left: %s\n' $left
        return 1
}

# ---------------------------------------------------------------- MemoryMax=
# tail -n 1 keeps a 100 MB line without newline in memory
hog="ExecStart=/bin/sh -c 'head -c 100M /dev/zero | tail -n 1 >/dev/null'"
unit mem0 "$hog"
unit mem "$hog" "MemoryMax=40M"
run mem0
check "control: a 100 MB hog runs without MemoryMax= (status $rc)" [ $rc = 0 ]
run mem
check "MemoryMax=40M: the hog is killed by the OOM killer (status $rc = 128+SIGKILL)" [ $rc = 137 ]
check "no cordon-* cgroup left after the MemoryMax= run" no_cgroups_left

# ---------------------------------------------------------------- TasksMax=
# at most ten children, each gone after a second: bounded even without the limit
burst="ExecStart=/bin/sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1 & done; wait; echo all-started'"
unit tasks0 "$burst"
unit tasks "$burst" "TasksMax=4"
run tasks0
check "control: ten children start without TasksMax=" grep -q all-started "$D/tasks0.out"
run tasks
check "TasksMax=4: the fifth fork fails (status $rc)" \
        sh -c "[ $rc != 0 ] && grep -qi 'fork' '$D/tasks.out' && ! grep -q all-started '$D/tasks.out'"
unit tasksp "$burst" "TasksMax=0%"
run tasksp
check "TasksMax=0%: no fork at all (status $rc)" sh -c "[ $rc != 0 ] && grep -qi fork '$D/tasksp.out'"
check "no cordon-* cgroup left after the TasksMax= runs" no_cgroups_left

# ---------------------------------------------------------------- DevicePolicy=/DeviceAllow=
mknod "$D/node" c 1 11 # /dev/kmsg's numbers, outside /dev: only the device cgroup can refuse it
open_mem="ExecStart=/bin/sh -c 'exec 3<$D/node && echo opened'"
unit dev0 "$open_mem"
unit devclosed "$open_mem" "DevicePolicy=closed"
unit devnull "ExecStart=/bin/sh -c 'echo x >/dev/null && echo written'" "DevicePolicy=closed"
unit devstrict "ExecStart=/bin/sh -c 'echo x >/dev/null && echo written'" "DevicePolicy=strict" \
        "DeviceAllow=/dev/zero r"
# /dev/null too: StandardInput=null (the default) opens it, in the cgroup, as systemd 252 does
unit devallow "$open_mem" "DevicePolicy=strict" "DeviceAllow=/dev/char/1:11 r" \
        "DeviceAllow=/dev/null rw"
unit devallowc "$open_mem" "DeviceAllow=char-mem r" "DevicePolicy=strict"
unit devpriv "ExecStart=/bin/sh -c 'echo x >/dev/null && echo written; exec 3<$D/node && echo opened'" \
        "PrivateDevices=yes"
run dev0
check "control: the 1:11 node opens without a device policy" grep -q opened "$D/dev0.out"
run devclosed
check "DevicePolicy=closed: opening a device outside the list is refused" \
        sh -c "! grep -q opened '$D/devclosed.out' && grep -q 'not permitted' '$D/devclosed.out'"
run devnull
check "DevicePolicy=closed keeps systemd's static list (/dev/null writable)" \
        grep -q written "$D/devnull.out"
run devstrict
check "DevicePolicy=strict + DeviceAllow=/dev/zero r: /dev/null is refused" \
        sh -c "! grep -q written '$D/devstrict.out'"
run devallow
check "DeviceAllow=/dev/char/1:11 r lets exactly that node open" grep -q opened "$D/devallow.out"
run devallowc
check "DeviceAllow=char-mem r (a /proc/devices name) lets it open" grep -q opened "$D/devallowc.out"
# E018: a host device node made reachable with BindReadOnlyPaths= under PrivateDevices=yes
unit devbind0 "ExecStart=/bin/sh -c 'exec 3<$D/kmsg-bound && echo opened'" \
        "BindReadOnlyPaths=/dev/kmsg:$D/kmsg-bound"
unit devbind "ExecStart=/bin/sh -c 'exec 3<$D/kmsg-bound && echo opened'" \
        "BindReadOnlyPaths=/dev/kmsg:$D/kmsg-bound" "PrivateDevices=yes"
run devbind0
check "control: /dev/kmsg bound into the test directory opens" grep -q opened "$D/devbind0.out"
run devbind
check "E018 PrivateDevices=yes: the bound host node is refused by the device cgroup (EPERM)" \
        sh -c "! grep -q opened '$D/devbind.out' && grep -q 'not permitted' '$D/devbind.out'"
run devpriv
check "PrivateDevices=yes: /dev/null works, a device node outside /dev is refused (systemd's implied policy)" \
        sh -c "grep -q written '$D/devpriv.out' && ! grep -q opened '$D/devpriv.out'"
check "no cordon-* cgroup left after the device runs" no_cgroups_left

# ---------------------------------------------------------------- IPAddressDeny=/IPAddressAllow=
if command -v perl >/dev/null && [ -x /bin/bash ]; then
        # a listener that accepts and closes, its port written to $D/port
        perl -MIO::Socket::INET -e '
my $s = IO::Socket::INET->new(LocalAddr => "127.0.0.1", Proto => "tcp", Listen => 16) or die;
open(my $f, ">", $ARGV[0]) or die; print $f $s->sockport; close $f;
while (my $c = $s->accept) { close $c }' "$D/port" &
        LISTENER=$!
        for _ in $(seq 100); do [ -s "$D/port" ] && break; sleep 0.05; done
        PORT=$(cat "$D/port" 2>/dev/null)
        conn="ExecStart=/usr/bin/timeout 3 /bin/bash -c 'echo >/dev/tcp/127.0.0.1/$PORT && echo connected'"
        unit ip0 "$conn"
        unit ipdeny "$conn" "IPAddressDeny=any"
        unit ipallow "$conn" "IPAddressDeny=any" "IPAddressAllow=localhost"
        unit ipother "$conn" "IPAddressDeny=any" "IPAddressAllow=10.0.0.0/8 ::1"
        unit ipdeny6 "$conn" "IPAddressDeny=::/0"
        run ip0
        check "control: TCP connect to a local listener" grep -q connected "$D/ip0.out"
        run ipdeny
        check "IPAddressDeny=any: the connect fails" sh -c "! grep -q connected '$D/ipdeny.out'"
        run ipallow
        check "IPAddressAllow=localhost beats IPAddressDeny=any" grep -q connected "$D/ipallow.out"
        run ipother
        check "IPAddressAllow= of other prefixes does not let 127.0.0.1 through" \
                sh -c "! grep -q connected '$D/ipother.out'"
        run ipdeny6
        check "IPAddressDeny=::/0 leaves IPv4 alone" grep -q connected "$D/ipdeny6.out"
        check "no cordon-* cgroup left after the firewall runs" no_cgroups_left
else
        for _ in 1 2 3 4 5 6; do ok "# SKIP perl or bash missing (firewall)"; done
fi

# ---------------------------------------------------------------- SocketBindAllow=/Deny=
if command -v perl >/dev/null; then
        # two free ports: let the kernel pick them
        read -r P1 P2 <<<"$(perl -MIO::Socket::INET -e 'my @s = map { IO::Socket::INET->new(LocalAddr => "127.0.0.1", Proto => "tcp", Listen => 1) } 1..2; print join(" ", map { $_->sockport } @s), "\n"')"
        binds="ExecStart=/usr/bin/perl -MIO::Socket::INET -e 'for my \$\$p ($P1, $P2) { my \$\$s = IO::Socket::INET->new(LocalAddr => q(127.0.0.1), LocalPort => \$\$p, Proto => q(tcp), Listen => 1); print \$\$s ? qq(bound \$\$p\\n) : qq(refused \$\$p\\n) }'"
        unit sb0 "$binds"
        unit sbdeny "$binds" "SocketBindDeny=any"
        unit sballow "$binds" "SocketBindAllow=ipv4:tcp:$P2" "SocketBindDeny=any"
        unit sbudp "$binds" "SocketBindDeny=udp:1-65535"
        run sb0
        check "control: binding ports $P1 and $P2 works" \
                sh -c "grep -q 'bound $P1' '$D/sb0.out' && grep -q 'bound $P2' '$D/sb0.out'"
        run sbdeny
        check "SocketBindDeny=any: both binds fail" \
                sh -c "grep -q 'refused $P1' '$D/sbdeny.out' && grep -q 'refused $P2' '$D/sbdeny.out'"
        run sballow
        check "SocketBindAllow=ipv4:tcp:$P2 beats SocketBindDeny=any, only for that port" \
                sh -c "grep -q 'refused $P1' '$D/sballow.out' && grep -q 'bound $P2' '$D/sballow.out'"
        run sbudp
        check "SocketBindDeny=udp:… leaves TCP alone" \
                sh -c "grep -q 'bound $P1' '$D/sbudp.out' && grep -q 'bound $P2' '$D/sbudp.out'"
else
        for _ in 1 2 3 4; do ok "# SKIP perl missing (bind filter)"; done
fi

# ---------------------------------------------------------------- CPUQuota= (loosely)
spin="ExecStart=/bin/bash -c 'TIMEFORMAT=%%U; time timeout 2 bash -c \"while :; do :; done\"'"
unit cpu0 "$spin"
unit cpu "$spin" "CPUQuota=10%"
run cpu0
c0=$(grep -E '^[0-9]+\.[0-9]+$' "$D/cpu0.out" | tail -1)
run cpu
c1=$(grep -E '^[0-9]+\.[0-9]+$' "$D/cpu.out" | tail -1)
# 10% of 2 s is 0.2 s; the control gets whatever the (possibly busy) machine gives it
check "CPUQuota=10%: ${c1:-?} s CPU in 2 s (< 0.6), control ${c0:-?} s (at least twice that)" \
        awk -v a="${c1:-9}" -v b="${c0:-0}" 'BEGIN { exit !(a < 0.6 && b >= 2 * a) }'

# ---------------------------------------------------------------- ProtectControlGroups=private|strict
# (systemd 257): a cgroup namespace whose root is the run's own cgroup, a cgroup2 mount on
# /sys/fs/cgroup, writable (private) or read-only (strict). Control: =yes shows the host's tree.
if [ -e /sys/fs/cgroup/unified/cgroup.procs ] || [ -e /sys/fs/cgroup/cgroup.procs ]; then
        cgsh='grep ^0:: /proc/self/cgroup; grep " /sys/fs/cgroup " /proc/self/mountinfo | tail -n 1; mkdir /sys/fs/cgroup/sub 2>&1 && echo mkdir-ok'
        # (writing 0 to cgroup.procs moves the writer itself; "$$" would be a unit-file escape)
        unit cgp "ExecStart=/bin/sh -c '$cgsh; mkdir /sys/fs/cgroup/sub/deeper && { echo 0 >/sys/fs/cgroup/sub/deeper/cgroup.procs && exec sleep 30; } & sleep 0.3'" "ProtectControlGroups=private"
        unit cgs "ExecStart=/bin/sh -c '$cgsh'" "ProtectControlGroups=strict"
        unit cgy "ExecStart=/bin/sh -c '$cgsh'" "ProtectControlGroups=yes"
        for x in cgp cgs cgy; do
                timeout 120 "$CORDON" run --systemd-version=257 "$D/$U-$x.service" >"$D/$x.out" 2>&1
                eval "rc_$x=$?"
        done
        check "private: the service's cgroup is its namespace's root (0::/)" grep -qx '0::/' "$D/cgp.out"
        check "private: /sys/fs/cgroup is a cgroup2 of its own" grep -q ' - cgroup2 ' "$D/cgp.out"
        check "private: writable, the service made a sub-cgroup (status $rc_cgp)" grep -qx 'mkdir-ok' "$D/cgp.out"
        check "private: the sub-cgroups and the process in them are gone with the run" no_cgroups_left
        check "strict: read-only (status $rc_cgs)" sh -c "grep -q 'Read-only file system' '$D/cgs.out' && ! grep -qx mkdir-ok '$D/cgs.out' && grep -qx '0::/' '$D/cgs.out'"
        if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then
                check "control =yes: the host's cgroup, not a namespace root" sh -c "grep -qx \"\$(grep ^0:: /proc/self/cgroup)\" '$D/cgy.out'"
        else
                check "control =yes: the host's /sys/fs/cgroup (not a cgroup2 of its own)" sh -c "! grep -q ' - cgroup2 ' '$D/cgy.out'"
        fi
        check "no cordon-* cgroup left after the cgroup-namespace runs" no_cgroups_left
else
        not_ok "ProtectControlGroups=private: no cgroup v2 hierarchy on this host"
fi

# ---------------------------------------------------------------- rootless, SIGKILL, dry run
unit rl "ExecStart=/bin/true" "MemoryMax=40M"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$CORDON" run "$D/$U-rl.service" 2>&1)
rc=$?
check "rootless: MemoryMax= is refused with file:line (status $rc)" \
        sh -c "[ $rc = 78 ] && printf '%s' \"\$1\" | grep -q '$U-rl.service:4: MemoryMax=.*rootless'" _ "$out"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$CORDON" run --lenient "$D/$U-rl.service" 2>&1)
rc=$?
check "rootless --lenient: runs without it, with a warning (status $rc)" \
        sh -c "[ $rc = 0 ] && printf '%s' \"\$1\" | grep -q 'not applied (--lenient)'" _ "$out"

out=$("$CORDON" run --dry-run "$D/$U-mem.service" 2>&1)
check "--dry-run names the file and the value" \
        sh -c "printf '%s' \"\$1\" | grep -Eq '(memory.limit_in_bytes|memory.max) = 41943040 .*MemoryMax= at $U-mem.service:4'" _ "$out"

unit slow "ExecStart=/bin/sleep 60" "MemoryMax=40M"
sed -i 's/Type=oneshot/Type=simple/' "$D/$U-slow.service"
"$CORDON" run "$D/$U-slow.service" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 200); do
        find /sys/fs/cgroup -maxdepth 5 -type d -name "cordon-$U-slow.service-$pid-*" | grep -q . && break
        sleep 0.05
done
dir=$(find /sys/fs/cgroup -maxdepth 5 -type d -name "cordon-$U-slow.service-$pid-*" | head -1)
check "the run's cgroup exists while it runs" [ -n "$dir" ]
# another run with a cgroup meanwhile leaves the live one alone
unit other "ExecStart=/bin/true" "MemoryMax=40M"
run other
check "a concurrent run does not touch the cgroup of a live run" \
        sh -c "[ $rc = 0 ] && [ -d '$dir' ] && kill -0 $pid && [ -n \"\$(cat '$dir/cgroup.procs')\" ]"
{ kill -9 $pid && wait $pid; } 2>/dev/null
for _ in $(seq 100); do [ -z "$dir" ] || [ -z "$(cat "$dir/cgroup.procs" 2>/dev/null)" ] && break; sleep 0.05; done
# (another cordon run on the machine may already have removed the stale cgroup)
check "SIGKILL of cordon: its service is gone with the PID namespace, an empty cgroup stays" \
        sh -c "[ ! -d '$dir' ] || [ -z \"\$(cat '$dir/cgroup.procs' 2>/dev/null)\" ]"
run mem0
unit again "ExecStart=/bin/true" "MemoryMax=40M"
run again
check "the next run with a cgroup removes the stale empty one" sh -c "[ $rc = 0 ] && [ ! -d '$dir' ]"
# ---------------------------------------------------------------- hybrid: v2 cgroup only when needed
if [ -d /sys/fs/cgroup/devices ] && [ -e /sys/fs/cgroup/unified/cgroup.procs ]; then
        unit pdonly "ExecStart=/bin/cat /proc/self/cgroup" "PrivateDevices=yes"
        run pdonly
        check "hybrid, PrivateDevices= alone: in a devices cgroup, no v2 cgroup of its own (status $rc)" \
                sh -c "[ $rc = 0 ] && grep -q ':devices:.*/cordon-$U-pdonly' '$D/pdonly.out' && ! grep -q '^0::.*cordon-' '$D/pdonly.out'"
        unit pdfw "ExecStart=/bin/cat /proc/self/cgroup" "PrivateDevices=yes" "IPAddressDeny=192.0.2.1"
        run pdfw
        check "hybrid, with IPAddressDeny=: in both (status $rc)" \
                sh -c "[ $rc = 0 ] && grep -q ':devices:.*/cordon-$U-pdfw' '$D/pdfw.out' && grep -q '^0::.*/cordon-$U-pdfw' '$D/pdfw.out'"
        out=$("$CORDON" run --dry-run "$D/$U-pdfw.service" 2>&1)
        check "--dry-run names what needs the v2 cgroup" \
                sh -c "printf '%s' \"\$1\" | grep -q 'in devices unified (for IPAddressAllow=/IPAddressDeny=);'" _ "$out"
        # a '+' command runs outside the PID namespace; its orphan is in the devices cgroup,
        # which is emptied at the end
        unit plus "ExecStartPre=+/bin/sh -c 'sleep 300 & echo \$\$! >$D/plus.pid'" \
                "ExecStart=/bin/true" "PrivateDevices=yes"
        run plus
        orphan=$(cat "$D/plus.pid" 2>/dev/null)
        # gone, or a zombie its new parent has not reaped yet
        state=$(sed 's/.*) //' "/proc/$orphan/stat" 2>/dev/null | cut -d' ' -f1)
        check "an orphan of a '+' command (pid ${orphan:-none}) is killed with the devices cgroup (status $rc${state:+, state $state})" \
                sh -c "[ $rc = 0 ] && [ -n '$orphan' ] && { [ -z '$state' ] || [ '$state' = Z ]; }"
        [ -n "$orphan" ] && kill "$orphan" 2>/dev/null
fi
check "no cordon-* cgroup left at the end" no_cgroups_left

echo "1..$n"
[ $fails = 0 ]
