# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the guest's scenario scripts (scenarios.sh,
# intree-scenarios.sh); sourced, not run.  A scenario runs in a subshell:
# fail() ends it, and run_scenario reports it as a KTAP case (below).

SYSLOG=/tmp/syslog.log
DLOG=/tmp/daemon.log
DPID=

fail() {
	echo "$*" >&2
	exit 1
}

# expect DESCRIPTION COMMAND...: the command must succeed
expect() {
	local what=$1
	shift
	"$@" || fail "$what"
}

# refute DESCRIPTION COMMAND...: the command must fail
refute() {
	local what=$1
	shift
	! "$@" || fail "$what"
}

# kill_all WORD...: kill every process whose command line contains one of the
# words (a daemon under valgrind is named after valgrind's tool, not after
# itself), and wait up to five seconds for them to be gone.
kill_all() {
	local any
	any=$(IFS='|'; echo "$*")
	pkill -KILL -f -- "$any" 2>/dev/null
	for _ in $(seq 50); do
		pgrep -f -- "$any" >/dev/null || return 0
		sleep 0.1
	done
}

# in_net NS COMMAND...: run COMMAND in network namespace NS (ip netns add);
# unlike ip netns exec, the mounts (debugfs) stay as they are.
in_net() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

# in_ns COMMAND...: run COMMAND in the network namespace $NETNS, if set
in_ns() {
	if [ -n "${NETNS:-}" ]; then
		in_net "$NETNS" "$@"
	else
		"$@"
	fi
}

# ns_host NS ADDR: namespace NS with a dummy interface holding ADDR/24
ns_host() {
	ip netns add "$1" && ip -n "$1" link set lo up &&
		ip -n "$1" link add dummy0 type dummy &&
		ip -n "$1" addr add "$2/24" dev dummy0 &&
		ip -n "$1" link set dummy0 up
}

# wait_line LOG PATTERN TENTHS: until a line of LOG matches PATTERN (grep),
# at most TENTHS tenths of a second; fails if none did.
wait_line() {
	for _ in $(seq "$3"); do
		grep -q "$2" "$1" && return 0
		sleep 0.1
	done
	return 1
}

# eventually TENTHS COMMAND...: until COMMAND succeeds, at most TENTHS
# tenths of a second; fails if it never did.  For a state the kernel or a
# daemon reaches a little later, instead of a sleep and a look.
eventually() {
	local n=$1
	shift
	for _ in $(seq "$n"); do
		"$@" && return 0
		sleep 0.1
	done
	"$@"
}

# rdma_link_gone NAME: until no RDMA link NAME is left (its netdev went
# with its namespace), at most about ten seconds; fails if one still is.
rdma_link_gone() {
	eventually 100 rdma_link_absent "$1"
}

rdma_link_absent() {
	! rdma link show 2>/dev/null | grep -q "^link $1/"
}

# wait_listening PID PORT: until rdma_cm shows a cm_id listening on PORT
# (rdma res, in $NETNS if set); fails if PID ends first or ten seconds pass.
# Under emulation a client started before the listen would be refused.
wait_listening() {
	for _ in $(seq 100); do
		in_ns rdma res show cm_id 2>/dev/null |
			grep -qE "state LISTEN .*src-addr [^ ]*:$2( |\$)" && return 0
		[ -d "/proc/$1" ] || return 1
		sleep 0.1
	done
	return 1
}

# start_daemon testd|iwpmd [ARGS...]: the one way every guest script starts
# a port mapper daemon: in the background ($DPID, output in $DLOG), in the
# network namespace $NETNS if set, and returning once the daemon has
# introduced itself to the kernel.  iwpm-testd says so on its output; iwpmd,
# started with --systemd, sends READY=1 to $NOTIFY_SOCKET right after its
# HELLO.  Returns 1 if it did not start.
start_daemon() {
	local kind=$1 notify=iwpm-daemon-notify npid ns=()
	shift
	# a command, not a function, so that $! is the daemon itself
	[ -z "${NETNS:-}" ] || ns=(nsenter --net="/run/netns/$NETNS")
	: >"$DLOG"
	case "$kind" in
	testd)
		"${ns[@]}" "$IWPM_TOOLS/iwpm-testd" "$@" >>"$DLOG" 2>&1 &
		DPID=$!
		wait_line "$DLOG" 'iwpm-testd: ready' 100 && return 0
		;;
	iwpmd)
		command -v iwpmd >/dev/null || { echo "iwpmd is not installed" >>"$DLOG"; return 1; }
		# An abstract socket, so in the daemon's namespace: /tmp may be
		# the host's, over 9p, where no socket can be bound.
		"${ns[@]}" python3 -u -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("\0" + sys.argv[1])
