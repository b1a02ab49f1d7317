#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the console logs of benchmark boots into one report.

usage: bench-report.py [--sizes LIST] [--reps R] [--rping COUNT]
                       [--rping-reps R] [--rtt COUNT] [--replay LIST]
                       [--reminfo LIST] [--reminfo-reps R] [--storm LIST]
                       [--isolation COUNT] [--isolation-reps R]
                       [--series HASH] [--kernel VERSION] [--bench HASH]
                       [--json FILE] [--png FILE] NAME=LOG...
       bench-report.py --rst RESULTS.json|- [--check DOC | --write DOC]

Each LOG is the console of one boot that ran bench-guest.sh on one kernel
(NAME: "linux" for pristine 6.12, "ours" for the series); a NAME is given
one LOG per boot.  Every boot must hold every figure asked for (every op of
every size, R times; the remote-info table for every --reminfo size,
--reminfo-reps times; with --rping, --rping-reps runs with and without
iwpmd; with --rtt, R runs of COUNT requests that the daemon all answered;
with --replay, a replay of every size, which "ours" must complete without
loss; with --storm, a storm of each size with iwpmd and one without, every
connection made; with --rtt and --rping, the count of what rping's
connections asked of iwpm-testd; with --isolation, for "ours", R storms of
COUNT beside another namespace with its iwpmd running and R with it
stopped) and no error.  If one does not, the report says what is
missing, prints no figure, writes no file and exits with 1.

A figure is first reduced to one value per boot (the median of its runs in
that boot), then summarised over the boots: median [min-max].  Where both
kernels ran, each row compares them, linux/ours, and gives a verdict that
only ranges can give: ours is faster (smaller) when all of its boots beat
all of linux's, slower (larger) when all of linux's beat all of its, and a
tie otherwise.  The gain is how many times better ours is: linux/ours for
a cost, ours/linux for a rate.  The floor (the benchmark's own minimal table,
or the bare netlink round trip, or rping without iwpmd) runs in every boot
of both kernels; the report shows each boot's floor, as the control of how
much the machine drifted between boots.

