#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The one way the harness applies a series to a pristine tree: a hard-linked
# copy of SRC at TREE (git replaces the files it writes, never writes into
# them, so SRC is left as it was), a git repository there holding the files
# the patches change as commit "base" (tagged), and the patches on top with
# git am.  Prints the id of the git tree they make.
#
# usage: apply-series.sh TREE SRC PATCH...

set -uo pipefail

tree=$1 src=$2
shift 2
[ $# -gt 0 ] || { echo "apply-series: no patches" >&2; exit 1; }
tgit() {
	git -c user.name="iwpm test" -c user.email=iwpm@example.invalid \
	    -c core.hooksPath=/dev/null -C "$tree" "$@"
}

rm -rf "$tree"
mkdir -p "$(dirname "$tree")"
cp -al "$src" "$tree" && tgit init -q || exit 1
for f in $(sed -n 's|^diff --git a/\(.*\) b/.*|\1|p' "$@" | sort -u); do
	[ ! -e "$tree/$f" ] || tgit add -f -- "$f" || exit 1
done
tgit commit -q -m "Linux (the files the series changes)" && tgit tag base &&
	tgit am -q "$@" && tgit rev-parse 'HEAD^{tree}'
