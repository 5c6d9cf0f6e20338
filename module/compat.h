/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels tcphs builds on, from 5.10 to the
 * newest, in one place. The module's files are written against the newest
 * API and name no kernel version; Kbuild includes this header before each
 * of them, and it supplies that API where the target kernel lacks it.
 *
 * Each difference is decided by a probe of the target tree's headers, made
 * in module/Kbuild (TCPHS_HAVE_*), since distributions backport APIs to
 * kernels whose version predates them; by the version only where nothing
 * can be probed.
 */
#ifndef _TCPHS_COMPAT_H
#define _TCPHS_COMPAT_H

/* pde_data() is PDE_DATA() before 5.17. */
#ifndef TCPHS_HAVE_PDE_DATA
#define pde_data(inode) PDE_DATA(inode)
#endif

/*
 * lockdep_assert_in_softirq(), which asserts bottom halves off, comes in
 * 5.11; before it, the same check, made only where lockdep proves locking.
 */
#ifndef TCPHS_HAVE_LOCKDEP_ASSERT_IN_SOFTIRQ
#ifdef CONFIG_PROVE_LOCKING
#define lockdep_assert_in_softirq()					\
	WARN_ON_ONCE(debug_locks && (!in_softirq() || in_irq() || in_nmi()))
#else
#define lockdep_assert_in_softirq() do { } while (0)
#endif
#endif

#endif /* _TCPHS_COMPAT_H */
