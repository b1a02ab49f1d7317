#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the console logs of benchmark guests into one table.

usage: bench-report.py [--sizes LIST] [--reps R] [--rping COUNT]
                       [--rping-reps R] [--rtt COUNT] [--replay LIST]
                       [--reminfo LIST] [--reminfo-reps R]
                       [--storm LIST] [--storm-runs R]
                       [--json FILE] [--png FILE] NAME=LOG...

Each LOG is the console of a guest that ran bench-guest.sh on one kernel
(NAME: "linux" for pristine 6.12, "ours" for the series).  A NAME may be
given several logs (the storms run in boots of their own): their figures
add up.  The floor (the benchmark's own minimal table) is taken from ours'
logs.  The logs must hold every figure asked for (every op of every size,
R times; the remote-info table for every --reminfo size, --reminfo-reps
times; with --rping, --rping-reps runs with and without iwpmd; with --rtt,
R runs of COUNT requests that the daemon all answered; with --replay, a
replay of every size, which "ours" must complete without loss; with
--storm, R storms of each size with iwpmd and R without, every connection
made) and no error, or the exit status is 1.  Figures are medians over the
runs, with [min-max].  With both kernels, ratios are linux/ours for costs
and ours/linux for rates; ours/floor compares ours with the floor.
"""

import argparse
import json
import re
import statistics
import sys

OPS = ('lookup', 'remove', 'insert', 'reminfo')
TABLE = re.compile(r'iwpm-bench: n=(\d+) rep=(\d+) op=(\w+) ops=(\d+) ns=(\d+)'
                   r'(?: floor_ns=(\d+))?')
MEMORY = re.compile(r'iwpm-bench: n=(\d+) bytes_per_mapping=(-?\d+)')
RPING = re.compile(r'iwpm-bench: rping daemon=(\w+) conns=(\d+) failed=(\d+) ns=(\d+)')
RTT = re.compile(r'iwpm-bench: rtt rep=\d+ kind=(\w+) n=(\d+) median_ns=(\d+) '
                 r'p99_ns=(\d+) max_ns=(\d+)')
RTT_DAEMON = re.compile(r'iwpm-bench: rtt daemon answers=(\d*) echoes=(\d*) '
                        r'mappings_left=(\d*)')
REPLAY = re.compile(r'iwpm-bench: replay n=(\d+) acked=([01])((?: \w+=\d*)*)')
STORM = re.compile(r'iwpm-bench: storm daemon=(\w+) conns=(\d+) procs=\d+ '
                   r'rc=(\d+) failed=(\d+)((?: \w+=[\d.]+)*)')
STEPS = ('create_id', 'resolve_addr', 'resolve_route', 'create_qp', 'connect',
         'disconnect', 'destroy')
ERROR = re.compile(r'iwpm-bench: error (.*)')


def new_run():
    return {'table': {}, 'floor': {}, 'memory': {}, 'rping': {},
            'rping_failed': {}, 'rping_conns': {}, 'rtt': {},
            'rtt_daemon': None, 'replay': {}, 'storm': {}, 'errors': [],
            'second_starts': 0,
            'done': False, 'unfinished': []}


def parse_storm(run, m):
    daemon, conns, rc, failed, steps = m.groups()
    if rc != '0' or failed != '0':
        run['errors'].append('storm daemon=%s conns=%s: exit %s, %s failures'
                             % (daemon, conns, rc, failed))
    fields = dict(kv.split('=') for kv in steps.split())
    run['storm'].setdefault((daemon, int(conns)), []).append(
        {k: float(v) for k, v in fields.items()})


def parse(path, run):
    """Add the figures of the log at PATH to RUN."""
    finished = False
    with open(path, errors='replace') as f:
        for line in f:
            if m := TABLE.search(line):
                n, _, op, ops, ns, floor = m.groups()
                run['table'].setdefault(op, {}).setdefault(int(n), []).append(
                    int(ns) / int(ops))
                if floor:
                    run['floor'].setdefault(op, {}).setdefault(
                        int(n), []).append(int(floor) / int(ops))
            elif m := STORM.search(line):
                parse_storm(run, m)
            elif 'iwpm-bench: iwpmd started a second time' in line:
                run['second_starts'] += 1
            elif m := MEMORY.search(line):
                run['memory'][int(m.group(1))] = int(m.group(2))
            elif m := RPING.search(line):
                d, conns, failed, ns = m.groups()
                ok = int(conns) - int(failed)
                run['rping'].setdefault(d, []).append(ok * 1e9 / int(ns))
                run['rping_failed'][d] = run['rping_failed'].get(d, 0) + int(failed)
                run['rping_conns'][d] = run['rping_conns'].get(d, 0) + int(conns)
            elif m := RTT.search(line):
                kind, n, median, p99, _ = m.groups()
                r = run['rtt'].setdefault(kind, {'n': int(n), 'median': [],
                                                 'p99': []})
                r['median'].append(int(median))
                r['p99'].append(int(p99))
            elif m := RTT_DAEMON.search(line):
                run['rtt_daemon'] = tuple(int(v or 0) for v in m.groups())
            elif m := REPLAY.search(line):
                fields = dict(kv.split('=') for kv in m.group(3).split())
                r = {k: int(v or 0) for k, v in fields.items()}
                r['acked'] = m.group(2) == '1'
                run['replay'][int(m.group(1))] = r
            elif m := ERROR.search(line):
                run['errors'].append(m.group(1))
            elif 'iwpm-bench: done' in line:
                run['done'] = True
            elif 'iwpm-bench: finished' in line:
                finished = True
    if not finished:
        run['unfinished'].append(path)
    return run


def lost(n, r):
    """Mappings of N that did not reach the daemon."""
    return n - r.get('received', 0)


def missing(name, run, plan, reps, rping, rping_reps, rtt, replay, storm):
    gaps = ['%s: error %s' % (name, e) for e in run['errors']]
    gaps += ['%s: guest script did not finish: %s' % (name, path)
             for path in run['unfinished']]
    if not run['done']:
        gaps.append('%s: table benchmark did not finish' % name)
    sizes, runs = storm
    for key in ((d, n) for n in sizes for d in ('iwpmd', 'none')):
        got = len(run['storm'].get(key, []))
        if got != runs:
            gaps.append('%s: storm %s conns=%d: %d of %d runs'
                        % (name, key[0], key[1], got, runs))
    for op, (sizes, want) in plan.items():
        for n in sizes:
            got = len(run['table'].get(op, {}).get(n, []))
            if got != want:
                gaps.append('%s: %s n=%d: %d of %d runs' % (name, op, n, got, want))
    for d in ('iwpmd', 'none') if rping else ():
        got = len(run['rping'].get(d, []))
        if got != rping_reps:
            gaps.append('%s: rping %s: %d of %d runs' % (name, d, got, rping_reps))
    for kind in ('floor', 'request') if rtt else ():
        got = len(run['rtt'].get(kind, {}).get('median', []))
        if got != reps:
            gaps.append('%s: rtt %s: %d of %d runs' % (name, kind, got, reps))
    if rtt and (not run['rtt_daemon'] or min(run['rtt_daemon'][:2]) < rtt * reps):
        gaps.append('%s: rtt: the daemon answered and echoed %s, not %d each'
                    % (name, run['rtt_daemon'], rtt * reps))
    if rtt and run['rtt_daemon'] and run['rtt_daemon'][2]:
        gaps.append('%s: rtt: %d mappings left in the daemon after removal'
                    % (name, run['rtt_daemon'][2]))
    for n in replay:
        r = run['replay'].get(n)
        if r is None:
            gaps.append('%s: replay n=%d: no figure' % (name, n))
        elif name == 'ours' and (lost(n, r) or not r['acked']):
            gaps.append('%s: replay n=%d: %d mappings lost, %s' % (
                name, n, lost(n, r), 'acked' if r['acked'] else 'never acked'))
    return gaps


def summary(values):
    return {'median': statistics.median(values), 'min': min(values),
            'max': max(values), 'runs': values}


def fmt(s, digits=0):
    if s is None:
        return '-'
    return '%.*f [%.*f-%.*f]' % (digits, s['median'], digits, s['min'],
                                 digits, s['max'])


def ratio(a, b):
    if a is None or b is None or not b['median']:
        return None
    return a['median'] / b['median']


def fmt_ratio(r):
    return '-' if r is None else '%.2fx' % r


def floor_of(runs, op, n):
    """The floor's figures for OP at N, from ours' boot where there is one.

    A remote-info lookup takes the entry it finds: its floor is the floor's
    removal at the same N."""
    run = runs.get('ours') or next(iter(runs.values()))
    vals = run['floor'].get('remove' if op == 'reminfo' else op, {}).get(n)
    return summary(vals) if vals else None


def build_storm(runs, storm):
    rows = []
    for n in storm[0]:
        for name, run in runs.items():
            for daemon in ('iwpmd', 'none'):
                vals = run['storm'].get((daemon, n))
                if vals:
                    rows.append({'conns': n, 'kernel': name, 'daemon': daemon,
                                 **{st: summary([v.get(st, 0) for v in vals])
                                    for st in STEPS}})
    return rows


def build(runs, plan, rping, replay, storm):
    out = {'table': [], 'memory': [], 'rping': [], 'rtt': [], 'replay': [],
           'storm': build_storm(runs, storm),
           'second_starts': {name: run['second_starts']
                             for name, run in runs.items()}}
    for n in sorted({n for sizes, _ in plan.values() for n in sizes}):
        for op in (op for op in OPS if n in plan[op][0]):
            row = {'n': n, 'op': op, 'floor': floor_of(runs, op, n)}
            for name, run in runs.items():
                vals = run['table'].get(op, {}).get(n)
                row[name] = summary(vals) if vals else None
            out['table'].append(row)
        if n in plan['lookup'][0]:
            out['memory'].append({'n': n, **{name: run['memory'].get(n)
                                             for name, run in runs.items()}})
    for name, run in runs.items():
        if rping:
            row = {'kernel': name}
            for d in ('iwpmd', 'none'):
                vals = run['rping'].get(d)
                row[d] = summary(vals) if vals else None
                row[d + '_failed'] = '%d/%d' % (run['rping_failed'].get(d, 0),
                                                run['rping_conns'].get(d, 0))
            out['rping'].append(row)
        if run['rtt']:
            row = {'kernel': name}
            for kind, r in run['rtt'].items():
                row[kind] = {'n': r['n'], 'median': summary(r['median']),
                             'p99': summary(r['p99'])}
            out['rtt'].append(row)
    for n in replay:
        for name, run in runs.items():
            r = run['replay'].get(n)
            if r:
                out['replay'].append({'n': n, 'kernel': name, 'lost': lost(n, r), **r})
    return out


def print_table(res, names, plan):
    both = 'linux' in names and 'ours' in names
    print('Mapping table through the driver API: ns per operation, '
          'median [min-max]')
    head = '%9s %-7s' % ('N', 'op') + ''.join(' %-26s' % n for n in names)
    print(head + ' %-26s' % 'floor' + (' %-11s' % 'linux/ours' if both else '')
          + ' ours/floor')
    for row in res['table']:
        line = '%9d %-7s' % (row['n'], row['op'])
        line += ''.join(' %-26s' % fmt(row[n], 1) for n in names)
        line += ' %-26s' % fmt(row['floor'], 1)
        if both:
            line += ' %-11s' % fmt_ratio(ratio(row['linux'], row['ours']))
        line += ' ' + fmt_ratio(ratio(row.get('ours'), row['floor']))
        print(line)
    print('\nMemory: bytes per mapping (slab growth over the fill / N)')
    for row in res['memory']:
        print('%9d        ' % row['n'] +
              ''.join(' %-26s' % row[n] for n in names))
    if res['rping']:
        print('\nrping -c -C 1, sequential: successful connections per '
              'second, median [min-max]; failed connections in all runs')
        print('%-8s %-20s %-9s %-20s %-9s %s' % (
            'kernel', 'with iwpmd', 'failed', 'without (floor)', 'failed',
            'iwpmd/floor'))
        for row in res['rping']:
            print('%-8s %-20s %-9s %-20s %-9s %s' % (
                row['kernel'], fmt(row['iwpmd'], 2), row['iwpmd_failed'],
                fmt(row['none'], 2), row['none_failed'],
                fmt_ratio(ratio(row['iwpmd'], row['none']))))
    print_rtt(res)
    print_replay(res)
    print_storm(res)
    if both:
        print_targets(res, plan)


def rtt_ratio(row, stat):
    if 'floor' not in row or 'request' not in row:
        return None
    return ratio(row['request'][stat], row['floor'][stat])


def print_rtt(res):
    if not res['rtt']:
        return
    n = res['rtt'][0].get('request', {}).get('n', 0)
    print('\nRequest round trip, ns: add-and-query through iwpm-testd against '
          'the bare\nkernel -> daemon -> kernel echo, %d of each per run; '
          'median [min-max] over runs' % n)
    print('%-8s %-6s %-24s %-24s %s' % ('kernel', '', 'floor (echo)',
                                       'request', 'request/floor'))
    for row in res['rtt']:
        for stat in ('median', 'p99'):
            print('%-8s %-6s %-24s %-24s %s' % (
                row['kernel'], stat, fmt(row.get('floor', {}).get(stat)),
                fmt(row.get('request', {}).get(stat)),
                fmt_ratio(rtt_ratio(row, stat))))


def print_replay(res):
    if not res['replay']:
        return
    print('\nReplay of N live mappings to a restarted daemon (iwpm-testd): '
          'time from its\nrequest to its acknowledgement; messages and '
          'datagrams it received since start')
    print('%9s %-8s %-6s %-9s %-9s %-10s %-9s %s' % (
        'N', 'kernel', 'acked', 'received', 'lost', 'ms', 'messages',
        'datagrams'))
    for r in res['replay']:
        print('%9d %-8s %-6s %-9d %-9d %-10s %-9d %d' % (
            r['n'], r['kernel'], 'yes' if r['acked'] else 'NO',
            r.get('received', 0), r['lost'],
            '%.1f' % (r['us'] / 1000) if 'us' in r else '-',
            r.get('messages', 0), r.get('datagrams', 0)))


def print_storm(res):
    if not res['storm']:
        return
    print('\ncmtime storm: N connections at once over siw (cmtime processes of '
          '50); per step,\nthe longest process\'s total in ms, median '
          '[min-max] over runs; connect carries the port mapper')
    print('%6s %-7s %-7s %-24s %s' % ('N', 'kernel', 'daemon', 'connect',
                                     ' '.join('%-13s' % st for st in STEPS
                                              if st != 'connect')))
    for r in res['storm']:
        print('%6d %-7s %-7s %-24s %s' % (
            r['conns'], r['kernel'], r['daemon'], fmt(r['connect'], 1),
            ' '.join('%-13.1f' % r[st]['median'] for st in STEPS
                     if st != 'connect')))
    print('iwpmd started a second time (the first start did not finish): %s'
          % ', '.join('%s %d' % kv for kv in res['second_starts'].items()))


def storm_cell(res, n, kernel, daemon):
    for r in res['storm']:
        if (r['conns'], r['kernel'], r['daemon']) == (n, kernel, daemon):
            return r['connect']
    return None


def print_storm_targets(res):
    for n in sorted({r['conns'] for r in res['storm']}):
        r = ratio(storm_cell(res, n, 'ours', 'iwpmd'),
                  storm_cell(res, n, 'linux', 'iwpmd'))
        if r is not None:
            print('  storm of %d, connect with iwpmd: ours/linux = %.2fx '
                  '(at most 1.0x): %s' % (n, r, verdict(r <= 1.0)))
        for k in ('linux', 'ours'):
            f = ratio(storm_cell(res, n, k, 'iwpmd'), storm_cell(res, n, k, 'none'))
            if f is not None:
                print('  storm of %d, %s: connect with iwpmd / without = %.2fx'
                      % (n, k, f))


def print_table_targets(res):
    for row in res['table']:
        r = ratio(row.get('linux'), row.get('ours'))
        f = ratio(row.get('ours'), row['floor'])
        if r is not None:
            print('  %s at N=%d: linux/ours = %.2fx (at least 1.0x): %s'
                  % (row['op'], row['n'], r, verdict(r >= 1.0)))
        if f is not None:
            print('  %s at N=%d: ours/floor = %.2fx (at most 2.0x): %s'
                  % (row['op'], row['n'], f, verdict(f <= 2.0)))


def cell(res, n, op, name):
    for row in res['table']:
        if row['n'] == n and row['op'] == op:
            return row[name]
    return None


def verdict(ok):
    return 'met' if ok else 'MISSED'


def print_targets(res, plan):
    print('\nTargets')
    print_table_targets(res)
    print_storm_targets(res)
    for op in OPS:
        sizes = plan[op][0]
        if len(sizes) < 2:
            continue
        lo, hi = min(sizes), max(sizes)
        g = ratio(cell(res, hi, op, 'ours'), cell(res, lo, op, 'ours'))
        if g is not None:
            print('  ours, %s: cost at N=%d / at N=%d = %.2fx (at most 2x): %s'
                  % (op, hi, lo, g, verdict(g <= 2)))
    for op in ('lookup', 'reminfo'):
        if not plan[op][0] or max(plan[op][0]) < 100000:
            continue
        hi = max(plan[op][0])
        r = ratio(cell(res, hi, op, 'linux'), cell(res, hi, op, 'ours'))
        if r is not None:
            print('  %s at N=%d: linux/ours = %.1fx (at least 20x): %s'
                  % (op, hi, r, verdict(r >= 20)))
    rows = {row['kernel']: row for row in res['rtt']}
    for stat in ('median', 'p99') if 'ours' in rows else ():
        r = rtt_ratio(rows['ours'], stat)
        if r is not None:
            print('  request round trip, ours: %s / floor\'s = %.2fx '
                  '(at most 1.5x): %s' % (stat, r, verdict(r <= 1.5)))
    if 'ours' in rows and 'linux' in rows and 'request' in rows['linux']:
        r = ratio(rows['linux']['request']['median'],
                  rows['ours']['request']['median'])
        if r is not None:
            print('  request round trip: linux/ours = %.2fx' % r)
    for r in res['replay']:
        if r['kernel'] == 'ours':
            print('  replay of %d mappings, ours: %d lost (none), %s: %s'
                  % (r['n'], r['lost'], 'acked' if r['acked'] else 'never acked',
                     verdict(r['acked'] and not r['lost'])))
    rows = {row['kernel']: row for row in res['rping']}
    if 'linux' in rows and 'ours' in rows:
        r = ratio(rows['ours']['iwpmd'], rows['linux']['iwpmd'])
        if r is not None:
            print('  rping with iwpmd: ours/linux = %.2fx (at least 1.0x): %s'
                  % (r, verdict(r >= 1.0)))
        f = ratio(rows['ours']['iwpmd'], rows['ours']['none'])
        if f is not None:
            print('  rping, ours with iwpmd / floor = %.2fx (at least 0.9x): %s'
                  % (f, verdict(f >= 0.9)))


def plot(res, names, path):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt

    ops = [op for op in OPS if any(r['op'] == op for r in res['table'])]
    fig, axes = plt.subplots(1, len(ops), figsize=(4.3 * len(ops), 4),
                             sharey=True, squeeze=False)
    axes = axes[0]
    for ax, op in zip(axes, ops):
        for name in names:
            rows = [r for r in res['table'] if r['op'] == op and r[name]]
            ax.errorbar([r['n'] for r in rows],
                        [r[name]['median'] for r in rows],
                        yerr=[[r[name]['median'] - r[name]['min'] for r in rows],
                              [r[name]['max'] - r[name]['median'] for r in rows]],
                        marker='o', capsize=3,
                        label={'linux': 'Linux 6.12', 'ours': 'iwpm'}.get(name, name))
        ax.set_xscale('log')
        ax.set_yscale('log')
        ax.set_xlabel('mappings in the table')
        ax.set_title(op)
        ax.grid(True, which='both', alpha=0.3)
    axes[0].set_ylabel('ns per operation (median, min-max)')
    axes[0].legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--sizes', default='1000,10000,100000,1000000')
    p.add_argument('--reps', type=int, default=5)
    p.add_argument('--rping', type=int, default=0)
    p.add_argument('--rping-reps', type=int, default=3)
    p.add_argument('--rtt', type=int, default=0)
    p.add_argument('--replay', default='')
    p.add_argument('--reminfo', default='')
    p.add_argument('--reminfo-reps', type=int, default=1)
    p.add_argument('--storm', default='')
    p.add_argument('--storm-runs', type=int, default=1)
    p.add_argument('--json')
    p.add_argument('--png')
    p.add_argument('logs', nargs='+', metavar='NAME=LOG')
    args = p.parse_args()
    sizes = [int(s) for s in args.sizes.split(',')]
    replay = [int(s) for s in args.replay.split(',') if s]
    storm = ([int(s) for s in args.storm.split(',') if s], args.storm_runs)
    plan = {op: (sizes, args.reps) for op in OPS}
    plan['reminfo'] = ([int(s) for s in args.reminfo.split(',') if s],
                       args.reminfo_reps)
    runs = {}
    for arg in args.logs:
        name, _, path = arg.partition('=')
        parse(path, runs.setdefault(name, new_run()))
    gaps = [g for name, run in runs.items()
            for g in missing(name, run, plan, args.reps, args.rping,
                             args.rping_reps, args.rtt, replay, storm)]
    res = build(runs, plan, args.rping, replay, storm)
    print_table(res, list(runs), plan)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump({'sizes': sizes, 'reps': args.reps,
                       'reminfo_sizes': plan['reminfo'][0],
                       'reminfo_reps': args.reminfo_reps,
                       'rping_connections': args.rping,
                       'rping_reps': args.rping_reps,
                       'rtt_requests': args.rtt, 'replay_sizes': replay,
                       'storm_sizes': storm[0], 'storm_runs': storm[1],
                       **res}, f, indent=1)
    if args.png:
        plot(res, list(runs), args.png)
    for g in gaps:
        print('missing: ' + g, file=sys.stderr)
    return 1 if gaps else 0


if __name__ == '__main__':
    raise SystemExit(main())
