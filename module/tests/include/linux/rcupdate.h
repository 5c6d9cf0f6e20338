/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU readers in userspace, on one thread: a read section protects
 * nothing, since no writer runs beside it.
 */
#ifndef _TCPHS_TOOLS_LINUX_RCUPDATE_H
#define _TCPHS_TOOLS_LINUX_RCUPDATE_H

static inline void rcu_read_lock(void)
{
}

static inline void rcu_read_unlock(void)
{
}

#endif /* _TCPHS_TOOLS_LINUX_RCUPDATE_H */
