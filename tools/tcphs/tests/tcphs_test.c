// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the parsing and rendering of tools/tcphs, on the files of
 * fixtures/: copies of /proc/tcphs from the module (basic, later: two
 * seconds on; empty), from a newer module (future: a counter, a column, a
 * state and a delay this tool does not know, two counters it knows
 * missing, columns and delays reordered, latency lines of no delay, events
 * with a column and a reason it does not know, top and resets with a
 * column they do not know and their ports first), events with gaps in
 * their numbers (lost), and broken ones (bad/). Local times are UTC's.
 * Each rendering is compared to its file in expected/; on a difference the
 * output is written next to the test binary as NAME.got, for diff.
 *
 * Run from the top directory: build/tcphs_test tools/tcphs/tests.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "kselftest_harness.h"
#include "tcphs.h"

static const char *test_dir;

static char *path_of(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", test_dir, rel);
	return path;
}

/* Parse fixtures/DIR/stats or latency, or a broken file of bad/. */
static int load_stats(struct stats *s, const char *dir, const char *file,
		      struct tcphs_err *err)
{
	char *buf;
	size_t len;

	if (proc_read(path_of(dir), file, &buf, &len, err))
		return -1;
	return stats_parse(s, buf, len, file, err);
}

static int load_conns(struct conns *c, const char *dir, const char *file,
		      struct tcphs_err *err)
{
	char *buf;
	size_t len;

	if (proc_read(path_of(dir), file, &buf, &len, err))
		return -1;
	return conns_parse(c, buf, len, file, err);
}

/* The parser of top or of resets. */
typedef int (*talkers_parse)(struct conns *c, char *buf, size_t len,
			     const char *path, struct tcphs_err *err);

/* Parse fixtures/DIR/top or resets with @parse, or a broken file of bad/. */
static int load_talkers(struct conns *c, const char *dir, const char *file,
			talkers_parse parse, struct tcphs_err *err)
{
	char *buf;
	size_t len;

	if (proc_read(path_of(dir), file, &buf, &len, err))
		return -1;
	return parse(c, buf, len, file, err);
}

/* Parse fixtures/DIR/events, or a broken file of bad/, from @pos on. */
static int load_events(struct conns *c, const char *dir, const char *file,
		       struct events_pos *pos, struct tcphs_err *err)
{
	char *buf;
	size_t len;

	if (proc_read(path_of(dir), file, &buf, &len, err))
		return -1;
	return events_parse(c, buf, len, file, pos, err);
}

/* Whether @got is expected/@name; if not, @got goes to NAME.got. */
static bool same_as_expected(const char *name, const char *got)
{
	struct tcphs_err err;
	char *want, file[256];
	size_t len;
	bool same;
	FILE *f;

	if (proc_read(path_of("expected"), name, &want, &len, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		want = NULL;
	}
	same = want && !strcmp(want, got);
	if (!same) {
		snprintf(file, sizeof(file), "%s.got", name);
		f = fopen(file, "w");
		if (f) {
			fputs(got, f);
			fclose(f);
		}
		fprintf(stderr, "%s differs from expected/%s: see ./%s\n",
			name, name, file);
	}
	free(want);
	return same;
}

/* A rendering, in a string the caller frees. */
#define RENDER(call) ({					\
	char *_buf = NULL;					\
	size_t _len;						\
	FILE *f = open_memstream(&_buf, &_len);			\
								\
	ASSERT_NE(NULL, f);					\
	call;							\
	ASSERT_EQ(0, fclose(f));				\
	_buf;							\
})

static const struct sample at = { .time = 1795519211.022 };
static const struct sample two_s_on = { .time = 1795519213.022,
					.interval = 2.0 };

/* One broken file, and the message it must give. */
struct bad_case {
	const char *file;
	const char *msg;
};

