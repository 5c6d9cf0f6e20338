#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /proc/tcphs/events, the ring of the last anomalies, and its readers. The
# crafted segments of each connection go from a namespace of its own out
# to a dummy device (as in tcphs_track_crafted.sh), and the ring of that
# namespace must hold exactly their anomalies.
#
#   +------------------------- e ---------------------------+
#   | tcphs_traffic.py segments -> LOCAL_OUT -> d0 (dummy: drops all)
#   | clients 198.51.100.10:40000... (2001:db8::10), a flood from .100
#   | server  198.51.100.20:80       (2001:db8::20)
#   +-------------------------------------------------------+
#
# 1. Empty: the header alone, mode 0400.
# 2. A refused SYN over IPv4 and IPv6, data after a FIN then a RST, a SYN
#    the GC ends (syn_timeout=1): records 0 to 4, exactly, with times
#    taken between the test's start (less a tick, 10 ms at most: the
#    records' clock is the coarse one) and now, in order.
# 3. A reader at the end: poll() says nothing to read, then wakes it for
#    the next anomaly, which it reads.
# 4. tcphs -j events -f shows the records, then follows the next one, and
#    exits 0 on SIGTERM.
# 5. A flood of FLOOD (300) SYNs the GC ends: the ring keeps the last 256,
#    and a reader left behind resumes at the oldest kept, seq 307 - 256.
# 6. A reader holding the file of a namespace deleted still reads its ring.
# 7. The module cannot be unloaded while the file is open, and can once it
#    is closed.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly HEADER="seq time reason family client server client_state server_state"
readonly SERVER4=198.51.100.20:80
readonly SERVER6='[2001:db8::20]:80'
readonly RING=256
readonly FLOOD=300
readonly EVENTS=$SELFTEST_DIR/tcphs_events.py

require_net_tools
require_tool
module_load syn_timeout=1
start=$(date +%s.%N)

ns=$(ns_name e)
craft_ns "$ns"

segments() { # CLIENT SERVER SEGMENT...
	in_ns "$ns" "$PYTHON" "$TRAFFIC" segments "$@"
}

refused() { # CLIENT_PORT
	segments "198.51.100.10:$1" "$SERVER4" c:S:1000:0 s:RA:0:1001
}

# The lines of records without their time, the others as they are.
untimed() {
	sed -E 's/^([0-9]+) [0-9]+\.[0-9]+ /\1 /'
}

# The records of the namespace's ring, without the header and their time.
records() {
	in_ns "$ns" cat /proc/tcphs/events | tail -n +2 | untimed
}

# shellcheck disable=SC2317 # called by wait_until
gone() { # PID
	! kill -0 "$1" 2>/dev/null
}

# shellcheck disable=SC2317 # called by wait_until
in_namespace() { # PID
	ip netns pids "$ns" | grep -qx "$1"
}

# Start a reader of the namespace's ring (tcphs_events.py reader) in MODE,
# wait (for the next record) or stop (until the file stop exists), its
# output in OUT.
reader() { # MODE OUT
	rm -f "$tmp_dir/ready" "$tmp_dir/stop"
	run_bg in_ns "$ns" "$PYTHON" "$EVENTS" reader /proc/tcphs/events "$1" \
		"$tmp_dir/ready" "$tmp_dir/stop" >"$2"
	reader_pid=$!
	wait_until 30 "the reader to reach the end" test -e "$tmp_dir/ready"
}

echo "# 1. empty"
check "empty ring" "$HEADER" "$(in_ns "$ns" cat /proc/tcphs/events)"
check "mode" 400 "$(in_ns "$ns" stat -L -c %a /proc/tcphs/events)"

echo "# 2. anomalies"
refused 40000
segments '[2001:db8::10]:40000' "$SERVER6" c:S:1000:0 s:RA:0:1001
segments 198.51.100.10:40001 "$SERVER4" c:S:1000:0 s:SA:5000:1001 \
	c:A:1001:5001 c:FA:1001:5001 s:A:5001:1002 c:PA:1002:5001:10 \
	s:R:5001:0
segments 198.51.100.10:40002 "$SERVER4" c:S:1000:0
wait_until 30 "the GC to end the SYN" counter_is "$ns" hs_syn_timeout 1
check "records" "$(printf '%s\n' \
	"0 hs_rejected ipv4 198.51.100.10:40000 $SERVER4 CLOSED CLOSED" \
	"1 hs_rejected ipv6 [2001:db8::10]:40000 $SERVER6 CLOSED CLOSED" \
	"2 data_after_fin ipv4 198.51.100.10:40001 $SERVER4 FIN_WAIT_2 CLOSE_WAIT" \
	"3 close_rst ipv4 198.51.100.10:40001 $SERVER4 CLOSED CLOSED" \
	"4 hs_syn_timeout ipv4 198.51.100.10:40002 $SERVER4 SYN_SENT LISTEN")" \
	"$(records)"
