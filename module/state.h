/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TCP handshake and teardown of one connection, followed from outside
 * through the segments of both directions. Pure C with no kernel dependency,
 * like segment.c: it builds into the module and into the userspace tests.
 *
 * Both endpoints have a state of their own. A connection starts with the
 * SYN of its client; the other endpoint is its server. The table that holds
 * connections calls tcphs_conn_update() for each segment, under the lock of
 * the connection, and adds one to each counter whose bit it returns; or,
 * without the lock, tcphs_conn_update_steady() for the segments that change
 * nothing but the sender's ack and window.
 */
#ifndef _TCPHS_STATE_H
#define _TCPHS_STATE_H

#include <linux/types.h>

#include "segment.h"

/*
 * The states of one endpoint, named as in RFC 9293; LISTEN is a server that
 * has not answered the SYN. The one list of them: TCPHS_STATES(EM, EM_LAST)
 * expands EM(value, name) for each state but the last, in order, and
 * EM_LAST(value, name) for the last, as the lists of the kernel's trace
 * headers do. enum tcphs_state, the names /proc/tcphs prints
 * (tcphs_state_name()) and the symbols of the tracepoints (trace.h) are all
 * made from it, so that they cannot disagree.
 */
#define TCPHS_STATES(EM, EM_LAST)					\
	EM(TCPHS_CLOSED,		"CLOSED")			\
	EM(TCPHS_LISTEN,		"LISTEN")			\
	EM(TCPHS_SYN_SENT,		"SYN_SENT")			\
	EM(TCPHS_SYN_RCVD,		"SYN_RCVD")			\
	EM(TCPHS_ESTABLISHED,		"ESTABLISHED")			\
	EM(TCPHS_FIN_WAIT_1,		"FIN_WAIT_1")			\
	EM(TCPHS_FIN_WAIT_2,		"FIN_WAIT_2")			\
	EM(TCPHS_CLOSE_WAIT,		"CLOSE_WAIT")			\
	EM(TCPHS_CLOSING,		"CLOSING")			\
	EM(TCPHS_LAST_ACK,		"LAST_ACK")			\
	EM_LAST(TCPHS_TIME_WAIT,	"TIME_WAIT")

/*
 * What a connection's segments can tell, each a counter of its own in
 * /proc/tcphs/stats under its name here, which tcphs_event_name() gives and
 * tcphs:anomaly prints as its reason. Every started handshake ends in
 * exactly one of hs_completed, hs_rejected, hs_syn_timeout,
 * hs_synack_timeout, hs_aborted and hs_evicted. The one list of them, as
 * TCPHS_STATES() is of the states.
 */
#define TCPHS_EVENTS(EM, EM_LAST)					\
	/* a SYN opened a connection */					\
	EM(TCPHS_EV_HS_STARTED,		"hs_started")			\
	/* both SYNs acknowledged exactly */				\
	EM(TCPHS_EV_HS_COMPLETED,	"hs_completed")			\
	/* the SYN answered by a RST */					\
	EM(TCPHS_EV_HS_REJECTED,	"hs_rejected")			\
	/* no SYN-ACK: a stale SYN */					\
	EM(TCPHS_EV_HS_SYN_TIMEOUT,	"hs_syn_timeout")		\
	/* no final ACK: a server half-open */				\
	EM(TCPHS_EV_HS_SYNACK_TIMEOUT,	"hs_synack_timeout")		\
	/* any other RST in the handshake */				\
	EM(TCPHS_EV_HS_ABORTED,		"hs_aborted")			\
	/* SYN-ACK with ack != x + 1 */					\
	EM(TCPHS_EV_HS_BAD_SYNACK,	"hs_bad_synack")		\
	/* final ACK with ack != y + 1 */				\
	EM(TCPHS_EV_HS_BAD_ACK,		"hs_bad_ack")			\
	/* a SYN again in the handshake */				\
	EM(TCPHS_EV_HS_SYN_RETRANS,	"hs_syn_retrans")		\
	/* a SYN-ACK again */						\
	EM(TCPHS_EV_HS_SYNACK_RETRANS,	"hs_synack_retrans")		\
	/* both ends sent a SYN */					\
	EM(TCPHS_EV_HS_SIMULTANEOUS,	"hs_simultaneous")		\
	/* both FINs acknowledged exactly */				\
	EM(TCPHS_EV_CLOSE_FIN,		"close_fin")			\
	/* the same, through CLOSING */					\
	EM(TCPHS_EV_CLOSE_SIMULTANEOUS,	"close_simultaneous")		\
	/* a RST after the handshake */					\
	EM(TCPHS_EV_CLOSE_RST,		"close_rst")			\
	/* one FIN, and then nothing */					\
	EM(TCPHS_EV_CLOSE_HALF_TIMEOUT,	"close_half_timeout")		\
	/* established, and then nothing */				\
	EM(TCPHS_EV_CLOSE_IDLE_TIMEOUT,	"close_idle_timeout")		\
	/* an ack past a FIN */						\
	EM(TCPHS_EV_FIN_BAD_ACK,	"fin_bad_ack")			\
	/* payload past the sender's FIN */				\
	EM(TCPHS_EV_DATA_AFTER_FIN,	"data_after_fin")		\
	/* a RST not trusted, ignored */				\
	EM(TCPHS_EV_RST_OUT_OF_WINDOW,	"rst_out_of_window")		\
	/* evicted in the handshake */					\
	EM(TCPHS_EV_HS_EVICTED,		"hs_evicted")			\
	/* two FINs, one never acknowledged */				\
	EM(TCPHS_EV_CLOSE_FIN_TIMEOUT,	"close_fin_timeout")		\
	/* a SYN on a tuple in TIME_WAIT */				\
	EM(TCPHS_EV_TIME_WAIT_REUSE,	"time_wait_reuse")		\
	/* found open, followed from there */				\
	EM(TCPHS_EV_PICKED_UP,		"picked_up")			\
	/* a segment that opens nothing */				\
	EM_LAST(TCPHS_EV_UNTRACKED,	"untracked")

