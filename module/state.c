// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake and teardown state machine of one connection. Pure C: no
 * kernel headers, no allocation, no clock but the one its caller passes;
 * see state.h.
 *
 * Each segment is read as up to four events of its sender and the matching
 * events of its receiver, applied in this order:
 *
 *   acknowledgment of the peer's SYN (ack == peer's ISN + 1):
 *	sender ACK_SYN, receiver SYN_ACKED
 *   acknowledgment of the peer's FIN (ack == peer's FIN sequence + 1):
 *	sender ACK_FIN, receiver FIN_ACKED
 *   SYN without ACK: sender SYN
 *   FIN: sender FIN
 *
 * and a RST in the window of its receiver closes both endpoints. The table
 * below gives the next state of an endpoint for each event; the code around
 * it checks sequence numbers and counts what happened.
 */

#include <linux/bitops.h>
#include <linux/compiler.h>

#include "state.h"

/* Endpoint flags */
enum {
	EP_SYN = 0x01,		/* isn is valid */
	EP_SYN_ACKED = 0x02,	/* the peer acknowledged the SYN exactly */
	EP_FIN = 0x04,		/* fin_seq is valid */
	EP_FIN_ACKED = 0x08,	/* the peer acknowledged the FIN exactly */
	EP_ACK = 0x10,		/* ack and window are valid */
	EP_TIMED = 0x20,	/* syn_time is valid */
};

/* Connection flags */
enum {
	CONN_HS_DONE = TCPHS_CONN_HS_DONE, /* see state.h */
	CONN_CLOSE_DONE = 0x02,	/* the teardown's outcome is counted */
	CONN_SIMUL_CLOSE = 0x04, /* both sent FIN before acknowledging */
	CONN_PICKED_UP = 0x08,	/* found established, handshake unseen */
	CONN_STEADY = 0xf0,	/* the bits of conn_steady(), see there */
};

/* The bit of conn_steady() for the data or ACKs sent in direction @dir. */
#define CONN_STEADY_BIT(dir, data)	(0x10 << ((dir) * 2 + !!(data)))

enum ep_event {
	E_SYN,		/* sends a SYN without ACK */
	E_ACK_SYN,	/* acknowledges the peer's SYN */
	E_SYN_ACKED,	/* its SYN is acknowledged */
	E_FIN,		/* sends a FIN */
	E_ACK_FIN,	/* acknowledges the peer's FIN */
	E_FIN_ACKED,	/* its FIN is acknowledged */
	E_NR
};

#define S_CL TCPHS_CLOSED
#define S_LI TCPHS_LISTEN
#define S_SS TCPHS_SYN_SENT
#define S_SR TCPHS_SYN_RCVD
#define S_ES TCPHS_ESTABLISHED
#define S_F1 TCPHS_FIN_WAIT_1
#define S_F2 TCPHS_FIN_WAIT_2
#define S_CW TCPHS_CLOSE_WAIT
#define S_CG TCPHS_CLOSING
#define S_LA TCPHS_LAST_ACK
#define S_TW TCPHS_TIME_WAIT

static const u8 next_state[E_NR][TCPHS_STATE_NR] = {
	[E_SYN] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_SS, S_SS, S_SS, S_SR, S_ES, S_F1, S_F2, S_CW, S_CG, S_LA, S_TW,
/*
 *	S_CL -> S_SS	the client opens
 *	S_LI -> S_SS	the server opens too: simultaneous open
 *	others		a retransmission or a stray SYN changes nothing
 */
	},
	[E_ACK_SYN] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_CL, S_SR, S_SR, S_SR, S_ES, S_F1, S_F2, S_CW, S_CG, S_LA, S_TW,
/*
 *	S_LI -> S_SR	the server's SYN-ACK
 *	S_SS -> S_SR	SYN-ACK of a simultaneous open, own SYN unacknowledged
 *	S_ES		the client's final ACK: it was established by the SYN-ACK
 */
	},
	[E_SYN_ACKED] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_CL, S_LI, S_ES, S_ES, S_ES, S_F1, S_F2, S_CW, S_CG, S_LA, S_TW,
/*
 *	S_SS -> S_ES	the client receives the SYN-ACK
 *	S_SR -> S_ES	the server receives the final ACK
 */
	},
	[E_FIN] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_CL, S_LI, S_SS, S_F1, S_F1, S_F1, S_F2, S_LA, S_CG, S_LA, S_TW,