static const struct bad_case bad_stats_cases[] = {
	{ "no-value.stats", "no-value.stats:2: garbage: expected \"name value\"" },
	{ "word-value.stats", "word-value.stats:2: garbage: expected \"name value\"" },
	{ "three-words.stats", "three-words.stats:2: garbage: expected \"name value\"" },
	{ "truncated.stats", "truncated.stats:2: truncated: the last line has no newline" },
	{ "nul.stats", "nul.stats:2: garbage: byte 0x00 at column 6" },
	{ "twice.stats", "twice.stats:2: \"packets\" a second time" },
	{ "overflow.stats", "overflow.stats:1: garbage: expected \"name value\"" },
	{ "negative.stats", "negative.stats:1: garbage: expected \"name value\"" },
	{ "empty.stats", "empty.stats: empty" },
	{ "binary.stats", "binary.stats:1: garbage: byte 0x89 at column 1" },
	{ "bad-name.stats", "bad-name.stats:2: garbage: expected \"name value\"" },
	/* /proc/tcphs/latency, read by the same parser */
	{ "value.latency", "value.latency:2: garbage: expected \"name value\"" },
	{ "twice.latency", "twice.latency:3: \"syn_synack_us_0_1\" a second time" },
	{ "truncated.latency", "truncated.latency:3: truncated: the last line has no newline" },
};

static const struct bad_case bad_conns_cases[] = {
	{ "fields.conns", "fields.conns:2: garbage: 7 fields for 8 columns" },
	{ "no-port.conns", "no-port.conns:2: garbage: bad client \"192.0.2.1\"" },
	{ "big-port.conns", "big-port.conns:2: garbage: bad client \"192.0.2.1:70000\"" },
	{ "bad-addr.conns", "bad-addr.conns:2: garbage: bad client \"192.0.2.300:1\"" },
	{ "mixed.conns", "mixed.conns:2: garbage: client and server of different families" },
	{ "no-server.conns", "no-server.conns:1: no column \"server\" in the header" },
	{ "truncated.conns", "truncated.conns:2: truncated: the last line has no newline" },
	{ "empty.conns", "empty.conns: empty: no header" },
};

static const struct bad_case bad_events_cases[] = {
	{ "fields.events", "fields.events:3: garbage: 7 fields for 8 columns" },
	{ "seq.events", "seq.events:3: garbage: bad seq \"-1\"" },
	{ "back.events", "back.events:3: garbage: seq 5 after 5" },
	{ "time.events", "time.events:2: garbage: bad time \"1795519211.00000\"" },
	{ "no-usec.events", "no-usec.events:2: garbage: bad time \"1795519211\"" },
	{ "big-time.events",
	  "big-time.events:2: garbage: bad time \"18446744073709.551615\"" },
	{ "reason.events", "reason.events:2: garbage: bad reason \"hs-rejected\"" },
	{ "family.events", "family.events:2: garbage: bad family \"ipv5\"" },
	{ "family-v4.events", "family-v4.events:2: garbage: bad family \"ipv6\"" },
	{ "bad-server.events",
	  "bad-server.events:2: garbage: bad server \"[2001:db8::g]:80\"" },
	{ "no-time.events", "no-time.events:1: no column \"time\" in the header" },
	{ "truncated.events",
	  "truncated.events:2: truncated: the last line has no newline" },
	{ "empty.events", "empty.events: empty: no header" },
};

static const struct bad_case bad_top_cases[] = {
	{ "kind.top", "kind.top:3: garbage: bad kind \"peer\"" },
	{ "bad-addr.top", "bad-addr.top:2: garbage: bad source \"192.0.2.300\"" },
	{ "brackets.top",
	  "brackets.top:3: garbage: bad source \"[2001:db8::2]\"" },
	{ "port-source.top", "port-source.top:2: garbage: bad source \"80\"" },
	{ "big-port.top", "big-port.top:3: garbage: bad port \"65536\"" },
	{ "addr-port.top", "addr-port.top:2: garbage: bad port \"192.0.2.1\"" },
	{ "half-open.top", "half-open.top:2: garbage: bad half_open \"many\"" },
	{ "negative.top", "negative.top:2: garbage: bad error \"-1\"" },
	{ "overflow.top",
	  "overflow.top:2: garbage: bad half_open \"18446744073709551616\"" },
	{ "error.top", "error.top:3: garbage: error 2 above half_open 1" },
	{ "fields.top", "fields.top:2: garbage: 3 fields for 4 columns" },
	{ "no-error.top", "no-error.top:1: no column \"error\" in the header" },
	{ "twice.top", "twice.top:1: column \"kind\" a second time" },
	{ "truncated.top",
	  "truncated.top:2: truncated: the last line has no newline" },
	{ "empty.top", "empty.top: empty: no header" },
};

