/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's atomic_t, in userspace on one thread: a plain int. */
#ifndef _TCPHS_TOOLS_LINUX_ATOMIC_H
#define _TCPHS_TOOLS_LINUX_ATOMIC_H

#include <linux/types.h>

typedef struct {
	int counter;
} atomic_t;

#define atomic_read(v)		((v)->counter)
#define atomic_set(v, i)	((v)->counter = (i))
#define atomic_inc(v)		((v)->counter++)
#define atomic_dec(v)		((v)->counter--)
#define atomic_inc_return(v)	(++(v)->counter)
#define atomic_dec_return(v)	(--(v)->counter)

static inline bool atomic_try_cmpxchg(atomic_t *v, int *old, int new)
{
	if (v->counter != *old) {
		*old = v->counter;
		return false;
	}
	v->counter = new;
	return true;
}

#endif /* _TCPHS_TOOLS_LINUX_ATOMIC_H */
