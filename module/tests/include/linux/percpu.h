/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU data in userspace, on one CPU: cpumask.h has CPU 0 only. */
#ifndef _TCPHS_TOOLS_LINUX_PERCPU_H
#define _TCPHS_TOOLS_LINUX_PERCPU_H

#include <stdlib.h>
#include <linux/compiler.h>

#define alloc_percpu(type)	calloc(1, sizeof(type))
#define free_percpu(ptr)	free(ptr)
#define per_cpu_ptr(ptr, cpu)	((void)(cpu), (ptr))
#define this_cpu_ptr(ptr)	(ptr)
#define this_cpu_add(var, val)	((var) += (val))
#define this_cpu_inc(var)	((var)++)

#endif /* _TCPHS_TOOLS_LINUX_PERCPU_H */
