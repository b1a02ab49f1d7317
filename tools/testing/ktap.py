#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The harness's one reader of test results, all of them KTAP
(Documentation/dev-tools/ktap.rst in the kernel's tree).

Every result a test prints has KUnit's shape: a document ("KTAP version 1",
its plan "1..S") of suites, each "    # Subtest: NAME", its plan "    1..N",
one "    ok|not ok K CASE[ # SKIP WHY]" per case, and the suite's own
"ok|not ok S NAME".  KUnit prints it; the guests' scenario scripts print
it (guest-lib.sh: a script's scenarios are a suite, planned with their
names in "    # plan: NAME..." before any runs); make check prints it too
(run-tests.sh: its runs are the suites, named in "# plan: RUN...").
A diagnostic "    # CASE: WHY" before a case's result says why it failed.

A case planned and never reported fails, by name where the plan names it,
and so does a suite its document planned; a plan whose names and count
disagree fails; a case reported outside any suite (its "# Subtest:" line
lost) fails; "# SKIP" is skipped, neither passed nor failed.

usage: ktap.py [--prefix NAME] [--no-modules] [--no-skip] [--done LINE]
               LOG [SUITE...]
       ktap.py --summary FILE

The first reads a guest's console LOG and prints one result per test, as
KTAP: every case ("<prefix>: <suite>.<case>"; the prefix defaults to
"guest"), every planned case or suite that never reported, and the guest's
own checks: every SUITE given ran (the KUnit suites and the scripts'
suites the guest was to run), no kernel report (KASAN, lockdep, debug
objects, kmemleak, hung task, BUG, WARNING, Oops, panic), every module
loaded and unloaded, every script ended well ("iwpm-guest: SCRIPT exited
with N" says one did not), and the run reached its end (--done LINE,
"iwpm-guest: done" unless given).  --no-modules: a guest that loads
none; --no-skip: a kernel on which every case must run (it has
tracepoints), where a skipped case fails.  Exit status: 0 if nothing
failed.

--summary reads make check's own output and prints the line CI reads,
"N passed, N failed, N skipped", counting every case, and every planned run
that never reported or reported no test as failed; exit status 0 if nothing failed and
something passed.
"""

import argparse
import re
import sys

TOP = re.compile(r'^KTAP version \d+$')
TOP_PLAN = re.compile(r'^1\.\.(\d+)$')
TOP_NAMES = re.compile(r'^# plan:(.*)$')
SUBTEST = re.compile(r'^ {4}# Subtest: (\S+)$')
NAMES = re.compile(r'^ {4}# plan:(.*)$')
PLAN = re.compile(r'^ {4}1\.\.(\d+)$')
CASE = re.compile(r'^ {4}(ok|not ok) \d+ (.*?)(?: # (.*))?$')
NOTE = re.compile(r'^ {4}# (.*)$')
SUITE = re.compile(r'^(ok|not ok) \d+ (\S+)')
SKIP = re.compile(r'^SKIP\b\s*(.*)$')
EXITED = re.compile(r'^iwpm-guest: (\S+) exited with (\d+)')
REPORTS = re.compile(r'BUG: |KASAN|WARNING: |Oops|Kernel panic|'
                     r'general protection|Call Trace|refcount_t: |'
                     r'ODEBUG: |unreferenced object 0x|'
                     r'blocked for more than \d+ seconds')


class Suite:
    """One suite: its plan (count and names, if given), cases, its end."""

    def __init__(self, name):
        self.name, self.plan, self.names = name, None, None
        self.cases, self.note, self.end = [], '', None


class Doc:
    """One KTAP document: its plan of suites and the suites."""

    def __init__(self):
        self.plan, self.names, self.suites, self.orphans = None, None, [], []


def case_status(ok, directive):
    skip = SKIP.match(directive or '')
    if skip and ok == 'ok':
        return 'SKIP', skip.group(1)
    return ('PASS' if ok == 'ok' else 'FAIL'), ''


def plan_line(owner, names, plan, line):
    """Take a plan line ("# plan: NAME..." or "1..N") of @owner, a suite
    or a document, matched by @names or @plan; False if it is none."""
    m = names.match(line)
    if m:
        owner.names = m.group(1).split()
        return True
    m = plan.match(line)
    if m:
        owner.plan = int(m.group(1))
        return True
    return False


def suite_line(suite, line):
    """Take a line inside a suite; False if it is not a suite's line."""
    if plan_line(suite, NAMES, PLAN, line):
        return True
    m = CASE.match(line)
    if m:
        status, why = case_status(m.group(1), m.group(3))
        if not why and suite.note.startswith(m.group(2) + ': '):
            why = suite.note[len(m.group(2)) + 2:]
        suite.cases.append((status, m.group(2), why))
        return True
    m = NOTE.match(line)
    if m:
        suite.note = m.group(1)
        return True
    return False


def doc_line(doc, line):
    """Take a line at a document's top level; False if it is none."""
    if plan_line(doc, TOP_NAMES, TOP_PLAN, line):
        return True
    m = SUITE.match(line)
    if m:
        open_ = [s for s in doc.suites if s.name == m.group(2) and s.end is None]
        if not open_:
            doc.suites.append(Suite(m.group(2)))
            open_ = doc.suites[-1:]
        open_[-1].end = m.group(1)
        return True
    return False


