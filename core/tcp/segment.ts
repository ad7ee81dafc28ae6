/**
 * What a segment means to the state machine: one kind per segment, decided by its flags and, with
 * sequence arithmetic, by what its ACK covers of the receiver's SYN or FIN (a SYN and a FIN each
 * consume one sequence number, RFC 9293 §3.4, so "acknowledges our FIN" is ack > FIN's seq).
 */
import { TcpFlag } from '../decode/dissection';
import { seqGt, seqLe } from '../seq';
import type { Endpoint } from './endpoint';
import { State } from './vocabulary';

export const SEGMENT_KINDS = [
  'syn', // SYN without ACK
  'syn-ack', // SYN+ACK that acknowledges the receiver's SYN (or whose SYN was not captured)
  'ack', // anything else that changes no state: data, pure ACKs, ACKs of data
  'ack-syn', // an ACK (no SYN, no FIN) that acknowledges the receiver's SYN for the first time
  'ack-fin', // an ACK (no FIN) that acknowledges the receiver's FIN
  'fin', // a FIN that does not acknowledge a FIN of the receiver
  'fin-ack-fin', // a FIN that also acknowledges the receiver's FIN
  'rst', // an acceptable RST (see rstAcceptable)
  'unacceptable', // an RST outside the window, a SYN-ACK that does not acknowledge the SYN: reported, not obeyed
] as const;
export type SegmentKind = (typeof SEGMENT_KINDS)[number];

/**
 * Kind codes by name (Kind.FIN_ACK_FIN === SEGMENT_KINDS.indexOf('fin-ack-fin')): the list's order,
 * as an enum so that esbuild writes them into the code as numbers (see core/decode/layout.ts);
 * state-machine.test.ts checks each against the list.
 */
export enum Kind {
  SYN,
  SYN_ACK,
  ACK,
  ACK_SYN,
  ACK_FIN,
  FIN,
  FIN_ACK_FIN,
  RST,
  UNACCEPTABLE,
}

/**
 * The segment being tracked, one reused object per tracker: its numbers travel to the helpers by
 * reference, because a sequence number above 2^30 passed as an argument would be boxed (allocated).
 */
export class Seg {
  frame = 0;
  /** TCP flag bits (TcpFlag). */
  flags = 0;
  /** Sequence and acknowledgement numbers as int32 (see Endpoint). */
  seq = 0;
  ack = 0;
  /** Payload length (0 when unknown). */
  len = 0;
  /** The window field, unscaled. */
  window = 0;
  /** The window in bytes (tcp.window_size), −1 when the scale is unknown. */
  windowSize = 0;
  /** Nanoseconds since the connection's first packet. */
  t = 0;
}

/**
 * The largest window a receiver can offer (65535 << 14, RFC 7323 §2.3): the window assumed for the
 * RST check when the receiver's window scale is not known.
 */
export const MAX_SCALED_WINDOW = 65535 * 2 ** 14;

/** Does the segment's ACK cover the receiver's FIN? */
export function acksFin(s: Seg, receiver: Endpoint): boolean {
  return (s.flags & TcpFlag.ACK) !== 0 && receiver.finSent && seqGt(s.ack, receiver.finSeq);
}

/** Does the segment's ACK cover the receiver's SYN? An unseen SYN is taken as covered by any ACK. */
export function acksSyn(s: Seg, receiver: Endpoint): boolean {
  return (s.flags & TcpFlag.ACK) !== 0 && (!receiver.synSent || seqGt(s.ack, receiver.iss));
}

/** Is a SYN-ACK's ACK acceptable to the receiver: ISS < ack ≤ SND.NXT (RFC 9293 §3.10.7.3)? */
export function synAckAcceptable(s: Seg, receiver: Endpoint): boolean {
  return !receiver.synSent || (seqGt(s.ack, receiver.iss) && seqLe(s.ack, receiver.sndNxt));
}

/**
 * Why the receiver would not accept this RST (RFC 9293 §3.10.7), or null when it would. The
 * observer's version:
 * - in SYN-SENT, only an RST whose ACK acknowledges the SYN (ISS < ack ≤ SND.NXT) counts;
 * - in LISTEN and CLOSED there is nothing to reset: the table has no arm for it there, but the RST
 *   still counts as sent (its sender aborts);
 * - otherwise the RST's sequence number must fall in the receiver's window
 *   RCV.NXT ≤ seq < RCV.NXT + RCV.WND, where RCV.NXT is the last ACK the receiver sent (or, if it
 *   never acknowledged anything, the sender's next sequence number as seen) and RCV.WND its last
 *   advertised window, scaled when the scale is known, the largest possible window when it is not,
 *   and at least 1 so that seq = RCV.NXT is acceptable even against a zero window.
 * When nothing tells what the receiver expects (it never acknowledged and the sender's numbers are
 * unknown) the RST is accepted.
 */
export function rstRefusal(s: Seg, sender: Endpoint, receiver: Endpoint): string | null {
  if (receiver.state === State.SYN_SENT) {
    if ((s.flags & TcpFlag.ACK) === 0) return 'RST without ACK in answer to a SYN';
    if (synAckAcceptable(s, receiver)) return null;
    return `RST acknowledges ${s.ack >>> 0}, not the SYN (expected ${(receiver.iss + 1) >>> 0})`;
  }
  if (receiver.state === State.LISTEN || receiver.state === State.CLOSED) return null;
  let rcvNxt: number;
  if (receiver.ackSent) rcvNxt = receiver.lastAckSent;
  else if (sender.sndNxtKnown) rcvNxt = sender.sndNxt;
  else return null;
  const wnd = Math.max(1, receiver.windowKnown ? receiver.scaledWindow : MAX_SCALED_WINDOW);
  if (((s.seq - rcvNxt) >>> 0) < wnd) return null;
  return `RST seq ${s.seq >>> 0} outside the receiver's window [${rcvNxt >>> 0}, ${(rcvNxt + wnd) >>> 0})`;
}

/**
 * Most segments: no SYN, FIN or RST, to a receiver whose SYN was acknowledged and that sent no FIN,
 * which classify would call Kind.ACK. Asked first: small enough for V8 to inline where classify,
 * a call, is not.
 */
export function plainAck(flags: number, receiver: Endpoint): boolean {
  return (flags & (TcpFlag.SYN | TcpFlag.FIN | TcpFlag.RST)) === 0 && receiver.synAcked === true && receiver.finSent === false;
}

/** The kind of a segment from `sender` to `receiver` (read before either endpoint changes state). */
export function classify(s: Seg, sender: Endpoint, receiver: Endpoint): number {
  const flags = s.flags;
  if (flags & TcpFlag.RST) return rstRefusal(s, sender, receiver) === null ? Kind.RST : Kind.UNACCEPTABLE;
  if (flags & TcpFlag.SYN) {
    if (!(flags & TcpFlag.ACK)) return Kind.SYN;
    return synAckAcceptable(s, receiver) ? Kind.SYN_ACK : Kind.UNACCEPTABLE;
  }
  if (flags & TcpFlag.FIN) return acksFin(s, receiver) ? Kind.FIN_ACK_FIN : Kind.FIN;
  if (acksFin(s, receiver)) return Kind.ACK_FIN;
  if (!receiver.synAcked && acksSyn(s, receiver)) return Kind.ACK_SYN;
  return Kind.ACK;
}
