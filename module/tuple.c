// SPDX-License-Identifier: GPL-2.0
/*
 * The hash of a connection's tuple. Pure C like segment.c, with hsiphash
 * and memcmp() as the only dependencies: in userspace, the kernel's
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
 * The key hashed holds @t's two endpoints, the lower address first
 * (memcmp() order), then the lower port, so that @t and @t reversed give
 * the same; their ports; and @net_mix. An IPv4 key is 16 bytes, an IPv6
 * one 40: the families cannot collide but by chance, and the lookup
 * compares the family anyway. HalfSipHash, the kernel's hash for tables
 * keyed against floods.
 *
 * Return: the hash under @key.
 */
u32 tcphs_tuple_hash(const struct tcphs_tuple *t, u32 net_mix,
		     const hsiphash_key_t *key)
{
	bool v4 = t->family == NFPROTO_IPV4;
	int cmp = memcmp(&t->saddr, &t->daddr, v4 ? 4 : 16);
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
	u32 k4[4];

	if (v4) {
		k4[0] = (__force u32)lo->ip;
		k4[1] = (__force u32)hi->ip;
		k4[2] = ports;
		k4[3] = net_mix;
		return hsiphash(k4, sizeof(k4), key);
	}
	k6.addr[0] = *lo;
	k6.addr[1] = *hi;
	k6.ports = ports;
	k6.net = net_mix;
	return hsiphash(&k6, sizeof(k6), key);
}
