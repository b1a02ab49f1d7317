#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end scenarios on the kernel with the in-tree series, run inside the
# UML guest by guest-init.sh: the real iWARP stack (siw on a dummy interface,
# iw_cm, rdma_cm) on this project's port mapper, with rdma-core's iwpmd and
# rping.  Each scenario is a case of the script's KTAP suite
# (guest-lib.sh).
#
# Network: dummy0 with 192.0.2.1/24, inside the guest only.

. "$(dirname "$0")/guest-lib.sh"

ADDR=192.0.2.1
RLOG=/tmp/rping-server.log
FUZZ=$(dirname "$0")/../iwpm-fuzz.py
LISTENERS=$(dirname "$0")/rdma-listeners.py
SPID=

start_iwpmd() {
	: >"$SYSLOG"
	start_daemon iwpmd || fail "iwpmd did not start: $(tail -n 3 "$DLOG")"
}

stop_iwpmd() {
	stop_daemon
}

# start_server PORT [ARGS...]: rping server in the background, returning
# once it listens.
start_server() {
	local port=$1
	shift
	rping -s -a "$ADDR" -p "$port" "$@" >"$RLOG" 2>&1 &
	SPID=$!
	wait_listening "$SPID" "$port" ||
		fail "rping server is not listening on port $port: $(tail -n 2 "$RLOG")"
}

# client PORT COUNT: one rping client run, which must succeed
client() {
	rping_ok timeout 60 rping -c -a "$ADDR" -p "$1" -C "$2" -V >/tmp/rping-client.log 2>&1 ||
		fail "rping -c -C $2 to port $1 failed: $(tail -n 2 /tmp/rping-client.log)"
}

# stop_server: end a persistent server; then iwpmd must hold no mapping
stop_server() {
	kill -TERM "$SPID"
	wait "$SPID" 2>/dev/null
	SPID=
	expect "iwpmd kept mappings after rping exited" [ "$(iwpmd_mappings 0)" = 0 ]
}

wait_server() {
	timeout 30 tail --pid="$SPID" -f /dev/null ||
		fail "rping server did not exit"
	wait "$SPID" || fail "rping server failed: $(tail -n 2 "$RLOG")"
	SPID=
}

scenario_rping_with_iwpmd() {
	start_iwpmd
	start_server 7174 -C 10
	expect "iwpmd does not show the listener's mapping" \
		[ "$(iwpmd_mappings 1)" = 1 ]
	client 7174 10
	wait_server
	expect "iwpmd kept mappings after rping exited" [ "$(iwpmd_mappings 0)" = 0 ]
	stop_iwpmd
}

scenario_rping_without_iwpmd() {
	start_server 7175 -C 10
	client 7175 10
	wait_server
}

scenario_rping_across_iwpmd_restart() {
	start_iwpmd
	start_server 7176 -P
	expect "iwpmd does not show the listener's mapping" \
		[ "$(iwpmd_mappings 1)" = 1 ]
	client 7176 10
	stop_iwpmd
	start_iwpmd
	expect "the restarted iwpmd did not get the listener's mapping back" \
		[ "$(iwpmd_mappings 1)" = 1 ]
	client 7176 10
	stop_server
	stop_iwpmd
}

# Random clients and operations as root would also reach nldev (and could
# delete siw0), so the in-tree fuzz runs unprivileged only; the module's
# scenarios fuzz the same port mapper code as root.  On a distribution's
# ib_core (IWPM_STOCK_IB_CORE, debian-e2e.sh) any socket may join the port
# mapper group: the probe then requires that it hears nothing there.
scenario_unprivileged_sender_is_refused() {
	start_iwpmd
	start_server 7177 -P
	expect "iwpmd does not show the listener's mapping" \
		[ "$(iwpmd_mappings 1)" = 1 ]
	expect "an unprivileged sender got something but -EPERM, or joined the group" \
		python3 "$FUZZ" --probe --as-nobody --clients 2 \
		${IWPM_STOCK_IB_CORE:+--group-open}
	python3 "$FUZZ" --count "${IWPM_FUZZ_COUNT:-5000}" --as-nobody \
		--clients 2 >&2 || fail "fuzzer failed"
	expect "the listener's mapping changed" [ "$(iwpmd_mappings 1)" = 1 ]
	client 7177 5
	stop_server
	stop_iwpmd
}

