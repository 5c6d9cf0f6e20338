// SPDX-License-Identifier: GPL-2.0
/*
 * The table of tracked connections, one for all network namespaces.
 *
 * An entry is found by a HalfSipHash, under a random key, of its namespace,
 * family, addresses and ports, the same whichever way a segment goes
 * (tuple.c, pure, which the userspace benchmark bench/hotpath runs too).
 * Lookups walk a bucket under RCU without a lock; everything that changes a
 * bucket or an entry's connection holds the bucket's lock, one of
 * TABLE_LOCKS striped over the buckets, taken with spin_lock_bh() since
 * process context (LOCAL_OUT, the GC, /proc readers) shares them with
 * softirqs; except that the segments tcphs_conn_update_steady() takes,
 * most of them, need no lock. Entries are unlinked onto a list freed by a
 * work after an RCU grace period: a list node is half an rcu_head, and
 * keeps an entry in 128 bytes.
 *
 * The table never holds more than max_conns entries, nor a namespace more
 * than max_conns_per_netns, give or take the inserts racing on other CPUs:
 * a new connection evicts an old one of its own namespace, half open or
 * closed ones first, established ones last, and is refused when its
 * namespace has none to give. A namespace's flood never touches another's
 * connections.
 *
 * An entry unlinked waits for a grace period before free_work() frees it,
 * and an eviction flood unlinks entries faster than grace periods pass: the
 * entries waiting are bounded too, by the room tcphs_waiting_max()
 * gives, of which a namespace may fill its share of the table (half by
 * default, as of max_conns_per_netns). A new connection is refused while
 * its namespace has its share of the room waiting, or the table all of it,
 * until a grace period frees them: a namespace's flood leaves the rest of
 * the room to the others, and a table above a lowered max_conns, with no
 * entry waiting, evicts two for each new connection until it is back
 * below.
 * The table allocates at most max_conns entries, or as many as it held
 * when max_conns dropped below them, and the room.
 *
 * A connection idle for longer than its phase's timeout has ended: the
 * next segment that finds it counts its end and is taken as one of no
 * connection. A delayed work, the GC, walks a share of the buckets at a
 * time and ends the connections nobody touched.
 */

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/llist.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/hash.h>

#include "alert.h"
#include "events.h"
#include "netns.h"
#include "params.h"
#include "policy.h"
#include "stats.h"
#include "table.h"
#include "trace.h"

enum {
	TABLE_LOCKS = 1024,
	BUCKETS_MIN = 1024,
	BUCKETS_MAX = 1 << 24,
	GC_BUDGET_MS = 2,	/* the longest a GC run works */
	GC_REST_MS = 20,	/* pause between two runs of a pass */
	GC_PASS_MS = 1000,	/* pause between two passes */
	EVICT_BUCKETS = 8,	/* non-empty buckets looked at for a victim */
	EVICT_SCAN_MAX = 1024,	/* buckets looked at in all */
	DUMP_BATCH = 4,		/* snapshots taken under one lock */
	TOP_CHUNK = 1024,	/* buckets walked in one RCU read section */
};

struct tcphs_entry {
	struct hlist_node node;		/* in its bucket */
	struct llist_node freed;	/* in table.freed, once unlinked */
	possible_net_t net;
	struct tcphs_tuple tuple;	/* as the first segment went */
	u32 start;			/* table_seconds() at its start */
	/*
	 * Written under the bucket's lock, and by the steady path without it
	 * (last, and the ack and window of conn's endpoints, with WRITE_ONCE).
	 */
	u32 last;			/* jiffies of the last segment */
	struct tcphs_conn conn;
};

/* Two cache lines: the cost of a tracked connection, IPv6 included. */
static_assert(sizeof(struct tcphs_entry) <= 128);

/* An idle time in jiffies, a u32, can reach the longest timeout. */
static_assert((u64)TCPHS_TIMEOUT_MAX * HZ <= U32_MAX);

/*
 * The fields every segment reads, set at load, come first; the counts every
 * insert and removal writes from any CPU have cache lines apart from them,
 * so that a connection opening on one CPU does not take the key and the
 * buckets from the others. The counts are exact, and so shared, because the
 * bounds are; nf_conntrack keeps its count of a namespace the same way.
 */
