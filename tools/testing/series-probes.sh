#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside a UML guest of series-check.sh: what a kernel of the series (or
# pristine Linux 6.12) does with the two attacks the first patches fix.
# Prints "iwpm-series: unprivileged=refused|heard" (tools/iwpm-fuzz.py
# --probe as nobody: every message answered -EPERM, the group closed) and
# "iwpm-series: hello-to-port-0=answered|hung|..." (recursion_probe).

. "$(dirname "$0")/guest-lib.sh"

if python3 "$(dirname "$0")/../iwpm-fuzz.py" --probe --as-nobody --clients 2; then
	echo "iwpm-series: unprivileged=refused"
else
	echo "iwpm-series: unprivileged=heard"
fi
if recursion_probe; then
	echo "iwpm-series: hello-to-port-0=answered"
else
	echo "iwpm-series: hello-to-port-0=$(tail -n 1 /tmp/recursion.log | head -c 60)"
fi
