#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A minimal /dev/log listener for the test guest: appends every syslog
datagram, one line each, to the file named on the command line."""

import os
import socket
import sys

PATH = '/dev/log'

try:
    os.unlink(PATH)
except FileNotFoundError:
    pass
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(PATH)
with open(sys.argv[1], 'a', buffering=1) as out:
    while True:
        out.write(sock.recv(65536).decode(errors='replace').rstrip('\0\n') + '\n')
