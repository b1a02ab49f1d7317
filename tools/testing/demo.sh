#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, inside the UML guest: a simulated iWARP driver listens,
# connects, accepts and closes through the port mapper while the daemon
# (iwpm-testd, or rdma-core's iwpmd with IWPM_DAEMON=iwpmd) restarts once.
# Every NETLINK_RDMA message is shown as it happens, and the mapping tables
# after each step.  With IWPM_NETNS=1, two hosts instead: namespaces h1 and
# h2, each with its own daemon, every message labelled with its namespace.
# Its result is a KTAP suite of one case, every_step (guest-lib.sh): "ok 1
# every_step", or "not ok 1 every_step" after "# every_step: WHAT FAILED".

DAEMON=${IWPM_DAEMON:-testd}
D=/sys/kernel/debug
STATE=$D/iwpm/state
SIM=$D/iwsim/nes
TRACE=$D/iwpm/trace
here=$(dirname "$0")
shown=0
n=0

. "$here/guest-lib.sh"
plan every_step --

die() {
	echo
	report every_step 1 "$*"
	plan_end
	exit 1
}

step() {
	n=$((n + 1))
	printf '\n== %d. %s\n' "$n" "$1"
}

# Wait until $1 (a command) succeeds, at most two seconds.
wait_for() {
	eventually 20 eval "$1"
}

# The messages exchanged since the last call, labelled with their network
# namespace when $NAMES (INODE=NAME,...) is set.
messages() {
	local out
	sleep 0.3
	echo "  messages:"
	out=$(python3 "$here/../iwpm-trace.py" --after "$shown" \
		${NAMES:+--netns "$NAMES"} "$TRACE")
	echo "${out:-    (none)}"
	shown=$(tail -n 1 "$TRACE" | cut -d' ' -f1)
	shown=${shown:-0}
}

tables() {
	echo "  kernel port mapper: $(grep '^daemon:' "$STATE")"
	if grep -qE '^(mapping|reminfo):' "$STATE"; then
		grep -E '^(mapping|reminfo):' "$STATE" | sed 's/^/    /'
	else
		echo "    (no mappings)"
	fi
	echo "  driver connections:"
	local conns
	conns=$(sed 's/ remote=(einval) mapped_remote=(einval)//; s/^/    /' "$SIM/connections")
	echo "${conns:-    (none)}"
}

# The daemon, by the helper every guest script uses, until the kernel
# knows it.
demo_daemon_start() {
	if [ "$DAEMON" = iwpmd ]; then
		start_daemon iwpmd
	else
		start_daemon testd --remote-info /tmp/remote-info
	fi || die "the daemon did not start"
	wait_for '[ "$(grep -o "known=[01]" $STATE)" = known=1 ]' ||
		die "the daemon did not introduce itself"
}

field() { # ID KEY
	grep "^id=$1 " "$SIM/connections" | tr ' ' '\n' | sed -n "s/^$2=//p"
}

setup() {
	setup_dummy0 192.0.2.1/24 || die "network setup"
	start_syslog
	insmod "$IWPM_DIR/iwpm.ko" timeout_ms=3000 || die "insmod iwpm"
	echo 1 >$D/iwpm/trace_enable
	insmod "$IWPM_DIR/iwsim.ko" clients=nes || die "insmod iwsim"
	sleep 0.3
}

# ns_tables NS: what NS's port mapper holds
ns_tables() {
	local held
	echo "  $1's port mapper: $(in_net "$1" grep '^daemon:' "$STATE")"
	held=$(in_net "$1" grep -E '^(mapping|reminfo):' "$STATE" | sed 's/^/    /')
	echo "${held:-    (no mappings)}"
}

ns_daemon_start() {
	ns_daemon "$1" testd || die "the daemon in $1 did not start"
	wait_for "[ \"\$(in_net $1 grep -o 'known=[01]' $STATE)\" = known=1 ]" ||
		die "the daemon in $1 did not introduce itself"
}

