#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /proc/tcphs/top, the half-open talkers a read counts in a walk of the
# table (space-saving sketches of 1024 keys, the first 32 shown), and the
# alert of half_open_alert (40 here), against crafted handshakes whose
# counts are known. The segments go from namespace e out to a dummy
# device, which drops them (as in tcphs_events.sh).
#
#   +---------------------------- e -----------------------------+
#   | tcphs_traffic.py segments -> LOCAL_OUT -> d0 (dummy: drops all)
#   | clients 198.51.100.10 (2001:db8::10), .11, a flood from .100
#   | servers 198.51.100.20:443, :80, :8080 ([2001:db8::20]:22)
#   +------------------------------------------------------------+
#
# 1. Empty: the header alone.
# 2. Ten handshakes of 198.51.100.10 to port 443 and three of
#    2001:db8::10 to port 22, each SYN answered (SYN_SENT, SYN_RECV), one
#    of .11 to port 80 completed: .10 10, ::10 3; 443 10, 22 3, exactly.
# 3. Five of .10's handshakes complete: .10 5, 443 5.
# 4. A flood of FLOOD (50) SYNs from .100-.149 to port 8080, counted
#    exactly: .10 5, ::10 3, then the first 30 of the flood by address,
#    .100-.129, 1 each; 8080 50, 443 5, 22 3. tcphs top and tcphs -j top
#    show the file, and resets, empty: no handshake here ended in a reset.
#    The 32nd SYN took half_open to 40: one warning, naming .10 (5) and
#    8080, with the SYNs of the flood seen when the warning was written:
#    32 to 50.
# 5. In namespace g, a flood of BIG (1100) sources, more than a sketch
#    holds: the last 76 take the places of keys counted once, and count 2
#    with an error of 1. Those are shown, 32 of them, each from the flood;
#    port 8080 1100, exactly.
# 6. The GC ends the floods (syn_timeout lowered to 1): e's top is back to
#    step 3; the alert cleared once, when half_open fell to 29, below 30.
# 7. half_open_alert raised to 10: 5 SYNs take half_open from 8 to 13,
#    the alert is raised at 10 (.10 and 443 first, 5 each); the GC ends
#    the SYNs, and at 8 it holds; .10's last 5 handshakes complete, and it
#    clears at 7, below 8.
# 8. NETS (12) namespaces, each with 6 SYNs sent while the alert is off;
#    half_open_alert 4, and the GC ends them all in one pass: each
#    namespace logs its own alert, at 5, and its clearing, at 2. More than
#    the kernel's burst of 10 messages in 5 s: one namespace's alerts do
#    not silence another's.
# 9. The alert raised in e again, at 4; unloading the module ends its
#    connections, but logs no clearing, and the warning, queued, is
#    written before the connections go: ::10 (3) and port 22 (3).

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly HEADER="kind key half_open error"
readonly FLOOD=50
# More sources than a sketch of /proc/tcphs/top holds, 1024 (talkers.h).
readonly BIG=1100
readonly NETS=12
readonly PARAMS=/sys/module/tcphs/parameters

require_net_tools
require_tool
module_load synack_timeout=3600 half_open_alert=40

ns=$(ns_name e)
craft_ns "$ns"
inum=$(in_ns "$ns" stat -L -c %i /proc/self/ns/net)
# The kernel log from here on: a namespace of an earlier test may have had
# the same inode number.
kmsg_mark

segments() { # CLIENT SERVER SEGMENT...
	in_ns "$ns" "$PYTHON" "$TRAFFIC" segments "$@"
}

# The lines the module logged about the namespace.
alerts() { # [INUM]
	kmsg_since | grep -F "tcphs: netns ${1:-$inum}: " || true
}

top() {
	in_ns "$ns" cat /proc/tcphs/top
}

check_top() { # NAME LINE...
	local name=$1

	shift
	check "$name" "$(printf '%s\n' "$HEADER" "$@")" "$(top)"
}

echo "# 1. empty"
check_top "empty"

echo "# 2. half-open handshakes"
for port in $(seq 40000 40009); do
	segments "198.51.100.10:$port" 198.51.100.20:443 \
		c:S:1000:0 s:SA:5000:1001
