/**
 * Random but plausible TCP conversations for differential tests against tshark: openings of every
 * kind, data both ways with delayed, cumulative, duplicate and missing ACKs, lost (uncaptured),
 * retransmitted and reordered segments, keep-alives, zero windows and probes, window changes,
 * and every kind of ending. Seeded: the same seed gives the same segments.
 */
import type { Conv } from './tcp-builder';

interface Side {
  from: 'c' | 's';
  /** Next sequence number to send, and the highest acknowledged by the peer. */
  nxt: number;
  /** What this side has received in order (its ACK value). */
  rcv: number;
  win: number;
  /** Segments sent, for retransmissions. */
  sent: { seq: number; len: number }[];
}

/** One random conversation on `v`, starting at its time 0. */
export function randomConversation(v: Conv, rand: () => number): void {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const chance = (p: number) => rand() < p;
  let t = 0;
  const step = () => (t += chance(0.1) ? 0.05 + rand() * 2 : 0.0001 + rand() * 0.004);
  const isnC = Math.floor(rand() * 2 ** 32);
  const isnS = Math.floor(rand() * 2 ** 32);
  const c: Side = { from: 'c', nxt: (isnC + 1) >>> 0, rcv: (isnS + 1) >>> 0, win: 1000 + Math.floor(rand() * 60000), sent: [] };
  const s: Side = { from: 's', nxt: (isnS + 1) >>> 0, rcv: (isnC + 1) >>> 0, win: 1000 + Math.floor(rand() * 60000), sent: [] };
  const send = (x: Side, flags: string, seq: number, ack: number, len = 0, ws?: number) => {
    if (x.from === 'c') v.c(flags, seq, ack, { len, win: x.win, ws, t: step() });
    else v.s(flags, seq, ack, { len, win: x.win, ws, t: step() });
  };
  const ws = pick([[7, 8], [undefined, undefined], [2, undefined], [14, 0]] as const);
  // The shift each side's windows are scaled by, once both SYNs were seen with the option.
  let shift = { c: 0, s: 0 };

  // Opening.
  const opening = pick(['handshake', 'handshake', 'handshake', 'retransmitted', 'midstream', 'synack-first', 'refused', 'unanswered', 'rst-first']);
  if (opening !== 'midstream' && ws[0] !== undefined && ws[1] !== undefined) shift = { c: ws[0], s: ws[1] };
  if (opening === 'midstream') {
    // Nothing: the first data below starts it.
  } else if (opening === 'synack-first') {
    send(s, 'SA', isnS, c.nxt, 0, ws[1]);
    send(c, 'S', isnC, 0, 0, ws[0]);
    send(c, 'A', c.nxt, s.nxt);
  } else {
    send(c, 'S', isnC, 0, 0, ws[0]);
    if (opening === 'unanswered') {
      send(c, 'S', isnC, 0, 0, ws[0]);
      return;
    }
    if (opening === 'refused') {
      send(s, 'RA', 0, c.nxt);
      return;
    }
    if (opening === 'retransmitted') send(c, 'S', isnC, 0, 0, ws[0]);
    // An RST from the server's side before its SYN-ACK sets that direction's base: the SYN-ACK re-bases it.
    if (opening === 'rst-first') send(s, 'RA', 0, isnC);
    send(s, 'SA', isnS, c.nxt, 0, ws[1]);
    if (opening === 'retransmitted' && chance(0.5)) send(s, 'SA', isnS, c.nxt, 0, ws[1]);
    send(c, 'A', c.nxt, s.nxt);
  }

  // Data.
  const events = 5 + Math.floor(rand() * 30);
  for (let e = 0; e < events; e++) {
    const [me, peer] = chance(0.5) ? [c, s] : [s, c];
    const r = rand();
    if (r < 0.35) {
      // New data; sometimes not captured (lost before the capture point saw it).
      const len = pick([1, 10, 100, 536, 1448]);
      const seg = { seq: me.nxt, len };
      me.sent.push(seg);
      me.nxt = (me.nxt + len) >>> 0;
      if (chance(0.1)) continue;
      send(me, 'PA', seg.seq, me.rcv, len);
    } else if (r < 0.6) {
      // An ACK of everything the peer sent (or only part of it).
      me.rcv = chance(0.8) ? peer.nxt : peer.sent.length ? peer.sent[Math.floor(rand() * peer.sent.length)]!.seq : me.rcv;
      send(me, 'A', me.nxt, me.rcv);
    } else if (r < 0.7) {
      // Duplicate ACKs.
      const n = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) send(me, 'A', me.nxt, me.rcv);
    } else if (r < 0.8 && me.sent.length > 0) {
      // A retransmission of an earlier segment.
      const seg = pick(me.sent);
      send(me, 'PA', seg.seq, me.rcv, seg.len);
    } else if (r < 0.85) {
      // A keep-alive, then maybe its ACK.
      send(me, 'A', (me.nxt - 1) >>> 0, me.rcv, chance(0.5) ? 1 : 0);
      if (chance(0.6)) send(peer, 'A', peer.nxt, peer.rcv);
    } else if (r < 0.9) {
      // A zero window, a probe, a window update.
      const old = peer.win;
      peer.win = 0;
      send(peer, 'A', peer.nxt, peer.rcv);
      if (chance(0.7)) send(me, 'PA', me.nxt, me.rcv, 1);
      peer.win = old || 4000;
      if (chance(0.7)) send(peer, 'A', peer.nxt, peer.rcv);
    } else if (r < 0.95) {
      // The peer acknowledges everything with a small window; data fills it to the edge.
      peer.win = 1 + Math.floor(rand() * (1448 >> shift[peer.from]));
      peer.rcv = me.nxt;
      send(peer, 'A', peer.nxt, peer.rcv);
      const len = peer.win << shift[peer.from];
      send(me, 'PA', me.nxt, me.rcv, len);
      me.sent.push({ seq: me.nxt, len });
      me.nxt = (me.nxt + len) >>> 0;
    } else {
      // A window change.
      me.win = 500 + Math.floor(rand() * 65000);
      send(me, 'A', me.nxt, me.rcv);
    }
  }

  // Closing.
  const [a, b] = chance(0.6) ? [c, s] : [s, c];
  a.rcv = b.nxt;
  b.rcv = a.nxt;
  switch (pick(['four-way', 'three-way', 'simultaneous', 'reset', 'bad-reset', 'half', 'open', 'reused'])) {
    case 'reused':
      // The ports again, with a new ISN: a new stream.
      send(a, 'FA', a.nxt, a.rcv);
      send(b, 'FA', b.nxt, (a.nxt + 1) >>> 0);
      send(a, 'A', (a.nxt + 1) >>> 0, (b.nxt + 1) >>> 0);
      t += 30;
      send(c, 'S', (isnC + 7777777) >>> 0, 0, 0, ws[0]);
      send(s, 'SA', (isnS + 5555555) >>> 0, (isnC + 7777778) >>> 0, 0, ws[1]);
      break;
    case 'four-way':
      send(a, 'FA', a.nxt, a.rcv);
      send(b, 'A', b.nxt, (a.nxt + 1) >>> 0);
      send(b, 'FA', b.nxt, (a.nxt + 1) >>> 0);
      send(a, 'A', (a.nxt + 1) >>> 0, (b.nxt + 1) >>> 0);
      break;
    case 'three-way':
      send(a, 'FA', a.nxt, a.rcv);
      if (chance(0.3)) send(a, 'FA', a.nxt, a.rcv);
      send(b, 'FA', b.nxt, (a.nxt + 1) >>> 0);
      send(a, 'A', (a.nxt + 1) >>> 0, (b.nxt + 1) >>> 0);
      break;
    case 'simultaneous':
      send(a, 'FA', a.nxt, a.rcv);
      send(b, 'FA', b.nxt, b.rcv);
      send(a, 'A', (a.nxt + 1) >>> 0, (b.nxt + 1) >>> 0);
      send(b, 'A', (b.nxt + 1) >>> 0, (a.nxt + 1) >>> 0);
      break;
    case 'reset':
      send(a, chance(0.5) ? 'R' : 'RA', a.nxt, a.rcv);
      break;
    case 'bad-reset':
      send(a, 'R', (a.nxt + 10_000_000) >>> 0, 0);
      send(b, 'PA', b.nxt, b.rcv, 20);
      break;
    case 'half':
      send(a, 'FA', a.nxt, a.rcv);
      send(b, 'A', b.nxt, (a.nxt + 1) >>> 0);
      send(b, 'PA', b.nxt, (a.nxt + 1) >>> 0, 300);
      break;
    default:
      break;
  }
}
