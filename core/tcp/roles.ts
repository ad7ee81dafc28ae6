/**
 * Packet roles (DESIGN.md): which step of the opening or closing a segment is, each role checked
 * against the numbers before it is given. A segment that looks like a step but carries the wrong
 * numbers gets no role and leaves a note with the numbers, for the CLI's warnings and the UI.
 *
 * Each role marks a step once, on its first occurrence: a SYN, SYN-ACK or FIN sent again at the
 * same sequence number takes no role (the analysis flags call it a retransmission), and the ACK
 * roles (handshake-3, teardown-2, teardown-4) go to the first segment that acknowledges, as that
 * is the one that moves the peer's state.
 */
import { FlagSet, TcpFlag } from '../decode/dissection';
import { type Connection, Who } from './connection';
import type { Endpoint } from './endpoint';
import { acksFin, acksSyn, type Seg } from './segment';

/**
 * Role bits by name (roleBit of PACKET_ROLES), as an enum so that esbuild writes each use as a
 * number (see core/decode/layout.ts); roles.test.ts checks each member against PACKET_ROLES.
 */
export enum Role {
  HANDSHAKE_1 = 1 << 0,
  HANDSHAKE_2 = 1 << 1,
  HANDSHAKE_3 = 1 << 2,
  TEARDOWN_1 = 1 << 3,
  TEARDOWN_2 = 1 << 4,
  TEARDOWN_3 = 1 << 5,
  TEARDOWN_4 = 1 << 6,
  RESET = 1 << 7,
}
/** Sets of roles, as an enum so that esbuild writes each use as a number (see decode/layout.ts). */
enum Roles {
  HANDSHAKE = Role.HANDSHAKE_1 | Role.HANDSHAKE_2 | Role.HANDSHAKE_3,
  TEARDOWN = Role.TEARDOWN_1 | Role.TEARDOWN_2 | Role.TEARDOWN_3 | Role.TEARDOWN_4,
}

/** Sequence numbers are int32 (see Endpoint): `plus1` keeps them so, `u` prints them as they are on the wire. */
const plus1 = (n: number): number => (n + 1) | 0;
const u = (n: number): number => n >>> 0;
/** Does `n` acknowledge (or continue after) the SYN of `e`: ISN + 1, or past its data with TCP Fast Open? */
const afterSyn = (n: number, e: Endpoint): boolean => n === plus1(e.iss) || (e.synLen > 0 && n === ((e.iss + 1 + e.synLen) | 0));
const afterSynText = (e: Endpoint): string => (e.synLen > 0 ? `${u(e.iss + 1)} or ${u(e.iss + 1 + e.synLen)}` : `${u(e.iss + 1)}`);

/**
 * Can a segment with these flags take a role at all? Data and ACKs after the handshake and before
 * any FIN (most segments) cannot; a SYN, a FIN or an RST is a step of the opening or closing by
 * itself. Small enough that the compiler always inlines it, so the tracker asks this before it
 * calls assignRoles.
 */
export function mayTakeRole(c: Connection, fromClient: boolean, flags: number): boolean {
  return (flags & FlagSet.SYN_FIN_RST) !== 0 || c.firstFinFrom !== Who.NONE || (fromClient && !c.server.synAcked);
}

/**
 * The roles of a segment from the client (`fromClient`) or the server, decided from what both
 * sides sent before it (call before the endpoints record this segment).
 */
export function assignRoles(c: Connection, fromClient: boolean, g: Seg): number {
  const s = fromClient ? c.client : c.server;
  const r = fromClient ? c.server : c.client;
  let roles = 0;
  if (g.flags & TcpFlag.RST) roles |= Role.RESET;
  else if (g.flags & TcpFlag.SYN) roles |= opening(c, fromClient, s, r, g);
  else {
    roles |= thirdStep(c, fromClient, s, r, g);
    roles |= closing(c, fromClient, s, r, g);
  }
  if (roles & Roles.HANDSHAKE) c.addHandshakeFrame(g.frame);
  if (roles & Roles.TEARDOWN) c.addTeardownFrame(g.frame);
  return roles;
}

