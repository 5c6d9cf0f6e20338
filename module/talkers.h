/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The top half-open talkers of a network namespace: the clients' addresses
 * and the servers' ports with the most connections in their handshake,
 * /proc/tcphs/top. Nothing is kept for them on the path of the segments:
 * a reader walks the table (table.c's tcphs_table_top()) and counts the
 * namespace's half-open connections into a struct tcphs_top, two
 * space-saving sketches of TCPHS_TALLY_KEYS keys, and shows the
 * TCPHS_TALKERS_MAX first of each. Pure C, run by the fuzzer in userspace
 * too.
 *
 * While a sketch holds every key it met, its counts are exact and its
 * errors 0. Past that, a key that comes takes the place of the one with the
 * least count and inherits its count, as its error: the part of the count
 * that may be other keys'. A count never falls short of its key's
 * connections, and the counts of a sketch add up to the connections
 * counted.
 *
 * Beside them, the clients' addresses and the servers' ports with the most
 * handshakes refused or aborted by a reset, /proc/tcphs/resets, counted as
 * the resets come, in space-saving sketches of TCPHS_TALKERS_MAX keys:
 * each CPU its own, so that a flood of resets on many CPUs shares no lock
 * and no cache line, one pair for the current interval and one for the
 * interval before it, all shown merged. The intervals follow each other
 * at whole multiples of their length from the namespace's start, so that
 * a reset shows for at least one interval and less than two. A scan of
 * closed ports, which leaves nothing half open, shows there.
 */
#ifndef _TCPHS_TALKERS_H
#define _TCPHS_TALKERS_H

#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "tuple.h"

enum {
	TCPHS_TALKERS_MAX = 32,		/* keys shown; of a sketch of resets */
};

/*
 * The keys a sketch of struct tcphs_top holds: the fuzzer builds a smaller
 * one, which its tables fill.
 */
#ifndef TCPHS_TALLY_KEYS
#define TCPHS_TALLY_KEYS 1024
#endif

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

/*
 * A space-saving sketch of one kind of key, built by one reader and read
 * by it alone: no lock. The keys held form a min-heap on their counts, so
 * that the least is at hand, and a table of open addressing with linear
 * probing finds a key's place in the heap.
 */
struct tcphs_tally {
	unsigned int n;					/* keys held */
	struct tcphs_talker heap[TCPHS_TALLY_KEYS];	/* least count first */
	u16 slot[TCPHS_TALLY_KEYS];	/* the slot of index that holds heap[i] */
	u16 index[2 * TCPHS_TALLY_KEYS];	/* a heap position + 1; 0 free */
};

/* The half-open talkers of a namespace, as one walk of the table counts them. */
struct tcphs_top {
	struct tcphs_tally tally[TCPHS_TALKER_NR];
};

/* The sketches of resets of one CPU in one namespace. */
struct tcphs_resets_cpu {
	/*
	 * Taken by its CPU with bottom halves off, under a bucket lock, and by
	 * readers with spin_lock_bh(). It guards all that follows.
	 */
	spinlock_t lock;
	/* The jiffies_64 at which its current interval began. */
	u64 start;
	struct tcphs_resets resets[TCPHS_RESETS_NR];
};

struct tcphs_talkers {
	u64 epoch;	/* the jiffies_64 at which the first interval began */
	/*
	 * Each CPU's sketches, allocated at its first reset (4 KiB) and
	 * published with a release; freed with the namespace.
	 */
	struct tcphs_resets_cpu * __percpu *cpu;
};

int tcphs_talkers_init(struct tcphs_talkers *tk, u64 now);
void tcphs_talkers_free(struct tcphs_talkers *tk);
void tcphs_talkers_reset(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			 u8 client, u64 now, u64 len);
unsigned int tcphs_talkers_resets(struct tcphs_talkers *tk, u64 now, u64 len,
				  struct tcphs_resets *snap);
unsigned int tcphs_resets_merge(const struct tcphs_resets *snap,
				unsigned int n, enum tcphs_talker_kind kind,
				struct tcphs_talker *out);
void tcphs_top_add(struct tcphs_top *top, const struct tcphs_tuple *t,
		   u8 client);
unsigned int tcphs_top_get(const struct tcphs_top *top,
			   enum tcphs_talker_kind kind,
			   struct tcphs_talker *out, unsigned int max);

#endif /* _TCPHS_TALKERS_H */
