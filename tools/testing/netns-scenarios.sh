#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two hosts that talk over the wire, on the kernel with the in-tree series,
# run inside the UML guest by guest-init.sh: network namespaces h1 and h2
# joined by a veth pair, siw on each end, and rdma-core's iwpmd in each, so
# that each side is mapped by its own port mapper and its own daemon, and
# the active side's iwpmd asks the passive side's over UDP port 3935.  Each
# scenario is a case of the script's KTAP suite (guest-lib.sh).
#
# Network, inside the guest only: veth1 in h1 (192.0.2.1/24, 2001:db8::1/64)
# and veth2 in h2 (192.0.2.2/24, 2001:db8::2/64).

. "$(dirname "$0")/guest-lib.sh"

H1=192.0.2.1
H2=192.0.2.2
H1_6=2001:db8::1
H2_6=2001:db8::2
FUZZ=$(dirname "$0")/../iwpm-fuzz.py
# What a connect may take: its noise is 0.2-0.6 s (1.4 s seen on a loaded
# machine), the stall it catches 10 s, a request's timeout.
STALL_LIMIT_MS=3000
SPID=

# ns_iwpmd NS: iwpmd in NS (ns_daemon), or the scenario fails
ns_iwpmd() {
	ns_daemon "$1" iwpmd || fail "iwpmd in $1 did not start: $(tail -n 3 "/tmp/daemon-$1.log")"
}

# ns_dump NS: iwpmd_dump of the daemon in NS, each line "NS: ..."
ns_dump() {
	local pid=DPID_$1
	iwpmd_dump "${!pid}" | sed "s/^.*\]: /$1: /"
}

# ns_mappings NS WANT: iwpmd_mappings of the daemon in NS
ns_mappings() {
	local pid=DPID_$1
	iwpmd_mappings "$2" "${!pid}"
}

# server NS ADDR PORT [ARGS...]: rping server in NS, returning once it
# listens
server() {
	local ns=$1 addr=$2 port=$3
	shift 3
	ip netns exec "$ns" rping -s -a "$addr" -p "$port" "$@" \
		>/tmp/rping-server.log 2>&1 &
	SPID=$!
	NETNS=$ns wait_listening "$SPID" "$port" ||
		fail "rping server in $ns is not listening on $port: $(tail -n 2 /tmp/rping-server.log)"
}

# client NS ADDR PORT COUNT: rping client in NS, COUNT pings, which must
# succeed; prints each connect's time in ms as "connect_ms=..."
client() {
	local start end
	start=$(date +%s%N)
	rping_ok timeout 60 ip netns exec "$1" rping -c -a "$2" -p "$3" -C "$4" -V \
		>/tmp/rping-client.log 2>&1 ||
		fail "rping from $1 to $2 port $3 failed: $(tail -n 2 /tmp/rping-client.log)"
	end=$(date +%s%N)
	echo "connect_ms=$(((end - start) / 1000000))"
}

stop_server() {
	kill -TERM "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
}

