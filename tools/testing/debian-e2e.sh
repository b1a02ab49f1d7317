#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The DKMS iw_cm.ko (compat/dkms/) on Debian's own kernel, not one of ours:
# linux-image-KVER of the installed headers' version, fetched with apt-get
# download and unpacked with dpkg -x into the cache (never installed), booted
# under qemu with the host's files as root over virtio 9p.  Debian builds 9p
# as modules, so a small initramfs (busybox and those modules) mounts the
# root and hands over to guest-init.sh, which runs debian-guest.sh: modprobe
# takes iw_cm from updates/, then the in-tree scenarios run on it.
#
# Debian's 6.12 has no siw (CONFIG_RDMA_SIW is not set), so siw.ko is built
# from the same linux-source-6.12, against the same headers, as a fixture.
#
# With --stock instead of a module, Debian's own iw_cm.ko stays in use, and
# the guest shows what the package is for: an unprivileged process that
# probes the port mapper hangs in the kernel for good.
#
# usage: debian-e2e.sh KVER IW_CM_KO|--stock   prints the console log's path

set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tools/testing
kver=${1:?usage: debian-e2e.sh KVER IW_CM_KO|--stock}
ko=${2:?usage: debian-e2e.sh KVER IW_CM_KO|--stock}
stock=
if [ "$ko" = --stock ]; then
	stock=1 ko=
else
	ko=$(realpath "$ko")
fi
headers=/lib/modules/$kver/build
version=$(dpkg-query -W -f='${Version}' "linux-headers-$kver")
cache=${IWPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iwpm}/debian/$kver-$version
root=$cache/root
out=$top/build/debian
log=$out/console${stock:+-stock}.log

# linux-image-KVER as Debian ships it, unpacked in $root
unpack_image() {
	local tmp
	[ -f "$root/boot/vmlinuz-$kver" ] && return
	tmp=$(mktemp -d)
	chmod 755 "$tmp"	# apt's sandbox user writes there
	(cd "$tmp" && apt-get download -q "linux-image-$kver=$version") >&2
	rm -rf "$root" "$root.new"
	mkdir -p "$root.new"
	dpkg -x "$tmp"/linux-image-*.deb "$root.new"
	mv "$root.new" "$root"	# an interrupted unpack is never taken as whole
	rm -rf "$tmp"
}

# siw.ko from Debian's source, for Debian's headers
build_siw() {
	[ -f "$cache/siw/siw.ko" ] && return
	rm -rf "$cache/siw"
	mkdir -p "$cache/siw"
	tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$cache/siw" \
		--strip-components=5 --wildcards '*/drivers/infiniband/sw/siw/*'
	make -C "$headers" M="$cache/siw" CONFIG_RDMA_SIW=m modules >&2
}

# siw.ko and iw_cm.ko (unless --stock) under updates/, as dkms install puts
# iw_cm.ko
install_modules() {
	local updates=$root/lib/modules/$kver/updates
	rm -rf "$updates"
	mkdir -p "$updates"
	cp "$cache/siw/siw.ko" "$updates/"
	[ -z "$ko" ] || cp "$ko" "$updates/"
	depmod -b "$root" "$kver"
}

# busybox, the 9p modules in load order, and initramfs-init.sh as /init
make_initramfs() {
	local dir=$out/initramfs n=10 m
	rm -rf "$dir"
	mkdir -p "$dir/bin" "$dir/modules"
	cp /bin/busybox "$dir/bin/"
	cp "$here/debian-initramfs-init.sh" "$dir/init"
	for m in $(modprobe -d "$root" -S "$kver" --show-depends -a 9pnet_virtio 9p |
		   sed -n 's/^insmod \([^ ]*\).*/\1/p' | awk '!seen[$0]++'); do
		xz -dc "$m" >"$dir/modules/$n-$(basename "$m" .xz)"
		n=$((n + 1))
	done
	(cd "$dir" && find . | cpio -o -H newc --quiet) | gzip >"$out/initramfs.gz"
}

mkdir -p "$out"
unpack_image
build_siw
install_modules
make_initramfs
args=(
	console=ttyS0 panic=-1
	IWPM_INIT="$here/guest-init.sh" IWPM_DIR="$top"
	IWPM_TOOLS="$top/build/tools" IWPM_SCRIPTS="$here/debian-guest.sh"
	IWPM_MODULES= IWPM_DEBIAN_ROOT="$root" IWPM_STOCK_IB_CORE=1
	IWPM_DEBIAN_STOCK=$stock
	IWPM_FUZZ_COUNT="${IWPM_FUZZ_COUNT:-2000}"
	# Emulated too: the 500 mappings take the DKMS module's stock ib_core
	# through the same dumps as 2,000 would, in a quarter of the time.
	IWPM_REPLAY_LISTENERS=500
)
echo "debian-e2e: booting Debian's $kver ($version)" >&2
# One CPU: Debian's kernel patches its own code as it boots (static keys:
# "sched_clock: Marking stable" at 2 s), and on two emulated CPUs that once
# oopsed on a stale int3 ("Oops: int3" in sched_clock_cpu(), tsc=reliable
# or not).  SMP is the x86_64 debug kernel's to test.
IWPM_QEMU_CPUS=${IWPM_QEMU_CPUS:-1} \
"$here/boot-qemu.sh" "$root/boot/vmlinuz-$kver" "$out/initramfs.gz" \
	"${IWPM_DEBIAN_TIMEOUT:-1200}" "$log" "${args[@]}" || exit 1
echo "$log"
