#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a UML kernel with one probe of series-probes.sh and print what the
# kernel made of it: the probe's result ("refused", "heard (...)", "hung
# ...", "answered"), "panic" if the kernel hit netlink's BUG() of a kernel
# socket that receives, or nothing.  The one way series-check.sh and
# fixes-check.sh read a probe.
#
# usage: probe-boot.sh KERNEL_DIR unprivileged|hello|mapinfo|daemon LOG

here=$(dirname "$0")
# a subshell, so that a kernel panic's SIGABRT is told in the log
("$here/boot-uml.sh" "$1" 300 kunit.enable=0 \
	IWPM_SCRIPTS="$(cd "$here" && pwd)/series-probes.sh" \
	IWPM_PROBE="$2" </dev/null; :) >"$3" 2>&1
if grep -q '^BUG: failure at net/netlink/af_netlink' "$3"; then
	echo panic
else
	grep -m1 -E '^iwpm-series: [a-z0-9-]+=' "$3" | sed 's/^[^=]*=//' | tr -d '\r'
fi
