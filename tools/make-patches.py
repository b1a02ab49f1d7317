#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the in-tree patch series (patches/) from this repository.

The series is never edited by hand: this script copies the port mapper's
sources over a pristine Linux tree, makes the few edits the rest of the
kernel needs, commits each logical change and runs git format-patch.  Its
output is byte for byte reproducible, so `make check` regenerates the series
and fails if the committed one differs.

usage: make-patches.py --src LINUX_6.12_TREE [--out DIR]
       make-patches.py --series fixes|iwpm|netns --src LINUX_TREE [--out DIR]

--series fixes|iwpm|netns makes one of the three series sent to mainline
(PARTS below), with its own cover letter, by default into patches/NAME/:
the fixes for stable, which the stable trees take as they are (6.12; 6.1
needs only the first two); the port mapper rebuilt, on top of the fixes;
the namespace work, an RFC on top of both.  From a tree other than
MAINLINE's (7.3), the same series as its backport, into
patches/VERSION/NAME/ and with the version in the subject prefix
("[PATCH 6.12 ...]").  Without --series, all of them as one series into
patches/: the backport to 6.12 the test kernels run.
"""

import argparse
import json
import re
import os
import pathlib
import subprocess
import sys
import tempfile
import textwrap

REPO = pathlib.Path(__file__).resolve().parent.parent
CORE = 'drivers/infiniband/core'

# The pre-images: every file of the pristine tree that a patch changes.
BASE_FILES = [
    f'{CORE}/Makefile',
    f'{CORE}/cma.c',
    f'{CORE}/cma_priv.h',
    f'{CORE}/iwcm.c',
    f'{CORE}/iwcm.h',
    f'{CORE}/iwpm_msg.c',
    f'{CORE}/iwpm_util.c',
    f'{CORE}/iwpm_util.h',
    f'{CORE}/netlink.c',
    'drivers/infiniband/Kconfig',
    'include/rdma/rdma_netlink.h',
    'include/rdma/iw_cm.h',
    'include/rdma/iw_portmap.h',
]

AUTHOR = 'iwpm developers <iwpm@example.invalid>'
DATE = '2026-11-23T00:00:00+00:00'


class Tree:
    """A scratch git repository holding the pre-images, then the series."""

    def __init__(self, path, series, src):
        self.path = pathlib.Path(path)
        self.series = series
        self.subjects = {}
        self.index = 0          # the step being made (generate())
        # Trees that have k[mz]alloc_obj() (7.0 on, and 6.12.118, which
        # has them backported) allocate one object with it.
        slab = (pathlib.Path(src) / 'include/linux/slab.h').read_text()
        self.alloc_obj = 'define kzalloc_obj(' in slab

    def git(self, *args):
        name, email = AUTHOR[:-1].split(' <')
        env = dict(os.environ,
                   GIT_CONFIG_NOSYSTEM='1', GIT_CONFIG_GLOBAL='/dev/null',
                   GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=email,
                   GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=email,
                   GIT_AUTHOR_DATE=DATE, GIT_COMMITTER_DATE=DATE)
        subprocess.run(['git', '-c', 'core.abbrev=12', *args], cwd=self.path,
                       env=env, check=True, stdout=subprocess.DEVNULL)

    def read(self, rel):
        return (self.path / rel).read_text()

    def write(self, rel, text):
        dst = self.path / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_text(text)

    def edit(self, rel, old, new):
        """Replace the one occurrence of @old; fail loudly if it moved."""
        text = self.read(rel)
        if text.count(old) != 1:
            sys.exit(f'make-patches: {rel}: anchor not found once:\n{old}')
        self.write(rel, text.replace(old, new))

    def copy(self, src, rel):
        text = (REPO / src).read_text()
        if self.alloc_obj:
            text = re.sub(r'\b(k[mz]alloc)\(sizeof\((\*\w+)\), GFP_KERNEL\)',
                          r'\1_obj(\2)', text)
            text = re.sub(r'\b(k[mz]alloc)\(sizeof\((\*\w+)\), (GFP_\w+)\)',
                          r'\1_obj(\2, \3)', text)
        self.write(rel, text)

    def commit(self, message):
        self.git('add', '-A')
        paras = message.strip().split('\n\n')
        for i, para in enumerate(paras):
            if '{patch:' in para:
                para = re.sub(r'\{patch:(\w+)\}', lambda m: self.ref(m[1]),
                              re.sub(r'([.:])\n', r'\1  ', para))
                paras[i] = textwrap.fill(para, 72, break_long_words=False,
                                         break_on_hyphens=False)
        msg = '\n\n'.join(paras) + f'\n\nSigned-off-by: {AUTHOR}\n'
        self.git('commit', '-q', '-m', msg)
        self.subject = paras[0]

    def ref(self, name):
        """How a message of this series names the patch of step @name:
        by number in its own series, by subject in an earlier one, and as
        "a later series" in one that may never be merged."""
        i = [fn.__name__ for fn in SERIES].index(name)
        begin, end = PARTS.get(self.series, (0, len(SERIES)))
        if self.index < begin:
            return name         # the commit is in the base, not the series
        if begin <= i < end:
            return f'patch {i - begin + 1}'
        if i < begin:
            return f'"{self.subjects[name]}"'
        return 'a later series'


# The patches, in order: each function below marked @step makes one.
SERIES = []
# The three series sent upstream, as ranges of SERIES: the fixes for
# stable, the port mapper rebuilt, and the namespace work (an RFC).
PARTS = {'fixes': (0, 3), 'iwpm': (3, 21), 'netns': (21, 25)}
# The maintainers' tree the three series are for; against any other base
# they are backports, in patches/<VERSION.PATCHLEVEL>/ and so named.
MAINLINE = '7.3'


def step(fn):
    SERIES.append(fn)
    return fn


@step
def reply_to_socket(t):
    text = t.read(f'{CORE}/iwpm_msg.c')
    old = '\tiwpm_user_pid = cb->nlh->nlmsg_pid;\n'
    if text.count(old) != 3:
        sys.exit('make-patches: iwpm_msg.c: nlmsg_pid uses moved')
    text = text.replace(old, '\tiwpm_user_pid = NETLINK_CB(cb->skb).portid;\n')
    t.write(f'{CORE}/iwpm_msg.c', text)
    t.commit('''
RDMA/iwpm: Answer the daemon's socket, not the port its message names

The port mapper takes the netlink port of the daemon from nlmsg_pid of
the daemon's REG_PID, MAPINFO and HELLO messages, a field the sender
fills in as it likes.  A sender that names port 0, the kernel's own
socket, makes the HELLO answer go back into ib_core's receive path,
which runs it as a netlink dump of the kernel socket and calls
iwpm_hello_cb() again, whose answer goes to port 0 again, where the dump
mutex is now held.  Measured in UML on 7.3 and 6.12, a HELLO from root
naming port 0 leaves the sender in D state for good:

  __mutex_lock_slowpath
  mutex_lock
  __netlink_dump_start
  rdma_nl_rcv_msg
  rdma_nl_rcv_skb.constprop.0.isra.0
  rdma_nl_rcv
  netlink_unicast

and every later message to the port mapper waits behind it.  A MAPINFO
naming port 0, once the daemon has mapped a listener, replays the
mappings to the kernel's socket, which takes no messages; in UML on 7.3
(and alike on 6.12):

  BUG: failure at net/netlink/af_netlink.c:2020/netlink_data_ready()!
  Kernel panic - not syncing: BUG!

Naming another process's port sends that process the mappings.

Take the port from the socket the message came from, as every other
netlink family does; a user socket's port is never the kernel's.  With
this patch the same HELLO and MAPINFO are answered on the sender's
socket.

Fixes: 30dc5e63d6a5 ("RDMA/core: Add support for iWARP Port Mapper user space service")
Cc: stable@vger.kernel.org
''')


@step
def admin_perm(t):
    text = t.read(f'{CORE}/iwcm.c')
    for op in ('REG_PID', 'ADD_MAPPING', 'QUERY_MAPPING', 'REMOTE_INFO',
               'HANDLE_ERR', 'MAPINFO', 'MAPINFO_NUM', 'HELLO'):
        old = f'[RDMA_NL_IWPM_{op}] = {{.dump = '
        if text.count(old) != 1:
            sys.exit(f'make-patches: iwcm.c: {op} not found once')
        i = text.index(old)
        j = text.index('}', i)
        text = text[:j] + ',\n\t\t\t\t    .flags = RDMA_NL_ADMIN_PERM' + text[j:]
    t.write(f'{CORE}/iwcm.c', text)
    t.commit('''
RDMA/iwcm: Require CAP_NET_ADMIN for port mapper messages

ib_core refuses the ops of a netlink client flagged RDMA_NL_ADMIN_PERM to
senders without CAP_NET_ADMIN, but iw_cm never flags the port mapper's.
So any local user can send what only iwpmd should: register as the
daemon (every later request then goes to that user's socket, with the
addresses of the connection), answer a pending request with a mapped
address of its choosing, or make the port mapper replay its mapping
table to it.

Before the previous patch, a HELLO or MAPINFO naming port 0 from such a
user hung the port mapper for good or panicked the kernel.  Measured in
UML on 7.3 with the previous patch: a prober running as nobody, which
sends one message of each op asking for an ACK, gets eight answers and
no -EPERM.

Flag every IWCM op.  iwpmd runs as root; nothing else has reason to send
these messages.  An unprivileged sender now gets -EPERM for each of the
eight ops, and nothing changes.

Fixes: b493d91d333e ("iwcm: common code for port mapper")
Cc: stable@vger.kernel.org
''')


@step
def guard_iwpm_group(t):
    t.edit(f'{CORE}/netlink.c', 'int rdma_nl_net_init(struct rdma_dev_net *rnet)\n',
           '''/*
 * The port mapper sends its registrations to this group and, whenever
 * anybody listens, waits for an answer; only the port mapper daemon, which
 * runs with CAP_NET_ADMIN, has reason to listen.
 */
static int rdma_nl_bind(struct net *net, int group)
{
	if (group == RDMA_NL_GROUP_IWPM && !capable(CAP_NET_ADMIN))
		return -EPERM;
	return 0;
}

int rdma_nl_net_init(struct rdma_dev_net *rnet)
''')
    t.edit(f'{CORE}/netlink.c', '\t\t.flags = NL_CFG_F_NONROOT_RECV,\n',
           '\t\t.flags = NL_CFG_F_NONROOT_RECV,\n\t\t.bind = rdma_nl_bind,\n')
    t.commit('''
RDMA/netlink: Keep unprivileged sockets out of the port mapper group

Since NETLINK_RDMA was given NL_CFG_F_NONROOT_RECV for RDMA monitoring,
any process may join its multicast groups.  The kernel sends its port
mapper registrations to RDMA_NL_GROUP_IWPM, with the device and
interface names.  A process that hears them learns when the port mapper
is looking for a daemon; by merely listening, it also turns the
registration's "nobody listens, no daemon runs" answer into a wait for a
reply that never comes, 10 s for each listen or connect, and a wildcard
rdma_listen() waits with rdma_cm's global lock held
(cma_listen_on_all()).

Require CAP_NET_ADMIN to join that group.  The port mapper multicasts in
init_net only, and only the host's administrator runs its daemon, so the
check is capable(), not the capability in the socket's namespace that
netlink checked for every group before that change.  The other groups
keep their current rules.

Fixes: 9cbed5aab5ae ("RDMA/nldev: Add support for RDMA monitoring")
Cc: stable@vger.kernel.org
''')


@step
def constify_put_attr(t):
    for rel, end in ((f'{CORE}/netlink.c', ')\n{'),
                     ('include/rdma/rdma_netlink.h', ');')):
        t.edit(rel, '\t\t  int len, void *data, int type' + end,
               '\t\t  int len, const void *data, int type' + end)
    t.commit('''
RDMA/netlink: Take const data in ibnl_put_attr()

ibnl_put_attr() copies the attribute data into the skb and never writes
through the pointer, like the nla_put() it wraps.  Say so in its
prototype, so callers can pass the addresses and names they keep in const
memory without a cast.
''')


def doit_prototype(name):
    col = len(f'int {name}(')
    return (f'int {name}(struct sk_buff *skb, struct nlmsghdr *nlh,\n'
            + '\t' * (col // 8) + ' ' * (col % 8)
            + 'struct netlink_ext_ack *extack);')


@step
def doit_callbacks(t):
    msg = t.read(f'{CORE}/iwpm_msg.c')
    msg = msg.replace('int iwpm_add_and_query_mapping_cb(struct sk_buff *skb,\n'
                      '\t\t\t\tstruct netlink_callback *cb)',
                      'int iwpm_add_and_query_mapping_cb(struct sk_buff *skb,\n'
                      '\t\t\t\t  struct nlmsghdr *nlh,\n'
                      '\t\t\t\t  struct netlink_ext_ack *extack)')
    for name in ('register_pid', 'add_mapping', 'remote_info',
                 'mapping_info', 'ack_mapping_info', 'mapping_error', 'hello'):
        old = f'int iwpm_{name}_cb(struct sk_buff *skb, struct netlink_callback *cb)'
        col = len(f'int iwpm_{name}_cb(')
        new = (f'int iwpm_{name}_cb(struct sk_buff *skb, struct nlmsghdr *nlh,\n'
               + '\t' * (col // 8) + ' ' * (col % 8)
               + 'struct netlink_ext_ack *extack)')
        if msg.count(old) != 1:
            sys.exit(f'make-patches: iwpm_msg.c: {name} callback moved')
        msg = msg.replace(old, new)
    msg = msg.replace('NETLINK_CB(cb->skb)', 'NETLINK_CB(skb)')
    msg = msg.replace('cb->nlh', 'nlh')
    msg = re.sub(r'(\tif \(iwpm_parse_nlmsg\()cb(,[^\n]*\n)\t+ *',
                 '\\1nlh\\2\t\t\t     ', msg)
    if 'netlink_callback' in msg or 'cb->' in msg:
        sys.exit('make-patches: iwpm_msg.c: a dump callback is left')
    doc = ' * @cb: Contains the received message (payload and netlink header)\n'
    if msg.count(doc) != 8:
        sys.exit('make-patches: iwpm_msg.c: the callbacks\' kernel-doc moved')
    msg = msg.replace(doc, ' * @nlh: The received message\n'
                           ' * @extack: The extended ACK (unused)\n')
    t.write(f'{CORE}/iwpm_msg.c', msg)
    t.edit(f'{CORE}/iwpm_msg.c', '''			"remote_info: Mapped remote sockaddr:");
	return ret;
''', '''			"remote_info: Mapped remote sockaddr:");
	return 0;
''')
    t.edit(f'{CORE}/iwpm_msg.c', '''	ret = iwpm_send_hello(nl_client, iwpm_user_pid, iwpm_ulib_version);
	return ret;
''', '''	/* iwpmd would take an error for a kernel of ABI version 3 */
	iwpm_send_hello(nl_client, iwpm_user_pid, iwpm_ulib_version);
	return 0;
''')
    for rel in (f'{CORE}/iwpm_util.c', f'{CORE}/iwpm_util.h'):
        text = re.sub(r'int iwpm_parse_nlmsg\(struct netlink_callback \*cb, '
                      r'int policy_max,\n\t+ *(const struct nla_policy '
                      r'\*nlmsg_policy,)\n\t+ *',
                      'int iwpm_parse_nlmsg(const struct nlmsghdr *nlh, '
                      'int policy_max,\n\t\t     \\1\n\t\t     ',
                      t.read(rel), count=1)
        t.write(rel, text.replace('cb->nlh', 'nlh'))
    hdr = t.read('include/rdma/iw_portmap.h')
    hdr = re.sub(r'int (iwpm_\w+_cb)\(struct sk_buff \*, struct netlink_callback \*\);',
                 lambda m: doit_prototype(m.group(1)), hdr)
    hdr = hdr.replace('int iwpm_hello_cb(struct sk_buff *skb, struct netlink_callback *cb);',
                      'int iwpm_hello_cb(struct sk_buff *skb, struct nlmsghdr *nlh,\n\t\t  struct netlink_ext_ack *extack);')
    if 'netlink_callback' in hdr:
        sys.exit('make-patches: iw_portmap.h: a dump callback is left')
    t.write('include/rdma/iw_portmap.h', hdr)
    iwcm = t.read(f'{CORE}/iwcm.c').replace('{.dump = iwpm_', '{.doit = iwpm_')
    t.write(f'{CORE}/iwcm.c', iwcm)
    t.edit(f'{CORE}/netlink.c',
           '''	/* FIXME: Convert IWCM to properly handle doit callbacks */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) || index == RDMA_NL_IWCM) {
''', '''	if (nlh->nlmsg_flags & NLM_F_DUMP) {
''')
    t.commit('''
RDMA/iwcm: Convert the port mapper netlink ops to doit

Every message to RDMA_NL_IWCM starts a netlink dump, as netlink.c's
FIXME says, although none of the callbacks dumps anything: each takes the
one message in the callback's nlh and skb.  So the daemon gets an
NLMSG_DONE for every message, carrying the callback's error, which iwpmd
ignores, and a message that reaches the kernel's own socket re-enters the
dump machinery of that socket, which is how a HELLO to port 0 hung the
sender.

Make the callbacks doit callbacks, taking the skb, the message and its
extack, and let ib_core call them like any other doit: what they return
now reaches the sender as an NLMSG_ERROR.  For a message a callback
rejects (one that does not parse, or answers no outstanding request)
iwpmd ignores that: it acts on an error of sequence 0 alone, which only
its HELLO, the first message it sends, has.  Two callbacks returned an
error for a message they had handled: iwpm_remote_info_cb() returned
-EINVAL having stored the remote address, and iwpm_hello_cb() returned a
failure to send its answer, an error iwpmd would take for a kernel of
ABI 3 for as long as it runs.  Both return 0 now; iwpm_send_hello() logs
its failures.

The conversion does not end the hang: {patch:reply_to_socket} does, by
answering the sender's socket.
''')


def set_objs(t, head, objs):
    """Make the Makefile's line that starts with @head list @objs.

    One object a line; a list that is not there yet goes before the
    CFLAGS of the tracepoints, after a blank line.
    """
    lines = t.read(f'{CORE}/Makefile').split('\n')
    start = next((k for k, line in enumerate(lines)
                  if line.startswith(head)), None)
    if start is not None:
        end = start
        while lines[end].endswith('\\'):
            end += 1
        del lines[start:end + 1]
    else:
        start = next(k for k, line in enumerate(lines)
                     if line.startswith('CFLAGS_'))
        lines[start:start] = ['']
    new = [head + objs[0]]
    for o in objs[1:]:
        new[-1] += ' \\'
        new.append('\t\t\t\t' + o)
    lines[start:start] = new
    t.write(f'{CORE}/Makefile', '\n'.join(lines))


IWCM = 'iw_cm-y :=\t\t\t'
KUNIT = 'iw_cm-$(CONFIG_INFINIBAND_IWPM_KUNIT_TEST) += '
OLD_OBJS = ['iwcm.o', 'iwpm_util.o', 'iwpm_msg.o']
NEW_OBJS = ['iwpm_request.o', 'iwpm_table.o', 'iwpm_tx.o', 'iwpm_replay.o',
            'iwpm_rx.o']
# The KUnit files, in the order the series adds them.
TESTS = [['iwpm_kunit.h', 'iwpm_kunit.c'], ['iwpm_table_test.c'],
         ['iwpm_request_test.c', 'iwpm_stress_test.c'], ['iwpm_tx_test.c'],
         ['iwpm_rx_test.c'], ['iwpm_replay_test.c']]


def add_files(t, files):
    for src, rel in files:
        t.copy(src, f'{CORE}/{rel}')


def new_concept(t, n, files, message):
    add_files(t, [(f'{CORE}/{f}', f) for f in files])
    set_objs(t, IWCM, OLD_OBJS + NEW_OBJS[:n])
    if 'iwpm_tx.c' in files:
        mk = t.read(f'{CORE}/Makefile')
        mk = mk.replace('CFLAGS_cma_trace.o +=',
                        'CFLAGS_iwpm_tx.o +=\t\t-I$(src)\nCFLAGS_cma_trace.o +=')
        t.write(f'{CORE}/Makefile', mk)
    t.commit(message)


def add_tests(t, n, message, kconfig=False):
    """Add the @n-th group of TESTS and build every group so far."""
    add_files(t, [(f'kunit/{f}', f) for f in TESTS[n - 1]])
    if kconfig:
        text = (REPO / 'Kconfig').read_text()
        text = text[text.index('config '):]
        t.edit('drivers/infiniband/Kconfig', 'config INFINIBAND_VIRT_DMA\n',
               text + '\nconfig INFINIBAND_VIRT_DMA\n')
    set_objs(t, KUNIT, [f[:-2] + '.o' for group in TESTS[:n] for f in group
                        if f.endswith('.c')])
    t.commit(message)


def remove(t, rel, message):
    (t.path / CORE / rel).unlink()
    t.commit(message)


@step
def p_requests(t):
    new_concept(t, 1, ['iwpm.h', 'iwpm_request.c'], """