static struct {
	struct hlist_head *buckets;
	unsigned int mask;
	hsiphash_key_t key;
	struct kmem_cache *cache;
	spinlock_t locks[TABLE_LOCKS] ____cacheline_aligned_in_smp;
	atomic_t count ____cacheline_aligned_in_smp; /* in all namespaces */
	atomic_t waiting;		/* entries in freed */
	atomic_t chain_max;		/* longest bucket seen since load */
	struct llist_head freed;	/* unlinked, to free after readers */
	struct work_struct free_work;
	struct delayed_work gc;
	unsigned int gc_next;		/* bucket the next GC run starts at */
} table;

static spinlock_t *bucket_lock(unsigned int bucket)
{
	return &table.locks[bucket % TABLE_LOCKS];
}

/* The bucket of a connection: both directions give the same one. */
static unsigned int tuple_bucket(const struct net *net,
				 const struct tcphs_tuple *t)
{
	return tcphs_tuple_hash(t, net_hash_mix(net), &table.key) & table.mask;
}

/*
 * The connection of @t in @net, in @bucket, and in @dir the direction of @t
 * in it.
 * Called under RCU or the bucket's lock.
 */
static struct tcphs_entry *lookup(unsigned int bucket, const struct net *net,
				  const struct tcphs_tuple *t,
				  unsigned int *dir)
{
	struct tcphs_entry *e;

	hlist_for_each_entry_rcu(e, &table.buckets[bucket], node,
				 lockdep_is_held(bucket_lock(bucket))) {
		if (net_eq(read_pnet(&e->net), net) &&
		    tcphs_tuple_match(&e->tuple, t, dir))
			return e;
	}
	return NULL;
}

static bool half_open(const struct tcphs_entry *e)
{
	return tcphs_phase_half_open(tcphs_conn_phase(&e->conn));
}

/*
 * Move a connection of @tn into its handshake (@inc) or out of it: the
 * half-open count, and the alert of a flood, which may go up or down. The
 * caller holds the lock of @bucket, the connection's.
 */
static void half_open_move(struct tcphs_net *tn, unsigned int bucket,
			   bool inc)
{
	int n;

	lockdep_assert_held(bucket_lock(bucket));
	n = inc ? atomic_inc_return(&tn->half_open) :
		  atomic_dec_return(&tn->half_open);
	tcphs_alert_half_open(tn, n);
}

/*
 * Seconds since boot by the jiffies, as a connection's idle time is counted:
 * a load and a multiplication, where ktime_get_boottime_seconds() calls
 * into the timekeeper, which reads its coarse time under a seqcount.
 */
static u32 table_seconds(void)
{
	return div_u64(get_jiffies_64() - INITIAL_JIFFIES, HZ);
}

/*
 * The clock of the handshake's delays, struct tcphs_times's now, read only
 * for the segments that need it: see tcphs_conn_timed().
 */
static u32 seg_time(const struct tcphs_conn *c, const struct tcphs_seg *seg)
{
	if (!tcphs_conn_timed(c, seg))
		return 0;
	return div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

/*
 * Free @e, unlinked a grace period ago, and take it from the entries
 * waiting. Its namespace is alive: tcphs_table_net_exit() waits for its
 * entries to be freed.
 */
static void entry_free(struct tcphs_entry *e)
{
	atomic_dec(&tcphs_net(read_pnet(&e->net))->waiting);
	atomic_dec(&table.waiting);
	kmem_cache_free(table.cache, e);
}

/*
 * Free the entries unlinked so far, once no reader under RCU can still see
 * them: all of them were unlinked before llist_del_all().
 */
static void free_work(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&table.freed);
	struct tcphs_entry *e, *tmp;

	if (!list)
		return;
	synchronize_rcu();
	llist_for_each_entry_safe(e, tmp, list, freed)
		entry_free(e);
}

/*
 * Fire tcphs:state if an endpoint of @e is no longer in its state of @old
 * (by direction, as conn.ep[]). The caller holds the lock of @bucket, @e's.
 * A tracepoint that is off costs a patched-out jump.
 */
static void entry_trace_state(const struct tcphs_entry *e, unsigned int bucket,
			      const u8 old[2])
{
	lockdep_assert_held(bucket_lock(bucket));
	if (trace_state_enabled() && (old[0] != e->conn.ep[0].state ||
				      old[1] != e->conn.ep[1].state))
		trace_state(read_pnet(&e->net), &e->tuple, &e->conn,
			    old[e->conn.client], old[!e->conn.client]);
}

