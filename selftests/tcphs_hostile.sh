#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What an attacker, or a busy host, throws at tcphs: it must keep its memory
# bounded and its counters exact, and leave the host whole.
#
#   +------ a ------+                 +------ b ------+
#   | SYN sources   |  veth0 - veth0  | server :7777  |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   | client        |  offloads off   | drops the rest|
#   +---------------+                 +---------------+
#
# b's filter (priority 0, after tcphs) drops every TCP segment but those of
# port 7777, so that b never answers the SYNs below: each is seen once at
# a's LOCAL_OUT and once at b's LOCAL_IN, and stays half open.
#
# 1. Tuples chosen to collide: COLLIDE SYNs from 192.0.2.1 port 20000 + i
#    to b's port 60000 - i, the same addresses and the same sum of ports
#    (a hash adding the fields up, or of the addresses alone, puts them in
#    one bucket): chain_max, the longest bucket since load, stays at most
#    CHAIN_MAX (with 2 COLLIDE entries in at least 2^17 buckets, the
#    chance that a random hash makes one longer is below 10^-6).
# 2. A spoofed SYN flood, FLOOD sources from 10.0.0.1 on (TCPHS_FLOOD,
#    1000000, above MAX), with max_conns=MAX and a connection from a to b
#    held open, while a reader reads b's /proc/tcphs/conns in a loop: a
#    and b together hold MAX connections, the established one still in
#    both; each SYN is tracked (hs_started) or refused (insert_failed)
#    when the entries evicted and not yet freed fill the room of those
#    waiting; evicted = hs_evicted = hs_started - MAX; once the evicted
#    entries are freed, the slab holds MAX entries; every read of conns
#    was whole; chain_max at most CHAIN_MAX: a new connection evicts the
#    first half-open one of its namespace from its own bucket on, so a
#    bucket longer than its neighbours loses entries faster than it gains
#    them, and the flood leaves the chains no longer than the first MAX
#    made them (MAX entries in MAX buckets: one longer than CHAIN_MAX has
#    a chance below 10^-4).
# 3. The GC with the table full: syn_timeout=1 ends the MAX - 2 half-open
#    connections: hs_syn_timeout in a and b together MAX - 2, half_open 0,
#    the established ones left.
# 4. NS_CYCLES times, two namespaces made, a connection held between them
#    and SYNs sent, then both deleted with their connections tracked: a and
#    b keep their counts. The unload at the end finds the table empty (or
#    warns, which fails the VM run).

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly COLLIDE=20000
readonly CHAIN_MAX=10
FLOOD=$(test_size TCPHS_FLOOD 1000000)
readonly FLOOD
readonly MAX=4096
readonly NS_CYCLES=10
readonly LOAD=$SELFTEST_DIR/tcphs_load
PARAMS=/sys/module/tcphs/parameters

require_net_tools
require_cmd nft
if [ "$FLOOD" -le "$MAX" ]; then
	echo "FAIL: TCPHS_FLOOD=$FLOOD: not above max_conns=$MAX"
	exit "$KSFT_FAIL"
fi
[ -x "$LOAD" ] || skip "$LOAD not built (make -C selftests)"

# a and b as drawn above, with a route back to the spoofed sources in b.
setup() {
	ab_link "$1"
	in_ns "$b" nft -f - <<EOF
table inet tcphs_hostile {
	chain in {
		type filter hook input priority 0;
		tcp dport != $PORT drop
	}
}
EOF
	ip -n "$b" route add 10.0.0.0/8 dev veth0
}

# chain_max, the longest bucket since load, is at most CHAIN_MAX.
check_chain_max() {
	local chain

	chain=$(counter "$b" chain_max)
	echo "chain_max $chain, $(counter "$b" conns_max) connections at most"
	check "chain_max at most $CHAIN_MAX" yes \
		"$([ "$chain" -le "$CHAIN_MAX" ] && echo yes || echo no)"
}

# The sum of a counter over a and b.
both() { # NAME
	echo $(($(counter "$a" "$1") + $(counter "$b" "$1")))
}

# shellcheck disable=SC2317 # called by wait_until
both_are() { # NAME VALUE
	[ "$(both "$1")" = "$2" ]
}

# No SYN of parts 1 and 2 may time out while the others are sent, which
# takes minutes under a debug kernel.
echo "# 1. $COLLIDE SYNs on colliding tuples"
module_load syn_timeout=3600
setup 1
in_ns "$a" "$PYTHON" "$TRAFFIC" flood --collide --count "$COLLIDE" \
	192.0.2.1:20000 192.0.2.2:60000
