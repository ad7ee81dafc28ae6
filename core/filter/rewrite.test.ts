import { describe, expect, it } from 'vitest';
import { parse } from './parser';
import type { Expr } from './parser';
import { mergeEqualities } from './rewrite';
import { checkFilter } from './index';

const merged = (text: string): string[] => {
  const e = parse(text)!;
  const parts: Expr[] = e.kind === 'or' ? e.parts : [e];
  return mergeEqualities(parts).map((p) =>
    p.kind === 'in' ? `${p.left.operand.text} in ${p.items.map((i) => (i.high ? `${i.low.text}..${i.high.text}` : i.low.text)).join(',')}` : text.slice(p.start, p.end));
};

describe('equalities on one field in an "or" become one set', () => {
  it('merges ==, eq and "in" on the same field, keeping other tests in place', () => {
    expect(merged('tcp.port == 80 or tcp.stream == 1 or tcp.port eq 443 || tcp.port in {8000..8080}')).toEqual([
      'tcp.port in 80,443,8000..8080', 'tcp.stream in 1',
    ]);
  });
  it('leaves what is not an equality with a value alone', () => {
    expect(merged('tcp.port != 80 or tcp.port > 1 or tcp.srcport == tcp.dstport or tcp.flags & 2 == 2 or not tcp.port in {1}')).toEqual([
      'tcp.port != 80', 'tcp.port > 1', 'tcp.srcport == tcp.dstport', 'tcp.flags & 2 == 2', 'not tcp.port in {1}',
    ]);
  });
  it('leaves unknown and present-or-absent fields alone, so their own message is given', () => {
    expect(checkFilter('tcp.analysis.flags == 1 or tcp.analysis.flags == 2')).toMatchObject({
      ok: false, message: 'tcp.analysis.flags (type=Label) cannot participate in == comparison.',
    });
    expect(checkFilter('tcp.prot == 1 or tcp.prot == 2')).toMatchObject({ ok: false, start: 0, end: 8 });
  });
  it('still reports a bad value where it is', () => {
    expect(checkFilter('tcp.port == 80 or tcp.port == 70000')).toEqual({ ok: false, message: '"70000" too big for this field, maximum 65535.', start: 30, end: 35 });
  });
});

describe('size', () => {
  it('takes any number of equalities on one field, and refuses more than 10 000 other tests', () => {
    expect(checkFilter(Array.from({ length: 50_000 }, (_, i) => `frame.number == ${i + 1}`).join(' || '))).toEqual({ ok: true });
    expect(checkFilter(Array.from({ length: 10_000 }, () => 'tcp').join(' || '))).toEqual({ ok: true });
    const tooMany = Array.from({ length: 10_001 }, () => 'tcp').join(' || ');
    expect(checkFilter(tooMany)).toEqual({ ok: false, message: 'The filter holds more than 10000 tests.', start: 70_000, end: 70_003 });
  });
});