RDMA/iwpm: Add request tracking for a new port mapper

The port mapper matches the daemon's answers to its requests by walking
a list of every outstanding request under a spinlock.  This is the first
of a series
that rebuilds the port mapper behind the same driver API, one concept at
a time; iw_cm keeps using the old one until the series switches it.

Add the instance all the new code works on, struct iwpm, with the whole
internal interface in iwpm.h, and the first concept: requests.  A
request sits in an xarray under its sequence number until exactly one
party takes it out, the answer, the waiter's timeout, a failed send or a
shutdown, and that party completes it; everybody else finds nothing.  A
waiter that timed out therefore never sees a late answer, and an answer
for an unknown number changes nothing.  A waiter that is killed stops
waiting as if it had timed out, where the old port mapper's wait keeps a
killed process, and everything it holds, for the whole timeout (10 s).
""")


@step
def p_tables(t):
    new_concept(t, 2, ['iwpm_table.c'], """
RDMA/iwpm: Add the mapping and remote-info tables

The old tables are two fixed arrays of 512 hash buckets; a host with
many connections walks long chains under a global lock for every
connect and every remote-info lookup.

Add resizable hash tables (rhashtable) for the mappings, keyed by local
address, and for the remote addresses the daemon reports. Every entry is
also on its client's list, which the replay and a client's teardown
walk. The mapping table starts at the old table's 512 buckets and does
not shrink, so a burst of connections after a quiet spell does not
rehash its way back up; keys are words, made and compared without
memset() or memcmp(). A local address may have several mappings (a
wildcard listen over two devices, one of which does not map ports), as
iw_cm expects; the IPv6 scope id is kept but is not part of the key.
Recording a mapping fails only when its GFP_KERNEL allocation does, as
before: a mapping the hash table cannot take (its GFP_ATOMIC growth
failed) waits on a list beside it until the next one is created. A
remote-info report is dropped once stale (180 s, more than twice the
time a connection can take to follow its report), never to make room; a
client holding 65536 live reports refuses more. Once an instance is
closed, every table function fails cleanly.
""")


@step
def p_tx(t):
    new_concept(t, 3, ['iwpm_tx.c', 'iwpm_trace.h'], """
