#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Exact counts of real connections between two namespaces over veth, over
# IPv4, or over IPv6 when run with the argument "ipv6" (that is what
# tcphs_counts_ipv6.sh does).
#
#   +---------- a ----------+                 +---------- b ----------+
#   | client, tcp_ecn=1     |  veth0 - veth0  | server, port 7777     |
#   | 192.0.2.1             |-----------------| 192.0.2.2             |
#   | 2001:db8::1           |  offloads off   | 2001:db8::2           |
#   +-----------------------+                 +-----------------------+
#
# N connections from a to b. Each is, seen from both ends: a SYN with ECE
# and CWR (the client asks for ECN), a SYN-ACK with ECE (the server
# agrees), the request in one segment sent as urgent data (PSH, URG), the
# answer (PSH), a FIN from each side, and ACKs. So in a and in b:
#   syn N, synack N, fin 2N, rst 0, psh 2N, urg N, ece 2N, cwr N,
#   malformed 0,
# packets the same in a and b, and equal to what the kernel itself counted
# in that namespace: Tcp InSegs + OutSegs + RetransSegs (/proc/net/snmp).

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly N=10
family=${1:-ipv4}

require_net_tools
module_load

ab_link
case $family in
ipv4)
	server=192.0.2.2
	;;
ipv6)
	server=2001:db8::2
	;;
*)
	echo "usage: $0 [ipv4|ipv6]"
	exit "$KSFT_FAIL"
	;;
esac
# net.ipv4.tcp_ecn is the setting of TCP over IPv6 too.
in_ns "$a" sysctl -qw net.ipv4.tcp_ecn=1

echo "$N connections over $family from a to b, requests as urgent data"
traffic "$b" "$a" "$server" "$N" --oob
wait_quiet "$a" "$b"

check_no_retrans "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" syn=$N synack=$N fin=$((2 * N)) rst=0 \
		psh=$((2 * N)) urg=$N ece=$((2 * N)) cwr=$N malformed=0
done
check "b packets == a packets" "$(counter "$a" packets)" \
	"$(counter "$b" packets)"
for ns in "$a" "$b"; do
	check "$(ns_label "$ns") packets == InSegs + OutSegs + RetransSegs" \
		"$(mib_segs "$ns")" "$(counter "$ns" packets)"
done

exit_result
