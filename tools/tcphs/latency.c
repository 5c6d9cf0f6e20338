// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs latency": the handshake delays of /proc/tcphs/latency, each a log2
 * histogram in microseconds, as text histograms, JSON or a Prometheus
 * histogram; between samples, the delays measured since the previous one.
 */

#include <string.h>

#include "tcphs.h"

/* The delays this tool knows, in display order; the others follow. */
static const struct known_delay {
	const char *name;
	const char *what;
} known[] = {
	{ "syn_synack", "SYN to SYN-ACK, the server's answer" },
	{ "synack_ack", "SYN-ACK to ACK, the client's round trip" },
};

#define KNOWN_NR	ARRAY_SIZE(known)
#define BAR_WIDTH	40
#define METRIC		"tcphs_handshake_delay_seconds"

/* The index of @name in known[], or KNOWN_NR. */
static size_t known_index(const char *name)
{
	size_t k;

	for (k = 0; k < KNOWN_NR && strcmp(known[k].name, name); k++)
		;
	return k;
}

/*
 * The known delays first, in their order, then the others in file order: a
 * stable insertion sort by known_index().
 */
static void sort_known_first(struct delay *d, size_t n)
{
	struct delay tmp;
	size_t i, j;

	for (i = 1; i < n; i++) {
		tmp = d[i];
		for (j = i; j && known_index(d[j - 1].name) > known_index(tmp.name);
		     j--)
			d[j] = d[j - 1];
		d[j] = tmp;
	}
}

static bool went_back(const struct delay *d, const struct delay *p)
{
	unsigned int b;

	if (d->count < p->count || d->sum_us < p->sum_us)
		return true;
	for (b = 0; b < DELAY_BUCKETS; b++)
		if (d->bucket[b] < p->bucket[b])
			return true;
	return false;
}

/*
 * Each delay of @d less its values in @p, the previous sample: what was
 * measured since. One that is not in @p, or one of whose values went back
 * (the module was loaded again), counts from zero: it keeps its values.
 */
static void since(struct delay *d, size_t n, const struct delay *p,
		  size_t np)
{
	unsigned int b;
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < np && strcmp(p[k].name, d[i].name); k++)
			;
		if (k == np || went_back(&d[i], &p[k]))
			continue;
		d[i].count -= p[k].count;
		d[i].sum_us -= p[k].sum_us;
		for (b = 0; b < DELAY_BUCKETS; b++)
			d[i].bucket[b] -= p[k].bucket[b];
	}
}

/*
 * The buckets to show, *first to *last: all with -z, else from the lowest
 * to the highest that is not empty. False when there is none to show.
 */
static bool rows(const struct delay *d, const struct stats_opts *o,
		 unsigned int *first, unsigned int *last)
{
	unsigned int b;

	*first = DELAY_BUCKETS;
	*last = 0;
	for (b = 0; b < DELAY_BUCKETS; b++) {
		if (!o->zeros && !d->bucket[b])
			continue;
		if (*first == DELAY_BUCKETS)
			*first = b;
		*last = b;
	}
	return *first < DELAY_BUCKETS;
}

/* The mean of a delay in microseconds, rounded half up; count is not 0. */
static uint64_t mean_us(const struct delay *d)
{
	uint64_t rem = d->sum_us % d->count;

	return d->sum_us / d->count + (rem >= d->count - rem);
}

static void text_header(FILE *f, const struct delay *d)
{
	size_t k = known_index(d->name);

	fprintf(f, "%s: %s: ", d->name,
		k < KNOWN_NR ? known[k].what : "a delay this tcphs does not know");
	if (d->count)
		fprintf(f, "%llu measured, mean %llu us\n",
			(unsigned long long)d->count,
			(unsigned long long)mean_us(d));
	else
		fputs("none measured\n", f);
}

/*
 * For each delay a header, then a row per bucket shown: its bounds, its
 * count and a bar scaled to the largest count shown. The bounds take the
 * width of the widest there can be, and the counts that of the widest in
 * the sample, so that every histogram is aligned the same.
 */
