# SPDX-License-Identifier: GPL-2.0
#
# make            build the module, module/tcphs.ko, and the reader,
#                 tools/tcphs/tcphs
# make check      every test: static checks, unit tests, DKMS, kselftests in a VM
# make check-debug  the kselftests under a debug kernel (KASAN, lockdep, ...)
# make check-kernels  build, DKMS and kselftests on each kernel of the
#                 matrix, Debian's from 5.10 to the newest
# make fuzz       the fuzzer of the parser, state machine and table, for
#                 FUZZ_SECONDS (600)
# make demo       build, boot the VM, load the module, drive traffic, show stats
# make deps       install the Debian packages the project needs
# make deb        the Debian packages tcphs-dkms and tcphs, checked by
#                 lintian, in build/deb/
# make check-packages  the packages end to end in the VM, with DKMS,
#                 node exporter and Prometheus
# make bench      benchmarks in one VM boot: tables, JSON and plot in
#                 bench/results/ (see docs/benchmarks.md)
# make bench-lockstat  contentions per lock class under a SYN flood, in
#                 the debug kernel: bench/results/lockstat.txt
#
# KDIR is the kernel build tree: the running kernel's when it has one, else
# the headers of the kernel the VM boots, the one Debian's linux-image-amd64
# points at (tools/kernels/default): other kernels installed beside it do
# not change it.

ifndef KDIR
KDIR := $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	  { k=$$(tools/kernels/default) && echo /usr/src/linux-headers-$$k; })
endif
KVER = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# Pieces of Debian's linux-source-6.1 (checkpatch, kselftest headers,
# siphash for make hotpath), extracted on first use, and again when the
# list names one not extracted yet.
BUILD := $(CURDIR)/build
KSRC_TAR := /usr/src/linux-source-6.1.tar.xz
KSRC := $(BUILD)/linux-source-6.1
KSFT_DIR := $(KSRC)/tools/testing/selftests
KSRC_FILES := scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch \
	tools/testing/selftests/lib.mk tools/testing/selftests/kselftest \
	tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h \
	include/linux/siphash.h lib/siphash.c
KSRC_MISSING := $(filter-out $(wildcard $(addprefix $(KSRC)/,$(KSRC_FILES))), \
	$(addprefix $(KSRC)/,$(KSRC_FILES)))

CFLAGS_SAN := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_UNIT := $(CFLAGS_SAN) -Imodule/tests/include -Imodule

# The reader of /proc/tcphs, in C with libc only.
TOOL := tools/tcphs/tcphs
TOOL_SRCS := $(addprefix tools/tcphs/,main.c procfile.c json.c stats.c \
	conns.c top.c latency.c events.c)
# TOOL_CFLAGS and TOOL_LDFLAGS may be given, as debian/rules gives the
# build flags of dpkg-buildflags; the language and the version are added.
TOOL_CFLAGS ?= -O2 -g
TOOL_LDFLAGS ?=
override TOOL_CFLAGS += -std=gnu11 -Wall -Wextra -DTCPHS_VERSION='"$(VERSION)"'

.PHONY: all module tool module-clean unit checkpatch kselftest kselftest-host \
	check-debug check-kernels fuzz fuzz-check \
	dkms-check deb check-packages check demo deps clean install uninstall \
	empty-hook bench-build bench-check bench bench-lockstat

all: module tool

tool: $(TOOL)

$(TOOL): $(TOOL_SRCS) tools/tcphs/tcphs.h dkms.conf
	$(CC) $(TOOL_CFLAGS) $(TOOL_LDFLAGS) -o $@ $(TOOL_SRCS) -lm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

$(KSRC)/.stamp: $(KSRC_TAR) $(if $(KSRC_MISSING),FORCE)
	mkdir -p $(BUILD)
	tar -xJf $(KSRC_TAR) -C $(BUILD) \
		$(addprefix linux-source-6.1/,$(KSRC_FILES))
	touch $@

.PHONY: FORCE
FORCE:

# Userspace unit tests of the pure module files, each with its tests.
UNIT_TESTS := $(BUILD)/segment_test $(BUILD)/state_test $(BUILD)/tuple_test \
	$(BUILD)/events_test $(BUILD)/policy_test
