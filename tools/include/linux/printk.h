/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's log in userspace: each line is formatted, so that the
 * sanitizers see its arguments read, and dropped.
 */
#ifndef _TCPHS_TOOLS_LINUX_PRINTK_H
#define _TCPHS_TOOLS_LINUX_PRINTK_H

#include <stdarg.h>
#include <stdio.h>

static inline __attribute__((format(printf, 1, 2)))
void kshim_log(const char *fmt, ...)
{
	char line[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
}

#define pr_warn(fmt, ...)	kshim_log(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	kshim_log(fmt, ##__VA_ARGS__)

#endif /* _TCPHS_TOOLS_LINUX_PRINTK_H */
