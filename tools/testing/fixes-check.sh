#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make fixes-check`: the fixes for stable (patches/fixes/, made against
# mainline) on every kernel they are meant for.  For each VERSION (default
# 7.3 6.12 6.1; kernel-source.sh): git am of the series to Debian's
# linux-source-VERSION (of patches 1-2 to 6.1: patch 3 fixes a commit of
# 6.12, before which no unprivileged socket could join a NETLINK_RDMA
# group); then, for the pristine tree and after every patch,
# a UML kernel built with W=1 (no warning about a file the series changed)
# and booted with each of the three probes of series-probes.sh:
#
#   step      unprivileged    HELLO to port 0   MAPINFO to port 0
#   pristine  heard or hung   hung              panic (BUG() in netlink)
#   1         heard           answered          answered
#   2         heard (group)   answered          answered   (6.1: refused)
#   3         refused         answered          answered
#
# A pristine kernel that does not show a bug would prove nothing, so it is a
# failure too.  (make check regenerates the series and runs checkpatch
# --strict on each patch, with 7.3's script.)
#
# Prints KTAP (ktap.sh), kept in build/fixes/fixes.ktap: a run per
# version, each check a test, and the summary; exits non-zero on any
# failure.  On two cores: one full kernel build per version the first
# time (about 15 minutes each), then about a minute per patch and 20 s per
# boot.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$top/build/fixes
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
series=("$top"/patches/fixes/0*-*.patch)
series=("${series[@]:1}")
declare -A upto=([6.1]=2)
ktap=$logs/fixes.ktap

# apply VERSION: the series (6.1: its first patches) on a hard-linked copy
# of linux-source-VERSION at $tree (apply-series.sh).
apply() {
	local src
	src=$("$top/tools/testing/kernel-source.sh" "$1") || return 1
	"$top/tools/testing/apply-series.sh" "$tree" "$src" \
		"${series[@]:0:${upto[$1]:-${#series[@]}}}"
}

# probe VERSION K WHICH EXPECT: boot step K's kernel ($out) with one probe
probe() {
	local log=$logs/$1-probe-$2-$3.log got
	got=$("$top/tools/testing/probe-boot.sh" "$out" "$3" "$log")
	if grep -qxE "($4)( .*)?" <<<"$got"; then
		pass "$1 step $2: $3: ${got%% *}"
	else
		fail "$1 step $2: $3, expected $4" "got: ${got:-nothing} (see $log)"
	fi
}

# probes VERSION K: the probes of step K (the table above)
probes() {
	local unpriv=heard
	if [ "$2" = 0 ]; then
		probe "$1" 0 unprivileged 'heard|hung'
		probe "$1" 0 hello hung
		probe "$1" 0 mapinfo panic
		return
	fi
	# patch 2 flags the ops; patch 3 closes the group 6.12 opened
	[ "$2" -lt 3 ] && { [ "$2" -lt 2 ] || [ "$1" != 6.1 ]; } || unpriv=refused
	probe "$1" "$2" unprivileged "$unpriv"
	probe "$1" "$2" hello answered
	probe "$1" "$2" mapinfo answered
}

# build VERSION TREE K SUBJECT: step K's kernel with W=1, in $out
build() {
	local blog=$logs/$1-build-$3.log files
	if ! out=$(IWPM_KMAKE_ARGS=W=1 "$top/tools/testing/uml-kernel.sh" \
			--version "$1" --tree "$2" --target linux fixes 2>"$blog"); then
		fail "$1 step $3: $4: the kernel builds" "see $blog"
		return 1
	fi
	files=$(git -C "$2" diff --name-only base HEAD -- '*.[ch]' | sed 's/[.]/[.]/g' | paste -sd'|')
	if [ -n "$files" ] && grep -E "($files):[0-9]+:[0-9]+: (warning|error):" "$blog"; then
		fail "$1 step $3: $4: W=1 clean" "see $blog"
		return 1
	fi
	pass "$1 step $3: $4: the kernel builds with W=1"
}

check_version() {
	local tree=$cache/tree/fixes-$1 k=0 c subject
	if ! apply "$1" >"$logs/$1-apply.log" 2>&1; then
		fail "$1: the fixes apply with git am" "see $logs/$1-apply.log"
		return
	fi
	pass "$1: the fixes apply with git am"
	for c in base $(git -C "$tree" rev-list --reverse base..HEAD); do
		git -C "$tree" checkout -q "$c"
		subject=$([ $k = 0 ] && echo "Linux $1" || git -C "$tree" log -1 --format=%s "$c")
		! build "$1" "$tree" "$k" "$subject" || probes "$1" "$k"
		k=$((k + 1))
	done
}

mkdir -p "$logs"
rm -f "$ktap"
. "$top/tools/testing/ktap.sh"
versions=("$@")
[ $# -gt 0 ] || versions=(7.3 6.12 6.1)
plan_runs "${versions[@]}"
for v in "${versions[@]}"; do
	begin_run "$v"
	check_version "$v"
	end_run
done
finish
