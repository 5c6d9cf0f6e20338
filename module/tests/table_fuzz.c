// SPDX-License-Identifier: GPL-2.0
/*
 * A libFuzzer harness of the segment parser, the state machine and the
 * table: module/segment.c, state.c, tuple.c, stats.c, table.c, events.c,
 * talkers.c and alert.c as the module builds them, over the kernel
 * services of kshim.c. Each input is a program of operations on a fresh
 * table with two namespaces: segments of 32 connections, well formed or
 * raw bytes, SYN floods, the clock moving and the GC running, parameters
 * changing, a namespace exiting, an allocation failing. After each
 * operation the counters must agree with the table:
 *
 * - the entries a namespace's dump shows are its conns gauge, those in
 *   their handshake its half_open gauge;
 * - every handshake started has ended in one outcome or is still half
 *   open: hs_started = hs_completed + hs_rejected + hs_syn_timeout +
 *   hs_synack_timeout + hs_aborted + hs_evicted + half_open;
 * - packets counts each segment given; evicted covers hs_evicted;
 * - each handshake's delays are measured once at most: no more SYN to
 *   SYN-ACK delays than hs_started, SYN-ACK to ACK ones than hs_completed;
 * - the ring of /proc/tcphs/events has numbered a record for each anomaly
 *   counted, and keeps the last TCPHS_EVENTS_MAX in order, valid;
 * - the half-open talkers a read of /proc/tcphs/top counts: each sketch
 *   a heap with an index, every key once, each count covering its key's
 *   half-open connections and its own part (count - error) within them,
 *   a key not held no more than the least count, the counts adding up to
 *   half_open; with no error, every count exact; the file shows the
 *   first, in order;
 * - every handshake refused or aborted is counted in the sketches of
 *   resets, as the fuzzer counts it too, key by key, for each interval
 *   (through the link's --wrap of tcphs_talkers_reset()); each interval's
 *   sketch adds up to its resets, each key's count covers its resets and
 *   its count less its error stays within them, and a key not held has no
 *   more than the least count of a full sketch; merged, as
 *   /proc/tcphs/resets shows them, the same of both intervals, and every
 *   reset shown while no count has an error;
 * - the alert of half_open_alert is raised from the threshold on and
 *   cleared below three quarters of it, as of the last move of half_open,
 *   unless the rate limit dropped its warning; its note of clearing never
 *   comes without a warning before it;
 * - the table never grows past max_conns, nor a namespace past its share,
 *   max_conns_per_netns, or past their sizes when a bound dropped below
 *   them; no bucket is longer than chain_max;
 * - the entries waiting for the works to free them, as kshim and the
 *   gauges count them, are each namespace's waiting gauge; no new
 *   connection takes the entries allocated, linked or waiting, past what
 *   the table may hold and tcphs_waiting_max() of max_conns, nor a
 *   namespace's past its share and its share of that;
 * - a new connection is tracked when its namespace has room to wait and
 *   needs to evict two of its own at most; refused with room to wait, it
 *   has evicted two (a lowered max_conns catches up, never waits for the
 *   connections to expire);
 * - a namespace's segments, and its floods, change nothing of the other's:
 *   its counters, its events, its connections;
 * - every connection shown has valid states and a history.
 *
 * At the end the namespaces exit and the table is torn down: kshim reports
 * any entry left allocated, LeakSanitizer any other memory. A report of
 * the whole run (inputs, segments, malformed ones, connections, evictions)
 * goes to stderr at exit.
 */

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <net/net_namespace.h>

#include "alert.h"
#include "events.h"
#include "kshim.h"
#include "netns.h"
#include "params.h"
#include "policy.h"
#include "segment.h"
#include "state.h"
#include "stats.h"
#include "table.h"
#include "talkers.h"

enum {
	NETS = 2,
	TUPLES = 32,
	/* timeouts at the start of an input, in seconds */
	SYN_TIMEOUT = 5,
	SYNACK_TIMEOUT = 5,
	ESTABLISHED_TIMEOUT = 60,
	FIN_TIMEOUT = 10,
	CLOSED_TIMEOUT = 3,
};

/*
 * The operations of an input, by its first byte modulo OP_NR, and the
 * bytes that follow; an input ends where its bytes do. A "who" byte picks
 * the segment's connection: bits 0-4 one of TUPLES tuples, bit 5 its
 * direction (set: from the server), bit 6 the namespace.
 */
enum op {
	/*
	 * who, flags, seq - ISN (le16, signed), ack - peer's ISN (le16,
	 * signed), window / 256, options and payload: see send()
	 */
	OP_SEGMENT,
	/*
	 * who, length, payload, then length % 61 bytes of a TCP header,
	 * which ends where they do or runs into a payload of zeros
	 */
	OP_RAW,
	/* seconds / 4: the clock moves on, the works due run */
	OP_TICK,
	/*
	 * what (0-4 a phase's timeout, 5 max_conns, 6 pickup, 7
	 * half_open_alert, 8 max_conns_per_netns, 9 the log's rate limit
	 * drops every line or none, 10 resets_interval), value
	 */
	OP_PARAM,
	/*
	 * who, count: SYNs from as many sources never seen (a flood); who's
	 * bit 7 set, to 64 ports from the tuple's server port on
	 */
	OP_FLOOD,
	/* namespace: it exits, a new one takes its place */
	OP_NET_EXIT,
	/* the next allocation of an entry fails */
	OP_FAIL_ALLOC,
	/* seconds / 4: the clock moves on, and no work runs */
	OP_CLOCK,
	/* who, count: as OP_FLOOD, each SYN refused by a RST-ACK (a scan) */
	OP_SCAN,
	/*
	 * max, max_conns_per_netns, waiting, net waiting, idle, timeout
	 * (le32 each), phase: policy.h's answers for these, against
	 * arithmetic of its own (check_policy())
	 */
	OP_POLICY,
	OP_NR
};

enum {
	/* keys of half-open connections: more than max_conns ever is here */
	TALLY_MAX = 128,
	/* keys of resets in an interval followed one by one */
	RESETS_TALLY_MAX = 128,
};

/* A key of a sketch, and its half-open connections or its resets. */
struct tally {
	struct tcphs_talker key;
	u32 n;
};

