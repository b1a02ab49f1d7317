#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the in-tree patch series (patches/) from this repository.

The series is never edited by hand: this script copies the port mapper's
sources over a pristine Linux 6.12 tree, makes the few edits the rest of the
kernel needs, commits each logical change and runs git format-patch.  Its
output is byte for byte reproducible, so `make check` regenerates the series
and fails if the committed one differs.

usage: make-patches.py --src LINUX_6.12_TREE [--out DIR]
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
CORE = 'drivers/infiniband/core'

# The pre-images: every file of the pristine tree that a patch changes.
BASE_FILES = [
    f'{CORE}/Makefile',
    f'{CORE}/iwpm_msg.c',
    f'{CORE}/iwpm_util.c',
    f'{CORE}/iwpm_util.h',
    f'{CORE}/netlink.c',
    'drivers/infiniband/Kconfig',
    'include/rdma/rdma_netlink.h',
]

AUTHOR = 'iwpm developers <iwpm@example.invalid>'
DATE = '2026-11-23T00:00:00+00:00'


class Tree:
    """A scratch git repository holding the pre-images, then the series."""

    def __init__(self, path):
        self.path = pathlib.Path(path)

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
        self.write(rel, (REPO / src).read_text())

    def commit(self, message):
        self.git('add', '-A')
        msg = message.strip() + f'\n\nSigned-off-by: {AUTHOR}\n'
        self.git('commit', '-q', '-m', msg)


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


def guard_iwpm_group(t):
    t.edit(f'{CORE}/netlink.c', 'int rdma_nl_net_init(struct rdma_dev_net *rnet)\n',
           '''/*
 * Whoever listens to the port mapper group learns the addresses of every
 * iWARP connection and can answer in the port mapper's place; only the port
 * mapper daemon, which runs with CAP_NET_ADMIN, has reason to.
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

NETLINK_RDMA lets any process join its multicast groups.  The kernel
announces itself to the iWARP port mapper daemon in RDMA_NL_GROUP_IWPM,
and a process that hears the announcement can register as the daemon and
then see and steer the addresses of every iWARP connection.

Require CAP_NET_ADMIN, in the initial user namespace, to join that group.
The other groups keep their current rules.
''')


def replace_port_mapper(t):
    for name in ('iwpm_msg.c', 'iwpm_util.c', 'iwpm_util.h', 'iwpm_trace.c',
                 'iwpm_nl.c'):
        t.copy(f'{CORE}/{name}', f'{CORE}/{name}')
    t.edit(f'{CORE}/Makefile',
           'iw_cm-y :=\t\t\tiwcm.o iwpm_util.o iwpm_msg.o\n',
           'iw_cm-y :=\t\t\tiwcm.o iwpm_util.o iwpm_msg.o iwpm_nl.o \\\n'
           '\t\t\t\tiwpm_trace.o\n')
    t.commit('''
RDMA/iwpm: Replace the port mapper

iw_cm asks the user-space port mapper daemon (iwpmd) for the TCP port an
iWARP connection may use, so that RDMA and the host's TCP stack never
share one.  The implementation has grown hard to trust:

- any local process can answer in the daemon's place, or read every
  mapping by asking for the mapping table;
- answers are matched against requests by walking a list under a lock,
  and the mapping tables are fixed-size hashes of 512 buckets;
- a request times out after 10 s of a missing daemon on every connect;
- address attributes are checked for their maximum length only; their
  address family and real size are taken on trust;
- errors come back as positive numbers or get lost on the way.

Replace iwpm_msg.c and iwpm_util.c, keeping the driver API of
<rdma/iw_portmap.h> and the netlink callbacks iw_cm registers unchanged:

- all state hangs off one struct iwpm; the mapping and remote-info tables
  are resizable hash tables, requests sit in an xarray by sequence number
  and whoever removes one (the answer, the timeout, a failed send, the
  daemon's socket closing) completes it, so late, duplicate and unknown
  answers find nothing and change nothing;
- every message from the daemon is validated in full, attribute by
  attribute, before anything changes, and rejections carry an extack
  message; attributes a newer daemon adds are ignored, and a HELLO is
  never answered with an error, which iwpmd would take for ABI 3;
- only a sender with CAP_NET_ADMIN in the initial user namespace may
  speak for the port mapper, and once a daemon is known only its port;
  a refused sender gets -EPERM before any lock or record is taken;
- without a daemon, mapping falls back to the unmapped address at once;
  a daemon that restarts gets the mappings replayed, from a workqueue of
  its own, in skbs it can read, and no mapping removed meanwhile;
- a local address may have several mappings, as a wildcard listen over
  two devices makes; the IPv6 scope id is not part of an address's
  identity; the remote-info table keeps at most 4096 entries a client;
- after the last iwpm_exit() the driver API fails cleanly;
- errors are negative errnos throughout; the daemon's codes are
  translated;
- the request timeout is the module parameter iw_cm.timeout_ms.

iwpm_nl.c sends through ib_core's NETLINK_RDMA socket.  iwpm_trace.c
keeps an opt-in record of the messages for debugging; it is off and
costs a test of a boolean per message.
''')


