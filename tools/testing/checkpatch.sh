#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/checkpatch.pl --strict over kernel source files of this project,
# the one way `make checkpatch` and `make check` run it.  One exception:
# compat/iwpm_global.c exports, for the module's other objects, functions
# the in-tree files define without exporting (see its header), so
# checkpatch's rule that an export follows its function cannot hold there.
#
# usage: checkpatch.sh FILE...    exits non-zero if any file has a finding

set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
ksrc=$("$top/tools/testing/uml-kernel.sh" --print-src) || exit 1
rc=0
for f in "$@"; do
	ignore=()
	[ "$f" != compat/iwpm_global.c ] || ignore=(--ignore EXPORT_SYMBOL)
	"$ksrc/scripts/checkpatch.pl" --strict --no-tree --quiet "${ignore[@]}" \
		-f "$f" || rc=1
done
exit $rc
