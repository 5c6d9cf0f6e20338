// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the connection state machine (module/state.c): every path
 * of the handshake and teardown, each anomaly, and random segment sequences
 * checked against the counters' invariants.
 */

#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "state.h"

enum { C, S };		/* directions: from the client, from the server */

enum {
	X = 1000,	/* client ISN */
	Y = 5000,	/* server ISN */
	WIN = 1000,	/* advertised window */
};

/*
 * One connection and the counters it moved; how many of its segments the
 * steady path took, and how many of those the full update followed
 * otherwise (never, or the steady path is wrong); the clock its segments
 * are seen by, in microseconds, and the handshake delays measured: how
 * many of each, and the last.
 */
struct sim {
	struct tcphs_conn c;
	bool open;
	bool pickup;
	u64 count[TCPHS_EV_NR];
	u64 steady;
	u64 steady_wrong;
	u32 now;
	u64 lat_count[TCPHS_LAT_NR];
	u32 lat[TCPHS_LAT_NR];
};

static u32 seg_wscale(struct sim *s, unsigned int dir, u8 flags, u32 seq,
		      u32 ack, u32 payload, u8 wscale)
{
	struct tcphs_seg seg = {
		.seq = seq, .ack = ack, .payload = payload, .flags = flags,
		.window = WIN, .hdr_len = TCPHS_HDR_MIN, .wscale = wscale,
	};
	struct tcphs_conn steady;
	struct tcphs_times t;
	bool taken;
	u32 events;
	int i;

	/* A clock off by far where none is read, as in table.c. */
	t.now = tcphs_conn_timed(s->open ? &s->c : NULL, &seg) ? s->now :
								 s->now + 1234567;
	if (!s->open) {
		s->open = tcphs_conn_open(&s->c, &seg, s->pickup, &t, &events);
		goto count;
	}
	/*
	 * Each segment both ways, the steady path on a copy: when it takes
	 * the segment, the full update must move no counter and leave the
	 * same connection; when it does not, the copy must be untouched.
	 */
	steady = s->c;
	taken = tcphs_conn_update_steady(&steady, &seg, dir);
	if (!taken)
		s->steady_wrong += !!memcmp(&steady, &s->c, sizeof(steady));
	events = tcphs_conn_update(&s->c, &seg, dir, &t);
	if (taken) {
		s->steady++;
		s->steady_wrong += events ||
				   memcmp(&steady, &s->c, sizeof(steady));
	}
count:
	for (i = 0; i < TCPHS_EV_NR; i++)
		s->count[i] += !!(events & TCPHS_EV(i));
	for (i = 0; i < TCPHS_LAT_NR; i++) {
		if (t.lat[i] == TCPHS_LAT_NONE)
			continue;
		s->lat_count[i]++;
		s->lat[i] = t.lat[i];
	}
	return events;
}

static u32 seg(struct sim *s, unsigned int dir, u8 flags, u32 seq, u32 ack,
	       u32 payload)
{
	return seg_wscale(s, dir, flags, seq, ack, payload, TCPHS_WSCALE_NONE);
}

/* The connection times out and is forgotten. */
static void expire(struct sim *s)
{
	u32 events = tcphs_conn_expire(&s->c);
	int i;

	for (i = 0; i < TCPHS_EV_NR; i++)
		s->count[i] += !!(events & TCPHS_EV(i));
	memset(&s->c, 0, sizeof(s->c));
	s->open = false;
}

#define A TCPHS_ACK
#define F (TCPHS_FIN | TCPHS_ACK)
#define P (TCPHS_PSH | TCPHS_ACK)
#define R TCPHS_RST
#define SYN TCPHS_SYN
#define SYNACK (TCPHS_SYN | TCPHS_ACK)

#define EXPECT_STATES(s, cs, ss) do {					\
	const struct tcphs_conn *__c = &(s)->c;				\
									\
	EXPECT_STREQ(tcphs_state_name(cs),				\
		     tcphs_state_name(__c->ep[C].state));		\
	EXPECT_STREQ(tcphs_state_name(ss),				\
		     tcphs_state_name(__c->ep[S].state));		\
} while (0)

