#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Differential test of `cordon analyze security` against the local `systemd-analyze security
--offline=true` (a developer tool, not part of `make check`: it needs systemd 252 installed).

Generates random service units from a pool of security-relevant assignments, analyses them with
both tools in one invocation each, and reports every unit whose text table, overall line or
--json=short output differs.  Usage: differential.py CORDON [COUNT] [SEED]
Failing units are kept in ./differential-failures/ for inspection. Environment: POLICY=1 adds a
random --security-policy, DIFF_LANG=C checks the ASCII rendering, DIFF_JSON=pretty the pretty JSON,
DIFF_USER=1 analyses with --user, WILD=1 adds odd spellings that exercise the value parsers."""
import os
import random
import shutil
import subprocess
import sys
import tempfile

POOL = {
    "User": ["root", "nobody", "foo", "0", "", "daemon"],
    "DynamicUser": ["yes", "no"],
    "SupplementaryGroups": ["adm", "", "adm audio"],
    "PrivateDevices": ["yes", "no"],
    "PrivateMounts": ["yes"],
    "PrivateNetwork": ["yes"],
    "PrivateTmp": ["yes", "no"],
    "PrivateUsers": ["yes"],
    "ProtectControlGroups": ["yes"],
    "ProtectKernelModules": ["yes"],
    "ProtectKernelTunables": ["yes"],
    "ProtectKernelLogs": ["yes"],
    "ProtectClock": ["yes"],
    "ProtectHome": ["yes", "read-only", "tmpfs", "no"],
    "ProtectHostname": ["yes"],
    "ProtectSystem": ["yes", "full", "strict", "no"],
    "RootDirectory": ["/srv/root", "/", ""],
    "RootImage": ["/srv/img.raw"],
    "LockPersonality": ["yes"],
    "MemoryDenyWriteExecute": ["yes"],
    "NoNewPrivileges": ["yes", "no"],
    "CapabilityBoundingSet": ["CAP_NET_BIND_SERVICE", "~CAP_SYS_ADMIN", "", "~CAP_SYS_ADMIN CAP_SETUID",
                              "CAP_CHOWN CAP_DAC_OVERRIDE", "~CAP_BPF CAP_SYS_PTRACE"],
    "AmbientCapabilities": ["CAP_NET_RAW", ""],
    "UMask": ["0077", "0027", "0002", "0000", "0022", "0007", "0070"],
    "KeyringMode": ["shared", "inherit", "private"],
    "ProtectProc": ["invisible", "noaccess", "ptraceable", "default"],
    "ProcSubset": ["pid", "all"],
    "NotifyAccess": ["all", "main", "none", "exec"],
    "Type": ["notify", "simple", "forking", "exec", "dbus"],
    "RemoveIPC": ["yes"],
    "Delegate": ["yes", "no", "cpu memory"],
    "RestrictRealtime": ["yes"],
    "RestrictSUIDSGID": ["yes"],
    "RestrictNamespaces": ["yes", "no", "net", "~net", "~user mnt", "cgroup ipc", "~"],
    "RestrictAddressFamilies": ["AF_UNIX", "~AF_INET", "none", "AF_INET AF_INET6", "AF_PACKET",
                                "AF_VSOCK AF_UNIX", "~AF_NETLINK AF_PACKET", "~AF_VSOCK"],
    "SystemCallArchitectures": ["native", "native x86", "x86-64", "native native"],
    "SystemCallFilter": ["@system-service", "~@mount", "@basic-io @file-system", "~@privileged @resources",
                         "@system-service\nSystemCallFilter=~@resources", "chown:EPERM", "@default",
                         "~@swap @reboot", "@system-service @mount", "~@clock:EPERM", "~@debug @obsolete @cpu-emulation",
                         "@system-service\nSystemCallFilter=~@privileged @resources"],
    "SystemCallErrorNumber": ["EPERM"],
    "IPAddressDeny": ["any", "0.0.0.0/0", "::/0", "10.0.0.0/8"],
    "IPAddressAllow": ["localhost", "10.0.0.0/8", "::1", "127.0.0.1", "any", "link-local"],
    "IPIngressFilterPath": ["/sys/fs/bpf/x"],
    "DevicePolicy": ["closed", "strict", "auto"],
    "DeviceAllow": ["/dev/null rw", "char-rtc r", "/dev/sda rwm", "", "block-loop rwm", "/dev/null"],
    "ProtectKernelTunables": ["yes", "no"],
    "PAMName": ["login"],
    "KillMode": ["process", "mixed", "none"],
    "RemainAfterExit": ["yes"],
    "Restart": ["always", "on-success", "on-failure"],
    "BusName": ["org.example.Foo"],
    "ExecStart": ["/bin/false", "-/bin/sh -c true", "+/bin/id", "", "true"],
    "ExecStop": ["/bin/true"],
    "SystemCallLog": ["@mount"],
    "Group": ["adm"],
    "TemporaryFileSystem": ["/var"],
    "IPAddressAllow ": ["192.168.0.0/16 ::1", "localhost link-local"],
}

# Spellings that exercise the value parsers (booleans, octal, lower case, resets, odd lists).
WILD = {
    "ProtectSystem": ["true", "on", "1", "false", "off", "0", "Strict", ""],
    "PrivateTmp": ["1", "true", "off", ""],
    "DynamicUser": ["true", "1", "off"],
    "UMask": ["27", "077", "0o77", "7777", "0277", ""],
    "CapabilityBoundingSet": ["cap_sys_admin", "~", "CAP_SYS_ADMIN\nCapabilityBoundingSet=", "~CAP_SYS_ADMIN\nCapabilityBoundingSet=CAP_CHOWN",
                              "CAP_BOGUS CAP_CHOWN", "~CAP_SYS_ADMIN ~CAP_CHOWN"],
    "RestrictNamespaces": ["~", "true", "false", "user\nRestrictNamespaces=~net", "~user\nRestrictNamespaces=net", "cgroup bogus"],
    "SystemCallFilter": ["", "@known", "~@known", "@system-service\nSystemCallFilter=", "~@mount\nSystemCallFilter=@mount",
                         "@bogus-group", "read write\nSystemCallFilter=~read", "~@privileged:EACCES", "@default\nSystemCallFilter=@clock"],
    "RestrictAddressFamilies": ["", "AF_UNIX\nRestrictAddressFamilies=", "~AF_INET\nRestrictAddressFamilies=AF_INET", "af_unix", "AF_BOGUS AF_UNIX", "none\nRestrictAddressFamilies=AF_UNIX"],
    "IPAddressDeny": ["any\nIPAddressDeny=", "localhost", "0.0.0.0/0 ::/0", "any link-local"],
    "IPAddressAllow": ["", "127.0.0.0/8", "::1/128", "localhost\nIPAddressAllow="],
    "SystemCallArchitectures": ["", "native\nSystemCallArchitectures=", "bogus native"],
    "DeviceAllow": ["char-* rw", "/dev/null rw\nDeviceAllow=", "block-* r", "/dev/zero", "/dev/sda r\nDeviceAllow=/dev/sda w"],
    "DevicePolicy": ["closed\nDevicePolicy=", "bogus"],
    "NotifyAccess": ["all\nNotifyAccess=", "bogus"],
    "KeyringMode": ["bogus", ""],
    "User": ["0", "65534", "nobody\nUser=", "root\nDynamicUser=yes"],
    "SupplementaryGroups": ["adm\nSupplementaryGroups=", "bad!group"],
    "AmbientCapabilities": ["CAP_NET_RAW\nAmbientCapabilities=", "~CAP_NET_RAW", "cap_net_raw"],
    "ProtectHome": ["true", "Read-Only", ""],
    "ProtectProc": ["bogus", ""],
    "ProcSubset": ["bogus", ""],
    "Delegate": ["", "bogus", "cpu bogus"],
    "RootDirectory": ["relative/dir", "/srv/x\nRootDirectory="],
}

# (json_field, built-in range) of a few checks, for random policies
POLICY_FIELDS = [("PrivateNetwork", 1), ("UMask", 10), ("UserOrDynamicUser", 10), ("ProtectSystem", 10),
                 ("CapabilityBoundingSet_CAP_NET_BIND_SERVICE_BROADCAST_RAW)", 1), ("SystemCallFilter_swap", 10),
                 ("ProtectProc", 3), ("DeviceAllow", 10), ("KeyringMode", 1), ("RemoveIPC", 1),
                 ("PrivateTmp", 1), ("IPAddressDeny", 10)]


def make_policy(rng):
    import json
    pol = {}
    for field, rng_builtin in rng.sample(POLICY_FIELDS, rng.randint(1, 5)):
        item = {}
        if rng.random() < 0.5:
            item["weight"] = rng.choice([0, 1, 50, 5000])
        if rng.random() < 0.4:
            item["range"] = rng_builtin * rng.choice([1, 2, 3])
        for d in ("description_good", "description_bad", "description_na"):
            if rng.random() < 0.3:
                item[d] = rng.choice(["custom text", "Zzz last", "aaa first", "with \"quotes\" and ünïcode"])
        pol[field] = item
    if rng.random() < 0.2:
        pol["Bogus"] = {"weight": 5}
    return json.dumps(pol)


def make_unit(rng):
    lines = ["[Unit]", "Description=differential " + "x" * rng.choice([0, 0, 80])]
    if rng.random() < 0.1:
        lines.append("DefaultDependencies=no")
    lines += ["[Service]", "ExecStart=/bin/true"]
    keys = rng.sample(sorted(POOL), rng.randint(0, 18))
    if os.environ.get("WILD") == "1":
        for k in rng.sample(sorted(WILD), rng.randint(1, 6)):
            lines.append(f"{k}={rng.choice(WILD[k])}")
    for k in keys:
        k = k.strip()
        if k == "Type" and rng.random() < 0.5:
            continue
        lines.append(f"{k}={rng.choice(POOL[k])}")
    return "\n".join(lines) + "\n"


def run(cmd, cwd, json=False):
    env = dict(os.environ, LANG=os.environ.get("DIFF_LANG", "C.UTF-8"), TERM="xterm",
               SYSTEMD_COLORS="0", NO_COLOR="1")
    jflag = "--json=" + os.environ.get("DIFF_JSON", "short")
    p = subprocess.run(cmd + ([jflag] if json else []), cwd=cwd, env=env,
                       capture_output=True, text=True)
    return p.stdout


def split_tables(text):
    out, cur = [], []
    for line in text.splitlines(keepends=True):
        cur.append(line)
        if "Overall exposure level for" in line:
            out.append("".join(cur))
            cur = []
    return out


def keyed(text, json_text):
    """unit name -> (text table, JSON array); JSON arrays come in the same order as tables."""
    tables = split_tables(text)
    jl = [a + "]" for a in json_text.split("\n]")[:-1]] if "\n]" in json_text else json_text.splitlines()
    out = {}
    for i, t in enumerate(tables):
        name = t.strip().splitlines()[-1].split(" for ", 1)[1].rsplit(":", 1)[0]
        out[name] = (t, jl[i] if i < len(jl) else "")
    return out


def main():
    cordon = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    if not shutil.which("systemd-analyze"):
        print("SKIP: systemd-analyze not installed")
        return 77
    d = tempfile.mkdtemp()
    names = []
    for i in range(count):
        n = f"d{i:04d}@.service" if rng.random() < 0.2 else f"d{i:04d}.service"
        with open(os.path.join(d, n), "w") as f:
            f.write(make_unit(rng).replace("ExecStart=/bin/true", rng.choice(
                ["ExecStart=/bin/true", "ExecStart=/bin/echo %i %n %p"] +
                (["ExecStart=/bin/true\nUser=%i"] if "@" in n else []))))
        if rng.random() < 0.25:
            os.makedirs(os.path.join(d, n + ".d"))
            for k in range(rng.randint(1, 2)):
                body = make_unit(rng).split("[Service]\nExecStart=/bin/true\n", 1)[1]
                with open(os.path.join(d, n + ".d", f"{k}-x.conf"), "w") as f:
                    f.write("[Service]\n" + body)
        names.append("./" + n)
    base = ["security", "--offline=true", "--no-pager"]
    if os.environ.get("DIFF_USER") == "1":
        base.append("--user")
        os.environ.setdefault("XDG_RUNTIME_DIR", d)  # systemd's user manager needs one
    if os.environ.get("POLICY") == "1":
        with open(os.path.join(d, "policy.json"), "w") as f:
            f.write(make_policy(rng))
        base.append("--security-policy=policy.json")
    ref = keyed(run(["systemd-analyze"] + base + names, d),
                run(["systemd-analyze"] + base + names, d, json=True))
    got = keyed(run([cordon, "analyze"] + base + names, d),
                run([cordon, "analyze"] + base + names, d, json=True))
    bad = 0
    keep = "differential-failures"
    import difflib
    for name in sorted(set(ref) | set(got)):
        r, rj = ref.get(name, ("", ""))
        g, gj = got.get(name, ("", ""))
        if r == g and rj == gj:
            continue
        bad += 1
        os.makedirs(keep, exist_ok=True)
        unit = name.replace("@i.service", "@.service")
        src = os.path.join(d, unit)
        if os.path.exists(src):
            shutil.copy(src, keep)
        if os.path.isdir(src + ".d"):
            shutil.copytree(src + ".d", os.path.join(keep, unit + ".d"), dirs_exist_ok=True)
        with open(os.path.join(keep, unit + ".diff"), "w") as f:
            f.writelines(difflib.unified_diff(r.splitlines(True), g.splitlines(True), "systemd", "cordon"))
            if rj != gj:
                f.write("JSON differs\n")
    missing = sorted(set(ref) ^ set(got))
    if missing:
        print("analysed by only one tool:", " ".join(missing))
    print(f"differential: {count} units, {len(ref)} reference tables, {bad} differ")
    shutil.rmtree(d)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
