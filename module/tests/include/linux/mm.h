/* SPDX-License-Identifier: GPL-2.0 */
/* Memory in userspace: a machine of 1 GiB, in 4 KiB pages. */
#ifndef _TCPHS_TOOLS_LINUX_MM_H
#define _TCPHS_TOOLS_LINUX_MM_H

#define PAGE_SHIFT	12

static inline unsigned long totalram_pages(void)
{
	return 1UL << (30 - PAGE_SHIFT);
}

#endif /* _TCPHS_TOOLS_LINUX_MM_H */