/*
 * Every counter is zero but those listed, given as event, count pairs and
 * ended with -1.
 */
#define EXPECT_COUNTS(s, ...) do {					\
	const int __exp[] = { __VA_ARGS__, -1 };			\
	u64 __want[TCPHS_EV_NR] = { 0 };				\
	int __i;							\
									\
	for (__i = 0; __exp[__i] >= 0; __i += 2)			\
		__want[__exp[__i]] = __exp[__i + 1];			\
	for (__i = 0; __i < TCPHS_EV_NR; __i++)				\
		EXPECT_EQ(__want[__i], (s)->count[__i]) {		\
			TH_LOG("counter %s", tcphs_event_name(__i));	\
		}							\
} while (0)

/* @n delays of kind @kind measured, the last @us long. */
#define EXPECT_LAT(s, kind, n, us) do {					\
	EXPECT_EQ(n, (s)->lat_count[kind]);				\
	if ((n) > 0)							\
		EXPECT_EQ(us, (s)->lat[kind]);				\
} while (0)

#define EXPECT_HISTORY(s, str) do {					\
	char __h[TCPHS_HISTORY_MAX + 1];				\
									\
	tcphs_conn_history(&(s)->c, __h);				\
	EXPECT_STREQ(str, __h);						\
} while (0)

/* SYN, SYN-ACK, ACK: the client is at X + 1, the server at Y + 1. */
static void handshake(struct sim *s)
{
	seg(s, C, SYN, X, 0, 0);
	seg(s, S, SYNACK, Y, X + 1, 0);
	seg(s, C, A, X + 1, Y + 1, 0);
}

TEST(handshake_data_and_close)
{
	struct sim s = { .pickup = true };

	seg(&s, C, SYN, X, 0, 0);
	EXPECT_STATES(&s, TCPHS_SYN_SENT, TCPHS_LISTEN);
	EXPECT_EQ(TCPHS_PHASE_SYN, tcphs_conn_phase(&s.c));
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_SYN_RCVD);
	EXPECT_EQ(TCPHS_PHASE_SYNACK, tcphs_conn_phase(&s.c));
	EXPECT_TRUE(tcphs_phase_half_open(tcphs_conn_phase(&s.c)));
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	EXPECT_EQ(TCPHS_PHASE_ESTABLISHED, tcphs_conn_phase(&s.c));
	EXPECT_FALSE(tcphs_phase_half_open(tcphs_conn_phase(&s.c)));

	seg(&s, C, P, X + 1, Y + 1, 10);
	seg(&s, S, P, Y + 1, X + 11, 20);
	seg(&s, C, A, X + 11, Y + 21, 0);

	/* FIN seq=u, ACK u+1, FIN seq=v, ACK v+1 */
	seg(&s, C, F, X + 11, Y + 21, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_1, TCPHS_ESTABLISHED);
	EXPECT_EQ(TCPHS_PHASE_CLOSING, tcphs_conn_phase(&s.c));
	seg(&s, S, A, Y + 21, X + 12, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_2, TCPHS_CLOSE_WAIT);
	seg(&s, S, F, Y + 21, X + 12, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_2, TCPHS_LAST_ACK);
	seg(&s, C, A, X + 12, Y + 22, 0);
	EXPECT_STATES(&s, TCPHS_TIME_WAIT, TCPHS_CLOSED);
	EXPECT_EQ(TCPHS_PHASE_CLOSED, tcphs_conn_phase(&s.c));

	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_FIN, 1);
	EXPECT_HISTORY(&s, "ShADdFaf");
}

TEST(three_segment_close)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, S, F, Y + 1, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_FIN_WAIT_1);
	/* the client's ACK and FIN in one segment */
	seg(&s, C, F, X + 1, Y + 2, 0);
	EXPECT_STATES(&s, TCPHS_LAST_ACK, TCPHS_FIN_WAIT_2);
	seg(&s, S, A, Y + 2, X + 2, 0);
	EXPECT_STATES(&s, TCPHS_CLOSED, TCPHS_TIME_WAIT);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_FIN, 1);
	EXPECT_HISTORY(&s, "ShAfFa");
}

