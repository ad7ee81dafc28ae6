/**
 * Which packets carry Wireshark's "[SEQ/ACK analysis]" tree (the field `tcp.analysis`), and so
 * `tcp.analysis.initial_rtt`: tshark -2 shows the iRTT on every packet of a connection that has
 * that tree, not on all of them (a bare FIN that acknowledges nothing new has none).
 *
 * Wireshark 4.0 (packet-tcp.c, tcp_analyze_sequence_number) gives a packet the tree when it
 * - has an analysis flag, or
 * - acknowledges exactly the end of a segment still unacknowledged from the other side, or
 * - carries payload while its side's bytes-in-flight count is valid (it stops being valid at a
 *   "previous segment not captured" and becomes valid again with an ACK from the other side).
 * The scanner replays that bookkeeping over the packet store, in frame order. Checked over the
 * corpus against tshark -2: 9758 of 9761 TCP packets agree (see seq-ack.test.ts for the rest).
 */
import type { PacketStore } from '../store/packet-store';
import { MiscBit, PAGE_BITS, PAGE_SIZE } from '../store/packet-store';
import { TcpFlag } from '../decode/dissection';
import { analysisBit } from '../tcp/vocabulary';
import { seqGt } from '../seq';

/** Wireshark keeps at most this many unacknowledged segments a side (TCP_MAX_UNACKED_SEGMENTS). */
const MAX_UNACKED_SEGMENTS = 10000;
const LOST_SEGMENT = analysisBit('lost_segment');

class Flow {
  /** Unacknowledged segments as [seq, next seq] pairs, in arrival order. */
  seqs: number[] = [];
  nexts: number[] = [];
  /** Bytes in flight can be counted (Wireshark's valid_bif; true until a segment goes missing). */
  validBif = true;
  /** The acknowledgement last applied to this flow's segments, and whether segments came since. */
  lastAck = -1;
  changed = false;

  add(seq: number, next: number): void {
    if (this.seqs.length >= MAX_UNACKED_SEGMENTS) return;
    this.seqs.push(seq);
    this.nexts.push(next);
    this.changed = true;
  }

  /** Applies an acknowledgement number; true when it acknowledges the exact end of a segment. */
  acknowledge(ack: number): boolean {
    // The same acknowledgement again changes nothing unless segments arrived since (duplicate ACKs).
    if (ack === this.lastAck && !this.changed) return false;
    this.lastAck = ack;
    this.changed = false;
    let matched = false;
    let kept = 0;
    for (let k = 0; k < this.seqs.length; k++) {
      const seq = this.seqs[k]!;
      const next = this.nexts[k]!;
      if (ack === next) {
        matched = true;
        continue;
      }
      if (seqGt(next, ack)) {
        // Partly acknowledged: what is left starts at the acknowledgement.
        this.seqs[kept] = seqGt(ack, seq) ? ack : seq;
        this.nexts[kept++] = next;
      }
      // Otherwise acknowledged earlier: dropped.
    }
    this.seqs.length = kept;
    this.nexts.length = kept;
    return matched;
  }
}

export class SeqAckScanner {
  private carriers = new Uint8Array(0);
  private cursor = 0;
  /** Per stream: [server side, client side]. */
  private flows: ([Flow, Flow] | undefined)[] = [];

  /** Scans packets up to `upTo` (in frame order, once each); the result covers [0, upTo). */
  advance(store: PacketStore, upTo: number): Uint8Array {
    if (upTo > this.carriers.length) {
      const grown = new Uint8Array(Math.max(upTo, 2 * this.carriers.length));
      grown.set(this.carriers);
      this.carriers = grown;
    }
    for (let i = this.cursor; i < upTo; i++) {
      const page = store.pages[i >>> PAGE_BITS]!;
      const j = i & (PAGE_SIZE - 1);
      const stream = page.stream[j]!;
      if (stream >= 0) this.carriers[i] = this.packet(stream, page.misc[j]! & MiscBit.FROM_CLIENT ? 1 : 0, page.tcpFlags[j]!,
        page.seqRaw[j]!, page.ackRaw[j]!, page.payloadLen[j]!, page.analysis[j]!) ? 1 : 0;
    }
    this.cursor = Math.max(this.cursor, upTo);
    return this.carriers;
  }

  private packet(stream: number, side: 0 | 1, flags: number, seq: number, ack: number, len: number, analysis: number): boolean {
    let f = this.flows[stream];
    if (!f) this.flows[stream] = f = [new Flow(), new Flow()];
    const own = f[side];
    const other = f[side ^ 1]!;
    if (flags & TcpFlag.ACK) other.validBif = true;
    if (analysis & LOST_SEGMENT) own.validBif = false;
    const synFin = flags & (TcpFlag.SYN | TcpFlag.FIN) ? 1 : 0;
    if (len > 0 || synFin) own.add(seq, (seq + len + synFin) >>> 0);
    // Wireshark applies the acknowledgement number whether or not the ACK flag is set.
    const acked = other.acknowledge(ack);
    return analysis !== 0 || acked || (len > 0 && own.validBif && own.seqs.length > 0);
  }
}