static bool talker_eq(const struct tcphs_talker *a,
		      const struct tcphs_talker *b)
{
	return a->family == b->family && a->port == b->port &&
	       !memcmp(&a->addr, &b->addr, sizeof(a->addr));
}

/* The tally of @key among the @n of @t, or NULL. */
static struct tally *tally_find(struct tally *t, unsigned int n,
				const struct tcphs_talker *key)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (talker_eq(&t[i].key, key))
			return &t[i];
	return NULL;
}

/* Count @key in the @n of @t, a new one if @max allows; false if not. */
static bool tally_inc(struct tally *t, unsigned int *n, unsigned int max,
		      const struct tcphs_talker *key)
{
	struct tally *k = tally_find(t, *n, key);

	if (!k && *n == max)
		return false;
	if (!k) {
		k = &t[(*n)++];
		k->key = *key;
		k->n = 0;
	}
	k->n++;
	return true;
}

/*
 * The resets of an interval as they came to talkers.c, key by key, unless
 * more keys came than it follows.
 */
struct resets_tally {
	struct tally tally[TCPHS_TALKER_NR][RESETS_TALLY_MAX];
	unsigned int keys[TCPHS_TALKER_NR];
	u64 total;
	bool lost;		/* a key not followed: no check by key */
};

struct fuzz_net {
	struct net net;
	struct tcphs_net tn;
	u64 packets;		/* segments given to this namespace */
	/* half_open and half_open_alert at its last move; moves, 0 for none */
	unsigned int moved_half_open;
	unsigned int moved_limit;
	u64 moves;
	bool warned;		/* its last alert line was a warning */
	unsigned int bound;	/* what it may hold */
	unsigned int waiting;	/* its entries unlinked, not yet freed */
	long mem_bound;		/* what its new connections may allocate */
	/*
	 * Its handshakes ended by a reset, as counted to talkers.c; those of
	 * the current interval of /proc/tcphs/resets and of the one before,
	 * and when the current began, as talkers.c should have them.
	 */
	u64 resets;
	struct resets_tally resets_in[TCPHS_RESETS_NR];
	u64 resets_start;
	bool resets_moved;	/* since the last check, a reset or interval */
};

static struct fuzz_net nets[NETS];
static unsigned int bound;	/* what the table may hold */
static long mem_bound;		/* what its new connections may allocate */
static u32 net_generation;
static u32 flooded;		/* sources of SYN floods so far */

/* The run so far, for the report at exit. */
static struct {
	u64 inputs;
	u64 ops;
	u64 segments;
	u64 malformed;
	u64 conns;
	u64 evicted;
	u64 max_entries;
} run;

struct tcphs_params tcphs_params;

struct tcphs_net *tcphs_net(const struct net *net)
{
	return &container_of(net, struct fuzz_net, net)->tn;
}

static void fail(int line, const char *what, u64 got, u64 want)
{
	kshim_report(__FILE__, line, "%s: %llu, expected %llu", what,
		     (unsigned long long)got, (unsigned long long)want);
}

#define CHECK_EQ(got, want) do {				\
	u64 __got = (got), __want = (want);			\
	if (__got != __want)					\
		fail(__LINE__, #got " != " #want, __got, __want); \
} while (0)

#define CHECK(cond) do {					\
	if (!(cond))						\
		KSHIM_REPORT("check failed: " #cond);		\
} while (0)

void __real_tcphs_alert_half_open(struct tcphs_net *tn, unsigned int half_open);

/*
 * Every move of a namespace's half_open, on its way from table.c to
 * alert.c (the link's --wrap): what the alert saw last. The work that
 * writes the alert's lines runs at once, so that its line follows the
 * move that queued it.
 */
void __wrap_tcphs_alert_half_open(struct tcphs_net *tn, unsigned int half_open)
{
	struct fuzz_net *n = container_of(tn, struct fuzz_net, tn);
	unsigned long lines = kshim_log_lines;

	n->moved_half_open = half_open;
	n->moved_limit = tcphs_params.half_open_alert;
	n->moves++;
	__real_tcphs_alert_half_open(tn, half_open);
	flush_work(&tn->alert.work);
	CHECK_EQ(tn->alert.queued, 0);
	if (kshim_log_lines != lines && strstr(kshim_log_line, "reached")) {
		n->warned = true;
	} else if (kshim_log_lines != lines) {
		CHECK(strstr(kshim_log_line, "cleared"));
		CHECK(n->warned);
	}
	/* An alert that ended, with a word or not, warned of nothing. */
	if (!test_bit(TCPHS_ALERT_HALF_OPEN, &tn->alert.bits))
		n->warned = false;
}

/* The input, read from the front; zeros past its end. */
struct input {
	const u8 *data;
	size_t len;
};

static u8 next_u8(struct input *in)
{
	u8 b = 0;

	if (in->len) {
		b = *in->data++;
		in->len--;
	}
	return b;
}

static u16 next_u16(struct input *in)
{
	u16 lo = next_u8(in);

	return (u16)(lo | next_u8(in) << 8);
}

static u32 next_u32(struct input *in)
{
	u32 lo = next_u16(in);

	return lo | (u32)next_u16(in) << 16;
}

/*
 * policy.h's answers for values the input chooses, in the ranges the table
 * gives them, checked against plain arithmetic: the rounded-down division
 * that tcphs_waiting_room() does without, the 64-bit product that
 * tcphs_timed_out() keeps within a u32, and the order of the victims.
 */
static void check_policy(struct input *in)
{
	u32 span = TCPHS_MAX_CONNS_MAX - TCPHS_MAX_CONNS_MIN + 1;
	unsigned int max = TCPHS_MAX_CONNS_MIN + next_u32(in) % span;
	unsigned int per_netns = next_u32(in) % (TCPHS_MAX_CONNS_MAX + 1);
	unsigned int waiting = next_u32(in) % (TCPHS_MAX_CONNS_MAX + 1);
	unsigned int net_waiting = next_u32(in) % (TCPHS_MAX_CONNS_MAX + 1);
	u32 idle = next_u32(in);
	unsigned int timeout = 1 + next_u32(in) % TCPHS_TIMEOUT_MAX;
	enum tcphs_phase phase = next_u8(in) % TCPHS_PHASE_NR;
	unsigned int room, share;

	share = tcphs_net_share(max, per_netns);
	CHECK_EQ(share, per_netns ? (per_netns < max ? per_netns : max) :
		 max / 2);
	CHECK_EQ(tcphs_table_room(waiting, net_waiting, max, share),
		 waiting < max && net_waiting < share);
	room = tcphs_waiting_max(max);
	CHECK_EQ(room, max / 2 > TCPHS_WAITING_MIN ? max / 2 :
		 TCPHS_WAITING_MIN);
	CHECK_EQ(tcphs_waiting_room(waiting, net_waiting, max, share),
		 waiting < room &&
		 net_waiting < (u64)room * share / max);
	CHECK_EQ(tcphs_timed_out(idle, timeout, HZ),
		 (u64)idle >= (u64)timeout * HZ);
	CHECK_EQ(tcphs_evict_rank(phase),
		 phase == TCPHS_PHASE_CLOSED ? 0 :
		 phase == TCPHS_PHASE_ESTABLISHED ? 3 :
		 phase == TCPHS_PHASE_CLOSING ? 2 : 1);
}

