#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Apply the in-tree series (patches/) with git am to a copy of the pristine
# Linux 6.12 tree, build the whole UML kernel after the last patch with W=1,
# and print the build directory.  That every prefix of the series builds
# and passes its tests on 6.12 is make series-check's (series-check.sh),
# not repeated here.
# The whole kernel also has make bench's benchmark (tools/bench/iwpm_bench.c)
# built in beside iw_cm, which exports nothing it could link against; it
# does nothing unless booted with iwpm_bench.sizes=.  It also has the test
# fixture tools/testing/iwcm_ulp_test.c, a kernel rdma_cm user, and
# fault-injection knobs in iw_cm (test_knobs below); neither is part of the
# series.
# Fails if a patch does not apply, a build fails, or the compiler warns about
# a file the series touches.
#
# The copy is hard-linked to the pristine tree (git replaces the files it
# writes, never writes into them), and the build directory is cached: a
# series that already applied and built with this config is not built again.
#
# IWPM_BASE=7.3 does the same with the three series sent to mainline
# (patches/fixes/, patches/iwpm/, patches/netns/) on Linux 7.3, in a tree
# and a build directory of their own, and also builds drivers/infiniband/
# after every patch (make mainline-check).
#
# usage: intree-kernel.sh               apply, build; print the build directory
#        intree-kernel.sh --print-tree  print where the patched tree is
#        intree-kernel.sh --prepare     only apply (unless the tree already
#                                       holds this series, ready to build)
#                                       and add the extras; print the tree's
#                                       key, which $tree/.iwpm-prepared holds
#        intree-kernel.sh --apply TREE  only apply the series, to a new
#                                       hard-linked copy at TREE (git repo,
#                                       tag "base" before the first patch)

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
frags=$("$top/tools/testing/kernel-config.sh" intree)
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}
base=${IWPM_BASE:-6.12}
tree=$cache/tree/linux-iwpm
series=($(ls "$top"/patches/*.patch | grep -v /0000-cover-letter.patch))
if [ "$base" != 6.12 ]; then
	tree=$cache/tree/linux-iwpm-$base
	series=($(ls "$top"/patches/{fixes,iwpm,netns}/*.patch | grep -v /0000-cover-letter.patch))
fi
uml_kernel() { "$top/tools/testing/uml-kernel.sh" --version "$base" "$@"; }
bench=$top/tools/bench/iwpm_bench.c
ulp=$top/tools/testing/iwcm_ulp_test.c

log() { echo "intree-kernel: $*" >&2; }
die() { log "$*"; exit 1; }

if [ "${1:-}" = --print-tree ]; then
	echo "$tree"
	exit 0
fi

mkdir -p "$cache/tree"
src=$(uml_kernel --print-src)
touched=$(sed -n 's|^diff --git a/\(.*\) b/.*|\1|p' "${series[@]}" | sort -u)

# apply_series TREE: the series on a hard-linked copy of the pristine tree
# at TREE, tagged "base" before the first patch (apply-series.sh).  Files an
# earlier series changed and this one does not get a fresh mtime, or their
# objects in any build directory of TREE would still be built from the old
# contents: TREE's record of them (TREE.touched) outlives TREE.
apply_series() {
	local f

	log "copying the pristine tree to $1"
	"$top/tools/testing/apply-series.sh" "$1" "$src" "${series[@]}" >/dev/null ||
		die "the series does not apply with git am"
	log "the series applies: ${#series[@]} patches"
	touch "$1.touched"
	for f in $(sort -u "$1.touched"); do
		if ! grep -qx -- "$f" <<<"$touched" && [ -e "$src/$f" ]; then
			cp --remove-destination "$src/$f" "$1/$f"
		fi
	done
	sort -u "$1.touched" - <<<"$touched" >"$1.touched.new"
	mv "$1.touched.new" "$1.touched"
}

if [ "${1:-}" = --apply ]; then
	exec 9>"${2:?--apply needs a directory}.lock"
	flock 9
	apply_series "$2"
	exit 0
fi

# The tree's lock: held exclusive while the tree changes, shared while it
# is built from (by this script's UML build and x86-kernel.sh's at once;
# a make check killed hard may leave a background build running).  A
# shared lock is taken first; preparing trades it for an exclusive one,
# which flock(1) cannot do atomically, so the tree is looked at again after
# every change of lock.
exec 9>"$tree.lock"

out=$(uml_kernel --print-dir --tree "$tree" intree)
# What the tree holds (prepared) and what the UML kernel was built from.
prepared=$( (echo "$src"; cat "${series[@]}" "$bench" "$ulp" "$0") | sha256sum | cut -c1-16)
key=$( (echo "$prepared"; cat $frags) | sha256sum | cut -c1-16)
ready() { [ "$(cat "$tree/.iwpm-prepared" 2>/dev/null)" = "$prepared" ]; }
flock -s 9

git_() {
	git -c user.name="iwpm test" -c user.email=iwpm@example.invalid \
	    -c core.hooksPath=/dev/null -C "$tree" "$@"
}

# test_knobs CORE: the test kernel's changes to iw_cm beyond the series,
# fault-injection points in CORE (drivers/infiniband/core), each a
# parameter of iw_cm, 0 (off) by default:
#  - destroy_delay_ms: cm_work_handler() sleeps that long before it
#    destroys an id whose handler returned non-zero, widening the window
#    between rdma_cm dropping an id and iw_cm removing its mapping
#    (netns-scenarios.sh, ulp_destroying_its_id_*);
#  - replay_delay_ms: the replay sleeps that long, holding no lock, between
#    sending the mappings and sending their count (MAPINFO_NUM), then logs
#    whether its instance was torn down meanwhile, so that the namespace
#    can go away during a replay (netns-exit.sh,
#    namespace_exit_during_a_replay);
#  - requests_fail_delay_us: iwpm_requests_fail() spins that long (at most
#    1 ms) on each request it walks, before it looks at the request, so
#    that the stress suite's other threads end and free requests in that
#    window: a walk that looked at a request without the xarray's lock is
#    then caught by KASAN on two CPUs (x86-e2e.sh sets it).  It guards
#    against that one bug coming back; it widens no other window.
# Written to new files, never into one the pristine tree shares.
test_knobs() {
	python3 - "$1" <<'PY'
import sys
core = sys.argv[1]

def knob(name, anchor, before, after='', include='#include <linux/err.h>\n'):
    path = f'{core}/{name}'
    text = open(path).read()
    if text.count(anchor) != 1 or text.count(include) != 1:
        sys.exit(f'intree-kernel: {name}: the test knob has no anchor')
    text = text.replace(include, include + '#include <linux/delay.h>\n'
                        '#include <linux/moduleparam.h>\n\n'
                        '/* test kernel only (tools/testing/intree-kernel.sh) */\n'
                        + before, 1)
    text = text.replace(anchor, after + anchor, 1)
    open(path + '.new', 'w').write(text)

knob('iwcm.c', '\t\tif (ret) {\n\t\t\tdestroy_cm_id(&cm_id_priv->id);\n',
     'static unsigned int destroy_delay_ms;\n'
     'module_param(destroy_delay_ms, uint, 0644);\n',
     '\t\tif (ret && READ_ONCE(destroy_delay_ms))\n'
     '\t\t\tmsleep(READ_ONCE(destroy_delay_ms));\n')
knob('iwpm_replay.c',
     '\terr = iwpm_replay_step(pm, &rp, iwpm_send_mapinfo_num);\n',
     'static unsigned int replay_delay_ms;\n'
     'module_param(replay_delay_ms, uint, 0644);\n',
     '\tif (READ_ONCE(replay_delay_ms)) {\n'
     '\t\tmsleep(READ_ONCE(replay_delay_ms));\n'
     '\t\tpr_info("iwpm: replay_delay_ms: %s\\n",\n'
     '\t\t\tREAD_ONCE(pm->live) ? "live" : "torn down");\n'
     '\t}\n', '#include <linux/slab.h>\n')
knob('iwpm_request.c',
     '\t\tif (client >= 0 && req->client != client)\n\t\t\tcontinue;\n',
     'static unsigned int requests_fail_delay_us;\n'
     'module_param(requests_fail_delay_us, uint, 0644);\n',
     '\t\tif (READ_ONCE(requests_fail_delay_us))\n'
     '\t\t\tudelay(min(READ_ONCE(requests_fail_delay_us), 1000U));\n',
     '#include <linux/slab.h>\n')
PY
	mv "$1/iwcm.c.new" "$1/iwcm.c"
	mv "$1/iwpm_replay.c.new" "$1/iwpm_replay.c"
	mv "$1/iwpm_request.c.new" "$1/iwpm_request.c"
}

