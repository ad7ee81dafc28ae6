import type { Seg } from './segment';
import type { Slot } from './slab';

/**
 * One side of a connection: its state, what it has sent (for sequence arithmetic), and the
 * per-direction bookkeeping of Wireshark's sequence analysis (packet-tcp.c's tcp_flow_t).
 *
 * The numbers live in the connection's stretch of a slab (slab.ts), behind accessors: as object
 * fields each took 8 bytes, each fractional one a boxed number more, and the collector had them
 * all to trace. Sequence and acknowledgement numbers are kept as int32 (`n | 0`): the same 32
 * bits as the uint32, compared modulo 2^32 by subtraction. `n >>> 0` gives the number back.
 */

/** tcp_flow_t.win_scale: the scale this side announced is not known (no SYN seen yet). */
export const WS_UNKNOWN = -1;
/** tcp_flow_t.win_scale: the handshake was seen and window scaling is not in use. */
export const WS_NONE = -2;
/** tcp_flow_t.window before this side sent anything (G_MAXUINT32 in Wireshark, as int32). */
export const WINDOW_UNSEEN = -1;

/** Int32 slots of an endpoint in its connection's stretch (slab.ts). */
const enum I {
  state,
  iss,
  synLen,
  finSeq,
  sndNxt,
  lastAckSent,
  scaledWindow,
  baseSeq,
  winScale,
  window,
  nextSeq,
  maxSeqToBeAcked,
  lastAck,
  dupAckNum,
  lastSegmentFlags,
  bits,
  unackedN,
  unackedFresh,
  unackedLastAck,
  SIZE,
}
/** Float64 slots: times in ns and counts, which outgrow int32. */
const enum F {
  nextSeqTime,
  lastAckTime,
  packets,
  bytes,
  SIZE,
}
export const ENDPOINT_INTS = I.SIZE;
export const ENDPOINT_DOUBLES = F.SIZE;

/** Bits of I.bits: the endpoint's yes/no facts. */
const enum B {
  synSent = 1 << 0,
  synAcked = 1 << 1,
  finSent = 1 << 2,
  sndNxtKnown = 1 << 3,
  ackSent = 1 << 4,
  windowKnown = 1 << 5,
  baseSet = 1 << 6,
  isFirstAck = 1 << 7,
  unackedPassed = 1 << 8,
}

/** packet-tcp.h TCP_MAX_UNACKED_SEGMENTS: "The most unacked segments we'll store". */
export const MAX_UNACKED = 10000;

export class Endpoint {
  private readonly i: Int32Array;
  private readonly f: Float64Array;
  private readonly io: number;
  private readonly fo: number;
  /**
   * Wireshark's tcp_unacked_t list, reduced to what the flags depend on: how many segments are
   * outstanding (a SYN or FIN advances nextseq only while fewer than MAX_UNACKED are). Only each
   * segment's end (nextseq) is kept; the first `unackedN` are in use.
   */
  private ends: number[] | null = null;

  /** `io`, `fo`: where this endpoint's ints and doubles start in the slot's arrays. */
  constructor(slot: Slot, io: number, fo: number, state: number) {
    this.i = slot.i32;
    this.f = slot.f64;
    this.io = io;
    this.fo = fo;
    this.state = state;
    this.winScale = WS_UNKNOWN;
    this.window = WINDOW_UNSEEN;
  }