check "times: from the start to now, in order, to the microsecond" ok \
	"$(in_ns "$ns" "$PYTHON" "$EVENTS" times /proc/tcphs/events "$start" \
		"$(date +%s.%N)")"

echo "# 3. poll"
reader wait "$tmp_dir/wait.out"
refused 40003
wait_until 60 "the anomaly to wake the reader" gone "$reader_pid"
check_exit "$reader_pid" "reader"
check "reader: woken by the next anomaly" "$(printf '%s\n' "read 6" \
	"poll []" "woken [$("$PYTHON" "$EVENTS" poll-in)]" \
	"5 hs_rejected ipv4 198.51.100.10:40003 $SERVER4 CLOSED CLOSED")" \
	"$(untimed <"$tmp_dir/wait.out")"

echo "# 4. tcphs events -f"
run_bg "$TOOL" -N "$ns" -j events -f >"$tmp_dir/follow.out"
tool_pid=$!
wait_until 30 "tcphs events -f to show the ring" \
	grep -q '"seq":5,' "$tmp_dir/follow.out"
refused 40004
wait_until 30 "tcphs events -f to follow" \
	grep -q '"seq":6,' "$tmp_dir/follow.out"
kill "$tool_pid"
check_exit "$tool_pid" "tcphs events -f, stopped by SIGTERM"
# Its JSON lines, written back in the file's form.
check "tcphs events -f: every record, then the next" "$(records)" \
	"$("$PYTHON" "$EVENTS" records <"$tmp_dir/follow.out")"

echo "# 5. a flood: the last $RING records kept"
reader stop "$tmp_dir/stop.out"
in_ns "$ns" "$PYTHON" "$TRAFFIC" flood --count "$FLOOD" \
	198.51.100.100:1024 "$SERVER4"
wait_until 60 "the GC to end the flood" \
	counter_is "$ns" hs_syn_timeout $((FLOOD + 1))
touch "$tmp_dir/stop"
check_exit "$reader_pid" "reader"
# Every anomaly the namespace counted, one record each.
check_stats "$ns" hs_rejected=4 data_after_fin=1 close_rst=1 \
	hs_syn_timeout=$((FLOOD + 1))
total=$((7 + FLOOD))
# shellcheck disable=SC2016 # an awk program
check "reader left behind: resumes at the oldest kept" \
	"read 8|poll []|first $((total - RING))|last $((total - 1))|records $RING|hs_syn_timeout $RING" \
	"$(awk 'NR <= 2 { printf "%s|", $0; next }
		!first { first = $1 } { last = $1; n++; r[$3]++ }
		END { printf "first %s|last %s|records %d", first, last, n
		      for (k in r) printf "|%s %d", k, r[k] }' \
		"$tmp_dir/stop.out")"
records >"$tmp_dir/records"
check "a new reader: the same $RING records" same \
	"$(tail -n +3 "$tmp_dir/stop.out" | untimed |
		cmp -s - "$tmp_dir/records" && echo same)"

report_segments
echo "# 6. a reader of a namespace deleted"
# ip execs sleep: $! is in the namespace once ip has entered it.
ip netns exec "$ns" sleep 600 &
pid=$!
bg_pids+=("$pid")
wait_until 10 "a process in the namespace" in_namespace "$pid"
exec 3<"/proc/$pid/net/tcphs/events"
kill "$pid"
ip netns del "$ns"
check "reader of a deleted namespace: the records" \
	"$HEADER|$((total - RING))|$((total - 1))|$((RING + 1))" \
	"$(awk 'NR == 1 { h = $0 } NR == 2 { f = $1 } { l = $1; n++ }
		END { printf "%s|%s|%s|%d", h, f, l, n }' <&3)"
exec 3<&-

echo "# 7. unload"
exec 3</proc/tcphs/events
rc=0
out=$(rmmod tcphs 2>&1) || rc=$?
check "rmmod with the file open: refused, in use" "1 in use loaded" \
	"$rc $(grep -o 'in use' <<<"$out") $([ -d /sys/module/tcphs ] &&
		echo loaded)"
exec 3<&-
module_loaded=0
rmmod tcphs
check "rmmod once closed" gone "$([ -d /sys/module/tcphs ] || echo gone)"

exit_result
