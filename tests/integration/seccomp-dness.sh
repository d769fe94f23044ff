#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The third stage of the examples (DynamicUser=, empty bounding set, native-only seccomp stack,
# deny list ~@privileged @resources, …) applied by the executor's pre-exec hook
# (src/sandbox/privileges.c), seen from the exec'd program: /proc/self/status and probes.
# TAP; needs root.   seccomp-dness.sh PATH/TO/seccomp-try
set -u
TRY=${1:?usage: seccomp-dness.sh SECCOMP_TRY}
HERE=$(cd "$(dirname "$0")" && pwd)
UNIT=$HERE/../../examples/dness-3-sandboxed.service
n=0
fail=0
if [ "$(id -u)" != 0 ]; then
        echo "1..0 # SKIP needs-privilege: run as root"
        exit 0
fi
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1 = $3"; else notok "$1: expected '$3', got '$2'"; fi; }
status() { "$TRY" --unit="$UNIT" --exec /bin/cat /proc/self/status; }
field() { printf '%s\n' "$S" | awk -v k="$1:" '$1 == k { print $2 }'; }
probe() { "$TRY" --unit="$UNIT" --exec "$TRY" "$1" | tail -n 1; }

S=$(status)
uid=$(field Uid)
if [ -n "$uid" ] && [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ]; then
        ok "DynamicUser= uid $uid is in 61184-65519"
else
        notok "DynamicUser= uid '$uid' not dynamic"
fi
S2=$(status)
check "the uid is stable per name" "$(printf '%s\n' "$S2" | awk '$1 == "Uid:" { print $2 }')" "$uid"
if grep -q "^[^:]*:[^:]*:$uid:" /etc/passwd; then notok "uid $uid is in /etc/passwd"; else ok "uid not in /etc/passwd"; fi
check "gid equals uid" "$(field Gid)" "$uid"
check "empty bounding set" "$(field CapBnd)" 0000000000000000
check "no effective capabilities" "$(field CapEff)" 0000000000000000
check "no_new_privs (DynamicUser= implies it)" "$(field NoNewPrivs)" 1
check "seccomp filter mode" "$(field Seccomp)" 2
check "one filter per directive, x86-64 only, plus the arch check" "$(field Seccomp_filters)" 13
[ -e /run/cordon/dynamic-uid/"$uid" ] && notok "lock file left behind" || ok "uid released after exit"

check "hot call allowed" "$(probe getppid)" ok
check "AF_INET allowed" "$(probe socket-inet)" ok
check "AF_PACKET refused" "$(probe socket-packet)" errno=EAFNOSUPPORT
check "AF_PACKET with upper bits refused (E051)" "$(probe socket-packet-hi)" errno=EAFNOSUPPORT
check "int 0x80 killed (E048)" "$(probe int80-getpid)" signal=SIGSYS
check "x32 killed (E048)" "$(probe x32-getpid)" signal=SIGSYS
check "reboot (@privileged) killed" "$(probe reboot)" signal=SIGSYS
check "init_module (@privileged) killed" "$(probe init-module)" signal=SIGSYS
check "user namespace refused" "$(probe unshare-user)" errno=EPERM
check "clone3 → ENOSYS" "$(probe clone3)" errno=ENOSYS
check "realtime refused" "$(probe sched-fifo)" errno=EPERM
check "W+X mapping refused" "$(probe mmap-wx)" errno=EPERM
check "SUID bit refused" "$(probe chmod-suid)" errno=EPERM
check "personality locked" "$(probe personality-rie)" errno=EPERM
# sethostname is in @privileged too: the deny list's kill outranks ProtectHostname='s EPERM
check "sethostname killed (kill outranks errno)" "$(probe sethostname)" signal=SIGSYS
check "syslog refused" "$(probe syslog)" errno=EPERM
echo "1..$n"
exit $fail
