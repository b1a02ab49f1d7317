#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A namespace with a port mapper in use goes away, on the kernel with the
# in-tree series, run inside a guest by guest-init.sh after
# intree-scenarios.sh (UML with KASAN; x86_64 with lockdep and kmemleak):
# namespace x1 with siw on its own dummy interface, iwpmd and a wildcard
# listener, beside init_net's own (on siw0, which intree-scenarios.sh set
# up on dummy0 before); then x1's tasks end and x1 is deleted,
# so its port mapper is torn down (a pernet device, before ib_core's socket
# of x1) while its device and rdma_cm's ids go.  Exclusive RDMA netns mode
# cannot be tested with siw: Linux 6.12 refuses to move a device without
# disassociate_ucontext (rdma dev set DEV netns: -EOPNOTSUPP).  Each
# scenario is a case of the script's KTAP suite (guest-lib.sh).
#
# Network, inside the guest only: dummy0 in x1 with 192.0.2.60/24, dummy0
# in x2 with 192.0.2.61/24.

. "$(dirname "$0")/guest-lib.sh"

FUZZ=$(dirname "$0")/../iwpm-fuzz.py
SPIDS=()

# listener NS PORT: a wildcard rping server in NS ("" for init_net), its pid
# appended to SPIDS, returning once it listens
listener() {
	local ns=()
	[ -z "$1" ] || ns=(nsenter --net="/run/netns/$1")
	"${ns[@]}" rping -s -a 0.0.0.0 -p "$2" -P >/dev/null 2>&1 &
	SPIDS+=("$!")
	NETNS=$1 wait_listening "$!" "$2" ||
		fail "the wildcard listener in ${1:-init_net} on port $2 did not start"
}

# x1's iwpmd maps x1's wildcard listener; deleting x1, once its tasks are
# gone, while init_net has a wildcard listener and its own iwpmd, tears
# x1's port mapper and device down with no kernel report.
scenario_namespace_exit_with_port_mapper_in_use() {
	ns_host x1 192.0.2.60 && in_net x1 rdma link add siw_x type siw netdev dummy0 ||
		fail "namespace x1 with siw on its dummy0"
	ns_daemon x1 iwpmd || fail "iwpmd in x1 did not start"
	start_daemon iwpmd || fail "iwpmd in init_net did not start"
	listener x1 7601
	listener "" 7602
	expect "x1's iwpmd does not map x1's wildcard listener" [ "$(iwpmd_mappings 1 "$DPID_x1")" = 1 ]
	kill "${SPIDS[0]}" "$DPID_x1"
	wait "${SPIDS[0]}" "$DPID_x1" 2>/dev/null
	ip netns delete x1
	expect "siw_x outlived x1" rdma_link_gone siw_x
	expect "init_net's listener did not survive" [ -d "/proc/${SPIDS[1]}" ]
}

# x2's iwpmd maps a listener in x2; a root process there becomes x2's
# daemon (MAPINFO) and never reads, which starts a replay of the mapping to
# it.  The test kernel's replay_delay_ms holds the replay 5 s, with no
# lock, before it sends its MAPINFO_NUM; meanwhile x2's tasks end and x2 is
# deleted, and the replay must wake to a torn-down instance.  iwpm is a pernet device registered after ib_core's, so x2's
# port mapper is torn down, waiting for the replay, before ib_core's socket
# of x2 is released, and the replay's last send goes through a live socket.
# Registered as a pernet subsys (the series before this order), it exited
# after that socket was released, and the replay sent through the released
# socket (KASAN: use-after-free).
scenario_namespace_exit_during_a_replay() {
	local knob=/sys/module/iw_cm/parameters/replay_delay_ms queued warned
	[ -w "$knob" ] || fail "the test kernel has no replay_delay_ms"
	ns_host x2 192.0.2.61 && in_net x2 rdma link add siw_x2 type siw netdev dummy0 ||
		fail "namespace x2 with siw on its dummy0"
	ns_daemon x2 iwpmd || fail "iwpmd in x2 did not start"
	listener x2 7611
	expect "x2's iwpmd does not map x2's listener" [ "$(iwpmd_mappings 1 "$DPID_x2")" = 1 ]
	queued=$(pm_queued /run/netns/x2)
	warned=$(kmsg_count "replay_delay_ms: torn down")
	echo 5000 >"$knob"
	# nsenter, not the in_net function: $! is then the staller itself
	nsenter --net=/run/netns/x2 python3 "$FUZZ" --stall 60 >/tmp/staller-x2.log 2>&1 &
	SPIDS+=("$!")
	wait_line /tmp/staller-x2.log stalling 100 || fail "the staller in x2 did not start"
	# the mapping is in the staller's socket: the replay waits to send its count
	eventually 100 pm_asked "$queued" /run/netns/x2 ||
		fail "nothing was replayed to the staller"
	kill -KILL "${SPIDS[@]}" "$DPID_x2"
	wait "${SPIDS[@]}" "$DPID_x2" 2>/dev/null
	ip netns delete x2
	expect "siw_x2 outlived x2" rdma_link_gone siw_x2
	# the replay woke after x2's port mapper was torn down, and sent its
	# count through x2's socket
	wait_kmsg "replay_delay_ms: torn down" $((warned + 1)) ||
		fail "x2 was not torn down while the replay waited: $(dmesg | grep 'replay_delay_ms:' | tail -n 1)"
	refute "KASAN reported a bad access" sh -c 'dmesg | grep -q "BUG: KASAN"'
}

cleanup() {
	kill_all rping iwpmd iwpm-fuzz
	echo 0 >/sys/module/iw_cm/parameters/replay_delay_ms 2>/dev/null
	DPID=
	DPID_x1=
	DPID_x2=
	SPIDS=()
	ip netns delete x1 2>/dev/null
	ip netns delete x2 2>/dev/null
}

show_failure() {
	rdma link show 2>&1
	tail -n 15 "$SYSLOG" 2>/dev/null
}

start_syslog
run_all_scenarios
