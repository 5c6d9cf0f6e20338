# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by the scripts of tools/kernels and by tools/check-kernels: where
# the kernels of the matrix are cached, and the host's own suite.

# The cache of SUITE's chroot and kernel, outside the clone.
kernels_cache() { # SUITE
	echo "${TCPHS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tcphs}/kernels/$1"
}

# The Debian suite the host runs, by its code name (bookworm).
host_suite() {
	# shellcheck disable=SC1091 # the host's own
	(. /etc/os-release && echo "$VERSION_CODENAME")
}
