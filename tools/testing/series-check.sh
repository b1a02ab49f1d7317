#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make series-check`: every prefix of the series as a kernel of its own.
# Applies patches/ to a copy of pristine Linux 6.12 and, for the pristine
# tree and after every patch, builds the whole UML kernel with W=1, then:
#
#  - runs the in-tree KUnit suites present at that point (kunit.py exec);
#  - on pristine 6.12, after the fixes (patch FIXES) and after the last
#    patch, boots series-probes.sh: an unprivileged sender must be refused
#    and a HELLO naming port 0 answered, and pristine 6.12 must show both
#    bugs (heard or hung, hung), or the probes prove nothing.  After patch
#    1, which takes the reply port from the socket, the HELLO alone; after
#    patch 5, the old port mapper with doit callbacks, both.  A MAPINFO
#    naming port 0 panics pristine 6.12 and is answered after patch 1 and
#    after the last;
#  - on pristine 6.12 and after every patch, boots the daemon probe of
#    series-probes.sh: iwpmd's HELLO must make it speak ABI 4, a
#    REMOTE_INFO the kernel takes must be acknowledged with 0 (6.12's
#    callback returns -EINVAL for it, which its dump kept from the daemon
#    until patch 5) while a malformed one is rejected, and an rping
#    through rdma-core's iwpmd must work.
#
# usage: series-check.sh [K]: pristine 6.12 and patches 1..K only (all).
#
# Prints KTAP (ktap.sh), kept in build/series/series.ktap: a run for the
# patches' git am and one for each step, each check a test, and the
# summary; exits non-zero on any failure.  On two cores: one full kernel build the first time, then
# about half a minute a patch.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
tree=$cache/tree/linux-series
uml=$top/tools/testing/uml-kernel.sh
fixes=${IWPM_SERIES_FIXES:-3}
logs=$top/build/series
ktap=$logs/series.ktap
git_() { git -C "$tree" "$@"; }
kunitconfigs=$("$top/tools/testing/kernel-config.sh" --kunitconfig intree)

mkdir -p "$logs"
rm -f "$ktap"
. "$top/tools/testing/ktap.sh"
last=$(ls "$top"/patches/*.patch | grep -vc /0000-cover-letter.patch)
plan_runs apply $(seq -f 'step-%g' 0 "${1:-$last}")
begin_run apply
src=$("$uml" --print-src)
check "the series applies with git am" "$logs/apply.log" \
	"$top/tools/testing/intree-kernel.sh" --apply "$tree" || finish
"$uml" --configure --tree "$tree" intree >/dev/null

# probe K NAME WHICH EXPECT: boot the kernel of step K with one probe
probe() {
	local k=$1 name=$2 which=$3 expect=$4 log=$logs/probe-$1-$3.log out
	out=$which=$("$top/tools/testing/probe-boot.sh" "$out_dir" "$which" "$log")
	say "$name: ${out:-no result}"
	if grep -qE "^[a-z0-9-]+=($expect)" <<<"$out"; then
		pass "$name: ${out%% *}"
	else
		fail "$name: $which, expected $expect" "got: ${out:-nothing} (see $log)"
	fi
}

# probes K NAME EXPECT-UNPRIVILEGED EXPECT-HELLO (extended regexps)
probes() {
	probe "$1" "$2" unprivileged "$3"
	probe "$1" "$2" hello "$4"
}

commits=$(git_ rev-list --reverse base..HEAD | head -n "${1:-$last}")
k=0
for c in base $commits; do
	begin_run "step-$k"
	git_ checkout -q "$c"
	subject=$([ "$k" = 0 ] && echo "Linux 6.12" || git_ log -1 --format=%s "$c")
	say "$subject"
	blog=$logs/build-$k.log
	if ! out_dir=$(IWPM_KMAKE_ARGS=W=1 "$uml" --tree "$tree" --target linux \
			intree 2>"$blog"); then
		fail "$k: $subject: the kernel builds" "see $blog"
		k=$((k + 1))
		continue
	fi
	pass "$k: $subject: the kernel builds with W=1"
	if grep -q 'kunit_test_suite' -r "$tree/drivers/infiniband/core/" 2>/dev/null; then
		if (cd "$src" && timeout 900 python3 tools/testing/kunit/kunit.py exec \
			--build_dir="$out_dir" $kunitconfigs 'iwpm*') \
			>"$logs/kunit-$k.log" 2>&1; then
			pass "$k: $subject: $(grep -o 'Testing complete. Ran [0-9]* tests' \
				"$logs/kunit-$k.log") pass"
		else
			fail "$k: $subject: the KUnit suites pass" "see $logs/kunit-$k.log"
		fi
	fi
	case $k in
	0) probes 0 "Linux 6.12" "heard|hung" hung
	   probe 0 "Linux 6.12" mapinfo panic ;;
	1) probe 1 "Linux 6.12 with patch 1" hello answered
	   probe 1 "Linux 6.12 with patch 1" mapinfo answered ;;
	5) probes 5 "the old port mapper as doit callbacks (1-5)" refused answered ;;
	"$fixes") probes "$k" "Linux 6.12 with patches 1-$fixes" refused answered ;;
	"$last") probes "$k" "the whole series" refused answered
		probe "$k" "the whole series" mapinfo answered ;;
	esac
	probe "$k" "$k: $subject" daemon abi-4
	k=$((k + 1))
done
finish
