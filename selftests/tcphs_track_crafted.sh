#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Connection tracking, segment by segment: each scenario sends the crafted
# segments of one connection, both directions, from a namespace of its own
# where they go out to a dummy device and nothing answers. tcphs sees each
# once, leaving, and the scenario checks every tracking counter and the
# connection's line in /proc/tcphs/conns. The last scenarios leave their
# connection idle, with short timeouts, until the GC ends it.
#
#   +----------------- s<N> -----------------+
#   | tcphs_traffic.py segments -> LOCAL_OUT -> d0 (dummy: drops all)
#   | client 198.51.100.10:40000  (2001:db8::10)
#   | server 198.51.100.20:80     (2001:db8::20)
#   +-----------------------------------------+
#
# Segments are DIR:FLAGS:SEQ:ACK[:LEN]; the client's ISN is 1000, the
# server's 5000.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_net_tools
module_load

CLIENT4=198.51.100.10:40000
SERVER4=198.51.100.20:80
CLIENT6='[2001:db8::10]:40000'
SERVER6='[2001:db8::20]:80'
# Every counter of the state machine, as in /proc/tcphs/stats.
TRACK_NAMES="hs_started hs_completed hs_rejected hs_syn_timeout
hs_synack_timeout hs_aborted hs_bad_synack hs_bad_ack hs_syn_retrans
hs_synack_retrans hs_simultaneous close_fin close_simultaneous close_rst
close_half_timeout close_idle_timeout fin_bad_ack data_after_fin
rst_out_of_window hs_evicted close_fin_timeout time_wait_reuse picked_up
untracked evicted insert_failed"
HANDSHAKE="c:S:1000:0 s:SA:5000:1001 c:A:1001:5001"
n=0

