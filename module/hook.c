// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks: find the TCP header of a packet, parse it, count it.
 *
 * Every TCP segment of a namespace is seen once: sent ones at LOCAL_OUT,
 * received ones at LOCAL_IN, forwarded ones at FORWARD. A segment looped
 * back through lo crosses LOCAL_OUT and then LOCAL_IN, so LOCAL_IN ignores
 * what arrives on a loopback device. Hooks run in softirq or, at LOCAL_OUT,
 * in process context; they never sleep and always return NF_ACCEPT.
 */

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/minmax.h>
#include <linux/netdevice.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <net/ipv6.h>

#include "hook.h"
#include "netns.h"
#include "segment.h"
#include "stats.h"
#include "table.h"

/*
 * After destination NAT and before the filter table and source NAT, where
 * both directions of a connection show the same addresses, NAT or not.
 */
#define TCPHS_PRIORITY	(NF_IP_PRI_NAT_DST + 50)

/* The number of wire segments a GSO or GRO packet stands for. */
static u32 skb_segs(const struct sk_buff *skb, u32 payload)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);

	if (!skb_is_gso(skb))
		return 1;
	/* Packets from untrusted sources may not have gso_segs set yet. */
	if (shinfo->gso_segs)
		return shinfo->gso_segs;
	return max_t(u32, 1, DIV_ROUND_UP(payload, shinfo->gso_size));
}

/* Count the segment at @thoff and follow its connection, addressed by @t. */
static void tcphs_segment(struct tcphs_net *tn, const struct sk_buff *skb,
			  unsigned int thoff, struct tcphs_tuple *t,
			  const struct nf_hook_state *state)
{
	u8 buf[TCPHS_HDR_MAX];
	const u8 *th;
	struct tcphs_seg seg;
	u32 len;

	if (thoff > skb->len)
		return;
	len = skb->len - thoff;
	th = skb_header_pointer(skb, thoff, min_t(u32, len, TCPHS_HDR_MIN),
				buf);
	/* Then the options, if any: never the payload, often not linear. */
	if (th && len >= TCPHS_HDR_MIN) {
		u32 hdr_len = tcphs_seg_hdr_len(th);

		if (hdr_len > TCPHS_HDR_MIN && hdr_len <= len)
			th = skb_header_pointer(skb, thoff, hdr_len, buf);
	}

	if (!tcphs_seg_parse(&seg, th, len)) {
		tcphs_stats_malformed(tn->stats);
		return;
	}
	tcphs_stats_segment(tn->stats, &seg, skb_segs(skb, seg.payload));
	t->sport = seg.sport;
	t->dport = seg.dport;
	tcphs_table_segment(state->net, tn, t, &seg);
}

/* True for a segment already counted when it left through lo. */
static bool looped_back(const struct nf_hook_state *state)
{
	return state->hook == NF_INET_LOCAL_IN && state->in &&
	       (state->in->flags & IFF_LOOPBACK);
}

static unsigned int tcphs_hook_ipv4(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct tcphs_tuple t = { .family = NFPROTO_IPV4 };

	/* Only a packet or its first fragment holds the TCP header. */
	if (iph->protocol != IPPROTO_TCP || iph->frag_off & htons(IP_OFFSET) ||
	    looped_back(state))
		return NF_ACCEPT;
	t.saddr.ip = iph->saddr;
	t.daddr.ip = iph->daddr;
	tcphs_segment(priv, skb, skb_network_offset(skb) + ip_hdrlen(skb), &t,
		      state);
	return NF_ACCEPT;
}

static unsigned int tcphs_hook_ipv6(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct tcphs_tuple t = { .family = NFPROTO_IPV6 };
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;
	int thoff;

	if (looped_back(state))
		return NF_ACCEPT;
	thoff = ipv6_skip_exthdr(skb, skb_network_offset(skb) +
				 sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (thoff < 0 || nexthdr != IPPROTO_TCP ||
	    frag_off & htons(IP6_OFFSET))
		return NF_ACCEPT;
	t.saddr.in6 = ip6h->saddr;
	t.daddr.in6 = ip6h->daddr;
	tcphs_segment(priv, skb, thoff, &t, state);
	return NF_ACCEPT;
}

#define TCPHS_HOOK(fn, family, num) {		\
	.hook = fn,				\
	.pf = family,				\
	.hooknum = num,				\
	.priority = TCPHS_PRIORITY,		\
}

const struct nf_hook_ops tcphs_hook_ops[TCPHS_HOOK_NR] = {
	TCPHS_HOOK(tcphs_hook_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_IN),
	TCPHS_HOOK(tcphs_hook_ipv4, NFPROTO_IPV4, NF_INET_LOCAL_OUT),
	TCPHS_HOOK(tcphs_hook_ipv4, NFPROTO_IPV4, NF_INET_FORWARD),
	TCPHS_HOOK(tcphs_hook_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_IN),
	TCPHS_HOOK(tcphs_hook_ipv6, NFPROTO_IPV6, NF_INET_LOCAL_OUT),
	TCPHS_HOOK(tcphs_hook_ipv6, NFPROTO_IPV6, NF_INET_FORWARD),
};
