#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A connection idle past its timeout has ended when its next segment comes,
# whether the GC came by yet or not: that segment counts the timeout, and
# is taken as one of no connection.
#
#   +------------------ s ------------------+
#   | tcphs_traffic.py segments -> LOCAL_OUT -> d0 (dummy: drops all)
#   | client 198.51.100.10:40000 + i
#   | server 198.51.100.20:80
#   +---------------------------------------+
#
# synack_timeout=3. ROUNDS times, on a port of its own: a SYN and its
# SYN-ACK, a server half-open; then the SYN-ACK again GAP seconds later,
# as a server retransmits it. The GC passes once a second: it would end the
# connection before the retransmission in some rounds and not in others.
# Every round must count the same: hs_synack_timeout one more, the
# retransmission untracked (a SYN-ACK opens nothing), no
# hs_synack_retrans, no connection left.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly ROUNDS=20
readonly GAP=3.1

require_net_tools
module_load synack_timeout=3
s=$(ns_name s)
craft_ns "$s"

for i in $(seq "$ROUNDS"); do
	in_ns "$s" "$PYTHON" "$TRAFFIC" segments 198.51.100.10:$((40000 + i)) \
		198.51.100.20:80 c:S:1000:0 s:SA:5000:1001 w:"$GAP" \
		s:SA:5000:1001
	check_stats "$s" hs_started="$i" hs_synack_timeout="$i" \
		untracked="$i" hs_synack_retrans=0 half_open=0 conns=0
done

exit_result