--rst prints the figures of a results file (--json) as the
reStructuredText that Documentation/benchmarks.rst holds between its
".. bench-results: begin" and ".. bench-results: end" lines; with
--check DOC it prints nothing but the differences, and exits with 1 if
DOC does not hold exactly that (make check runs it); with --write DOC it
puts it there (make bench-publish).  RESULTS "-" stands for none: the
block then says that no figures are published.
"""

import argparse
import difflib
import json
import os
import platform
import re
import statistics
import sys
import textwrap
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'testing'))
from ktap import REPORTS  # noqa: E402  (the kernel reports make check fails)

OPS = ('grow', 'fill', 'churn', 'reminfo')
MIN_BOOTS = 3
TABLE = re.compile(r'iwpm-bench: n=(\d+) rep=(\d+) op=(\w+) ops=(\d+) ns=(\d+)'
                   r'(?: floor_ns=(\d+))?')
MEMORY = re.compile(r'iwpm-bench: n=(\d+) rep=\d+ bytes_per_mapping=(-?\d+)')
RPING = re.compile(r'iwpm-bench: rping daemon=(\w+) conns=(\d+) failed=(\d+) ns=(\d+)')
RTT = re.compile(r'iwpm-bench: rtt rep=\d+ kind=(\w+) n=(\d+) median_ns=(\d+) '
                 r'p99_ns=(\d+) max_ns=(\d+)')
RTT_DAEMON = re.compile(r'iwpm-bench: rtt daemon answers=(\d*) echoes=(\d*) '
                        r'mappings_left=(\d*) answer_held_ns=(\d*) '
                        r'echo_held_ns=(\d*)')
PER_CONN = re.compile(r'iwpm-bench: per_conn conns=(\d+) failed=(\d+) '
                      r'answers=(-?\d+) messages=(-?\d+)')
REPLAY = re.compile(r'iwpm-bench: replay n=(\d+) acked=([01])((?: \w+=\d*)*)')
STORM = re.compile(r'iwpm-bench: storm daemon=(\w+) conns=(\d+) procs=\d+ '
                   r'rc=(\d+) failed=(\d+)((?: \w+=[\d.]+)*)')
ERROR = re.compile(r'iwpm-bench: error (.*)')
NAMES = ('linux', 'ours')


# ---- one boot ----

def new_boot(path):
    return {'path': path, 'table': {}, 'floor': {}, 'memory': {},
            'rping': {}, 'rping_failed': 0, 'rtt': {}, 'rtt_daemon': None,
            'replay': {}, 'storm': {}, 'per_conn': None, 'split': {},
            'errors': [], 'done': False,
            'finished': False, 'second_starts': 0}


def add(d, key, value):
    d.setdefault(key, []).append(value)


def parse_table(boot, m):
    n, _, op, ops, ns, floor = m.groups()
    add(boot['table'], (op, int(n)), int(ns) / int(ops))
    if floor:
        add(boot['floor'], (op, int(n)), int(floor) / int(ops))


def parse_storm(boot, m):
    daemon, conns, rc, failed, steps = m.groups()
    if rc != '0' or failed != '0':
        boot['errors'].append('storm daemon=%s conns=%s: exit %s, %s failures'
                              % (daemon, conns, rc, failed))
    fields = dict(kv.split('=') for kv in steps.split())
    if 'connect' not in fields:
        boot['errors'].append('storm daemon=%s conns=%s: no connect time'
                              % (daemon, conns))
        return
    if float(fields['connect']) <= 0:
        boot['errors'].append('storm daemon=%s conns=%s: a connect step of %s ms'
                              % (daemon, conns, fields['connect']))
        return
    add(boot['storm'], (daemon, int(conns)), float(fields['connect']))


def parse_line(boot, line):
    if m := TABLE.search(line):
        parse_table(boot, m)
    elif m := MEMORY.search(line):
        if int(m.group(2)) < 0:
            boot['errors'].append('n=%s: negative memory' % m.group(1))
        add(boot['memory'], int(m.group(1)), int(m.group(2)))
    elif m := STORM.search(line):
        parse_storm(boot, m)
    elif m := RPING.search(line):
        d, conns, failed, ns = m.groups()
        boot['rping_failed'] += int(failed)
        add(boot['rping'], d, (int(conns) - int(failed)) * 1e9 / int(ns))
    elif m := RTT.search(line):
        add(boot['rtt'], (m.group(1), 'median'), int(m.group(3)))
        add(boot['rtt'], (m.group(1), 'p99'), int(m.group(4)))
    elif m := RTT_DAEMON.search(line):
        boot['rtt_daemon'] = tuple(int(v) if v else None for v in m.groups())
    elif m := PER_CONN.search(line):
        boot['per_conn'] = tuple(int(v) for v in m.groups())
    elif m := REPLAY.search(line):
        r = {k: int(v or 0) for k, v in
             (kv.split('=') for kv in m.group(3).split())}
        r['acked'] = m.group(2) == '1'
        boot['replay'][int(m.group(1))] = r
    elif m := ERROR.search(line):
        boot['errors'].append(m.group(1))
    elif REPORTS.search(line):
        boot['errors'].append('kernel report: ' + line.strip())
    elif 'iwpm-bench: iwpmd started a second time' in line:
        boot['second_starts'] += 1
    elif 'iwpm-bench: done' in line:
        boot['done'] = True
    elif 'iwpm-bench: finished' in line:
        boot['finished'] = True


def parse(path):
    boot = new_boot(path)
    with open(path, errors='replace') as f:
        for line in f:
            parse_line(boot, line)
    split(boot)
    return boot


def med(boot, what, key):
    v = boot[what].get(key)
    return statistics.median(v) if v else None


def split(boot):
    """Where a request's time goes, in the boot's medians, ns: the daemon's
    hold (iwpm-testd's, from its recvfrom() to its answer's sendto()); the
    netlink transit (the bare echo, less the daemon's hold of it); the port
    mapper's kernel work (the request, less both).  Then per connection:
    the requests a connect waited for (iwpm-testd's answers), that work
    for each, and its share of a connect (rping with iwpmd) and of a
    storm's connect step."""
    d, x = boot['rtt_daemon'], boot['split']
    req, floor = med(boot, 'rtt', ('request', 'median')), med(boot, 'rtt', ('floor', 'median'))
    if d and None not in (req, floor, d[3], d[4]):
        x.update(request=req, daemon=d[3], transit=floor - d[4])
        x['kernel'] = req - d[3] - x['transit']
    if boot['per_conn'] and boot['per_conn'][0]:
        conns, _, answers, messages = boot['per_conn']
        x.update(answers=answers / conns, messages=messages / conns)
    rate = med(boot, 'rping', 'iwpmd')
    if rate:
        x['connect'] = 1e6 / rate
    if 'kernel' in x and 'answers' in x:
        x['kernel_conn'] = x['kernel'] * x['answers'] / 1000
        if 'connect' in x:
            x['share_rping'] = 100 * x['kernel_conn'] / x['connect']
        for (daemon, n), ms in boot['storm'].items():
            if daemon == 'iwpmd':
                x[('share_storm', n)] = (100 * n * x['kernel_conn']
                                         / (statistics.median(ms) * 1000))


def count_gaps(what, got, want):
    return [] if got == want else ['%s: %d of %d runs' % (what, got, want)]


def missing(name, boot, want):
    """What BOOT of kernel NAME lacks of what WANT asks for."""
    gaps = ['error %s' % e for e in boot['errors']]
    if not boot['finished']:
        gaps.append('the guest script did not finish')
    if not boot['done']:
        gaps.append('the table benchmark did not finish')
    for op, sizes, reps in (('grow', want.sizes, 1),
                            ('fill', want.sizes, want.reps - 1),
                            ('churn', want.sizes, want.reps),
                            ('reminfo', want.reminfo, want.reminfo_reps)):
        for n in sizes:
            gaps += count_gaps('%s n=%d' % (op, n),
                               len(boot['table'].get((op, n), [])), reps)
    for n in want.sizes:
        gaps += count_gaps('memory n=%d' % n, len(boot['memory'].get(n, [])),
                           want.reps)
    for d in ('iwpmd', 'none') if want.rping else ():
        gaps += count_gaps('rping ' + d, len(boot['rping'].get(d, [])),
                           want.rping_reps)
    if boot['rping_failed']:
        gaps.append('rping: %d connections failed' % boot['rping_failed'])
    gaps += rtt_gaps(boot, want) + per_conn_gaps(boot, want)
    gaps += isolation_gaps(name, boot, want)
    for n in want.replay:
        r = boot['replay'].get(n)
        if r is None:
            gaps.append('replay n=%d: no figure' % n)
        elif r['acked'] and 'us' not in r:
            gaps.append('replay n=%d: acknowledged, but no time' % n)
        elif name == 'ours' and (lost(n, r) or not r['acked']):
            gaps.append('replay n=%d: %d mappings lost, %s' % (
                n, lost(n, r), 'acked' if r['acked'] else 'never acked'))
    for n in want.storm:
        for d in ('iwpmd', 'none'):
            gaps += count_gaps('storm %s conns=%d' % (d, n),
                               len(boot['storm'].get((d, n), [])), 1)
    return ['%s (%s): %s' % (name, boot['path'], g) for g in gaps]


def rtt_gaps(boot, want):
    if not want.rtt:
        return []
    gaps = []
    for kind in ('floor', 'request'):
        gaps += count_gaps('rtt ' + kind,
                           len(boot['rtt'].get((kind, 'median'), [])), want.reps)
    answered = boot['rtt_daemon']
    if not answered or None in answered:
        gaps.append('rtt: the daemon\'s counts are missing: %s' % (answered,))
    elif min(answered[:2]) < want.rtt * want.reps:
        gaps.append('rtt: the daemon answered and echoed %s, not %d each'
                    % (answered[:2], want.rtt * want.reps))
    elif answered[2]:
        gaps.append('rtt: %d mappings left in the daemon' % answered[2])
    elif 'kernel' not in boot['split']:
        gaps.append('rtt: no split of the round trip')
    else:
        gaps += ['rtt: %s of %.0f ns, which cannot be' % (k, boot['split'][k])
                 for k, _, _ in SPLIT if boot['split'][k] <= 0]
    return gaps


def per_conn_gaps(boot, want):
    if not want.rping:
        return []
    pc = boot['per_conn']
    if not pc:
        return ['per_conn: no count of what the connections asked']
    if pc[1] or pc[2] < pc[0] or pc[3] < pc[2]:
        return ['per_conn: %d connections failed, %d answers and %d messages '
                'for %d' % (pc[1], pc[2], pc[3], pc[0])]
    return []


def isolation_gaps(name, boot, want):
    if not want.isolation or name != 'ours':
        return []
    gaps = []
    for state in ('running', 'stopped'):
        gaps += count_gaps('isolation, other\'s iwpmd %s' % state,
                           len(boot['storm'].get(('other_' + state,
                                                  want.isolation), [])),
                           want.isolation_reps)
    return gaps


def lost(n, r):
    """Mappings of N that did not reach the daemon."""
    return n - r.get('received', 0)


# ---- over the boots ----

def per_boot(boots, get):
    """GET's median in every boot of BOOTS; None unless every boot has it."""
    vals = []
    for boot in boots:
        v = get(boot)
        if v is None or v == []:
            return None
        vals.append(statistics.median(v) if isinstance(v, list) else v)
    return vals


def summary(vals):
    if not vals:
        return None
    return {'median': statistics.median(vals), 'min': min(vals),
            'max': max(vals), 'boots': vals}


# What a figure is: what a verdict calls ours when it is lower and when
# higher, and whether lower is better.
KINDS = {'time': ('faster', 'slower', True),
         'size': ('smaller', 'larger', True),
         'rate': ('slower', 'faster', False)}


def verdict(linux, ours, kind):
    """Ours against linux, from their ranges over the boots."""
    if not linux or not ours:
        return None
    lower, higher, _ = KINDS[kind]
    if ours['max'] < linux['min']:
        return lower
    if ours['min'] > linux['max']:
        return higher
    return 'tie'


def ratio(a, b):
    if not a or not b or not b['median']:
        return None
    return a['median'] / b['median']


def row(boots, get, kind='time', **key):
    """One figure of both kernels: their summaries; the gain, how many times
    better ours is (linux/ours for a cost, ours/linux for a rate); the
    verdict."""
    r = dict(key)
    for name in NAMES:
        r[name] = summary(per_boot(boots.get(name, []), get))
    lower_is_better = KINDS[kind][2]
    r['gain'] = (ratio(r['linux'], r['ours']) if lower_is_better
                 else ratio(r['ours'], r['linux']))
    r['verdict'] = verdict(r['linux'], r['ours'], kind)
    return r


def floor_ratio(boots, op, n):
    """Ours over the floor of the same boot, summarised over ours' boots."""
    vals = []
    for boot in boots.get('ours', []):
        ours, floor = boot['table'].get((op, n)), boot['floor'].get((op, n))
        if ours and floor:
            vals.append(statistics.median(ours) / statistics.median(floor))
    return summary(vals)


def build_table(boots, want):
    """The table rows; the floor's rows (the same code on both kernels) are
    the drift control, with a verdict of their own."""
    rows, floors = [], []
    for op, sizes in (('grow', want.sizes), ('fill', want.sizes),
                      ('churn', want.sizes), ('reminfo', want.reminfo)):
        for n in sizes:
            r = row(boots, lambda b, k=(op, n): b['table'].get(k), op=op, n=n)
            r['ours/floor'] = floor_ratio(boots, op, n)
            rows.append(r)
            if op != 'reminfo':
                floors.append(row(boots, lambda b, k=(op, n): b['floor'].get(k),
                                  op=op, n=n))
    return rows, floors


def build(boots, want):
    table, floors = build_table(boots, want)
    res = {'table': table, 'floor': floors,
           'memory': [row(boots, lambda b, n=n: b['memory'].get(n), 'size', n=n)
                      for n in want.sizes],
           'rping': [row(boots, lambda b, d=d: b['rping'].get(d), 'rate', daemon=d)
                     for d in (('iwpmd', 'none') if want.rping else ())],
           'rtt': [row(boots, lambda b, k=(of, stat): b['rtt'].get(k),
                       of=of, stat=stat)
                   for of in (('request', 'floor') if want.rtt else ())
                   for stat in ('median', 'p99')],
           'replay': [replay_row(boots, n) for n in want.replay],
           'storm': [row(boots, lambda b, k=(d, n): b['storm'].get(k),
                         conns=n, daemon=d)
                     for n in want.storm for d in ('iwpmd', 'none')],
           'split': split_rows(boots, want),
           'isolation': isolation_row(boots, want),
           'second_starts': {name: sum(x['second_starts'] for x in b)
                             for name, b in boots.items()}}
    return res


SPLIT_KEYS = ('request', 'daemon', 'transit', 'kernel')
SPLIT = (('request', 'request, all of it', 'time'),
         ('daemon', 'the daemon (iwpm-testd)', 'time'),
         ('transit', 'netlink transit', 'time'),
         ('kernel', 'the port mapper, in the kernel', 'time'))
PER_CONN_ROWS = (('answers', 'requests a connect waited for', 'size'),
                 ('messages', 'messages to the daemon', 'size'),
                 ('connect', 'rping connection with iwpmd, us', 'time'),
                 ('kernel_conn', 'the port mapper in the kernel, us', 'time'),
                 ('share_rping', 'its share of the connection, %', 'size'))
# the digits a row of them shows (a share of an rping connection is small)
PER_CONN_DIGITS = {'answers': 2, 'messages': 2, 'connect': 0,
                   'kernel_conn': 1, 'share_rping': 4}


def split_rows(boots, want):
    """Where a request's time goes (us), and a connection's."""
    rows = []
    keys = ((SPLIT if want.rtt else ()) +
            (PER_CONN_ROWS if want.rtt and want.rping else ()))
    for key, label, kind in keys:
        rows.append(row(boots, lambda b, k=key: b['split'].get(k), kind,
                        label=label, key=key))
        if key in PER_CONN_DIGITS:
            rows[-1]['digits'] = PER_CONN_DIGITS[key]
    for n in want.storm if want.rtt and want.rping else ():
        rows.append(row(boots, lambda b, k=('share_storm', n): b['split'].get(k),
                        'size', label='its share of a storm of %d, %%' % n,
                        key='share_storm_%d' % n))
    return rows


def isolation_row(boots, want):
    """Ours' storm with the other namespace's iwpmd stopped, against the
    same with it running: the ratio and a verdict from their ranges."""
    if not want.isolation:
        return None
    got = {state: summary(per_boot(boots.get('ours', []), lambda b, k=(
        'other_' + state, want.isolation): b['storm'].get(k)))
        for state in ('running', 'stopped')}
    return {'conns': want.isolation, 'running': got['running'],
            'stopped': got['stopped'],
            'ratio': ratio(got['stopped'], got['running']),
            'verdict': verdict(got['running'], got['stopped'], 'time')}


def replay_row(boots, n):
    """The replay of N: a time only where every boot of a kernel delivered
    all N and was acknowledged; what arrived, in every case."""
    r = row(boots, lambda b: b['replay'][n]['us'] if replay_whole(b, n) else None,
            n=n)
    for name in NAMES:
        got = [b['replay'][n] for b in boots.get(name, [])]
        if got:
            r[name + '_received'] = min(x.get('received', 0) for x in got)
            r[name + '_acked'] = all(x['acked'] for x in got)
    return r


def replay_whole(boot, n):
    r = boot['replay'].get(n, {})
    return r.get('acked') and not lost(n, r) and 'us' in r


# ---- output ----

def fmt(s, digits=0, scale=1):
    if s is None:
        return '-'
    return '%.*f [%.*f-%.*f]' % (digits, s['median'] / scale, digits,
                                 s['min'] / scale, digits, s['max'] / scale)


def fmt_ratio(r):
    return '-' if r is None else '%.2fx' % r


def cell(r, name, digits=0, scale=1):
    """R's figure of kernel NAME (with R's own digits, if it has them); for
    a replay without one, what arrived."""
    digits = r.get('digits', digits)
    if r[name] is None and name + '_received' in r:
        return '%s of %s arrived, %s' % (
            '{:,}'.format(r[name + '_received']), '{:,}'.format(r['n']),
            'acknowledged' if r[name + '_acked'] else 'never acknowledged')
    return fmt(r[name], digits, scale)


def boots_of(s, digits=1):
    return '-' if s is None else ' / '.join('%.*f' % (digits, v) for v in s['boots'])


def report_rows(res, meta):
    """(title, head, [(label, row)], digits, scale) of every table."""
    return [
        ('Mapping table, ns per operation: grow = N insertions into the empty '
         'table, the first\ntime at N (growth from the previous size in it); '
         'fill = the same again; churn =\nremoval and reinsertion of an '
         'existing mapping at N; reminfo = a lookup that\ntakes its entry',
         'op, N', [('%s, %s' % (r['op'], size(r['n'])), r)
                   for r in res['table']], 1, 1),
        ('Memory in use with N mappings over the start, bytes per mapping '
         '(slab, vmalloc)', 'N', [(size(r['n']), r) for r in res['memory']], 0, 1),
        ('rping -c -C 1, sequential: connections per second; none = without '
         'iwpmd (the baseline)', 'iwpmd', [(r['daemon'], r) for r in res['rping']],
         1, 1),
        ('Request round trip, ns: add-and-query through iwpm-testd; floor = '
         'the bare\nkernel -> daemon -> kernel echo', 'kind',
         [('%s, %s' % (r['of'], r['stat']), r) for r in res['rtt']], 0, 1),
        ('Replay of N mappings to a restarted daemon, ms to its '
         'acknowledgement', 'N', [(size(r['n']), r) for r in res['replay']],
         1, 1000),
        ('cmtime storm of N connections at once: the connect step, ms (the '
         'longest process);\nnone = without iwpmd (the baseline)', 'N, iwpmd',
         [('%d, %s' % (r['conns'], r['daemon']), r) for r in res['storm']], 1, 1),
        ('Where a request\'s time goes, us: the round trip above, less the '
         'daemon\'s hold of\nit (iwpm-testd\'s own clock) and the transit '
         '(the floor, less its hold)', 'part',
         [(r['label'], r) for r in res.get('split', []) if r['key'] in SPLIT_KEYS],
         1, 1000),
        ('Per connection: what rping\'s connects asked of iwpm-testd, and '
         'the port mapper\'s\nkernel work for it (the requests times that '
         'of one above)', 'what',
         [(r['label'], r) for r in res.get('split', [])
          if r['key'] not in SPLIT_KEYS], 2, 1),
    ]


def isolation_lines(res):
    """The isolation figure, as (head, cells) of a table of its own."""
    r = res.get('isolation')
    if not r:
        return None
    return (['storm of %d' % r['conns'], fmt(r['running'], 1),
             fmt(r['stopped'], 1), fmt_ratio(r['ratio']), r['verdict'] or '-'])


ISOLATION_TITLE = ('A storm in the guest\'s namespace, the connect step in ms, '
                   'while another\nnamespace\'s iwpmd runs and while it is '
                   'stopped with a listen waiting for it\n(the series only: '
                   '6.12 has one port mapper for every namespace)')
ISOLATION_COLS = ['other\'s iwpmd running', 'stopped', 'stopped/running',
                  'verdict']


def print_report(res, meta):
    print('Benchmarks: series %s, %s, %s; %s; %s' % (
        meta['series'], meta['kernel'], meta['machine'], meta['order'],
        ', '.join('%s %d boots' % kv for kv in meta['boots'].items())))
    print('Each figure: median [min-max] over the boots of one value a boot '
          '(the median of its runs)')
    for title, head, rows, digits, scale in report_rows(res, meta):
        print('\n' + title)
        print('%-34s %-30s %-30s %-8s %s' % (head, 'linux', 'ours', 'gain',
                                             'verdict'))
        for label, r in rows:
            if r['linux'] is None and r['ours'] is None and 'ours_received' not in r:
                continue
            print('%-34s %-30s %-30s %-8s %s' % (
                label, cell(r, 'linux', digits, scale), cell(r, 'ours', digits, scale),
                fmt_ratio(r['gain']), r['verdict'] or '-'))
    iso = isolation_lines(res)
    if iso:
        print('\n' + ISOLATION_TITLE)
        print('%-34s %-30s %-30s %-16s %s' % tuple([''] + ISOLATION_COLS))
        print('%-34s %-30s %-30s %-16s %s' % tuple(iso))
    print('\nours/floor: ' + ', '.join(
        '%s %s %s' % (r['op'], size(r['n']), fmt(r['ours/floor'], 2))
        for r in res['table'] if r['ours/floor']))
    print('\nThe floor in every boot, ns per operation: the same code on both '
          'kernels, the drift control')
    for r in res['floor']:
        print('%-24s linux %-24s ours %-24s %s' % (
            '%s, %s' % (r['op'], size(r['n'])), boots_of(r['linux']),
            boots_of(r['ours']), r['verdict'] or '-'))
    print('\niwpmd started a second time, its first start not ready within '
          '10 s: %s' % ', '.join('%s %d' % kv for kv in res['second_starts'].items()))


def size(n):
    """N as the report shows it; past the ports of one address, a stress
    size."""
    return '{:,}'.format(n) + (' (stress)' if n > 65536 else '')


def rst_table(title, head, cols, rows):
    out = ['.. list-table:: ' + title, '   :header-rows: 1', '',
           '   * - ' + '\n     - '.join([head] + cols)]
    # a cell of a lone "-" would be an empty list in reStructuredText
    out += ['   * - ' + '\n     - '.join('n/a' if c == '-' else c for c in r)
            for r in rows]
    return out + ['']


def render_rst(results):
    """The figures of RESULTS as benchmarks.rst holds them."""
    meta = results['meta']
    lines = ['Measured by ``make bench`` on %s, %s: the series %s (a hash of '
             '``patches/``) against %s; %s, in the order %s.  Each cell is '
             'the median [min-max] over the boots of one value a boot (the '
             'median of its runs); the gain is how many times better the '
             'series is (6.12/series for a cost, series/6.12 for a rate); '
             'the verdict is not "tie" only where the ranges do not overlap.'
             % (meta['date'], meta['machine'], meta['series'], meta['kernel'],
                ', '.join('%d boots of %s' % (v, k)
                          for k, v in meta['boots'].items()), meta['order']),
             '', 'A boot: table sizes %s, runs of each: %d; remote-info sizes '
             '%s, fills of each: %d; rping: %d connections a run, runs with '
             'iwpmd and without: %d and %d; request round trips: %d a run, '
             'runs: %d; replays of %s mappings; storms of %s connections%s.' % (
                 ', '.join(map(str, meta['sizes'])), meta['reps'],
                 ', '.join(map(str, meta['reminfo_sizes'])) or 'none',
                 meta['reminfo_reps'], meta['rping_connections'],
                 meta['rping_reps'], meta['rping_reps'], meta['rtt_requests'],
                 meta['reps'], ', '.join(map(str, meta['replay_sizes'])) or 'no',
                 ', '.join(map(str, meta['storm_sizes'])) or 'no',
                 '; the series only, a storm of %d beside another namespace, '
                 '%d runs with its iwpmd running and %d with it stopped' % (
                     meta['isolation_connections'], meta['isolation_reps'],
                     meta['isolation_reps'])
                 if meta.get('isolation_connections') else ''), '']
    lines = [textwrap.fill(ln, 76) if ln else ln for ln in lines]
    cols = ['Linux 6.12', 'this series', 'gain', 'verdict']
    for title, head, rows, digits, scale in report_rows(results, meta):
        lines += rst_table(' '.join(title.split()), head, cols, [
            [label, cell(r, 'linux', digits, scale), cell(r, 'ours', digits, scale),
             fmt_ratio(r['gain']), r['verdict'] or '-'] for label, r in rows])
    iso = isolation_lines(results)
    if iso:
        lines += rst_table(' '.join(ISOLATION_TITLE.split()), 'storm',
                           ISOLATION_COLS, [iso])
    lines += rst_table('The floor in every boot, ns per operation (the same '
                       'code on both kernels: the drift control)', 'op, N',
                       ['Linux 6.12 boots', 'series boots', 'verdict'],
                       [['%s, %s' % (r['op'], size(r['n'])), boots_of(r['linux']),
                         boots_of(r['ours']), r['verdict'] or '-']
                        for r in results['floor']])
    return '\n'.join(lines).rstrip('\n') + '\n'


NO_RESULTS = ('No figures: ``make bench`` as described above has not yet '
              'been run and\npublished (``make bench-publish``).\n')
BEGIN, END = '.. bench-results: begin\n', '.. bench-results: end\n'


def doc_parts(path):
    """The document at PATH: before, between and after the markers."""
    with open(path) as f:
        doc = f.read()
    if doc.count(BEGIN) != 1 or doc.count(END) != 1:
        sys.exit('%s: no single pair of "%s" and "%s" lines'
                 % (path, BEGIN.strip(), END.strip()))
    before, rest = doc.split(BEGIN)
    held, after = rest.split(END)
    return before, held.strip('\n') + '\n', after


def write_doc(text, path):
    before, _, after = doc_parts(path)
    with open(path, 'w') as f:
        f.write(before + BEGIN + '\n' + text + '\n' + END + after)


def check_doc(text, path):
    """Whether the document at PATH holds TEXT between the markers."""
    held = doc_parts(path)[1]
    if held == text:
        return True
    sys.stdout.writelines(difflib.unified_diff(
        held.splitlines(True), text.splitlines(True), path, 'bench-report.py --rst'))
    return False


def plot(res, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4), squeeze=False)
    for ax, op in zip(axes[0], OPS):
        for name in NAMES:
            rows = [r for r in res['table'] if r['op'] == op and r[name]]
            ax.errorbar([r['n'] for r in rows], [r[name]['median'] for r in rows],
                        yerr=[[r[name]['median'] - r[name]['min'] for r in rows],
                              [r[name]['max'] - r[name]['median'] for r in rows]],
                        marker='o', capsize=3,
                        label={'linux': 'Linux 6.12', 'ours': 'iwpm'}[name])
        ax.set_xscale('log')
        ax.set_yscale('log')
        ax.set_xlabel('mappings in the table')
        ax.set_title(op)
        ax.grid(True, which='both', alpha=0.3)
    axes[0][0].set_ylabel('ns per operation (median, min-max over boots)')
    axes[0][0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def machine():
    model = platform.machine()
    try:
        with open('/proc/cpuinfo') as f:
            model = next((ln.split(':', 1)[1].strip() for ln in f
                          if ln.startswith('model name')), model)
    except OSError:
        pass
    return '%d x %s' % (os.cpu_count() or 0, model)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--sizes', default='1000,10000,65536,1000000')
    p.add_argument('--reps', type=int, default=3)
    p.add_argument('--rping', type=int, default=0)
    p.add_argument('--rping-reps', type=int, default=3)
    p.add_argument('--rtt', type=int, default=0)
    p.add_argument('--replay', default='')
    p.add_argument('--reminfo', default='')
    p.add_argument('--reminfo-reps', type=int, default=1)
    p.add_argument('--storm', default='')
    p.add_argument('--isolation', type=int, default=0)
    p.add_argument('--isolation-reps', type=int, default=1)
    p.add_argument('--series', default='-')
    p.add_argument('--kernel', default='-')
    p.add_argument('--bench', default='-')
    p.add_argument('--json')
    p.add_argument('--png')
    p.add_argument('--rst', metavar='RESULTS')
    p.add_argument('--check', metavar='DOC')
    p.add_argument('--write', metavar='DOC')
    p.add_argument('logs', nargs='*', metavar='NAME=LOG')
    args = p.parse_args()
    for name in ('sizes', 'replay', 'reminfo', 'storm'):
        setattr(args, name, [int(s) for s in getattr(args, name).split(',') if s])
    return args


def too_few_boots(boots, results):
    """Comparing needs MIN_BOOTS boots of each kernel, as many of one as of
    the other; a results file needs a comparison."""
    counts = {name: len(boots.get(name, [])) for name in NAMES}
    if not all(counts.values()):
        return ['a results file needs both kernels'] if results else []
    if counts['linux'] != counts['ours'] or counts['linux'] < MIN_BOOTS:
        return ['the kernels booted %d and %d times: a verdict needs %d or more '
                'of each, as many of one as of the other'
                % (counts['linux'], counts['ours'], MIN_BOOTS)]
    return []


def main():
    args = parse_args()
    if args.rst == '-':
        text = NO_RESULTS
    elif args.rst:
        with open(args.rst) as f:
            text = render_rst(json.load(f))
    if args.rst:
        if args.check:
            return 0 if check_doc(text, args.check) else 1
        if args.write:
            write_doc(text, args.write)
            return 0
        sys.stdout.write(text)
        return 0
    boots, gaps, order = {}, [], []
    for arg in args.logs:
        name, _, path = arg.partition('=')
        if name not in NAMES:
            sys.exit('bench-report: %s: the kernel is linux or ours' % arg)
        boots.setdefault(name, []).append(parse(path))
        gaps += missing(name, boots[name][-1], args)
        order.append(name)
    gaps += too_few_boots(boots, args.json)
    if gaps or not boots:
        for g in gaps or ['no boot given']:
            print('missing: ' + g, file=sys.stderr)
        print('bench-report: no figures: a boot lacks some', file=sys.stderr)
        return 1
    res = build(boots, args)
    res['meta'] = {'series': args.series, 'kernel': args.kernel,
                   'bench': args.bench,
                   'machine': machine(), 'date': time.strftime('%Y-%m-%d'),
                   'boots': {name: len(b) for name, b in boots.items()},
                   'order': ' '.join(order),
                   'sizes': args.sizes, 'reps': args.reps,
                   'reminfo_sizes': args.reminfo, 'reminfo_reps': args.reminfo_reps,
                   'rping_connections': args.rping, 'rping_reps': args.rping_reps,
                   'rtt_requests': args.rtt, 'replay_sizes': args.replay,
                   'storm_sizes': args.storm,
                   'isolation_connections': args.isolation,
                   'isolation_reps': args.isolation_reps}
    print_report(res, res['meta'])
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(res, f, indent=1, sort_keys=True)
            f.write('\n')
    if args.png:
        plot(res, args.png)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
