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
# scenario prints "iwpm-test: ok NAME" or "iwpm-test: not ok NAME WHY".
#
# Network, inside the guest only: dummy0 in x1 with 192.0.2.60/24.

. "$(dirname "$0")/guest-lib.sh"

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

cleanup() {
	kill_all rping iwpmd
	DPID=
	DPID_x1=
	SPIDS=()
	ip netns delete x1 2>/dev/null
}

show_failure() {
	rdma link show 2>&1
	tail -n 15 "$SYSLOG" 2>/dev/null
}

start_syslog
run_all_scenarios
