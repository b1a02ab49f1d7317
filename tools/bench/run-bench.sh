#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the port mapper's benchmarks on two UML kernels of one
# config (the bench flavour, kernel-config.sh), pristine Linux 6.12 and 6.12
# with the in-tree series.  Each kernel boots BENCH_BOOTS times (3), in
# turn, the order swapped every round (linux ours, ours linux, ...), and
# every boot runs every part, so that each figure has one value a boot and
# a slow spell of the machine falls on both kernels.  Prints the table;
# writes build/bench/bench.json (every figure, with the series, kernel and
# machine it was measured on) and build/bench/bench.png.  Kernels are
# cached like the test kernels.
#
# Per boot: BENCH_SIZES (1000,10000,65536,1000000: the table sizes; the
# last is a stress size, beyond the ports of one address), BENCH_REPS (3
# table runs and 3 round-trip runs), BENCH_RPING (100 connections per rping
# run; 0: none), BENCH_RPING_REPS (3 rping runs with iwpmd and 3 without),
# BENCH_RTT (10000 requests per round-trip run; 0: none), BENCH_REPLAY
# (65536,1000000 mappings replayed; empty: none), BENCH_REMINFO (remote-info
# table sizes; those of BENCH_SIZES up to 65536 unless set, empty: none)
# and BENCH_REMINFO_REPS (3), BENCH_STORM (cmtime storms of 100,1000
# connections, one with iwpmd and one without; empty: none),
# BENCH_ISOLATION (a storm of 100 beside another namespace, whose iwpmd
# runs, then is stopped; the series only; empty: none) and
# BENCH_ISOLATION_REPS (3 runs of each).

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/bench
testing=$top/tools/testing
out=$top/build/bench
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
boots=${BENCH_BOOTS:-3}
sizes=${BENCH_SIZES:-1000,10000,65536,1000000}
reps=${BENCH_REPS:-3}
rping=${BENCH_RPING:-100}
rping_reps=${BENCH_RPING_REPS:-3}
rtt=${BENCH_RTT:-10000}
replay=${BENCH_REPLAY-65536,1000000}
# Our remote-info table holds at most 65536 reports a client
# (IWPM_REMINFO_MAX): by default, only the sizes it can hold.
reminfo=${BENCH_REMINFO-$(echo "$sizes" | tr , '\n' | awk '$1 <= 65536' | paste -sd, -)}
reminfo_reps=${BENCH_REMINFO_REPS:-3}
storm=${BENCH_STORM-100,1000}
isolation=${BENCH_ISOLATION-100}
isolation_reps=${BENCH_ISOLATION_REPS:-3}

die() { echo "make bench: $*" >&2; exit 1; }
[ "$boots" -ge 3 ] 2>/dev/null ||
	die "BENCH_BOOTS=$boots: the report gives figures for 3 or more boots a kernel"

"$testing/install-deps.sh" python3-matplotlib
rm -rf "$out"
mkdir -p "$out/logs" "$out/tools"
make -C "$top/tools" O="$out/tools" >"$out/logs/tools.log" 2>&1 ||
	die "iwpm-testd does not build, see $out/logs/tools.log"

# bench_tree NAME: the tree of kernel NAME, a hard-linked copy of the
# pristine 6.12 tree ("linux") or one with the series applied ("ours",
# intree-kernel.sh --apply: the series only, none of the test kernel's
# extras), with the benchmark built into drivers/infiniband/core beside
# iw_cm (6.12 exports none of the port mapper's functions, nor does the
# series).  Files are replaced, never written into, so the pristine tree
# stays as it was; unchanged files keep their times, so a rebuild is
# incremental.
bench_tree() {
	local t=$cache/tree/bench-$1 core=drivers/infiniband/core
	if [ "$1" = ours ]; then
		IWPM_BASE=6.12 "$testing/intree-kernel.sh" --apply "$t" \
			2>"$out/logs/apply.log" ||
			die "the series does not apply, see $out/logs/apply.log"
	else
		rm -rf "$t"
		mkdir -p "$(dirname "$t")"
		cp -al "$src" "$t"
	fi
	rm -rf "$t/.git"
	cp "$here/iwpm_bench.c" "$t/$core/iwpm_bench.c"
	{ cat "$t/$core/Makefile"
	  echo 'obj-$(CONFIG_INFINIBAND) += iwpm_bench.o'; } >"$t/$core/Makefile.bench"
	mv "$t/$core/Makefile.bench" "$t/$core/Makefile"
	echo "$t"
}

src=$("$testing/uml-kernel.sh" --print-src)
declare -A kdir
logs=()
for k in linux ours; do
	echo "Building the $k benchmark kernel (cached; the first build takes several minutes)"
	kdir[$k]=$("$testing/uml-kernel.sh" --tree "$(bench_tree "$k")" \
		bench 2>"$out/logs/kernel-$k.log") ||
		die "the $k kernel does not build, see $out/logs/kernel-$k.log"
done
# bench_boot KERNEL LOG SECONDS ARGS...: one boot of the KERNEL ("linux" or
# "ours") running bench-guest.sh with ARGS; its console goes to LOG, which
# the report reads.
bench_boot() {
	local k=$1 log=$2 seconds=$3
	shift 3
	"$testing/boot-uml.sh" "${kdir[$k]}" "$seconds" mem=2G \
		IWPM_DIR="$out" IWPM_SCRIPTS="$here/bench-guest.sh" \
		IWPM_TOOLS="$out/tools" "$@" </dev/null >"$log" 2>&1 ||
		die "the $k guest did not power off cleanly, see $log"
	logs+=("$k=$log")
}

for i in $(seq "$boots"); do
	order="linux ours"
	[ $((i % 2)) = 1 ] || order="ours linux"
	for k in $order; do
		echo "Running the benchmarks on $k (boot $i of $boots)"
		# 6.12 has one port mapper for every namespace: no isolation
		only=()
		[ "$k" = linux ] || only=(IWPM_BENCH_ISOLATION="$isolation"
			IWPM_BENCH_ISOLATION_REPS="$isolation_reps")
		bench_boot "$k" "$out/logs/guest-$k-$i.log" 7200 "${only[@]}" \
			iwpm_bench.sizes="$sizes" iwpm_bench.reps="$reps" \
			IWPM_BENCH_RPING="$rping" IWPM_BENCH_RPING_REPS="$rping_reps" \
			IWPM_BENCH_RTT="$rtt" IWPM_BENCH_REPLAY="$replay" \
			IWPM_BENCH_REMINFO="$reminfo" \
			IWPM_BENCH_REMINFO_REPS="$reminfo_reps" \
			IWPM_BENCH_STORM="$storm"
	done
done

echo
/usr/bin/python3 "$here/bench-report.py" --sizes "$sizes" --reps "$reps" \
	--rping "$rping" --rping-reps "$rping_reps" --rtt "$rtt" --replay "$replay" \
	--reminfo "$reminfo" --reminfo-reps "$reminfo_reps" \
	--storm "$storm" --isolation "${isolation:-0}" \
	--isolation-reps "$isolation_reps" --series "$("$testing/series-hash.sh")" \
	--bench "$(cat "$here/iwpm_bench.c" "$here/bench-guest.sh" "$top/tools/iwpm-testd.c" \
		$("$testing/kernel-config.sh" bench) | sha256sum | cut -c1-16)" \
	--kernel "$(basename "$(dirname "$src")")" \
	--json "$out/bench.json" --png "$out/bench.png" "${logs[@]}"
echo
echo "Raw figures: $out/bench.json; plot: $out/bench.png"
