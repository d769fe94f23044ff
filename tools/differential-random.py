#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Differential check of `cordon analyze security` against this machine's systemd-analyze 252 on
randomly combined sandbox settings (merge-rule traps included).

Usage: tools/differential-random.py [--seed N] [--count N] [--cordon build/src/cli/cordon]
Prints one line per unit whose --json=short output or exit code differs, and a summary.
Needs systemd-analyze (version 252) in PATH. A development tool, not a test.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

OPTS = {
    'SystemCallFilter': ['@system-service', '~@privileged @resources', '~@mount', '@clock', '',
                         '~@swap:EPERM', '~@debug @obsolete', '@basic-io @file-system',
                         '~@privileged:kill', 'ptrace', '~@reboot @module @raw-io @cpu-emulation',
                         '@known', '~@known', '~@mount:EPERM', '@system-service @mount',
                         '~read:0', '@clock:EPERM', '~@swap @privileged', '@aio @chown',
                         '~@clock:kill'],
    'CapabilityBoundingSet': ['', '~', 'CAP_NET_BIND_SERVICE', '~CAP_SYS_ADMIN', 'CAP_KILL',
                              'CAP_SYS_ADMIN CAP_SYS_PTRACE', '~CAP_NET_RAW CAP_NET_ADMIN',
                              '~CAP_CHOWN CAP_FOWNER CAP_DAC_OVERRIDE', 'CAP_BPF CAP_PERFMON'],
    'AmbientCapabilities': ['', 'CAP_NET_BIND_SERVICE', '~CAP_SYS_ADMIN', '~'],
    'RestrictAddressFamilies': ['', 'none', 'AF_UNIX', '~AF_PACKET', 'AF_INET AF_INET6',
                                '~AF_NETLINK AF_UNIX', 'AF_BLUETOOTH', '~AF_INET AF_INET6',
                                'AF_UNIX AF_NETLINK AF_PACKET', '~AF_ALG'],
    'RestrictNamespaces': ['', 'yes', 'no', 'net', '~user', '~pid net', 'mnt uts'],
    'DynamicUser': ['yes', 'no'],
    'User': ['root', 'foo', 'nobody', '0', '0day', '65534', '-1'],
    'Group': ['adm', '0x10'],
    'SupplementaryGroups': ['adm', '', '0g', 'a:b'],
    'PrivateDevices': ['yes', 'no'], 'ProtectClock': ['yes', 'no'],
    'ProtectKernelModules': ['yes', 'no'], 'ProtectKernelLogs': ['yes', 'no'],
    'ProtectKernelTunables': ['yes', 'no'], 'ProtectControlGroups': ['yes', 'no'],
    'ProtectSystem': ['yes', 'full', 'strict', 'no'],
    'ProtectHome': ['yes', 'read-only', 'tmpfs', 'no'],
    'PrivateTmp': ['yes', 'no'], 'NoNewPrivileges': ['yes', 'no'],
    'RestrictSUIDSGID': ['yes', 'no'],
    'SystemCallArchitectures': ['native', 'x86', 'native x86', ''],
    'DevicePolicy': ['auto', 'closed', 'strict'],
    'DeviceAllow': ['/dev/null rw', 'char-rtc r', ''],
    'IPAddressDeny': ['any', '', '0.0.0.0/0'], 'IPAddressAllow': ['localhost', '10.0.0.0/8', ''],
    'RootDirectory': ['/srv/x'], 'PrivateNetwork': ['yes', 'no'], 'PrivateUsers': ['yes', 'no'],
    'RemoveIPC': ['yes', 'no'], 'LockPersonality': ['yes', 'no'],
    'MemoryDenyWriteExecute': ['yes', 'no'], 'RestrictRealtime': ['yes', 'no'],
    'ProtectHostname': ['yes', 'no'], 'UMask': ['0077', '0022', '0002'],
    'KeyringMode': ['private', 'shared', 'inherit'], 'ProtectProc': ['invisible', 'default'],
    'ProcSubset': ['pid', 'all'], 'Delegate': ['yes', 'no'],
    'NotifyAccess': ['all', 'main', 'none'], 'Type': ['notify', 'simple', 'oneshot'],
}


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=200)
    ap.add_argument('--cordon', default='build/src/cli/cordon')
    args = ap.parse_args()
    cordon = os.path.abspath(args.cordon)
    rnd = random.Random(args.seed)
    keys = list(OPTS)
    diffs = 0
    with tempfile.TemporaryDirectory(prefix='cordon-diff-') as d:
        for i in range(args.count):
            lines = ['[Service]', 'ExecStart=/bin/true']
            for _ in range(rnd.randint(1, 14)):
                k = rnd.choice(keys)
                lines.append('%s=%s' % (k, rnd.choice(OPTS[k])))
            name = 'r%04d.service' % i
            with open(os.path.join(d, name), 'w') as f:
                f.write('\n'.join(lines) + '\n')
            a = run(['systemd-analyze', 'security', '--offline=true', '--json=short',
                     './' + name], d)
            b = run([cordon, 'analyze', 'security', '--json=short', './' + name], d)
            if a != b:
                diffs += 1
                print('DIFF seed=%d unit=%d:' % (args.seed, i), ' | '.join(lines[2:]))
    print('%d of %d units differ' % (diffs, args.count))
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main())
