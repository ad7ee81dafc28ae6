import { describe, expect, it } from 'vitest';
import { prng } from '../../test/support/prng';
import { MemoryBlockFile } from './block-file';
import { ColdIndex } from './cold-index';

describe('the cold index', () => {
  it('gives back each stream its handle and whether it has notes, across pages and in any order', () => {
    const index = new ColdIndex();
    const streams = [0, 1, 65_535, 65_536, 200_000, 3, 1_000_000];
    streams.forEach((s, k) => index.set(s, (2 ** 51 - 1) - k * 977, k % 2 === 1));
    streams.forEach((s, k) => {
      expect(index.handle(s)).toBe((2 ** 51 - 1) - k * 977);
      expect(index.noted(s)).toBe(k % 2 === 1);
    });
  });

  it('takes negative handles as well (a store gives them to records it keeps in memory)', () => {
    const index = new ColdIndex();
    const handles = [-1, -2, -(2 ** 51), 0];
    handles.forEach((h, s) => {
      index.set(2 * s, h, true);
      index.set(2 * s + 1, h, false);
    });
    handles.forEach((h, s) => {
      expect([index.handle(2 * s), index.noted(2 * s)]).toEqual([h, true]);
      expect([index.handle(2 * s + 1), index.noted(2 * s + 1)]).toEqual([h, false]);
    });
  });

  it('keeps only the latest record of a stream', () => {
    const index = new ColdIndex();
    index.set(7, 100, true);
    index.set(7, 4096, false);
    expect([index.handle(7), index.noted(7)]).toEqual([4096, false]);
  });

  it('says a stream it never had has no notes', () => {
    const index = new ColdIndex();
    index.set(70_000, 1, true);
    expect(index.noted(5)).toBe(false);
    expect(index.noted(10_000_000)).toBe(false);
  });

  it('with scratch space, keeps only so many pages in memory and loses nothing in the others', () => {
    const scratches: MemoryBlockFile[] = [];
    const index = new ColdIndex(() => {
      scratches.push(new MemoryBlockFile());
      return scratches[scratches.length - 1]!;
    }, 3);
    const model = new Map<number, [number, boolean]>();
    const random = prng(7);
    // Mostly near the newest streams, now and then far back, as a tracker freezes and thaws them.
    for (let k = 0; k < 20_000; k++) {
      const stream = random() < 0.9 ? k * 8 + Math.floor(random() * 64) : Math.floor(random() * (k * 8 + 1));
      const entry: [number, boolean] = [Math.floor((random() - 0.5) * 2 ** 50), random() < 0.3];
      index.set(stream, ...entry);
      model.set(stream, entry);
      if (k % 97 === 0) {
        const [s, [h, n]] = [...model][Math.floor(random() * model.size)]!;
        expect([index.handle(s), index.noted(s)]).toEqual([h, n]);
      }
    }
    for (const [s, [h, n]] of [...model].sort((a, b) => a[0] - b[0])) expect([index.handle(s), index.noted(s)]).toEqual([h, n]);
    expect(scratches.length).toBe(1);
    // 160 k streams are 40 pages of 4,096: all but 3 went out at some time.
    expect(scratches[0]!.size).toBeGreaterThan(30 * 4096 * 8);
    index.close();
  });

  it('without scratch space, makes none', () => {
    const index = new ColdIndex(null, 1);
    for (let s = 0; s < 100_000; s += 1000) index.set(s, s, false);
    for (let s = 0; s < 100_000; s += 1000) expect(index.handle(s)).toBe(s);
  });
});
