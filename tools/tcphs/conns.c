// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs conns": the live table of /proc/tcphs/conns, filtered, sorted by
 * server then client and aligned; or with -s, the endpoints per state.
 */

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tcphs.h"

static int grow(void **arr, size_t nr, size_t size)
{
	void *p = realloc(*arr, (nr + 1) * size);

	if (!p)
		return -1;
	*arr = p;
	return 0;
}

/* "syn-rcvd", "Syn_Rcvd" and "SYN_RCVD" name the same state. */
static const char *state_lookup(const char *arg)
{
	char name[32];
	size_t i;

	if (!strcasecmp(arg, "half-open") || !strcasecmp(arg, "half_open"))
		return "half-open";
	if (strlen(arg) >= sizeof(name))
		return NULL;
	for (i = 0; arg[i]; i++)
		name[i] = arg[i] == '-' ? '_' : toupper((unsigned char)arg[i]);
	name[i] = '\0';
	for (i = 0; i < tcphs_states_nr; i++)
		if (!strcmp(name, tcphs_states[i]))
			return tcphs_states[i];
	return NULL;
}

static int port_lookup(const char *arg, uint16_t *port)
{
	struct servent *se;
	unsigned long v;
	char *end;

	if (isdigit((unsigned char)*arg)) {
		v = strtoul(arg, &end, 10);
		if (*end || v > 65535)
			return -1;
		*port = v;
		return 0;
	}
	se = getservbyname(arg, "tcp");
	if (!se)
		return -1;
	*port = ntohs(se->s_port);
	return 0;
}

/* "192.0.2.1", "2001:db8::/32", "[2001:db8::1]", "198.51.100.0/24". */
static int addr_lookup(const char *arg, struct addr_filter *af)
{
	char buf[INET6_ADDRSTRLEN + 8], *slash, *end, *a = buf;
	unsigned long prefix;
	size_t len;

	if (strlen(arg) >= sizeof(buf))
		return -1;
	strcpy(buf, arg);
	slash = strchr(buf, '/');
	if (slash)
		*slash = '\0';
	len = strlen(a);
	if (len > 2 && a[0] == '[' && a[len - 1] == ']') {
		a[len - 1] = '\0';
		a++;
	}
	memset(af, 0, sizeof(*af));
	if (inet_pton(AF_INET, a, af->addr.addr) == 1)
		af->addr.af = AF_INET;
	else if (inet_pton(AF_INET6, a, af->addr.addr) == 1)
		af->addr.af = AF_INET6;
	else
		return -1;
	af->prefix = af->addr.af == AF_INET ? 32 : 128;
	if (slash) {
		if (!isdigit((unsigned char)slash[1]))
			return -1;
		prefix = strtoul(slash + 1, &end, 10);
		if (*end || prefix > af->prefix)
			return -1;
		af->prefix = prefix;
	}
	return 0;
}

/* A counter's name, as events give it: "hs_rejected". */
static bool reason_ok(const char *arg)
{
	return *arg && strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
		       strlen(arg);
}

/* The filters of conns, or with @events those of events. */
int filter_add(struct conns_filter *flt, bool events, const char *kind,
	       const char *arg, struct tcphs_err *err)
{
	if (!events && !strcmp(kind, "state")) {
		const char *state = state_lookup(arg);

		if (!state) {
			err_set(err, "unknown state \"%s\": %s", arg,
				"LISTEN, SYN_SENT, SYN_RCVD, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT, CLOSED or half-open");
			return -1;
		}
		if (grow((void **)&flt->state, flt->nstate, sizeof(*flt->state)))
			goto nomem;
		flt->state[flt->nstate++] = state;
	} else if (events && !strcmp(kind, "reason")) {
		if (!reason_ok(arg)) {
			err_set(err, "bad reason \"%s\": %s", arg,
				"the name of a counter, such as hs_rejected or close_rst");
			return -1;
		}
		if (grow((void **)&flt->reason, flt->nreason,
			 sizeof(*flt->reason)))
			goto nomem;
		flt->reason[flt->nreason++] = arg;
	} else if (!strcmp(kind, "port")) {
		uint16_t port;

		if (port_lookup(arg, &port)) {
			err_set(err, "bad port \"%s\": %s", arg,
				"a number from 0 to 65535 or a TCP service name");
			return -1;
		}
		if (grow((void **)&flt->port, flt->nport, sizeof(*flt->port)))
			goto nomem;
		flt->port[flt->nport++] = port;
	} else if (!strcmp(kind, "addr")) {
		struct addr_filter af;

		if (addr_lookup(arg, &af)) {
			err_set(err, "bad address \"%s\": %s", arg,
				"an IPv4 or IPv6 address, with an optional /PREFIX");
			return -1;
		}
		if (grow((void **)&flt->addr, flt->naddr, sizeof(*flt->addr)))
			goto nomem;
		flt->addr[flt->naddr++] = af;
	} else {
		err_set(err, "unknown filter \"%s\": %s, port or addr", kind,
			events ? "reason" : "state");
		return -1;
	}
	return 0;
nomem:
	err_set(err, "out of memory");
	return -1;
}

