#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The one way every harness boots a UML guest: the host's filesystem as
# root, tools/testing/guest-init.sh as init, the console on stdin/stdout.
# guest-init.sh loads IWPM_MODULES and runs IWPM_SCRIPTS, then powers off.
#
# usage: boot-uml.sh KERNEL_DIR SECONDS [mem=SIZE] [PARAM=VALUE...]
#
# PARAM=VALUE pairs reach the guest's kernel command line (kunit.enable=0)
# or, in upper case, the environment of guest-init.sh (IWPM_SCRIPTS=...).
# IWPM_DIR and IWPM_TOOLS default to build/um and build/tools.  Exits with
# the status of the guest: 0 only if it powered off cleanly in time.
#
# UML keeps the guest's memory in a file of $TMPDIR, else /dev/shm, which in
# a container may be as small as 64 MB (the guest then dies of SIGBUS).
# Without TMPDIR, a /dev/shm with less room than the guest's memory is
# passed over for the cache directory.
#
# IWPM_UML_QUIET=N (make check sets 240): when the console is a file and
# stays the same size for N seconds, the guest is stopped, a "boot-uml:
# ... stopped" line ends the console and the status is 124, as at the time
# limit (a guest of make check that hung waited out its 15 minutes).

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=${1:?usage: boot-uml.sh KERNEL_DIR SECONDS [PARAM=VALUE...]}
seconds=${2:?usage: boot-uml.sh KERNEL_DIR SECONDS [PARAM=VALUE...]}
shift 2
mem=mem=1G
case "${1:-}" in mem=*) mem=$1; shift ;; esac

# room_mb DIR: the megabytes free in DIR
room_mb() {
	df -Pm "$1" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

if [ -z "${TMPDIR:-}" ]; then
	size=${mem#mem=}
	case $size in
	*G) need=$((${size%G} * 1024)) ;;
	*M) need=${size%M} ;;
	*) need=1024 ;;
	esac
	room=$(room_mb /dev/shm)
	if [ "${room:-0}" -lt "$need" ]; then
		TMPDIR=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}/uml-memory
		mkdir -p "$TMPDIR"
		export TMPDIR
	fi
fi

boot() {
	exec timeout "$seconds" "$kdir/linux" "$mem" \
		rootfstype=hostfs rootflags=/ rw \
		init="$top/tools/testing/guest-init.sh" con0=fd:0,fd:1 con=null \
		IWPM_DIR="$top/build/um" IWPM_TOOLS="$top/build/tools" \
		IWPM_MODULES= "$@"
}

quiet=${IWPM_UML_QUIET:-0}
[ "$quiet" -gt 0 ] && [ -f /dev/stdout ] || boot "$@"
boot "$@" &
uml=$!
size=-1 still=0
while kill -0 "$uml" 2>/dev/null; do
	sleep 5
	now=$(stat -L -c %s /proc/$$/fd/1)
	[ "$now" = "$size" ] || { size=$now still=0; continue; }
	still=$((still + 5))
	[ "$still" -ge "$quiet" ] || continue
	kill "$uml"
	wait "$uml"
	printf '\nboot-uml: no console output for %s s; stopped\n' "$quiet"
	exit 124
done
wait "$uml"