static void net_init(struct fuzz_net *n)
{
	memset(n, 0, sizeof(*n));
	n->net.hash_mix = 0x9e3779b9u * ++net_generation;
	n->tn.stats = tcphs_stats_alloc();
	CHECK(n->tn.stats);
	n->tn.events = tcphs_events_alloc();
	CHECK(n->tn.events);
	CHECK(!tcphs_talkers_init(&n->tn.talkers, get_jiffies_64()));
	tcphs_alert_init(&n->tn.alert, &n->net);
	n->resets_start = jiffies;
}

static void net_exit(struct fuzz_net *n)
{
	tcphs_table_net_exit(&n->net);
	CHECK_EQ(atomic_read(&n->tn.conns), 0);
	CHECK_EQ(atomic_read(&n->tn.half_open), 0);
	tcphs_talkers_free(&n->tn.talkers);
	tcphs_events_free(n->tn.events);
	tcphs_stats_free(n->tn.stats);
}

/*
 * The tuples: IPv4 for three of four, IPv6 for the fourth, on two clients
 * and two servers, ports in a small range so that raw segments meet them.
 */
static void tuple_of(unsigned int i, bool swap, struct tcphs_tuple *t)
{
	union nf_inet_addr client = { 0 }, server = { 0 };
	u16 cport = (u16)(40000 + i), sport = (u16)(80 + i % 4);

	memset(t, 0, sizeof(*t));
	if (i % 4 == 3) {
		t->family = NFPROTO_IPV6;
		client.ip6[0] = htobe32(0xfd000000);
		client.ip6[3] = htobe32(1 + i % 2);
		server.ip6[0] = htobe32(0xfd000000);
		server.ip6[3] = htobe32(0x100 + i % 3);
	} else {
		t->family = NFPROTO_IPV4;
		client.ip = htobe32(0x0a000001 + i % 2);
		server.ip = htobe32(0x0a000101 + i % 3);
	}
	t->saddr = swap ? server : client;
	t->daddr = swap ? client : server;
	t->sport = swap ? sport : cport;
	t->dport = swap ? cport : sport;
}

/*
 * Initial sequence numbers near where comparisons wrap: the client's below
 * 2^32, the server's below 2^31.
 */
static u32 isn_of(unsigned int i, bool server)
{
	return (server ? 0x7fff8000u : 0xffff8000u) + i * 0x100;
}

static void put_be16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put_be32(u8 *p, u32 v)
{
	put_be16(p, (u16)(v >> 16));
	put_be16(p + 2, (u16)v);
}

/* What a namespace may hold, as table.c's table_room() has it. */
static unsigned int net_share(void)
{
	unsigned int share = tcphs_params.max_conns_per_netns;

	return share ? min_t(unsigned int, share, tcphs_params.max_conns) :
		       tcphs_params.max_conns / 2;
}

/*
 * The room of a namespace's entries waiting, as table.c's waiting_room()
 * has it: its share of the table's.
 */
static unsigned int net_waiting_max(void)
{
	unsigned int max = tcphs_params.max_conns;

	return (u64)tcphs_waiting_max(max) * net_share() / max;
}

/* The connections of both namespaces. */
static unsigned int table_conns(void)
{
	return atomic_read(&nets[0].tn.conns) + atomic_read(&nets[1].tn.conns);
}

static u64 insert_failed(const struct fuzz_net *n)
{
	u64 s[TCPHS_STAT_NR];

	tcphs_stats_sum(n->tn.stats, s);
	return s[TCPHS_STAT_INSERT_FAILED];
}

/* The table as a segment finds it, for check_insert(). */
struct insert_view {
	unsigned int conns;	/* the namespace's connections */
	unsigned int count;	/* the table's */
	unsigned int waiting;	/* the namespace's entries waiting */
	long objects;		/* kshim's entries, linked or waiting */
	u64 refused;		/* the namespace's insert_failed */
	bool fail_alloc;	/* the allocation is to fail */
};

static void insert_view(const struct fuzz_net *n, struct insert_view *v)
{
	v->conns = atomic_read(&n->tn.conns);
	v->count = table_conns();
	v->waiting = n->waiting;
	v->objects = kshim_objects;
	v->refused = insert_failed(n);
	v->fail_alloc = kshim_fail_next_alloc;
}

/*
 * Count the entries of @n that a segment unlinked, the table as @v before
 * it, and check what became of a new connection it opened. With room to
 * wait, even after an expiry at lookup (its namespace's entries waiting
 * below net_waiting_max(), the table's below tcphs_waiting_max()),
 * the table refuses one only if the allocation fails, or if it needs to
 * evict more than two, or more than its namespace holds; and then it has
 * evicted two, or all there were.
 */
static void check_insert(struct fuzz_net *n, const struct insert_view *v)
{
	unsigned int max = tcphs_params.max_conns, share = net_share();
	unsigned int room = tcphs_waiting_max(max);
	unsigned int need = 0, evictable = min_t(unsigned int, v->conns, 2);
	unsigned int unlinked;

	/* A segment allocates entries and frees none. */
	unlinked = v->conns + (kshim_objects - v->objects) -
		   atomic_read(&n->tn.conns);
	n->waiting += unlinked;
	if (insert_failed(n) == v->refused || v->fail_alloc ||
	    v->waiting + 1 >= net_waiting_max() ||
	    v->objects - v->count + 1 >= room)
		return;
	if (v->count >= max)
		need = v->count - max + 1;
	if (v->conns >= share)
		need = max_t(unsigned int, need, v->conns - share + 1);
	if (need <= evictable)
		fail(__LINE__, "refused with room to wait: evictions needed",
		     need, evictable + 1);
	if (unlinked < evictable)
		fail(__LINE__, "refused with room to wait: entries unlinked",
		     unlinked, evictable);
}

