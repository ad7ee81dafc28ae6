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
 */
const NOT_LOOKED_UP = -2;
const UNKNOWN = -1;
const CHANGES = -3;

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
   * Base of the sequence numbers sent by one side of `stream` (relative = raw − base mod 2^32) as
   * frame `frame` was shown; −1 when the connection is unknown.
   */
  seqBase(stream: number, clientSide: boolean, frame: number): number {
    const k = 2 * stream + (clientSide ? 1 : 0);
    if (k >= this.bases.length) {
      const grown = new Float64Array(Math.max(2 * this.bases.length, k + 2, 64)).fill(NOT_LOOKED_UP);
      grown.set(this.bases);
      this.bases = grown;
    }
    let b = this.bases[k]!;
    if (b === NOT_LOOKED_UP) {
      const info = this.streamInfo(stream);
      b = !info ? UNKNOWN : info.baseChanges ? CHANGES : (clientSide ? info.clientBaseSeq : info.serverBaseSeq) >>> 0;
      this.bases[k] = b;
    }
    // Wireshark re-based this direction at a SYN-ACK (rare): the base depends on the frame.
    if (b === CHANGES) return seqBaseAt(this.streamInfo(stream)!, clientSide, frame) >>> 0;
    return b;
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
