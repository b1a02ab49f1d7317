#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: install what is missing, build, run every test, and end with
# "N passed, N failed, N skipped".  Exits non-zero on any failure; a skipped
# test (a KUnit case marked "# SKIP") is shown, not failed.
#
# The runs are listed in RUNS below, each with what it needs; run_NAME
# does it.  ONLY=NAME[,NAME...] (make check ONLY=netns) runs those and what
# they need.  A run whose need failed is failed, not left out.  Each step
# is a named test.  Logs go to build/logs/.
#
# What it prints is KTAP (tools/testing/ktap.py), kept in
# build/logs/check.ktap: the plan names the runs first, each run is a
# subtest of its tests, and ktap.py --summary counts them all: a planned
# run that never reported (make check stopped) fails by name.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
logs=$top/build/logs
guest_timeout=${IWPM_GUEST_TIMEOUT:-900}
ktap=$logs/check.ktap
. tools/testing/ktap.sh

# The runs, in order: NAME, what it needs (- for nothing), what it is.
RUNS='
setup      -          host: the build and test dependencies installed
harness    setup      host: the harness turns red on runs that did not run
uml        setup      build: the UML test kernel
modules    uml        build: iwpm.ko for UML, iwpm-testd
style      uml        host: iwpm.ko for Debian headers, checkpatch, kernel-doc
dkms       modules    host and qemu: the DKMS iw_cm.ko on Debian 6.12
kunit      modules    UML, module kernel: the KUnit suites
scenarios  modules    UML, module kernel: scenarios.sh
demo       modules    UML, module kernel: make demo, three ways
patches    uml        host: patches/ and the 7.3 series regenerated, checkpatch
series     uml        build: the series applied, the in-tree kernel
intree     series     UML in-tree: the suites; intree-scenarios.sh, netns-exit.sh
netns      series     UML in-tree: netns-scenarios.sh
bench      series,modules UML in-tree: the benchmarks with tiny figures (iwpm-testd)
x86        series     qemu: in-tree suites and scenarios, lockdep, kmemleak
'
declare -A outcome

# A UML kernel that panics signals its whole process group; every kernel
# runs in a group of its own (timeout(1) makes one), but should a signal
# reach us anyway, say so and still end with the summary line.
trap '[ -n "$run_open" ] || begin_run stopped
      fail "make check: stopped by a signal"; finish' HUP INT TERM
trap stop_builds EXIT

# Builds that a later run needs start as soon as they can, in the
# background at the lowest priority, so that they take only the CPU time
# the runs in between leave over (a UML guest or a checkpatch uses one CPU
# of two): prebuild NAME LOG COMMAND... starts one for run NAME, if that run
# is wanted (its stdout kept in build/logs/NAME.build, its stderr in LOG);
# built NAME waits for it (in this shell: wait cannot wait for a child of
# another) and fails as it did.
declare -A bg_pid
prebuild() {
	local name=$1 log=$2
	shift 2
	wanted "$name" && [ -z "${bg_pid[$name]:-}" ] || return 0
	setsid -w nice -n 19 ionice -c 3 "$@" >"$logs/$name.build" 2>"$log" &
	bg_pid[$name]=$!
}
# prebuild_after FIRST NAME LOG COMMAND...: the same, begun once the
# background build for run FIRST has ended, if it printed its result (it
# succeeded) and this make check still runs (not killed hard meanwhile)
prebuild_after() {
	local first=${bg_pid[$1]:-} result=$logs/$1.build
	shift
	[ -n "$first" ] || return 0
	prebuild "$1" "$2" sh -c 'tail --pid="$0" -f /dev/null
		kill -0 "$1" 2>/dev/null && [ -s "$2" ] || exit 1
		shift 2
		exec "$@"' "$first" "$$" "$result" "${@:3}"
}
built() {
	wait "${bg_pid[$1]}"
}
stop_builds() {
	local pid
	for pid in "${bg_pid[@]:-}"; do
		kill -- "-$pid" 2>/dev/null
	done
}

# A copy of the module sources per target kernel, so that objects of one
# never stand in for the other.
copy_sources() {
	mkdir -p "$1"
	cp -r $(tools/testing/kernel-files.sh --dirs) "$1"/
}