PURE_SRCS := module/segment.c module/state.c

$(BUILD)/%_test: module/tests/%_test.c $(PURE_SRCS) $(PURE_SRCS:.c=.h) \
		module/tests/include/linux/types.h \
		module/tests/include/linux/compiler.h $(KSRC)/.stamp
	$(CC) $(CFLAGS_UNIT) -isystem $(KSFT_DIR) -o $@ $< $(PURE_SRCS)

$(BUILD)/policy_test: module/policy.h

# The tuple's hash runs on the kernel's lib/siphash.c.
$(BUILD)/tuple_test: module/tests/tuple_test.c module/tuple.c module/tuple.h \
		$(wildcard module/tests/include/*/*.h) $(KSRC)/.stamp
	$(CC) $(CFLAGS_UNIT) -I$(KSRC)/include -isystem $(KSFT_DIR) -o $@ $< \
		module/tuple.c $(KSRC)/lib/siphash.c

# The ring of anomalies, written by threads at once as CPUs write it; over
# the kernel in userspace, whose stubs ignore parameters, as the fuzzer.
$(BUILD)/events_test: module/tests/events_test.c module/events.c \
		module/events.h module/tuple.c module/tests/kshim.c \
		$(wildcard module/tests/include/*/*.h) $(KSRC)/.stamp
	$(CC) $(CFLAGS_UNIT) -Wno-unused-parameter -I$(KSRC)/include \
		-isystem $(KSFT_DIR) -include linux/compiler.h -pthread \
		-o $@ $< module/events.c \
		module/tuple.c module/tests/kshim.c $(KSRC)/lib/siphash.c

# The reader's parsing and rendering, on the fixtures of its tests.
TOOL_TEST_SRCS := $(filter-out %/main.c,$(TOOL_SRCS))

$(BUILD)/tcphs_test: tools/tcphs/tests/tcphs_test.c $(TOOL_TEST_SRCS) \
		tools/tcphs/tcphs.h $(KSRC)/.stamp
	$(CC) $(CFLAGS_SAN) -Itools/tcphs -isystem $(KSFT_DIR) -o $@ $< \
		$(TOOL_TEST_SRCS) -lm

# The reader itself with the sanitizers, for its command line tests.
$(BUILD)/tcphs: $(TOOL_SRCS) tools/tcphs/tcphs.h dkms.conf
	$(CC) $(CFLAGS_SAN) -DTCPHS_VERSION='"$(VERSION)"' -o $@ \
		$(TOOL_SRCS) -lm

unit: $(UNIT_TESTS) $(BUILD)/tcphs_test $(BUILD)/tcphs
	set -e; for t in $(UNIT_TESTS); do $$t; done
	cd $(BUILD) && ./tcphs_test $(CURDIR)/tools/tcphs/tests
	tools/tcphs/tests/cli_test.sh $(BUILD)/tcphs

# make hotpath: the table's hot path (a parsed segment, its bucket, the
# lookup, the state machine) in userspace under callgrind, counted in
# instructions per segment, exactly: the same at every run of one build.
# It runs the module's own segment.c, state.c, tuple.c and talkers.c, and the kernel's
# lib/siphash.c (see bench/hotpath/hotpath.c). A table on stdout, the same
# as JSON in bench/results/hotpath.json.
HOTPATH_DIR := $(BUILD)/hotpath
HOTPATH := $(HOTPATH_DIR)/hotpath
HOTPATH_SRCS := bench/hotpath/hotpath.c module/segment.c module/state.c \
	module/tuple.c module/talkers.c
HOTPATH_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-Imodule/tests/include -Imodule -I$(KSRC)/include
# Only the calls of the two functions measured are counted, nothing of the
# start or the exit; the caches simulated are of a fixed size, not the
# host's, and the environment is empty, for the same stack at every run.
HOTPATH_VALGRIND := valgrind --tool=callgrind --collect-atstart=no \
	--toggle-collect=hotpath_segment --toggle-collect=tcphs_seg_parse \
	--cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL=8388608,16,64

