/**
 * 64-bit timestamp arithmetic without BigInt and without float rounding.
 *
 * pcapng timestamps are 64-bit tick counts (two 32-bit halves) in units of 10^-n or 2^-n seconds.
 * A double holds integers exactly only up to 2^53, so ticks are split into 16-bit digits, where
 * every intermediate product stays below 2^53. The common resolutions (10^-6, 10^-9) take a fast
 * path of three exact divisions; the others go through the digit routines, still allocation-free.
 */

const DIGIT = 0x10000;
const NS_PER_SEC = 1_000_000_000;
/** 10^9 is the largest power of ten below 2^32: the widest divisor the 16-bit digit division takes. */
const MAX_DEC_STEP = 9;
/** tshark refuses larger exponents (pcapng.c: "power-of-2 ... > 63", "power-of-10 ... > 19"). */
export const MAX_TSRESOL_BIN = 63;
export const MAX_TSRESOL_DEC = 19;
/** Digits of scratch: the widest value is seconds (< 2^53) × 10^19 or × 2^63, under 2^117. */
const SCRATCH_DIGITS = 12;

/** An unsigned integer of up to SCRATCH_DIGITS × 16 bits, little-endian digits, reused in place. */
class Digits {
  readonly d = new Float64Array(SCRATCH_DIGITS);

  setHiLo(hi: number, lo: number): void {
    const d = this.d;
    d.fill(0);
    d[0] = lo & 0xffff;
    d[1] = lo >>> 16;
    d[2] = hi & 0xffff;
    d[3] = hi >>> 16;
  }

  /** Loads a non-negative integer ≤ 2^53. */
  setNumber(n: number): void {
    const d = this.d;
    d.fill(0);
    for (let i = 0; n > 0 && i < SCRATCH_DIGITS; i++) {
      const q = Math.floor(n / DIGIT);
      d[i] = n - q * DIGIT;
      n = q;
    }
  }

  /** Divides in place by m (1 ≤ m < 2^32); returns the remainder. */
  divSmall(m: number): number {
    const d = this.d;
    let r = 0;
    for (let i = SCRATCH_DIGITS - 1; i >= 0; i--) {
      const x = r * DIGIT + d[i]!; // < m·2^16 ≤ 2^48: exact
      let q = Math.floor(x / m);
      r = x - q * m;
      if (r < 0) { q--; r += m; } else if (r >= m) { q++; r -= m; }
      d[i] = q;
    }
    return r;
  }

  /** Multiplies in place by m (0 ≤ m < 2^32). Callers keep values far below the scratch width. */
  mulSmall(m: number): void {
    const d = this.d;
    let carry = 0;
    for (let i = 0; i < SCRATCH_DIGITS; i++) {
      const t = d[i]! * m + carry; // < 2^48 + 2^48: exact
      carry = Math.floor(t / DIGIT);
      d[i] = t - carry * DIGIT;
    }
  }

  /** Adds m (0 ≤ m < 2^32). */
  addSmall(m: number): void {
    const d = this.d;
    let carry = m;
    for (let i = 0; i < SCRATCH_DIGITS && carry > 0; i++) {
      const t = d[i]! + carry;
      carry = Math.floor(t / DIGIT);
      d[i] = t - carry * DIGIT;
    }
  }

  add(other: Digits): void {
    const d = this.d;
    let carry = 0;
    for (let i = 0; i < SCRATCH_DIGITS; i++) {
      const t = d[i]! + other.d[i]! + carry;
      carry = t >= DIGIT ? 1 : 0;
      d[i] = t - carry * DIGIT;
    }
  }

  /** Shifts right by n bits (floor division by 2^n). */
  shiftRight(n: number): void {
    const d = this.d;
    const k = Math.floor(n / 16);
    const s = n % 16;
    for (let i = 0; i < SCRATCH_DIGITS; i++) {
      const lo = i + k < SCRATCH_DIGITS ? d[i + k]! : 0;
      const hi = i + k + 1 < SCRATCH_DIGITS ? d[i + k + 1]! : 0;
      d[i] = Math.floor((lo + hi * DIGIT) / 2 ** s) % DIGIT;
    }
  }

