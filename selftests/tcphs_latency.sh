#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The handshake delays of /proc/tcphs/latency, against delays netem adds
# on the router's links.
#
#   +------------------------------ a ------------------------------+
#   | client   192.0.2.1      2001:db8:1::1   default via r         |
#   +------------------------------+--------------------------------+
#                                  | veth0
#                                  |
#                                  | veth0: netem delay 132 ms (to a)
#   +------------------------------+-- r ---------------------------+
#   | forwarding  veth0: 192.0.2.2      2001:db8:1::2               |
#   |             veth1: 198.51.100.2   2001:db8:2::2               |
#   +------------------------------+--------------------------------+
#                                  | veth1: netem delay 263 ms (to b)
#                                  |
#                                  | veth0
#   +------------------------------+-- b ---------------------------+
#   | server   198.51.100.1   2001:db8:2::1   default via r         |
#   +---------------------------------------------------------------+
#
# 1. N connections from a to b over IPv4, then N over IPv6. Each namespace
#    measures each delay of every handshake once, 2N in all, in the bucket
#    its path gives (netem delays by at least the time asked; each delay
#    is just above a bucket's low end, which leaves 129 ms or more for
#    what the kernels add: a debug kernel under TCG once added more than
#    32, past the margin of delays four times shorter; the round trip, 395
#    ms, stays well below the SYN's first retransmission, at 1 s):
#    - r, forwarding: SYN to SYN-ACK 263 ms, the way to b and back: bucket
#      262144-524287 us; SYN-ACK to ACK 132 ms, the way to a and back:
#      bucket 131072-262143 us;
#    - a, the client: SYN to SYN-ACK 395 ms, both ways: 262144-524287;
#      SYN-ACK to ACK, its own answer: below 131072;
#    - b, the server: SYN to SYN-ACK, its own answer: below 131072;
#      SYN-ACK to ACK 395 ms: 262144-524287.
#    Each sum is at least the delays netem added. A ping both ways first
#    resolves every neighbour, which would add its own delays.
# 2. One more connection, whose first SYN r drops (an nftables rule, before
#    tcphs's hook): a retransmits it a second later, and measures SYN to
#    SYN-ACK from that last SYN: 395 ms again, not 1.4 s.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly N=5
readonly TO_A_MS=132
readonly TO_B_MS=263
readonly SMALL=131072	# the low end of the bucket of TO_A_MS, in us

require_net_tools
require_cmd tc nft ping
require_tool
module_load

arb_link
tc -n "$r" qdisc add dev veth0 root netem delay "${TO_A_MS}ms"
tc -n "$r" qdisc add dev veth1 root netem delay "${TO_B_MS}ms"
# Neighbours resolved before, so that no SYN waits on a delayed ARP or
# neighbour discovery.
in_ns "$a" ping -q -c 1 -W 10 198.51.100.1 >/dev/null
in_ns "$a" ping -q -c 1 -W 10 2001:db8:2::1 >/dev/null

# The non-empty buckets of delay NAME in NS: "LOW-HIGH:COUNT ...", in order.
buckets() { # NS NAME
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk -v pre="$2_us_" '
		index($1, pre) == 1 && $2 > 0 {
			split(substr($1, length(pre) + 1), bound, "_")
			printf "%s%s-%s:%s", sep, bound[1], bound[2], $2
			sep = " "
		}
		END { print "" }' /proc/tcphs/latency
}

# One line of /proc/tcphs/latency in NS.
latency() { # NS NAME
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk -v name="$2" '$1 == name { print $2 }' \
		/proc/tcphs/latency
}

# The delays NAME of NS shorter than US microseconds, a bucket's low end.
below() { # NS NAME US
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk -v pre="$2_us_" -v us="$3" '
		index($1, pre) == 1 {
			split(substr($1, length(pre) + 1), bound, "_")
			if (bound[2] < us)
				n += $2
		}
		END { print n + 0 }' /proc/tcphs/latency
}

# Delay NAME of NS: COUNT measured, all in the bucket LOW-HIGH (or, with
# LOW 0, below HIGH + 1), their sum at least COUNT * MIN_MS.
check_delay() { # NS NAME COUNT LOW HIGH MIN_MS
	local label sum

	label="$(ns_label "$1") $2"
	check "$label count" "$3" "$(latency "$1" "$2_count")"
	if [ "$4" = 0 ]; then
		check "$label below $(($5 + 1)) us" "$3" "$(below "$1" "$2" "$(($5 + 1))")"
	else
		check "$label buckets" "$4-$5:$3" "$(buckets "$1" "$2")"
	fi
	sum=$(latency "$1" "$2_sum_us")
	check "$label sum_us ($sum) >= $3 * $6 ms" 1 \
		"$((sum >= $3 * $6 * 1000))"
}

# What every namespace measured after COUNT connections.
check_delays() { # COUNT
	local n=$1 rtt=$((TO_A_MS + TO_B_MS))

	check_delay "$r" syn_synack "$n" $((2 * SMALL)) $((4 * SMALL - 1)) \
		"$TO_B_MS"
	check_delay "$r" synack_ack "$n" "$SMALL" $((2 * SMALL - 1)) "$TO_A_MS"
	check_delay "$a" syn_synack "$n" $((2 * SMALL)) $((4 * SMALL - 1)) \
		"$rtt"
	check_delay "$a" synack_ack "$n" 0 $((SMALL - 1)) 0
	check_delay "$b" syn_synack "$n" 0 $((SMALL - 1)) 0
	check_delay "$b" synack_ack "$n" $((2 * SMALL)) $((4 * SMALL - 1)) \
		"$rtt"
}

echo "# 1. $N connections over IPv4, then $N over IPv6"
traffic "$b" "$a" 198.51.100.1 "$N"
traffic "$b" "$a" 2001:db8:2::1 "$N"
wait_quiet "$a" "$b"
for ns in "$a" "$r" "$b"; do
	check_stats "$ns" hs_started=$((2 * N)) hs_completed=$((2 * N)) \
		hs_syn_retrans=0
done
check_delays $((2 * N))

echo "# the reader: tcphs latency, -j and --prometheus, as the file says"
in_ns "$r" cat /proc/tcphs/latency >"$tmp_dir/file"
"$TOOL" -N "$r" -j latency >"$tmp_dir/json"
"$TOOL" -N "$r" latency --prometheus >"$tmp_dir/prom"
check "r: tcphs -j latency, tcphs latency --prometheus" ok \
	"$("$PYTHON" "$SELFTEST_DIR/tcphs_latency.py" "$tmp_dir/file" \
		"$tmp_dir/json" "$tmp_dir/prom")"

echo "# 2. a first SYN dropped by r"
in_ns "$r" nft -f - <<EOF
table inet tcphs_latency {
	chain forward {
		type filter hook forward priority -100; policy accept;
		tcp flags & (syn | ack) == syn quota until 100 bytes drop
	}
}
EOF
traffic "$b" "$a" 198.51.100.1 1
wait_quiet "$a" "$b"
check_stats "$a" syn=$((2 * N + 2)) hs_started=$((2 * N + 1)) \
	hs_syn_retrans=1
check_stats "$r" syn=$((2 * N + 1)) hs_started=$((2 * N + 1)) \
	hs_syn_retrans=0
check_delays $((2 * N + 1))

exit_result
