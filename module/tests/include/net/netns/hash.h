/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_TOOLS_NET_NETNS_HASH_H
#define _TCPHS_TOOLS_NET_NETNS_HASH_H

#include <net/net_namespace.h>

static inline u32 net_hash_mix(const struct net *net)
{
	return net->hash_mix;
}

#endif /* _TCPHS_TOOLS_NET_NETNS_HASH_H */
