#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The attacker of netns-scenarios.sh's stall scenarios.

Run as nobody (possibly in a user and network namespace of its own): try to
join the port mapper's multicast group, holding the socket and never
answering, then for SECONDS loop wildcard rping listens on ports 7401 and
up, each held 2 s.  Prints "joined" or "refused" first (before any listen:
a listen while nobody is in the group makes the port mapper wait for
nobody), then "listens=N", N the listens that held their 2 s (an rping
whose listen fails ends before).

usage: stall-attacker.py SECONDS
"""

import socket
import subprocess
import sys
import time

NETLINK_RDMA = 20
GROUP_IWPM = 2


def main():
    seconds = int(sys.argv[1])
    subprocess.run(['ip', 'link', 'set', 'lo', 'up'], stderr=subprocess.DEVNULL)
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_RDMA)
    try:
        sock.bind((0, 1 << (GROUP_IWPM - 1)))
        print('joined', flush=True)
    except PermissionError:
        print('refused', flush=True)
    end = time.monotonic() + seconds
    port, held = 7400, 0
    while time.monotonic() < end:
        port += 1
        rc = subprocess.run(['timeout', '-s', 'KILL', '2', 'rping', '-s',
                             '-a', '0.0.0.0', '-p', str(port)],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL).returncode
        if rc in (137, -9):   # killed by timeout: the listen held
            held += 1
    print('listens=%d' % held, flush=True)
    sock.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
