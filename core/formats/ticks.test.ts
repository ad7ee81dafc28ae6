import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_TSRESOL_BIN, MAX_TSRESOL_DEC, TickConverter, TickEncoder, type TsResolution, decodeTsresol, encodeTsresol } from './ticks';

const NS = 1_000_000_000n;

/** The reference: exact BigInt arithmetic, truncating nanoseconds as tshark does. */
function reference(r: TsResolution, ticks: bigint): { sec: number; nsec: number } {
  const units = BigInt(r.base) ** BigInt(r.exponent);
  return { sec: Number(ticks / units), nsec: Number(((ticks % units) * NS) / units) };
}

const split = (t: bigint): [number, number] => [Number(t >> 32n), Number(t & 0xffffffffn)];
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
/** Times a capture could carry: up to the year 2500, as ticks of each resolution. */
const plausible = (r: TsResolution) => fc.bigInt({ min: 0n, max: 16_725_225_600n * BigInt(r.base) ** BigInt(r.exponent) }).filter((t) => t < 1n << 64n);

const ALL: TsResolution[] = [
  ...Array.from({ length: MAX_TSRESOL_DEC + 1 }, (_, e) => ({ base: 10 as const, exponent: e })),
  ...Array.from({ length: MAX_TSRESOL_BIN + 1 }, (_, e) => ({ base: 2 as const, exponent: e })),
];

describe('TickConverter', () => {
  it('splits 64-bit microsecond and nanosecond ticks exactly, beyond 2^53', () => {
    for (const r of [{ base: 10, exponent: 6 }, { base: 10, exponent: 9 }] as TsResolution[]) {
      const c = new TickConverter(r);
      fc.assert(fc.property(u64, (t) => {
        c.convert(...split(t));
        const want = reference(r, t);
        // Seconds above 2^53 cannot be a JS number exactly; below, they must be exact.
        if (want.sec <= Number.MAX_SAFE_INTEGER) expect(c.sec).toBe(want.sec);
        expect(c.nsec).toBe(want.nsec);
      }), { numRuns: 2000 });
    }
  });

  it('converts every if_tsresol tshark accepts (10^-0…10^-19, 2^-0…2^-63) exactly', () => {
    for (const r of ALL) {
      const c = new TickConverter(r);
      fc.assert(fc.property(fc.oneof(plausible(r), u64), (t) => {
        c.convert(...split(t));
        const want = reference(r, t);
        if (want.sec <= Number.MAX_SAFE_INTEGER) expect([c.sec, c.nsec]).toEqual([want.sec, want.nsec]);
        else expect(c.nsec).toBe(want.nsec);
      }), { numRuns: 150 });
    }
  });

  it('handles the edges: zero, all ones, and one tick below a whole second', () => {
    for (const r of ALL) {
      const c = new TickConverter(r);
      const units = BigInt(r.base) ** BigInt(r.exponent);
      for (const t of [0n, (1n << 64n) - 1n, units - 1n, units, 3n * units - 1n].filter((x) => x < 1n << 64n)) {
        c.convert(...split(t));
        const want = reference(r, t);
        expect(c.nsec).toBe(want.nsec);
        if (want.sec <= Number.MAX_SAFE_INTEGER) expect(c.sec).toBe(want.sec);
      }
    }
  });
});

describe('TickEncoder', () => {
  it('is the inverse of the converter wherever the resolution can hold the nanoseconds', () => {
    for (const r of ALL) {
      const enc = new TickEncoder(r);
      const dec = new TickConverter(r);
      fc.assert(fc.property(fc.integer({ min: 0, max: 16_725_225_600 }), fc.integer({ min: 0, max: 999_999_999 }), (sec, nsec) => {
        const units = BigInt(r.base) ** BigInt(r.exponent);
        const scaled = BigInt(nsec) * units;
        const roundUp = units > NS && scaled % NS !== 0n;
        const want = BigInt(sec) * units + scaled / NS + (roundUp ? 1n : 0n);
        if (want >= 1n << 64n) {
          expect(() => enc.encode(sec, nsec)).toThrow(RangeError);
          return;
        }
        enc.encode(sec, nsec);
        expect((BigInt(enc.hi) << 32n) | BigInt(enc.lo)).toBe(want);
        dec.convert(enc.hi, enc.lo);
        expect(dec.sec).toBe(sec);
        if (units >= NS) {
          expect(dec.nsec).toBe(nsec); // a resolution of a nanosecond or finer holds it exactly
        } else {
          // Truncated twice (to ticks, then back to nanoseconds): less than a tick and a nanosecond lost.
          expect(nsec - dec.nsec).toBeGreaterThanOrEqual(0);
          expect(BigInt(nsec - dec.nsec) * units).toBeLessThan(NS + units);
        }
      }), { numRuns: 100 });
    }
  });

  it('refuses times that unsigned ticks cannot hold', () => {
    const enc = new TickEncoder({ base: 10, exponent: 9 });
    expect(() => enc.encode(-1, 0)).toThrow(RangeError);
    expect(() => enc.encode(1, 1_000_000_000)).toThrow(RangeError);
    expect(() => enc.encode(18_446_744_074, 0)).toThrow(RangeError); // just past 2^64 ns
  });
});

describe('if_tsresol', () => {
  it('decodes 10^-n and 2^-n and refuses what tshark refuses', () => {
    expect(decodeTsresol(6)).toEqual({ base: 10, exponent: 6 });
    expect(decodeTsresol(0x80 | 20)).toEqual({ base: 2, exponent: 20 });
    expect(decodeTsresol(MAX_TSRESOL_DEC + 1)).toBeNull();
    expect(decodeTsresol(0x80 | (MAX_TSRESOL_BIN + 1))).toBeNull();
    for (const r of ALL) expect(decodeTsresol(encodeTsresol(r))).toEqual(r);
  });
});
