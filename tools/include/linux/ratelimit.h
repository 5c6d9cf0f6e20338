/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's rate limit of log lines in userspace: it never limits, so
 * that the fuzzer formats every line.
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

#define __ratelimit(rs)	((void)(rs), 1)

#endif /* _TCPHS_TOOLS_LINUX_RATELIMIT_H */
