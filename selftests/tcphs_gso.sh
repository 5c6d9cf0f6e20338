#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A GSO or GRO packet counts as the segments it stands for: a bulk
# transfer is counted the same, segment for segment, by a sender that
# hands the device 64 KB TSO packets and by a receiver that gets them
# one segment at a time.
#
# 1. Directly over veth.
#
#   +------ a ------+                 +------ b ------+
#   | bulk client   |  veth0 - veth0  | bulk server   |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   +---------------+                 +---------------+
#    TSO, GSO on                        GRO off
#
#    veth hands a's TSO packets to b whole, so both count gso_segs.
#
# 2. Through a router whose outgoing link has no segmentation offload:
#    r's device splits each TSO packet, and d receives single segments.
#
#   +------ c ------+                 +------ r ------+
#   | bulk client   |  veth0 - veth0  | forwarding    |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   +---------------+         GRO off | 198.51.100.2  |
#    TSO, GSO on                      +-------+-------+
#    default via r                            | veth1: TSO, GSO off
#                                             |
#                                             | veth0: GRO off
#                                     +-------+-------+
#                                     | bulk server   |
#                                     | 198.51.100.1  |
#                                     +------ d ------+
#                                      default via r
#
# A client sends BYTES bytes over one connection, then both sides close.
# Expected: the sender used TSO (its device sent fewer packets than the
# segments TCP counted), every counter (packets, psh, fin, ...) the same at
# each namespace on the path, syn 1, synack 1, fin 2, and the kernel's own
# segment count (InSegs + OutSegs + RetransSegs) equal to packets where it
# counts segments: at the sender (OutSegs counts the segments of a TSO
# packet) and at d (single segments; InSegs counts packets, so b, which
# receives TSO packets whole, is left out).

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly BYTES=$((4 << 20))

require_net_tools
module_load

gro_off() { # NS DEV
	in_ns "$1" ethtool -K "$2" gro off >/dev/null
}

tso_on() { # NS DEV
	in_ns "$1" ethtool -K "$2" tso on gso on >/dev/null
}

tx_packets() { # NS DEV
	in_ns "$1" cat "/sys/class/net/$2/statistics/tx_packets"
}

# A bulk transfer from CLIENT_NS to SERVER_ADDR in SERVER_NS.
bulk() { # CLIENT_NS SERVER_NS SERVER_ADDR
	local pid

	run_bg in_ns "$2" "$PYTHON" "$TRAFFIC" bulk-server --addr "$3" \
		--port "$PORT" --bytes "$BYTES" --ready-file "$tmp_dir/ready"
	pid=$!
	wait_ready "$tmp_dir/ready"
	in_ns "$1" "$PYTHON" "$TRAFFIC" bulk-client --addr "$3" \
		--port "$PORT" --bytes "$BYTES"
	check_exit "$pid" "bulk server"
}

check_sender() { # NS DEV
	local skbs segs

	skbs=$(tx_packets "$1" "$2")
	segs=$(mib "$1" OutSegs RetransSegs)
	echo "$(ns_label "$1") $2 sent $skbs packets for $segs segments"
	check "$(ns_label "$1") used TSO (fewer packets than segments)" yes \
		"$([ "$skbs" -lt "$segs" ] && echo yes || echo no)"
	check "$(ns_label "$1") packets == InSegs + OutSegs + RetransSegs" \
		"$(mib_segs "$1")" "$(counter "$1" packets)"
}

echo "1. $BYTES bytes from a to b over veth"
a=$(ns_name a)
b=$(ns_name b)
ns_add "$a"
ns_add "$b"
veth_pair "$a" veth0 "$b" veth0
tso_on "$a" veth0
gro_off "$b" veth0
ip -n "$a" addr add 192.0.2.1/24 dev veth0
ip -n "$b" addr add 192.0.2.2/24 dev veth0
bulk "$a" "$b" 192.0.2.2
wait_quiet "$a" "$b"
check_stats "$a" syn=1 synack=1 fin=2 rst=0 malformed=0
check_stats_equal "$a" "$b"
check_sender "$a" veth0

echo "2. $BYTES bytes from c to d through r, which segments"
c=$(ns_name c)
r=$(ns_name r)
d=$(ns_name d)
ns_add "$c"
ns_add "$r"
ns_add "$d"
veth_pair "$c" veth0 "$r" veth0
veth_pair "$r" veth1 "$d" veth0
tso_on "$c" veth0
gro_off "$r" veth0
offloads_off "$r" veth1
gro_off "$d" veth0
forwarding_on "$r"
ip -n "$c" addr add 192.0.2.1/24 dev veth0
ip -n "$r" addr add 192.0.2.2/24 dev veth0
ip -n "$r" addr add 198.51.100.2/24 dev veth1
ip -n "$d" addr add 198.51.100.1/24 dev veth0
ip -n "$c" route add default via 192.0.2.2
ip -n "$d" route add default via 198.51.100.2
bulk "$c" "$d" 198.51.100.1
wait_quiet "$c" "$d"
check_stats "$c" syn=1 synack=1 fin=2 rst=0 malformed=0
check_stats_equal "$c" "$r"
check_stats_equal "$c" "$d"
check_sender "$c" veth0
check "d packets == InSegs + OutSegs + RetransSegs" "$(mib_segs "$d")" \
	"$(counter "$d" packets)"

exit_result
