/**
 * The connection table's entries for connections moved out of memory, moved out of memory too:
 * (4-tuple hash, stream) pairs in a hash table of fixed-size buckets in a BlockFile, behind a
 * filter of fixed size in memory. The table in memory then holds only a bounded number of
 * entries, however many connections the capture has (a SYN flood has one per packet), and a
 * packet of a new connection, the common case in a flood, is turned away by the filter without
 * reading anything back.
 *
 * Entries are added in batches (the table moves its cold entries here when it is full), so that
 * each bucket is read and written once per batch. A bucket is the hash's low bits; when the
 * buckets are half full on average they split in place, bucket b into b and b + the old count,
 * as in linear hashing, with no second file.
 */
import type { BlockFile } from './block-file';

const BUCKET_BYTES = 4096;
/** Word 0 counts the bucket's entries, word 1 is unused; then (hash, stream) pairs. */
const HEADER_WORDS = 2;
const BUCKET_CAPACITY = (BUCKET_BYTES / 4 - HEADER_WORDS) / 2;
/** Entries per bucket, on average, past which the buckets split: half full. */
const SPLIT_AT = 256;
const INITIAL_BUCKETS = 16;
/** Bits a key sets in the filter: with 2^26 of them, 5 M keys give 0.8% false positives. */
const FILTER_PROBES = 3;
export const DEFAULT_FILTER_BITS = 1 << 26;

export class ColdKeys {
  /** Entries stored. */
  count = 0;
  /** Streams stored under the hash of the last `lookup`, `foundCount` of them, in no order. */
  found = new Int32Array(16);
  foundCount = 0;
  private buckets = INITIAL_BUCKETS;
  private filter: Int32Array | null = null;
  private readonly filterMask: number;
  /**
   * Entries that did not fit their bucket. Hashes are spread well enough that a bucket fills only
   * when many keys share a hash, which takes a capture made to collide; correct, if not bounded.
   */
  private readonly overflow = new Map<number, number[]>();
  /** Scratch of addAll: the batch's entries by bucket (kept, as the batches are large and alike). */
  private order = new Int32Array(0);
  /**
   * Scratch of addAll: where each bucket's entries start in `order`, and where the next goes. Kept
   * too: made anew for every batch, they were two arrays of 4 bytes a bucket (hundreds of KB each
   * with millions of connections) left for the collector to free.
   */
  private starts = new Int32Array(0);
  private next = new Int32Array(0);
  private readonly bucket = new Int32Array(BUCKET_BYTES / 4);
  private readonly bucketBytes = new Uint8Array(this.bucket.buffer);
  private readonly upper = new Int32Array(BUCKET_BYTES / 4);
  private readonly upperBytes = new Uint8Array(this.upper.buffer);

  constructor(private readonly blocks: BlockFile, filterBits: number = DEFAULT_FILTER_BITS) {
    if (!(filterBits >= 32 && (filterBits & (filterBits - 1)) === 0)) throw new RangeError('filterBits: a power of two, at least 32');
    this.filterMask = filterBits - 1;
  }

  /** Stores (hashes[k], streams[k]) for k < n: entries not stored before (they are not looked for). */
  addAll(hashes: Int32Array, streams: Int32Array, n: number): void {
    if (n === 0) return;
    const filter = (this.filter ??= new Int32Array((this.filterMask + 1) / 32));
    for (let k = 0; k < n; k++) {
      let h = mixForFilter(hashes[k]!);
      const step = stepForFilter(h);
      for (let p = 0; p < FILTER_PROBES; p++, h = (h + step) | 0) {
        const bit = h & this.filterMask;
        filter[bit >>> 5]! |= 1 << (bit & 31);
      }
    }
    while (this.count + n > this.buckets * SPLIT_AT) this.split();
    // By bucket (a counting sort), so that each is read and written once.
    const mask = this.buckets - 1;
    if (this.starts.length < this.buckets + 1) {
      this.starts = new Int32Array(this.buckets + 1);
      this.next = new Int32Array(this.buckets);
    }
    const starts = this.starts.fill(0, 0, this.buckets + 1);
    for (let k = 0; k < n; k++) starts[(hashes[k]! & mask) + 1]!++;
    for (let b = 0; b < this.buckets; b++) starts[b + 1]! += starts[b]!;
    if (this.order.length < n) this.order = new Int32Array(n);
    const order = this.order;
    const next = this.next;
    next.set(starts.subarray(0, this.buckets));
    for (let k = 0; k < n; k++) order[next[hashes[k]! & mask]!++] = k;
    for (let b = 0; b < this.buckets; b++) {
      const from = starts[b]!;
      const to = starts[b + 1]!;
      if (from === to) continue;
      this.readBucket(b, this.bucket, this.bucketBytes);
      for (let k = from; k < to; k++) this.store(hashes[order[k]!]!, streams[order[k]!]!);
      this.writeBucket(b, this.bucket, this.bucketBytes);
    }
  }

