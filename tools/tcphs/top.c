// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs top": the clients' addresses and the servers' ports with the most
 * half-open connections, as /proc/tcphs/top gives them, then those with the
 * most handshakes refused or aborted by a reset in the last one to two
 * intervals of resets_interval, as /proc/tcphs/resets gives them: counted
 * by the module in sketches of bounded size, ranked by them, each key with
 * its error, the part of its count that may be other keys'. A SYN flood
 * shows as a port with many half-open connections, and as the sources they
 * come from, unless spoofed from too many; a scan of closed ports as a
 * source with many resets, and as many ports. With a module older than
 * /proc/tcphs/resets, the resets' tables are empty.
 */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tcphs.h"

/* The files of the rankings, in the order they are shown. */
enum top_file {
	TOP_HALF_OPEN,		/* /proc/tcphs/top */
	TOP_RESETS,		/* /proc/tcphs/resets */
	TOP_FILE_NR,
};

/* The JSON member of each ranking. */
static const char *const group_names[TOP_FILE_NR][TALKER_NR] = {
	[TOP_HALF_OPEN] = { "sources", "ports" },
	[TOP_RESETS] = { "reset_sources", "reset_ports" },
};

/* The column of each kind's key in text. */
static const char *const key_names[TALKER_NR] = { "source", "port" };

/* The first @max lines of @kind, in the order of the file. */
static size_t group(const struct conns *c, enum talker_kind kind,
		    unsigned int max, const struct conn **line)
{
	size_t i, n = 0;

	for (i = 0; i < c->nr && n < max; i++)
		if (c->conn[i].talker.kind == kind)
			line[n++] = &c->conn[i];
	return n;
}

static void key_str(const struct talker *t, char *buf, size_t size)
{
	if (t->kind == TALKER_PORT)
		snprintf(buf, size, "%u", t->key.port);
	else
		endpoint_addr_str(&t->key, buf, size);
}

/*
 * The name of the count's column: half_open or resets. A module older than
 * /proc/tcphs/resets leaves its table unread, with no columns.
 */
static const char *count_name(const struct conns *c)
{
	return c->ncol ? c->col[c->known[COL_COUNT]] : "resets";
}

static void render_text(FILE *f, const struct conns *c,
			const struct conn **line, size_t n,
			enum talker_kind kind)
{
	char key[INET6_ADDRSTRLEN];
	int width = strlen(key_names[kind]);
	const struct talker *t;
	size_t i;

	for (i = 0; i < n; i++) {
		key_str(&line[i]->talker, key, sizeof(key));
		if ((int)strlen(key) > width)
			width = strlen(key);
	}
	fprintf(f, "%-*s  %9s  %9s\n", width, key_names[kind], count_name(c),
		"error");
	for (i = 0; i < n; i++) {
		t = &line[i]->talker;
		key_str(t, key, sizeof(key));
		fprintf(f, "%-*s  %9llu  %9llu\n", width, key,
			(unsigned long long)t->count,
			(unsigned long long)t->error);
	}
}

/* Each line, then the columns of the file that tcphs does not know. */
static void render_json(struct json *j, const struct conns *c,
			const struct conn **line, size_t n, const char *name)
{
	char key[INET6_ADDRSTRLEN];
	const struct talker *t;
	size_t i;

	json_arr_open(j, name);
	for (i = 0; i < n; i++) {
		t = &line[i]->talker;
		json_obj_open(j, NULL);
		if (t->kind == TALKER_PORT) {
			json_u64(j, "port", t->key.port);
		} else {
			key_str(t, key, sizeof(key));
			json_str(j, "addr", key);
		}
		json_u64(j, count_name(c), t->count);
		json_u64(j, "error", t->error);
		json_other_cols(j, c, line[i]);
		json_obj_close(j);
	}
	json_arr_close(j);
}

int top_render(FILE *f, const struct top_opts *o, const struct sample *s,
	       const struct conns *top, const struct conns *resets)
{
	const struct conns *file[TOP_FILE_NR] = { top, resets };
	size_t n = top->nr > resets->nr ? top->nr : resets->nr;
	const struct conn **line = calloc(n + 1, sizeof(*line));
	enum talker_kind kind;
	enum top_file i;
	struct json j;

	if (!line)
		return -1;
	if (o->fmt == FMT_JSON) {
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_double(&j, "time", s->time);
	}
	for (i = 0; i < TOP_FILE_NR; i++) {
		for (kind = 0; kind < TALKER_NR; kind++) {
			n = group(file[i], kind, o->n, line);
			if (o->fmt == FMT_JSON) {
				render_json(&j, file[i], line, n,
					    group_names[i][kind]);
				continue;
			}
			if (i || kind)
				fputc('\n', f);
			render_text(f, file[i], line, n, kind);
		}
	}
	if (o->fmt == FMT_JSON)
		json_obj_close(&j);
	free(line);
	return 0;
}
