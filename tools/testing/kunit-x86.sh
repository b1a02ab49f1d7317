#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree KUnit suites under kunit.py --arch=x86_64 (qemu), on a kernel
# with lockdep, kmemleak and debug objects, the checkers UML lacks.  Needs
# the series applied (intree-kernel.sh).  After the suites, the kernel runs
# kmemleak-init.sh from an initramfs, which prints what kmemleak found.
#
# The build directory is cached, keyed by the config; kunit.py's make is
# incremental, and intree-kernel.sh refreshes every file a series changes.
# Prints the path of the run's console log (test.log) on stdout.
# --print-dir prints the build directory only (x86-e2e.sh boots it again).

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/testing
frag=$here/x86-debug.config
e2e_frag=$here/x86-e2e.config
qemu_config=$here/qemu-x86_64-kmemleak.py
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
tree=$("$here/intree-kernel.sh" --print-tree)
key=$(cat "$frag" "$e2e_frag" "$qemu_config" | sha256sum | cut -c1-16)
out=$cache/build/x86-debug-$key
initrd=$out/iwpm-initramfs.cpio

log() { echo "kunit-x86: $*" >&2; }

[ "${1:-}" = --print-dir ] && { echo "$out"; exit 0; }
[ -d "$tree/.git" ] || { log "the series is not applied: run intree-kernel.sh"; exit 1; }
mkdir -p "$out"
kunit() {
	(cd "$tree" && python3 tools/testing/kunit/kunit.py "$@" --arch=x86_64 \
		--build_dir="$out" --qemu_config="$qemu_config")
}

log "building in $out (the first build takes several minutes)"
kunit build --kunitconfig="$frag" --kunitconfig="$e2e_frag" --jobs="$(nproc)" >&2

"$out/usr/gen_init_cpio" - >"$initrd" <<LIST
dir /bin 755 0 0
dir /dev 755 0 0
dir /proc 755 0 0
dir /sys 755 0 0
nod /dev/console 600 0 0 c 5 1
file /bin/busybox $(command -v busybox) 755 0 0
slink /bin/sh busybox 777 0 0
file /init $here/kmemleak-init.sh 755 0 0
file /bin/kmemleak-scan.sh $here/kmemleak-scan.sh 755 0 0
LIST

log "running the suites under qemu"
rm -f "$out/test.log"
kunit exec --timeout=1200 --qemu_args="-initrd $initrd" 'iwpm*' >&2 || true
[ -s "$out/test.log" ] || { log "qemu printed nothing"; exit 1; }
echo "$out/test.log"
