/* SPDX-License-Identifier: GPL-2.0 */
/* Time since boot in userspace: as much as jiffies has moved. */
#ifndef _TCPHS_TOOLS_LINUX_TIMEKEEPING_H
#define _TCPHS_TOOLS_LINUX_TIMEKEEPING_H

#include <linux/jiffies.h>
#include <linux/time64.h>
#include <linux/types.h>

static inline u64 ktime_get_ns(void)
{
	return (u64)(jiffies - INITIAL_JIFFIES) * (NSEC_PER_SEC / HZ);
}

/* The wall clock: as if the machine booted at the epoch. */
static inline u64 ktime_get_coarse_real_ns(void)
{
	return ktime_get_ns();
}

#endif /* _TCPHS_TOOLS_LINUX_TIMEKEEPING_H */
