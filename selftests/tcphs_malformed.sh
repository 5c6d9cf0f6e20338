#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Handmade segments, sent from a raw IP socket of a (through a's LOCAL_OUT)
# to b (through b's LOCAL_IN), over IPv4 and IPv6.
#
#   +------ a ------+                 +------ b ------+
#   | raw socket    |  veth0 - veth0  | no listener   |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   | 2001:db8::1   |  offloads off   | 2001:db8::2   |
#   +---------------+                 +---------------+
#
# Each segment has a wrong TCP checksum, so that b's TCP drops it silently
# instead of answering with a RST (which would move the counters). Each case
# is sent alone, followed by a well-formed ACK as a marker (once b counted
# it, b has seen the case before it), and checked in a and in b against the
# counters before it:
#
#   ack                 a well-formed ACK: packets +1, nothing else
#   doff-short          data offset 4 (16 bytes)           malformed
#   doff-long           data offset 15, 24 bytes present   malformed
#   truncated           12 bytes of TCP header             malformed
#   option-cut          an MSS option past the header      malformed
#   syn-fin             SYN|FIN                            malformed
#   syn-rst             SYN|RST                            malformed
#   null                no flag                            malformed
#   xmas                FIN|PSH|URG without ACK            malformed
#                       malformed: packets +1, malformed +1, no flag counter
#   fragmented          an ACK in two IP fragments: packets +1 (the first
#                       fragment at a; at b the first fragment over IPv6,
#                       the reassembled packet over IPv4)
#   non-first-fragment  the second fragment alone: not counted at all
#   split-header        an ACK in two IP fragments, the first with 8 bytes
#                       of its header: malformed at a, and at b over IPv6;
#                       over IPv4 b sees it reassembled, well formed
#   ext-chain           IPv6: an ACK behind 8 destination options headers:
#                       packets +1
#   ext-chain-cut       IPv6: the same, the last header's length past the
#                       packet's end: no TCP header found, not counted

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_net_tools
module_load

ab_link

declare -A packets=([a]=0 [b]=0) malformed=([a]=0 [b]=0)

# Send CASE and a marker ACK through the crafting helper (a coprocess, one
# for all the cases of a family); CASE adds PACKETS to packets and
# MALFORMED to malformed in a, and in b B_PACKETS and B_MALFORMED (by
# default the same), and nothing to any other counter.
case_check() { # CASE PACKETS MALFORMED [B_PACKETS B_MALFORMED]
	local ns reply side

	echo "$1 from $src to $dst"
	packets[a]=$((packets[a] + $2 + 1))
	malformed[a]=$((malformed[a] + $3))
	packets[b]=$((packets[b] + ${4:-$2} + 1))
	malformed[b]=$((malformed[b] + ${5:-$3}))
	echo "$1 ack" >&"${CRAFT[1]}"
	read -r -t 30 reply <&"${CRAFT[0]}"
	[ "$reply" = sent ]
	# b counts in softirq, right away; wait for it all the same.
	wait_until 5 "b to count $1" \
		counter_is "$b" packets "${packets[b]}" || true
	for ns in "$a" "$b"; do
		side=$(ns_label "$ns")
		check_stats "$ns" packets="${packets[$side]}" syn=0 synack=0 \
			fin=0 rst=0 psh=0 urg=0 ece=0 cwr=0 \
			malformed="${malformed[$side]}"
	done
}

for pair in "192.0.2.1 192.0.2.2" "2001:db8::1 2001:db8::2"; do
	src=${pair% *}
	dst=${pair#* }
	coproc CRAFT { in_ns "$a" "$PYTHON" "$TRAFFIC" craft --src "$src" \
		--dst "$dst"; }
	# shellcheck disable=SC2153 # set by coproc
	craft_pid=$CRAFT_PID
	bg_pids+=("$craft_pid")
	case_check ack 1 0
	for c in doff-short doff-long truncated option-cut syn-fin syn-rst \
		null xmas; do
		case_check "$c" 1 1
	done
	case_check fragmented 1 0
	case_check non-first-fragment 0 0
	if [ "$src" = 192.0.2.1 ]; then
		case_check split-header 1 1 1 0
	else
		case_check split-header 1 1
		case_check ext-chain 1 0
		case_check ext-chain-cut 0 0
	fi
	eval "exec ${CRAFT[1]}>&-"	# EOF: the helper ends
	check_exit "$craft_pid" "crafting helper"
done

exit_result
