#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Ask kmemleak for what the tests left unreferenced and print it, then
# "iwpm-kmemleak: scanned", the line that says the run got this far.  Run
# last, by guest-init.sh in x86-e2e.sh's boot, after the KUnit suites and
# the scenarios.  kmemleak ignores objects younger than five
# seconds; a second scan confirms what the first found.  A kmemleak that
# turned itself off refuses the scan, and the run then lacks the line.

sleep 6
if echo scan >/sys/kernel/debug/kmemleak &&
   echo scan >/sys/kernel/debug/kmemleak; then
	cat /sys/kernel/debug/kmemleak
	echo "iwpm-kmemleak: scanned"
else
	echo "iwpm-kmemleak: kmemleak is off"
fi
