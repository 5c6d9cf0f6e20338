/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace has one CPU: see percpu.h. */
#ifndef _TCPHS_TOOLS_LINUX_CPUMASK_H
#define _TCPHS_TOOLS_LINUX_CPUMASK_H

#define for_each_possible_cpu(cpu)	for ((cpu) = 0; (cpu) < 1; (cpu)++)

#endif /* _TCPHS_TOOLS_LINUX_CPUMASK_H */
