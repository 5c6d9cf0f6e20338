/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's barriers of module/events.c, in userspace. */
#ifndef _TCPHS_TOOLS_ASM_BARRIER_H
#define _TCPHS_TOOLS_ASM_BARRIER_H

/* Orders the loads before it before the loads after it, and more. */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

/* Orders the stores before it before the stores after it, and more. */
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)

#endif /* _TCPHS_TOOLS_ASM_BARRIER_H */
