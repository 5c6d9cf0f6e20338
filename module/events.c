// SPDX-License-Identifier: GPL-2.0
/*
 * The ring of a namespace's last anomalies, written from any CPU without a
 * lock. A writer numbers its records with an atomic add to next, and
 * record seq goes into slot seq % TCPHS_EVENTS_MAX: the ring holds at most
 * the records from next - TCPHS_EVENTS_MAX (or 0) to next - 1, a new one
 * overwriting the oldest.
 *
 * A slot's state tells which record it holds, and guards it as a lock of
 * its own would, with no writer ever waiting for another but in a ring
 * that went round while one of them wrote: a writer sets TCPHS_EVENT_BUSY
 * in it with a compare-and-exchange before writing the record, and
 * publishes the record's seq + 1 with a release after. It gives way to a
 * newer record, which leaves its own record out; it waits for an older
 * one's writer to finish. A reader takes a record whose seq the state
 * shows before and after it copies the record; a state that shows an
 * older record, or a writer at work on this one, tells it that the record
 * is numbered but not written yet. On PREEMPT_RT, where a writer may be
 * preempted as it writes, the writer of the same slot a ring later spins
 * meanwhile.
 */

#include <asm/barrier.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/kcsan-checks.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/poll.h>
#include <linux/processor.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "events.h"

/* seq % TCPHS_EVENTS_MAX, a mask even for a u64 on 32-bit machines */
static_assert(!(TCPHS_EVENTS_MAX & (TCPHS_EVENTS_MAX - 1)));

/* In a slot's state while a writer writes it; seq never gets there. */
#define TCPHS_EVENT_BUSY	BIT_ULL(62)

/* The records a reader overwritten as it read skips past the oldest. */
#define TCPHS_EVENTS_SLACK	16

struct tcphs_events *tcphs_events_alloc(void)
{
	struct tcphs_events *ev = kvzalloc(sizeof(*ev), GFP_KERNEL);

	if (!ev)
		return NULL;
	init_waitqueue_head(&ev->wait);
	return ev;
}

/* Once no reader has the ring's file open: none can wait on it. */
void tcphs_events_free(struct tcphs_events *ev)
{
	kvfree(ev);
}

static struct tcphs_event_slot *slot_of(struct tcphs_events *ev, u64 seq)
{
	return &ev->slot[seq % TCPHS_EVENTS_MAX];
}

/*
 * Take @slot to write record @seq into it, unless a newer record took it.
 * Waits only while the writer of an older record, which numbered it at
 * least TCPHS_EVENTS_MAX records before, still writes it.
 */
static bool slot_claim(struct tcphs_event_slot *slot, u64 seq)
{
	s64 old = atomic64_read(&slot->state);

	for (;;) {
		if ((old & ~TCPHS_EVENT_BUSY) > seq)
			return false;
		if (old & TCPHS_EVENT_BUSY) {
			cpu_relax();
			old = atomic64_read(&slot->state);
			continue;
		}
		if (atomic64_try_cmpxchg_acquire(&slot->state, &old,
						 (seq + 1) | TCPHS_EVENT_BUSY)) {
			/*
			 * The acquire orders only the cmpxchg's load: its
			 * store, the mark, goes before the record's, as in
			 * write_seqcount_begin(). Pairs with the smp_rmb() of
			 * tcphs_events_get().
			 */
			smp_wmb();
			return true;
		}
	}
}

/**
 * tcphs_events_add - record anomalies of a connection
 * @ev: the ring of the connection's namespace
 * @t: the connection's tuple, as its first segment went
 * @c: the connection, in its states after the anomalies
 * @anomalies: TCPHS_EV() bits of TCPHS_EV_ANOMALIES, recorded in their order
 *
 * With bottom halves off, from any CPU at once; wakes the readers waiting.
 */
