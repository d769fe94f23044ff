#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Condition*=/Assert*= under `cordon run`, as `systemctl start` treats them: a failed condition
# skips the unit (exit 0, nothing runs), a failed assert fails the start (exit 1), triggers,
# resets, --dry-run verdicts; and every verdict cordon can decide agrees with systemd 252's own
# `systemd-analyze condition` on this host. TAP.   run-conditions.sh PATH/TO/cordon
set -u
CORDON=${1:?usage: run-conditions.sh CORDON}
T=$(mktemp -d /tmp/cordon-cond.XXXXXX)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1: expected '$3', got '$2'"; fi; }
has() { case "$2" in *"$3"*) ok "$1" ;; *) notok "$1: no '$3' in: $2" ;; esac; }

# unit NAME CONDITION-LINES... : a oneshot that leaves $T/ran.NAME behind when it runs
unit() {
        name=$1
        shift
        {
                echo "[Unit]"
                for l in "$@"; do echo "$l"; done
                echo "[Service]"
                echo "Type=oneshot"
                echo "ExecStart=/bin/touch $T/ran.$name"
        } >"$T/$name.service"
}
run() { "$CORDON" run "$T/$1.service" 2>&1; }

# 1. a failed condition: skipped, exit 0, systemd's messages, nothing ran
unit skip "ConditionPathExists=/etc" "ConditionPathExists=$T/missing"
out=$(run skip)
check "failed condition: exit 0" "$?" 0
has "names the condition and its file:line" "$out" \
        "skip.service was skipped because of an unmet condition check (ConditionPathExists=$T/missing) at $T/skip.service:3."
has "systemd's status line" "$out" "Condition check resulted in skip.service being skipped."
check "nothing ran" "$(ls "$T/ran.skip" 2>/dev/null)" ""

# 2. conditions hold: the unit runs
unit go "ConditionPathExists=/etc" "ConditionPathExists=!$T/missing" "ConditionPathIsDirectory=$T"
out=$(run go)
check "conditions hold: exit 0" "$?" 0
check "it ran" "$(ls "$T/ran.go" 2>/dev/null)" "$T/ran.go"

# 3. a failed assert: start fails with 1, names the assert's file:line, nothing ran
unit assert "ConditionPathExists=/etc" "AssertPathIsDirectory=/etc/passwd"
out=$(run assert)
check "failed assert: exit 1" "$?" 1
has "assert message" "$out" "Assertion failed for assert.service: AssertPathIsDirectory=/etc/passwd at $T/assert.service:3."
check "nothing ran after the assert" "$(ls "$T/ran.assert" 2>/dev/null)" ""

# 4. conditions are tested before asserts: a failed condition wins (skip, not failure)
unit both "AssertPathExists=$T/missing" "ConditionPathExists=$T/missing"
run both >/dev/null
check "condition before assert: exit 0" "$?" 0

# 5. triggers: one of the '|' conditions suffices; none holding skips
unit trig "ConditionPathExists=|$T/missing" "ConditionPathExists=|/etc" "ConditionPathExists=/"
run trig >/dev/null
check "one trigger holds: runs" "$(ls "$T/ran.trig" 2>/dev/null)" "$T/ran.trig"
unit notrig "ConditionPathExists=|$T/missing" "ConditionHost=|!*"
out=$(run notrig)
check "no trigger holds: exit 0" "$?" 0
has "trigger message" "$out" "notrig.service was skipped because no trigger condition checks were met."
check "no trigger holds: nothing ran" "$(ls "$T/ran.notrig" 2>/dev/null)" ""

# 6. an empty assignment of any Condition*= resets all conditions (not the asserts)
unit reset "ConditionPathExists=$T/missing" "ConditionHost=" "ConditionPathExists=/etc"
run reset >/dev/null
check "reset: the earlier condition is gone" "$(ls "$T/ran.reset" 2>/dev/null)" "$T/ran.reset"
unit reset2 "AssertPathExists=$T/missing" "ConditionHost=" "ConditionPathExists=/etc"
run reset2 >/dev/null
check "a Condition reset leaves asserts" "$?" 1

# 7. drop-ins: file:line of the drop-in
unit drop "ConditionPathExists=/etc"
mkdir -p "$T/drop.service.d"
printf '[Unit]\nConditionPathExists=\nConditionFileNotEmpty=%s/missing\n' "$T" \
        >"$T/drop.service.d/10-x.conf"
out=$(run drop)
has "drop-in condition named with its file:line" "$out" "(ConditionFileNotEmpty=$T/missing) at $T/drop.service.d/10-x.conf:3."

# 8. --dry-run shows every verdict and runs nothing
unit dry "ConditionPathExists=$T/missing" "ConditionPathExists=/etc" "AssertPathExists=/"
out=$("$CORDON" run --dry-run "$T/dry.service" 2>&1)
check "dry-run exit 0" "$?" 0
has "dry-run: failed verdict" "$out" "failed"
has "dry-run: succeeded verdict" "$out" "succeeded"
has "dry-run: file:line" "$out" "$T/dry.service:3"
has "dry-run: outcome" "$out" "Verdict: a condition failed; cordon run skips the unit"
check "dry-run ran nothing" "$(ls "$T/ran.dry" 2>/dev/null)" ""

