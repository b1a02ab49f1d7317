#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a network namespace costs the kernel, idle and with a port mapper.

Run as root inside a test guest.  Creates ROUNDS rounds of COUNT network
namespaces, kept alive by open file descriptors of this process; in
"idle" rounds nothing happens in them, in "used" rounds a process with
CAP_NET_ADMIN sends the port mapper one HELLO from each (and waits for
the kernel's HELLO back), which is what makes the port mapper of a
namespace exist.  Rounds alternate, idle first.  Prints one line per
round:

    netns-memory: ROUND KIND slab=BYTES used=BYTES

BYTES per namespace: the growth of /proc/meminfo's Slab, and of the memory
in use (MemTotal - MemFree - Buffers - Cached), over the round.  With
--idle-only every round is idle (for a kernel without the series, whose
port mapper answers no other namespace).  Exits non-zero if a namespace
cannot be made or a HELLO is not answered.
"""

import argparse
import ctypes
import os
import resource
import socket
import struct
import sys

CLONE_NEWNET = 0x40000000
NETLINK_RDMA = 20
NLM_F_REQUEST = 1
RDMA_NL_IWCM = 2
RDMA_NL_IWPM_HELLO = 8
IWPM_NLA_HELLO_ABI_VERSION = 1

libc = ctypes.CDLL(None, use_errno=True)


def meminfo():
    fields = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, value = line.split(":")
            fields[key] = int(value.split()[0]) * 1024
    used = (fields["MemTotal"] - fields["MemFree"] - fields["Buffers"] -
            fields["Cached"])
    return fields["Slab"], used


def new_netns():
    if libc.unshare(CLONE_NEWNET):
        err = ctypes.get_errno()
        sys.exit(f"netns-memory: unshare: {os.strerror(err)}")
    return os.open("/proc/self/ns/net", os.O_RDONLY)


def hello(seq):
    """One HELLO to the port mapper of this namespace; wait for its own."""
    kind = (RDMA_NL_IWCM << 10) + RDMA_NL_IWPM_HELLO
    attr = struct.pack("=HHH2x", 6, IWPM_NLA_HELLO_ABI_VERSION, 4)
    msg = struct.pack("=IHHII", 16 + len(attr), kind, NLM_F_REQUEST, seq, 0)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_RDMA) as s:
        s.settimeout(5)
        s.bind((0, 0))
        s.send(msg + attr)
        try:
            answer = s.recv(4096)
        except socket.timeout:
            sys.exit("netns-memory: the port mapper did not answer a HELLO")
    if struct.unpack_from("=H", answer, 4)[0] != kind:
        sys.exit("netns-memory: the answer to a HELLO is not a HELLO")


def round_of(count, used, fds):
    slab0, used0 = meminfo()
    for i in range(count):
        fds.append(new_netns())
        if used:
            hello(i + 1)
    slab1, used1 = meminfo()
    return (slab1 - slab0) // count, (used1 - used0) // count


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--idle-only", action="store_true")
    args = ap.parse_args()
    need = args.count * args.rounds + 64
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < need:
        hard = need
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    fds = []
    for r in range(args.rounds):
        used = not args.idle_only and r % 2 == 1
        slab, mem = round_of(args.count, used, fds)
        kind = "used" if used else "idle"
        print(f"netns-memory: {r} {kind} slab={slab} used={mem}", flush=True)
    for fd in fds:
        os.close(fd)


if __name__ == "__main__":
    main()
