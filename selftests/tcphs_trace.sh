#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tracepoints tcphs:state and tcphs:anomaly, read from the kernel's
# tracing file system. Each scenario sends the crafted segments of one
# connection from a namespace of its own, where they go out to a dummy
# device (as in tcphs_track_crafted.sh), with the events filtered on that
# namespace, and checks every event it gives, in order.
#
#   +----------------- s<N> -----------------+
#   | tcphs_traffic.py segments -> LOCAL_OUT -> d0 (dummy: drops all)
#   | client 198.51.100.10:40000  (2001:db8::10)
#   | server 198.51.100.20:80     (2001:db8::20)
#   +-----------------------------------------+
#
# 1. The formats name the fields bpftrace and perf read, keep states and
#    reasons in a byte each, and map their values to their names.
# 2. A refused SYN, over IPv4 and IPv6: both endpoints leave CLOSED, come
#    back, and the refusal is an anomaly.
# 3. Every state of a four-way close, then data after the FIN and a RST.
# 4. A SYN never answered, ended by the GC (syn_timeout=1): an anomaly with
#    the states it had.
# 5. With the events off, nothing is recorded.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly TRACING=/sys/kernel/tracing
readonly CLIENT4=198.51.100.10:40000
readonly SERVER4=198.51.100.20:80
readonly CLIENT6='[2001:db8::10]:40000'
readonly SERVER6='[2001:db8::20]:80'
n=0

require_net_tools
[ -d "$TRACING/events" ] || mount -t tracefs tracefs "$TRACING" ||
	skip "no tracing file system at $TRACING"
module_load syn_timeout=1
[ -d "$TRACING/events/tcphs" ] || {
	echo "FAIL: no $TRACING/events/tcphs"
	exit "$KSFT_FAIL"
}

events_off() {
	echo 0 >"$TRACING/events/tcphs/enable"
	echo 0 >"$TRACING/events/tcphs/filter"
}

# Tracing left as found, then the rest of lib.sh's cleanup.
# shellcheck disable=SC2317 # called by the trap
cleanup_trace() {
	local rc=$?

	events_off 2>/dev/null
	echo 2>/dev/null >"$TRACING/trace"
	(exit "$rc")
	cleanup
}
trap cleanup_trace EXIT

# The tcphs events recorded, each "EVENT: FIELDS" without the netns field.
events() {
	sed -n 's/^.* \(state\|anomaly\): netns=[0-9]* /\1: /p' \
		"$TRACING/trace"
}

# A new namespace for the next scenario, NAME, in $ns; the tcphs events of
# it alone recorded from now on.
next_scenario() { # NAME
	n=$((n + 1))
	ns=$(ns_name "s$n")
	craft_ns "$ns"
	echo "# $1"
	echo "netns == $(stat -L -c %i "/run/netns/$ns")" \
		>"$TRACING/events/tcphs/filter"
	echo >"$TRACING/trace"
	echo 1 >"$TRACING/events/tcphs/enable"
}

segments() { # CLIENT SERVER SEGMENT...
	in_ns "$ns" "$PYTHON" "$TRAFFIC" segments "$@"
}

# check_events NAME EVENT...: the events recorded, exactly these.
check_events() {
	local name=$1

	shift
	check "$name: events" "$(printf '%s\n' "$@")" "$(events)"
}

# The fields of EVENT, but the common ones, in order. An array's length
# is a number, or on older kernels (5.10) the name of its constant.
fields() { # EVENT
	sed -n 's/^\tfield:[^;]* \([a-z_]*\)\(\[[A-Z_0-9]*\]\)*;.*/\1/p' \
		"$TRACING/events/tcphs/$1/format" | grep -v '^common_' |
		paste -sd ' '
}

# The fields of EVENT a byte long, but the common ones, in order.
bytes() { # EVENT
	sed -n 's/^\tfield:[^;]* \([a-z_]*\);.*\tsize:1;.*/\1/p' \
		"$TRACING/events/tcphs/$1/format" | grep -v '^common_' |
		paste -sd ' '
}

