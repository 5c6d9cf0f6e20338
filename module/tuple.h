/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A connection's addresses and ports, and what the table's lookup does with
 * them: the hash that picks their bucket, and the match against the tuple
 * of a tracked connection. Pure C like segment.c: it builds into the module
 * and into the userspace hot path benchmark (bench/hotpath), where
 * module/tests/include stands in for the kernel's headers and the kernel's
 * own lib/siphash.c for hsiphash.
 */
#ifndef _TCPHS_TUPLE_H
#define _TCPHS_TUPLE_H

#include <linux/netfilter.h>
#include <linux/siphash.h>
#include <linux/types.h>

/* Where a segment comes from and goes to; unused address bytes zero. */
struct tcphs_tuple {
	union nf_inet_addr saddr;
	union nf_inet_addr daddr;
	u16 sport;		/* ports in host order */
	u16 dport;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
};

u32 tcphs_tuple_hash(const struct tcphs_tuple *t, u32 net_mix,
		     const hsiphash_key_t *key);

/**
 * tcphs_tuple_match - whether two tuples are of one connection, which way
 * @e: the tuple of a tracked connection, as its first segment went
 * @t: the tuple of a segment
 * @dir: set to 0 when @t goes the way @e went, to 1 when the other way
 *
 * Inline: the table's lookup calls it for each connection of a bucket.
 *
 * Return: whether @t has @e's family, addresses and ports, either way; when
 * both ways match (a connection to itself), the same way.
 */
static inline bool tcphs_tuple_match(const struct tcphs_tuple *e,
				     const struct tcphs_tuple *t,
				     unsigned int *dir)
{
	if (e->family != t->family)
		return false;
	if (e->sport == t->sport && e->dport == t->dport &&
	    nf_inet_addr_cmp(&e->saddr, &t->saddr) &&
	    nf_inet_addr_cmp(&e->daddr, &t->daddr)) {
		*dir = 0;
		return true;
	}
	if (e->sport == t->dport && e->dport == t->sport &&
	    nf_inet_addr_cmp(&e->saddr, &t->daddr) &&
	    nf_inet_addr_cmp(&e->daddr, &t->saddr)) {
		*dir = 1;
		return true;
	}
	return false;
}

/**
 * tcphs_tuple_orient - a connection's tuple as its client sends
 * @dst: the tuple to fill
 * @t: the tuple of the connection's first segment
 * @client: the direction of the client's segments: 1 reverses @t
 */
static inline void tcphs_tuple_orient(struct tcphs_tuple *dst,
				      const struct tcphs_tuple *t, u8 client)
{
	dst->family = t->family;
	dst->saddr = client ? t->daddr : t->saddr;
	dst->daddr = client ? t->saddr : t->daddr;
	dst->sport = client ? t->dport : t->sport;
	dst->dport = client ? t->sport : t->dport;
}

#endif /* _TCPHS_TUPLE_H */
