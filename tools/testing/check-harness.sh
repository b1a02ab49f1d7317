#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-harness`: the harness must turn red when tests do not run.
# Feeds ktap.py (which reads every guest's console and make check's own
# output) and run-tests.sh broken runs, and checks that each is reported
# as it should be.  Prints KTAP, one case per mutation; exits non-zero if
# one stayed green.  Takes about 20 s; make check runs it first.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0
n=0

# verdict WHAT STATUS: the case of one mutation, ok if STATUS is 0
verdict() {
	n=$((n + 1))
	if [ "$2" = 0 ]; then
		echo "ok $n harness: $1"
	else
		echo "not ok $n harness: $1"
		bad=1
	fi
}

# red WHAT PATTERN ARGS... < LOG: ktap.py, given LOG, exits non-zero and
# prints a line matching PATTERN
red() {
	local what=$1 pattern=$2 out
	shift 2
	cat >"$tmp/log"
	out=$("$top/tools/testing/ktap.py" "$@" "$tmp/log")
	[ $? -ne 0 ] && grep -qE "$pattern" <<<"$out"
	verdict "$what" $?
}

echo "KTAP version 1"
red "a guest that stops after its first scenario fails the rest, by name" \
	'^# guest: s.b: planned, never reported' --no-modules <<'LOG'
iwpm-guest: start
KTAP version 1
1..1
    KTAP version 1
    # Subtest: s
    # plan: a b c
    1..3
    ok 1 a
LOG

red "a planned scenario that never reports fails, by name" \
	'^not ok [0-9]+ guest: s.c$' --no-modules <<'LOG'
iwpm-guest: start
KTAP version 1
1..1
    KTAP version 1
    # Subtest: s
    # plan: a b c
    1..3
    ok 1 a
    ok 2 b
ok 1 s
iwpm-guest: done
LOG

red "a script that exits with an error fails the guest" \
	'^not ok [0-9]+ guest: every script ended well' --no-modules <<'LOG'
iwpm-guest: start
iwpm-guest: /x/intree-scenarios.sh exited with 2
iwpm-guest: done
LOG

red "a kernel report in a demo guest fails it" \
	'^not ok [0-9]+ demo-testd: no kernel report' --prefix demo-testd --no-modules <<'LOG'
iwpm-guest: start
BUG: KASAN: slab-use-after-free in iwpm_net_exit+0x1/0x2
    ok 1 every_step
iwpm-guest: done
LOG

red "a guest that never powers off fails" '^not ok [0-9]+ guest: ran to the end' \
	--no-modules <<'LOG'
iwpm-guest: start
LOG

red "a KUnit suite that reports fewer cases than it planned fails" \
	'^# guest: iwpm_tx: planned 3 cases, 2 reported' --no-modules <<'LOG'
    # Subtest: iwpm_tx
    1..3
    ok 1 sends_hello
    ok 2 sends_add
ok 1 iwpm_tx
iwpm-guest: done
LOG

red "a kernel that dies inside a KUnit suite fails the suite and the suites after it" \
	'^# guest: iwpm_tx: never ended' --no-modules <<'LOG'
KTAP version 1
1..2
    KTAP version 1
    # Subtest: iwpm_tx
    1..3
    ok 1 sends_hello
Kernel panic - not syncing: Fatal exception
LOG
out=$("$top/tools/testing/ktap.py" --no-modules "$tmp/log")
grep -q '^# guest: planned 2 suites, 1 reported' <<<"$out"
verdict "... and the document's plan names the suites that never began" $?

# A guest whose script printed no suite at all fails: its suite is named.
printf 'iwpm-guest: start\niwpm-guest: done\n' >"$tmp/log"
out=$("$top/tools/testing/ktap.py" --no-modules "$tmp/log" s)
[ $? -ne 0 ] && grep -q '^not ok [0-9]* guest: every suite ran' <<<"$out"
verdict "a guest whose script printed no suite at all fails" $?

red "a result whose suite header was lost fails" \
	'^# guest: b: a result outside any suite' --no-modules <<'LOG'