$(HOTPATH): $(HOTPATH_SRCS) module/segment.h module/state.h module/tuple.h \
		$(wildcard module/tests/include/*/*.h) $(KSRC)/.stamp
	mkdir -p $(HOTPATH_DIR)
	$(CC) $(HOTPATH_CFLAGS) -Wl,-z,now -o $@ $(HOTPATH_SRCS) \
		$(KSRC)/lib/siphash.c

.PHONY: hotpath
hotpath: deps $(HOTPATH)
	rm -f $(HOTPATH_DIR)/callgrind.out*
	cd $(HOTPATH_DIR) && env -i $(HOTPATH_VALGRIND) \
		--callgrind-out-file=callgrind.out ./hotpath \
		2>valgrind.log || { cat valgrind.log; exit 1; }
	mkdir -p bench/results
	bench/hotpath/report --dumps $(HOTPATH_DIR)/callgrind.out \
		--json bench/results/hotpath.json \
		--meta "valgrind=$$(valgrind --version)" \
		--meta "valgrind_options=$(HOTPATH_VALGRIND)" \
		--meta "cc=$$($(CC) --version | head -n 1)" \
		--meta "cflags=$(subst $(CURDIR)/,,$(HOTPATH_CFLAGS))"

# The fuzzer (module/tests/table_fuzz.c): libFuzzer with ASan and UBSan on
# the module's own segment.c, state.c, tuple.c, stats.c, table.c, events.c,
# talkers.c and alert.c, over module/tests/include and module/tests/kshim.c for
# the kernel. As the kernel does, every file first includes the compiler's
# annotations; the module's bar for warnings is the kernel's W=1, which has
# no unused-parameter or sign-compare warning. Its tables hold 16 to 79
# entries: table.c's room of the entries waiting is 16 at least there, not
# 4096, so that floods fill it.
FUZZ := $(BUILD)/table_fuzz
FUZZ_SRCS := module/tests/table_fuzz.c module/tests/kshim.c \
	module/segment.c module/state.c module/stats.c module/table.c \
	module/tuple.c module/events.c module/talkers.c module/alert.c
FUZZ_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
	-Wno-sign-compare -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Imodule/tests/include -Imodule -I$(KSRC)/include -include linux/compiler.h \
	-DTCPHS_WAITING_MIN=16 -DTCPHS_TALLY_KEYS=16
FUZZ_SECONDS ?= 600
# make check's share: the corpus, then this many inputs, under a minute.
FUZZ_RUNS ?= 30000

$(FUZZ): $(FUZZ_SRCS) $(wildcard module/*.h module/tests/*.h \
		module/tests/include/*/*.h module/tests/include/*/*/*.h) $(KSRC)/.stamp
	clang $(FUZZ_CFLAGS) -Wl,--wrap=tcphs_alert_half_open \
		-Wl,--wrap=tcphs_talkers_reset -o $@ \
		$(FUZZ_SRCS) $(KSRC)/lib/siphash.c

fuzz: deps $(FUZZ)
	tools/fuzz $(FUZZ) --seconds $(FUZZ_SECONDS)

fuzz-check: $(FUZZ)
	tools/fuzz $(FUZZ) --runs $(FUZZ_RUNS)

# Userspace has no compiler_attributes.h: tools/tcphs/tcphs.h defines the
# attribute macros the kernel's way, and the userspace builds of the
# module's files use attributes as they are, which checkpatch would flag
# there. The kernel in userspace (module/tests/include, module/tests)
# mirrors the kernel's own typedefs (u32 from uint32_t, atomic_t,
# spinlock_t ...) and iterators, which reuse their arguments, and leave
# some bare, as the kernel's do; libFuzzer names its entry points in
# CamelCase. TRACE_EVENT() is laid out as in the kernel's own trace
# headers, which end lines with '(' and indent arguments by a tab.
# The lists of states and events in state.h are those headers' EM()/EMe()
# lists, which checkpatch takes for values to parenthesize and for macros
# that reuse an argument, EM; trace.h expands them into TRACE_DEFINE_ENUM()
# statements, each with the ';' the kernel's have.
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl --strict --no-tree --quiet \
	--ignore FILE_PATH_CHANGES

