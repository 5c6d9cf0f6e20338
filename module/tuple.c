// SPDX-License-Identifier: GPL-2.0
/*
 * The hash of a connection's tuple. Pure C like segment.c, with siphash and
 * memcmp() as the only dependencies: in userspace, the kernel's
 * lib/siphash.c and libc's memcmp().
 */

#include <linux/siphash.h>
#include <linux/string.h>

#include "tuple.h"

/**
 * tcphs_tuple_hash - the hash of a connection, the same both ways
 * @t: the addresses and ports of one of its segments
 * @net_mix: net_hash_mix() of the namespace the segment was seen in
 * @key: the key of the hash
 *
 * Return: the siphash under @key of @net_mix, @t's family and its two
 * endpoints, each an address and a port, ordered by address (memcmp()),
 * then by port: @t and @t reversed give the same hash.
 */
u64 tcphs_tuple_hash(const struct tcphs_tuple *t, u32 net_mix,
		     const siphash_key_t *key)
{
	struct {
		union nf_inet_addr addr[2];
		u16 port[2];
		u32 family;
		u32 net;
	} k;
	int cmp = memcmp(&t->saddr, &t->daddr, sizeof(t->saddr));
	unsigned int lo = cmp < 0 || (!cmp && t->sport < t->dport) ? 0 : 1;

	k.addr[lo] = t->saddr;
	k.addr[!lo] = t->daddr;
	k.port[lo] = t->sport;
	k.port[!lo] = t->dport;
	k.family = t->family;
	k.net = net_mix;
	return siphash(&k, sizeof(k), key);
}