KTAP version 1
1..1
    ok 1 a
    not ok 2 b
ok 1 s
iwpm-guest: done
LOG

red "a plan whose names and count disagree fails" \
	'^# guest: s: the plan names 2, counts 3' --no-modules <<'LOG'
KTAP version 1
1..1
    KTAP version 1
    # Subtest: s
    # plan: a b
    1..3
    ok 1 a
    ok 2 b
ok 1 s
iwpm-guest: done
LOG

# A skipped KUnit case is SKIP, not PASS, and fails nothing.
cat >"$tmp/log" <<'LOG'
    # Subtest: iwpm_tx
    1..2
    ok 1 sends_hello
    ok 2 tracepoint_records_it # SKIP the kernel has no tracepoints
ok 1 iwpm_tx
iwpm-guest: done
LOG
out=$("$top/tools/testing/ktap.py" --no-modules "$tmp/log" iwpm_tx)
[ $? -eq 0 ] && grep -q '^ok [0-9]* guest: iwpm_tx.tracepoint_records_it # SKIP' <<<"$out"
verdict "a skipped KUnit case is counted as skipped" $?

# On a kernel where every case must run (the in-tree kernels have the
# tracepoints), a skipped case fails.
out=$("$top/tools/testing/ktap.py" --no-modules --no-skip "$tmp/log" iwpm_tx)
[ $? -ne 0 ] && grep -q '^not ok [0-9]* guest: iwpm_tx.tracepoint_records_it' <<<"$out"
verdict "a skipped case fails where every case must run" $?

# make check stopped after its first run: the runs it planned and never
# reported fail, by name, in the summary CI reads.
cat >"$tmp/log" <<'LOG'
KTAP version 1
1..3
# plan: setup uml kunit
    KTAP version 1
    # Subtest: setup
    ok 1 setup: dependencies installed
ok 1 setup
LOG
out=$("$top/tools/testing/ktap.py" --summary "$tmp/log")
[ $? -ne 0 ] && grep -q '^# make check: kunit: planned, never reported' <<<"$out" &&
	[ "$(tail -n 1 <<<"$out")" = "1 passed, 2 failed, 0 skipped" ]
verdict "runs make check planned and never reported fail its summary" $?

# A run that ended without a test (its function returned before any)
# fails; so does a document with nothing passed.
cat >"$tmp/log" <<'LOG'
KTAP version 1
1..2
# plan: setup kunit
    KTAP version 1
    # Subtest: setup
    ok 1 setup: dependencies installed
ok 1 setup
    KTAP version 1
    # Subtest: kunit
ok 2 kunit
LOG
out=$("$top/tools/testing/ktap.py" --summary "$tmp/log")
[ $? -ne 0 ] && [ "$(tail -n 1 <<<"$out")" = "1 passed, 1 failed, 0 skipped" ] &&
	! printf 'KTAP version 1\n1..0\n' | "$top/tools/testing/ktap.py" --summary /dev/stdin >/dev/null
verdict "a run with no test, and a make check with nothing passed, fail" $?

# A failed dependency install stops make check, which still ends with its
# summary: run-tests.sh in a copy of the tree whose install-deps.sh fails.
mkdir -p "$tmp/tree/tools/testing"
cp "$top"/tools/testing/{run-tests.sh,ktap.py,ktap.sh} "$tmp/tree/tools/testing/"
printf '#!/bin/sh\necho "E: Unable to locate package x" >&2\nexit 100\n' \
	>"$tmp/tree/tools/testing/install-deps.sh"