/* /proc/tcphs/resets, read by the same parser as top. */
static const struct bad_case bad_resets_cases[] = {
	{ "kind.resets", "kind.resets:3: garbage: bad kind \"scan\"" },
	{ "bad-addr.resets",
	  "bad-addr.resets:2: garbage: bad source \"2001:db8::g\"" },
	{ "big-port.resets", "big-port.resets:3: garbage: bad port \"70000\"" },
	{ "negative.resets", "negative.resets:2: garbage: bad resets \"-3\"" },
	{ "error.resets", "error.resets:3: garbage: error 2 above resets 1" },
	{ "fields.resets", "fields.resets:2: garbage: 5 fields for 4 columns" },
	{ "no-resets.resets",
	  "no-resets.resets:1: no column \"resets\" in the header" },
	{ "truncated.resets",
	  "truncated.resets:2: truncated: the last line has no newline" },
	{ "empty.resets", "empty.resets: empty: no header" },
};

TEST(bad_stats)
{
	struct tcphs_err err;
	struct stats s;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_stats_cases); i++) {
		ASSERT_EQ(-1, load_stats(&s, "fixtures/bad", bad_stats_cases[i].file,
					 &err));
		EXPECT_STREQ(bad_stats_cases[i].msg, err.msg);
	}
}

TEST(bad_conns)
{
	struct tcphs_err err;
	struct conns c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_conns_cases); i++) {
		ASSERT_EQ(-1, load_conns(&c, "fixtures/bad", bad_conns_cases[i].file,
					 &err));
		EXPECT_STREQ(bad_conns_cases[i].msg, err.msg);
	}
}

TEST(bad_events)
{
	struct events_pos pos;
	struct tcphs_err err;
	struct conns c;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad_events_cases); i++) {
		pos = (struct events_pos){};
		ASSERT_EQ(-1, load_events(&c, "fixtures/bad",
					  bad_events_cases[i].file, &pos, &err));
		EXPECT_STREQ(bad_events_cases[i].msg, err.msg);
	}
}

TEST(bad_top)
{
	static const struct {
		const struct bad_case *cases;
		size_t nr;
		talkers_parse parse;
	} files[] = {
		{ bad_top_cases, ARRAY_SIZE(bad_top_cases), top_parse },
		{ bad_resets_cases, ARRAY_SIZE(bad_resets_cases), resets_parse },
	};
	const struct bad_case *bad;
	struct tcphs_err err;
	struct conns c;
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		for (k = 0; k < files[i].nr; k++) {
			bad = &files[i].cases[k];
			ASSERT_EQ(-1, load_talkers(&c, "fixtures/bad",
						   bad->file, files[i].parse,
						   &err));
			EXPECT_STREQ(bad->msg, err.msg);
		}
	}
}

TEST(missing_file)
{
	struct tcphs_err err;
	char *buf;
	size_t len;

	ASSERT_EQ(-1, proc_read("/nonexistent", "stats", &buf, &len, &err));
	EXPECT_STREQ("/nonexistent/stats: No such file or directory", err.msg);
}

TEST(stats_by_name)
{
	struct tcphs_err err;
	struct stats s;

	ASSERT_EQ(0, load_stats(&s, "fixtures/future", "stats", &err));
	EXPECT_EQ(39, s.nr);
	EXPECT_EQ(4096, *stats_get(&s, "retrans_bytes"));
	EXPECT_EQ(2, *stats_get(&s, "malformed"));
	EXPECT_EQ(109277, *stats_get(&s, "conns_max"));
	EXPECT_EQ(2, *stats_get(&s, "chain_max"));
	EXPECT_EQ(NULL, stats_get(&s, "cwr"));
	stats_free(&s);
}

TEST(conns_by_column)
{
	struct tcphs_err err;
	struct conns c;

	ASSERT_EQ(0, load_conns(&c, "fixtures/future", "conns", &err));
	ASSERT_EQ(3, c.nr);
	EXPECT_EQ(9, c.ncol);
	EXPECT_STREQ("SYN_SENT", conn_state(&c, &c.conn[1], 0));
	EXPECT_STREQ("LISTEN", conn_state(&c, &c.conn[1], 1));
	EXPECT_EQ(AF_INET6, c.conn[1].ep[1].af);
	EXPECT_EQ(443, c.conn[1].ep[1].port);
	conns_free(&c);
}

/*
 * Each rendering of @file, stats or latency, of @dir, after @prev_dir when
 * not NULL, in expected/NAME-FILE.txt, -z.txt, .json, -z.json (latency
 * only: stats prints zeros in JSON always) and .prom.
 */
