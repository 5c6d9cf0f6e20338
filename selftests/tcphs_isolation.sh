#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# One namespace's SYN flood stays in that namespace: the table is shared,
# but a namespace that needs room evicts only its own connections, and
# holds at most its share of the table (max_conns_per_netns).
#
#   +----- fa -----+          +----- fb -----+   the flood: FLOOD spoofed
#   | SYN sources  |  veth0   | drops all    |   SYNs from 10.0.0.1 on,
#   | 192.0.2.1    |----------| 192.0.2.2    |   each seen in fa and fb
#   +--------------+          +--------------+
#   +----- qa -----+          +----- qb -----+   the quiet pair: one
#   | client       |  veth0   | server :7777 |   established connection
#   | 192.0.2.1    |----------| 192.0.2.2    |   and HALF half-open ones
#   +--------------+          +--------------+   (qb drops their SYNs)
#
# max_conns=MAX, FLOOD = 5 MAX, far past it; syn_timeout=3600, so that
# nothing times out meanwhile.
# In each flood, a SYN is tracked (hs_started) or refused (insert_failed)
# when the entries evicted and not yet freed reach the memory's bound.
# 1. max_conns_per_netns=SHARE: fa and fb hold SHARE connections each, and
#    evicted = hs_evicted = hs_started - SHARE in each, exactly; the table
#    never fills. qa and qb: every counter, event, top line and connection
#    as before the flood. Once the evicted entries are freed, the slab
#    holds the connections of the four namespaces and no more.
# 2. The default share, half of max_conns: fa and fb fill the table
#    between them, and each evicts only its own: evicted = hs_started -
#    conns in each; qa and qb again untouched; the slab as in 1.
# 3. The table full: a SYN of qa evicts one of qa's own half-open
#    connections and is tracked; a SYN of a namespace with no connection
#    of its own to give is refused (insert_failed) and changes nothing
#    else.
# 4. max_conns_per_netns=SHARE, a new quiet pair holding SHARE half-open
#    connections each: while fa floods fb without end, from two senders,
#    qa sends QUIET SYNs 10 ms apart, each of which evicts one of the
#    pair's own: none is refused. The entries the flood evicts wait for
#    their grace period, but fa and fb may keep only their share of the
#    room of the entries waiting (a quarter of it), and leave the rest to
#    qa and qb.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly MAX=1024
readonly SHARE=256
readonly FLOOD=$((5 * MAX))
readonly HALF=20
readonly QUIET=500
readonly CHUNK=20000
readonly LOAD=$SELFTEST_DIR/tcphs_load

require_net_tools
require_cmd nft
[ -x "$LOAD" ] || skip "$LOAD not built (make -C selftests)"

# ab_link's a and b, where b drops every TCP segment but those of PORT,
# with routes back to the spoofed sources.
pair() { # SUFFIX
	ab_link "$1"
	in_ns "$b" nft -f - <<EOF
table inet tcphs_isolation {
	chain in {
		type filter hook input priority 0;
		tcp dport != $PORT drop
	}
}
EOF
	ip -n "$b" route add 10.0.0.0/8 dev veth0
	ip -n "$b" route add 198.18.0.0/15 dev veth0
}

# All that tcphs shows of NS, but the age and idle time of connections
# and chain_max, the longest bucket of the table all namespaces share.
view() { # NS
	in_ns "$1" grep -v '^chain_max ' /proc/tcphs/stats
	in_ns "$1" cat /proc/tcphs/events /proc/tcphs/top /proc/tcphs/resets
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk '{ $6 = $7 = ""; print }' /proc/tcphs/conns | sort
}

# The quiet pair, made and loaded with its connections.
quiet_pair() { # SUFFIX
	pair "$1"
	qa=$a
	qb=$b
	hold_server "$qb" 192.0.2.2 "$PORT"
	hold_client "$qa" 192.0.2.2 "$PORT"
	wait_until 10 "the established connection" counter_is "$qb" \
		hs_completed 1
	in_ns "$qa" "$PYTHON" "$TRAFFIC" flood --count "$HALF" \
		198.18.0.1:40000 192.0.2.2:9
	wait_until 30 "the half-open connections" counter_is "$qb" \
		half_open "$HALF"
	view "$qa" >"$tmp_dir/qa"
	view "$qb" >"$tmp_dir/qb"
}

# Nothing of the quiet pair changed.
check_quiet() {
	check "qa untouched" "$(cat "$tmp_dir/qa")" "$(view "$qa")"
	check "qb untouched" "$(cat "$tmp_dir/qb")" "$(view "$qb")"
	check "qa conns" $((HALF + 1)) "$(counter "$qa" conns)"
	check "qb conns" $((HALF + 1)) "$(counter "$qb" conns)"
}

