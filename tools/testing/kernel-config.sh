#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test kernels' configs, as layers in configs/: what every kernel has
# (base), what its arch needs (um, x86_64; um-rdma: what the RDMA core
# needs of UML), the checkers (checks: KUnit, KASAN; debug: lockdep,
# kmemleak, debug objects) and the payload (module, rdma, iwpm-kunit,
# bench).  A flavour is a list of layers, merged onto UML's defconfig
# (uml-kernel.sh) or onto kunit.py's minimal config (x86-kernel.sh, so
# x86_64.config holds all a guest needs to boot).  The layers of a flavour
# are disjoint: kunit.py refuses an option given twice, so this does too.
#
# usage: kernel-config.sh FLAVOUR   print its fragments' paths, one a line
#        kernel-config.sh --kunitconfig FLAVOUR
#                                   the same as kunit.py's --kunitconfig=PATH
#        kernel-config.sh --list    print the flavours and their layers

set -euo pipefail

flavours='
module  base,um,checks,module                     UML: the out-of-tree module (iwpm.ko)
intree  base,um,um-rdma,checks,rdma,iwpm-kunit    UML: the series, its suites built in
fixes   base,um,um-rdma,checks,rdma               UML: the fixes, on 6.1, 6.12 and 7.3
bench   base,um,um-rdma,rdma,bench                UML: make bench, pristine and patched
x86     base,x86_64,checks,debug,rdma,iwpm-kunit  qemu: the series, every checker
'
dir=$(cd "$(dirname "$0")" && pwd)/configs

prefix=
if [ "${1:-}" = --kunitconfig ]; then
	prefix=--kunitconfig=
	shift
fi
if [ "${1:-}" = --list ]; then
	sed '/^$/d' <<<"$flavours"
	exit 0
fi
layers=$(awk -v f="${1:?usage: kernel-config.sh FLAVOUR|--list}" \
	'$1 == f { gsub(",", " ", $2); print $2 }' <<<"$flavours")
[ -n "$layers" ] || { echo "kernel-config.sh: no flavour $1 (--list)" >&2; exit 2; }
files=$(for l in $layers; do echo "$dir/$l.config"; done)
twice=$(sed -n 's/^\(CONFIG_[A-Za-z0-9_]*\)=.*/\1/p' $files | sort | uniq -d)
[ -z "$twice" ] || { echo "kernel-config.sh: $1: set by two layers: $twice" >&2; exit 1; }
sed "s|^|$prefix|" <<<"$files"
