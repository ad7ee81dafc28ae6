/**
 * Views: which packets the list shows (all, a filter's matches, one connection's, or both) as an
 * index list that grows with the store and is built in slices, so that a filter over a million
 * packets never blocks the worker for long and reports progress as it goes.
 */
import type { ViewSpec } from '../../core/api';
import type { FilterRun } from '../../core/filter';
import type { PacketStore } from '../../core/store/packet-store';

/** Packets examined per slice before the worker looks at its message queue again (~a few ms). */
export const VIEW_SLICE = 1 << 17;

export class View {
  /** Matching packet indices; null for the view of every packet (no copy of the identity). */
  private indices: Uint32Array | null;
  private matched = 0;
  /** Store packets examined so far. */
  scanned = 0;
  /** Streams with at least one packet in the view. */
  readonly streams = new Set<number>();

  constructor(
    readonly id: number,
    readonly spec: ViewSpec,
    /** The display filter's run over the store; null when the view has no filter. */
    private readonly run: FilterRun | null,
  ) {
    this.indices = run === null && spec.stream === null ? null : new Uint32Array(1024);
  }

  get isAll(): boolean {
    return this.indices === null;
  }

  count(store: PacketStore): number {
    return this.indices === null ? store.length : this.matched;
  }

  /** Store index of the view's row `row`. */
  storeIndex(row: number): number {
    return this.indices === null ? row : this.indices[row]!;
  }

  /** Row of store index `i`, or of the first row after it; −1 when none. */
  rowOf(i: number, store: PacketStore): number {
    if (this.indices === null) return i < store.length ? i : -1;
    let lo = 0;
    let hi = this.matched;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.indices[mid]! < i) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.matched ? lo : -1;
  }

  /** Examines up to `budget` new packets; true when the view has caught up with the store. */
  extend(store: PacketStore, budget = VIEW_SLICE): boolean {
    if (this.indices === null) {
      this.scanned = store.length; // every packet is in it: nothing to examine
      return true;
    }
    let end = Math.min(store.length, this.scanned + budget);
    let kept: Uint8Array | null = null;
    if (this.run) {
      this.run.step(end - this.scanned);
      end = this.run.evaluated;
      kept = this.run.matches;
    }
    const stream = this.spec.stream;
    for (let i = this.scanned; i < end; i++) {
      if (kept !== null && !kept[i]) continue;
      const s = store.get('stream', i);
      if (stream !== null && s !== stream) continue;
      this.push(i);
      if (s >= 0) this.streams.add(s);
    }
    this.scanned = end;
    return end === store.length;
  }

  private push(i: number): void {
    const indices = this.indices!;
    if (this.matched === indices.length) {
      const grown = new Uint32Array(indices.length * 2);
      grown.set(indices);
      this.indices = grown;
    }
    this.indices![this.matched++] = i;
  }
}
