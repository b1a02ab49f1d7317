#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 debug kernel: the patched tree (intree-kernel.sh) built with
# kunit.py build --arch=x86_64 and the layers of the x86 flavour
# (kernel-config.sh: the series' KUnit suites, siw, user verbs and 9p for the
# end-to-end scenarios, and the checkers UML lacks: lockdep, kmemleak, debug
# objects; and KASAN).  x86-e2e.sh boots it once for both.
#
# The build directory is cached, keyed by the layers, and has .iwpm-built
# once a build succeeded; kunit.py's make is incremental, and
# intree-kernel.sh refreshes every file a series changes.
# Prints the build directory on stdout; --print-dir prints it without
# building.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/testing
frags=$("$here/kernel-config.sh" x86)
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
tree=$("$here/intree-kernel.sh" --print-tree)
key=$(cat $frags | sha256sum | cut -c1-16)
out=$cache/build/x86-debug-$key

log() { echo "x86-kernel: $*" >&2; }

[ "${1:-}" = --print-dir ] && { echo "$out"; exit 0; }
# The tree, prepared by intree-kernel.sh, held shared: its UML build may
# run beside this one, a new series waits for both to end.  The tree's lock
# is taken before the build directory's, as intree-kernel.sh does.
prepared=$("$here/intree-kernel.sh" --prepare)
exec 8>"$tree.lock"
flock -s 8
[ "$(cat "$tree/.iwpm-prepared" 2>/dev/null)" = "$prepared" ] ||
	{ log "$tree changed under us: run again"; exit 1; }
mkdir -p "$out"
exec 9>"$out.lock"
flock 9
log "building in $out (the first build takes several minutes)"
rm -f "$out/.iwpm-built"
(cd "$tree" && python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--build_dir="$out" $("$here/kernel-config.sh" --kunitconfig x86) \
	--jobs="$(nproc)") >&2
touch "$out/.iwpm-built"
echo "$out"
