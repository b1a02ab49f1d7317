#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the UML test guest (root is the host filesystem, read through
# hostfs).  Loads the modules named on the kernel command line and runs the
# test scripts; all results go to the console, which the host runner parses.
# A script that exits with an error is named ("iwpm-guest: SCRIPT exited
# with N"), and the host fails the run.
# The guest's only network is loopback.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
# A private /tmp and /run, unless the tree itself lives there.
case "$IWPM_DIR" in
/tmp/* | /run/*) ;;
*) mount -t tmpfs tmpfs /tmp && mount -t tmpfs tmpfs /run ;;
esac
ip link set lo up 2>/dev/null

# The modules are named relative to IWPM_DIR; a guest without them needs
# no module build (make check ONLY=netns on a clean tree).
if [ -n "$IWPM_MODULES" ]; then
	cd "$IWPM_DIR" || { echo "iwpm-guest: no $IWPM_DIR"; poweroff -f; }
fi
echo "iwpm-guest: start"
for ko in $(echo "$IWPM_MODULES" | tr , " "); do
	insmod "$ko" || echo "iwpm-guest: insmod $ko failed"
done
for t in $(echo "$IWPM_SCRIPTS" | tr , " "); do
	"$t" || echo "iwpm-guest: $t exited with $?"
done
for ko in $(echo "$IWPM_MODULES" | tr , '\n' | tac); do
	m=$(basename "$ko" .ko)
	rmmod "$m" || echo "iwpm-guest: rmmod $m failed"
done
echo "iwpm-guest: done"
poweroff -f