# rping_between_hosts ADDR PORT: after a first connect, ten connections of
# 10 pings from h1 to h2's ADDR, each under STALL_LIMIT_MS; while one is up,
# each daemon shows its own side's mapping and no other; nothing is left
# afterwards
rping_between_hosts() {
	local addr=$1 port=$2 ms all= worst=0 cpid
	ns_iwpmd h1
	ns_iwpmd h2
	server h2 "$addr" "$port" -P
	expect "h2's iwpmd does not show h2's listener" [ "$(ns_mappings h2 1)" = 1 ]
	expect "h1's iwpmd shows a mapping of h2's listener" [ "$(ns_mappings h1 0)" = 0 ]
	# The first connect between the hosts takes 2.1 s, with or without a
	# port mapper (measured here): rdma_cm resolving the neighbour.
	client h1 "$addr" "$port" 1 >/dev/null
	for _ in $(seq 10); do
		ms=$(client h1 "$addr" "$port" 10) || exit 1
		ms=${ms#connect_ms=}
		all="$all $ms"
		[ "$ms" -le "$worst" ] || worst=$ms
	done
	echo "iwpm-netns: rping h1 -> h2 $addr: 10 runs of 10 pings, ms:$all"
	expect "an rping run took ${worst} ms (limit $STALL_LIMIT_MS)" [ "$worst" -lt "$STALL_LIMIT_MS" ]
	# one connection held open, while both daemons show what they map
	ip netns exec h1 rping -c -a "$addr" -p "$port" -C 100000000 \
		>/dev/null 2>&1 &
	cpid=$!
	expect "h1's iwpmd does not show h1's connection" [ "$(ns_mappings h1 1)" = 1 ]
	{ ns_dump h1; ns_dump h2; } | sed "s/^/iwpm-netns: /"
	kill -TERM "$cpid"
	wait "$cpid" 2>/dev/null
	stop_server
	expect "h2's iwpmd kept mappings" [ "$(ns_mappings h2 0)" = 0 ]
	expect "h1's iwpmd kept mappings" [ "$(ns_mappings h1 0)" = 0 ]
	ns_daemon_stop h1
	ns_daemon_stop h2
}

scenario_rping_between_hosts_v4() {
	rping_between_hosts "$H2" 7301
}

scenario_rping_between_hosts_v6() {
	rping_between_hosts "$H2_6" 7302
}

# While h2's server listens, iwpmd in h2 restarts: h2's kernel replays the
# listener's mapping to h2's new daemon, and h1's daemon gets nothing.
scenario_restart_in_h2_replays_to_h2_only() {
	ns_iwpmd h1
	ns_iwpmd h2
	server h2 "$H2" 7303 -P
	expect "h2's iwpmd does not show h2's listener" [ "$(ns_mappings h2 1)" = 1 ]
	ns_daemon_stop h2
	ns_iwpmd h2
	expect "the restarted iwpmd in h2 did not get h2's listener back" \
		[ "$(ns_mappings h2 1)" = 1 ]
	expect "h1's iwpmd got a mapping of h2" [ "$(ns_mappings h1 0)" = 0 ]
	client h1 "$H2" 7303 5 >/dev/null
	stop_server
	# what each kernel instance still holds, read by a restarted daemon
	ns_daemon_stop h1
	ns_daemon_stop h2
	ns_iwpmd h1
	ns_iwpmd h2
	expect "h1's kernel replayed mappings" [ "$(ns_mappings h1 0)" = 0 ]
	expect "h2's kernel replayed mappings" [ "$(ns_mappings h2 0)" = 0 ]
	ns_daemon_stop h1
	ns_daemon_stop h2
}

# Root in h1 cannot affect h2's port mapper: with a user namespace of its
# own it has no CAP_NET_ADMIN over h1, and every message and the group are
# refused; as root of the guest it reaches h1's port mapper only.
scenario_root_in_h1_cannot_touch_h2() {
	ns_iwpmd h2
	server h2 "$H2" 7304 -P
	expect "h2's iwpmd does not show h2's listener" [ "$(ns_mappings h2 1)" = 1 ]
	expect "root in h1 with its own user namespace got something but -EPERM" \
		ip netns exec h1 unshare -U -r python3 "$FUZZ" --probe --clients 2
	expect "root of its own user and network namespace got something but -EPERM" \
		unshare -Urn python3 "$FUZZ" --probe --clients 2
	ip netns exec h1 python3 "$FUZZ" --count "${IWPM_FUZZ_COUNT:-5000}" \
		--clients 2 >&2 || fail "fuzzer in h1 failed"
	expect "h2's listener changed" [ "$(ns_mappings h2 1)" = 1 ]
	client h1 "$H2" 7304 5 >/dev/null
	stop_server
	expect "h2's iwpmd kept mappings" [ "$(ns_mappings h2 0)" = 0 ]
	ns_daemon_stop h2
}

# --- No namespace makes another wait (Documentation/security.rst) ---
#
# siw on dummy0 in init_net (192.0.2.100), no daemon anywhere, and root's
# rping server there.  An attacker running as nobody joins the port
# mapper's multicast group (or tries to), never answers, and loops wildcard
# rdma_listen()s, each of which rdma_cm attaches to every device while it
# holds its global lock.  Linux 6.12 with the first 23 patches of this
# series: each listen waited 10 s for the silent group member of the
# attacker's own namespace, and root's connects in init_net with it (9.15 s
# measured).  Root's connect must stay within its own noise: 3 s separates
# its 0.2-0.4 s from the 10 s stall.

ROOT_ADDR=192.0.2.100

# attacker OWN_NS SECONDS: stall-attacker.py SECONDS as nobody, in a user
# and network namespace of its own if OWN_NS is 1
attacker() {
	local unshare=()
	[ "$1" = 1 ] && unshare=(unshare -Urn)
	setpriv --reuid=65534 --regid=65534 --clear-groups -- "${unshare[@]}" \
		python3 "$(dirname "$0")/stall-attacker.py" "$2"
}

# victim_ms N: N connects of root's rping in init_net; prints their ms
victim_ms() {
	local start end all=
	for _ in $(seq "$1"); do
		start=$(date +%s%N)
		rping_ok timeout 60 rping -c -a "$ROOT_ADDR" -p 7399 -C 1 >/dev/null 2>&1 ||
			fail "root's rping in init_net failed"
		end=$(date +%s%N)
		all="$all $(((end - start) / 1000000))"
	done
	echo "$all"
}

max_of() {
	echo "$@" | tr ' ' '\n' | sort -n | tail -n 1
}

# root_server: siw on dummy0 in init_net, root's rping server on it
root_server() {
	setup_dummy0 "$ROOT_ADDR/24" && rdma link add siw_root type siw netdev dummy0 ||
		fail "siw on dummy0 in init_net"
	rping -s -P -a "$ROOT_ADDR" -p 7399 >/tmp/rping-server.log 2>&1 &
	SPID=$!
	wait_listening "$SPID" 7399 || fail "root's rping server is not listening"
}

# no_stall OWN_NS LABEL: the attack, and root's connects with and without it
no_stall() {
	local before during after apid worst
	sysctl -qw kernel.unprivileged_userns_clone=1 2>/dev/null
	root_server
	before=$(victim_ms 3) || exit 1
	attacker "$1" 14 >/tmp/attacker.log 2>&1 &
	apid=$!
	wait_line /tmp/attacker.log 'joined\|refused' 100 || fail "the attacker did not start"
	sleep 2		# the attacker's first listens are under way
	during=$(victim_ms 4) || exit 1
	wait "$apid"
	after=$(victim_ms 3) || exit 1
	echo "iwpm-netns: stall $2: attacker $(tr '\n' ' ' </tmp/attacker.log)"
	echo "iwpm-netns: stall $2: root's connect ms before:$before during:$during after:$after"
	grep -q '^listens=[1-9]' /tmp/attacker.log || fail "the attacker made no listen"
	worst=$(max_of $during)
	expect "root's connect took $worst ms during the attack (limit $STALL_LIMIT_MS)" \
		[ "$worst" -lt "$STALL_LIMIT_MS" ]
}

scenario_nobody_with_own_userns_stalls_nobody() {
	no_stall 1 "nobody with its own user and network namespace"
	grep -q '^refused' /tmp/attacker.log ||
		fail "nobody joined the port mapper group of its own namespace"
}

scenario_nobody_in_init_net_stalls_nobody() {
	no_stall 0 "nobody in init_net"
	grep -q '^refused' /tmp/attacker.log ||
		fail "nobody joined init_net's port mapper group"
}

# --- A stopped daemon delays only its own namespace ---
#
# h1's iwpmd, h1's daemon, is stopped (SIGSTOP): each mapping request in h1
# waits for it until its timeout (10 s).  A wildcard listen in h1 waits so
# for its child on siw_h1, and so does the child made for it on a device
# added to h1.  Linux 6.12, and this series before patch 25 ("RDMA/cma: Do
# not wait for the port mapper with the global lock held"), waited with
# rdma_cm's global lock held: every connect and listen of the host, in
# every namespace, waited as long.  Root's connects in init_net (siw_root,
# no daemon) must stay within their noise meanwhile.

# cm_id_on DEV PORT: rdma_cm has an id of DEV on PORT, in any state
cm_id_on() {
	rdma res show cm_id 2>/dev/null | grep -qE "$1/.* src-addr [^ ]*:$2( |\$)"
}

# victims_since NS BYTES: once more than BYTES wait for NS's stopped daemon
# (a request was sent), root's connect ms in init_net, then the ms from
# then to the end of the last connect, which must be under the request's
# 10 s timeout for the connects to have run while it waited
victims_since() {
	local start
	eventually 100 pm_asked "$2" "/run/netns/$1" ||
		fail "nothing was asked of $1's stopped iwpmd"
	start=$(date +%s%N)
	victim_ms 3 || exit 1
	echo $((($(date +%s%N) - start) / 1000000))
}

# unstalled WHAT OUT: root's connects while WHAT waited for h1's stopped
# daemon, OUT as victims_since printed it: each under STALL_LIMIT_MS, and
# all over within the request's timeout
unstalled() {
	local during=${2%%$'\n'*} waited=${2#*$'\n'} worst
	echo "iwpm-netns: stopped daemon in h1: root's connect ms during $1:$during"
	worst=$(max_of $during)
	expect "root's connect took $worst ms while $1 waited (limit $STALL_LIMIT_MS)" \
		[ "$worst" -lt "$STALL_LIMIT_MS" ]
	expect "root's connects ended ${waited} ms after the request of $1, past its timeout" \
		[ "$waited" -lt 9000 ]
}

# h1_add_start: siw_h1b on dummy1, a new device in h1, added in the
# background (APID; QUEUED the bytes waiting for h1's daemon before) while
# h1's wildcard listener listens and its daemon is stopped: the add waits
# for the daemon with its listen on siw_h1b
h1_add_start() {
	ip -n h1 link add dummy1 type dummy && ip -n h1 addr add 192.0.2.11/32 dev dummy1 &&
		ip -n h1 link set dummy1 up || fail "dummy1 in h1"
	QUEUED=$(pm_queued /run/netns/h1)
	in_net h1 rdma link add siw_h1b type siw netdev dummy1 &
	APID=$!
}

scenario_stopped_daemon_delays_only_its_namespace() {
	local before out APID QUEUED hpid
	root_server
	ns_iwpmd h1
	before=$(victim_ms 3) || exit 1
	kill -STOP "$DPID_h1"
	QUEUED=$(pm_queued /run/netns/h1)
	ip netns exec h1 rping -s -P -a 0.0.0.0 -p 7320 >/dev/null 2>&1 &
	hpid=$!
	echo "iwpm-netns: stopped daemon in h1: root's connect ms before:$before"
	out=$(victims_since h1 "$QUEUED") || exit 1
	unstalled "h1's listen" "$out"
	h1_add_start
	out=$(victims_since h1 "$QUEUED") || exit 1
	wait "$APID"
	unstalled "siw_h1b's add" "$out"
	kill -CONT "$DPID_h1"
	in_net h1 rdma link show siw_h1b/1 >/dev/null 2>&1 || fail "siw_h1b was not added"
	# siw listens on a wildcard address bound to its netdev, which takes no
	# connection from the guest itself: its socket, in h1, is the proof
	expect "h1's listener does not listen on siw_h1b, in h1" \
		sh -c "ip netns exec h1 ss -tln | grep -q '%dummy1:7320 '"
	kill -TERM "$hpid"
	wait "$hpid" 2>/dev/null
	in_net h1 rdma link delete siw_h1b || fail "siw_h1b could not be deleted"
	refute "an id is left on port 7320" sh -c "rdma res show cm_id | grep -q ':7320 '"
	stop_server
}

# While h1's daemon is stopped, siw_h1b is deleted while its add waits with
# the listen of its child for h1's wildcard listener, which ends once the
# listen does (at most the 10 s timeout); and a wildcard listener killed
# while its own listen waits exits at once (the series before this fix:
# 10.1 s).  Neither leaves an id behind.
scenario_pending_iwarp_listens_are_torn_down() {
	local ms pid APID QUEUED
	ns_iwpmd h1
	server h1 0.0.0.0 7321 -P
	kill -STOP "$DPID_h1"
	h1_add_start
	eventually 100 pm_asked "$QUEUED" /run/netns/h1 ||
		fail "adding siw_h1b asked nothing of h1's stopped iwpmd"
	ms=$(timed_ms in_net h1 rdma link delete siw_h1b)
	wait "$APID"
	echo "iwpm-netns: stopped daemon in h1: deleting siw_h1b took $ms ms"
	rdma_link_absent siw_h1b || fail "siw_h1b was not deleted"
	expect "deleting siw_h1b took $ms ms (limit 15000)" [ "$ms" -lt 15000 ]
	refute "an id is left on siw_h1b" cm_id_on siw_h1b 7321
	stop_server
	ms=$(pm_queued /run/netns/h1)
	ip netns exec h1 rping -s -a 0.0.0.0 -p 7322 >/dev/null 2>&1 &
	pid=$!
	eventually 100 pm_asked "$ms" /run/netns/h1 || fail "h1's listen asked nothing of h1's stopped iwpmd"
	kill -KILL "$pid"
	ms=$(exit_ms "$pid" 15000)
	echo "iwpm-netns: stopped daemon in h1: a killed waiting listener exited after $ms ms"
	expect "a killed listener took $ms ms to exit (limit $STALL_LIMIT_MS)" [ "$ms" -lt "$STALL_LIMIT_MS" ]
	wait "$pid" 2>/dev/null
	refute "an id is left on port 7322" sh -c "rdma res show cm_id | grep -q ':7322 '"
	kill -CONT "$DPID_h1"
}

# --- Which namespace maps a wildcard listen (Documentation/driver-api.rst) ---

# A device whose netdev was moved into h2 serves h2's wildcard listener,
# mapped by h2's iwpmd.  siw_root, whose netdev stayed in init_net, serves
# init_net's wildcard listener and no listener of c1, a namespace with a
# device of its own (siw_c1), which serves c1's listener and not
# init_net's; each is mapped by its own namespace's iwpmd only.  Linux 6.12
# with the first 23 patches attached every device to every wildcard
# listener.
scenario_wildcard_listen_maps_where_the_device_is() {
	local root_dpid
	setup_dummy0 "$ROOT_ADDR/24" && rdma link add siw_root type siw netdev dummy0 ||
		fail "siw on dummy0 in init_net"
	ns_host c1 192.0.2.80 && in_net c1 rdma link add siw_c1 type siw netdev dummy0 ||
		fail "namespace c1 with siw on its dummy0"
	start_daemon iwpmd || fail "iwpmd in init_net did not start"
	root_dpid=$DPID
	ns_iwpmd h1
	ns_iwpmd h2
	ns_iwpmd c1
	server h2 0.0.0.0 7310 -P
	expect "h2's iwpmd does not map h2's wildcard listener" [ "$(ns_mappings h2 1)" = 1 ]
	expect "h1's iwpmd maps h2's wildcard listener" [ "$(ns_mappings h1 0)" = 0 ]
	client h1 "$H2" 7310 2 >/dev/null
	stop_server
	rping -s -a 0.0.0.0 -p 7312 -P >/dev/null 2>&1 &
	wait_listening $! 7312 || fail "init_net's wildcard listener did not start"
	refute "siw_c1, whose netdev is in c1, serves init_net's wildcard listener" \
		sh -c "rdma res show cm_id | grep -qE 'siw_c1/.*state LISTEN .*:7312( |\$)'"
	expect "init_net's iwpmd does not map init_net's wildcard listener" \
		[ "$(iwpmd_mappings 1 "$root_dpid")" = 1 ]
	server c1 0.0.0.0 7311 -P
	expect "c1's listener is not on siw_c1" \
		sh -c "rdma res show cm_id | grep -qE 'siw_c1/.*state LISTEN .*:7311( |\$)'"
	refute "siw_root, in init_net, serves c1's wildcard listener" \
		sh -c "rdma res show cm_id | grep -qE 'siw_root/.*state LISTEN .*:7311( |\$)'"
	expect "c1's iwpmd does not map c1's wildcard listener" [ "$(ns_mappings c1 1)" = 1 ]
	expect "init_net's iwpmd maps c1's wildcard listener" \
		[ "$(iwpmd_mappings 1 "$root_dpid")" = 1 ]
	stop_server
}

# --- A daemon that stops reading blocks nobody ---

# h2 has 40 mapped listeners when a root process there becomes the daemon
# (MAPINFO) and never reads: the replay to it fills its socket.  Then a
# listener killed with SIGKILL exits at once, never waiting for the replay,
# and a new connect in h2 and one from h1 take well under 10 s: h2's real
# iwpmd, which still listens to the group, answers the registration and is
# the daemon again, as with Linux 6.12 (the series before this fix refused
# its answer and waited 10 s for the staller's).
scenario_daemon_that_stops_reading_blocks_nobody() {
	local i pids=() victim ms ms_h2 ms_h1
	ns_iwpmd h1
	ns_iwpmd h2
	for i in $(seq 40); do
		server h2 "$H2" $((7500 + i)) -P
		pids+=("$SPID")
	done
	SPID=
	expect "h2's iwpmd does not map the 40 listeners" [ "$(ns_mappings h2 40)" = 40 ]
	# the first connect between the hosts resolves the neighbour (2 s)
	client h1 "$H2" 7503 1 >/dev/null
	ip netns exec h2 python3 "$FUZZ" --stall 60 >/tmp/staller.log 2>&1 &
	wait_line /tmp/staller.log 'stalling' 100 || fail "the staller did not start"
	victim=${pids[0]}
	kill -KILL "$victim"
	ms=$(exit_ms "$victim" 10000)
	echo "iwpm-netns: stalled daemon in h2: a killed listener exited after $ms ms"
	expect "a listener killed during the stalled replay took $ms ms to exit (limit $STALL_LIMIT_MS)" \
		[ "$ms" -lt "$STALL_LIMIT_MS" ]
	ms_h2=$(timed_ms timeout 60 ip netns exec h2 rping -c -a "$H2" -p 7502 -C 1)
	ms_h1=$(timed_ms timeout 60 ip netns exec h1 rping -c -a "$H2" -p 7503 -C 1)
	echo "iwpm-netns: stalled daemon in h2: connect ms in h2 $ms_h2, from h1 $ms_h1"
	expect "a connect in h2 took $ms_h2 ms (limit $STALL_LIMIT_MS)" [ "$ms_h2" -lt "$STALL_LIMIT_MS" ]
	expect "a connect from h1 took $ms_h1 ms (limit $STALL_LIMIT_MS)" [ "$ms_h1" -lt "$STALL_LIMIT_MS" ]
	kill "${pids[@]}" 2>/dev/null
	wait "${pids[@]}" 2>/dev/null
	return 0
}

# --- iw_cm holds its own reference to the namespace ---

# A kernel rdma_cm user (iwcm_ulp_test, built into the test kernel only)
# in namespace u1 connects to an rping server in namespace s1 (a veth pair
# between them, siw and iwpmd on each side), mapped by u1's iwpmd.  u1's
# daemon stops, u1 loses its name, and the server exits: the user's id
# holds u1's last reference when its handler returns 1 on DISCONNECTED, as
# xprtrdma's does, and rdma_cm destroys it.  iw_cm removes the mapping
# 500 ms later (the test kernel's destroy_delay_ms).  The series before
# this fix borrowed rdma_cm's reference: u1 and its port mapper could be
# freed in those 500 ms, and KASAN would report iw_cm's use of them.
scenario_ulp_destroying_its_id_on_disconnect() {
	local spid est dis rc knob=/sys/module/iw_cm/parameters/destroy_delay_ms
	[ -w /sys/module/iwcm_ulp_test/parameters/connect ] && [ -w "$knob" ] ||
		fail "the test kernel has no iwcm_ulp_test or destroy_delay_ms"
	ip netns add u1 && ip netns add s1 &&
		ip link add vu1 type veth peer name vs1 &&
		ip link set vu1 netns u1 && ip link set vs1 netns s1 ||
		fail "namespaces u1 and s1 with a veth pair"
	for h in u1:vu1:192.0.2.70 s1:vs1:192.0.2.71; do
		IFS=: read -r ns dev addr <<<"$h"
		in_net "$ns" ip link set lo up && in_net "$ns" ip addr add "$addr/24" dev "$dev" &&
			in_net "$ns" ip link set "$dev" up &&
			in_net "$ns" rdma link add "siw_$ns" type siw netdev "$dev" ||
			fail "siw on $dev in $ns"
	done
	ns_iwpmd u1
	ns_iwpmd s1
	ip netns exec s1 rping -s -a 192.0.2.71 -p 7700 -P >/tmp/rping-s1.log 2>&1 &
	spid=$!
	NETNS=s1 wait_listening "$spid" 7700 || fail "rping server in s1 is not listening"
	est=$(kmsg_count 'iwcm-ulp: established')
	dis=$(kmsg_count 'iwcm-ulp: disconnected')
	in_net u1 sh -c 'echo 192.0.2.71:7700 >/sys/module/iwcm_ulp_test/parameters/connect' ||
		fail "the kernel user could not connect: $(dmesg | grep iwcm-ulp | tail -n 1)"
	wait_kmsg 'iwcm-ulp: established' $((est + 1)) || fail "the kernel user's connection was not established"
	expect "u1's iwpmd does not map the kernel user's connection" [ "$(ns_mappings u1 1)" = 1 ]
	echo 500 >"$knob"
	ns_daemon_stop u1
	ip netns delete u1
	kill -TERM "$spid"
	wait "$spid" 2>/dev/null
	wait_kmsg 'iwcm-ulp: disconnected' $((dis + 1)) || fail "the kernel user saw no DISCONNECTED"
	# u1 goes, and siw_u1 with its netdev, once nothing holds u1
	rdma_link_gone siw_u1
	rc=$?
	echo 0 >"$knob"
	[ $rc = 0 ] || fail "siw_u1 outlived u1"
	refute "KASAN reported a bad access" sh -c 'dmesg | grep -q "BUG: KASAN"'
}

# --- A namespace nobody maps in has no port mapper ---
#
# netns-memory.py makes rounds of 200 namespaces, "refused" and "used" in
# turn: root sends the port mapper of each one HELLO, without CAP_NET_ADMIN
# in a refused round (it must get -EPERM) and with it in a used one (it
# must get the kernel's HELLO), which makes that namespace's port mapper.
# Both kinds open, use and close the same socket and skbs; only a used
# namespace has a port mapper, so it costs more slab by the size of an
# instance and its two hash tables.  The series before made an instance
# with every namespace, idle or not: no difference.
scenario_idle_namespaces_have_no_port_mapper() {
	local out refused used
	out=$(python3 "$(dirname "$0")/netns-memory.py" --count 200 --rounds 4) ||
		fail "netns-memory.py failed: $out"
	echo "$out"
	refused=$(awk '$3 == "refused" { v = substr($4, 6) + 0; if (v > m) m = v }
		END { print m + 0 }' <<<"$out")
	used=$(awk '$3 == "used" { v = substr($4, 6) + 0; if (n++ == 0 || v < m) m = v }
		END { print m + 0 }' <<<"$out")
	expect "a used namespace costs $used B of slab, a refused one $refused B: the refused one has a port mapper" \
		[ $((used - refused)) -ge 4096 ]
}

cleanup() {
	kill_all rping iwpmd iwpm-joiner iwpm-fuzz
	rdma link delete siw_root 2>/dev/null
	ip link delete dummy0 2>/dev/null
	in_net h1 rdma link delete siw_h1b 2>/dev/null
	ip -n h1 link delete dummy1 2>/dev/null
	in_net c1 rdma link delete siw_c1 2>/dev/null
	ip netns delete c1 2>/dev/null
	ip netns delete u1 2>/dev/null
	ip netns delete s1 2>/dev/null
	DPID_c1=
	DPID_u1=
	DPID_s1=
	DPID=
	DPID_h1=
	DPID_h2=
}

show_failure() {
	echo "--- rping server log ---"
	tail -n 5 /tmp/rping-server.log 2>/dev/null
	echo "--- syslog ---"
	tail -n 15 "$SYSLOG" 2>/dev/null
}

# setup_host NS DEV ADDR ADDR6 SIW: DEV into NS with its addresses, siw on it
setup_host() {
	ip link set "$2" netns "$1" &&
		ip -n "$1" link set lo up &&
		ip -n "$1" addr add "$3/24" dev "$2" &&
		ip -n "$1" -6 addr add "$4/64" dev "$2" nodad &&
		ip -n "$1" link set "$2" up &&
		ip netns exec "$1" rdma link add "$5" type siw netdev "$2"
}

start_syslog
plan setup -- $(scenarios)
# a guest whose tree is under /tmp shares the host's /run: names an earlier
# guest left there are no namespaces of this one
ip netns delete h1 2>/dev/null
ip netns delete h2 2>/dev/null
if ! ip netns add h1 || ! ip netns add h2 ||
   ! ip link add veth1 type veth peer name veth2 ||
   ! setup_host h1 veth1 "$H1" "$H1_6" siw_h1 ||
   ! setup_host h2 veth2 "$H2" "$H2_6" siw_h2; then
	report setup 1 "h1 and h2 joined by a veth pair, siw on each end"
	plan_end
	exit 0
fi
report setup 0
run_scenarios
ip netns delete h1
ip netns delete h2
