/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace has one thread and nothing to yield to. */
#ifndef _TCPHS_TOOLS_LINUX_SCHED_H
#define _TCPHS_TOOLS_LINUX_SCHED_H

static inline void cond_resched(void)
{
}

#endif /* _TCPHS_TOOLS_LINUX_SCHED_H */
