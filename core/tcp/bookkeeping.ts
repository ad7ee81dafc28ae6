/**
 * What each endpoint has sent, recorded after a segment's kind and roles were decided: the
 * numbers the next segments are checked against (its ISN, its FIN, its next sequence number, its
 * last ACK and window).
 */
import { TcpFlag } from '../decode/dissection';
import { seqGt } from '../seq';
import type { Endpoint } from './endpoint';
import { acksSyn, rstRefusal, synAckAcceptable, type Seg } from './segment';

/** Record a segment from `s` to `r` (RSTs are left out: they may be forged or stale). */
export function recordSent(s: Endpoint, r: Endpoint, g: Seg): void {
  const flags = g.flags;
  const seq = g.seq;
  const len = g.len;
  if (flags & TcpFlag.RST) return;
  if (flags & TcpFlag.SYN && !s.synSent) {
    s.synSent = true;
    s.iss = seq;
    s.synLen = len;
  }
  if (flags & TcpFlag.FIN && !s.finSent) {
    s.finSent = true;
    s.finSeq = (seq + len) | 0;
  }
  const end = (seq + len + (flags & TcpFlag.SYN ? 1 : 0) + (flags & TcpFlag.FIN ? 1 : 0)) | 0;
  // Comparisons rather than `!`: see Endpoint on booleans read per packet.
  if (s.sndNxtKnown === false || seqGt(end, s.sndNxt)) {
    s.sndNxt = end;
    s.sndNxtKnown = true;
  }
  if (flags & TcpFlag.ACK) {
    // An ACK that already found the receiver's SYN acknowledged is not asked again (most ACKs).
    if (flags & TcpFlag.SYN ? synAckAcceptable(g, r) : r.synAcked === false && acksSyn(g, r)) r.synAcked = true;
    s.ackSent = true;
    s.lastAckSent = g.ack;
  }
  if (g.windowSize >= 0) {
    s.windowKnown = true;
    s.scaledWindow = g.windowSize;
  }
}

/** The note for a segment the receiver would not accept (only RSTs: a SYN-ACK's is the role's note). */
export function unacceptableReason(g: Seg, s: Endpoint, r: Endpoint): string | null {
  if (!(g.flags & TcpFlag.RST)) return null;
  return `${rstRefusal(g, s, r) ?? 'RST not acceptable'}: ignored`;
}