def deliver_synchronously(t):
    t.edit(f'{CORE}/netlink.c',
           'static int rdma_nl_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh,\n',
           '''/*
 * The port mapper's callbacks take one message from the daemon and have
 * nothing to dump, so call them at once instead of starting a netlink dump,
 * which would answer every message with an NLMSG_DONE of its own.  What they
 * return reaches the sender as a netlink error, like a doit's.
 */
static int rdma_nl_iwcm_rcv(struct sk_buff *skb, struct nlmsghdr *nlh,
			    struct netlink_ext_ack *extack,
			    const struct rdma_nl_cbs *cbs)
{
	struct netlink_callback cb = {
		.skb = skb,
		.nlh = nlh,
		.extack = extack,
	};

	return cbs->dump ? cbs->dump(NULL, &cb) : -EOPNOTSUPP;
}

static int rdma_nl_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh,
''')
    t.edit(f'{CORE}/netlink.c',
           '''	/* FIXME: Convert IWCM to properly handle doit callbacks */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) || index == RDMA_NL_IWCM) {
''', '''	if (index == RDMA_NL_IWCM) {
		err = rdma_nl_iwcm_rcv(skb, nlh, extack, &cb_table[op]);
		goto done;
	}
	if (nlh->nlmsg_flags & NLM_F_DUMP) {
''')
    t.commit('''
RDMA/netlink: Deliver port mapper messages without a netlink dump

Every message the port mapper daemon sends to RDMA_NL_IWCM starts a
netlink dump, so the daemon gets an NLMSG_DONE back for each of them, and
a sender the port mapper refuses still learns that it was heard.  The
callbacks never dump anything: each takes the one message in the
callback's skb and nlh.

Call them directly, with the extack of the message, and let what they
return reach the sender as a netlink error, as for any doit.  The
callbacks and the table iw_cm registers stay as they are.
''')


def add_kunit_tests(t):
    for src, name in (('kunit/iwpm_kunit.h', 'iwpm_kunit.h'),
                      ('kunit/iwpm_kunit.c', 'iwpm_kunit.c'),
                      ('kunit/iwpm_table_test.c', 'iwpm_table_test.c'),
                      ('kunit/iwpm_request_test.c', 'iwpm_request_test.c'),
                      ('kunit/iwpm_msg_test.c', 'iwpm_msg_test.c'),
                      ('kunit/iwpm_stress_test.c', 'iwpm_stress_test.c')):
        t.copy(src, f'{CORE}/{name}')
    kconfig = (REPO / 'Kconfig').read_text()
    kconfig = kconfig[kconfig.index('config '):]
    t.edit('drivers/infiniband/Kconfig', 'config INFINIBAND_VIRT_DMA\n',
           kconfig + '\nconfig INFINIBAND_VIRT_DMA\n')
    t.edit(f'{CORE}/Makefile', 'CFLAGS_cma_trace.o +=',
           'obj-$(CONFIG_INFINIBAND_IWPM_KUNIT_TEST) += iwpm_test.o\n'
           'iwpm_test-y :=\t\t\tiwpm_kunit.o iwpm_table_test.o \\\n'
           '\t\t\t\tiwpm_request_test.o iwpm_msg_test.o \\\n'
           '\t\t\t\tiwpm_stress_test.o\n\n'
           'CFLAGS_cma_trace.o +=')
    t.commit('''
RDMA/iwpm: Add KUnit tests

Four suites for the port mapper, each on private instances that send
through a capturing transport to a fake daemon in the kernel, so they
need neither a daemon nor an RDMA device:

- iwpm_table: the mapping and remote-info tables, including growth,
  duplicates, per-client teardown and both address families;
- iwpm_request: request tracking: answers, timeouts, send failures,
  shutdown and the daemon's socket closing, racing each other;
- iwpm_msg: every message in both directions, ABI versions 3 and 4,
  malformed and truncated attributes, unknown sequence numbers, senders
  that may not speak for the port mapper, and the replay of the mappings
  to a restarted daemon;
- iwpm_stress: kernel threads that issue, answer, time out and fail
  requests and take a client away, all at once, for KASAN and lockdep.

Enable with CONFIG_INFINIBAND_IWPM_KUNIT_TEST.
''')


def generate(src, out):
    with tempfile.TemporaryDirectory(prefix='iwpm-patches-') as tmp:
        t = Tree(tmp)
        t.git('init', '-q')
        for rel in BASE_FILES:
            t.write(rel, (pathlib.Path(src) / rel).read_text())
        t.commit('Linux 6.12 (the files the series changes)')
        t.git('tag', 'base')
        constify_put_attr(t)
        guard_iwpm_group(t)
        replace_port_mapper(t)
        deliver_synchronously(t)
        add_kunit_tests(t)
        shutil.rmtree(out, ignore_errors=True)
        t.git('format-patch', '-q', '--zero-commit', '--no-signature',
              '--abbrev=12', '--diff-algorithm=myers', '--no-renames',
              '-o', str(pathlib.Path(out).resolve()), 'base..HEAD')


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--src', required=True, help='pristine Linux 6.12 tree')
    ap.add_argument('--out', default=str(REPO / 'patches'))
    args = ap.parse_args()
    generate(args.src, args.out)


if __name__ == '__main__':
    main()