  /** RFC 9293 state code (vocabulary TCP_STATES); changed only by connection.ts `step`. */
  get state(): number { return this.i[this.io + I.state]!; }
  set state(v: number) { this.i[this.io + I.state] = v; }
  get iss(): number { return this.i[this.io + I.iss]!; }
  set iss(v: number) { this.i[this.io + I.iss] = v; }
  get synLen(): number { return this.i[this.io + I.synLen]!; }
  set synLen(v: number) { this.i[this.io + I.synLen] = v; }
  get finSeq(): number { return this.i[this.io + I.finSeq]!; }
  set finSeq(v: number) { this.i[this.io + I.finSeq] = v; }
  get sndNxt(): number { return this.i[this.io + I.sndNxt]!; }
  set sndNxt(v: number) { this.i[this.io + I.sndNxt] = v; }
  get lastAckSent(): number { return this.i[this.io + I.lastAckSent]!; }
  set lastAckSent(v: number) { this.i[this.io + I.lastAckSent] = v; }
  get scaledWindow(): number { return this.i[this.io + I.scaledWindow]!; }
  set scaledWindow(v: number) { this.i[this.io + I.scaledWindow] = v; }
  get baseSeq(): number { return this.i[this.io + I.baseSeq]!; }
  set baseSeq(v: number) { this.i[this.io + I.baseSeq] = v; }

  /** win_scale: shift count, or WS_UNKNOWN / WS_NONE. */
  get winScale(): number { return this.i[this.io + I.winScale]!; }
  set winScale(v: number) { this.i[this.io + I.winScale] = v; }

  /** window: the last raw window field sent. */
  get window(): number { return this.i[this.io + I.window]!; }
  set window(v: number) { this.i[this.io + I.window] = v; }

  /** nextseq (0 means not yet known, as in Wireshark); `nextSeqTime`: when it last advanced (ns). */
  get nextSeq(): number { return this.i[this.io + I.nextSeq]!; }
  set nextSeq(v: number) { this.i[this.io + I.nextSeq] = v; }

  /** maxseqtobeacked: end of the contiguous data seen, for "ACKed unseen segment". */
  get maxSeqToBeAcked(): number { return this.i[this.io + I.maxSeqToBeAcked]!; }
  set maxSeqToBeAcked(v: number) { this.i[this.io + I.maxSeqToBeAcked] = v; }

  /** lastack (0 means not yet known); `lastAckTime`: when it was sent (ns). */
  get lastAck(): number { return this.i[this.io + I.lastAck]!; }
  set lastAck(v: number) { this.i[this.io + I.lastAck] = v; }

  /** dupacknum: duplicate ACKs in a row (−1 after an "ACKed unseen segment"). */
  get dupAckNum(): number { return this.i[this.io + I.dupAckNum]!; }
  set dupAckNum(v: number) { this.i[this.io + I.dupAckNum] = v; }

  /** lastsegmentflags: the analysis bits of this side's previous segment. */
  get lastSegmentFlags(): number { return this.i[this.io + I.lastSegmentFlags]!; }
  set lastSegmentFlags(v: number) { this.i[this.io + I.lastSegmentFlags] = v; }
  get nextSeqTime(): number { return this.f[this.fo + F.nextSeqTime]!; }
  set nextSeqTime(v: number) { this.f[this.fo + F.nextSeqTime] = v; }
  get lastAckTime(): number { return this.f[this.fo + F.lastAckTime]!; }
  set lastAckTime(v: number) { this.f[this.fo + F.lastAckTime] = v; }
  get packets(): number { return this.f[this.fo + F.packets]!; }
  set packets(v: number) { this.f[this.fo + F.packets] = v; }

  /** TCP payload bytes sent. */
  get bytes(): number { return this.f[this.fo + F.bytes]!; }
  set bytes(v: number) { this.f[this.fo + F.bytes] = v; }

  /** A SYN (or SYN-ACK) from this side was seen; `iss` is its sequence number, `synLen` the data it carried (TCP Fast Open). */
  get synSent(): boolean { return (this.i[this.io + I.bits]! & B.synSent) !== 0; }
  set synSent(v: boolean) { this.setBit(B.synSent, v); }

  /** The peer has acknowledged this side's SYN (or the connection was picked up established). */
  get synAcked(): boolean { return (this.i[this.io + I.bits]! & B.synAcked) !== 0; }
  set synAcked(v: boolean) { this.setBit(B.synAcked, v); }

  /** A FIN from this side was seen; `finSeq` is the sequence number the FIN occupies. */
  get finSent(): boolean { return (this.i[this.io + I.bits]! & B.finSent) !== 0; }
  set finSent(v: boolean) { this.setBit(B.finSent, v); }