/*
 *	S_ES -> S_F1	the active close
 *	S_SR -> S_F1	a server may close before the final ACK
 *	S_CW -> S_LA	the passive close, after the peer's FIN
 *	others		a retransmission changes nothing
 */
	},
	[E_ACK_FIN] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_CL, S_LI, S_SS, S_SR, S_CW, S_CG, S_TW, S_CW, S_CG, S_LA, S_TW,
/*
 *	S_ES -> S_CW	the peer closed first
 *	S_F1 -> S_CG	both closed before either FIN was acknowledged
 *	S_F2 -> S_TW	the peer's FIN after ours was acknowledged
 */
	},
	[E_FIN_ACKED] = {
/*	S_CL  S_LI  S_SS  S_SR  S_ES  S_F1  S_F2  S_CW  S_CG  S_LA  S_TW */
	S_CL, S_LI, S_SS, S_SR, S_ES, S_F2, S_F2, S_CW, S_TW, S_CL, S_TW,
/*
 *	S_F1 -> S_F2	the peer has our FIN and may still send
 *	S_CG -> S_TW	simultaneous close, our FIN acknowledged
 *	S_LA -> S_CL	the passive closer is done
 */
	},
};

/*
 * The names of the states and events, indexed by their values: both enums
 * count their lists from 0, in order.
 */
#define NAME(value, name)	name,

static const char * const state_names[TCPHS_STATE_NR] = {
	TCPHS_STATES(NAME, NAME)
};

static const char * const event_names[TCPHS_EV_NR] = {
	TCPHS_EVENTS(NAME, NAME)
};

#undef NAME

/* History letters; uppercase for the client's segments, as Zeek writes. */
enum {
	H_SYN,		/* s: SYN */
	H_SYNACK,	/* h: SYN-ACK */
	H_ACK,		/* a: pure ACK */
	H_DATA,		/* d: payload */
	H_FIN,		/* f: FIN */
	H_RST,		/* r: RST */
	H_NR
};

static const char history_letters[] = "shadfr";

static bool seq_after(u32 a, u32 b)
{
	return (s32)(a - b) > 0;
}

static void ep_event(struct tcphs_endpoint *ep, enum ep_event ev)
{
	ep->state = next_state[ev][ep->state];
}

/* @ep sends a SYN or SYN-ACK now: unless its FIN took the slot, time it. */
static void ep_time(struct tcphs_endpoint *ep, const struct tcphs_times *t)
{
	if (ep->flags & EP_FIN)
		return;
	ep->syn_time = t->now;
	ep->flags |= EP_TIMED;
}

static void times_reset(struct tcphs_times *t)
{
	unsigned int i;

	for (i = 0; i < TCPHS_LAT_NR; i++)
		t->lat[i] = TCPHS_LAT_NONE;
}

/* The time since @ep's last SYN or SYN-ACK, if it was timed. */
static u32 ep_since(const struct tcphs_endpoint *ep,
		    const struct tcphs_times *t)
{
	u32 since = t->now - ep->syn_time;

	if (!(ep->flags & EP_TIMED))
		return TCPHS_LAT_NONE;
	return since < TCPHS_LAT_NONE ? since : TCPHS_LAT_NONE - 1;
}

/*
 * The history is a list of 4-bit codes, oldest in the low bits: 1 + letter
 * for the client, 1 + H_NR + letter for the server. Each appears once.
 */
static u64 history_get(const struct tcphs_conn *c)
{
	return c->history_lo | (u64)c->history_hi << 32;
}

/* The code of a segment of @letter sent in direction @dir. */
static u64 history_code(const struct tcphs_conn *c, unsigned int dir,
			unsigned int letter)
{
	return 1 + letter + (dir == c->client ? 0 : H_NR);
}

/* @x in each of the history's 12 nibbles (TCPHS_HISTORY_MAX). */
#define NIBBLES(x)	((x) * 0x111111111111ull)

/*
 * Bit 3 of each nibble of the history @h that is 0, and maybe of some above
 * the lowest such: subtracting 1 from each nibble borrows out of exactly
 * the nibbles that are 0, up to the first, and may borrow into the next.
 * Not 0 if and only if a nibble is, and then its lowest bit is exact.
 */
