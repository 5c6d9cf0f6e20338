/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_NETNS_H
#define _TCPHS_NETNS_H

#include <linux/atomic.h>
#include <linux/netfilter.h>

#include "alert.h"
#include "hook.h"
#include "talkers.h"

struct net;

/*
 * What tcphs keeps for one network namespace. Set up before its hooks are
 * registered and freed only after they are unregistered and an RCU grace
 * period has passed, so a hook that runs always finds it whole.
 */
struct tcphs_net {
	struct tcphs_stats __percpu *stats;
	struct tcphs_events *events;	/* its last anomalies */
	atomic_t conns;			/* connections in the table */
	atomic_t half_open;		/* of which in their handshake */
	/*
	 * Its entries unlinked from the table and not yet freed: table.c's
	 * entry_remove() counts each as it unlinks it, and entry_free() takes
	 * it away once free_work() frees it after a grace period.
	 */
	atomic_t waiting;
	/* The sources and ports of its handshakes ended by a reset. */
	struct tcphs_talkers talkers;
	struct tcphs_alert alert;	/* of a SYN flood */
	/* this namespace's copies of tcphs_hook_ops, with priv = this */
	struct nf_hook_ops ops[TCPHS_HOOK_NR];
};

struct tcphs_net *tcphs_net(const struct net *net);
int tcphs_netns_init(void);
void tcphs_netns_exit(void);

#endif /* _TCPHS_NETNS_H */