  /** Gathers into `found` the streams stored under `hash`; returns how many. */
  lookup(hash: number): number {
    this.foundCount = 0;
    if (!this.mayHold(hash)) return 0;
    const words = this.bucket;
    this.readBucket(hash & (this.buckets - 1), words, this.bucketBytes);
    const end = HEADER_WORDS + 2 * words[0]!;
    for (let w = HEADER_WORDS; w < end; w += 2) if (words[w] === hash) this.keep(words[w + 1]!);
    for (const s of this.overflow.get(hash) ?? []) this.keep(s);
    return this.foundCount;
  }

  close(): void {
    this.blocks.close();
  }

  /** False when no entry has `hash`; true when one may (the filter's false positives). */
  private mayHold(hash: number): boolean {
    const filter = this.filter;
    if (filter === null) return false;
    let h = mixForFilter(hash);
    const step = stepForFilter(h);
    for (let p = 0; p < FILTER_PROBES; p++, h = (h + step) | 0) {
      const bit = h & this.filterMask;
      if ((filter[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  /** Adds one entry to the bucket in `this.bucket`. */
  private store(hash: number, stream: number): void {
    const words = this.bucket;
    const n = words[0]!;
    if (n < BUCKET_CAPACITY) {
      const end = HEADER_WORDS + 2 * n;
      words[end] = hash;
      words[end + 1] = stream;
      words[0] = n + 1;
    } else {
      const spilled = this.overflow.get(hash);
      if (spilled === undefined) this.overflow.set(hash, [stream]);
      else spilled.push(stream);
    }
    this.count++;
  }

  /** Twice the buckets: each bucket's entries whose next hash bit is set move to its new twin. */
  private split(): void {
    const half = this.buckets;
    for (let b = 0; b < half; b++) {
      this.readBucket(b, this.bucket, this.bucketBytes);
      const words = this.bucket;
      const upper = this.upper;
      const end = HEADER_WORDS + 2 * words[0]!;
      let low = HEADER_WORDS;
      let high = HEADER_WORDS;
      for (let w = HEADER_WORDS; w < end; w += 2) {
        if (words[w]! & half) {
          upper[high++] = words[w]!;
          upper[high++] = words[w + 1]!;
        } else {
          words[low++] = words[w]!;
          words[low++] = words[w + 1]!;
        }
      }
      words[0] = (low - HEADER_WORDS) / 2;
      upper[0] = (high - HEADER_WORDS) / 2;
      this.writeBucket(b, words, this.bucketBytes);
      this.writeBucket(b + half, upper, this.upperBytes);
    }
    this.buckets = half * 2;
  }

  private keep(stream: number): void {
    if (this.foundCount === this.found.length) {
      const more = new Int32Array(this.found.length * 2);
      more.set(this.found);
      this.found = more;
    }
    this.found[this.foundCount++] = stream;
  }

  private readBucket(b: number, words: Int32Array, bytes: Uint8Array): void {
    this.blocks.read(b * BUCKET_BYTES, bytes, BUCKET_BYTES);
    // A bucket never written reads as zeros: no entries. Anything else out of range is damage.
    if (!(words[0]! >= 0 && words[0]! <= BUCKET_CAPACITY)) throw new Error(`cold key bucket ${b} is damaged (it says ${words[0]} entries)`);
  }

  /** Writes the bucket's header and entries (what lies after them is never read). */
  private writeBucket(b: number, words: Int32Array, bytes: Uint8Array): void {
    this.blocks.write(b * BUCKET_BYTES, bytes, 4 * (HEADER_WORDS + 2 * words[0]!));
  }
}

function mixForFilter(hash: number): number {
  const h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return Math.imul(h ^ (h >>> 13), 0xc2b2ae35) ^ (h >>> 16);
}

/** Odd, so that the probes differ. */
function stepForFilter(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) | 1;
}
