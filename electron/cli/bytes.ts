/**
 * Writing JSON text as bytes straight into the output's buffer (output.ts), for the CLI's
 * `--json` writers: a string per line or per connection, then its UTF-8 encoding, cost more than
 * the bytes themselves. The writes go to a plain Uint8Array and a DataView over the buffer, and
 * the digits two at a time as 16-bit stores.
 */
import type { Output } from './output';

const NINE_DIGITS = 1_000_000_000;

/** "00" … "99" as little-endian 16-bit words, tens digit first in memory. */
const DIGIT_PAIRS = Uint16Array.from({ length: 100 }, (_, i) => (48 + Math.floor(i / 10)) | ((48 + (i % 10)) << 8));

/** The output's buffer, as views for the writes; `begin` makes room and gives the position. */
export class OutputView {
  u8: Uint8Array;
  dv: DataView;
  private buf: Buffer;

  constructor(readonly out: Output) {
    this.buf = out.buf;
    this.u8 = new Uint8Array(out.buf.buffer, out.buf.byteOffset, out.buf.length);
    this.dv = new DataView(out.buf.buffer, out.buf.byteOffset, out.buf.length);
  }

  /** Room for `maxBytes` at the output's position, which it returns; the writer ends by setting `out.pos`. */
  begin(maxBytes: number): number {
    const out = this.out;
    out.reserve(maxBytes);
    if (out.buf !== this.buf) {
      const buf = (this.buf = out.buf);
      this.u8 = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
      this.dv = new DataView(buf.buffer, buf.byteOffset, buf.length);
    }
    return out.pos;
  }

  /** A number as `${n}` prints it: digits for a whole number in uint32 range, String(n) otherwise. */
  num(p: number, n: number): number {
    if (n >>> 0 === n) return uint32(this.dv, this.u8, p, n >>> 0);
    return ascii(this.u8, p, String(n));
  }

  /** `${sec}.${String(nsec).padStart(9, '0')}`: all nine digits of the nanoseconds. */
  time(p: number, sec: number, ns: number): number {
    return this.nanoseconds(this.num(p, sec), ns);
  }

  /** The `.${String(ns).padStart(9, '0')}` that ends a time. */
  nanoseconds(p: number, ns: number): number {
    if (ns >>> 0 !== ns || ns >= NINE_DIGITS) return ascii(this.u8, p, `.${String(ns).padStart(9, '0')}`);
    const u8 = this.u8;
    const dv = this.dv;
    u8[p] = 46; // '.'
    // One digit, then two groups of four (see uint32), zeros included as padStart gives them.
    const hi = Math.floor(ns * 0.0001);
    const top = Math.floor(hi * 0.0001);
    u8[p + 1] = 48 + top;
    four(dv, p + 2, hi - top * 10_000);
    four(dv, p + 6, ns - hi * 10_000);
    return p + 10;
  }

  /**
   * String(x) for a finite number, without String() for the two kinds of times the CLI prints
   * (String of a double, which searches for its shortest digits, cost more than everything else
   * in a `flows --json` connection):
   * - a whole number of nanoseconds in seconds (N / 1e9, 1000 ≤ N < 10^15: a duration, an RTT).
   *   The decimal N·10^-9 is read back as x, and no other decimal of 15 digits or fewer is, so
   *   it is the shortest, and String() prints it in full (x ≥ 1e-6: no exponent);
   * - an epoch time in [2^30, 2^31) seconds (2004 to 2038), a multiple of 2^-22: the shortest
   *   fraction is found with whole-number arithmetic, exact in doubles at this size.
   * Anything else, and the rare tie between two equally close shortest fractions, goes to String().
   */
  seconds(p: number, x: number): number {
    if (x >>> 0 === x) return this.num(p, x);
    const ns = Math.round(x * 1e9);
    if (ns / 1e9 === x && ns >= 1000 && ns < 1e15) {
      const sec = Math.floor(ns / 1e9);
      return this.fraction(this.num(p, sec), ns - sec * 1e9, 9);
    }
    if (x >= 1_073_741_824 && x < 2_147_483_648) {
      const sec = Math.floor(x);
      // x = sec + f / 2^22; a fraction E / 10^k is read back as x when |E / 10^k − f / 2^22| < 2^-23,
      // that is |E · 2^23 − 2 f · 10^k| < 10^k: all below 2^53 for k ≤ 7 (and k = 7 always fits).
      const f = (x - sec) * 4_194_304;
      for (let k = 0, scale = 1; k <= 7; k++, scale *= 10) {
        const twice = 2 * f * scale;
        const e = Math.floor((twice + 4_194_304) / 8_388_608);
        if (Math.abs(e * 8_388_608 - twice) < scale) {
          if (e * 8_388_608 - twice === -4_194_304 || e * 8_388_608 - twice === 4_194_304) break; // a tie: see above
          if (e === scale) return this.num(p, sec + 1);
          return k === 0 ? this.num(p, sec) : this.fraction(this.num(p, sec), e, k);
        }
      }
    }
    return ascii(this.u8, p, String(x));
  }

  /** '.' and the `digits` digits of `n` (< 10^digits), without the trailing zeros; n > 0. */
  private fraction(p: number, n: number, digits: number): number {
    while (n % 10 === 0) {
      n /= 10;
      digits--;
    }
    const u8 = this.u8;
    u8[p] = 46; // '.'
    for (let i = digits; i > 0; i--) {
      const q = Math.floor(n * 0.1);
      u8[p + i] = 48 + n - q * 10;
      n = q;
    }
    return p + 1 + digits;
  }

