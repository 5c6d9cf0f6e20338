// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the pure TCP header parser (module/segment.c), built in
 * userspace with sanitizers and run by "make unit".
 */

#include <string.h>

#include "kselftest_harness.h"
#include "segment.h"

/*
 * A header with the given data offset (in words) and flags, options zeroed
 * (end of options), in a buffer of TCPHS_HDR_MAX bytes.
 */
static void make_hdr(u8 *th, u8 doff, u8 flags)
{
	static const u8 base[TCPHS_HDR_MIN] = {
		0x30, 0x39,		/* source port 12345 */
		0x00, 0x50,		/* destination port 80 */
		0x01, 0x02, 0x03, 0x04,	/* seq */
		0xa0, 0xb0, 0xc0, 0xd0,	/* ack */
		0x00, 0x00,		/* data offset, flags */
		0xfa, 0xf0,		/* window */
		0x00, 0x00, 0x00, 0x00,	/* checksum, urgent pointer */
	};

	memset(th, 0, TCPHS_HDR_MAX);
	memcpy(th, base, sizeof(base));
	th[12] = doff << 4;
	th[13] = flags;
}

TEST(fields_in_host_order)
{
	struct tcphs_seg seg;
	u8 th[TCPHS_HDR_MAX];

	make_hdr(th, 8, TCPHS_ACK | TCPHS_PSH);
	ASSERT_TRUE(tcphs_seg_parse(&seg, th, 32 + 100));
	EXPECT_EQ(12345, seg.sport);
	EXPECT_EQ(80, seg.dport);
	EXPECT_EQ(0x01020304u, seg.seq);
	EXPECT_EQ(0xa0b0c0d0u, seg.ack);
	EXPECT_EQ(0xfaf0, seg.window);
	EXPECT_EQ(TCPHS_ACK | TCPHS_PSH, seg.flags);
	EXPECT_EQ(32, seg.hdr_len);
	EXPECT_EQ(100u, seg.payload);
	EXPECT_EQ(TCPHS_WSCALE_NONE, seg.wscale);
}

TEST(options)
{
	/* MSS, SACK permitted, timestamps, NOP, window scale 7 */
	static const u8 syn_opts[] = {
		2, 4, 0x05, 0xb4, 4, 2, 8, 10, 1, 2, 3, 4, 0, 0, 0, 0,
		1, 3, 3, 7,
	};
	struct tcphs_seg seg;
	u8 th[TCPHS_HDR_MAX];

	make_hdr(th, 10, TCPHS_SYN);
	memcpy(th + TCPHS_HDR_MIN, syn_opts, sizeof(syn_opts));
	ASSERT_TRUE(tcphs_seg_parse(&seg, th, 40));
	EXPECT_EQ(7, seg.wscale);

	/* a scale above 14 is taken as 14 */
	th[TCPHS_HDR_MIN + 19] = 200;
	ASSERT_TRUE(tcphs_seg_parse(&seg, th, 40));
	EXPECT_EQ(TCPHS_WSCALE_MAX, seg.wscale);

	/* the last option's length byte is missing */
	th[TCPHS_HDR_MIN + 17] = 1;
	th[TCPHS_HDR_MIN + 18] = 1;
	th[TCPHS_HDR_MIN + 19] = 3;
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 40));

	/* an option running past the header */
	th[TCPHS_HDR_MIN + 18] = 3;
	th[TCPHS_HDR_MIN + 19] = 3;
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 40));

	/* option lengths 0 and 1 */
	th[TCPHS_HDR_MIN] = 8;
	th[TCPHS_HDR_MIN + 1] = 0;
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 40));
	th[TCPHS_HDR_MIN + 1] = 1;
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 40));

	/* end of options: what follows is not read */
	th[TCPHS_HDR_MIN] = 0;
	EXPECT_TRUE(tcphs_seg_parse(&seg, th, 40));
	EXPECT_EQ(TCPHS_WSCALE_NONE, seg.wscale);
}

/* The options of most segments, which the parser takes at one glance. */
TEST(aligned_timestamps)
{
	/* NOP, NOP, timestamps */
	static const u8 ts_opts[] = { 1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct tcphs_seg seg;
	u8 th[TCPHS_HDR_MAX];

	make_hdr(th, 8, TCPHS_ACK);
	memcpy(th + TCPHS_HDR_MIN, ts_opts, sizeof(ts_opts));
	ASSERT_TRUE(tcphs_seg_parse(&seg, th, 32 + 1448));
	EXPECT_EQ(32, seg.hdr_len);
	EXPECT_EQ(1448u, seg.payload);
	EXPECT_EQ(TCPHS_WSCALE_NONE, seg.wscale);

	/* the same options in a longer header, then a window scale */
	make_hdr(th, 9, TCPHS_SYN);
	memcpy(th + TCPHS_HDR_MIN, ts_opts, sizeof(ts_opts));
	memcpy(th + 32, (const u8[]){ 1, 3, 3, 5 }, 4);
	ASSERT_TRUE(tcphs_seg_parse(&seg, th, 36));
	EXPECT_EQ(5, seg.wscale);

	/* timestamps one byte too long: past the header */
	make_hdr(th, 8, TCPHS_ACK);
	memcpy(th + TCPHS_HDR_MIN, ts_opts, sizeof(ts_opts));
	th[TCPHS_HDR_MIN + 3] = 11;
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 32));
}

