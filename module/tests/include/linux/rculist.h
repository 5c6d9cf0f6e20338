/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RCU lists in userspace, on one thread: no reader runs while a writer
 * changes a list, and a grace period is over at once.
 */
#ifndef _TCPHS_TOOLS_LINUX_RCULIST_H
#define _TCPHS_TOOLS_LINUX_RCULIST_H

#include <linux/list.h>

#define hlist_add_head_rcu(n, h)	hlist_add_head(n, h)

static inline void hlist_del_init_rcu(struct hlist_node *n)
{
	if (!hlist_unhashed(n)) {
		__hlist_del(n);
		n->pprev = NULL;
	}
}

/* Nothing tracks RCU readers here: the lockdep condition is left out. */
#define hlist_for_each_entry_rcu(pos, head, member, cond...)		\
	hlist_for_each_entry(pos, head, member)

static inline void synchronize_rcu(void)
{
}

#endif /* _TCPHS_TOOLS_LINUX_RCULIST_H */
