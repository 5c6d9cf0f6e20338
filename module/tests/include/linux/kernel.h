/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module's files take from the kernel's linux/kernel.h and the
 * headers around it, so that they build unchanged in userspace, configured
 * as on x86-64: little endian, with efficient unaligned access. For
 * lib/siphash.c (make hotpath, the unit tests) and for table.c (the fuzzer).
 * CONFIG_DCACHE_WORD_ACCESS is left out: its load_unaligned_zeropad() needs
 * the kernel's exception tables, and siphash reads the last bytes of its
 * input in a switch instead.
 */
#ifndef _TCPHS_TOOLS_LINUX_KERNEL_H
#define _TCPHS_TOOLS_LINUX_KERNEL_H

#include <endian.h>
#include <stddef.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/limits.h>
#include <linux/types.h>

#define CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS 1
/* Only for the options defined here, to 1: any other fails to build. */
#define IS_ENABLED(CONFIG_OPTION)	(CONFIG_OPTION)

#define BITS_PER_LONG		64
#define IS_ALIGNED(x, a)	(((x) & ((typeof(x))(a) - 1)) == 0)
#define EXPORT_SYMBOL(sym)
#define fallthrough		__attribute__((__fallthrough__))

#define le16_to_cpu(x)		le16toh(x)
#define le32_to_cpu(x)		le32toh(x)
#define le64_to_cpu(x)		le64toh(x)
#define le16_to_cpup(p)		le16toh(*(const u16 *)(p))
#define le32_to_cpup(p)		le32toh(*(const u32 *)(p))
#define le64_to_cpup(p)		le64toh(*(const u64 *)(p))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#define min_t(type, a, b) ({ type __a = (a), __b = (b); __a < __b ? __a : __b; })
#define max_t(type, a, b) ({ type __a = (a), __b = (b); __a > __b ? __a : __b; })

#define clamp_t(type, val, lo, hi) min_t(type, max_t(type, val, lo), hi)
#define swap(a, b) do { typeof(a) __t = (a); (a) = (b); (b) = __t; } while (0)

static inline u64 rol64(u64 word, unsigned int shift)
{
	return (word << (shift & 63)) | (word >> ((-shift) & 63));
}

static inline u32 rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

#endif /* _TCPHS_TOOLS_LINUX_KERNEL_H */
