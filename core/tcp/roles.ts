/**
 * Packet roles (DESIGN.md): which step of the opening or closing a segment is, each role checked
 * against the numbers before it is given. A segment that looks like a step but carries the wrong
 * numbers gets no role and leaves a note with the numbers, for the CLI's warnings and the UI.
 *
 * Retransmissions repeat their original's role: a SYN at the same sequence number is handshake-1
 * again, a FIN at the same sequence number teardown-1 (or -3) again; the analysis flags say that
 * it is a retransmission. The ACK roles (handshake-3, teardown-2, teardown-4) go to the first
 * segment that acknowledges, as that is the one that moves the peer's state.
 */
import { TcpFlag } from '../decode/dissection';
import { Connection, Who } from './connection';
import type { Endpoint } from './endpoint';
import { acksFin, acksSyn } from './segment';
import { roleBit } from './vocabulary';

export const Role = Object.freeze({
  HANDSHAKE_1: roleBit('handshake-1'),
  HANDSHAKE_2: roleBit('handshake-2'),
  HANDSHAKE_3: roleBit('handshake-3'),
  TEARDOWN_1: roleBit('teardown-1'),
  TEARDOWN_2: roleBit('teardown-2'),
  TEARDOWN_3: roleBit('teardown-3'),
  TEARDOWN_4: roleBit('teardown-4'),
  RESET: roleBit('reset'),
});
const HANDSHAKE_ROLES = Role.HANDSHAKE_1 | Role.HANDSHAKE_2 | Role.HANDSHAKE_3;
const TEARDOWN_ROLES = Role.TEARDOWN_1 | Role.TEARDOWN_2 | Role.TEARDOWN_3 | Role.TEARDOWN_4;

const plus1 = (n: number): number => (n + 1) >>> 0;
/** Does `n` acknowledge (or continue after) the SYN of `e`: ISN + 1, or past its data with TCP Fast Open? */
const afterSyn = (n: number, e: Endpoint): boolean => n === plus1(e.iss) || (e.synLen > 0 && n === ((e.iss + 1 + e.synLen) >>> 0));
const afterSynText = (e: Endpoint): string => (e.synLen > 0 ? `${plus1(e.iss)} or ${(e.iss + 1 + e.synLen) >>> 0}` : `${plus1(e.iss)}`);

/**
 * The roles of a segment from the client (`fromClient`) or the server, decided from what both
 * sides sent before it (call before the endpoints record this segment).
 */
export function assignRoles(c: Connection, fromClient: boolean, frame: number, flags: number, seq: number, ack: number, len: number): number {
  const s = fromClient ? c.client : c.server;
  const r = fromClient ? c.server : c.client;
  let roles = 0;
  if (flags & TcpFlag.RST) roles |= Role.RESET;
  else if (flags & TcpFlag.SYN) roles |= opening(c, fromClient, s, r, frame, flags, seq, ack);
  else {
    roles |= thirdStep(c, fromClient, s, r, frame, flags, seq, ack);
    roles |= closing(c, fromClient, s, r, frame, flags, seq, ack, len);
  }
  if (roles & HANDSHAKE_ROLES) Connection.listFrame(c.handshakeFrames, frame);
  if (roles & TEARDOWN_ROLES) Connection.listFrame(c.teardownFrames, frame);
  return roles;
}

