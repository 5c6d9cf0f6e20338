// SPDX-License-Identifier: GPL-2.0
/*
 * The ring of a namespace's last anomalies. Record seq sits in slot
 * seq % TCPHS_EVENTS_MAX; the ring holds the records from
 * next - TCPHS_EVENTS_MAX (or 0) to next - 1, and a new one overwrites the
 * oldest.
 */

#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "events.h"

/* seq % TCPHS_EVENTS_MAX, a mask even for a u64 on 32-bit machines */
static_assert(!(TCPHS_EVENTS_MAX & (TCPHS_EVENTS_MAX - 1)));

struct tcphs_events *tcphs_events_alloc(void)
{
	struct tcphs_events *ev = kvzalloc(sizeof(*ev), GFP_KERNEL);

	if (!ev)
		return NULL;
	spin_lock_init(&ev->lock);
	init_waitqueue_head(&ev->wait);
	return ev;
}

/* Once no reader has the ring's file open: none can wait on it. */
void tcphs_events_free(struct tcphs_events *ev)
{
	kvfree(ev);
}

/**
 * tcphs_events_add - record anomalies of a connection
 * @ev: the ring of the connection's namespace
 * @t: the connection's tuple, as its first segment went
 * @c: the connection, in its states after the anomalies
 * @anomalies: TCPHS_EV() bits of TCPHS_EV_ANOMALIES, recorded in their order
 *
 * With bottom halves off; wakes the readers waiting.
 */
void tcphs_events_add(struct tcphs_events *ev, const struct tcphs_tuple *t,
		      const struct tcphs_conn *c, u32 anomalies)
{
	struct tcphs_event_rec rec = {
		.time = ktime_get_real_ns(),
		.client_state = c->ep[c->client].state,
		.server_state = c->ep[!c->client].state,
	};

	tcphs_tuple_orient(&rec.tuple, t, c->client);
	lockdep_assert_in_softirq();
	spin_lock(&ev->lock);
	while (anomalies) {
		rec.seq = ev->next;
		rec.reason = __ffs(anomalies);
		ev->rec[rec.seq % TCPHS_EVENTS_MAX] = rec;
		WRITE_ONCE(ev->next, rec.seq + 1);
		anomalies &= anomalies - 1;
	}
	spin_unlock(&ev->lock);
	/* Its barrier pairs with the one of the readers' poll. */
	if (wq_has_sleeper(&ev->wait))
		wake_up_interruptible_poll(&ev->wait, EPOLLIN | EPOLLRDNORM);
}

/**
 * tcphs_events_get - copy out the oldest record from a number on
 * @ev: the ring
 * @seq: the number
 * @rec: where to copy it
 *
 * Return: whether there is one: record @seq, or when it was overwritten the
 * oldest the ring holds, whose number @rec tells.
 */
bool tcphs_events_get(struct tcphs_events *ev, u64 seq,
		      struct tcphs_event_rec *rec)
{
	bool found;

	spin_lock_bh(&ev->lock);
	if (ev->next > TCPHS_EVENTS_MAX)
		seq = max_t(u64, seq, ev->next - TCPHS_EVENTS_MAX);
	found = seq < ev->next;
	if (found)
		*rec = ev->rec[seq % TCPHS_EVENTS_MAX];
	spin_unlock_bh(&ev->lock);
	return found;
}
