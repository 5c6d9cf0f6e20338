/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's lock-less lists in userspace, on one thread. */
#ifndef _TCPHS_TOOLS_LINUX_LLIST_H
#define _TCPHS_TOOLS_LINUX_LLIST_H

#include <linux/kernel.h>

struct llist_node {
	struct llist_node *next;
};

struct llist_head {
	struct llist_node *first;
};

static inline void init_llist_head(struct llist_head *list)
{
	list->first = NULL;
}

/* Return: whether the list was empty. */
static inline bool llist_add(struct llist_node *new, struct llist_head *head)
{
	new->next = head->first;
	head->first = new;
	return !new->next;
}

static inline struct llist_node *llist_del_all(struct llist_head *head)
{
	struct llist_node *first = head->first;

	head->first = NULL;
	return first;
}

#define llist_entry_safe(ptr, type, member) ({			\
	typeof(ptr) __ptr = (ptr);				\
	__ptr ? container_of(__ptr, type, member) : NULL;	\
})

#define llist_for_each_entry_safe(pos, n, node, member)			\
	for (pos = llist_entry_safe(node, typeof(*(pos)), member);	\
	     pos && ({ n = llist_entry_safe((pos)->member.next,		\
					    typeof(*(pos)), member); 1; }); \
	     pos = n)

#endif /* _TCPHS_TOOLS_LINUX_LLIST_H */
