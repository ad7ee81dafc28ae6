import { describe, expect, it } from 'vitest';
import { formatTable } from './table';

describe('formatTable', () => {
  it('pads every column to its widest cell, numbers to the right', () => {
    const out = formatTable(
      [
        { title: 'name', value: (r: { n: string; v: number }) => r.n },
        { title: 'n', align: 'right', value: (r: { n: string; v: number }) => String(r.v) },
      ],
      [{ n: 'a', v: 100 }, { n: 'longer', v: 2 }],
    );
    expect(out).toBe('name      n\na       100\nlonger    2\n');
  });
});