# The series' only observability in-tree is the iwpm:iwpm_msg tracepoint:
# a listen with iwpmd must show the registration going out (REG_PID, op 0,
# to the group: port 0) and iwpmd's answer coming in from its own port,
# each in this network namespace (the inode number of its ns/net file).
scenario_tracepoint_shows_every_message() {
	local t=/sys/kernel/tracing port ns
	mountpoint -q $t || mount -t tracefs nodev $t || fail "no tracefs"
	expect "no iwpm:iwpm_msg event" [ -d $t/events/iwpm/iwpm_msg ]
	: >$t/trace
	echo 1 >$t/events/iwpm/iwpm_msg/enable
	start_iwpmd
	start_server 7178 -P
	# the listen's messages are done once iwpmd holds the mapping
	expect "iwpmd does not show the listener's mapping" \
		[ "$(iwpmd_mappings 1)" = 1 ]
	echo 0 >$t/events/iwpm/iwpm_msg/enable
	grep 'iwpm_msg:' $t/trace | head -n 8 >&2
	expect "no REG_PID to the group in the trace" \
		grep -q 'iwpm_msg: to port 0 client 2 op 0 ' $t/trace
	ns=$(stat -L -c %i /proc/self/ns/net)
	refute "a message of the trace is not of namespace $ns" \
		sh -c "grep 'iwpm_msg:' $t/trace | grep -v ' netns $ns\$'"
	port=$(sed -n 's/.*iwpm_msg: from port \([0-9]*\) client 2 op 0 .*/\1/p' \
		$t/trace | head -n 1)
	expect "no answer to REG_PID in the trace" [ -n "$port" ]
	expect "no ADD_MAPPING to the daemon's port $port in the trace" \
		grep -q "iwpm_msg: to port $port client 2 op 1 " $t/trace
	expect "no answer to ADD_MAPPING in the trace" \
		grep -q "iwpm_msg: from port $port client 2 op 1 " $t/trace
	stop_server
	stop_iwpmd
}

# A HELLO from root that names port 0, the kernel's own socket: Linux 6.12
# sent the answer into its own receive path and the sender hung for good
# (tools/testing/series-check.sh shows it on the pristine kernel).  It must
# be answered on the sender's socket.
scenario_hello_naming_port_0_is_answered_to_its_sender() {
	expect "the HELLO to port 0 was not answered to its sender" recursion_probe
}

# 64 connections at once (cmtime) while iwpmd is restarted twice: the
# client ends having made every connection (exit 0, no error), and nothing
# is left.  The
# kernel's own table is read the way a daemon reads it: one more restart
# makes the kernel replay every mapping it holds, and iwpmd must hold none.
scenario_cmtime_storm_across_iwpmd_restarts() {
	local cpid rc
	start_iwpmd
	cmtime -b "$ADDR" -p 7180 -c 64 >/tmp/cmtime-server.log 2>&1 &
	SPID=$!
	wait_listening "$SPID" 7180 || fail "cmtime's server is not listening"
	timeout 300 cmtime -s "$ADDR" -p 7180 -c 64 >/tmp/cmtime-client.log 2>&1 &
	cpid=$!
	stop_iwpmd
	start_iwpmd
	stop_iwpmd
	start_iwpmd
	wait "$cpid"
	rc=$?
	echo "cmtime -c 64 across two iwpmd restarts: exit $rc;" \
		"$(grep -ci error /tmp/cmtime-client.log) error lines"
	expect "cmtime's client hung: $(tail -n 3 /tmp/cmtime-client.log)" \
		[ "$rc" != 124 ]
	expect "cmtime's client failed (exit $rc)" [ "$rc" = 0 ]
	refute "a connection failed: $(grep -i -m 1 error /tmp/cmtime-client.log)" \
		grep -qi error /tmp/cmtime-client.log
	kill -TERM "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
	stop_iwpmd
	start_iwpmd
	expect "mappings left after the storm (kernel or iwpmd)" \
		[ "$(iwpmd_mappings 0)" = 0 ]
	stop_iwpmd
}

# iwpmd stopped (SIGSTOP): the listens of rdma_cm that wait for it run
# without rdma_cm's global lock (patch 25).  A wildcard listener's listen on
# siw0 waits in its caller; siw1, added meanwhile, waits in its add with the
# listener's listen on it; siw1 is deleted during that wait, and the
# listener is killed during its own, which ends it at once.  The detectors
# (KASAN; lockdep and kmemleak on x86_64) watch those paths; nothing may be
# left behind.  That nothing outside waits meanwhile is netns-scenarios.sh's
# to show.
scenario_listens_waiting_for_a_stopped_iwpmd() {
	local queued ms apid
	start_iwpmd
	kill -STOP "$DPID"
	queued=$(pm_queued)
	rping -s -a 0.0.0.0 -p 7330 >/dev/null 2>&1 &
	SPID=$!
	eventually 100 pm_asked "$queued" || fail "the wildcard listen asked nothing of iwpmd"
	ip link add dummy1 type dummy && ip addr add 192.0.2.21/32 dev dummy1 &&
		ip link set dummy1 up || fail "dummy1 could not be created"
	queued=$(pm_queued)
	rdma link add siw1 type siw netdev dummy1 &
	apid=$!
	eventually 100 pm_asked "$queued" || fail "adding siw1 asked nothing of iwpmd"
	ms=$(timed_ms rdma link delete siw1)
	wait "$apid"
	echo "iwpm-intree: iwpmd stopped: deleting siw1 during its add took $ms ms"
	rdma_link_absent siw1 || fail "siw1 was not deleted"
	kill -KILL "$SPID"
	ms=$(exit_ms "$SPID" 30000)
	echo "iwpm-intree: iwpmd stopped: the killed listener exited after $ms ms"
	expect "the killed listener took $ms ms to exit (limit 3000)" [ "$ms" -lt 3000 ]
	wait "$SPID" 2>/dev/null
	SPID=
	refute "an id is left on port 7330" sh -c "rdma res show cm_id | grep -q ':7330 '"
	kill -CONT "$DPID"
	stop_iwpmd
}

