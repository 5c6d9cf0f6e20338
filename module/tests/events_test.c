// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ring of anomalies (module/events.c), which CPUs write
 * at once without a lock: records numbered in order, the oldest
 * overwritten, and, with writers on threads racing readers, every record
 * read whole and in order, and the ring's last records all there after.
 */

#include <pthread.h>

#include "kselftest_harness.h"
#include "events.h"

/* tcphs_events_add() asserts that bottom halves are off: they are. */
extern int kshim_bh_off;

enum {
	WRITERS = 4,
	ADDS = 300000,		/* by each writer */
};

static const u32 two = TCPHS_EV(TCPHS_EV_HS_REJECTED) |
		       TCPHS_EV(TCPHS_EV_CLOSE_RST);

/*
 * The anomalies of add @i of writer @w, whose fields all follow from @w
 * and @i, so that a record mixed from two is told apart.
 */
static void add(struct tcphs_events *ev, u16 w, u32 i)
{
	struct tcphs_tuple t = {
		.family = NFPROTO_IPV4, .sport = w, .dport = w + 1000,
	};
	struct tcphs_conn c = { .client = 0 };

	t.saddr.ip = i;
	t.daddr.ip = ~i;
	c.ep[0].state = i % 7;
	c.ep[1].state = i % 11;
	tcphs_events_add(ev, &t, &c, i % 2 ? two :
			 TCPHS_EV(TCPHS_EV_HS_REJECTED));
}

/* Whether @rec is whole: one add's, of a writer below WRITERS. */
static bool whole(const struct tcphs_event_rec *rec)
{
	u32 i = rec->tuple.saddr.ip;

	return rec->tuple.family == NFPROTO_IPV4 &&
	       rec->tuple.sport < WRITERS &&
	       rec->tuple.dport == rec->tuple.sport + 1000 &&
	       rec->tuple.daddr.ip == ~i && rec->client_state == i % 7 &&
	       rec->server_state == i % 11 &&
	       (rec->reason == TCPHS_EV_HS_REJECTED ||
		(i % 2 && rec->reason == TCPHS_EV_CLOSE_RST));
}

static struct tcphs_events *new_ring(struct __test_metadata *_metadata)
{
	struct tcphs_events *ev = tcphs_events_alloc();

	ASSERT_NE(NULL, ev);
	kshim_bh_off = 1;
	return ev;
}

TEST(numbered_in_order_oldest_overwritten)
{
	struct tcphs_events *ev = new_ring(_metadata);
	struct tcphs_event_rec rec;
	u32 i;

	EXPECT_FALSE(tcphs_events_get(ev, 0, &rec));
	EXPECT_FALSE(tcphs_events_ready(ev, 0));
	/* Adds 0 and 1: records 0, then 1 and 2 in their bits' order. */
	add(ev, 3, 0);
	add(ev, 3, 1);
	ASSERT_EQ(3, atomic64_read(&ev->next));
	EXPECT_TRUE(tcphs_events_ready(ev, 0));
	EXPECT_TRUE(tcphs_events_ready(ev, 2));
	EXPECT_FALSE(tcphs_events_ready(ev, 3));
	ASSERT_TRUE(tcphs_events_get(ev, 1, &rec));
	EXPECT_EQ(1, rec.seq);
	EXPECT_EQ(TCPHS_EV_HS_REJECTED, rec.reason);
	EXPECT_TRUE(whole(&rec));
	ASSERT_TRUE(tcphs_events_get(ev, 2, &rec));
	EXPECT_EQ(2, rec.seq);
	EXPECT_EQ(TCPHS_EV_CLOSE_RST, rec.reason);
	EXPECT_EQ(1, rec.tuple.saddr.ip);
	EXPECT_FALSE(tcphs_events_get(ev, 3, &rec));

	/* 3 + 200 * 1.5 = 303 records: 0 to 46 overwritten. */
	for (i = 2; i < 202; i++)
		add(ev, 3, i);
	ASSERT_EQ(303, atomic64_read(&ev->next));
	EXPECT_TRUE(tcphs_events_ready(ev, 0));
	ASSERT_TRUE(tcphs_events_get(ev, 0, &rec));
	EXPECT_EQ(303 - TCPHS_EVENTS_MAX, rec.seq);
	for (i = 303 - TCPHS_EVENTS_MAX; i < 303; i++) {
		ASSERT_TRUE(tcphs_events_get(ev, i, &rec));
		EXPECT_EQ(i, rec.seq);
		EXPECT_TRUE(whole(&rec));
	}
	tcphs_events_free(ev);
}