TEST(simultaneous_close)
{
	struct sim s = { 0 };

	handshake(&s);
	/* both FINs cross: neither acknowledges the other's */
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, F, Y + 1, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_1, TCPHS_FIN_WAIT_1);
	seg(&s, C, A, X + 2, Y + 2, 0);
	EXPECT_STATES(&s, TCPHS_CLOSING, TCPHS_FIN_WAIT_2);
	seg(&s, S, A, Y + 2, X + 2, 0);
	EXPECT_STATES(&s, TCPHS_TIME_WAIT, TCPHS_TIME_WAIT);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_SIMULTANEOUS, 1);
}

TEST(half_close_data_in_close_wait)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, A, Y + 1, X + 2, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_2, TCPHS_CLOSE_WAIT);
	/* the server may still send; the client acknowledges */
	seg(&s, S, P, Y + 1, X + 2, 100);
	seg(&s, C, A, X + 2, Y + 101, 0);
	seg(&s, S, P, Y + 101, X + 2, 100);
	seg(&s, C, A, X + 2, Y + 201, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_2, TCPHS_CLOSE_WAIT);
	seg(&s, S, F, Y + 201, X + 2, 0);
	seg(&s, C, A, X + 2, Y + 202, 0);
	EXPECT_STATES(&s, TCPHS_TIME_WAIT, TCPHS_CLOSED);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_FIN, 1);
}

TEST(data_after_fin)
{
	struct sim s = { 0 };

	handshake(&s);
	/* data then FIN in one segment; its retransmission is no anomaly */
	seg(&s, C, F | TCPHS_PSH, X + 1, Y + 1, 10);
	seg(&s, C, F | TCPHS_PSH, X + 1, Y + 1, 10);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1);
	/* new data past the FIN */
	seg(&s, C, P, X + 12, Y + 1, 5);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_DATA_AFTER_FIN, 1);
}

TEST(fin_bad_ack)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	/* acknowledges one byte past the FIN */
	seg(&s, S, A, Y + 1, X + 3, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_1, TCPHS_ESTABLISHED);
	seg(&s, S, A, Y + 1, X + 2, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_2, TCPHS_CLOSE_WAIT);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_FIN_BAD_ACK, 1);
}

TEST(refused)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, R | A, 0, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_CLOSED, TCPHS_CLOSED);
	EXPECT_EQ(TCPHS_PHASE_CLOSED, tcphs_conn_phase(&s.c));
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_REJECTED, 1);
	EXPECT_HISTORY(&s, "Sr");
}

TEST(refusal_with_wrong_ack_not_trusted)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, R | A, 0, X + 2, 0);
	seg(&s, S, R, 0, 0, 0);
	EXPECT_STATES(&s, TCPHS_SYN_SENT, TCPHS_LISTEN);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1,
		      TCPHS_EV_RST_OUT_OF_WINDOW, 2);
	EXPECT_HISTORY(&s, "S");
}

TEST(stale_syn)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, C, SYN, X, 0, 0);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_SYN_RETRANS, 1,
		      TCPHS_EV_HS_SYN_TIMEOUT, 1);
}

TEST(server_half_open)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_SYN_RCVD);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1,
		      TCPHS_EV_HS_SYNACK_RETRANS, 1,
		      TCPHS_EV_HS_SYNACK_TIMEOUT, 1);
}

TEST(syn_and_synack_retransmitted)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	/* the SYN-ACK was lost: both retransmit */
	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, C, A, X + 1, Y + 1, 0);
	/* the final ACK was lost too */
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_HS_SYN_RETRANS, 2,
		      TCPHS_EV_HS_SYNACK_RETRANS, 2);
}

TEST(bad_synack)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 7, 0);
	EXPECT_STATES(&s, TCPHS_SYN_SENT, TCPHS_LISTEN);
	/* the client resets with the acknowledgment it was given */
	seg(&s, C, R, X + 7, 0, 0);
	EXPECT_STATES(&s, TCPHS_CLOSED, TCPHS_CLOSED);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_BAD_SYNACK, 1,
		      TCPHS_EV_HS_ABORTED, 1);
}

