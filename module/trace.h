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
 * stored as their names. A segment's state change comes before its
 * anomalies. Disabled, a tracepoint costs a patched-out jump.
 *
 * trace.c creates them, with the helpers their TP_fast_assign() calls;
 * table.c fires them. In userspace (the fuzzer)
 * tools/include/linux/tracepoint.h makes them empty inline functions.
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
	TCPHS_TRACE_NAME = 20,	/* room for a state or event name */
	TCPHS_TRACE_ADDR = 28,	/* sizeof(struct sockaddr_in6) */
};

#define TCPHS_TRACE_STATE(dst, state)					\
	strscpy(dst, tcphs_state_name(state), TCPHS_TRACE_NAME)

#endif /* _TCPHS_TRACE_ONCE */

TRACE_EVENT(state,
	TP_PROTO(const struct net *net, const struct tcphs_tuple *t,
		 const struct tcphs_conn *c, u8 old_client, u8 old_server),
	TP_ARGS(net, t, c, old_client, old_server),
	TP_STRUCT__entry(
		__field(u32, netns)
		__array(u8, client, TCPHS_TRACE_ADDR)
		__array(u8, server, TCPHS_TRACE_ADDR)
		__array(char, old_client_state, TCPHS_TRACE_NAME)
		__array(char, old_server_state, TCPHS_TRACE_NAME)
		__array(char, client_state, TCPHS_TRACE_NAME)
		__array(char, server_state, TCPHS_TRACE_NAME)
	),
	TP_fast_assign(
		__entry->netns = net->ns.inum;
		tcphs_trace_addrs(__entry->client, __entry->server, t, c);
		TCPHS_TRACE_STATE(__entry->old_client_state, old_client);
		TCPHS_TRACE_STATE(__entry->old_server_state, old_server);
		TCPHS_TRACE_STATE(__entry->client_state,
				  c->ep[c->client].state);
		TCPHS_TRACE_STATE(__entry->server_state,
				  c->ep[!c->client].state);
	),
	TP_printk("netns=%u client=%pISpc server=%pISpc client_state=%s>%s server_state=%s>%s",
		  __entry->netns, __entry->client, __entry->server,
		  __entry->old_client_state, __entry->client_state,
		  __entry->old_server_state, __entry->server_state)
);

TRACE_EVENT(anomaly,
	TP_PROTO(const struct net *net, const struct tcphs_tuple *t,
		 const struct tcphs_conn *c, enum tcphs_event reason),
	TP_ARGS(net, t, c, reason),
	TP_STRUCT__entry(
		__field(u32, netns)
		__array(u8, client, TCPHS_TRACE_ADDR)
		__array(u8, server, TCPHS_TRACE_ADDR)
		__array(char, client_state, TCPHS_TRACE_NAME)
		__array(char, server_state, TCPHS_TRACE_NAME)
		__array(char, reason, TCPHS_TRACE_NAME)
	),
	TP_fast_assign(
		__entry->netns = net->ns.inum;
		tcphs_trace_addrs(__entry->client, __entry->server, t, c);
		TCPHS_TRACE_STATE(__entry->client_state,
				  c->ep[c->client].state);
		TCPHS_TRACE_STATE(__entry->server_state,
				  c->ep[!c->client].state);
		strscpy(__entry->reason, tcphs_event_name(reason),
			TCPHS_TRACE_NAME);
	),
	TP_printk("netns=%u client=%pISpc server=%pISpc client_state=%s server_state=%s reason=%s",
		  __entry->netns, __entry->client, __entry->server,
		  __entry->client_state, __entry->server_state,
		  __entry->reason)
);

#endif /* _TCPHS_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
