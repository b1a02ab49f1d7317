#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The attacker of netns-scenarios.sh's stall scenarios, run as nobody
# (possibly in a user and network namespace of its own): join the port
# mapper's multicast group and never answer, and for SECONDS loop
# wildcard rping listens on ports 7401 and up, each held 2 s.  Prints
# "joined" or "refused" first, then "listens=N", N the listens that held
# their 2 s (an rping whose listen fails ends before).
#
# usage: stall-attacker.sh SECONDS

seconds=$1
joiner=$(mktemp)
ip link set lo up 2>/dev/null
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 20)
try:
	s.bind((0, 2))
	verdict = "joined"
except PermissionError:
	verdict = "refused"
with open(sys.argv[2], "w") as f:
	f.write(verdict + "\n")
time.sleep(int(sys.argv[1]) + 15)
' "$seconds" "$joiner" iwpm-joiner &
# listen only once the join was tried: a listen before would find nobody
# in the group, and the port mapper would not wait for anybody
while [ ! -s "$joiner" ]; do
	sleep 0.1
done
cat "$joiner"
rm -f "$joiner"
end=$(($(date +%s) + seconds))
port=7400
held=0
while [ "$(date +%s)" -lt "$end" ]; do
	port=$((port + 1))
	timeout -s KILL 2 rping -s -a 0.0.0.0 -p "$port" >/dev/null 2>&1
	# 137: killed by timeout, so the listen held
	[ $? -eq 137 ] && held=$((held + 1))
done
echo "listens=$held"
