/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module's files take from the kernel's linux/bitops.h when they
 * are built in userspace.
 */
#ifndef _TCPHS_TOOLS_LINUX_BITOPS_H
#define _TCPHS_TOOLS_LINUX_BITOPS_H

#include <linux/types.h>

#define BIT(nr)			(1UL << (nr))

/* The index of the lowest bit set in @word, which must not be 0. */
static inline unsigned int __ffs64(u64 word)
{
	return (unsigned int)__builtin_ctzll(word);
}

static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

#endif /* _TCPHS_TOOLS_LINUX_BITOPS_H */