/*
 * What the hooks do with a segment of @len bytes whose first bytes are
 * @th: read the fixed header, then the options if they end within the
 * segment (module/hook.c, tcphs_segment()), into a buffer of exactly that
 * size, so that the sanitizers catch a read past it; parse it, count it,
 * follow its connection.
 */
static void segment(struct fuzz_net *n, struct tcphs_tuple *t, const u8 *th,
		    u32 th_len, u32 len)
{
	u32 avail = min_t(u32, len, TCPHS_HDR_MIN), hdr_len;
	struct tcphs_seg seg;
	u8 *copy;

	if (len >= TCPHS_HDR_MIN) {
		hdr_len = tcphs_seg_hdr_len(th);
		if (hdr_len > TCPHS_HDR_MIN && hdr_len <= len)
			avail = hdr_len;
	}
	/* len counts payload bytes past th_len: they read as zeros */
	copy = calloc(1, avail ? avail : 1);
	CHECK(copy);
	memcpy(copy, th, min_t(u32, avail, th_len));

	run.segments++;
	n->packets++;
	if (!tcphs_seg_parse(&seg, copy, len)) {
		run.malformed++;
		tcphs_stats_malformed(n->tn.stats);
	} else {
		struct insert_view v;

		tcphs_stats_segment(n->tn.stats, &seg, 1);
		t->sport = seg.sport;
		t->dport = seg.dport;
		insert_view(n, &v);
		tcphs_table_segment(&n->net, &n->tn, t, &seg);
		check_insert(n, &v);
	}
	free(copy);
}

/*
 * Send a TCP header of @flags, @seq and @ack on @t, with the options @opt
 * picks (bits 6-7: none, window scale of @window & 15, timestamps, both
 * with MSS) and a payload of @opt & 63 bytes.
 */
static void send(struct fuzz_net *n, struct tcphs_tuple *t, u8 flags,
		 u32 seq, u32 ack, u8 window, u8 opt)
{
	u8 th[TCPHS_HDR_MAX] = { 0 };
	u8 *o = th + TCPHS_HDR_MIN;
	u32 hdr_len;

	put_be16(th, t->sport);
	put_be16(th + 2, t->dport);
	put_be32(th + 4, seq);
	put_be32(th + 8, ack);
	th[13] = flags;
	put_be16(th + 14, (u16)(window << 8 | 0xff));
	switch (opt >> 6) {
	case 3:			/* MSS, then as 1 */
		memcpy(o, "\x02\x04\x05\xb4", 4);
		o += 4;
		fallthrough;
	case 1:			/* NOP, window scale */
		memcpy(o, "\x01\x03\x03", 3);
		o[3] = window & 15;
		o += 4;
		break;
	case 2:			/* NOP, NOP, timestamps */
		memcpy(o, "\x01\x01\x08\x0a", 4);
		put_be32(o + 4, seq);
		o += 12;
		break;
	}
	hdr_len = (u32)(o - th);
	th[12] = (u8)(hdr_len / 4 << 4);
	segment(n, t, th, hdr_len, hdr_len + (opt & 63));
}

static void op_segment(struct input *in)
{
	u8 who = next_u8(in), flags = next_u8(in);
	unsigned int i = who % TUPLES;
	bool server = who & 0x20;
	s16 seq = (s16)next_u16(in), ack = (s16)next_u16(in);
	u8 window = next_u8(in), opt = next_u8(in);
	struct tcphs_tuple t;

	tuple_of(i, server, &t);
	send(&nets[who >> 6 & 1], &t, flags, isn_of(i, server) + (u32)(s32)seq,
	     isn_of(i, !server) + (u32)(s32)ack, window, opt);
}

/* SYNs from sources never seen in this input, spoofed, to one server. */
/*
 * SYNs from sources never seen, each answered by its server's RST-ACK if
 * @refused: a scan, whose resets fill the sketches with new keys.
 */
static void op_syns(struct input *in, bool refused)
{
	u8 who = next_u8(in), count = next_u8(in);
	struct fuzz_net *n = &nets[who >> 6 & 1];
	struct tcphs_tuple t, back;
	u16 port;

	tuple_of(who % TUPLES, false, &t);
	port = t.dport;
	while (count--) {
		t.family = NFPROTO_IPV4;
		if (who & 0x80)
			t.dport = port + flooded % 64;
		t.saddr.ip = htobe32(0x0b000000 + flooded++);
		send(n, &t, TCPHS_SYN, flooded, 0, 0xff, 0);
		if (!refused)
			continue;
		back = t;
		back.saddr = t.daddr;
		back.daddr = t.saddr;
		back.sport = t.dport;
		back.dport = t.sport;
		send(n, &back, TCPHS_RST | TCPHS_ACK, 0, flooded + 1, 0, 0);
	}
}

static void op_flood(struct input *in)
{
	op_syns(in, false);
}

static void op_scan(struct input *in)
{
	op_syns(in, true);
}

static void op_raw(struct input *in)
{
	u8 who = next_u8(in), len = next_u8(in) % (TCPHS_HDR_MAX + 1);
	u8 payload = next_u8(in);
	u8 th[TCPHS_HDR_MAX] = { 0 };
	struct tcphs_tuple t;
	u8 i;

	for (i = 0; i < len; i++)
		th[i] = next_u8(in);
	tuple_of(who % TUPLES, who & 0x20, &t);
	segment(&nets[who >> 6 & 1], &t, th, len, len + payload);
}

/* A namespace may keep more than a lowered share for a while. */
static void net_bounds(void)
{
	unsigned int i, count;

	for (i = 0; i < NETS; i++) {
		count = atomic_read(&nets[i].tn.conns);
		nets[i].bound = max_t(unsigned int, net_share(),
				      min_t(unsigned int, nets[i].bound, count));
	}
}

/*
 * What new connections may take the entries allocated to, linked or
 * waiting: what the table may hold and the room of the entries waiting,
 * for a namespace its share of both; or as many as there are, which the
 * entries that expired may have taken past that.
 */
