import { describe, expect, it } from 'vitest';
import { capacityOf, ellipsize } from './cell-fit';

describe('cutting a monospace cell’s text', () => {
  it('keeps text that fits and ends text that does not with an ellipsis in its last place', () => {
    expect(ellipsize('1054076', 7)).toBe('1054076');
    expect(ellipsize('1054076', 6)).toBe('10540…');
    expect(ellipsize('', 0)).toBe('');
    expect(ellipsize('abc', 0)).toBe('');
    expect(ellipsize('abc', 1)).toBe('…');
  });

  it('counts the characters a width holds, not fooled by a width a hair under a whole number of them', () => {
    expect(capacityOf(48, 7.224)).toBe(6);
    expect(capacityOf(72.24 - 1e-6, 7.224)).toBe(10);
    expect(capacityOf(0, 7.224)).toBe(0);
  });
});
