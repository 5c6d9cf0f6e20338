// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs stats": the counters of /proc/tcphs/stats, grouped, as text, JSON
 * or Prometheus text exposition, with per-second rates between samples.
 */

#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "tcphs.h"

enum group {
	G_SEGMENTS,
	G_HANDSHAKES,
	G_TEARDOWNS,
	G_TABLE,
	G_OTHER,		/* names this tool does not know */
	G_NR,
};

static const char *const group_names[G_NR] = {
	"segments", "handshakes", "teardowns", "table", "other",
};

enum kind {
	K_COUNTER,
	K_GAUGE,
	K_UNKNOWN,
};

/* The names of /proc/tcphs/stats this tool knows, in display order. */
static const struct known_stat {
	const char *name;
	enum group group;
	enum kind kind;
	const char *help;
} known[] = {
	{ "packets", G_SEGMENTS, K_COUNTER,
	  "TCP segments seen, each once, malformed ones included." },
	{ "syn", G_SEGMENTS, K_COUNTER,
	  "Segments with SYN and without ACK: connection attempts." },
	{ "synack", G_SEGMENTS, K_COUNTER,
	  "Segments with SYN and ACK: answers to connection attempts." },
	{ "fin", G_SEGMENTS, K_COUNTER,
	  "Segments with FIN." },
	{ "rst", G_SEGMENTS, K_COUNTER,
	  "Segments with RST." },
	{ "psh", G_SEGMENTS, K_COUNTER,
	  "Segments with PSH." },
	{ "urg", G_SEGMENTS, K_COUNTER,
	  "Segments with URG." },
	{ "ece", G_SEGMENTS, K_COUNTER,
	  "Segments with ECE." },
	{ "cwr", G_SEGMENTS, K_COUNTER,
	  "Segments with CWR." },
	{ "malformed", G_SEGMENTS, K_COUNTER,
	  "Segments whose TCP header cannot be trusted." },
	{ "hs_started", G_HANDSHAKES, K_COUNTER,
	  "Handshakes started by a SYN." },
	{ "hs_completed", G_HANDSHAKES, K_COUNTER,
	  "Handshakes completed, both SYNs acknowledged exactly." },
	{ "hs_rejected", G_HANDSHAKES, K_COUNTER,
	  "Handshakes refused: the SYN answered by a RST." },
	{ "hs_syn_timeout", G_HANDSHAKES, K_COUNTER,
	  "SYNs never answered (stale SYNs)." },
	{ "hs_synack_timeout", G_HANDSHAKES, K_COUNTER,
	  "SYN-ACKs never acknowledged (server half-open)." },
	{ "hs_aborted", G_HANDSHAKES, K_COUNTER,
	  "Handshakes ended by another RST." },
	{ "hs_evicted", G_HANDSHAKES, K_COUNTER,
	  "Handshakes evicted from a full table." },
	{ "hs_bad_synack", G_HANDSHAKES, K_COUNTER,
	  "SYN-ACKs acknowledging something other than the SYN." },
	{ "hs_bad_ack", G_HANDSHAKES, K_COUNTER,
	  "Final ACKs acknowledging something other than the SYN-ACK." },
	{ "hs_syn_retrans", G_HANDSHAKES, K_COUNTER,
	  "SYNs sent again during the handshake." },
	{ "hs_synack_retrans", G_HANDSHAKES, K_COUNTER,
	  "SYN-ACKs sent again." },
	{ "hs_simultaneous", G_HANDSHAKES, K_COUNTER,
	  "Simultaneous opens." },
	{ "close_fin", G_TEARDOWNS, K_COUNTER,
	  "Connections closed by both FINs, acknowledged exactly." },
	{ "close_simultaneous", G_TEARDOWNS, K_COUNTER,
	  "Connections closed by both FINs sent at once." },
	{ "close_rst", G_TEARDOWNS, K_COUNTER,
	  "Established or closing connections reset." },
	{ "close_half_timeout", G_TEARDOWNS, K_COUNTER,
	  "Connections where one side sent FIN and the other never did." },
	{ "close_fin_timeout", G_TEARDOWNS, K_COUNTER,
	  "Connections where a FIN was never acknowledged." },
	{ "close_idle_timeout", G_TEARDOWNS, K_COUNTER,
	  "Established connections that stayed idle too long." },
	{ "fin_bad_ack", G_TEARDOWNS, K_COUNTER,
	  "Acknowledgments past a FIN." },
	{ "data_after_fin", G_TEARDOWNS, K_COUNTER,
	  "Segments with payload past their sender's FIN." },
	{ "rst_out_of_window", G_TEARDOWNS, K_COUNTER,
	  "RSTs outside their receiver's window, ignored." },
	{ "time_wait_reuse", G_TEARDOWNS, K_COUNTER,
	  "New SYNs on a tuple in TIME_WAIT." },
	{ "conns", G_TABLE, K_GAUGE,
	  "Connections of the namespace in the table." },
	{ "conns_max", G_TABLE, K_GAUGE,
	  "Connections the table holds at most, all namespaces together." },
	{ "half_open", G_TABLE, K_GAUGE,
	  "Connections of the namespace in their handshake." },
	{ "chain_max", G_TABLE, K_GAUGE,
	  "Most connections in one bucket of the table since load, all namespaces together." },
	{ "picked_up", G_TABLE, K_COUNTER,
	  "Connections found open and followed from there." },
	{ "untracked", G_TABLE, K_COUNTER,
	  "Segments of unknown connections that open none." },
	{ "evicted", G_TABLE, K_COUNTER,
	  "Connections dropped from a full table for a new one." },
	{ "insert_failed", G_TABLE, K_COUNTER,
	  "New connections left untracked: table full or no memory." },
};