static void mem_bounds(void)
{
	unsigned int room = tcphs_waiting_max(tcphs_params.max_conns);
	unsigned int i;
	long objects;

	mem_bound = max_t(long, bound + room, kshim_objects);
	for (i = 0; i < NETS; i++) {
		objects = atomic_read(&nets[i].tn.conns) + nets[i].waiting;
		nets[i].mem_bound = max_t(long, nets[i].bound +
					  net_waiting_max(), objects);
	}
}

static void op_param(struct input *in)
{
	u8 what = next_u8(in) % 11, value = next_u8(in);
	unsigned int count;

	if (what < TCPHS_PHASE_NR) {
		tcphs_params.timeout[what] = 1 + value;
		return;
	}
	if (what == 6) {
		tcphs_params.pickup = value & 1;
		return;
	}
	if (what == 7) {
		tcphs_params.half_open_alert = value % 64;
		return;
	}
	if (what == 9) {
		kshim_ratelimit_drop = value & 1;
		return;
	}
	if (what == 10) {
		tcphs_params.resets_interval = 1 + value % 16;
		return;
	}
	if (what == 8) {
		tcphs_params.max_conns_per_netns =
			value & 0x80 ? TCPHS_MAX_CONNS_MIN + value % 64 : 0;
		net_bounds();
		mem_bounds();
		return;
	}
	/* The table may keep more than a lowered max_conns for a while. */
	count = table_conns();
	tcphs_params.max_conns = TCPHS_MAX_CONNS_MIN + value % 64;
	bound = max_t(unsigned int, tcphs_params.max_conns,
		      min_t(unsigned int, bound, count));
	net_bounds();
	mem_bounds();
}

struct walk {
	u64 conns;
	u64 half_open;
	struct tally tally[TCPHS_TALKER_NR][TALLY_MAX];
	unsigned int keys[TCPHS_TALKER_NR];
};

/* The half-open connections of @key in the table, as walked. */
static struct tally *tally_of(struct walk *w, enum tcphs_talker_kind k,
			      const struct tcphs_talker *key)
{
	return tally_find(w->tally[k], w->keys[k], key);
}

static void tally_add(struct walk *w, enum tcphs_talker_kind k,
		      const struct tcphs_talker *key)
{
	CHECK(tally_inc(w->tally[k], &w->keys[k], TALLY_MAX, key));
}

static void walk_conn(void *arg, const struct tcphs_conn_info *info)
{
	enum tcphs_phase phase = tcphs_conn_phase(&info->conn);
	char history[TCPHS_HISTORY_MAX + 1];
	struct walk *w = arg;
	unsigned int i;

	w->conns++;
	if (tcphs_phase_half_open(phase)) {
		const struct tcphs_talker source = {
			.addr = info->tuple.saddr,
			.family = info->tuple.family,
		}, port = { .port = info->tuple.dport };

		w->half_open++;
		tally_add(w, TCPHS_TALKER_SOURCE, &source);
		tally_add(w, TCPHS_TALKER_PORT, &port);
	}
	CHECK(phase < TCPHS_PHASE_NR);
	CHECK(info->conn.client <= 1);
	CHECK(info->tuple.family == NFPROTO_IPV4 ||
	      info->tuple.family == NFPROTO_IPV6);
	for (i = 0; i < 2; i++)
		CHECK(info->conn.ep[i].state < TCPHS_STATE_NR);
	tcphs_conn_history(&info->conn, history);
	CHECK(strlen(history) <= TCPHS_HISTORY_MAX);
}

#define STAT(s, ev)	((s)[TCPHS_STAT_EVENTS + TCPHS_EV_##ev])

/* The delays of kind @lat measured in @n. */
static u64 lat_count(const struct fuzz_net *n, enum tcphs_lat lat)
{
	struct tcphs_lat_sum sum;

	tcphs_stats_lat_sum(n->tn.stats, &sum);
	return sum.count[lat];
}

/*
 * The ring of /proc/tcphs/events: as many records added as anomalies
 * counted, the last TCPHS_EVENTS_MAX of them kept in order, none of a
 * reason counted fewer times.
 */
static void check_events(struct fuzz_net *n, const u64 s[TCPHS_STAT_NR])
{
	u64 next = atomic64_read(&n->tn.events->next);
	u64 anomalies = 0, first, seq;
	u64 kept[TCPHS_EV_NR] = { 0 };
	struct tcphs_event_rec rec;
	unsigned int ev;

	for (ev = 0; ev < TCPHS_EV_NR; ev++)
		if (TCPHS_EV(ev) & TCPHS_EV_ANOMALIES)
			anomalies += s[TCPHS_STAT_EVENTS + ev];
	CHECK_EQ(next, anomalies);
	first = next > TCPHS_EVENTS_MAX ? next - TCPHS_EVENTS_MAX : 0;
	for (seq = first; seq < next; seq++) {
		CHECK(tcphs_events_get(n->tn.events, seq, &rec));
		CHECK_EQ(rec.seq, seq);
		CHECK(rec.reason < TCPHS_EV_NR &&
		      TCPHS_EV(rec.reason) & TCPHS_EV_ANOMALIES);
		CHECK(rec.client_state < TCPHS_STATE_NR &&
		      rec.server_state < TCPHS_STATE_NR);
		CHECK(rec.tuple.family == NFPROTO_IPV4 ||
		      rec.tuple.family == NFPROTO_IPV6);
		CHECK(++kept[rec.reason] <= s[TCPHS_STAT_EVENTS + rec.reason]);
	}
	/* A record overwritten reads as the oldest kept. */
	if (first) {
		CHECK(tcphs_events_get(n->tn.events, first - 1, &rec));
		CHECK_EQ(rec.seq, first);
	}
	CHECK(!tcphs_events_get(n->tn.events, next, &rec));
	/* What poll tells: a record to read, but past the last. */
	CHECK_EQ(tcphs_events_ready(n->tn.events, 0), next > 0);
	CHECK(!tcphs_events_ready(n->tn.events, next));
}

/* Whether the @n keys of @t hold @key. */
static bool talkers_hold(const struct tcphs_talker *t, unsigned int n,
			 const struct tcphs_talker *key)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (t[i].count && talker_eq(&t[i], key))
			return true;
	return false;
}

