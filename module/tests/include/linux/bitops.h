/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module's files take from the kernel's linux/bitops.h when they
 * are built in userspace.
 */
#ifndef _TCPHS_TOOLS_LINUX_BITOPS_H
#define _TCPHS_TOOLS_LINUX_BITOPS_H

#include <linux/types.h>

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))

static inline unsigned int hweight32(u32 w)
{
	return (unsigned int)__builtin_popcount(w);
}

/* The atomic bitops, on one thread. */
static inline bool test_bit(long nr, const unsigned long *addr)
{
	return *addr & BIT(nr);
}

static inline void set_bit(long nr, unsigned long *addr)
{
	*addr |= BIT(nr);
}

static inline void clear_bit(long nr, unsigned long *addr)
{
	*addr &= ~BIT(nr);
}

static inline bool test_and_set_bit(long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	set_bit(nr, addr);
	return old;
}

static inline bool test_and_clear_bit(long nr, unsigned long *addr)
{
	bool old = test_bit(nr, addr);

	clear_bit(nr, addr);
	return old;
}

/* The index of the lowest bit set in @word, which must not be 0. */
static inline unsigned int __ffs64(u64 word)
{
	return (unsigned int)__builtin_ctzll(word);
}

static inline unsigned long __ffs(unsigned long word)
{
	return (unsigned long)__builtin_ctzl(word);
}

/* The index, from 1, of the highest bit set in @x; 0 if none. */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

#endif /* _TCPHS_TOOLS_LINUX_BITOPS_H */
