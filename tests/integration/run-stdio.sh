#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# cordon run StandardInput=/StandardOutput=/StandardError= (TAP): file: (no truncation),
# append: (twice, shared by ExecStartPre= and ExecStart=), truncate:, null, inherit, data; stdin
# passes through when StandardInput= is not set
# (StandardInputText=), tty on a pty (controlling terminal), an AF_UNIX socket path, the mode
# 0666 & ~UMask=, journal keeping cordon's own stdout, the refusals of socket and fd:NAME (78,
# file:line) and open failures (208 STDIN, 209 STDOUT, 222 STDERR). Root. Usage: run-stdio.sh CORDON
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
contains() { # contains NAME FILE STRING
        if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1: '$3' not in $(cat "$2")"; fi
}
[ "$(id -u)" = 0 ] || skip_all "needs root"

# Below /var/lib: the tree may live in /tmp, which PrivateTmp= would hide.
D=$(mktemp -d /var/lib/cordon-it-stdio.XXXXXX)
chmod 755 "$D"
SRV=
cleanup() {
        [ -n "$SRV" ] && kill "$SRV" 2>/dev/null
        rm -rf "$D"
}
trap cleanup EXIT
unit() { # unit NAME LINE... : a Type=oneshot service file in $D
        local name=$1
        shift
        { echo "[Service]"; echo "Type=oneshot"; printf '%s\n' "$@"; } >"$D/$name.service"
}
run() { # run NAME: cordon run; cordon's own output in $D/NAME.out and .err; sets rc
        env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 120 "$CORDON" run "$D/$1.service" \
                >"$D/$1.out" 2>"$D/$1.err" </dev/null
        rc=$?
}

# ---------------------------------------------------------------- file:, append:, truncate:
printf 'XXXXXXXXXX\n' >"$D/file.log"
unit file "StandardOutput=file:$D/file.log" "ExecStart=/bin/echo abc"
run file
check "file: exit status" "$rc" 0
check "file: written from the start, not truncated" "$(cat "$D/file.log")" "$(printf 'abc\nXXXXXX')"
check "file: nothing on cordon's stdout" "$(cat "$D/file.out")" ""

unit append "StandardOutput=append:$D/append.log" "StandardError=append:$D/append.log" \
        "ExecStartPre=/bin/sh -c 'echo pre; echo pre-err >&2'" \
        "ExecStart=/bin/sh -c 'echo main; echo main-err >&2'"
run append
run append
check "append: twice, ExecStartPre= and ExecStart= in order, stderr in the same file" \
        "$(cat "$D/append.log" | tr '\n' ' ')" "pre pre-err main main-err pre pre-err main main-err "
check "append: exit status" "$rc" 0

printf 'old content that is long\n' >"$D/trunc.log"
unit trunc "StandardOutput=truncate:$D/trunc.log" "ExecStart=/bin/echo new"
run trunc
check "truncate: old content gone" "$(cat "$D/trunc.log")" "new"

unit umask "UMask=0077" "StandardOutput=file:$D/umask.log" "ExecStart=/bin/echo x"
run umask
check "file: created with 0666 & ~UMask=" "$(stat -c %a "$D/umask.log")" "600"

# ---------------------------------------------------------------- stdin: passed through unless set
# Issue #4: cordon run's stdio passes through; an explicit StandardInput=null is systemd's null.
unit pass "ExecStart=/bin/cat"
echo piped-in | env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 120 "$CORDON" run "$D/pass.service" >"$D/pass.out" 2>&1
check "StandardInput= not set: cordon's stdin reaches the service" "$(cat "$D/pass.out")" "piped-in"
unit pnull "StandardInput=null" "ExecStart=/bin/cat"
echo piped-in | env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 120 "$CORDON" run "$D/pnull.service" >"$D/pnull.out" 2>&1
check "StandardInput=null: the service reads /dev/null" "$(cat "$D/pnull.out")" ""