TEST(bad_final_ack)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, C, A, X + 1, Y + 9, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_SYN_RCVD);
	/* the server resets with the acknowledgment it was given */
	seg(&s, S, R, Y + 9, 0, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_BAD_ACK, 1,
		      TCPHS_EV_HS_ABORTED, 1);
}

TEST(client_aborts_syn)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, C, R, X + 1, 0, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_ABORTED, 1);
}

TEST(simultaneous_open)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYN, Y, 0, 0);
	EXPECT_STATES(&s, TCPHS_SYN_SENT, TCPHS_SYN_SENT);
	EXPECT_EQ(TCPHS_PHASE_SYN, tcphs_conn_phase(&s.c));
	seg(&s, C, SYNACK, X, Y + 1, 0);
	EXPECT_STATES(&s, TCPHS_SYN_RCVD, TCPHS_ESTABLISHED);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_HS_SIMULTANEOUS, 1);
}

/* Each delay is measured once a handshake, the first times they end. */
TEST(handshake_delays)
{
	struct sim s = { .now = 1000 };

	seg(&s, C, SYN, X, 0, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 0, 0);
	s.now = 1250;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 250);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 0, 0);
	s.now = 1900;
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 650);
	s.now = 5000;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, C, A, X + 1, Y + 1, 0);
	seg(&s, C, F, X + 1, Y + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 250);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 650);
}

/* From the last SYN, and from the last SYN-ACK. */
TEST(handshake_delays_retransmitted)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	s.now = 1000000;
	seg(&s, C, SYN, X, 0, 0);
	s.now = 1000300;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 300);
	s.now = 2000300;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	s.now = 2000400;
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 300);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 100);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_HS_SYN_RETRANS, 1,
		      TCPHS_EV_HS_SYNACK_RETRANS, 1);
}

/* The clock wraps at 2^32 microseconds: the delays do not. */
TEST(handshake_delays_clock_wraps)
{
	struct sim s = { .now = 0xffffff00 };

	seg(&s, C, SYN, X, 0, 0);
	s.now = 0x100;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	s.now = 0x101;
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 0x200);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 1);
}

/* A wrong acknowledgment ends no delay; the right one after it does. */
TEST(handshake_delays_bad_acks)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	s.now = 100;
	seg(&s, S, SYNACK, Y, X + 7, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 0, 0);
	s.now = 300;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 300);
	s.now = 350;
	seg(&s, C, A, X + 1, Y + 9, 0);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 0, 0);
	s.now = 420;
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 120);
}

/* The final ACK may carry the client's FIN: its time is read first. */
TEST(handshake_delays_fin_in_final_ack)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	s.now = 10;
	seg(&s, S, SYNACK, Y, X + 1, 0);
	s.now = 40;
	seg(&s, C, F, X + 1, Y + 1, 0);
	EXPECT_STATES(&s, TCPHS_FIN_WAIT_1, TCPHS_ESTABLISHED);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 1, 10);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 1, 30);
}

/*
 * No ACK delay when the server's FIN came before the final ACK (its time
 * is gone), in a simultaneous open (no server SYN-ACK to time) or for a
 * connection picked up; no delay at all for a refused SYN.
 */
