/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's hlist in userspace, with the same layout and the same
 * behaviour on unlink: pprev set to NULL, next kept for readers.
 */
#ifndef _TCPHS_TOOLS_LINUX_LIST_H
#define _TCPHS_TOOLS_LINUX_LIST_H

#include <linux/kernel.h>

struct hlist_node {
	struct hlist_node *next, **pprev;
};

struct hlist_head {
	struct hlist_node *first;
};

static inline bool hlist_unhashed(const struct hlist_node *h)
{
	return !h->pprev;
}

static inline bool hlist_empty(const struct hlist_head *h)
{
	return !h->first;
}

static inline void hlist_add_head(struct hlist_node *n, struct hlist_head *h)
{
	n->next = h->first;
	if (h->first)
		h->first->pprev = &n->next;
	h->first = n;
	n->pprev = &h->first;
}

static inline void __hlist_del(struct hlist_node *n)
{
	*n->pprev = n->next;
	if (n->next)
		n->next->pprev = n->pprev;
}

/* Not container_of(NULL): that would be arithmetic on a null pointer. */
#define hlist_entry_safe(ptr, type, member) ({			\
	typeof(ptr) __ptr = (ptr);				\
	__ptr ? container_of(__ptr, type, member) : NULL;	\
})

#define hlist_for_each_entry(pos, head, member)				\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

#define hlist_for_each_entry_from(pos, member)				\
	for (; pos;							\
	     pos = hlist_entry_safe((pos)->member.next, typeof(*(pos)), member))

#define hlist_for_each_entry_safe(pos, n, head, member)			\
	for (pos = hlist_entry_safe((head)->first, typeof(*(pos)), member); \
	     pos && ({ n = (pos)->member.next; 1; });			\
	     pos = hlist_entry_safe(n, typeof(*(pos)), member))

#endif /* _TCPHS_TOOLS_LINUX_LIST_H */
