#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the initramfs kunit-x86.sh boots the x86_64 debug kernel with
# (its other files: busybox, /bin/sh linked to it, and kmemleak-scan.sh).
# The built-in KUnit suites have run by now: scan for what they left
# unreferenced, and end the run (qemu runs with -no-reboot, so a reboot
# stops it).

/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t debugfs debugfs /sys/kernel/debug
/bin/kmemleak-scan.sh
reboot -f
