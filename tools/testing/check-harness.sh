#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-harness`: the harness must turn red when tests do not run.
# Feeds guest-log.py (which reads every guest's console) and run-tests.sh
# broken runs, and checks that each is reported as it should be.  One line
# per mutation, "PASS|FAIL harness: <what>"; exits non-zero on a FAIL.
# Takes about a second; make check runs it first.

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bad=0

# verdict WHAT OK: print the line for one mutation
verdict() {
	if [ "$2" = 0 ]; then echo "PASS harness: $1"; else echo "FAIL harness: $1"; bad=1; fi
}

# red WHAT LINE PATTERN ARGS... < LOG: guest-log.py, given LOG, exits
# non-zero and prints a line matching PATTERN
red() {
	local what=$1 pattern=$2 out
	shift 2
	cat >"$tmp/log"
	out=$("$top/tools/testing/guest-log.py" "$@" "$tmp/log")
	[ $? -ne 0 ] && grep -qE "$pattern" <<<"$out"
	verdict "$what" $?
}

red "a guest that stops after its first scenario fails the rest" \
	'^FAIL scenario: b - planned, never reported' --no-modules <<'LOG'
iwpm-guest: start
iwpm-plan: a b c
iwpm-test: ok a
LOG

red "a planned scenario that never reports fails, by name" \
	'^FAIL scenario: c - planned' --no-modules <<'LOG'
iwpm-guest: start
iwpm-plan: a b c
iwpm-test: ok a
iwpm-test: ok b
iwpm-guest: done
LOG

red "a script that exits with an error fails the guest" \
	'^FAIL guest: every script ended well' --no-modules <<'LOG'
iwpm-guest: start
iwpm-guest: /x/intree-scenarios.sh exited with 2
iwpm-guest: done
LOG

red "a kernel report in a demo guest fails it" \
	'^FAIL demo-testd: no kernel report' --prefix demo-testd --no-modules <<'LOG'
iwpm-guest: start
BUG: KASAN: slab-use-after-free in iwpm_net_exit+0x1/0x2
iwpm-demo: ok
iwpm-guest: done
LOG

red "a guest that never powers off fails" '^FAIL guest: ran to the end' \
	--no-modules <<'LOG'
iwpm-guest: start
LOG

red "a KUnit suite that reports fewer cases than it planned fails" \
	'^FAIL kunit: iwpm_tx - planned 3 cases, 2 reported' --no-modules <<'LOG'
    # Subtest: iwpm_tx
    1..3
    ok 1 sends_hello
    ok 2 sends_add
ok 1 iwpm_tx
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
out=$("$top/tools/testing/guest-log.py" --no-modules "$tmp/log" iwpm_tx)
[ $? -eq 0 ] && grep -q '^SKIP kunit: iwpm_tx.tracepoint_records_it' <<<"$out" &&
	! grep -q '^PASS kunit: iwpm_tx.tracepoint_records_it' <<<"$out"
verdict "a skipped KUnit case is counted as skipped" $?

# A failed dependency install stops make check, which still ends with its
# summary: run-tests.sh in a copy of the tree whose install-deps.sh fails.
mkdir -p "$tmp/tree/tools/testing"
cp "$top/tools/testing/run-tests.sh" "$tmp/tree/tools/testing/"
printf '#!/bin/sh\necho "E: Unable to locate package x" >&2\nexit 100\n' \
	>"$tmp/tree/tools/testing/install-deps.sh"
chmod +x "$tmp/tree/tools/testing/install-deps.sh"
out=$("$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -q '^FAIL setup: dependencies installed' <<<"$out" &&
	grep -q 'E: Unable to locate package x' <<<"$out" &&
	[ "$(tail -n 1 <<<"$out")" = "0 passed, 1 failed, 0 skipped" ]
verdict "a failed dependency install stops make check with its message" $?

# A run whose need failed fails, named, rather than vanishing: ONLY=netns
# in a tree whose UML kernel does not build.
printf '#!/bin/sh\nexit 0\n' >"$tmp/tree/tools/testing/install-deps.sh"
printf '#!/bin/sh\necho "no kernel" >&2\nexit 1\n' \
	>"$tmp/tree/tools/testing/uml-kernel.sh"
chmod +x "$tmp/tree/tools/testing/uml-kernel.sh"
out=$(ONLY=netns "$tmp/tree/tools/testing/run-tests.sh" 2>&1)
[ $? -ne 0 ] && grep -q '^FAIL build: UML test kernel' <<<"$out" &&
	grep -q '^FAIL series: not run - it needs uml' <<<"$out" &&
	grep -q '^FAIL netns: not run - it needs series' <<<"$out" &&
	! grep -qE '^(PASS|FAIL) (kunit|scenario|x86|intree)' <<<"$out"
verdict "a run whose need failed fails; ONLY runs nothing else" $?

exit $bad