RDMA/iwpm: Add the messages to the daemon

Add what the new port mapper sends: the registration, the add mapping
and add-and-query requests, the removal, and what is known of the daemon
(its port, taken from its socket, and the ABI version both speak).
Without a daemon (nobody in the group, or the daemon's socket closed) a
request fails at once and iw_cm connects unmapped; under ABI 3 the flags
attribute is left out, as the old code does.

Every message in either direction fires the iwpm_msg tracepoint, with
the network namespace it went through, so trace-cmd and perf see the port
mapper's traffic, which nlmon cannot.
""")


@step
def p_replay(t):
    new_concept(t, 4, ['iwpm_replay.c'], """
RDMA/iwpm: Add the replay of the mappings to a restarted daemon

A daemon that restarts asks for the mappings it has lost.  The old code
fills skbs of NLMSG_GOODSIZE under the table's spinlock and gives up after
IWPM_MAPINFO_SKB_COUNT (20) of them: of 100,000 mappings iwpmd gets
228.

Add a replay that runs on an ordered workqueue of the instance, fills
one skb of at most 4096 bytes at a time under a mutex, skips what was
removed meanwhile, and ends with the number of mappings sent.
""")


@step
def p_rx(t):
    new_concept(t, 5, ['iwpm_rx.c'], """
RDMA/iwpm: Add the messages from the daemon

The old callbacks check attributes for their maximum length only and
take their address family and size on trust.

Add the receive side of the new port mapper.  Who may speak for it is
decided first, before any lock: a sender needs CAP_NET_ADMIN, and once a
daemon is known only its port is heard; a refused sender gets -EPERM.
Then each message is parsed against its operation's policy, strictly for
the attributes this kernel knows (a newer daemon's extra attributes are
ignored), and handed to its handler only if all of it is valid, with an
extack message otherwise.  A HELLO is never answered with an error,
which iwpmd would take for a kernel of ABI 3.
""")


# The driver API by namespace, as the out-of-tree module's header has it.
NET_API_HEAD = 'int iwpm_exit(u8 nl_client);\n\n'
NET_API_TAIL = 'int iwpm_register_pid_cb('
NET_API_OLD = ['valid_pid', 'register_pid', 'add_mapping',
               'add_and_query_mapping', 'remove_mapping', 'get_remote_info',
               'create_mapinfo', 'remove_mapinfo']


def net_api(t):
    """Put the _net functions and the init_net wrappers in iw_portmap.h."""
    compat = (REPO / 'compat/include/rdma/iw_portmap.h').read_text()
    block = compat[compat.index(NET_API_HEAD) + len(NET_API_HEAD):
                   compat.index(NET_API_TAIL)]
    rel = 'include/rdma/iw_portmap.h'
    hdr = t.read(rel)
    for name in NET_API_OLD:
        hdr, n = re.subn(rf'^int iwpm_{name}\(.*?\);\n', '', hdr,
                         flags=re.M | re.S)
        if n != 1:
            sys.exit(f'make-patches: iw_portmap.h: iwpm_{name} not found once')
    hdr = hdr.replace(NET_API_TAIL, '\n' + block + NET_API_TAIL, 1)
    t.write(rel, hdr)
    t.edit(rel, '#include <linux/netlink.h>\n',
           '#include <linux/netlink.h>\n#include <net/net_namespace.h>\n')


@step
def p_switch(t):
    add_files(t, [(f'{CORE}/iwpm_api.c', 'iwpm_api.c'),
                  (f'{CORE}/iwpm_nl.c', 'iwpm_nl.c')])
    set_objs(t, IWCM, ['iwcm.o'] + NEW_OBJS + ['iwpm_api.o', 'iwpm_nl.o'])
    net_api(t)
    t.commit("""
RDMA/iwpm: Switch iw_cm to the new port mapper

Add the instance's set-up and teardown and the driver API of
<rdma/iw_portmap.h>, with the same functions, the same netlink callbacks
and the same results where iw_cm acts on them, and build iw_cm with them
instead of iwpm_msg.c and iwpm_util.c, which the next patches remove.

There is one instance per network namespace, since all the state is in
one struct: each talks to the daemon of its namespace through ib_core's
NETLINK_RDMA socket there (iwpm_nl.c), and only a sender in that
namespace with CAP_NET_ADMIN in the initial user namespace may speak for
it.  An instance is created when its namespace first uses it (a sender
who may speak for it does, or a driver registers or maps), so a
namespace nobody maps in costs the port mapper a pointer (pernet_operations
with a pointer-sized slot) instead of an instance and two hash tables.
Each function of the driver API gets a _net variant naming the
namespace; the old names stay, as inline functions meaning init_net, so
nothing changes for iw_cm until it passes its namespace
({patch:p_iwcm_net}), and ib_core delivers port mapper messages from
init_net only ({patch:p_netlink_netns} changes that).

One result is new: a request's wait for the daemon ends when the waiting
task is killed (-EINTR), where the old wait lasted its timeout.  iw_cm
goes on unmapped, as after a timeout, and destroying the id removes a
mapping the daemon may still make.

Tested in UML with siw, rdma-core's iwpmd, rping and cmtime: the
mappings appear in iwpmd's dump, none is left afterwards, a restarted
iwpmd gets the mappings replayed, and without iwpmd connections come up
unmapped at once.
""")


@step
def p_remove_msg_callbacks(t):
    rel = f'{CORE}/iwpm_msg.c'
    text = t.read(rel)
    cut = text.index('/* netlink attribute policy for the received response '
                     'to register pid request */')
    t.write(rel, text[:cut].rstrip('\n') + '\n')
    t.commit("""
RDMA/iwpm: Remove the old messages from the daemon

iw_cm no longer builds iwpm_msg.c.  Remove its second half first: the
netlink callbacks and their policies, which iwpm_rx.c and iwpm_api.c
replaced.  Split from the removal of the rest only to keep each patch
short enough to read.
""")


@step
def p_remove_msg(t):
    remove(t, 'iwpm_msg.c', """
RDMA/iwpm: Remove the old messages to the daemon

Remove the rest of iwpm_msg.c, the requests to the daemon, which
iwpm_tx.c and iwpm_api.c replaced.
""")


@step
def p_remove_util(t):
    remove(t, 'iwpm_util.c', """
RDMA/iwpm: Remove the old tables and requests

iw_cm no longer builds iwpm_util.c; remove it.
""")


@step
def p_remove_header(t):
    remove(t, 'iwpm_util.h', """
RDMA/iwpm: Remove the old header

Nothing includes iwpm_util.h any more; remove it.  The copyright lines
it carried stand in iwpm_api.c, which implements the driver API they
wrote.
""")


@step
def p_kunit_env(t):
    add_tests(t, 1, """
RDMA/iwpm: Add a KUnit environment for the port mapper

The suites that follow test private port mapper instances, so they need
neither a daemon nor an RDMA device: an instance sends through a
capturing transport to a fake daemon in the kernel, which answers as
iwpmd would, or lies, or stays silent, as a test asks.

The suites are built into iw_cm with CONFIG_INFINIBAND_IWPM_KUNIT_TEST
and run when it loads; being part of the module, they need no export.
""", kconfig=True)


@step
def p_kunit_tables(t):
    add_tests(t, 2, """
RDMA/iwpm: Add KUnit tests for the tables

The iwpm_table suite: both address families, several mappings of one
address, the scope id outside the key, references, growth to 100,000
entries, the remote-info bound, a client's teardown and every call
after the instance closed.
""")


@step
def p_kunit_requests(t):
    add_tests(t, 3, """
RDMA/iwpm: Add KUnit tests for request tracking

The iwpm_request suite: answers, timeouts, failed sends, shutdown and
the daemon's socket closing.  The iwpm_stress suite makes kernel threads
issue, answer, time out and fail requests and take a client away, all
at once, in a bounded loop, for KASAN and lockdep.
""")


@step
def p_kunit_tx(t):
    add_tests(t, 4, """
RDMA/iwpm: Add KUnit tests for the messages to the daemon

The iwpm_tx suite: what goes on the wire for each operation and ABI
version, and what the port mapper makes of answers, errors, lies,
silence and a daemon that goes away.
""")


@step
def p_kunit_rx(t):
    add_tests(t, 5, """
RDMA/iwpm: Add KUnit tests for the messages from the daemon

The iwpm_rx suite: malformed, truncated and foreign messages, unknown
operations and clients, senders that may not speak for the port mapper,
a newer daemon's extra attributes, and HELLOs that must never be
answered with an error.
""")


@step
def p_kunit_replay(t):
    add_tests(t, 6, """
RDMA/iwpm: Add KUnit tests for the replay

The iwpm_replay suite: every mapping replayed, over several skbs of at
most 4096 bytes, only the client asked for, none of what was removed
meanwhile, and a daemon that vanishes during the replay.
""")


@step
def p_netlink_netns(t):
    rel = f'{CORE}/netlink.c'
    t.edit(rel, '''	/*
	 * Currently only NLDEV client is supporting netlink commands in
	 * non init_net net namespace.
	 */
	if (sock_net(skb->sk) != &init_net && type != RDMA_NL_NLDEV)
		return NULL;''', '''	/*
	 * Only NLDEV and the port mapper, which has an instance per
	 * network namespace, take commands outside init_net.
	 */
	if (sock_net(skb->sk) != &init_net && type != RDMA_NL_NLDEV &&
	    type != RDMA_NL_IWCM)
		return NULL;''')
    t.edit(rel, '''	cb_table = READ_ONCE(rdma_nl_types[type].cb_table);
	if (!cb_table) {
		/*''', '''	cb_table = READ_ONCE(rdma_nl_types[type].cb_table);
	if (!cb_table) {
		/* Outside init_net, only the port mapper daemon loads iw_cm. */
		if (type == RDMA_NL_IWCM && sock_net(skb->sk) != &init_net &&
		    !netlink_capable(skb, CAP_NET_ADMIN))
			return NULL;
		/*''')
    t.commit("""
RDMA/netlink: Deliver port mapper messages from every namespace

ib_core takes the commands of every netlink client but NLDEV from the
initial network namespace only, so an iwpmd running in another network
namespace is never heard, and its registration times out.  The port
mapper has an instance per namespace ({patch:p_switch}): let RDMA_NL_IWCM
through from any namespace; a message reaches the instance of the
namespace it was sent in, and nothing of another's.  Until iw_cm maps in
other namespaces ({patch:p_iwcm_net}), only init_net's instance maps anything.
Outside init_net, only a sender that may speak for the port mapper makes
ib_core load iw_cm; before, nothing from another namespace reached it.

Who may speak for a namespace's port mapper, or listen to its group,
stays whoever has CAP_NET_ADMIN in the initial user namespace: the
host's administrator runs the iwpmd of a namespace it gave an iWARP
device to (ip netns exec NS iwpmd).  Root of a user namespace may not,
although it has CAP_NET_ADMIN over a network namespace it owns: any user
may create one, and a port mapper daemon, or a mere member of its group,
makes rdma_cm wait for its answers, 10 s at a time, with rdma_cm's
global lock held for a wildcard listen (cma_listen_on_all()), and can
have the kernel keep its remote-peer reports.  Measured in UML on an
earlier version that let such a root speak and listen for its own
namespace: nobody, after unshare -Urn, joining the group and looping
wildcard listens, stretched root's rping connects in init_net from 0.3 s
to 9.15 s.  Letting a container's own root run its daemon needs rdma_cm
never to wait for the port mapper with that lock held.
""")


@step
def p_cma_netns(t):
    cma = f'{CORE}/cma.c'
    t.edit(cma, '''static int cma_listen_on_dev(struct rdma_id_private *id_priv,''', '''/*
 * An iWARP device listens on the addresses of its netdevs, in the TCP port
 * space of their namespace.  It serves a wildcard listener of a namespace
 * that holds one of its netdevs, as cma_validate_port() lets an id bind to
 * it only through a netdev of the id's namespace; a device none of whose
 * netdevs is in a live namespace (it is on its way back from one that is
 * going away) serves the namespace it belongs to.
 */
static bool cma_iw_dev_in_net(struct ib_device *device, struct net *net)
{
	struct net_device *ndev;
	bool live = false;
	u32 port;

	if (!rdma_dev_access_netns(device, net))
		return false;
	rdma_for_each_port(device, port) {
		ndev = ib_device_get_netdev(device, port);
		if (ndev && check_net(dev_net(ndev))) {
			live = true;
			if (net_eq(dev_net(ndev), net)) {
				dev_put(ndev);
				return true;
			}
		}
		dev_put(ndev);
	}
	return !live && net_eq(read_pnet(&device->coredev.rdma_net), net);
}

static int cma_listen_on_dev(struct rdma_id_private *id_priv,''')
    t.edit(cma, '''	if (cma_family(id_priv) == AF_IB && !rdma_cap_ib_cm(cma_dev->device, 1))
		return 0;
''', '''	if (cma_family(id_priv) == AF_IB && !rdma_cap_ib_cm(cma_dev->device, 1))
		return 0;
	if (rdma_protocol_iwarp(cma_dev->device,
				rdma_start_port(cma_dev->device)) &&
	    !cma_iw_dev_in_net(cma_dev->device, net))
		return 0;
''')
    t.commit("""
RDMA/cma: Attach an iWARP device to wildcard listeners of its namespace

A wildcard rdma_listen() gets an internal id on every device, whatever
namespace the device's netdevs are in, while an id bound to an address
may use an iWARP device only through a netdev of the id's namespace
(cma_validate_port()).  An iWARP device listens on its netdevs'
addresses, in the TCP port space of their namespace, so a listener in a
container takes ports, and connection requests, of the host's port
space, which it cannot see; and once iw_cm maps ports in the id's
namespace ({patch:p_iwcm_net}), such a listen is mapped by the container's port
mapper daemon for a port space that daemon knows nothing of.

Attach an iWARP device to a wildcard listener only if the listener's
namespace may use the device (rdma_dev_access_netns()) and holds one of
its netdevs, the rule that binds ids to it.  A device returning to
init_net from a namespace that goes away is offered to init_net's
listeners while its netdevs are still on the way, so it serves the
namespace it belongs to when none of its netdevs is in a live one.  IB
and RoCE devices are attached as before.  A listener in init_net no
longer gets a device whose netdevs were all moved into another
namespace, whose port space and connections are that namespace's.

Tested in UML: with siw on dummy0 in init_net, a wildcard rping server
in another namespace has no listening id on siw's device (rdma res show
cm_id), and none is mapped by that namespace's iwpmd; a device whose
netdev is in a namespace serves that namespace's wildcard listener,
mapped there.
""")


@step
def p_iwcm_net(t):
    t.edit(f'{CORE}/iwcm.h', '''	refcount_t refcount;
	struct list_head work_free_list;
};''', '''	refcount_t refcount;
	struct list_head work_free_list;
	struct net *net;	/* a reference */
};''')
    t.edit('include/rdma/iw_cm.h', '''struct iw_cm_id *iw_create_cm_id(struct ib_device *device,
				 iw_cm_handler cm_handler, void *context);
''', '''struct iw_cm_id *iw_create_cm_id(struct ib_device *device,
				 iw_cm_handler cm_handler, void *context);
struct iw_cm_id *iw_create_cm_id_net(struct net *net,
				     struct ib_device *device,
				     iw_cm_handler cm_handler, void *context);
''')
    iwcm = f'{CORE}/iwcm.c'
    t.edit(iwcm, '#include <linux/sysctl.h>\n',
           '#include <linux/sysctl.h>\n#include <net/net_namespace.h>\n')
    t.edit(iwcm, '''static void free_cm_id(struct iwcm_id_private *cm_id_priv)
{
	dealloc_work_entries(cm_id_priv);
	kfree(cm_id_priv);
}''', '''/* The namespace whose port mapper maps @cm_id's addresses. */
static struct net *iw_cm_net(struct iw_cm_id *cm_id)
{
	return container_of(cm_id, struct iwcm_id_private, id)->net;
}

static void free_cm_id(struct iwcm_id_private *cm_id_priv)
{
	dealloc_work_entries(cm_id_priv);
	put_net(cm_id_priv->net);
	kfree(cm_id_priv);
}''')
    t.edit(iwcm, '''struct iw_cm_id *iw_create_cm_id(struct ib_device *device,
				 iw_cm_handler cm_handler,
				 void *context)
{''', '''/**
 * iw_create_cm_id_net() - create an IW CM identifier in a network namespace
 * @net: namespace of the addresses; the port mapper of @net maps them, and
 *	the id holds a reference to @net until it is freed
 * @device: the IB device on which to create the identifier
 * @cm_handler: callback invoked to report the identifier's events
 * @context: user context of the identifier
 *
 * Return: the identifier, or an ERR_PTR().
 */
struct iw_cm_id *iw_create_cm_id_net(struct net *net,
				     struct ib_device *device,
				     iw_cm_handler cm_handler, void *context)
{''')
    t.edit(iwcm, '''	INIT_LIST_HEAD(&cm_id_priv->work_free_list);

	return &cm_id_priv->id;
}
EXPORT_SYMBOL(iw_create_cm_id);''', '''	INIT_LIST_HEAD(&cm_id_priv->work_free_list);
	cm_id_priv->net = get_net(net);

	return &cm_id_priv->id;
}
EXPORT_SYMBOL(iw_create_cm_id_net);

struct iw_cm_id *iw_create_cm_id(struct ib_device *device,
				 iw_cm_handler cm_handler,
				 void *context)
{
	return iw_create_cm_id_net(&init_net, device, cm_handler, context);
}
EXPORT_SYMBOL(iw_create_cm_id);''')
    t.edit(iwcm, '''	cm_id = iw_create_cm_id(listen_id_priv->id.device,
				listen_id_priv->id.cm_handler,
				listen_id_priv->id.context);''', '''	cm_id = iw_create_cm_id_net(listen_id_priv->net,
				    listen_id_priv->id.device,
				    listen_id_priv->id.cm_handler,
				    listen_id_priv->id.context);''')
    for old, new in [
        ('iwpm_remove_mapinfo(&cm_id->local_addr, &cm_id->m_local_addr);\n'
         '\t\tiwpm_remove_mapping(&cm_id->local_addr, RDMA_NL_IWCM);',
         'iwpm_remove_mapinfo_net(iw_cm_net(cm_id), &cm_id->local_addr,\n'
         '\t\t\t\t\t&cm_id->m_local_addr);\n'
         '\t\tiwpm_remove_mapping_net(iw_cm_net(cm_id), &cm_id->local_addr,\n'
         '\t\t\t\t\tRDMA_NL_IWCM);'),
        ('\tif (iwpm_register_pid(&pm_reg_msg, RDMA_NL_IWCM) ||\n'
         '\t    !iwpm_valid_pid())',
         '\tif (iwpm_register_pid_net(net, &pm_reg_msg, RDMA_NL_IWCM) ||\n'
         '\t    !iwpm_valid_pid_net(net))'),
        ('\t\tstatus = iwpm_add_and_query_mapping(&pm_msg,\n'
         '\t\t\t\t\t\t    RDMA_NL_IWCM);',
         '\t\tstatus = iwpm_add_and_query_mapping_net(net, &pm_msg,\n'
         '\t\t\t\t\t\t\tRDMA_NL_IWCM);'),
        ('\t\tstatus = iwpm_add_mapping(&pm_msg, RDMA_NL_IWCM);',
         '\t\tstatus = iwpm_add_mapping_net(net, &pm_msg, RDMA_NL_IWCM);'),
        ('\treturn iwpm_create_mapinfo(&cm_id->local_addr,\n'
         '\t\t\t\t   &cm_id->m_local_addr,\n'
         '\t\t\t\t   RDMA_NL_IWCM, pm_msg.flags);',
         '\treturn iwpm_create_mapinfo_net(net, &cm_id->local_addr,\n'
         '\t\t\t\t       &cm_id->m_local_addr,\n'
         '\t\t\t\t       RDMA_NL_IWCM, pm_msg.flags);'),
        ('\tstruct iwpm_sa_data pm_msg;\n\tint status;',
         '\tstruct net *net = iw_cm_net(cm_id);\n'
         '\tstruct iwpm_sa_data pm_msg;\n\tint status;'),
        ('\tret = iwpm_get_remote_info(&listen_id_priv->id.m_local_addr,\n'
         '\t\t\t\t   &iw_event->remote_addr,\n'
         '\t\t\t\t   &cm_id->remote_addr,\n'
         '\t\t\t\t   RDMA_NL_IWCM);',
         '\tret = iwpm_get_remote_info_net(listen_id_priv->net,\n'
         '\t\t\t\t       &listen_id_priv->id.m_local_addr,\n'
         '\t\t\t\t       &iw_event->remote_addr,\n'
         '\t\t\t\t       &cm_id->remote_addr,\n'
         '\t\t\t\t       RDMA_NL_IWCM);'),
    ]:
        t.edit(iwcm, old, new)
    cma = f'{CORE}/cma.c'
    t.edit(cma, '''	id = iw_create_cm_id(id_priv->id.device,
			     iw_conn_req_handler,
			     id_priv);''', '''	id = iw_create_cm_id_net(id_priv->id.route.addr.dev_addr.net,
				 id_priv->id.device, iw_conn_req_handler,
				 id_priv);''')
    t.edit(cma, '''	cm_id = iw_create_cm_id(id_priv->id.device, cma_iw_handler, id_priv);''',
           '''	cm_id = iw_create_cm_id_net(id_priv->id.route.addr.dev_addr.net,
				    id_priv->id.device, cma_iw_handler,
				    id_priv);''')
    t.commit("""
