#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Integration scenarios, run inside the UML guest by guest-init.sh: the real
# iwpm.ko over real netlink, the simulated driver iwsim.ko, and the test
# daemon iwpm-testd as the port mapper.  Each scenario is a case of the
# script's KTAP suite (guest-lib.sh), with its setup and teardown.
#
# Network: a dummy interface with 192.0.2.1/24 and 2001:db8::1/64, inside
# the guest only.
#
# Environment: IWPM_DIR (modules), IWPM_TOOLS (iwpm-testd), IWPM_ONLY
# (optional: run only scenarios whose name contains it).

D=/sys/kernel/debug
STATE=$D/iwpm/state
SIM=$D/iwsim
TESTD=$IWPM_TOOLS/iwpm-testd
TIMEOUT_MS=2000

# ---- helpers (run inside a scenario's subshell; fail() ends it) ----

. "$(dirname "$0")/guest-lib.sh"

# iwpm-testd with ARGS, or the scenario fails
start_testd() {
	start_daemon testd "$@" || fail "daemon did not start: $(tail -n 3 "$DLOG")"
}

# The number of mappings the daemon holds, once it has caught up to @want
# (or after a minute: a daemon under valgrind on a busy machine works through
# 1,000 removals in tens of seconds).  Every dump costs the daemon time, so
# after the first second they come less often.
daemon_mappings() {
	local want=$1 n i
	for i in $(seq 130); do
		kill -USR1 "$DPID"
		if [ "$i" -le 10 ]; then sleep 0.1; else sleep 0.5; fi
		n=$(grep -o 'table: [0-9]* mappings' "$DLOG" | tail -n 1 | cut -d' ' -f2)
		[ "$n" = "$want" ] && break
	done
	echo "${n:-none}"
}

sim_load() {
	insmod "$IWPM_DIR/iwsim.ko" "$@" || fail "insmod iwsim $*"
}

sim_unload() {
	! grep -q '^iwsim ' /proc/modules || rmmod iwsim
}

# sim DEV CMD ARGS: run a command of the simulated driver
sim() {
	echo "$3" >"$SIM/$1/$2"
}

