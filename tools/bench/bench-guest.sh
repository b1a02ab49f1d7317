#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks inside a UML guest (run by guest-init.sh).  The kernel has
# the benchmark built in, and has run the table benchmark at boot
# (iwpm_bench.sizes=, iwpm_bench.reps=).  Then, each if asked for:
# sequential rping connections over siw on dummy0, with rdma-core's iwpmd
# and without it, and once with iwpm-testd, which counts what each
# connection asked of it; storms of connections at once (cmtime), with and
# without iwpmd; a storm while another namespace's iwpmd runs, and while it
# is stopped; the request round trip through iwpm-testd; the replay of
# N mappings to a restarted iwpm-testd; the remote-info table, filled by
# iwpm-testd.  Results are "iwpm-bench: ..." lines on the console.
#
# IWPM_BENCH_RPING   connections per rping run (none: no rping benchmark)
# IWPM_BENCH_RPING_REPS  rping runs of each kind
# IWPM_BENCH_STORM   connection counts of the cmtime storm, comma separated
# IWPM_BENCH_STORM_REPS  storm runs of each count and kind
# IWPM_BENCH_ISOLATION  connections of the storm beside another namespace
#                    (none: not run)
# IWPM_BENCH_ISOLATION_REPS  runs of it with that namespace's iwpmd running,
#                    and as many with it stopped
# IWPM_BENCH_RTT     requests per round-trip run (runs: the reps param)
# IWPM_BENCH_REPLAY  mappings to replay, comma separated
# IWPM_BENCH_REMINFO remote-info table sizes, comma separated
# IWPM_BENCH_REMINFO_REPS  runs of each
# IWPM_TOOLS         where iwpm-testd is
# Network: dummy0 with 192.0.2.1/24, inside the guest only.

. "$(dirname "$0")/../testing/guest-lib.sh"

ADDR=192.0.2.1
PORT=7190
STORM_PORT=7200		# and up, one port per cmtime server
STORM_CONNS=50		# connections per cmtime process
PARAMS=/sys/module/iwpm_bench/parameters
ECHO_UNIT=31		# BENCH_NETLINK_UNIT of iwpm_bench.c
TESTD=${IWPM_TOOLS:-}/iwpm-testd

# tcp_listening PORT: siw's TCP socket listens on PORT, in $NETNS if set:
# the port mapper answered the listen (rdma_cm shows it listening before)
tcp_listening() {
	in_ns ss -tln | grep -q ":$1 "
}

# rping_server: a persistent rping server ($RPID), once its listen is
# answered
rping_server() {
	rping -s -a "$ADDR" -p "$PORT" -P >/tmp/rping-server.log 2>&1 &
	RPID=$!
	wait_listening "$RPID" "$PORT" && eventually 100 tcp_listening "$PORT" &&
		return 0
	echo "iwpm-bench: error the rping server did not listen"
	rping_server_stop
	return 1
}

rping_server_stop() {
	kill -TERM "$RPID"
	wait "$RPID" 2>/dev/null
}

# rping_conns COUNT: COUNT sequential one-iteration connections to the
# server; prints how many failed
rping_conns() {
	local failed=0
	for _ in $(seq "$1"); do
		rping_ok timeout 20 rping -c -a "$ADDR" -p "$PORT" -C 1 >/tmp/rping-client.log 2>&1 ||
			failed=$((failed + 1))
	done
	[ "$failed" -eq 0 ] || sed 's/^/iwpm-bench: last failure: /' /tmp/rping-client.log >&2
	echo "$failed"
}

# rping_run DAEMON COUNT: COUNT connections; prints how many failed and the
# time they all took.
rping_run() {
	local daemon=$1 count=$2 start failed
	rping_server || return
	start=$(date +%s%N)
	failed=$(rping_conns "$count")
	echo "iwpm-bench: rping daemon=$daemon conns=$count failed=$failed ns=$(($(date +%s%N) - start))"
	rping_server_stop
}

# siw_up: siw0 on dummy0, once per boot; fails (saying so) if it cannot be.
siw_up() {
	[ -e /sys/class/infiniband/siw0 ] && return 0
	start_syslog
	setup_dummy0 "$ADDR/24" && rdma link add siw0 type siw netdev dummy0 &&
		return 0
	echo "iwpm-bench: error siw0 on dummy0 could not be created"
	return 1
}