RDMA/iwcm: Map a connection in the namespace of its rdma_cm id

iw_cm maps every connection through the port mapper of the initial
network namespace, whatever namespace the rdma_cm id lives in.  The port
mapper exists to reserve each iWARP port in the TCP port space the
connection uses: for a device whose netdev was moved into another
namespace, init_net's iwpmd reserves the port where it protects nothing,
and the iwpmd running in that namespace is never asked.

Add iw_create_cm_id_net(), which names the namespace of the id's
addresses; iw_create_cm_id() means init_net, as before.  The id holds
its own reference to the namespace, in iw_cm's private struct
iwcm_id_private, until iw_cm frees it: the removal of a mapping after
rdma_cm has dropped its own id, and with it its reference (a ULP handler
returning non-zero, as xprtrdma's does on DISCONNECTED), still finds the
namespace and its port mapper.  struct iw_cm_id, which drivers see,
keeps its layout.  A connection request gets its listener's namespace.
rdma_cm passes the namespace of its id, which is that of the netdev the
id uses: cma_validate_port() lets an id use an iWARP device only through
a netdev of its namespace, and the previous patch attaches a device to a
wildcard listener only in such a namespace.

Measured in UML with namespaces h1 and h2 joined by a veth pair, siw on
each end and rdma-core's iwpmd in each: rping from h1 to h2 is mapped
by h1's iwpmd on the active side and by h2's on the passive side, each
daemon holding its own side's mapping only, over IPv4 and IPv6.  A
kernel rdma_cm user whose handler returns 1 on DISCONNECTED, in a
namespace that goes away meanwhile, is torn down without a KASAN report
(netns-scenarios.sh).
""")



@step
def p_cma_listen_unlocked(t):
    priv = f'{CORE}/cma_priv.h'
    t.edit(priv, '''	u8			min_rnr_timer;
	u8 used_resolve_ip;
	enum ib_gid_type	gid_type;
''', '''	u8			min_rnr_timer;
	u8 used_resolve_ip;
	/*
	 * An internal iWARP listener that cma_iw_listen_finish() has not
	 * linked to its device: not on the device's id_list, and takes no
	 * connection.  Under lock.
	 */
	u8			iw_listen_pending;
	enum ib_gid_type	gid_type;
''')
    cma = f'{CORE}/cma.c'
    t.edit(cma, '''}

static void _cma_attach_to_dev(struct rdma_id_private *id_priv,
			       struct cma_device *cma_dev)
{
	cma_dev_get(cma_dev);
''', '''}

/* Give @id_priv its device, without putting it on the device's id_list */
static void cma_hold_dev(struct rdma_id_private *id_priv,
			 struct cma_device *cma_dev)
{
	cma_dev_get(cma_dev);
''')
    t.edit(cma, '''	id_priv->id.route.addr.dev_addr.transport =
		rdma_node_get_transport(cma_dev->device->node_type);
	list_add_tail(&id_priv->device_item, &cma_dev->id_list);
''', '''	id_priv->id.route.addr.dev_addr.transport =
		rdma_node_get_transport(cma_dev->device->node_type);
}

static void _cma_attach_to_dev(struct rdma_id_private *id_priv,
			       struct cma_device *cma_dev)
{
	cma_hold_dev(id_priv, cma_dev);
	list_add_tail(&id_priv->device_item, &cma_dev->id_list);
''')
    t.edit(cma, '''	mutex_lock(&lock);

	cma_dev = listen_id_priv->cma_dev;
	port = listen_id_priv->id.port_num;
''', '''	mutex_lock(&lock);

	/*
	 * An internal listener that cma_iw_listen_finish() has not linked may
	 * already listen, and may never be linked: its parent may have
	 * stopped listening, and the walk of device removal may be over.
	 */
	if (listen_id_priv->iw_listen_pending)
		goto out;

	cma_dev = listen_id_priv->cma_dev;
	port = listen_id_priv->id.port_num;
''')
    t.edit(cma, '''			list_first_entry(&id_priv->listen_list,
					 struct rdma_id_private, listen_item);
		/* sync with device removal to avoid duplicate destruction */
		list_del_init(&dev_id_priv->device_item);
		list_del_init(&dev_id_priv->listen_item);
		mutex_unlock(&lock);
''', '''			list_first_entry(&id_priv->listen_list,
					 struct rdma_id_private, listen_item);
		list_del_init(&dev_id_priv->listen_item);
		/* cma_iw_listen_finish() destroys it, no longer wanted */
		if (dev_id_priv->iw_listen_pending)
			continue;
		/* sync with device removal to avoid duplicate destruction */
		list_del_init(&dev_id_priv->device_item);
		mutex_unlock(&lock);
''')
    t.edit(cma, '''}

static int cma_listen_on_dev(struct rdma_id_private *id_priv,
			     struct cma_device *cma_dev,
			     struct rdma_id_private **to_destroy)
{
	struct rdma_id_private *dev_id_priv;
	struct net *net = id_priv->id.route.addr.dev_addr.net;
''', '''}

/*
 * Give @id_priv, a wildcard listener, an internal listener on @cma_dev.  On an
 * iWARP device, whose listen waits for the port mapper daemon, it is only
 * made here, and goes on @iw_pending (through its device_item) for
 * cma_start_iw_listens() to start once lock is dropped.
 */
static int cma_listen_on_dev(struct rdma_id_private *id_priv,
			     struct cma_device *cma_dev,
			     struct rdma_id_private **to_destroy,
			     struct list_head *iw_pending)
{
	bool iw = rdma_cap_iw_cm(cma_dev->device, 1);
	struct rdma_id_private *dev_id_priv;
	struct net *net = id_priv->id.route.addr.dev_addr.net;
''')
    t.edit(cma, '''	       rdma_addr_size(cma_src_addr(id_priv)));

	_cma_attach_to_dev(dev_id_priv, cma_dev);
	rdma_restrack_add(&dev_id_priv->res);
	cma_id_get(id_priv);
''', '''	       rdma_addr_size(cma_src_addr(id_priv)));

	if (iw)
		cma_hold_dev(dev_id_priv, cma_dev);
	else
		_cma_attach_to_dev(dev_id_priv, cma_dev);
	rdma_restrack_add(&dev_id_priv->res);
	cma_id_get(id_priv);
''')
    t.edit(cma, '''	mutex_unlock(&id_priv->qp_mutex);

	ret = rdma_listen(&dev_id_priv->id, id_priv->backlog);
	if (ret)
''', '''	mutex_unlock(&id_priv->qp_mutex);

	if (iw) {
		dev_id_priv->iw_listen_pending = 1;
		dev_id_priv->backlog = id_priv->backlog;
		list_add_tail(&dev_id_priv->listen_item, &id_priv->listen_list);
		list_add_tail(&dev_id_priv->device_item, iw_pending);
		return 0;
	}

	ret = rdma_listen(&dev_id_priv->id, id_priv->backlog);
	if (ret)
''')
    t.edit(cma, '''}

static int cma_listen_on_all(struct rdma_id_private *id_priv)
{
	struct rdma_id_private *to_destroy;
	struct cma_device *cma_dev;
	int ret;
''', '''}

/* Is @dev_id_priv, an internal iWARP listener, still to listen? */
static bool cma_iw_listen_wanted(struct rdma_id_private *dev_id_priv)
{
	lockdep_assert_held(&lock);
	/* its parent has not cancelled it, and its device is still known */
	return !list_empty(&dev_id_priv->listen_item) &&
	       !list_empty(&dev_id_priv->cma_dev->list);
}

/*
 * Listen on @dev_id_priv, an internal iWARP listener that cma_listen_on_dev()
 * made, if it is still wanted, with lock not held: the listen waits for the
 * port mapper.  It stays pending, refusing connections, until
 * cma_iw_listen_finish().
 *
 * Return: the error of a listen that failed, else 0.
 */
static int cma_iw_listen_pending(struct rdma_id_private *dev_id_priv)
{
	bool wanted;
	int ret;

	mutex_lock(&lock);
	wanted = cma_iw_listen_wanted(dev_id_priv);
	mutex_unlock(&lock);
	if (!wanted)
		return 0;
	ret = rdma_listen(&dev_id_priv->id, dev_id_priv->backlog);
	if (ret)
		dev_warn(&dev_id_priv->cma_dev->device->dev,
			 "RDMA CMA: %s, error %d\\n", __func__, ret);
	return ret;
}

/*
 * Link @dev_id_priv to its device as any other internal listener if @ok
 * and it is still wanted; otherwise destroy it.  Lock not held.
 *
 * Until then device removal and _cma_cancel_listens() leave it alone.
 * cma_process_remove() waits for its reference on the device and the
 * parent's _destroy_id() for its reference on the parent: at most for the
 * listens under way, whose registration and mapping requests may each wait
 * for the port mapper's timeout.
 */
static void cma_iw_listen_finish(struct rdma_id_private *dev_id_priv, bool ok)
{
	struct cma_device *cma_dev = dev_id_priv->cma_dev;
	bool linked = false;

	mutex_lock(&lock);
	if (ok && cma_iw_listen_wanted(dev_id_priv)) {
		dev_id_priv->iw_listen_pending = 0;
		list_add_tail(&dev_id_priv->device_item, &cma_dev->id_list);
		trace_cm_id_attach(dev_id_priv, cma_dev->device);
		linked = true;
	} else {
		list_del_init(&dev_id_priv->listen_item);
	}
	mutex_unlock(&lock);
	if (!linked)
		rdma_destroy_id(&dev_id_priv->id);
}

/*
 * Start the internal iWARP listeners on @pending, a list of the caller's
 * (through their device_item), lock not held.  With @all_or_none, as for
 * one rdma_listen(), none is linked unless all listen, and none is started
 * after a failure; otherwise each is linked once it listens.
 *
 * Return: the first error.
 */
static int cma_start_iw_listens(struct list_head *pending, bool all_or_none)
{
	struct rdma_id_private *dev_id_priv, *next;
	LIST_HEAD(started);
	int err = 0, ret;

	list_for_each_entry_safe(dev_id_priv, next, pending, device_item) {
		list_del_init(&dev_id_priv->device_item);
		ret = -ECANCELED;
		if (!err || !all_or_none)
			ret = cma_iw_listen_pending(dev_id_priv);
		if (ret && !err)
			err = ret;
		if (ret || !all_or_none)
			cma_iw_listen_finish(dev_id_priv, !ret);
		else
			list_add_tail(&dev_id_priv->device_item, &started);
	}
	list_for_each_entry_safe(dev_id_priv, next, &started, device_item) {
		list_del_init(&dev_id_priv->device_item);
		cma_iw_listen_finish(dev_id_priv, !err);
	}
	return err;
}

static int cma_listen_on_all(struct rdma_id_private *id_priv)
{
	struct rdma_id_private *to_destroy;
	struct cma_device *cma_dev;
	LIST_HEAD(iw_pending);
	int ret;
''')
    t.edit(cma, '''	list_add_tail(&id_priv->listen_any_item, &listen_any_list);
	list_for_each_entry(cma_dev, &dev_list, list) {
		ret = cma_listen_on_dev(id_priv, cma_dev, &to_destroy);
		if (ret) {
			/* Prevent racing with cma_process_remove() */
''', '''	list_add_tail(&id_priv->listen_any_item, &listen_any_list);
	list_for_each_entry(cma_dev, &dev_list, list) {
		ret = cma_listen_on_dev(id_priv, cma_dev, &to_destroy,
					&iw_pending);
		if (ret) {
			/* Prevent racing with cma_process_remove() */
''')
    t.edit(cma, '''	}
	mutex_unlock(&lock);
	return 0;

err_listen:
''', '''	}
	mutex_unlock(&lock);

	ret = cma_start_iw_listens(&iw_pending, true);
	if (ret)
		cma_cancel_listens(id_priv);
	return ret;

err_listen:
''')
    t.edit(cma, '''	if (to_destroy)
		rdma_destroy_id(&to_destroy->id);
	return ret;
}
''', '''	if (to_destroy)
		rdma_destroy_id(&to_destroy->id);
	/* no longer wanted: this destroys them unstarted */
	cma_start_iw_listens(&iw_pending, true);
	return ret;
}
''')
    t.edit(cma, '''{
	struct rdma_id_private *to_destroy;
	struct cma_device *cma_dev;
	struct rdma_id_private *id_priv;
''', '''{
	struct rdma_id_private *to_destroy;
	LIST_HEAD(iw_pending);
	struct cma_device *cma_dev;
	struct rdma_id_private *id_priv;
''')
    t.edit(cma, '''	list_add_tail(&cma_dev->list, &dev_list);
	list_for_each_entry(id_priv, &listen_any_list, listen_any_item) {
		ret = cma_listen_on_dev(id_priv, cma_dev, &to_destroy);
		if (ret)
			goto free_listen;
''', '''	list_add_tail(&cma_dev->list, &dev_list);
	list_for_each_entry(id_priv, &listen_any_list, listen_any_item) {
		ret = cma_listen_on_dev(id_priv, cma_dev, &to_destroy,
					&iw_pending);
		if (ret)
			goto free_listen;
''')
    t.edit(cma, '''	mutex_unlock(&lock);

	trace_cm_add_one(device);
	return 0;

free_listen:
	list_del(&cma_dev->list);
	mutex_unlock(&lock);

	/* cma_process_remove() will delete to_destroy */
	cma_process_remove(cma_dev);
''', '''	mutex_unlock(&lock);

	/*
	 * The device is in use already: a listener whose listen fails goes
	 * without it, and the device stays.
	 */
	cma_start_iw_listens(&iw_pending, false);

	trace_cm_add_one(device);
	return 0;

free_listen:
	list_del_init(&cma_dev->list);
	mutex_unlock(&lock);

	/* no longer wanted: this destroys them unstarted */
	cma_start_iw_listens(&iw_pending, false);
	/* cma_process_remove() will delete to_destroy */
	cma_process_remove(cma_dev);
''')
    t.edit(cma, '''
	mutex_lock(&lock);
	list_del(&cma_dev->list);
	mutex_unlock(&lock);
''', '''
	mutex_lock(&lock);
	list_del_init(&cma_dev->list);
	mutex_unlock(&lock);
''')
    t.commit("""
RDMA/cma: Do not wait for the port mapper with the global lock held

A wildcard rdma_listen() makes an internal listener on every device and
listens on each with rdma_cm's global lock held (cma_listen_on_all()),
and cma_add_one() does the same for each wildcard listener a new device
joins.  On an iWARP device that listen maps its port through the port
mapper, which waits for the port mapper daemon, up to its 10 s timeout.
A daemon that stops answering (stopped, hung, or slow) so makes
everything that takes the lock wait: binding and resolving addresses,
connection requests, destroying ids, adding and removing devices.  Now
that every network namespace has its port mapper and its daemon, the
daemon of one namespace makes every other wait too.

Make an iWARP device's internal listener under the lock as before, with
its references on the device and the parent, and put it on its parent's
listen_list marked pending; listen on it after the lock is dropped, in
the same context as before, and only then link it to its device's
id_list, if its parent has not cancelled it and the device is still
there, or else destroy it.  Until it is linked, _cma_cancel_listens()
only takes it off the parent's list, device removal does not see it,
and cma_iw_acquire_dev() refuses the connection requests it may already
get; cma_process_remove() waits for its reference on the device, and the
parent's destruction for its reference on the parent, each at most for
the listens under way.  rdma_listen() links its listeners only once all
of them listen, so, as before, it returns once every device listens, and
a failure cancels the whole listen before any connection reached the
caller.  IB and RoCE devices are listened on as before.

The listen stays in its caller's context because iWARP drivers may act
in it: siw creates its listening socket in the caller's namespace.  So
cma_add_one() still waits for the daemon of the namespace the new device
is in, inside ib_register_device(), which holds ib_core's devices_rwsem
and clients_rwsem for reading meanwhile; connections, listens and
address resolution no longer wait with it.  As the new device is on
dev_list by then, and ids may have attached to it, a listener whose
listen on it fails goes without it, with a warning, instead of the
device being refused to every user, which cma_add_one() still does for
a failure under the lock.

Measured in UML (netns-scenarios.sh), h1's iwpmd stopped with SIGSTOP,
siw on dummy0 in init_net and no daemon there: while a wildcard listen
in h1 waited for h1's daemon, one of root's rping connects in init_net
took 9.9 s and 10.3 s (two boots) before this patch, and at most 0.39 s
after (0.26-0.34 s before the daemon stopped); while an iWARP device was
added to h1, which has a wildcard listener, one took 10.1 s before and
at most 0.42 s after.  A device deleted while its add waited took
10.5 s, the listen under way, and left no id.
""")


COVERS = {
    'all': ('RDMA/iwpm: Only the daemon may speak for the port mapper, '
            'and a port mapper rebuilt', 'cover-letter.txt'),
    'fixes': ('RDMA/iwpm: Only the daemon may speak for the port mapper',
              'cover-letter-fixes.txt'),
    'iwpm': ('RDMA/iwpm: A port mapper rebuilt', 'cover-letter-iwpm.txt'),
    'netns': ('RDMA/iwpm: A port mapper per network namespace',
              'cover-letter-netns.txt'),
}


RESULTS = REPO / 'Documentation' / 'bench-results.json'

# The figures a cover letter quotes from RESULTS: (what of the results,
# which row, the label, the unit's digits and scale).
FIGURES = {
    'iwpm': [('table', {'op': 'churn', 'n': 1000},
              'removal and reinsertion at 1,000 mappings, ns', 1, 1),
             ('table', {'op': 'churn', 'n': 65536},
              'the same at 65,536 mappings, ns', 1, 1),
             ('table', {'op': 'grow', 'n': 65536},
              'insertion up to 65,536, growth included, ns', 1, 1),
             ('memory', {'n': 65536}, 'memory per mapping at 65,536, bytes', 0, 1),
             ('rping', {'daemon': 'iwpmd'},
              'rping connections per second with iwpmd', 1, 1),
             ('split', {'key': 'kernel'},
              "the port mapper's kernel work per request, us", 1, 1000),
             ('split', {'key': 'share_rping'},
              'its share of an rping connection, %', 4, 1)],
}
FIGURES['all'] = FIGURES['iwpm']


def bench_cell(s, digits, scale):
    return '%.*f [%.*f-%.*f]' % (digits, s['median'] / scale, digits,
                                 s['min'] / scale, digits, s['max'] / scale)


def bench_missing(what):
    sys.exit(f'make-patches: {RESULTS} has no figure of {what}: publish a '
             'full make bench, or remove the file')


def bench_line(res, what, key, label, digits, scale):
    """One figure of the results: both kernels, the gain, the verdict."""
    r = next((r for r in res.get(what) or []
              if all(r.get(k) == v for k, v in key.items())), None)
    if not r or not r['linux'] or not r['ours'] or r['gain'] is None:
        bench_missing(label)
    return '- %s: 6.12 %s, series %s (gain %.2fx, %s)' % (
        label, bench_cell(r['linux'], digits, scale),
        bench_cell(r['ours'], digits, scale), r['gain'], r['verdict'])


def bench_isolation(res):
    r = res.get('isolation')
    if not r or not r['running'] or not r['stopped'] or r['ratio'] is None:
        bench_missing('isolation')
    return ('- the series alone: a storm of %d connections, connect step in '
            "ms, while another namespace's iwpmd runs %s, and while it is "
            'stopped with a listen waiting for it %s (stopped/running '
            '%.2fx, %s)' % (r['conns'], bench_cell(r['running'], 1, 1),
                            bench_cell(r['stopped'], 1, 1), r['ratio'],
                            r['verdict']))


def bench_figures(series):
    """What the cover letter of SERIES quotes of make bench's committed
    results (Documentation/bench-results.json), with the series they
    measured; nothing without that file."""
    if not RESULTS.exists() or series not in ('all', 'iwpm', 'netns'):
        return ''
    res = json.loads(RESULTS.read_text())
    meta = res['meta']
    lines = [bench_line(res, *f) for f in FIGURES.get(series, [])]
    if series != 'iwpm':
        lines.append(bench_isolation(res))
    head = textwrap.fill(
        'Figures of make bench (Documentation/benchmarks.rst has all of '
        'them and the method), measured on the backport of the whole series '
        'to 6.12 (patches/ of series %s, tools/testing/series-hash.sh) '
        'against pristine %s, both as User-Mode Linux on %s, %d boots of '
        'each; each figure is the median [min-max] over the boots, the gain '
        'how many times better the series is, the verdict "tie" unless the '
        'ranges do not overlap:' % (
            meta['series'], meta['kernel'], meta['machine'],
            min(meta['boots'].values())), 72, break_on_hyphens=False)
    body = [textwrap.fill(ln, 72, subsequent_indent='  ',
                          break_on_hyphens=False) for ln in lines]
    return '\n\n' + head + '\n\n' + '\n'.join(body)


def write_cover(out, series):
    """Fill in the cover letter git format-patch left as a template."""
    subject, blurb = COVERS[series]
    path = pathlib.Path(out) / '0000-cover-letter.patch'
    text = path.read_text()
    text = text.replace('*** SUBJECT HERE ***', subject)
    text = text.replace('*** BLURB HERE ***',
                        (REPO / 'tools' / blurb).read_text().rstrip('\n') +
                        bench_figures(series))
    path.write_text(text)


def base_version(src):
    """VERSION.PATCHLEVEL of the Linux tree @src."""
    make = (pathlib.Path(src) / 'Makefile').read_text()
    return '.'.join(re.search(rf'^{v} = (\d+)$', make, re.M)[1]
                    for v in ('VERSION', 'PATCHLEVEL'))


def backport(src, series):
    """The base named in the subjects of a series against another tree
    than MAINLINE ("6.12"), or ''."""
    version = base_version(src)
    return '' if series == 'all' or version == MAINLINE else version


def generate(src, out, series):
    begin, end = PARTS.get(series, (0, len(SERIES)))
    prefix = 'RFC PATCH' if series == 'netns' else 'PATCH'
    if backport(src, series):
        prefix += ' ' + backport(src, series)
    with tempfile.TemporaryDirectory(prefix='iwpm-patches-') as tmp:
        t = Tree(tmp, series, src)
        t.git('init', '-q')
        for rel in BASE_FILES:
            t.write(rel, (pathlib.Path(src) / rel).read_text())
        t.commit('Linux (the files the series changes)')
        for i, fn in enumerate(SERIES[:end]):
            if i == begin:
                t.git('tag', 'base')
            t.index = i
            fn(t)
            t.subjects[fn.__name__] = t.subject
        for old in pathlib.Path(out).glob('*.patch'):
            old.unlink()
        t.git('format-patch', '-q', '--zero-commit', '--no-signature',
              '--abbrev=12', '--diff-algorithm=myers', '--no-renames',
              '--cover-letter', f'--subject-prefix={prefix}',
              '-o', str(pathlib.Path(out).resolve()), 'base..HEAD')
        write_cover(out, series)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--src', required=True, help='pristine Linux tree')
    ap.add_argument('--series', choices=sorted(COVERS), default='all')
    ap.add_argument('--out')
    args = ap.parse_args()
    out = args.out or str(REPO / 'patches' / backport(args.src, args.series) /
                          ('' if args.series == 'all' else args.series))
    generate(args.src, out, args.series)


if __name__ == '__main__':
    main()
