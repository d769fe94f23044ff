#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# RootImage= under `cordon run`, TAP output. Usage: run-image.sh CORDON PROBE [NO-LOOP-CONFIGURE]
# Builds a bare ext4 image, a bare squashfs image and GPT disks (sfdisk, mkfs.ext4 -E offset=)
# holding the static probe, runs services from them and asserts what the probe sees: the image
# as /, read-only when systemd would make it so, /proc, /dev and /sys present, host paths gone.
# Then errors (missing image, corrupt GPT, no root partition: exit 226 naming RootImage= with
# file:line), the rootless refusal, and that nothing is left behind (loop devices, mounts) after
# a normal exit, a crash of the service and SIGKILL of cordon. Needs real root and loop
# devices; under CI=true nothing may be skipped.
set -u
REAL_ROOT=0
[ "$(id -u)" = 0 ] && [ "$(tr -s ' ' <"/proc/self/uid_map" | sed 's/^ //')" = "0 0 4294967295" ] && REAL_ROOT=1
# A throwaway mount namespace: the mount table compared before/after is this script's own.
if [ "$REAL_ROOT" = 1 ] && [ -z "${CORDON_IT_PRIVATE_NS:-}" ] && command -v unshare >/dev/null; then
        CORDON_IT_PRIVATE_NS=1 exec unshare -m --propagation private sh "$0" "$@"
fi
CORDON=$(realpath "$1")
PROBE=$(realpath "$2")
NLC=${3:+$(realpath "$3")} # runs a command with LOOP_CONFIGURE failing (kernels before 5.8)
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
skip() {
        N=$((N + 1))
        if [ "${CI:-}" = true ]; then
                echo "not ok $N - $1 # skipped under CI=true: $2"
                FAILED=1
        else
                echo "ok $N - $1 # SKIP $2"
        fi
}

if [ "$REAL_ROOT" != 1 ] || [ ! -c /dev/loop-control ] || ! command -v mkfs.ext4 >/dev/null ||
        ! command -v losetup >/dev/null; then
        if [ "${CI:-}" = true ]; then
                echo "1..1"
                echo "not ok 1 - RootImage= needs real root, /dev/loop-control, mkfs.ext4 and losetup # skipped under CI=true"
                exit 1
        fi
        echo "1..0 # SKIP needs real root, /dev/loop-control, mkfs.ext4 and losetup"
        exit 77
fi

