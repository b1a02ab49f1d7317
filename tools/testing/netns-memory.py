#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""What a network namespace costs the kernel, with and without a port mapper.

Run as root inside a test guest.  Creates ROUNDS rounds of COUNT network
namespaces, kept alive by open file descriptors of this process, the
rounds' KINDS in turn:

  idle     nothing happens in them;
  refused  this process, without CAP_NET_ADMIN in its effective set, sends
           the port mapper one HELLO from each and must be refused
           (-EPERM), which must make no port mapper;
  used     the same HELLO with CAP_NET_ADMIN, answered with the kernel's
           HELLO, which makes the namespace's port mapper.

refused and used rounds open, use and close the same socket and skbs, so
they differ only by what the port mapper keeps.  Prints one line per round:

    netns-memory: ROUND KIND slab=BYTES used=BYTES

BYTES per namespace: the growth of /proc/meminfo's Slab, and of the memory
in use (MemTotal - MemFree - Buffers - Cached), over the round.  A kernel
without the series answers no other namespace's HELLO: use --kinds idle.
Raises user.max_net_namespaces if it is too low for the run, and returns
once most of the namespaces' slab is freed again.  Exits
non-zero if a namespace cannot be made or a HELLO is not answered as said.
"""

import argparse
import ctypes
import os
import resource
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
CAP_NET_ADMIN = 12
LINUX_CAPABILITY_VERSION_3 = 0x20080522
NLMSG_ERROR = 2
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


def net_admin(on):
    """Raise or drop CAP_NET_ADMIN in the effective set (kept permitted)."""
    header = ctypes.create_string_buffer(
        struct.pack("=Ii", LINUX_CAPABILITY_VERSION_3, 0), 8)
    data = ctypes.create_string_buffer(24)
    if libc.capget(header, data):
        sys.exit("netns-memory: capget failed")
    eff, prm, inh, eff1, prm1, inh1 = struct.unpack("=6I", data.raw)
    eff = eff | (1 << CAP_NET_ADMIN) if on else eff & ~(1 << CAP_NET_ADMIN)
    data = struct.pack("=6I", eff, prm, inh, eff1, prm1, inh1)
    if libc.capset(header, data):
        sys.exit("netns-memory: capset failed")


def hello(seq, allowed):
    """One HELLO to the port mapper of this namespace: answered with the
    kernel's HELLO if @allowed, else refused with -EPERM."""
    kind = (RDMA_NL_IWCM << 10) + RDMA_NL_IWPM_HELLO
    attr = struct.pack("=HHH2x", 6, IWPM_NLA_HELLO_ABI_VERSION, 4)
    msg = struct.pack("=IHHII", 16 + len(attr), kind, NLM_F_REQUEST, seq, 0)
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_RDMA) as s:
        s.settimeout(5)
        s.bind((0, 0))
        net_admin(allowed)
        try:
            s.send(msg + attr)
        finally:
            net_admin(True)
        try:
            answer = s.recv(4096)
        except socket.timeout:
            sys.exit("netns-memory: the port mapper did not answer a HELLO")
    got = struct.unpack_from("=H", answer, 4)[0]
    if allowed and got != kind:
        sys.exit("netns-memory: the answer to a HELLO is not a HELLO")
    if not allowed and (got != NLMSG_ERROR or
                        struct.unpack_from("=i", answer, 16)[0] != -1):
        sys.exit("netns-memory: a HELLO without CAP_NET_ADMIN was not "
                 "refused with -EPERM")


def round_of(count, kind, fds):
    slab0, used0 = meminfo()
    for i in range(count):
        fds.append(new_netns())
        if kind != "idle":
            hello(i + 1, kind == "used")
    slab1, used1 = meminfo()
    return (slab1 - slab0) // count, (used1 - used0) // count


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=250)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--kinds", default="refused,used")
    args = ap.parse_args()
    kinds = args.kinds.split(",")
    if not set(kinds) <= {"idle", "refused", "used"}:
        sys.exit(f"netns-memory: unknown kinds {args.kinds}")
    need = args.count * args.rounds + 64
    with open("/proc/sys/user/max_net_namespaces", "r+") as f:
        if int(f.read()) < need:
            f.seek(0)
            f.write(str(need))
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < need:
        hard = need
    resource.setrlimit(resource.RLIMIT_NOFILE, (need, hard))
    fds = []
    start, _ = meminfo()
    for r in range(args.rounds):
        kind = kinds[r % len(kinds)]
        slab, mem = round_of(args.count, kind, fds)
        print(f"netns-memory: {r} {kind} slab={slab} used={mem}", flush=True)
    peak, _ = meminfo()
    for fd in fds:
        os.close(fd)
    settle(start, peak)


def settle(start, peak):
    """Wait (at most 120 s) until the namespaces are mostly freed, so that
    no test after this one, nor the guest's power-off, runs beside their
    cleanup."""
    for _ in range(1200):
        slab, _ = meminfo()
        if slab - start < (peak - start) // 4:
            return
        time.sleep(0.1)
    print("netns-memory: the namespaces were not freed within 120 s",
          flush=True)


if __name__ == "__main__":
    main()