void filter_free(struct conns_filter *flt)
{
	free(flt->state);
	free(flt->port);
	free(flt->addr);
	free(flt->reason);
	*flt = (struct conns_filter){};
}

static bool addr_in(const struct endpoint *ep, const struct addr_filter *af)
{
	unsigned int bytes = af->prefix / 8, bits = af->prefix % 8;

	if (ep->af != af->addr.af || memcmp(ep->addr, af->addr.addr, bytes))
		return false;
	return !bits || !((ep->addr[bytes] ^ af->addr.addr[bytes]) &
			  (0xff00 >> bits));
}

static bool state_match(const char *want, const struct conns *c,
			const struct conn *conn)
{
	int role;

	for (role = 0; role < 2; role++) {
		const char *state = conn_state(c, conn, role);

		if (want[0] == 'h' ? state_half_open(state) :
		    !strcmp(want, state))
			return true;
	}
	return false;
}

bool filter_match(const struct conns_filter *flt, const struct conns *c,
		  const struct conn *conn)
{
	bool ok;
	size_t i;

	if (!flt)
		return true;
	for (ok = !flt->nstate, i = 0; !ok && i < flt->nstate; i++)
		ok = state_match(flt->state[i], c, conn);
	if (!ok)
		return false;
	for (ok = !flt->nport, i = 0; !ok && i < flt->nport; i++)
		ok = conn->ep[0].port == flt->port[i] ||
		     conn->ep[1].port == flt->port[i];
	if (!ok)
		return false;
	for (ok = !flt->naddr, i = 0; !ok && i < flt->naddr; i++)
		ok = addr_in(&conn->ep[0], &flt->addr[i]) ||
		     addr_in(&conn->ep[1], &flt->addr[i]);
	if (!ok)
		return false;
	for (ok = !flt->nreason, i = 0; !ok && i < flt->nreason; i++)
		ok = !strcmp(conn->field[c->known[COL_REASON]], flt->reason[i]);
	return ok;
}

/* Endpoints per state of the connections of family @af (0: any). */
struct state_count *state_counts(const struct conns *c,
				 const struct conns_filter *flt, int af,
				 size_t *nr)
{
	struct state_count *sc = calloc(tcphs_states_nr, sizeof(*sc));
	size_t i, k, n = tcphs_states_nr;
	int role;

	if (!sc)
		return NULL;
	for (k = 0; k < n; k++)
		sc[k].name = tcphs_states[k];
	for (i = 0; i < c->nr; i++) {
		const struct conn *conn = &c->conn[i];

		if ((af && conn->ep[0].af != af) || !filter_match(flt, c, conn))
			continue;
		for (role = 0; role < 2; role++) {
			const char *state = conn_state(c, conn, role);

			for (k = 0; k < n && strcmp(sc[k].name, state); k++)
				;
			if (k == n) {
				/* A state this tool does not know. */
				if (grow((void **)&sc, n, sizeof(*sc))) {
					free(sc);
					return NULL;
				}
				sc[n++] = (struct state_count){ .name = state };
			}
			sc[k].n[role]++;
		}
	}
	*nr = n;
	return sc;
}

static int endpoint_cmp(const struct endpoint *a, const struct endpoint *b)
{
	int r = endpoint_cmp_addr(a, b);

	return r ? r : (int)a->port - (int)b->port;
}

/* By server, then by client. */
static int conn_cmp(const void *pa, const void *pb)
{
	const struct conn *a = pa, *b = pb;
	int r = endpoint_cmp(&a->ep[1], &b->ep[1]);

	return r ? r : endpoint_cmp(&a->ep[0], &b->ep[0]);
}

/* Columns of numbers are aligned to the right. */
static bool col_numeric(const char *name)
{
	return !strcmp(name, "age") || !strcmp(name, "idle");
}

static int render_text(FILE *f, const struct conns *c, const bool *shown)
{
	size_t i, k, *width = calloc(c->ncol, sizeof(*width));

	if (!width)
		return -1;
	for (k = 0; k < c->ncol; k++)
		width[k] = strlen(c->col[k]);
	for (i = 0; i < c->nr; i++)
		for (k = 0; shown[i] && k < c->ncol; k++)
			if (strlen(c->conn[i].field[k]) > width[k])
				width[k] = strlen(c->conn[i].field[k]);
	for (i = 0; i <= c->nr; i++) {
		char **field = i ? c->conn[i - 1].field : c->col;

		if (i && !shown[i - 1])
			continue;
		for (k = 0; k < c->ncol; k++) {
			bool last = k + 1 == c->ncol;

			if (col_numeric(c->col[k]))
				fprintf(f, "%*s", (int)width[k], field[k]);
			else
				fprintf(f, "%-*s", last ? 0 : (int)width[k],
					field[k]);
			fputs(last ? "\n" : "  ", f);
		}
	}
	free(width);
	return 0;
}

