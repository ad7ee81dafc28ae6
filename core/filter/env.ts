/**
 * What a compiled filter runs against: the packet store and the tracker's connections, plus
 * the per-connection numbers that many packets share, looked up once per connection.
 */
import type { PacketStore } from '../store/packet-store';
import type { StreamInfo } from '../tcp/stream-info';
import { SeqAckScanner } from './seq-ack';

export interface FilterSource {
  readonly store: PacketStore;
  /** The tracker's view of connection `stream` (tcp.stream), undefined when there is none. */
  streamInfo(stream: number): StreamInfo | undefined;
}

/** Not looked up yet / no such connection, in the base cache (real bases are 0 … 2^32 − 1). */
const NOT_LOOKED_UP = -2;
const UNKNOWN = -1;

export class Env {
  readonly store: PacketStore;
  /** Sequence-number base of each (stream, direction): index 2·stream + 1 for the client's side. */
  private bases = new Float64Array(0);
  private scanner: SeqAckScanner | null = null;

  constructor(readonly source: FilterSource) {
    this.store = source.store;
  }

  streamInfo(stream: number): StreamInfo | undefined {
    return this.source.streamInfo(stream);
  }

  /**
   * Base of the sequence numbers sent by one side of `stream` (relative = raw − base mod 2^32);
   * −1 when the connection is unknown.
   */
  seqBase(stream: number, clientSide: boolean): number {
    const k = 2 * stream + (clientSide ? 1 : 0);
    if (k >= this.bases.length) {
      const grown = new Float64Array(Math.max(2 * this.bases.length, k + 2, 64)).fill(NOT_LOOKED_UP);
      grown.set(this.bases);
      this.bases = grown;
    }
    let b = this.bases[k]!;
    if (b === NOT_LOOKED_UP) {
      const info = this.streamInfo(stream);
      b = info ? (clientSide ? info.clientBaseSeq : info.serverBaseSeq) >>> 0 : UNKNOWN;
      this.bases[k] = b;
    }
    return b;
  }

  /** Which packets carry Wireshark's "SEQ/ACK analysis" tree, known for packets [0, upTo). */
  seqAck(upTo: number): Uint8Array {
    this.scanner ??= new SeqAckScanner();
    return this.scanner.advance(this.store, upTo);
  }

  /** Forgets what was looked up about connections (a live capture's connections change). */
  forgetStreams(): void {
    this.bases = new Float64Array(0);
  }
}
