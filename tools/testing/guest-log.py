#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Read the console log of a UML test guest and report one line per test.

Every KUnit case becomes "PASS|FAIL kunit: <suite>.<case>" (with --prefix,
"<prefix>: <suite>.<case>", so that runs of one suite on several kernels
keep apart); the guest as a whole adds checks that no kernel report (KASAN,
lockdep, debug objects, kmemleak, hung task, BUG, WARNING, Oops, panic) appeared, that
every module loaded and unloaded, that every expected suite ran and that
the guest reached its end.
Shell scenarios print "iwpm-test: ok <name>" or "iwpm-test: not ok <name>
<why>", after a plan, "iwpm-plan: <name>...": a planned scenario that never
reports fails, and so does a guest script that exited with an error
("iwpm-guest: <script> exited with <n>").  A KUnit case marked "# SKIP" is
reported as SKIP, neither passed nor failed; a suite that reports fewer
cases than its plan ("1..N") fails.

usage: guest-log.py [--prefix NAME] [--kunit-py | --no-modules]
                    [--label-scenarios] [--done LINE] LOG SUITE...

--kunit-py: LOG is the test.log of a kunit.py run, not of a guest: no
modules are loaded and the kernel halts once the suites ran.  --no-modules:
a guest that loads no modules (the in-tree kernel has everything built in).
--done: the line that shows the run reached its end (a guest's default is
"iwpm-guest: done"; a kunit.py run has none unless given).
--label-scenarios: name scenarios "<prefix> scenario: <name>", for scenarios
that also run on another kernel.
Each output line is "PASS|FAIL|SKIP <name>[ - <why>]".
Exit status: 0 if nothing failed.
"""

import argparse
import re

CASE = re.compile(r'^(\s+)(ok|not ok) \d+ (\S+)(.*)$')
SKIP = re.compile(r'#\s*SKIP\b\s*(.*)$')
SUITE = re.compile(r'^(ok|not ok) \d+ (\S+)')
# A suite's header; a parameterized case nests its own one level deeper.
SUBTEST = re.compile(r'^ {4}# Subtest: (\S+)')
CASES = re.compile(r'^ {4}1\.\.(\d+)$')
SCENARIO = re.compile(r'^iwpm-test: (ok|not ok) (\S+)\s*(.*)$')
PLAN = re.compile(r'^iwpm-plan:(.*)$')
EXITED = re.compile(r'^iwpm-guest: (\S+) exited with (\d+)')
REPORTS = re.compile(r'BUG: |KASAN|WARNING: |Oops|Kernel panic|'
                     r'general protection|Call Trace|refcount_t: |'
                     r'ODEBUG: |unreferenced object 0x|'
                     r'blocked for more than \d+ seconds')


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--prefix', default='guest')
    kind = p.add_mutually_exclusive_group()
    kind.add_argument('--kunit-py', action='store_true')
    kind.add_argument('--no-modules', action='store_true')
    p.add_argument('--done')
    p.add_argument('--label-scenarios', action='store_true')
    p.add_argument('log')
    p.add_argument('suites', nargs='*')
    args = p.parse_args()
    if args.done is None and not args.kunit_py:
        args.done = 'iwpm-guest: done'
    return args


def verdict(ok):
    return 'PASS' if ok else 'FAIL'


def parse(lines, cases, scenario):
    """The tests of a console log: (status, name, why) per KUnit case and
    scenario, in order, and the log's plans, script exits and reports."""
    results, planned, exited, reports = [], [], [], []
    suite = None
    seen_suites = set()
    cases_planned = cases_seen = 0
    for line in lines:
        m = SUBTEST.match(line)
        if m:
            suite, cases_planned, cases_seen = m.group(1), 0, 0
            continue
        m = CASES.match(line)
        if m and suite:
            cases_planned = int(m.group(1))
            continue
        m = CASE.match(line)
        if m and suite and len(m.group(1)) == 4:
            cases_seen += 1
            skip = SKIP.search(m.group(4))
            status = 'SKIP' if skip and m.group(2) == 'ok' else verdict(m.group(2) == 'ok')
            results.append((status, '%s: %s.%s' % (cases, suite, m.group(3)),
                            skip.group(1) if skip else ''))
            continue
        m = SUITE.match(line)
        if m:
            seen_suites.add(m.group(2))
            if suite == m.group(2) and cases_seen < cases_planned:
                results.append(('FAIL', '%s: %s' % (cases, suite),
                                'planned %d cases, %d reported'
                                % (cases_planned, cases_seen)))
            if m.group(1) != 'ok' and not any(
                    st == 'FAIL' for st, name, _ in results
                    if name.startswith('%s: %s.' % (cases, m.group(2)))):
                results.append(('FAIL', '%s: %s' % (cases, m.group(2)),
                                'suite failed without a failing case'))
            suite = None
            continue
        m = SCENARIO.match(line)
        if m:
            results.append((verdict(m.group(1) == 'ok'), scenario + m.group(2), m.group(3)))
            continue
        m = PLAN.match(line)
        if m:
            planned += [scenario + n for n in m.group(1).split()]
            continue
        m = EXITED.match(line)
        if m:
            exited.append('%s exited with %s' % (m.group(1), m.group(2)))
            continue
        if REPORTS.search(line):
            reports.append(line.strip())
    return results, seen_suites, planned, exited, reports


def main():
    args = parse_args()
    prefix, expected = args.prefix, args.suites
    cases = 'kunit' if prefix == 'guest' else prefix
    scenario = prefix + ' scenario: ' if args.label_scenarios else 'scenario: '
    modules = not (args.kunit_py or args.no_modules)
    with open(args.log, errors='replace') as f:
        lines = [l.rstrip('\n') for l in f]

    results, seen_suites, planned, exited, reports = parse(lines, cases, scenario)
    reported = [name for _, name, _ in results]
    for name in planned:
        if name in reported:
            reported.remove(name)
        else:
            results.append(('FAIL', name, 'planned, never reported'))
    missing = [s for s in expected if s not in seen_suites]
    if expected:
        results.append((verdict(not missing), prefix + ': every KUnit suite ran',
                        'missing: ' + ' '.join(missing) if missing else ''))
    if modules:
        failed_mod = [l for l in lines
                      if re.search(r'iwpm-guest: (insmod|rmmod) .* failed', l)]
        results.append((verdict(not failed_mod), prefix + ': modules load and unload',
                        '; '.join(failed_mod)))
    if exited:
        results.append(('FAIL', prefix + ': every script ended well', '; '.join(exited)))
    results.append((verdict(not reports), prefix + ': no kernel report (KASAN, '
                    'lockdep, kmemleak, BUG, WARNING)', reports[0] if reports else ''))
    if args.done:
        done = any(args.done in l for l in lines)
        results.append((verdict(done), prefix + ': ran to the end',
                        '' if done else 'no "%s": died early' % args.done))

    for status, name, why in results:
        print('%s %s%s' % (status, name, ' - ' + why if why and status != 'PASS' else ''))
    return 0 if all(st != 'FAIL' for st, _, _ in results) else 1


if __name__ == '__main__':
    raise SystemExit(main())
