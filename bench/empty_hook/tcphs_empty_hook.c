// SPDX-License-Identifier: GPL-2.0
/*
 * tcphs_empty_hook: the floor of the tcphs benchmarks. It registers the
 * hooks tcphs registers, in every network namespace, at the same priority
 * (LOCAL_IN, LOCAL_OUT and FORWARD, IPv4 and IPv6), and each only returns
 * NF_ACCEPT: what any netfilter hook costs before it does anything.
 */

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

/* The priority of tcphs's hooks (module/hook.c). */
#define EMPTY_HOOK_PRIORITY	(NF_IP_PRI_NAT_DST + 50)

enum {
	EMPTY_HOOK_NR = 6,
};

struct empty_hook_net {
	struct nf_hook_ops ops[EMPTY_HOOK_NR];
};

static unsigned int empty_hook_net_id __read_mostly;

static unsigned int empty_hook_ipv4(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static unsigned int empty_hook_ipv6(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

#define EMPTY_HOOK(fn, family, num) {		\
	.hook = fn,				\
	.pf = family,				\
	.hooknum = num,				\
	.priority = EMPTY_HOOK_PRIORITY,	\
}

static const struct nf_hook_ops empty_hook_ops[EMPTY_HOOK_NR] = {
	EMPTY_HOOK(empty_hook_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_IN),
	EMPTY_HOOK(empty_hook_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_OUT),
	EMPTY_HOOK(empty_hook_ipv4, NFPROTO_IPV4, NF_INET_FORWARD),
	EMPTY_HOOK(empty_hook_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_IN),
	EMPTY_HOOK(empty_hook_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_OUT),
	EMPTY_HOOK(empty_hook_ipv6, NFPROTO_IPV6, NF_INET_FORWARD),
};

static int __net_init empty_hook_net_init(struct net *net)
{
	struct empty_hook_net *en = net_generic(net, empty_hook_net_id);
	unsigned int i;

	for (i = 0; i < EMPTY_HOOK_NR; i++) {
		en->ops[i] = empty_hook_ops[i];
		en->ops[i].priv = en;
	}
	return nf_register_net_hooks(net, en->ops, EMPTY_HOOK_NR);
}

static void __net_exit empty_hook_net_pre_exit(struct net *net)
{
	struct empty_hook_net *en = net_generic(net, empty_hook_net_id);

	nf_unregister_net_hooks(net, en->ops, EMPTY_HOOK_NR);
}

static struct pernet_operations empty_hook_net_ops = {
	.init = empty_hook_net_init,
	.pre_exit = empty_hook_net_pre_exit,
	.id = &empty_hook_net_id,
	.size = sizeof(struct empty_hook_net),
};

static int __init empty_hook_init(void)
{
	return register_pernet_subsys(&empty_hook_net_ops);
}

static void __exit empty_hook_exit(void)
{
	unregister_pernet_subsys(&empty_hook_net_ops);
}

module_init(empty_hook_init);
module_exit(empty_hook_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Empty netfilter hooks at tcphs's places, for benchmarks");
MODULE_AUTHOR("The tcphs authors");
