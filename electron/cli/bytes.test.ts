import { describe, expect, it } from 'vitest';
import { OutputView } from './bytes';
import { Output } from './output';

function printed(write: (v: OutputView, p: number) => number): string {
  const chunks: Buffer[] = [];
  const out = new Output((b) => chunks.push(Buffer.from(b)));
  const v = new OutputView(out);
  out.pos = write(v, v.begin(1 << 20));
  out.flush();
  return Buffer.concat(chunks).toString('utf8');
}

describe('OutputView', () => {
  it.each([0, 9, 10, 99, 100, 9999, 10_000, 99_999, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32, -1, -0, 0.5, 1e21, 5e-324, NaN, -Infinity])('prints %s as `${n}` does', (n) => {
    expect(printed((v, p) => v.num(p, n))).toBe(`${n}`);
  });

  it.each([0, 1, 99, 100, 12_345, 99_999, 100_000, 999_999_999, 1e9, 0.5, -1, NaN])('prints nanoseconds %s as padStart does', (ns) => {
    expect(printed((v, p) => v.time(p, 1_767_225_600, ns))).toBe(`1767225600.${String(ns).padStart(9, '0')}`);
  });

  it.each(['', '10.0.0.1:80', '[2001:db8::1]:443', 'a"b', 'back\\slash', 'line\nbreak', '\u0001', 'é', '\u2028', '\ud800', '😀'])('quotes %j as JSON.stringify does', (s) => {
    expect(printed((v, p) => v.string(p, s))).toBe(JSON.stringify(s));
  });
});
