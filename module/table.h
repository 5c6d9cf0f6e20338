/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_TABLE_H
#define _TCPHS_TABLE_H

#include <linux/types.h>

#include "state.h"
#include "tuple.h"

struct net;
struct tcphs_net;
struct tcphs_top;

/* A snapshot of one connection, for /proc/tcphs/conns. */
struct tcphs_conn_info {
	struct tcphs_tuple tuple;	/* as the client sends */
	struct tcphs_conn conn;
	u32 age;			/* seconds since it started */
	u32 idle;			/* seconds since its last segment */
};

typedef void (*tcphs_table_dump_fn)(void *arg,
				    const struct tcphs_conn_info *info);

int tcphs_table_init(void);
void tcphs_table_exit(void);
void tcphs_table_segment(struct net *net, struct tcphs_net *tn,
			 const struct tcphs_tuple *tuple,
			 const struct tcphs_seg *seg);
void tcphs_table_net_exit(struct net *net);
unsigned int tcphs_table_buckets(void);
unsigned int tcphs_table_chain_max(void);
void tcphs_table_top(const struct net *net, struct tcphs_top *top);
void tcphs_table_dump(unsigned int bucket, const struct net *net,
		      tcphs_table_dump_fn fn, void *arg);

#endif /* _TCPHS_TABLE_H */
