#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Real-kernel checks of cordon's seccomp stack (escapes.md E047–E053, E058–E059, E069, E072–E075,
# E037, E089). Each probe runs twice through tests/integration/seccomp-try: under a unit with the
# directive (must be blocked as stated) and under one without (must reach the kernel), which
# proves the probe is real. TAP output; needs root (CAP_SYS_ADMIN for unshare/socket probes).
#   seccomp-filters.sh PATH/TO/seccomp-try
set -u
TRY=${1:?usage: seccomp-filters.sh SECCOMP_TRY}
T=$(mktemp -d /tmp/cordon-seccomp.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0

if [ "$(id -u)" != 0 ]; then
        echo "1..0 # SKIP needs-privilege: run as root"
        exit 0
fi

unit() { # unit NAME DIRECTIVES... -> writes $T/NAME.service
        name=$1; shift
        { echo "[Service]"; echo "ExecStart=/bin/true"; for d in "$@"; do echo "$d"; done; } \
                >"$T/$name.service"
}

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# expect NAME UNIT PROBE EXPECTED
expect() {
        got=$("$TRY" --unit="$T/$2.service" "$3" 2>&1 | tail -n 1)
        if [ "$got" = "$4" ]; then ok "$1: $3 → $got"; else notok "$1: $3 expected '$4', got '$got'"; fi
}
# expect_not NAME UNIT PROBE NOT-EXPECTED (the control run: the probe reaches the kernel)
expect_not() {
        got=$("$TRY" --unit="$T/$2.service" "$3" 2>&1 | tail -n 1)
        case "$got" in
        "$4" | signal=* | setup-failed*) notok "$1 (control): $3 gave '$got'" ;;
        *) ok "$1 (control): $3 → $got" ;;
        esac
}

unit none
unit deny 'SystemCallFilter=~@mount reboot'
unit deny_errno 'SystemCallFilter=~@mount reboot' 'SystemCallErrorNumber=EUCLEAN'
unit deny_override 'SystemCallFilter=~@mount reboot:EILSEQ' 'SystemCallErrorNumber=EUCLEAN'
unit allow 'SystemCallFilter=@system-service'
unit allow_errno 'SystemCallFilter=@system-service' 'SystemCallErrorNumber=EUNATCH'
unit native 'SystemCallArchitectures=native'
unit af 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6'
unit af_deny 'RestrictAddressFamilies=~AF_PACKET AF_NETLINK'
unit ns 'RestrictNamespaces=yes'
unit ns_net 'RestrictNamespaces=net'
unit rt 'RestrictRealtime=yes'
unit mdwe 'MemoryDenyWriteExecute=yes'
unit suid 'RestrictSUIDSGID=yes'
unit pers 'LockPersonality=yes'
unit host 'ProtectHostname=yes'
unit klogs 'ProtectKernelLogs=yes'
unit clock 'ProtectClock=yes'
unit kmod 'ProtectKernelModules=yes'
unit dev 'PrivateDevices=yes'

# E047: deny list kills, SystemCallErrorNumber= turns it into an errno, :errno overrides
expect E047-kill deny mount signal=SIGSYS
expect E047-errno deny_errno mount errno=EUCLEAN
expect E047-override deny_override reboot errno=EILSEQ
expect E047-override-default deny_override mount errno=EUCLEAN
expect_not E047 none mount errno=EUCLEAN
expect E047-unlisted deny getppid ok
# allow list: default kill or errno; E053 unknown and new calls blocked
expect allow-list allow reboot signal=SIGSYS
expect allow-list-errno allow_errno reboot errno=EUNATCH
expect allow-list-ok allow getppid ok
expect allow-list-errno-sethostname allow_errno sethostname errno=EUNATCH
expect_not allow-list none reboot signal=SIGSYS

# E048/E050: non-native entry points
if "$TRY" int80-getpid 2>/dev/null | grep -qx ok; then
        expect E048-int80 native int80-getpid signal=SIGSYS
        expect_not E048-int80 none int80-getpid signal=SIGSYS
else
        skip E048-int80 "kernel has no IA32 emulation (int 0x80 fails unfiltered)"
fi
# x32: the filter must kill the call whether or not the kernel implements x32
expect E048-x32 native x32-getpid signal=SIGSYS
expect E048-native native getppid ok