TEST(handshake_delays_not_measured)
{
	struct sim fin = { 0 }, simul = { 0 }, picked = { .pickup = true };
	struct sim refused = { 0 };

	seg(&fin, C, SYN, X, 0, 0);
	fin.now = 10;
	seg(&fin, S, SYNACK, Y, X + 1, 0);
	fin.now = 20;
	seg(&fin, S, F, Y + 1, X + 1, 0);
	fin.now = 30;
	seg(&fin, C, A, X + 1, Y + 1, 0);
	EXPECT_COUNTS(&fin, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1);
	EXPECT_LAT(&fin, TCPHS_LAT_SYNACK, 1, 10);
	EXPECT_LAT(&fin, TCPHS_LAT_ACK, 0, 0);

	seg(&simul, C, SYN, X, 0, 0);
	simul.now = 5;
	seg(&simul, S, SYN, Y, 0, 0);
	simul.now = 8;
	seg(&simul, C, SYNACK, X, Y + 1, 0);
	simul.now = 9;
	seg(&simul, S, SYNACK, Y, X + 1, 0);
	EXPECT_COUNTS(&simul, TCPHS_EV_HS_STARTED, 1,
		      TCPHS_EV_HS_COMPLETED, 1, TCPHS_EV_HS_SIMULTANEOUS, 1);
	EXPECT_LAT(&simul, TCPHS_LAT_SYNACK, 1, 9);
	EXPECT_LAT(&simul, TCPHS_LAT_ACK, 0, 0);

	seg(&picked, C, P, X, Y, 10);
	seg(&picked, S, A, Y, X + 10, 0);
	EXPECT_LAT(&picked, TCPHS_LAT_SYNACK, 0, 0);
	EXPECT_LAT(&picked, TCPHS_LAT_ACK, 0, 0);

	seg(&refused, C, SYN, X, 0, 0);
	seg(&refused, S, R | A, 0, X + 1, 0);
	EXPECT_COUNTS(&refused, TCPHS_EV_HS_STARTED, 1,
		      TCPHS_EV_HS_REJECTED, 1);
	EXPECT_LAT(&refused, TCPHS_LAT_SYNACK, 0, 0);
	EXPECT_LAT(&refused, TCPHS_LAT_ACK, 0, 0);
}

/* A tuple reused after TIME_WAIT times its new handshake afresh. */
TEST(handshake_delays_reused_tuple)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, F, Y + 1, X + 2, 0);
	seg(&s, C, A, X + 2, Y + 2, 0);
	EXPECT_EQ(TCPHS_PHASE_CLOSED, tcphs_conn_phase(&s.c));
	s.now = 7000;
	seg(&s, C, SYN, X + 100, 0, 0);
	s.now = 7070;
	seg(&s, S, SYNACK, Y + 100, X + 101, 0);
	s.now = 7077;
	seg(&s, C, A, X + 101, Y + 101, 0);
	EXPECT_LAT(&s, TCPHS_LAT_SYNACK, 2, 70);
	EXPECT_LAT(&s, TCPHS_LAT_ACK, 2, 7);
}

/*
 * The history keeps each letter of each side once, in the order it first
 * came: here 11 of the 12 there are, since after a RST nothing is left to
 * reset by the other side.
 */
TEST(history_every_letter_once)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, SYN, Y, 0, 0);
	seg(&s, C, SYN, X, 0, 0);
	seg(&s, C, SYNACK, X, Y + 1, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_HISTORY(&s, "SsHh");
	seg(&s, C, A, X + 1, Y + 1, 0);
	seg(&s, S, A, Y + 1, X + 1, 0);
	seg(&s, C, P, X + 1, Y + 1, 10);
	seg(&s, S, P, Y + 1, X + 11, 20);
	seg(&s, C, A, X + 11, Y + 21, 0);
	seg(&s, C, P, X + 11, Y + 21, 10);
	EXPECT_HISTORY(&s, "SsHhAaDd");
	seg(&s, C, F, X + 21, Y + 21, 0);
	seg(&s, S, F, Y + 21, X + 22, 0);
	seg(&s, C, R, X + 22, 0, 0);
	EXPECT_HISTORY(&s, "SsHhAaDdFfR");
	seg(&s, S, R, Y + 22, 0, 0);
	EXPECT_HISTORY(&s, "SsHhAaDdFfR");
	EXPECT_EQ(TCPHS_PHASE_CLOSED, tcphs_conn_phase(&s.c));
}

TEST(rst_established_and_blind_rst)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, S, P, Y + 1, X + 1, 100);
	seg(&s, C, A, X + 1, Y + 101, 0);
	/* the server's window is [X + 1, X + 1 + WIN] */
	seg(&s, C, R, X + 1 + WIN + 1, 0, 0);
	seg(&s, C, R, X - 1, 0, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	seg(&s, C, R, X + 1 + WIN, 0, 0);
	EXPECT_STATES(&s, TCPHS_CLOSED, TCPHS_CLOSED);
	/*
	 * Late segments and RSTs of a closed connection count nothing, and
	 * such a RST is no trusted one in the history either.
	 */
	seg(&s, S, R, Y + 101, 0, 0);
	seg(&s, S, A, Y + 101, X + 1, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_RST_OUT_OF_WINDOW, 2, TCPHS_EV_CLOSE_RST, 1);
	EXPECT_HISTORY(&s, "ShAdRa");
}

