// SPDX-License-Identifier: GPL-2.0
/*
 * The hot path of the connection table in userspace, for "make hotpath":
 * a parsed segment, its bucket, the lookup, the state machine, run under
 * callgrind, which counts the instructions of every call of
 * hotpath_segment() and of tcphs_seg_parse(), and only those
 * (--collect-atstart=no --toggle-collect). After each case the harness
 * dumps the counts under the case's name; bench/hotpath/report divides
 * them by the case's segments.
 *
 * hotpath_segment() is tcphs_table_segment() of module/table.c, running
 * the module's own code: tcphs_tuple_hash() (over the kernel's
 * lib/siphash.c), tcphs_tuple_match(), tcphs_conn_update_steady(),
 * tcphs_conn_open(), tcphs_conn_update() and tcphs_talkers_reset() for a
 * handshake that a reset ends. Only table.c's glue is written again here:
 * tcphs_table_segment()'s few lines, lookup()'s walk of a bucket (a plain
 * list for the RCU hlist), the linking of a new entry, laid out as
 * table.c's, 128 bytes, and half_open_move() (a plain count for the
 * atomic gauge). Not counted, as only the kernel has them: the bucket's
 * lock and the talkers' (a flag here), the atomics and per-CPU counters,
 * kmem_cache_alloc() (an
 * entry is the next of a pool here), eviction (the table never fills), the
 * clock of the handshake's delays (ktime_get_ns(), read here as jiffies),
 * the test of the flood alert's threshold.
 *
 * Everything is fixed: the siphash key, the addresses, the order in which
 * segments visit connections; callgrind's counts are then the same at
 * every run on the same build.
 */

#include <assert.h>
#include <endian.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/compiler.h>
#include <valgrind/callgrind.h>

#include "segment.h"
#include "state.h"
#include "talkers.h"
#include "tuple.h"

/*
 * As many buckets as table.c makes for max_conns' default with 1 GiB of RAM
 * (1/64 of it in 128-byte entries): 131072, for every case.
 */
enum {
	BUCKETS = 1 << 17,
	CONNS_SMALL = 1000,
	CONNS_LARGE = 100000,
	POOL = CONNS_LARGE + 3 * CONNS_SMALL,
	STEADY_SEGS = 200000,	/* segments of each steady case */
	MISS_SEGS = 100000,
	PARSE_SEGS = 100000,
	NET_MIX = 0x5eed,	/* net_hash_mix() of the one namespace */
	WIN = 502,		/* window, scaled by 2^7 */
};

/* table.c's struct tcphs_entry, with a plain list for the RCU hlist. */
struct entry {
	struct entry *next;		/* struct hlist_node node */
	struct entry **pprev;
	void *freed;			/* struct llist_node freed */
	const void *net;		/* possible_net_t net */
	struct tcphs_tuple tuple;
	u32 start;
	u32 last;
	struct tcphs_conn conn;
};

static_assert(sizeof(struct entry) == 128, "an entry as in table.c");

static struct {
	struct entry *buckets[BUCKETS];
	struct entry *pool;
	unsigned int used;
	hsiphash_key_t key;
	const void *net;
	struct tcphs_talkers talkers;	/* of the one namespace */
	int half_open;			/* its gauge */
} table = {
	.key = { { 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL } },
	.net = &table,
};

/* The clock of table.c, which stands still here. */
static unsigned long jiffies = 1000;
enum { HZ = 250 };

/* The path a segment took through hotpath_segment(). */
enum path {
	PATH_MISS,	/* not in the table, and opens nothing */
	PATH_INSERT,	/* not in the table, inserted */
	PATH_STEADY,	/* tcphs_conn_update_steady(), no lock */
	PATH_LOCKED,	/* tcphs_conn_update(), under the lock in table.c */
	PATH_NR
};

static const char *const path_name[PATH_NR] = {
	[PATH_MISS] = "miss",
	[PATH_INSERT] = "insert",
	[PATH_STEADY] = "steady",
	[PATH_LOCKED] = "locked",
};

/* table.c's half_open_move(), without the alert's test. */
static void half_open_move(bool inc)
{
	table.half_open += inc ? 1 : -1;
}

/* table.c's lookup(). */
static struct entry *lookup(unsigned int bucket, const void *net,
			    const struct tcphs_tuple *t, unsigned int *dir)
{
	struct entry *e;

	for (e = table.buckets[bucket]; e; e = e->next)
		if (e->net == net && tcphs_tuple_match(&e->tuple, t, dir))
			return e;
	return NULL;
}

static void fail(const char *what)
{
	fprintf(stderr, "hotpath: %s\n", what);
	exit(1);
}

