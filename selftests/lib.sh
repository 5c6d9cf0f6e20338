# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers shared by the tcphs selftests; each tcphs_*.sh sources this file
# first. It turns on strict mode: any command that fails outside a check
# fails the test (exit 1), a missing tool skips it (exit 4), and whatever
# the test made (namespaces, background processes, the loaded module) is
# removed on exit.
#
# A test makes its namespaces with ns_add, its links with veth_pair, loads
# the module with module_load, drives traffic with tcphs_traffic.py, waits
# with wait_until/wait_quiet (never a bare sleep), asserts exact numbers
# with check/check_stats, and ends with "exit_result".

set -Eeuo pipefail

readonly KSFT_PASS=0
readonly KSFT_FAIL=1
readonly KSFT_SKIP=4

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SELFTEST_DIR
readonly PYTHON=/usr/bin/python3
readonly TRAFFIC=$SELFTEST_DIR/tcphs_traffic.py
readonly PORT=7777
# The counters of /proc/tcphs/stats, in file order.
readonly STAT_NAMES="packets syn synack fin rst psh urg ece cwr malformed"

failed=0		# set to 1 by a failed check
tmp_dir=$(mktemp -d)	# scratch files, removed on exit
namespaces=()		# made by ns_add, deleted on exit
bg_pids=()		# background processes, killed on exit
module_loaded=0		# 1 once module_load has loaded tcphs
module_was_loaded=0	# tcphs was loaded before the test started
module_cmd=()		# how module_load loaded it: insmod or modprobe
kmsg_marks=0		# marks written to the kernel log by kmsg_mark
kmsg_marked=		# the last of them

# A command that fails under set -e ends the test as a failure: exit 1, not
# its own status, which could be 4 and read as a skip.
on_error() { # LINE COMMAND
	echo "FAIL: line $1: command failed: $2"
	exit "$KSFT_FAIL"
}
trap 'on_error "$LINENO" "$BASH_COMMAND"' ERR

# A number for the report of "make check-debug", which adds up each KEY
# over the tests: "report: KEY VALUE" on stdout.
report() { # KEY VALUE
	echo "report: $1 $2"
}

# What this copy of tcphs saw, for the report: the segments and the
# malformed ones of every namespace of the test still there, and of the
# initial one.
report_segments() {
	local ns s segs=0 bad=0

	for ns in "" "${namespaces[@]}"; do
		if [ -z "$ns" ]; then
			s=$(cat /proc/tcphs/stats 2>/dev/null) || continue
		else
			s=$(in_ns "$ns" cat /proc/tcphs/stats 2>/dev/null) ||
				continue
		fi
		segs=$((segs + $(awk '$1 == "packets" { print $2 }' <<<"$s")))
		bad=$((bad + $(awk '$1 == "malformed" { print $2 }' <<<"$s")))
	done
	report segments "$segs"
	report malformed "$bad"
	report module_loads 1
}

cleanup() {
	local rc=$? ns pid

	trap - ERR
	set +eu
	for pid in "${bg_pids[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	[ "$module_loaded" = 0 ] || [ ! -d /sys/module/tcphs ] ||
		report_segments
	for ns in "${namespaces[@]}"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	# Leave the module as found: loaded (this test's copy) or not.
	if [ "$module_loaded" = 1 ] && [ "$module_was_loaded" = 0 ]; then
		rmmod tcphs 2>/dev/null
	fi
	rm -rf "$tmp_dir"
	exit "$rc"
}
trap cleanup EXIT

# The size of a test: DEFAULT, or a positive number in the environment's
# NAME. make check-debug makes the biggest smaller, for its slower kernel.
test_size() { # NAME DEFAULT
	local size=${!1:-$2}

	if ! [[ $size =~ ^[1-9][0-9]{0,8}$ ]]; then
		echo "FAIL: $1=$size: not a number from 1 to 999999999" >&2
		return 1
	fi
	echo "$size"
}

skip() { # REASON
	echo "SKIP: $*"
	exit "$KSFT_SKIP"
}