/*
 * Write the anomalies among @events, in their order, into the ring of
 * /proc/tcphs/events of @e's namespace, @tn, and fire a tcphs:anomaly for
 * each. The caller holds the lock of @bucket, @e's.
 */
static void entry_anomalies(const struct tcphs_entry *e, unsigned int bucket,
			    struct tcphs_net *tn, u32 events)
{
	u32 anomalies = events & TCPHS_EV_ANOMALIES;

	lockdep_assert_held(bucket_lock(bucket));
	if (!anomalies)
		return;
	tcphs_events_add(tn->events, &e->tuple, &e->conn, anomalies);
	if (!trace_anomaly_enabled())
		return;
	while (anomalies) {
		trace_anomaly(read_pnet(&e->net), &e->tuple, &e->conn,
			      __ffs(anomalies));
		anomalies &= anomalies - 1;
	}
}

/*
 * Unlink @e from @bucket, count @events and its end, and free it after a
 * grace period. The caller holds the lock of @bucket.
 */
static void entry_remove(struct tcphs_entry *e, unsigned int bucket,
			 u32 events)
{
	struct tcphs_net *tn = tcphs_net(read_pnet(&e->net));

	lockdep_assert_held(bucket_lock(bucket));
	entry_anomalies(e, bucket, tn, events);
	tcphs_stats_events(tn->stats, events);
	if (half_open(e))
		half_open_move(tn, bucket, false);
	atomic_dec(&tn->conns);
	atomic_dec(&table.count);
	hlist_del_init_rcu(&e->node);
	atomic_inc(&tn->waiting);
	atomic_inc(&table.waiting);
	/* The first on the list queues the work; it runs again if running. */
	if (llist_add(&e->freed, &table.freed))
		queue_work(system_unbound_wq, &table.free_work);
}

/*
 * Follow @e through a segment. The caller holds the lock of @bucket, @e's.
 */
static void entry_update(struct tcphs_net *tn, struct tcphs_entry *e,
			 unsigned int bucket, const struct tcphs_seg *seg,
			 unsigned int dir)
{
	struct tcphs_times t = { .now = seg_time(&e->conn, seg) };
	u8 old[2] = { e->conn.ep[0].state, e->conn.ep[1].state };
	u32 events;

	lockdep_assert_held(bucket_lock(bucket));
	events = tcphs_conn_update(&e->conn, seg, dir, &t);
	if (events & TCPHS_EV_HS_ENDS)
		half_open_move(tn, bucket, false);
	if (events & TCPHS_EV_HS_RESETS)
		tcphs_talkers_reset(&tn->talkers, &e->tuple, e->conn.client,
				    get_jiffies_64(), tcphs_resets_len());
	/* A new connection on the tuple of one that ended. */
	if (events & TCPHS_EV(TCPHS_EV_HS_STARTED)) {
		half_open_move(tn, bucket, true);
		e->start = table_seconds();
	}
	WRITE_ONCE(e->last, jiffies);
	tcphs_stats_events(tn->stats, events);
	tcphs_stats_latency(tn->stats, t.lat);
	entry_trace_state(e, bucket, old);
	entry_anomalies(e, bucket, tn, events);
}

/* How long @e has been idle, in jiffies. */
static u32 entry_idle(const struct tcphs_entry *e)
{
	return (u32)jiffies - READ_ONCE(e->last);
}

/*
 * Whether @e, idle for @idle jiffies, stayed idle past the timeout of its
 * phase and so has ended. Its phase may move meanwhile unless the caller
 * holds its bucket's lock.
 */
static bool entry_timed_out(const struct tcphs_entry *e, u32 idle)
{
	enum tcphs_phase phase = tcphs_conn_phase(&e->conn);

	return tcphs_timed_out(idle, READ_ONCE(tcphs_params.timeout[phase]),
			       HZ);
}

/* @e's rank as a victim of eviction: see tcphs_evict_rank(). */
static unsigned int evict_rank(const struct tcphs_entry *e)
{
	return tcphs_evict_rank(tcphs_conn_phase(&e->conn));
}

/*
 * Under RCU, without a lock: the first connection of @net in @bucket whose
 * rank is at most @max_rank; @seen counts the buckets with any of @net's.
 */
