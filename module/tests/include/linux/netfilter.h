/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's netfilter.h for the module's pure files in userspace: the
 * uapi header (union nf_inet_addr, NFPROTO_*), nf_inet_addr_cmp() as the
 * kernel builds it on x86-64, with efficient unaligned access, and the
 * fields of struct nf_hook_ops that tcphs sets.
 */
#ifndef _TCPHS_TOOLS_LINUX_NETFILTER_H
#define _TCPHS_TOOLS_LINUX_NETFILTER_H

#include <linux/types.h>

#include_next <linux/netfilter.h>

struct nf_hook_ops {
	void *hook;
	void *priv;
	u8 pf;
	unsigned int hooknum;
	int priority;
};

static inline int nf_inet_addr_cmp(const union nf_inet_addr *a1,
				   const union nf_inet_addr *a2)
{
	const unsigned long *ul1 = (const unsigned long *)a1;
	const unsigned long *ul2 = (const unsigned long *)a2;

	return ((ul1[0] ^ ul2[0]) | (ul1[1] ^ ul2[1])) == 0UL;
}

#endif /* _TCPHS_TOOLS_LINUX_NETFILTER_H */