rpings() {
	local count=$1 rep
	siw_up || return
	for rep in $(seq "$IWPM_BENCH_RPING_REPS"); do
		start_daemon iwpmd || echo "iwpm-bench: error iwpmd did not start"
		rping_run iwpmd "$count"
		stop_daemon
		rping_run none "$count"
	done
	per_conn "$count"
}

# per_conn COUNT: COUNT connections with iwpm-testd as the daemon, which
# counts what they asked of it: the answers (the requests a connect waited
# for) and the messages sent to it, the server's listen left out
per_conn() {
	local count=$1 log=/tmp/testd-conns.log a m failed
	testd_start "$log" || return
	if rping_server; then
		testd_stats "$log" &&
			a=$(testd_stat "$log" answers) m=$(testd_stat "$log" messages) &&
			failed=$(rping_conns "$count") && testd_stats "$log" &&
			echo "iwpm-bench: per_conn conns=$count failed=$failed answers=$(($(testd_stat "$log" answers) - a)) messages=$(($(testd_stat "$log" messages) - m))"
		rping_server_stop
	fi
	testd_stop
}

# storm_run DAEMON COUNT: COUNT connections at once, made by cmtime clients
# of STORM_CONNS connections each (siw under UML fails to create CQs past
# about 70 connections in one process), each to its own cmtime server, all
# started together.  A client issues every step for all its connections,
# then waits for all; each step's figure is the longest client's total, in
# ms.  The connect step carries the port mapper: a mapping of each side and
# a query of the peer's for every connection.
storm_run() {
	local daemon=$1 count=$2 procs i spids=() cpids=() rc=0 failed steps
	procs=$(((count + STORM_CONNS - 1) / STORM_CONNS))
	for i in $(seq 0 $((procs - 1))); do
		cmtime -b "$ADDR" -p $((STORM_PORT + i)) -c $((count / procs)) \
			>/tmp/cmtime-server-$i.log 2>&1 &
		spids+=($!)
	done
	for i in $(seq 0 $((procs - 1))); do
		wait_listening "${spids[i]}" $((STORM_PORT + i)) && continue
		echo "iwpm-bench: error cmtime server $i did not listen"
		kill -TERM "${spids[@]}" 2>/dev/null
		return
	done
	for i in $(seq 0 $((procs - 1))); do
		timeout 600 cmtime -s "$ADDR" -p $((STORM_PORT + i)) \
			-c $((count / procs)) >/tmp/cmtime-client-$i.log 2>&1 &
		cpids+=($!)
	done
	for i in "${cpids[@]}"; do
		wait "$i" || rc=$?
	done
	failed=$(cat /tmp/cmtime-client-*.log /tmp/cmtime-server-*.log | grep -c '^failure')
	steps=$(awk -F: '/^[a-z ]+ *:  /{ sub(/ +$/, "", $1); gsub(/ /, "_", $1)
		split($2, f, " "); if (f[1] > ms[$1]) ms[$1] = f[1] }
		END { for (s in ms) printf " %s=%s", s, ms[s] }' /tmp/cmtime-client-*.log)
	echo "iwpm-bench: storm daemon=$daemon conns=$count procs=$procs rc=$rc failed=$failed$steps"
	kill -TERM "${spids[@]}" 2>/dev/null
	wait "${spids[@]}" 2>/dev/null
	rm -f /tmp/cmtime-client-*.log /tmp/cmtime-server-*.log
}

# iwpmd_up: start iwpmd, a second time if the first start did not finish
# (once in three boots of 6.12, after a storm without a daemon, iwpmd did not
# say it was ready within ten seconds); the report counts second starts.
iwpmd_up() {
	start_daemon iwpmd && return 0
	kill_all iwpmd
	DPID=
	echo "iwpm-bench: iwpmd started a second time"
	start_daemon iwpmd && return 0
	echo "iwpm-bench: error iwpmd did not start"
	return 1
}

storms() {
	local count rep
	siw_up || return
	for count in $(echo "$1" | tr , ' '); do
		for rep in $(seq "${IWPM_BENCH_STORM_REPS:-1}"); do
			iwpmd_up && storm_run iwpmd "$count"
			stop_daemon
			storm_run none "$count"
		done
	done
}

# Another host in the guest: network namespace $OTHER with siw on a dummy
# device of its own, and its own iwpmd, so its own port mapper.
OTHER=other
OTHER_ADDR=192.0.2.2
OTHER_PORT=7320

