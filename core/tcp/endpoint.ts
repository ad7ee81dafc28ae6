import type { RecordReader, RecordWriter } from './record-bytes';
import type { Seg } from './segment';

/**
 * One side of a connection: its state, what it has sent (for sequence arithmetic), and the
 * per-direction bookkeeping of Wireshark's sequence analysis (packet-tcp.c's tcp_flow_t).
 * Plain numeric fields only: these are read and written for every packet.
 *
 * Sequence and acknowledgement numbers are kept as int32 (`n | 0`): the same 32 bits as the
 * uint32, compared modulo 2^32 by subtraction as before, but small integers to V8, stored in the
 * object rather than as one boxed number per field. `n >>> 0` gives the number back.
 *
 * Booleans read for every packet are compared (`=== true`, `=== false`) rather than tested
 * (`if (x)`, `!x`): V8 does not know that a field holds only booleans, so a test costs about ten
 * instructions (false? an empty string? a number? a BigInt?) where a comparison costs one or two.
 */

/**
 * tcp_flow_t.win_scale besides a shift count, as an enum so that esbuild writes each use as a
 * number (see decode/layout.ts). UNKNOWN: the scale this side announced is not known (no SYN seen
 * yet). NONE: the handshake was seen and window scaling is not in use.
 */
export enum WinScale { UNKNOWN = -1, NONE = -2 }
/** tcp_flow_t.window before this side sent anything (G_MAXUINT32 in Wireshark, as int32). */
export const WINDOW_UNSEEN = -1;
/** packet-tcp.h TCP_MAX_UNACKED_SEGMENTS: "The most unacked segments we'll store". */
export enum Unacked { MAX_SEGMENTS = 10000 }

export class Endpoint {
  /** RFC 9293 state code (vocabulary TCP_STATES); changed only by connection.ts `step`. */
  state: number;

  // What this side sent, as the state machine and the role checks need it.
  /** A SYN (or SYN-ACK) from this side was seen; `iss` is its sequence number, `synLen` the data it carried (TCP Fast Open). */
  synSent = false;
  iss = 0;
  synLen = 0;
  /** The peer has acknowledged this side's SYN (or the connection was picked up established). */
  synAcked = false;
  /** A FIN from this side was seen; `finSeq` is the sequence number the FIN occupies. */
  finSent = false;
  finSeq = 0;
  /** Highest sequence number this side has used, plus one (SYN and FIN count one). */
  sndNxtKnown = false;
  sndNxt = 0;
  /** The acknowledgement number of this side's last segment with ACK set (its RCV.NXT). */
  ackSent = false;
  lastAckSent = 0;
  /** This side's last advertised window in bytes, when its scale is known. */
  windowKnown = false;
  scaledWindow = 0;

  // Wireshark's per-direction analysis state (names after packet-tcp.c).
  /** base_seq: relative sequence numbers count from here. */
  baseSet = false;
  baseSeq = 0;
  /** win_scale: shift count, or WinScale.UNKNOWN / WinScale.NONE. */
  winScale = WinScale.UNKNOWN;
  /** window: the last raw window field sent. */
  window = WINDOW_UNSEEN;
  /** nextseq (0 means not yet known, as in Wireshark) and when it last advanced (ns). */
  nextSeq = 0;
  nextSeqTime = 0;
  /** maxseqtobeacked: end of the contiguous data seen, for "ACKed unseen segment". */
  maxSeqToBeAcked = 0;
  /** lastack (0 means not yet known) and when it was sent (ns). */
  lastAck = 0;
  lastAckTime = 0;
  /** dupacknum: duplicate ACKs in a row (−1 after an "ACKed unseen segment"). */
  dupAckNum = 0;
  /** lastsegmentflags: the analysis bits of this side's previous segment. */
  lastSegmentFlags = 0;
  /** is_first_ack: no pure ACK sent since this side's SYN (its window is not scaled yet). */
  isFirstAck = false;
  /**
   * Segments not yet acknowledged by the peer: Wireshark's tcp_unacked_t list, reduced to what
   * the flags depend on, how many are outstanding (a SYN or FIN advances nextseq only while fewer
   * than Unacked.MAX_SEGMENTS are). Only each segment's end (nextseq) is kept, the first
   * `unackedCount` of `unackedEnds` (a plain array: far smaller than a typed array for the few
   * entries most sides have). The list lives in the endpoint's own fields rather than in an
   * object of its own: that was two more objects a connection for the collector to copy, and one
   * more load and check a packet.
   */
  unackedEnds: number[] | null = null;
  unackedCount = 0;
  /** Entries at and after this index were added since the last full pass with `unackedLastAck`. */
  unackedFresh = 0;
  unackedPassed = false;
  unackedLastAck = 0;