checkpatch: $(KSRC)/.stamp
	$(CHECKPATCH) -f $(shell git ls-files ':(glob)module/*.[ch]' \
		'selftests/*.[ch]' Kbuild module/Kbuild | \
		grep -vx -e module/trace.h -e module/state.h)
	$(CHECKPATCH) --ignore COMPLEX_MACRO,MACRO_ARG_REUSE -f module/state.h
	$(CHECKPATCH) --ignore OPEN_ENDED_LINE,PARENTHESIS_ALIGNMENT \
		--ignore TRAILING_SEMICOLON -f module/trace.h
	$(CHECKPATCH) --ignore PREFER_DEFINED_ATTRIBUTE_MACRO \
		-f $(shell git ls-files 'tools/tcphs/*.[ch]')
	$(CHECKPATCH) --ignore PREFER_DEFINED_ATTRIBUTE_MACRO,NEW_TYPEDEFS \
		--ignore MACRO_ARG_REUSE,MACRO_ARG_PRECEDENCE,CAMELCASE \
		--ignore PREFER_KERNEL_TYPES \
		-f $(shell git ls-files 'module/tests/*.[ch]')

kselftest: module tool $(KSRC)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR)
	KVER=$(KVER) tools/vm-run -- $(MAKE) -s -C selftests KSFT_DIR=$(KSFT_DIR) run_tests

# The kselftests under a debug kernel built from linux-source-6.1 (cached
# outside the clone) with KASAN, UBSAN, lockdep and kmemleak.
check-debug: deps tool $(KSRC)/.stamp
	KSFT_DIR=$(KSFT_DIR) tools/check-debug

# Each kernel of the matrix (tools/check-kernels): its build with W=1 by
# its suite's compiler, DKMS, and the kselftests booting it. KSELFTESTS
# names the suites whose kselftests run (default all).
KSELFTESTS ?= all
check-kernels: deps tool $(KSRC)/.stamp
	KSFT_DIR=$(KSFT_DIR) tools/check-kernels --kselftests '$(KSELFTESTS)'

# The same on this host's running kernel, as root: for a real host only.
kselftest-host: module tool $(KSRC)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) run_tests

# dkms add + build against KDIR's kernel, in a private DKMS tree.
dkms-check:
	rm -rf $(BUILD)/dkms
	mkdir -p $(BUILD)/dkms/src/tcphs-$(VERSION)
	git ls-files -z | xargs -0 cp --parents -t $(BUILD)/dkms/src/tcphs-$(VERSION)
	tools/dkms-build $(KVER) $(BUILD)/dkms/src $(BUILD)/dkms/tree

deb: deps
	tools/deb

check: deps
	tools/check

demo: deps module tool
	KVER=$(KVER) tools/vm-run -- tools/demo

deps:
	@tools/deps

# The benchmarks (bench/): the empty hook module, the traffic generator,
# then one VM boot running bench/run, whose raw results bench/report turns
# into bench/results/ on the host.
EMPTY_HOOK_DIR := $(CURDIR)/bench/empty_hook
BENCH_LOAD := $(BUILD)/bench/load
BENCH_VM_MEM ?= 3072

empty-hook:
	$(MAKE) -C $(KDIR) M=$(EMPTY_HOOK_DIR) modules