/** handshake-1 (SYN, seq = x) and handshake-2 (SYN-ACK, ack = x + 1). */
function opening(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, g: Seg): number {
  const { frame, flags, seq, ack } = g;
  if (s.synSent && seq !== s.iss) {
    // A new ISN from the same side mid-connection: not a repeat of the step already seen.
    c.note(frame, `${fromClient ? 'client' : 'server'} SYN with seq ${u(seq)} differs from its ISN ${u(s.iss)}`);
    return 0;
  }
  if (!(flags & TcpFlag.ACK)) {
    if (s.synSent) return 0; // sent again
    if (fromClient) {
      c.clientSynFrame = frame;
      c.handshake1 = true;
    } else if (c.handshake1) {
      // The server's own SYN crossing the client's: both sides opened at once (RFC 9293 §3.5).
      c.simultaneousOpen = true;
      c.note(frame, 'simultaneous open: both sides sent a SYN');
    }
    return Role.HANDSHAKE_1;
  }
  if (r.synSent && !afterSyn(ack, r)) {
    c.note(frame, `SYN-ACK acknowledges ${u(ack)}, not ${afterSynText(r)} (the SYN's seq ${u(r.iss)} + 1): not an answer to that SYN`);
    return 0;
  }
  if (fromClient ? c.handshake2Client : c.handshake2Server) return 0; // sent again
  if (fromClient) c.handshake2Client = true;
  else c.handshake2Server = true;
  return Role.HANDSHAKE_2;
}

/** handshake-3: the SYN sender's first segment acknowledging the SYN-ACK (seq = x + 1, ack = y + 1). */
function thirdStep(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, g: Seg): number {
  if (c.handshake3 || c.simultaneousOpen || !fromClient || r.synAcked) return 0;
  if (!(s.synSent || r.synSent) || !acksSyn(g, r)) return 0;
  const { frame, seq, ack } = g;
  const seqOk = !s.synSent || afterSyn(seq, s);
  const ackOk = !r.synSent || afterSyn(ack, r);
  if (seqOk && ackOk) {
    c.handshake3 = true;
    return Role.HANDSHAKE_3;
  }
  c.note(frame, `handshake ACK has seq ${u(seq)}, ack ${u(ack)}; expected seq ${s.synSent ? afterSynText(s) : u(seq)}, ack ${r.synSent ? afterSynText(r) : u(ack)}`);
  return 0;
}

/** teardown-1 … teardown-4: the FINs and their ACKs, by sequence arithmetic (a FIN takes one number). */
function closing(c: Connection, fromClient: boolean, s: Endpoint, r: Endpoint, g: Seg): number {
  let roles = 0;
  const flags = g.flags;
  const side = fromClient ? Who.CLIENT : Who.SERVER;
  if (flags & TcpFlag.FIN) {
    const finSeq = (g.seq + g.len) | 0;
    if (s.finSent) {
      // Sent again; at another sequence number it is no repeat, and worth a note.
      if (finSeq !== s.finSeq) c.note(g.frame, `FIN at seq ${u(finSeq)} after a FIN from the same side at ${u(s.finSeq)}`);
    } else if (c.firstFinFrom === Who.NONE) {
      c.firstFinFrom = side;
      c.firstFinFrame = g.frame;
      roles |= Role.TEARDOWN_1;
    } else {
      c.secondFinSeen = true;
      // Three-way: this FIN is also the first ACK of the first FIN.
      c.secondFinAckedFirst = !c.firstFinAcked && acksFin(g, r);
      // The FINs crossed: this one left before the first arrived (RFC 9293 §3.6, CLOSING).
      c.simultaneousClose = !c.firstFinAcked && !c.secondFinAckedFirst;
      roles |= Role.TEARDOWN_3;
    }
  }
  if (c.firstFinFrom !== Who.NONE && acksFin(g, r)) {
    if (side !== c.firstFinFrom && !c.firstFinAcked) {
      c.firstFinAcked = true;
      roles |= ackOfFin(c, g, r, Role.TEARDOWN_2);
    } else if (side === c.firstFinFrom && c.secondFinSeen && !c.secondFinAcked) {
      c.secondFinAcked = true;
      roles |= ackOfFin(c, g, r, Role.TEARDOWN_4);
    }
  }
  return roles;
}

function ackOfFin(c: Connection, g: Seg, r: Endpoint, role: number): number {
  if (g.ack === plus1(r.finSeq)) return role;
  c.note(g.frame, `ACK of the FIN at seq ${u(r.finSeq)} acknowledges ${u(g.ack)}, not ${u(r.finSeq + 1)}`);
  return 0;
}
