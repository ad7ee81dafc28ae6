import { describe, expect, it } from 'vitest';
import { DeliveryClock, type ClockSources, type Stamp } from './capture-clock';

/**
 * Fake clocks driven by a script of monotonic readings: each monotonicNs() returns the next one,
 * and the wall clock is a function of the last monotonic reading (plus a lag for a preempted read).
 */
function scripted(wallAtMono: (ns: bigint) => number): ClockSources & { reads: number } {
  let mono = 1_000_000_000n;
  const src = {
    reads: 0,
    monotonicNs: () => {
      src.reads++;
      mono += 700n; // each reading 0.7 µs after the previous one
      return mono;
    },
    wallMs: () => wallAtMono(mono + 300n), // Date.now() is read between two monotonic readings
  };
  return src;
}

describe('the delivery clock', () => {
  it('anchors at a millisecond tick of the wall clock, to within half the bracket around it', () => {
    // Wall clock: epoch 1_700_000_000_000 ms at monotonic 0, then both advance together.
    const epochMs = 1_700_000_000_000;
    const src = scripted((ns) => epochMs + Math.floor(Number(ns) / 1e6));
    const clock = DeliveryClock.anchored(src);
    expect(clock.uncertaintyNs).toBeLessThanOrEqual(1400); // two readings 0.7 µs apart bracket the tick
    const out: Stamp = { tsSec: 0, tsNsec: 0 };
    clock.stampAt(5_000_000_000n, out); // 5 s after monotonic zero
    const expected = BigInt(epochMs) * 1_000_000n + 5_000_000_000n;
    const got = BigInt(out.tsSec) * 1_000_000_000n + BigInt(out.tsNsec);
    expect(Number(got - expected)).toBeGreaterThanOrEqual(-1400);
    expect(Number(got - expected)).toBeLessThanOrEqual(1400);
  });

  it('gives up after its budget on a wall clock that never ticks, and says it is good to the millisecond only', () => {
    const src = scripted(() => 1_700_000_000_000);
    const clock = DeliveryClock.anchored(src);
    expect(clock.uncertaintyNs).toBe(1_000_000);
    expect(src.reads).toBeLessThan(100_000);
    expect(clock.describe()).toMatch(/within ±1000 µs/);
  });

  it('carries nanoseconds into seconds exactly, for monotonic readings before and after the anchor', () => {
    const clock = new DeliveryClock(1_700_000_000_999_999_999n, 10n ** 12n, 0);
    const out: Stamp = { tsSec: 0, tsNsec: 0 };
    clock.stampAt(10n ** 12n + 1n, out);
    expect(out).toEqual({ tsSec: 1_700_000_001, tsNsec: 0 });
    clock.stampAt(10n ** 12n - 999_999_999n, out);
    expect(out).toEqual({ tsSec: 1_700_000_000, tsNsec: 0 });
    clock.stampAt(10n ** 12n + 86_400n * 10n ** 9n + 5n, out); // a day later
    expect(out).toEqual({ tsSec: 1_700_086_401, tsNsec: 4 });
  });

  it('on the real clocks: never goes backwards, and agrees with Date.now() to the millisecond', () => {
    const clock = DeliveryClock.anchored();
    expect(clock.uncertaintyNs).toBeLessThan(1_000_000);
    const out: Stamp = { tsSec: 0, tsNsec: 0 };
    // In whole nanoseconds: as a float, epoch milliseconds with a fraction are off by ~0.0002 ms.
    const MS = 1_000_000n;
    const slack = MS + BigInt(clock.uncertaintyNs);
    let previous = 0n;
    for (let i = 0; i < 10_000; i++) {
      const before = BigInt(Date.now()) * MS;
      clock.stamp(out);
      const after = BigInt(Date.now()) * MS;
      const ns = BigInt(out.tsSec) * 1_000_000_000n + BigInt(out.tsNsec);
      expect(ns).toBeGreaterThanOrEqual(before - slack);
      expect(ns).toBeLessThanOrEqual(after + slack);
      expect(ns).toBeGreaterThanOrEqual(previous);
      previous = ns;
    }
  });
});
