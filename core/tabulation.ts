/**
 * Simple tabulation hashing (Zobrist 1970; Pătraşcu and Thorup, "The power of simple tabulation
 * hashing", 2012): each byte of a key picks a random word from its position's table, and the
 * words are XORed. With tables drawn at random for each hash table, a capture cannot be built so
 * that its keys collide, and linear probing keeps short chains whatever the keys.
 *
 * The unkeyed FNV hashes this replaces could be made to collide from a file alone: every
 * connection from an address and port to itself hashed to 0 (20 k of them took 6 s, the time
 * growing with the square of their number), and FNV's structure gives any number of address
 * pairs one hash.
 */

/** Bytes of a 32-bit word. */
const BYTES = 4;
const ENTRIES = 256;

export class TabulationKey {
  /** Position p's entry for byte b is at (p << 8) | b. */
  readonly table: Int32Array;

  /**
   * @param positions the longest key, in bytes.
   * @param random where the entries come from: Math.random by default (seeded by V8 from the
   *   system's entropy, so unknown to whoever made the file); tests pass a seeded generator.
   */
  constructor(positions: number, random: () => number = Math.random) {
    this.table = new Int32Array(positions * ENTRIES);
    for (let p = 0; p < positions; p++) {
      // Byte 0 picks 0, so that a word of zeros adds nothing and can be skipped (IPv4 addresses in
      // four-word slots). Two keys still differ in some byte that picks a random entry.
      for (let b = 1; b < ENTRIES; b++) this.table[(p << 8) | b] = (random() * 2 ** 32) | 0;
    }
  }
}

/** Position `word * 4` onwards, the four bytes of `w` (an int32 in, an int32 out; 0 for 0). */
export function hashWord(t: Int32Array, word: number, w: number): number {
  const p = word << 10;
  return t[p | (w >>> 24)]! ^ t[p | 0x100 | ((w >>> 16) & 0xff)]! ^ t[p | 0x200 | ((w >>> 8) & 0xff)]! ^ t[p | 0x300 | (w & 0xff)]!;
}

/** The hash of words `key[0, width)`, an int32 (width at most the key's positions / 4). */
export function hashWords(key: TabulationKey, words: ArrayLike<number>, width: number): number {
  const t = key.table;
  let h = 0;
  for (let k = 0; k < width; k++) {
    const w = words[k]! | 0;
    if (w !== 0) h ^= hashWord(t, k, w);
  }
  return h;
}

/** A key long enough for `words` 32-bit words. */
export function wordsKey(words: number, random?: () => number): TabulationKey {
  return new TabulationKey(words * BYTES, random);
}