# field DEV ID KEY: a field of a connection
field() {
	grep "^id=$2 " "$SIM/$1/connections" | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# state PATTERN: the first value of "PATTERN=value" in the port mapper state
state() {
	grep -o "$1=[^ ]*" "$STATE" | head -n 1 | cut -d= -f2
}

# state_is KEY WANT: debugfs says KEY=WANT; state_at_least KEY N: KEY >= N
state_is() {
	[ "$(state "$1")" = "$2" ]
}

state_at_least() {
	[ "$(state "$1")" -ge "$2" ]
}

client_mappings() {
	sed -n "s/^client $1: .* mappings=\([0-9]*\).*/\1/p" "$STATE"
}

port_of() {
	echo "${1##*:}"
}

can_bind() { # ADDR PORT
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.bind((sys.argv[1], int(sys.argv[2])))' "$1" "$2" 2>/dev/null
}

# expect_clean [unused]: nothing left; with "unused", the reader's namespace
# never used the port mapper and must have none
expect_clean() {
	expect "connections left" [ "$(cat $SIM/objects)" = 0 ]
	if [ "${1:-}" = unused ]; then
		refute "a port mapper in a namespace that never used it" grep -q '^daemon:' $STATE
		return 0
	fi
	expect "port mapper requests pending: $(grep requests: $STATE)" \
		[ "$(state pending)" = 0 ]
	expect "port mapper requests alive: $(grep requests: $STATE)" \
		[ "$(state live)" = 0 ]
	expect "port mapper mappings left" [ -z "$(grep '^mapping:' $STATE)" ]
}

# ---- scenarios ----

listen_connect() { # IP REMOTE_IP
	local ip=$1 rip=$2 mapped
	start_testd
	sim_load
	expect "listen" sim nes listen "$ip 7174"
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	mapped=$(field nes 1 mapped_local)
	expect "mapped port equals the local one: $mapped" \
		[ "$(port_of "$mapped")" != 7174 ]
	expect "connect" sim nes connect "$ip 40000 $rip 7174"
	expect "connection not mapped" [ "$(field nes 2 mapped)" = 1 ]
	expect "kernel table" [ "$(client_mappings 2)" = 2 ]
	expect "daemon table" [ "$(daemon_mappings 2)" = 2 ]
	expect "close" sim nes close 1
	expect "close" sim nes close 2
	expect "daemon kept mappings" [ "$(daemon_mappings 0)" = 0 ]
	expect_clean
}

scenario_listen_connect_ipv4() {
	listen_connect 192.0.2.1 192.0.2.2
}

scenario_listen_connect_ipv6() {
	listen_connect 2001:db8::1 2001:db8::2
}

# A peer flooding iwpmd's UDP port makes iwpmd report a remote peer per
# datagram: the kernel keeps IWPM_REMINFO_MAX (65536) live reports per
# client, refuses the rest without dropping any it holds, counts them, and
# real connections keep working meanwhile.
scenario_remote_info_flood_is_bounded() {
	local n=${IWPM_FLOOD:-100000} max=65536 slab_before slab_after kept
	start_testd --remote-fill "$n" --quiet
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	slab_before=$(sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	kill -USR2 "$DPID"
	wait_line "$DLOG" 'remote-fill: sent' 6000 || fail "the flood did not end"
	slab_after=$(sed -n 's/^Slab: *\([0-9]*\) kB/\1/p' /proc/meminfo)
	kept=$(sed -n 's/^client 2: .* reminfos=\([0-9]*\).*/\1/p' $STATE)
	echo "flood of $n: slab ${slab_before} kB -> ${slab_after} kB;" \
		"reminfos=$kept refused=$(state reminfo_refused)" \
		"expired=$(state reminfo_expired)"
	expect "table not bounded: $(grep '^client 2' $STATE)" [ "$kept" -le $max ]
	[ "$n" -le $max ] ||
		expect "refusals not counted" [ "$(state reminfo_refused)" -gt 0 ]
	expect "reports unaccounted for" [ $((kept + $(state reminfo_refused) + \
		$(state reminfo_expired))) = "$n" ]
	expect "slab grew by more than 32 MB" \
		[ $((slab_after - slab_before)) -lt 32768 ]
	expect "connect during the flood's aftermath" \
		sim nes connect "192.0.2.1 40000 192.0.2.1 7174"
	expect "connection not mapped" [ "$(field nes 2 mapped)" = 1 ]
	sim nes close 2
	sim nes close 1
	expect_clean
}

# Linux 6.12 answers the port id a daemon writes in its headers (with 0 it
# answers its own kernel socket and deadlocks); ours answers the socket the
# daemon's messages came from, whatever the headers say.
scenario_daemon_is_answered_on_its_own_port() {
	start_testd --header-pid 0
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	expect "daemon table" [ "$(daemon_mappings 1)" = 1 ]
	expect "close" sim nes close 1
	expect "daemon kept the mapping" [ "$(daemon_mappings 0)" = 0 ]
	expect_clean
}

scenario_mapped_port_is_taken() {
	local port
	start_testd
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	port=$(port_of "$(field nes 1 mapped_local)")
	refute "bind to mapped port $port succeeded while mapped" \
		can_bind 192.0.2.1 "$port"
	expect "close" sim nes close 1
	daemon_mappings 0 >/dev/null
	expect "bind to port $port failed after close" can_bind 192.0.2.1 "$port"
}

scenario_two_clients_keep_separate_tables() {
	start_testd
	sim_load clients=nes,c4iw
	expect "listen nes" sim nes listen "192.0.2.1 7000"
	expect "listen c4iw" sim c4iw listen "192.0.2.1 7000"
	expect "nes table" [ "$(client_mappings 2)" = 1 ]
	expect "c4iw table" [ "$(client_mappings 3)" = 1 ]
	expect "mapped ports differ" \
		[ "$(field nes 1 mapped_local)" != "$(field c4iw 1 mapped_local)" ]
	expect "daemon table" [ "$(daemon_mappings 2)" = 2 ]
	expect "close nes" sim nes close 1
	expect "nes table after close" [ "$(client_mappings 2)" = 0 ]
	expect "c4iw table after nes close" [ "$(client_mappings 3)" = 1 ]
	expect "daemon table after nes close" [ "$(daemon_mappings 1)" = 1 ]
	expect "close c4iw" sim c4iw close 1
	expect_clean
}

scenario_no_daemon_is_unmapped_at_once() {
	local t0 t1
	sim_load
	t0=$(date +%s%N)
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "connect" sim nes connect "192.0.2.1 40000 192.0.2.2 7174"
	t1=$(date +%s%N)
	expect "took $(((t1 - t0) / 1000000)) ms" [ $(((t1 - t0) / 1000000)) -lt 1000 ]
	expect "listener mapped" [ "$(field nes 1 mapped)" = 0 ]
	expect "address changed" \
		[ "$(field nes 1 mapped_local)" = "$(field nes 1 local)" ]
	expect "remote changed" \
		[ "$(field nes 2 mapped_remote)" = "$(field nes 2 remote)" ]
	sim nes close 1
	sim nes close 2
	expect_clean
}

scenario_daemon_killed_with_requests_outstanding() {
	local t0 t1 rc
	start_testd --delay 60000 --fault-op add
	sim_load
	t0=$(date +%s%N)
	sim nes listen "192.0.2.1 7174" 2>/dev/null &
	local writer=$!
	expect "no request outstanding" eventually 50 state_is pending 1
	kill -KILL "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	wait "$writer"
	rc=$?
	t1=$(date +%s%N)
	expect "listen succeeded without a daemon answer" [ "$rc" != 0 ]
	expect "error came after $(((t1 - t0) / 1000000)) ms, not within the timeout" \
		[ $(((t1 - t0) / 1000000)) -lt "$TIMEOUT_MS" ]
	expect "daemon still known" [ "$(state known)" = 0 ]
	expect_clean
	start_testd
	expect "listen after restart" sim nes listen "192.0.2.1 7174"
	expect "not mapped after restart" [ "$(field nes 1 mapped)" = 1 ]
	sim nes close 1
	expect_clean
}

scenario_daemon_restart_replays_1000_mappings() {
	local i
	ulimit -n 8192
	start_testd
	sim_load
	for i in $(seq 10000 10999); do
		echo "192.0.2.1 $i" >"$SIM/nes/listen" || fail "listen $i"
	done
	expect "kernel table" [ "$(client_mappings 2)" = 1000 ]
	stop_daemon
	start_testd
	expect "daemon table after restart" [ "$(daemon_mappings 1000)" = 1000 ]
	expect "replay count: $(grep 'MAPINFO_NUM' $DLOG | tail -n 2 | tr '\n' ' ')" \
		grep -q 'in  MAPINFO_NUM   client=2 .* sent=1000 received=1000' "$DLOG"
	expect "ack mismatch" [ "$(state replay_mismatch)" = 0 ]
	refute "mapped port of a replayed mapping is free" \
		can_bind 192.0.2.1 "$(port_of "$(field nes 500 mapped_local)")"
	for i in $(seq 1 1000); do
		echo "$i" >"$SIM/nes/close" || fail "close $i"
	done
	expect "daemon table after close" [ "$(daemon_mappings 0)" = 0 ]
	expect_clean
}

scenario_slow_daemon_times_out_then_recovers() {
	local t0 t1
	start_testd --delay 3000 --fault-op add
	sim_load
	t0=$(date +%s%N)
	refute "listen succeeded" sim nes listen "192.0.2.1 7174" 2>/dev/null
	t1=$(date +%s%N)
	expect "timed out after $(((t1 - t0) / 1000000)) ms" \
		[ $(((t1 - t0) / 1000000)) -ge $((TIMEOUT_MS - 100)) ]
	expect "late answer not counted stale" eventually 50 state_at_least stale 1
	expect "daemon kept the late mapping" [ "$(daemon_mappings 0)" = 0 ]
	kill -HUP "$DPID"
	expect "listen after the delay is gone" sim nes listen "192.0.2.1 7174"
	sim nes close 1
	expect_clean
}

scenario_wrong_sequence_numbers_time_out() {
	start_testd --wrong-seq --fault-op add
	sim_load
	refute "listen succeeded" sim nes listen "192.0.2.1 7174" 2>/dev/null
	expect "wrong answer not counted stale" [ "$(state stale)" -ge 1 ]
	expect "daemon kept the mapping" [ "$(daemon_mappings 0)" = 0 ]
	kill -HUP "$DPID"
	expect "listen after fix" sim nes listen "192.0.2.1 7174"
	sim nes close 1
	expect_clean
}

scenario_duplicate_answers_are_dropped() {
	start_testd --twice --fault-op add
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "duplicate not counted stale" eventually 50 state_is stale 1
	expect "kernel table" [ "$(client_mappings 2)" = 1 ]
	# A query the daemon answers once, sent after the duplicate on the
	# same socket: once it is answered, the kernel has taken the
	# duplicate in full, and a late second count would show.
	expect "connect" sim nes connect "192.0.2.1 40000 192.0.2.2 7174"
	expect "the duplicate counted once, not again later" state_is stale 1
	sim nes close 2
	sim nes close 1
	expect_clean
}

scenario_error_answers_reach_the_caller() {
	local err
	start_testd --error add=12
	sim_load
	err=$(sim nes listen "192.0.2.1 7174" 2>&1)
	expect "duplicate-mapping error became: $err" \
		grep -q 'File exists' <<<"$err"
	stop_daemon
	start_testd --error query=11
	err=$(sim nes connect "192.0.2.1 40000 192.0.2.2 7174" 2>&1)
	expect "create-mapping error became: $err" \
		grep -q 'Cannot assign requested address' <<<"$err"
	expect "kernel table" [ "$(client_mappings 2)" = 0 ]
	expect_clean
}

scenario_abi_v3_daemon() {
	start_testd --abi 3
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "abi" [ "$(state abi)" = 3 ]
	expect "not mapped" [ "$(field nes 1 mapped)" = 1 ]
	sim nes close 1
	sim_unload
	# A version 3 daemon cannot be told the flags: the request goes without
	# them, as Linux sends it, and the daemon maps the port.
	sim_load no_port_map=1
	expect "NO_PORT_MAP refused under v3" sim nes listen "192.0.2.1 7174"
	expect "not mapped" [ "$(field nes 1 mapped)" = 1 ]
	sim nes close 1
	expect "daemon kept mappings" [ "$(daemon_mappings 0)" = 0 ]
	expect_clean
}

scenario_abi_v4_daemon_honours_no_port_map() {
	start_testd --abi 4
	sim_load no_port_map=1
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "abi" [ "$(state abi)" = 4 ]
	expect "flags" [ "$(field nes 1 flags)" = 1 ]
	expect "port was mapped" \
		[ "$(field nes 1 mapped_local)" = "$(field nes 1 local)" ]
	expect "daemon table" [ "$(daemon_mappings 1)" = 1 ]
	expect "daemon took the port" can_bind 192.0.2.1 7174
	sim nes close 1
	expect_clean
}

scenario_remote_info_reaches_accept() {
	local mapped
	start_testd --remote-info /tmp/remote-info
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	mapped=$(field nes 1 mapped_local)
	echo "2 192.0.2.1:7174 192.0.2.9:5555 $mapped 192.0.2.9:6666" >/tmp/remote-info
	kill -USR2 "$DPID"
	for _ in $(seq 20); do
		grep -q '^reminfo:' "$STATE" && break
		sleep 0.1
	done
	expect "no remote info in the kernel" grep -q '^reminfo:' "$STATE"
	expect "accept" sim nes accept "1 192.0.2.9 6666"
	expect "remote: $(field nes 2 remote)" [ "$(field nes 2 remote)" = 192.0.2.9:5555 ]
	refute "remote info not taken" grep -q '^reminfo:' "$STATE"
	refute "accept of unknown listener" sim nes accept "9 192.0.2.9 6666" 2>/dev/null
	sim nes close 2
	sim nes close 1
	expect_clean
}

scenario_unload_with_live_mappings() {
	start_testd
	sim_load clients=nes,c4iw
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "connect" sim c4iw connect "2001:db8::1 40000 2001:db8::2 7174"
	expect "listen" sim c4iw listen "192.0.2.1 7175"
	expect "unload iwsim" rmmod iwsim
	expect "port mapper still in use: $(head -n 1 $STATE)" \
		[ "$(head -n 1 $STATE)" = "users: 0" ]
	expect "daemon kept mappings" [ "$(daemon_mappings 0)" = 0 ]
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7176"
	stop_daemon
	refute "unload iwpm with a live user" rmmod iwpm 2>/dev/null
	expect "unload iwsim" rmmod iwsim
	expect "unload iwpm" rmmod iwpm
	expect "reload iwpm" insmod "$IWPM_DIR/iwpm.ko" timeout_ms=$TIMEOUT_MS
}

# A signal that comes while the daemon is between its main loop's look at
# the flags and its wait still ends the wait.  Under strace, each of the
# daemon's clock_gettime() calls lasts 1 s.  Once the daemon is idle, a
# SIGUSR1 wakes it: it prints its table, looks at the clock once for what
# is due and once more, after its look at the flags, in next_timeout().
# The SIGTERM comes 1.5 s after the SIGUSR1, in that second call.  Before
# ppoll(), such a signal was left for a message that never came and the
# daemon waited forever (stop_daemon with it: a cold make check lost 15
# minutes so); reproduced here with the old daemon.
scenario_testd_ends_on_a_signal_between_waits() {
	local pid
	command -v strace >/dev/null || fail "strace is not installed"
	: >"$DLOG"
	strace -f -o /dev/null -e inject=clock_gettime:delay_exit=1000000 \
		"$TESTD" >>"$DLOG" 2>&1 &
	DPID=$!
	wait_line "$DLOG" 'iwpm-testd: ready' 300 || fail "daemon did not start"
	pid=$(pgrep -f "^$TESTD\$") || fail "no iwpm-testd under strace"
	# idle: the answers to its first messages handled, each second costing
	eventually 300 eval '[ "$(cut -d" " -f3 /proc/$pid/stat)" = S ] &&
		sleep 3 && [ "$(cut -d" " -f3 /proc/$pid/stat)" = S ]'
	kill -USR1 "$pid"
	sleep 1.5
	kill -TERM "$pid"
	if ! eventually 100 eval '! kill -0 "$DPID" 2>/dev/null'; then
		kill -KILL "$pid"
		wait "$DPID" 2>/dev/null
		DPID=
		fail "a SIGTERM between the daemon's look at its flags and its wait did not end it"
	fi
	wait "$DPID" 2>/dev/null
	DPID=
}

scenario_testd_under_valgrind_leaks_nothing() {
	local i vlog=$IWPM_TOOLS/valgrind.log
	command -v valgrind >/dev/null || fail "valgrind is not installed"
	ulimit -n 8192
	: >"$DLOG"
	valgrind --leak-check=full --error-exitcode=9 --log-file=$vlog \
		"$TESTD" >>"$DLOG" 2>&1 &
	DPID=$!
	wait_line "$DLOG" 'iwpm-testd: ready' 300
	sim_load
	for i in $(seq 20000 20999); do
		echo "192.0.2.1 $i" >"$SIM/nes/listen" || fail "listen $i"
	done
	expect "daemon table" [ "$(daemon_mappings 1000)" = 1000 ]
	for i in $(seq 1 1000); do
		echo "$i" >"$SIM/nes/close" || fail "close $i"
	done
	expect "daemon table after close" [ "$(daemon_mappings 0)" = 0 ]
	kill -TERM "$DPID"
	wait "$DPID"
	local rc=$?
	DPID=
	expect "valgrind: exit $rc, $(grep -E 'definitely|ERROR SUMMARY' $vlog | tr '\n' ' ')" \
		[ $rc -eq 0 ]
	expect "valgrind found leaks" grep -q 'All heap blocks were freed' $vlog
	expect_clean
}

# ---- who may speak for the port mapper; fuzzing ----

FUZZ=$(dirname "$0")/../iwpm-fuzz.py

# What must not change: the daemon, the registrations, the tables.
snapshot() {
	grep -E '^(daemon|client|mapping|reminfo):' "$STATE" | sed 's/ echo_seq=[0-9]*//'
}

scenario_unprivileged_sender_is_refused() {
	local before
	start_testd
	sim_load clients=nes,c4iw
	expect "listen" sim nes listen "192.0.2.1 7174"
	before=$(snapshot)
	expect "an unprivileged sender got something but -EPERM, or joined the group" \
		python3 "$FUZZ" --probe --as-nobody
	expect "state changed" [ "$(snapshot)" = "$before" ]
	expect "not counted" [ "$(state unauthorized)" -ge 8 ]
	expect "daemon stopped working" sim c4iw listen "192.0.2.1 7175"
	expect "daemon stopped working" [ "$(field c4iw 1 mapped)" = 1 ]
	sim nes close 1
	sim c4iw close 1
	expect_clean
}

fuzz_run() { # ARGS...: fuzz while a daemon serves live mappings
	local before n=${IWPM_FUZZ_COUNT:-5000} i
	start_testd
	sim_load clients=nes,c4iw
	for i in 1 2 3; do
		sim nes listen "192.0.2.1 710$i" || fail "listen"
		sim c4iw connect "192.0.2.1 720$i 192.0.2.2 7174" || fail "connect"
	done
	expect "daemon table" [ "$(daemon_mappings 6)" = 6 ]
	before=$(snapshot)
	python3 "$FUZZ" --count "$n" "$@" >&2 || fail "fuzzer failed"
	expect "state changed: $(diff <(echo "$before") <(snapshot) | tr '\n' ' ')" \
		[ "$(snapshot)" = "$before" ]
	expect "daemon table changed" [ "$(daemon_mappings 6)" = 6 ]
	expect "listen after fuzzing" sim nes listen "192.0.2.1 7110"
	expect "not mapped after fuzzing" [ "$(field nes 4 mapped)" = 1 ]
	for i in 1 2 3 4; do sim nes close $i; done
	for i in 1 2 3; do sim c4iw close $i; done
	expect "daemon kept mappings" [ "$(daemon_mappings 0)" = 0 ]
	expect_clean
}

scenario_fuzz_privileged_changes_nothing() {
	fuzz_run
}

scenario_fuzz_unprivileged_changes_nothing() {
	fuzz_run --as-nobody
}

# ---- rdma-core's iwpmd ----

start_iwpmd() {
	start_daemon iwpmd || fail "iwpmd did not start: $(tail -n 3 "$DLOG")"
	expect "iwpmd did not introduce itself: $(grep daemon: $STATE)" \
		[ "$(state known)" = 1 ]
}

# iwpmd's first message is a HELLO of sequence number 0, and it takes any
# netlink error of that sequence number for a kernel of ABI 3, for good.
# Started before any driver uses the port mapper, it must still end at 4.
scenario_iwpmd_started_before_any_driver_stays_at_abi_4() {
	expect "a driver used the port mapper already: $(head -n 1 $STATE)" \
		[ "$(head -n 1 $STATE)" = "users: 0" ]
	start_daemon iwpmd || fail "iwpmd did not say it was ready"
	sim_load
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "iwpmd fell back to ABI 3: $(grep daemon: $STATE)" \
		[ "$(state abi)" = 4 ]
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	sim nes close 1
	expect "iwpmd kept mappings" [ "$(iwpmd_mappings 0)" = 0 ]
	expect_clean
}

scenario_iwpmd_listen_connect_accept_close() {
	local lmapped cmapped
	sim_load
	start_iwpmd
	expect "abi: $(grep daemon: $STATE)" [ "$(state abi)" = 4 ]
	expect "listen" sim nes listen "192.0.2.1 7174"
	lmapped=$(field nes 1 mapped_local)
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	expect "connect" sim nes connect "192.0.2.1 40000 192.0.2.1 7174"
	cmapped=$(field nes 2 mapped_local)
	expect "the remote port mapper (iwpmd itself) did not resolve the listener" \
		[ "$(field nes 2 mapped_remote)" = "$lmapped" ]
	expect "iwpmd table" [ "$(iwpmd_mappings 2)" = 2 ]
	expect "accept" sim nes accept "1 192.0.2.1 $(port_of "$cmapped")"
	expect "accepted remote: $(field nes 3 remote)" \
		[ "$(field nes 3 remote)" = 192.0.2.1:40000 ]
	sim nes close 3
	sim nes close 2
	sim nes close 1
	expect "iwpmd kept mappings" [ "$(iwpmd_mappings 0)" = 0 ]
	expect_clean
}

scenario_iwpmd_ipv6_listen() {
	sim_load
	start_iwpmd
	expect "listen" sim nes listen "2001:db8::1 7174"
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	refute "mapped port is free" \
		can_bind 2001:db8::1 "$(port_of "$(field nes 1 mapped_local)")"
	sim nes close 1
	expect "iwpmd kept mappings" [ "$(iwpmd_mappings 0)" = 0 ]
	expect_clean
}

scenario_iwpmd_restart_replays_live_mappings() {
	local i
	sim_load
	start_iwpmd
	for i in $(seq 7000 7019); do
		sim nes listen "192.0.2.1 $i" || fail "listen $i"
	done
	expect "iwpmd table" [ "$(iwpmd_mappings 20)" = 20 ]
	stop_daemon
	start_iwpmd
	for _ in $(seq 30); do
		[ "$(state replays)" -ge 1 ] && break
		sleep 0.1
	done
	expect "no replay: $(grep stats: $STATE)" [ "$(state replays)" = 1 ]
	expect "iwpmd table after restart" [ "$(iwpmd_mappings 20)" = 20 ]
	expect "ack mismatch" [ "$(state replay_mismatch)" = 0 ]
	expect "listen after restart" sim nes listen "192.0.2.1 7100"
	expect "not mapped after restart" [ "$(field nes 21 mapped)" = 1 ]
	for i in $(seq 1 21); do
		sim nes close "$i" || fail "close $i"
	done
	expect "iwpmd kept mappings" [ "$(iwpmd_mappings 0)" = 0 ]
	expect_clean
}

scenario_iwpmd_killed_while_connections_live() {
	sim_load
	start_iwpmd
	expect "listen" sim nes listen "192.0.2.1 7174"
	expect "connect" sim nes connect "192.0.2.1 40000 192.0.2.1 7174"
	kill -KILL "$DPID"
	wait "$DPID" 2>/dev/null
	DPID=
	expect "daemon still known" [ "$(state known)" = 0 ]
	expect "close without daemon" sim nes close 1
	expect "close without daemon" sim nes close 2
	expect "listen without daemon" sim nes listen "192.0.2.1 7175"
	expect "mapped without daemon" [ "$(field nes 3 mapped)" = 0 ]
	sim nes close 3
	start_iwpmd
	expect "listen after restart" sim nes listen "192.0.2.1 7176"
	expect "not mapped after restart" [ "$(field nes 4 mapped)" = 1 ]
	sim nes close 4
	expect_clean
}

# ---- two namespaces, two daemons ----

# ns_sim NS DEV CMD ARGS: sim, from a process in NS
ns_sim() {
	in_net "$1" sh -c 'echo "$1" >"$2"' sh "$4" "$SIM/$2/$3"
}

# ns_testd NS: iwpm-testd in NS (ns_daemon), or the scenario fails
ns_testd() {
	ns_daemon "$1" testd || fail "iwpm-testd in $1 did not start"
}

# ns_daemon_mappings NS WANT: daemon_mappings of NS's daemon
ns_daemon_mappings() {
	local pid=DPID_$1
	DPID=${!pid} DLOG=/tmp/daemon-$1.log daemon_mappings "$2"
}

# ns_state NS: the port mapper state of NS's instance
ns_state() {
	in_net "$1" cat "$STATE"
}

# A connection is mapped by the daemon of the namespace that made it; each
# namespace's instance holds its own mappings; a daemon restarted in h2 gets
# h2's mappings replayed and h1's daemon nothing; root in h1 fuzzing the
# port mapper changes nothing of h2's; closing leaves nothing anywhere.
scenario_two_namespaces_two_daemons() {
	local before n
	ns_host h1 192.0.2.1 && ns_host h2 192.0.2.2 || fail "namespaces h1, h2"
	ns_testd h1
	ns_testd h2
	sim_load
	expect "listen in h2" ns_sim h2 nes listen "192.0.2.2 7174"
	expect "connect from h1" ns_sim h1 nes connect "192.0.2.1 40000 192.0.2.2 7174"
	expect "listener in h2's namespace" \
		[ "$(field nes 1 net)" = "$(stat -L -c %i /run/netns/h2)" ]
	expect "listener not mapped" [ "$(field nes 1 mapped)" = 1 ]
	expect "connection not mapped" [ "$(field nes 2 mapped)" = 1 ]
	expect "h1's daemon holds other than h1's mapping" [ "$(ns_daemon_mappings h1 1)" = 1 ]
	expect "h2's daemon holds other than h2's mapping" [ "$(ns_daemon_mappings h2 1)" = 1 ]
	ns_state h1 | grep "^mapping:" | sed "s/^/iwpm-netns: h1 /"
	ns_state h2 | grep "^mapping:" | sed "s/^/iwpm-netns: h2 /"
	expect "h1's instance: not only 192.0.2.1:40000" \
		[ "$(ns_state h1 | grep -c '^mapping: client=2 local=192.0.2.1:40000 ')/$(ns_state h1 | grep -c '^mapping:')" = 1/1 ]
	expect "h2's instance: not only 192.0.2.2:7174" \
		[ "$(ns_state h2 | grep -c '^mapping: client=2 local=192.0.2.2:7174 ')/$(ns_state h2 | grep -c '^mapping:')" = 1/1 ]
	refute "init_net, where nothing used it, has a port mapper" grep -q '^daemon:' "$STATE"
	ns_daemon_stop h2
	ns_testd h2
	for _ in $(seq 30); do
		n=$(ns_state h2 | grep -o 'replays=[0-9]*' | cut -d= -f2)
		[ "$n" -ge 1 ] && break
		sleep 0.1
	done
	expect "no replay to h2's new daemon" [ "$n" = 1 ]
	expect "h2's new daemon did not get h2's mapping back" [ "$(ns_daemon_mappings h2 1)" = 1 ]
	expect "a replay went to h1" \
		[ "$(ns_state h1 | grep -o 'replays=[0-9]*')" = replays=0 ]
	before=$(ns_state h2 | grep -E '^(daemon|client|mapping|reminfo):')
	in_net h1 python3 "$FUZZ" --count "${IWPM_FUZZ_COUNT:-5000}" >&2 ||
		fail "fuzzer in h1 failed"
	expect "root in h1 changed h2's port mapper" \
		[ "$(ns_state h2 | grep -E '^(daemon|client|mapping|reminfo):')" = "$before" ]
	expect "close" sim nes close 1
	expect "close" sim nes close 2
	expect "h1's daemon kept mappings" [ "$(ns_daemon_mappings h1 0)" = 0 ]
	expect "h2's daemon kept mappings" [ "$(ns_daemon_mappings h2 0)" = 0 ]
	expect "h1's instance kept mappings" [ -z "$(ns_state h1 | grep '^mapping:')" ]
	expect "h2's instance kept mappings" [ -z "$(ns_state h2 | grep '^mapping:')" ]
	expect_clean unused
}

# ---- runner ----

# The scenario ran in a subshell: its daemon's pid is lost.  A daemon left
# behind would keep iwpm.ko in use through its netlink socket.
cleanup() {
	kill_all "$TESTD" iwpmd
	sim_unload 2>/dev/null
	rm -f /tmp/remote-info
	ip -all netns delete 2>/dev/null
}

show_failure() {
	echo "--- daemon log (last lines) ---"
	tail -n 15 "$DLOG" 2>/dev/null
	cat "$STATE" 2>/dev/null | head -n 20
}

start_syslog
plan setup teardown -- $(scenarios)
if ! setup_dummy0 192.0.2.1/24 2001:db8::1/64; then
	report setup 1 "could not create dummy0"
	plan_end
	exit 0
fi
insmod "$IWPM_DIR/iwpm.ko" timeout_ms=$TIMEOUT_MS
report setup $? "insmod iwpm.ko failed"
for s in $(scenarios); do
	run_scenario "$s"
done
rmmod iwpm
report teardown $? "rmmod iwpm failed"
plan_end