TEST(rst_in_scaled_window)
{
	struct sim s = { 0 };

	seg_wscale(&s, C, SYN, X, 0, 0, 2);
	seg_wscale(&s, S, SYNACK, Y, X + 1, 0, 7);
	seg(&s, C, A, X + 1, Y + 1, 0);
	seg(&s, S, A, Y + 1, X + 1, 0);
	/* the server's window is WIN << 7 */
	seg(&s, C, R, X + 1 + (WIN << 7) + 1, 0, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_RST_OUT_OF_WINDOW, 1);
	seg(&s, C, R, X + 1 + (WIN << 7), 0, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_RST_OUT_OF_WINDOW, 1, TCPHS_EV_CLOSE_RST, 1);
}

TEST(no_scaling_unless_both_announce)
{
	struct sim s = { 0 };

	seg_wscale(&s, C, SYN, X, 0, 0, 2);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	seg(&s, C, A, X + 1, Y + 1, 0);
	seg(&s, S, A, Y + 1, X + 1, 0);
	seg(&s, C, R, X + 1 + WIN + 1, 0, 0);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_RST_OUT_OF_WINDOW, 1);
}

TEST(time_wait_reuse)
{
	struct sim s = { 0 };

	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, F, Y + 1, X + 2, 0);
	seg(&s, C, A, X + 2, Y + 2, 0);
	EXPECT_STATES(&s, TCPHS_TIME_WAIT, TCPHS_CLOSED);
	/* a new SYN on the same tuple, here from the former server */
	seg(&s, S, SYN, Y + 100000, 0, 0);
	EXPECT_EQ(S, s.c.client);
	EXPECT_STATES(&s, TCPHS_LISTEN, TCPHS_SYN_SENT);
	seg(&s, C, SYNACK, X + 100000, Y + 100001, 0);
	seg(&s, S, A, Y + 100001, X + 100001, 0);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	EXPECT_HISTORY(&s, "ShA");
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 2, TCPHS_EV_HS_COMPLETED, 2,
		      TCPHS_EV_CLOSE_FIN, 1, TCPHS_EV_TIME_WAIT_REUSE, 1);
}

/*
 * The steady path takes the ACKs and data of an established connection
 * once their letter is in the history, and nothing else.
 */
TEST(steady_path)
{
	struct sim s = { 0 };

	handshake(&s);
	/* The first data segment each way adds its letter: not steady. */
	seg(&s, C, P, X + 1, Y + 1, 10);
	EXPECT_EQ(0, s.steady);
	seg(&s, C, P, X + 11, Y + 1, 10);
	EXPECT_EQ(1, s.steady);
	EXPECT_EQ(Y + 1, s.c.ep[C].ack);
	seg(&s, S, A, Y + 1, X + 21, 0);
	EXPECT_EQ(1, s.steady);
	seg(&s, S, A, Y + 1, X + 21, 0);
	EXPECT_EQ(2, s.steady);
	EXPECT_EQ(X + 21, s.c.ep[S].ack);
	/* A FIN never; nor anything after one, so that it is checked. */
	seg(&s, C, F, X + 21, Y + 1, 0);
	seg(&s, C, P, X + 22, Y + 1, 5);
	seg(&s, S, A, Y + 1, X + 22, 0);
	EXPECT_EQ(2, s.steady);
	EXPECT_EQ(0, s.steady_wrong);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_DATA_AFTER_FIN, 1);
}

/*
 * Random ACK, data, FIN and RST segments on established connections, the
 * steady path's ground: it must agree with the full update on every one.
 */
