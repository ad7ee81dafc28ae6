/**
 * What a compiled filter runs against: the packet store and the tracker's connections, plus
 * the per-connection numbers that many packets share, looked up once per connection.
 */
import type { PacketStore } from '../store/packet-store';
import type { StreamInfo } from '../tcp/stream-info';
import { seqBaseAt } from '../tcp/stream-info';
import { SeqAckScanner } from './seq-ack';

export interface FilterSource {
  readonly store: PacketStore;
  /** The tracker's view of connection `stream` (tcp.stream), undefined when there is none. */
  streamInfo(stream: number): StreamInfo | undefined;
}

/**
 * One scanner a store: which packets carry the SEQ/ACK analysis depends on the store alone, and
 * stores only grow, so every filter run over a store shares the packets already scanned.
 */
const scanners = new WeakMap<PacketStore, SeqAckScanner>();

/**
 * In the base cache, besides real bases (0 … 2^32 − 1): not looked up yet, no such connection,
 * and a direction whose base changed during the connection (looked up packet by packet).
 * Looking up every stream up to the highest in a slice costs nothing per packet afterwards.
 */
const NOT_LOOKED_UP = -2;
const UNKNOWN = -1;
export const CHANGING_BASE = -3;

export class Env {
  readonly store: PacketStore;
  /** Sequence-number base of each (stream, direction): index 2·stream + 1 for the client's side. */
  private bases = new Float64Array(0);

  constructor(readonly source: FilterSource) {
    this.store = source.store;
  }

  streamInfo(stream: number): StreamInfo | undefined {
    return this.source.streamInfo(stream);
  }

  /**
   * Bases of the sequence numbers each side of streams 0 … `top` sends (relative = raw − base
   * mod 2^32), at index 2·stream + 1 for the client's side and 2·stream for the server's: −1 for
   * an unknown connection, CHANGING_BASE where the base changed during the connection (ask
   * `seqBaseAt`).
   */
  seqBases(top: number): Float64Array {
    const size = 2 * top + 2;
    if (size > this.bases.length) {
      const grown = new Float64Array(Math.max(2 * this.bases.length, size, 64)).fill(NOT_LOOKED_UP);
      grown.set(this.bases);
      this.bases = grown;
    }
    const bases = this.bases;
    for (let k = 0; k < size; k++) {
      if (bases[k] !== NOT_LOOKED_UP) continue;
      const info = this.streamInfo(k >>> 1);
      bases[k] = !info ? UNKNOWN : info.baseChanges ? CHANGING_BASE : ((k & 1 ? info.clientBaseSeq : info.serverBaseSeq) >>> 0);
    }
    return bases;
  }

  /** The base one side of `stream` used at `frame`, for a connection whose base changed. */
  seqBaseAt(stream: number, clientSide: boolean, frame: number): number {
    // Wireshark re-based this direction at a SYN-ACK (rare): the base depends on the frame.
    return seqBaseAt(this.streamInfo(stream)!, clientSide, frame) >>> 0;
  }

  /** Which packets carry Wireshark's "SEQ/ACK analysis" tree, known for packets [0, upTo). */
  seqAck(upTo: number): Uint8Array {
    let scanner = scanners.get(this.store);
    if (!scanner) scanners.set(this.store, (scanner = new SeqAckScanner()));
    return scanner.advance(this.store, upTo);
  }

  /** Forgets what was looked up about connections (a live capture's connections change). */
  forgetStreams(): void {
    this.bases = new Float64Array(0);
  }
}