other_up() {
	[ -z "${OTHER_UP:-}" ] || return 0
	# a guest whose tree is under /tmp shares the host's /run
	ip netns delete "$OTHER" 2>/dev/null
	ns_host "$OTHER" "$OTHER_ADDR" &&
		ip netns exec "$OTHER" rdma link add siw_other type siw netdev dummy0 &&
		OTHER_UP=1 && return 0
	echo "iwpm-bench: error the namespace $OTHER could not be set up"
	return 1
}

# other_listen STATE: the other namespace's iwpmd started ($DPID_other),
# and stopped (SIGSTOP) if STATE is "stopped"; a wildcard rping server
# there ($LPID), whose listen asks that daemon for a mapping.  Returns once
# the listen was answered (running), or once its request waits unread in
# the daemon's socket (stopped); $SINCE (ns) is from before the listen.
other_listen() {
	local queued main=$DPID rc
	DPID=
	ns_daemon "$OTHER" iwpmd
	rc=$?
	DPID=$main
	[ "$rc" = 0 ] || { echo "iwpm-bench: error iwpmd in $OTHER did not start"; return 1; }
	[ "$1" = running ] || kill -STOP "$DPID_other"
	queued=$(pm_queued "/run/netns/$OTHER")
	SINCE=$(date +%s%N)
	ip netns exec "$OTHER" rping -s -P -a 0.0.0.0 -p "$OTHER_PORT" >/dev/null 2>&1 &
	LPID=$!
	if [ "$1" = running ]; then
		NETNS=$OTHER eventually 100 tcp_listening "$OTHER_PORT"
	else
		eventually 100 pm_asked "$queued" "/run/netns/$OTHER"
	fi && return 0
	echo "iwpm-bench: error the listen in $OTHER was not $1"
	return 1
}

other_down() {
	[ -z "${LPID:-}" ] || kill -TERM "$LPID" 2>/dev/null
	[ -z "${DPID_other:-}" ] || kill -CONT "$DPID_other" 2>/dev/null
	[ -z "${LPID:-}" ] || wait "$LPID" 2>/dev/null
	LPID=
	ns_daemon_stop "$OTHER"
}

# isolation_run STATE COUNT: a storm of COUNT in the guest's own namespace
# (its iwpmd running) with the other namespace's iwpmd in STATE; stopped,
# the storm must end within the 10 s its listen's request waits, the time
# a request waits for a daemon
isolation_run() {
	local ms
	if other_listen "$1"; then
		storm_run "other_$1" "$2"
		ms=$((($(date +%s%N) - SINCE) / 1000000))
		[ "$1" = running ] || [ "$ms" -lt 9000 ] ||
			echo "iwpm-bench: error the storm outlasted the stopped daemon's wait ($ms ms)"
	fi
	other_down
}

# isolation COUNT: after a storm that warms up (not counted), the runs of
# both states, in an order that alternates (running first in odd runs);
# then the other namespace goes, with its siw
isolation() {
	local i order state
	siw_up && other_up && iwpmd_up || return
	storm_run warmup "$1"
	for i in $(seq "${IWPM_BENCH_ISOLATION_REPS:-1}"); do
		order="running stopped"
		[ $((i % 2)) = 1 ] || order="stopped running"
		for state in $order; do
			isolation_run "$state" "$1"
		done
	done
	stop_daemon
	ip netns delete "$OTHER"
	OTHER_UP=
	rdma_link_gone siw_other ||
		echo "iwpm-bench: error siw_other outlived its namespace"
}

# testd_start LOG ARGS...: iwpm-testd in the background ($DPID), once ready.
testd_start() {
	local log=$1
	shift
	DLOG=$log start_daemon testd --quiet "$@" && return 0
	echo "iwpm-bench: error iwpm-testd did not start: $(tail -n 1 "$log")"
	return 1
}

testd_stop() {
	kill -TERM "$DPID"
	wait "$DPID" 2>/dev/null
}

# The last value of counter NAME in the "stats:" lines of LOG.
testd_stat() {
	sed -n "s/^stats:.* $2=\([0-9]*\).*/\1/p" "$1" | tail -n 1
}

# testd_fields LOG NAME...: " NAME=value" of each counter, as testd_stat
testd_fields() {
	local log=$1 f
	shift
	for f; do
		printf ' %s=%s' "$f" "$(testd_stat "$log" "$f")"
	done
}

stats_after() {
	[ "$(grep -c '^stats:' "$1")" -gt "$2" ]
}

