// SPDX-License-Identifier: GPL-2.0
/*
 * The space-saving sketches of the half-open talkers, with deletions, and
 * those of the resets, without.
 *
 * A key's own part of its count, count - error, never exceeds its
 * half-open connections: a key that takes a place counts 1 of its own, and
 * its own part moves with its connections. The counts add up to all
 * half-open connections, so the errors add up to at least the connections
 * of the keys no longer held; when one of those ends, a slot with an error
 * gives it back. While every error is 0, every count is exact and every key
 * with a half-open connection is held.
 *
 * The sketches of resets only count up, in intervals that follow each
 * other on jiffies_64, which never wraps: an interval's sketch is the
 * classic space-saving one, each count covering its key's resets there.
 * A read merges the current interval's and the one before.
 *
 * Every sketch is guarded by its struct tcphs_talkers's lock, which the
 * table takes with bottom halves off, under a bucket lock, and readers
 * with spin_lock_bh().
 */

#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/math64.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "talkers.h"

/* A sketch is full when its u32 of held slots has every bit set. */
static_assert(TCPHS_TALKERS_MAX == 32);

/* Empty sketches, the first interval of resets beginning at @now. */
void tcphs_talkers_init(struct tcphs_talkers *tk, u64 now)
{
	memset(tk->sketch, 0, sizeof(tk->sketch));
	memset(tk->held, 0, sizeof(tk->held));
	memset(tk->resets, 0, sizeof(tk->resets));
	tk->resets_start = now;
	spin_lock_init(&tk->lock);
}

/*
 * A slot that holds @key: its fold first, which tells most other keys
 * apart in one compare.
 */
static bool talker_is(const struct tcphs_talker *t,
		      const struct tcphs_talker *key)
{
	return t->fold == key->fold && t->count && t->family == key->family &&
	       t->port == key->port && nf_inet_addr_cmp(&t->addr, &key->addr);
}

