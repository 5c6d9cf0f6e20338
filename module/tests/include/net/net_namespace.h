/* SPDX-License-Identifier: GPL-2.0 */
/* Network namespaces in userspace: what the table looks at. */
#ifndef _TCPHS_TOOLS_NET_NET_NAMESPACE_H
#define _TCPHS_TOOLS_NET_NET_NAMESPACE_H

#include <linux/types.h>

struct ns_common {
	unsigned int inum;
};

struct net {
	u32 hash_mix;
	struct ns_common ns;
};

typedef struct {
	struct net *net;
} possible_net_t;

static inline void write_pnet(possible_net_t *pnet, struct net *net)
{
	pnet->net = net;
}

static inline struct net *read_pnet(const possible_net_t *pnet)
{
	return pnet->net;
}

static inline bool net_eq(const struct net *net1, const struct net *net2)
{
	return net1 == net2;
}

#endif /* _TCPHS_TOOLS_NET_NET_NAMESPACE_H */