# 9. ConditionEnvironment= sees cordon's environment (systemd: the manager's)
unit env "ConditionEnvironment=CORDON_COND_TEST=yes"
CORDON_COND_TEST=yes "$CORDON" run "$T/env.service" >/dev/null 2>&1
check "ConditionEnvironment= from cordon's environment" "$(ls "$T/ran.env" 2>/dev/null)" "$T/ran.env"
unit kcmd "ConditionKernelCommandLine=cordon.flag"
SYSTEMD_PROC_CMDLINE="quiet cordon.flag=1" "$CORDON" run "$T/kcmd.service" >/dev/null 2>&1
check "SYSTEMD_PROC_CMDLINE= overrides /proc/cmdline" "$(ls "$T/ran.kcmd" 2>/dev/null)" \
        "$T/ran.kcmd"

# 9b. an automatic restart tests the conditions again (systemd's restart job): the second run
#     creates the file the condition forbids, so there is no third run
cat >"$T/again.service" <<EOF
[Unit]
ConditionPathExists=!$T/enough
StartLimitBurst=20
[Service]
Type=oneshot
ExecStart=/bin/sh -c 'echo x >>$T/count; [ \$\$(wc -l <$T/count) -ge 2 ] && touch $T/enough; exit 3'
Restart=on-failure
RestartSec=50ms
EOF
out=$(run again)
check "restart re-tests: the last run's status" "$?" 3
check "restart re-tests: two runs, not more" "$(wc -l <"$T/count")" 2
has "restart re-tests: skip message" "$out" "Condition check resulted in again.service being skipped."

# 10. cannot decide → refused with 78, never guessed: a USB power supply (whose source/sink role
#     cordon does not read) makes ConditionACPower= undecidable; faked in a mount namespace
if unshare -m true 2>/dev/null; then
        # usb_run UNIT: cordon run UNIT where /sys/class/power_supply has one USB supply
        usb_run() {
                # shellcheck disable=SC2016 # expanded by the inner shell
                unshare -m sh -c 'mount -t tmpfs none /sys/class/power_supply &&
                        mkdir /sys/class/power_supply/usb0 &&
                        echo USB >/sys/class/power_supply/usb0/type && exec "$0" run "$1"' \
                        "$CORDON" "$T/$1.service" 2>&1
        }
        unit undecided "ConditionACPower=true"
        out=$(usb_run undecided)
        check "undecidable condition: exit 78" "$?" 78
        has "undecidable: names file:line and why" "$out" \
                "ConditionACPower=true at $T/undecided.service:2 as systemd would (a USB power supply"
        check "undecidable: nothing ran" "$(ls "$T/ran.undecided" 2>/dev/null)" ""
        unit decided "ConditionACPower=true" "ConditionPathExists=$T/missing"
        usb_run decided >/dev/null
        check "undecidable but another condition fails: skipped (exit 0)" "$?" 0
else
        skip "no mount namespace to fake a USB power supply in"
fi

# 10b. the manager's identity is cordon's: as an unprivileged user ConditionUser=root fails
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
        unit who "ConditionUser=root"
        chmod 755 "$T"
        chmod 644 "$T/who.service"
        out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
                "$(realpath "$CORDON")" run --dry-run "$T/who.service" 2>&1)
        has "as nobody: ConditionUser=root fails" "$out" "Verdict: a condition failed"
        out=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
                "$(realpath "$CORDON")" run "$T/who.service" 2>&1)
        check "as nobody: skipped with exit 0" "$?" 0
        check "as nobody: nothing ran" "$(ls "$T/ran.who" 2>/dev/null)" ""
else
        skip "not root or no setpriv: no unprivileged identity to try"
fi

