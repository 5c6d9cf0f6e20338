// SPDX-License-Identifier: GPL-2.0
/*
 * The space-saving sketches of the half-open talkers, built by a reader
 * from a walk of the table, and those of the resets, kept as they come.
 *
 * Both only count up: each count covers its key's connections or resets,
 * and a key's own part of it, count - error, never exceeds them. While a
 * sketch has room for every key it met, every count is exact.
 *
 * A sketch of half-open talkers, struct tcphs_tally, is its reader's own.
 * The sketches of resets come in intervals that follow each other on
 * jiffies_64, which never wraps; a read merges the current interval's and
 * the one before. They are guarded by their struct tcphs_talkers's lock,
 * which the table takes with bottom halves off, under a bucket lock, and
 * readers with spin_lock_bh().
 */

#include <asm/barrier.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/hash.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "talkers.h"

/* A sketch of resets is full when its u32 of held slots has every bit set. */
static_assert(TCPHS_TALKERS_MAX == 32);

/*
 * A tally's heap positions + 1 fit the u16 of its index, whose size is a
 * power of two.
 */
static_assert(2 * TCPHS_TALLY_KEYS <= U16_MAX &&
	      !(TCPHS_TALLY_KEYS & (TCPHS_TALLY_KEYS - 1)));

#define TALLY_BITS	ilog2(2 * TCPHS_TALLY_KEYS)
#define TALLY_MASK	(2 * TCPHS_TALLY_KEYS - 1)

/**
 * tcphs_talkers_init - set up the sketches of resets of a namespace
 * @tk: its talkers
 * @now: jiffies_64, when the first interval begins
 *
 * Return: 0, or -ENOMEM.
 */
int tcphs_talkers_init(struct tcphs_talkers *tk, u64 now)
{
	tk->epoch = now;
	tk->cpu = alloc_percpu(struct tcphs_resets_cpu *);
	return tk->cpu ? 0 : -ENOMEM;
}

/**
 * tcphs_talkers_free - free the sketches of resets of a namespace
 * @tk: its talkers, which no reset and no reader reaches any more
 */
void tcphs_talkers_free(struct tcphs_talkers *tk)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		kfree(*per_cpu_ptr(tk->cpu, cpu));
	free_percpu(tk->cpu);
}

/* Whether @a and @b are the same key: their folds first, which tell most apart. */
static bool talker_same(const struct tcphs_talker *a,
			const struct tcphs_talker *b)
{
	return a->fold == b->fold && a->family == b->family &&
	       a->port == b->port && nf_inet_addr_cmp(&a->addr, &b->addr);
}

/* Whether slot @t holds @key. */
static bool talker_is(const struct tcphs_talker *t,
		      const struct tcphs_talker *key)
{
	return t->count && talker_same(t, key);
}

/*
 * Count @key in a sketch of resets. Only the slots up to the last held are
 * compared: a new key takes the first free slot, and a sketch that holds
 * few keys holds them first.
 */
static void sketch_inc(struct tcphs_talker *sk, u32 *held,
		       const struct tcphs_talker *key)
{
	unsigned int i, n = fls(*held), least = 0;
	u32 min = U32_MAX;

	for (i = 0; i < n; i++) {
		if (talker_is(&sk[i], key)) {
			sk[i].count++;
			return;
		}
		/* The first of the least counts. */
		if (sk[i].count < min) {
			min = sk[i].count;
			least = i;
		}
	}
	/* The first free slot, else the least count, which becomes the error. */
	if (~*held) {
		least = __ffs(~*held);
		min = 0;
	}
	sk[least] = *key;
	sk[least].count = min + 1;
	sk[least].error = min;
	*held |= BIT(least);
}

/* The keys of a connection of tuple @t: its client's address, its port. */
static void talker_keys(const struct tcphs_tuple *t, u8 client,
			struct tcphs_talker key[TCPHS_TALKER_NR])
{
	struct tcphs_tuple c;
	const u32 *a;

	tcphs_tuple_orient(&c, t, client);
	a = c.saddr.all;
	memset(key, 0, TCPHS_TALKER_NR * sizeof(*key));
	key[TCPHS_TALKER_SOURCE].addr = c.saddr;
	key[TCPHS_TALKER_SOURCE].family = c.family;
	key[TCPHS_TALKER_SOURCE].fold = a[0] ^ a[1] ^ a[2] ^ a[3];
	key[TCPHS_TALKER_PORT].port = c.dport;
	key[TCPHS_TALKER_PORT].fold = c.dport;
}

