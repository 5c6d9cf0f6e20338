#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The command line of tools/tcphs, run against the fixtures with -P: exit
# status, what goes to stdout and stderr, -o, -i and -c, and signals. The
# renderings themselves are checked by tcphs_test.c; here a few are
# compared to the same expected files, through the binary. events prints
# local times: here UTC's.
#
# usage: cli_test.sh TCPHS_BINARY

set -uo pipefail
export TZ=UTC

tcphs=$1
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$here/fixtures
expected=$here/expected
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$here/../../../dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# Run tcphs; its status, stdout and stderr land in $rc, $tmp/out, $tmp/err.
run() { # ARGS...
	"$tcphs" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

check() { # NAME CONDITION...
	local name=$1

	shift
	if "$@"; then
		echo "PASS: $name"
	else
		echo "FAIL: $name (status $rc; stderr: $(head -c 300 "$tmp/err"))"
		failed=1
	fi
}

# A usage error: status 2, nothing on stdout, MESSAGE and the usage on
# stderr.
usage_error() { # MESSAGE ARGS...
	local msg=$1

	shift
	run "$@"
	check "usage error: tcphs $*" test "$rc" = 2 -a ! -s "$tmp/out" -a \
		"$(cat "$tmp/err")" = "tcphs: $msg
Usage: tcphs [-N NAME] [-P DIR] [-j] stats|conns|top|latency|events [ARGS]
\"tcphs --help\" tells more."
}

# A run error: status 1, nothing on stdout, exactly MESSAGE on stderr.
run_error() { # MESSAGE ARGS...
	local msg=$1

	shift
	run "$@"
	check "error: tcphs $*" test "$rc" = 1 -a ! -s "$tmp/out" -a \
		"$(cat "$tmp/err")" = "tcphs: $msg"
}

# Success: status 0, nothing on stderr, stdout the file expected/NAME.
same_as() { # NAME ARGS...
	local name=$1

	shift
	run "$@"
	check "tcphs $* = expected/$name" test "$rc" = 0 -a ! -s "$tmp/err"
	check "tcphs $* output" cmp -s "$tmp/out" "$expected/$name"
}

usage_error 'no command: stats, conns, top, latency or events'
usage_error 'unknown command "stat": stats, conns, top, latency or events' stat
usage_error 'unknown option "-x" before the command' -x stats
usage_error 'option "-N" needs an argument' -N
usage_error 'unknown option "-q" of stats' stats -q
usage_error '"-z" is not an option of top' top -z
usage_error '"--prometheus" is not an option of conns' conns --prometheus
usage_error '"-n" is not an option of stats' stats -n 3
usage_error '-c needs -i' stats -c 3
usage_error '-z needs -s with conns' conns -z
usage_error 'bad interval "0": seconds, from 0.01 to 86400' stats -i 0
usage_error 'bad interval "1s": seconds, from 0.01 to 86400' stats -i 1s
usage_error 'bad interval "nan": seconds, from 0.01 to 86400' stats -i nan
usage_error 'bad count "-1": a number from 1 to 1000000000' stats -i 1 -c -1
usage_error 'bad number "0": a number from 1 to 1000000' top -n 0
usage_error 'stats takes no argument: "state"' stats state x
usage_error 'filter "port" needs a value' conns port
usage_error 'bad port "http2x": a number from 0 to 65535 or a TCP service name' \
	conns port http2x
usage_error 'unknown filter "host": state, port or addr' conns host x
usage_error '"-n" is not an option of latency' latency -n 3
usage_error '"-s" is not an option of latency' latency -s
usage_error 'latency takes no argument: "foo"' latency foo
usage_error '-c needs -i' latency -c 2
usage_error '"-i" is not an option of events' events -i 1
usage_error '"-c" is not an option of events' events -c 1
usage_error '"-z" is not an option of events' events -z
usage_error '"-s" is not an option of events' events --summary
usage_error '"-n" is not an option of events' events -n 3
usage_error '"--prometheus" is not an option of events' events --prometheus
usage_error '"-o" is not an option of events' events -o x
usage_error '"-f" is not an option of conns' conns -f
usage_error '"-f" is not an option of stats' stats --follow
usage_error 'unknown filter "state": reason, port or addr' events state listen
usage_error 'unknown filter "reason": state, port or addr' conns reason close_rst
usage_error 'filter "reason" needs a value' events -f reason
usage_error 'bad reason "Close-RST": the name of a counter, such as hs_rejected or close_rst' \
	events reason Close-RST
usage_error 'bad address "x": an IPv4 or IPv6 address, with an optional /PREFIX' \
	events -f addr x

run --version
check "--version" test "$rc" = 0 -a "$(cat "$tmp/out")" = "tcphs $version"
run --help
check "--help" grep -q '^Usage: tcphs \[OPTIONS\] COMMAND' "$tmp/out"
check "--help status" test "$rc" = 0 -a ! -s "$tmp/err"
run stats --help
check "stats --help" grep -q '^Usage: tcphs' "$tmp/out"

same_as basic-stats.txt -P "$fixtures/basic" stats
same_as basic-stats-z.txt -P "$fixtures/basic" stats -z
same_as basic-conns.txt -P "$fixtures/basic" conns
same_as basic-conns-s.txt -P "$fixtures/basic" conns -s
same_as basic-top.txt -P "$fixtures/basic" top
same_as basic-top-n2.txt -P "$fixtures/basic" top -n 2
same_as future-top.txt -P "$fixtures/future" top
same_as empty-top.txt -P "$fixtures/empty" top
same_as future-stats.txt -P "$fixtures/future" stats
same_as basic-stats.prom -P "$fixtures/basic" stats --prometheus
same_as basic-latency.txt -P "$fixtures/basic" latency
same_as basic-latency-z.txt -P "$fixtures/basic" latency --zeros
same_as future-latency.txt -P "$fixtures/future" latency
same_as basic-latency.prom -P "$fixtures/basic" latency --prometheus
same_as basic-events.txt -P "$fixtures/basic" events
same_as empty-events.txt -P "$fixtures/empty" events
same_as future-events.txt -P "$fixtures/future" events
same_as lost-events.txt -P "$fixtures/lost" events
same_as lost-events.json -P "$fixtures/lost" -j events
same_as basic-events.json -P "$fixtures/basic" events --json
same_as empty-events.json -P "$fixtures/empty" events -j
same_as basic-events-reason.txt -P "$fixtures/basic" \
	events reason hs_syn_retrans reason hs_rejected
same_as lost-events-port.json -P "$fixtures/lost" events port https -j

# Options before, between or after the filters.
for args in "-s state listen" "state listen -s" "state listen --summary port 80"; do
	# shellcheck disable=SC2086 # the words of $args
	run -P "$fixtures/basic" conns $args
	check "tcphs conns $args" test "$rc" = 0 -a \
		"$(tr -s ' ' <"$tmp/out" | paste -sd,)" = \
		"state client server,LISTEN 0 5,SYN_SENT 5 0,total 5 5"
done

# -j before or after the command; the time changes, the rest must not.
for args in "-j conns" "conns -j" "conns --json"; do
	# shellcheck disable=SC2086 # the words of $args
	run -P "$fixtures/basic" $args
	check "tcphs $args" test "$rc" = 0 -a \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$tmp/out")" = \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$expected/basic-conns.json")"
done

# top's JSON, -j before or after the command, with -n.
for args in "-j top" "top -j" "top --json -n 2"; do
	want=basic-top.json
	[ "${args#*-n}" = "$args" ] || want=basic-top-n2.json
	# shellcheck disable=SC2086 # the words of $args
	run -P "$fixtures/basic" $args
	check "tcphs $args" test "$rc" = 0 -a ! -s "$tmp/err" -a \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$tmp/out")" = \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$expected/$want")"
done

# top reads /proc/tcphs/top and /proc/tcphs/resets alone, not the table.
mkdir "$tmp/toponly"
cp "$fixtures/basic/top" "$fixtures/basic/resets" "$tmp/toponly"
same_as basic-top.txt -P "$tmp/toponly" top
# A module older than /proc/tcphs/resets: its tables shown empty.
mkdir "$tmp/older"
cp "$fixtures/basic/top" "$tmp/older"
same_as older-top.txt -P "$tmp/older" top

# latency's JSON, -j before or after the command, with -z.
for args in "-j latency" "latency -j" "latency -z --json"; do
	want=basic-latency.json
	[ "${args#*-z}" = "$args" ] || want=basic-latency-z.json
	# shellcheck disable=SC2086 # the words of $args
	run -P "$fixtures/basic" $args
	check "tcphs $args" test "$rc" = 0 -a \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$tmp/out")" = \
		"$(sed 's/^{"time":[0-9.]*,/{/' "$expected/$want")"
done

# Broken files: status 1, and the file and line named.
mkdir "$tmp/bad"
cp "$fixtures/bad/truncated.stats" "$tmp/bad/stats"
run_error "$tmp/bad/stats:2: truncated: the last line has no newline" \
	-P "$tmp/bad" stats
cp "$fixtures/bad/fields.conns" "$tmp/bad/conns"
run_error "$tmp/bad/conns:2: garbage: 7 fields for 8 columns" \
	-P "$tmp/bad" conns
cp "$fixtures/bad/value.latency" "$tmp/bad/latency"
run_error "$tmp/bad/latency:2: garbage: expected \"name value\"" \
	-P "$tmp/bad" latency
cp "$fixtures/bad/error.top" "$tmp/bad/top"
run_error "$tmp/bad/top:3: garbage: error 2 above half_open 1" \
	-P "$tmp/bad" top
cp "$fixtures/bad/kind.top" "$tmp/bad/top"
run_error "$tmp/bad/top:3: garbage: bad kind \"peer\"" -P "$tmp/bad" top
cp "$fixtures/basic/top" "$tmp/bad/top"
cp "$fixtures/bad/error.resets" "$tmp/bad/resets"
run_error "$tmp/bad/resets:3: garbage: error 2 above resets 1" \
	-P "$tmp/bad" top
cp "$fixtures/bad/kind.resets" "$tmp/bad/resets"
run_error "$tmp/bad/resets:3: garbage: bad kind \"scan\"" -P "$tmp/bad" top
cp "$fixtures/bad/time.events" "$tmp/bad/events"
run_error "$tmp/bad/events:2: garbage: bad time \"1795519211.00000\"" \
	-P "$tmp/bad" events
cp "$fixtures/bad/truncated.events" "$tmp/bad/events"
run_error "$tmp/bad/events:2: truncated: the last line has no newline" \
	-P "$tmp/bad" events
: >"$tmp/bad/events"
run_error "$tmp/bad/events: empty: no header" -P "$tmp/bad" events
# -f waits with poll(), which only the module's file, on procfs, supports.
run_error "$fixtures/basic/events: not on procfs: -f follows the module's file only" \
	-P "$fixtures/basic" events -f
chmod 0 "$tmp/bad/events" "$tmp/bad/top" "$tmp/toponly/resets"
if [ "$(id -u)" != 0 ]; then
	run_error "$tmp/bad/events: Permission denied: it shows the peers' addresses, so only root can read it" \
		-P "$tmp/bad" events
	run_error "$tmp/bad/top: Permission denied: it shows the peers' addresses, so only root can read it" \
		-P "$tmp/bad" top
	run_error "$tmp/toponly/resets: Permission denied: it shows the peers' addresses, so only root can read it" \
		-P "$tmp/toponly" top
fi
run_error "$tmp/none/stats: No such file or directory" -P "$tmp/none" stats
run_error 'no network namespace "tcphs-none" (/run/netns/tcphs-none): see "ip netns list"' \
	-N tcphs-none stats

# Prometheus without conns: the counters, and a warning.
mkdir "$tmp/noconns"
cp "$fixtures/basic/stats" "$tmp/noconns/stats"
run -P "$tmp/noconns" stats --prometheus
check "--prometheus without conns: status 0" test "$rc" = 0
check "--prometheus without conns: the counters" cmp -s "$tmp/out" \
	<(sed '/^# HELP tcphs_endpoints/,$d' "$expected/basic-stats.prom")
check "--prometheus without conns: the warning" test "$(cat "$tmp/err")" = \
	"tcphs: $tmp/noconns/conns: No such file or directory: the tcphs module is older than this tool; tcphs_endpoints left out"
run_error "$tmp/noconns/latency: No such file or directory: the tcphs module is older than this tool" \
	-P "$tmp/noconns" latency
run_error "$tmp/noconns/events: No such file or directory: the tcphs module is older than this tool" \
	-P "$tmp/noconns" events -f
run_error "$tmp/noconns/top: No such file or directory: the tcphs module is older than this tool" \
	-P "$tmp/noconns" top

# -o: the file replaced whole, mode 0644, no temporary file left.
mkdir "$tmp/prom"
echo old >"$tmp/prom/tcphs.prom"
run -P "$fixtures/basic" stats --prometheus -o "$tmp/prom/tcphs.prom"
check "-o: status 0, nothing on stdout" test "$rc" = 0 -a ! -s "$tmp/out"
check "-o: the file" cmp -s "$tmp/prom/tcphs.prom" "$expected/basic-stats.prom"
check "-o: mode 0644" test "$(stat -c %a "$tmp/prom/tcphs.prom")" = 644
check "-o: no temporary file" test "$(ls -A "$tmp/prom")" = tcphs.prom
run -P "$fixtures/basic" latency --prometheus -o "$tmp/prom/tcphs.prom"
check "latency -o: the file" test "$rc" = 0 -a ! -s "$tmp/out" -a \
	"$(ls -A "$tmp/prom")" = tcphs.prom
check "latency -o: its content" cmp -s "$tmp/prom/tcphs.prom" \
	"$expected/basic-latency.prom"
run_error "$tmp/nodir/x.prom: No such file or directory" \
	-P "$fixtures/basic" stats -o "$tmp/nodir/x.prom"
"$tcphs" -P "$fixtures/basic" stats >/dev/full 2>"$tmp/err"
rc=$?
check "stdout full: status 1" test "$rc" = 1 -a "$(cat "$tmp/err")" = \
	"tcphs: writing the output: No space left on device"

# -i and -c: COUNT samples; stats prints rates, between two reads each.
run -P "$fixtures/basic" stats -i 0.01 -c 3
check "stats -i -c 3: 3 samples" test "$rc" = 0 -a \
	"$(grep -c ', rates over 0.0[0-9] s$' "$tmp/out")" = 3
check "stats -i: unchanged counters hidden" test \
	"$(grep -v 'rates over' "$tmp/out" | sort -u | tr -s ' ' | paste -sd,)" \
	=  ", chain_max 2, conns 11, conns_max 109277, half_open 5,table"
run -P "$fixtures/basic" -j stats -i 0.01 -c 2
check "-j stats -i -c 2: 2 objects" test "$rc" = 0 -a \
	"$(grep -c '^{"time":[0-9.]*,"interval":0.0[0-9]*,"stats":{.*},"rates":{"packets":0.000,.*}}$' "$tmp/out")" = 2
# latency: the totals first, then what was measured since, nothing here.
run -P "$fixtures/basic" latency -i 0.01 -c 2
check "latency -i -c 2: totals, then measured over" test "$rc" = 0 -a \
	"$(sed -n 's/^[0-9]\{4\}-[0-9-]* [0-9:]*, //p' "$tmp/out" |
		sed 's/ 0\.0[0-9] s$/ S s/' | paste -sd,)" = "totals,measured over S s"
