/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracepoints of tcphs, for perf, trace-cmd, bpftrace and the kernel's
 * tracing file system (events/tcphs/):
 *
 *   tcphs:state    an endpoint of a connection changed state: the
 *                  connection, and both endpoints' states before and after
 *   tcphs:anomaly  something went wrong in a connection (an event of
 *                  TCPHS_EV_ANOMALIES): the connection, both states, and
 *                  the reason, the name of its counter in /proc/tcphs/stats
 *
 * The connection is its namespace's inode number (as ls -i /proc/PID/ns/net
 * shows it) and its client and server addresses. States and reasons are
 * stored as their values, a byte each (enum tcphs_state, enum
 * tcphs_event), and printed as their names by __print_symbolic(), both
 * from the lists of state.h. TRACE_DEFINE_ENUM() gives the format files
 * the value of each enumerator they name, for perf and trace-cmd to print
 * the names too; bpftrace reads the values. A segment's state change comes
 * before its anomalies. Disabled, a tracepoint costs a patched-out jump.
 *
 * trace.c creates them, with the helpers their TP_fast_assign() calls;
 * table.c fires them. In userspace (the fuzzer)
 * module/tests/include/linux/tracepoint.h makes them empty inline functions.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM tcphs

#if !defined(_TCPHS_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TCPHS_TRACE_H

#include <linux/tracepoint.h>

#include "state.h"
#include "tuple.h"

struct net;

#ifndef _TCPHS_TRACE_ONCE
#define _TCPHS_TRACE_ONCE

enum {
	TCPHS_TRACE_ADDR = 28,	/* sizeof(struct sockaddr_in6) */
};

/* An entry of TCPHS_STATES() or TCPHS_EVENTS() as a symbol to print. */
#define TCPHS_TRACE_SYMBOL(value, name)		{ value, name },
#define TCPHS_TRACE_SYMBOL_LAST(value, name)	{ value, name }

/* The name of @state, an enum tcphs_state, in TP_printk(). */
#define tcphs_trace_state(state)					\
	__print_symbolic(state,						\
			 TCPHS_STATES(TCPHS_TRACE_SYMBOL,		\
				      TCPHS_TRACE_SYMBOL_LAST))

/* The name of @event, an enum tcphs_event, in TP_printk(). */
#define tcphs_trace_event(event)					\
	__print_symbolic(event,						\
			 TCPHS_EVENTS(TCPHS_TRACE_SYMBOL,		\
				      TCPHS_TRACE_SYMBOL_LAST))

/*
 * An entry of TCPHS_STATES() or TCPHS_EVENTS() as the format files need
 * it. Each read of this header by trace/define_trace.h gives
 * TRACE_DEFINE_ENUM() a meaning of its own: the lists are expanded below,
 * at every read.
 */
#define TCPHS_TRACE_ENUM(value, name)	TRACE_DEFINE_ENUM(value);

#endif /* _TCPHS_TRACE_ONCE */

TCPHS_STATES(TCPHS_TRACE_ENUM, TCPHS_TRACE_ENUM)
TCPHS_EVENTS(TCPHS_TRACE_ENUM, TCPHS_TRACE_ENUM)

TRACE_EVENT(state,
	TP_PROTO(const struct net *net, const struct tcphs_tuple *t,
		 const struct tcphs_conn *c, u8 old_client, u8 old_server),
	TP_ARGS(net, t, c, old_client, old_server),
	TP_STRUCT__entry(
		__field(u32, netns)
		__array(u8, client, TCPHS_TRACE_ADDR)
		__array(u8, server, TCPHS_TRACE_ADDR)
		__field(u8, old_client_state)
		__field(u8, old_server_state)
		__field(u8, client_state)
		__field(u8, server_state)
	),
	TP_fast_assign(
		__entry->netns = net->ns.inum;
		tcphs_trace_addrs(__entry->client, __entry->server, t, c);
		__entry->old_client_state = old_client;
		__entry->old_server_state = old_server;
		__entry->client_state = c->ep[c->client].state;
		__entry->server_state = c->ep[!c->client].state;
	),
	TP_printk("netns=%u client=%pISpc server=%pISpc client_state=%s>%s server_state=%s>%s",
		  __entry->netns, __entry->client, __entry->server,
		  tcphs_trace_state(__entry->old_client_state),
		  tcphs_trace_state(__entry->client_state),
		  tcphs_trace_state(__entry->old_server_state),
		  tcphs_trace_state(__entry->server_state))
);

TRACE_EVENT(anomaly,
	TP_PROTO(const struct net *net, const struct tcphs_tuple *t,
		 const struct tcphs_conn *c, enum tcphs_event reason),
	TP_ARGS(net, t, c, reason),
	TP_STRUCT__entry(
		__field(u32, netns)
		__array(u8, client, TCPHS_TRACE_ADDR)
		__array(u8, server, TCPHS_TRACE_ADDR)
		__field(u8, client_state)
		__field(u8, server_state)
		__field(u8, reason)
	),
	TP_fast_assign(
		__entry->netns = net->ns.inum;
		tcphs_trace_addrs(__entry->client, __entry->server, t, c);
		__entry->client_state = c->ep[c->client].state;
		__entry->server_state = c->ep[!c->client].state;
		__entry->reason = reason;
	),
	TP_printk("netns=%u client=%pISpc server=%pISpc client_state=%s server_state=%s reason=%s",
		  __entry->netns, __entry->client, __entry->server,
		  tcphs_trace_state(__entry->client_state),
		  tcphs_trace_state(__entry->server_state),
		  tcphs_trace_event(__entry->reason))
);

#endif /* _TCPHS_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