static struct tcphs_entry *evict_find(unsigned int bucket,
				      const struct net *net,
				      unsigned int max_rank,
				      unsigned int *seen)
{
	struct tcphs_entry *e;
	bool own = false;

	hlist_for_each_entry_rcu(e, &table.buckets[bucket], node) {
		if (!net_eq(read_pnet(&e->net), net))
			continue;
		if (evict_rank(e) <= max_rank)
			return e;
		own = true;
	}
	*seen += own;
	return NULL;
}

/*
 * Evict one connection of @net, whose state is @tn, from @bucket or the
 * buckets after it: the first that is not established in the first
 * EVICT_BUCKETS buckets holding any of @net's, else the first established
 * one, looking at EVICT_SCAN_MAX buckets at most. Only @net's connections
 * are looked at, without a lock, and only their buckets locked: a
 * namespace's flood neither evicts nor slows another's. A namespace at its
 * share holds at least a quarter as many connections as the table has
 * buckets and finds one at once; one with a few connections in a large
 * table may find none and is refused. @bucket, where the new connection
 * goes, comes first so that a flood replaces connections in place and
 * leaves the chains as long as they were: evicting only from the next
 * buckets lets their lengths drift.
 * Called under RCU.
 * Return: whether one was evicted.
 */
static bool evict_one(const struct net *net, struct tcphs_net *tn,
		      unsigned int bucket)
{
	unsigned int scan = min_t(unsigned int, table.mask, EVICT_SCAN_MAX);
	unsigned int max_rank, seen, i;

	if (!atomic_read(&tn->conns))
		return false;
	for (max_rank = 2; max_rank <= 3; max_rank++) {
		seen = 0;
		for (i = 0; i <= scan && seen < EVICT_BUCKETS; i++) {
			unsigned int b = (bucket + i) & table.mask;
			struct tcphs_entry *e;
			bool evicted = false;

			e = evict_find(b, net, max_rank, &seen);
			if (!e)
				continue;
			spin_lock_bh(bucket_lock(b));
			/* A segment may have moved it on, or removed it. */
			if (!hlist_unhashed(&e->node) &&
			    evict_rank(e) <= max_rank) {
				tcphs_stats_inc(tn->stats, TCPHS_STAT_EVICTED);
				entry_remove(e, b, tcphs_conn_evict(&e->conn));
				evicted = true;
			}
			spin_unlock_bh(bucket_lock(b));
			if (evicted)
				return true;
		}
	}
	return false;
}

/* The share of @max, the table's bound, a namespace may hold. */
static unsigned int net_share(unsigned int max)
{
	return tcphs_net_share(max,
			       READ_ONCE(tcphs_params.max_conns_per_netns));
}

/*
 * Whether @tn's namespace may add a connection with @max the table's
 * bound: see tcphs_table_room().
 */
static bool table_room(const struct tcphs_net *tn, unsigned int max)
{
	return tcphs_table_room(atomic_read(&table.count),
				atomic_read(&tn->conns), max, net_share(max));
}

/*
 * Whether @tn's namespace may unlink an entry, with @max the table's
 * bound: see tcphs_waiting_room().
 */
static bool waiting_room(const struct tcphs_net *tn, unsigned int max)
{
	return tcphs_waiting_room(atomic_read(&table.waiting),
				  atomic_read(&tn->waiting), max,
				  net_share(max));
}

/*
 * Note the length of @bucket, which grows by one. The caller holds its
 * lock.
 */
static void chain_grows(unsigned int bucket)
{
	struct tcphs_entry *e;
	int len = 1, max = atomic_read(&table.chain_max);

	lockdep_assert_held(bucket_lock(bucket));
	hlist_for_each_entry(e, &table.buckets[bucket], node)
		len++;
	while (len > max && !atomic_try_cmpxchg(&table.chain_max, &max, len))
		;
}