static void check_kv(struct __test_metadata *_metadata, const char *file,
		     const char *dir, const char *prev_dir, const char *name)
{
	static const struct {
		const char *suffix;
		struct stats_opts o;
	} fmts[] = {
		{ ".txt", { FMT_TEXT, false } },
		{ "-z.txt", { FMT_TEXT, true } },
		{ ".json", { FMT_JSON, false } },
		{ "-z.json", { FMT_JSON, true } },
		{ ".prom", { FMT_PROMETHEUS, false } },
	};
	bool stats = !strcmp(file, "stats");
	const struct sample *t = prev_dir ? &two_s_on : &at;
	struct stats cur, prev;
	struct tcphs_err err;
	char want[256];
	struct conns c;
	size_t i;

	ASSERT_EQ(0, load_stats(&cur, dir, file, &err));
	if (prev_dir)
		ASSERT_EQ(0, load_stats(&prev, prev_dir, file, &err));
	if (stats)
		ASSERT_EQ(0, load_conns(&c, dir, "conns", &err));
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		const struct stats_opts *o = &fmts[i].o;
		const struct stats *p = prev_dir ? &prev : NULL;
		char *got;

		if (stats && o->fmt == FMT_JSON && o->zeros)
			continue;
		got = RENDER(stats ? stats_render(f, o, t, &cur, p, &c) :
			     latency_render(f, o, t, &cur, p));
		snprintf(want, sizeof(want), "%s-%s%s", name, file,
			 fmts[i].suffix);
		EXPECT_TRUE(same_as_expected(want, got));
		free(got);
	}
	stats_free(&cur);
	if (prev_dir)
		stats_free(&prev);
	if (stats)
		conns_free(&c);
}

/*
 * The known names, counters or delays, come in the tool's order, whatever
 * the order of the file.
 */
TEST(stats_latency_formats)
{
	static const char *const files[] = { "stats", "latency" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		check_kv(_metadata, files[i], "fixtures/basic", NULL, "basic");
		check_kv(_metadata, files[i], "fixtures/later", "fixtures/basic",
			 "rates");
		check_kv(_metadata, files[i], "fixtures/future", NULL,
			 "future");
		check_kv(_metadata, files[i], "fixtures/empty", NULL, "empty");
	}
}

/*
 * The delays of a file, in the order of their first lines, wherever their
 * other lines are; the lines of no delay, or with the bounds of no bucket,
 * left out.
 */
TEST(latency_by_name)
{
	static const struct delay want[] = {
		{ .name = "synack_ack" },
		{ .name = "ack_data", .count = 8, .sum_us = 8900,
		  .bucket = { [8] = 1, [9] = 3, [10] = 4 } },
		{ .name = "syn_synack", .count = 3, .sum_us = 60,
		  .bucket = { [3] = 1, [4] = 2 } },
	};
	struct tcphs_err err;
	struct delay *d;
	struct stats s;
	unsigned int b;
	size_t i, n;

	ASSERT_EQ(0, load_stats(&s, "fixtures/future", "latency", &err));
	d = delays_collect(&s, &n);
	ASSERT_NE(NULL, d);
	ASSERT_EQ(ARRAY_SIZE(want), n);
	for (i = 0; i < n; i++) {
		EXPECT_STREQ(want[i].name, d[i].name);
		EXPECT_EQ(want[i].count, d[i].count);
		EXPECT_EQ(want[i].sum_us, d[i].sum_us);
		for (b = 0; b < DELAY_BUCKETS; b++)
			EXPECT_EQ(want[i].bucket[b], d[i].bucket[b]);
	}
	delays_free(d, n);
	stats_free(&s);
}

/* The bounds of the buckets, as the module names them. */
TEST(latency_buckets)
{
	static const struct {
		unsigned int b;
		uint64_t low, high;
	} cases[] = {
		{ 0, 0, 1 },
		{ 1, 2, 3 },
		{ 5, 32, 63 },
		{ 31, 2147483648ull, 4294967295ull },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(cases[i].low, delay_low_us(cases[i].b));
		EXPECT_EQ(cases[i].high, delay_high_us(cases[i].b));
	}
}

/*
 * After a sample with more (the module loaded again), or without the delay
 * (a newer module loaded), a delay shows its totals: basic after later,
 * future (whose ack_data is new) after basic.
 */
