# SPDX-License-Identifier: GPL-2.0
#
# The host side of the harness's one result protocol, KTAP (ktap.py reads
# it); sourced by run-tests.sh, series-check.sh and fixes-check.sh, not
# run.  A document plans its runs by name (plan_runs), each run is a suite
# of tests (begin_run, then pass/fail/skip/check, end_run), and finish
# counts the document with ktap.py --summary, which fails a planned run
# that never reported.  Every line is printed and kept in $ktap, which the
# script sets before it sources this.

run_index=0
run_start=0
run_case=0
run_open=
run_failed=

# emit LINE...: lines of the KTAP document, printed and kept
emit() { printf '%s\n' "$@" | tee -a "$ktap"; }
# say TEXT: a diagnostic line of the current run
say() { emit "    # $*"; }
# tail_of LOG N: the last N lines of LOG, as diagnostics (CI keeps only
# what is printed)
tail_of() { tail -n "$2" "$1" | sed 's/^/    # | /' | tee -a "$ktap"; }
# pass NAME, fail NAME [WHY], skip NAME [WHY]: a test of the current run
pass() { run_case=$((run_case + 1)); emit "    ok $run_case $1"; }
fail() {
	run_case=$((run_case + 1)) run_failed=1
	[ -z "${2:-}" ] || say "$1: $2"
	emit "    not ok $run_case $1"
	return 1
}
skip() { run_case=$((run_case + 1)); emit "    ok $run_case $1 # SKIP ${2:-}"; }
# check NAME LOG COMMAND...: a test that passes as COMMAND does (its
# output to LOG); returns 1 if it failed
check() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "see $log"; fi
}
# plan_runs NAME...: begin the document, naming the runs it will do
plan_runs() {
	emit "KTAP version 1" "1..$#" "# plan: $*"
}
# begin_run NAME, end_run: a run's suite, ok unless one of its tests
# failed; a run that reported no test fails
begin_run() {
	[ -z "$run_open" ] || end_run
	run_index=$((run_index + 1)) run_case=0 run_failed= run_open=$1
	run_start=$SECONDS
	emit "    KTAP version 1" "    # Subtest: $1"
}
end_run() {
	[ "$run_case" -gt 0 ] || fail "$run_open: reported no test"
	say "$run_open took $((SECONDS - run_start)) s"
	emit "${run_failed:+not }ok $run_index $run_open"
	run_open=
}
# finish: end the open run, print "N passed, N failed, N skipped" as
# ktap.py --summary counts the document, and exit as it does
finish() {
	[ -z "$run_open" ] || end_run
	echo
	command -v python3 >/dev/null || { echo "no python3 to count the results with"; exit 1; }
	python3 "$(dirname "${BASH_SOURCE[0]}")/ktap.py" --summary "$ktap"
	exit
}
