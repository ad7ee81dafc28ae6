/**
 * Each endpoint's RFC 9293 state, as inferred by an observer on the path: the whole life of a
 * connection in one table, and one function that reads it.
 *
 * The observer's model (DESIGN.md): a captured segment was sent by one endpoint (`out`) and
 * received by the other (`in`). Each segment is first classified (segment.ts) by what it carries
 * and, with sequence arithmetic, by what it acknowledges of the receiver's SYN or FIN; both
 * endpoints then look the same kind up in the table, the sender with `/out`, the receiver with
 * `/in`. A missing entry means "no change".
 *
 * Where receipt would be a lie the segment itself says so: a FIN (or a SYN) that does not
 * acknowledge the peer's FIN (SYN) seen earlier proves its sender had not yet received that FIN
 * (SYN) when sending — the two crossed — so the sender's arm leads to CLOSING (SYN-RECEIVED),
 * the simultaneous close (open) of RFC 9293 §3.6 (§3.5).
 *
 * One exception to "received": a SYN changes a listener only once it answers. RFC 9293 §3.10.7.2
 * has the listener enter SYN-RECEIVED as it sends its SYN,ACK, and a SYN that gets no answer is
 * no evidence that it arrived (it may have been dropped on the way, as by a firewall). So a SYN
 * that is never answered leaves the client in SYN-SENT and the server in LISTEN.
 */
import { TCP_STATES, stateCode, type TcpState } from './vocabulary';
import { SEGMENT_KINDS, type SegmentKind } from './segment';

export const SIDES = ['out', 'in'] as const;
export type Side = (typeof SIDES)[number];
export const OUT = 0;
export const IN = 1;

export type TransitionEvent = `${SegmentKind}/${Side}`;

