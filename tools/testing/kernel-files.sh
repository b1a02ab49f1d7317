#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The one list of this project's kernel sources, for checkpatch, kernel-doc
# and the copies the harness builds: what goes in-tree, what the module adds
# around it, the simulated driver, the KUnit suites, the benchmark and the
# test kernel's fixture.
#
# usage: kernel-files.sh          the .c and .h files, one per line
#        kernel-files.sh --dirs   the top-level entries a module build needs

cd "$(dirname "$0")/../.." || exit 1
if [ "${1:-}" = --dirs ]; then
	echo Kbuild drivers compat kunit
	exit 0
fi
git ls-files 'drivers/*.[ch]' 'compat/*.[ch]' 'kunit/*.[ch]' 'tools/bench/*.c' \
	'tools/testing/*.c'