TEST(random_steady)
{
	static const u8 flag_set[] = { A, A, P, P, P, F, R | A };
	enum { CONNS = 64, SEGS = 200000 };
	u64 steady = 0, wrong = 0;
	int i;

	srandom(2);
	for (i = 0; i < CONNS; i++) {
		struct sim s = { .pickup = i % 2 };
		unsigned int n = SEGS / CONNS;
		u8 ws[2] = { random() % 16, random() % 16 };

		if (s.pickup) {
			seg(&s, C, P, X + 1, Y + 1, 1);
		} else {
			seg_wscale(&s, C, SYN, X, 0, 0, ws[C]);
			seg_wscale(&s, S, SYNACK, Y, X + 1, 0, ws[S]);
			seg(&s, C, A, X + 1, Y + 1, 0);
		}
		while (n--) {
			unsigned int dir = random() % 2;
			u32 base[2] = { X, Y };
			u8 flags = flag_set[random() % sizeof(flag_set)];

			/* FIN and RST only at the end, past which none is steady. */
			if (flags & (TCPHS_FIN | TCPHS_RST) && n > SEGS / CONNS / 20)
				flags = A;
			seg(&s, dir, flags, base[dir] + random() % 3000,
			    base[!dir] + random() % 3000, random() % 3);
		}
		steady += s.steady;
		wrong += s.steady_wrong;
	}
	TH_LOG("%llu of %d segments on the steady path",
	       (unsigned long long)steady, SEGS);
	EXPECT_LT(SEGS / 4, steady);
	EXPECT_EQ(0, wrong);
}

TEST(picked_up_midstream)
{
	struct sim s = { .pickup = true };

	/* the sender of the first segment seen is taken as the client */
	seg(&s, C, P, X + 70, Y + 60, 10);
	EXPECT_TRUE(s.open);
	EXPECT_EQ(C, s.c.client);
	EXPECT_STATES(&s, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED);
	seg(&s, S, F, Y + 60, X + 80, 0);
	seg(&s, C, F, X + 80, Y + 61, 0);
	seg(&s, S, A, Y + 61, X + 81, 0);
	EXPECT_STATES(&s, TCPHS_CLOSED, TCPHS_TIME_WAIT);
	EXPECT_COUNTS(&s, TCPHS_EV_PICKED_UP, 1, TCPHS_EV_CLOSE_FIN, 1);
	EXPECT_HISTORY(&s, "DfFa");
}

TEST(untracked)
{
	struct sim s = { .pickup = false };

	seg(&s, C, A, X, Y, 0);
	EXPECT_FALSE(s.open);
	s.pickup = true;
	seg(&s, C, R, X, 0, 0);
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_FALSE(s.open);
	EXPECT_COUNTS(&s, TCPHS_EV_UNTRACKED, 3);
}

TEST(timeouts_by_phase)
{
	struct sim s = { 0 };

	handshake(&s);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_IDLE_TIMEOUT, 1);

	memset(&s, 0, sizeof(s));
	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, A, Y + 1, X + 2, 0);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_HALF_TIMEOUT, 1);

	memset(&s, 0, sizeof(s));
	handshake(&s);
	seg(&s, C, F, X + 1, Y + 1, 0);
	seg(&s, S, F, Y + 1, X + 2, 0);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_COMPLETED, 1,
		      TCPHS_EV_CLOSE_FIN_TIMEOUT, 1);

	/* a connection already closed ends without a counter */
	memset(&s, 0, sizeof(s));
	seg(&s, C, SYN, X, 0, 0);
	seg(&s, S, R | A, 0, X + 1, 0);
	expire(&s);
	EXPECT_COUNTS(&s, TCPHS_EV_HS_STARTED, 1, TCPHS_EV_HS_REJECTED, 1);
}

TEST(evict)
{
	struct sim s = { 0 };

	seg(&s, C, SYN, X, 0, 0);
	EXPECT_EQ(TCPHS_EV(TCPHS_EV_HS_EVICTED), tcphs_conn_evict(&s.c));
	seg(&s, S, SYNACK, Y, X + 1, 0);
	EXPECT_EQ(TCPHS_EV(TCPHS_EV_HS_EVICTED), tcphs_conn_evict(&s.c));
	seg(&s, C, A, X + 1, Y + 1, 0);
	EXPECT_EQ(0u, tcphs_conn_evict(&s.c));
}

