/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's marked accesses for the module's pure files when they are
 * built in userspace, where the tests run on one thread.
 */
#ifndef _TCPHS_TOOLS_LINUX_COMPILER_H
#define _TCPHS_TOOLS_LINUX_COMPILER_H

#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, val)	(*(volatile typeof(x) *)&(x) = (val))

#endif /* _TCPHS_TOOLS_LINUX_COMPILER_H */
