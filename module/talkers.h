/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The top half-open talkers of a network namespace: the clients' addresses
 * and the servers' ports with the most connections in their handshake,
 * /proc/tcphs/top. Two space-saving sketches of TCPHS_TALKERS_MAX keys
 * each, which the table moves as it moves its half_open gauge; pure C, run
 * by the fuzzer in userspace too.
 *
 * While every error of a sketch is 0, its counts are exact and it holds
 * every key with a connection in its handshake: from the start until more
 * keys than it holds have such connections at once. Past that, a key that
 * comes takes the place of the one with the least count and inherits its
 * count, as its error: the part of the count that may be other keys'. The
 * counts of a sketch always add up to the namespace's half_open, so that
 * nothing is left once no connection is in its handshake.
 *
 * Beside them, the clients' addresses and the servers' ports with the most
 * handshakes refused or aborted by a reset, /proc/tcphs/resets: the same
 * sketches, with no deletions, one pair for the current interval and one
 * for the interval before it, shown merged. The intervals follow each
 * other at whole multiples of their length from the first one's start, so
 * that a reset shows for at least one interval and less than two. A scan
 * of closed ports, which leaves nothing half open, shows there.
 */
#ifndef _TCPHS_TALKERS_H
#define _TCPHS_TALKERS_H

#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "tuple.h"

enum {
	TCPHS_TALKERS_MAX = 32,		/* keys a sketch holds: a u32's bits */
};

enum tcphs_talker_kind {
	TCPHS_TALKER_SOURCE,		/* the client's address */
	TCPHS_TALKER_PORT,		/* the server's port */
	TCPHS_TALKER_NR
};

/*
 * A key, and its count: free when count is 0. Aligned for the loads of
 * nf_inet_addr_cmp(), a long at a time; 32 bytes.
 */
struct tcphs_talker {
	union nf_inet_addr addr;	/* zero for a port */
	u32 count;			/* its half-open connections, or resets */
	u32 error;			/* the part that may be other keys' */
	u32 fold;			/* the key in a word, compared first */
	u16 port;			/* zero for an address */
	u8 family;			/* NFPROTO_IPV4 or IPV6; 0 for a port */
} __aligned(sizeof(long));

/* The intervals of the sketches of resets. */
enum {
	TCPHS_RESETS_NOW,		/* the current one */
	TCPHS_RESETS_BEFORE,		/* the one before it */
	TCPHS_RESETS_NR
};

/*
 * The sketches of one interval of resets, by kind; with each a bitmap of
 * its slots with a count, bit i for slot i.
 */
struct tcphs_resets {
	struct tcphs_talker sketch[TCPHS_TALKER_NR][TCPHS_TALKERS_MAX];
	u32 held[TCPHS_TALKER_NR];
};

struct tcphs_talkers {
	/*
	 * Taken by the table with bottom halves off, under a bucket lock; by
	 * readers with spin_lock_bh(). It guards all that follows.
	 */
	spinlock_t lock;
	struct tcphs_talker sketch[TCPHS_TALKER_NR][TCPHS_TALKERS_MAX];
	/* A sketch's slots with a count, bit i for slot i. */
	u32 held[TCPHS_TALKER_NR];
	/* The jiffies_64 at which the current interval of resets began. */
	u64 resets_start;
	struct tcphs_resets resets[TCPHS_RESETS_NR];
};

void tcphs_talkers_init(struct tcphs_talkers *tk, u64 now);
void tcphs_talkers_move(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			u8 client, bool inc);
void tcphs_talkers_reset(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			 u8 client, u64 now, u64 len);
void tcphs_talkers_resets(struct tcphs_talkers *tk, u64 now, u64 len,
			  struct tcphs_resets snap[TCPHS_RESETS_NR]);
unsigned int tcphs_resets_merge(const struct tcphs_resets snap[TCPHS_RESETS_NR],
				enum tcphs_talker_kind kind,
				struct tcphs_talker *out);
void tcphs_talkers_first(struct tcphs_talkers *tk, enum tcphs_talker_kind kind,
			 struct tcphs_talker *out);
unsigned int tcphs_talkers_get(struct tcphs_talkers *tk,
			       enum tcphs_talker_kind kind,
			       struct tcphs_talker out[TCPHS_TALKERS_MAX]);

#endif /* _TCPHS_TALKERS_H */
