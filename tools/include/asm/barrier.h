/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's read barrier, for module/events.c's readers in userspace. */
#ifndef _TCPHS_TOOLS_ASM_BARRIER_H
#define _TCPHS_TOOLS_ASM_BARRIER_H

/* Orders the loads before it before the loads after it, and more. */
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)

#endif /* _TCPHS_TOOLS_ASM_BARRIER_H */