TEST(latency_reload)
{
	static const struct stats_opts o = { FMT_TEXT, false };
	static const char *const cases[][3] = {
		{ "fixtures/basic", "fixtures/later", "basic-latency.txt" },
		{ "fixtures/future", "fixtures/basic", "future-latency.txt" },
	};
	struct stats cur, prev;
	struct tcphs_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got;

		ASSERT_EQ(0, load_stats(&cur, cases[i][0], "latency", &err));
		ASSERT_EQ(0, load_stats(&prev, cases[i][1], "latency", &err));
		got = RENDER(latency_render(f, &o, &two_s_on, &cur, &prev));
		EXPECT_TRUE(same_as_expected(cases[i][2], got));
		free(got);
		stats_free(&cur);
		stats_free(&prev);
	}
}

/* Each rendering of the connections of @dir with @flt. */
static void check_conns(struct __test_metadata *_metadata, const char *dir,
			const struct conns_filter *flt, const char *name)
{
	static const struct {
		const char *suffix;
		enum format fmt;
		bool summary;
	} fmts[] = {
		{ "conns.txt", FMT_TEXT, false },
		{ "conns.json", FMT_JSON, false },
		{ "conns-s.txt", FMT_TEXT, true },
		{ "conns-s.json", FMT_JSON, true },
	};
	struct tcphs_err err;
	struct conns c;
	char file[256];
	size_t i;

	ASSERT_EQ(0, load_conns(&c, dir, "conns", &err));
	for (i = 0; i < ARRAY_SIZE(fmts); i++) {
		struct conns_opts o = { fmts[i].fmt, fmts[i].summary, false,
					flt };
		char *got = RENDER(conns_render(f, &o, &at, &c));

		snprintf(file, sizeof(file), "%s-%s", name, fmts[i].suffix);
		EXPECT_TRUE(same_as_expected(file, got));
		free(got);
	}
	conns_free(&c);
}

TEST(conns_formats)
{
	check_conns(_metadata, "fixtures/basic", NULL, "basic");
	check_conns(_metadata, "fixtures/future", NULL, "future");
	check_conns(_metadata, "fixtures/empty", NULL, "empty");
}

/* The client ports of the lines "tcphs conns" shows with @flt. */
static void kept_ports(struct __test_metadata *_metadata,
		       const struct conns_filter *flt, char *ports, size_t size)
{
	const struct conns_opts o = { FMT_TEXT, false, false, flt };
	char *out, *line, *save, client[64];
	struct tcphs_err err;
	struct endpoint ep;
	struct conns c;
	size_t len = 0;
	int n;

	ASSERT_EQ(0, load_conns(&c, "fixtures/basic", "conns", &err));
	out = RENDER(conns_render(f, &o, &at, &c));
	ports[0] = '\0';
	/* After the header, the client is the second column. */
	for (line = strtok_r(strchr(out, '\n') + 1, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		n = sscanf(line, "%*s %63s", client);
		ASSERT_EQ(1, n);
		ASSERT_EQ(0, endpoint_parse(&ep, client));
		len += snprintf(ports + len, size - len, "%s%u",
				len ? " " : "", ep.port);
	}
	free(out);
	conns_free(&c);
}

/* Filters: the lines of basic/conns each one keeps. */
TEST(conns_filter)
{
	static const struct {
		const char *args[6];
		const char *want;	/* client ports of the kept lines */
	} cases[] = {
		{ { "state", "listen" }, "1000 1000 1000 1000 1000" },
		{ { "state", "time-wait" }, "39058 39072 39076 35666 35670" },
		{ { "state", "Closed", "port", "9" }, "53784" },
		{ { "state", "half-open" }, "1000 1000 1000 1000 1000" },
		{ { "port", "7777", "addr", "2001:db8::/32" }, "35666 35670" },
		{ { "port", "9", "port", "1000" },
		  "53784 1000 1000 1000 1000 1000" },
		{ { "addr", "198.51.100.12" }, "1000" },
		{ { "addr", "198.51.100.12/31" }, "1000 1000" },
		{ { "addr", "[2001:db8::1]" }, "35666 35670" },
		{ { "addr", "0.0.0.0/0", "state", "syn_rcvd" }, "" },
		{ { "port", "discard" }, "53784" },
	};
	struct conns_filter flt;
	struct tcphs_err err;
	char got[256];
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		flt = (struct conns_filter){};
		for (k = 0; cases[i].args[k]; k += 2)
			ASSERT_EQ(0, filter_add(&flt, false, cases[i].args[k],
						cases[i].args[k + 1], &err));
		kept_ports(_metadata, &flt, got, sizeof(got));
		EXPECT_STREQ(cases[i].want, got);
		filter_free(&flt);
	}
}

