/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_STATS_H
#define _TCPHS_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

#include "state.h"

/*
 * Counters of one network namespace. Their names in /proc/tcphs/stats are
 * ABI: append new ones, never rename or reuse one. What each counts is
 * told in tcphs(4); tools/check-counters holds its names, stat_names[] of
 * stats.c and TCPHS_EVENTS() of state.h, to it.
 */
enum tcphs_stat {
	TCPHS_STAT_PACKETS,
	TCPHS_STAT_SYN,
	TCPHS_STAT_SYNACK,
	TCPHS_STAT_FIN,
	TCPHS_STAT_RST,
	TCPHS_STAT_PSH,
	TCPHS_STAT_URG,
	TCPHS_STAT_ECE,
	TCPHS_STAT_CWR,
	TCPHS_STAT_MALFORMED,
	/* one per enum tcphs_event, in its order, named by state.c */
	TCPHS_STAT_EVENTS,
	TCPHS_STAT_EVICTED = TCPHS_STAT_EVENTS + TCPHS_EV_NR,
	TCPHS_STAT_INSERT_FAILED,
	TCPHS_STAT_NR
};

/*
 * The handshake delays of enum tcphs_lat, each a histogram: bucket 0 counts
 * the delays of 0 and 1 us, bucket b > 0 those of 2^b to 2^(b+1) - 1 us.
 */
enum {
	TCPHS_LAT_BUCKETS = 32,
};

/*
 * One copy per CPU, written with this_cpu_add() from any context and summed
 * over all possible CPUs by readers. unsigned long keeps each update a single
 * interrupt-safe instruction; on 32-bit machines the counters wrap at 2^32.
 */
struct tcphs_stats {
	unsigned long cnt[TCPHS_STAT_NR];
	unsigned long lat[TCPHS_LAT_NR][TCPHS_LAT_BUCKETS];
	unsigned long lat_us[TCPHS_LAT_NR];	/* the delays' sum */
};

/* The handshake delays of a namespace, summed over the CPUs. */
struct tcphs_lat_sum {
	u64 bucket[TCPHS_LAT_NR][TCPHS_LAT_BUCKETS];
	u64 count[TCPHS_LAT_NR];	/* the buckets' sum */
	u64 us[TCPHS_LAT_NR];
};

struct tcphs_seg;

struct tcphs_stats __percpu *tcphs_stats_alloc(void);
void tcphs_stats_free(struct tcphs_stats __percpu *stats);
void tcphs_stats_segment(struct tcphs_stats __percpu *stats,
			 const struct tcphs_seg *seg, u32 segs);
void tcphs_stats_malformed(struct tcphs_stats __percpu *stats);
void tcphs_stats_events(struct tcphs_stats __percpu *stats, u32 events);
void tcphs_stats_inc(struct tcphs_stats __percpu *stats, enum tcphs_stat stat);
void tcphs_stats_latency(struct tcphs_stats __percpu *stats,
			 const u32 lat[TCPHS_LAT_NR]);
void tcphs_stats_sum(const struct tcphs_stats __percpu *stats,
		     u64 sum[TCPHS_STAT_NR]);
void tcphs_stats_lat_sum(const struct tcphs_stats __percpu *stats,
			 struct tcphs_lat_sum *sum);
const char *tcphs_stat_name(enum tcphs_stat stat);
const char *tcphs_lat_name(enum tcphs_lat lat);

#endif /* _TCPHS_STATS_H */
