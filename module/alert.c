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
 *
 * The segment that crosses the threshold only queues its line: a work
 * writes it, and for a warning first walks the table for the source and
 * the port (tcphs_table_top()), so that no segment pays for that count.
 * They are counted when the warning is written, a moment after the
 * threshold was crossed.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

#include "alert.h"
#include "netns.h"
#include "params.h"
#include "table.h"
#include "talkers.h"

/* Write the warning of @l, with the source and the port with the most. */
static void alert_warn(struct tcphs_alert *a, const struct tcphs_alert_line *l)
{
	struct tcphs_talker source = { }, port = { };
	const struct net *net = read_pnet(&a->net);
	char addr[INET6_ADDRSTRLEN] = "-";
	struct tcphs_top *top;

	/* Without memory for the count, the line goes out without names. */
	top = kvzalloc(sizeof(*top), GFP_KERNEL);
	if (top) {
		tcphs_table_top(net, top);
		tcphs_top_get(top, TCPHS_TALKER_SOURCE, &source, 1);
		tcphs_top_get(top, TCPHS_TALKER_PORT, &port, 1);
		kvfree(top);
	}
	if (source.count && source.family == NFPROTO_IPV4)
		snprintf(addr, sizeof(addr), "%pI4", &source.addr.ip);
	else if (source.count)
		snprintf(addr, sizeof(addr), "%pI6c", &source.addr.in6);
	pr_warn("netns %u: %u half-open connections, half_open_alert %u reached; most from %s (%u, error %u), to port %u (%u, error %u)\n",
		net->ns.inum, l->half_open, l->limit, addr, source.count,
		source.error, port.port, port.count, port.error);
}

/* Write the lines queued, in order. */
static void alert_work(struct work_struct *work)
{
	struct tcphs_alert *a = container_of(work, struct tcphs_alert, work);
	struct tcphs_alert_line l;

	for (;;) {
		spin_lock_bh(&a->lock);
		if (!a->queued) {
			spin_unlock_bh(&a->lock);
			return;
		}
		l = a->line[a->first];
		a->first = (a->first + 1) % TCPHS_ALERT_LINES;
		a->queued--;
		spin_unlock_bh(&a->lock);
		if (l.raised)
			alert_warn(a, &l);
		else
			pr_info("netns %u: %u half-open connections, below %u (3/4 of half_open_alert %u): alert cleared\n",
				read_pnet(&a->net)->ns.inum, l.half_open,
				l.limit - l.limit / 4, l.limit);
	}
}

/*
 * Queue a line for the work, unless the namespace goes, the rate limit
 * drops it, or TCPHS_ALERT_LINES are queued already. The work is queued
 * under the lock, so that once tcphs_alert_net_exit() has set the EXIT bit
 * nothing queues it again.
 * Return: whether the line was queued.
 */
static bool alert_queue(struct tcphs_alert *a, bool raised,
			unsigned int half_open, unsigned int limit)
{
	bool queued = false;

	spin_lock(&a->lock);
	if (!test_bit(TCPHS_ALERT_EXIT, &a->bits) &&
	    a->queued < TCPHS_ALERT_LINES && __ratelimit(&a->rs)) {
		a->line[(a->first + a->queued++) % TCPHS_ALERT_LINES] =
			(struct tcphs_alert_line){
				.raised = raised,
				.half_open = half_open,
				.limit = limit,
			};
		queue_work(system_unbound_wq, &a->work);
		queued = true;
	}
	spin_unlock(&a->lock);
	return queued;
}

/**
 * tcphs_alert_init - set up the alert of a namespace
 * @a: its alert
 * @net: the namespace
 */
void tcphs_alert_init(struct tcphs_alert *a, struct net *net)
{
	a->bits = 0;
	write_pnet(&a->net, net);
	ratelimit_state_init(&a->rs, DEFAULT_RATELIMIT_INTERVAL,
			     DEFAULT_RATELIMIT_BURST);
	spin_lock_init(&a->lock);
	a->first = 0;
	a->queued = 0;
	INIT_WORK(&a->work, alert_work);
}

/**
 * tcphs_alert_half_open - raise or clear the alert of a namespace
 * @tn: its tcphs state
 * @half_open: its half-open connections, just moved by one
 *
 * With bottom halves off. The first to see the count reach the threshold
 * raises the alert, the first to see it fall below three quarters clears
 * it.
 */
void tcphs_alert_half_open(struct tcphs_net *tn, unsigned int half_open)
{
	unsigned int limit = READ_ONCE(tcphs_params.half_open_alert);
	unsigned int clear = limit - limit / 4;
	struct tcphs_alert *a = &tn->alert;

	lockdep_assert_in_softirq();
	if (test_bit(TCPHS_ALERT_EXIT, &a->bits))
		return;
	/* Off: an alert raised before ends without a word. */
	if (!limit) {
		if (test_bit(TCPHS_ALERT_HALF_OPEN, &a->bits)) {
			clear_bit(TCPHS_ALERT_HALF_OPEN, &a->bits);
			clear_bit(TCPHS_ALERT_WARNED, &a->bits);
		}
		return;
	}
	/*
	 * Raised once. The warning may be dropped by the rate limit; the
	 * note that the alert cleared follows only a warning queued.
	 * Tests first: the bits' cache line is written only to change them.
	 */
	if (half_open >= limit) {
		if (!test_bit(TCPHS_ALERT_HALF_OPEN, &a->bits) &&
		    !test_and_set_bit(TCPHS_ALERT_HALF_OPEN, &a->bits) &&
		    alert_queue(a, true, half_open, limit))
			set_bit(TCPHS_ALERT_WARNED, &a->bits);
		return;
	}
	if (half_open < clear &&
	    test_bit(TCPHS_ALERT_HALF_OPEN, &a->bits) &&
	    test_and_clear_bit(TCPHS_ALERT_HALF_OPEN, &a->bits) &&
	    test_and_clear_bit(TCPHS_ALERT_WARNED, &a->bits))
		alert_queue(a, false, half_open, limit);
}

/**
 * tcphs_alert_net_exit - silence the alert of a namespace that goes
 * @tn: its tcphs state
 *
 * Its connections end with it: that is neither a flood nor a flood's end.
 * The lines queued before are written, the table still holding its
 * connections: the caller removes them after.
 */
void tcphs_alert_net_exit(struct tcphs_net *tn)
{
	struct tcphs_alert *a = &tn->alert;

	spin_lock_bh(&a->lock);
	set_bit(TCPHS_ALERT_EXIT, &a->bits);
	spin_unlock_bh(&a->lock);
	flush_work(&a->work);
}
