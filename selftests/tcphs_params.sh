#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module parameters: every bad value written to one is refused and
# changes nothing, every good one is taken, writers racing leave a good one;
# a bad value at load fails the load with a message naming it in the kernel
# log. No network.

# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

require_root
module_load

PARAMS=/sys/module/tcphs/parameters
TIMEOUTS="syn_timeout synack_timeout established_timeout fin_timeout
time_wait_timeout"
huge=$(printf '9%.0s' $(seq 5000))

# Write VALUE to PARAM: "ok" or "refused".
write() { # PARAM VALUE
	if printf '%s' "$2" 2>/dev/null >"$PARAMS/$1"; then
		echo ok
	else
		echo refused
	fi
}

# Each bad value is refused and leaves PARAM as it was.
check_refused() { # PARAM VALUE...
	local param=$1 before value

	shift
	before=$(cat "$PARAMS/$param")
	for value in "$@"; do
		check "$param=${value:0:20} refused" refused \
			"$(write "$param" "$value")"
		check "$param unchanged" "$before" "$(cat "$PARAMS/$param")"
	done
}

check_taken() { # PARAM VALUE SHOWN
	check "$1=$2 taken" ok "$(write "$1" "$2")"
	check "$1 now" "$3" "$(cat "$PARAMS/$1")"
}

check "defaults" "60 60 432000 120 60 1024 10 Y" "$(cd "$PARAMS" &&
	paste -d ' ' syn_timeout synack_timeout established_timeout \
		fin_timeout time_wait_timeout half_open_alert resets_interval \
		pickup)"

for param in $TIMEOUTS; do
	check_refused "$param" 0 -1 2592001 4294967296 abc 12x " " 1.5 "$huge"
	check_taken "$param" 1 1
	check_taken "$param" 2592000 2592000
	check_taken "$param" 0x10 16
done

check_refused max_conns 0 15 16777217 -5 many "$huge"
check_taken max_conns 16 16
check_taken max_conns 16777216 16777216
check_refused half_open_alert -1 1 3 0x3 16777217 4294967296 off "$huge"
check_taken half_open_alert 0 0
check_taken half_open_alert 16777216 16777216
check_taken half_open_alert 4 4
check_refused resets_interval 0 -1 3601 4294967296 10s "$huge"
check_taken resets_interval 1 1
check_taken resets_interval 3600 3600
check_refused pickup maybe 2 -1 "$huge"
check_taken pickup 0 N
check_taken pickup y Y

# Writers racing, of good values and of bad ones: one of the good ones wins.
for i in $(seq 20); do
	(for _ in $(seq 20); do write syn_timeout $((i + 100)) >/dev/null
	 done) &
done
for bad in 0 abc "$huge" -7 2592001; do
	(for _ in $(seq 20); do write syn_timeout "$bad" >/dev/null
	 done) &
done
wait
value=$(cat "$PARAMS/syn_timeout")
check "syn_timeout after racing writers is one of the good ones" yes \
	"$([ "$value" -ge 101 ] && [ "$value" -le 120 ] && echo yes || echo no)"

report_segments
rmmod tcphs
module_loaded=0
# Each bad load is refused, and the kernel log names the value and the
# parameter.
for bad in syn_timeout=0 max_conns=1 pickup=maybe fin_timeout=x \
	max_conns=16777217 half_open_alert=3 resets_interval=0; do
	kmsg_mark
	if "${module_cmd[@]}" "$bad" 2>/dev/null; then
		rmmod tcphs
		check "load with $bad" refused ok
	else
		check "load with $bad" refused refused
	fi
	check "kernel log for $bad" \
		"tcphs: \`${bad#*=}' invalid for parameter \`${bad%%=*}'" \
		"$(kmsg_since | grep -o 'tcphs: .*')"
done
check "not loaded after the bad loads" no \
	"$([ -d /sys/module/tcphs ] && echo yes || echo no)"

exit_result
