# SPDX-License-Identifier: GPL-2.0
#
# kunit.py --qemu_config for kunit-x86.sh: x86_64 as kunit.py's own config,
# except that once the built-in suites have run the kernel goes on to the
# initramfs's /init (kmemleak-init.sh), which scans for leaks.  kunit.py
# appends kunit_shutdown=reboot to the command line; after the "--" that
# ends it here, it is an argument of /init, and kunit_shutdown=none stands.
# panic=-1: a kernel that panics reboots, which ends qemu (-no-reboot) at
# once instead of at kunit.py's time limit.  Four CPUs, so that the
# iwpm_stress suite's threads run at the same time.
from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0 panic=-1 kunit_shutdown=none --',
			   extra_qemu_params=['-bios', 'qboot.rom', '-smp', '4'])
