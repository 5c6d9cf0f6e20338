/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's warnings, in userspace: a report on stderr, then abort(),
 * which the fuzzer takes for a crash, as panic_on_warn would.
 */
#ifndef _TCPHS_TOOLS_LINUX_BUG_H
#define _TCPHS_TOOLS_LINUX_BUG_H

void kshim_report(const char *file, int line, const char *fmt, ...)
	__attribute__((__format__(printf, 3, 4), __noreturn__));

#define KSHIM_REPORT(fmt, ...) \
	kshim_report(__FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define WARN_ON(cond) ({					\
	int __ret = !!(cond);					\
	if (__ret)						\
		KSHIM_REPORT("WARN_ON(%s)", #cond);		\
	__ret;							\
})

#endif /* _TCPHS_TOOLS_LINUX_BUG_H */