# Every test ends with this: 1 if any check failed, else 0.
exit_result() {
	if [ "$failed" = 0 ]; then
		echo "ok: all checks passed"
		exit "$KSFT_PASS"
	fi
	echo "FAIL: some checks failed"
	exit "$KSFT_FAIL"
}

require_root() {
	[ "$(id -u)" = 0 ] || skip "must be run as root"
}

require_cmd() { # COMMAND...
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null || skip "$cmd not found"
	done
}

# The tools every networking test uses.
require_net_tools() {
	require_root
	require_cmd ip ss ethtool awk
	[ -x "$PYTHON" ] || skip "$PYTHON not found"
}

# The reader, in TOOL: the build next to these tests, else an installed
# tcphs; and the Prometheus parser its outputs are checked with.
require_tool() {
	"$PYTHON" -c 'import prometheus_client.parser' 2>/dev/null ||
		skip "python3-prometheus-client not installed (prometheus_client)"
	TOOL=$SELFTEST_DIR/../tools/tcphs/tcphs
	if [ ! -x "$TOOL" ]; then
		TOOL=$(command -v tcphs) ||
			skip "tcphs not found: no $TOOL (make tool) and none" \
				"in PATH"
	fi
	echo "# tool: $TOOL"
}

# Load a fresh copy of tcphs, so that every counter starts at zero: the
# build next to these tests (../module/tcphs.ko) when there is one, else an
# installed one (DKMS), with the module parameters given. A copy already
# loaded is unloaded first.
module_load() { # [PARAM=VALUE...]
	local ko=$SELFTEST_DIR/../module/tcphs.ko

	if [ ${#module_cmd[@]} = 0 ]; then
		if [ -f "$ko" ]; then
			module_cmd=(insmod "$ko")
		elif modinfo tcphs >/dev/null 2>&1; then
			module_cmd=(modprobe tcphs)
		else
			skip "tcphs not found: no $ko (make module) and" \
				"no installed module (modprobe tcphs)"
		fi
	fi
	if [ -d /sys/module/tcphs ]; then
		if [ "$module_loaded" = 1 ]; then
			report_segments
		else
			module_was_loaded=1
		fi
		rmmod tcphs
	fi
	"${module_cmd[@]}" "$@"
	module_loaded=1
	[ -r /proc/tcphs/stats ] || {
		echo "FAIL: /proc/tcphs/stats missing after ${module_cmd[*]}"
		exit "$KSFT_FAIL"
	}
}

# The kernel log from here on, for kmsg_since: a mark written to it. A
# count of its lines would not do, once the oldest lines leave the ring.
kmsg_mark() {
	kmsg_marked="tcphs selftest $$ mark $((++kmsg_marks))"
	echo "$kmsg_marked" >/dev/kmsg
}

# What the kernel logged since the last kmsg_mark, without timestamps;
# nothing at all if the mark itself left the ring.
kmsg_since() {
	dmesg -t |
		awk -v mark="$kmsg_marked" 'seen { print } $0 == mark { seen = 1 }'
}

# A network namespace named tcphs-LABEL-PID with lo up; deleted on exit.
ns_name() { # LABEL
	echo "tcphs-$1-$$"
}

ns_add() { # NS
	ip netns add "$1"
	namespaces+=("$1")
	ip -n "$1" link set lo up
}

# A namespace whose TCP segments to 198.51.100.0/24 and 2001:db8::/64
# leave to a dummy device, d0, which drops them: for crafted segments.
craft_ns() { # NS
	ns_add "$1"
	ip -n "$1" link add d0 type dummy
	ip -n "$1" link set d0 up
	ip -n "$1" addr add 198.51.100.1/24 dev d0
	ip -n "$1" addr add 2001:db8::1/64 dev d0 nodad
}

# The label of a namespace name, for messages: tcphs-a-123 -> a.
ns_label() { # NS
	local l=${1#tcphs-}

	echo "${l%-"$$"}"
}

in_ns() { # NS COMMAND...
	local ns=$1

	shift
	ip netns exec "$ns" "$@"
}

# A veth pair DEV1 in NS1 - DEV2 in NS2, both up.
veth_pair() { # NS1 DEV1 NS2 DEV2
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3"
	ip -n "$1" link set "$2" up
	ip -n "$3" link set "$4" up
}

# Namespaces $a and $b (tcphs-aSUFFIX-PID, tcphs-bSUFFIX-PID) linked by
# veth0, offloads off, with 192.0.2.1/24 and 2001:db8::1/64 in a, and
# 192.0.2.2/24 and 2001:db8::2/64 in b.
ab_link() { # [SUFFIX]
	a=$(ns_name "a${1:-}")
	b=$(ns_name "b${1:-}")
	ns_add "$a"
	ns_add "$b"
	veth_pair "$a" veth0 "$b" veth0
	offloads_off "$a" veth0
	offloads_off "$b" veth0
	ip -n "$a" addr add 192.0.2.1/24 dev veth0
	ip -n "$b" addr add 192.0.2.2/24 dev veth0
	ip -n "$a" addr add 2001:db8::1/64 dev veth0 nodad
	ip -n "$b" addr add 2001:db8::2/64 dev veth0 nodad
}

# Namespaces $a, $r and $b (tcphs-a-PID ...): a client a and a server b
# in networks of their own, routed through r, which forwards; every link
# with offloads off. As the tests draw it:
#   a veth0 192.0.2.1/24 2001:db8:1::1/64 -- r veth0 .2 ::2
#   r veth1 198.51.100.2/24 2001:db8:2::2/64 -- b veth0 .1 ::1
arb_link() {
	local link

	a=$(ns_name a)
	r=$(ns_name r)
	b=$(ns_name b)
	ns_add "$a"
	ns_add "$r"
	ns_add "$b"
	veth_pair "$a" veth0 "$r" veth0
	veth_pair "$r" veth1 "$b" veth0
	for link in "$a veth0" "$r veth0" "$r veth1" "$b veth0"; do
		# shellcheck disable=SC2086 # NS DEV
		offloads_off $link
	done
	forwarding_on "$r"
	ip -n "$a" addr add 192.0.2.1/24 dev veth0
	ip -n "$r" addr add 192.0.2.2/24 dev veth0
	ip -n "$r" addr add 198.51.100.2/24 dev veth1
	ip -n "$b" addr add 198.51.100.1/24 dev veth0
	ip -n "$a" addr add 2001:db8:1::1/64 dev veth0 nodad
	ip -n "$r" addr add 2001:db8:1::2/64 dev veth0 nodad
	ip -n "$r" addr add 2001:db8:2::2/64 dev veth1 nodad
	ip -n "$b" addr add 2001:db8:2::1/64 dev veth0 nodad
	ip -n "$a" route add default via 192.0.2.2
	ip -n "$b" route add default via 198.51.100.2
	ip -n "$a" -6 route add default via 2001:db8:1::2
	ip -n "$b" -6 route add default via 2001:db8:2::2
}

# One skb per segment on DEV: no segmentation or receive offload, so that
# the kernel's own per-skb counters (Tcp InSegs) count segments.
offloads_off() { # NS DEV
	in_ns "$1" ethtool -K "$2" tso off gso off gro off >/dev/null
}

# ip_forward and IPv6 forwarding on in NS.
forwarding_on() { # NS
	in_ns "$1" sysctl -qw net.ipv4.ip_forward=1
	in_ns "$1" sysctl -qw net.ipv6.conf.all.forwarding=1
}

# /proc/tcphs/stats as seen from NS.
stats() { # NS
	in_ns "$1" cat /proc/tcphs/stats
}

# The counters of NS into the associative array ST: ST[syn]=...
declare -A ST
read_stats() { # NS
	local s name value

	s=$(stats "$1")
	ST=()
	while read -r name value; do
		ST[$name]=$value
	done <<<"$s"
}

# One counter of NS.
counter() { # NS NAME
	read_stats "$1"
	echo "${ST[$2]:-missing}"
}

counter_is() { # NS NAME VALUE
	[ "$(counter "$1" "$2")" = "$3" ]
}

# The SYNs of a flood that NS took into the table or refused: a new
# connection is counted in hs_started or in insert_failed.
seen() { # NS
	read_stats "$1"
	echo $((ST[hs_started] + ST[insert_failed]))
}

seen_is() { # NS VALUE
	[ "$(seen "$1")" = "$2" ]
}

# The entries of tcphs allocated, linked or waiting for a grace period:
# the objects of its slab cache once its per-CPU slabs are flushed. Empty
# when the cache shares its slabs with others (no slab_nomerge, which
# tools/vm-run gives the guest) or SLUB shows no counts.
slab_objects() {
	local cache=/sys/kernel/slab/tcphs_entry

	[ -r "$cache/objects" ] && [ "$(cat "$cache/aliases")" = 0 ] ||
		return 0
	echo 1 >"$cache/shrink"
	cut -d' ' -f1 "$cache/objects"
}

# After a flood: the entries evicted are freed, and the slab holds the
# COUNT entries linked and no more.
check_slab() { # COUNT
	local objects

	objects=$(slab_objects)
	if [ -z "$objects" ]; then
		echo "# the tcphs_entry cache is merged or not counted: boot with slab_nomerge to check its objects"
		return 0
	fi
	wait_until 30 "the evicted entries freed" slab_objects_are "$1"
	check "tcphs_entry objects" "$1" "$(slab_objects)"
}

# shellcheck disable=SC2317 # called by wait_until
slab_objects_are() { # COUNT
	[ "$(slab_objects)" = "$1" ]
}

# Fields of the Tcp line of /proc/net/snmp in NS, added: mib NS InSegs
# OutSegs gives InSegs + OutSegs.
mib() { # NS FIELD...
	local ns=$1

	shift
	# shellcheck disable=SC2016 # an awk program
	in_ns "$ns" awk -v want="$*" '
		$1 == "Tcp:" && !seen { n = split($0, name); seen = 1; next }
		$1 == "Tcp:" {
			split(want, w)
			for (i = 2; i <= n; i++)
				for (j in w)
					if (name[i] == w[j])
						sum += $i
			print sum + 0
		}' /proc/net/snmp
}

# Every TCP segment NS sent or received, by the kernel's own count. Without
# offloads each sent segment is in OutSegs or (a retransmission) in
# RetransSegs, and each received one in InSegs.
mib_segs() { # NS
	mib "$1" InSegs OutSegs RetransSegs
}

# No retransmission in the namespaces: a retransmitted SYN, FIN or request
# would add to the flag counters, and exact expectations assume none.
check_no_retrans() { # NS...
	local ns

	for ns in "$@"; do
		check "$(ns_label "$ns") RetransSegs" 0 "$(mib "$ns" RetransSegs)"
	done
}

# Values of several lines (a stats file) are shown on one.
check() { # NAME EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		echo "PASS: $1 = ${3//$'\n'/, }"
	else
		echo "FAIL: $1: expected ${2//$'\n'/, }, got ${3//$'\n'/, }"
		failed=1
	fi
}

# check_stats NS syn=10 fin=20 ...: each named counter of NS, exactly.
check_stats() { # NS NAME=VALUE...
	local ns=$1 kv name label

	shift
	read_stats "$ns"
	label=$(ns_label "$ns")
	for kv in "$@"; do
		name=${kv%%=*}
		check "$label $name" "${kv#*=}" "${ST[$name]:-missing}"
	done
}

# Every counter of NS2 equal to the same one of NS1.
check_stats_equal() { # NS1 NS2
	local name l1 l2
	local -A first

	read_stats "$1"
	for name in "${!ST[@]}"; do
		first[$name]=${ST[$name]}
	done
	read_stats "$2"
	l1=$(ns_label "$1")
	l2=$(ns_label "$2")
	for name in $STAT_NAMES; do
		check "$l2 $name == $l1 $name" "${first[$name]:-missing}" \
			"${ST[$name]:-missing}"
	done
}

# Run COMMAND every 0.1 s until it succeeds, for at most SECONDS.
wait_until() { # SECONDS DESCRIPTION COMMAND...
	local tries=$(($1 * 10)) what=$2

	shift 2
	while ! "$@"; do
		tries=$((tries - 1))
		if [ "$tries" -le 0 ]; then
			echo "timeout: $what"
			return 1
		fi
		sleep 0.1
	done
}

# A server started with --ready-file FILE creates FILE once it listens.
wait_ready() { # FILE
	wait_until 30 "server to listen" test -e "$1"
	rm -f "$1"
}

# No TCP socket of the namespaces is between SYN and the end of its close
# (only listeners and TIME_WAIT remain): every segment of their
# connections has been sent, received and counted.
quiet() { # NS...
	local ns out

	for ns in "$@"; do
		out=$(ss -N "$ns" -Htan state connected exclude time-wait) ||
			return 1
		[ -z "$out" ] || return 1
	done
}

wait_quiet() { # NS...
	wait_until 30 "connections of $* to finish" quiet "$@"
}

# Start COMMAND in the background; its pid is in $! as usual (a program's
# own), and it is killed on exit if still running. Its failure is its exit
# status, for check_exit: a function does not fail the test by itself, so
# killing it is quiet.
run_bg() { # COMMAND...
	(
		trap - ERR
		[ "$(type -t "$1")" != file ] || exec "$@"
		"$@"
	) &
	bg_pids+=("$!")
}

# Wait for a background process and check that it exited with 0.
check_exit() { # PID DESCRIPTION
	local rc=0

	wait "$1" || rc=$?
	check "$2 exit status" 0 "$rc"
}

# A process in NS listening on ADDR:PORT, accepting one connection and
# holding it; killed on exit.
hold_server() { # NS ADDR PORT
	run_bg in_ns "$1" "$PYTHON" "$TRAFFIC" hold-server --addr "$2" \
		--port "$3"
	wait_until 10 "a listener on port $3" listening "$1" "$3"
}

# shellcheck disable=SC2317 # called by wait_until
listening() { # NS PORT
	[ -n "$(in_ns "$1" ss -Hltn "sport = :$2")" ]
}

# The number of lines of NS's conns with these client and server states.
conns_in() { # NS CLIENT_STATE SERVER_STATE
	# shellcheck disable=SC2016 # an awk program
	in_ns "$1" awk -v c="$2" -v s="$3" \
		'NR > 1 && $4 == c && $5 == s { n++ } END { print n + 0 }' \
		/proc/tcphs/conns
}

# A process in NS holding one connection to ADDR:PORT open; killed on exit.
hold_client() { # NS ADDR PORT
	run_bg in_ns "$1" "$PYTHON" "$TRAFFIC" hold-client --addr "$2" \
		--port "$3"
}

# A server in NS answering COUNT connections (0: until killed), then a
# client in CLIENT_NS making them. Extra arguments go to the client; with
# --linger0 among them, the server expects the resets.
traffic() { # SERVER_NS CLIENT_NS ADDR COUNT [CLIENT_ARG...]
	local server_ns=$1 client_ns=$2 addr=$3 count=$4 pid reset=()

	shift 4
	[[ " $* " != *" --linger0 "* ]] || reset=(--allow-reset)
	run_bg in_ns "$server_ns" "$PYTHON" "$TRAFFIC" server --addr "$addr" \
		--port "$PORT" --count "$count" --ready-file "$tmp_dir/ready" \
		"${reset[@]}"
	pid=$!
	wait_ready "$tmp_dir/ready"
	in_ns "$client_ns" "$PYTHON" "$TRAFFIC" client --addr "$addr" \
		--port "$PORT" --count "$count" "$@"
	check_exit "$pid" "server of $count connections"
}
