// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the table's policy (module/policy.h), at the edges of each
 * bound: a namespace's share, the room of the table, the room of the
 * entries waiting for their grace period, the timeouts and the order of
 * the victims.
 */

#include "kselftest_harness.h"
#include "policy.h"

TEST(net_share)
{
	EXPECT_EQ(50, tcphs_net_share(100, 0));
	EXPECT_EQ(8, tcphs_net_share(17, 0));
	EXPECT_EQ(30, tcphs_net_share(100, 30));
	EXPECT_EQ(100, tcphs_net_share(100, 100));
	EXPECT_EQ(100, tcphs_net_share(100, 200));
}

TEST(table_room)
{
	EXPECT_TRUE(tcphs_table_room(99, 49, 100, 50));
	EXPECT_FALSE(tcphs_table_room(100, 0, 100, 50));
	EXPECT_FALSE(tcphs_table_room(0, 50, 100, 50));
	EXPECT_FALSE(tcphs_table_room(0, 0, 100, 0));
}

TEST(waiting_max)
{
	EXPECT_EQ(TCPHS_WAITING_MIN, tcphs_waiting_max(16));
	EXPECT_EQ(TCPHS_WAITING_MIN, tcphs_waiting_max(2 * TCPHS_WAITING_MIN));
	EXPECT_EQ(TCPHS_WAITING_MIN + 1,
		  tcphs_waiting_max(2 * TCPHS_WAITING_MIN + 2));
	EXPECT_EQ(1 << 23, tcphs_waiting_max(1 << 24));
}

/*
 * A room of 5000 for a table of 10000: a namespace with half the table
 * may have 2500 waiting, one with a third of it 1666 (rounded down).
 */
TEST(waiting_room)
{
	EXPECT_EQ(5000, tcphs_waiting_max(10000));
	EXPECT_TRUE(tcphs_waiting_room(0, 2499, 10000, 5000));
	EXPECT_FALSE(tcphs_waiting_room(0, 2500, 10000, 5000));
	EXPECT_TRUE(tcphs_waiting_room(0, 1665, 10000, 3333));
	EXPECT_FALSE(tcphs_waiting_room(0, 1666, 10000, 3333));
	EXPECT_TRUE(tcphs_waiting_room(4999, 0, 10000, 5000));
	EXPECT_FALSE(tcphs_waiting_room(5000, 0, 10000, 5000));
	/* The largest table: the products do not wrap. */
	EXPECT_TRUE(tcphs_waiting_room(0, (1 << 22) - 1, 1 << 24, 1 << 23));
	EXPECT_FALSE(tcphs_waiting_room(0, 1 << 22, 1 << 24, 1 << 23));
}

TEST(timed_out)
{
	EXPECT_FALSE(tcphs_timed_out(999, 10, 100));
	EXPECT_TRUE(tcphs_timed_out(1000, 10, 100));
	EXPECT_FALSE(tcphs_timed_out(0, 1, 1000));
	EXPECT_TRUE(tcphs_timed_out(~0u, 30 * 24 * 3600, 1000));
}

/* Closed first, then half open, then closing, established last. */
TEST(evict_rank)
{
	EXPECT_EQ(0, tcphs_evict_rank(TCPHS_PHASE_CLOSED));
	EXPECT_EQ(1, tcphs_evict_rank(TCPHS_PHASE_SYN));
	EXPECT_EQ(1, tcphs_evict_rank(TCPHS_PHASE_SYNACK));
	EXPECT_EQ(2, tcphs_evict_rank(TCPHS_PHASE_CLOSING));
	EXPECT_EQ(3, tcphs_evict_rank(TCPHS_PHASE_ESTABLISHED));
}

TEST_HARNESS_MAIN