# testd_stats LOG: a "stats:" line that iwpm-testd printed after this call
# (SIGUSR1); fails, saying so, if none came within ten seconds
testd_stats() {
	local n
	n=$(grep -c '^stats:' "$1")
	kill -USR1 "$DPID"
	eventually 100 stats_after "$1" "$n" && return 0
	echo "iwpm-bench: error iwpm-testd printed no stats: $(tail -n 3 "$1" | tr '\n' ' ')"
	return 1
}

# testd_mappings LOG: the daemon's mapping count, once it is 0 (or after
# about ten seconds); nothing if it printed none.
testd_mappings() {
	local n=
	for _ in $(seq 50); do
		testd_stats "$1" || break
		n=$(testd_stat "$1" mappings)
		[ "$n" = 0 ] && break
		sleep 0.2
	done
	echo "$n"
}

# rtt COUNT: COUNT requests and COUNT bare round trips, reps times; the
# benchmark removes its mappings at the end, the daemon should be left none.
# With the daemon's counts, the median time it held an answered request and
# an echo (bench-report.py splits the round trip with them).
rtt() {
	local log=/tmp/testd-rtt.log left f
	# room for the removals the benchmark sends at its end, all at once: a
	# full socket drops them (6.12 too), and the daemon must be left none
	testd_start "$log" --echo-unit "$ECHO_UNIT" --rcvbuf $((64 << 20)) || return
	echo "$1" >"$PARAMS/rtt" || echo "iwpm-bench: error rtt=$1 failed"
	left=$(testd_mappings "$log")
	testd_stop
	echo "iwpm-bench: rtt daemon$(testd_fields "$log" answers echoes) mappings_left=$left$(testd_fields "$log" answer_held_ns echo_held_ns)"
}

# replay_wait LOG: until the daemon acked the replay, or it stalled (no
# mapping came in for five seconds) or five minutes passed.
replay_wait() {
	local log=$1 last=-1 now i
	for i in $(seq 600); do
		sleep 0.5
		grep -q '^replay client=2 ' "$log" && return 0
		[ $((i % 10)) -eq 0 ] || continue
		kill -USR1 "$DPID"
		sleep 0.1
		now=$(testd_stat "$log" replayed)
		[ "$now" = "$last" ] && return 1
		last=$now
	done
	return 1
}

# replay N: N live mappings, the daemon restarted; how long until it acked
# them all, in how many messages and datagrams, and how many arrived.
replay() {
	local n=$1 log=/tmp/testd-replay.log
	testd_start /tmp/testd-first.log || return
	echo "$n" >"$PARAMS/replay" || echo "iwpm-bench: error replay=$n failed"
	testd_stop
	testd_start "$log" || return
	if replay_wait "$log"; then
		sed -n "s/^replay client=2 /iwpm-bench: replay n=$n acked=1 /p" "$log"
	else
		echo "iwpm-bench: replay n=$n acked=0 received=$(testd_stat "$log" replayed) messages=$(testd_stat "$log" messages) datagrams=$(testd_stat "$log" datagrams)"
		tail -n 3 "$log" | sed 's/^/iwpm-bench: replay daemon: /'
	fi
	testd_stop
	echo 0 >"$PARAMS/replay"
}

# reminfo N: the daemon sends N remote infos, the benchmark takes them.
reminfo() {
	local n=$1 log=/tmp/testd-reminfo.log
	testd_start "$log" --remote-fill "$n" || return
	kill -USR2 "$DPID"
	wait_line "$log" '^remote-fill: sent' 6000
	grep '^remote-fill: send failed' "$log" | head -n 1 | sed 's/^/iwpm-bench: error /'
	echo "$n" >"$PARAMS/reminfo" || echo "iwpm-bench: error reminfo=$n failed"
	testd_stop
}

[ "${IWPM_BENCH_RPING:-0}" = 0 ] || rpings "$IWPM_BENCH_RPING"
[ -z "${IWPM_BENCH_STORM:-}" ] || storms "$IWPM_BENCH_STORM"
[ "${IWPM_BENCH_RTT:-0}" = 0 ] || rtt "$IWPM_BENCH_RTT"
for n in $(echo "${IWPM_BENCH_REPLAY:-}" | tr , ' '); do
	replay "$n"
done
for n in $(echo "${IWPM_BENCH_REMINFO:-}" | tr , ' '); do
	for _ in $(seq "${IWPM_BENCH_REMINFO_REPS:-1}"); do
		reminfo "$n"
	done
done
# last: only the series' kernel runs it
[ -z "${IWPM_BENCH_ISOLATION:-}" ] || isolation "$IWPM_BENCH_ISOLATION"
echo "iwpm-bench: finished"
