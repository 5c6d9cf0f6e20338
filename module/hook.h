/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TCPHS_HOOK_H
#define _TCPHS_HOOK_H

#include <linux/netfilter.h>

enum {
	TCPHS_HOOK_NR = 6,	/* input, output, forward; IPv4 and IPv6 */
};

/* Templates of the hooks; each namespace registers copies with priv set. */
extern const struct nf_hook_ops tcphs_hook_ops[TCPHS_HOOK_NR];

#endif /* _TCPHS_HOOK_H */
