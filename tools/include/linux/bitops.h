/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module's pure files take from the kernel's linux/bitops.h when
 * they are built in userspace.
 */
#ifndef _TCPHS_TOOLS_LINUX_BITOPS_H
#define _TCPHS_TOOLS_LINUX_BITOPS_H

#include <linux/types.h>

/* The index of the lowest bit set in @word, which must not be 0. */
static inline unsigned int __ffs64(u64 word)
{
	return (unsigned int)__builtin_ctzll(word);
}

#endif /* _TCPHS_TOOLS_LINUX_BITOPS_H */
