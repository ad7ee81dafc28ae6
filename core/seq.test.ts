import { describe, expect, it } from 'vitest';
import { asSeq, seqAdd, seqDiff, seqGt, seqLt } from './seq';

describe('sequence arithmetic modulo 2^32', () => {
  it('wraps when adding past 2^32 − 1', () => {
    expect(seqAdd(asSeq(0xffffffff), 1)).toBe(0);
  });
  it('orders numbers across the wrap', () => {
    expect(seqLt(asSeq(0xfffffff0), asSeq(0x10))).toBe(true);
    expect(seqGt(asSeq(0x10), asSeq(0xfffffff0))).toBe(true);
    expect(seqDiff(asSeq(0x10), asSeq(0xfffffff0))).toBe(0x20);
  });
});