/* A segment of a connection not in the table: start following it? */
static void table_insert(struct net *net, struct tcphs_net *tn,
			 unsigned int bucket, const struct tcphs_tuple *t,
			 const struct tcphs_seg *seg)
{
	static const u8 closed[2] = { TCPHS_CLOSED, TCPHS_CLOSED };
	unsigned int max = READ_ONCE(tcphs_params.max_conns);
	struct tcphs_times times = { .now = seg_time(NULL, seg) };
	struct tcphs_entry *e, *found;
	struct tcphs_conn conn;
	unsigned int dir, i;
	u32 events;

	/* No delay ends in a connection's first segment. */
	if (!tcphs_conn_open(&conn, seg, READ_ONCE(tcphs_params.pickup),
			     &times, &events)) {
		tcphs_stats_events(tn->stats, events);
		return;
	}

	/*
	 * The waiting room full, for the namespace or the table: evict
	 * nothing, the entries evicted would only wait beside the others.
	 */
	if (!waiting_room(tn, max))
		goto refused;
	/* Make room, twice at most, to catch up when a bound drops. */
	for (i = 0; i < 2 && !table_room(tn, max); i++)
		if (!evict_one(net, tn, bucket))
			break;
	if (!table_room(tn, max))
		goto refused;
	e = kmem_cache_alloc(table.cache, GFP_ATOMIC);
	if (!e)
		goto refused;
	write_pnet(&e->net, net);
	e->tuple = *t;
	e->start = table_seconds();
	e->last = jiffies;
	e->conn = conn;

	spin_lock_bh(bucket_lock(bucket));
	/* Another CPU may have inserted the connection meanwhile. */
	found = lookup(bucket, net, t, &dir);
	if (found) {
		entry_update(tn, found, bucket, seg, dir);
		spin_unlock_bh(bucket_lock(bucket));
		/* Never linked, it waits for no reader. */
		kmem_cache_free(table.cache, e);
		return;
	}
	chain_grows(bucket);
	hlist_add_head_rcu(&e->node, &table.buckets[bucket]);
	atomic_inc(&table.count);
	atomic_inc(&tn->conns);
	if (half_open(e))
		half_open_move(tn, bucket, true);
	tcphs_stats_events(tn->stats, events);
	/* Both endpoints leave CLOSED. */
	entry_trace_state(e, bucket, closed);
	entry_anomalies(e, bucket, tn, events);
	spin_unlock_bh(bucket_lock(bucket));
	return;

refused:
	tcphs_stats_inc(tn->stats, TCPHS_STAT_INSERT_FAILED);
}

/*
 * End @e of @bucket, seen idle past its timeout without the bucket's lock,
 * unless a segment on another CPU moved it on meanwhile.
 * Return: @e if it lives on, else NULL.
 */
static struct tcphs_entry *entry_expire(struct tcphs_entry *e,
					unsigned int bucket)
{
	spin_lock_bh(bucket_lock(bucket));
	if (hlist_unhashed(&e->node)) {
		e = NULL;
	} else if (entry_timed_out(e, entry_idle(e))) {
		entry_remove(e, bucket, tcphs_conn_expire(&e->conn));
		e = NULL;
	}
	spin_unlock_bh(bucket_lock(bucket));
	return e;
}

/**
 * tcphs_table_segment - follow the connection of a segment
 * @net: the namespace the segment was seen in
 * @tn: its tcphs state
 * @t: the segment's addresses and ports
 * @seg: the segment, well-formed
 *
 * Called from the hooks, under RCU.
 */
void tcphs_table_segment(struct net *net, struct tcphs_net *tn,
			 const struct tcphs_tuple *t,
			 const struct tcphs_seg *seg)
{
	unsigned int bucket = tuple_bucket(net, t), dir;
	struct tcphs_entry *e;
	u32 idle;

	e = lookup(bucket, net, t, &dir);
	/*
	 * A connection idle past its timeout has ended, whether the GC came
	 * by yet or not: its end is counted now, and the segment is one of no
	 * connection. No timeout is below a second.
	 */
	if (e) {
		idle = entry_idle(e);
		if (unlikely(idle >= HZ) && entry_timed_out(e, idle))
			e = entry_expire(e, bucket);
	}
	if (!e) {
		table_insert(net, tn, bucket, t, seg);
		return;
	}
	/* Most segments change nothing but ack, window and time: no lock. */
	if (tcphs_conn_update_steady(&e->conn, seg, dir)) {
		if (READ_ONCE(e->last) != (u32)jiffies)
			WRITE_ONCE(e->last, jiffies);
		return;
	}
	spin_lock_bh(bucket_lock(bucket));
	/* The GC or an eviction may have removed it meanwhile. */
	if (!hlist_unhashed(&e->node))
		entry_update(tn, e, bucket, seg, dir);
	spin_unlock_bh(bucket_lock(bucket));
}

/*
 * End @e if it stayed idle past its timeout. The caller holds the lock of
 * @bucket, @e's.
 */
static void gc_entry(struct tcphs_entry *e, unsigned int bucket)
{
	lockdep_assert_held(bucket_lock(bucket));
	if (entry_timed_out(e, entry_idle(e)))
		entry_remove(e, bucket, tcphs_conn_expire(&e->conn));
}

