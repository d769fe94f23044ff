#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Runs the whole suite for `make check` and ends with one line: N passed, N failed, N skipped.

Counts individual TAP test points where a test speaks TAP, whole tests otherwise. Under CI=true a
skip that hides missing privileges is a failure: tests mark such skips with "needs-privilege" in
their SKIP reason, and those are counted as failed here.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRIVILEGED = re.compile(r'\b(mount|umount2|unshare|setns|pivot_root|capset|seccomp|'
                        r'mount_setattr|open_tree|move_mount)\s*\(')


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.failures = []

    def add(self, name, result, detail=''):
        if result == 'pass':
            self.passed += 1
        elif result == 'skip':
            self.skipped += 1
        else:
            self.failed += 1
            self.failures.append((name, detail))


def tracked_sources():
    out = subprocess.run(['git', 'ls-files', '*.c', '*.h'], cwd=ROOT, capture_output=True,
                         text=True)
    if out.returncode != 0:  # not a git checkout: walk the tree
        files = []
        for d, _, fs in os.walk(ROOT):
            if '/build' in d or '/.git' in d:
                continue
            files += [os.path.relpath(os.path.join(d, f), ROOT) for f in fs
                      if f.endswith(('.c', '.h'))]
        return sorted(files)
    return out.stdout.split()


def check_format(t):
    files = tracked_sources()
    r = subprocess.run(['clang-format', '--dry-run', '-Werror'] + files, cwd=ROOT,
                       capture_output=True, text=True)
    bad = sorted(set(re.findall(r'^(\S+?):\d+:\d+: error', r.stderr, re.M)))
    t.add('clang-format', 'pass' if r.returncode == 0 else 'fail',
          'not formatted: ' + ' '.join(bad))


def check_privileged_syscalls(t):
    bad = []
    for f in tracked_sources():
        if not f.startswith('src/') or f.startswith('src/sandbox/') or not f.endswith('.c'):
            continue
        with open(os.path.join(ROOT, f), encoding='utf-8', errors='replace') as fh:
            for n, line in enumerate(fh, 1):
                if PRIVILEGED.search(line):
                    bad.append(f'{f}:{n}')
    t.add('privileged-syscalls-only-in-src/sandbox', 'fail' if bad else 'pass', ' '.join(bad))


def check_no_print_in_library(t):
    bad = []
    for f in tracked_sources():
        if not (f.startswith('src/unit/') or f.startswith('src/analyze/')) or \
                not f.endswith('.c'):
            continue
        with open(os.path.join(ROOT, f), encoding='utf-8', errors='replace') as fh:
            for n, line in enumerate(fh, 1):
                if re.search(r'\b(printf|puts|fprintf|fputs)\s*\(', line) and \
                        'snprintf' not in line:
                    bad.append(f'{f}:{n}')
    t.add('library-code-does-not-print', 'fail' if bad else 'pass', ' '.join(bad))


TAP_LINE = re.compile(r'^(not ok|ok)\b\s*\d*\s*-?\s*(.*?)(?:\s+#\s*(SKIP|TODO)\b\s*(.*))?$')


def run_meson(t, build, suites, label):
    cmd = ['meson', 'test', '-C', build, '--num-processes', str(os.cpu_count() or 2),
           '--print-errorlogs']
    for s in suites:
        cmd += ['--suite', s]
    subprocess.run(cmd, cwd=ROOT)
    log = os.path.join(ROOT, build, 'meson-logs', 'testlog.json')
    if not os.path.exists(log):
        t.add(f'{label}: meson test', 'fail', 'no test log')
        return
    ci = os.environ.get('CI') == 'true'
    with open(log) as fh:
        for line in fh:
            d = json.loads(line)
            name = f"{label}: {d['name'].split(':', 1)[-1].strip()}"
            points = [TAP_LINE.match(l) for l in d.get('stdout', '').splitlines()]
            points = [m for m in points if m]
            if points:
                for m in points:
                    sub = f'{name} / {m.group(2)}'
                    if m.group(1) == 'not ok':
                        t.add(sub, 'fail', 'see log above')
                    elif m.group(3) == 'SKIP':
                        reason = m.group(4) or ''
                        if ci and 'needs-privilege' in reason:
                            t.add(sub, 'fail', 'skipped in CI: ' + reason)
                        else:
                            t.add(sub, 'skip')
                    else:
                        t.add(sub, 'pass')
                if d['result'] not in ('OK', 'SKIP') and not any(
                        m.group(1) == 'not ok' for m in points):
                    t.add(name, 'fail', f"result {d['result']}")
            else:
                res = {'OK': 'pass', 'SKIP': 'skip', 'EXPECTEDFAIL': 'pass'}.get(d['result'],
                                                                                'fail')
                if res == 'skip' and ci:
                    out = d.get('stdout', '')
                    if 'needs-privilege' in out:
                        res = 'fail'
                t.add(name, res, f"result {d['result']}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--build', default='build')
    ap.add_argument('--asan-build', default='build-asan')
    a = ap.parse_args()
    t = Tally()
    check_format(t)
    check_privileged_syscalls(t)
    check_no_print_in_library(t)
    run_meson(t, a.build, [], 'build')
    run_meson(t, a.asan_build, ['unit', 'fuzz'], 'asan+ubsan')
    if t.failures:
        print('\nFailures:')
        for name, detail in t.failures:
            print(f'  FAIL {name}' + (f' — {detail}' if detail else ''))
    print(f'{t.passed} passed, {t.failed} failed, {t.skipped} skipped')
    return 1 if t.failed else 0


if __name__ == '__main__':
    sys.exit(main())
