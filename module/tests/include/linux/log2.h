/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_TOOLS_LINUX_LOG2_H
#define _TCPHS_TOOLS_LINUX_LOG2_H

/* @n must not be 0, as in the kernel; a constant for a constant. */
#define ilog2(n)	(63 - __builtin_clzll(n))

/* @n must not be 0, as in the kernel. */
static inline unsigned long roundup_pow_of_two(unsigned long n)
{
	return n == 1 ? 1 : 1UL << (64 - __builtin_clzl(n - 1));
}

#endif /* _TCPHS_TOOLS_LINUX_LOG2_H */