static u64 zero_nibbles(u64 h)
{
	return (h - NIBBLES(1)) & ~h & NIBBLES(8);
}

/* Has @code happened? A nibble of the history XOR code is 0 if so. */
static bool history_has(u64 history, u64 code)
{
	return zero_nibbles(history ^ NIBBLES(code));
}

/* Append a segment's code unless it is there already or the list full. */
static void history_add(struct tcphs_conn *c, unsigned int dir,
			unsigned int letter)
{
	u64 code = history_code(c, dir, letter);
	u64 history = history_get(c);
	u64 free = zero_nibbles(history);

	if (!free || history_has(history, code))
		return;
	/* The lowest free nibble: bit 3 of it is the lowest bit of free. */
	history |= code << (__ffs64(free) - 3);
	c->history_lo = (u32)history;
	c->history_hi = (u16)(history >> 32);
}

static void history_segment(struct tcphs_conn *c, const struct tcphs_seg *seg,
			    unsigned int dir)
{
	if (seg->flags & TCPHS_RST) {
		history_add(c, dir, H_RST);
		return;
	}
	if (seg->flags & TCPHS_SYN)
		history_add(c, dir, seg->flags & TCPHS_ACK ? H_SYNACK : H_SYN);
	else if (seg->payload)
		history_add(c, dir, H_DATA);
	else if (!(seg->flags & TCPHS_FIN))
		history_add(c, dir, H_ACK);
	if (seg->flags & TCPHS_FIN)
		history_add(c, dir, H_FIN);
}

void tcphs_conn_history(const struct tcphs_conn *c,
			char buf[TCPHS_HISTORY_MAX + 1])
{
	u64 history = history_get(c);
	unsigned int i;

	for (i = 0; i < TCPHS_HISTORY_MAX; i++) {
		unsigned int code = (history >> (4 * i)) & 0xf;

		if (!code)
			break;
		code--;
		buf[i] = code < H_NR ? history_letters[code] - 'a' + 'A' :
				       history_letters[code - H_NR];
	}
	buf[i] = '\0';
}

static bool both_in(const struct tcphs_conn *c, u8 a, u8 b)
{
	return (c->ep[0].state == a || c->ep[0].state == b) &&
	       (c->ep[1].state == a || c->ep[1].state == b);
}

/* A connection is closed only once its handshake's outcome is counted. */
enum tcphs_phase tcphs_conn_phase(const struct tcphs_conn *c)
{
	if (!(c->flags & CONN_HS_DONE))
		return (c->ep[0].flags | c->ep[1].flags) & EP_SYN_ACKED ?
		       TCPHS_PHASE_SYNACK : TCPHS_PHASE_SYN;
	if (both_in(c, TCPHS_CLOSED, TCPHS_TIME_WAIT))
		return TCPHS_PHASE_CLOSED;
	if ((c->ep[0].flags | c->ep[1].flags) & EP_FIN)
		return TCPHS_PHASE_CLOSING;
	return TCPHS_PHASE_ESTABLISHED;
}

bool tcphs_phase_half_open(enum tcphs_phase phase)
{
	return phase == TCPHS_PHASE_SYN || phase == TCPHS_PHASE_SYNACK;
}

/* A new connection whose client sent @seg, in direction 0. */
static void conn_init_syn(struct tcphs_conn *c, const struct tcphs_seg *seg,
			  unsigned int dir, const struct tcphs_times *t)
{
	struct tcphs_endpoint *cl = &c->ep[dir], *sv = &c->ep[!dir];

	*c = (struct tcphs_conn){ .client = dir };
	cl->state = TCPHS_SYN_SENT;
	cl->isn = seg->seq;
	cl->wscale = seg->wscale;
	cl->flags = EP_SYN;
	ep_time(cl, t);
	sv->state = TCPHS_LISTEN;
	sv->wscale = TCPHS_WSCALE_NONE;
	history_segment(c, seg, dir);
}

/**
 * tcphs_conn_open - start following a connection at a segment of its own
 * @c: the connection, initialised when this returns true
 * @seg: the first segment seen of the connection, in direction 0
 * @pickup: whether a connection found open may be followed from the middle
 * @t: the segment's time, and the delays it measured
 * @events: set to the counters this moved
 *
 * A SYN without ACK opens a handshake. Any other segment but a RST or a
 * SYN-ACK opens, when @pickup allows, an established connection whose
 * handshake will never be counted; its client is taken to be the sender.
 *
 * Return: whether @c now holds a connection to keep.
 */
