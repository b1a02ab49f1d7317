# SPDX-License-Identifier: GPL-2.0
#
# make            build iwpm.ko and iwpm_kunit.ko against the UML test kernel
# make KDIR=DIR   build against another kernel build tree (e.g. Debian's
#                 /usr/src/linux-headers-6.12.*-amd64); W=1, C=2 pass through
# make check      install what is missing, build, run every test
#                 ONLY=RUN[,RUN...]: those runs and what they need (the runs
#                 are listed in tools/testing/run-tests.sh, RUNS)
# make demo       one listen/connect/accept/close with a daemon restart, shown
#                 message by message (DAEMON=testd, the default, or iwpmd);
#                 NETNS=1: two hosts (namespaces), each with its own daemon
# make fuzz       FUZZ_MESSAGES (100,000) random messages, privileged and not,
#                 at the port mapper while a daemon serves live mappings
# make bench      the benchmarks on pristine Linux 6.12 and on the series,
#                 side by side, three boots of each (Documentation/benchmarks.rst)
# make bench-publish  the last make bench's figures into
#                 Documentation/bench-results.json and benchmarks.rst, which
#                 make check holds to each other, and the patches' cover
#                 letters, which quote some (make patches)
# make patches    patches/ regenerated: the 6.12 backport the test kernels
#                 run, the three series from 6.12 and from 7.3
# make check-harness the harness turns red on runs that did not run
#                 (about 20 s; make check runs it too)
# make checkpatch scripts/checkpatch.pl --strict over every kernel .c/.h
# make series-check every prefix of patches/ as a UML kernel: builds with
#                 W=1, its KUnit suites pass, and the fixes work on their own
# make fixes-check  the fixes for stable (patches/fixes/) on Linux 7.3, 6.12
#                 and 6.1: git am, every prefix built with W=1 and probed
#                 (VERSIONS="7.3" for fewer; about 50 minutes cold)
# make mainline-check the three series for mainline (patches/fixes/, iwpm/,
#                 netns/) on Linux 7.3: git am, every patch builds with W=1,
#                 the KUnit suites and the in-tree and namespace scenarios

KERNEL_FILES = $(shell tools/testing/kernel-files.sh)

ifeq ($(KDIR),)
KDIR = $(shell tools/testing/uml-kernel.sh --print-dir module)
UML := 1
KBUILD_ARGS := ARCH=um
endif

all: modules

modules: $(if $(UML),uml-kernel)
	$(MAKE) -C $(KDIR) M=$(CURDIR) $(KBUILD_ARGS) modules

uml-kernel:
	@tools/testing/install-deps.sh
	@test -f $(KDIR)/.iwpm-built || tools/testing/uml-kernel.sh module >/dev/null

ONLY ?=
check:
	@ONLY='$(ONLY)' tools/testing/run-tests.sh

DAEMON ?= testd
NETNS ?=
demo:
	@tools/testing/run-guest.sh demo $(DAEMON) $(NETNS)

FUZZ_MESSAGES ?= 100000
fuzz:
	@tools/testing/run-guest.sh fuzz $(FUZZ_MESSAGES)

bench:
	@tools/bench/run-bench.sh

bench-publish:
	cp build/bench/bench.json Documentation/bench-results.json
	tools/bench/bench-report.py --rst Documentation/bench-results.json \
		--write Documentation/benchmarks.rst
	$(MAKE) patches

patches:
	@tools/testing/install-deps.sh
	tools/make-patches.py --src "$$(tools/testing/uml-kernel.sh --print-src)"
	for s in fixes iwpm netns; do \
		tools/make-patches.py --series $$s \
			--src "$$(tools/testing/uml-kernel.sh --print-src)" && \
		tools/make-patches.py --series $$s \
			--src "$$(tools/testing/kernel-source.sh 7.3)" || exit 1; \
	done

series-check:
	@tools/testing/install-deps.sh
	@tools/testing/series-check.sh

mainline-check:
	@IWPM_BASE=7.3 ONLY=intree,netns tools/testing/run-tests.sh

VERSIONS ?=
fixes-check:
	@tools/testing/install-deps.sh
	@tools/testing/fixes-check.sh $(VERSIONS)

check-harness:
	@tools/testing/check-harness.sh

checkpatch:
	@tools/testing/install-deps.sh
	@tools/testing/checkpatch.sh $(KERNEL_FILES)

clean:
	rm -rf build
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.order' -o -name Module.symvers \) -delete

.PHONY: all modules uml-kernel check check-harness demo fuzz bench bench-publish patches series-check fixes-check \
	mainline-check \
	checkpatch clean
