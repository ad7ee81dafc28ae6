import { describe, expect, it } from 'vitest';
import { prng } from '../test/support/prng';
import { hashWord, hashWords, wordsKey } from './tabulation';

describe('tabulation hashing', () => {
  const key = wordsKey(9, prng(7));

  it('skips zero words without changing the hash: a zero word picks zeros', () => {
    const words = [0x0a000001, 0, 0, 0, 0xc0a80001, 0, 0, 0, 0x1f900050];
    let all = 0;
    for (let k = 0; k < words.length; k++) all ^= hashWord(key.table, k, words[k]!);
    expect(hashWords(key, words, 9)).toBe(all);
    expect(hashWord(key.table, 3, 0)).toBe(0);
    expect(all).not.toBe(0);
  });

  it('tells apart the keys that FNV-1a gives one hash whatever its basis (top bits flipped in pairs of words)', () => {
    // FNV-1a multiplies by an odd number after each word: a flipped top bit stays the only
    // difference until a second flip cancels it. Every even set of flips among 9 words: 256 keys.
    const base = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const hashes = new Set<number>();
    let keys = 0;
    for (let mask = 0; mask < 512; mask++) {
      let bits = 0;
      for (let m = mask; m !== 0; m >>= 1) bits += m & 1;
      if (bits % 2 !== 0) continue;
      keys++;
      hashes.add(hashWords(key, base.map((w, k) => (mask & (1 << k) ? w ^ 0x80000000 : w)), 9));
    }
    expect(keys).toBe(256);
    expect(hashes.size).toBe(256);
  });

  it('spreads consecutive keys evenly over the low bits a table takes', () => {
    const buckets = new Int32Array(1024);
    for (let i = 0; i < 65_536; i++) buckets[hashWords(key, [0x0a000000 + i, 0x0a000001, 443], 3) & 1023]!++;
    // 64 a bucket on average; a random function puts the fullest near 90.
    expect(Math.max(...buckets)).toBeLessThan(110);
    expect(Math.min(...buckets)).toBeGreaterThan(25);
  });

  it('draws its tables from the generator it is given', () => {
    const words = [0x0a000001, 0x0a000002, 80];
    expect(hashWords(wordsKey(3, prng(1)), words, 3)).toBe(hashWords(wordsKey(3, prng(1)), words, 3));
    expect(hashWords(wordsKey(3, prng(1)), words, 3)).not.toBe(hashWords(wordsKey(3, prng(2)), words, 3));
  });
});