# module_build NAME DIR KERNEL MAKE-ARGS...: build the modules whose sources
# are in DIR, with W=1 and no warning
module_build() {
	local name=$1 dir=$2 kernel=$3 log=$logs/$(basename "$2").log
	shift 3
	if make -C "$kernel" M="$dir" W=1 "$@" modules >"$log" 2>&1 &&
	   ! grep -qE 'warning:|error:' "$log"; then
		pass "$name"
	else
		fail "$name" "see $log"
		return 1
	fi
}

# powered_off LOG: the guest ran to its end and the kernel powered off
# ("iwpm-guest: done", then "reboot: Power down" as the last line)
powered_off() {
	grep -q '^iwpm-guest: done' "$1" &&
		[ "$(grep -v '^[[:space:]]*$' "$1" | tail -n 1)" = "reboot: Power down" ]
}

# guest NAME MODULES SCRIPTS [VAR=VALUE...]: run a UML guest; a guest that
# does not power off cleanly (a panic, a crash of UML, the time limit) fails
# and prints the end of its log.  UML's host process sometimes aborts
# (SIGABRT, 134) after the kernel powered off (seen here once in about 50
# boots, the log complete up to "reboot: Power down"): that is said, not
# failed; the kernel's reports are checked from the log all the same.
guest() {
	local name=$1 modules=$2 scripts=$3 rc
	shift 3
	say "booting the UML guest $name"
	IWPM_UML_QUIET=240 tools/testing/boot-uml.sh "${guest_kernel:-$kdir}" "$guest_timeout" \
		IWPM_MODULES="$modules" IWPM_SCRIPTS="$scripts" \
		IWPM_FUZZ_COUNT="${IWPM_FUZZ_COUNT:-}" "$@" \
		</dev/null >"$logs/guest-$name.log" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		pass "guest $name: powered off cleanly"
	elif [ "$rc" -eq 134 ] && powered_off "$logs/guest-$name.log"; then
		say "UML's host process aborted after guest $name powered off"
		pass "guest $name: powered off cleanly"
	else
		fail "guest $name: powered off cleanly" \
			"UML exited with $rc, see $logs/guest-$name.log"
		tail_of "$logs/guest-$name.log" 60
	fi
}