def parse(lines):
    """The documents of a log, and its script exits and kernel reports."""
    docs, exited, reports = [], [], []
    suite = None
    for line in lines:
        if TOP.match(line):
            docs.append(Doc())
            suite = None
            continue
        m = SUBTEST.match(line)
        if m:
            if not docs:
                docs.append(Doc())
            suite = Suite(m.group(1))
            docs[-1].suites.append(suite)
            continue
        if suite and suite.end is None and suite_line(suite, line):
            continue
        m = CASE.match(line)
        if m:
            if not docs:
                docs.append(Doc())
            docs[-1].orphans.append(m.group(2))
            continue
        if docs and doc_line(docs[-1], line):
            continue
        m = EXITED.match(line)
        if m:
            exited.append('%s exited with %s' % (m.group(1), m.group(2)))
        elif REPORTS.search(line):
            reports.append(line.strip())
    return docs, exited, reports


def unreported(planned, names, reported, what):
    """What a plan promised and the results did not give."""
    if names is not None and planned is not None and len(names) != planned:
        return [('', 'the plan names %d, counts %d' % (len(names), planned))]
    if names is not None:
        return [(n, 'planned, never reported') for n in names if n not in reported]
    if planned is None or len(reported) >= planned:
        return []
    return [('', 'planned %d %s, %d reported' % (planned, what, len(reported)))]


def suite_results(suite, prefix):
    """A suite's cases and what it promised and did not give."""
    name = '%s: %s' % (prefix, suite.name)
    results = [(st, '%s.%s' % (name, case), why) for st, case, why in suite.cases]
    for case, why in unreported(suite.plan, suite.names,
                                [c for _, c, _ in suite.cases], 'cases'):
        results.append(('FAIL', '%s.%s' % (name, case) if case else name, why))
    if suite.end == 'not ok' and not any(st == 'FAIL' for st, _, _ in results):
        results.append(('FAIL', name, 'suite failed without a failing case'))
    return results


def doc_results(doc, prefix):
    results = []
    for suite in doc.suites:
        results += suite_results(suite, prefix)
    for name in doc.orphans:
        results.append(('FAIL', '%s: %s' % (prefix, name), 'a result outside any suite'))
    for suite in doc.suites:
        if suite.end is None:
            results.append(('FAIL', '%s: %s' % (prefix, suite.name), 'never ended'))
    for name, why in unreported(doc.plan, doc.names, [s.name for s in doc.suites],
                                'suites'):
        results.append(('FAIL', '%s: %s' % (prefix, name) if name else prefix, why))
    return results


def guest_checks(args, lines, docs, exited, reports):
    """The guest's own checks, beyond its suites."""
    prefix, results = args.prefix, []
    seen = set(s.name for d in docs for s in d.suites)
    missing = [s for s in args.suites if s not in seen]
    if args.suites:
        results.append(('PASS' if not missing else 'FAIL', prefix + ': every suite ran',
                        'missing: ' + ' '.join(missing)))
    if not args.no_modules:
        bad = [l for l in lines if re.search(r'iwpm-guest: (insmod|rmmod) .* failed', l)]
        results.append(('PASS' if not bad else 'FAIL', prefix + ': modules load and unload',
                        '; '.join(bad)))
    if exited:
        results.append(('FAIL', prefix + ': every script ended well', '; '.join(exited)))
    results.append(('PASS' if not reports else 'FAIL', prefix + ': no kernel report (KASAN, '
                    'lockdep, kmemleak, BUG, WARNING)', reports[0] if reports else ''))
    if args.done:
        done = any(args.done in l for l in lines)
        results.append(('PASS' if done else 'FAIL', prefix + ': ran to the end',
                        'no "%s": died early' % args.done))
    return results


def print_ktap(results):
    """The results as a KTAP document of cases."""
    print('KTAP version 1')
    print('1..%d' % len(results))
    for i, (status, name, why) in enumerate(results, 1):
        name = name.replace('#', '_')
        if status == 'SKIP':
            print('ok %d %s # SKIP %s' % (i, name, why))
            continue
        if status == 'FAIL' and why:
            print('# %s: %s' % (name, why))
        print('%s %d %s' % ('ok' if status == 'PASS' else 'not ok', i, name))


def summary(path):
    with open(path, errors='replace') as f:
        docs, _, _ = parse(l.rstrip('\n') for l in f)
    results = [r for d in docs for r in doc_results(d, 'make check')]
    results += [('FAIL', 'make check: ' + s.name, 'reported no test')
                for d in docs for s in d.suites if not s.cases]
    count = {st: sum(1 for s, _, _ in results if s == st) for st in ('PASS', 'FAIL', 'SKIP')}
    for status, name, why in results:
        if status == 'FAIL' and why == 'planned, never reported':
            print('# %s: %s' % (name, why))
    print('%d passed, %d failed, %d skipped' % (count['PASS'], count['FAIL'], count['SKIP']))
    return 1 if count['FAIL'] or not count['PASS'] else 0


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--summary', action='store_true')
    p.add_argument('--prefix', default='guest')
    p.add_argument('--no-modules', action='store_true')
    p.add_argument('--no-skip', action='store_true')
    p.add_argument('--done')
    p.add_argument('log')
    p.add_argument('suites', nargs='*')
    args = p.parse_args()
    if args.done is None:
        args.done = 'iwpm-guest: done'
    return args


def main():
    sys.stdout.reconfigure(errors='replace')
    args = parse_args()
    if args.summary:
        return summary(args.log)
    with open(args.log, errors='replace') as f:
        lines = [l.rstrip('\n') for l in f]
    docs, exited, reports = parse(lines)
    results = [r for d in docs for r in doc_results(d, args.prefix)]
    if args.no_skip:
        results = [('FAIL', name, 'skipped where it must run: ' + why)
                   if status == 'SKIP' else (status, name, why)
                   for status, name, why in results]
    results += guest_checks(args, lines, docs, exited, reports)
    print_ktap(results)
    return 0 if all(st != 'FAIL' for st, _, _ in results) else 1


if __name__ == '__main__':
    raise SystemExit(main())