TEST(filter_errors)
{
	static const struct {
		bool events;
		const char *kind, *arg, *msg;
	} cases[] = {
		{ false, "state", "OPEN",
	  "unknown state \"OPEN\": LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED or half-open"
	},
		{ false, "port", "65536",
	  "bad port \"65536\": a number from 0 to 65535 or a TCP service name" },
		{ false, "port", "8o",
	  "bad port \"8o\": a number from 0 to 65535 or a TCP service name" },
		{ false, "port", "nosuchservice",
	  "bad port \"nosuchservice\": a number from 0 to 65535 or a TCP service name" },
		{ false, "addr", "192.0.2.1/33",
	  "bad address \"192.0.2.1/33\": an IPv4 or IPv6 address, with an optional /PREFIX" },
		{ false, "addr", "2001:db8::/",
	  "bad address \"2001:db8::/\": an IPv4 or IPv6 address, with an optional /PREFIX" },
		{ false, "addr", "host",
	  "bad address \"host\": an IPv4 or IPv6 address, with an optional /PREFIX" },
		{ false, "proto", "tcp",
	  "unknown filter \"proto\": state, port or addr" },
		{ false, "reason", "close_rst",
	  "unknown filter \"reason\": state, port or addr" },
		{ true, "state", "LISTEN",
	  "unknown filter \"state\": reason, port or addr" },
		{ true, "reason", "HS_REJECTED",
	  "bad reason \"HS_REJECTED\": the name of a counter, such as hs_rejected or close_rst" },
		{ true, "reason", "hs-rejected",
	  "bad reason \"hs-rejected\": the name of a counter, such as hs_rejected or close_rst" },
		{ true, "reason", "",
	  "bad reason \"\": the name of a counter, such as hs_rejected or close_rst" },
		{ true, "port", "x",
	  "bad port \"x\": a number from 0 to 65535 or a TCP service name" },
	};
	struct conns_filter flt = {};
	struct tcphs_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		ASSERT_EQ(-1, filter_add(&flt, cases[i].events, cases[i].kind,
					 cases[i].arg, &err));
		EXPECT_STREQ(cases[i].msg, err.msg);
	}
	EXPECT_EQ(0, flt.nstate + flt.nport + flt.naddr + flt.nreason);
	filter_free(&flt);
}

/* A line of top or resets, as the test wants it parsed. */
struct want_talker {
	enum talker_kind kind;
	int af;
	const char *addr;
	uint16_t port;
	uint64_t count, error;
};

/*
 * The lines of top and resets by column, the keys as the file gives them,
 * each count from the column of its file's name for it.
 */
TEST(top_by_column)
{
	static const struct want_talker want_top[] = {
		{ TALKER_PORT, 0, NULL, 80, 4, 0 },
		{ TALKER_PORT, 0, NULL, 443, 1, 0 },
		{ TALKER_SOURCE, AF_INET, "198.51.100.7", 0, 4, 0 },
		{ TALKER_SOURCE, AF_INET6, "2001:db8::1", 0, 1, 0 },
	};
	static const struct want_talker want_resets[] = {
		{ TALKER_PORT, 0, NULL, 9, 5, 0 },
		{ TALKER_PORT, 0, NULL, 22, 2, 0 },
		{ TALKER_SOURCE, AF_INET, "198.51.100.7", 0, 6, 0 },
		{ TALKER_SOURCE, AF_INET6, "2001:db8::1", 0, 1, 1 },
	};
	static const struct {
		const char *file;
		talkers_parse parse;
		const struct want_talker *want;
	} files[] = {
		{ "top", top_parse, want_top },
		{ "resets", resets_parse, want_resets },
	};
	const struct want_talker *want;
	struct tcphs_err err;
	const struct talker *t;
	char addr[64];
	struct conns c;
	size_t i, k;

	for (k = 0; k < ARRAY_SIZE(files); k++) {
		ASSERT_EQ(0, load_talkers(&c, "fixtures/future", files[k].file,
					  files[k].parse, &err));
		ASSERT_EQ(4, c.nr);
		EXPECT_EQ(5, c.ncol);
		for (i = 0; i < c.nr; i++) {
			t = &c.conn[i].talker;
			want = &files[k].want[i];
			EXPECT_EQ(want->kind, t->kind);
			EXPECT_EQ(want->af, t->key.af);
			EXPECT_EQ(want->port, t->key.port);
			EXPECT_EQ(want->count, t->count);
			EXPECT_EQ(want->error, t->error);
			if (want->addr) {
				endpoint_addr_str(&t->key, addr, sizeof(addr));
				EXPECT_STREQ(want->addr, addr);
			}
		}
		conns_free(&c);
	}
}