  /** Shifts left by n bits (callers keep values far below the scratch width). */
  shiftLeft(n: number): void {
    const d = this.d;
    const k = Math.floor(n / 16);
    const s = n % 16;
    for (let i = SCRATCH_DIGITS - 1; i >= 0; i--) {
      const cur = i - k >= 0 ? d[i - k]! : 0;
      const below = i - k - 1 >= 0 ? d[i - k - 1]! : 0;
      d[i] = ((cur * 2 ** s) % DIGIT) + Math.floor((below * 2 ** s) / DIGIT);
    }
  }

  /** Keeps the low n bits (the value modulo 2^n). */
  maskLow(n: number): void {
    const d = this.d;
    for (let i = 0; i < SCRATCH_DIGITS; i++) {
      const bit = i * 16;
      if (bit >= n) d[i] = 0;
      else if (bit + 16 > n) d[i] = d[i]! % 2 ** (n - bit);
    }
  }

  /** The value as a number (exact when below 2^53). */
  toNumber(): number {
    const d = this.d;
    let n = 0;
    for (let i = SCRATCH_DIGITS - 1; i >= 0; i--) n = n * DIGIT + d[i]!;
    return n;
  }

  /** True when the value needs more than 64 bits. */
  exceeds64(): boolean {
    for (let i = 4; i < SCRATCH_DIGITS; i++) if (this.d[i] !== 0) return true;
    return false;
  }

  hi(): number {
    return this.d[2]! + this.d[3]! * DIGIT;
  }

  lo(): number {
    return this.d[0]! + this.d[1]! * DIGIT;
  }
}

/** A timestamp resolution: pcapng if_tsresol (high bit set → 2^-n, else 10^-n). */
export interface TsResolution {
  base: 2 | 10;
  exponent: number;
}

export const MICROSECONDS: TsResolution = { base: 10, exponent: 6 };
export const NANOSECONDS: TsResolution = { base: 10, exponent: 9 };

/** Decodes the if_tsresol option byte; null when tshark would refuse the exponent. */
export function decodeTsresol(byte: number): TsResolution | null {
  const exponent = byte & 0x7f;
  if (byte & 0x80) return exponent > MAX_TSRESOL_BIN ? null : { base: 2, exponent };
  return exponent > MAX_TSRESOL_DEC ? null : { base: 10, exponent };
}

export function encodeTsresol(r: TsResolution): number {
  return r.base === 2 ? 0x80 | r.exponent : r.exponent;
}

export const unitsPerSecond = (r: TsResolution): number => r.base ** r.exponent;

/**
 * Converts tick counts of one resolution to seconds + nanoseconds (nanoseconds truncated, as
 * tshark does). One converter per interface; `sec`/`nsec` are overwritten by each call.
 */
export class TickConverter {
  sec = 0;
  nsec = 0;
  /** 10^n when n ≤ 9 (the fast path), else 0. */
  private readonly fastUnits: number;
  private readonly nsPerTick: number;
  private readonly inverse: number;
  /** The last high half seen, and (high half · 2^32) / units as seconds and remaining ticks. */
  private lastHi = -1;
  private highSec = 0;
  private highRem = 0;
  private readonly scratch = new Digits();
  private readonly product = new Digits();

  constructor(readonly resolution: TsResolution) {
    const fast = resolution.base === 10 && resolution.exponent <= MAX_DEC_STEP;
    this.fastUnits = fast ? 10 ** resolution.exponent : 0;
    this.nsPerTick = fast ? 10 ** (MAX_DEC_STEP - resolution.exponent) : 0;
    this.inverse = fast ? 1 / this.fastUnits : 0;
  }

  convert(hi: number, lo: number): void {
    const u = this.fastUnits;
    if (u !== 0) {
      // ticks / u = (hi·2^32) / u + lo / u. The first term changes only when `hi` does (every
      // 71 minutes of µs ticks, 4.3 s of ns ticks), so it is worked out then and kept.
      if (hi !== this.lastHi) this.splitHigh(hi);
      const x = this.highRem + lo; // < u + 2^32: exact
      let q = (x * this.inverse) >>> 0; // x / u < 2^32 + 1, and truncation is floor for x ≥ 0
      let r = x - q * u;
      if (r < 0) { q--; r += u; } else if (r >= u) { q++; r -= u; } // the reciprocal may be one off
      this.sec = this.highSec + q;
      this.nsec = r * this.nsPerTick;
      return;
    }
    this.convertSlow(hi, lo);
  }

