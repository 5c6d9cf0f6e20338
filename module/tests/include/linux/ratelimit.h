/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's rate limit of log lines in userspace: it drops every line
 * while the program sets kshim_ratelimit_drop, and none otherwise, so that
 * the fuzzer formats the lines and decides which are lost.
 */
#ifndef _TCPHS_TOOLS_LINUX_RATELIMIT_H
#define _TCPHS_TOOLS_LINUX_RATELIMIT_H

#include <linux/jiffies.h>

#define DEFAULT_RATELIMIT_INTERVAL	(5 * HZ)
#define DEFAULT_RATELIMIT_BURST		10

struct ratelimit_state {
	int interval;
	int burst;
};

static inline void ratelimit_state_init(struct ratelimit_state *rs,
					int interval, int burst)
{
	rs->interval = interval;
	rs->burst = burst;
}

extern bool kshim_ratelimit_drop;

#define __ratelimit(rs)	((void)(rs), !kshim_ratelimit_drop)

#endif /* _TCPHS_TOOLS_LINUX_RATELIMIT_H */
