#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The x86_64 debug kernel: the patched tree (intree-kernel.sh) built with
# kunit.py build --arch=x86_64, x86-debug.config (the in-tree KUnit suites
# with the checkers UML lacks: lockdep, kmemleak, debug objects; and KASAN)
# and x86-e2e.config (siw, user verbs, 9p: what the end-to-end scenarios
# need).  x86-e2e.sh boots it once for both.
#
# The build directory is cached, keyed by the two configs; kunit.py's make
# is incremental, and intree-kernel.sh refreshes every file a series
# changes.  Prints the build directory on stdout; --print-dir prints it
# without building.

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/testing
frag=$here/x86-debug.config
e2e_frag=$here/x86-e2e.config
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
tree=$("$here/intree-kernel.sh" --print-tree)
key=$(cat "$frag" "$e2e_frag" | sha256sum | cut -c1-16)
out=$cache/build/x86-debug-$key

log() { echo "x86-kernel: $*" >&2; }

[ "${1:-}" = --print-dir ] && { echo "$out"; exit 0; }
[ -d "$tree/.git" ] || { log "the series is not applied: run intree-kernel.sh"; exit 1; }
mkdir -p "$out"
exec 9>"$out.lock"
flock 9
log "building in $out (the first build takes several minutes)"
(cd "$tree" && python3 tools/testing/kunit/kunit.py build --arch=x86_64 \
	--build_dir="$out" --kunitconfig="$frag" --kunitconfig="$e2e_frag" \
	--jobs="$(nproc)") >&2
echo "$out"
