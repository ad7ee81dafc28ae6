/**
 * Each connection's packets, as lists of store indices: built in one pass over the stream column
 * (counting sort), rebuilt only when the store has grown since.
 */
import type { PacketStore } from '../../core/store/packet-store';

export class StreamIndex {
  private builtFor = -1;
  private offsets = new Uint32Array(1);
  private indices = new Uint32Array(0);

  /** Store indices of `stream`'s packets, in frame order. */
  packetsOf(store: PacketStore, streams: number, stream: number): Uint32Array {
    if (this.builtFor !== store.length) this.build(store, streams);
    if (stream < 0 || stream >= streams) return new Uint32Array(0);
    return this.indices.subarray(this.offsets[stream]!, this.offsets[stream + 1]!);
  }

  private build(store: PacketStore, streams: number): void {
    const n = store.length;
    const offsets = new Uint32Array(streams + 1);
    for (let i = 0; i < n; i++) {
      const s = store.get('stream', i);
      if (s >= 0) offsets[s + 1]!++;
    }
    for (let s = 0; s < streams; s++) offsets[s + 1]! += offsets[s]!;
    const fill = offsets.slice(0, streams);
    const indices = new Uint32Array(offsets[streams]!);
    for (let i = 0; i < n; i++) {
      const s = store.get('stream', i);
      if (s >= 0) indices[fill[s]!++] = i;
    }
    this.offsets = offsets;
    this.indices = indices;
    this.builtFor = n;
  }
}
