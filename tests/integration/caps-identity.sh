#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Capabilities and no_new_privs applied by src/sandbox/caps.c (through the seccomp-try
# miniature executor), checked in /proc/self/status of the exec'd program and with a
# capability-gated probe (escapes.md E035/E036). Each case has a control run without the
# directive. TAP; needs root.   caps-identity.sh PATH/TO/seccomp-try
set -u
TRY=${1:?usage: caps-identity.sh SECCOMP_TRY}
T=$(mktemp -d /tmp/cordon-caps.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
if [ "$(id -u)" != 0 ]; then
        echo "1..0 # SKIP needs-privilege: run as root"
        exit 0
fi
unit() {
        name=$1; shift
        { echo "[Service]"; echo "ExecStart=/bin/true"; for d in "$@"; do echo "$d"; done; } \
                >"$T/$name.service"
}
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
# field UNIT [--uid=N] KEY -> value of KEY in /proc/self/status after setup
field() {
        u=$1; shift
        key=$1; shift
        "$TRY" --unit="$T/$u.service" "$@" --exec /bin/cat /proc/self/status |
                awk -v k="$key:" '$1 == k { print $2 }'
}
check() { # NAME GOT WANT
        if [ "$2" = "$3" ]; then ok "$1 = $3"; else notok "$1: expected '$3', got '$2'"; fi
}
ALL=$(awk '$1 == "CapBnd:" { print $2 }' /proc/self/status)

unit none
unit bset 'CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN'
unit empty 'CapabilityBoundingSet='
unit amb 'AmbientCapabilities=CAP_NET_BIND_SERVICE'
unit amb_outside 'CapabilityBoundingSet=CAP_CHOWN' 'AmbientCapabilities=CAP_NET_BIND_SERVICE'
unit nnp 'NoNewPrivileges=yes'
unit implied 'SystemCallFilter=@system-service'

check "bounding set" "$(field bset CapBnd)" 0000000000000401
check "bounding set (root effective)" "$(field bset CapEff)" 0000000000000401
check "bounding set (control)" "$(field none CapBnd)" "$ALL"
check "empty bounding set" "$(field empty CapBnd)" 0000000000000000
check "empty bounding set, effective" "$(field empty CapEff)" 0000000000000000
# E035: a capability-gated call fails with EPERM before its argument check
# (the probe is exec'd, since the bounding set takes effect at execve())
got=$("$TRY" --unit="$T/empty.service" --exec "$TRY" reboot | tail -n 1)
check "E035 reboot without CAP_SYS_BOOT" "$got" errno=EPERM
got=$("$TRY" --unit="$T/none.service" --exec "$TRY" reboot | tail -n 1)
check "E035 reboot (control)" "$got" errno=EINVAL
check "ambient after uid change" "$(field amb CapAmb --uid=65534)" 0000000000000400
check "ambient after uid change, effective" "$(field amb CapEff --uid=65534)" 0000000000000400
check "no ambient (control), effective" "$(field none CapEff --uid=65534)" 0000000000000000
check "ambient outside bounding set is dropped" "$(field amb_outside CapAmb --uid=65534)" \
        0000000000000000
check "NoNewPrivileges=yes" "$(field nnp NoNewPrivs)" 1
check "NoNewPrivileges (control)" "$(field none NoNewPrivs)" 0
# as root with CAP_SYS_ADMIN, a seccomp filter does not imply NNP (systemd 252)
check "SystemCallFilter= as root does not imply NNP" "$(field implied NoNewPrivs)" 0
check "seccomp mode under SystemCallFilter=" "$(field implied Seccomp)" 2
# E033/E034: identity fully applied, supplementary groups exactly as configured
unit user 'User=nobody' 'SupplementaryGroups=daemon'
unit umask 'User=nobody' 'UMask=0077'
unit ambuser 'User=nobody' 'AmbientCapabilities=CAP_NET_BIND_SERVICE'
probe_line() { "$TRY" --unit="$T/$1.service" --exec "$TRY" "$2" | head -n 1; }
dg=$(getent group daemon | cut -d: -f3)
check "E033/E034 ids" "$(probe_line user ids)" "uid=65534,65534,65534 gid=65534,65534,65534 groups=$dg"
check "E033 saved uid 0 unreachable" "$(probe_line user setuid0)" errno=EPERM
check "E033 (control: root keeps setresuid)" "$(probe_line none setuid0)" ok
check "E041 UMask=0077" "$(probe_line umask umask)" "umask=0077 ok"
check "E041 default umask 0022" "$(probe_line user umask)" "umask=0022 ok"
# E043: raising capabilities is refused
check "E043 capset raise" "$(probe_line user capset-raise)" errno=EPERM
check "E043 ambient raise" "$(probe_line user ambient-raise)" errno=EPERM
# E044: only the granted ambient capability survives exec
check "E044 bind to port 80 with CAP_NET_BIND_SERVICE" "$(probe_line ambuser bind80)" ok
check "E044 raw socket still refused" "$(probe_line ambuser raw-socket)" errno=EPERM
check "E044 (control) bind to port 80 without it" "$(probe_line user bind80)" errno=EACCES
# E046: chown to another uid needs CAP_CHOWN
check "E046 chown without CAP_CHOWN" "$(probe_line empty chown-other)" errno=EPERM
check "E046 (control) chown as root" "$(probe_line none chown-other)" ok

# E036: file capabilities on exec are void under NoNewPrivileges= or outside the bounding set
if command -v setcap >/dev/null && cp /bin/cat "$T/fcat" && chmod 755 "$T" "$T/fcat" &&
        setcap cap_dac_override+ep "$T/fcat" 2>/dev/null; then
        unit fc_plain 'User=nobody'
        unit fc_nnp 'User=nobody' 'NoNewPrivileges=yes'
        unit fc_bset 'User=nobody' 'CapabilityBoundingSet=~CAP_DAC_OVERRIDE'
        fcap() { "$TRY" --unit="$T/$1.service" --exec "$T/fcat" /proc/self/status |
                awk '$1 == "CapEff:" { print $2 } /^exec-failed/ { print $2 }'; }
        check "E036 (control) file capability granted" "$(fcap fc_plain)" 0000000000000002
        check "E036 NoNewPrivileges= voids it" "$(fcap fc_nnp)" 0000000000000000
        # the kernel refuses to exec a file whose effective capabilities cannot all be granted
        check "E036 bounding set: exec refused" "$(fcap fc_bset)" errno=EPERM
else
        n=$((n + 1)); echo "ok $n - E036 # SKIP setcap or xattrs unavailable on $T"
fi

# E045: open_by_handle_at needs CAP_DAC_READ_SEARCH
unit nodacrs 'CapabilityBoundingSet=~CAP_DAC_READ_SEARCH'
check "E045 open_by_handle_at without CAP_DAC_READ_SEARCH" "$(probe_line nodacrs open-by-handle)" errno=EPERM
got=$(probe_line none open-by-handle)
case "$got" in errno=EPERM | signal=*) notok "E045 (control) reached only the capability check: $got" ;;
*) ok "E045 (control) reaches the kernel with the capability ($got)" ;; esac
# E046: more capability-gated calls with benign arguments
check "E046 raise hard RLIMIT_NOFILE without CAP_SYS_RESOURCE" "$(probe_line empty rlimit-raise)" errno=EPERM
if [ $(( 0x$ALL >> 24 & 1 )) = 1 ]; then
        check "E046 (control) with it" "$(probe_line none rlimit-raise)" ok
else
        n=$((n + 1)); echo "ok $n - E046 rlimit control # SKIP this machine's bounding set lacks CAP_SYS_RESOURCE"
fi
check "E046 kill(1, 0) as nobody" "$(probe_line user kill-other)" errno=EPERM
check "E046 (control) as root" "$(probe_line none kill-other)" ok

# MemoryDenyWriteExecute= also switches on the kernel's W^X (PR_SET_MDWE) where available
unit mdwe 'MemoryDenyWriteExecute=yes'
got=$(probe_line mdwe mdwe-get)
case "$got" in
"mdwe=1 ok") ok "PR_SET_MDWE set" ;;
"mdwe=-1 ok") n=$((n + 1)); echo "ok $n - PR_SET_MDWE # SKIP kernel older than 6.3" ;;
*) notok "PR_SET_MDWE: $got" ;;
esac
check "PR_SET_MDWE (control)" "$(probe_line none mdwe-get)" "mdwe=0 ok"

echo "1..$n"
exit $fail