bool tcphs_conn_open(struct tcphs_conn *c, const struct tcphs_seg *seg,
		     bool pickup, struct tcphs_times *t, u32 *events)
{
	unsigned int i;

	times_reset(t);
	if ((seg->flags & (TCPHS_SYN | TCPHS_ACK)) == TCPHS_SYN) {
		conn_init_syn(c, seg, 0, t);
		*events = TCPHS_EV(TCPHS_EV_HS_STARTED);
		return true;
	}
	if (!pickup || seg->flags & (TCPHS_SYN | TCPHS_RST)) {
		*events = TCPHS_EV(TCPHS_EV_UNTRACKED);
		return false;
	}
	*c = (struct tcphs_conn){ .flags = CONN_HS_DONE | CONN_PICKED_UP };
	for (i = 0; i < 2; i++) {
		c->ep[i].state = TCPHS_ESTABLISHED;
		/* The scale was negotiated unseen: assume the largest. */
		c->ep[i].wscale = TCPHS_WSCALE_MAX;
	}
	*events = TCPHS_EV(TCPHS_EV_PICKED_UP) |
		  tcphs_conn_update(c, seg, 0, t);
	return true;
}

/*
 * Is a RST from @snd to @rcv one that @rcv would accept? Once @rcv has
 * acknowledged anything, its sequence number must lie in @rcv's window;
 * before that, a refusal must acknowledge the SYN it answers, and an abort
 * of a SYN must come right after it.
 */
static bool rst_in_window(const struct tcphs_endpoint *snd,
			  const struct tcphs_endpoint *rcv,
			  const struct tcphs_seg *seg)
{
	if (rcv->flags & EP_ACK)
		return seg->seq - READ_ONCE(rcv->ack) <=
		       READ_ONCE(rcv->window);
	if (rcv->state == TCPHS_SYN_SENT)
		return seg->flags & TCPHS_ACK && seg->ack == rcv->isn + 1;
	return snd->flags & EP_SYN && seg->seq == snd->isn + 1;
}

static u32 on_rst(struct tcphs_conn *c, const struct tcphs_seg *seg,
		  unsigned int dir)
{
	struct tcphs_endpoint *snd = &c->ep[dir], *rcv = &c->ep[!dir];
	u32 events = 0;

	if (!rst_in_window(snd, rcv, seg))
		return TCPHS_EV(TCPHS_EV_RST_OUT_OF_WINDOW);

	if (!(c->flags & CONN_HS_DONE)) {
		/* A server that answers a SYN with RST refuses it. */
		bool refused = dir != c->client && snd->state == TCPHS_LISTEN;

		events |= TCPHS_EV(refused ? TCPHS_EV_HS_REJECTED :
				   TCPHS_EV_HS_ABORTED);
		c->flags |= CONN_HS_DONE;
	} else if (!(c->flags & CONN_CLOSE_DONE)) {
		events |= TCPHS_EV(TCPHS_EV_CLOSE_RST);
	}
	c->flags |= CONN_CLOSE_DONE;
	snd->state = TCPHS_CLOSED;
	rcv->state = TCPHS_CLOSED;
	return events;
}

/* A SYN-ACK, or the ACK of one: does @seg acknowledge @rcv's SYN? */
static u32 on_ack_syn(struct tcphs_endpoint *snd, struct tcphs_endpoint *rcv,
		      const struct tcphs_seg *seg)
{
	bool synack = seg->flags & TCPHS_SYN;

	if (!(rcv->flags & EP_SYN))
		return 0;
	if (seg->ack != rcv->isn + 1) {
		/* Only the first acknowledgment of a SYN is checked. */
		if (rcv->flags & EP_SYN_ACKED)
			return 0;
		return TCPHS_EV(synack ? TCPHS_EV_HS_BAD_SYNACK :
				TCPHS_EV_HS_BAD_ACK);
	}
	if (synack) {
		if (snd->flags & EP_SYN) {
			if (snd->isn == seg->seq && rcv->flags & EP_SYN_ACKED)
				return TCPHS_EV(TCPHS_EV_HS_SYNACK_RETRANS);
		} else {
			snd->isn = seg->seq;
			snd->wscale = seg->wscale;
			snd->flags |= EP_SYN;
		}
	}
	if (rcv->flags & EP_SYN_ACKED)
		return 0;
	rcv->flags |= EP_SYN_ACKED;
	ep_event(snd, E_ACK_SYN);
	ep_event(rcv, E_SYN_ACKED);
	/* Scaling holds only when both SYNs announced it. */
	if (synack && (snd->wscale == TCPHS_WSCALE_NONE ||
		       rcv->wscale == TCPHS_WSCALE_NONE)) {
		snd->wscale = 0;
		rcv->wscale = 0;
	}
	return 0;
}

