#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/tcphs/tcphs, the reader of /proc/tcphs, against the live module and
# known traffic. JSON is read by python3's json module, Prometheus text by
# python3-prometheus-client's parser, in tcphs_tool.py.
#
#   +------ a ------+                 +------ b ------+
#   | clients       |  veth0 - veth0  | servers       |
#   | 192.0.2.1     |-----------------| 192.0.2.2     |
#   | 2001:db8::1   |                 | 2001:db8::2   |
#   +---------------+                 +---------------+
#   +------------------------------ c ------------------------------+
#   | crafted segments of 8 connections -> LOCAL_OUT -> d0 (dummy)  |
#   +---------------------------------------------------------------+
#
# In b: 3 connections over IPv4 and 2 over IPv6 (TIME_WAIT CLOSED), one
# refused (CLOSED CLOSED), one held open (ESTABLISHED ESTABLISHED) and a
# SYN flood of 20 SYNs, each from its own source in 198.51.100.0/24, to a
# port nobody listens on (SYN_SENT LISTEN: b has no route back to answer).
# In c: 8 connections crafted in known states, with known addresses.
# Timeouts are long, so that nothing leaves the table during the test.
#
# 0. The module not loaded: exit 1, a message on loading it.
# 1. stats -j: every counter of /proc/tcphs/stats, and only those, in a, b
#    and c; conns -j, conns -s -j and top -j: exactly the known connections
#    (in top's resets, the refused one, or none once its window passed).
# 2. stats --prometheus: every family and sample, typed; tcphs_endpoints
#    per family, role and state; -o FILE; as nobody, no tcphs_endpoints.
# 3. stats -i RATE_INTERVAL -c 1 (TCPHS_RATE_INTERVAL, 3 s), JSON and text:
#    a flood of 30 SYNs sent between the two samples (once both tools wait
#    for the second) shows as rate * interval = 30, every other counter's
#    rate as 0.
# 4. conns filters (state, port, addr, prefixes, AND and OR) and conns -s
#    on c: each the exact lines expected, in order.
# 5. Errors: conns as nobody, bad arguments (exit 2, nothing on stdout), a
#    namespace that does not exist; -N NS reads NS as ip netns exec does.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_net_tools
require_cmd setpriv
require_tool

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
FLOOD=20		# SYNs of the flood in b, part 1
FLOOD_PORT=9999		# nobody listens there
REFUSED_PORT=7778
HOLD_PORT=7779
RATE_FLOOD=30		# SYNs sent between two samples, part 3
RATE_PORT=9998
RATE_INTERVAL=$(test_size TCPHS_RATE_INTERVAL 3)
CHECKS=$SELFTEST_DIR/tcphs_tool.py
out=$tmp_dir/out
err=$tmp_dir/err

# Run the tool, as root or (nobody NS ...) as nobody in NS: its stdout in
# $out, its stderr in $err, its exit status in $rc.
tool() { # ARG...
	rc=0
	"$TOOL" "$@" >"$out" 2>"$err" || rc=$?
}

nobody() { # NS ARG...
	local ns=$1

	shift
	rc=0
	in_ns "$ns" "${NOBODY[@]}" "$TOOL" "$@" >"$out" 2>"$err" || rc=$?
}

# The last command ran with exit status 0 and printed nothing on stderr.
check_ok() { # DESCRIPTION
	check "$1: exit status" 0 "$rc"
	check "$1: stderr" "" "$(cat "$err")"
}

