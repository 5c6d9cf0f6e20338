#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarded segments are counted once, at FORWARD, by the router.
#
#   +-------------------------- a --------------------------+
#   | client   192.0.2.1      2001:db8:1::1   default via r |
#   +--------------------------+----------------------------+
#                              | veth0
#                              |
#                              | veth0
#   +--------------------------+-- r -----------------------+
#   | forwarding  veth0: 192.0.2.2      2001:db8:1::2       |
#   |             veth1: 198.51.100.2   2001:db8:2::2       |
#   +--------------------------+----------------------------+
#                              | veth1
#                              |
#                              | veth0
#   +--------------------------+-- b -----------------------+
#   | server   198.51.100.1   2001:db8:2::1   default via r |
#   +-------------------------------------------------------+
#   every link with offloads off
#
# N connections from a to b over IPv4, then N over IPv6. r forwards every
# segment of them and sends or receives none itself, so after each batch
# every counter of r equals a's and b's (syn N, synack N, fin 2N, psh 2N,
# packets), and r's own Tcp InSegs + OutSegs stay 0. r tracks the
# connections it forwards once each, as a and b do: hs_started N,
# hs_completed N, close_fin N, all in TIME_WAIT CLOSED in its conns.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly N=5

require_net_tools
# The first batch's connections must still be in TIME_WAIT when the second
# is checked, however slow the kernel (a debug one takes minutes).
module_load time_wait_timeout=3600

arb_link

batch() { # FAMILY SERVER_ADDR CONNECTIONS_SO_FAR
	local total=$(($3 + N))

	echo "$N connections over $1 from a to b through r"
	traffic "$b" "$a" "$2" "$N"
	wait_quiet "$a" "$b"
	for ns in "$a" "$r" "$b"; do
		check_stats "$ns" syn=$total synack=$total fin=$((2 * total)) \
			rst=0 psh=$((2 * total)) malformed=0 \
			hs_started=$total hs_completed=$total close_fin=$total \
			conns=$total half_open=0
		# shellcheck disable=SC2016 # an awk program
		check "$(ns_label "$ns") conns TIME_WAIT CLOSED" $total \
			"$(in_ns "$ns" awk '$4 == "TIME_WAIT" && $5 == "CLOSED"' \
				/proc/tcphs/conns | wc -l)"
	done
	check_stats_equal "$a" "$r"
	check_stats_equal "$a" "$b"
	check "a packets == InSegs + OutSegs + RetransSegs" \
		"$(mib_segs "$a")" "$(counter "$a" packets)"
	check "r InSegs + OutSegs + RetransSegs" 0 "$(mib_segs "$r")"
	check_no_retrans "$a" "$b"
}

batch ipv4 198.51.100.1 0
batch ipv6 2001:db8:2::1 "$N"

exit_result
