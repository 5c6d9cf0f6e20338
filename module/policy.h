/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table's policy, pure: which connection a namespace evicts first, when
 * an idle connection has ended, and how much of the table and of the
 * entries waiting for their grace period a namespace may hold. table.c
 * applies it to the counts it reads, under its locks; the unit tests
 * (module/tests/policy_test.c) and the fuzzer call it with values of
 * their own. Inline, as every segment that opens or expires a connection
 * asks.
 */
#ifndef _TCPHS_POLICY_H
#define _TCPHS_POLICY_H

#include <linux/kernel.h>
#include <linux/types.h>

#include "state.h"

/*
 * The room of the entries waiting on a small table: 512 KiB, so that a
 * small table never refuses a connection for want of grace periods. The
 * fuzzer, whose tables hold 16 to 79 entries, builds table.c with a room
 * it can fill.
 */
#ifndef TCPHS_WAITING_MIN
#define TCPHS_WAITING_MIN 4096
#endif

/*
 * The order in which a namespace evicts its connections for a new one: a
 * closed connection first (0), then one in its handshake (1), then a
 * closing one (2), an established one last (3).
 */
static inline unsigned int tcphs_evict_rank(enum tcphs_phase phase)
{
	static const u8 rank[TCPHS_PHASE_NR] = {
		[TCPHS_PHASE_CLOSED] = 0,
		[TCPHS_PHASE_SYN] = 1,
		[TCPHS_PHASE_SYNACK] = 1,
		[TCPHS_PHASE_CLOSING] = 2,
		[TCPHS_PHASE_ESTABLISHED] = 3,
	};

	return rank[phase];
}

/*
 * Whether a connection idle for @idle ticks, of @hz a second, has ended:
 * it stayed idle for @timeout seconds, its phase's. The caller guarantees
 * that @timeout * @hz fits in a u32.
 */
static inline bool tcphs_timed_out(u32 idle, unsigned int timeout,
				   unsigned int hz)
{
	return idle >= timeout * hz;
}

/*
 * The share of @max, the table's bound, that a namespace may hold:
 * @per_netns (max_conns_per_netns) when set, at most @max, else half.
 */
static inline unsigned int tcphs_net_share(unsigned int max,
					   unsigned int per_netns)
{
	return per_netns ? min_t(unsigned int, per_netns, max) : max / 2;
}

/*
 * Whether a namespace may link one more connection: the table's @count
 * below @max, and the namespace's @conns below its @share.
 */
static inline bool tcphs_table_room(unsigned int count, unsigned int conns,
				    unsigned int max, unsigned int share)
{
	return count < max && conns < share;
}

/**
 * tcphs_waiting_max - the room of the entries waiting to be freed
 * @max: the bound of the entries linked, max_conns
 *
 * An entry unlinked waits for a grace period before it is freed, and an
 * eviction flood unlinks as many entries in one as it brings new ones.
 * The room of those waiting is half of @max, or TCPHS_WAITING_MIN if that
 * is larger; a namespace has its share of it, the share of @max it may
 * hold (tcphs_net_share()). A new connection is refused while its
 * namespace's entries waiting fill its share, or the table's the room,
 * until a grace period frees them; give or take the inserts racing on
 * other CPUs and the two entries the last one evicted. An expiry adds to
 * the entries waiting unchecked, but takes one from those linked: the
 * table allocates at most @max, or the entries it held when @max dropped
 * below them, and the room: 1.5 times @max past 2 TCPHS_WAITING_MIN.
 *
 * Return: the room, at most TCPHS_MAX_CONNS_MAX / 2.
 */
static inline unsigned int tcphs_waiting_max(unsigned int max)
{
	return max_t(unsigned int, max / 2, TCPHS_WAITING_MIN);
}

/*
 * Whether a namespace may unlink one more entry: the table's @waiting
 * below the room tcphs_waiting_max() gives @max, and the namespace's
 * @net_waiting below its part of that room, as @share is of @max, rounded
 * down: net_waiting < room * share / max, computed without a division.
 */
static inline bool tcphs_waiting_room(unsigned int waiting,
				      unsigned int net_waiting,
				      unsigned int max, unsigned int share)
{
	unsigned int room = tcphs_waiting_max(max);

	return waiting < room &&
	       ((u64)net_waiting + 1) * max <= (u64)room * share;
}

#endif /* _TCPHS_POLICY_H */