void tcphs_events_add(struct tcphs_events *ev, const struct tcphs_tuple *t,
		      const struct tcphs_conn *c, u32 anomalies)
{
	struct tcphs_event_rec rec = {
		.time = ktime_get_coarse_real_ns(),
		.client_state = c->ep[c->client].state,
		.server_state = c->ep[!c->client].state,
	};

	tcphs_tuple_orient(&rec.tuple, t, c->client);
	lockdep_assert_in_softirq();
	rec.seq = atomic64_fetch_add(hweight32(anomalies), &ev->next);
	for (; anomalies; anomalies &= anomalies - 1, rec.seq++) {
		struct tcphs_event_slot *slot = slot_of(ev, rec.seq);

		if (!slot_claim(slot, rec.seq))
			continue;
		rec.reason = __ffs(anomalies);
		ASSERT_EXCLUSIVE_WRITER(slot->rec);
		slot->rec = rec;
		atomic64_set_release(&slot->state, rec.seq + 1);
	}
	/* Its barrier pairs with the one of the readers' poll. */
	if (wq_has_sleeper(&ev->wait))
		wake_up_interruptible_poll(&ev->wait, EPOLLIN | EPOLLRDNORM);
}

/*
 * Whether record @seq, numbered, is written: the slot holds it, or a newer
 * one overwrote it. With @state, the slot's state, read with acquire.
 */
static bool slot_written(u64 state, u64 seq)
{
	return state == seq + 1 || (state & ~TCPHS_EVENT_BUSY) > seq + 1;
}

/*
 * The oldest record a reader at @seq may read with @next numbered: @seq,
 * or once the ring went past it the oldest kept, @slack records on. A
 * reader that the writers overwrote as it read skips @slack more, so as
 * not to race them for the oldest again.
 */
static u64 clamp_seq(u64 seq, u64 next, u64 slack)
{
	if (next >= TCPHS_EVENTS_MAX)
		seq = max_t(u64, seq, next - TCPHS_EVENTS_MAX + slack);
	return seq;
}

/**
 * tcphs_events_get - copy out the oldest record from a number on
 * @ev: the ring
 * @seq: the number
 * @rec: where to copy it; what it holds is undefined on false
 *
 * Return: whether there is one written: record @seq, or when it was
 * overwritten the oldest the ring holds, whose number @rec tells. False
 * also when that one is numbered but not written yet.
 */
bool tcphs_events_get(struct tcphs_events *ev, u64 seq,
		      struct tcphs_event_rec *rec)
{
	u64 slack = 0;

	for (;;) {
		u64 next = atomic64_read(&ev->next);
		struct tcphs_event_slot *slot;
		u64 state;

		seq = clamp_seq(seq, next, slack);
		if (seq >= next)
			return false;
		slot = slot_of(ev, seq);
		state = atomic64_read_acquire(&slot->state);
		if (!slot_written(state, seq))
			return false;
		if (state == seq + 1) {
			/* Its writer may take the slot meanwhile. */
			*rec = data_race(slot->rec);
			/* The copy before the state read again, as a seqlock. */
			smp_rmb();
			if ((u64)atomic64_read(&slot->state) == state)
				return true;
		}
		/*
		 * Overwritten: a newer record took the slot, so next moved
		 * past this one, and the oldest is further on.
		 */
		slack = TCPHS_EVENTS_SLACK;
	}
}

/**
 * tcphs_events_ready - whether a reader has a record to read
 * @ev: the ring
 * @seq: the number of the next record it reads
 *
 * For poll: a record numbered but not written yet is none, and its writer
 * wakes the readers once it is. Without ordering against the ring's wait
 * queue, which the caller gives.
 */
bool tcphs_events_ready(struct tcphs_events *ev, u64 seq)
{
	u64 next = atomic64_read(&ev->next);

	seq = clamp_seq(seq, next, 0);
	return seq < next &&
	       slot_written(atomic64_read_acquire(&slot_of(ev, seq)->state),
			    seq);
}
