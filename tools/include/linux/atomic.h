/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's atomic_t, in userspace on one thread: a plain int. */
#ifndef _TCPHS_TOOLS_LINUX_ATOMIC_H
#define _TCPHS_TOOLS_LINUX_ATOMIC_H

typedef struct {
	int counter;
} atomic_t;

#define atomic_read(v)		((v)->counter)
#define atomic_set(v, i)	((v)->counter = (i))
#define atomic_inc(v)		((v)->counter++)
#define atomic_dec(v)		((v)->counter--)

#endif /* _TCPHS_TOOLS_LINUX_ATOMIC_H */
