import { describe, expect, it } from 'vitest';
import { prng } from '../../test/support/prng';
import { MemoryBlockFile } from './block-file';
import { ColdKeys } from './cold-keys';

/** What ColdKeys should say: every stream added under a hash, once. */
class Model {
  readonly byHash = new Map<number, Set<number>>();
  add(hash: number, stream: number): void {
    if (!this.byHash.has(hash)) this.byHash.set(hash, new Set());
    this.byHash.get(hash)!.add(stream);
  }
  streams(hash: number): number[] {
    return [...(this.byHash.get(hash) ?? [])].sort((a, b) => a - b);
  }
}

const foundStreams = (keys: ColdKeys, hash: number): number[] => {
  const n = keys.lookup(hash);
  return Array.from(keys.found.subarray(0, n)).sort((a, b) => a - b);
};

describe('the cold keys', () => {
  it('finds every stream added under a hash, across batches and bucket splits, and none that were not', () => {
    const random = prng(20261122);
    const blocks = new MemoryBlockFile();
    const keys = new ColdKeys(blocks, 1 << 12);
    const model = new Model();
    let stream = 0;
    // Few distinct hashes in places, so that some share one; int32 of either sign.
    const randomHash = () => (random() < 0.1 ? Math.floor(random() * 50) : Math.floor(random() * 2 ** 32) | 0);
    for (let batch = 0; batch < 40; batch++) {
      const n = 1 + Math.floor(random() * 2000);
      const hashes = new Int32Array(n);
      const streams = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        hashes[k] = randomHash();
        streams[k] = stream++;
        model.add(hashes[k]!, streams[k]!);
      }
      keys.addAll(hashes, streams, n);
      for (const [hash] of [...model.byHash].slice(-500)) expect(foundStreams(keys, hash)).toEqual(model.streams(hash));
    }
    let entries = 0;
    for (const [hash, set] of model.byHash) {
      entries += set.size;
      expect(foundStreams(keys, hash)).toEqual(model.streams(hash));
    }
    expect(keys.count).toBe(entries);
    // Split many times: more than the 16 buckets it starts with hold at 256 each.
    expect(blocks.size).toBeGreaterThan(64 * 4096);
    for (let k = 0; k < 2000; k++) {
      const hash = (Math.floor(random() * 2 ** 32) | 0);
      if (!model.byHash.has(hash)) expect(keys.lookup(hash)).toBe(0);
    }
  });

  it('keeps the streams of a hash shared by more keys than a bucket holds', () => {
    const keys = new ColdKeys(new MemoryBlockFile(), 1 << 10);
    const n = 1500;
    keys.addAll(new Int32Array(n).fill(-7), Int32Array.from({ length: n }, (_, k) => k), n);
    keys.addAll(new Int32Array(2).fill(-7), Int32Array.from([1500, 1501]), 2);
    expect(keys.count).toBe(n + 2);
    expect(foundStreams(keys, -7)).toEqual(Array.from({ length: n + 2 }, (_, k) => k));
  });

  it('reads nothing back for a hash its filter has never seen', () => {
    let reads = 0;
    const blocks = new MemoryBlockFile();
    const read = blocks.read.bind(blocks);
    blocks.read = (offset, into, length) => {
      reads++;
      read(offset, into, length);
    };
    const keys = new ColdKeys(blocks);
    expect(keys.lookup(12345)).toBe(0);
    keys.addAll(Int32Array.from([1, 2, 3]), Int32Array.from([10, 20, 30]), 3);
    reads = 0;
    let misses = 0;
    for (let h = 1000; h < 2000; h++) misses += keys.lookup(h) === 0 ? 1 : 0;
    expect(misses).toBe(1000);
    // With 2^26 bits and three keys, a false positive among a thousand would be a broken filter.
    expect(reads).toBe(0);
    expect(foundStreams(keys, 2)).toEqual([20]);
    expect(reads).toBe(1);
  });

  it('says which bucket is damaged rather than reading nonsense', () => {
    const blocks = new MemoryBlockFile();
    const keys = new ColdKeys(blocks, 1 << 10);
    keys.addAll(Int32Array.from([4]), Int32Array.from([1]), 1);
    blocks.write(4 * 4096, Uint8Array.from([0xff, 0xff, 0, 0]), 4);
    expect(() => keys.lookup(4)).toThrow('cold key bucket 4 is damaged (it says 65535 entries)');
  });

  it('refuses a filter size that is not a power of two', () => {
    expect(() => new ColdKeys(new MemoryBlockFile(), 1000)).toThrow(RangeError);
  });
});