static void json_endpoint(struct json *j, const char *key,
			  const struct endpoint *ep, const char *state)
{
	char addr[INET6_ADDRSTRLEN];

	endpoint_addr_str(ep, addr, sizeof(addr));
	json_obj_open(j, key);
	json_str(j, "addr", addr);
	json_u64(j, "port", ep->port);
	json_str(j, "state", state);
	json_obj_close(j);
}

/* Every column not known, in the order of the file, numbers as numbers. */
void json_other_cols(struct json *j, const struct conns *c,
		     const struct conn *conn)
{
	uint64_t v;
	size_t k, n;
	char *end;
	bool known;

	for (k = 0; k < c->ncol; k++) {
		for (known = false, n = 0; n < COL_NR; n++)
			known |= c->known[n] == k;
		if (known)
			continue;
		v = strtoull(conn->field[k], &end, 10);
		if (col_numeric(c->col[k]) && !*end &&
		    isdigit((unsigned char)conn->field[k][0]))
			json_u64(j, c->col[k], v);
		else
			json_str(j, c->col[k], conn->field[k]);
	}
}

void json_conn(struct json *j, const struct conns *c, const struct conn *conn)
{
	json_str(j, "family", conn->field[c->known[COL_FAMILY]]);
	json_endpoint(j, "client", &conn->ep[0], conn_state(c, conn, 0));
	json_endpoint(j, "server", &conn->ep[1], conn_state(c, conn, 1));
	json_other_cols(j, c, conn);
}

static void render_json(FILE *f, const struct sample *t,
			const struct conns *c, const bool *shown)
{
	struct json j;
	size_t i;

	json_init(&j, f);
	json_obj_open(&j, NULL);
	json_double(&j, "time", t->time);
	json_arr_open(&j, "conns");
	for (i = 0; i < c->nr; i++) {
		if (!shown[i])
			continue;
		json_obj_open(&j, NULL);
		json_conn(&j, c, &c->conn[i]);
		json_obj_close(&j);
	}
	json_arr_close(&j);
	json_obj_close(&j);
}

static int render_summary(FILE *f, const struct conns_opts *o,
			  const struct sample *t, const struct conns *c)
{
	uint64_t total = 0;
	struct state_count *sc;
	struct json j;
	size_t i, n;
	int role;

	sc = state_counts(c, o->filter, 0, &n);
	if (!sc)
		return -1;
	for (i = 0; i < c->nr; i++)
		total += filter_match(o->filter, c, &c->conn[i]);
	if (o->fmt == FMT_JSON) {
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_double(&j, "time", t->time);
		json_u64(&j, "conns", total);
		for (role = 0; role < 2; role++) {
			json_obj_open(&j, role ? "server" : "client");
			for (i = 0; i < n; i++)
				json_u64(&j, sc[i].name, sc[i].n[role]);
			json_obj_close(&j);
		}
		json_obj_close(&j);
	} else {
		fprintf(f, "%-12s  %8s  %8s\n", "state", "client", "server");
		for (i = 0; i < n; i++)
			if (o->zeros || sc[i].n[0] || sc[i].n[1])
				fprintf(f, "%-12s  %8llu  %8llu\n", sc[i].name,
					(unsigned long long)sc[i].n[0],
					(unsigned long long)sc[i].n[1]);
		fprintf(f, "%-12s  %8llu  %8llu\n", "total",
			(unsigned long long)total, (unsigned long long)total);
	}
	free(sc);
	return 0;
}

int conns_render(FILE *f, const struct conns_opts *o, const struct sample *t,
		 struct conns *c)
{
	bool *shown;
	int ret = 0;
	size_t i;

	if (o->summary)
		return render_summary(f, o, t, c);
	if (c->nr)
		qsort(c->conn, c->nr, sizeof(*c->conn), conn_cmp);
	shown = calloc(c->nr + 1, sizeof(*shown));
	if (!shown)
		return -1;
	for (i = 0; i < c->nr; i++)
		shown[i] = filter_match(o->filter, c, &c->conn[i]);
	if (o->fmt == FMT_JSON)
		render_json(f, t, c, shown);
	else
		ret = render_text(f, c, shown);
	free(shown);
	return ret;
}