# The last command failed with STATUS, printed nothing on stdout, and a
# message on stderr matching the extended regular expression PATTERN.
check_fails() { # DESCRIPTION STATUS PATTERN
	local msg

	msg=$(cat "$err")
	msg=${msg//$'\n'/ }
	check "$1: exit status" "$2" "$rc"
	check "$1: stdout" "" "$(cat "$out")"
	if grep -qiE -- "$3" <<<"$msg"; then
		echo "PASS: $1: message: $msg"
	else
		echo "FAIL: $1: message \"$msg\" does not match /$3/"
		failed=1
	fi
}

# A check of tcphs_tool.py: it prints PASS or FAIL lines like the shell's;
# any FAIL, or any exception (JSON that does not parse...), fails the test.
pycheck() { # COMMAND ARG...
	local output status=0

	output=$("$PYTHON" "$CHECKS" "$@" 2>&1) || status=$?
	[ -z "$output" ] || echo "$output"
	if [ "$status" != 0 ]; then
		echo "FAIL: python check exited with $status"
		failed=1
	elif grep -q '^FAIL' <<<"$output"; then
		failed=1
	fi
}

# Wait until each named counter of NS has its value.
# shellcheck disable=SC2317 # called by wait_until
stats_are() { # NS NAME=VALUE...
	local ns=$1 kv

	shift
	read_stats "$ns"
	for kv in "$@"; do
		[ "${ST[${kv%%=*}]:-}" = "${kv#*=}" ] || return 1
	done
}

wait_stats() { # NS NAME=VALUE...
	wait_until 30 "$* in $(ns_label "$1")" stats_are "$@" || true
	check_stats "$@"
}

echo "# 0. the module not loaded"
module_load
rmmod tcphs
for args in stats "-j stats" "stats --prometheus" conns "conns -s" top; do
	# shellcheck disable=SC2086 # the words of args
	tool $args
	check_fails "tcphs $args without the module" 1 'module.*load|load.*module'
done

module_load syn_timeout=3600 synack_timeout=3600 fin_timeout=3600 \
	time_wait_timeout=3600 resets_interval=3600

echo "# traffic in b"
ab_link
traffic "$b" "$a" 192.0.2.2 3
traffic "$b" "$a" 2001:db8::2 2
in_ns "$a" "$PYTHON" "$TRAFFIC" refused --addr 192.0.2.2 --port "$REFUSED_PORT"
hold_server "$b" 192.0.2.2 "$HOLD_PORT"
hold_client "$a" 192.0.2.2 "$HOLD_PORT"
wait_stats "$b" hs_completed=6
in_ns "$a" "$PYTHON" "$TRAFFIC" flood --count "$FLOOD" 198.51.100.1:40000 \
	"192.0.2.2:$FLOOD_PORT"
for ns in "$a" "$b"; do
	wait_stats "$ns" hs_started=$((7 + FLOOD)) hs_completed=6 close_fin=5 \
		hs_rejected=1 half_open="$FLOOD" conns=$((7 + FLOOD)) \
		close_rst=0 hs_syn_retrans=0 rst_out_of_window=0
done
check_no_retrans "$a" "$b"

echo "# connections crafted in c"
c=$(ns_name c)
craft_ns "$c"
ip -n "$c" route add 192.0.2.0/24 dev d0
ip -n "$c" route add 2001:db8::/32 dev d0
HS="c:S:1000:0 s:SA:5000:1001 c:A:1001:5001"
# Each connection: its line in conns (without age and idle), and its
# segments; the client's ISN is 1000, the server's 5000.
declare -A LINE SEGS
LINE[1]="ipv4 198.51.100.10:40000 198.51.100.20:80 TIME_WAIT CLOSED ShADdFaf"
SEGS[1]="$HS c:PA:1001:5001:10 s:PA:5001:1011:20 c:A:1011:5021
	c:FA:1011:5021 s:A:5021:1012 s:FA:5021:1012 c:A:1012:5022"
LINE[2]="ipv4 198.51.100.11:40001 198.51.100.20:80 ESTABLISHED ESTABLISHED ShA"
SEGS[2]=$HS
LINE[3]="ipv4 198.51.100.12:40002 198.51.100.30:443 SYN_SENT LISTEN S"
SEGS[3]="c:S:1000:0"
LINE[4]="ipv4 198.51.100.12:40003 198.51.100.30:443 ESTABLISHED SYN_RCVD Sh"
SEGS[4]="c:S:1000:0 s:SA:5000:1001"
LINE[5]="ipv6 [2001:db8::10]:40000 [2001:db8::20]:80 ESTABLISHED ESTABLISHED ShA"
SEGS[5]=$HS
LINE[6]="ipv6 [2001:db8:1::10]:40004 [2001:db8::20]:22 CLOSED CLOSED Sr"
SEGS[6]="c:S:1000:0 s:RA:0:1001"
LINE[7]="ipv4 198.51.100.13:40005 198.51.100.20:80 FIN_WAIT_2 CLOSE_WAIT ShAFa"
SEGS[7]="$HS c:FA:1001:5001 s:A:5001:1002"
LINE[8]="ipv4 192.0.2.77:40006 192.0.2.88:8080 ESTABLISHED ESTABLISHED ShA"
SEGS[8]=$HS
# The connections sorted by server, then client, as conns lists them.
ORDER="8 1 2 7 3 4 6 5"
for i in $ORDER; do
	read -r -a f <<<"${LINE[$i]}"
	# shellcheck disable=SC2086 # one segment per word
	echo "segments ${f[1]} ${f[2]}" ${SEGS[$i]}
done >"$tmp_dir/segments"
in_ns "$c" "$PYTHON" "$TRAFFIC" batch "$tmp_dir/segments"
wait_stats "$c" conns=8 half_open=2 hs_started=8 hs_completed=5 close_fin=1 \
	hs_rejected=1
# shellcheck disable=SC2016 # an awk program
check "c: /proc/tcphs/conns" \
	"$(for i in $ORDER; do echo "${LINE[$i]}"; done | sort)" \
	"$(in_ns "$c" awk 'NR > 1 { print $1, $2, $3, $4, $5, $8 }' \
		/proc/tcphs/conns | sort)"

echo "# 1. JSON"
for ns in "$a" "$b" "$c"; do
	label=$(ns_label "$ns")
	tool -N "$ns" -j stats
	check_ok "$label: -j stats"
	stats "$ns" >"$tmp_dir/proc"
	pycheck stats "$label -j stats" "$out" "$tmp_dir/proc"
	# -j after the command, the same.
	tool -N "$ns" stats -j
	check_ok "$label: stats -j"
	pycheck stats-as-proc "$label stats -j" "$out" "$tmp_dir/proc"
done

# What b holds: the number of connections of each family, client, server,
# server port, client state and server state.
{
	echo "ipv4 192.0.2.1 192.0.2.2 $PORT TIME_WAIT CLOSED 3"
	echo "ipv6 2001:db8::1 2001:db8::2 $PORT TIME_WAIT CLOSED 2"
	echo "ipv4 192.0.2.1 192.0.2.2 $REFUSED_PORT CLOSED CLOSED 1"
	echo "ipv4 192.0.2.1 192.0.2.2 $HOLD_PORT ESTABLISHED ESTABLISHED 1"
	for i in $(seq "$FLOOD"); do
		echo "ipv4 198.51.100.$i 192.0.2.2 $FLOOD_PORT SYN_SENT LISTEN 1"
	done
} >"$tmp_dir/b.kinds"
tool -N "$b" -j conns
check_ok "b: -j conns"
in_ns "$b" cat /proc/tcphs/conns >"$tmp_dir/proc"
pycheck conns "b -j conns" "$out" "$tmp_dir/proc" "$tmp_dir/b.kinds"

tool -N "$b" -j conns -s
check_ok "b: -j conns -s"
pycheck b-conns-summary "b -j conns -s" "$out" "$FLOOD"

# top: the flood's sources and port; its resets: the refused connection,
# which the hour of resets_interval keeps.
for n in "" 3 30; do
	tool -N "$b" -j top ${n:+-n "$n"}
	check_ok "b: -j top ${n:+-n $n}"
	pycheck top "b -j top ${n:+-n $n}" "$out" "$FLOOD" "$FLOOD_PORT" \
		"${n:-10}" "$REFUSED_PORT"
done

echo "# 2. Prometheus"
stats "$b" >"$tmp_dir/proc"
tool -N "$b" stats --prometheus
check_ok "b: stats --prometheus"
cp "$out" "$tmp_dir/prom"
pycheck prometheus "b --prometheus" "$out" "$tmp_dir/proc" \
	--endpoints "$FLOOD"

echo "# -o FILE"
mkdir "$tmp_dir/o"
printf 'old\n' >"$tmp_dir/o/tcphs.prom"
chmod 600 "$tmp_dir/o/tcphs.prom"
rc=0
(umask 077 && exec "$TOOL" -N "$b" stats --prometheus -o "$tmp_dir/o/tcphs.prom") \
	>"$out" 2>"$err" || rc=$?
check_ok "b: stats --prometheus -o FILE"
check "-o: stdout" "" "$(cat "$out")"
check "-o: the file's mode, whatever the umask" 644 \
	"$(stat -c %a "$tmp_dir/o/tcphs.prom")"
if cmp -s "$tmp_dir/prom" "$tmp_dir/o/tcphs.prom"; then
	echo "PASS: -o: the file holds what stdout had"
else
	echo "FAIL: -o: the file differs from stdout:"
	diff "$tmp_dir/prom" "$tmp_dir/o/tcphs.prom" | head -n 10 || true
	failed=1
fi
check "-o: files in the directory (no temporary one left)" "tcphs.prom" \
	"$(ls -A "$tmp_dir/o")"

echo "# --prometheus as nobody"
nobody "$b" stats --prometheus
check "nobody: --prometheus exit status" 0 "$rc"
if grep -q 'tcphs_endpoints' "$err"; then
	echo "PASS: nobody: warning: $(cat "$err")"
else
	echo "FAIL: nobody: no warning naming tcphs_endpoints on stderr: $(cat "$err")"
	failed=1
fi
pycheck prometheus "nobody --prometheus" "$out" "$tmp_dir/proc"
nobody "$b" -j stats
check_ok "nobody: -j stats"
pycheck stats-as-proc "nobody -j stats" "$out" "$tmp_dir/proc"

echo "# 3. rates"
# The first sample is taken at the start, then the tool waits in
# rt_sigtimedwait (system call 128 on x86-64) until the next: a flood sent
# once both wait, and counted before they wake, falls between their two
# samples.
# shellcheck disable=SC2317 # called by wait_until
sampled() { # PID...
	local pid

	for pid in "$@"; do
		[ "$(cut -d ' ' -f 1 "/proc/$pid/syscall" 2>/dev/null)" = 128 ] ||
			return 1
	done
}

rm -f "$tmp_dir/go"
echo "flood $RATE_FLOOD 198.51.100.101:40000 192.0.2.2:$RATE_PORT" \
	>"$tmp_dir/flood"
# Once started, it waits for go: the sending itself takes milliseconds.
run_bg in_ns "$a" "$PYTHON" "$TRAFFIC" batch "$tmp_dir/flood" \
	--ready-file "$tmp_dir/ready" --go-file "$tmp_dir/go"
sender=$!
wait_ready "$tmp_dir/ready"
stats "$b" >"$tmp_dir/before"
run_bg "$TOOL" -N "$b" -j stats -i "$RATE_INTERVAL" -c 1 \
	>"$tmp_dir/rates.json" 2>"$err"
json_pid=$!
run_bg "$TOOL" -N "$b" stats -i "$RATE_INTERVAL" -c 1 \
	>"$tmp_dir/rates.txt" 2>>"$err"
text_pid=$!
wait_until 30 "the first samples" sampled "$json_pid" "$text_pid"
touch "$tmp_dir/go"
check_exit "$sender" "the flood between the samples"
wait_until "$RATE_INTERVAL" "b to count the flood" counter_is "$b" syn \
	$(($(awk '$1 == "syn" { print $2 }' "$tmp_dir/before") + RATE_FLOOD)) ||
	true
stats "$b" >"$tmp_dir/after"
if sampled "$json_pid" "$text_pid"; then
	echo "PASS: the flood was counted before the second samples"
else
	echo "FAIL: the second samples were taken before the flood was counted"
	failed=1
fi
check_exit "$json_pid" "stats -j -i $RATE_INTERVAL -c 1"
check_exit "$text_pid" "stats -i $RATE_INTERVAL -c 1"
check "stats -i: stderr" "" "$(cat "$err")"
pycheck rates "rates" "$tmp_dir/before" "$tmp_dir/after" "$RATE_FLOOD" \
	"$tmp_dir/rates.json" "$tmp_dir/rates.txt" "$RATE_INTERVAL"

echo "# 4. conns filters, on c"
# shellcheck disable=SC2034 # read through the nameref
declare -A CSTATE SSTATE
for i in $ORDER; do
	read -r -a f <<<"${LINE[$i]}"
	CSTATE[$i]=${f[3]}
	SSTATE[$i]=${f[4]}
done

# The lines of the connections IDS, in conns' order.
lines_of() { # IDS
	local i

	for i in $ORDER; do
		[[ " $1 " != *" $i "* ]] || echo "${LINE[$i]}"
	done
}

# conns FILTER... lists exactly the connections IDS, in order, under the
# header; age and idle are left out of the comparison.
check_filter() { # IDS FILTER...
	local ids=$1 got

	shift
	tool -N "$c" conns "$@"
	check_ok "conns $*"
	# shellcheck disable=SC2016 # an awk program
	got=$(awk 'NR == 1 { $1 = $1; print; next }
		{ print $1, $2, $3, $4, $5, $8 }' "$out")
	check "conns $*" \
		"$(echo family client server client_state server_state age idle history
		   lines_of "$ids")" "$got"
}

check_filter "$ORDER"
check_filter "8 2 4 5" state ESTABLISHED
check_filter "1" state time-wait
check_filter "4" state Syn_Rcvd
check_filter "7" state close_wait
check_filter "3" state LISTEN
check_filter "1 6" state CLOSED
check_filter "" state LAST_ACK
check_filter "3 4" state half-open
check_filter "3 4" state SYN_SENT state SYN_RCVD
check_filter "1 7" state FIN_WAIT_2 state TIME_WAIT
check_filter "3 4" port 443
check_filter "3 4" port https
check_filter "1 2 7 6 5" port 80 port 22
check_filter "2" port 40001
check_filter "" port 1
check_filter "3 4" addr 198.51.100.12
check_filter "1 2 7 3 4" addr 198.51.100.0/24
check_filter "7 3 4" addr 198.51.100.12/31
check_filter "1 2 7 3 4" addr 198.51.100.0/25
check_filter "" addr 198.51.100.128/25
check_filter "8 1 2 7 3 4" addr 198.51.100.0/24 addr 192.0.2.88
check_filter "8 1 2 7 3 4" addr 0.0.0.0/0
check_filter "6 5" addr ::/0
check_filter "6 5" addr 2001:db8::/32
check_filter "6" addr 2001:db8:1::/48
check_filter "6" addr 2001:db8:1::/63
check_filter "5" addr '[2001:db8::10]'
check_filter "2 5" state ESTABLISHED port 80
check_filter "2" state ESTABLISHED port 80 addr 198.51.100.0/24
check_filter "3 4" port 80 port 443 state half-open
check_filter "5" port 80 addr 2001:db8::/32 state established
check_filter "8 1 2 7 5" state ESTABLISHED state TIME_WAIT state CLOSE_WAIT \
	port 80 port 8080

# conns -s: endpoints per state (with -z, every state), then the total.
check_summary() { # IDS [-z] [FILTER...]
	local ids=$1 state i nc ns all=0 want

	shift
	tool -N "$c" conns -s "$@"
	check_ok "conns -s $*"
	[ "${1:-}" != -z ] || all=1
	want=$(
		echo state client server
		for state in CLOSED LISTEN SYN_SENT SYN_RCVD ESTABLISHED \
			FIN_WAIT_1 FIN_WAIT_2 CLOSE_WAIT CLOSING LAST_ACK \
			TIME_WAIT; do
			nc=0 ns=0
			for i in $ids; do
				[ "${CSTATE[$i]}" != "$state" ] || nc=$((nc + 1))
				[ "${SSTATE[$i]}" != "$state" ] || ns=$((ns + 1))
			done
			[ "$all" = 0 ] && [ $((nc + ns)) = 0 ] ||
				echo "$state $nc $ns"
		done
		nc=$(wc -w <<<"$ids")
		echo total "$nc" "$nc"
	)
	check "conns -s $*" "$want" "$(awk '{ $1 = $1; print }' "$out")"
}

check_summary "$ORDER"
check_summary "$ORDER" -z
check_summary "1 2 7 6 5" port 80 port 22
check_summary "3 4" state half-open
check_summary "6 5" -z addr 2001:db8::/32
check_summary "" port 1

tool -N "$c" -j conns
check_ok "c: -j conns"
in_ns "$c" cat /proc/tcphs/conns >"$tmp_dir/proc"
cat >"$tmp_dir/c.kinds" <<'EOF'
ipv4 198.51.100.10 198.51.100.20 80 TIME_WAIT CLOSED 1
ipv4 198.51.100.11 198.51.100.20 80 ESTABLISHED ESTABLISHED 1
ipv4 198.51.100.12 198.51.100.30 443 SYN_SENT LISTEN 1
ipv4 198.51.100.12 198.51.100.30 443 ESTABLISHED SYN_RCVD 1
ipv6 2001:db8::10 2001:db8::20 80 ESTABLISHED ESTABLISHED 1
ipv6 2001:db8:1::10 2001:db8::20 22 CLOSED CLOSED 1
ipv4 198.51.100.13 198.51.100.20 80 FIN_WAIT_2 CLOSE_WAIT 1
ipv4 192.0.2.77 192.0.2.88 8080 ESTABLISHED ESTABLISHED 1
EOF
pycheck conns "c -j conns" "$out" "$tmp_dir/proc" "$tmp_dir/c.kinds"
tool -N "$c" -j conns port 443 state syn-rcvd
check_ok "c: -j conns port 443 state syn-rcvd"
pycheck c-conns-443 "c -j conns port 443 state syn-rcvd" "$out"
tool -N "$c" -j conns -s addr 2001:db8::/32
check_ok "c: -j conns -s addr 2001:db8::/32"
pycheck c-conns-summary "c -j conns -s addr 2001:db8::/32" "$out"

echo "# 5. errors and namespaces"
for args in conns "conns -s" top "-j conns"; do
	# shellcheck disable=SC2086 # the words of args
	nobody "$b" $args
	check_fails "nobody: tcphs $args" 1 root
done
rc=0
"${NOBODY[@]}" "$TOOL" -N "$b" stats >"$out" 2>"$err" || rc=$?
check_fails "nobody: tcphs -N $(ns_label "$b") stats" 1 root

# Each must exit 2 before it prints anything, in a namespace where the
# command would otherwise print something.
while read -r args; do
	# shellcheck disable=SC2086 # the words of args
	tool -N "$b" $args
	check_fails "tcphs -N b $args" 2 .
done <<'EOF'
frobnicate
--frobnicate stats
stats --frobnicate
conns state BOGUS
conns state
conns state half
conns port 65536
conns port -1
conns port 80x
conns port no-such-service
conns addr 192.0.2.300
conns addr 192.0.2.0/33
conns addr 2001:db8::/129
conns addr 192.0.2.0/
conns colour red
stats -c 1
-j stats -c 2
stats -i 0
stats -i 0.001
stats -i abc
stats -i -1
stats -i 86401
stats -i
stats -i 1 -c 0
stats extra
stats -s
top -n 0
top -s
conns -n 3
EOF
tool
check_fails "tcphs (no command)" 2 .

tool -N "tcphs-nosuch-$$" stats
check_fails "tcphs -N nosuch stats" 1 "tcphs-nosuch-$$"
tool -N "$tmp_dir/nosuch" stats
check_fails "tcphs -N /nonexistent/file stats" 1 .

for ns in "$b" "$c"; do
	label=$(ns_label "$ns")
	tool -N "$ns" stats
	check_ok "$label: -N stats"
	cp "$out" "$tmp_dir/$label.txt"
	rc=0
	in_ns "$ns" "$TOOL" stats >"$out" 2>"$err" || rc=$?
	check_ok "$label: ip netns exec stats"
	check "$label: tcphs -N $label stats = ip netns exec $label tcphs stats" \
		"$(cat "$tmp_dir/$label.txt")" "$(cat "$out")"
	tool -N "/run/netns/$ns" stats
	check_ok "$label: -N /run/netns/NS stats"
	check "$label: tcphs -N /run/netns/$label stats" \
		"$(cat "$tmp_dir/$label.txt")" "$(cat "$out")"
done
if [ "$(cat "$tmp_dir/b.txt")" != "$(cat "$tmp_dir/c.txt")" ]; then
	echo "PASS: the stats of b and c differ"
else
	echo "FAIL: the stats of b and c are the same"
	failed=1
fi

exit_result
