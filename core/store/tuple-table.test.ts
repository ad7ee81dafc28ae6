import { describe, expect, it } from 'vitest';
import { TupleTable } from './tuple-table';

describe('TupleTable interns tuples as dense ids', () => {
  it('gives the same id to equal tuples and new ids to new ones', () => {
    const t = new TupleTable(3, 2);
    expect(t.intern([1, 2, 3])).toBe(0);
    expect(t.intern([1, 2, 4])).toBe(1);
    expect(t.intern([1, 2, 3])).toBe(0);
    expect(t.size).toBe(2);
    expect([t.word(1, 0), t.word(1, 1), t.word(1, 2)]).toEqual([1, 2, 4]);
  });
  it('keeps every id through growth and rehashing', () => {
    const t = new TupleTable(2, 4);
    for (let i = 0; i < 10_000; i++) expect(t.intern([i, 0xffffffff - i])).toBe(i);
    for (let i = 0; i < 10_000; i += 97) expect(t.intern([i, 0xffffffff - i])).toBe(i);
    expect(t.size).toBe(10_000);
  });
});
