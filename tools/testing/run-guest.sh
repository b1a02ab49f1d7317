#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build what is missing (incrementally) and run one guest script in UML,
# showing its output.  Used by `make demo` and `make fuzz`.
#
# usage: run-guest.sh demo [testd|iwpmd] [NETNS]
#        run-guest.sh fuzz [MESSAGES]

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
mkdir -p build/logs build/um build/tools

case "${1:-}" in
demo)
	daemon=${2:-testd}
	case "$daemon" in
	testd | iwpmd) ;;
	*) echo "make demo: DAEMON must be testd or iwpmd, not '$daemon'" >&2; exit 2 ;;
	esac
	script=demo.sh
	env=(IWPM_DAEMON="$daemon" IWPM_NETNS="${3:-}")
	;;
fuzz)
	script=scenarios.sh
	env=(IWPM_ONLY=fuzz IWPM_FUZZ_COUNT="${2:-100000}")
	;;
*)
	echo "usage: $0 demo [testd|iwpmd] | fuzz [MESSAGES]" >&2
	exit 2
	;;
esac
log=build/logs/$1.log

tools/testing/install-deps.sh || exit 1

echo "Building the UML kernel if needed (the first build takes several minutes)..."
kdir=$(tools/testing/uml-kernel.sh module 2> >(
	awk '/^  (CC|LD|AR)/ { if (++n % 250 == 0) printf "  kernel build: %d steps\n", n; fflush() }
	     /[Ee]rror/ { print; fflush() }' >&2)) || { echo "kernel build failed" >&2; exit 1; }

echo "Building the modules and the test daemon..."
cp -a $(tools/testing/kernel-files.sh --dirs) build/um/
make -s -C "$kdir" ARCH=um M="$top/build/um" modules >build/logs/guest-build.log 2>&1 &&
	make -s -C tools O="$top/build/tools" >>build/logs/guest-build.log 2>&1 ||
	{ cat build/logs/guest-build.log; exit 1; }

echo "Booting the guest..."
tools/testing/boot-uml.sh "$kdir" 3600 loglevel=3 \
	IWPM_SCRIPTS="$top/tools/testing/$script" "${env[@]}" \
	</dev/null 2>&1 | tee "$log" |
	sed -n '/^iwpm-guest: start/,/^iwpm-guest: done/p' | grep -v '^iwpm-guest:'

# The guest's results: its script's suite, named after it, must be there.
tools/testing/ktap.py --prefix "$1" "$log" "$(basename "$script" .sh)" >"$log.results"
rc=$?
grep -B1 '^not ok' "$log.results"
exit "$rc"
