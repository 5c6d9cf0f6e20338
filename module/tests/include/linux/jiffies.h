/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's clock tick in userspace: jiffies moves only when the
 * program says so (module/tests/kshim.c), from where the kernel starts it,
 * five minutes before its low 32 bits wrap.
 */
#ifndef _TCPHS_TOOLS_LINUX_JIFFIES_H
#define _TCPHS_TOOLS_LINUX_JIFFIES_H

#include <linux/types.h>

#define HZ			250
#define INITIAL_JIFFIES		((unsigned long)(unsigned int)(-300 * HZ))

extern unsigned long jiffies;

#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before(a, b)	time_after(b, a)
#define time_before64(a, b)	((s64)((a) - (b)) < 0)

static inline u64 get_jiffies_64(void)
{
	return jiffies;
}

static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

#endif /* _TCPHS_TOOLS_LINUX_JIFFIES_H */