  /** JSON.stringify(s): quoted as it stands when nothing in it needs escaping (the usual case), else encoded. */
  string(p: number, s: string): number {
    const u8 = this.u8;
    u8[p] = 34;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c === 34 || c === 92 || c > 126) return p + Buffer.from(this.u8.buffer, this.u8.byteOffset).write(JSON.stringify(s), p, 'utf8');
      u8[p + 1 + i] = c;
    }
    u8[p + 1 + s.length] = 34;
    return p + 2 + s.length;
  }

  /** Text known to be ASCII (keys, String(number)). */
  ascii(p: number, s: string): number {
    return ascii(this.u8, p, s);
  }

  bytes(p: number, b: Uint8Array): number {
    this.u8.set(b, p);
    return p + b.length;
  }
}

/** As a plain Uint8Array (a view, not a copy): the copies into the output then see one kind of array. */
export function utf8(s: string): Uint8Array {
  const b = Buffer.from(s, 'utf8');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * The digits of a uint32 at `p`, left to right; returns the position after them. Numbers of five
 * digits or more are their last four digits (always four) after the digits of the rest, so no
 * digit count is needed and short numbers take few branches. Two digits per 16-bit store; below
 * 43 699, n / 100 is (n * 5243) >>> 19 exactly, and above, floor(n * 0.0001) is exact below 2^32
 * (0.0001 as a double errs by under 1e-16 relatively, far less than the 0.0001 that separates
 * n / 10^4 from the next whole number).
 */
export function uint32(dv: DataView, u8: Uint8Array, p: number, n: number): number {
  if (n < 10_000) return upTo4(dv, u8, p, n);
  const hi = Math.floor(n * 0.0001);
  const lo = n - hi * 10_000;
  if (hi < 10_000) p = upTo4(dv, u8, p, hi);
  else {
    const top = Math.floor(hi * 0.0001);
    p = four(dv, upTo4(dv, u8, p, top), hi - top * 10_000);
  }
  return four(dv, p, lo);
}

/** 1 to 4 digits: n < 10^4. */
function upTo4(dv: DataView, u8: Uint8Array, p: number, n: number): number {
  if (n < 100) {
    if (n < 10) {
      u8[p] = 48 + n;
      return p + 1;
    }
    dv.setUint16(p, DIGIT_PAIRS[n]!, true);
    return p + 2;
  }
  const hi = (n * 5243) >>> 19;
  const lo = n - hi * 100;
  if (hi < 10) {
    u8[p] = 48 + hi;
    dv.setUint16(p + 1, DIGIT_PAIRS[lo]!, true);
    return p + 3;
  }
  dv.setUint16(p, DIGIT_PAIRS[hi]!, true);
  dv.setUint16(p + 2, DIGIT_PAIRS[lo]!, true);
  return p + 4;
}

/** Exactly 4 digits, leading zeros included: n < 10^4. */
function four(dv: DataView, p: number, n: number): number {
  const hi = (n * 5243) >>> 19;
  dv.setUint16(p, DIGIT_PAIRS[hi]!, true);
  dv.setUint16(p + 2, DIGIT_PAIRS[n - hi * 100]!, true);
  return p + 4;
}

/** A string of ASCII characters at `p`; returns the position after it. */
export function ascii(u8: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) u8[p++] = s.charCodeAt(i);
  return p;
}

/**
 * Its length, then its bytes as little-endian 32-bit words (the last padded), for copyWords: a
 * piece of 20-odd bytes as five or six word stores costs about half of TypedArray#set's fixed
 * cost (25 vs 50 ns in a micro-benchmark).
 */
export function pieceWords(b: Uint8Array): Int32Array {
  const w = new Int32Array(1 + ((b.length + 3) >> 2));
  w[0] = b.length;
  new Uint8Array(w.buffer, 4).set(b);
  return w;
}

/** A piece made by pieceWords at `p`, a word at a time (up to 3 bytes past it: reserve them); returns the position after it. */
export function copyWords(dv: DataView, p: number, w: Int32Array): number {
  // The target position stepped rather than computed from i: no multiply and overflow checks a word.
  const n = w.length;
  for (let i = 1, q = p; i < n; i++, q += 4) dv.setInt32(q, w[i]!, true);
  return p + w[0]!;
}

/**
 * Pieces laid out as pieceWords does, each in a fixed room of one table, rewritten in place: for
 * pieces that change by the million (an endpoint's, once per connection), where an array per
 * piece would be garbage for the collector, most of it after it has been kept a while.
 */
export class PieceTable {
  readonly words: Int32Array;
  private readonly bytes: Uint8Array;

  /** `count` rooms of `roomBytes` bytes (a multiple of 4) each. */
  constructor(count: number, private readonly roomBytes: number) {
    this.words = new Int32Array(count * (1 + roomBytes / 4));
    this.bytes = new Uint8Array(this.words.buffer);
  }

  /** Room `k` now holds `s`; returns where its length word is in `words`, for copyWordsAt. */
  set(k: number, s: string): number {
    const at = k * (1 + this.roomBytes / 4);
    const room = this.bytes.subarray(4 * at + 4, 4 * at + 4 + this.roomBytes);
    const { read, written } = PIECE_ENCODER.encodeInto(s, room);
    if (read !== s.length) throw new RangeError(`a piece of ${s.length} characters does not fit in ${this.roomBytes} bytes`);
    this.words[at] = written;
    return at;
  }
}
const PIECE_ENCODER = new TextEncoder();

/** The piece of a PieceTable whose length word is `words[at]`, at `p` (as copyWords); returns the position after it. */
export function copyWordsAt(dv: DataView, p: number, words: Int32Array, at: number): number {
  const length = words[at]!;
  const end = at + 1 + ((length + 3) >> 2);
  for (let i = at + 1, q = p; i < end; i++, q += 4) dv.setInt32(q, words[i]!, true);
  return p + length;
}
