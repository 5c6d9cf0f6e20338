/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's linux/hash.h in userspace: the hash the module uses. */
#ifndef _TCPHS_TOOLS_LINUX_HASH_H
#define _TCPHS_TOOLS_LINUX_HASH_H

#include <linux/types.h>

#define GOLDEN_RATIO_32 0x61C88647

/* The @bits high bits of @val times the golden ratio, as the kernel's. */
static inline u32 hash_32(u32 val, unsigned int bits)
{
	return val * GOLDEN_RATIO_32 >> (32 - bits);
}

#endif /* _TCPHS_TOOLS_LINUX_HASH_H */
