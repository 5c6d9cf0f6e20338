/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks in userspace, on one thread: each knows whether it is held,
 * and taking one held, or releasing one free, is reported as lockdep
 * would, a deadlock or a bug in the caller; those taken with
 * spin_lock_bh() count as bottom halves off, for lockdep.h.
 */
#ifndef _TCPHS_TOOLS_LINUX_SPINLOCK_H
#define _TCPHS_TOOLS_LINUX_SPINLOCK_H

#include <linux/bug.h>

typedef struct {
	bool held;
} spinlock_t;

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->held = false;
}

/*
 * How many locks taken with spin_lock_bh() are held: bottom halves are off
 * while any is. Defined by the program (module/tests/kshim.c, the hot path
 * harness).
 */
extern int kshim_bh_off;

static inline void spin_lock(spinlock_t *lock)
{
	if (lock->held)
		KSHIM_REPORT("%s() of a lock held: deadlock", __func__);
	lock->held = true;
}

static inline void spin_unlock(spinlock_t *lock)
{
	if (!lock->held)
		KSHIM_REPORT("%s() of a lock not held", __func__);
	lock->held = false;
}

static inline void spin_lock_bh(spinlock_t *lock)
{
	spin_lock(lock);
	kshim_bh_off++;
}

static inline void spin_unlock_bh(spinlock_t *lock)
{
	spin_unlock(lock);
	kshim_bh_off--;
}

#define lockdep_is_held(lock)	((lock)->held)

#define lockdep_assert_held(lock) do {					\
	if (!(lock)->held)						\
		KSHIM_REPORT("lockdep_assert_held(%s): not held", #lock); \
} while (0)

#endif /* _TCPHS_TOOLS_LINUX_SPINLOCK_H */
