#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree end-to-end scenarios (intree-scenarios.sh: siw on dummy0 with
# rdma-core's iwpmd, rping, a 64-connection cmtime storm across iwpmd
# restarts, an unprivileged probe and fuzz; exclusive RDMA netns mode,
# netns-exit.sh) on the x86_64 debug kernel of
# kunit-x86.sh, under qemu with two CPUs, so that lockdep, kmemleak and
# KASAN watch the real netlink paths.  The root file system is the host's,
# over virtio 9p; the guest has no network device.  After the scenarios,
# kmemleak scans twice.  Prints the path of the console log on stdout.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/testing
out=$("$here/kunit-x86.sh" --print-dir)
log=$out/e2e.log
bzimage=$out/arch/x86/boot/bzImage

[ -f "$bzimage" ] || { echo "x86-e2e: no kernel in $out: run kunit-x86.sh" >&2; exit 1; }
args=(
	console=ttyS0 panic=-1 kunit.enable=0 kmemleak=on
	root=hostroot rootfstype=9p rw
	rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=none
	init="$here/guest-init.sh"
	IWPM_DIR="$top" IWPM_TOOLS="$top/build/tools"
	IWPM_SCRIPTS="$here/intree-scenarios.sh,$here/netns-exit.sh,$here/kmemleak-scan.sh"
	IWPM_MODULES= IWPM_FUZZ_COUNT="${IWPM_FUZZ_COUNT:-2000}"
)
echo "x86-e2e: booting $bzimage" >&2
"$here/boot-qemu.sh" "$bzimage" "" "${IWPM_E2E_TIMEOUT:-1500}" "$log" \
	"${args[@]}" || exit 1
echo "$log"
