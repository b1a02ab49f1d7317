#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A pristine Linux source tree from Debian's linux-source-VERSION package,
# extracted into the cache; prints its path.  6.12 is installed by
# install-deps.sh; the others are only downloaded, never installed: from the
# machine's own apt sources, or with a private apt state that names only
# their suite and reuses the mirror the machine's apt sources already use.
#
# usage: kernel-source.sh VERSION      extract (once); print the tree
#        kernel-source.sh --list       the versions this script knows
#
# VERSION  from               role
#   6.12   installed          the UML test kernel, the 6.12 series' base
#   7.3    trixie-backports   mainline: the base of the series sent upstream
#   6.1    the machine's apt  Debian 12's default kernel: the fixes' backport
#
# Each call asks the suite for its current version and downloads it when the
# cache holds another (offline, the cached one is used, and said), so a new
# Debian release is tested as soon as it is out.
#
# The trees 6.12 and 6.1 get uml-host-xstate.patch (their UML needs it on
# hosts with a large XSAVE area; 7.3's does not).  Its hash is part of the
# cache key, with the package's version.

set -euo pipefail

declare -A suite=([6.12]=installed [7.3]=trixie-backports [6.1]=machine)
declare -A xstate=([6.12]=1 [7.3]=0 [6.1]=1)

[ "${1:-}" != --list ] || { echo "${!suite[@]}" | tr ' ' '\n' | sort -V; exit 0; }
ver=${1:?usage: kernel-source.sh VERSION}
[ -n "${suite[$ver]+x}" ] || { echo "kernel-source: no linux-source-$ver here (try --list)" >&2; exit 2; }

cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
# One call a version at a time: make check's background builds ask for a
# tree while its other runs may ask for the same one.
mkdir -p "$cache"
exec 9>"$cache/.kernel-source-$ver.lock"
flock 9
fixes=$(dirname "$0")/uml-host-xstate.patch
pkg=linux-source-$ver
log() { echo "kernel-source: $*" >&2; }

# The first Debian mirror of the machine's apt sources (deb822 or one-line).
mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] && awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && awk '$1 == "deb" && $0 !~ /security/ {
			for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }' "$f"
	done
	return 0
}

# apt_ ARGS...: apt-get or apt-cache (the first argument) with the state of
# $pkg's suite: the machine's own, or a private one naming only that suite
# on the machine's mirror.
apt_() {
	local cmd=$1 state=$cache/apt-${suite[$ver]}
	shift
	[ "${suite[$ver]}" != machine ] || { "$cmd" -q "$@"; return; }
	"$cmd" -q -o "Dir::State::Lists=$state/lists" \
		-o "Dir::Etc::sourcelist=$state/sources.list" \
		-o Dir::Etc::sourceparts=- -o "Dir::Cache::archives=$state/archives" \
		-o APT::Get::List-Cleanup=0 "$@"
}

# fetch: the .deb of $pkg's current version in its suite, downloaded unless
# the cache has it; prints its path.  Offline, the cached one, if any.
fetch() {
	local state=$cache/apt-${suite[$ver]} uri cand cached
	mkdir -p "$state/lists/partial" "$state/archives/partial"
	cached=$(ls "$state/$pkg"_*.deb 2>/dev/null | head -n 1) || :
	if [ "${suite[$ver]}" != machine ]; then
		uri=$(mirror | head -n 1) || :
		[ -n "$uri" ] || { log "no Debian mirror in /etc/apt sources"; return 1; }
		echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri ${suite[$ver]} main" \
			>"$state/sources.list"
		log "apt-get update for ${suite[$ver]} ($uri)"
		if ! apt_ apt-get update >&2; then
			[ -n "$cached" ] || return 1
			log "apt-get update failed: using the cached $cached"
			echo "$cached"
			return
		fi
	fi
	cand=$(apt_ apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
	[ -n "$cand" ] && [ "$cand" != "(none)" ] || { log "no $pkg in ${suite[$ver]}"; return 1; }
	if [ -z "$cached" ] || [ "$(dpkg-deb -f "$cached" Version)" != "$cand" ]; then
		rm -f "$state/$pkg"_*.deb
		(cd "$state" && apt_ apt-get download "$pkg=$cand" >&2) || return 1
	fi
	ls "$state/$pkg"_*.deb
}

if [ "${suite[$ver]}" = installed ]; then
	tarball=$(ls "/usr/src/$pkg.tar."* 2>/dev/null | head -n 1) || :
	[ -n "$tarball" ] || { log "$pkg is not installed (tools/testing/install-deps.sh)"; exit 1; }
	srcver=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || stat -c %Y "$tarball")
else
	deb=$(fetch) || { log "cannot download $pkg"; exit 1; }
	srcver=$(dpkg-deb -f "$deb" Version)
fi
[ "${xstate[$ver]}" = 0 ] || srcver=$srcver-$(sha256sum "$fixes" | cut -c1-8)
src=$cache/src/$srcver/$pkg
if [ ! -f "$src/.iwpm-extracted" ]; then
	rm -rf "$cache/src/$srcver"
	mkdir -p "$cache/src/$srcver"
	if [ "${suite[$ver]}" = installed ]; then
		log "extracting $tarball (version $srcver)"
		tar -C "$cache/src/$srcver" -xf "$tarball"
	else
		log "extracting $deb (version $srcver)"
		dpkg-deb --fsys-tarfile "$deb" |
			tar -xO --wildcards "./usr/src/$pkg.tar.*" |
			tar -C "$cache/src/$srcver" -xJf -
	fi
	# 6.1 declares have_xstate_support without "static": fuzz for that.
	[ "${xstate[$ver]}" = 0 ] || patch -d "$src" -p1 -s -F3 <"$fixes"
	touch "$src/.iwpm-extracted"
fi
echo "$src"
