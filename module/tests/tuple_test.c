// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of a connection's tuple (module/tuple.c): both ways of a
 * connection hash alike and match, with the right direction; anything else
 * tells connections apart.
 */

#include <arpa/inet.h>
#include <string.h>

#include "kselftest_harness.h"
#include "tuple.h"

static const hsiphash_key_t key = { { 0x0123456789abcdefUL,
				      0xfedcba9876543210UL } };

static struct tcphs_tuple tuple(int af, const char *saddr, u16 sport,
				const char *daddr, u16 dport)
{
	struct tcphs_tuple t = {
		.sport = sport, .dport = dport,
		.family = af == AF_INET ? NFPROTO_IPV4 : NFPROTO_IPV6,
	};

	inet_pton(af, saddr, &t.saddr);
	inet_pton(af, daddr, &t.daddr);
	return t;
}

static struct tcphs_tuple reversed(const struct tcphs_tuple *t)
{
	struct tcphs_tuple r = *t;

	r.saddr = t->daddr;
	r.daddr = t->saddr;
	r.sport = t->dport;
	r.dport = t->sport;
	return r;
}

TEST(both_ways_alike)
{
	const struct tcphs_tuple cases[] = {
		tuple(AF_INET, "192.0.2.1", 40000, "192.0.2.2", 80),
		tuple(AF_INET, "192.0.2.2", 40000, "192.0.2.1", 80),
		tuple(AF_INET, "127.0.0.1", 40000, "127.0.0.1", 80),
		tuple(AF_INET, "127.0.0.1", 80, "127.0.0.1", 40000),
		tuple(AF_INET6, "2001:db8::1", 40000, "2001:db8::2", 443),
		tuple(AF_INET6, "2001:db8::2", 40000, "2001:db8::1", 443),
		tuple(AF_INET6, "::1", 7, "::1", 7),
	};
	unsigned int i, dir;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct tcphs_tuple r = reversed(&cases[i]);

		EXPECT_EQ(tcphs_tuple_hash(&cases[i], 7, &key),
			  tcphs_tuple_hash(&r, 7, &key));
		ASSERT_TRUE(tcphs_tuple_match(&cases[i], &cases[i], &dir));
		EXPECT_EQ(0, dir);
		ASSERT_TRUE(tcphs_tuple_match(&cases[i], &r, &dir));
		/* A connection to itself goes the same way both ways. */
		EXPECT_EQ(!!memcmp(&r, &cases[i], sizeof(r)), dir);
	}
}

/* Any field apart, the namespace included, makes another connection. */
TEST(others_apart)
{
	const struct tcphs_tuple t =
		tuple(AF_INET, "192.0.2.1", 40000, "192.0.2.2", 80);
	struct tcphs_tuple o[] = {
		tuple(AF_INET, "192.0.2.3", 40000, "192.0.2.2", 80),
		tuple(AF_INET, "192.0.2.1", 40001, "192.0.2.2", 80),
		tuple(AF_INET, "192.0.2.1", 40000, "192.0.2.2", 81),
		tuple(AF_INET, "192.0.2.1", 80, "192.0.2.2", 40000),
		tuple(AF_INET6, "::ffff:192.0.2.1", 40000, "::ffff:192.0.2.2",
		      80),
	};
	unsigned int i, dir;
	u32 h = tcphs_tuple_hash(&t, 7, &key);

	for (i = 0; i < ARRAY_SIZE(o); i++) {
		EXPECT_NE(h, tcphs_tuple_hash(&o[i], 7, &key));
		EXPECT_FALSE(tcphs_tuple_match(&t, &o[i], &dir));
	}
	EXPECT_NE(h, tcphs_tuple_hash(&t, 8, &key));
	/* IPv4 hashes only its 4 address bytes: the others do not count. */
	o[0] = t;
	o[0].saddr.all[1] = 0;
	EXPECT_EQ(h, tcphs_tuple_hash(&o[0], 7, &key));
}

TEST_HARNESS_MAIN