#define KNOWN_NR	ARRAY_SIZE(known)

/* A line to show: a value of the sample, and what this tool knows of it. */
struct line {
	const char *name;
	enum group group;
	enum kind kind;
	const char *help;
	uint64_t value;
	double rate;		/* per second, counters with a previous sample */
	bool has_rate;
};

static const struct known_stat *find_known(const char *name)
{
	size_t i;

	for (i = 0; i < KNOWN_NR; i++)
		if (!strcmp(known[i].name, name))
			return &known[i];
	return NULL;
}

static void line_rate(struct line *l, const struct stats *prev,
		      const struct sample *t)
{
	const uint64_t *before;
	uint64_t delta;

	if (!prev || l->kind != K_COUNTER || !(t->interval > 0))
		return;
	before = stats_get(prev, l->name);
	if (!before)
		return;
	/* A counter that went back: the module was loaded again. */
	delta = l->value >= *before ? l->value - *before : l->value;
	l->rate = delta / t->interval;
	l->has_rate = true;
}

/*
 * The lines of a sample: the known names in their order, then the unknown
 * ones in file order. Returns how many were filled.
 */
static size_t collect(struct line *lines, const struct stats *cur,
		      const struct stats *prev, const struct sample *t)
{
	const struct known_stat *k;
	const uint64_t *v;
	size_t i, n = 0;

	for (i = 0; i < KNOWN_NR; i++) {
		v = stats_get(cur, known[i].name);
		if (!v)
			continue;
		lines[n] = (struct line){ .name = known[i].name,
					  .group = known[i].group,
					  .kind = known[i].kind,
					  .help = known[i].help, .value = *v };
		line_rate(&lines[n++], prev, t);
	}
	for (i = 0; i < cur->nr; i++) {
		k = find_known(cur->kv[i].name);
		if (k)
			continue;
		lines[n++] = (struct line){ .name = cur->kv[i].name,
					    .group = G_OTHER, .kind = K_UNKNOWN,
					    .value = cur->kv[i].value };
	}
	return n;
}

/* Zero lines are hidden: a zero value, or with rates a zero rate. */
static bool line_shown(const struct line *l, const struct stats_opts *o)
{
	if (o->zeros)
		return true;
	return l->has_rate ? l->rate != 0 : l->value != 0;
}

