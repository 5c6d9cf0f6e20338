/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's warnings, in userspace: a report on stderr, then abort(),
 * which the fuzzer takes for a crash, as panic_on_warn would.
 */
#ifndef _TCPHS_TOOLS_LINUX_BUG_H
#define _TCPHS_TOOLS_LINUX_BUG_H

void kshim_report(const char *file, int line, const char *what)
	__attribute__((__noreturn__));

#define KSHIM_REPORT(what)	kshim_report(__FILE__, __LINE__, what)

#define WARN_ON(cond) ({					\
	int __ret = !!(cond);					\
	if (__ret)						\
		KSHIM_REPORT("WARN_ON(" #cond ")");		\
	__ret;							\
})

#endif /* _TCPHS_TOOLS_LINUX_BUG_H */