# add_extras: the benchmark, the rdma_cm fixture and the knobs, at the
# series' last commit; the tree is then ready to build (.iwpm-prepared)
add_extras() {
	local core=$tree/drivers/infiniband/core

	cp "$bench" "$core/iwpm_bench.c"
	cp "$ulp" "$core/iwcm_ulp_test.c"
	test_knobs "$core"
	echo 'obj-$(CONFIG_INFINIBAND) += iwpm_bench.o' >>"$core/Makefile.new"
	echo 'obj-$(CONFIG_INFINIBAND_ADDR_TRANS) += iwcm_ulp_test.o' >>"$core/Makefile.new"
	cat "$core/Makefile" "$core/Makefile.new" >"$core/Makefile.bench"
	rm "$core/Makefile.new"
	mv "$core/Makefile.bench" "$core/Makefile"
	echo "$prepared" >"$tree/.iwpm-prepared"
}

# prepare: the series applied to the tree, at its last commit.
prepare() {
	rm -f "$tree/.iwpm-prepared"
	apply_series "$tree"
}

# ready_tree: the tree ready to build, with the extras, under the shared
# lock (.iwpm-prepared says so)
ready_tree() {
	ready && return 0
	flock -u 9
	flock 9
	if ! ready; then
		prepare
		add_extras
	fi
	flock -u 9
	flock -s 9
	ready || die "$tree changed while its lock was traded: run again"
}

