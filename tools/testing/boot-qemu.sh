#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The one way the harness boots an x86_64 kernel under qemu (TCG) with the
# host's files: two CPUs, 2 GB, the serial console to LOG, the host's root
# offered over virtio 9p (mount tag "hostroot"), no network device.  The
# kernel mounts it itself (x86-e2e.sh) or its initramfs does
# (debian-e2e.sh).  Fails only if qemu printed nothing.
#
# usage: boot-qemu.sh KERNEL INITRD|"" SECONDS LOG KERNEL-ARG...

set -uo pipefail

kernel=$1 initrd=$2 seconds=$3 log=$4
shift 4
timeout "$seconds" qemu-system-x86_64 -nodefaults -nographic -no-reboot \
	-m 2048 -smp 2 -bios qboot.rom -kernel "$kernel" \
	${initrd:+-initrd "$initrd"} -append "$*" -serial stdio \
	-fsdev local,id=hostroot,path=/,security_model=none \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	</dev/null >"$log" 2>&1
[ -s "$log" ] || { echo "boot-qemu: qemu printed nothing" >&2; exit 1; }