  /** Highest sequence number this side has used, plus one (SYN and FIN count one): `sndNxt`. */
  get sndNxtKnown(): boolean { return (this.i[this.io + I.bits]! & B.sndNxtKnown) !== 0; }
  set sndNxtKnown(v: boolean) { this.setBit(B.sndNxtKnown, v); }

  /** The acknowledgement number of this side's last segment with ACK set (its RCV.NXT): `lastAckSent`. */
  get ackSent(): boolean { return (this.i[this.io + I.bits]! & B.ackSent) !== 0; }
  set ackSent(v: boolean) { this.setBit(B.ackSent, v); }

  /** This side's last advertised window in bytes, when its scale is known: `scaledWindow`. */
  get windowKnown(): boolean { return (this.i[this.io + I.bits]! & B.windowKnown) !== 0; }
  set windowKnown(v: boolean) { this.setBit(B.windowKnown, v); }

  /** base_seq: relative sequence numbers count from `baseSeq`. */
  get baseSet(): boolean { return (this.i[this.io + I.bits]! & B.baseSet) !== 0; }
  set baseSet(v: boolean) { this.setBit(B.baseSet, v); }

  /** is_first_ack: no pure ACK sent since this side's SYN (its window is not scaled yet). */
  get isFirstAck(): boolean { return (this.i[this.io + I.bits]! & B.isFirstAck) !== 0; }
  set isFirstAck(v: boolean) { this.setBit(B.isFirstAck, v); }

  private setBit(bit: number, v: boolean): void {
    const k = this.io + I.bits;
    this.i[k] = v ? this.i[k]! | bit : this.i[k]! & ~bit;
  }

  /** Segments sent by this side and not yet acknowledged by the peer. */
  get unackedCount(): number { return this.i[this.io + I.unackedN]!; }

  /** A segment ending at `g.seq + g.len + extra` (extra: 1 for SYN or FIN). Numbers come in `g`, not as arguments (see Seg). */
  addUnacked(g: Seg, extra: number): void {
    const end = (g.seq + g.len + extra) | 0;
    const n = this.unackedCount;
    let ends = this.ends;
    if (ends === null) {
      // Room for a few: most sides have at most a handful outstanding, and an array grown by
      // push() keeps room for 17.
      ends = this.ends = [end, 0, 0, 0];
    } else if (n === ends.length) {
      // Doubled by concat: an exact-size array that stays packed (new Array(n) would be holey).
      ends = this.ends = ends.concat(ends);
    }
    ends[n] = end;
    this.i[this.io + I.unackedN] = n + 1;
  }

  /**
   * The peer acknowledged `g.ack`: drop every segment that ends at or before it (Wireshark removes a
   * segment unless its nextseq is after the ack). With the same ack as last time only the segments
   * added since can be affected, so duplicate-ACK storms cost nothing.
   */
  acknowledgeUnacked(g: Seg): void {
    const ends = this.ends;
    const n = this.unackedCount;
    if (ends === null || n === 0) return;
    const ack = g.ack;
    const io = this.io;
    const passed = (this.i[io + I.bits]! & B.unackedPassed) !== 0;
    let i = passed && ack === this.i[io + I.unackedLastAck] ? this.i[io + I.unackedFresh]! : 0;
    let w = i;
    for (; i < n; i++) {
      const end = ends[i]!;
      if (((end - ack) | 0) > 0) ends[w++] = end;
    }
    // All acknowledged after this side's FIN: nothing more is coming, so the list goes (most
    // connections end this way, and a capture keeps every connection to its end).
    if (w === 0 && (this.i[io + I.bits]! & B.finSent) !== 0) this.ends = null;
    this.i[io + I.unackedN] = w;
    this.i[io + I.unackedFresh] = w;
    this.setBit(B.unackedPassed, true);
    this.i[io + I.unackedLastAck] = ack;
  }
}