if [ "${1:-}" = --prepare ]; then
	ready_tree
	echo "$prepared"
	exit 0
fi
built() {
	[ "$(cat "$out/.iwpm-series" 2>/dev/null)" = "$key" ] && [ -x "$out/linux" ] && ready
}
if built; then
	log "this series already applied and built here: $out"
	echo "$out"
	exit 0
fi
# The tree's lock first, then the UML build directory's (one build at a
# time), in that order only, as x86-kernel.sh does.
if [ "$base" = 6.12 ]; then
	# The tree stays as it is: x86-kernel.sh may build it meanwhile.
	ready_tree
else
	# Every patch is checked out in turn: the tree is this script's alone.
	flock -u 9
	flock 9
fi
mkdir -p "$out"
exec 8>"$out.lock"
flock 8
if built; then
	log "built meanwhile by another: $out"
	echo "$out"
	exit 0
fi
[ "$base" = 6.12 ] || prepare

rm -f "$out/.iwpm-series"
uml_kernel --configure --tree "$tree" intree >/dev/null

# Warnings about the files of the series, in one build's log.
our_warnings() {
	local files
	files=$(grep -E '\.[ch]$' <<<"$touched" | sed 's/[.]/[.]/g' | paste -sd'|')
	grep -E "($files):[0-9]+:[0-9]+: (warning|error):" "$1"
}

export IWPM_KMAKE_ARGS=W=1
each=yes
[ "$base" != 6.12 ] || each=
commits=$(git_ rev-list --reverse base..HEAD)
i=0
for c in $commits; do
	i=$((i + 1))
	subject=$(git_ log -1 --format=%s "$c")
	blog=$out/.iwpm-build-$i.log
	[ -n "$each" ] || [ "$i" -eq "${#series[@]}" ] || continue
	[ -z "$each" ] || git_ checkout -q "$c"
	if [ "$i" -lt "${#series[@]}" ]; then
		log "patch $i builds? $subject"
		uml_kernel --tree "$tree" --target drivers/infiniband/ intree \
			>/dev/null 2>"$blog" || die "patch $i does not build: $subject (see $blog)"
	else
		[ "$base" = 6.12 ] || add_extras
		log "patch $i: the whole kernel, with the benchmark (first build takes several minutes)"
		uml_kernel --tree "$tree" intree >/dev/null 2>"$blog" ||
			die "patch $i does not build: $subject (see $blog)"
	fi
	! our_warnings "$blog" >&2 || die "patch $i: W=1 warnings in the series' files"
done
echo "$key" >"$out/.iwpm-series"
echo "$out"