TEST(length_and_data_offset)
{
	struct tcphs_seg seg;
	u8 th[TCPHS_HDR_MAX];

	make_hdr(th, 5, TCPHS_ACK);
	EXPECT_FALSE(tcphs_seg_parse(&seg, NULL, 20));
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 0));
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 19));
	EXPECT_TRUE(tcphs_seg_parse(&seg, th, 20));
	EXPECT_EQ(0u, seg.payload);

	/* data offset below the fixed header */
	for (u8 doff = 0; doff < 5; doff++) {
		make_hdr(th, doff, TCPHS_ACK);
		EXPECT_FALSE(tcphs_seg_parse(&seg, th, 100));
	}
	/* data offset past the end of the segment, and just at it */
	make_hdr(th, 15, TCPHS_ACK);
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 59));
	EXPECT_TRUE(tcphs_seg_parse(&seg, th, 60));
	EXPECT_EQ(60, seg.hdr_len);
	EXPECT_EQ(0u, seg.payload);
}

/* Every one of the 256 flag bytes: exactly the combinations a TCP sends. */
TEST(flag_combinations)
{
	static const u8 valid[] = {
		TCPHS_SYN, TCPHS_SYN | TCPHS_ACK, TCPHS_RST,
		TCPHS_RST | TCPHS_ACK, TCPHS_ACK, TCPHS_FIN | TCPHS_ACK,
	};
	const u8 extra = TCPHS_PSH | TCPHS_URG | TCPHS_ECE | TCPHS_CWR;
	struct tcphs_seg seg;
	u8 th[TCPHS_HDR_MAX];
	int nvalid = 0;

	for (int flags = 0; flags < 256; flags++) {
		bool expect = false;

		for (size_t i = 0; i < sizeof(valid); i++)
			expect |= (flags & ~extra) == valid[i];
		make_hdr(th, 5, flags);
		EXPECT_EQ(expect, tcphs_seg_parse(&seg, th, 20)) {
			TH_LOG("flags 0x%02x", flags);
		}
		nvalid += expect;
	}
	/* 6 core combinations, each with any of 4 extra flags */
	EXPECT_EQ(6 * 16, nvalid);

	make_hdr(th, 5, 0);
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 20));
	make_hdr(th, 5, TCPHS_SYN | TCPHS_FIN);
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 20));
	make_hdr(th, 5, TCPHS_SYN | TCPHS_RST);
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 20));
	make_hdr(th, 5, TCPHS_FIN | TCPHS_PSH | TCPHS_URG);
	EXPECT_FALSE(tcphs_seg_parse(&seg, th, 20));
}

/* A GSO packet of 7 segments: which flags appear on how many. */
TEST(gso_flag_counts)
{
	const u8 data = TCPHS_ACK | TCPHS_PSH | TCPHS_URG | TCPHS_ECE |
			TCPHS_CWR | TCPHS_FIN;

	EXPECT_EQ(7u, tcphs_seg_flag_count(data, TCPHS_ACK, 7));
	EXPECT_EQ(7u, tcphs_seg_flag_count(data, TCPHS_URG, 7));
	EXPECT_EQ(7u, tcphs_seg_flag_count(data, TCPHS_ECE, 7));
	EXPECT_EQ(1u, tcphs_seg_flag_count(data, TCPHS_CWR, 7));
	EXPECT_EQ(1u, tcphs_seg_flag_count(data, TCPHS_PSH, 7));
	EXPECT_EQ(1u, tcphs_seg_flag_count(data, TCPHS_FIN, 7));
	EXPECT_EQ(0u, tcphs_seg_flag_count(data, TCPHS_SYN, 7));
	EXPECT_EQ(0u, tcphs_seg_flag_count(data, TCPHS_RST, 7));
	EXPECT_EQ(1u, tcphs_seg_flag_count(TCPHS_SYN, TCPHS_SYN, 1));
	EXPECT_EQ(1u, tcphs_seg_flag_count(TCPHS_RST, TCPHS_RST, 1));
	EXPECT_EQ(1u, tcphs_seg_flag_count(TCPHS_ACK, TCPHS_ACK, 1));
}

TEST_HARNESS_MAIN
