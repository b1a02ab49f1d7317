#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the initramfs kunit-x86.sh boots the x86_64 debug kernel with
# (its other files: busybox, and /bin/sh linked to it).  The built-in KUnit
# suites have run by now: ask kmemleak for what they left unreferenced,
# print it, and end the run (qemu runs with -no-reboot, so a reboot stops
# it).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
# kmemleak ignores objects younger than five seconds.  A second scan
# confirms what the first found.
# A kmemleak that turned itself off refuses the scan, and the run then
# lacks the line that says it ended.
sleep 6
if echo scan >/sys/kernel/debug/kmemleak &&
   echo scan >/sys/kernel/debug/kmemleak; then
	cat /sys/kernel/debug/kmemleak
	echo "iwpm-kmemleak: scanned"
else
	echo "iwpm-kmemleak: kmemleak is off"
fi
reboot -f