/*
 * A connection of @key goes into its handshake. Only the slots up to the
 * last held are compared: a new key takes the first free slot, and a
 * sketch that holds few keys holds them first.
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

/* A connection of @key leaves its handshake. */
static void sketch_dec(struct tcphs_talker *sk, u32 *held,
		       const struct tcphs_talker *key)
{
	unsigned int i, n = fls(*held), most = 0;
	u32 max = 0;

	for (i = 0; i < n; i++) {
		if (talker_is(&sk[i], key)) {
			sk[i].count--;
			sk[i].error = min_t(u32, sk[i].error, sk[i].count);
			goto out;
		}
		/* The first of the largest errors. */
		if (sk[i].error > max) {
			max = sk[i].error;
			most = i;
		}
	}
	/*
	 * Not held: its connection is in the errors, and the largest gives it
	 * back. There is one, unless the caller never counted it in.
	 */
	if (!max)
		return;
	i = most;
	sk[i].count--;
	sk[i].error--;
out:
	if (!sk[i].count)
		*held &= ~BIT(i);
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

/**
 * tcphs_talkers_move - count a connection in or out of its handshake
 * @tk: the talkers of the connection's namespace
 * @t: the connection's tuple, as its first segment went
 * @client: the direction of its client's segments
 * @inc: true into the handshake, false out of it
 *
 * With bottom halves off; takes @tk's lock. A connection must leave with
 * the client it came in with.
 */
void tcphs_talkers_move(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			u8 client, bool inc)
{
	struct tcphs_talker key[TCPHS_TALKER_NR];
	unsigned int k;

	talker_keys(t, client, key);
	lockdep_assert_in_softirq();
	spin_lock(&tk->lock);
	for (k = 0; k < TCPHS_TALKER_NR; k++) {
		if (inc)
			sketch_inc(tk->sketch[k], &tk->held[k], &key[k]);
		else
			sketch_dec(tk->sketch[k], &tk->held[k], &key[k]);
	}
	spin_unlock(&tk->lock);
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

/**
 * tcphs_talkers_first - the key of a sketch with the most half-open connections
 * @tk: the talkers of a namespace
 * @kind: which sketch
 * @out: where to copy it, as /proc/tcphs/top shows it first; all zero when
 *	the sketch holds none
 *
 * Takes @tk's lock with bottom halves off.
 */
void tcphs_talkers_first(struct tcphs_talkers *tk, enum tcphs_talker_kind kind,
			 struct tcphs_talker *out)
{
	const struct tcphs_talker *sk = tk->sketch[kind];
	unsigned int i;

	*out = (struct tcphs_talker){ };
	spin_lock_bh(&tk->lock);
	for (i = 0; i < TCPHS_TALKERS_MAX; i++)
		if (sk[i].count && talker_before(&sk[i], out))
			*out = sk[i];
	spin_unlock_bh(&tk->lock);
}

/*
 * Put the @n keys of @out in the order of /proc/tcphs/top. Insertion: a
 * few keys, and no allocation.
 */
static void talkers_sort(struct tcphs_talker *out, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct tcphs_talker t = out[i];

		for (j = i; j && talker_before(&t, &out[j - 1]); j--)
			out[j] = out[j - 1];
		out[j] = t;
	}
}

/* Copy the keys of @sk with a count into @out; return how many. */
static unsigned int sketch_copy(const struct tcphs_talker *sk,
				struct tcphs_talker *out)
{
	unsigned int i, n = 0;

	for (i = 0; i < TCPHS_TALKERS_MAX; i++)
		if (sk[i].count)
			out[n++] = sk[i];
	return n;
}

/**
 * tcphs_talkers_get - the keys of a sketch with a half-open connection
 * @tk: the talkers of a namespace
 * @kind: which sketch
 * @out: where to copy them, in order: count down, then key up
 *
 * Takes @tk's lock with bottom halves off.
 *
 * Return: how many there are.
 */
unsigned int tcphs_talkers_get(struct tcphs_talkers *tk,
			       enum tcphs_talker_kind kind,
			       struct tcphs_talker out[TCPHS_TALKERS_MAX])
{
	unsigned int n;

	spin_lock_bh(&tk->lock);
	n = sketch_copy(tk->sketch[kind], out);
	spin_unlock_bh(&tk->lock);
	talkers_sort(out, n);
	return n;
}

/*
 * Begin the interval of resets that holds @now, intervals of @len jiffies
 * following each other from the first one's start, if the current one is
 * over: it becomes the one before, unless it ended over an interval ago.
 * The caller holds @tk's lock.
 */
static void resets_rotate(struct tcphs_talkers *tk, u64 now, u64 len)
{
	u64 over;

	lockdep_assert_held(&tk->lock);
	if (time_before64(now, tk->resets_start + len))
		return;
	over = div64_u64(now - tk->resets_start, len);
	if (over == 1)
		tk->resets[TCPHS_RESETS_BEFORE] = tk->resets[TCPHS_RESETS_NOW];
	else
		memset(&tk->resets[TCPHS_RESETS_BEFORE], 0,
		       sizeof(tk->resets[0]));
	memset(&tk->resets[TCPHS_RESETS_NOW], 0, sizeof(tk->resets[0]));
	tk->resets_start += over * len;
}

/**
 * tcphs_talkers_reset - count a handshake refused or aborted by a reset
 * @tk: the talkers of the connection's namespace
 * @t: the connection's tuple, as its first segment went
 * @client: the direction of its client's segments
 * @now: jiffies_64
 * @len: the length of an interval, in jiffies; not 0
 *
 * With bottom halves off; takes @tk's lock.
 */
void tcphs_talkers_reset(struct tcphs_talkers *tk, const struct tcphs_tuple *t,
			 u8 client, u64 now, u64 len)
{
	struct tcphs_resets *r = &tk->resets[TCPHS_RESETS_NOW];
	struct tcphs_talker key[TCPHS_TALKER_NR];
	unsigned int k;

	talker_keys(t, client, key);
	lockdep_assert_in_softirq();
	spin_lock(&tk->lock);
	resets_rotate(tk, now, len);
	for (k = 0; k < TCPHS_TALKER_NR; k++)
		sketch_inc(r->sketch[k], &r->held[k], &key[k]);
	spin_unlock(&tk->lock);
}

/**
 * tcphs_talkers_resets - the sketches of resets of the last two intervals
 * @tk: the talkers of a namespace
 * @now: jiffies_64
 * @len: the length of an interval, in jiffies; not 0
 * @snap: where to copy them, by interval, all taken at once
 *
 * Takes @tk's lock with bottom halves off.
 */
void tcphs_talkers_resets(struct tcphs_talkers *tk, u64 now, u64 len,
			  struct tcphs_resets snap[TCPHS_RESETS_NR])
{
	spin_lock_bh(&tk->lock);
	resets_rotate(tk, now, len);
	memcpy(snap, tk->resets, sizeof(tk->resets));
	spin_unlock_bh(&tk->lock);
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
 * tcphs_resets_merge - the keys with the most resets in both intervals
 * @snap: the sketches of the intervals, from tcphs_talkers_resets()
 * @kind: which sketches
 * @out: where to put them, in the order of /proc/tcphs/top; room for the
 *	keys of both intervals, TCPHS_RESETS_NR * TCPHS_TALKERS_MAX
 *
 * The keys of the current interval and of the one before, merged: a key's
 * counts and errors added up; a key that one interval's sketch does not
 * hold may have had as many resets there as its least count, if it is
 * full, which its count and its error take. So each count covers the key's
 * resets of both intervals, and count - error never exceeds them.
 *
 * Return: how many are in @out, at most TCPHS_TALKERS_MAX: those first.
 */
unsigned int tcphs_resets_merge(const struct tcphs_resets snap[TCPHS_RESETS_NR],
				enum tcphs_talker_kind kind,
				struct tcphs_talker *out)
{
	u32 least[TCPHS_RESETS_NR];
	unsigned int n, end, i, j;

	for (i = 0; i < TCPHS_RESETS_NR; i++)
		least[i] = sketch_least(snap[i].sketch[kind],
					snap[i].held[kind]);
	n = sketch_copy(snap[TCPHS_RESETS_NOW].sketch[kind], out);
	end = n + sketch_copy(snap[TCPHS_RESETS_BEFORE].sketch[kind], out + n);
	/* The keys of now, with their counts before; those taken, zeroed. */
	for (i = 0; i < n; i++) {
		for (j = n; j < end; j++)
			if (talker_is(&out[j], &out[i]))
				break;
		if (j < end) {
			out[i].count += out[j].count;
			out[i].error += out[j].error;
			out[j].count = 0;
		} else {
			out[i].count += least[TCPHS_RESETS_BEFORE];
			out[i].error += least[TCPHS_RESETS_BEFORE];
		}
	}
	/* The keys only before, moved up after those of now. */
	for (j = n; j < end; j++) {
		if (!out[j].count)
			continue;
		out[n] = out[j];
		out[n].count += least[TCPHS_RESETS_NOW];
		out[n++].error += least[TCPHS_RESETS_NOW];
	}
	talkers_sort(out, n);
	return min_t(unsigned int, n, TCPHS_TALKERS_MAX);
}