/* The order of /proc/tcphs/top: count down, then family, address, port. */
static bool talker_before(const struct tcphs_talker *a,
			  const struct tcphs_talker *b)
{
	int r;

	if (a->count != b->count)
		return a->count > b->count;
	if (a->family != b->family)
		return a->family < b->family;
	r = memcmp(&a->addr, &b->addr, sizeof(a->addr));
	if (r)
		return r < 0;
	return a->port < b->port;
}

/*
 * Insert @t among the @n keys of @out, in the order of /proc/tcphs/top,
 * keeping the first @max.
 * Return: how many keys @out holds.
 */
static unsigned int talkers_insert(struct tcphs_talker *out, unsigned int n,
				   unsigned int max,
				   const struct tcphs_talker *t)
{
	unsigned int j;

	if (n < max)
		j = n++;
	else if (n && talker_before(t, &out[n - 1]))
		j = n - 1;
	else
		return n;
	for (; j && talker_before(t, &out[j - 1]); j--)
		out[j] = out[j - 1];
	out[j] = *t;
	return n;
}

/* Put the @n keys of @out in the order of /proc/tcphs/top. */
static void talkers_sort(struct tcphs_talker *out, unsigned int n)
{
	unsigned int i;

	for (i = 1; i < n; i++) {
		struct tcphs_talker t = out[i];

		talkers_insert(out, i, n, &t);
	}
}

/* The slot of a tally's index where the search for @key starts. */
static unsigned int tally_home(const struct tcphs_talker *key)
{
	return hash_32(key->fold, TALLY_BITS);
}

/*
 * The slot of @ta's index that holds @key, or else the free slot where it
 * goes. The index is never full: it has twice as many slots as the heap.
 */
static unsigned int tally_find(const struct tcphs_tally *ta,
			       const struct tcphs_talker *key)
{
	unsigned int s = tally_home(key);

	while (ta->index[s] && !talker_is(&ta->heap[ta->index[s] - 1], key))
		s = (s + 1) & TALLY_MASK;
	return s;
}

/* Note that the key at heap position @p is in slot @s of the index. */
static void tally_place(struct tcphs_tally *ta, unsigned int p, unsigned int s)
{
	ta->slot[p] = s;
	ta->index[s] = p + 1;
}

static void tally_swap(struct tcphs_tally *ta, unsigned int a, unsigned int b)
{
	unsigned int sa = ta->slot[a], sb = ta->slot[b];

	swap(ta->heap[a], ta->heap[b]);
	tally_place(ta, a, sb);
	tally_place(ta, b, sa);
}

/* Move the key at heap position @p, whose count grew, below its children. */
static void tally_down(struct tcphs_tally *ta, unsigned int p)
{
	for (;;) {
		unsigned int c = 2 * p + 1, least = p;

		if (c < ta->n && ta->heap[c].count < ta->heap[least].count)
			least = c;
		if (c + 1 < ta->n &&
		    ta->heap[c + 1].count < ta->heap[least].count)
			least = c + 1;
		if (least == p)
			return;
		tally_swap(ta, p, least);
		p = least;
	}
}

/* Move the new key at heap position @p above its parents with more. */
static void tally_up(struct tcphs_tally *ta, unsigned int p)
{
	while (p && ta->heap[(p - 1) / 2].count > ta->heap[p].count) {
		tally_swap(ta, p, (p - 1) / 2);
		p = (p - 1) / 2;
	}
}

/*
 * Free slot @s of @ta's index, and move back into it the keys of the run
 * after it that may go there (their home is not in the run between), so
 * that every key stays on its way from its home.
 */
static void tally_unindex(struct tcphs_tally *ta, unsigned int s)
{
	unsigned int next = s, home;

	ta->index[s] = 0;
	for (;;) {
		next = (next + 1) & TALLY_MASK;
		if (!ta->index[next])
			return;
		home = tally_home(&ta->heap[ta->index[next] - 1]);
		if (((next - home) & TALLY_MASK) < ((next - s) & TALLY_MASK))
			continue;
		tally_place(ta, ta->index[next] - 1, s);
		ta->index[next] = 0;
		s = next;
	}
}

/*
 * Count @key, whose count and error are 0, in @ta: one more for a key
 * held; a new key takes a free place, or else that of the least count,
 * which becomes its error.
 */
