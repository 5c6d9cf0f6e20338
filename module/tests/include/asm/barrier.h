/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's barriers of module/events.c and talkers.c, in userspace. */
#ifndef _TCPHS_TOOLS_ASM_BARRIER_H
#define _TCPHS_TOOLS_ASM_BARRIER_H

/* Orders the loads before it before the loads after it, and more. */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

/* Orders the stores before it before the stores after it, and more. */
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

/* Orders the accesses before it before the store of @v into *@p. */
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

/* Orders the load of *@p before the accesses after it. */
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)

#endif /* _TCPHS_TOOLS_ASM_BARRIER_H */
