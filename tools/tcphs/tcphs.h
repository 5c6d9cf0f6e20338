/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcphs, the reader of /proc/tcphs: what the commands share.
 *
 * procfile.c reads and parses the files, by key name and column name, so
 * that the tool and the module can be of different versions; json.c prints
 * JSON; stats.c, conns.c, top.c and latency.c render one sample of their
 * command (top.c from /proc/tcphs/top and /proc/tcphs/resets), events.c
 * the records of /proc/tcphs/events as they come.
 */
#ifndef _TCPHS_TOOL_H
#define _TCPHS_TOOL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#endif
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#define __noreturn		__attribute__((noreturn))

/* An error, said in full (file, line, cause) for the caller to print. */
struct tcphs_err {
	char msg[512];
};

__printf(2, 3)
void err_set(struct tcphs_err *err, const char *fmt, ...);

/* /proc/tcphs/stats and /proc/tcphs/latency: "name value" lines. */
struct stat_kv {
	char *name;
	uint64_t value;
};

struct stats {
	struct stat_kv *kv;
	size_t nr;
	char *buf;		/* the file, which the names point into */
};

int stats_parse(struct stats *s, char *buf, size_t len, const char *path,
		struct tcphs_err *err);
const uint64_t *stats_get(const struct stats *s, const char *name);
void stats_free(struct stats *s);

/* One endpoint of a connection, "192.0.2.1:80" or "[2001:db8::1]:80". */
struct endpoint {
	int af;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network order, IPv4 in the first 4 bytes */
	uint16_t port;
};

/*
 * /proc/tcphs/conns: a header naming the columns, then a line each;
 * /proc/tcphs/events, the same with three columns more; and
 * /proc/tcphs/top and /proc/tcphs/resets, a header and a line per key, with
 * columns of their own, the same in both but for the name of the count's.
 */
enum {
	COL_FAMILY,
	COL_CLIENT,
	COL_SERVER,
	COL_CLIENT_STATE,
	COL_SERVER_STATE,
	COL_KNOWN_NR,		/* columns the commands need */
	COL_SEQ = COL_KNOWN_NR,	/* and events */
	COL_TIME,
	COL_REASON,
	COL_EVENTS_NR,
	COL_KIND = COL_EVENTS_NR,	/* top and resets, these only */
	COL_KEY,
	COL_COUNT,		/* half_open in top, resets in resets */
	COL_ERROR,
	COL_NR,
};

/* The keys of top and resets, by the word of their column kind. */
enum talker_kind {
	TALKER_SOURCE,		/* "source": a client's address */
	TALKER_PORT,		/* "port": a server's port */
	TALKER_NR,
};

/*
 * A line of /proc/tcphs/top or /proc/tcphs/resets: a key and its count, its
 * half-open connections or its resets as the module's sketch counts them,
 * of which up to error may be other keys'.
 */
struct talker {
	enum talker_kind kind;
	struct endpoint key;	/* the address; of a port, just the port */
	uint64_t count;
	uint64_t error;
};

struct conn {
	char **field;		/* one per column of the header */
	union {
		struct {	/* of conns and events */
			struct endpoint ep[2];	/* client, server */
			uint64_t seq;	/* of events: the record's number, */
			uint64_t time_us;	/* its time, since the epoch, */
			uint64_t lost;	/* and those lost just before it */
		};
		struct talker talker;	/* of top and resets */
	};
};

struct conns {
	char **col;		/* column names, from the header */
	size_t ncol;
	size_t known[COL_NR];	/* index of each known column, or ncol */
	struct conn *conn;
	size_t nr;
	char *buf;		/* the file, which the fields point into */
};

int conns_parse(struct conns *c, char *buf, size_t len, const char *path,
		struct tcphs_err *err);

/*
 * /proc/tcphs/top and /proc/tcphs/resets, their lines in the order of the
 * file.
 */
int top_parse(struct conns *c, char *buf, size_t len, const char *path,
	      struct tcphs_err *err);
int resets_parse(struct conns *c, char *buf, size_t len, const char *path,
		 struct tcphs_err *err);

/*
 * How far a reader of /proc/tcphs/events is: the records it parsed, and the
 * seq of the last one, after which a gap in seq is records lost.
 */
struct events_pos {
	unsigned int lines;
	uint64_t seq;
};

/*
 * Parse the header of /proc/tcphs/events in @buf, then records that come
 * after @pos, which moves past them: the lines of a whole file, or of a
 * later read, after a copy of the header.
 */
int events_parse(struct conns *c, char *buf, size_t len, const char *path,
		 struct events_pos *pos, struct tcphs_err *err);
void conns_free(struct conns *c);
const char *conn_state(const struct conns *c, const struct conn *conn,
		       int role);

int endpoint_parse(struct endpoint *ep, const char *text);
int endpoint_cmp_addr(const struct endpoint *a, const struct endpoint *b);
void endpoint_addr_str(const struct endpoint *ep, char *buf, size_t size);