/*
 * One GC run: walk the buckets from where the last run stopped, for
 * GC_BUDGET_MS at most, then come back soon if the pass is not over.
 */
static void gc_work(struct work_struct *work)
{
	unsigned long end = jiffies + msecs_to_jiffies(GC_BUDGET_MS);
	unsigned int b = table.gc_next, n;
	unsigned long rest = GC_PASS_MS;

	for (n = 0; n <= table.mask; n++, b = (b + 1) & table.mask) {
		struct tcphs_entry *e;
		struct hlist_node *tmp;

		if (n % 64 == 63) {
			if (time_after(jiffies, end)) {
				rest = GC_REST_MS;
				break;
			}
			cond_resched();
		}
		if (hlist_empty(&table.buckets[b]))
			continue;
		spin_lock_bh(bucket_lock(b));
		hlist_for_each_entry_safe(e, tmp, &table.buckets[b], node)
			gc_entry(e, b);
		spin_unlock_bh(bucket_lock(b));
	}
	table.gc_next = b;
	queue_delayed_work(system_power_efficient_wq, &table.gc,
			   msecs_to_jiffies(rest));
}

/*
 * Remove every connection of @net, whose hooks are gone, and wait until
 * they are freed: free_work() reads their namespace's tcphs_net, which is
 * freed after this.
 */
void tcphs_table_net_exit(struct net *net)
{
	struct tcphs_net *tn = tcphs_net(net);
	unsigned int b;

	tcphs_alert_net_exit(tn);

	for (b = 0; b <= table.mask; b++) {
		struct tcphs_entry *e;
		struct hlist_node *tmp;

		if (hlist_empty(&table.buckets[b]))
			continue;
		spin_lock_bh(bucket_lock(b));
		hlist_for_each_entry_safe(e, tmp, &table.buckets[b], node)
			if (net_eq(read_pnet(&e->net), net))
				entry_remove(e, b, 0);
		spin_unlock_bh(bucket_lock(b));
		cond_resched();
	}
	/*
	 * No entry of @net is unlinked from here on. The last instance of the
	 * work queued takes every entry unlinked before it, and a namespace
	 * with none waiting need not wait for its grace period.
	 */
	if (atomic_read(&tn->waiting))
		flush_work(&table.free_work);
	WARN_ON(atomic_read(&tn->waiting));
}

unsigned int tcphs_table_buckets(void)
{
	return table.mask + 1;
}

/* The most connections a bucket held at once since load. */
unsigned int tcphs_table_chain_max(void)
{
	return atomic_read(&table.chain_max);
}

/* Count the half-open connections of @net in @bucket. Under RCU. */
static void top_bucket(unsigned int bucket, const struct net *net,
		       struct tcphs_top *top)
{
	struct tcphs_entry *e;

	hlist_for_each_entry_rcu(e, &table.buckets[bucket], node) {
		struct tcphs_conn c;

		if (!net_eq(read_pnet(&e->net), net))
			continue;
		/* A segment may move it on meanwhile, under the lock. */
		c = data_race(e->conn);
		if (tcphs_phase_half_open(tcphs_conn_phase(&c)))
			tcphs_top_add(top, &e->tuple, c.client);
	}
}

/**
 * tcphs_table_top - count the half-open talkers of a namespace
 * @net: the namespace
 * @top: where to count them, zeroed
 *
 * Walks every bucket under RCU, without a lock, TOP_CHUNK at a time with a
 * chance to reschedule between them: process context. A connection that
 * moves into or out of its handshake meanwhile may be counted or not, as
 * a walk of a table that changes may.
 */
void tcphs_table_top(const struct net *net, struct tcphs_top *top)
{
	unsigned int start, end, b;

	for (start = 0; start <= table.mask; start = end) {
		end = min_t(unsigned int, start + TOP_CHUNK, table.mask + 1);
		rcu_read_lock();
		for (b = start; b < end; b++)
			top_bucket(b, net, top);
		rcu_read_unlock();
		cond_resched();
	}
}

/* Take a snapshot of @e at @now. The caller holds the lock of @bucket. */
static void entry_info(const struct tcphs_entry *e, unsigned int bucket,
		       u32 now, struct tcphs_conn_info *info)
{
	lockdep_assert_held(bucket_lock(bucket));
	/* The steady path may write ack and window meanwhile. */
	info->conn = data_race(e->conn);
	info->idle = entry_idle(e) / HZ;
	info->age = now - e->start;
	tcphs_tuple_orient(&info->tuple, &e->tuple, info->conn.client);
}

