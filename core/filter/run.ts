/**
 * Running a compiled filter over a packet store, in slices: the app runs it off the UI thread,
 * showing progress between slices, and a live capture extends it as packets arrive.
 */
import { PAGE_BITS, PAGE_SIZE } from '../store/packet-store';
import type { Bound, Slice } from './compiler';
import { bind } from './compiler';
import type { CompiledFilter } from './index';
import type { FilterSource } from './env';
import { Env } from './env';

/** Packets a slice evaluates by default: one store page, ~1 ms of work for typical filters. */
export const DEFAULT_SLICE = PAGE_SIZE;

export interface FilterProgress {
  /** Packets evaluated, of `total` in the store now. */
  done: number;
  total: number;
  matched: number;
}

export class FilterRun {
  private readonly env: Env;
  private readonly bound: Bound;
  private readonly buffer = new Uint8Array(PAGE_SIZE);
  private kept = new Uint8Array(0);
  private streams = new Uint8Array(0);
  /** Highest matching stream + 1. */
  private streamCount = 0;
  private done = 0;
  private matched = 0;

  constructor(readonly filter: CompiledFilter, readonly source: FilterSource) {
    this.env = new Env(source);
    this.bound = bind(filter.test, this.env);
  }

  /** Packets evaluated so far (from the first). */
  get evaluated(): number {
    return this.done;
  }

  get matchCount(): number {
    return this.matched;
  }

  /** Every packet now in the store has been evaluated (a live capture may add more later). */
  get finished(): boolean {
    return this.done >= this.source.store.length;
  }

  get progress(): FilterProgress {
    return { done: this.done, total: this.source.store.length, matched: this.matched };
  }

  /** Evaluates up to `budget` more packets; returns whether every packet in the store is done. */
  step(budget: number = DEFAULT_SLICE): boolean {
    const store = this.source.store;
    const end = Math.min(store.length, this.done + Math.max(1, budget));
    this.reserve(end);
    while (this.done < end) {
      const i0 = this.done;
      const j0 = i0 & (PAGE_SIZE - 1);
      // A slice never crosses a page: the columns it reads are one typed array each.
      const n = Math.min(end - i0, PAGE_SIZE - j0);
      const page = store.pages[i0 >>> PAGE_BITS]!;
      const slice: Slice = { env: this.env, page, j0, n, i0 };
      const out = this.buffer;
      this.bound.root.eval(slice, out);
      const stream = page.stream;
      for (let x = 0; x < n; x++) {
        if (!out[x]) continue;
        this.kept[i0 + x] = 1;
        this.matched++;
        const s = stream[j0 + x]!;
        if (s >= 0) this.markStream(s);
      }
      this.done = i0 + n;
    }
    return this.finished;
  }

  /** Evaluates every packet, reporting progress after each slice. */
  runToEnd(onProgress?: (p: FilterProgress) => void, budget: number = DEFAULT_SLICE): this {
    while (!this.step(budget)) onProgress?.(this.progress);
    onProgress?.(this.progress);
    return this;
  }

  /** One byte a packet (index = frame − 1), 1 when it matched; covers the packets evaluated. */
  get matches(): Uint8Array {
    return this.kept.subarray(0, this.done);
  }

  /** Indices (frame − 1) of the matching packets, in order. */
  indices(): Uint32Array {
    const out = new Uint32Array(this.matched);
    let k = 0;
    for (let i = 0; i < this.done; i++) if (this.kept[i]) out[k++] = i;
    return out;
  }

  /**
   * Connections with at least one matching packet (Wireshark's conversation table limited to the
   * display filter): one byte per tcp.stream.
   */
  get streamMatches(): Uint8Array {
    return this.streams.subarray(0, this.streamCount);
  }

  matchingStreams(): number[] {
    const out: number[] = [];
    for (let s = 0; s < this.streamCount; s++) if (this.streams[s]) out.push(s);
    return out;
  }

  /**
   * What the tracker says about connections changed (a live capture): answers worked out per
   * connection are worked out again for the packets evaluated from now on.
   */
  connectionsChanged(): void {
    this.env.forgetStreams();
    for (const t of this.bound.streamTables) t.reset();
  }

  private reserve(n: number): void {
    if (n <= this.kept.length) return;
    const grown = new Uint8Array(Math.max(n, 2 * this.kept.length));
    grown.set(this.kept);
    this.kept = grown;
  }

  private markStream(s: number): void {
    if (s >= this.streams.length) {
      const grown = new Uint8Array(Math.max(s + 1, 2 * this.streams.length, 64));
      grown.set(this.streams);
      this.streams = grown;
    }
    this.streams[s] = 1;
    if (s >= this.streamCount) this.streamCount = s + 1;
  }
}