# A replay of N + 1 mappings: rdma-listeners.py holds N listeners on siw0
# (IWPM_REPLAY_LISTENERS, 2,000 unless set), mapped by iwpmd, and an rping
# server one more.  iwpmd restarts with
# a small receive buffer (nl_sock_rbuf_size 8 KB), and the new one asks for
# the mappings (MAPINFO): the kernel replays the N + 1 to it, many to an
# skb, from a work item that waits for room as iwpmd reads.  As soon as the
# new iwpmd is up, three rping clients connect at once, while the replay
# may still run (the overlap is not forced here; netns-scenarios.sh's
# daemon_that_stops_reading_blocks_nobody forces it with a daemon that
# never reads): each must succeed within 5 s (IWPM_REPLAY_SLACK_MS) of a
# connect timed before (a request's timeout is 10 s; UML takes 1.2-1.4 s
# against 0.3 s), on stock
# ib_core too (the DKMS module), where
# each daemon message is a netlink dump.  The new iwpmd must then hold all
# N + 1 mappings (and perhaps a client's, whose removal found its socket
# full), and, restarted with the usual buffer, none once the listeners are
# gone.
scenario_connects_during_a_replay() {
	local lpid base n pids=() p rc ms=() start=() conf=/tmp/iwpmd-small.conf
	local count=${IWPM_REPLAY_LISTENERS:-2000} all
	local slack=${IWPM_REPLAY_SLACK_MS:-5000}
	all=$((count + 1))
	start_iwpmd
	python3 "$LISTENERS" --count "$count" --addr "$ADDR" --port 20000 >/tmp/listeners.log 2>&1 &
	lpid=$!
	for _ in $(seq 1800); do
		grep -qx "rdma-listeners: listening $count" /tmp/listeners.log ||
			! kill -0 "$lpid" 2>/dev/null && break
		sleep 0.1
	done
	grep -qx "rdma-listeners: listening $count" /tmp/listeners.log ||
		fail "$count listeners did not listen: $(tail -n 2 /tmp/listeners.log)"
	start_server 7340 -P
	expect "iwpmd does not hold the $all mappings" [ "$(iwpmd_mappings "$all")" = "$all" ]
	base=$(timed_ms timeout 60 rping -c -a "$ADDR" -p 7340 -C 1)
	echo nl_sock_rbuf_size=8192 >"$conf"
	stop_iwpmd
	IWPMD_CONF=$conf start_iwpmd
	for p in 1 2 3; do
		start+=("$(date +%s%N)")
		rping_ok timeout 60 rping -c -a "$ADDR" -p 7340 -C 1 >"/tmp/rping-client-$p.log" 2>&1 &
		pids+=("$!")
	done
	echo "iwpm-intree: bytes queued for iwpmd as the clients started: $(pm_queued)"
	for p in 0 1 2; do
		wait "${pids[$p]}"
		rc=$?
		ms+=($((($(date +%s%N) - start[p]) / 1000000)))
		expect "a connect during the replay failed: $(tail -n 2 "/tmp/rping-client-$((p + 1)).log")" \
			[ "$rc" = 0 ]
	done
	echo "iwpm-intree: connects during a replay of $all mappings: ${ms[*]} ms (before: $base ms)"
	for p in "${ms[@]}"; do
		expect "a connect during the replay took $p ms (limit $((base + slack)))" \
			[ "$p" -lt $((base + slack)) ]
	done
	# a client's removal may have found the 8 KB full, and been dropped
	n=$(iwpmd_mappings "$all")
	[[ $n =~ ^[0-9]+$ ]] || fail "no dump of the new iwpmd's mappings"
	expect "the new iwpmd holds $n of the $all mappings" [ "$n" -ge "$all" ]
	# N + 1 removals do not fit in 8 KB either: an iwpmd with the usual
	# buffer gets them, after a replay of its own
	stop_iwpmd
	start_iwpmd
	expect "iwpmd does not hold the $all mappings again" [ "$(iwpmd_mappings "$all")" = "$all" ]
	kill -TERM "$lpid"
	wait "$lpid" 2>/dev/null
	stop_server
	stop_iwpmd
}

cleanup() {
	kill_all rping cmtime iwpmd rdma-listeners
	rdma link delete siw1 2>/dev/null
	ip link delete dummy1 2>/dev/null
}

show_failure() {
	echo "--- rping server log ---"
	tail -n 5 "$RLOG" 2>/dev/null
	echo "--- syslog ---"
	tail -n 15 "$SYSLOG" 2>/dev/null
}

start_syslog
plan setup -- $(scenarios)
if ! setup_dummy0 "$ADDR/24" || ! rdma link add siw0 type siw netdev dummy0; then
	report setup 1 "siw0 on dummy0 with $ADDR could not be created"
	plan_end
	exit 0
fi
report setup 0
run_scenarios