# make demo NETNS=1: two hosts, h1 and h2, each with its own port mapper
netns_demo() {
	ns_host h1 192.0.2.1 && ns_host h2 192.0.2.2 || die "namespaces h1, h2"
	NAMES=$(stat -L -c %i /run/netns/h1)=h1,$(stat -L -c %i /run/netns/h2)=h2
	start_syslog
	insmod "$IWPM_DIR/iwpm.ko" timeout_ms=3000 || die "insmod iwpm"
	echo 1 >$D/iwpm/trace_enable
	insmod "$IWPM_DIR/iwsim.ko" clients=nes || die "insmod iwsim"
	echo "iWARP port mapper demo: two hosts, h1 (192.0.2.1) and h2 (192.0.2.2),"
	echo "each a network namespace with its own iwpm-testd; driver iwsim"

	step "A daemon starts in each namespace and introduces itself to its own"
	ns_daemon_start h1
	ns_daemon_start h2
	messages
	ns_tables h1
	ns_tables h2

	step "A process in h2 listens on 192.0.2.2:7174: h2's daemon maps it"
	in_net h2 sh -c "echo '192.0.2.2 7174' >$SIM/listen" || die "listen"
	messages
	ns_tables h1
	ns_tables h2
	[ "$(field 1 mapped)" = 1 ] || die "the listener was not mapped"

	step "A process in h1 connects 192.0.2.1:40000 -> 192.0.2.2:7174: h1's daemon maps it"
	in_net h1 sh -c "echo '192.0.2.1 40000 192.0.2.2 7174' >$SIM/connect" ||
		die "connect"
	messages
	ns_tables h1
	ns_tables h2
	[ "$(field 2 mapped)" = 1 ] || die "the connection was not mapped"

	step "h2's daemon restarts: h2's kernel replays h2's mapping, to h2 only"
	ns_daemon_stop h2
	ns_daemon_start h2
	wait_for "in_net h2 grep -q replays=1 $STATE" || die "no replay in h2"
	messages
	ns_tables h1
	ns_tables h2
	in_net h1 grep -q replays=0 "$STATE" || die "h1 got a replay"

	step "Both close: each daemon releases its own port"
	echo 2 >"$SIM/close" && echo 1 >"$SIM/close" || die "close"
	messages
	ns_tables h1
	ns_tables h2
	in_net h1 grep -qE '^mapping:' "$STATE" && die "mappings left in h1"
	in_net h2 grep -qE '^mapping:' "$STATE" && die "mappings left in h2"
	ns_daemon_stop h1
	ns_daemon_stop h2
	rmmod iwsim || die "rmmod iwsim"
	ip -all netns delete
	rmmod iwpm || die "rmmod iwpm"
	echo
	report every_step 0
	plan_end
}

if [ -n "${IWPM_NETNS:-}" ]; then
	netns_demo
	exit
fi

setup
echo "iWARP port mapper demo: daemon $DAEMON, driver iwsim (nes client)"

step "The port mapper daemon ($DAEMON) starts and introduces itself"
demo_daemon_start
messages
tables

step "The driver listens on 192.0.2.1:7174: register, then map the port"
echo "192.0.2.1 7174" >"$SIM/listen" || die "listen"
messages
tables
[ "$(field 1 mapped)" = 1 ] || die "the listener was not mapped"

step "The driver connects 192.0.2.1:40000 -> 192.0.2.1:7174: map both ends"
echo "192.0.2.1 40000 192.0.2.1 7174" >"$SIM/connect" || die "connect"
messages
tables
[ "$(field 2 mapped)" = 1 ] || die "the connection was not mapped"
# The remote side's port mapper (here the same daemon) reports the
# listener's mapped port, which is where the connection really goes.
[ "$(field 2 mapped_remote)" = "$(field 1 mapped_local)" ] ||
	die "the connect's mapped remote is not the listener's mapped address"

step "The listener's port mapper learns the connecting peer (REMOTE_INFO)"
if [ "$DAEMON" != iwpmd ]; then
	# iwpmd's peer does this over the wire; the test daemon is told to.
	echo "2 192.0.2.1:7174 192.0.2.1:40000 $(field 1 mapped_local) $(field 2 mapped_local)" \
		>/tmp/remote-info
	kill -USR2 "$DPID"
fi
wait_for 'grep -q "^reminfo:" $STATE' || die "no remote info reached the kernel"
messages
tables

step "The listener accepts the connection: the driver asks for its real remote"
echo "1 192.0.2.1 $(field 2 mapped_local | sed 's/.*://')" >"$SIM/accept" ||
	die "accept"
messages
tables
[ "$(field 3 remote)" = 192.0.2.1:40000 ] || die "accept saw remote $(field 3 remote)"

step "The daemon restarts: the kernel replays its mappings"
stop_daemon
demo_daemon_start
wait_for 'grep -q "replays=1" $STATE' || die "the mappings were not replayed"
messages
tables
grep -q 'replay_mismatch=0' "$STATE" || die "the daemon acknowledged a different count"

step "The driver closes everything: the daemon releases the ports"
for id in 3 2 1; do
	echo "$id" >"$SIM/close" || die "close $id"
done
messages
tables
grep -qE '^(mapping|reminfo):' "$STATE" && die "mappings left behind"
[ "$(cat $D/iwsim/objects)" = 0 ] || die "connections left behind"

stop_daemon
rmmod iwsim || die "rmmod iwsim"
rmmod iwpm || die "rmmod iwpm"
echo
report every_step 0
plan_end