check "latency -i: the totals, then none measured" test \
	"$(grep -c ': 13 measured, mean' "$tmp/out"),$(grep -c ': none measured$' "$tmp/out")" = 2,2
run -P "$fixtures/basic" -j latency -i 0.01 -c 2
check "-j latency -i -c 2: the totals, then an interval" test "$rc" = 0 -a \
	"$(sed 's/"time":[0-9.]*,//; s/"interval":0\.0[0-9]*,/I,/; s/,"sum_us".*//' \
		"$tmp/out" | paste -sd' ')" = \
	'{"latency":{"syn_synack":{"count":13 {I,"latency":{"syn_synack":{"count":0'
# top: each sample its time, the rankings, an empty line.
run -P "$fixtures/basic" top -n 2 -i 0.01 -c 2
check "top -i -c 2: 2 samples" test "$rc" = 0 -a ! -s "$tmp/err" -a \
	"$(sed 's/^[0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\} [0-9:]\{8\}$/T/' "$tmp/out")" = \
	"$(printf 'T\n%s\n\n' "$(cat "$expected/basic-top-n2.txt")" \
		"$(cat "$expected/basic-top-n2.txt")")"
run -P "$fixtures/basic" -j top -i 0.01 -c 2
check "-j top -i -c 2: 2 objects" test "$rc" = 0 -a ! -s "$tmp/err" -a \
	"$(sed 's/^{"time":[0-9.]*,"interval":0\.0[0-9]*,/{/' "$tmp/out" |
		sed 's/^{"time":[0-9.]*,/{/')" = \
	"$(sed 's/^{"time":[0-9.]*,/{/' "$expected/basic-top.json" \
		"$expected/basic-top.json")"

# SIGTERM between samples: the samples written so far, status 0. The
# output of the run before goes first: until the shell's child truncates
# it, it would pass for the first sample.
rm -f "$tmp/out" "$tmp/err"
"$tcphs" -P "$fixtures/basic" conns -i 100 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do
	[ -s "$tmp/out" ] && break
	sleep 0.05
done
kill -TERM "$pid"
wait "$pid"
rc=$?
check "SIGTERM: status 0 after one sample" test "$rc" = 0 -a \
	"$(grep -c '^ipv' "$tmp/out")" = 11

[ "$failed" = 0 ] && echo "cli_test: all passed"
exit "$failed"