$(BENCH_LOAD): bench/load.c
	mkdir -p $(BUILD)/bench
	$(CC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -o $@ $<

# The packages end to end in the VM (selftests/packages/guest.sh): dpkg,
# DKMS, modprobe, the exporter, node exporter and Prometheus, a SYN flood
# from bench/load.c's program and its alert, dpkg --purge. After
# BENCH_LOAD's definition: a rule's prerequisites are expanded as it is
# read.
check-packages: deb $(BENCH_LOAD)
	KVER=$(KVER) tools/vm-run --mem 2048 --timeout 1500 -- \
		selftests/packages/guest.sh build/deb $(BENCH_LOAD)

# bench/run loads copies of the modules, which a rebuild cannot change
# under it.
bench-build: module empty-hook $(BENCH_LOAD)
	cp module/tcphs.ko bench/empty_hook/tcphs_empty_hook.ko $(BUILD)/bench/

# The checks make check runs, on the files of bench/.
bench-check: $(KSRC)/.stamp
	$(MAKE) -C $(KDIR) M=$(EMPTY_HOOK_DIR) clean
	$(MAKE) -C $(KDIR) M=$(EMPTY_HOOK_DIR) W=1 C=1 modules 2>&1 | \
		tee $(BUILD)/bench-check.out
	! grep -Ei '(warning|error)' $(BUILD)/bench-check.out
	$(CHECKPATCH) -f bench/load.c bench/empty_hook/tcphs_empty_hook.c \
		bench/hotpath/hotpath.c \
		bench/empty_hook/Kbuild
	shellcheck bench/run bench/lockstat

# The VM's output is kept in build/bench/vm.log; the report is written
# even when the run failed part way, from what it measured.
bench: deps bench-build
	mkdir -p $(BUILD)/bench bench/results
	date +%s >$(BUILD)/bench/start
	{ KVER=$(KVER) tools/vm-run --mem $(BENCH_VM_MEM) --timeout 3000 \
		-- bench/run; \
		echo $$? >$(BUILD)/bench/vm.status; } | tee $(BUILD)/bench/vm.log
	bench/report --log $(BUILD)/bench/vm.log --out bench/results \
		--start $$(cat $(BUILD)/bench/start) \
		--vm-status $$(cat $(BUILD)/bench/vm.status)

# The contentions of each lock class under a flood from both CPUs, in the
# debug kernel with CONFIG_LOCK_STAT: bench/results/lockstat.txt.
bench-lockstat: deps $(BENCH_LOAD)
	bench/lockstat

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean: module-clean
	rm -f $(TOOL)
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) clean 2>/dev/null || true
	rm -rf $(BUILD)

# make install [PREFIX=/usr/local] [DESTDIR=]: the tool in sbin, the man
# pages, and the module when it was built for the running kernel (into
# /lib/modules/KVER/extra, then depmod); for other kernels, use DKMS.
PREFIX ?= /usr/local
INSTALL_MOD_DIR := extra
# Where modules_install puts tcphs.ko for the running kernel.
MODULE_INSTALLED = /lib/modules/$$(uname -r)/$(INSTALL_MOD_DIR)/module

install: module tool
	install -D -m 0755 $(TOOL) $(DESTDIR)$(PREFIX)/sbin/tcphs
	install -D -m 0644 tools/tcphs.8 $(DESTDIR)$(PREFIX)/share/man/man8/tcphs.8
	install -D -m 0644 module/tcphs.4 $(DESTDIR)$(PREFIX)/share/man/man4/tcphs.4
	@running=$$(uname -r); \
	if [ "$(KVER)" != "$$running" ]; then \
		echo "make install: tcphs.ko not installed: the running kernel is $$running but the module is built for $(KVER) (KDIR=$(KDIR)); install it with DKMS (see README.md), or build it with KDIR=/lib/modules/$$running/build"; \
	elif [ -n "$(DESTDIR)" ]; then \
		echo "make install: tcphs.ko not installed: DESTDIR is set; install the module with DKMS (see README.md)"; \
	else \
		set -x; \
		$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install && \
		depmod -a $(KVER); \
	fi

# The mirror of install; the module only from the running kernel's tree,
# where install put it (a DKMS one is left to "dkms remove").
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/tcphs \
		$(DESTDIR)$(PREFIX)/share/man/man8/tcphs.8 \
		$(DESTDIR)$(PREFIX)/share/man/man4/tcphs.4
	@running=$$(uname -r); dir=$(MODULE_INSTALLED); \
	if [ -z "$(DESTDIR)" ] && ls $$dir/tcphs.ko* >/dev/null 2>&1; then \
		set -x; \
		rm -f $$dir/tcphs.ko*; \
		rmdir --ignore-fail-on-non-empty $$dir; \
		depmod -a $$running; \
	fi
