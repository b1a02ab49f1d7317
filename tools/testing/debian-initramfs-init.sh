#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of debian-e2e.sh's initramfs: Debian's kernel has 9p as modules, so
# load them (named in load order), mount the host's root over virtio 9p and
# hand over to $IWPM_INIT there.

bb=/bin/busybox
$bb mkdir -p /dev /newroot
$bb mount -t devtmpfs devtmpfs /dev
for m in /modules/*.ko; do
	$bb insmod "$m" || echo "iwpm-initramfs: insmod $m failed"
done
if ! $bb mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144,cache=none \
		hostroot /newroot; then
	echo "iwpm-initramfs: the host's root did not mount"
	$bb poweroff -f
fi
$bb mount -t devtmpfs devtmpfs /newroot/dev
exec $bb switch_root /newroot "$IWPM_INIT"