static void tally_add(struct tcphs_tally *ta, const struct tcphs_talker *key)
{
	unsigned int s = tally_find(ta, key), p;
	u32 least;

	if (ta->index[s]) {
		p = ta->index[s] - 1;
		ta->heap[p].count++;
		tally_down(ta, p);
		return;
	}
	if (ta->n < TCPHS_TALLY_KEYS) {
		p = ta->n++;
		ta->heap[p] = *key;
		ta->heap[p].count = 1;
		tally_place(ta, p, s);
		tally_up(ta, p);
		return;
	}
	least = ta->heap[0].count;
	tally_unindex(ta, ta->slot[0]);
	ta->heap[0] = *key;
	ta->heap[0].count = least + 1;
	ta->heap[0].error = least;
	tally_place(ta, 0, tally_find(ta, key));
	tally_down(ta, 0);
}

/**
 * tcphs_top_add - count a connection in its handshake
 * @top: the talkers counted so far, zeroed before the first
 * @t: the connection's tuple, as its first segment went
 * @client: the direction of its client's segments
 */
void tcphs_top_add(struct tcphs_top *top, const struct tcphs_tuple *t,
		   u8 client)
{
	struct tcphs_talker key[TCPHS_TALKER_NR];
	unsigned int k;

	talker_keys(t, client, key);
	for (k = 0; k < TCPHS_TALKER_NR; k++)
		tally_add(&top->tally[k], &key[k]);
}

/**
 * tcphs_top_get - the keys of a kind with the most half-open connections
 * @top: the talkers counted
 * @kind: which keys
 * @out: where to copy them, in order: count down, then key up
 * @max: the most to copy, at most TCPHS_TALLY_KEYS
 *
 * Return: how many there are in @out.
 */
unsigned int tcphs_top_get(const struct tcphs_top *top,
			   enum tcphs_talker_kind kind,
			   struct tcphs_talker *out, unsigned int max)
{
	const struct tcphs_tally *ta = &top->tally[kind];
	unsigned int i, n = 0;

	for (i = 0; i < ta->n; i++)
		n = talkers_insert(out, n, max, &ta->heap[i]);
	return n;
}

/*
 * Begin the interval of resets that holds @now, intervals of @len jiffies
 * following each other from @tk's epoch, if @rc's current one is another:
 * it becomes the one before if it is the interval just before, else both
 * are emptied (as when resets_interval changes). The caller holds @rc's
 * lock.
 */
static void resets_rotate(const struct tcphs_talkers *tk,
			  struct tcphs_resets_cpu *rc, u64 now, u64 len)
{
	u64 start = tk->epoch + div64_u64(now - tk->epoch, len) * len;

	lockdep_assert_held(&rc->lock);
	if (rc->start == start)
		return;
	if (rc->start + len == start)
		rc->resets[TCPHS_RESETS_BEFORE] = rc->resets[TCPHS_RESETS_NOW];
	else
		memset(&rc->resets[TCPHS_RESETS_BEFORE], 0,
		       sizeof(rc->resets[0]));
	memset(&rc->resets[TCPHS_RESETS_NOW], 0, sizeof(rc->resets[0]));
	rc->start = start;
}

/*
 * The sketches of resets of this CPU, allocated at its first reset; NULL
 * if there is no memory for them. With bottom halves off.
 */
static struct tcphs_resets_cpu *resets_cpu(struct tcphs_talkers *tk)
{
	struct tcphs_resets_cpu **slot = this_cpu_ptr(tk->cpu);
	struct tcphs_resets_cpu *rc = *slot;

	if (rc)
		return rc;
	rc = kzalloc(sizeof(*rc), GFP_ATOMIC);
	if (!rc)
		return NULL;
	spin_lock_init(&rc->lock);
	rc->start = tk->epoch;
	/* Pairs with tcphs_talkers_resets()'s acquire: readers see it whole. */
	smp_store_release(slot, rc);
	return rc;
}

/**
 * tcphs_talkers_reset - count a handshake refused or aborted by a reset
 * @tk: the talkers of the connection's namespace
 * @t: the connection's tuple, as its first segment went
 * @client: the direction of its client's segments
 * @now: jiffies_64
 * @len: the length of an interval, in jiffies; not 0
 *
 * With bottom halves off; takes the lock of this CPU's sketches, which
 * only readers share. Without memory for them, the reset is not counted
 * there (the counters of /proc/tcphs/stats count it).
 */
