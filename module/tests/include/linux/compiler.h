/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's annotations and marked accesses for the module's files when
 * they are built in userspace: the unit tests and the fuzzer run them on
 * one thread, where a marked access is a plain one.
 */
#ifndef _TCPHS_TOOLS_LINUX_COMPILER_H
#define _TCPHS_TOOLS_LINUX_COMPILER_H

#define __force
#define __percpu
/* No cache line is shared with another CPU. */
#define ____cacheline_aligned_in_smp
#define __aligned(x)		__attribute__((__aligned__(x)))
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, val)	((x) = (val))
/* No access races with another thread's. */
#define data_race(expr)		(expr)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#endif /* _TCPHS_TOOLS_LINUX_COMPILER_H */
