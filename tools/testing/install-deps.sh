#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing needs, from Debian's packages, and the
# packages named as arguments (make bench adds its own).  Does nothing when
# everything is there already.

set -euo pipefail

pkgs=(
	linux-source-6.12	# the UML test kernel and checkpatch
	linux-headers-6.12-amd64 # W=1 and sparse build for a real x86 kernel
	build-essential bc bison flex libelf-dev libssl-dev xz-utils
	kmod			# insmod/rmmod inside the guest
	python3 sparse libmnl-dev iproute2 valgrind procps
	strace			# a delayed system call in a scenario
	rdma-core		# iwpmd, the real port mapper daemon
	rdmacm-utils ibverbs-providers # rping and siw's provider, in-tree test
	git python3-ply patch	# the series; the test kernel's fixes
	qemu-system-x86 busybox-static # KUnit under lockdep and kmemleak
	dkms cpio		# the DKMS package, and Debian's kernel under qemu
 "$@"
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q \
	--no-install-recommends "${missing[@]}" >&2
