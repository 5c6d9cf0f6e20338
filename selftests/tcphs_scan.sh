#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A port scan by a real scanner shows in /proc/tcphs/resets and in tcphs
# top, though it leaves nothing half open: nmap's SYN scan from a to b.
#
#   +------ a ------+                 +------ b ------+
#   | nmap -sS      |  veth0 - veth0  | server :7777  |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   | 2001:db8::1   |                 | 2001:db8::2   |
#   +---------------+                 +---------------+
#
# 1. nmap -sS over IPv4 to ports 7001-7020 and 7777 of 192.0.2.2, then
#    over IPv6 to ports 7101-7110 and 7777 of 2001:db8::2; no host
#    discovery, no retry, raw IP sockets (--send-ip), so that a's
#    LOCAL_OUT sees the probes. Each closed port answers its SYN with a
#    RST (hs_rejected), the open one its SYN-ACK with a RST from a's
#    kernel, which knows no such connection (hs_aborted). In a and in b
#    alike: hs_started 32, hs_rejected 30, hs_aborted 2, half_open 0;
#    top empty; resets, exactly: source 192.0.2.1 21, 2001:db8::1 11;
#    port 7777 2, the 30 others 1; no error (31 ports, a sketch holds 32).
# 2. tcphs -j top shows resets as the file has it, and tcphs top -n 2's
#    text the scanner first, then the IPv6 source; port 7777, then 7001.
# 3. With resets_interval=10, resets counts one interval of 10 s and the
#    one before: a new scan's resets show for 10 s at least, and are gone
#    from a and b within 25 s.
#
# Steps 1 and 2 run with resets_interval=3600, so that the resets cannot
# leave before every check has read them, however slow the kernel.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

readonly JSON=$SELFTEST_DIR/tcphs_top_json.py

require_net_tools
require_tool
require_cmd nmap
module_load resets_interval=3600
ab_link
# A listener on IPv4 and IPv6, which accepts nothing: the scan's
# handshakes never complete.
run_bg in_ns "$b" socat "TCP6-LISTEN:$PORT,ipv6only=0" /dev/null
wait_until 10 "the server to listen" listening "$b" "$PORT"

scan() { # ADDR PORTS [NMAP_ARG...]
	local addr=$1 ports=$2

	shift 2
	in_ns "$a" nmap -sS -Pn -n --send-ip --max-retries 0 -p "$ports" \
		"$@" "$addr" >"$tmp_dir/nmap.out"
	check "nmap $addr: open" 1 "$(grep -c '^7777/tcp *open' \
		"$tmp_dir/nmap.out")"
}

readonly RESETS_HEADER="kind key resets error"

resets() { # NS
	in_ns "$1" cat /proc/tcphs/resets
}

echo "# 1. nmap -sS over IPv4 and IPv6"
scan 192.0.2.2 7001-7020,7777
scan 2001:db8::2 7101-7110,7777 -6
mapfile -t expected < <(
	echo "$RESETS_HEADER"
	echo "source 192.0.2.1 21 0"
	echo "source 2001:db8::1 11 0"
	echo "port 7777 2 0"
	for port in $(seq 7001 7020) $(seq 7101 7110); do
		echo "port $port 1 0"
	done)
for ns in "$a" "$b"; do
	wait_until 10 "$(ns_label "$ns") to see the scan" \
		counter_is "$ns" hs_rejected 30
	check_stats "$ns" hs_started=32 hs_rejected=30 hs_aborted=2 \
		half_open=0
	check "$(ns_label "$ns"): top" "kind key half_open error" \
		"$(in_ns "$ns" cat /proc/tcphs/top)"
	check "$(ns_label "$ns"): resets" "$(printf '%s\n' "${expected[@]}")" \
		"$(resets "$ns")"
done

echo "# 2. tcphs top"
check "tcphs -j top: resets as the file" "$(resets "$b")" \
	"$("$TOOL" -N "$b" -j top -n 32 | "$PYTHON" "$JSON" resets)"
check "tcphs -j top: top as the file" "kind key half_open error" \
	"$("$TOOL" -N "$b" -j top -n 32 | "$PYTHON" "$JSON" top)"
check "tcphs top -n 2: resets, the scanner first" "source resets error
192.0.2.1 21 0
2001:db8::1 11 0

port resets error
7777 2 0
7001 1 0" "$("$TOOL" -N "$b" top -n 2 |
	awk '/ resets / { on = 1 } on { $1 = $1; print }')"

echo "# 3. the window passes"
# shellcheck disable=SC2317 # called by wait_until
resets_empty() {
	[ "$(resets "$a")" = "$RESETS_HEADER" ] &&
		[ "$(resets "$b")" = "$RESETS_HEADER" ]
}
echo 10 >/sys/module/tcphs/parameters/resets_interval
wait_until 25 "resets to empty at resets_interval=10" resets_empty
start=${EPOCHREALTIME/./}
in_ns "$a" nmap -sS -Pn -n --send-ip --max-retries 0 -p 7001 192.0.2.2 \
	>/dev/null
check "a new scan: resets" "$RESETS_HEADER
source 192.0.2.1 1 0
port 7001 1 0" "$(resets "$b")"
wait_until 25 "resets to empty" resets_empty
check "resets shown 10 s at least" yes \
	"$([ $((${EPOCHREALTIME/./} - start)) -ge 10000000 ] && echo yes ||
		echo no)"

exit_result