void tcphs_talkers_reset(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			 u8 client, u64 now, u64 len)
{
	struct tcphs_talker key[TCPHS_TALKER_NR];
	struct tcphs_resets_cpu *rc;
	unsigned int k;

	lockdep_assert_in_softirq();
	rc = resets_cpu(tk);
	if (!rc)
		return;
	talker_keys(t, client, key);
	spin_lock(&rc->lock);
	resets_rotate(tk, rc, now, len);
	for (k = 0; k < TCPHS_TALKER_NR; k++)
		sketch_inc(rc->resets[TCPHS_RESETS_NOW].sketch[k],
			   &rc->resets[TCPHS_RESETS_NOW].held[k], &key[k]);
	spin_unlock(&rc->lock);
}

/**
 * tcphs_talkers_resets - the sketches of resets of the last two intervals
 * @tk: the talkers of a namespace
 * @now: jiffies_64
 * @len: the length of an interval, in jiffies; not 0
 * @snap: where to copy them, those of each CPU with any, by interval:
 *	room for TCPHS_RESETS_NR * nr_cpu_ids
 *
 * Takes the lock of each CPU's sketches in turn, with bottom halves off.
 *
 * Return: how many sketches of intervals are in @snap.
 */
unsigned int tcphs_talkers_resets(struct tcphs_talkers *tk, u64 now, u64 len,
				  struct tcphs_resets *snap)
{
	struct tcphs_resets_cpu *rc;
	unsigned int cpu, n = 0;

	for_each_possible_cpu(cpu) {
		/* Pairs with resets_cpu()'s release: seen whole. */
		rc = smp_load_acquire(per_cpu_ptr(tk->cpu, cpu));
		if (!rc)
			continue;
		spin_lock_bh(&rc->lock);
		resets_rotate(tk, rc, now, len);
		memcpy(&snap[n], rc->resets, sizeof(rc->resets));
		spin_unlock_bh(&rc->lock);
		n += TCPHS_RESETS_NR;
	}
	return n;
}

/* The least count of a full sketch, which a key it does not hold may have. */
static u32 sketch_least(const struct tcphs_talker *sk, u32 held)
{
	u32 least = U32_MAX;
	unsigned int i;

	if (~held)
		return 0;
	for (i = 0; i < TCPHS_TALKERS_MAX; i++)
		least = min_t(u32, least, sk[i].count);
	return least;
}

/**
 * tcphs_resets_merge - the keys with the most resets in sketches of intervals
 * @snap: the sketches, from tcphs_talkers_resets()
 * @n: how many
 * @kind: which keys
 * @out: where to put them, in the order of /proc/tcphs/top; room for the
 *	keys of every sketch, @n * TCPHS_TALKERS_MAX
 *
 * The keys of every sketch, merged: a key's counts and errors added up; a
 * key that a sketch does not hold may have had as many resets there as
 * its least count, if it is full, which its count and its error take. So
 * each count covers the key's resets in all, and count - error never
 * exceeds them.
 *
 * Return: how many are in @out, at most TCPHS_TALKERS_MAX: those first.
 */
unsigned int tcphs_resets_merge(const struct tcphs_resets *snap,
				unsigned int n, enum tcphs_talker_kind kind,
				struct tcphs_talker *out)
{
	unsigned int keys = 0, i, j, s;

	/* Every key once, its counts and errors at 0. */
	for (s = 0; s < n; s++) {
		const struct tcphs_talker *sk = snap[s].sketch[kind];

		for (i = 0; i < TCPHS_TALKERS_MAX; i++) {
			if (!sk[i].count)
				continue;
			for (j = 0; j < keys; j++)
				if (talker_same(&out[j], &sk[i]))
					break;
			if (j < keys)
				continue;
			out[keys] = sk[i];
			out[keys].count = 0;
			out[keys++].error = 0;
		}
	}
	for (s = 0; s < n; s++) {
		const struct tcphs_talker *sk = snap[s].sketch[kind];
		u32 least = sketch_least(sk, snap[s].held[kind]);

		for (j = 0; j < keys; j++) {
			for (i = 0; i < TCPHS_TALKERS_MAX; i++)
				if (sk[i].count && talker_same(&sk[i], &out[j]))
					break;
			out[j].count += i < TCPHS_TALKERS_MAX ? sk[i].count :
								 least;
			out[j].error += i < TCPHS_TALKERS_MAX ? sk[i].error :
								 least;
		}
	}
	talkers_sort(out, keys);
	return min_t(unsigned int, keys, TCPHS_TALKERS_MAX);
}
