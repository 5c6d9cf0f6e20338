#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A segment over loopback leaves (LOCAL_OUT) and arrives (LOCAL_IN) in the
# same namespace, and is counted once: when it leaves.
#
#   +---------------- l ----------------+
#   |  client ---- lo ----> server      |
#   |  127.0.0.1 and ::1, port 7777     |
#   +-----------------------------------+
#
# N connections on 127.0.0.1, then N on ::1. After each batch of n
# connections so far: syn n (not 2n), synack n, fin 2n, psh 2n, and
# packets == OutSegs + RetransSegs == InSegs: every segment once.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly N=10

require_net_tools
module_load

l=$(ns_name l)
ns_add "$l"

batch() { # ADDR CONNECTIONS_SO_FAR
	local total=$(($2 + N))

	echo "$N connections on $1"
	traffic "$l" "$l" "$1" "$N"
	wait_quiet "$l"
	check_stats "$l" syn=$total synack=$total fin=$((2 * total)) rst=0 \
		psh=$((2 * total)) urg=0 ece=0 cwr=0 malformed=0
	check "packets == OutSegs + RetransSegs" \
		"$(mib "$l" OutSegs RetransSegs)" "$(counter "$l" packets)"
	check "packets == InSegs" "$(mib "$l" InSegs)" \
		"$(counter "$l" packets)"
	check_no_retrans "$l"
}

batch 127.0.0.1 0
batch ::1 "$N"

exit_result
