/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints in userspace: each TRACE_EVENT() of module/trace.h becomes a
 * trace_NAME() that does nothing, and a trace_NAME_enabled() that says it
 * is on, so that the code that fires them runs. Enumerators have no format
 * file to go to: TRACE_DEFINE_ENUM() is nothing, as in the kernel outside
 * the reads of trace/define_trace.h.
 */
#ifndef _TCPHS_TOOLS_LINUX_TRACEPOINT_H
#define _TCPHS_TOOLS_LINUX_TRACEPOINT_H

#include <linux/types.h>

#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args

#define TRACE_DEFINE_ENUM(a)

#define TRACE_EVENT(name, proto, args, tstruct, assign, print)		\
	static inline void trace_##name(proto) {}			\
	static inline bool trace_##name##_enabled(void) { return true; }

#endif /* _TCPHS_TOOLS_LINUX_TRACEPOINT_H */
