#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Connection tracking of real connections, each part in new namespaces:
#
#   +------ a ------+                 +------ b ------+
#   | clients       |  veth0 - veth0  | servers       |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   | 2001:db8::1   |                 | 2001:db8::2   |
#   +---------------+                 +---------------+
#
# 1. 5 connections over IPv4 and 5 over IPv6, each a request, an answer
#    and a close by the client first: in a and in b, hs_started 10,
#    hs_completed 10, close_fin 10, and 10 lines TIME_WAIT CLOSED in conns.
# 2. A connection refused: hs_rejected 1. One closed with SO_LINGER 0:
#    hs_completed 1, close_rst 1.
# 3. A SYN to a port b drops, retried once (tcp_syn_retries=1): hs_syn_retrans
#    1, and syn_timeout later hs_syn_timeout 1. Kernels from 6.5 retry
#    SYNs at linear intervals first (tcp_syn_linear_timeouts) and fit a
#    second retry in the same time: that is turned off.
# 4. A SYN from an address nobody has (crafted in a): b answers with a
#    SYN-ACK that goes nowhere, once again (tcp_synack_retries=1), and
#    synack_timeout later counts hs_synack_timeout 1: a server half-open.
# 5. With max_conns=32 (all namespaces), an established connection, then
#    300 SYNs from spoofed sources: the table stays at 32, the 570 entries
#    evicted are half-open ones, and the established connection is kept.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_net_tools
require_cmd nft socat ss

PARAMS=/sys/module/tcphs/parameters
part=0

# New namespaces a and b, linked as drawn above.
pair() {
	part=$((part + 1))
	ab_link "$part"
}

module_load

echo "# 1. graceful connections, IPv4 and IPv6"
pair
traffic "$b" "$a" 192.0.2.2 5
traffic "$b" "$a" 2001:db8::2 5
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" hs_started=10 hs_completed=10 close_fin=10 \
		close_rst=0 hs_rejected=0 half_open=0 conns=10
	check "$(ns_label "$ns") conns TIME_WAIT CLOSED" 10 \
		"$(conns_in "$ns" TIME_WAIT CLOSED)"
done

echo "# 2. refused, and reset with SO_LINGER 0"
pair
in_ns "$a" "$PYTHON" "$TRAFFIC" refused --addr 192.0.2.2 --port "$PORT"
traffic "$b" "$a" 192.0.2.2 1 --linger0
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" hs_started=2 hs_rejected=1 hs_completed=1 \
		close_rst=1 close_fin=0 rst_out_of_window=0
	check "$(ns_label "$ns") conns CLOSED CLOSED" 2 \
		"$(conns_in "$ns" CLOSED CLOSED)"
done

echo "# 3. a stale SYN"
pair
echo 3 >"$PARAMS/syn_timeout"
in_ns "$a" sysctl -qw net.ipv4.tcp_syn_retries=1
if [ -e /proc/sys/net/ipv4/tcp_syn_linear_timeouts ]; then
	in_ns "$a" sysctl -qw net.ipv4.tcp_syn_linear_timeouts=0
fi
in_ns "$b" nft add table inet t
in_ns "$b" nft add chain inet t input '{ type filter hook input priority 0; }'
in_ns "$b" nft add rule inet t input tcp dport 9 drop
if in_ns "$a" socat -u /dev/null TCP:192.0.2.2:9,connect-timeout=20 \
	2>/dev/null; then
	check "connect to a dropped port" failure success
fi
for ns in "$a" "$b"; do
	wait_until 20 "the stale SYN to expire" counter_is "$ns" \
		hs_syn_timeout 1 || true
	check_stats "$ns" hs_started=1 hs_syn_retrans=1 hs_syn_timeout=1 \
		half_open=0 conns=0
done

echo "# 4. a server half-open"
pair
echo 6 >"$PARAMS/synack_timeout"
in_ns "$b" sysctl -qw net.ipv4.tcp_synack_retries=1
hold_server "$b" 192.0.2.2 "$PORT"
in_ns "$a" "$PYTHON" "$TRAFFIC" segments 192.0.2.99:40000 "192.0.2.2:$PORT" c:S:1000:0
wait_until 10 "the SYN-ACK" counter_is "$b" half_open 1
check "b conns ESTABLISHED SYN_RCVD" 1 "$(conns_in "$b" ESTABLISHED SYN_RCVD)"
wait_until 30 "the half-open connection to expire" counter_is "$b" \
	hs_synack_timeout 1 || true
check_stats "$b" hs_started=1 synack=2 hs_synack_retrans=1 \
	hs_synack_timeout=1 hs_completed=0 half_open=0 conns=0

echo "# 5. a SYN flood larger than max_conns"
module_load max_conns=32
pair
hold_server "$b" 192.0.2.2 "$PORT"
hold_client "$a" 192.0.2.2 "$PORT"
wait_until 10 "the established connection" counter_is "$b" hs_completed 1
in_ns "$a" "$PYTHON" "$TRAFFIC" flood --count 300 198.18.0.1:40000 \
	"192.0.2.2:$PORT"
wait_until 10 "b to see the flood" counter_is "$b" hs_started 301
read_stats "$a"
declare -A A_ST
for name in "${!ST[@]}"; do
	A_ST[$name]=${ST[$name]}
done
read_stats "$b"
check "conns in a and b" 32 $((A_ST[conns] + ST[conns]))
check "half_open in a and b" 30 $((A_ST[half_open] + ST[half_open]))
check "hs_started in a and b" 602 $((A_ST[hs_started] + ST[hs_started]))
check "evicted in a and b" 570 $((A_ST[evicted] + ST[evicted]))
check "hs_evicted in a and b" 570 $((A_ST[hs_evicted] + ST[hs_evicted]))
check "insert_failed in a and b" 0 $((A_ST[insert_failed] + ST[insert_failed]))
check "conns_max" 32 "${ST[conns_max]}"
for ns in "$a" "$b"; do
	check "$(ns_label "$ns") keeps the established connection" 1 \
		"$(conns_in "$ns" ESTABLISHED ESTABLISHED)"
done

exit_result
