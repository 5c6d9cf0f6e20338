#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packages end to end, run as root in the VM by make check-packages,
# with the directory of the .deb files and bench/load.c's program as its
# arguments:
#
#   dpkg installs tcphs-dkms and tcphs, and DKMS builds the module for the
#   running kernel; modprobe loads it with a parameter set in the package's
#   /etc/modprobe.d/tcphs.conf; the exporter's two commands, as the
#   installed unit writes them, fill node exporter's textfile directory;
#   prometheus-node-exporter serves them and prometheus scrapes it on
#   loopback with the package's rules. A SYN flood from a namespace of its
#   own makes TcphsSynFlood fire, alone, as Prometheus's HTTP API says, and
#   its end resolves it. dpkg --purge then unloads the module and leaves
#   none of the packages' files.
#
# The VM has no systemd running: the units are checked by
# systemd-analyze verify, and their commands are run as they stand.
# Each check prints "ok" or "not ok"; the status is 1 if any failed.

# shellcheck disable=SC2317 # the functions are called by check and wait_for
set -uo pipefail

if [ $# -ne 2 ] || [ ! -d "$1" ] || [ ! -x "$2" ]; then
	echo "usage: $0 DEB_DIR LOAD (bench/load.c's program, built)" >&2
	exit 2
fi
debs=$(realpath "$1")
load=$(realpath "$2")
textfile=/var/lib/prometheus/node-exporter
unit=/lib/systemd/system/tcphs-exporter@.service
prom=http://127.0.0.1:9090
work=$(mktemp -d)
failed=0
pids=()

ok() { # DESCRIPTION
	echo "ok - $1"
}

not_ok() { # DESCRIPTION
	echo "not ok - $1"
	failed=1
}

check() { # DESCRIPTION CMD...
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# Equality of two strings, showing both when they differ.
same() { # WANT GOT
	[ "$1" = "$2" ] && return
	echo "# want: $1"
	echo "# got:  $2"
	return 1
}

cleanup() {
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	ip netns del flood 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

# Wait up to SECS for CMD to succeed, once a second.
wait_for() { # SECS CMD...
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 1
	done
}

# The tcphs alerts firing, by name, one a line, as Prometheus's HTTP API
# answers.
firing() {
	promtool query instant "$prom" 'ALERTS{alertstate="firing"}' |
		sed -n 's/.*alertname="\(Tcphs[A-Za-z]*\)".*/\1/p' | sort -u
}

firing_is() { # NAMES
	[ "$(firing)" = "$1" ]
}

# The files of the two packages, as dpkg lists them, that are files.
package_files() {
	dpkg -L tcphs tcphs-dkms | while read -r f; do
		[ -d "$f" ] || echo "$f"
	done
}

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' \
	"$(dirname "$0")/../../dkms.conf")
kver=$(uname -r)

# Install: DKMS builds the module for this kernel in tcphs-dkms's postinst.
check "dpkg -i tcphs-dkms tcphs" \
	dpkg -i "$debs/tcphs-dkms_${version}_all.deb" \
	"$debs/tcphs_${version}_$(dpkg --print-architecture).deb"
check "dkms built and installed tcphs $version for $kver" \
	same "tcphs/$version, $kver, x86_64: installed" \
	"$(dkms status -m tcphs -k "$kver" 2>&1)"
check "modinfo: the DKMS module, version $version" \
	same "/lib/modules/$kver/updates/dkms/tcphs.ko $version" \
	"$(modinfo -F filename tcphs) $(modinfo -F version tcphs)"
check "tcphs --version" same "tcphs $version" "$(tcphs --version)"
check "systemd-analyze verify the units" \
	systemd-analyze verify /lib/systemd/system/tcphs-exporter.target \
	/lib/systemd/system/tcphs-exporter@stats.service \
	/lib/systemd/system/tcphs-exporter@latency.service

# Load it with the options of /etc/modprobe.d: a SYN-ACK times out after
# 5 s, so that a flood's timeouts come within the test's time.
sed -i 's/^#options tcphs synack_timeout=60$/options tcphs synack_timeout=5/' \
	/etc/modprobe.d/tcphs.conf
check "modprobe tcphs" modprobe tcphs
check "synack_timeout from /etc/modprobe.d/tcphs.conf" \
	same 5 "$(cat /sys/module/tcphs/parameters/synack_timeout)"

# The exporter: the unit's command, for each instance.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
for instance in stats latency; do
	# shellcheck disable=SC2086 # the unit's command line, split as systemd does
	${exec_start//%i/$instance} &
	pids+=($!)
done
exported() {
	[ -s "$textfile/tcphs_stats.prom" ] && [ -s "$textfile/tcphs_latency.prom" ]
}
check "the exporter wrote tcphs_stats.prom and tcphs_latency.prom" \
	wait_for 30 exported

prometheus-node-exporter --web.listen-address=127.0.0.1:9100 \
	--collector.disable-defaults --collector.textfile \
	--collector.textfile.directory="$textfile" \
	>"$work/node-exporter.log" 2>&1 &
pids+=($!)
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - /usr/share/tcphs/prometheus/tcphs.rules.yml
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:9100']
EOF
prometheus --config.file="$work/prometheus.yml" \
	--storage.tsdb.path="$work/data" \
	--web.listen-address=127.0.0.1:9090 >"$work/prometheus.log" 2>&1 &
pids+=($!)
has_tcphs() {
	promtool query instant "$prom" 'tcphs_conns{job="node"}' 2>/dev/null |
		grep -q '^tcphs_conns{'
}
check "prometheus scrapes tcphs_conns through node exporter" \
	wait_for 120 has_tcphs
check "promtool check rules, the installed rules" \
	promtool check rules /usr/share/tcphs/prometheus/tcphs.rules.yml
check "no tcphs alert fires before the flood" firing_is ""

# The flood: spoofed SYNs from 10.78.0.0/16 to a listener of this
# namespace, through a namespace of their own, 600 new sources a second.
# The SYN-ACKs go back to that namespace, which drops them: the
# handshakes stay half open until synack_timeout ends them.
ip netns add flood
ip link add veth0 type veth peer name veth0 netns flood
ip addr add 10.77.0.1/24 dev veth0
ip link set veth0 up
ip -n flood addr add 10.77.0.2/24 dev veth0
ip -n flood link set veth0 up
ip -n flood link set lo up
ip route add 10.78.0.0/16 via 10.77.0.2
"$load" sink 10.77.0.1 8080 >/dev/null &
pids+=($!)
# shellcheck disable=SC2016 # a script of its own, with its arguments
ip netns exec flood bash -c '
	for i in $(seq 0 99); do
		"$1" syn "10.78.$i.0" 10.77.0.1 8080 600 >/dev/null || exit 1
		sleep 1
	done' flood "$load" &
flood=$!
pids+=("$flood")
check "TcphsSynFlood fires, alone" wait_for 300 firing_is TcphsSynFlood
kill "$flood" 2>/dev/null
check "TcphsSynFlood resolves when the flood ends" \
	wait_for 180 firing_is ""

# Purge: the module unloaded, and no file of the packages left.
kill "${pids[@]}" 2>/dev/null
wait 2>/dev/null
pids=()
package_files >"$work/files"
check "dpkg --purge tcphs tcphs-dkms" dpkg --purge tcphs tcphs-dkms
check "the module is unloaded" test ! -e /sys/module/tcphs
left=$(while read -r f; do [ ! -e "$f" ] || echo "$f"; done <"$work/files"
	ls -d /usr/src/tcphs-* /var/lib/dkms/tcphs \
		"/lib/modules/$kver/updates/dkms/tcphs.ko" \
		"$textfile"/tcphs_*.prom 2>/dev/null)
check "no file of the packages is left" same "" "$left"

exit "$failed"