done
for port in 40000 40001 40002; do
	segments "[2001:db8::10]:$port" '[2001:db8::20]:22' \
		c:S:1000:0 s:SA:5000:1001
done
segments 198.51.100.11:40000 198.51.100.20:80 \
	c:S:1000:0 s:SA:5000:1001 c:A:1001:5001
check_stats "$ns" hs_started=14 hs_completed=1 half_open=13
check_top "half-open" \
	"source 198.51.100.10 10 0" "source 2001:db8::10 3 0" \
	"port 443 10 0" "port 22 3 0"

echo "# 3. handshakes completed"
for port in $(seq 40000 40004); do
	segments "198.51.100.10:$port" 198.51.100.20:443 c:A:1001:5001
done
check_stats "$ns" hs_completed=6 half_open=8
check_top "completed" \
	"source 198.51.100.10 5 0" "source 2001:db8::10 3 0" \
	"port 443 5 0" "port 22 3 0"

echo "# 4. a flood of $FLOOD sources"
in_ns "$ns" "$PYTHON" "$TRAFFIC" flood --count "$FLOOD" \
	198.51.100.100:1024 198.51.100.20:8080
check_stats "$ns" hs_started=$((14 + FLOOD)) half_open=$((8 + FLOOD))
mapfile -t flooded < <(
	for i in $(seq 100 129); do echo "source 198.51.100.$i 1 0"; done)
check_top "flood" \
	"source 198.51.100.10 5 0" "source 2001:db8::10 3 0" \
	"${flooded[@]}" \
	"port 8080 $FLOOD 0" "port 443 5 0" "port 22 3 0"
check "tcphs top -n 3" "$(printf '%s\n' \
	'source          half_open      error' \
	'198.51.100.10           5          0' \
	'2001:db8::10            3          0' \
	'198.51.100.100          1          0' \
	'' \
	'port  half_open      error' \
	'8080         50          0' \
	'443           5          0' \
	'22            3          0' \
	'' \
	'source     resets      error' \
	'' \
	'port     resets      error')" "$("$TOOL" -N "$ns" top -n 3)"
# Its JSON, written back in the files' form.
for file in top resets; do
	check "tcphs -j top -n 32: $file" \
		"$(in_ns "$ns" cat "/proc/tcphs/$file")" \
		"$("$TOOL" -N "$ns" -j top -n 32 |
			"$PYTHON" "$SELFTEST_DIR/tcphs_top_json.py" "$file")"
done
# The count of port 8080 in the warning is that of the work that wrote it.
raised="tcphs: netns $inum: 40 half-open connections, half_open_alert 40 reached; most from 198.51.100.10 (5, error 0), to port 8080 (N, error 0)"
check "alert: raised once" "$raised" \
	"$(alerts | sed -E 's/to port 8080 \([0-9]+,/to port 8080 (N,/')"
n=$(alerts | sed -nE 's/.*to port 8080 \(([0-9]+),.*/\1/p')
check "alert: the flood's SYNs seen, 32 to $FLOOD" yes \
	"$([ "${n:-0}" -ge 32 ] && [ "$n" -le "$FLOOD" ] && echo yes || echo no)"