/**
 * tcphs_table_dump - show the connections of a namespace in a bucket
 * @bucket: the bucket, below tcphs_table_buckets()
 * @net: the namespace
 * @fn: called with a snapshot of each connection, in no lock
 * @arg: passed to @fn
 *
 * Called under RCU, which keeps an entry seen in the bucket from being
 * freed. The bucket is locked only if it holds any of @net's connections,
 * and once for each DUMP_BATCH of them; each batch goes on after the last
 * entry of the one before, unless that entry went meanwhile: then it
 * starts over, past as many of @net's as were shown, and a connection
 * may be shown twice or not at all, as a dump of a table that changes
 * may anyway.
 */
void tcphs_table_dump(unsigned int bucket, const struct net *net,
		      tcphs_table_dump_fn fn, void *arg)
{
	struct tcphs_conn_info info[DUMP_BATCH];
	struct tcphs_entry *e, *last = NULL;
	unsigned int done = 0, skip, n, i;
	u32 now;

	hlist_for_each_entry_rcu(e, &table.buckets[bucket], node)
		if (net_eq(read_pnet(&e->net), net))
			break;
	if (!e)
		return;
	now = table_seconds();
	do {
		n = 0;
		skip = 0;
		spin_lock_bh(bucket_lock(bucket));
		if (last && !hlist_unhashed(&last->node)) {
			e = hlist_entry_safe(last->node.next, struct tcphs_entry,
					     node);
		} else {
			e = hlist_entry_safe(table.buckets[bucket].first,
					     struct tcphs_entry, node);
			skip = done;
		}
		hlist_for_each_entry_from(e, node) {
			if (!net_eq(read_pnet(&e->net), net))
				continue;
			if (skip) {
				skip--;
				continue;
			}
			if (n == DUMP_BATCH)
				break;
			entry_info(e, bucket, now, &info[n++]);
			last = e;
		}
		spin_unlock_bh(bucket_lock(bucket));
		for (i = 0; i < n; i++)
			fn(arg, &info[i]);
		done += n;
	} while (e);
}

/*
 * Unless given at load, max_conns takes 1/64 of RAM at the size of an entry:
 * about 130000 connections for 1 GiB. The buckets are as many as max_conns
 * at load, rounded up to a power of two.
 */
int tcphs_table_init(void)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	unsigned int buckets, i;

	if (!tcphs_params.max_conns)
		tcphs_params.max_conns =
			clamp_t(u64, ram / 64 / sizeof(struct tcphs_entry),
				TCPHS_MAX_CONNS_MIN, TCPHS_MAX_CONNS_MAX);
	buckets = roundup_pow_of_two(clamp_t(unsigned int,
					     tcphs_params.max_conns,
					     BUCKETS_MIN, BUCKETS_MAX));

	table.cache = KMEM_CACHE(tcphs_entry, 0);
	if (!table.cache)
		return -ENOMEM;
	table.buckets = kvcalloc(buckets, sizeof(*table.buckets), GFP_KERNEL);
	if (!table.buckets) {
		kmem_cache_destroy(table.cache);
		return -ENOMEM;
	}
	table.mask = buckets - 1;
	for (i = 0; i < TABLE_LOCKS; i++)
		spin_lock_init(&table.locks[i]);
	get_random_bytes(&table.key, sizeof(table.key));
	atomic_set(&table.count, 0);
	atomic_set(&table.waiting, 0);
	atomic_set(&table.chain_max, 0);
	table.gc_next = 0;
	init_llist_head(&table.freed);
	INIT_WORK(&table.free_work, free_work);
	INIT_DEFERRABLE_WORK(&table.gc, gc_work);
	queue_delayed_work(system_power_efficient_wq, &table.gc,
			   msecs_to_jiffies(GC_PASS_MS));
	return 0;
}

/* After every namespace's exit: the table is empty. */
void tcphs_table_exit(void)
{
	cancel_delayed_work_sync(&table.gc);
	/* Free the entries the namespaces' exits unlinked. */
	flush_work(&table.free_work);
	WARN_ON(atomic_read(&table.count));
	WARN_ON(atomic_read(&table.waiting));
	kvfree(table.buckets);
	kmem_cache_destroy(table.cache);
}
