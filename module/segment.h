/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One TCP header, parsed and judged with no kernel dependency: this file and
 * segment.c build unchanged into the module and into the userspace tests,
 * where module/tests/include/linux/types.h stands in for the kernel's
 * header.
 */
#ifndef _TCPHS_SEGMENT_H
#define _TCPHS_SEGMENT_H

#include <linux/types.h>

/* TCP flag bits, as in byte 13 of the header. */
enum {
	TCPHS_FIN = 0x01,
	TCPHS_SYN = 0x02,
	TCPHS_RST = 0x04,
	TCPHS_PSH = 0x08,
	TCPHS_ACK = 0x10,
	TCPHS_URG = 0x20,
	TCPHS_ECE = 0x40,
	TCPHS_CWR = 0x80,
};

enum {
	TCPHS_HDR_MIN = 20,	/* a TCP header without options */
	TCPHS_HDR_MAX = 60,	/* with 40 bytes of options */
	TCPHS_WSCALE_MAX = 14,	/* RFC 7323 */
	TCPHS_WSCALE_NONE = 0xff,
};

/* The fields of a TCP header, in host byte order. */
struct tcphs_seg {
	u32 seq;
	u32 ack;
	u32 payload;		/* bytes after the header */
	u16 sport;
	u16 dport;
	u16 window;
	u8 flags;		/* TCPHS_FIN ... TCPHS_CWR */
	u8 hdr_len;		/* data offset, in bytes */
	u8 wscale;		/* window scale option, or TCPHS_WSCALE_NONE */
};

/* The length of the TCP header at @th, options included: its data offset. */
static inline u32 tcphs_seg_hdr_len(const u8 *th)
{
	return (u32)(th[12] >> 4) * 4;
}

bool tcphs_seg_parse(struct tcphs_seg *seg, const u8 *th, u32 len);

/**
 * tcphs_seg_flag_count - how many wire segments of a packet carry a flag
 * @flags: the flags of the packet's TCP header
 * @flag: the flag asked about
 * @segs: number of wire segments the packet stands for (GSO/GRO), at least 1
 *
 * Segmentation copies the header into every segment but keeps CWR on the
 * first one only and FIN and PSH on the last one only; GRO merges segments
 * by the same rule. SYN and RST segments are never merged. Inline: the
 * hooks count every packet's flags.
 */
static inline u32 tcphs_seg_flag_count(u8 flags, u8 flag, u32 segs)
{
	if (!(flags & flag))
		return 0;
	if (flag & (TCPHS_FIN | TCPHS_SYN | TCPHS_RST | TCPHS_PSH | TCPHS_CWR))
		return 1;
	return segs;
}

#endif /* _TCPHS_SEGMENT_H */