  // Statistics.
  packets = 0;
  /** TCP payload bytes sent. */
  bytes = 0;

  constructor(state: number) {
    this.state = state;
  }

  /** Back to what the constructor makes, for an object reused for another connection. */
  reset(state: number): void {
    this.state = state;
    this.synSent = false;
    this.iss = 0;
    this.synLen = 0;
    this.synAcked = false;
    this.finSent = false;
    this.finSeq = 0;
    this.sndNxtKnown = false;
    this.sndNxt = 0;
    this.ackSent = false;
    this.lastAckSent = 0;
    this.windowKnown = false;
    this.scaledWindow = 0;
    this.baseSet = false;
    this.baseSeq = 0;
    this.winScale = WinScale.UNKNOWN;
    this.window = WINDOW_UNSEEN;
    this.nextSeq = 0;
    this.nextSeqTime = 0;
    this.maxSeqToBeAcked = 0;
    this.lastAck = 0;
    this.lastAckTime = 0;
    this.dupAckNum = 0;
    this.lastSegmentFlags = 0;
    this.isFirstAck = false;
    // The array stays: dropping it would leave one array a connection for the collector.
    this.unackedCount = 0;
    this.unackedFresh = 0;
    this.unackedPassed = false;
    this.unackedLastAck = 0;
    this.packets = 0;
    this.bytes = 0;
  }

  /** A segment ending at `g.seq + g.len + extra` (extra: 1 for SYN or FIN). Numbers come in `g`, not as arguments (see Seg). */
  addUnacked(g: Seg, extra: number): void {
    const end = (g.seq + g.len + extra) | 0;
    let ends = this.unackedEnds;
    if (ends === null) {
      // Room for a few: most sides have at most a handful outstanding, and an array grown by
      // push() keeps room for 17 (every connection has two of these lists).
      ends = this.unackedEnds = [end, 0, 0, 0];
    } else if (this.unackedCount === ends.length) {
      // Doubled by concat: an exact-size array that stays packed (new Array(n) would be holey).
      ends = this.unackedEnds = ends.concat(ends);
    }
    ends[this.unackedCount++] = end;
  }

  /**
   * The peer acknowledged `g.ack`: drop every segment that ends at or before it (Wireshark removes a
   * segment unless its nextseq is after the ack). With the same ack as last time only the segments
   * added since can be affected, so duplicate-ACK storms cost nothing. Once this side has sent its
   * FIN and all is acknowledged, the array goes (most connections end this way, and a capture
   * keeps every connection to its end).
   */
  acknowledgeUnacked(g: Seg): void {
    const ends = this.unackedEnds;
    if (ends === null || this.unackedCount === 0) return;
    const ack = g.ack;
    let i = this.unackedPassed && ack === this.unackedLastAck ? this.unackedFresh : 0;
    let w = i;
    for (; i < this.unackedCount; i++) {
      const end = ends[i]!;
      if (((end - ack) | 0) > 0) ends[w++] = end;
    }
    if (w === 0 && this.finSent) this.unackedEnds = null;
    this.unackedCount = w;
    this.unackedFresh = w;
    this.unackedPassed = true;
    this.unackedLastAck = ack;
  }

  /** For the codec (connection-codec.ts): the whole list, so that one read back goes on exactly as this one. */
  writeUnackedTo(w: RecordWriter): void {
    const ends = this.unackedEnds;
    w.byte((ends === null ? 0 : 1) | (this.unackedPassed ? 2 : 0));
    w.uint(this.unackedCount);
    w.uint(this.unackedFresh);
    w.int(this.unackedLastAck);
    for (let i = 0; i < this.unackedCount; i++) w.int(ends![i]!);
  }

  readUnackedFrom(r: RecordReader): void {
    const bits = r.byte();
    this.unackedPassed = (bits & 2) !== 0;
    this.unackedCount = r.uint();
    this.unackedFresh = r.uint();
    this.unackedLastAck = r.int();
    // An empty list behaves the same with or without its array, so an array this object already
    // has is reused (see reset).
    if (bits & 1) {
      // Room for a few more, as `addUnacked` leaves it (see there).
      const ends = this.unackedEnds ?? [0, 0, 0, 0];
      for (let i = 0; i < this.unackedCount; i++) ends[i] = r.int();
      this.unackedEnds = ends;
    }
  }
}