/* table.c's seg_time(), which reads ktime_get_ns() where this reads jiffies. */
static u32 seg_time(const struct tcphs_conn *c, const struct tcphs_seg *seg)
{
	return tcphs_conn_timed(c, seg) ? (u32)jiffies : 0;
}

/* table.c's table_insert(), without eviction, lock and counters. */
static enum path insert(unsigned int bucket, const struct tcphs_tuple *t,
			const struct tcphs_seg *seg, u32 *events)
{
	struct tcphs_times times = { .now = seg_time(NULL, seg) };
	struct tcphs_conn conn;
	struct entry *e;

	if (!tcphs_conn_open(&conn, seg, true, &times, events))
		return PATH_MISS;
	e = &table.pool[table.used++];
	e->net = table.net;
	e->tuple = *t;
	e->start = 1;
	e->last = jiffies;
	e->conn = conn;
	e->next = table.buckets[bucket];
	if (e->next)
		e->next->pprev = &e->next;
	e->pprev = &table.buckets[bucket];
	table.buckets[bucket] = e;
	if (tcphs_phase_half_open(tcphs_conn_phase(&e->conn)))
		half_open_move(true);
	return PATH_INSERT;
}

/*
 * tcphs_table_segment(), the function callgrind counts: @t and @seg as
 * hook.c passes them. Return: the path taken; *@events, the counters moved.
 */
/* noipa: neither inlined nor cloned, for --toggle-collect to find it */
static __attribute__((noipa))
enum path hotpath_segment(const struct tcphs_tuple *t,
			  const struct tcphs_seg *seg, u32 *events)
{
	struct tcphs_times times;
	unsigned int bucket, dir;
	struct entry *e;

	bucket = tcphs_tuple_hash(t, NET_MIX, &table.key) & (BUCKETS - 1);
	e = lookup(bucket, table.net, t, &dir);
	/* table.c's test of a timeout at lookup: the clock stands still here. */
	if (e && unlikely((u32)jiffies - READ_ONCE(e->last) >= HZ))
		fail("a connection idle past a second");
	if (!e)
		return insert(bucket, t, seg, events);
	*events = 0;
	if (tcphs_conn_update_steady(&e->conn, seg, dir)) {
		if (READ_ONCE(e->last) != (u32)jiffies)
			WRITE_ONCE(e->last, jiffies);
		return PATH_STEADY;
	}
	times.now = seg_time(&e->conn, seg);
	*events = tcphs_conn_update(&e->conn, seg, dir, &times);
	if (*events & TCPHS_EV_HS_ENDS)
		half_open_move(false);
	if (*events & TCPHS_EV_HS_RESETS)
		/* With resets_interval's default, 10 s. */
		tcphs_talkers_reset(&table.talkers, &e->tuple, e->conn.client,
				    jiffies, 10 * HZ);
	if (*events & TCPHS_EV(TCPHS_EV_HS_STARTED))
		half_open_move(true);
	WRITE_ONCE(e->last, jiffies);
	return PATH_LOCKED;
}

static void table_reset(void)
{
	memset(table.buckets, 0, sizeof(table.buckets));
	memset(table.pool, 0, sizeof(*table.pool) * POOL);
	table.used = 0;
	table.half_open = 0;
}

/*
 * Connection @i: client 10.0.0.0/8 + @i, port 32768 + @i % 28000, to
 * 192.0.2.1:443; its ISNs x and y, and the direction of segments to send.
 */
enum { C, S };	/* from the client, from the server */

struct conn {
	struct tcphs_tuple t[2];	/* by direction */
	u32 x, y;
};

static void conn_make(struct conn *c, unsigned int i)
{
	u32 client = 0x0a000000 + i, server = 0xc0000201;
	u16 cport = 32768 + i % 28000, sport = 443;

	memset(c, 0, sizeof(*c));
	c->t[C].family = NFPROTO_IPV4;
	c->t[C].saddr.ip = htobe32(client);
	c->t[C].daddr.ip = htobe32(server);
	c->t[C].sport = cport;
	c->t[C].dport = sport;
	c->t[S].family = NFPROTO_IPV4;
	c->t[S].saddr.ip = htobe32(server);
	c->t[S].daddr.ip = htobe32(client);
	c->t[S].sport = sport;
	c->t[S].dport = cport;
	c->x = i * 7919u;
	c->y = i * 104729u + 1;
}