/* Does @seg acknowledge @rcv's FIN? */
static u32 on_ack_fin(struct tcphs_endpoint *snd, struct tcphs_endpoint *rcv,
		      const struct tcphs_seg *seg)
{
	if (!(rcv->flags & EP_FIN) || rcv->flags & EP_FIN_ACKED)
		return 0;
	if (seq_after(seg->ack, rcv->fin_seq + 1))
		return TCPHS_EV(TCPHS_EV_FIN_BAD_ACK);
	if (seg->ack != rcv->fin_seq + 1)
		return 0;
	rcv->flags |= EP_FIN_ACKED;
	ep_event(snd, E_ACK_FIN);
	ep_event(rcv, E_FIN_ACKED);
	return 0;
}

static u32 on_syn(struct tcphs_conn *c, const struct tcphs_seg *seg,
		  unsigned int dir, const struct tcphs_times *t)
{
	struct tcphs_endpoint *snd = &c->ep[dir], *rcv = &c->ep[!dir];

	if (tcphs_conn_phase(c) == TCPHS_PHASE_CLOSED) {
		/* A new connection on the tuple of one that ended. */
		u32 events = TCPHS_EV(TCPHS_EV_HS_STARTED);

		if (snd->state == TCPHS_TIME_WAIT ||
		    rcv->state == TCPHS_TIME_WAIT)
			events |= TCPHS_EV(TCPHS_EV_TIME_WAIT_REUSE);
		conn_init_syn(c, seg, dir, t);
		return events;
	}
	if (snd->flags & EP_SYN) {
		if (c->flags & CONN_HS_DONE)
			return 0;
		snd->isn = seg->seq;
		if (dir == c->client)
			ep_time(snd, t);
		return TCPHS_EV(TCPHS_EV_HS_SYN_RETRANS);
	}
	if (snd->state != TCPHS_LISTEN || rcv->state != TCPHS_SYN_SENT)
		return 0;
	/* The server sends a SYN of its own before answering: both opened. */
	snd->isn = seg->seq;
	snd->wscale = seg->wscale;
	snd->flags |= EP_SYN;
	ep_event(snd, E_SYN);
	return TCPHS_EV(TCPHS_EV_HS_SIMULTANEOUS);
}

static u32 on_fin(struct tcphs_conn *c, struct tcphs_endpoint *snd,
		  struct tcphs_endpoint *rcv, const struct tcphs_seg *seg)
{
	if (snd->flags & EP_FIN)
		return 0;
	if (snd->state == TCPHS_ESTABLISHED && rcv->flags & EP_FIN)
		c->flags |= CONN_SIMUL_CLOSE;
	snd->fin_seq = seg->seq + seg->payload;
	snd->flags = (snd->flags & ~EP_TIMED) | EP_FIN;
	ep_event(snd, E_FIN);
	return 0;
}

/*
 * A SYN-ACK of the server: the first to acknowledge the client's SYN ends
 * the SYNACK delay; it and its retransmissions start the ACK delay.
 */
static void time_synack(struct tcphs_endpoint *sv,
			const struct tcphs_endpoint *cl, bool was_acked,
			u32 events, struct tcphs_times *t)
{
	if (!was_acked && cl->flags & EP_SYN_ACKED) {
		t->lat[TCPHS_LAT_SYNACK] = ep_since(cl, t);
		ep_time(sv, t);
	} else if (events & TCPHS_EV(TCPHS_EV_HS_SYNACK_RETRANS)) {
		ep_time(sv, t);
	}
}