flood() {
	in_ns "$fa" "$LOAD" syn 10.0.0.1 192.0.2.2 9 "$FLOOD"
	wait_until 120 "fb to see the flood" seen_is "$fb" "$FLOOD"
}

# The counters of the flooding namespace NS, which holds CONNS half-open
# connections.
check_flooded() { # NS CONNS
	local started

	check "$(ns_label "$1"): SYNs tracked or refused" "$FLOOD" "$(seen "$1")"
	started=$(counter "$1" hs_started)
	check_stats "$1" conns="$2" half_open="$2" evicted=$((started - $2)) \
		hs_evicted=$((started - $2))
}

echo "# 1. a flood of $FLOOD, max_conns=$MAX, max_conns_per_netns=$SHARE"
module_load max_conns="$MAX" max_conns_per_netns="$SHARE" syn_timeout=3600
pair f1
fa=$a
fb=$b
quiet_pair q1
flood
for ns in "$fa" "$fb"; do
	check_flooded "$ns" "$SHARE"
done
check_quiet
check_slab $((2 * SHARE + 2 * (HALF + 1)))

echo "# 2. the same, with the default share, $((MAX / 2))"
module_load max_conns="$MAX" syn_timeout=3600
pair f2
fa=$a
fb=$b
quiet_pair q2
flood
total=0
for ns in "$fa" "$fb"; do
	conns=$(counter "$ns" conns)
	total=$((total + conns))
	check_flooded "$ns" "$conns"
done
check "conns of fa, fb, qa and qb: the table full" "$MAX" \
	$((total + 2 * (HALF + 1)))
check_quiet
check_slab "$MAX"

echo "# 3. the table full: qa evicts its own; a namespace with none is refused"
in_ns "$qa" "$PYTHON" "$TRAFFIC" flood --count 1 198.18.1.1:40000 \
	192.0.2.2:9
wait_until 10 "qb to see the SYN" counter_is "$qb" hs_started $((HALF + 2))
for ns in "$qa" "$qb"; do
	check_stats "$ns" conns=$((HALF + 1)) half_open="$HALF" evicted=1 \
		hs_evicted=1 insert_failed=0
done
x=$(ns_name x)
craft_ns "$x"
in_ns "$x" "$PYTHON" "$TRAFFIC" segments 198.51.100.1:40000 \
	198.51.100.2:80 c:S:1000:0
check_stats "$x" syn=1 hs_started=0 conns=0 insert_failed=1
check "the table full" "$MAX" \
	$(($(counter "$fa" conns) + $(counter "$fb" conns) + 2 * (HALF + 1)))

# shellcheck disable=SC2317 # called by wait_until
seen_is_above() { # NS VALUE
	[ "$(seen "$1")" -gt "$2" ]
}

# fa floods fb, CHUNK SYNs at a time from new sources, 10.FIRST.0.1 on,
# until told to stop.
# shellcheck disable=SC2317 # run by run_bg
flood_until_stopped() { # FIRST
	local k=$1

	while [ ! -e "$tmp_dir/stop" ]; do
		in_ns "$fa" "$LOAD" syn "10.$k.0.1" 192.0.2.2 9 "$CHUNK" \
			>/dev/null
		k=$((k + 1))
	done
}

echo "# 4. qa at its share of $SHARE sends $QUIET SYNs while fa floods fb"
module_load max_conns="$MAX" max_conns_per_netns="$SHARE" syn_timeout=3600
pair f4
fa=$a
fb=$b
pair q4
qa=$a
qb=$b
in_ns "$qa" "$LOAD" syn 198.18.0.1 192.0.2.2 9 "$SHARE" >/dev/null
wait_until 30 "qb to fill its share" counter_is "$qb" half_open "$SHARE"
# Two flooders, as fast as the guest's CPUs send.
run_bg flood_until_stopped 1
flooder1=$!
run_bg flood_until_stopped 128
flooder2=$!
wait_until 30 "fb to see the flood" seen_is_above "$fb" "$MAX"
in_ns "$qa" "$PYTHON" "$TRAFFIC" flood --count "$QUIET" --interval 0.01 \
	198.18.2.1:40000 192.0.2.2:9
wait_until 30 "qb to see the SYNs" seen_is "$qb" $((SHARE + QUIET))
touch "$tmp_dir/stop"
check_exit "$flooder1" "the first flood"
check_exit "$flooder2" "the second flood"
echo "# fa: $(seen "$fa") SYNs, $(counter "$fa" insert_failed) refused"
for ns in "$qa" "$qb"; do
	check_stats "$ns" hs_started=$((SHARE + QUIET)) insert_failed=0 \
		conns="$SHARE" half_open="$SHARE" evicted="$QUIET" \
		hs_evicted="$QUIET"
done

exit_result
