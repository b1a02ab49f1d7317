#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the User-Mode Linux test kernel and print its build
# directory on stdout.  Everything lives in a cache outside the repository,
# keyed by the kernel version and the config fragments, so a change of either
# builds a fresh tree while an unchanged key only runs an incremental make.
#
# usage: uml-kernel.sh FRAGMENT...            build; print the build directory
#        uml-kernel.sh --print-dir FRAGMENT... print the build directory only
#        uml-kernel.sh --print-src             print the source tree (extracting it)

set -euo pipefail

mode=build
case "${1:-}" in
--print-dir) mode=dir; shift ;;
--print-src) mode=src; shift ;;
esac

cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "uml-kernel: linux-source-6.12 is not installed" >&2; exit 1; }

log() { echo "uml-kernel: $*" >&2; }

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %Y "$tarball")
src=$cache/src/$srcver/linux-source-6.12
if [ "$mode" = dir ]; then
	echo "$cache/build/um-$( (echo "$srcver"; cat "$@") | sha256sum | cut -c1-16)"
	exit 0
fi
if [ ! -f "$src/.iwpm-extracted" ]; then
	log "extracting $tarball (version $srcver)"
	rm -rf "$cache/src/$srcver"
	mkdir -p "$cache/src/$srcver"
	tar -C "$cache/src/$srcver" -xf "$tarball"
	touch "$src/.iwpm-extracted"
fi

if [ "$mode" = src ]; then
	echo "$src"
	exit 0
fi

key=$( (echo "$srcver"; cat "$@") | sha256sum | cut -c1-16)
out=$cache/build/um-$key
mkdir -p "$out"

if [ ! -f "$out/.iwpm-configured" ]; then
	log "configuring $out"
	make -s -C "$src" O="$out" ARCH=um defconfig >&2
	KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" \
		-m -O "$out" "$out/.config" "$@" >/dev/null
	make -s -C "$src" O="$out" ARCH=um olddefconfig >&2
	for frag in "$@"; do
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=n) opt=${line%%=*}
				    ! grep -q "^$opt=[ym]" "$out/.config" || { log "$opt still set"; exit 1; } ;;
			CONFIG_*)   grep -qx "$line" "$out/.config" || { log "$line did not stick"; exit 1; } ;;
			esac
		done < "$frag"
	done
	touch "$out/.iwpm-configured"
fi

log "building UML kernel in $out (first build takes several minutes)"
rm -f "$out/.iwpm-built"
make -C "$src" O="$out" ARCH=um -j"$(nproc)" linux modules >&2
touch "$out/.iwpm-built"
echo "$out"