/* The outcome of the handshake or teardown, once it is reached. */
static u32 outcome(struct tcphs_conn *c)
{
	const u8 both_fin = EP_FIN | EP_FIN_ACKED;

	if (!(c->flags & CONN_HS_DONE) &&
	    c->ep[0].flags & c->ep[1].flags & EP_SYN_ACKED) {
		c->flags |= CONN_HS_DONE;
		return TCPHS_EV(TCPHS_EV_HS_COMPLETED);
	}
	if (!(c->flags & CONN_CLOSE_DONE) &&
	    (c->ep[0].flags & both_fin) == both_fin &&
	    (c->ep[1].flags & both_fin) == both_fin) {
		c->flags |= CONN_CLOSE_DONE;
		return TCPHS_EV(c->flags & CONN_SIMUL_CLOSE ?
				TCPHS_EV_CLOSE_SIMULTANEOUS :
				TCPHS_EV_CLOSE_FIN);
	}
	return 0;
}

/* The window @seg advertises, in bytes: a SYN's is never scaled. */
static u32 seg_window(const struct tcphs_endpoint *snd,
		      const struct tcphs_seg *seg)
{
	u8 wscale = READ_ONCE(snd->wscale);

	return (u32)seg->window <<
	       (seg->flags & TCPHS_SYN || wscale > TCPHS_WSCALE_MAX ?
		0 : wscale);
}

/*
 * The segments tcphs_conn_update_steady() takes, those that change nothing
 * but their sender's ack and window: an ACK or data segment, with no SYN,
 * FIN or RST, of a connection whose handshake is counted, whose endpoints
 * are both ESTABLISHED and neither sent a FIN (one may have, early, in its
 * handshake), from an endpoint that sent an ACK before and whose history
 * already shows the segment's letter. A CONN_STEADY_BIT() for each
 * direction and letter, computed from the rest of @c.
 */
static u8 conn_steady(const struct tcphs_conn *c)
{
	u64 history = history_get(c);
	unsigned int dir;
	u8 steady = 0;

	if (!(c->flags & CONN_HS_DONE) ||
	    !both_in(c, TCPHS_ESTABLISHED, TCPHS_ESTABLISHED) ||
	    (c->ep[0].flags | c->ep[1].flags) & EP_FIN)
		return 0;
	for (dir = 0; dir < 2; dir++) {
		if (!(c->ep[dir].flags & EP_ACK))
			continue;
		if (history_has(history, history_code(c, dir, H_ACK)))
			steady |= CONN_STEADY_BIT(dir, false);
		if (history_has(history, history_code(c, dir, H_DATA)))
			steady |= CONN_STEADY_BIT(dir, true);
	}
	return steady;
}

/**
 * tcphs_conn_update_steady - follow a segment that changes no state
 * @c: the connection
 * @seg: a well-formed segment of it
 * @dir: the segment's direction: it was sent by @c->ep[@dir]
 *
 * Most segments are ACKs and data of established connections, and all
 * they change is their sender's last ack and window. This takes those
 * without the connection's lock, as conn_steady() tells them, which
 * tcphs_conn_update() keeps in @c's flags: for such a segment,
 * tcphs_conn_update() would change ack and window only, and move no
 * counter.
 *
 * It reads the connection with READ_ONCE() and writes ack and window with
 * WRITE_ONCE(), and may run concurrently with tcphs_conn_update() on
 * another CPU: the segments of the two are then independent of each
 * other, either order being one TCP allows.
 *
 * Return: whether @seg was such a segment, and followed; if not, nothing
 * changed and the caller takes the lock for tcphs_conn_update().
 */
bool tcphs_conn_update_steady(struct tcphs_conn *c,
			      const struct tcphs_seg *seg, unsigned int dir)
{
	struct tcphs_endpoint *snd = &c->ep[dir];

	if (seg->flags & (TCPHS_SYN | TCPHS_FIN | TCPHS_RST) ||
	    !(READ_ONCE(c->flags) & CONN_STEADY_BIT(dir, seg->payload)))
		return false;
	WRITE_ONCE(snd->ack, seg->ack);
	WRITE_ONCE(snd->window, seg_window(snd, seg));
	return true;
}

