/* SPDX-License-Identifier: GPL-2.0 */
/* KCSAN's assertions, which userspace has no KCSAN to check. */
#ifndef _TCPHS_TOOLS_LINUX_KCSAN_CHECKS_H
#define _TCPHS_TOOLS_LINUX_KCSAN_CHECKS_H

#define ASSERT_EXCLUSIVE_WRITER(var)	((void)&(var))

#endif /* _TCPHS_TOOLS_LINUX_KCSAN_CHECKS_H */
