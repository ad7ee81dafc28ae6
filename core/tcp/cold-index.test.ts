import { describe, expect, it } from 'vitest';
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
});