/*
 * The half-open talkers a read of /proc/tcphs/top counts, against the
 * table's connections: each sketch a heap on its counts, whose index finds
 * each key; every key once; each count covering its key's connections,
 * its count less its error within them; a key not held only in a full
 * sketch, with no more than its least count; the counts adding up to
 * half_open; with no error, every count exact. The file shows the first
 * TCPHS_TALKERS_MAX, in order.
 */
static void check_talkers(struct fuzz_net *n, struct walk *w)
{
	static struct tcphs_top top;
	struct tcphs_talker got[TCPHS_TALKERS_MAX];
	unsigned int k, i, indexed, shown;
	const struct tcphs_tally *ta;
	const struct tally *t;
	u64 sum, error;

	memset(&top, 0, sizeof(top));
	tcphs_table_top(&n->net, &top);
	for (k = 0; k < TCPHS_TALKER_NR; k++) {
		ta = &top.tally[k];
		sum = 0;
		error = 0;
		CHECK(ta->n <= TCPHS_TALLY_KEYS);
		for (i = 0; i < ta->n; i++) {
			const struct tcphs_talker *h = &ta->heap[i];

			CHECK(!i || ta->heap[(i - 1) / 2].count <= h->count);
			CHECK_EQ(ta->index[ta->slot[i]], i + 1);
			CHECK(!talkers_hold(ta->heap, i, h));
			CHECK(h->error < h->count);
			t = tally_of(w, k, h);
			CHECK(t && t->n <= h->count);
			CHECK(h->count - h->error <= t->n);
			sum += h->count;
			error += h->error;
		}
		for (i = 0, indexed = 0; i < 2 * TCPHS_TALLY_KEYS; i++)
			indexed += !!ta->index[i];
		CHECK_EQ(indexed, ta->n);
		CHECK_EQ(sum, w->half_open);
		for (i = 0; i < w->keys[k]; i++) {
			t = &w->tally[k][i];
			if (talkers_hold(ta->heap, ta->n, &t->key))
				continue;
			CHECK_EQ(ta->n, TCPHS_TALLY_KEYS);
			CHECK(t->n <= ta->heap[0].count);
		}
		/* No error: every key of a half-open connection held, exactly. */
		if (!error) {
			CHECK_EQ(ta->n, w->keys[k]);
			for (i = 0; i < ta->n; i++)
				CHECK_EQ(ta->heap[i].count,
					 tally_of(w, k, &ta->heap[i])->n);
		}
		/* What /proc/tcphs/top shows: the first, by count down. */
		shown = tcphs_top_get(&top, k, got, TCPHS_TALKERS_MAX);
		CHECK_EQ(shown, min_t(unsigned int, ta->n, TCPHS_TALKERS_MAX));
		for (i = 1; i < shown; i++)
			CHECK(got[i - 1].count >= got[i].count);
		for (i = 0; i < ta->n && shown == TCPHS_TALKERS_MAX; i++)
			CHECK(talkers_hold(got, shown, &ta->heap[i]) ||
			      ta->heap[i].count <= got[shown - 1].count);
	}
}

/*
 * A new interval of resets if the current one is over: the intervals
 * follow each other at whole multiples of resets_interval from the
 * namespace's start, whatever the reads and the resets in between; the
 * one that ended becomes the one before if it is just before, else both
 * are emptied.
 */
static void resets_rotate(struct fuzz_net *n)
{
	const u64 len = tcphs_resets_len(), epoch = n->tn.talkers.epoch;
	u64 start = epoch + (jiffies - epoch) / len * len;

	if (start == n->resets_start)
		return;
	if (n->resets_start + len == start)
		n->resets_in[TCPHS_RESETS_BEFORE] =
			n->resets_in[TCPHS_RESETS_NOW];
	else
		memset(&n->resets_in[TCPHS_RESETS_BEFORE], 0,
		       sizeof(n->resets_in[0]));
	memset(&n->resets_in[TCPHS_RESETS_NOW], 0, sizeof(n->resets_in[0]));
	n->resets_start = start;
	n->resets_moved = true;
}

void __real_tcphs_talkers_reset(struct tcphs_talkers *tk,
				const struct tcphs_tuple *t, u8 client,
				u64 now, u64 len);

/*
 * Every handshake ended by a reset, on its way from table.c to talkers.c
 * (the link's --wrap): its client's address and its server's port counted
 * in the current interval, as the fuzzer keeps them.
 */
void __wrap_tcphs_talkers_reset(struct tcphs_talkers *tk,
				const struct tcphs_tuple *t, u8 client,
				u64 now, u64 len)
{
	struct fuzz_net *n = container_of(tk, struct fuzz_net, tn.talkers);
	struct resets_tally *r = &n->resets_in[TCPHS_RESETS_NOW];
	struct tcphs_talker key[TCPHS_TALKER_NR] = { 0 };
	struct tcphs_tuple c;
	unsigned int k;

	CHECK_EQ(now, jiffies);
	CHECK_EQ(len, tcphs_resets_len());
	resets_rotate(n);
	tcphs_tuple_orient(&c, t, client);
	key[TCPHS_TALKER_SOURCE].addr = c.saddr;
	key[TCPHS_TALKER_SOURCE].family = c.family;
	key[TCPHS_TALKER_PORT].port = c.dport;
	for (k = 0; k < TCPHS_TALKER_NR; k++)
		if (!tally_inc(r->tally[k], &r->keys[k], RESETS_TALLY_MAX,
			       &key[k]))
			r->lost = true;
	r->total++;
	n->resets++;
	n->resets_moved = true;
	__real_tcphs_talkers_reset(tk, t, client, now, len);
}

/* The resets of @key in @rt, as the fuzzer counted them. */
static u32 resets_of(struct resets_tally *rt, enum tcphs_talker_kind k,
		     const struct tcphs_talker *key)
{
	const struct tally *t = tally_find(rt->tally[k], rt->keys[k], key);

	return t ? t->n : 0;
}

/*
 * A sketch of resets of one interval against the resets counted in it:
 * held slots in the bitmap, every key once, the counts adding up to the
 * resets; each key's count covering its resets, and its count less its
 * error within them; a key not held, only in a full sketch, with no more
 * resets than its least count.
 */
static void check_resets_sketch(const struct tcphs_talker *sk, u32 held,
				struct resets_tally *rt,
				enum tcphs_talker_kind k)
{
	u32 least = U32_MAX, own;
	unsigned int i, j;
	u64 sum = 0;

