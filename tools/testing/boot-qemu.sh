#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The one way the harness boots an x86_64 kernel under qemu (TCG) with the
# host's files: a q35 machine with two CPUs (IWPM_QEMU_CPUS to change),
# 2 GB, the serial console to LOG, the host's root offered over virtio 9p
# (mount tag "hostroot"), no network device.  The kernel mounts it itself (x86-e2e.sh) or its
# initramfs does (debian-e2e.sh).
#
# q35, not qemu's default i440fx: i440fx's ACPI _PRT is an AML loop over
# 128 slots, which on a slow, busy TCG host outlived ACPI's 30 s loop limit
# ("AE_AML_LOOP_TIMEOUT", then "PCI INT A: no GSI"), so that the 9p device
# got no interrupt and the boot hung until the time limit.  q35's routing
# table is a constant.
#
# tsc=reliable: on a busy host TCG's TSC drifts against the HPET, the
# clocksource watchdog marks it unstable and flips sched_clock's static key
# in the running SMP guest, and that live patching of code under TCG once
# oopsed the Debian guest ("Oops: int3" in sched_clock_cpu()).  The flip
# to stable at the end of boot is still made, and once oopsed the same way
# with tsc=reliable: debian-e2e.sh boots with one CPU.
#
# A guest whose console says nothing for IWPM_QEMU_QUIET seconds (240) is
# stopped: LOG then ends with a "boot-qemu: ... stopped" line, and the last
# console lines go to stderr, which also hears the longest silence seen.  Fails only if qemu printed nothing.
#
# usage: boot-qemu.sh KERNEL INITRD|"" SECONDS LOG KERNEL-ARG...

set -uo pipefail

kernel=$1 initrd=$2 seconds=$3 log=$4
shift 4
quiet=${IWPM_QEMU_QUIET:-240}

timeout -k 30 "$seconds" qemu-system-x86_64 -machine q35 -nodefaults -nographic \
	-no-reboot -m 2048 -smp "${IWPM_QEMU_CPUS:-2}" -bios qboot.rom -kernel "$kernel" \
	${initrd:+-initrd "$initrd"} -append "tsc=reliable $*" -serial stdio \
	-fsdev local,id=hostroot,path=/,security_model=none \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	</dev/null >"$log" 2>&1 &
qemu=$!

# watch: until qemu ends, stop it once LOG stays the same size for $quiet s
size=-1 still=0 longest=0
while kill -0 "$qemu" 2>/dev/null; do
	sleep 5
	now=$(stat -c %s "$log" 2>/dev/null || echo 0)
	if [ "$now" != "$size" ]; then
		size=$now still=0
		continue
	fi
	still=$((still + 5))
	[ "$still" -le "$longest" ] || longest=$still
	[ "$still" -ge "$quiet" ] || continue
	kill "$qemu" 2>/dev/null
	(sleep 30 && kill -KILL "$qemu") >/dev/null 2>&1 &
	wait "$qemu"
	printf '\nboot-qemu: no console output for %s s; stopped\n' "$quiet" |
		tee -a "$log" >&2
	tail -n 30 "$log" | sed 's/^/    | /' >&2
	break
done
wait "$qemu" 2>/dev/null
echo "boot-qemu: the longest console silence was about $longest s" >&2
[ -s "$log" ] || { echo "boot-qemu: qemu printed nothing" >&2; exit 1; }