# E069 + E051: address families, including upper-32-bit smuggling
expect E069 af socket-packet errno=EAFNOSUPPORT
expect E069-netlink af socket-netlink errno=EAFNOSUPPORT
expect E051-socket af socket-packet-hi errno=EAFNOSUPPORT
expect E069-allowed af socket-inet ok
expect E069-deny-list af_deny socket-packet errno=EAFNOSUPPORT
expect E051-deny-list af_deny socket-packet-hi errno=EAFNOSUPPORT
expect E069-deny-list-allowed af_deny socket-inet ok
expect_not E069 none socket-packet errno=EAFNOSUPPORT

# E058/E059/E060: namespaces
expect E058-unshare ns unshare-user errno=EPERM
expect E051-unshare ns unshare-user-hi errno=EPERM
expect E058-clone ns clone-newnet errno=EPERM
expect E058-setns ns setns0 errno=EPERM
expect E053-clone3 ns clone3 errno=ENOSYS
expect E059-allowed ns_net unshare-net ok
expect E059-other ns_net unshare-user errno=EPERM
expect E059-setns0 ns_net setns0 errno=EPERM
expect_not E058 none unshare-user errno=EPERM
expect_not E058-clone3 none clone3 errno=ENOSYS

# E089: realtime
expect E089 rt sched-fifo errno=EPERM
expect E051-sched rt sched-fifo-hi errno=EPERM
expect E089-setattr rt sched-setattr errno=EPERM
expect E089-batch rt sched-batch ok
expect_not E089 none sched-fifo errno=EPERM

# E072/E073: W^X
expect E072-mmap mdwe mmap-wx errno=EPERM
expect E072-mprotect mdwe mprotect-x errno=EPERM
expect E073-shmat mdwe shmat-exec errno=EPERM
expect E072-rw mdwe mmap-rw ok
expect_not E072 none mmap-wx errno=EPERM
# READ_IMPLIES_EXEC would turn a RW mapping into RWX behind mmap()'s argument check
expect E072-rie mdwe rie-mmap-rw errno=EPERM
expect_not E072-rie none rie-mmap-rw errno=EPERM
expect_not E073 none shmat-exec errno=EPERM

# E037: SUID/SGID
expect E037-chmod suid chmod-suid errno=EPERM
expect E037-fchmodat2 suid fchmodat2-suid errno=EPERM
expect E037-openat suid openat-suid errno=EPERM
expect E037-openat2 suid openat2 errno=ENOSYS
expect E037-plain suid chmod-plain ok
expect_not E037 none chmod-suid errno=EPERM

# E075: personality
expect E075 pers personality-rie errno=EPERM
expect E075-same pers personality-linux ok
expect_not E075 none personality-rie errno=EPERM

# kernel surface
expect hostname host sethostname errno=EPERM
expect_not hostname none sethostname errno=EPERM
expect kernel-logs klogs syslog errno=EPERM
expect_not kernel-logs none syslog errno=EPERM
expect clock clock clock-settime errno=EPERM
expect_not clock none clock-settime errno=EPERM
expect modules kmod init-module errno=EPERM
expect_not modules none init-module errno=EPERM
expect raw-io dev iopl errno=EPERM
expect_not raw-io none iopl errno=EPERM

# E047: a denied call in a secondary thread kills the whole process
expect E047-thread deny thread-reboot signal=SIGSYS
expect_not E047-thread none thread-reboot signal=SIGSYS
# E052: a permissive filter stacked on top changes nothing
expect E052-stacked deny stack-allow-reboot signal=SIGSYS
expect_not E052-stacked none stack-allow-reboot signal=SIGSYS
# E053: numbers no table knows are refused by an allow list
expect E053-unknown allow syscall-999 signal=SIGSYS
expect_not E053-unknown none syscall-999 signal=SIGSYS
# E054: the whole mount API, not only mount(2); E057: kernel attack surface under an allow list
for call in fsopen open-tree move-mount; do
        expect "E054-$call" deny "$call" signal=SIGSYS
        expect_not "E054-$call" none "$call" signal=SIGSYS
done
# (userfaultfd and add_key are in systemd 252's @system-service, so reachable by design)
for call in bpf perf-event-open swapon kexec-load; do
        expect "E057-$call" allow "$call" signal=SIGSYS
        expect_not "E057-$call" none "$call" signal=SIGSYS
done

# E055: io_uring would run socket()/openat() past the filter; refused where those are filtered
expect E055-af af io-uring-setup errno=ENOSYS
expect E055-suid suid io-uring-setup errno=ENOSYS
unit deny_connect 'SystemCallFilter=~connect'
expect E055-denylist deny_connect io-uring-setup errno=ENOSYS
expect E055-unrelated deny io-uring-setup ok
expect_not E055 none io-uring-setup errno=ENOSYS

echo "1..$n"
exit $fail
