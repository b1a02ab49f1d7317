#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read the console log of a UML test guest and report one line per test.

Every KUnit case becomes "PASS|FAIL kunit: <suite>.<case>"; the guest as a
whole adds checks that no kernel report (KASAN, BUG, WARNING, Oops, panic)
appeared, that every module loaded and unloaded, that every expected suite
ran and that the guest reached its end.  Shell scenarios print
"iwpm-test: ok <name>" or "iwpm-test: not ok <name> <why>".

usage: guest-log.py [--prefix NAME] [--kunit-py | --no-modules] LOG SUITE...

--kunit-py: LOG is the test.log of a kunit.py run, not of a guest: no
modules are loaded and the kernel halts once the suites ran.  --no-modules:
a guest that loads no modules (the in-tree kernel has everything built in).
Exit status: 0 if nothing failed.
"""

import re
import sys

CASE = re.compile(r'^(\s+)(ok|not ok) \d+ (\S+)')
SUITE = re.compile(r'^(ok|not ok) \d+ (\S+)')
SUBTEST = re.compile(r'^\s+# Subtest: (\S+)')
SCENARIO = re.compile(r'^iwpm-test: (ok|not ok) (\S+)\s*(.*)$')
REPORTS = re.compile(r'BUG: |KASAN|WARNING: |Oops|Kernel panic|'
                     r'general protection|Call Trace|refcount_t: ')


def main():
    args = sys.argv[1:]
    prefix = 'guest'
    if args[:1] == ['--prefix']:
        prefix, args = args[1], args[2:]
    guest = args[:1] != ['--kunit-py']
    modules = guest and args[:1] != ['--no-modules']
    if args[:1] in (['--kunit-py'], ['--no-modules']):
        args = args[1:]
    log_path, expected = args[0], args[1:]
    with open(log_path, errors='replace') as f:
        lines = [l.rstrip('\n') for l in f]

    results = []
    suite = None
    seen_suites = set()
    reports = []
    for line in lines:
        m = SUBTEST.match(line)
        if m:
            suite = m.group(1)
            continue
        m = CASE.match(line)
        if m and suite and len(m.group(1)) == 4:
            results.append((m.group(2) == 'ok', 'kunit: %s.%s' % (suite, m.group(3)), ''))
            continue
        m = SUITE.match(line)
        if m:
            seen_suites.add(m.group(2))
            if m.group(1) != 'ok' and not any(
                    not ok for ok, name, _ in results
                    if name.startswith('kunit: %s.' % m.group(2))):
                results.append((False, 'kunit: %s' % m.group(2),
                                'suite failed without a failing case'))
            suite = None
            continue
        m = SCENARIO.match(line)
        if m:
            results.append((m.group(1) == 'ok', 'scenario: ' + m.group(2), m.group(3)))
            continue
        if REPORTS.search(line):
            reports.append(line.strip())

    missing = [s for s in expected if s not in seen_suites]
    if expected:
        results.append((not missing, prefix + ': every KUnit suite ran',
                         'missing: ' + ' '.join(missing) if missing else ''))
    if modules:
        failed_mod = [l for l in lines
                      if re.search(r'iwpm-guest: (insmod|rmmod) .* failed', l)]
        results.append((not failed_mod, prefix + ': modules load and unload',
                        '; '.join(failed_mod)))
    results.append((not reports, prefix + ': no KASAN, BUG or WARNING report',
                    reports[0] if reports else ''))
    if guest:
        done = any('iwpm-guest: done' in l for l in lines)
        results.append((done, prefix + ': ran to the end',
                        '' if done else 'guest died early'))

    for ok, name, why in results:
        print('%s %s%s' % ('PASS' if ok else 'FAIL', name, ' - ' + why if why and not ok else ''))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == '__main__':
    sys.exit(main())