static void render_text(FILE *f, const struct stats_opts *o,
			const struct line *lines, size_t n)
{
	int wname = 0, wval = 0, w;
	unsigned int g;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!line_shown(&lines[i], o))
			continue;
		w = strlen(lines[i].name);
		wname = w > wname ? w : wname;
		w = snprintf(NULL, 0, "%llu", (unsigned long long)lines[i].value);
		wval = w > wval ? w : wval;
	}
	for (g = 0; g < G_NR; g++) {
		bool title = false;

		for (i = 0; i < n; i++) {
			const struct line *l = &lines[i];

			if (l->group != g || !line_shown(l, o))
				continue;
			if (!title) {
				fprintf(f, "%s\n", group_names[g]);
				title = true;
			}
			fprintf(f, "  %-*s  %*llu", wname, l->name, wval,
				(unsigned long long)l->value);
			if (l->has_rate)
				fprintf(f, "  %10.1f/s", l->rate);
			fputc('\n', f);
		}
	}
}

static void render_json(FILE *f, const struct sample *t,
			const struct line *lines, size_t n)
{
	struct json j;
	size_t i;

	json_sample_open(&j, f, t);
	json_obj_open(&j, "stats");
	for (i = 0; i < n; i++)
		json_u64(&j, lines[i].name, lines[i].value);
	json_obj_close(&j);
	if (t->interval > 0) {
		json_obj_open(&j, "rates");
		for (i = 0; i < n; i++)
			if (lines[i].has_rate)
				json_double(&j, lines[i].name, lines[i].rate);
		json_obj_close(&j);
	}
	json_obj_close(&j);
}

void prom_family(FILE *f, const char *metric, const char *type,
		 const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", metric, help, metric, type);
}

/* Endpoints per family, role and state, from the live table. */
static int render_prom_endpoints(FILE *f, const struct conns *c)
{
	static const char *const families[] = { "ipv4", "ipv6" };
	static const char *const roles[] = { "client", "server" };
	struct state_count *sc;
	size_t nsc, i, fam;
	int role;

	prom_family(f, "tcphs_endpoints", "gauge",
		    "Endpoints of tracked connections, by family, role and state.");
	for (fam = 0; fam < 2; fam++) {
		sc = state_counts(c, NULL, fam ? AF_INET6 : AF_INET, &nsc);
		if (!sc)
			return -1;
		for (role = 0; role < 2; role++)
			for (i = 0; i < nsc; i++)
				fprintf(f, "%s{family=\"%s\",role=\"%s\",state=\"%s\"} %llu\n",
					"tcphs_endpoints", families[fam],
					roles[role], sc[i].name,
					(unsigned long long)sc[i].n[role]);
		free(sc);
	}
	return 0;
}

static int render_prom(FILE *f, const struct line *lines, size_t n,
		       const struct conns *conns)
{
	char metric[128], help[128];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct line *l = &lines[i];
		const char *type = l->kind == K_COUNTER ? "counter" :
				   l->kind == K_GAUGE ? "gauge" : "untyped";

		/* The parser let only letters, digits and '_' in names. */
		snprintf(metric, sizeof(metric), "tcphs_%s%s", l->name,
			 l->kind == K_COUNTER ? "_total" : "");
		if (!l->help)
			snprintf(help, sizeof(help), "The \"%s\" line of /proc/tcphs/stats.",
				 l->name);
		prom_family(f, metric, type, l->help ? l->help : help);
		fprintf(f, "%s %llu\n", metric, (unsigned long long)l->value);
	}
	return conns ? render_prom_endpoints(f, conns) : 0;
}

int stats_render(FILE *f, const struct stats_opts *o, const struct sample *t,
		 const struct stats *cur, const struct stats *prev,
		 const struct conns *conns)
{
	struct line *lines = calloc(cur->nr, sizeof(*lines));
	int ret = 0;
	size_t n;

	if (!lines)
		return -1;
	n = collect(lines, cur, prev, t);
	switch (o->fmt) {
	case FMT_TEXT:
		render_text(f, o, lines, n);
		break;
	case FMT_JSON:
		render_json(f, t, lines, n);
		break;
	case FMT_PROMETHEUS:
		ret = render_prom(f, lines, n, conns);
		break;
	}
	free(lines);
	return ret;
}