/* One segment of a connection's script: x and y are added to seq and ack. */
struct step {
	const char *key;
	const char *label;
	unsigned int dir;
	u8 flags;
	u32 seq;	/* + x from the client, + y from the server */
	u32 ack;	/* + y from the client, + x from the server */
	u32 payload;
	u8 wscale;
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define A TCPHS_ACK
#define P TCPHS_PSH
#define NONE TCPHS_WSCALE_NONE

/*
 * A request and its answer, the client closing first. Its first 7
 * segments open a connection for the steady cases, whose segments are
 * then data segments like the 7th's.
 */
static const struct step script[] = {
	{ "syn", "SYN", C, TCPHS_SYN, 0, 0, 0, 7 },
	{ "synack", "SYN-ACK", S, TCPHS_SYN | A, 0, 1, 0, 7 },
	{ "ack", "ACK, handshake done", C, A, 1, 1, 0, NONE },
	{ "request", "client's first data", C, A | P, 1, 1, 100, NONE },
	{ "ack_request", "server's first ACK", S, A, 1, 101, 0, NONE },
	{ "answer", "server's first data", S, A | P, 1, 101, 1000, NONE },
	{ "ack_answer", "client ACK of data", C, A, 101, 1001, 0, NONE },
	{ "fin", "client FIN", C, TCPHS_FIN | A, 101, 1001, 0, NONE },
	{ "ack_fin", "server ACK of FIN", S, A, 1001, 102, 0, NONE },
	{ "fin2", "server FIN", S, TCPHS_FIN | A, 1001, 102, 0, NONE },
	{ "ack_fin2", "client ACK of FIN, closed", C, A, 102, 1002, 0, NONE },
};

enum { SCRIPT_OPEN = 7, SCRIPT_LEN = ARRAY_SIZE(script) };

static void step_seg(struct tcphs_seg *seg, const struct conn *c,
		     const struct step *s)
{
	u32 own = s->dir == C ? c->x : c->y, peer = s->dir == C ? c->y : c->x;

	*seg = (struct tcphs_seg){
		.seq = own + s->seq,
		.ack = s->flags & A ? peer + s->ack : 0,
		.payload = s->payload,
		.sport = c->t[s->dir].sport,
		.dport = c->t[s->dir].dport,
		.window = WIN,
		.flags = s->flags,
		.hdr_len = 32,
		.wscale = s->wscale,
	};
}

/* The hot path runs as the hooks do, in a softirq: bottom halves off. */
int kshim_bh_off = 1;

/*
 * What the shims of module/tests/include call on a bug, such as a lock
 * taken twice.
 */
void kshim_report(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hotpath: %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* Run step @s of connections @first to @first + @n, all on one path. */
static enum path run_step(unsigned int first, unsigned int n,
			  const struct step *s, u32 *all_events)
{
	enum path path = PATH_NR;
	unsigned int i;

	for (i = first; i < first + n; i++) {
		struct tcphs_seg seg;
		struct conn c;
		enum path p;
		u32 events;

		conn_make(&c, i);
		step_seg(&seg, &c, s);
		p = hotpath_segment(&c.t[s->dir], &seg, &events);
		if (path != PATH_NR && p != path)
			fail("one step took two paths");
		path = p;
		*all_events |= events;
	}
	return path;
}

/* Dump the counts since the last dump: "KEY SEGMENTS PATH LABEL". */
static void dump(const char *key, unsigned int segs, enum path path,
		 const char *label)
{
	char name[256];

	snprintf(name, sizeof(name), "%s %u %s %s", key, segs,
		 path == PATH_NR ? "-" : path_name[path], label);
	CALLGRIND_DUMP_STATS_AT(name);
}

/* Open connections @first to @first + @n: the script's first steps. */
static void open_conns(unsigned int first, unsigned int n)
{
	u32 events = 0;
	unsigned int k;

	for (k = 0; k < SCRIPT_OPEN; k++)
		run_step(first, n, &script[k], &events);
	if (!(events & TCPHS_EV(TCPHS_EV_HS_COMPLETED)))
		fail("connections not established");
}

/* A fixed sequence of connection numbers below @n, in no useful order. */
static u32 next_rand(u32 *state, unsigned int n)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state % n;
}

/*
 * Data segments of connections drawn at random among @n open ones, either
 * way, like the 7th of the script but with moving seq and ack.
 */
static void steady(const char *key, unsigned int n, const char *label)
{
	u32 rnd = 2463534242u, events;
	unsigned int i;

	CALLGRIND_ZERO_STATS;
	for (i = 0; i < STEADY_SEGS; i++) {
		unsigned int dir = i & 1;
		struct step s = {
			.dir = dir, .flags = A | P, .seq = 101 + i * 100,
			.ack = 1001, .payload = 100, .wscale = NONE,
		};
		struct tcphs_seg seg;
		struct conn c;

		conn_make(&c, next_rand(&rnd, n));
		step_seg(&seg, &c, &s);
		if (hotpath_segment(&c.t[dir], &seg, &events) != PATH_STEADY)
			fail("a data segment off the lockless path");
	}
	dump(key, STEADY_SEGS, PATH_STEADY, label);
}

/* SYN-ACKs of connections never seen: the lookup fails, nothing opens. */
static void miss(const char *key, const char *label)
{
	u32 events;
	unsigned int i;

	CALLGRIND_ZERO_STATS;
	for (i = 0; i < MISS_SEGS; i++) {
		struct tcphs_seg seg;
		struct conn c;

		conn_make(&c, POOL + i);
		step_seg(&seg, &c, &script[1]);
		if (hotpath_segment(&c.t[S], &seg, &events) != PATH_MISS)
			fail("a SYN-ACK of no connection tracked");
	}
	dump(key, MISS_SEGS, PATH_MISS, label);
}

/* Each step of the script over @n new connections, counted apart. */
static void connection(unsigned int first, unsigned int n)
{
	u32 events = 0;
	unsigned int k;

	for (k = 0; k < SCRIPT_LEN; k++) {
		char key[64];
		enum path path;

		CALLGRIND_ZERO_STATS;
		path = run_step(first, n, &script[k], &events);
		snprintf(key, sizeof(key), "conn.%02u.%s", k + 1, script[k].key);
		dump(key, n, path, script[k].label);
	}
	if (!(events & TCPHS_EV(TCPHS_EV_CLOSE_FIN)))
		fail("connections not closed");
}

/*
 * The script over @n new connections, each whole before the next: no
 * other in its handshake, as on a host that is not flooded.
 */
static void one_by_one(unsigned int first, unsigned int n)
{
	u32 events = 0;
	unsigned int i, k;

	CALLGRIND_ZERO_STATS;
	for (i = first; i < first + n; i++)
		for (k = 0; k < SCRIPT_LEN; k++)
			run_step(i, 1, &script[k], &events);
	dump("alone.mean", n * SCRIPT_LEN, PATH_NR,
	     "a whole connection, one after another: mean of its segments");
	if (!(events & TCPHS_EV(TCPHS_EV_CLOSE_FIN)))
		fail("connections not closed");
}

/* tcphs_seg_parse() alone, on the bytes of a TCP header. */
static void parse(const char *key, const u8 *th, u8 hdr_len, u32 len,
		  const char *label)
{
	struct tcphs_seg seg;
	unsigned int i;

	CALLGRIND_ZERO_STATS;
	for (i = 0; i < PARSE_SEGS; i++)
		if (!tcphs_seg_parse(&seg, th, len) || seg.hdr_len != hdr_len)
			fail("a header not parsed");
	dump(key, PARSE_SEGS, PATH_NR, label);
}

int main(void)
{
	/* Data with timestamps, as Linux sends: NOP, NOP, TS. */
	static const u8 data_hdr[32] = {
		0x80, 0x00, 0x01, 0xbb, 0, 0, 0x10, 0, 0, 0, 0x20, 0,
		0x80, TCPHS_ACK | TCPHS_PSH, 0x01, 0xf6, 0, 0, 0, 0,
		1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2,
	};
	/* A SYN as Linux sends: MSS, SACK permitted, TS, NOP, WS. */
	static const u8 syn_hdr[40] = {
		0x80, 0x00, 0x01, 0xbb, 0, 0, 0x10, 0, 0, 0, 0, 0,
		0xa0, TCPHS_SYN, 0xfa, 0xf0, 0, 0, 0, 0,
		2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0,
		1, 3, 3, 7,
	};

	table.pool = calloc(POOL, sizeof(*table.pool));
	if (!table.pool || tcphs_talkers_init(&table.talkers, jiffies))
		fail("out of memory");

	parse("parse.data", data_hdr, 32, 32 + 1448,
	      "tcphs_seg_parse(): data, 12 bytes of options");
	parse("parse.syn", syn_hdr, 40, 40,
	      "tcphs_seg_parse(): SYN, 20 bytes of options");

	table_reset();
	open_conns(0, CONNS_SMALL);
	steady("steady.1k", CONNS_SMALL,
	       "data of an established connection, 1k in the table");
	connection(CONNS_SMALL, CONNS_SMALL);
	one_by_one(2 * CONNS_SMALL, CONNS_SMALL);

	table_reset();
	open_conns(0, CONNS_LARGE);
	steady("steady.100k", CONNS_LARGE,
	       "data of an established connection, 100k in the table");
	miss("miss.100k", "SYN-ACK of no connection, 100k in the table");

	if (!RUNNING_ON_VALGRIND)
		fprintf(stderr, "hotpath: not under callgrind: nothing counted\n");
	tcphs_talkers_free(&table.talkers);
	free(table.pool);
	return 0;
}