static void render_text(FILE *f, const struct stats_opts *o,
			const struct delay *d, size_t n)
{
	int wrange, wcount = 8, w, stars;
	unsigned int b, first, last;
	uint64_t max;
	char range[32];
	size_t i;

	wrange = snprintf(NULL, 0, "%llu-%llu",
			  (unsigned long long)delay_low_us(DELAY_BUCKETS - 1),
			  (unsigned long long)delay_high_us(DELAY_BUCKETS - 1));
	for (i = 0; i < n; i++) {
		for (b = 0; b < DELAY_BUCKETS; b++) {
			w = snprintf(NULL, 0, "%llu",
				     (unsigned long long)d[i].bucket[b]);
			wcount = w > wcount ? w : wcount;
		}
	}
	for (i = 0; i < n; i++) {
		if (i)
			fputc('\n', f);
		text_header(f, &d[i]);
		if (!rows(&d[i], o, &first, &last))
			continue;
		max = 0;
		for (b = first; b <= last; b++)
			max = d[i].bucket[b] > max ? d[i].bucket[b] : max;
		fprintf(f, "%*s : %-*s %s\n", wrange, "us", wcount, "count",
			"distribution");
		for (b = first; b <= last; b++) {
			snprintf(range, sizeof(range), "%llu-%llu",
				 (unsigned long long)delay_low_us(b),
				 (unsigned long long)delay_high_us(b));
			fprintf(f, "%*s : %-*llu |", wrange, range, wcount,
				(unsigned long long)d[i].bucket[b]);
			stars = max ? (double)d[i].bucket[b] * BAR_WIDTH / max : 0;
			for (w = 0; w < BAR_WIDTH; w++)
				fputc(w < stars ? '*' : ' ', f);
			fputs("|\n", f);
		}
	}
}

static void render_json(FILE *f, const struct stats_opts *o,
			const struct sample *t, const struct delay *d,
			size_t n)
{
	unsigned int b;
	struct json j;
	size_t i;

	json_sample_open(&j, f, t);
	json_obj_open(&j, "latency");
	for (i = 0; i < n; i++) {
		json_obj_open(&j, d[i].name);
		json_u64(&j, "count", d[i].count);
		json_u64(&j, "sum_us", d[i].sum_us);
		json_arr_open(&j, "buckets");
		for (b = 0; b < DELAY_BUCKETS; b++) {
			if (!o->zeros && !d[i].bucket[b])
				continue;
			json_obj_open(&j, NULL);
			json_u64(&j, "low_us", delay_low_us(b));
			json_u64(&j, "high_us", delay_high_us(b));
			json_u64(&j, "count", d[i].bucket[b]);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
	}
	json_obj_close(&j);
	json_obj_close(&j);
}

/* Microseconds as seconds, exactly: six decimals. */
static void seconds(char *buf, size_t size, uint64_t us)
{
	snprintf(buf, size, "%llu.%06llu", (unsigned long long)(us / 1000000),
		 (unsigned long long)(us % 1000000));
}

/*
 * One histogram, the delay as a label: cumulative buckets whose bound is
 * the bucket's highest delay in seconds, the last one +Inf (the module's
 * clock reads no delay past it), then the sum and the count. The parser
 * lets only letters, digits and '_' in names: a label needs no escape.
 */
static void render_prom(FILE *f, const struct delay *d, size_t n)
{
	char le[32], sum[32];
	uint64_t cum;
	unsigned int b;
	size_t i;

	prom_family(f, METRIC, "histogram",
		    "Delays of the TCP handshakes: syn_synack from the client's SYN to the server's SYN-ACK, synack_ack from the SYN-ACK to the client's ACK.");
	for (i = 0; i < n; i++) {
		cum = 0;
		for (b = 0; b < DELAY_BUCKETS; b++) {
			cum += d[i].bucket[b];
			if (b + 1 < DELAY_BUCKETS)
				seconds(le, sizeof(le), delay_high_us(b));
			else
				snprintf(le, sizeof(le), "+Inf");
			fprintf(f, "%s_bucket{delay=\"%s\",le=\"%s\"} %llu\n",
				METRIC, d[i].name, le, (unsigned long long)cum);
		}
		seconds(sum, sizeof(sum), d[i].sum_us);
		fprintf(f, "%s_sum{delay=\"%s\"} %s\n", METRIC, d[i].name, sum);
		fprintf(f, "%s_count{delay=\"%s\"} %llu\n", METRIC, d[i].name,
			(unsigned long long)d[i].count);
	}
}

/*
 * With @prev, the text and JSON show what was measured since; Prometheus
 * always shows the totals, since the counts of a histogram only go up.
 */
int latency_render(FILE *f, const struct stats_opts *o,
		   const struct sample *t, const struct stats *cur,
		   const struct stats *prev)
{
	struct delay *d, *p = NULL;
	size_t n, np;

	d = delays_collect(cur, &n);
	if (!d)
		return -1;
	sort_known_first(d, n);
	if (prev && o->fmt != FMT_PROMETHEUS) {
		p = delays_collect(prev, &np);
		if (!p) {
			delays_free(d, n);
			return -1;
		}
		since(d, n, p, np);
		delays_free(p, np);
	}
	switch (o->fmt) {
	case FMT_TEXT:
		render_text(f, o, d, n);
		break;
	case FMT_JSON:
		render_json(f, o, t, d, n);
		break;
	case FMT_PROMETHEUS:
		render_prom(f, d, n);
		break;
	}
	delays_free(d, n);
	return 0;
}
