import { describe, expect, it } from 'vitest';
import { SlotMap } from './slots';

describe('row slots', () => {
  it('keep a row in its slot while it stays drawn, and give rows that scroll in the freed slots', () => {
    const m = new SlotMap();
    const a = m.assign(0, 8);
    expect([...a.values()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const b = m.assign(4, 12);
    for (let r = 4; r < 8; r++) expect(b.get(r)).toBe(a.get(r));
    expect(new Set([8, 9, 10, 11].map((r) => b.get(r)))).toEqual(new Set([0, 1, 2, 3]));
    // No slot is used twice, and no new slot is needed while the range keeps its length.
    expect(new Set(b.values()).size).toBe(8);
    expect(Math.max(...m.assign(100, 108).values())).toBe(7);
  });

  it('add slots only when the range grows, and start again after clear', () => {
    const m = new SlotMap();
    m.assign(0, 4);
    expect(Math.max(...m.assign(2, 10).values())).toBe(7);
    m.clear();
    expect([...m.assign(50, 52).values()]).toEqual([0, 1]);
  });
});
