#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unloading and loading tcphs while connections come and go, and counting
# from zero again after.
#
#   +------ a ------+                 +------ b ------+
#   | client loop   |  veth0 - veth0  | server        |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   +---------------+  offloads off   +---------------+
#
# 1. a connects to b over and over, while tcphs is unloaded and loaded
#    CYCLES times (TCPHS_RELOAD_CYCLES, 50), and stats is read in a and b
#    after each load. The connections go on during the cycles and none
#    fails.
# 2. The connections stopped and finished, tcphs is loaded once more:
#    every counter of a and b is 0, and N more connections are counted
#    exactly: syn N, synack N, fin 2N, psh 2N, rst 0, and packets equal to
#    what the kernel counted meanwhile (InSegs + OutSegs + RetransSegs).
#
# An empty nft chain at each hook of tcphs (input, output, forward, IPv4 and
# IPv6) stays in a during the cycles, so that the hooks stay in use and the
# kernel never patches its code (the nf_hooks_needed static keys) while
# packets run through it: under QEMU TCG with 2 CPUs that livelocks the
# guest in ip_local_deliver (soft lockups, RCU stalls), without tcphs too,
# with nft chains added and deleted alone.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

CYCLES=$(test_size TCPHS_RELOAD_CYCLES 50)
readonly CYCLES
readonly N=5

require_net_tools
require_cmd nft
module_load

ab_link
in_ns "$a" nft -f - <<EOF
table inet tcphs_pin {
	chain pin_in { type filter hook input priority 0; }
	chain pin_out { type filter hook output priority 0; }
	chain pin_fwd { type filter hook forward priority 0; }
}
EOF

progress=$tmp_dir/progress
made() { cat "$progress" 2>/dev/null || echo 0; }
# shellcheck disable=SC2317 # called by wait_until
made_more_than() { [ "$(made)" -gt "$1" ]; }

run_bg in_ns "$b" "$PYTHON" "$TRAFFIC" server --addr 192.0.2.2 \
	--port "$PORT" --count 0 --ready-file "$tmp_dir/ready"
server=$!
wait_ready "$tmp_dir/ready"
run_bg in_ns "$a" "$PYTHON" "$TRAFFIC" loop --addr 192.0.2.2 \
	--port "$PORT" --stop-file "$tmp_dir/stop" --progress-file "$progress"
client=$!
wait_until 30 "the first connection" made_more_than 0

echo "1. $CYCLES unloads and loads under traffic"
before=$(made)
for i in $(seq "$CYCLES"); do
	module_load
	stats "$a" >/dev/null
	stats "$b" >/dev/null
	# Let a connection or so through with tcphs loaded.
	made_now=$(made)
	wait_until 10 "a connection after load $i" made_more_than "$made_now"
done
after=$(made)
echo "connections: $before before the cycles, $after after"
check "connections made during the cycles" yes \
	"$([ "$after" -ge $((before + CYCLES)) ] && echo yes || echo no)"
touch "$tmp_dir/stop"
check_exit "$client" "client loop"
check "server still running" yes "$(kill -0 "$server" && echo yes || echo no)"
wait_quiet "$a" "$b"

echo "2. loaded again, from zero, $N connections"
module_load
for ns in "$a" "$b"; do
	check_stats "$ns" packets=0 syn=0 synack=0 fin=0 rst=0 psh=0 urg=0 \
		ece=0 cwr=0 malformed=0
done
mib_a=$(mib_segs "$a")
mib_b=$(mib_segs "$b")
retrans=$(mib "$a" RetransSegs)
in_ns "$a" "$PYTHON" "$TRAFFIC" client --addr 192.0.2.2 --port "$PORT" \
	--count "$N"
wait_quiet "$a" "$b"
for ns in "$a" "$b"; do
	check_stats "$ns" syn=$N synack=$N fin=$((2 * N)) rst=0 \
		psh=$((2 * N)) urg=0 ece=0 cwr=0 malformed=0
done
check "a packets == its InSegs + OutSegs + RetransSegs since the load" \
	$(($(mib_segs "$a") - mib_a)) "$(counter "$a" packets)"
check "b packets == its InSegs + OutSegs + RetransSegs since the load" \
	$(($(mib_segs "$b") - mib_b)) "$(counter "$b" packets)"
check "a RetransSegs since the load" 0 $(($(mib "$a" RetransSegs) - retrans))

exit_result