	for (i = 0; i < TCPHS_TALKERS_MAX; i++) {
		CHECK_EQ(!!(held & BIT(i)), !!sk[i].count);
		CHECK(sk[i].error <= sk[i].count);
		for (j = 0; j < i && sk[i].count; j++)
			CHECK(!sk[j].count || !talker_eq(&sk[i], &sk[j]));
		sum += sk[i].count;
		least = min_t(u32, least, sk[i].count);
		if (!sk[i].count || rt->lost)
			continue;
		own = resets_of(rt, k, &sk[i]);
		CHECK(sk[i].count - sk[i].error <= own && own <= sk[i].count);
	}
	CHECK_EQ(sum, rt->total);
	for (i = 0; i < rt->keys[k] && !rt->lost; i++)
		if (!talkers_hold(sk, TCPHS_TALKERS_MAX,
				  &rt->tally[k][i].key))
			CHECK(!~held && rt->tally[k][i].n <= least);
}

/*
 * The sketches of resets: every handshake counted as refused or aborted
 * came to talkers.c; the current interval holds the time of the read;
 * each interval's sketch is right (check_resets_sketch()); what
 * /proc/tcphs/resets shows is in order, each key's count covering its
 * resets of both intervals and its count less its error within them, and
 * with no error, every reset of both intervals.
 */
static void check_resets(struct fuzz_net *n, const u64 s[TCPHS_STAT_NR])
{
	static struct tcphs_talker got[TCPHS_RESETS_NR * TCPHS_TALKERS_MAX];
	static struct tcphs_resets snap[TCPHS_RESETS_NR];
	struct resets_tally *now = &n->resets_in[TCPHS_RESETS_NOW];
	struct resets_tally *before = &n->resets_in[TCPHS_RESETS_BEFORE];
	unsigned int k, r, i, shown, sketches;
	u64 sum, error;
	u32 own;

	CHECK_EQ(STAT(s, HS_REJECTED) + STAT(s, HS_ABORTED), n->resets);
	resets_rotate(n);
	sketches = tcphs_talkers_resets(&n->tn.talkers, jiffies,
					tcphs_resets_len(), snap);
	CHECK(jiffies - n->resets_start < tcphs_resets_len());
	/* The one CPU's sketches, there from its first reset. */
	if (!sketches) {
		CHECK_EQ(n->resets, 0);
		return;
	}
	CHECK_EQ(sketches, TCPHS_RESETS_NR);
	CHECK_EQ((*n->tn.talkers.cpu)->start, n->resets_start);
	/* The sketches as they were at the last check: checked then. */
	if (!n->resets_moved)
		return;
	n->resets_moved = false;
	for (k = 0; k < TCPHS_TALKER_NR; k++) {
		for (r = 0; r < TCPHS_RESETS_NR; r++)
			check_resets_sketch(snap[r].sketch[k], snap[r].held[k],
					    &n->resets_in[r], k);
		shown = tcphs_resets_merge(snap, sketches, k, got);
		sum = 0;
		error = 0;
		for (i = 0; i < shown; i++) {
			CHECK(got[i].count && got[i].error <= got[i].count);
			if (i)
				CHECK(got[i - 1].count >= got[i].count);
			sum += got[i].count;
			error += got[i].error;
			if (now->lost || before->lost)
				continue;
			own = resets_of(now, k, &got[i]) +
			      resets_of(before, k, &got[i]);
			CHECK(got[i].count - got[i].error <= own &&
			      own <= got[i].count);
		}
		if (!error && shown < TCPHS_TALKERS_MAX)
			CHECK_EQ(sum, now->total + before->total);
	}
}

/*
 * The alert as the last move left it, while half_open_alert is what it was
 * then: raised from the threshold on, cleared below three quarters of it,
 * in between either (its hysteresis); never raised when off.
 */
static void check_alert(struct fuzz_net *n)
{
	bool raised = test_bit(TCPHS_ALERT_HALF_OPEN, &n->tn.alert.bits);
	unsigned int limit = n->moved_limit;

	CHECK(!test_bit(TCPHS_ALERT_EXIT, &n->tn.alert.bits));
	/* A note of its end only after a warning that went out. */
	CHECK_EQ(n->warned, test_bit(TCPHS_ALERT_WARNED, &n->tn.alert.bits));
	if (!n->moves) {
		CHECK(!raised);
		return;
	}
	CHECK_EQ(n->moved_half_open, atomic_read(&n->tn.half_open));
	if (limit != tcphs_params.half_open_alert)
		return;
	if (limit && n->moved_half_open >= limit)
		CHECK(raised);
	if (!limit || n->moved_half_open < limit - limit / 4)
		CHECK(!raised);
}

static void check_net(struct fuzz_net *n, struct walk *w)
{
	u64 s[TCPHS_STAT_NR];

	CHECK_EQ(w->conns, atomic_read(&n->tn.conns));
	CHECK_EQ(w->half_open, atomic_read(&n->tn.half_open));
	if (w->conns > n->bound)
		fail(__LINE__, "conns above max_conns_per_netns", w->conns,
		     n->bound);
	if (w->conns <= net_share())
		n->bound = net_share();
	CHECK_EQ(atomic_read(&n->tn.waiting), n->waiting);

	tcphs_stats_sum(n->tn.stats, s);
	CHECK_EQ(s[TCPHS_STAT_PACKETS], n->packets);
	CHECK_EQ(STAT(s, HS_STARTED),
		 STAT(s, HS_COMPLETED) + STAT(s, HS_REJECTED) +
		 STAT(s, HS_SYN_TIMEOUT) + STAT(s, HS_SYNACK_TIMEOUT) +
		 STAT(s, HS_ABORTED) + STAT(s, HS_EVICTED) + w->half_open);
	CHECK(s[TCPHS_STAT_EVICTED] >= STAT(s, HS_EVICTED));
	CHECK(lat_count(n, TCPHS_LAT_SYNACK) <= STAT(s, HS_STARTED));
	CHECK(lat_count(n, TCPHS_LAT_ACK) <= STAT(s, HS_COMPLETED));
	check_events(n, s);
	check_talkers(n, w);
	check_resets(n, s);
	check_alert(n);
}

/*
 * The entries allocated, linked or waiting (@entries linked), within what
 * new connections may take them to, in all and for each namespace. No
 * entry waits once the works have freed them all.
 */
