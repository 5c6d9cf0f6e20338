#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tcphs_counts_ipv4.sh over IPv6: the same exact counts of N connections
# between two namespaces over veth, on nodad addresses.
#
#   +---------- a ----------+                 +---------- b ----------+
#   | client, tcp_ecn=1     |  veth0 - veth0  | server, port 7777     |
#   | 2001:db8::1           |-----------------| 2001:db8::2           |
#   +-----------------------+  offloads off   +-----------------------+

exec "$(dirname "$0")/tcphs_counts_ipv4.sh" ipv6
