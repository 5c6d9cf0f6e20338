/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_ALERT_H
#define _TCPHS_ALERT_H

#include <linux/ratelimit.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>

struct tcphs_net;

/* Bits of tcphs_alert.bits. */
enum {
	TCPHS_ALERT_HALF_OPEN,	/* half_open reached half_open_alert */
	TCPHS_ALERT_WARNED,	/* and its warning was queued */
	TCPHS_ALERT_EXIT,	/* the namespace goes: no more lines */
};

enum {
	TCPHS_ALERT_LINES = 4,	/* lines queued at once, at most */
};

/* A line of the log queued: a warning or the note that the alert cleared. */
struct tcphs_alert_line {
	bool raised;			/* the warning */
	unsigned int half_open;		/* the count that crossed */
	unsigned int limit;		/* half_open_alert then */
};

/* The alert of a SYN flood of a namespace. */
struct tcphs_alert {
	unsigned long bits;		/* TCPHS_ALERT_*, by atomic bitops */
	possible_net_t net;		/* its namespace */
	struct ratelimit_state rs;	/* of its lines */
	/*
	 * Taken with bottom halves off, by the table under a bucket lock; it
	 * guards the lines queued for work, and the EXIT bit's setting.
	 */
	spinlock_t lock;
	struct tcphs_alert_line line[TCPHS_ALERT_LINES];
	unsigned int first;		/* the oldest line queued */
	unsigned int queued;		/* how many */
	struct work_struct work;	/* writes the lines queued */
};

void tcphs_alert_init(struct tcphs_alert *a, struct net *net);
void tcphs_alert_half_open(struct tcphs_net *tn, unsigned int half_open);
void tcphs_alert_net_exit(struct tcphs_net *tn);

#endif /* _TCPHS_ALERT_H */