# Every tracking counter of NS: those named NAME=VALUE, the others 0.
check_track() { # NS NAME=VALUE...
	local ns=$1 name kv
	local -A want

	shift
	for name in $TRACK_NAMES; do
		want[$name]=0
	done
	for kv in "$@"; do
		want[${kv%%=*}]=${kv#*=}
	done
	read_stats "$ns"
	for name in $TRACK_NAMES; do
		check "$name" "${want[$name]}" "${ST[$name]:-missing}"
	done
}

# The connection lines of NS, without their age and idle time.
conns() { # NS
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk 'NR > 1 { print $1, $2, $3, $4, $5, $8 }' \
		/proc/tcphs/conns
}

# A new namespace for the next scenario, NAME, in $ns.
next_scenario() { # NAME
	n=$((n + 1))
	ns=$(ns_name "s$n")
	craft_ns "$ns"
	echo "# $1"
}

# scenario NAME FAMILY "EXPECTED CONNS LINE" "SEGMENTS" NAME=VALUE...
scenario() {
	local name=$1 family=$2 line=$3 segments=$4 client server

	shift 4
	next_scenario "$name"
	if [ "$family" = 4 ]; then
		client=$CLIENT4 server=$SERVER4
	else
		client=$CLIENT6 server=$SERVER6
	fi
	# shellcheck disable=SC2086 # one segment per word
	in_ns "$ns" "$PYTHON" "$TRAFFIC" segments "$client" "$server" \
		$segments
	check "$name: conns" "$line" "$(conns "$ns")"
	check_track "$ns" "$@"
	check_stats "$ns" conns="$([ -n "$line" ] && echo 1 || echo 0)"
	ip netns del "$ns"
}

C4="ipv4 $CLIENT4 $SERVER4"
C6="ipv6 $CLIENT6 $SERVER6"

scenario "handshake, data, four-way close" 4 \
	"$C4 TIME_WAIT CLOSED ShADdFaf" \
	"$HANDSHAKE c:PA:1001:5001:10 s:PA:5001:1011:20 c:A:1011:5021
	 c:FA:1011:5021 s:A:5021:1012 s:FA:5021:1012 c:A:1012:5022" \
	hs_started=1 hs_completed=1 close_fin=1

scenario "the same over IPv6" 6 \
	"$C6 TIME_WAIT CLOSED ShADdFaf" \
	"$HANDSHAKE c:PA:1001:5001:10 s:PA:5001:1011:20 c:A:1011:5021
	 c:FA:1011:5021 s:A:5021:1012 s:FA:5021:1012 c:A:1012:5022" \
	hs_started=1 hs_completed=1 close_fin=1

scenario "three-segment close: the server's ACK and FIN in one" 4 \
	"$C4 TIME_WAIT CLOSED ShAFf" \
	"$HANDSHAKE c:FA:1001:5001 s:FA:5001:1002 c:A:1002:5002" \
	hs_started=1 hs_completed=1 close_fin=1

scenario "simultaneous close" 4 \
	"$C4 TIME_WAIT TIME_WAIT ShAFfa" \
	"$HANDSHAKE c:FA:1001:5001 s:FA:5001:1001 c:A:1002:5002
	 s:A:5002:1002" \
	hs_started=1 hs_completed=1 close_simultaneous=1

scenario "half-close: the server sends in CLOSE_WAIT" 4 \
	"$C4 TIME_WAIT CLOSED ShAFadf" \
	"$HANDSHAKE c:FA:1001:5001 s:A:5001:1002 s:PA:5001:1002:100
	 c:A:1002:5101 s:FA:5101:1002 c:A:1002:5102" \
	hs_started=1 hs_completed=1 close_fin=1

scenario "data after FIN" 4 \
	"$C4 FIN_WAIT_2 CLOSE_WAIT ShAFaD" \
	"$HANDSHAKE c:FA:1001:5001 s:A:5001:1002 c:PA:1002:5001:10" \
	hs_started=1 hs_completed=1 data_after_fin=1

scenario "FIN acknowledged past its end" 4 \
	"$C4 FIN_WAIT_1 ESTABLISHED ShAFa" \
	"$HANDSHAKE c:FA:1001:5001 s:A:5001:1003" \
	hs_started=1 hs_completed=1 fin_bad_ack=1

scenario "SYN-ACK with a wrong ack, and the client's RST" 4 \
	"$C4 CLOSED CLOSED ShR" \
	"c:S:1000:0 s:SA:5000:1005 c:R:1005:0" \
	hs_started=1 hs_bad_synack=1 hs_aborted=1

scenario "final ACK with a wrong ack, and the server's RST" 4 \
	"$C4 CLOSED CLOSED ShAr" \
	"c:S:1000:0 s:SA:5000:1001 c:A:1001:5009 s:R:5009:0" \
	hs_started=1 hs_bad_ack=1 hs_aborted=1

scenario "SYN and SYN-ACK retransmitted" 4 \
	"$C4 ESTABLISHED ESTABLISHED ShA" \
	"c:S:1000:0 c:S:1000:0 s:SA:5000:1001 s:SA:5000:1001 c:A:1001:5001" \
	hs_started=1 hs_completed=1 hs_syn_retrans=1 hs_synack_retrans=1

scenario "simultaneous open" 4 \
	"$C4 ESTABLISHED ESTABLISHED SsHh" \
	"c:S:1000:0 s:S:5000:0 c:SA:1000:5001 s:SA:5000:1001" \
	hs_started=1 hs_completed=1 hs_simultaneous=1

scenario "refused" 4 \
	"$C4 CLOSED CLOSED Sr" \
	"c:S:1000:0 s:RA:0:1001" \
	hs_started=1 hs_rejected=1

scenario "blind RSTs out of the window, then one in it" 4 \
	"$C4 CLOSED CLOSED ShAR" \
	"$HANDSHAKE c:R:900:0 c:R:2002:0 s:R:1001:0 c:R:1001:0" \
	hs_started=1 hs_completed=1 rst_out_of_window=3 close_rst=1

scenario "TIME_WAIT reused by a new SYN" 4 \
	"$C4 SYN_SENT LISTEN S" \
	"$HANDSHAKE c:FA:1001:5001 s:FA:5001:1002 c:A:1002:5002
	 c:S:90000:0" \
	hs_started=2 hs_completed=1 close_fin=1 time_wait_reuse=1

scenario "picked up in the middle, then closed" 4 \
	"$C4 CLOSED TIME_WAIT DfFa" \
	"c:PA:1001:5001:10 s:FA:5001:1011 c:FA:1011:5002 s:A:5002:1012" \
	picked_up=1 close_fin=1

# timeout_scenario NAME COUNTER "SEGMENTS" NAME=VALUE...: the connection
# stays idle until COUNTER moves, and leaves the table.
timeout_scenario() {
	local name=$1 counter=$2 segments=$3

	shift 3
	next_scenario "$name"
	# shellcheck disable=SC2086 # one segment per word
	in_ns "$ns" "$PYTHON" "$TRAFFIC" segments "$CLIENT4" "$SERVER4" \
		$segments
	wait_until 20 "$counter" counter_is "$ns" "$counter" 1 || true
	check "$name: conns" "" "$(conns "$ns")"
	check_track "$ns" "$@"
	ip netns del "$ns"
}

echo 2 >/sys/module/tcphs/parameters/established_timeout
echo 2 >/sys/module/tcphs/parameters/fin_timeout
timeout_scenario "established, then idle" close_idle_timeout "$HANDSHAKE" \
	hs_started=1 hs_completed=1 close_idle_timeout=1
timeout_scenario "one side closed, the other never" close_half_timeout \
	"$HANDSHAKE c:FA:1001:5001 s:A:5001:1002" \
	hs_started=1 hs_completed=1 close_half_timeout=1
timeout_scenario "both closed, a FIN never acknowledged" close_fin_timeout \
	"$HANDSHAKE c:FA:1001:5001 s:FA:5001:1001 c:A:1002:5002" \
	hs_started=1 hs_completed=1 close_fin_timeout=1
echo 432000 >/sys/module/tcphs/parameters/established_timeout
echo 120 >/sys/module/tcphs/parameters/fin_timeout

echo 0 >/sys/module/tcphs/parameters/pickup
scenario "not picked up with pickup=0" 4 "" \
	"c:PA:1001:5001:10 s:A:5001:1011" \
	untracked=2
echo 1 >/sys/module/tcphs/parameters/pickup

exit_result