/* Reading the files, in dir (normally /proc/tcphs). */
int proc_open(const char *dir, const char *file, struct tcphs_err *err);
int proc_read(const char *dir, const char *file, char **buf, size_t *len,
	      struct tcphs_err *err);

/* The states of an endpoint as the module names them, in its order. */
extern const char *const tcphs_states[];
extern const size_t tcphs_states_nr;
bool state_half_open(const char *state);

/* A JSON printer: it places the commas and escapes the strings. */
struct json {
	FILE *f;
	int depth;		/* of nesting: the commands go 5 deep at most */
	bool first[8];		/* no member printed yet at this depth */
};

void json_init(struct json *j, FILE *f);
void json_obj_open(struct json *j, const char *key);
void json_obj_close(struct json *j);
void json_arr_open(struct json *j, const char *key);
void json_arr_close(struct json *j);
void json_str(struct json *j, const char *key, const char *val);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_double(struct json *j, const char *key, double val);
void json_us(struct json *j, const char *key, uint64_t us);

/* One sample of a command, and what it needs to render it. */
enum format {
	FMT_TEXT,
	FMT_JSON,
	FMT_PROMETHEUS,
};

struct sample {
	double time;		/* wall clock, seconds since the epoch */
	double interval;	/* seconds since the previous sample, or 0 */
};

/*
 * The object of a sample: its time and, after a previous sample, the
 * seconds since that one; the command's members follow.
 */
void json_sample_open(struct json *j, FILE *f, const struct sample *t);

/* The HELP and TYPE lines of a Prometheus metric family. */
void prom_family(FILE *f, const char *metric, const char *type,
		 const char *help);

/* The options of stats and latency. */
struct stats_opts {
	enum format fmt;
	bool zeros;
};

int stats_render(FILE *f, const struct stats_opts *o, const struct sample *t,
		 const struct stats *cur, const struct stats *prev,
		  const struct conns *conns);

/*
 * A handshake delay of /proc/tcphs/latency, from its lines NAME_count,
 * NAME_sum_us and NAME_us_LOW_HIGH: how many were measured, their sum in
 * microseconds, and how many fell in each log2 bucket, bucket b holding
 * those of delay_low_us(b) to delay_high_us(b) microseconds: 0 to 1, 2 to
 * 3, 4 to 7 ... 2^31 to 2^32 - 1.
 */
#define DELAY_BUCKETS		32

struct delay {
	char *name;
	uint64_t count;
	uint64_t sum_us;
	uint64_t bucket[DELAY_BUCKETS];
};

uint64_t delay_low_us(unsigned int b);
uint64_t delay_high_us(unsigned int b);
struct delay *delays_collect(const struct stats *s, size_t *nr);
void delays_free(struct delay *d, size_t nr);

int latency_render(FILE *f, const struct stats_opts *o,
		   const struct sample *t, const struct stats *cur,
		   const struct stats *prev);

/*
 * The filters of "tcphs conns" and "tcphs events": one list per kind, ORed;
 * kinds ANDed.
 */
struct addr_filter {
	struct endpoint addr;
	unsigned int prefix;
};

struct conns_filter {
	const char **state;
	size_t nstate;
	uint16_t *port;
	size_t nport;
	struct addr_filter *addr;
	size_t naddr;
	const char **reason;	/* of events */
	size_t nreason;
};

int filter_add(struct conns_filter *flt, bool events, const char *kind,
	       const char *arg, struct tcphs_err *err);
bool filter_match(const struct conns_filter *flt, const struct conns *c,
		  const struct conn *conn);
void filter_free(struct conns_filter *flt);

struct conns_opts {
	enum format fmt;
	bool summary;
	bool zeros;
	const struct conns_filter *filter;
};

int conns_render(FILE *f, const struct conns_opts *o, const struct sample *t,
		 struct conns *c);

/* The members of a connection, or of an event after its own. */
void json_conn(struct json *j, const struct conns *c, const struct conn *conn);

/* The members of the columns of a line that no command knows. */
void json_other_cols(struct json *j, const struct conns *c,
		     const struct conn *conn);

/* Endpoints per state: client (n[0]) and server (n[1]). */
struct state_count {
	const char *name;
	uint64_t n[2];
};

struct state_count *state_counts(const struct conns *c,
				 const struct conns_filter *flt, int af,
				 size_t *nr);

struct top_opts {
	enum format fmt;
	unsigned int n;
};

/* The rankings of @top, then those of @resets. */
int top_render(FILE *f, const struct top_opts *o, const struct sample *t,
	       const struct conns *top, const struct conns *resets);

struct events_opts {
	enum format fmt;
	const struct conns_filter *filter;
};

/*
 * The records of @c, parsed by events_parse(), that match, each preceded by
 * a line for the records lost before it; in text, after the header when
 * @header.
 */
void events_render(FILE *f, const struct events_opts *o,
		   const struct conns *c, bool header);

#endif /* _TCPHS_TOOL_H */