# ---------------------------------------------------------------- null, inherit, journal
unit null "StandardOutput=null" "StandardError=null" "ExecStart=/bin/sh -c 'echo out; echo err >&2'"
run null
check "null: nothing on cordon's stdout" "$(cat "$D/null.out")" ""
check "null: nothing on cordon's stderr" "$(cat "$D/null.err")" ""

unit inherit "StandardOutput=file:$D/inherit.log" "StandardError=inherit" \
        "ExecStart=/bin/sh -c 'echo out; echo err >&2'"
run inherit
check "StandardError=inherit: stderr goes where stdout goes" \
        "$(cat "$D/inherit.log" | tr '\n' ' ')" "out err "

unit journal "ExecStart=/bin/sh -c 'echo to-journal'"
run journal
check "journal (the default): cordon's own stdout" "$(cat "$D/journal.out")" "to-journal"

# ---------------------------------------------------------------- input: file:, data
printf 'line one\nline two\n' >"$D/in.txt"
unit infile "StandardInput=file:$D/in.txt" "StandardOutput=file:$D/infile.log" "ExecStart=/bin/cat"
run infile
check "StandardInput=file: read" "$(cat "$D/infile.log")" "$(printf 'line one\nline two')"

printf 'hello' >"$D/rw.txt"
unit rw "StandardInput=file:$D/rw.txt" "StandardOutput=file:$D/rw.txt" \
        "ExecStart=/bin/sh -c 'head -c 5 >/dev/null; echo -world'"
run rw
check "the same file: as input and output shares one read-write descriptor" \
        "$(cat "$D/rw.txt")" "hello-world"

unit data "StandardInput=data" "StandardInputText=first line" "StandardInputText=second" \
        "StandardOutput=append:$D/data.log" "ExecStartPre=/bin/cat" "ExecStart=/bin/cat"
run data
check "StandardInput=data: each command reads the StandardInputText= lines" \
        "$(cat "$D/data.log" | tr '\n' ' ')" "first line second first line second "

unit b64 "StandardInput=data" "StandardInputData=aGVsbG8K" "StandardInputData=d29ybGQK" \
        "StandardOutput=file:$D/b64.log" "ExecStart=/bin/cat"
run b64
check "StandardInputData=: the decoded bytes, values concatenated" \
        "$(cat "$D/b64.log" | tr '\n' ' ')" "hello world "

unit both "StandardInput=data" "StandardInputText=x" "StandardInputData=aGVsbG8K" "ExecStart=/bin/cat"
run both
check "StandardInputText= with StandardInputData= refused: status 78" "$rc" 78

# ---------------------------------------------------------------- tty on a pty
if command -v python3 >/dev/null; then
        cat >"$D/pty.py" <<'EOF'
import os, subprocess, sys, select
m, s = os.openpty()
name = os.ttyname(s)
unit = sys.argv[2] + "/tty.service"
with open(unit, "w") as f:
    f.write("[Service]\nType=oneshot\nStandardInput=tty\nStandardOutput=tty\nTTYPath=%s\n" % name)
    f.write("ExecStart=/bin/sh -c 'tty; echo ctty-ok </dev/tty >/dev/tty'\n")