static u32 conn_update(struct tcphs_conn *c, const struct tcphs_seg *seg,
		       unsigned int dir, struct tcphs_times *t)
{
	struct tcphs_endpoint *snd = &c->ep[dir], *rcv = &c->ep[!dir];
	bool was_acked = rcv->flags & EP_SYN_ACKED;
	u32 events = 0;

	if (seg->flags & TCPHS_RST) {
		/* Nothing is left to reset: no count, no history letter. */
		if (tcphs_conn_phase(c) == TCPHS_PHASE_CLOSED)
			return 0;
		events = on_rst(c, seg, dir);
		if (!(events & TCPHS_EV(TCPHS_EV_RST_OUT_OF_WINDOW)))
			history_segment(c, seg, dir);
		return events;
	}
	if ((seg->flags & (TCPHS_SYN | TCPHS_ACK)) == TCPHS_SYN) {
		events = on_syn(c, seg, dir, t);
		/* A reopened connection starts a history of its own. */
		if (!(events & TCPHS_EV(TCPHS_EV_HS_STARTED)))
			history_segment(c, seg, dir);
		return events;
	}
	history_segment(c, seg, dir);

	/* Every segment but the first SYN carries ACK. */
	events |= on_ack_syn(snd, rcv, seg);
	if (seg->flags & TCPHS_SYN && dir != c->client)
		time_synack(snd, rcv, was_acked, events, t);
	events |= on_ack_fin(snd, rcv, seg);
	WRITE_ONCE(snd->ack, seg->ack);
	WRITE_ONCE(snd->window, seg_window(snd, seg));
	snd->flags |= EP_ACK;

	if (snd->flags & EP_FIN && seg->payload &&
	    seq_after(seg->seq + seg->payload, snd->fin_seq))
		events |= TCPHS_EV(TCPHS_EV_DATA_AFTER_FIN);
	if (seg->flags & TCPHS_FIN)
		events |= on_fin(c, snd, rcv, seg);
	events |= outcome(c);
	if (events & TCPHS_EV(TCPHS_EV_HS_COMPLETED) && dir == c->client)
		t->lat[TCPHS_LAT_ACK] = ep_since(rcv, t);
	return events;
}

/**
 * tcphs_conn_update - follow a connection through one of its segments
 * @c: the connection
 * @seg: a well-formed segment of it
 * @dir: the segment's direction: it was sent by @c->ep[@dir]
 * @t: the segment's time, and the delays it measured
 *
 * Return: the counters this moved, a bit TCPHS_EV(event) each.
 */
u32 tcphs_conn_update(struct tcphs_conn *c, const struct tcphs_seg *seg,
		      unsigned int dir, struct tcphs_times *t)
{
	u32 events;

	times_reset(t);
	events = conn_update(c, seg, dir, t);

	WRITE_ONCE(c->flags, (c->flags & ~CONN_STEADY) | conn_steady(c));
	return events;
}

/**
 * tcphs_conn_expire - the counters moved when a connection times out
 * @c: the connection, idle past the timeout of its phase
 *
 * Return: the counters its end moves; it is to be forgotten.
 */
u32 tcphs_conn_expire(const struct tcphs_conn *c)
{
	switch (tcphs_conn_phase(c)) {
	case TCPHS_PHASE_SYN:
		return TCPHS_EV(TCPHS_EV_HS_SYN_TIMEOUT);
	case TCPHS_PHASE_SYNACK:
		return TCPHS_EV(TCPHS_EV_HS_SYNACK_TIMEOUT);
	case TCPHS_PHASE_ESTABLISHED:
		return TCPHS_EV(TCPHS_EV_CLOSE_IDLE_TIMEOUT);
	case TCPHS_PHASE_CLOSING:
		return TCPHS_EV(c->ep[0].flags & c->ep[1].flags & EP_FIN ?
				TCPHS_EV_CLOSE_FIN_TIMEOUT :
				TCPHS_EV_CLOSE_HALF_TIMEOUT);
	default:
		return 0;
	}
}

/* The counters moved when @c is dropped to make room for another. */
u32 tcphs_conn_evict(const struct tcphs_conn *c)
{
	return tcphs_phase_half_open(tcphs_conn_phase(c)) ?
	       TCPHS_EV(TCPHS_EV_HS_EVICTED) : 0;
}

const char *tcphs_state_name(enum tcphs_state state)
{
	return state < TCPHS_STATE_NR ? state_names[state] : "?";
}

const char *tcphs_event_name(enum tcphs_event event)
{
	return event < TCPHS_EV_NR ? event_names[event] : "?";
}
