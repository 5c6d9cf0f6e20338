/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_PARAMS_H
#define _TCPHS_PARAMS_H

#include <linux/compiler.h>
#include <linux/jiffies.h>
#include <linux/types.h>

#include "state.h"

/*
 * The module parameters, writable at run time in
 * /sys/module/tcphs/parameters. Writers go through the range checks of
 * params.c; readers take a value with READ_ONCE() and may see a new one
 * from one use to the next.
 */
struct tcphs_params {
	/* The seconds of idleness that end a connection, by its phase. */
	unsigned int timeout[TCPHS_PHASE_NR];
	/* The most connections tracked in all namespaces together. */
	unsigned int max_conns;
	/* The most of them one namespace holds; 0 for half of max_conns. */
	unsigned int max_conns_per_netns;
	/* The half-open connections of a namespace that alert; 0: never. */
	unsigned int half_open_alert;
	/* The length in seconds of an interval of /proc/tcphs/resets. */
	unsigned int resets_interval;
	/* Whether connections found open are followed from the middle. */
	bool pickup;
};

enum {
	TCPHS_MAX_CONNS_MIN = 16,
	TCPHS_MAX_CONNS_MAX = 1 << 24,
	TCPHS_ALERT_MIN = 4,	/* the least half_open_alert but 0 */
	TCPHS_TIMEOUT_MAX = 30 * 24 * 3600,	/* a month, in seconds */
	TCPHS_RESETS_INTERVAL_MAX = 3600,	/* an hour, in seconds */
};

extern struct tcphs_params tcphs_params;

/* The length of an interval of /proc/tcphs/resets, in jiffies. */
static inline u64 tcphs_resets_len(void)
{
	return (u64)READ_ONCE(tcphs_params.resets_interval) * HZ;
}

#endif /* _TCPHS_PARAMS_H */
