/* SPDX-License-Identifier: GPL-2.0 */
/* cpu_relax(), for the spins of module/events.c, in userspace. */
#ifndef _TCPHS_TOOLS_LINUX_PROCESSOR_H
#define _TCPHS_TOOLS_LINUX_PROCESSOR_H

#include <sched.h>

#define cpu_relax()	sched_yield()

#endif /* _TCPHS_TOOLS_LINUX_PROCESSOR_H */