# The enumerators left in the print format of EVENT, one a line: none, once
# the module's load put the value of each TRACE_DEFINE_ENUM() in its place.
enumerators() { # EVENT
	sed -n 's/^print fmt: //p' "$TRACING/events/tcphs/$1/format" |
		tr -cs 'A-Za-z0-9_' '\n' | sed -n '/^TCPHS_/p' | sort -u
}

echo "# 1. formats"
check "state: fields" "netns client server old_client_state \
old_server_state client_state server_state" "$(fields state)"
check "anomaly: fields" "netns client server client_state server_state \
reason" "$(fields anomaly)"
check "state: bytes" "old_client_state old_server_state client_state \
server_state" "$(bytes state)"
check "anomaly: bytes" "client_state server_state reason" "$(bytes anomaly)"
check "state: enumerators left" "" "$(enumerators state)"
check "anomaly: enumerators left" "" "$(enumerators anomaly)"

C4="client=$CLIENT4 server=$SERVER4"
C6="client=$CLIENT6 server=$SERVER6"

next_scenario "refused, IPv4"
segments "$CLIENT4" "$SERVER4" c:S:1000:0 s:RA:0:1001
check_events refused \
	"state: $C4 client_state=CLOSED>SYN_SENT server_state=CLOSED>LISTEN" \
	"state: $C4 client_state=SYN_SENT>CLOSED server_state=LISTEN>CLOSED" \
	"anomaly: $C4 client_state=CLOSED server_state=CLOSED reason=hs_rejected"

next_scenario "refused, IPv6"
segments "$CLIENT6" "$SERVER6" c:S:1000:0 s:RA:0:1001
check_events "refused, IPv6" \
	"state: $C6 client_state=CLOSED>SYN_SENT server_state=CLOSED>LISTEN" \
	"state: $C6 client_state=SYN_SENT>CLOSED server_state=LISTEN>CLOSED" \
	"anomaly: $C6 client_state=CLOSED server_state=CLOSED reason=hs_rejected"

next_scenario "a close, data after the FIN, a RST"
segments "$CLIENT4" "$SERVER4" c:S:1000:0 s:SA:5000:1001 c:A:1001:5001 \
	c:FA:1001:5001 s:A:5001:1002 c:PA:1002:5001:10 s:R:5001:0
check_events "close" \
	"state: $C4 client_state=CLOSED>SYN_SENT server_state=CLOSED>LISTEN" \
	"state: $C4 client_state=SYN_SENT>ESTABLISHED server_state=LISTEN>SYN_RCVD" \
	"state: $C4 client_state=ESTABLISHED>ESTABLISHED server_state=SYN_RCVD>ESTABLISHED" \
	"state: $C4 client_state=ESTABLISHED>FIN_WAIT_1 server_state=ESTABLISHED>ESTABLISHED" \
	"state: $C4 client_state=FIN_WAIT_1>FIN_WAIT_2 server_state=ESTABLISHED>CLOSE_WAIT" \
	"anomaly: $C4 client_state=FIN_WAIT_2 server_state=CLOSE_WAIT reason=data_after_fin" \
	"state: $C4 client_state=FIN_WAIT_2>CLOSED server_state=CLOSE_WAIT>CLOSED" \
	"anomaly: $C4 client_state=CLOSED server_state=CLOSED reason=close_rst"

next_scenario "a SYN never answered, ended by the GC"
segments "$CLIENT4" "$SERVER4" c:S:1000:0
wait_until 30 "the GC to end the SYN" counter_is "$ns" hs_syn_timeout 1
check_events "stale SYN" \
	"state: $C4 client_state=CLOSED>SYN_SENT server_state=CLOSED>LISTEN" \
	"anomaly: $C4 client_state=SYN_SENT server_state=LISTEN reason=hs_syn_timeout"

next_scenario "the events off"
events_off
segments "$CLIENT4" "$SERVER4" c:S:1000:0 s:RA:0:1001
check_stats "$ns" hs_rejected=1
check_events "off"

exit_result
