/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's marked accesses for the module's pure files when they are
 * built in userspace: the unit tests run them on one thread, where a marked
 * access is a plain one.
 */
#ifndef _TCPHS_TOOLS_LINUX_COMPILER_H
#define _TCPHS_TOOLS_LINUX_COMPILER_H

#define __force
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, val)	((x) = (val))

#endif /* _TCPHS_TOOLS_LINUX_COMPILER_H */
