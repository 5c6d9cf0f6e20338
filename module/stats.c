// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU segment counters of a network namespace.
 */

#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/cpumask.h>
#include <linux/string.h>

#include "segment.h"
#include "stats.h"

/*
 * What each counts is told once, in tcphs(4), which tools/check-counters
 * holds to these names, the events' and the gauges' of proc.c.
 */
static const char * const stat_names[TCPHS_STAT_NR] = {
	[TCPHS_STAT_PACKETS] = "packets",
	[TCPHS_STAT_SYN] = "syn",
	[TCPHS_STAT_SYNACK] = "synack",
	[TCPHS_STAT_FIN] = "fin",
	[TCPHS_STAT_RST] = "rst",
	[TCPHS_STAT_PSH] = "psh",
	[TCPHS_STAT_URG] = "urg",
	[TCPHS_STAT_ECE] = "ece",
	[TCPHS_STAT_CWR] = "cwr",
	[TCPHS_STAT_MALFORMED] = "malformed",
	[TCPHS_STAT_EVICTED] = "evicted",
	[TCPHS_STAT_INSERT_FAILED] = "insert_failed",
};

/* The names of the delays in /proc/tcphs/latency: ABI, as stat_names[]. */
static const char * const lat_names[TCPHS_LAT_NR] = {
	/* from the client's last SYN to the SYN-ACK that acknowledges it */
	[TCPHS_LAT_SYNACK] = "syn_synack",
	/* from the server's last SYN-ACK to the ACK that completes */
	[TCPHS_LAT_ACK] = "synack_ack",
};

/* The counter of each flag bit; SYN's depends on ACK, and ACK has none. */
static const u8 flag_stats[8] = {
	[0] = TCPHS_STAT_FIN,
	[2] = TCPHS_STAT_RST,
	[3] = TCPHS_STAT_PSH,
	[5] = TCPHS_STAT_URG,
	[6] = TCPHS_STAT_ECE,
	[7] = TCPHS_STAT_CWR,
};

static_assert(TCPHS_FIN == BIT(0) && TCPHS_RST == BIT(2) &&
	      TCPHS_PSH == BIT(3) && TCPHS_URG == BIT(5) &&
	      TCPHS_ECE == BIT(6) && TCPHS_CWR == BIT(7));

struct tcphs_stats __percpu *tcphs_stats_alloc(void)
{
	return alloc_percpu(struct tcphs_stats);
}

void tcphs_stats_free(struct tcphs_stats __percpu *stats)
{
	free_percpu(stats);
}

/* Count a well-formed packet that stands for @segs wire segments. */
void tcphs_stats_segment(struct tcphs_stats __percpu *stats,
			 const struct tcphs_seg *seg, u32 segs)
{
	unsigned long flags = seg->flags & ~(TCPHS_SYN | TCPHS_ACK);

	this_cpu_add(stats->cnt[TCPHS_STAT_PACKETS], segs);
	if (seg->flags & TCPHS_SYN)
		this_cpu_inc(stats->cnt[seg->flags & TCPHS_ACK ?
					TCPHS_STAT_SYNACK : TCPHS_STAT_SYN]);
	while (flags) {
		unsigned int bit = __ffs(flags);

		this_cpu_add(stats->cnt[flag_stats[bit]],
			     tcphs_seg_flag_count(seg->flags, BIT(bit), segs));
		flags &= flags - 1;
	}
}

/* Count a packet whose TCP header cannot be trusted, as one segment. */
void tcphs_stats_malformed(struct tcphs_stats __percpu *stats)
{
	this_cpu_inc(stats->cnt[TCPHS_STAT_PACKETS]);
	this_cpu_inc(stats->cnt[TCPHS_STAT_MALFORMED]);
}

/* Add one to each counter of state.c whose bit is set in @events. */
void tcphs_stats_events(struct tcphs_stats __percpu *stats, u32 events)
{
	while (events) {
		unsigned int ev = __ffs(events);

		this_cpu_inc(stats->cnt[TCPHS_STAT_EVENTS + ev]);
		events &= events - 1;
	}
}

void tcphs_stats_inc(struct tcphs_stats __percpu *stats, enum tcphs_stat stat)
{
	this_cpu_inc(stats->cnt[stat]);
}

/* The histogram bucket of a delay of @us microseconds. */
static unsigned int lat_bucket(u32 us)
{
	return fls(us | 1) - 1;
}

/* Count the delays measured in @lat, those not TCPHS_LAT_NONE. */
void tcphs_stats_latency(struct tcphs_stats __percpu *stats,
			 const u32 lat[TCPHS_LAT_NR])
{
	unsigned int i;

	for (i = 0; i < TCPHS_LAT_NR; i++) {
		if (lat[i] == TCPHS_LAT_NONE)
			continue;
		this_cpu_inc(stats->lat[i][lat_bucket(lat[i])]);
		this_cpu_add(stats->lat_us[i], lat[i]);
	}
}

void tcphs_stats_sum(const struct tcphs_stats __percpu *stats,
		     u64 sum[TCPHS_STAT_NR])
{
	unsigned int i;
	int cpu;

	memset(sum, 0, sizeof(u64) * TCPHS_STAT_NR);
	for_each_possible_cpu(cpu) {
		const struct tcphs_stats *s = per_cpu_ptr(stats, cpu);

		for (i = 0; i < TCPHS_STAT_NR; i++)
			sum[i] += READ_ONCE(s->cnt[i]);
	}
}

void tcphs_stats_lat_sum(const struct tcphs_stats __percpu *stats,
			 struct tcphs_lat_sum *sum)
{
	unsigned int i, b;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct tcphs_stats *s = per_cpu_ptr(stats, cpu);

		for (i = 0; i < TCPHS_LAT_NR; i++) {
			for (b = 0; b < TCPHS_LAT_BUCKETS; b++) {
				u64 n = READ_ONCE(s->lat[i][b]);

				sum->bucket[i][b] += n;
				sum->count[i] += n;
			}
			sum->us[i] += READ_ONCE(s->lat_us[i]);
		}
	}
}

const char *tcphs_stat_name(enum tcphs_stat stat)
{
	if (stat >= TCPHS_STAT_EVENTS && stat < TCPHS_STAT_EVENTS + TCPHS_EV_NR)
		return tcphs_event_name(stat - TCPHS_STAT_EVENTS);
	return stat_names[stat];
}

const char *tcphs_lat_name(enum tcphs_lat lat)
{
	return lat_names[lat];
}