struct race {
	struct tcphs_events *ev;
	u16 writer;
	bool done;		/* the writers are */
	u64 read;		/* records the reader read */
	u64 errors;		/* records it read mixed or out of order */
};

static void *writer(void *arg)
{
	struct race *r = arg;
	u32 i;

	for (i = 0; i < ADDS; i++)
		add(r->ev, r->writer, i);
	return NULL;
}

/*
 * Follow the ring as tcphs events -f does, by number from 0, until the
 * writers are done and every record numbered is read: each record whole,
 * numbered above the one before, and each writer's adds in their order.
 */
static void *reader(void *arg)
{
	struct race *r = arg;
	u32 last[WRITERS] = { };
	struct tcphs_event_rec rec;
	u64 seq = 0;
	bool done;

	do {
		done = __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
		while (tcphs_events_get(r->ev, seq, &rec)) {
			if (rec.seq < seq || !whole(&rec) ||
			    rec.tuple.saddr.ip < last[rec.tuple.sport])
				r->errors++;
			else
				last[rec.tuple.sport] = rec.tuple.saddr.ip;
			seq = rec.seq + 1;
			r->read++;
		}
	} while (!done || seq < (u64)atomic64_read(&r->ev->next));
	return NULL;
}

/*
 * Read the oldest record again and again while the writers are at work:
 * the one the next record overwrites. Each must be whole.
 */
static void *oldest_reader(void *arg)
{
	struct race *r = arg;
	struct tcphs_event_rec rec;

	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
		if (!tcphs_events_get(r->ev, 0, &rec))
			continue;
		r->errors += !whole(&rec);
		r->read++;
	}
	return NULL;
}

TEST(writers_race_readers)
{
	struct tcphs_events *ev = new_ring(_metadata);
	struct race w[WRITERS], rd = { .ev = ev }, old = { .ev = ev };
	pthread_t wt[WRITERS], rt, ot;
	struct tcphs_event_rec rec;
	u64 next, seq;
	u16 i;

	ASSERT_EQ(0, pthread_create(&rt, NULL, reader, &rd));
	ASSERT_EQ(0, pthread_create(&ot, NULL, oldest_reader, &old));
	for (i = 0; i < WRITERS; i++) {
		w[i] = (struct race){ .ev = ev, .writer = i };
		ASSERT_EQ(0, pthread_create(&wt[i], NULL, writer, &w[i]));
	}
	for (i = 0; i < WRITERS; i++)
		ASSERT_EQ(0, pthread_join(wt[i], NULL));
	__atomic_store_n(&rd.done, true, __ATOMIC_RELEASE);
	__atomic_store_n(&old.done, true, __ATOMIC_RELEASE);
	ASSERT_EQ(0, pthread_join(rt, NULL));
	ASSERT_EQ(0, pthread_join(ot, NULL));

	/* Each writer's adds give 1.5 records on average. */
	next = atomic64_read(&ev->next);
	ASSERT_EQ((u64)WRITERS * (ADDS + ADDS / 2), next);
	EXPECT_EQ(0, rd.errors);
	EXPECT_LE(TCPHS_EVENTS_MAX, rd.read);
	EXPECT_GE(next, rd.read);
	EXPECT_EQ(0, old.errors);
	TH_LOG("the follower read %llu of %llu records, the other %llu",
	       (unsigned long long)rd.read, (unsigned long long)next,
	       (unsigned long long)old.read);
	/* Every writer done: the last records are all there, whole. */
	for (seq = next - TCPHS_EVENTS_MAX; seq < next; seq++) {
		ASSERT_TRUE(tcphs_events_get(ev, seq, &rec));
		EXPECT_EQ(seq, rec.seq);
		EXPECT_TRUE(whole(&rec));
	}
	tcphs_events_free(ev);
}

TEST_HARNESS_MAIN