TEST(names)
{
	int i;

	for (i = 0; i < TCPHS_STATE_NR; i++)
		EXPECT_NE(NULL, tcphs_state_name(i));
	for (i = 0; i < TCPHS_EV_NR; i++)
		EXPECT_NE(NULL, tcphs_event_name(i));
	EXPECT_STREQ("SYN_RCVD", tcphs_state_name(TCPHS_SYN_RCVD));
	EXPECT_STREQ("hs_syn_timeout",
		     tcphs_event_name(TCPHS_EV_HS_SYN_TIMEOUT));
	EXPECT_STREQ("?", tcphs_state_name(TCPHS_STATE_NR));
}

/*
 * Random segments on a few connections, with sequence numbers close to the
 * ones that matter so that every path is taken: the states stay valid and
 * every started handshake is completed, failed or still in progress, its
 * delays measured once at most.
 */
TEST(random_sequences)
{
	static const u8 flag_set[] = { SYN, SYNACK, A, F, P, R, R | A };
	enum { CONNS = 8, SEGS = 400000 };
	struct sim sims[CONNS] = { 0 };
	u64 count[TCPHS_EV_NR] = { 0 };
	u64 in_progress = 0, steady = 0;
	int i, j;

	srandom(1);
	for (i = 0; i < SEGS; i++) {
		struct sim *s = &sims[random() % CONNS];
		u32 base[2] = { X, Y };
		unsigned int dir = random() % 2;
		bool was_open, was_half_open;
		u32 seq = base[dir] + random() % 4;
		u32 events;
		u32 ack = base[!dir] + random() % 4;

		s->pickup = random() % 2;
		s->now += random() % 1000;
		if (random() % 1000 == 0 && s->open) {
			expire(s);
			continue;
		}
		was_open = s->open;
		was_half_open = was_open &&
			tcphs_phase_half_open(tcphs_conn_phase(&s->c));
		events = seg_wscale(s, dir, flag_set[random() % sizeof(flag_set)],
				    seq, ack, random() % 3, random() % 16);
		for (j = 0; j < 2 && s->open; j++)
			ASSERT_LT(s->c.ep[j].state, TCPHS_STATE_NR);
		/* The events tell when the handshake phase is left or entered. */
		if (was_open)
			ASSERT_EQ(!!(events & TCPHS_EV(TCPHS_EV_HS_STARTED)) -
				  !!(events & TCPHS_EV_HS_ENDS),
				  tcphs_phase_half_open(tcphs_conn_phase(&s->c)) -
				  was_half_open);
	}
	for (i = 0; i < CONNS; i++) {
		for (j = 0; j < TCPHS_EV_NR; j++)
			count[j] += sims[i].count[j];
		steady += sims[i].steady;
		EXPECT_EQ(0, sims[i].steady_wrong);
		/* A delay each at most, per handshake. */
		EXPECT_GE(sims[i].count[TCPHS_EV_HS_STARTED],
			  sims[i].lat_count[TCPHS_LAT_SYNACK]);
		EXPECT_GE(sims[i].count[TCPHS_EV_HS_COMPLETED],
			  sims[i].lat_count[TCPHS_LAT_ACK]);
		EXPECT_LT(0, sims[i].lat_count[TCPHS_LAT_ACK]);
		in_progress += sims[i].open &&
			tcphs_phase_half_open(tcphs_conn_phase(&sims[i].c));
	}
	TH_LOG("%llu segments on the steady path", (unsigned long long)steady);
	EXPECT_LT(0, steady);
	EXPECT_LT(0, count[TCPHS_EV_HS_COMPLETED]);
	EXPECT_LT(0, count[TCPHS_EV_CLOSE_FIN]);
	EXPECT_EQ(count[TCPHS_EV_HS_STARTED],
		  count[TCPHS_EV_HS_COMPLETED] + count[TCPHS_EV_HS_REJECTED] +
		  count[TCPHS_EV_HS_SYN_TIMEOUT] +
		  count[TCPHS_EV_HS_SYNACK_TIMEOUT] +
		  count[TCPHS_EV_HS_ABORTED] + count[TCPHS_EV_HS_EVICTED] +
		  in_progress);
}

TEST_HARNESS_MAIN
