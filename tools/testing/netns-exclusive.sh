#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The port mapper in exclusive RDMA netns mode, on the kernel with the
# in-tree series, run inside a guest by guest-init.sh after
# intree-scenarios.sh (UML with KASAN; x86_64 with lockdep and kmemleak).
# An iWARP device and its netdev live in namespace x1, with a wildcard
# listener and iwpmd there and in init_net; then x1 is deleted, which hands
# the device back to init_net from within the namespace's exit, under the
# pernet lock, where rdma_cm offers it to every wildcard listener.  Each
# scenario prints "iwpm-test: ok NAME" or "iwpm-test: not ok NAME WHY".
#
# Network, inside the guest only: dummy1 in x1 with 192.0.2.60/24.

. "$(dirname "$0")/guest-lib.sh"

X1=192.0.2.60
SPIDS=()

# listener NS PORT: a wildcard rping server in NS ("" for init_net), its
# pid appended to SPIDS, returning once it waits for a connection
listener() {
	local pid
	if [ -n "$1" ]; then
		in_net "$1" rping -s -a 0.0.0.0 -p "$2" -P >/dev/null 2>&1 &
	else
		rping -s -a 0.0.0.0 -p "$2" -P >/dev/null 2>&1 &
	fi
	pid=$!
	SPIDS+=("$pid")
	for _ in $(seq 100); do
		[ "$(cat "/proc/$pid/wchan" 2>/dev/null)" = ucma_get_event ] && return 0
		sleep 0.1
	done
	fail "the wildcard listener in ${1:-init_net} on port $2 did not start"
}

# set_mode MODE: rdma system set netns MODE, retried while a namespace
# being deleted still exists (the mode changes only without any)
set_mode() {
	for _ in $(seq 100); do
		rdma system set netns "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# siw_x gone within about ten seconds: its netdev died with x1
siw_x_gone() {
	for _ in $(seq 100); do
		rdma link show 2>/dev/null | grep -q siw_x || return 0
		sleep 0.1
	done
	return 1
}

# The device in x1 is mapped by x1's iwpmd for x1's wildcard listener;
# deleting x1 while init_net has a wildcard listener and its own iwpmd
# gives the device back and removes it, with no kernel report.
scenario_exclusive_netns_device_and_exit() {
	set_mode exclusive || fail "rdma system set netns exclusive failed"
	ip netns add x1 && in_net x1 ip link set lo up &&
		ip link add dummy1 type dummy && ip link set dummy1 netns x1 &&
		in_net x1 ip addr add "$X1/24" dev dummy1 &&
		in_net x1 ip link set dummy1 up ||
		fail "namespace x1 with dummy1"
	rdma link add siw_x type siw netdev dummy1 2>/dev/null ||
		in_net x1 rdma link add siw_x type siw netdev dummy1 ||
		fail "siw on dummy1"
	rdma dev show siw_x >/dev/null 2>&1 && { rdma dev set siw_x netns x1 ||
		fail "rdma dev set siw_x netns x1"; }
	in_net x1 rdma dev show siw_x >/dev/null 2>&1 || fail "siw_x is not in x1"
	ns_daemon x1 iwpmd || fail "iwpmd in x1 did not start"
	start_daemon iwpmd || fail "iwpmd in init_net did not start"
	listener x1 7601
	listener "" 7602
	expect "x1's iwpmd does not map x1's wildcard listener" [ "$(iwpmd_mappings 1 "$DPID_x1")" = 1 ]
	# x1 empty, init_net's listener and daemon still there
	kill "${SPIDS[0]}" "$DPID_x1"
	wait "${SPIDS[0]}" "$DPID_x1" 2>/dev/null
	ip netns delete x1
	expect "siw_x outlived x1" siw_x_gone
}

cleanup() {
	kill_all rping iwpmd
	DPID=
	DPID_x1=
	SPIDS=()
	ip netns delete x1 2>/dev/null
	set_mode shared || echo "iwpm-exclusive: the netns mode stayed exclusive" >&2
}

show_failure() {
	rdma system show 2>&1
	rdma link show 2>&1
	tail -n 15 "$SYSLOG" 2>/dev/null
}

start_syslog
run_all_scenarios
