#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every network namespace has its own counters, and /proc/tcphs shows the
# reader's. c exists before tcphs is loaded, a and b are made after.
#
#   +---- a ----+                 +---- b ----+      +------ c ------+
#   | client    |  veth0 - veth0  | server    |      | client and    |
#   | 192.0.2.1 |-----------------| 192.0.2.2 |      | server on lo  |
#   +-----------+  offloads off   +-----------+      | 127.0.0.1     |
#                                                    +---------------+
#
# 1. All three start at zero.
# 2. NAB connections from a to b: a and b count them, c does not.
# 3. NC connections inside c: c counts them, a and b are unchanged.
# 4. Read in each namespace, /proc/tcphs/stats and /proc/net/tcphs/stats
#    are the same file; /proc/PID/net/tcphs/stats of a process in c, read
#    from outside, is c's.
# 5. c deleted and made again under the same name starts from zero.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly NAB=4
readonly NC=3
readonly ZERO="packets=0 syn=0 synack=0 fin=0 rst=0 psh=0 urg=0 ece=0 cwr=0
malformed=0"

require_net_tools

c=$(ns_name c)
ns_add "$c"
module_load
ab_link

echo "1. all at zero"
for ns in "$a" "$b" "$c"; do
	# shellcheck disable=SC2086 # one NAME=VALUE a word
	check_stats "$ns" $ZERO
done

echo "2. $NAB connections from a to b"
traffic "$b" "$a" 192.0.2.2 "$NAB"
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" syn=$NAB synack=$NAB fin=$((2 * NAB)) \
		psh=$((2 * NAB)) rst=0
done
# shellcheck disable=SC2086
check_stats "$c" $ZERO
stats_a=$(stats "$a")
stats_b=$(stats "$b")

echo "3. $NC connections inside c"
traffic "$c" "$c" 127.0.0.1 "$NC"
wait_quiet "$c"
check_stats "$c" syn=$NC synack=$NC fin=$((2 * NC)) psh=$((2 * NC)) rst=0
check "c packets == OutSegs + RetransSegs" "$(mib "$c" OutSegs RetransSegs)" \
	"$(counter "$c" packets)"
check "a stats unchanged by c" "$stats_a" "$(stats "$a")"
check "b stats unchanged by c" "$stats_b" "$(stats "$b")"
check_no_retrans "$a" "$b" "$c"

echo "4. /proc/tcphs, /proc/net/tcphs and /proc/PID/net/tcphs"
for ns in "$a" "$b" "$c"; do
	check "$(ns_label "$ns") /proc/tcphs == /proc/net/tcphs" \
		"$(in_ns "$ns" cat /proc/net/tcphs/stats)" "$(stats "$ns")"
done
check "/proc/tcphs link" net/tcphs "$(readlink /proc/tcphs)"
run_bg ip netns exec "$c" sleep 60
pid=$!
# shellcheck disable=SC2317 # called by wait_until
same_ns() { [ "$(readlink "/proc/$1/ns/net")" = "$2" ]; }
wait_until 10 "sleep to enter c" same_ns "$pid" \
	"$(in_ns "$c" readlink /proc/self/ns/net)"
check "/proc/$pid/net/tcphs/stats == c's" "$(stats "$c")" \
	"$(cat "/proc/$pid/net/tcphs/stats")"
kill "$pid"
wait "$pid" || true

echo "5. c deleted and made again"
ip netns del "$c"
ip netns add "$c"
ip -n "$c" link set lo up
# shellcheck disable=SC2086
check_stats "$c" $ZERO

exit_result
