// SPDX-License-Identifier: GPL-2.0
/*
 * Per-namespace state: set up in every network namespace, those created
 * after the module loads included, and torn down with it.
 */

#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "alert.h"
#include "events.h"
#include "netns.h"
#include "proc.h"
#include "stats.h"
#include "table.h"

static unsigned int tcphs_net_id __read_mostly;

struct tcphs_net *tcphs_net(const struct net *net)
{
	return net_generic(net, tcphs_net_id);
}

static int __net_init tcphs_net_init(struct net *net)
{
	struct tcphs_net *tn = tcphs_net(net);
	unsigned int i;
	int ret;

	tn->stats = tcphs_stats_alloc();
	if (!tn->stats)
		return -ENOMEM;
	tn->events = tcphs_events_alloc();
	if (!tn->events) {
		ret = -ENOMEM;
		goto err_events;
	}
	atomic_set(&tn->conns, 0);
	atomic_set(&tn->half_open, 0);
	atomic_set(&tn->waiting, 0);
	ret = tcphs_talkers_init(&tn->talkers, get_jiffies_64());
	if (ret)
		goto err_talkers;
	tcphs_alert_init(&tn->alert, net);

	for (i = 0; i < TCPHS_HOOK_NR; i++) {
		tn->ops[i] = tcphs_hook_ops[i];
		tn->ops[i].priv = tn;
	}
	ret = nf_register_net_hooks(net, tn->ops, TCPHS_HOOK_NR);
	if (ret)
		goto err_hooks;
	/*
	 * Last: nothing fails once a reader may have the files open, and
	 * wait on the ring of /proc/tcphs/events.
	 */
	ret = tcphs_proc_net_init(net);
	if (ret)
		goto err_proc;
	return 0;

err_proc:
	nf_unregister_net_hooks(net, tn->ops, TCPHS_HOOK_NR);
err_hooks:
	/* The hooks are gone, or never all there, but may have run. */
	synchronize_net();
	tcphs_table_net_exit(net);
	tcphs_talkers_free(&tn->talkers);
err_talkers:
	tcphs_events_free(tn->events);
err_events:
	tcphs_stats_free(tn->stats);
	return ret;
}

/* The netns core waits for an RCU grace period between pre_exit and exit. */
static void __net_exit tcphs_net_pre_exit(struct net *net)
{
	nf_unregister_net_hooks(net, tcphs_net(net)->ops, TCPHS_HOOK_NR);
}

static void __net_exit tcphs_net_exit(struct net *net)
{
	struct tcphs_net *tn = tcphs_net(net);

	tcphs_proc_net_exit(net);
	tcphs_table_net_exit(net);
	tcphs_talkers_free(&tn->talkers);
	tcphs_events_free(tn->events);
	tcphs_stats_free(tn->stats);
}

static struct pernet_operations tcphs_net_ops = {
	.init = tcphs_net_init,
	.pre_exit = tcphs_net_pre_exit,
	.exit = tcphs_net_exit,
	.id = &tcphs_net_id,
	.size = sizeof(struct tcphs_net),
};

int tcphs_netns_init(void)
{
	return register_pernet_subsys(&tcphs_net_ops);
}

void tcphs_netns_exit(void)
{
	unregister_pernet_subsys(&tcphs_net_ops);
}