/*
 * Each rendering of the top talkers of @dir, of top and of resets: the first
 * 10 of each kind, or the first 2 (basic).
 */
TEST(top_formats)
{
	static const struct {
		const char *dir, *file;
		struct top_opts o;
	} cases[] = {
		{ "basic", "basic-top.txt", { FMT_TEXT, 10 } },
		{ "basic", "basic-top-n2.txt", { FMT_TEXT, 2 } },
		{ "basic", "basic-top.json", { FMT_JSON, 10 } },
		{ "basic", "basic-top-n2.json", { FMT_JSON, 2 } },
		{ "future", "future-top.txt", { FMT_TEXT, 10 } },
		{ "future", "future-top.json", { FMT_JSON, 10 } },
		{ "empty", "empty-top.txt", { FMT_TEXT, 10 } },
		{ "empty", "empty-top.json", { FMT_JSON, 10 } },
	};
	struct conns top, resets;
	struct tcphs_err err;
	char dir[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got;

		snprintf(dir, sizeof(dir), "fixtures/%s", cases[i].dir);
		ASSERT_EQ(0, load_talkers(&top, dir, "top", top_parse, &err));
		ASSERT_EQ(0, load_talkers(&resets, dir, "resets", resets_parse,
					  &err));
		got = RENDER(top_render(f, &cases[i].o, &at, &top, &resets));
		EXPECT_TRUE(same_as_expected(cases[i].file, got));
		free(got);
		conns_free(&top);
		conns_free(&resets);
	}
}

/* Each rendering of the events of @dir, with the header. */
TEST(events_formats)
{
	static const char *const dirs[] = { "basic", "empty", "future", "lost" };
	static const struct {
		const char *suffix;
		enum format fmt;
	} fmts[] = {
		{ "events.txt", FMT_TEXT },
		{ "events.json", FMT_JSON },
	};
	struct events_pos pos;
	struct tcphs_err err;
	char dir[64], file[256];
	struct conns c;
	size_t i, k;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(dir, sizeof(dir), "fixtures/%s", dirs[i]);
		pos = (struct events_pos){};
		ASSERT_EQ(0, load_events(&c, dir, "events", &pos, &err));
		for (k = 0; k < ARRAY_SIZE(fmts); k++) {
			struct events_opts o = { fmts[k].fmt, NULL };
			char *got = RENDER(events_render(f, &o, &c, true));

			snprintf(file, sizeof(file), "%s-%s", dirs[i],
				 fmts[k].suffix);
			EXPECT_TRUE(same_as_expected(file, got));
			free(got);
		}
		conns_free(&c);
	}
}

/*
 * The records of a file read in two parts, as -f reads them, each after a
 * copy of the header: the same as in one, the records lost between the
 * two parts said, the lines counted from the start.
 */
TEST(events_in_parts)
{
	static const char header[] =
		"seq time reason family client server client_state server_state\n";
	static const struct events_opts o = { FMT_TEXT, NULL };
	char *whole, *buf, *part, *got = NULL;
	struct events_pos pos = {};
	struct tcphs_err err;
	size_t len, n, got_len;
	struct conns c;
	FILE *out;

	ASSERT_EQ(0, proc_read(path_of("fixtures/lost"), "events", &whole, &len,
			       &err));
	/* The header and two records, then the others. */
	part = strchr(strchr(strchr(whole, '\n') + 1, '\n') + 1, '\n') + 1;
	out = open_memstream(&got, &got_len);
	ASSERT_NE(NULL, out);
	n = part - whole;
	buf = strndup(whole, n);
	ASSERT_EQ(0, events_parse(&c, buf, n, "events", &pos, &err));
	EXPECT_EQ(2, pos.lines);
	EXPECT_EQ(45, pos.seq);
	events_render(out, &o, &c, true);
	conns_free(&c);
	ASSERT_NE(-1, asprintf(&buf, "%s%s", header, part));
	ASSERT_EQ(0, events_parse(&c, buf, strlen(buf), "events", &pos, &err));
	EXPECT_EQ(4, pos.lines);
	events_render(out, &o, &c, false);
	conns_free(&c);
	ASSERT_EQ(0, fclose(out));
	EXPECT_TRUE(same_as_expected("lost-events.txt", got));
	free(got);

	/* A record before the last one read; a bad line, counted so. */
	pos = (struct events_pos){ .lines = 4, .seq = 48 };
	ASSERT_NE(-1, asprintf(&buf, "%s%s", header, part));
	EXPECT_EQ(-1, events_parse(&c, buf, strlen(buf), "events", &pos, &err));
	EXPECT_STREQ("events:6: garbage: seq 46 after 48", err.msg);
	pos = (struct events_pos){ .lines = 9, .seq = 40 };
	ASSERT_NE(-1, asprintf(&buf, "%s%s%s", header, part, "49 x\n"));
	EXPECT_EQ(-1, events_parse(&c, buf, strlen(buf), "events", &pos, &err));
	EXPECT_STREQ("events:13: garbage: 2 fields for 8 columns", err.msg);
	free(whole);
}

