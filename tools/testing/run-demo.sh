#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo [DAEMON=testd|iwpmd]`: build what is missing, boot the UML
# guest and run tools/testing/demo.sh in it.  Exits non-zero if a step fails.

set -uo pipefail

daemon=${1:-testd}
case "$daemon" in
testd | iwpmd) ;;
*) echo "make demo: DAEMON must be testd or iwpmd, not '$daemon'" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mkdir -p build/logs build/um build/tools

tools/testing/install-deps.sh || exit 1

echo "Building the UML kernel if needed (the first build takes several minutes)..."
kdir=$(tools/testing/uml-kernel.sh tools/testing/uml.config 2> >(
	awk '/^  (CC|LD|AR)/ { if (++n % 250 == 0) printf "  kernel build: %d steps\n", n; fflush() }
	     /[Ee]rror/ { print; fflush() }' >&2)) || { echo "kernel build failed" >&2; exit 1; }

echo "Building the modules and the test daemon..."
cp -a Kbuild drivers include kunit build/um/
make -s -C "$kdir" ARCH=um M="$top/build/um" modules >build/logs/demo-build.log 2>&1 &&
	make -s -C tools O="$top/build/tools" >>build/logs/demo-build.log 2>&1 ||
	{ cat build/logs/demo-build.log; exit 1; }

echo "Booting the guest..."
timeout 300 "$kdir/linux" mem=1G loglevel=3 rootfstype=hostfs rootflags=/ rw \
	init="$top/tools/testing/guest-init.sh" con0=fd:0,fd:1 con=null \
	IWPM_DIR="$top/build/um" IWPM_TOOLS="$top/build/tools" IWPM_MODULES= \
	IWPM_SCRIPTS="$top/tools/testing/demo.sh" IWPM_DAEMON="$daemon" \
	</dev/null 2>&1 | tee build/logs/demo.log |
	sed -n '/^iwpm-guest: start/,/^iwpm-guest: done/p' | grep -v '^iwpm-guest:'
grep -q '^iwpm-demo: ok' build/logs/demo.log
