/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's log in userspace: each line is formatted, so that the
 * sanitizers see its arguments read, and kept until the next, with a count
 * of the lines so far, for the program to read (module/tests/kshim.c).
 */
#ifndef _TCPHS_TOOLS_LINUX_PRINTK_H
#define _TCPHS_TOOLS_LINUX_PRINTK_H

#include <stdarg.h>
#include <stdio.h>

extern char kshim_log_line[1024];
extern unsigned long kshim_log_lines;

static inline __attribute__((format(printf, 1, 2)))
void kshim_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(kshim_log_line, sizeof(kshim_log_line), fmt, ap);
	va_end(ap);
	kshim_log_lines++;
}

#define pr_warn(fmt, ...)	kshim_log(fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)	kshim_log(fmt, ##__VA_ARGS__)

#endif /* _TCPHS_TOOLS_LINUX_PRINTK_H */
