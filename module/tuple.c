// SPDX-License-Identifier: GPL-2.0
/*
 * The hash of a connection's tuple. Pure C like segment.c, with hsiphash
 * and memcmp() as the only dependencies: in userspace, the kernel's
 * lib/siphash.c and libc's memcmp().
 */

#include <linux/siphash.h>
#include <linux/string.h>

#include "tuple.h"

/* Whether @a comes before @b, in an order only the hash needs. */
static int addr_cmp(const union nf_inet_addr *a, const union nf_inet_addr *b,
		    bool v4)
{
	if (v4)
		return a->ip == b->ip ? 0 :
		       (__force u32)a->ip < (__force u32)b->ip ? -1 : 1;
	return memcmp(a, b, sizeof(*a));
}

/**
 * tcphs_tuple_hash - the hash of a connection, the same both ways
 * @t: the addresses and ports of one of its segments
 * @net_mix: net_hash_mix() of the namespace the segment was seen in
 * @key: the key of the hash
 *
 * The key hashed holds @t's two endpoints, the lower address first (as a
 * u32 for IPv4, in memcmp() order for IPv6), then the lower port, so that
 * @t and @t reversed give the same; their ports; and @net_mix. An IPv4 key
 * is four words, hashed without a copy; an IPv6 one 40 bytes: the families
 * cannot collide but by chance, and the lookup compares the family anyway.
 * HalfSipHash, the kernel's hash for tables keyed against floods.
 *
 * Return: the hash under @key.
 */
u32 tcphs_tuple_hash(const struct tcphs_tuple *t, u32 net_mix,
		     const hsiphash_key_t *key)
{
	bool v4 = t->family == NFPROTO_IPV4;
	int cmp = addr_cmp(&t->saddr, &t->daddr, v4);
	bool swap = cmp > 0 || (!cmp && t->sport > t->dport);
	const union nf_inet_addr *lo = swap ? &t->daddr : &t->saddr;
	const union nf_inet_addr *hi = swap ? &t->saddr : &t->daddr;
	u32 ports = swap ? (u32)t->dport << 16 | t->sport :
			   (u32)t->sport << 16 | t->dport;
	struct {
		union nf_inet_addr addr[2];
		u32 ports;
		u32 net;
	} k6;

	if (v4)
		return hsiphash_4u32((__force u32)lo->ip, (__force u32)hi->ip,
				     ports, net_mix, key);
	k6.addr[0] = *lo;
	k6.addr[1] = *hi;
	k6.ports = ports;
	k6.net = net_mix;
	return hsiphash(&k6, sizeof(k6), key);
}
