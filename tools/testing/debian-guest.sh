#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside Debian's own kernel (debian-e2e.sh): load the RDMA stack the way an
# operator's modprobe does, from the unpacked linux-image in
# $IWPM_DEBIAN_ROOT, where the DKMS iw_cm.ko sits under updates/; check that
# it, not Debian's, is the one running; run the in-tree scenarios on it
# (siw, iwpmd, rping, cmtime, the probes); then unload it all.  With
# IWPM_DEBIAN_STOCK (debian-e2e.sh --stock), Debian's own iw_cm.ko is the
# one loaded, and only the unprivileged probe runs: it must hang.

. "$(dirname "$0")/guest-lib.sh"

ROOT=$IWPM_DEBIAN_ROOT
VERSION=$("$IWPM_DIR/compat/dkms/build.sh" --version)

mp() {
	modprobe -d "$ROOT" "$@"
}

scenario_modprobe_loads_the_dkms_iw_cm() {
	expect "modprobe rdma_ucm failed" mp rdma_ucm
	expect "modprobe siw failed" mp siw
	expect "modprobe dummy failed" mp dummy
	expect "modprobe does not take iw_cm from updates/" \
		sh -c "modinfo -b '$ROOT' -F filename iw_cm | grep -q /updates/"
	expect "the iw_cm running is not version $VERSION of this project" \
		[ "$(cat /sys/module/iw_cm/version 2>/dev/null)" = "$VERSION" ]
	echo "iw_cm: $(modinfo -b "$ROOT" -F port_mapper iw_cm)"
}

# What the package is for: with Debian's own iw_cm, a process without any
# privilege, probing the port mapper with one message of each kind while
# iwpmd runs, never comes back (its HELLO is answered into the kernel's own
# socket, and the answer waits for the probe's dump mutex).
scenario_stock_iw_cm_lets_an_unprivileged_prober_hang() {
	local rc
	expect "modprobe failed" mp -a rdma_ucm siw dummy
	expect "iw_cm is not Debian's" \
		sh -c "modinfo -b '$ROOT' -F filename iw_cm | grep -q /kernel/"
	expect "no siw0" setup_dummy0 192.0.2.1/24
	expect "no siw0" rdma link add siw0 type siw netdev dummy0
	start_syslog
	expect "iwpmd did not start" start_daemon iwpmd
	unprivileged_probe "iwpm-stock: unprivileged=" --group-open
	rc=$?
	expect "the unprivileged probe did not hang (exit $rc)" [ "$rc" = 2 ]
}

# Nothing holds iw_cm once its users are gone: it unloads, and the kernel
# has nothing to say about it.
scenario_everything_unloads() {
	rdma link delete siw0 2>/dev/null
	ip link delete dummy0 2>/dev/null
	expect "modprobe -r failed" mp -r rdma_ucm rdma_cm iw_cm siw
	refute "iw_cm is still loaded" [ -d /sys/module/iw_cm ]
	refute "the kernel complained" sh -c "dmesg | grep -E 'BUG|WARNING|iwpm.*leak'"
}

cleanup() {
	:
}

show_failure() {
	dmesg | tail -n 10
}

# one_scenario NAME: a suite of scenario NAME alone
one_scenario() {
	plan "$1"
	run_scenario "$1"
	plan_end
}

if [ -n "${IWPM_DEBIAN_STOCK:-}" ]; then
	one_scenario stock_iw_cm_lets_an_unprivileged_prober_hang
	exit 0
fi
one_scenario modprobe_loads_the_dkms_iw_cm
"$(dirname "$0")/intree-scenarios.sh" ||
	echo "iwpm-guest: intree-scenarios.sh exited with $?"
one_scenario everything_unloads
