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
	/* The sources and ports of its handshakes ended by a reset. */
	struct tcphs_talkers talkers;
	struct tcphs_alert alert;	/* of a SYN flood */
	/* This namespace's copies of tcphs_hook_ops, with priv = this. */
	struct nf_hook_ops ops[TCPHS_HOOK_NR];
	/*
	 * The counts of its entries, written by table.c on every insert and
	 * removal from any CPU. They are exact, because its bounds are, and
	 * so shared; they have a cache line of their own, so that they do not
	 * take from every other CPU the line of the pointers above, which
	 * every segment reads.
	 */
	atomic_t conns ____cacheline_aligned_in_smp;
	atomic_t half_open;		/* those in their handshake */
	/*
	 * Its entries unlinked from the table and not yet freed: table.c's
	 * entry_remove() counts each as it unlinks it, and entry_free() takes
	 * it away once free_work() frees it after a grace period.
	 */
	atomic_t waiting;
};

struct tcphs_net *tcphs_net(const struct net *net);
int tcphs_netns_init(void);
void tcphs_netns_exit(void);

#endif /* _TCPHS_NETNS_H */