os.close(s)
p = subprocess.run([sys.argv[1], "run", unit], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
out = b""
while select.select([m], [], [], 1)[0]:
    try:
        b = os.read(m, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
print(p.returncode)
print(name)
print(out.decode(errors="replace").replace("\r", ""), end="")
EOF
        python3 "$D/pty.py" "$CORDON" "$D" >"$D/pty.res" 2>&1
        check "tty: exit status" "$(sed -n 1p "$D/pty.res")" 0
        check "tty: stdin is TTYPath=" "$(sed -n 3p "$D/pty.res")" "$(sed -n 2p "$D/pty.res")"
        check "tty: TTYPath= is the controlling terminal" "$(sed -n 4p "$D/pty.res")" "ctty-ok"
else
        skip "tty on a pty" "python3 missing"
fi

# tty-fail fails on a terminal another session controls; tty-force steals it
if command -v python3 >/dev/null; then
        cat >"$D/steal.py" <<'EOF'
import fcntl, os, subprocess, sys, termios, time
m, s = os.openpty()
name = os.ttyname(s)
pid = os.fork()
if pid == 0:  # another session whose controlling terminal it is
    os.setsid()
    fcntl.ioctl(s, termios.TIOCSCTTY, 0)
    time.sleep(120)
    os._exit(0)
for _ in range(200):  # field 7 of /proc/PID/stat: the controlling terminal
    if open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[4] != "0":
        break
    time.sleep(0.05)
res = []
for mode in ("tty-fail", "tty-force"):
    unit = "%s/%s.service" % (sys.argv[2], mode)
    with open(unit, "w") as f:
        f.write("[Service]\nType=oneshot\nStandardInput=%s\nTTYPath=%s\n" % (mode, name))
        f.write("StandardOutput=null\nExecStart=/bin/true\n")
    res.append(str(subprocess.run([sys.argv[1], "run", unit], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  timeout=120).returncode))
os.kill(pid, 9)
os.waitpid(pid, 0)
print(" ".join(res))
EOF
        check "tty-fail on another session's terminal: 208; tty-force steals it: 0" \
                "$(python3 "$D/steal.py" "$CORDON" "$D" 2>&1)" "208 0"
else
        skip "tty-fail/tty-force" "python3 missing"
fi

# ---------------------------------------------------------------- an AF_UNIX socket path
if command -v python3 >/dev/null; then
        cat >"$D/srv.py" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1]); s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept()
data = b""
while True:
    b = c.recv(4096)
    if not b:
        break
    data += b
open(sys.argv[2], "wb").write(data)
EOF
        python3 "$D/srv.py" "$D/sock" "$D/sock.got" &
        SRV=$!
        for _ in $(seq 100); do [ -e "$D/sock.ready" ] && break; sleep 0.1; done
        unit sock "StandardOutput=file:$D/sock" "ExecStart=/bin/echo via-socket"
        run sock
        wait "$SRV"
        SRV=
        check "file: naming an AF_UNIX socket connects to it" "$(cat "$D/sock.got" 2>/dev/null)" \
                "via-socket"
else
        skip "AF_UNIX socket path" "python3 missing"
fi

# ---------------------------------------------------------------- refusals and failures
unit refsock "StandardOutput=socket" "ExecStart=/bin/true"
run refsock
check "StandardOutput=socket refused: status 78" "$rc" 78
contains "StandardOutput=socket refused with file:line" "$D/refsock.err" "refsock.service:3"

unit reffd "StandardInput=fd:foo" "ExecStart=/bin/true"
run reffd
check "StandardInput=fd:NAME refused: status 78" "$rc" 78
contains "StandardInput=fd:NAME refused with file:line" "$D/reffd.err" "reffd.service:3"

unit badout "StandardOutput=file:$D/missing-dir/x.log" "ExecStart=/bin/true"
run badout
check "StandardOutput= file that cannot be opened: status 209 (STDOUT)" "$rc" 209
contains "the failure names the stdio step" "$D/badout.err" "'stdio'"

unit badin "StandardInput=file:$D/missing-input" "ExecStart=/bin/true"
run badin
check "StandardInput= file missing: status 208 (STDIN)" "$rc" 208

unit baderr "StandardError=truncate:$D/missing-dir/e.log" "ExecStart=/bin/true"
run baderr
check "StandardError= file that cannot be opened: status 222 (STDERR)" "$rc" 222

# ---------------------------------------------------------------- --dry-run
"$CORDON" run --dry-run "$D/append.service" >"$D/dry.out" 2>&1
contains "--dry-run shows StandardOutput= with file:line" "$D/dry.out" \
        "stdout append:$D/append.log  # at append.service:3"
"$CORDON" run --dry-run "$D/refsock.service" >"$D/dry2.out" 2>&1
contains "--dry-run shows the socket refusal" "$D/dry2.out" \
        "stdout socket (refused: needs socket activation)  # at refsock.service:3"

echo "1..$n"
[ "$fails" = 0 ]