s.settimeout(10)
print("bound")
while b"READY=1" not in s.recv(4096):
	pass' "$notify" >"/tmp/$notify.log" 2>&1 &
		npid=$!
		wait_line "/tmp/$notify.log" bound 50 || return 1
		# IWPMD_CONF: iwpmd reads that file as /etc/iwpmd.conf (a bind
		# mount of its own mount namespace)
		[ -z "${IWPMD_CONF:-}" ] || ns+=(unshare -m --propagation private
			sh -c 'mount --bind "$0" /etc/iwpmd.conf && exec "$@"' "$IWPMD_CONF")
		NOTIFY_SOCKET=@$notify "${ns[@]}" iwpmd --systemd "$@" >>"$DLOG" 2>&1 &
		DPID=$!
		wait "$npid" && return 0
		;;
	esac
	echo "$kind did not start: $(tail -n 3 "$DLOG")" >&2
	return 1
}

# ns_daemon NS testd|iwpmd [ARGS...]: start_daemon in namespace NS, its pid
# in DPID_NS and its output in /tmp/daemon-NS.log; returns as start_daemon.
ns_daemon() {
	local ns=$1 rc
	shift
	DLOG=/tmp/daemon-$ns.log NETNS=$ns start_daemon "$@"
	rc=$?
	printf -v "DPID_$ns" %s "$DPID"
	DPID=
	return $rc
}

# ns_daemon_stop NS: end the daemon ns_daemon started in NS, if any.
ns_daemon_stop() {
	local pid=DPID_$1
	[ -n "${!pid:-}" ] || return 0
	end_daemon "${!pid}"
	printf -v "DPID_$1" %s ""
}

# end_daemon PID: SIGTERM, and up to 10 s for PID to exit; one still
# running then is said (iwpm-daemon: ...) and killed, and end_daemon fails
end_daemon() {
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 100); do
		[ -d "/proc/$1" ] || break
		sleep 0.1
	done
	if [ -d "/proc/$1" ]; then
		echo "iwpm-daemon: $1 still running 10 s after SIGTERM; killed"
		kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		return 1
	fi
	wait "$1" 2>/dev/null
	return 0
}

# stop_daemon: end the daemon start_daemon started, if any.
stop_daemon() {
	local pid=$DPID
	[ -n "$pid" ] || return 0
	DPID=
	end_daemon "$pid"
}

# wait_or_hang PID SECONDS LABEL: wait for PID.  A process still running
# after SECONDS is taken to be stuck in the kernel: print "LABELhung" with
# its state and wait channel (its kernel stack, as "iwpm-stack:" lines, on
# stderr) and return 2; else return its exit status.
wait_or_hang() {
	local pid=$1 label=$3
	for _ in $(seq $(($2 * 10))); do
		if [ ! -d "/proc/$pid" ]; then
			wait "$pid"
			return
		fi
		sleep 0.1
	done
	sed 's/^/iwpm-stack: /' "/proc/$pid/stack" 2>/dev/null | head -n 12 >&2
	echo "${label}hung state=$(cut -d' ' -f3 "/proc/$pid/stat")" \
		"wchan=$(cat "/proc/$pid/wchan" 2>/dev/null)"
	return 2
}

# recursion_probe [hello|mapinfo]: as root, a HELLO (or MAPINFO) whose
# nlmsg_pid names port 0, the kernel's own socket (tools/iwpm-fuzz.py
# --recursion).  Prints "iwpm-recursion: answered", or "iwpm-recursion: hung
# ..." if the sender is still in the kernel after ten seconds (Linux 6.12:
# the HELLO's answer went into the kernel's receive path and the sender
# never came back; a MAPINFO's replay hits a BUG() instead).  Returns 0 only
# if the sender's own socket was answered.
recursion_probe() {
	local out=/tmp/recursion.log
	python3 "$(dirname "${BASH_SOURCE[0]}")/../iwpm-fuzz.py" \
		--recursion "${1:-hello}" --clients 2 >"$out" 2>&1 &
	wait_or_hang $! 10 "iwpm-recursion: "
	[ $? != 2 ] || return 1
	if grep -q 'answered=[1-9]' "$out"; then
		echo "iwpm-recursion: answered"
		return 0
	fi
	echo "iwpm-recursion: not answered: $(tail -n 1 "$out")"
	return 1
}

