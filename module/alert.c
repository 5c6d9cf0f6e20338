// SPDX-License-Identifier: GPL-2.0
/*
 * The alert of a SYN flood or a scan. When the half-open connections of a
 * namespace reach half_open_alert, a warning in the kernel log names the
 * namespace (its inode number, as lsns(8) shows it), the count, and the
 * source and the port with the most of them, each with its error (see
 * talkers.h); a note follows when they fall below three quarters of
 * half_open_alert again, and not before: a count that wavers about the
 * threshold alerts once. Both are rate-limited, each namespace on its own:
 * one's alerts never silence another's.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <net/net_namespace.h>

#include "alert.h"
#include "netns.h"
#include "params.h"
#include "talkers.h"

/* Return: whether the line went out, past the rate limit. */
static bool alert_raise(const struct net *net, struct tcphs_net *tn,
			unsigned int half_open, unsigned int limit)
{
	struct tcphs_talker source, port;
	char addr[INET6_ADDRSTRLEN] = "-";

	if (!__ratelimit(&tn->alert_rs))
		return false;
	tcphs_talkers_first(&tn->talkers, TCPHS_TALKER_SOURCE, &source);
	tcphs_talkers_first(&tn->talkers, TCPHS_TALKER_PORT, &port);
	if (source.count && source.family == NFPROTO_IPV4)
		snprintf(addr, sizeof(addr), "%pI4", &source.addr.ip);
	else if (source.count)
		snprintf(addr, sizeof(addr), "%pI6c", &source.addr.in6);
	pr_warn("netns %u: %u half-open connections, half_open_alert %u reached; most from %s (%u, error %u), to port %u (%u, error %u)\n",
		net->ns.inum, half_open, limit, addr, source.count, source.error,
		port.port, port.count, port.error);
	return true;
}

/**
 * tcphs_alert_half_open - raise or clear the alert of a namespace
 * @net: the namespace
 * @tn: its tcphs state
 * @half_open: its half-open connections, just moved by one
 *
 * With bottom halves off, after the talkers moved. The first to see the
 * count reach the threshold raises the alert, the first to see it fall
 * below three quarters clears it.
 */
void tcphs_alert_half_open(const struct net *net, struct tcphs_net *tn,
			   unsigned int half_open)
{
	unsigned int limit = READ_ONCE(tcphs_params.half_open_alert);
	unsigned int clear = limit - limit / 4;

	if (test_bit(TCPHS_ALERT_EXIT, &tn->alerts))
		return;
	/* Off: an alert raised before ends without a word. */
	if (!limit) {
		if (test_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts)) {
			clear_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts);
			clear_bit(TCPHS_ALERT_WARNED, &tn->alerts);
		}
		return;
	}
	/*
	 * Raised once. The warning may be dropped by the rate limit; the
	 * note that the alert cleared follows only a warning that went out.
	 * Tests first: the bits' cache line is written only to change them.
	 */
	if (half_open >= limit) {
		if (!test_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts) &&
		    !test_and_set_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts) &&
		    alert_raise(net, tn, half_open, limit))
			set_bit(TCPHS_ALERT_WARNED, &tn->alerts);
		return;
	}
	if (half_open < clear &&
	    test_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts) &&
	    test_and_clear_bit(TCPHS_ALERT_HALF_OPEN, &tn->alerts) &&
	    test_and_clear_bit(TCPHS_ALERT_WARNED, &tn->alerts) &&
	    __ratelimit(&tn->alert_rs))
		pr_info("netns %u: %u half-open connections, below %u (3/4 of half_open_alert %u): alert cleared\n",
			net->ns.inum, half_open, clear, limit);
}

/**
 * tcphs_alert_net_exit - silence the alert of a namespace that goes
 * @tn: its tcphs state
 *
 * Its connections end with it: that is neither a flood nor a flood's end.
 */
void tcphs_alert_net_exit(struct tcphs_net *tn)
{
	set_bit(TCPHS_ALERT_EXIT, &tn->alerts);
}
