#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DKMS package as an operator uses it (Documentation/dkms.rst), on this
# machine, for Debian's KVER whose headers are installed: the tree's files
# copied to /usr/src/iwpm-VERSION, dkms add, a build for Linux 5.10 that dkms
# refuses (BUILD_EXCLUSIVE_KERNEL), build, install; modinfo then
# finds the module under updates/ naming this project; dkms remove; modinfo
# finds what it found before (Debian's iw_cm.ko, or nothing if that kernel's
# image is not installed).  Needs root.  What an earlier round trip left
# behind (killed before its end; its tree carries .iwpm-roundtrip) is
# removed first, and said so.  Refuses to run if iwpm is otherwise known to
# dkms here, since the end of the round trip would remove it, and prints
# the commands that would.
#
# usage: dkms-roundtrip.sh KVER

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kver=${1:?usage: dkms-roundtrip.sh KVER}
version=$("$top/compat/dkms/build.sh" --version)
src=/usr/src/iwpm-$version
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

where() {
	/sbin/modinfo -k "$kver" -F filename iw_cm 2>/dev/null || echo none
}

forget() {
	$sudo dkms remove "iwpm/$version" --all >/dev/null 2>&1 || true
	$sudo rm -rf "$src"
}

if [ -e "$src/.iwpm-roundtrip" ]; then
	echo "dkms-roundtrip: removing what a killed round trip left in $src"
	forget
fi
if [ -e "$src" ] || [ -n "$(dkms status iwpm 2>/dev/null)" ]; then
	echo "dkms-roundtrip: iwpm is already known to dkms here; not touching it." >&2
	echo "To remove it: $sudo dkms remove iwpm/$version --all; $sudo rm -rf $src" >&2
	exit 1
fi
trap forget EXIT

before=$(where)
echo "before: $before"
$sudo mkdir -p "$src"
(cd "$top" && git ls-files -co --exclude-standard | tar -cf - -T -) |
	$sudo tar -xf - -C "$src"
$sudo touch "$src/.iwpm-roundtrip"
$sudo dkms add "iwpm/$version"
if out=$($sudo dkms build "iwpm/$version" -k 5.10.0-30-amd64 2>&1); then
	echo "dkms-roundtrip: dkms built iwpm for Linux 5.10" >&2
	exit 1
fi
grep BUILD_EXCLUSIVE <<<"$out" || {
	echo "dkms-roundtrip: dkms did not say why it refused Linux 5.10: $out" >&2
	exit 1
}
$sudo dkms build "iwpm/$version" -k "$kver"
$sudo dkms install "iwpm/$version" -k "$kver"
installed=$(where)
echo "installed: $installed"
/sbin/modinfo -k "$kver" iw_cm | grep -E '^(filename|version|port_mapper):'
case $installed in
*/updates/*) ;;
*) echo "dkms-roundtrip: modinfo does not find the module under updates/" >&2; exit 1 ;;
esac
/sbin/modinfo -k "$kver" -F port_mapper iw_cm | grep -q "^iwpm $version" || {
	echo "dkms-roundtrip: the installed iw_cm.ko does not name iwpm $version" >&2
	exit 1
}
$sudo dkms remove "iwpm/$version" --all
after=$(where)
echo "removed: $after"
[ "$after" = "$before" ] || {
	echo "dkms-roundtrip: dkms remove left $after, not $before" >&2
	exit 1
}
echo "dkms-roundtrip: ok"