static void check_mem(u64 entries)
{
	unsigned int i;
	long objects;

	for (i = 0; i < NETS; i++) {
		if (kshim_objects == entries)
			nets[i].waiting = 0;
		objects = atomic_read(&nets[i].tn.conns) + nets[i].waiting;
		if (objects > nets[i].mem_bound)
			fail(__LINE__, "a namespace's entries allocated",
			     objects, nets[i].mem_bound);
	}
	if (kshim_objects > mem_bound)
		fail(__LINE__, "entries allocated", kshim_objects, mem_bound);
	CHECK_EQ(nets[0].waiting + nets[1].waiting, kshim_objects - entries);
}

static void check(void)
{
	struct walk w[NETS] = { 0 };
	u64 entries = 0, longest = 0, before;
	unsigned int b, i;

	for (b = 0; b < tcphs_table_buckets(); b++) {
		before = entries;
		for (i = 0; i < NETS; i++) {
			entries -= w[i].conns;
			tcphs_table_dump(b, &nets[i].net, walk_conn, &w[i]);
			entries += w[i].conns;
		}
		longest = max_t(u64, longest, entries - before);
	}
	check_mem(entries);
	for (i = 0; i < NETS; i++)
		check_net(&nets[i], &w[i]);
	if (entries > bound)
		fail(__LINE__, "entries above max_conns", entries, bound);
	if (entries <= tcphs_params.max_conns)
		bound = tcphs_params.max_conns;
	mem_bounds();
	/* The longest chain ever covers the longest now. */
	if (longest > tcphs_table_chain_max())
		fail(__LINE__, "a bucket longer than chain_max", longest,
		     tcphs_table_chain_max());
	run.max_entries = max_t(u64, run.max_entries, entries);
}

/* What a namespace's neighbour must not change of it. */
struct net_view {
	u64 stats[TCPHS_STAT_NR];
	u64 events;
	unsigned int conns;
};

static void net_view(struct fuzz_net *n, struct net_view *v)
{
	tcphs_stats_sum(n->tn.stats, v->stats);
	v->events = atomic64_read(&n->tn.events->next);
	v->conns = atomic_read(&n->tn.conns);
}

/* The segments of the namespace @who picks, and nothing else, run. */
static void op_in_net(struct input *in, void (*op)(struct input *in))
{
	struct fuzz_net *other = &nets[!(in->len > 0 && in->data[0] & 0x40)];
	struct net_view before, after;

	net_view(other, &before);
	op(in);
	net_view(other, &after);
	CHECK(!memcmp(before.stats, after.stats, sizeof(before.stats)));
	CHECK_EQ(after.events, before.events);
	CHECK_EQ(after.conns, before.conns);
}

/* The counters of a namespace about to exit, for the report. */
static void count_net(const struct fuzz_net *n)
{
	u64 s[TCPHS_STAT_NR];

	tcphs_stats_sum(n->tn.stats, s);
	run.conns += STAT(s, HS_STARTED) + STAT(s, PICKED_UP);
	run.evicted += s[TCPHS_STAT_EVICTED];
}

/* One line for tools/fuzz. */
static void report(void)
{
	fprintf(stderr,
		"table_fuzz: inputs=%llu operations=%llu segments=%llu malformed=%llu connections=%llu evicted=%llu max_entries=%llu\n",
		(unsigned long long)run.inputs, (unsigned long long)run.ops,
		(unsigned long long)run.segments,
		(unsigned long long)run.malformed,
		(unsigned long long)run.conns,
		(unsigned long long)run.evicted,
		(unsigned long long)run.max_entries);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	atexit(report);
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct input in = { data, size };
	unsigned int i;
	u8 b;

	memset(&tcphs_params, 0, sizeof(tcphs_params));
	tcphs_params.timeout[TCPHS_PHASE_SYN] = SYN_TIMEOUT;
	tcphs_params.timeout[TCPHS_PHASE_SYNACK] = SYNACK_TIMEOUT;
	tcphs_params.timeout[TCPHS_PHASE_ESTABLISHED] = ESTABLISHED_TIMEOUT;
	tcphs_params.timeout[TCPHS_PHASE_CLOSING] = FIN_TIMEOUT;
	tcphs_params.timeout[TCPHS_PHASE_CLOSED] = CLOSED_TIMEOUT;
	b = next_u8(&in);
	tcphs_params.max_conns = TCPHS_MAX_CONNS_MIN + b % 64;
	tcphs_params.pickup = b & 0x40;
	tcphs_params.half_open_alert = 16;
	tcphs_params.resets_interval = 10;
	bound = tcphs_params.max_conns;
	jiffies = INITIAL_JIFFIES;
	flooded = 0;
	kshim_fail_next_alloc = false;
	kshim_ratelimit_drop = false;
	CHECK(!tcphs_table_init());
	for (i = 0; i < NETS; i++) {
		net_init(&nets[i]);
		nets[i].bound = net_share();
	}
	mem_bounds();

	while (in.len) {
		run.ops++;
		switch (next_u8(&in) % OP_NR) {
		case OP_SEGMENT:
			op_in_net(&in, op_segment);
			break;
		case OP_RAW:
			op_in_net(&in, op_raw);
			break;
		case OP_TICK:
			jiffies += (unsigned long)next_u8(&in) * HZ / 4;
			kshim_run_works();
			break;
		case OP_PARAM:
			op_param(&in);
			break;
		case OP_FLOOD:
			op_in_net(&in, op_flood);
			break;
		case OP_SCAN:
			op_in_net(&in, op_scan);
			break;
		case OP_NET_EXIT:
			b = next_u8(&in) % NETS;
			count_net(&nets[b]);
			net_exit(&nets[b]);
			net_init(&nets[b]);
			nets[b].bound = net_share();
			break;
		case OP_FAIL_ALLOC:
			kshim_fail_next_alloc = true;
			break;
		case OP_CLOCK:
			jiffies += (unsigned long)next_u8(&in) * HZ / 4;
			break;
		case OP_POLICY:
			check_policy(&in);
			break;
		}
		check();
	}

	for (i = 0; i < NETS; i++) {
		count_net(&nets[i]);
		net_exit(&nets[i]);
	}
	tcphs_table_exit();
	run.inputs++;
	return 0;
}