chmod +x "$tmp/tree/tools/testing/install-deps.sh"
out=$(ONLY= "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -qE '^ +not ok 1 setup: dependencies installed' <<<"$out" &&
	grep -q '# | E: Unable to locate package x' <<<"$out" &&
	grep -q '^# make check: x86: planned, never reported' <<<"$out" &&
	[[ $(tail -n 1 <<<"$out") =~ ^0\ passed,\ [1-9][0-9]*\ failed,\ 0\ skipped$ ]]
verdict "a failed dependency install stops make check with its message" $?

# A run whose need failed fails, named, rather than vanishing: ONLY=netns
# in a tree whose UML kernel does not build.
printf '#!/bin/sh\nexit 0\n' >"$tmp/tree/tools/testing/install-deps.sh"
printf '#!/bin/sh\necho "no kernel" >&2\nexit 1\n' \
	>"$tmp/tree/tools/testing/uml-kernel.sh"
chmod +x "$tmp/tree/tools/testing/uml-kernel.sh"
out=$(ONLY=netns "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -qE '^ +not ok [0-9]+ build: UML test kernel' <<<"$out" &&
	grep -qE '^ +# series: not run: it needs uml' <<<"$out" &&
	grep -qE '^ +# netns: not run: it needs series' <<<"$out" &&
	grep -qx '# plan: setup uml series netns' <<<"$out" &&
	! grep -qE '^ +(ok|not ok) [0-9]+ (kunit|scenario|x86|intree)' <<<"$out"
verdict "a run whose need failed fails; ONLY runs nothing else" $?
out=$(ONLY=bench "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -qx '# plan: setup uml modules series bench' <<<"$out" &&
	grep -qE '^ +# bench: not run: it needs (series|modules)' <<<"$out"
verdict "... and a run with two needs plans and waits for both" $?

# A build that runs in the background while other runs go on (the
# in-tree kernel) is waited for: its failure fails the run that needs it,
# and its success passes it.
printf '#!/bin/sh\necho /nonexistent\n' >"$tmp/tree/tools/testing/uml-kernel.sh"
printf '#!/bin/sh\nsleep 1\necho "patch 3 does not build" >&2\nexit 1\n' \
	>"$tmp/tree/tools/testing/intree-kernel.sh"
chmod +x "$tmp/tree/tools/testing/intree-kernel.sh"
out=$(ONLY=series "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -qE '^ +not ok 1 patches: git am' <<<"$out" &&
	grep -qx 'not ok 3 series' <<<"$out"
verdict "a background build that fails fails the run that waits for it" $?
printf '#!/bin/sh\nsleep 1\necho /built\n' >"$tmp/tree/tools/testing/intree-kernel.sh"
out=$(ONLY=series "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -eq 0 ] && grep -qx 'ok 3 series' <<<"$out"
verdict "... and one that succeeds passes it" $?

# The x86_64 build is begun in the background once the in-tree build has
# ended, not beside it (the stub fails if it starts first).
printf '#!/bin/sh\nsleep 2\ntouch "%s/series-built"\necho /built\n' "$tmp" \
	>"$tmp/tree/tools/testing/intree-kernel.sh"
printf '#!/bin/sh\n[ -e "%s/series-built" ] && echo /x86\n' "$tmp" \
	>"$tmp/tree/tools/testing/x86-kernel.sh"
printf '#!/bin/sh\nexit 1\n' >"$tmp/tree/tools/testing/x86-e2e.sh"
chmod +x "$tmp/tree/tools/testing/x86-kernel.sh" "$tmp/tree/tools/testing/x86-e2e.sh"
out=$(ONLY=x86 "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
grep -qx 'ok 3 series' <<<"$out" &&
	grep -qE '^ +ok [0-9]+ x86: the lockdep and kmemleak kernel builds' <<<"$out"
verdict "a background build that needs another begins once that one has ended" $?

# A UML guest whose console stops growing is stopped, long before its time
# limit, and says so.
mkdir -p "$tmp/uml"
printf '#!/bin/sh\necho booting\nexec sleep 600\n' >"$tmp/uml/linux"
chmod +x "$tmp/uml/linux"
start=$(date +%s)
IWPM_UML_QUIET=5 "$top/tools/testing/boot-uml.sh" "$tmp/uml" 300 >"$tmp/uml.log" 2>&1
[ $? = 124 ] && [ $(($(date +%s) - start)) -lt 60 ] &&
	grep -q '^boot-uml: no console output for 5 s; stopped' "$tmp/uml.log"
verdict "a UML guest that falls silent is stopped before its time limit" $?

echo "1..$n"
exit $bad