/* Filters of events: the seq of the records each one keeps. */
TEST(events_filter)
{
	static const struct {
		const char *args[8];
		const char *want;	/* seq of the records kept */
	} cases[] = {
		{ { NULL }, "1040 1041 1042 1043 1044 1045" },
		{ { "reason", "close_rst" }, "1042" },
		{ { "reason", "hs_syn_retrans", "reason", "hs_rejected" },
		  "1040 1044" },
		{ { "reason", "hs_synack_timeout", "port", "80" }, "1041" },
		{ { "reason", "no_such_reason" }, "" },
		{ { "port", "7777", "addr", "2001:db8::/32" }, "1042" },
		{ { "addr", "198.51.100.0/24" }, "1041 1044" },
		{ { "port", "80", "addr", "198.51.100.12",
		    "reason", "hs_syn_retrans" }, "1044" },
	};
	struct events_opts o = { FMT_JSON, NULL };
	struct conns_filter flt;
	struct events_pos pos;
	struct tcphs_err err;
	unsigned long long seq;
	char *out, *line, *save;
	char got[256];
	struct conns c;
	size_t i, k, len;
	int n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		flt = (struct conns_filter){};
		for (k = 0; cases[i].args[k]; k += 2)
			ASSERT_EQ(0, filter_add(&flt, true, cases[i].args[k],
						cases[i].args[k + 1], &err));
		pos = (struct events_pos){};
		ASSERT_EQ(0, load_events(&c, "fixtures/basic", "events", &pos,
					 &err));
		o.filter = &flt;
		out = RENDER(events_render(f, &o, &c, true));
		got[0] = '\0';
		len = 0;
		for (line = strtok_r(out, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			n = sscanf(line, "{\"seq\":%llu,", &seq);
			ASSERT_EQ(1, n);
			len += snprintf(got + len, sizeof(got) - len, "%s%llu",
					len ? " " : "", seq);
		}
		EXPECT_STREQ(cases[i].want, got);
		free(out);
		conns_free(&c);
		filter_free(&flt);
	}
}

/* Strings reach JSON escaped, whatever bytes they hold. */
TEST(json_escape)
{
	struct json j;
	char *got = RENDER(({
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_str(&j, "a\"b", "tab\there \\ \x01 \xc3\xa9");
		json_obj_close(&j);
	}));

	EXPECT_STREQ("{\"a\\\"b\":\"tab\\u0009here \\\\ \\u0001 \\u00c3\\u00a9\"}\n", got);
	free(got);
}

/* Commas between members, at every depth; no NaN or infinity. */
TEST(json_nesting)
{
	struct json j;
	char *got = RENDER(({
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_arr_open(&j, "list");
		json_u64(&j, NULL, 18446744073709551615ull);
		json_double(&j, NULL, 1.0 / 0.0);
		json_obj_open(&j, NULL);
		json_obj_close(&j);
		json_arr_close(&j);
		json_double(&j, "d", 0.5);
		json_obj_close(&j);
	}));

	EXPECT_STREQ("{\"list\":[18446744073709551615,null,{}],\"d\":0.500}\n", got);
	free(got);
}

int main(int argc, char **argv)
{
	test_dir = argc > 1 ? argv[1] : "tools/tcphs/tests";
	setenv("TZ", "UTC", 1);
	tzset();
	return test_harness_run(1, argv);
}
