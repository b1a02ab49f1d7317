#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Throw random and mutated port mapper messages at the kernel.

    iwpm-fuzz.py [--count N] [--seed S] [--as-nobody] [--clients C,..]  fuzz
    iwpm-fuzz.py --probe [--as-nobody] [--clients C,..] [--group-open]
                                      one valid message each
    iwpm-fuzz.py --recursion [hello|mapinfo]
                                      a HELLO (or MAPINFO) that names port 0,
                                      the kernel's
    iwpm-fuzz.py --stall SECONDS      become the daemon, then never read
    iwpm-fuzz.py --daemon             start as iwpmd does; no error back

The messages start from a corpus of valid daemon messages (every operation
the kernel takes from the daemon, both clients) and are mutated: bits
flipped, truncated or extended, attribute types and lengths changed, random
sequence numbers, clients and operations, several messages per datagram.

Run as root, the fuzzer is a privileged process that is not the registered
daemon; it leaves out HELLO and MAPINFO for the two port mapper clients,
the two messages by which any privileged process may legitimately take
over as the daemon.  --as-nobody drops to uid/gid 65534 first.  --clients
names the port mapper clients to address (default 2,3; Linux 6.12 has only
client 2, and its netlink core itself refuses messages to client 3).

--probe sends one valid message of each operation, asking for an ACK, and
tries to join the port mapper group; it exits 0 only if each of the eight
messages was answered with one -EPERM and nothing else (an operation that
is answered otherwise, or not at all, is named), and the join was refused:
what an
unprivileged sender must see.  With --group-open (ib_core as a distribution
ships it, which lets any socket join; Documentation/dkms.rst) the join must
succeed instead and the joined socket must receive nothing.

--recursion sends, as root, one HELLO whose nlmsg_pid is 0, the port of the
kernel's own socket, and prints "answered" once anything comes back on the
sender's socket.  Linux 6.12 took the daemon's port from nlmsg_pid and sent
its answer into its own receive path, where the sending task hangs for good;
the caller (recursion_probe in tools/testing/guest-lib.sh) tells a hang by
the process never printing.  --recursion mapinfo sends a MAPINFO instead:
Linux 6.12 then replays its mappings to port 0, and the kernel's socket
hits the BUG() of a kernel socket that receives (netlink_data_ready()).

--stall, as root, asks for the mappings of client 2 with a MAPINFO from a
socket with the smallest receive buffer, which makes it the daemon and
starts a replay to it, prints "iwpm-fuzz: stalling" and then reads nothing
for SECONDS: a daemon whose socket stays full.