  /** (hi·2^32) / u as whole seconds and a remainder of ticks, exactly, one 16-bit digit at a time. */
  private splitHigh(hi: number): void {
    const u = this.fastUnits;
    const qh = Math.floor(hi / u);
    let r = hi - qh * u;
    let q = 0;
    for (let i = 0; i < 2; i++) {
      const x = r * DIGIT; // < u·2^16 < 2^48: exact
      const d = Math.floor(x / u);
      r = x - d * u;
      q = q * DIGIT + d;
    }
    this.lastHi = hi;
    this.highSec = qh * 0x1_0000_0000 + q;
    this.highRem = r;
  }

  private convertSlow(hi: number, lo: number): void {
    const t = this.scratch;
    const { base, exponent } = this.resolution;
    t.setHiLo(hi, lo);
    if (base === 10) {
      // Total nanoseconds = floor(ticks / 10^(n-9)), divided in steps that fit the digit division.
      for (let left = exponent - MAX_DEC_STEP; left > 0; left -= MAX_DEC_STEP) t.divSmall(10 ** Math.min(left, MAX_DEC_STEP));
      this.nsec = t.divSmall(NS_PER_SEC);
      this.sec = t.toNumber();
      return;
    }
    // 2^-n: seconds are the high bits; nanoseconds = floor(fraction · 10^9 / 2^n).
    const f = this.product;
    f.d.set(t.d);
    f.maskLow(exponent);
    t.shiftRight(exponent);
    this.sec = t.toNumber();
    f.mulSmall(NS_PER_SEC);
    f.shiftRight(exponent);
    this.nsec = f.toNumber();
  }
}

/**
 * The inverse, for writers: seconds + nanoseconds to ticks. Coarser than a nanosecond, the time is
 * truncated to the resolution (as tshark reads it); finer (2^-30 and below), a nanosecond that
 * falls between ticks is rounded up, so that reading the file back gives the same nanoseconds.
 * Throws RangeError when the time does not fit 64 unsigned bits of ticks: writers
 * are given times the engine produced, so that is a caller's mistake, not bad input.
 */
export class TickEncoder {
  hi = 0;
  lo = 0;
  private readonly whole = new Digits();
  private readonly part = new Digits();

  constructor(readonly resolution: TsResolution) {}

  encode(sec: number, nsec: number): void {
    if (!Number.isSafeInteger(sec) || sec < 0 || !Number.isInteger(nsec) || nsec < 0 || nsec >= NS_PER_SEC) {
      throw new RangeError(`timestamp ${sec}.${nsec} cannot be written as unsigned ticks`);
    }
    const { base, exponent } = this.resolution;
    const w = this.whole;
    const p = this.part;
    w.setNumber(sec);
    p.setNumber(nsec);
    if (base === 10) {
      for (let left = exponent; left > 0; left -= MAX_DEC_STEP) w.mulSmall(10 ** Math.min(left, MAX_DEC_STEP));
      if (exponent >= MAX_DEC_STEP) {
        for (let left = exponent - MAX_DEC_STEP; left > 0; left -= MAX_DEC_STEP) p.mulSmall(10 ** Math.min(left, MAX_DEC_STEP));
      } else {
        p.divSmall(10 ** (MAX_DEC_STEP - exponent));
      }
    } else {
      w.shiftLeft(exponent);
      p.shiftLeft(exponent);
      // Finer than a nanosecond, round up: reading truncates, so the same nanoseconds come back.
      if (p.divSmall(NS_PER_SEC) !== 0 && 2 ** exponent > NS_PER_SEC) p.addSmall(1);
    }
    w.add(p);
    if (w.exceeds64()) throw new RangeError(`timestamp ${sec}.${nsec} overflows 64-bit ticks of ${base}^-${exponent} s`);
    this.hi = w.hi();
    this.lo = w.lo();
  }
}
