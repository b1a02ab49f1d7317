#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Inside Debian's own kernel (debian-e2e.sh): load the RDMA stack the way an
# operator's modprobe does, from the unpacked linux-image in
# $IWPM_DEBIAN_ROOT, where the DKMS iw_cm.ko sits under updates/; check that
# it, not Debian's, is the one running; run the in-tree scenarios on it
# (siw, iwpmd, rping, cmtime, the probes); then unload it all.

. "$(dirname "$0")/guest-lib.sh"

ROOT=$IWPM_DEBIAN_ROOT
VERSION=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$IWPM_DIR/dkms.conf")

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

run_scenario modprobe_loads_the_dkms_iw_cm
"$(dirname "$0")/intree-scenarios.sh"
run_scenario everything_unloads
