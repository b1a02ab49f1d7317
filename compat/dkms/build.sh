#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build iw_cm.ko for an installed Debian Linux 6.12 kernel with this
# project's port mapper (Documentation/dkms.rst).  dkms.conf runs it; so can
# anyone: compat/dkms/build.sh KVER [OUT] [MAKE-ARGS...].
#
# iwcm.c and iwcm.h are taken from Debian's linux-source-6.12 of the same
# version as the kernel's headers, never kept here.  Their netlink table is
# edited as the series' first patch does (CAP_NET_ADMIN for every port
# mapper op) and made to name iwpm_dkms.c's dump callback, since ib_core as
# shipped runs IWCM ops as dumps.  The module is built with W=1 in OUT
# (default build/dkms/KVER); a kernel it cannot serve is refused, with why.
# build.sh --version prints the package's version (dkms.conf's).

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
if [ "${1:-}" = --version ]; then
	echo "$version"
	exit 0
fi
kver=${1:?usage: build.sh KVER [OUT] [MAKE-ARGS...]}
out=$(realpath -m "${2:-$top/build/dkms/$kver}")
shift $(($# < 2 ? $# : 2))
kdir=${KDIR:-/lib/modules/$kver/build}
tarball=${IWPM_LINUX_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
core=drivers/infiniband/core

refuse() {
	echo "iwpm-dkms: not building for $kver: $*" >&2
	exit 1
}

pkg_version() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null
}

check_kernel() {
	case $kver in
	6.12.*) ;;
	*) refuse "it replaces the iw_cm.ko of Linux 6.12 only" ;;
	esac
	[ -f "$kdir/Module.symvers" ] ||
		refuse "no headers in $kdir (apt-get install linux-headers-$kver)"
	grep -q "	drivers/infiniband/core/iw_cm	" "$kdir/Module.symvers" ||
		refuse "this kernel has no iw_cm module (CONFIG_INFINIBAND=m) to replace"
	[ -f "$tarball" ] ||
		refuse "no $tarball (apt-get install linux-source-6.12)"
	local src hdr
	src=$(pkg_version linux-source-6.12)
	hdr=$(pkg_version "linux-headers-$kver")
	[ -n "$hdr" ] || refuse "its headers are not Debian's linux-headers-$kver"
	[ "$src" = "$hdr" ] ||
		refuse "linux-source-6.12 is ${src:-not installed} but the kernel is $hdr; iwcm.c must come from the kernel's own source"
}

# iwcm.c with every IWCM op flagged RDMA_NL_ADMIN_PERM and naming the dump
take_iwcm() {
	local n
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	tar -xJf "$tarball" -C "$tmp" --strip-components=1 --wildcards \
		"*/$core/iwcm.[ch]"
	sed 's/{\.dump = iwpm_[a-z_]*_cb}/{.dump = iwpm_dkms_dump, .flags = RDMA_NL_ADMIN_PERM}/' \
		"$tmp/$core/iwcm.c" >"$out/iwcm.c"
	cp "$tmp/$core/iwcm.h" "$out/iwcm.h"
	n=$(grep -c '{.dump = iwpm_dkms_dump, .flags = RDMA_NL_ADMIN_PERM}' "$out/iwcm.c" || true)
	[ "$n" = 8 ] || refuse "its iwcm.c names $n of the 8 port mapper callbacks of Linux 6.12"
}

check_kernel
rm -rf "$out"
mkdir -p "$out/include/rdma"
take_iwcm
cp "$top"/$core/iwpm*.[ch] "$top"/compat/dkms/{Kbuild,iwpm_dkms.[ch]} "$out"/
cp "$top/compat/include/rdma/iw_portmap.h" "$out/include/rdma/"
make -C "$kdir" M="$out" W=1 IWPM_VERSION="$version" "$@" modules