/* An enumerator of TCPHS_STATES() or TCPHS_EVENTS(). */
#define TCPHS_ENUM(value, name)	value,

enum tcphs_state {
	TCPHS_STATES(TCPHS_ENUM, TCPHS_ENUM)
	TCPHS_STATE_NR
};

enum tcphs_event {
	TCPHS_EVENTS(TCPHS_ENUM, TCPHS_ENUM)
	TCPHS_EV_NR
};

#undef TCPHS_ENUM

#define TCPHS_EV(ev)	(1u << (ev))

/*
 * tcphs_conn_update() takes a connection out of its handshake exactly when
 * it returns one of these, and into one exactly when it returns
 * hs_started (a tuple reused): the table keeps its half_open gauge so.
 */
#define TCPHS_EV_HS_ENDS	(TCPHS_EV(TCPHS_EV_HS_COMPLETED) |	\
				 TCPHS_EV(TCPHS_EV_HS_REJECTED) |	\
				 TCPHS_EV(TCPHS_EV_HS_ABORTED))

/* The handshakes that a reset ended: /proc/tcphs/resets counts them. */
#define TCPHS_EV_HS_RESETS	(TCPHS_EV(TCPHS_EV_HS_REJECTED) |	\
				 TCPHS_EV(TCPHS_EV_HS_ABORTED))

/*
 * The events that tell of something wrong, each a tcphs:anomaly: refused,
 * aborted, unanswered or wrongly acknowledged handshakes, SYNs sent again,
 * resets, teardowns left unfinished, data after a FIN, RSTs not trusted.
 */
#define TCPHS_EV_ANOMALIES	(TCPHS_EV(TCPHS_EV_HS_REJECTED) |	\
				 TCPHS_EV(TCPHS_EV_HS_SYN_TIMEOUT) |	\
				 TCPHS_EV(TCPHS_EV_HS_SYNACK_TIMEOUT) |	\
				 TCPHS_EV(TCPHS_EV_HS_ABORTED) |	\
				 TCPHS_EV(TCPHS_EV_HS_BAD_SYNACK) |	\
				 TCPHS_EV(TCPHS_EV_HS_BAD_ACK) |	\
				 TCPHS_EV(TCPHS_EV_HS_SYN_RETRANS) |	\
				 TCPHS_EV(TCPHS_EV_HS_SYNACK_RETRANS) |	\
				 TCPHS_EV(TCPHS_EV_CLOSE_RST) |		\
				 TCPHS_EV(TCPHS_EV_CLOSE_HALF_TIMEOUT) |	\
				 TCPHS_EV(TCPHS_EV_CLOSE_IDLE_TIMEOUT) |	\
				 TCPHS_EV(TCPHS_EV_FIN_BAD_ACK) |	\
				 TCPHS_EV(TCPHS_EV_DATA_AFTER_FIN) |	\
				 TCPHS_EV(TCPHS_EV_RST_OUT_OF_WINDOW) |	\
				 TCPHS_EV(TCPHS_EV_HS_EVICTED) |	\
				 TCPHS_EV(TCPHS_EV_CLOSE_FIN_TIMEOUT))