wait_until 60 "b to see the SYNs" counter_is "$b" hs_started "$COLLIDE"
check "conns in a and b" $((2 * COLLIDE)) "$(both conns)"
check_chain_max

echo "# 2. a flood of $FLOOD sources, max_conns=$MAX"
module_load max_conns="$MAX" syn_timeout=3600
setup 2
hold_server "$b" 192.0.2.2 "$PORT"
hold_client "$a" 192.0.2.2 "$PORT"
wait_until 10 "the established connection" counter_is "$b" hs_completed 1

# Read b's conns until told to stop; count the reads, and the bad ones: a
# failed read, or a line that is neither the header first nor a connection.
# shellcheck disable=SC2317 # run by run_bg
reader() {
	local reads=0 bad=0

	while [ ! -e "$tmp_dir/stop" ]; do
		# shellcheck disable=SC2016 # an awk program
		in_ns "$b" awk -v fields=8 '
			NR == 1 && $1 != "family" { exit 1 }
			NR > 1 && NF != fields { exit 1 }' /proc/tcphs/conns ||
			bad=$((bad + 1))
		reads=$((reads + 1))
	done
	echo "$reads $bad" >"$tmp_dir/reads"
}
run_bg reader
reader_pid=$!

in_ns "$a" "$LOAD" syn 10.0.0.1 192.0.2.2 9 "$FLOOD"
wait_until 120 "b to see the flood" seen_is "$b" $((FLOOD + 1))
touch "$tmp_dir/stop"
check_exit "$reader_pid" "conns reader"
read -r reads bad_reads <"$tmp_dir/reads"
echo "conns read $reads times during the flood"
check "conns reads during the flood" yes \
	"$([ "$reads" -gt 0 ] && echo yes || echo no)"
check "conns reads not whole" 0 "$bad_reads"
check "SYNs tracked or refused in a" $((FLOOD + 1)) "$(seen "$a")"
check "conns in a and b" "$MAX" "$(both conns)"
check "half_open in a and b" $((MAX - 2)) "$(both half_open)"
started=$(both hs_started)
check "evicted in a and b" $((started - MAX)) "$(both evicted)"
check "hs_evicted in a and b" $((started - MAX)) "$(both hs_evicted)"
check_slab "$MAX"
check_chain_max
for ns in "$a" "$b"; do
	check "$(ns_label "$ns") keeps the established connection" 1 \
		"$(conns_in "$ns" ESTABLISHED ESTABLISHED)"
done
report flood_sources "$FLOOD"
report flood_refused "$(both insert_failed)"

echo "# 3. the GC, the table full"
echo 1 >"$PARAMS/syn_timeout"
wait_until 60 "the GC to end the half-open connections" both_are half_open 0
check "hs_syn_timeout in a and b" $((MAX - 2)) "$(both hs_syn_timeout)"
check "conns in a and b" 2 "$(both conns)"

echo "# 4. $NS_CYCLES namespaces deleted with their connections tracked"
before_a=$(stats "$a")
before_b=$(stats "$b")
for i in $(seq "$NS_CYCLES"); do
	x=$(ns_name "x$i")
	y=$(ns_name "y$i")
	ns_add "$x"
	ns_add "$y"
	veth_pair "$x" veth0 "$y" veth0
	ip -n "$x" addr add 198.51.100.1/24 dev veth0
	ip -n "$y" addr add 198.51.100.2/24 dev veth0
	# Killed below: their shells' "Terminated" is no news.
	hold_server "$y" 198.51.100.2 "$PORT" 2>/dev/null
	hold_client "$x" 198.51.100.2 "$PORT" 2>/dev/null
	wait_until 10 "the connection in $y" counter_is "$y" hs_completed 1
	in_ns "$x" "$PYTHON" "$TRAFFIC" flood --count 20 198.18.0.1:40000 \
		198.51.100.2:9
	wait_until 10 "the SYNs in $y" counter_is "$y" hs_started 21
	for ns in "$x" "$y"; do
		ip netns pids "$ns" | xargs -r kill
		ip netns del "$ns"
	done
done
check "a unchanged" "$before_a" "$(stats "$a")"
check "b unchanged" "$before_b" "$(stats "$b")"

exit_result
