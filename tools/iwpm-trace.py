#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the port mapper's messages, one readable line each.

The kernel records every message it exchanges with the daemon while
/sys/kernel/debug/iwpm/trace_enable is set; this decodes that record:

    echo 1 > /sys/kernel/debug/iwpm/trace_enable
    ...
    iwpm-trace.py [--after ID] [--netns INODE=NAME,...] [/sys/kernel/debug/iwpm/trace]

Only records numbered above ID are printed.  With --netns, each message is
labelled with the network namespace it went through (the last field of a
record is the namespace's inode number).  (The netlink monitor, nlmon,
does not see NETLINK_RDMA, hence the kernel's own record.)
"""

import socket
import struct
import sys

NLMSG_ERROR, NLMSG_DONE = 2, 3

OPS = ['REG_PID', 'ADD_MAPPING', 'QUERY_MAPPING', 'REMOVE_MAPPING',
       'REMOTE_INFO', 'HANDLE_ERR', 'MAPINFO', 'MAPINFO_NUM', 'HELLO']
CLIENTS = {2: 'nes', 3: 'c4iw'}

# Attributes by (sender, op): (type, name, decoder).
U16, U32, STR, ADDR = 'u16', 'u32', 'str', 'addr'
ADDRS = [(1, 'answers', U32), (2, 'local', ADDR), (3, 'remote', ADDR),
         (4, 'mapped_local', ADDR), (5, 'mapped_remote', ADDR), (6, 'err', U16)]
ATTRS = {
    ('kernel', 0): [(1, 'echo', U32), (2, 'if', STR), (3, 'dev', STR), (4, 'lib', STR)],
    ('daemon', 0): [(1, 'answers', U32), (2, 'dev', STR), (3, 'lib', STR),
                    (4, 'abi', U16), (5, 'err', U16)],
    ('kernel', 1): [(1, 'echo', U32), (2, 'local', ADDR), (3, 'flags', U32)],
    ('daemon', 1): [(1, 'answers', U32), (2, 'local', ADDR), (3, 'mapped', ADDR),
                    (4, 'err', U16)],
    ('kernel', 2): [(1, 'echo', U32), (2, 'local', ADDR), (3, 'remote', ADDR),
                    (4, 'flags', U32)],
    ('daemon', 2): [(1, 'answers', U32)] + ADDRS[1:],
    ('kernel', 3): [(1, 'echo', U32), (2, 'local', ADDR)],
    ('daemon', 4): ADDRS[1:],
    ('daemon', 5): [(1, 'answers', U32), (2, 'code', U16)],
    ('kernel', 6): [(1, 'local', ADDR), (2, 'mapped', ADDR), (3, 'flags', U32)],
    ('daemon', 6): [(1, 'lib', STR), (2, 'abi', U16)],
    ('kernel', 7): [(2, 'sent', U32)],
    ('daemon', 7): [(1, 'answers', U32), (2, 'sent', U32), (3, 'acked', U32)],
    ('kernel', 8): [(1, 'abi', U16)],
    ('daemon', 8): [(1, 'abi', U16)],
}


def sockaddr(b):
    family = struct.unpack_from('<H', b)[0]
    port = struct.unpack_from('>H', b, 2)[0]
    if family == socket.AF_INET:
        return '%s:%d' % (socket.inet_ntop(socket.AF_INET, b[4:8]), port)
    if family == socket.AF_INET6:
        return '[%s]:%d' % (socket.inet_ntop(socket.AF_INET6, b[8:24]), port)
    return 'family%d' % family


def value(kind, b):
    if kind == U16 and len(b) >= 2:
        return str(struct.unpack_from('=H', b)[0])
    if kind == U32 and len(b) >= 4:
        return str(struct.unpack_from('=I', b)[0])
    if kind == STR:
        return b.split(b'\0', 1)[0].decode(errors='replace')
    if kind == ADDR and len(b) >= 24:
        return sockaddr(b)
    return '<%d bytes>' % len(b)


def attributes(payload):
    attrs, off = {}, 0
    while off + 4 <= len(payload):
        length, kind = struct.unpack_from('=HH', payload, off)
        if length < 4:
            break
        attrs[kind & 0x3fff] = payload[off + 4:off + length]
        off += (length + 3) & ~3
    return attrs


def describe(sender, msg_type, seq, payload):
    if msg_type == NLMSG_DONE:
        return 'DONE'
    if msg_type == NLMSG_ERROR:
        err, = struct.unpack_from('=i', payload)
        return 'ERROR %s for seq=%d' % (err, struct.unpack_from('=I', payload, 12)[0])
    client, op = msg_type >> 10, msg_type & 0x3ff
    name = OPS[op] if op < len(OPS) else 'op%d' % op
    fields = ['client=%s' % CLIENTS.get(client, client), 'seq=%d' % seq]
    attrs = attributes(payload)
    for kind, label, decoder in ATTRS.get((sender, op), []):
        if kind in attrs:
            fields.append('%s=%s' % (label, value(decoder, attrs[kind])))
    return '%-14s %s' % (name, ' '.join(fields))


def main():
    args = sys.argv[1:]
    after = 0
    names = {}
    while args[:1] in (['--after'], ['--netns']):
        if args[0] == '--after':
            after = int(args[1])
        else:
            names.update(n.split('=', 1) for n in args[1].split(','))
        args = args[2:]
    path = args[0] if args else '/sys/kernel/debug/iwpm/trace'
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) < 4 or int(fields[0]) <= after:
                continue
            tx, portid, data = fields[1] == 'tx', int(fields[2]), bytes.fromhex(fields[3])
            sender = 'kernel' if tx else 'daemon'
            arrow = ('kernel -> group ' if not portid else 'kernel -> daemon') if tx \
                else 'daemon -> kernel'
            if names and len(fields) > 4:
                arrow = '%-3s %s' % (names.get(fields[4], fields[4]), arrow)
            off = 0
            while off + 16 <= len(data):
                length, msg_type, _flags, seq, _pid = struct.unpack_from('=IHHII', data, off)
                if length < 16:
                    break
                print('    %s  %s' % (arrow, describe(sender, msg_type, seq,
                                                       data[off + 16:off + length])))
                off += (length + 3) & ~3


if __name__ == '__main__':
    main()