export const TRANSITIONS: { readonly [S in TcpState]: Readonly<Partial<Record<TransitionEvent, TcpState>>> } = {
  'CLOSED': {
    'syn/out': 'SYN-SENT', // active open
  },
  'LISTEN': {
    'syn-ack/out': 'SYN-RECEIVED', // the listener answers the SYN (RFC 9293 §3.10.7.2: SYN-RECEIVED as it sends SYN,ACK)
    'ack-syn/in': 'ESTABLISHED', // its SYN-ACK went uncaptured, but the client's ACK of it arrived
    'syn/out': 'SYN-SENT', // it opens actively too: the SYNs cross (simultaneous open)
    'rst/out': 'CLOSED', // no listener after all: the SYN is refused
  },
  'SYN-SENT': {
    'syn/out': 'SYN-SENT', // the SYN retransmitted: still waiting
    'syn-ack/in': 'ESTABLISHED', // the SYN-ACK acknowledges our SYN
    'ack-syn/out': 'ESTABLISHED', // our ACK of the peer's SYN proves its SYN-ACK arrived (not captured)
    'syn/in': 'SYN-RECEIVED', // simultaneous open: the peer's SYN crossed ours
    'rst/in': 'CLOSED', // refused: an RST that acknowledges our SYN
    'rst/out': 'SYN-SENT', // our RST answers an unacceptable SYN-ACK (RFC 9293 §3.10.7.3); the attempt goes on
  },
  'SYN-RECEIVED': {
    'syn/out': 'SYN-RECEIVED', // our SYN crossed the peer's (simultaneous open)
    'syn-ack/out': 'SYN-RECEIVED', // the SYN-ACK (or its retransmission) sent
    'ack-syn/in': 'ESTABLISHED', // the third segment of the handshake acknowledges our SYN
    'syn-ack/in': 'ESTABLISHED', // simultaneous open: the peer's SYN-ACK acknowledges our SYN
    'fin/in': 'CLOSE-WAIT', // the ACK of our SYN came with (or was lost before) the peer's FIN
    'fin/out': 'FIN-WAIT-1', // we close before the handshake completed
    'rst/in': 'LISTEN', // a passive open goes back to listening (RFC 9293 §3.10.7.4)
    'rst/out': 'CLOSED', // we refused or aborted the handshake
  },
  'ESTABLISHED': {
    'fin/out': 'FIN-WAIT-1', // active close
    'fin/in': 'CLOSE-WAIT', // passive close: the peer's FIN arrived
    'rst/in': 'CLOSED', // reset by the peer
    'rst/out': 'CLOSED', // we aborted
  },
  'FIN-WAIT-1': {
    'fin/out': 'FIN-WAIT-1', // our FIN retransmitted
    'ack-fin/in': 'FIN-WAIT-2', // our FIN is acknowledged
    'fin/in': 'CLOSING', // simultaneous close: the peer's FIN does not acknowledge ours
    'fin-ack-fin/in': 'TIME-WAIT', // three-way close: the peer's FIN acknowledges ours
    'rst/in': 'CLOSED', // reset while closing
    'rst/out': 'CLOSED', // we aborted while closing
  },
  'FIN-WAIT-2': {
    'fin/in': 'TIME-WAIT', // the peer's FIN (our FIN was acknowledged before)
    'fin-ack-fin/in': 'TIME-WAIT', // the peer's FIN, repeating the ACK of ours
    'rst/in': 'CLOSED', // reset while half-closed
    'rst/out': 'CLOSED', // we aborted while half-closed
  },
  'CLOSE-WAIT': {
    'fin-ack-fin/out': 'LAST-ACK', // our FIN after theirs
    'fin/out': 'CLOSING', // our FIN does not acknowledge theirs: it left before theirs arrived (crossed FINs)
    'rst/in': 'CLOSED', // reset while the peer is half-closed
    'rst/out': 'CLOSED', // we aborted instead of closing
  },
  'CLOSING': {
    'ack-fin/in': 'TIME-WAIT', // our FIN is acknowledged after the crossing
    'fin-ack-fin/in': 'TIME-WAIT', // the peer's FIN again, now acknowledging ours
    'rst/in': 'CLOSED', // reset while closing
    'rst/out': 'CLOSED', // we aborted while closing
  },
  'LAST-ACK': {
    'ack-fin/in': 'CLOSED', // our FIN is acknowledged: the connection is over for us
    'fin-ack-fin/in': 'CLOSED', // the peer's FIN again, now acknowledging ours
    'fin-ack-fin/out': 'LAST-ACK', // our FIN retransmitted
    'rst/in': 'CLOSED', // reset instead of the last ACK
    'rst/out': 'CLOSED', // we aborted instead of waiting
  },
  'TIME-WAIT': {
    'fin/in': 'TIME-WAIT', // the peer's FIN retransmitted: our ACK was lost, the 2·MSL timer restarts
    'fin-ack-fin/in': 'TIME-WAIT', // same, acknowledging our FIN
    'rst/in': 'CLOSED', // RFC 9293 §3.10.7.4: an acceptable RST ends TIME-WAIT
    'rst/out': 'CLOSED', // we answered a late segment with RST: nothing is left
  },
};

const KINDS = SEGMENT_KINDS.length;
const NO_CHANGE = -1;

/** The table compiled to codes: [state][kind][side] → next state code, NO_CHANGE where absent. */
const COMPILED = (() => {
  const t = new Int8Array(TCP_STATES.length * KINDS * SIDES.length).fill(NO_CHANGE);
  for (const state of TCP_STATES) {
    for (const [event, next] of Object.entries(TRANSITIONS[state])) {
      const [kind, side] = event.split('/') as [SegmentKind, Side];
      t[(stateCode(state) * KINDS + SEGMENT_KINDS.indexOf(kind)) * 2 + SIDES.indexOf(side)] = stateCode(next!);
    }
  }
  return t;
})();

/**
 * By kind: does any state change on a segment of this kind, on either side? Most segments are
 * data and ACKs ('ack'), which change no state anywhere: for them the lookups can be skipped.
 */
const MOVES = (() => {
  const moves = new Uint8Array(KINDS);
  for (let i = 0; i < COMPILED.length; i++) if (COMPILED[i] !== NO_CHANGE) moves[((i >> 1) % KINDS)] = 1;
  return moves;
})();

/** Can a segment of kind `kind` change any endpoint's state? */
export function kindMovesState(kind: number): boolean {
  return MOVES[kind] === 1;
}

/** The state that follows `state` when a segment of kind `kind` goes `side` (OUT or IN). */
export function nextState(state: number, kind: number, side: number): number {
  const next = COMPILED[(state * KINDS + kind) * 2 + side]!;
  return next === NO_CHANGE ? state : next;
}
