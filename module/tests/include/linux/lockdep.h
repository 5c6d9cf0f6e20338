/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's lockdep assertions in userspace, on one thread: bottom
 * halves are off while a lock taken with spin_lock_bh() is held.
 * lockdep_assert_held() is in spinlock.h, beside the locks.
 */
#ifndef _TCPHS_TOOLS_LINUX_LOCKDEP_H
#define _TCPHS_TOOLS_LINUX_LOCKDEP_H

#include <linux/spinlock.h>

#define lockdep_assert_in_softirq() do {				\
	if (kshim_bh_off <= 0)						\
		KSHIM_REPORT("lockdep_assert_in_softirq(): bottom halves on"); \
} while (0)

#endif /* _TCPHS_TOOLS_LINUX_LOCKDEP_H */
