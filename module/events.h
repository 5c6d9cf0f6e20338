/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last anomalies of a network namespace, in a ring of fixed size:
 * /proc/tcphs/events. The table adds one for each event of
 * TCPHS_EV_ANOMALIES a connection's segment or end gives, from any CPU at
 * once and without a lock; readers copy them out by number and sleep on
 * the ring's wait queue for more.
 */
#ifndef _TCPHS_EVENTS_H
#define _TCPHS_EVENTS_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "state.h"
#include "tuple.h"

enum {
	TCPHS_EVENTS_MAX = 256,	/* records a ring keeps, a power of two */
};

/* One anomaly. */
struct tcphs_event_rec {
	u64 seq;		/* its number in the namespace, from 0 */
	u64 time;		/* CLOCK_REALTIME_COARSE, in nanoseconds */
	struct tcphs_tuple tuple;	/* as the client sends */
	u8 client_state;	/* enum tcphs_state, after the segment */
	u8 server_state;
	u8 reason;		/* enum tcphs_event */
};

/*
 * A slot of the ring and the record it holds. Its state is 0 while it is
 * empty, else seq + 1 of its record, with TCPHS_EVENT_BUSY set while a
 * writer writes it: see events.c.
 */
struct tcphs_event_slot {
	atomic64_t state;
	struct tcphs_event_rec rec;
};

struct tcphs_events {
	atomic64_t next;	/* seq of the next record: all numbered so far */
	wait_queue_head_t wait;	/* readers waiting for next to move */
	struct tcphs_event_slot slot[TCPHS_EVENTS_MAX];
};

struct tcphs_events *tcphs_events_alloc(void);
void tcphs_events_free(struct tcphs_events *ev);
void tcphs_events_add(struct tcphs_events *ev, const struct tcphs_tuple *t,
		      const struct tcphs_conn *c, u32 anomalies);
bool tcphs_events_get(struct tcphs_events *ev, u64 seq,
		      struct tcphs_event_rec *rec);
bool tcphs_events_ready(struct tcphs_events *ev, u64 seq);

#endif /* _TCPHS_EVENTS_H */