# tally [WHERE]: take the KTAP results on stdin (ktap.py's) as tests of
# the current run (a failure names WHERE to look); fails if there were none
tally() {
	local line why= name w n=0
	while IFS= read -r line; do
		if [[ $line =~ ^(ok|not\ ok)\ [0-9]+\ (.*)$ ]]; then
			n=$((n + 1)) name=${BASH_REMATCH[2]}
			if [ "${BASH_REMATCH[1]}" = ok ] && [[ $name == *' # SKIP'* ]]; then
				skip "${name%% # SKIP*}" "${name#* # SKIP }"
			elif [ "${BASH_REMATCH[1]}" = ok ]; then
				pass "$name"
			else
				w=
				[[ $why != "$name: "* ]] || w=${why#"$name: "}
				fail "$name" "$w${1:+${w:+; }see $1}"
			fi
			why=
		elif [[ $line == '# '* ]]; then
			why=${line#'# '}
		fi
	done
	[ "$n" -gt 0 ]
}

# report LOG KTAP-ARGS...: one test per result of ktap.py; a run that
# did not reach its end also prints the end of LOG, which is all CI keeps.
# ktap.py failing while none of its results did (it died halfway) fails.
report() {
	local log=$1 out rc before=$run_failed
	shift
	out=$(tools/testing/ktap.py "$@")
	rc=$?
	run_failed=
	tally "$log" <<<"$out" || fail "ktap.py read no test from $log"
	[ "$rc" -eq 0 ] || [ -n "$run_failed" ] ||
		fail "ktap.py: reading $log" "it exited with $rc"
	run_failed=${run_failed:-$before}
	! grep -q '^not ok [0-9]* .*: ran to the end$' <<<"$out" || tail_of "$log" 40
}

# boot NAME MODULES SCRIPTS SUITES...: run a UML guest, report its tests
boot() {
	local name=$1 modules=$2 scripts=$3 log=$logs/guest-$1.log kind=()
	shift 3
	[ -n "$modules" ] || kind=(--no-modules)
	guest "$name" "$modules" "$scripts"
	report "$log" --prefix "$name" "${kind[@]}" "$log" "$@"
}

# dkms_refuses KVER WHY [VAR=VALUE...]: build.sh fails for KVER, saying WHY
dkms_refuses() {
	local kver=$1 why=$2 out
	shift 2
	out=$(env "$@" compat/dkms/build.sh "$kver" 2>&1) && return 1
	echo "$out"
	grep -q "$why" <<<"$out"
}

# dkms_tests KVER: build.sh's refusals, the build with W=1, the dkms round
# trip on this machine, and Debian's own kernel under qemu: with its own
# iw_cm.ko an unprivileged probe hangs; with ours the scenarios pass.
dkms_tests() {
	local kver=$1 ko=$top/build/dkms/$1/iw_cm.ko log
	check "dkms: build.sh refuses a kernel that is not 6.12" \
		"$logs/dkms-refuse-version.log" \
		dkms_refuses 5.10.0-30-amd64 'Linux 6.12 only'
	check "dkms: build.sh refuses to build without the kernel's source" \
		"$logs/dkms-refuse-source.log" \
		dkms_refuses "$kver" 'install linux-source-6.12' \
		IWPM_LINUX_SOURCE=/nonexistent
	check "dkms: iw_cm.ko for Debian $kver, W=1 and sparse, no warnings" \
		"$logs/dkms-build.log" sh -c "compat/dkms/build.sh '$kver' '' C=1 >'$logs/dkms-make.log' 2>&1 &&
		! grep -E 'warning:|error:' '$logs/dkms-make.log'"
	check "dkms: add, build, install: modinfo names iwpm; remove restores Debian's" \
		"$logs/dkms-roundtrip.log" tools/testing/dkms-roundtrip.sh "$kver"
	say "booting Debian's own $kver under qemu, with its iw_cm.ko and with ours"
	debian_boot debian-stock "$kver" --stock debian-guest
	if [ -f "$ko" ]; then
		debian_boot debian "$kver" "$ko" debian-guest intree-scenarios
	else
		fail "dkms: Debian's kernel with our iw_cm.ko" "no $ko: the build above failed"
	fi
}

# debian_boot NAME KVER IW_CM_KO|--stock SUITE...: Debian's kernel under
# qemu (debian-e2e.sh), one test per result of its console, which must
# have the SUITEs
debian_boot() {
	local name=$1 log
	if log=$(tools/testing/debian-e2e.sh "$2" "$3" 2>"$logs/$name-boot.log"); then
		cp "$log" "$logs/$name.log"
		report "$logs/$name.log" --prefix "$name" --no-modules \
			"$logs/$name.log" "${@:4}"
	else
		fail "$name: Debian's kernel boots under qemu" "see $logs/$name-boot.log"
	fi
}

# bench_smoke KERNEL: make bench's code runs, with tiny figures, on the
# in-tree test kernel, which has it built in (Documentation/benchmarks.rst).
bench_smoke() {
	guest_kernel=$1 guest bench "" "$top/tools/bench/bench-guest.sh" \
		kunit.enable=0 iwpm_bench.sizes=1000 iwpm_bench.reps=1 \
		IWPM_BENCH_RPING=2 \
		IWPM_BENCH_RPING_REPS=1 IWPM_BENCH_RTT=100 IWPM_BENCH_REPLAY=1000 \
		IWPM_BENCH_REMINFO=1000 IWPM_BENCH_STORM=60 IWPM_BENCH_ISOLATION=20
	report "$logs/guest-bench.log" --prefix bench --no-modules \
		"$logs/guest-bench.log"
	check "bench: the benchmarks run for N=1000, 2 rping connections, 100 requests, a replay of 1000, a storm of 60, one of 20 beside a stopped daemon" \
		"$logs/bench-report.log" tools/bench/bench-report.py --sizes 1000 \
		--reps 1 --rping 2 --rping-reps 1 --rtt 100 --replay 1000 \
		--reminfo 1000 --storm 60 --isolation 20 "ours=$logs/guest-bench.log"
	bench_published
}

# bench_published: benchmarks.rst holds the figures of the committed
# results file, and says so when patches/ is not the series they measured.
bench_published() {
	local results=Documentation/bench-results.json measured now
	if [ ! -f "$results" ]; then
		check "bench: no $results, and Documentation/benchmarks.rst publishes no figure" \
			"$logs/bench-published.log" tools/bench/bench-report.py \
			--rst - --check Documentation/benchmarks.rst
		return
	fi
	check "bench: Documentation/benchmarks.rst holds the figures of $results" \
		"$logs/bench-published.log" tools/bench/bench-report.py \
		--rst "$results" --check Documentation/benchmarks.rst
	measured=$(python3 -c 'import json, sys
print(json.load(open(sys.argv[1]))["meta"]["series"])' "$results" 2>/dev/null)
	now=$(tools/testing/series-hash.sh)
	[ "$measured" = "$now" ] ||
		say "bench: the published figures measured series ${measured:-?}, patches/ is $now: run make bench and publish its results before the series is sent"
}


# ---- the runs ----

run_harness() {
	local out rc
	out=$(tools/testing/check-harness.sh)
	rc=$?
	tally <<<"$out" || fail "harness: check-harness.sh reported nothing"
	[ "$rc" = 0 ] || fail "harness: check-harness.sh exited with $rc"
}

run_uml() {
	say "building the UML test kernel (cached; the first build takes several minutes)"
	if kdir=$(tools/testing/uml-kernel.sh module 2>"$logs/kernel.log"); then
		pass "build: UML test kernel"
		prebuild series "$logs/intree-kernel.log" tools/testing/intree-kernel.sh
		# Not together: on two cores, both at once made the in-tree
		# build, which more runs need, late (Documentation/testing.rst).
		prebuild_after series x86 "$logs/x86-kernel.log" tools/testing/x86-kernel.sh
	else
		fail "build: UML test kernel" "see $logs/kernel.log"
	fi
}

run_modules() {
	copy_sources "$top/build/um"
	module_build "build: iwpm.ko and iwpm_kunit.ko for UML, W=1, no warnings" \
		"$top/build/um" "$kdir" ARCH=um || return 1
	mkdir -p "$top/build/tools"
	if make -C tools O="$top/build/tools" >"$logs/tools.log" 2>&1 &&
	   ! grep -q 'warning:' "$logs/tools.log"; then
		pass "build: iwpm-testd with -Wall -Wextra, no warnings"
	else
		fail "build: iwpm-testd with -Wall -Wextra, no warnings" "see $logs/tools.log"
		return 1
	fi
}

run_style() {
	local f
	if [ -n "$headers" ]; then
		copy_sources "$top/build/x86"
		module_build "build: iwpm.ko for Debian $(basename "$headers"), W=1 and sparse, no warnings" \
			"$top/build/x86" "$headers" C=1
	else
		fail "build: iwpm.ko for Debian linux-headers-6.12-amd64" "headers not installed"
	fi
	for f in $(tools/testing/kernel-files.sh); do
		check "checkpatch --strict: $f" "$logs/checkpatch-$(basename "$f").log" \
			tools/testing/checkpatch.sh "$f"
		check "kernel-doc: $f" "$logs/kernel-doc-$(basename "$f").log" \
			sh -c "! '$ksrc/scripts/kernel-doc' -none -Wall '$f' 2>&1 | grep ."
	done
}

run_dkms() {
	if [ -n "$headers" ]; then
		dkms_tests "${headers##*/linux-headers-}"
	else
		fail "dkms: the DKMS iw_cm.ko" "no Debian 6.12 headers"
	fi
}

run_kunit() {
	boot kunit iwpm.ko,iwpm_kunit.ko "" \
		$(sed -n 's/^\t\.name = "\(.*\)",$/\1/p' kunit/*_test.c compat/*_test.c)
}

run_scenarios() {
	IWPM_FUZZ_COUNT=${IWPM_FUZZ_COUNT:-20000} \
		boot scenarios "" "$top/tools/testing/scenarios.sh" scenarios
}

run_demo() {
	local d n
	for d in DAEMON=testd DAEMON=iwpmd NETNS=1; do
		n=${d#DAEMON=}
		n=${n/NETNS=1/netns}
		guest "demo-$n" "" "$top/tools/testing/demo.sh" "IWPM_$d"
		report "$logs/guest-demo-$n.log" --prefix "demo-$n" \
			--no-modules "$logs/guest-demo-$n.log" demo
	done
}

# same_code: the three 6.12 series, applied in order, make the tree
# patches/ (the one the test kernels run) makes.
same_code() {
	local split all
	split=$(tools/testing/apply-series.sh "$top/build/am-6.12-split" "$ksrc" \
		$(ls "$top"/patches/6.12/{fixes,iwpm,netns}/*.patch | grep -v /0000-)) &&
		all=$(tools/testing/apply-series.sh "$top/build/am-6.12-all" "$ksrc" \
			$(ls "$top"/patches/*.patch | grep -v /0000-)) &&
		echo "split $split, one series $all" && [ "$split" = "$all" ]
}

# regenerates NAME DIR SRC [--series S]: DIR is, byte for byte, what
# make-patches.py makes from the tree SRC (with --series S)
regenerates() {
	local name=$1 dir=$2 src=$3 id
	id=$(tr / - <<<"${2%/}")
	shift 3
	check "patches: $dir is what $name" "$logs/$id.log" \
		sh -c "tools/make-patches.py --src '$src' --out '$top/build/$id' $* &&
			diff -ru -x fixes -x iwpm -x netns -x 6.12 '$dir' '$top/build/$id'"
}

run_patches() {
	local p s src73
	regenerates "tools/make-patches.py generates" patches/ "$ksrc"
	for s in fixes iwpm netns; do
		regenerates "make-patches.py --series $s generates from 6.12" \
			"patches/6.12/$s/" "$ksrc" --series "$s"
	done
	check "patches: the three 6.12 series apply with git am and make what patches/ makes" \
		"$logs/patches-6.12-am.log" same_code
	for p in $(ls patches/*.patch | grep -v /0000-cover-letter.patch); do
		check "checkpatch --strict: $p" "$logs/checkpatch-$(basename "$p").log" \
			sh -c "cd '$ksrc' && scripts/checkpatch.pl --strict --quiet \
				--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID '$top/$p'"
	done
	if ! src73=$(tools/testing/kernel-source.sh 7.3 2>"$logs/linux-source-7.3.log"); then
		fail "patches: linux-source-7.3 for the fixes" "see $logs/linux-source-7.3.log"
		return
	fi
	for s in fixes iwpm netns; do
		regenerates "make-patches.py --series $s generates from 7.3" \
			"patches/$s/" "$src73" --series "$s"
	done
	for p in $(ls patches/*/*.patch | grep -v /0000-cover-letter.patch); do
		check "checkpatch --strict (7.3): $p" \
			"$logs/checkpatch-$(dirname "$p" | tr / -)-$(basename "$p").log" \
			sh -c "cd '$src73' && scripts/checkpatch.pl --strict --quiet \
				--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID '$top/$p'"
	done
}

run_series() {
	local what="the in-tree UML kernel builds"
	[ "$base" = 6.12 ] || what="each patch and the in-tree UML kernel build"
	say "applying the series and building the in-tree UML kernel (cached; begun after the uml run)"
	prebuild series "$logs/intree-kernel.log" tools/testing/intree-kernel.sh
	if built series && intree=$(cat "$logs/series.build"); then
		pass "patches: git am to linux-source-$base, $what, W=1 clean"
	else
		fail "patches: git am to linux-source-$base, $what, W=1 clean" \
			"see $logs/intree-kernel.log"
		tail_of "$logs/intree-kernel.log" 40
	fi
}

# The in-tree suites, built in, run as the guest's kernel starts; then
# the scenarios.
run_intree() {
	guest_kernel=$intree IWPM_FUZZ_COUNT=${IWPM_FUZZ_COUNT:-5000} \
		guest intree "" \
		"$top/tools/testing/intree-scenarios.sh,$top/tools/testing/netns-exit.sh" \
		'kunit.filter_glob=iwpm*'
	report "$logs/guest-intree.log" --prefix intree --no-modules --no-skip \
		"$logs/guest-intree.log" $intree_suites intree-scenarios netns-exit
}

run_netns() {
	guest_kernel=$intree IWPM_FUZZ_COUNT=${IWPM_FUZZ_COUNT:-2000} \
		guest netns "" "$top/tools/testing/netns-scenarios.sh" kunit.enable=0
	report "$logs/guest-netns.log" --prefix netns --no-modules \
		"$logs/guest-netns.log" netns-scenarios
}

run_bench() {
	bench_smoke "$intree"
}

run_x86() {
	local log
	say "building the x86_64 debug kernel (cached; begun once the in-tree kernel was built)"
	prebuild x86 "$logs/x86-kernel.log" tools/testing/x86-kernel.sh
	if ! built x86; then
		fail "x86: the lockdep and kmemleak kernel builds" "see $logs/x86-kernel.log"
		tail_of "$logs/x86-kernel.log" 40
		return 1
	fi
	pass "x86: the lockdep and kmemleak kernel builds"
	say "booting it: the in-tree suites, then the end-to-end scenarios"
	if log=$(tools/testing/x86-e2e.sh 2>"$logs/x86-boot.log"); then
		cp "$log" "$logs/guest-x86.log"
		report "$logs/guest-x86.log" --prefix x86 --no-modules --no-skip \
			--done "iwpm-kmemleak: scanned" "$logs/guest-x86.log" $intree_suites \
			intree-scenarios netns-exit
	else
		fail "x86: the debug kernel boots with the host's files" "see $logs/x86-boot.log"
	fi
}

# ---- the driver ----

# needs NAME: what run NAME needs, from RUNS (- for nothing; a comma
# list for more than one)
needs() {
	awk -v n="$1" '$1 == n { print $2 }' <<<"$RUNS"
}

# needed_by NAME WANT: run WANT is NAME or needs it, directly or not
needed_by() {
	local n
	[ "$1" != "$2" ] || return 0
	for n in $(needs "$2" | tr , ' '); do
		[ "$n" = - ] || ! needed_by "$1" "$n" || return 0
	done
	return 1
}

# wanted NAME: NAME is in ONLY, or something in ONLY needs it
wanted() {
	local o
	[ -n "${ONLY:-}" ] || return 0
	for o in ${ONLY//,/ }; do
		! needed_by "$1" "$o" || return 0
	done
	return 1
}

# run NAME: run it, a subtest of its own; its outcome is ok unless its
# function returned an error (a failed build that what needs it cannot go
# without)
run() {
	local name=$1 need n
	begin_run "$name"
	need=
	for n in $(needs "$name" | tr , ' '); do
		[ "$n" = - ] || [ "${outcome[$n]:-}" = ok ] || need=$n
	done
	if [ -n "$need" ]; then
		fail "$name: not run" "it needs $need, which failed"
		outcome[$name]=failed
	elif "run_$name"; then
		outcome[$name]=ok
	else
		outcome[$name]=failed
		[ -n "$run_failed" ] || fail "$name: stopped with an error"
	fi
	end_run
}

only=${ONLY:-}
unknown=$(for o in ${only//,/ }; do needs "$o" | grep -q . || echo "$o"; done)
if [ -n "$unknown" ]; then
	echo "make check: no run named $(echo $unknown); the runs are:"
	awk 'NF { print "  " $1 }' <<<"$RUNS"
	exit 2
fi

# The dependencies, and what the runs share; a failed install stops make
# check, and the runs it planned are failed as never reported.
run_setup() {
	check "setup: dependencies installed" "$logs/deps.log" tools/testing/install-deps.sh || {
		tail_of "$logs/deps.log" 20
		finish
	}
	ksrc=$(tools/testing/uml-kernel.sh --print-src)
	# IWPM_BASE=7.3: the in-tree runs on Linux 7.3 with the series sent to
	# mainline (intree-kernel.sh); everything else stays on 6.12.
	base=${IWPM_BASE:-6.12}
	# the base's tree, extracted now, before the background build wants it
	[ "$base" = 6.12 ] || tools/testing/uml-kernel.sh --version "$base" --print-src >/dev/null
	headers=$(ls -d /usr/src/linux-headers-6.12*-amd64 2>/dev/null | sort -V | tail -n 1)
	intree_suites=$(sed -n 's/^\t\.name = "\(.*\)",$/\1/p' kunit/iwpm_*_test.c 2>/dev/null)
	[ -n "$intree_suites" ] || ! [ -d kunit ] ||
		fail "setup: the in-tree KUnit suites named in kunit/" "none found"
	return 0
}

planned=$(for name in $(awk 'NF { print $1 }' <<<"$RUNS"); do
	! wanted "$name" || echo "$name"
done)
[ -n "$(tr -d ' ,' <<<"$only")" ] || [ -z "$only" ] ||
	{ echo "make check: ONLY='$only' names no run"; exit 2; }

rm -rf "$top/build"
mkdir -p "$logs"


plan_runs $planned
for name in $planned; do
	run "$name"
done
finish
