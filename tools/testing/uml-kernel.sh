#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) a User-Mode Linux test kernel and print its build
# directory on stdout.  Everything lives in a cache outside the repository,
# keyed by the kernel version, the source tree and the config fragments, so a
# change of any builds a fresh tree while an unchanged key only runs an
# incremental make.
#
# usage: uml-kernel.sh [OPTION...] FLAVOUR  build; print the build directory
#        uml-kernel.sh --print-dir FLAVOUR    print the build directory only
#        uml-kernel.sh --print-src            print the pristine source tree
#                                             (kernel-source.sh)
# FLAVOUR names the config's layers (kernel-config.sh --list: module,
# intree, fixes, bench), merged in order onto UML's defconfig.
# options:
#   --version V     Linux V (kernel-source.sh --list) instead of 6.12
#   --tree DIR      build DIR (a patched copy of the tree) instead
#   --configure     configure only; fail if a fragment's option did not stick
#   --target T      make T instead of the kernel and its modules; options that
#                   the tree does not know yet are dropped, not an error
# IWPM_KMAKE_ARGS: more make arguments (W=1) for every build.

set -euo pipefail

mode=build
tree=
target=
version=6.12
while :; do
	case "${1:-}" in
	--version) version=$2; shift 2 ;;
	--print-dir) mode=dir; shift ;;
	--print-src) mode=src; shift ;;
	--configure) mode=configure; shift ;;
	--tree) tree=$2; shift 2 ;;
	--target) target=$2; shift 2 ;;
	*) break ;;
	esac
done
flavour=${1:-}
if [ "$mode" != src ]; then
	frags=$("$(dirname "$0")/kernel-config.sh" "${flavour:?no flavour given}")
	set -- $frags
fi

cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}

log() { echo "uml-kernel: $*" >&2; }

# The pristine tree, with the fixes the test kernel needs on this kind of
# host (kernel-source.sh); its directory names the package's version and the
# fixes' hash, so a changed fix extracts afresh.
src=$("$(dirname "$0")/kernel-source.sh" "$version")
srcver=$(basename "$(dirname "$src")")
[ "$version" = 6.12 ] || srcver=$version-$srcver
name=um
[ -z "$tree" ] || name=tree-$(basename "$tree")
key=$( (echo "$srcver${tree:+ $tree}"; cat "$@") | sha256sum | cut -c1-16)
out=$cache/build/$name-$key
if [ "$mode" = dir ]; then
	echo "$out"
	exit 0
fi
if [ "$mode" = src ]; then
	echo "$src"
	exit 0
fi

[ -n "$tree" ] || tree=$src
kmake() { make -C "$tree" O="$out" ARCH=um ${IWPM_KMAKE_ARGS:-} "$@"; }
mkdir -p "$out"

# Every option of the fragments as they are in the .config, or missing.
verify_config() {
	local frag line opt
	for frag in "$@"; do
		while IFS= read -r line; do
			case "$line" in
			CONFIG_*=n) opt=${line%%=*}
				    ! grep -q "^$opt=[ym]" "$out/.config" || { log "$opt still set"; return 1; } ;;
			CONFIG_*)   grep -qx "$line" "$out/.config" || { log "$line did not stick"; return 1; } ;;
			esac
		done < "$frag"
	done
}

if [ ! -f "$out/.iwpm-config" ]; then
	log "configuring $out"
	kmake -s defconfig >&2
	KCONFIG_CONFIG="$out/.config" "$tree/scripts/kconfig/merge_config.sh" \
		-m -O "$out" "$out/.config" "$@" >/dev/null
	kmake -s olddefconfig >&2
	verify_config "$@"
	cp "$out/.config" "$out/.iwpm-config"
elif ! cmp -s "$out/.config" "$out/.iwpm-config"; then
	# A build of an earlier patch dropped what its Kconfig did not know.
	cp "$out/.iwpm-config" "$out/.config"
	kmake -s olddefconfig >&2
	[ -n "$target" ] || verify_config "$@"
fi
[ "$mode" = configure ] && { echo "$out"; exit 0; }

rm -f "$out/.iwpm-built"
if [ -n "$target" ]; then
	log "building $target in $out"
	kmake -j"$(nproc)" "$target" >&2
	echo "$out"
	exit 0
fi
log "building UML kernel in $out (first build takes several minutes)"
kmake -j"$(nproc)" linux modules >&2
touch "$out/.iwpm-built"
echo "$out"
