/**
 * Interns fixed-width tuples of 32-bit words (an address pair, a MAC pair) as dense ids 0, 1, 2…
 * Open addressing over typed arrays: no string keys and no objects per packet. The hash is keyed
 * (core/tabulation.ts), so that a capture cannot make its address pairs collide.
 */
import { hashWords, wordsKey, type TabulationKey } from '../tabulation';

const EMPTY = 0xffffffff;
/** Grow when more than this share of slots is taken, to keep probe chains short. */
const MAX_LOAD = 0.6;

export class TupleTable {
  private slots: Uint32Array;
  private words: Uint32Array;
  private count = 0;

  private readonly key: TabulationKey;

  /** @param key for tests: tables drawn from a seeded generator (by default, at random). */
  constructor(readonly width: number, initialCapacity = 1024, key: TabulationKey = wordsKey(width)) {
    this.key = key;
    let cap = 16;
    while (cap < initialCapacity * 2) cap *= 2;
    this.slots = new Uint32Array(cap).fill(EMPTY);
    this.words = new Uint32Array(initialCapacity * width);
  }

  get size(): number {
    return this.count;
  }

  /** The id of the tuple `key[0, width)`, adding it when new. */
  intern(key: ArrayLike<number>): number {
    const w = this.width;
    const mask = this.slots.length - 1;
    let i = hashWords(this.key, key, w) & mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === EMPTY) break;
      if (this.equals(id, key)) return id;
      i = (i + 1) & mask;
    }
    const id = this.count++;
    if ((id + 1) * w > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, (id + 1) * w));
      grown.set(this.words);
      this.words = grown;
    }
    for (let k = 0; k < w; k++) this.words[id * w + k] = key[k]! >>> 0;
    this.slots[i] = id;
    if (this.count > this.slots.length * MAX_LOAD) this.rehash();
    return id;
  }

  /** Word k of tuple `id`. */
  word(id: number, k: number): number {
    return this.words[id * this.width + k]!;
  }

  private equals(id: number, key: ArrayLike<number>): boolean {
    const base = id * this.width;
    for (let k = 0; k < this.width; k++) if (this.words[base + k] !== key[k]! >>> 0) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Uint32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    const key = new Uint32Array(this.width);
    for (let id = 0; id < this.count; id++) {
      for (let k = 0; k < this.width; k++) key[k] = this.words[id * this.width + k]!;
      let i = hashWords(this.key, key, this.width) & mask;
      while (slots[i] !== EMPTY) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.slots = slots;
  }
}
