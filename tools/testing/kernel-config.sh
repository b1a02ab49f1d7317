#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test kernels' configs, as layers in configs/: what every kernel has
# (base), what its arch needs (um, x86_64), the checkers (checks: KUnit,
# KASAN; debug: lockdep, kmemleak, debug objects) and the payload (module,
# rdma, iwpm-kunit, bench).  A flavour is a list of layers, merged in that
# order onto the arch's defconfig (uml-kernel.sh) or onto kunit.py's
# (x86-kernel.sh); a later layer wins.
#
# usage: kernel-config.sh FLAVOUR   print its fragments' paths, one a line
#        kernel-config.sh --list    print the flavours and their layers

set -euo pipefail

flavours='
module  base,um,checks,module                   UML: the out-of-tree module (iwpm.ko)
intree  base,um,um-iomem,checks,rdma,iwpm-kunit UML: the series, its suites built in
fixes   base,um,um-iomem,checks,rdma            UML: the fixes, on 6.1, 6.12 and 7.3
bench   base,um,um-iomem,rdma,bench             UML: make bench, pristine and patched
x86     base,x86_64,checks,debug,rdma,iwpm-kunit qemu: the series, every checker
'
dir=$(cd "$(dirname "$0")" && pwd)/configs

if [ "${1:-}" = --list ]; then
	sed '/^$/d' <<<"$flavours"
	exit 0
fi
layers=$(awk -v f="${1:?usage: kernel-config.sh FLAVOUR|--list}" \
	'$1 == f { gsub(",", " ", $2); print $2 }' <<<"$flavours")
[ -n "$layers" ] || { echo "kernel-config.sh: no flavour $1 (--list)" >&2; exit 2; }
for l in $layers; do
	echo "$dir/$l.config"
done