--daemon, as root, starts as rdma-core's iwpmd does, from a new socket whose
port its messages name: a HELLO of sequence 0 naming ABI 4, then a
well-formed REMOTE_INFO, asking for an ACK.  iwpmd
takes any error answering its HELLO (an NLMSG_ERROR of sequence 0) for a
kernel of ABI 3, and the ABI of the kernel's HELLO otherwise, so the HELLO
must be answered with a HELLO of ABI 4 and no error; the REMOTE_INFO,
which the kernel takes, with an ACK of 0 (or, where the kernel still runs
the callbacks as a dump, an NLMSG_DONE, which iwpmd ignores, carrying
the -EINVAL Linux 6.12 returns for it).  A control REMOTE_INFO whose
mapped remote address is of another family must be rejected, so a
message that never reached the callback cannot pass.  Prints "iwpm-fuzz:
daemon hello=.. remote_info=.. mismatched_remote_info=.." and exits 0
only then.
"""

import os
import random
import select
import socket
import struct
import sys
import time

NETLINK_RDMA = 20
GROUP_IWPM = 2
NLM_F_REQUEST = 1
NLM_F_ACK = 4
NLMSG_ERROR = 2
EPERM = 1
CLIENTS = [2, 3]
HELLO, MAPINFO = 8, 6


def attr(kind, payload):
    pad = (4 - len(payload) % 4) % 4
    return struct.pack('=HH', 4 + len(payload), kind) + payload + b'\0' * pad


def u16(v):
    return struct.pack('=H', v)


def u32(v):
    return struct.pack('=I', v)


def name(text):
    return text.encode() + b'\0'


def sin(ip, port):
    return (struct.pack('<H', socket.AF_INET) + struct.pack('>H', port) +
            socket.inet_aton(ip)).ljust(128, b'\0')


def message(client, op, seq, attrs, pid=0):
    body = b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), (client << 10) | op,
                       NLM_F_REQUEST, seq, pid) + body


def corpus(rng):
    """Valid daemon messages, one of each operation."""
    c = rng.choice(CLIENTS)
    seq = rng.randrange(1 << 32)
    loc, rem = sin('192.0.2.1', 7174), sin('192.0.2.2', 9000)
    mloc, mrem = sin('192.0.2.1', 40001), sin('192.0.2.2', 40002)
    return [
        message(c, 0, seq, [attr(1, u32(seq)), attr(2, name('iwsim_nes')),
                            attr(3, name('iWarpPortMapperUser')), attr(4, u16(4)),
                            attr(5, u16(0))]),
        message(c, 1, seq, [attr(1, u32(seq)), attr(2, loc), attr(3, mloc),
                            attr(4, u16(0))]),
        message(c, 2, seq, [attr(1, u32(seq)), attr(2, loc), attr(3, rem),
                            attr(4, mloc), attr(5, mrem), attr(6, u16(0))]),
        message(c, 4, seq, [attr(1, u32(seq)), attr(2, loc), attr(3, rem),
                            attr(4, mloc), attr(5, mrem), attr(6, u16(0))]),
        message(c, 5, seq, [attr(1, u32(seq)), attr(2, u16(12))]),
        message(c, 6, seq, [attr(1, name('iWarpPortMapperUser')), attr(2, u16(4))]),
        message(c, 7, seq, [attr(1, u32(0)), attr(2, u32(3)), attr(3, u32(3))]),
        message(c, 8, seq, [attr(1, u16(4))]),
    ]


def mutate(rng, msg):
    b = bytearray(msg)
    for _ in range(rng.randint(1, 3)):
        how = rng.randrange(9)
        if how == 0 and b:                                  # flip bits
            for _ in range(rng.randint(1, 8)):
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        elif how == 1:                                      # truncate
            del b[rng.randrange(len(b) + 1):]
        elif how == 2:                                      # extend
            b += os.urandom(rng.randint(1, 300))
        elif how == 3 and len(b) >= 22:                     # attribute type
            struct.pack_into('=H', b, 18, rng.randrange(1 << 16))
        elif how == 4 and len(b) >= 20:                     # attribute length
            struct.pack_into('=H', b, 16, rng.randrange(1 << 16))
        elif how == 5 and len(b) >= 16:                     # nlmsg_len
            struct.pack_into('=I', b, 0, rng.choice([0, 15, 16, len(b) + 4,
                                                     rng.randrange(1 << 32)]))
        elif how == 6 and len(b) >= 16:                     # client and op
            struct.pack_into('=H', b, 4, rng.randrange(1 << 16))
        elif how == 7 and len(b) >= 16:                     # flags and seq
            struct.pack_into('=HI', b, 6, rng.randrange(1 << 16),
                             rng.randrange(1 << 32))
        elif how == 8 and len(b) > 20:                      # duplicate a tail
            cut = rng.randrange(16, len(b))
            b += b[cut:]
    return bytes(b)


def takes_over(msg):
    """Would this (privileged) message introduce a new daemon?"""
    if len(msg) < 16:
        return False
    msg_type, = struct.unpack_from('=H', msg, 4)
    return (msg_type >> 10) in CLIENTS and (msg_type & 0x3ff) in (HELLO, MAPINFO)


def open_socket(groups=0):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_RDMA)
    sock.bind((0, groups))
    sock.setblocking(False)
    return sock


def drain(sock):
    n = 0
    while True:
        try:
            sock.recv(65536)
            n += 1
        except BlockingIOError:
            return n


def send(sock, data):
    try:
        sock.sendto(data, (0, 0))
        return True
    except OSError:
        return False


def fuzz(count, seed):
    rng = random.Random(seed)
    privileged = os.geteuid() == 0
    sock = open_socket()
    sent = refused = answers = 0
    while sent < count:
        batch = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            msg = rng.choice(corpus(rng))
            if rng.random() < 0.9:
                msg = mutate(rng, msg)
            if privileged and takes_over(msg):
                continue
            batch.append(msg)
        if not batch:
            continue
        if not send(sock, b''.join(batch)):
            refused += 1
        sent += len(batch)
        answers += drain(sock)
    print('iwpm-fuzz: seed=%d messages=%d privileged=%d send_refused=%d answers=%d'
          % (seed, sent, privileged, refused, answers))


def with_ack(msg):
    flags, = struct.unpack_from('=H', msg, 6)
    return msg[:6] + struct.pack('=H', flags | NLM_F_ACK) + msg[8:]


def messages_of(sock, first_wait=0.3):
    """Every message waiting on @sock, as (type, payload): the first
    datagram waited for up to @first_wait seconds, then 0.3 s of quiet."""
    out = []
    wait = first_wait
    while select.select([sock], [], [], wait)[0]:
        data = sock.recv(65536)
        off = 0
        while off + 16 <= len(data):
            length, kind = struct.unpack_from('=IH', data, off)
            out.append((kind, data[off + 16:off + max(length, 16)]))
            off += max((length + 3) & ~3, 16)
        wait = 0.3
    return out


def answers_of(sock):
    """Every message waiting on @sock, as (type, error or None)."""
    return [(kind, struct.unpack_from('=i', body)[0]
             if kind == NLMSG_ERROR and len(body) >= 4 else None)
            for kind, body in messages_of(sock)]


def probe(group_open):
    rng = random.Random(1)
    eperm = other = 0
    try:
        group = open_socket(1 << (GROUP_IWPM - 1))
    except PermissionError:
        group = None
    sock = open_socket()
    msgs = corpus(rng)
    for msg in msgs:
        send(sock, with_ack(msg))
        answers = answers_of(sock)
        op = struct.unpack_from('=H', msg, 4)[0] & 0x3ff
        if answers == [(NLMSG_ERROR, -EPERM)]:
            eperm += 1
            continue
        other += 1
        print('iwpm-fuzz: probe op %d answered %s, not one -EPERM' % (op, answers))
    heard = len(answers_of(group)) if group else 0
    print('iwpm-fuzz: probe uid=%d ops=%d eperm=%d other_answers=%d joined_group=%d'
          ' group_messages=%d' % (os.geteuid(), len(msgs), eperm, other,
                                  bool(group), heard))
    return 0 if eperm == len(msgs) and not other and \
        bool(group) == group_open and not heard else 1


def recursion(op):
    sock = open_socket()
    if op == 'mapinfo':
        msg = message(CLIENTS[0], MAPINFO, 1,
                      [attr(1, name('iWarpPortMapperUser')), attr(2, u16(4))])
    else:
        msg = message(CLIENTS[0], HELLO, 1, [attr(1, u16(4))])
    print('iwpm-fuzz: recursion sending %s' % op, flush=True)
    send(sock, with_ack(msg))
    answers = answers_of(sock)
    print('iwpm-fuzz: recursion answered=%d %s' % (len(answers), answers),
          flush=True)
    return 0 if answers else 1


NLMSG_DONE = 3


def verdict(answers, hello_type):
    """What the answers to one message say, as iwpmd would read them: the
    error of an NLMSG_ERROR ("ack" for 0), the ABI version of a HELLO, the
    error an NLMSG_DONE carries (iwpmd ignores it), or "none"."""
    for kind, body in answers:
        if kind == NLMSG_ERROR and len(body) >= 4:
            err = struct.unpack_from('=i', body)[0]
            return 'error %d' % err if err else 'ack'
    for kind, body in answers:
        # nlmsghdr, then the one attribute: length 6, type 1, a u16
        if kind == hello_type and body[:4] == struct.pack('=HH', 6, 1):
            return 'abi %d' % struct.unpack_from('=H', body, 4)[0]
    for kind, body in answers:
        if kind == NLMSG_DONE and len(body) >= 4:
            return 'done %d' % struct.unpack_from('=i', body)[0]
    return 'none'


def daemon():
    c = CLIENTS[0]
    sock = open_socket()
    pid = sock.getsockname()[0]     # iwpmd names itself, as its port
    loc, rem = sin('192.0.2.1', 7174), sin('192.0.2.2', 9000)
    mloc, mrem = sin('192.0.2.1', 40001), sin('192.0.2.2', 40002)
    mrem6 = struct.pack('<H', socket.AF_INET6).ljust(128, b'\0')

    def remote_info(seq, mapped_rem):
        msg = message(c, 4, seq, [attr(1, u32(seq)), attr(2, loc), attr(3, rem),
                                  attr(4, mloc), attr(5, mapped_rem),
                                  attr(6, u16(0))], pid)
        if not send(sock, with_ack(msg)):
            return 'not sent'
        return verdict(messages_of(sock, 5), None)

    if not send(sock, message(c, HELLO, 0, [attr(1, u16(4))], pid)):
        return print('iwpm-fuzz: daemon hello=not sent') or 1
    hello = verdict(messages_of(sock, 5), (c << 10) | HELLO)
    good = remote_info(1, mrem)
    # the control: families that do not match, which every kernel rejects
    bad = remote_info(2, mrem6)
    print('iwpm-fuzz: daemon hello=%s remote_info=%s mismatched_remote_info=%s'
          % (hello, good, bad))
    rejected = bad.startswith('error -') or \
        (bad.startswith('done -') and good.startswith('done'))
    return 0 if hello == 'abi 4' and good in ('ack', 'done -22') and rejected \
        else 1


def stall(seconds):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_RDMA)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    sock.bind((0, 0))
    mapinfo = message(CLIENTS[0], MAPINFO, 1,
                      [attr(1, name('iWarpPortMapperUser')), attr(2, u16(4))])
    sock.sendto(mapinfo, (0, 0))
    print('iwpm-fuzz: stalling rcvbuf=%d'
          % sock.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF), flush=True)
    time.sleep(seconds)
    return 0


def main():
    args = sys.argv[1:]
    count, seed, as_nobody, do_probe = 1000, random.randrange(1 << 32), False, False
    group_open = False
    recursion_op = 'hello'
    while args:
        a = args.pop(0)
        if a == '--count':
            count = int(args.pop(0))
        elif a == '--seed':
            seed = int(args.pop(0))
        elif a == '--as-nobody':
            as_nobody = True
        elif a == '--probe':
            do_probe = True
        elif a == '--group-open':
            group_open = True
        elif a == '--recursion':
            do_probe = 'recursion'
            if args and args[0] in ('hello', 'mapinfo'):
                recursion_op = args.pop(0)
        elif a == '--stall':
            do_probe = 'stall'
            count = int(args.pop(0))
        elif a == '--daemon':
            do_probe = 'daemon'
        elif a == '--clients':
            CLIENTS[:] = [int(c) for c in args.pop(0).split(',')]
        else:
            print(__doc__, file=sys.stderr)
            return 2
    if as_nobody:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    if do_probe == 'recursion':
        return recursion(recursion_op)
    if do_probe == 'daemon':
        return daemon()
    if do_probe == 'stall':
        return stall(count)
    if do_probe:
        return probe(group_open)
    fuzz(count, seed)
    return 0


if __name__ == '__main__':
    sys.exit(main())