# unprivileged_probe LABEL [ARGS...]: tools/iwpm-fuzz.py --probe as nobody
# (with ARGS), output in /tmp/probe.log; returns as wait_or_hang does with
# LABEL: 0 if every message was refused and nothing heard, 2 if the prober
# is stuck in the kernel.
unprivileged_probe() {
	local label=$1
	shift
	python3 "$(dirname "${BASH_SOURCE[0]}")/../iwpm-fuzz.py" --probe \
		--as-nobody --clients 2 "$@" >/tmp/probe.log 2>&1 &
	wait_or_hang $! 20 "$label"
}

# Collect the guest's syslog (iwpmd logs there) in $SYSLOG.
start_syslog() {
	"$(dirname "${BASH_SOURCE[0]}")/syslogd.py" "$SYSLOG" &
}

# iwpmd_poke PID: a one-byte datagram to iwpmd PID's port 3935, in its
# namespace.  iwpmd's main loop wakes up for it, and logs it as a message it
# could not receive: a line that comes after whatever iwpmd printed before.
iwpmd_poke() {
	nsenter --net="/proc/$1/ns/net" bash -c 'echo >/dev/udp/127.0.0.1/3935' 2>/dev/null
}

# iwpmd_dump [PID]: the SIGUSR1 dump of iwpmd PID ($DPID), from the syslog,
# one "Mapping #" block per mapping; fails, printing nothing, if no whole
# dump arrived within about five seconds.  iwpmd's dump has a header and no
# end line, and its signal handler may run in any of its threads, so the
# main loop is woken (iwpmd_poke) until the header is there, and once more
# after it: the line that poke leaves ends the dump.
iwpmd_dump() {
	local pid=${1:-$DPID} i dump
	: >"$SYSLOG"
	kill -USR1 "$pid" || return 1
	for i in $(seq 50); do
		dump=$(grep "iwpmd\[$pid\]" "$SYSLOG" | awk '
			index($0, "print_iwpm_mapped_ports:") { d = 1 }
			d && index($0, "process_iwpm_msg: Unable to receive") { whole = 1; exit }
			d { print }
			END { exit !whole }') && { echo "$dump"; return 0; }
		[ $((i % 5)) != 1 ] || iwpmd_poke "$pid"
		sleep 0.1
	done
	return 1
}

# iwpmd_mappings WANT [PID]: the number of mappings in iwpmd_dump PID, once
# it equals WANT (or after about five seconds); "no dump" if iwpmd's dump
# never arrived, which no count equals.
iwpmd_mappings() {
	local n dump
	for _ in $(seq 12); do
		dump=$(iwpmd_dump "${2:-}") || { n="no dump"; continue; }
		n=$(grep -c 'Mapping #' <<<"$dump")
		[ "$n" = "$1" ] && break
		sleep 0.2
	done
	echo "$n"
}

# exit_ms PID LIMIT_MS: how long PID (our child) took to exit, from now,
# in ms; LIMIT_MS if it has not within that.  The state in /proc, never its
# kernel stack: a zombie has exited.
exit_ms() {
	local start now
	start=$(date +%s%N)
	while :; do
		now=$(date +%s%N)
		[ -e "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ] || break
		[ $(((now - start) / 1000000)) -lt "$2" ] || break
		sleep 0.05
	done
	echo $(((now - start) / 1000000))
}

# rping_ok COMMAND...: run an rping client's COMMAND line, its output to
# stdout; succeeds if rping did, or if its only complaint is
# "rdma_get_cm_event: Bad file descriptor": its event thread asking for one
# more event after main() closed the channel at the end of a run that went
# well, a race in rping itself (fixed in rdma-core by "rping: Fix spurious
# failure return codes", 2025; Debian 12's rdmacm-utils is 44.0).
rping_ok() {
	local out rc
	out=$(mktemp)
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] &&
	   grep -qx 'rdma_get_cm_event: Bad file descriptor' "$out" &&
	   ! grep -vxE 'rdma_get_cm_event: Bad file descriptor|ping data: .*|(client|server) DISCONNECT EVENT\.\.\.' \
		"$out" | grep -q .; then
		echo "rping_ok: rping's own teardown race, after a run that went well" >&2
		rc=0
	fi
	rm -f "$out"
	return "$rc"
}

# timed_ms COMMAND...: run COMMAND (its status ignored), print its ms
timed_ms() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

# kmsg_count PATTERN: lines of the kernel log matching PATTERN
kmsg_count() {
	dmesg | grep -c -- "$1"
}

# wait_kmsg PATTERN N: until the kernel log has N lines matching PATTERN
wait_kmsg() {
	for _ in $(seq 100); do
		[ "$(kmsg_count "$1")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# pm_queued [NETNS_PATH]: the bytes waiting in the NETLINK_RDMA sockets of
# the network namespace (the guest's own without one), the requests a
# stopped daemon has not read
pm_queued() {
	nsenter ${1:+--net="$1"} awk '$2 == 20 { n += $5 } END { print n + 0 }' \
		/proc/net/netlink
}

# pm_asked BYTES [NETNS_PATH]: more than BYTES wait in those sockets
pm_asked() {
	[ "$(pm_queued "${2:-}")" -gt "$1" ]
}

# The results of a script are one KTAP suite, shaped as KUnit prints its
# suites (tools/testing/ktap.py reads both): plan names the suite's cases
# before any runs, run_scenario and report report each, plan_end ends the
# suite.  The suite is named after the script.
SUITE=$(basename "$0" .sh)
ktap_case=0
ktap_failed=

# selected NAME: IWPM_ONLY (if set) selects scenario NAME
selected() {
	[ -z "${IWPM_ONLY:-}" ] || [[ $1 == *"$IWPM_ONLY"* ]]
}

# scenarios: the script's scenario_* functions, by name
scenarios() {
	declare -F | sed -n 's/^declare -f scenario_//p'
}

# plan [STEP... --] SCENARIO...: begin the suite, naming its cases: the
# steps the script reports itself (report) and the scenarios IWPM_ONLY
# selects.  The host fails a planned case that never reports (a script
# that stopped early), by name.
plan() {
	local s names= steps=
	[[ " $* " != *" -- "* ]] || steps=yes
	for s in "$@"; do
		if [ "$s" = -- ]; then
			steps=
		elif [ -n "$steps" ] || selected "$s"; then
			names="$names $s"
		fi
	done
	ktap_case=0 ktap_failed=
	printf 'KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: %s\n' "$SUITE"
	printf '    # plan:%s\n    1..%d\n' "$names" "$(wc -w <<<"$names")"
}

# report NAME STATUS [WHY]: the result of case NAME, ok if STATUS is 0
report() {
	ktap_case=$((ktap_case + 1))
	if [ "$2" -eq 0 ]; then
		echo "    ok $ktap_case $1"
		return
	fi
	echo "    # $1: ${3:-failed}"
	echo "    not ok $ktap_case $1"
	ktap_failed=1
}

# plan_end: end the suite, not ok if a case failed
plan_end() {
	echo "${ktap_failed:+not }ok 1 $SUITE"
}

# run_scenario NAME: run scenario_NAME in a subshell and report it; on
# failure, show_failure (defined by the script) adds context.  cleanup (also
# the script's) runs after every scenario.
run_scenario() {
	local name=$1 err=/tmp/scenario.err rc start=$SECONDS
	selected "$name" || return 0
	( "scenario_$name" ) 2>"$err"
	rc=$?
	grep '^iwpm-fuzz:' "$err"
	report "$name" "$rc" "$(tail -n 1 "$err")"
	echo "    # $name took $((SECONDS - start)) s"
	[ "$rc" -eq 0 ] || show_failure
	cleanup
}

# run_scenarios: run every scenario the plan named, then end the suite
run_scenarios() {
	local s
	for s in $(scenarios); do
		run_scenario "$s"
	done
	plan_end
}

# Plan every scenario_* function of the script and run them.
run_all_scenarios() {
	plan $(scenarios)
	run_scenarios
}

# dummy0 up with the addresses given (CIDR), inside the guest only.
setup_dummy0() {
	local a
	{ ip link show dummy0 >/dev/null 2>&1 || ip link add dummy0 type dummy; } || return 1
	for a in "$@"; do
		case "$a" in
		*:*) ip -6 addr add "$a" dev dummy0 nodad || return 1 ;;
		*) ip addr add "$a" dev dummy0 || return 1 ;;
		esac
	done
	ip link set dummy0 up
}
