#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside a UML guest of series-check.sh or fixes-check.sh: one of the
# attacks the fixes end, chosen by IWPM_PROBE, and what the kernel made of it.
#
# IWPM_PROBE=unprivileged: tools/iwpm-fuzz.py --probe as nobody.  Prints
#   "iwpm-series: unprivileged=refused" (every message answered -EPERM, the
#   group closed), "=heard", or "=hung" if the prober is still in the kernel
#   after 20 s (its HELLO and MAPINFO name port 0: see the other probe).
# IWPM_PROBE=hello: a HELLO from root naming port 0 (recursion_probe).
#   Prints "iwpm-series: hello-to-port-0=answered" or "=hung ...".
# IWPM_PROBE=mapinfo: the same with a MAPINFO, after iwpmd has mapped an
#   rping listener on siw0 (a replay needs a mapping to send).  On Linux
#   6.12 the replay goes to the kernel's own socket and hits a BUG(); the
#   caller finds that in the log, as this prints nothing then.
# IWPM_PROBE=daemon: what iwpmd starts with (tools/iwpm-fuzz.py --daemon):
#   its HELLO must come back as a HELLO of ABI 4, which is what iwpmd then
#   speaks, a REMOTE_INFO the kernel takes acknowledged with 0 and a
#   malformed one rejected; then rdma-core's iwpmd itself, and an rping
#   through it on siw0.  Prints "iwpm-series: daemon=abi-4" or "=" and
#   what went wrong.
#
# A prober that hangs is left in the kernel; the guest still powers off.

. "$(dirname "$0")/guest-lib.sh"

unprivileged() {
	unprivileged_probe "iwpm-series: unprivileged="
	case $? in
	0) echo "iwpm-series: unprivileged=refused" ;;
	2) ;;
	*) echo "iwpm-series: unprivileged=heard ($(tail -n 1 /tmp/probe.log))" ;;
	esac
}

# listener LABEL [RPING-ARG...]: siw0 on dummy0 (192.0.2.1), rdma-core's
# iwpmd and an rping server on port 7174 listening; on a failure prints
# "iwpm-series: LABEL=" and what failed, and returns 1.
listener() {
	local label=$1
	shift
	start_syslog
	if ! setup_dummy0 192.0.2.1/24 ||
		! rdma link add siw0 type siw netdev dummy0 || ! start_daemon iwpmd; then
		echo "iwpm-series: $label=no setup (iwpmd, siw0)"
		return 1
	fi
	rping -s -a 192.0.2.1 -p 7174 "$@" >/tmp/rping.log 2>&1 &
	wait_listening $! 7174 || { echo "iwpm-series: $label=no listener"; return 1; }
}

# daemon: the daemon's start as iwpmd makes it, then iwpmd and an rping
daemon() {
	local fuzz out
	fuzz="$(dirname "${BASH_SOURCE[0]}")/../iwpm-fuzz.py"
	python3 "$fuzz" --daemon --clients 2 >/tmp/daemon.log 2>&1 &
	wait_or_hang $! 20 "iwpm-series: daemon="
	local rc=$?
	cat /tmp/daemon.log
	case $rc in
	0) ;;
	2) return ;;
	*) echo "iwpm-series: daemon=$(tail -n 1 /tmp/daemon.log)"; return ;;
	esac
	listener daemon -C 3 || return
	out=$(rping_ok timeout 60 rping -c -a 192.0.2.1 -p 7174 -C 3 -V 2>&1) ||
		{ echo "iwpm-series: daemon=rping through iwpmd failed: ${out##*$'\n'}"; return; }
	echo "iwpm-series: daemon=abi-4"
}

case "${IWPM_PROBE:-}" in
unprivileged) unprivileged ;;
daemon) daemon ;;
mapinfo)
	listener mapinfo-to-port-0
	recursion_probe mapinfo >/tmp/recursion.out
	echo "iwpm-series: mapinfo-to-port-0=$(sed 's/^iwpm-recursion: //' /tmp/recursion.out)"
	;;
hello)
	recursion_probe >/tmp/recursion.out
	echo "iwpm-series: hello-to-port-0=$(sed 's/^iwpm-recursion: //' /tmp/recursion.out)"
	;;
*) echo "iwpm-series: IWPM_PROBE must be unprivileged, hello, mapinfo or daemon" ;;
esac
