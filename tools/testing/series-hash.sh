#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The series' hash: the patches of patches/ (the cover letter left out), as
# make bench records the series it measured and make check compares.
cd "$(dirname "$0")/../.." && ls patches/*.patch | grep -v /0000-cover-letter.patch |
	xargs cat | sha256sum | cut -c1-16
