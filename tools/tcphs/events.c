// SPDX-License-Identifier: GPL-2.0
/*
 * "tcphs events": the anomalies of /proc/tcphs/events, one line each in
 * the local time, or one JSON object each; a gap in their numbers, records
 * the ring overwrote before they were read, is said where it is.
 */

#include <time.h>

#include "tcphs.h"

/* The widths of the columns; a longer field pushes the next ones right. */
#define TIME_WIDTH	26	/* YYYY-MM-DD HH:MM:SS.uuuuuu */
#define REASON_WIDTH	18	/* close_half_timeout */
#define EP_WIDTH	21	/* 255.255.255.255:65535 */
#define STATE_WIDTH	12	/* client_state */

static void text_event(FILE *f, const struct conns *c, const struct conn *e)
{
	time_t sec = e->time_us / 1000000;
	char when[32] = "?";
	struct tm tm;

	if (localtime_r(&sec, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	fprintf(f, "%s.%06u  %-*s  %-*s -> %-*s  %-*s  %s\n", when,
		(unsigned int)(e->time_us % 1000000), REASON_WIDTH,
		e->field[c->known[COL_REASON]], EP_WIDTH,
		e->field[c->known[COL_CLIENT]], EP_WIDTH,
		e->field[c->known[COL_SERVER]], STATE_WIDTH,
		conn_state(c, e, 0), conn_state(c, e, 1));
}

void events_render(FILE *f, const struct events_opts *o,
		   const struct conns *c, bool header)
{
	const struct conn *e;
	struct json j;
	size_t i;

	if (header && o->fmt == FMT_TEXT)
		fprintf(f, "%-*s  %-*s  %-*s    %-*s  %-*s  %s\n", TIME_WIDTH,
			"time", REASON_WIDTH, "reason", EP_WIDTH, "client",
			EP_WIDTH, "server", STATE_WIDTH, "client_state",
			"server_state");
	for (i = 0; i < c->nr; i++) {
		e = &c->conn[i];
		if (e->lost && o->fmt == FMT_TEXT) {
			fprintf(f, "-- %llu event%s lost --\n",
				(unsigned long long)e->lost,
				e->lost == 1 ? "" : "s");
		} else if (e->lost) {
			json_init(&j, f);
			json_obj_open(&j, NULL);
			json_u64(&j, "lost", e->lost);
			json_obj_close(&j);
		}
		if (!filter_match(o->filter, c, e))
			continue;
		if (o->fmt == FMT_TEXT) {
			text_event(f, c, e);
			continue;
		}
		json_init(&j, f);
		json_obj_open(&j, NULL);
		json_u64(&j, "seq", e->seq);
		json_us(&j, "time", e->time_us);
		json_str(&j, "reason", e->field[c->known[COL_REASON]]);
		json_conn(&j, c, e);
		json_obj_close(&j);
	}
}
