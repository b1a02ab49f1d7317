#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks inside a UML guest (run by guest-init.sh).  A kernel with
# the table benchmark built in has run it at boot; otherwise IWPM_BENCH_KO
# names its module, loaded here.  Then, with IWPM_BENCH_RPING=COUNT,
# sequential rping connections over siw on dummy0, with rdma-core's iwpmd
# and without it.  Results are "iwpm-bench: ..." lines on the console.
#
# IWPM_BENCH_KO      the module; IWPM_BENCH_SIZES, IWPM_BENCH_REPS its params
# IWPM_BENCH_RPING   connections per rping run (none: no rping benchmark)
# IWPM_BENCH_RPING_REPS  rping runs of each kind
# Network: dummy0 with 192.0.2.1/24, inside the guest only.

. "$(dirname "$0")/../testing/guest-lib.sh"

ADDR=192.0.2.1
PORT=7190

tables() {
	insmod "$IWPM_BENCH_KO" sizes="$IWPM_BENCH_SIZES" \
		reps="$IWPM_BENCH_REPS" || echo "iwpm-bench: error insmod failed"
	rmmod iwpm_bench 2>/dev/null
}

# rping_run DAEMON COUNT: COUNT sequential one-iteration connections to a
# persistent server; prints how many failed and the time they all took.
rping_run() {
	local daemon=$1 count=$2 spid start i failed=0
	rping -s -a "$ADDR" -p "$PORT" -P >/tmp/rping-server.log 2>&1 &
	spid=$!
	sleep 0.5
	start=$(date +%s%N)
	for i in $(seq "$count"); do
		timeout 20 rping -c -a "$ADDR" -p "$PORT" -C 1 >/tmp/rping-client.log 2>&1 ||
			failed=$((failed + 1))
	done
	echo "iwpm-bench: rping daemon=$daemon conns=$count failed=$failed ns=$(($(date +%s%N) - start))"
	[ "$failed" -eq 0 ] || sed 's/^/iwpm-bench: last failure: /' /tmp/rping-client.log
	kill -TERM "$spid"
	wait "$spid" 2>/dev/null
}

rpings() {
	local count=$1 rep
	start_syslog
	if ! setup_dummy0 "$ADDR/24" || ! rdma link add siw0 type siw netdev dummy0; then
		echo "iwpm-bench: error siw0 on dummy0 could not be created"
		return
	fi
	for rep in $(seq "$IWPM_BENCH_RPING_REPS"); do
		iwpmd --systemd >/dev/null 2>&1 &
		DPID=$!
		sleep 1
		rping_run iwpmd "$count"
		kill -TERM "$DPID"
		wait "$DPID" 2>/dev/null
		rping_run none "$count"
	done
}

[ -z "${IWPM_BENCH_KO:-}" ] || tables
[ -z "${IWPM_BENCH_RPING:-}" ] || rpings "$IWPM_BENCH_RPING"
echo "iwpm-bench: finished"