raised=${raised/(N,/($n,}

echo "# 5. a flood of $BIG sources in namespace g"
g=$(ns_name g)
craft_ns "$g"
in_ns "$g" "$PYTHON" "$TRAFFIC" flood --count "$BIG" \
	198.51.100.100:1024 198.51.100.20:8080
check_stats "$g" hs_started="$BIG" half_open="$BIG"
big=$(in_ns "$g" cat /proc/tcphs/top)
check "g: the header, 32 sources counted 2 with an error of 1, port 8080" \
	"$(printf '%s\n' "$HEADER" "port 8080 $BIG 0" "2 1 x32")" \
	"$(awk '$1 == "source" { n[$3 " " $4]++; next }
		{ print }
		END { for (k in n) print k " x" n[k] }' <<<"$big")"
# Each from the flood, .100 to .100 + BIG - 1, and each once.
check "g: the sources shown, from the flood, distinct" 32 \
	"$(awk -v big="$BIG" -F '[ .]' '
		$1 == "source" && $2 == 198 && $3 == 51 {
			i = ($4 - 100) * 256 + $5 - 100
			if (i >= 0 && i < big && !seen[i]++)
				n++
		}
		END { print n + 0 }' <<<"$big")"

echo "# 6. the floods ended by the GC"
echo 1 >$PARAMS/syn_timeout
wait_until 60 "the GC to end the flood" \
	counter_is "$ns" hs_syn_timeout "$FLOOD"
wait_until 60 "the GC to end g's flood" counter_is "$g" hs_syn_timeout "$BIG"
check_top "flood ended" \
	"source 198.51.100.10 5 0" "source 2001:db8::10 3 0" \
	"port 443 5 0" "port 22 3 0"
cleared="tcphs: netns $inum: 29 half-open connections, below 30 (3/4 of half_open_alert 40): alert cleared"
check "alert: cleared once" "$(printf '%s\n' "$raised" "$cleared")" \
	"$(alerts)"

echo "# 7. half_open_alert raised to 10"
echo 10 >$PARAMS/half_open_alert
in_ns "$ns" "$PYTHON" "$TRAFFIC" flood --count 5 \
	198.51.100.200:1024 198.51.100.20:8080
wait_until 60 "the GC to end the SYNs" \
	counter_is "$ns" hs_syn_timeout $((FLOOD + 5))
raised2="tcphs: netns $inum: 10 half-open connections, half_open_alert 10 reached; most from 198.51.100.10 (5, error 0), to port 443 (5, error 0)"
check "alert: raised at 10, kept at 8" \
	"$(printf '%s\n' "$raised" "$cleared" "$raised2")" "$(alerts)"
for port in $(seq 40005 40009); do
	segments "198.51.100.10:$port" 198.51.100.20:443 c:A:1001:5001
done
check_top "all of .10's completed" \
	"source 2001:db8::10 3 0" "port 22 3 0"
check "alert: cleared at 7" "$(printf '%s\n' "$raised" "$cleared" \
	"$raised2" \
	"tcphs: netns $inum: 7 half-open connections, below 8 (3/4 of half_open_alert 10): alert cleared")" \
	"$(alerts)"

echo "# 8. an alert in each of $NETS namespaces at once"
echo 0 >$PARAMS/half_open_alert
echo 3600 >$PARAMS/syn_timeout
nets=()
inums=()
for i in $(seq "$NETS"); do
	nets+=("$(ns_name "f$i")")
	craft_ns "${nets[-1]}"
	inums+=("$(in_ns "${nets[-1]}" stat -L -c %i /proc/self/ns/net)")
	in_ns "${nets[-1]}" "$PYTHON" "$TRAFFIC" flood --count 6 \
		198.51.100.100:1024 198.51.100.20:8080
	check_stats "${nets[-1]}" half_open=6
done
echo 4 >$PARAMS/half_open_alert
echo 1 >$PARAMS/syn_timeout
for n in "${nets[@]}"; do
	wait_until 60 "the GC to end $(ns_label "$n")'s SYNs" \
		counter_is "$n" hs_syn_timeout 6
done
for i in "${!nets[@]}"; do
	# Whom the warning names depends on how many SYNs the GC had ended
	# when the work wrote it.
	check "$(ns_label "${nets[i]}"): its alert, raised and cleared" \
		"$(printf '%s\n' \
		"tcphs: netns ${inums[i]}: 5 half-open connections, half_open_alert 4 reached; most from ..." \
		"tcphs: netns ${inums[i]}: 2 half-open connections, below 3 (3/4 of half_open_alert 4): alert cleared")" \
		"$(alerts "${inums[i]}" | sed -E 's/; most from .*/; most from .../')"
done

echo "# 9. unloaded with the alert raised"
segments 198.51.100.10:40010 198.51.100.20:443 c:S:1000:0
raised3="tcphs: netns $inum: 4 half-open connections, half_open_alert 4 reached; most from 2001:db8::10 (3, error 0), to port 22 (3, error 0)"
report_segments
rmmod tcphs
module_loaded=0
check "alert: raised at 4, no clearing at unload" "$(printf '%s\n' \
	"$raised" "$cleared" "$raised2" \
	"tcphs: netns $inum: 7 half-open connections, below 8 (3/4 of half_open_alert 10): alert cleared" \
	"$raised3")" "$(alerts)"

exit_result
