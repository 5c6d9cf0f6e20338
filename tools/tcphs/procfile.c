// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and parsing /proc/tcphs/stats, /proc/tcphs/latency,
 * /proc/tcphs/conns, /proc/tcphs/events, /proc/tcphs/top and
 * /proc/tcphs/resets.
 *
 * All are parsed by name: stats and latency by the name of each line,
 * conns, events, top and resets by the column names of their header. A name
 * this tool does not know is kept and passed through; one it knows and does
 * not find is left out. A line that does not parse is an error naming the
 * file and the line, never a crash.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcphs.h"

const char *const tcphs_states[] = {
	"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
	"FIN_WAIT_1", "FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK",
	"TIME_WAIT",
};

const size_t tcphs_states_nr = ARRAY_SIZE(tcphs_states);

/* An endpoint in one of these is in its handshake. */
bool state_half_open(const char *state)
{
	return !strcmp(state, "LISTEN") || !strcmp(state, "SYN_SENT") ||
	       !strcmp(state, "SYN_RCVD");
}

void err_set(struct tcphs_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* Open dir/file for reading; -1, saying why, when it cannot be. */
int proc_open(const char *dir, const char *file, struct tcphs_err *err)
{
	char path[4096];
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	e = errno;
	/* The directory there and not the file: an older module. */
	if (e == ENOENT && !access(dir, F_OK))
		err_set(err, "%s: %s: %s", path, strerror(e),
			"the tcphs module is older than this tool");
	else if (e == ENOENT && !strcmp(dir, "/proc/tcphs"))
		err_set(err, "%s: %s: %s", path, strerror(e),
			"is the tcphs module loaded? Load it with \"modprobe tcphs\" (or \"insmod module/tcphs.ko\" in the source tree)");
	else if (e == EACCES && (!strcmp(file, "conns") ||
				 !strcmp(file, "events") ||
				 !strcmp(file, "top") ||
				 !strcmp(file, "resets")))
		err_set(err, "%s: %s: %s", path, strerror(e),
			"it shows the peers' addresses, so only root can read it");
	else
		err_set(err, "%s: %s", path, strerror(e));
	return -1;
}

/* The whole of dir/file, NUL-terminated, in a buffer the caller frees. */
int proc_read(const char *dir, const char *file, char **bufp, size_t *lenp,
	      struct tcphs_err *err)
{
	size_t len = 0, size = 65536;
	char path[4096];
	char *buf, *nbuf;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = proc_open(dir, file, err);
	if (fd < 0)
		return -1;
	buf = malloc(size);
	if (!buf)
		goto nomem;
	for (;;) {
		if (len + 1 >= size) {
			size *= 2;
			nbuf = realloc(buf, size);
			if (!nbuf)
				goto nomem;
			buf = nbuf;
		}
		n = read(fd, buf + len, size - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, "%s: %s", path, strerror(errno));
			goto fail;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
nomem:
	err_set(err, "%s: out of memory", path);
fail:
	free(buf);
	close(fd);
	return -1;
}

/*
 * Split buf into lines, in place. Every line must end with a newline and
 * hold printable ASCII only; *line is its number, for the messages.
 */
static char *next_line(char **pos, char *end, unsigned int *line,
		       const char *path, struct tcphs_err *err)
{
	char *start = *pos, *p;

	if (start >= end)
		return NULL;
	++*line;
	for (p = start; p < end && *p != '\n'; p++) {
		if ((unsigned char)*p < ' ' || (unsigned char)*p > '~') {
			err_set(err, "%s:%u: garbage: byte 0x%02x at column %zu",
				path, *line, (unsigned char)*p,
				(size_t)(p - start) + 1);
			return NULL;
		}
	}
	if (p == end) {
		err_set(err, "%s:%u: truncated: the last line has no newline",
			path, *line);
		return NULL;
	}
	*p = '\0';
	*pos = p + 1;
	return start;
}

/*
 * Split a line into its space-separated words, in place, into an array the
 * caller frees; NULL when out of memory.
 */
static char **split(char *line, size_t *nr)
{
	char **word = NULL, **nword, *save, *w;
	size_t n = 0;

	for (w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		nword = realloc(word, (n + 1) * sizeof(*word));
		if (!nword) {
			free(word);
			return NULL;
		}
		word = nword;
		word[n++] = w;
	}
	*nr = n;
	return word ? word : calloc(1, sizeof(*word));
}

static bool parse_u64(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return false;
	*val = v;
	return true;
}

/* A counter's name: also a part of a Prometheus metric name. */
#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"

const uint64_t *stats_get(const struct stats *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nr; i++)
		if (!strcmp(s->kv[i].name, name))
			return &s->kv[i].value;
	return NULL;
}

int stats_parse(struct stats *s, char *buf, size_t len, const char *path,
		struct tcphs_err *err)
{
	char *pos = buf, *end = buf + len, *line, **word = NULL;
	unsigned int nline = 0;
	struct stat_kv *kv;
	uint64_t value;
	size_t n;

	*s = (struct stats){ .buf = buf };
	err->msg[0] = '\0';
	if (!len) {
		err_set(err, "%s: empty", path);
		goto fail;
	}
	while ((line = next_line(&pos, end, &nline, path, err))) {
		word = split(line, &n);
		if (!word)
			goto nomem;
		if (n != 2 || !parse_u64(word[1], &value) ||
		    strspn(word[0], NAME_CHARS) != strlen(word[0])) {
			err_set(err, "%s:%u: garbage: expected \"name value\"",
				path, nline);
			goto fail;
		}
		if (stats_get(s, word[0])) {
			err_set(err, "%s:%u: \"%s\" a second time", path,
				nline, word[0]);
			goto fail;
		}
		kv = realloc(s->kv, (s->nr + 1) * sizeof(*kv));
		if (!kv)
			goto nomem;
		s->kv = kv;
		kv[s->nr++] = (struct stat_kv){ word[0], value };
		free(word);
		word = NULL;
	}
	if (!err->msg[0])
		return 0;
	goto fail;
nomem:
	err_set(err, "%s: out of memory", path);
fail:
	free(word);
	stats_free(s);
	return -1;
}

void stats_free(struct stats *s)
{
	free(s->kv);
	free(s->buf);
	*s = (struct stats){};
}

uint64_t delay_low_us(unsigned int b)
{
	return b ? 1ull << b : 0;
}

uint64_t delay_high_us(unsigned int b)
{
	return (2ull << b) - 1;
}

/* The values of a delay, each named by a suffix after the delay's name. */
enum {
	SLOT_COUNT = DELAY_BUCKETS,	/* slots below: the buckets */
	SLOT_SUM_US,
	SLOT_NR,
};

static uint64_t *delay_slot(struct delay *d, int slot)
{
	if (slot == SLOT_COUNT)
		return &d->count;
	if (slot == SLOT_SUM_US)
		return &d->sum_us;
	return &d->bucket[slot];
}

/*
 * The slot of a line of /proc/tcphs/latency, by the end of its name:
 * "_count", "_sum_us", or "_us_LOW_HIGH" with the bounds of a bucket, as
 * the module writes them; *len is then the length of the delay's name,
 * never 0. -1 for a name of another kind.
 */
static int line_slot(const char *name, size_t *len)
{
	size_t n = strlen(name), k;
	char suffix[32];
	int slot;

	for (slot = 0; slot < SLOT_NR; slot++) {
		if (slot == SLOT_COUNT)
			k = snprintf(suffix, sizeof(suffix), "_count");
		else if (slot == SLOT_SUM_US)
			k = snprintf(suffix, sizeof(suffix), "_sum_us");
		else
			k = snprintf(suffix, sizeof(suffix), "_us_%llu_%llu",
				     (unsigned long long)delay_low_us(slot),
				     (unsigned long long)delay_high_us(slot));
		if (n > k && !strcmp(name + n - k, suffix)) {
			*len = n - k;
			return slot;
		}
	}
	return -1;
}

/*
 * The delays of the lines of /proc/tcphs/latency, parsed by stats_parse(),
 * in the order of their first line, in an array the caller frees with
 * delays_free(). A delay is there when one of its lines is, its other
 * values 0; a line of no delay, or with bounds of no bucket, is left out.
 * NULL when out of memory.
 */
struct delay *delays_collect(const struct stats *s, size_t *nr)
{
	struct delay *d = calloc(1, sizeof(*d)), *nd;
	size_t i, k, len, n = 0;
	int slot;

	for (i = 0; d && i < s->nr; i++) {
		slot = line_slot(s->kv[i].name, &len);
		if (slot < 0)
			continue;
		for (k = 0; k < n; k++)
			if (strlen(d[k].name) == len &&
			    !strncmp(d[k].name, s->kv[i].name, len))
				break;
		if (k == n) {
			nd = realloc(d, (n + 1) * sizeof(*d));
			if (!nd)
				goto nomem;
			d = nd;
			d[n] = (struct delay){ .name = strndup(s->kv[i].name, len) };
			if (!d[n++].name)
				goto nomem;
		}
		*delay_slot(&d[k], slot) = s->kv[i].value;
	}
	*nr = n;
	return d;
nomem:
	delays_free(d, n);
	return NULL;
}

void delays_free(struct delay *d, size_t nr)
{
	size_t i;

	for (i = 0; d && i < nr; i++)
		free(d[i].name);
	free(d);
}

int endpoint_parse(struct endpoint *ep, const char *text)
{
	char addr[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(text, ':');
	uint64_t port;
	size_t n;

	if (!colon || !parse_u64(colon + 1, &port) || port > 65535)
		return -1;
	n = colon - text;
	if (n >= sizeof(addr))
		return -1;
	memcpy(addr, text, n);
	addr[n] = '\0';
	memset(ep, 0, sizeof(*ep));
	ep->port = port;
	if (n > 2 && addr[0] == '[' && addr[n - 1] == ']') {
		addr[n - 1] = '\0';
		ep->af = AF_INET6;
		return inet_pton(AF_INET6, addr + 1, ep->addr) == 1 ? 0 : -1;
	}
	ep->af = AF_INET;
	return inet_pton(AF_INET, addr, ep->addr) == 1 ? 0 : -1;
}

/* IPv4 before IPv6, then by address. */
int endpoint_cmp_addr(const struct endpoint *a, const struct endpoint *b)
{
	if (a->af != b->af)
		return a->af == AF_INET ? -1 : 1;
	return memcmp(a->addr, b->addr, a->af == AF_INET ? 4 : 16);
}

void endpoint_addr_str(const struct endpoint *ep, char *buf, size_t size)
{
	if (!inet_ntop(ep->af, ep->addr, buf, size))
		snprintf(buf, size, "?");
}

/* The names of the known columns; COL_COUNT's is its table's. */
static const char *const known_cols[COL_NR] = {
	[COL_FAMILY] = "family",
	[COL_CLIENT] = "client",
	[COL_SERVER] = "server",
	[COL_CLIENT_STATE] = "client_state",
	[COL_SERVER_STATE] = "server_state",
	[COL_SEQ] = "seq",
	[COL_TIME] = "time",
	[COL_REASON] = "reason",
	[COL_KIND] = "kind",
	[COL_KEY] = "key",
	[COL_ERROR] = "error",
};

/* The files of a header and lines, and the known columns each needs. */
enum table {
	TABLE_CONNS,
	TABLE_EVENTS,
	TABLE_TOP,
	TABLE_RESETS,
};

static const struct {
	size_t first, last;	/* from first to before last */
	const char *count;	/* the name of COL_COUNT, if it needs it */
} table_cols[] = {
	[TABLE_CONNS] = { 0, COL_KNOWN_NR, NULL },
	[TABLE_EVENTS] = { 0, COL_EVENTS_NR, NULL },
	[TABLE_TOP] = { COL_KIND, COL_NR, "half_open" },
	[TABLE_RESETS] = { COL_KIND, COL_NR, "resets" },
};

static const char *const talker_kinds[TALKER_NR] = {
	[TALKER_SOURCE] = "source",
	[TALKER_PORT] = "port",
};

/* The state of the client (role 0) or the server (role 1). */
const char *conn_state(const struct conns *c, const struct conn *conn,
		       int role)
{
	return conn->field[c->known[role ? COL_SERVER_STATE :
					   COL_CLIENT_STATE]];
}

/*
 * The header: the columns, each known one that @table needs found once, the
 * others not known.
 */
static int table_header(struct conns *c, char *line, enum table table,
			const char *path, struct tcphs_err *err)
{
	const char *name;
	size_t i, k;
	bool need;

	c->col = split(line, &c->ncol);
	if (!c->col) {
		err_set(err, "%s: out of memory", path);
		return -1;
	}
	for (k = 0; k < COL_NR; k++) {
		need = k >= table_cols[table].first &&
		       k < table_cols[table].last;
		name = k == COL_COUNT ? table_cols[table].count : known_cols[k];
		c->known[k] = c->ncol;
		for (i = 0; need && i < c->ncol; i++) {
			if (strcmp(c->col[i], name))
				continue;
			if (c->known[k] != c->ncol) {
				err_set(err, "%s:1: column \"%s\" a second time",
					path, name);
				return -1;
			}
			c->known[k] = i;
		}
		if (need && c->known[k] == c->ncol) {
			err_set(err, "%s:1: no column \"%s\" in the header",
				path, name);
			return -1;
		}
	}
	return 0;
}

/* "1764031234.123456": seconds since the epoch, and exactly 6 decimals. */
static bool parse_time_us(const char *s, uint64_t *us)
{
	const char *dot = strchr(s, '.');
	uint64_t sec, frac;
	char buf[24];

	if (!dot || (size_t)(dot - s) >= sizeof(buf) || strlen(dot + 1) != 6)
		return false;
	memcpy(buf, s, dot - s);
	buf[dot - s] = '\0';
	if (!parse_u64(buf, &sec) || !parse_u64(dot + 1, &frac) ||
	    sec >= UINT64_MAX / 1000000)
		return false;
	*us = sec * 1000000 + frac;
	return true;
}

static int bad_value(const char *name, const char *value, unsigned int nline,
		     const char *path, struct tcphs_err *err)
{
	err_set(err, "%s:%u: garbage: bad %s \"%s\"", path, nline, name,
		value);
	return -1;
}

static int bad_field(const struct conns *c, const struct conn *conn,
		     size_t col, unsigned int nline, const char *path,
		     struct tcphs_err *err)
{
	return bad_value(c->col[col], conn->field[col], nline, path, err);
}

/* The columns of an event, after the records of @pos. */
static int event_line(const struct conns *c, struct conn *conn,
		      struct events_pos *pos, unsigned int nline,
		      const char *path, struct tcphs_err *err)
{
	const char *reason = conn->field[c->known[COL_REASON]];

	if (!parse_u64(conn->field[c->known[COL_SEQ]], &conn->seq))
		return bad_field(c, conn, c->known[COL_SEQ], nline, path, err);
	if (pos->lines && conn->seq <= pos->seq) {
		err_set(err, "%s:%u: garbage: seq %llu after %llu", path,
			nline, (unsigned long long)conn->seq,
			(unsigned long long)pos->seq);
		return -1;
	}
	if (!parse_time_us(conn->field[c->known[COL_TIME]], &conn->time_us))
		return bad_field(c, conn, c->known[COL_TIME], nline, path, err);
	if (strspn(reason, NAME_CHARS) != strlen(reason))
		return bad_field(c, conn, c->known[COL_REASON], nline, path,
				 err);
	conn->lost = pos->lines ? conn->seq - pos->seq - 1 : 0;
	pos->lines++;
	pos->seq = conn->seq;
	return 0;
}

/*
 * A line of top or resets: its kind, its key, and its counts, which must
 * agree.
 */
static int talker_line(const struct conns *c, struct conn *conn,
		       unsigned int nline, const char *path,
		       struct tcphs_err *err)
{
	const char *key = conn->field[c->known[COL_KEY]];
	struct talker *t = &conn->talker;
	size_t i = c->known[COL_KIND];
	bool source;
	uint64_t port;

	for (t->kind = 0; t->kind < TALKER_NR; t->kind++)
		if (!strcmp(conn->field[i], talker_kinds[t->kind]))
			break;
	if (t->kind == TALKER_NR)
		return bad_field(c, conn, i, nline, path, err);
	source = t->kind == TALKER_SOURCE;
	if (!source && parse_u64(key, &port) && port <= 65535)
		t->key.port = port;
	else if (source && inet_pton(AF_INET, key, t->key.addr) == 1)
		t->key.af = AF_INET;
	else if (source && inet_pton(AF_INET6, key, t->key.addr) == 1)
		t->key.af = AF_INET6;
	else
		return bad_value(talker_kinds[t->kind], key, nline, path, err);
	i = c->known[COL_COUNT];
	if (!parse_u64(conn->field[i], &t->count))
		return bad_field(c, conn, i, nline, path, err);
	i = c->known[COL_ERROR];
	if (!parse_u64(conn->field[i], &t->error))
		return bad_field(c, conn, i, nline, path, err);
	if (t->error > t->count) {
		err_set(err, "%s:%u: garbage: error %llu above %s %llu", path,
			nline, (unsigned long long)t->error,
			c->col[c->known[COL_COUNT]],
			(unsigned long long)t->count);
		return -1;
	}
	return 0;
}

/* A line of conns or events: its endpoints, then an event's columns. */
static int conn_line(const struct conns *c, struct conn *conn,
		     unsigned int nline, struct events_pos *pos,
		     const char *path, struct tcphs_err *err)
{
	size_t i;
	int role;

	for (role = 0; role < 2; role++) {
		i = c->known[role ? COL_SERVER : COL_CLIENT];
		if (endpoint_parse(&conn->ep[role], conn->field[i]))
			return bad_field(c, conn, i, nline, path, err);
	}
	if (conn->ep[0].af != conn->ep[1].af) {
		err_set(err, "%s:%u: garbage: client and server of different families",
			path, nline);
		return -1;
	}
	i = c->known[COL_FAMILY];
	if (strcmp(conn->field[i], conn->ep[0].af == AF_INET ? "ipv4" : "ipv6"))
		return bad_field(c, conn, i, nline, path, err);
	return pos ? event_line(c, conn, pos, nline, path, err) : 0;
}

static int table_line(struct conns *c, char *line, unsigned int nline,
		      enum table table, struct events_pos *pos,
		      const char *path, struct tcphs_err *err)
{
	struct conn *conn, *nconn;
	size_t n;

	nconn = realloc(c->conn, (c->nr + 1) * sizeof(*nconn));
	if (!nconn)
		goto nomem;
	c->conn = nconn;
	conn = &c->conn[c->nr];
	*conn = (struct conn){ .field = split(line, &n) };
	if (!conn->field)
		goto nomem;
	c->nr++;
	if (n != c->ncol) {
		err_set(err, "%s:%u: garbage: %zu fields for %zu columns",
			path, nline, n, c->ncol);
		return -1;
	}
	if (table == TABLE_TOP || table == TABLE_RESETS)
		return talker_line(c, conn, nline, path, err);
	return conn_line(c, conn, nline, pos, path, err);
nomem:
	err_set(err, "%s: out of memory", path);
	return -1;
}

/*
 * A header, then the lines: of conns, top or resets, or of events after the
 * records of @pos, their line numbers counting those.
 */
static int table_parse(struct conns *c, char *buf, size_t len,
		       const char *path, enum table table,
		       struct events_pos *pos, struct tcphs_err *err)
{
	char *at = buf, *end = buf + len, *line;
	unsigned int nline = 0;

	*c = (struct conns){ .buf = buf };
	err->msg[0] = '\0';
	line = next_line(&at, end, &nline, path, err);
	if (!line) {
		if (!err->msg[0])
			err_set(err, "%s: empty: no header", path);
		goto fail;
	}
	if (table_header(c, line, table, path, err))
		goto fail;
	nline += pos ? pos->lines : 0;
	while ((line = next_line(&at, end, &nline, path, err)))
		if (table_line(c, line, nline, table, pos, path, err))
			goto fail;
	if (!err->msg[0])
		return 0;
fail:
	conns_free(c);
	return -1;
}

int conns_parse(struct conns *c, char *buf, size_t len, const char *path,
		struct tcphs_err *err)
{
	return table_parse(c, buf, len, path, TABLE_CONNS, NULL, err);
}

int events_parse(struct conns *c, char *buf, size_t len, const char *path,
		 struct events_pos *pos, struct tcphs_err *err)
{
	return table_parse(c, buf, len, path, TABLE_EVENTS, pos, err);
}

int top_parse(struct conns *c, char *buf, size_t len, const char *path,
	      struct tcphs_err *err)
{
	return table_parse(c, buf, len, path, TABLE_TOP, NULL, err);
}

int resets_parse(struct conns *c, char *buf, size_t len, const char *path,
		 struct tcphs_err *err)
{
	return table_parse(c, buf, len, path, TABLE_RESETS, NULL, err);
}

void conns_free(struct conns *c)
{
	size_t i;

	for (i = 0; i < c->nr; i++)
		free(c->conn[i].field);
	free(c->conn);
	free(c->col);
	free(c->buf);
	*c = (struct conns){};
}