/** handshake-1 (SYN, seq = x) and handshake-2 (SYN-ACK, ack = x + 1). */
function opening(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, frame: number, flags: number, seq: number, ack: number): number {
  if (s.synSent && seq !== s.iss) {
    // A new ISN from the same side mid-connection: not a repeat of the step already seen.
    c.note(frame, `${fromClient ? 'client' : 'server'} SYN with seq ${seq} differs from its ISN ${s.iss}`);
    return 0;
  }
  if (!(flags & TcpFlag.ACK)) {
    if (fromClient) {
      if (!c.handshake1) c.clientSynFrame = frame;
      c.handshake1 = true;
    } else if (c.handshake1 && !c.simultaneousOpen) {
      // The server's own SYN crossing the client's: both sides opened at once (RFC 9293 §3.5).
      c.simultaneousOpen = true;
      c.note(frame, 'simultaneous open: both sides sent a SYN');
    }
    return Role.HANDSHAKE_1;
  }
  if (r.synSent && !afterSyn(ack, r)) {
    c.note(frame, `SYN-ACK acknowledges ${ack}, not ${afterSynText(r)} (the SYN's seq ${r.iss} + 1): not an answer to that SYN`);
    return 0;
  }
  if (fromClient) c.handshake2Client = true;
  else c.handshake2Server = true;
  return Role.HANDSHAKE_2;
}

/** handshake-3: the SYN sender's first segment acknowledging the SYN-ACK (seq = x + 1, ack = y + 1). */
function thirdStep(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, frame: number, flags: number, seq: number, ack: number): number {
  if (c.handshake3 || c.simultaneousOpen || !fromClient || r.synAcked) return 0;
  if (!(s.synSent || r.synSent) || !acksSyn(flags, ack, r)) return 0;
  const seqOk = !s.synSent || afterSyn(seq, s);
  const ackOk = !r.synSent || afterSyn(ack, r);
  if (seqOk && ackOk) {
    c.handshake3 = true;
    return Role.HANDSHAKE_3;
  }
  c.note(frame, `handshake ACK has seq ${seq}, ack ${ack}; expected seq ${s.synSent ? afterSynText(s) : seq}, ack ${r.synSent ? afterSynText(r) : ack}`);
  return 0;
}

/** teardown-1 … teardown-4: the FINs and their ACKs, by sequence arithmetic (a FIN takes one number). */
function closing(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, frame: number, flags: number, seq: number, ack: number, len: number): number {
  let roles = 0;
  const side = fromClient ? Who.CLIENT : Who.SERVER;
  if (flags & TcpFlag.FIN) {
    const finSeq = (seq + len) >>> 0;
    if (s.finSent && finSeq !== s.finSeq) {
      c.note(frame, `FIN at seq ${finSeq} after a FIN from the same side at ${s.finSeq}`);
    } else if (c.firstFinFrom === Who.NONE || c.firstFinFrom === side) {
      if (c.firstFinFrom === Who.NONE) {
        c.firstFinFrom = side;
        c.firstFinFrame = frame;
      }
      roles |= Role.TEARDOWN_1;
    } else {
      if (!c.secondFinSeen) {
        c.secondFinSeen = true;
        // Three-way: this FIN is also the first ACK of the first FIN.
        c.secondFinAckedFirst = !c.firstFinAcked && acksFin(flags, ack, r);
        // The FINs crossed: this one left before the first arrived (RFC 9293 §3.6, CLOSING).
        c.simultaneousClose = !c.firstFinAcked && !c.secondFinAckedFirst;
      }
      roles |= Role.TEARDOWN_3;
    }
  }
  if (c.firstFinFrom !== Who.NONE && acksFin(flags, ack, r)) {
    if (side !== c.firstFinFrom && !c.firstFinAcked) {
      c.firstFinAcked = true;
      roles |= ackOfFin(c, frame, ack, r, Role.TEARDOWN_2);
    } else if (side === c.firstFinFrom && c.secondFinSeen && !c.secondFinAcked) {
      c.secondFinAcked = true;
      roles |= ackOfFin(c, frame, ack, r, Role.TEARDOWN_4);
    }
  }
  return roles;
}

function ackOfFin(c: Connection, frame: number, ack: number, r: Endpoint, role: number): number {
  if (ack === plus1(r.finSeq)) return role;
  c.note(frame, `ACK of the FIN at seq ${r.finSeq} acknowledges ${ack}, not ${plus1(r.finSeq)}`);
  return 0;
}
