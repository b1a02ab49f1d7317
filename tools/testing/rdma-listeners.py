#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hold COUNT rdma_cm listeners, on ADDR and ports PORT.., PORT+COUNT-1.

One process, one rdma_cm id per listener (librdmacm, through ctypes), so
that a test can give the port mapper thousands of mappings without
thousands of processes.  Prints "rdma-listeners: listening N" after every
250 listens and once every id listens, then holds them until it is killed.  Exits non-zero, naming the call and port, if one cannot listen.
"""

import argparse
import ctypes
import os
import signal
import socket
import struct
import sys

RDMA_PS_TCP = 0x0106


def sockaddr_in(addr, port):
    raw = struct.pack("=H", socket.AF_INET) + struct.pack("!H", port) + \
        socket.inet_aton(addr) + bytes(8)
    return ctypes.create_string_buffer(raw, len(raw))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    cm = ctypes.CDLL("librdmacm.so.1", use_errno=True)
    cm.rdma_create_event_channel.restype = ctypes.c_void_p
    cm.rdma_create_id.argtypes = [ctypes.c_void_p,
                                  ctypes.POINTER(ctypes.c_void_p),
                                  ctypes.c_void_p, ctypes.c_int]
    cm.rdma_bind_addr.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    cm.rdma_listen.argtypes = [ctypes.c_void_p, ctypes.c_int]
    channel = cm.rdma_create_event_channel()
    if not channel:
        sys.exit("rdma-listeners: rdma_create_event_channel failed")
    ids = []
    for port in range(args.port, args.port + args.count):
        cm_id = ctypes.c_void_p()
        for call, ret in (
                ("rdma_create_id", lambda: cm.rdma_create_id(
                    channel, ctypes.byref(cm_id), None, RDMA_PS_TCP)),
                ("rdma_bind_addr", lambda: cm.rdma_bind_addr(
                    cm_id, sockaddr_in(args.addr, port))),
                ("rdma_listen", lambda: cm.rdma_listen(cm_id, 4))):
            if ret():
                err = ctypes.get_errno()
                sys.exit(f"rdma-listeners: {call} on port {port}: "
                         f"{os.strerror(err)}")
        ids.append(cm_id)
        if len(ids) % 250 == 0 and len(ids) < args.count:
            print(f"rdma-listeners: listening {len(ids)}", flush=True)
    print(f"rdma-listeners: listening {len(ids)}", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
