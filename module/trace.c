// SPDX-License-Identifier: GPL-2.0
/*
 * The tracepoints of trace.h, created here.
 */

#include <linux/build_bug.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "state.h"
#include "tuple.h"

/* @addr and @port of @family as a sockaddr of TCPHS_TRACE_ADDR bytes. */
static void sockaddr_of(u8 *dst, u8 family, const union nf_inet_addr *addr,
			u16 port)
{
	memset(dst, 0, sizeof(struct sockaddr_in6));
	if (family == NFPROTO_IPV4) {
		struct sockaddr_in *v4 = (struct sockaddr_in *)dst;

		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		v4->sin_addr.s_addr = addr->ip;
	} else {
		struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)dst;

		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		v6->sin6_addr = addr->in6;
	}
}

/*
 * The client's and server's addresses of @c, whose first segment went as
 * @t, as sockaddrs for %pISpc.
 */
static void tcphs_trace_addrs(u8 *client, u8 *server,
			      const struct tcphs_tuple *t,
			      const struct tcphs_conn *c)
{
	struct tcphs_tuple ct;

	tcphs_tuple_orient(&ct, t, c->client);
	sockaddr_of(client, ct.family, &ct.saddr, ct.sport);
	sockaddr_of(server, ct.family, &ct.daddr, ct.dport);
}

#define CREATE_TRACE_POINTS
#include "trace.h"

/* trace.h sizes its addresses without the socket headers. */
static_assert(sizeof(struct sockaddr_in6) == TCPHS_TRACE_ADDR);

/* trace.h keeps a state or an event in a byte. */
static_assert(TCPHS_STATE_NR - 1 <= U8_MAX && TCPHS_EV_NR - 1 <= U8_MAX);
