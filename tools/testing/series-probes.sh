#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside a UML guest of series-check.sh: one of the two attacks the first
# patches fix, chosen by IWPM_PROBE, and what the kernel made of it.
#
# IWPM_PROBE=unprivileged: tools/iwpm-fuzz.py --probe as nobody.  Prints
#   "iwpm-series: unprivileged=refused" (every message answered -EPERM, the
#   group closed), "=heard", or "=hung" if the prober is still in the kernel
#   after 20 s (its HELLO and MAPINFO name port 0: see the other probe).
# IWPM_PROBE=hello: a HELLO from root naming port 0 (recursion_probe).
#   Prints "iwpm-series: hello-to-port-0=answered" or "=hung ...".
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

case "${IWPM_PROBE:-}" in
unprivileged) unprivileged ;;
hello)
	recursion_probe >/tmp/recursion.out
	echo "iwpm-series: hello-to-port-0=$(sed 's/^iwpm-recursion: //' /tmp/recursion.out)"
	;;
*) echo "iwpm-series: IWPM_PROBE must be unprivileged or hello" ;;
esac
