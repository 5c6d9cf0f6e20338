# SPDX-License-Identifier: GPL-2.0
#
# make            build the module, module/tcphs.ko, and the reader,
#                 tools/tcphs/tcphs
# make check      every test: static checks, unit tests, DKMS, kselftests in a VM
# make demo       build, boot the VM, load the module, drive traffic, show stats
# make deps       install the Debian packages the project needs
#
# KDIR is the kernel build tree: the running kernel's when it has one, else
# the newest installed Debian linux-headers-*-amd64, the kernel the VM boots.

KDIR ?= $(shell d=/lib/modules/$$(uname -r)/build; [ -d $$d ] && echo $$d || \
	  ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
KVER = $(shell sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' \
	 $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

# Pieces of Debian's linux-source-6.1 (checkpatch, kselftest headers),
# extracted on first use.
BUILD := $(CURDIR)/build
KSRC_TAR := /usr/src/linux-source-6.1.tar.xz
KSRC := $(BUILD)/linux-source-6.1
KSFT_DIR := $(KSRC)/tools/testing/selftests
KSRC_FILES := scripts/checkpatch.pl scripts/spelling.txt \
	scripts/const_structs.checkpatch \
	tools/testing/selftests/lib.mk tools/testing/selftests/kselftest \
	tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h

CFLAGS_SAN := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-fsanitize=address,undefined -fno-sanitize-recover=all
CFLAGS_UNIT := $(CFLAGS_SAN) -Itools/include -Imodule

# The reader of /proc/tcphs, in C with libc only.
TOOL := tools/tcphs/tcphs
TOOL_SRCS := $(addprefix tools/tcphs/,main.c procfile.c json.c stats.c \
	conns.c top.c)
TOOL_CFLAGS ?= -O2 -g
TOOL_CFLAGS += -std=gnu11 -Wall -Wextra -DTCPHS_VERSION='"$(VERSION)"'

.PHONY: all module tool module-clean unit checkpatch kselftest kselftest-host \
	dkms-check check demo deps clean install uninstall

all: module tool

tool: $(TOOL)

$(TOOL): $(TOOL_SRCS) tools/tcphs/tcphs.h dkms.conf
	$(CC) $(TOOL_CFLAGS) -o $@ $(TOOL_SRCS) -lm

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

$(KSRC)/.stamp: $(KSRC_TAR)
	mkdir -p $(BUILD)
	tar -xJf $(KSRC_TAR) -C $(BUILD) \
		$(addprefix linux-source-6.1/,$(KSRC_FILES))
	touch $@

# Userspace unit tests of the pure module files, each with its tests.
UNIT_TESTS := $(BUILD)/segment_test $(BUILD)/state_test
PURE_SRCS := module/segment.c module/state.c

$(BUILD)/%_test: module/tests/%_test.c $(PURE_SRCS) $(PURE_SRCS:.c=.h) \
		tools/include/linux/types.h tools/include/linux/compiler.h \
		$(KSRC)/.stamp
	$(CC) $(CFLAGS_UNIT) -isystem $(KSFT_DIR) -o $@ $< $(PURE_SRCS)

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

# Userspace has no compiler_attributes.h: tools/tcphs/tcphs.h defines the
# attribute macros the kernel's way, which checkpatch would flag there.
CHECKPATCH := $(KSRC)/scripts/checkpatch.pl --strict --no-tree --quiet \
	--ignore FILE_PATH_CHANGES

checkpatch: $(KSRC)/.stamp
	$(CHECKPATCH) -f $(shell git ls-files 'module/*.[ch]' \
		'tools/include/*.[ch]' 'selftests/*.[ch]' Kbuild module/Kbuild)
	$(CHECKPATCH) --ignore PREFER_DEFINED_ATTRIBUTE_MACRO \
		-f $(shell git ls-files 'tools/tcphs/*.[ch]')

kselftest: module tool $(KSRC)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR)
	KVER=$(KVER) tools/vm-run -- $(MAKE) -s -C selftests KSFT_DIR=$(KSFT_DIR) run_tests

# The same on this host's running kernel, as root: for a real host only.
kselftest-host: module tool $(KSRC)/.stamp
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) run_tests

# dkms add + build against KDIR's kernel, in a private DKMS tree.
dkms-check:
	rm -rf $(BUILD)/dkms
	mkdir -p $(BUILD)/dkms/tree $(BUILD)/dkms/src/tcphs-$(VERSION)
	git ls-files -z | xargs -0 cp --parents -t $(BUILD)/dkms/src/tcphs-$(VERSION)
	dkms add tcphs/$(VERSION) --sourcetree $(BUILD)/dkms/src \
		--dkmstree $(BUILD)/dkms/tree
	dkms build tcphs/$(VERSION) -k $(KVER) --sourcetree $(BUILD)/dkms/src \
		--dkmstree $(BUILD)/dkms/tree
	modinfo -F vermagic $(BUILD)/dkms/tree/tcphs/$(VERSION)/$(KVER)/*/module/tcphs.ko

check: deps
	tools/check

demo: deps module tool
	KVER=$(KVER) tools/vm-run -- tools/demo

deps:
	@tools/deps

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