# 11. the oracle: systemd-analyze condition (systemd 252) on this host, one condition at a time
verdict() { # cordon's verdict for one condition line
        printf '[Unit]\n%s\n[Service]\nExecStart=/bin/true\n' "$1" >"$T/o.service"
        "$CORDON" run --dry-run --lenient "$T/o.service" 2>/dev/null |
                sed -n 's/^  Condition[A-Za-z]*=.* \(succeeded\|failed\|error\|not decidable\) .*/\1/p'
}
if command -v systemd-analyze >/dev/null && systemd-analyze condition ConditionPathExists=/ >/dev/null 2>&1; then
        for c in "ConditionPathExists=/etc" "ConditionPathExists=!/etc" \
                "ConditionPathExistsGlob=/etc/pass*" "ConditionPathExistsGlob=/nonexistent*" \
                "ConditionPathIsDirectory=/etc" "ConditionPathIsDirectory=/etc/passwd" \
                "ConditionPathIsSymbolicLink=/proc/self" "ConditionPathIsMountPoint=/proc" \
                "ConditionPathIsMountPoint=/etc" "ConditionPathIsReadWrite=/" \
                "ConditionPathIsReadWrite=/proc/sys" "ConditionPathIsEncrypted=/" \
                "ConditionDirectoryNotEmpty=/etc" "ConditionDirectoryNotEmpty=/nonexistent" \
                "ConditionFileNotEmpty=/etc/passwd" "ConditionFileIsExecutable=/bin/sh" \
                "ConditionFileIsExecutable=/etc/passwd" "ConditionNeedsUpdate=/etc" \
                "ConditionNeedsUpdate=/var" "ConditionFirstBoot=yes" "ConditionFirstBoot=no" \
                "ConditionUser=root" "ConditionUser=0" "ConditionUser=@system" \
                "ConditionUser=nobody" "ConditionGroup=root" "ConditionGroup=0" \
                "ConditionGroup=nogroup" "ConditionHost=$(uname -n)" "ConditionHost=!nohost*" \
                "ConditionKernelCommandLine=ro" "ConditionKernelCommandLine=!nosuchflag" \
                "ConditionKernelVersion=>=4.0" "ConditionKernelVersion=<4.0" \
                "ConditionKernelVersion=$(uname -r | cut -c1-2)*" \
                "ConditionArchitecture=native" "ConditionArchitecture=$(uname -m | sed 's/_/-/')" \
                "ConditionArchitecture=arm64" "ConditionVirtualization=yes" \
                "ConditionVirtualization=no" "ConditionVirtualization=container" \
                "ConditionVirtualization=vm" "ConditionVirtualization=docker" \
                "ConditionVirtualization=kvm" "ConditionVirtualization=private-users" \
                "ConditionSecurity=selinux" "ConditionSecurity=apparmor" \
                "ConditionSecurity=audit" "ConditionSecurity=ima" "ConditionSecurity=smack" \
                "ConditionSecurity=tomoyo" "ConditionSecurity=tpm2" \
                "ConditionSecurity=uefi-secureboot" "ConditionCapability=CAP_SYS_ADMIN" \
                "ConditionCapability=CAP_CHOWN" "ConditionACPower=true" "ConditionACPower=false" \
                "ConditionMemory=>=64M" "ConditionMemory=<64M" "ConditionCPUs=>=1" \
                "ConditionCPUs=>1024" "ConditionCPUFeature=sse2" "ConditionCPUFeature=avx512" \
                "ConditionOSRelease=ID=debian" "ConditionOSRelease=VERSION_ID>=10" \
                "ConditionOSRelease=ID!=debian" "ConditionControlGroupController=v2" \
                "ConditionControlGroupController=v1" "ConditionControlGroupController=memory" \
                "ConditionControlGroupController=pids cpu" \
                "ConditionControlGroupController=bpf-firewall" \
                "ConditionControlGroupController=nosuchcontroller" "ConditionMemoryPressure=100%%" \
                "ConditionCPUPressure=100%%/10sec" "ConditionIOPressure=!100%%" \
                "ConditionMemoryPressure=foo.slice:50%%" "ConditionCPUPressure=-.slice:0%%/1min" \
                "ConditionFirmware=uefi" "ConditionFirmware=device-tree" \
                "ConditionFirmware=smbios-field(nosuchfield = x)" "ConditionCredential=x" \
                "ConditionEnvironment=PATH" "ConditionEnvironment=NO_SUCH_VARIABLE"; do
                # systemd-analyze expands specifiers too: %% is a literal %
                want=$(systemd-analyze condition "$(printf '%s' "$c" | sed 's/%%/%/g')" 2>&1 |
                        sed -n 's/^test.service: .*\(succeeded\|failed\)\.$/\1/p' | head -1)
                got=$(verdict "$c")
                case "$got" in
                "") notok "$c: cordon printed no verdict" ;;
                "not decidable") skip "$c: cordon cannot decide here (refuses); systemd: $want" ;;
                "$want") ok "$c: $got, as systemd" ;;
                *) notok "$c: cordon '$got', systemd '$want'" ;;
                esac
        done
        # the kernel command line can force ConditionNeedsUpdate=
        for v in 0 1; do
                c="ConditionNeedsUpdate=/etc"
                want=$(SYSTEMD_PROC_CMDLINE="systemd.condition-needs-update=$v" \
                        systemd-analyze condition "$c" 2>&1 |
                        sed -n 's/^test.service: .*\(succeeded\|failed\)\.$/\1/p' | head -1)
                got=$(SYSTEMD_PROC_CMDLINE="systemd.condition-needs-update=$v" verdict "$c")
                check "$c with systemd.condition-needs-update=$v: as systemd" "$got" "$want"
        done
else
        skip "systemd-analyze condition is not available: no oracle"
fi

echo "1..$n"
exit $fail
