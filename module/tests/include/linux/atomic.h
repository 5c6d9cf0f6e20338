/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's atomic_t, in userspace on one thread: a plain int. And
 * atomic64_t, which module/events.c shares between CPUs without a lock:
 * the compiler's atomics, with the kernel's orders, for the threads of
 * module/tests/events_test.c.
 */
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

typedef struct {
	s64 counter;
} atomic64_t;

#define atomic64_read(v)	__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic64_read_acquire(v) \
	__atomic_load_n(&(v)->counter, __ATOMIC_ACQUIRE)
#define atomic64_set_release(v, i) \
	__atomic_store_n(&(v)->counter, (i), __ATOMIC_RELEASE)
#define atomic64_fetch_add(i, v) \
	__atomic_fetch_add(&(v)->counter, (i), __ATOMIC_SEQ_CST)

static inline bool atomic64_try_cmpxchg_acquire(atomic64_t *v, s64 *old,
						s64 new)
{
	return __atomic_compare_exchange_n(&v->counter, old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

#endif /* _TCPHS_TOOLS_LINUX_ATOMIC_H */
