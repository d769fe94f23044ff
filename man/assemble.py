#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Fills a man page template: @VERSION@, and @NAME@ markers with the output of commands that
print generated roff (the directive and lint-rule tables), so the docs cannot drift from the
tables in the code."""
import os
import re
import subprocess
import sys


def main():
    template, output, cordon, version = sys.argv[1:5]
    text = open(template, encoding='utf-8').read()
    # @INCLUDE name@ pulls in a fragment kept next to the template by the verb's owner.
    here = os.path.dirname(os.path.abspath(template))
    text = re.sub(r'^@INCLUDE (\S+)@$',
                  lambda m: open(os.path.join(here, m.group(1)), encoding='utf-8').read().rstrip('\n'),
                  text, flags=re.M)
    text = text.replace('@VERSION@', version)
    generated = {
        '@DIRECTIVES@': [cordon, 'directives', '--format=roff'],
        '@LINT_RULES@': [cordon, 'lint', '--list-rules', '--format=roff'],
        '@SECURITY_CHECKS@': [cordon, 'analyze', 'security', '--list-checks', '--format=roff'],
    }
    for marker, cmd in generated.items():
        if marker in text:
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f'{" ".join(cmd)} failed: {r.stderr.strip()}')
            text = text.replace(marker, r.stdout.rstrip('\n'))
    # roff input is ASCII: spell other characters as \[uXXXX] so every groff renders them.
    text = ''.join(c if ord(c) < 128 else '\\[u%04X]' % ord(c) for c in text)
    open(output, 'w', encoding='utf-8').write(text)


if __name__ == '__main__':
    main()
