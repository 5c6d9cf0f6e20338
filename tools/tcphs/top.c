// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs top": the clients' addresses and the servers' ports of the live
 * table, ranked by their troubled connections (half-open ones and reset
 * ones together), then by half-open ones, then by connections. A SYN flood
 * shows as a port with many half-open connections (from many sources, if
 * spoofed); a port scan as a source with many ports and resets, even among
 * the many sources of a spoofed flood.
 */

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "tcphs.h"

/* One source address or one server port, and what its connections did. */
struct talker {
	struct endpoint key;	/* the address, or just the port */
	uint64_t conns;
	uint64_t half_open;
	uint64_t resets;	/* connections with a trusted RST */
	uint64_t peers;		/* distinct server ports, or client addresses */
};

/* A connection, seen from a source or from a port. */
struct view {
	struct endpoint key;
	struct endpoint peer;
	const struct conn *conn;
};

static int key_cmp_addr(const struct endpoint *a, const struct endpoint *b)
{
	return endpoint_cmp_addr(a, b);
}

static int key_cmp_port(const struct endpoint *a, const struct endpoint *b)
{
	return (int)a->port - (int)b->port;
}

static int (*key_cmp)(const struct endpoint *a, const struct endpoint *b);
static int (*peer_cmp)(const struct endpoint *a, const struct endpoint *b);

static int view_cmp(const void *pa, const void *pb)
{
	const struct view *a = pa, *b = pb;
	int r = key_cmp(&a->key, &b->key);

	return r ? r : peer_cmp(&a->peer, &b->peer);
}

static int talker_cmp(const void *pa, const void *pb)
{
	const struct talker *a = pa, *b = pb;
	uint64_t ta = a->half_open + a->resets, tb = b->half_open + b->resets;

	if (ta != tb)
		return ta > tb ? -1 : 1;
	if (a->half_open != b->half_open)
		return a->half_open > b->half_open ? -1 : 1;
	if (a->conns != b->conns)
		return a->conns > b->conns ? -1 : 1;
	return key_cmp(&a->key, &b->key);
}

static bool conn_half_open(const struct conns *c, const struct conn *conn)
{
	return state_half_open(conn_state(c, conn, 0)) ||
	       state_half_open(conn_state(c, conn, 1));
}

/* A trusted RST from either side: its letter in the history. */
static bool conn_reset(const struct conns *c, const struct conn *conn)
{
	size_t k;

	for (k = 0; k < c->ncol; k++)
		if (!strcmp(c->col[k], "history"))
			return strpbrk(conn->field[k], "Rr");
	return false;
}

/*
 * Rank the connections by the key of role @role: the client's address
 * (role 0) or the server's port (role 1). Returns the talkers, best first.
 */
static struct talker *rank(const struct conns *c, int role, size_t *nr)
{
	struct view *v = calloc(c->nr + 1, sizeof(*v));
	struct talker *t = calloc(c->nr + 1, sizeof(*t));
	size_t i, n = 0;

	if (!v || !t) {
		free(v);
		free(t);
		return NULL;
	}
	key_cmp = role ? key_cmp_port : key_cmp_addr;
	peer_cmp = role ? key_cmp_addr : key_cmp_port;
	for (i = 0; i < c->nr; i++) {
		v[i].key = c->conn[i].ep[role];
		v[i].peer = c->conn[i].ep[!role];
		v[i].conn = &c->conn[i];
	}
	qsort(v, c->nr, sizeof(*v), view_cmp);
	for (i = 0; i < c->nr; i++) {
		bool new_key = !i || key_cmp(&v[i].key, &v[i - 1].key);

		if (new_key)
			t[n++].key = v[i].key;
		t[n - 1].conns++;
		t[n - 1].half_open += conn_half_open(c, v[i].conn);
		t[n - 1].resets += conn_reset(c, v[i].conn);
		t[n - 1].peers += new_key ||
				  peer_cmp(&v[i].peer, &v[i - 1].peer);
	}
	free(v);
	qsort(t, n, sizeof(*t), talker_cmp);
	*nr = n;
	return t;
}

static const char *const role_titles[2] = { "sources", "ports" };
static const char *const key_names[2] = { "source", "port" };
static const char *const peer_names[2] = { "ports", "sources" };

static void key_str(const struct endpoint *key, int role, char *buf,
		    size_t size)
{
	if (role)
		snprintf(buf, size, "%u", key->port);
	else
		endpoint_addr_str(key, buf, size);
}

static void render_text(FILE *f, const struct talker *t, size_t n, int role)
{
	char key[INET6_ADDRSTRLEN];
	int width = strlen(key_names[role]);
	size_t i;

	for (i = 0; i < n; i++) {
		key_str(&t[i].key, role, key, sizeof(key));
		if ((int)strlen(key) > width)
			width = strlen(key);
	}
	fprintf(f, "%-*s  %9s  %9s  %9s  %9s\n", width, key_names[role],
		"half_open", "resets", "conns", peer_names[role]);
	for (i = 0; i < n; i++) {
		key_str(&t[i].key, role, key, sizeof(key));
		fprintf(f, "%-*s  %9llu  %9llu  %9llu  %9llu\n", width, key,
			(unsigned long long)t[i].half_open,
			(unsigned long long)t[i].resets,
			(unsigned long long)t[i].conns,
			(unsigned long long)t[i].peers);
	}
}

static void render_json(struct json *j, const struct talker *t, size_t n,
			int role)
{
	char key[INET6_ADDRSTRLEN];
	size_t i;

	json_arr_open(j, role_titles[role]);
	for (i = 0; i < n; i++) {
		json_obj_open(j, NULL);
		if (role) {
			json_u64(j, "port", t[i].key.port);
		} else {
			key_str(&t[i].key, role, key, sizeof(key));
			json_str(j, "addr", key);
		}
		json_u64(j, "half_open", t[i].half_open);
		json_u64(j, "resets", t[i].resets);
		json_u64(j, "conns", t[i].conns);
		json_u64(j, peer_names[role], t[i].peers);
		json_obj_close(j);
	}
	json_arr_close(j);
}

int top_render(FILE *f, const struct top_opts *o, const struct sample *s,
	       const struct conns *c)
{
	struct talker *t;
	struct json j;
	size_t n;
	int role;

	if (o->fmt == FMT_JSON) {
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_double(&j, "time", s->time);
	}
	for (role = 0; role < 2; role++) {
		t = rank(c, role, &n);
		if (!t)
			return -1;
		if (n > o->n)
			n = o->n;
		if (o->fmt == FMT_JSON) {
			render_json(&j, t, n, role);
		} else {
			if (role)
				fputc('\n', f);
			render_text(f, t, n, role);
		}
		free(t);
	}
	if (o->fmt == FMT_JSON)
		json_obj_close(&j);
	return 0;
}
