/* SPDX-License-Identifier: GPL-2.0 */
/* What a program tells kshim.c, its kernel in userspace. */
#ifndef _TCPHS_KSHIM_H
#define _TCPHS_KSHIM_H

#include <linux/types.h>

enum {
	KSHIM_WORKS_MAX = 8,	/* works queued at once */
};

/* Make the next GFP_ATOMIC allocation fail. */
extern bool kshim_fail_next_alloc;

/* The objects of every cache, allocated and not yet freed. */
extern long kshim_objects;

/* Run the works queued, and the delayed ones whose time jiffies reached. */
void kshim_run_works(void);

#endif /* _TCPHS_KSHIM_H */