T=$(mktemp -d /tmp/cordon-img.XXXXXX) # unit files and stderr (read by cordon, not the service)
I=$(mktemp -d /var/lib/cordon-img.XXXXXX)
chmod 755 "$T" "$I"
CORDON_PIDS=
cleanup() {
        for p in $CORDON_PIDS; do kill -9 "$p" 2>/dev/null; done
        for f in "$I"/*; do
                losetup -j "$f" 2>/dev/null | cut -d: -f1 | while read -r d; do losetup -d "$d"; done
        done
        rm -rf "$T" "$I"
}
trap cleanup EXIT
trap "exit 1" INT TERM HUP

unit() {
        name=$1
        shift
        {
                echo "[Service]"
                for l in "$@"; do echo "$l"; done
        } >"$T/$name.service"
}
cordon_run() {
        OUT=$(timeout 60 "$CORDON" run "$@" 2>"$T/stderr")
        RC=$?
}
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
expect_err() {
        if grep -qF -- "$2" "$T/stderr"; then
                ok "$1"
        else
                not_ok "$1: stderr lacks '$2': $(tr '\n' '|' <"$T/stderr")"
        fi
}
field() {
        printf '%s\n' "$OUT" | grep -- "^$1" | head -1
}
# Nothing of the run is left: no loop device backed by the image, no mount of the staging root.
# Loop devices are released asynchronously after the last user: poll generously.
expect_clean() {
        img=$1
        i=0
        while [ -n "$(losetup -j "$img" 2>/dev/null)" ] && [ $i -lt 200 ]; do
                sleep 0.1
                i=$((i + 1))
        done
        left=$(losetup -j "$img" 2>/dev/null)
        mnt=$(grep -c " /run/cordon/unit-root" /proc/self/mountinfo)
        if [ -z "$left" ] && [ "$mnt" = 0 ]; then
                ok "$2: no loop device, no mount left"
        else
                not_ok "$2: left behind: loop '$left', $mnt mounts"
        fi
}

# ---------------------------------------------------------------- the trees
mkdir -p "$I/tree/bin" "$I/tree/etc" "$I/tree/usr" "$I/tree/proc" "$I/tree/dev" "$I/tree/sys" \
        "$I/tree/run" "$I/tree/tmp" "$I/tree/var/tmp" "$I/tree/home"
cp "$PROBE" "$I/tree/bin/probe"
echo root-image >"$I/tree/etc/marker"
mkdir -p "$I/usrtree/share"
echo usr-partition >"$I/usrtree/share/marker"
MOUNTS_BEFORE=$(wc -l </proc/self/mountinfo)

# ---------------------------------------------------------------- a bare ext4 image
EXT4=$I/root.ext4
truncate -s 24M "$EXT4"
mkfs.ext4 -q -F -d "$I/tree" "$EXT4"
SUM=$(md5sum <"$EXT4")
unit ext4 "RootImage=$EXT4" \
        "ExecStart=/bin/probe stat /etc/marker ls /etc write /etc stat /proc/self/status read /dev/null stat /sys/kernel stat $T stat /"
cordon_run "$T/ext4.service"
expect_rc "bare ext4: the service ran" 0
expect "bare ext4: the image's files at /" "stat /etc/marker=reg*"
expect "bare ext4: contents" "ls /etc=marker:reg"
expect "bare ext4: writable like systemd (nothing asks for read-only)" "write /etc=OK"
expect "bare ext4: MountAPIVFS= implied, /proc" "stat /proc/self/status=reg*"
expect "bare ext4: /dev" "read /dev/null=OK empty"
expect "bare ext4: /sys" "stat /sys/kernel=dir*"
expect "bare ext4: host paths are gone" "stat $T=ENOENT"
case "$(field 'stat /=')" in *nodev=1*) ok "bare ext4: root mounted nodev (as systemd)" ;; *) not_ok "bare ext4: $(field 'stat /=')" ;; esac
expect_clean "$EXT4" "bare ext4 after a normal exit"

# Read-only exactly when systemd 252 opens the image read-only.
unit ext4ro "RootImage=$EXT4" "ProtectSystem=strict" "ProtectHome=yes" "PrivateTmp=yes" \
        "ExecStart=/bin/probe write /etc write /tmp stat /"
cordon_run "$T/ext4ro.service"
expect "ProtectSystem=strict + ProtectHome=: image read-only" "write /etc=EROFS"
expect "ProtectSystem=strict: PrivateTmp= inside the image still writable" "write /tmp=OK"
case "$(field 'stat /=')" in *ro=1*) ok "ProtectSystem=strict: / is a read-only mount" ;; *) not_ok "ro: $(field 'stat /=')" ;; esac
# RootImageOptions= reach the mount.
unit ext4opt "RootImage=$EXT4" "RootImageOptions=root:ro,noexec" "ExecStart=/bin/probe stat /"
cordon_run "$T/ext4opt.service"
expect_rc "RootImageOptions=root:noexec: /bin/probe cannot be executed (203)" 203
unit ext4opt2 "RootImage=$EXT4" "RootImageOptions=ro" "ExecStart=/bin/probe write /etc"
cordon_run "$T/ext4opt2.service"
expect "RootImageOptions=ro: read-only" "write /etc=EROFS"
expect_clean "$EXT4" "RootImageOptions= runs"

# A hardened unit on the image: the other mount directives apply inside it, as with
# RootDirectory= ('+' paths are in the image, bind sources on the host); every command of the
# run attaches the image (ExecStartPre= too).
echo "cordon-host-file" >"$I/host-file"
unit hard "RootImage=$EXT4" "ProtectSystem=strict" "ProtectHome=yes" "PrivateDevices=yes" \
        "PrivateTmp=yes" "ProtectKernelTunables=yes" "ReadWritePaths=+/var/tmp" \
        "WorkingDirectory=/var/tmp" "BindReadOnlyPaths=$I/host-file:/etc/host-file" \
        "ExecStartPre=/bin/probe stat /etc/marker" \
        "ExecStart=/bin/probe cwd write /var/tmp write /etc stat /etc/host-file write /etc/host-file read /dev/null stat /proc/sys stat $I"
cordon_run "$T/hard.service"
expect_rc "hardened unit on the image: ran" 0
expect "hardened: ExecStartPre= sees the image too" "stat /etc/marker=reg*"
expect "hardened: WorkingDirectory= inside the image" "cwd=/var/tmp"
expect "hardened: ReadWritePaths=+ inside the image writable" "write /var/tmp=OK"
expect "hardened: the rest read-only" "write /etc=EROFS"
expect "hardened: BindReadOnlyPaths= from the host into the image" "stat /etc/host-file=reg*"
expect "hardened: ... read-only" "write /etc/host-file=EROFS"
expect "hardened: PrivateDevices= /dev" "read /dev/null=OK empty"
case "$(field 'stat /proc/sys=')" in *ro=1*) ok "hardened: ProtectKernelTunables= inside the image" ;; *) not_ok "hardened: $(field 'stat /proc/sys=')" ;; esac
expect "hardened: the image dir on the host is not visible" "stat $I=ENOENT"
expect_clean "$EXT4" "hardened unit"

# A block device as RootImage= (here a read-only loop device set up by the test): it is
# mounted read-only because the device is (BLKROGET), not written to.
BLKIMG=$I/blk.ext4
cp "$EXT4" "$BLKIMG"
BLK=$(losetup -f --show -r "$BLKIMG")
if [ -n "$BLK" ]; then
        unit blk "RootImage=$BLK" "ExecStart=/bin/probe stat /etc/marker write /etc"
        cordon_run "$T/blk.service"
        expect "block device: the file system on it is the root" "stat /etc/marker=reg*"
        expect "block device: read-only device, read-only mount" "write /etc=EROFS"
        losetup -d "$BLK"
        expect_clean "$BLKIMG" "block device"
else
        not_ok "block device: losetup -r failed"
fi

# Kernels before 5.8 have no LOOP_CONFIGURE: the LOOP_SET_FD + LOOP_SET_STATUS64 fallback.
if [ -n "$NLC" ]; then
        unit nlc "RootImage=$EXT4" "RootImageOptions=ro" "ExecStart=/bin/probe stat /etc/marker write /etc"
        OUT=$(timeout 60 "$NLC" "$CORDON" run "$T/nlc.service" 2>"$T/stderr")
        RC=$?
        expect "no LOOP_CONFIGURE: attached with LOOP_SET_FD + LOOP_SET_STATUS64" "stat /etc/marker=reg*"
        expect "no LOOP_CONFIGURE: the status (read-only, offset) applied" "write /etc=EROFS"
        expect_clean "$EXT4" "no LOOP_CONFIGURE"
        # Control: with LOOP_SET_FD refused as well nothing can be attached, so the filter does
        # reach the process that attaches.
        OUT=$(timeout 60 "$NLC" --no-set-fd "$CORDON" run "$T/nlc.service" 2>"$T/stderr")
        RC=$?
        expect_rc "control: neither LOOP_CONFIGURE nor LOOP_SET_FD: exit 226" 226
        expect_err "control: the attach error is reported" "Operation not permitted"
        expect_clean "$EXT4" "failed attach"
else
        skip "LOOP_CONFIGURE fallback" "no no-loop-configure helper given"
fi

# StateDirectory=/RuntimeDirectory= live on the host and are bound into the root (systemd 252
# compile_bind_mounts()), for RootImage= as for RootDirectory=.
SD=cordon-img-state.$$
RUND=cordon-img-run.$$
mkdir -p "/var/lib/$SD"
echo host >"/var/lib/$SD/host-marker"
unit dirs "RootImage=$EXT4" "StateDirectory=$SD" "RuntimeDirectory=$RUND" "ProtectSystem=strict" \
        "ExecStart=/bin/probe write /var/lib/$SD write /run/$RUND write /etc stat /var/lib/$SD/host-marker"
cordon_run "$T/dirs.service"
expect "StateDirectory= with RootImage=: the host's directory, writable" "write /var/lib/$SD=OK"
expect "RuntimeDirectory= with RootImage=: writable" "write /run/$RUND=OK"
expect "ProtectSystem=strict: the rest of the image read-only" "write /etc=EROFS"
expect "StateDirectory= with RootImage=: it is the host's /var/lib/$SD" "stat /var/lib/$SD/host-marker=reg*"
RDIR=$I/rootdir
cp -a "$I/tree" "$RDIR"
unit dirs2 "RootDirectory=$RDIR" "StateDirectory=$SD" "ProtectSystem=strict" \
        "ExecStart=/bin/probe write /var/lib/$SD"
cordon_run "$T/dirs2.service"
expect "StateDirectory= with RootDirectory=: bound in too" "write /var/lib/$SD=OK"
rm -rf "/var/lib/$SD" "$RDIR"
expect_clean "$EXT4" "exec directories"

# RootDirectory= and RootImage= together: the image is mounted on the RootDirectory= path (in
# the run's namespace only; the host directory stays empty).
RDI=$I/rd-image
mkdir -p "$RDI"
unit rdimg "RootDirectory=$RDI" "RootImage=$EXT4" "ExecStart=/bin/probe stat /etc/marker"
cordon_run "$T/rdimg.service"
expect "RootDirectory= + RootImage=: the image is the root" "stat /etc/marker=reg*"
if [ -z "$(ls -A "$RDI")" ]; then ok "RootDirectory= + RootImage=: host directory untouched"; else not_ok "RootDirectory= + RootImage=: $(ls -A "$RDI")"; fi
expect_clean "$EXT4" "RootDirectory= + RootImage="

# The commands of one run share the loop devices (one superblock): ExecStartPost= while the
# main process runs, on a writable image.
unit post "RootImage=$EXT4" "Type=simple" "ExecStart=/bin/probe sleep 2" \
        "ExecStartPost=/bin/probe write /etc stat /etc/marker"
cordon_run "$T/post.service"
expect_rc "ExecStartPost= while ExecStart= runs on a writable image: ran" 0
expect "ExecStartPost=: the same (writable) image" "write /etc=OK"
expect_clean "$EXT4" "commands sharing the image"

# One file system is never mounted writable twice (two loop devices would corrupt it):
# a writable run locks the image, a second run is refused; read-only runs share it.
unit lockw "RootImage=$EXT4" "ExecStart=/bin/probe sleep 30"
"$CORDON" run "$T/lockw.service" >/dev/null 2>&1 &
CORDON_PIDS=$!
i=0
until [ -n "$(losetup -j "$EXT4")" ] || [ $i -ge 300 ]; do
        sleep 0.1
        i=$((i + 1))
done
unit lockr "RootImage=$EXT4" "RootImageOptions=ro" "ExecStart=/bin/probe stat /etc/marker"
cordon_run "$T/lockr.service"
expect_rc "image mounted writable elsewhere: a second run is refused (226)" 226
expect_err "image mounted writable elsewhere: says why" "in use by another run"
kill -9 "$CORDON_PIDS"
wait "$CORDON_PIDS" 2>/dev/null
CORDON_PIDS=
expect_clean "$EXT4" "after the writable run"
unit lockr2 "RootImage=$EXT4" "RootImageOptions=ro" "ExecStart=/bin/probe sleep 30"
"$CORDON" run "$T/lockr2.service" >/dev/null 2>&1 &
CORDON_PIDS=$!
i=0
until [ -n "$(losetup -j "$EXT4")" ] || [ $i -ge 300 ]; do
        sleep 0.1
        i=$((i + 1))
done
cordon_run "$T/lockr.service"
expect "read-only runs share the image" "stat /etc/marker=reg*"
unit lockw2 "RootImage=$EXT4" "ExecStart=/bin/probe stat /etc/marker"
cordon_run "$T/lockw2.service"
expect_rc "a writable run while a read-only one holds the image: refused (226)" 226
kill -9 "$CORDON_PIDS"
wait "$CORDON_PIDS" 2>/dev/null
CORDON_PIDS=
expect_clean "$EXT4" "after the shared read-only runs"
cordon_run "$T/lockw2.service"
expect "the lock goes with the mounts: a writable run works again" "stat /etc/marker=reg*"

# Crash of the service.
unit ext4crash "RootImage=$EXT4" "ExecStart=/bin/probe crash"
cordon_run "$T/ext4crash.service"
expect_rc "service crash: 128+SIGABRT" 134
expect_clean "$EXT4" "after the service crashed"

# SIGKILL of cordon while the image is mounted and the service runs.
unit ext4kill "RootImage=$EXT4" "ExecStart=/bin/probe sleep 60"
"$CORDON" run "$T/ext4kill.service" >/dev/null 2>&1 &
CORDON_PIDS=$!
i=0
until [ -n "$(losetup -j "$EXT4")" ] || [ $i -ge 300 ]; do
        sleep 0.1
        i=$((i + 1))
done
if [ -n "$(losetup -j "$EXT4")" ]; then
        ok "SIGKILL: the image was attached while the service ran"
else
        not_ok "SIGKILL: the image never got attached"
fi
sleep 0.5
kill -9 "$CORDON_PIDS"
wait "$CORDON_PIDS" 2>/dev/null
CORDON_PIDS=
expect_clean "$EXT4" "after SIGKILL of cordon"

# SIGKILL of cordon while the child is stopped right after mounting the image (fault hook).
CORDON_TEST_STOP_AT_STEP=mount "$CORDON" run "$T/ext4.service" >/dev/null 2>&1 &
CORDON_PIDS=$!
i=0
until [ -n "$(losetup -j "$EXT4")" ] || [ $i -ge 300 ]; do
        sleep 0.1
        i=$((i + 1))
done
sleep 0.5
kill -9 "$CORDON_PIDS"
wait "$CORDON_PIDS" 2>/dev/null
CORDON_PIDS=
expect_clean "$EXT4" "after SIGKILL of cordon between the image and the other mounts"
if [ "$(md5sum <"$EXT4")" != "$SUM" ]; then
        ok "the writable runs wrote to the image (as under systemd)"
else
        not_ok "the image was not written although nothing asked for read-only"
fi

# ---------------------------------------------------------------- squashfs
if command -v mksquashfs >/dev/null; then
        SQ=$I/root.squashfs
        mksquashfs "$I/tree" "$SQ" -quiet -noappend >/dev/null
        unit sq "RootImage=$SQ" "ExecStart=/bin/probe ls /etc write /etc"
        cordon_run "$T/sq.service"
        expect "squashfs: the image's files" "ls /etc=marker:reg"
        expect "squashfs: read-only by nature" "write /etc=EROFS"
        expect_clean "$SQ" "squashfs"
else
        skip "squashfs image" "mksquashfs (squashfs-tools) not installed"
fi

# ---------------------------------------------------------------- GPT disks
if command -v sfdisk >/dev/null; then
        case "$(uname -m)" in
        x86_64) ROOT_TYPE=4f68bce3-e8cd-4db1-96e7-fbcaf984b709 USR_TYPE=8484680c-9521-48c6-9c11-b0720656f69e ;;
        aarch64) ROOT_TYPE=b921b045-1df0-41c3-af44-4c6f280d3fae USR_TYPE=b0e01050-ee5f-4390-949a-9101b17104e9 ;;
        *) ROOT_TYPE=0fc63daf-8483-4772-8e79-3d69d8477de4 USR_TYPE= ;;
        esac
        # gpt_disk FILE ROOT-ATTRS: root at 1 MiB (24 MiB), /usr at 25 MiB (8 MiB), ext4 both.
        gpt_disk() {
                truncate -s 40M "$1"
                {
                        echo "label: gpt"
                        echo "start=2048, size=49152, type=$ROOT_TYPE, name=\"root-1\"${2:+, attrs=\"$2\"}"
                        [ -n "$USR_TYPE" ] && echo "start=51200, size=16384, type=$USR_TYPE, name=\"usr-1\""
                } | sfdisk -q "$1" >/dev/null
                mkfs.ext4 -q -F -d "$I/tree" -E offset=1048576 "$1" 24M
                [ -n "$USR_TYPE" ] && mkfs.ext4 -q -F -d "$I/usrtree" -E offset=26214400 "$1" 8M
        }
        GPT=$I/disk.raw
        gpt_disk "$GPT" ""
        unit gpt "RootImage=$GPT" \
                "ExecStart=/bin/probe ls /etc ls /usr/share write /etc stat / stat /usr"
        cordon_run "$T/gpt.service"
        expect_rc "GPT: the service ran" 0
        expect "GPT: root partition at /" "ls /etc=marker:reg"
        if [ -n "$USR_TYPE" ]; then
                expect "GPT: /usr partition at /usr" "ls /usr/share=marker:reg"
                d1=$(field 'stat /=' | sed 's/.* dev=\([0-9]*\).*/\1/')
                d2=$(field 'stat /usr=' | sed 's/.* dev=\([0-9]*\).*/\1/')
                if [ -n "$d1" ] && [ "$d1" != "$d2" ]; then ok "GPT: / and /usr are two file systems"; else not_ok "GPT: dev $d1 vs $d2"; fi
        fi
        expect "GPT: root writable (no read-only flag)" "write /etc=OK"
        expect_clean "$GPT" "GPT"

        GPTRO=$I/disk-ro.raw
        gpt_disk "$GPTRO" "GUID:60"
        unit gptro "RootImage=$GPTRO" "ExecStart=/bin/probe ls /etc write /etc"
        cordon_run "$T/gptro.service"
        expect "GPT read-only flag (bit 60): readable" "ls /etc=marker:reg"
        expect "GPT read-only flag (bit 60): mounted read-only" "write /etc=EROFS"
        expect_clean "$GPTRO" "GPT read-only"

        # Corrupt header: flip a byte of the disk GUID (covered by the header CRC).
        BAD=$I/bad.raw
        gpt_disk "$BAD" ""
        printf '\377' | dd of="$BAD" bs=1 seek=$((512 + 60)) conv=notrunc 2>/dev/null
        unit bad "RootImage=$BAD" "ExecStart=/bin/probe stat /"
        cordon_run "$T/bad.service"
        expect_rc "corrupt GPT: exit 226 (NAMESPACE)" 226
        expect_err "corrupt GPT: names RootImage= at file:line" "RootImage= at $T/bad.service:2"
        expect_err "corrupt GPT: says why" "Bad message"
        expect_clean "$BAD" "corrupt GPT"

        # A DOS (MBR) table: the single bootable Linux partition is the root (systemd 252).
        MBR=$I/mbr.raw
        truncate -s 24M "$MBR"
        printf 'label: dos\nstart=2048, size=32768, type=83, bootable\n' | sfdisk -q "$MBR" >/dev/null
        mkfs.ext4 -q -F -d "$I/tree" -E offset=1048576 "$MBR" 16M
        unit mbr "RootImage=$MBR" "ExecStart=/bin/probe stat /etc/marker stat /"
        cordon_run "$T/mbr.service"
        expect "MBR: the bootable Linux partition is the root" "stat /etc/marker=reg*"
        expect_clean "$MBR" "MBR"

        NOROOT=$I/noroot.raw
        truncate -s 8M "$NOROOT"
        echo 'label: gpt
start=2048, size=8192, type=933ac7e1-2eb4-4f13-b844-0e14e2aef915' | sfdisk -q "$NOROOT" >/dev/null
        unit noroot "RootImage=$NOROOT" "ExecStart=/bin/probe stat /"
        cordon_run "$T/noroot.service"
        expect_rc "GPT without a root partition: exit 226" 226
        expect_err "GPT without a root partition: names RootImage= at file:line" "RootImage= at $T/noroot.service:2"
else
        skip "GPT images" "sfdisk (util-linux fdisk) not installed"
fi

# ---------------------------------------------------------------- refusals
unit missing "RootImage=$I/does-not-exist.raw" "ExecStart=/bin/probe stat /"
cordon_run "$T/missing.service"
expect_rc "missing image: exit 226" 226
expect_err "missing image: names RootImage= at file:line" "RootImage= at $T/missing.service:2"

unit hash "RootImage=$EXT4" "RootHash=0123456789abcdef0123456789abcdef" "ExecStart=/bin/probe stat /"
cordon_run "$T/hash.service"
if [ "$RC" != 0 ] && [ -z "$OUT" ]; then ok "RootHash=: refused, nothing ran"; else not_ok "RootHash=: rc=$RC out=$OUT"; fi
expect_err "RootHash=: file:line" "hash.service:3"

unit pu "RootImage=$EXT4" "PrivateUsers=yes" "ExecStart=/bin/probe stat /"
cordon_run "$T/pu.service"
if [ "$RC" != 0 ] && [ -z "$OUT" ]; then ok "PrivateUsers= + RootImage=: refused before running"; else not_ok "PrivateUsers=: rc=$RC out=$OUT"; fi
expect_err "PrivateUsers= + RootImage=: file:line" "pu.service:3"

OUT=$("$CORDON" run --dry-run --mode=rootless "$T/ext4.service" 2>"$T/stderr")
RC=$?
if [ "$RC" != 0 ]; then ok "rootless: refused"; else not_ok "rootless: accepted"; fi
expect_err "rootless: says why, with file:line" "ext4.service:2"
expect_err "rootless: loop devices need root" "only root can attach"

MOUNTS_AFTER=$(wc -l </proc/self/mountinfo)
if [ "$MOUNTS_BEFORE" = "$MOUNTS_AFTER" ]; then ok "mount table unchanged"; else not_ok "mount table: $MOUNTS_BEFORE -> $MOUNTS_AFTER lines"; fi

echo "1..$N"
exit $FAILED