/* Where a connection stands, which decides its timeout. */
enum tcphs_phase {
	TCPHS_PHASE_SYN,	/* SYN sent, not answered */
	TCPHS_PHASE_SYNACK,	/* SYN answered, handshake not complete */
	TCPHS_PHASE_ESTABLISHED,
	TCPHS_PHASE_CLOSING,	/* a FIN sent, not both acknowledged */
	TCPHS_PHASE_CLOSED,	/* both sides closed or reset */
	TCPHS_PHASE_NR
};

/* The two delays of a handshake, in microseconds: /proc/tcphs/latency. */
enum tcphs_lat {
	TCPHS_LAT_SYNACK,	/* the client's last SYN to the SYN-ACK */
	TCPHS_LAT_ACK,		/* the server's last SYN-ACK to the final ACK */
	TCPHS_LAT_NR
};

#define TCPHS_LAT_NONE	0xffffffffu

/*
 * The clock of tcphs_conn_open() and tcphs_conn_update(), and what they
 * measured. In: @now, when the segment was seen, in microseconds from any
 * origin, wrapping (so a delay longer than 2^32 us, 71 minutes, reads
 * short); read only when tcphs_conn_timed() says so, any value will do
 * otherwise.
 * Out: in @lat, each delay the segment ends, or TCPHS_LAT_NONE; a delay is
 * measured once a handshake, when the SYN-ACK first acknowledges the SYN
 * exactly and when the client's ACK completes the handshake.
 */
struct tcphs_times {
	u32 now;
	u32 lat[TCPHS_LAT_NR];
};

/* One endpoint, as its own segments show it. */
struct tcphs_endpoint {
	u32 isn;		/* sequence number of its SYN */
	union {
		u32 fin_seq;	/* sequence number of its FIN, once sent */
		u32 syn_time;	/* before: tcphs_times.now of its last SYN */
	};
	/* ack and window: also written by tcphs_conn_update_steady() */
	u32 ack;		/* last acknowledgment number it sent */
	u32 window;		/* last window it advertised, in bytes */
	u8 state;		/* enum tcphs_state */
	u8 wscale;		/* window scale it announced, TCPHS_WSCALE_NONE */
	u8 flags;		/* EP_* of state.c */
};

/* Endpoint directions: a segment of direction d was sent by ep[d]. */
struct tcphs_conn {
	struct tcphs_endpoint ep[2];
	/*
	 * 48 bits, see tcphs_conn_history(), in two words that pack the
	 * connection into 48 bytes (the table keeps entries in 128).
	 */
	u32 history_lo;
	u16 history_hi;
	u8 client;		/* direction of the client's segments */
	u8 flags;		/* CONN_* of state.c, read by the steady path */
};

enum {
	TCPHS_HISTORY_MAX = 12,	/* letters, without the terminating NUL */
};

/* In tcphs_conn.flags: the handshake is over, its outcome counted. */
#define TCPHS_CONN_HS_DONE	0x01

/**
 * tcphs_conn_timed - whether following a segment reads the clock
 * @c: the connection, or NULL for one that @seg would open
 * @seg: the segment
 *
 * tcphs_conn_open() and tcphs_conn_update() read struct tcphs_times's now
 * only for a SYN or SYN-ACK, and for the segments of a connection in its
 * handshake. Inline: the table asks before every update it locks for, and
 * reads the clock only then.
 */
static inline bool tcphs_conn_timed(const struct tcphs_conn *c,
				    const struct tcphs_seg *seg)
{
	return seg->flags & TCPHS_SYN ||
	       (c && !(c->flags & TCPHS_CONN_HS_DONE));
}

bool tcphs_conn_open(struct tcphs_conn *c, const struct tcphs_seg *seg,
		     bool pickup, struct tcphs_times *t, u32 *events);
u32 tcphs_conn_update(struct tcphs_conn *c, const struct tcphs_seg *seg,
		      unsigned int dir, struct tcphs_times *t);
bool tcphs_conn_update_steady(struct tcphs_conn *c,
			      const struct tcphs_seg *seg, unsigned int dir);
enum tcphs_phase tcphs_conn_phase(const struct tcphs_conn *c);
u32 tcphs_conn_expire(const struct tcphs_conn *c);
u32 tcphs_conn_evict(const struct tcphs_conn *c);
bool tcphs_phase_half_open(enum tcphs_phase phase);
void tcphs_conn_history(const struct tcphs_conn *c,
			char buf[TCPHS_HISTORY_MAX + 1]);
const char *tcphs_state_name(enum tcphs_state state);
const char *tcphs_event_name(enum tcphs_event event);

#endif /* _TCPHS_STATE_H */
