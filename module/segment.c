// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of one TCP header. Pure C: no kernel headers, no allocation, no
 * side effect, so that it can be unit-tested and fuzzed in userspace.
 */

#include "segment.h"

static u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/*
 * The flag combinations a TCP sends, once PSH, URG, ECE and CWR are set
 * aside: an opening SYN, its SYN-ACK, a RST with or without ACK, and an ACK,
 * possibly with FIN. Anything else (no flag at all, SYN with FIN or RST, FIN
 * without ACK as in a "Xmas" scan) comes from a broken or probing sender.
 */
static bool flags_valid(u8 flags)
{
	switch (flags & (TCPHS_FIN | TCPHS_SYN | TCPHS_RST | TCPHS_ACK)) {
	case TCPHS_SYN:
	case TCPHS_SYN | TCPHS_ACK:
	case TCPHS_RST:
	case TCPHS_RST | TCPHS_ACK:
	case TCPHS_ACK:
	case TCPHS_FIN | TCPHS_ACK:
		return true;
	default:
		return false;
	}
}

/*
 * Walk the options, which must end within the header; note the window scale.
 * Return: false when an option runs past the header or has a length below 2.
 */
static bool parse_options(struct tcphs_seg *seg, const u8 *th)
{
	u32 i = TCPHS_HDR_MIN;

	seg->wscale = TCPHS_WSCALE_NONE;
	/* Most segments after the SYNs: NOP, NOP and the timestamps. */
	if (seg->hdr_len == TCPHS_HDR_MIN + 12 &&
	    get_be32(th + TCPHS_HDR_MIN) == 0x0101080a)
		return true;
	while (i < seg->hdr_len) {
		u8 kind = th[i], len;

		if (kind == 0)		/* end of options */
			return true;
		if (kind == 1) {	/* no-operation */
			i++;
			continue;
		}
		if (i + 1 >= seg->hdr_len)
			return false;
		len = th[i + 1];
		if (len < 2 || i + len > seg->hdr_len)
			return false;
		if (kind == 3 && len == 3)
			seg->wscale = th[i + 2] < TCPHS_WSCALE_MAX ?
				      th[i + 2] : TCPHS_WSCALE_MAX;
		i += len;
	}
	return true;
}

/**
 * tcphs_seg_parse - parse and check a TCP header
 * @seg: filled in when the header can be trusted
 * @th: the segment's first bytes, or NULL: at least min(@len, TCPHS_HDR_MIN),
 *	and its whole header when that ends within @len
 * @len: length of the whole segment, header and payload, in bytes
 *
 * Return: true when the header can be trusted: @len holds the fixed header,
 * the data offset lies between the fixed header and the end of the segment,
 * the options end within the header, and the flags form a combination a TCP
 * sends. False means malformed.
 */
bool tcphs_seg_parse(struct tcphs_seg *seg, const u8 *th, u32 len)
{
	u32 hdr_len;

	if (!th || len < TCPHS_HDR_MIN)
		return false;
	hdr_len = tcphs_seg_hdr_len(th);
	if (hdr_len < TCPHS_HDR_MIN || hdr_len > len || !flags_valid(th[13]))
		return false;

	seg->hdr_len = (u8)hdr_len;
	if (!parse_options(seg, th))
		return false;
	seg->sport = get_be16(th);
	seg->dport = get_be16(th + 2);
	seg->seq = get_be32(th + 4);
	seg->ack = get_be32(th + 8);
	seg->flags = th[13];
	seg->window = get_be16(th + 14);
	seg->payload = len - hdr_len;
	return true;
}
