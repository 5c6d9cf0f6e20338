#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Resets: a connection refused, then a connection aborted.
#
#   +------ a ------+                 +------ b ------+
#   | client        |  veth0 - veth0  | port 7777     |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   +---------------+  offloads off   +---------------+
#
# 1. a connects to a port of b nobody listens on: a SYN, answered by a RST
#    (with ACK). In a and in b: syn 1, synack 0, rst 1, packets 2.
# 2. a connects to a server on b, sends the request, reads the answer and
#    closes with SO_LINGER 0: a RST instead of a FIN, and b, reset, sends
#    nothing more. Added in a and in b: syn 1, synack 1, psh 2, rst 1,
#    fin 0.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_net_tools
module_load

ab_link

echo "a connection to a closed port"
in_ns "$a" "$PYTHON" "$TRAFFIC" refused --addr 192.0.2.2 --port "$PORT"
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" packets=2 syn=1 synack=0 fin=0 rst=1 psh=0 urg=0 \
		ece=0 cwr=0 malformed=0
	check "$(ns_label "$ns") packets == InSegs + OutSegs + RetransSegs" \
		"$(mib_segs "$ns")" "$(counter "$ns" packets)"
done

echo "a connection closed with SO_LINGER 0"
traffic "$b" "$a" 192.0.2.2 1 --linger0
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" syn=2 synack=1 fin=0 rst=2 psh=2 urg=0 ece=0 cwr=0 \
		malformed=0
	check "$(ns_label "$ns") packets == InSegs + OutSegs + RetransSegs" \
		"$(mib_segs "$ns")" "$(counter "$ns" packets)"
done
check "b packets == a packets" "$(counter "$a" packets)" \
	"$(counter "$b" packets)"
check_no_retrans "$a" "$b"

exit_result
